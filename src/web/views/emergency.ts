/**
 * The national officers' emergency page: declaring a snap election (and what it did to each process),
 * the readoptions waiting for the National Executive Committee's endorsement, the timetables paused,
 * the seats left without a candidate and the emergency selections their panels run. And one process's
 * timetable page, where a national officer pauses, resumes or extends it.
 */
import { checkboxGroup, radioGroup } from './choices.js';
import type { FormState, ViewContext } from './context.js';
import { csrfField, errorSummary, field, submitButton, textArea } from './forms.js';
import { html, type Html } from './html.js';
import { layout } from './layout.js';
import { selectField, type SelectOption } from './select.js';

export const SNAP_FIELDS = { reason: 'reason' } as const;
export const ENDORSE_FIELDS = { decision: 'decision', reason: 'reason', date: 'date' } as const;
export const EMERGENCY_OPEN_FIELDS = { constituency: 'constituency', panel: 'panel', reason: 'reason', closes: 'applications-close' } as const;
export const PANEL_STEP_FIELDS = { action: 'action', name: 'name', gender: 'gender', candidate: 'candidate', reasons: 'reasons' } as const;
export const TIMETABLE_FIELDS = { action: 'action', reason: 'reason', date: 'date' } as const;

const EMPTY: FormState = { values: {}, errors: {} };

/** One form on the page: where it posts and the form as last sent. */
export interface FormAt {
  readonly action: string;
  readonly form: FormState;
}

export interface EmergencyView {
  /** What declaring a snap election just did, process by process. */
  readonly declared?: readonly { readonly title: string; readonly where: string; readonly words: string; readonly href: string }[];
  readonly declare: FormAt;
  readonly awaiting: readonly { readonly title: string; readonly where: string; readonly href: string; readonly decideHref: string }[];
  readonly paused: readonly {
    readonly title: string;
    readonly where: string;
    readonly href: string;
    readonly paused: string;
    readonly timetableHref: string;
  }[];
  /** Seats with no candidate a selection may fill, and the form opening an emergency selection (any constituency). */
  readonly seats: readonly { readonly where: string; readonly why: string; readonly href: string }[];
  readonly open: FormAt & { readonly constituencies: readonly SelectOption[] };
  readonly selections: readonly { readonly title: string; readonly href: string; readonly panelHref: string; readonly stage: string }[];
  /** The national body's name: "the National Executive Committee". */
  readonly body: string;
}

export interface EndorsementPageView {
  readonly title: string;
  readonly where: string;
  readonly href: string;
  readonly waiting: string;
  readonly body: string;
  readonly form: FormAt;
}

export interface EmergencySelectionView {
  readonly title: string;
  readonly where: string;
  readonly href: string;
  readonly stage: string;
  readonly panel: string;
  readonly candidates: readonly { readonly id: string; readonly name: string; readonly note: string; readonly shortlisted: boolean }[];
  /** The panel's forms this stage allows. */
  readonly add?: FormAt;
  readonly shortlist?: FormAt;
  readonly decide?: FormAt;
}

const ENDORSE_LABELS = { [ENDORSE_FIELDS.decision]: 'Decision', [ENDORSE_FIELDS.reason]: 'Reason', [ENDORSE_FIELDS.date]: 'Date of the decision' };
const OPEN_LABELS = {
  [EMERGENCY_OPEN_FIELDS.constituency]: 'Constituency',
  [EMERGENCY_OPEN_FIELDS.panel]: 'The panel',
  [EMERGENCY_OPEN_FIELDS.reason]: 'Why',
  [EMERGENCY_OPEN_FIELDS.closes]: 'Applications close',
};
const PANEL_LABELS = {
  [PANEL_STEP_FIELDS.name]: 'Name',
  [PANEL_STEP_FIELDS.gender]: 'Gender',
  [PANEL_STEP_FIELDS.candidate]: 'Candidate',
  [PANEL_STEP_FIELDS.reasons]: 'The panel’s reasons',
};

function endorseForm(f: FormAt, body: string, ctx: ViewContext): Html {
  const v = f.form.values;
  const e = f.form.errors;
  return html`${errorSummary(e, ENDORSE_LABELS)}
<form method="post" action="${f.action}" novalidate>
${csrfField(ctx)}
${radioGroup({
  name: ENDORSE_FIELDS.decision,
  legend: `The decision of ${body}`,
  options: [
    { value: 'endorse', label: 'Endorse the readoption', hint: 'The member stands again as the party’s candidate.' },
    { value: 'refuse', label: 'Refuse to endorse it', hint: 'The seat has no candidate: an emergency selection can then be opened for it.' },
  ],
  value: v[ENDORSE_FIELDS.decision],
  error: e[ENDORSE_FIELDS.decision],
})}
${textArea({ name: ENDORSE_FIELDS.reason, label: 'Reason', value: v[ENDORSE_FIELDS.reason], error: e[ENDORSE_FIELDS.reason], rows: 3 })}
${field({ name: ENDORSE_FIELDS.date, label: 'Date of the decision', type: 'date', narrow: true, value: v[ENDORSE_FIELDS.date], error: e[ENDORSE_FIELDS.date] })}
${submitButton('Record the decision')}
</form>`;
}

/** An emergency selection's panel: its applicants, and the form its stage allows (add an applicant and shortlist, or decide). */
export function panelPage(s: EmergencySelectionView, ctx: ViewContext): string {
  const add = s.add;
  const shortlist = s.shortlist;
  const decide = s.decide;
  const body = html`<p><a href="${s.href}">Back to ${s.title}</a> · <a href="/emergency">Emergencies</a></p>
<p>${s.where}. Stage: ${s.stage}. ${s.panel}</p>
<h2>Applicants</h2>
${s.candidates.length === 0 ? html`<p>No applicant yet.</p>` : html`<ul>${s.candidates.map((c) => html`<li>${c.name} <span class="small">(${c.note})</span></li>`)}</ul>`}
${
  add &&
  html`<h4>Add an applicant</h4>
${errorSummary(add.form.errors, PANEL_LABELS)}
<form method="post" action="${add.action}" novalidate>
${csrfField(ctx)}<input type="hidden" name="${PANEL_STEP_FIELDS.action}" value="add">
${field({ name: PANEL_STEP_FIELDS.name, label: 'Name', value: add.form.values[PANEL_STEP_FIELDS.name], error: add.form.errors[PANEL_STEP_FIELDS.name] })}
${field({ name: PANEL_STEP_FIELDS.gender, label: 'Gender (optional)', narrow: true, value: add.form.values[PANEL_STEP_FIELDS.gender], error: add.form.errors[PANEL_STEP_FIELDS.gender] })}
${submitButton('Add the applicant', { secondary: true })}
</form>`
}
${
  shortlist &&
  html`<h4>The panel’s shortlist</h4>
${errorSummary(shortlist.form.errors, PANEL_LABELS)}
<form method="post" action="${shortlist.action}" novalidate>
${csrfField(ctx)}<input type="hidden" name="${PANEL_STEP_FIELDS.action}" value="shortlist">
${checkboxGroup({
  name: PANEL_STEP_FIELDS.candidate,
  legend: 'Shortlisted by the panel',
  hint: 'There are no nominations from branches in an emergency selection: the panel shortlists from the applicants, once applications have closed.',
  options: s.candidates.map((c) => ({ value: c.id, label: c.name })),
  checked: (shortlist.form.values[PANEL_STEP_FIELDS.candidate] ?? '').split(',').filter(Boolean),
  error: shortlist.form.errors[PANEL_STEP_FIELDS.candidate],
})}
${submitButton('Set the shortlist')}
</form>`
}
${
  decide &&
  html`<h4>The panel’s decision</h4>
${errorSummary(decide.form.errors, PANEL_LABELS)}
<form method="post" action="${decide.action}" novalidate>
${csrfField(ctx)}<input type="hidden" name="${PANEL_STEP_FIELDS.action}" value="decide">
${radioGroup({
  name: PANEL_STEP_FIELDS.candidate,
  legend: 'The panel selects',
  options: s.candidates.filter((c) => c.shortlisted).map((c) => ({ value: c.id, label: c.name })),
  value: decide.form.values[PANEL_STEP_FIELDS.candidate],
  error: decide.form.errors[PANEL_STEP_FIELDS.candidate],
})}
${textArea({ name: PANEL_STEP_FIELDS.reasons, label: 'The panel’s reasons', value: decide.form.values[PANEL_STEP_FIELDS.reasons], error: decide.form.errors[PANEL_STEP_FIELDS.reasons], rows: 4 })}
${submitButton('Record the panel’s decision')}
</form>`
}
${!add && !shortlist && !decide ? html`<p>The panel has nothing to do at this stage.</p>` : ''}`;
  const refused = [add, shortlist, decide].some((f) => f !== undefined && Object.keys(f.form.errors).length > 0);
  return layout({ title: `The panel: ${s.title}`, body, titlePrefix: refused ? 'Error: ' : '' }, ctx);
}

/** One readoption waiting for the national body: what it waits on, and the decision's form. */
export function endorsementPage(data: EndorsementPageView, ctx: ViewContext): string {
  const body = html`<p><a href="${data.href}">Back to ${data.title}</a> · <a href="/emergency">Emergencies</a></p>
<p>${data.where}. ${data.waiting}</p>
${endorseForm(data.form, data.body, ctx)}`;
  return layout({ title: `Endorsement: ${data.title}`, body, titlePrefix: Object.keys(data.form.form.errors).length > 0 ? 'Error: ' : '' }, ctx);
}

export function emergencyPage(data: EmergencyView, ctx: ViewContext): string {
  const d = data.declare;
  const o = data.open;
  const body = html`${
    data.declared &&
    html`<section class="card" aria-labelledby="declared"><h2 id="declared" tabindex="-1">What the snap election did</h2>
${data.declared.length === 0 ? html`<p>No trigger ballot or selection was under way.</p>` : ''}
<ul>${data.declared.map((x) => html`<li><a href="${x.href}">${x.title}</a> (${x.where}): ${x.words}</li>`)}</ul></section>`
  }
<h2>Declare a snap election</h2>
<p>Pauses every selection under way and, in every trigger ballot or readoption under way, applies the party’s rule for a snap election: the member is readopted, subject to endorsement by ${data.body} where the rules say so. National elections are not touched. Each process’s step is recorded in the audit log.</p>
${errorSummary(d.form.errors, { [SNAP_FIELDS.reason]: 'Why' })}
<form method="post" action="${d.action}" novalidate>
${csrfField(ctx)}
${textArea({ name: SNAP_FIELDS.reason, label: 'Why', hint: 'For example: the Prime Minister has called a general election for 4 July.', value: d.form.values[SNAP_FIELDS.reason], error: d.form.errors[SNAP_FIELDS.reason], rows: 3 })}
${submitButton('Declare a snap election')}
</form>
<h2>Waiting for ${data.body} to endorse</h2>
${
  data.awaiting.length === 0
    ? html`<p>No readoption is waiting for endorsement.</p>`
    : html`<ul>${data.awaiting.map((x) => html`<li><a href="${x.href}">${x.title}</a> (${x.where}): <a href="${x.decideHref}">Endorse or refuse</a></li>`)}</ul>`
}
<h2>Paused timetables</h2>
${
  data.paused.length === 0
    ? html`<p>No timetable is paused.</p>`
    : html`<ul>${data.paused.map((x) => html`<li><a href="${x.href}">${x.title}</a> (${x.where}): ${x.paused} <a href="${x.timetableHref}">Resume it</a></li>`)}</ul>`
}
<h2>Seats without a candidate</h2>
${
  data.seats.length === 0
    ? html`<p>No review has left a seat without a candidate.</p>`
    : html`<ul>${data.seats.map((x) => html`<li><a href="${x.href}">${x.where}</a>: ${x.why}</li>`)}</ul>`
}
<h3>Open an emergency selection</h3>
<p>A panel of ${data.body} shortlists from the applicants on a short timetable, with no nominations from branches; the rules say whether the members then vote or the panel decides. For a seat whose member retires, or whose readoption was refused or triggered.</p>
${errorSummary(o.form.errors, OPEN_LABELS)}
<form method="post" action="${o.action}" novalidate>
${csrfField(ctx)}
${selectField(EMERGENCY_OPEN_FIELDS.constituency, 'Constituency', [{ value: '', text: 'Choose a constituency' }, ...o.constituencies], o.form.values[EMERGENCY_OPEN_FIELDS.constituency])}
${o.form.errors[EMERGENCY_OPEN_FIELDS.constituency] ? html`<p class="error-message">${o.form.errors[EMERGENCY_OPEN_FIELDS.constituency]}</p>` : ''}
${field({ name: EMERGENCY_OPEN_FIELDS.panel, label: 'The panel', hint: 'Who sits on it, for example: NEC panel: A. Jones (chair), B. Smith, C. Patel.', value: o.form.values[EMERGENCY_OPEN_FIELDS.panel], error: o.form.errors[EMERGENCY_OPEN_FIELDS.panel] })}
${textArea({ name: EMERGENCY_OPEN_FIELDS.reason, id: 'f-open-reason', label: 'Why', value: o.form.values[EMERGENCY_OPEN_FIELDS.reason], error: o.form.errors[EMERGENCY_OPEN_FIELDS.reason], rows: 2 })}
${field({
  name: EMERGENCY_OPEN_FIELDS.closes,
  label: 'Applications close (optional)',
  type: 'date',
  narrow: true,
  hint: 'As early as today. Left empty: in 3 days. If the members vote, their ballot opens 2 days later and lasts 3 days.',
  value: o.form.values[EMERGENCY_OPEN_FIELDS.closes],
  error: o.form.errors[EMERGENCY_OPEN_FIELDS.closes],
})}
${submitButton('Open the emergency selection')}
</form>
<h2>Emergency selections</h2>
${
  data.selections.length === 0
    ? html`<p>No emergency selection is under way.</p>`
    : html`<ul>${data.selections.map((s) => html`<li><a href="${s.href}">${s.title}</a>: ${s.stage}. <a href="${s.panelHref}">The panel’s page</a></li>`)}</ul>`
}`;
  const errors = [d, o].some((f) => Object.keys(f.form.errors).length > 0);
  return layout({ title: 'Emergencies', body, titlePrefix: errors ? 'Error: ' : '' }, ctx);
}

export interface TimetablePageView {
  readonly title: string;
  readonly href: string;
  readonly stage: string;
  /** "Paused since …: why", or null while it runs. */
  readonly paused: string | null;
  readonly dates: readonly { readonly step: string; readonly date: string }[];
  /** The closing date extending moves, in words ("the close of applications"), when it may be extended. */
  readonly extends: string | null;
  /** Whether it may be paused now (a process under way). */
  readonly mayPause: boolean;
  readonly action: string;
  /** The form as last sent, with which action it was. */
  readonly sent?: { readonly action: string; readonly form: FormState };
  readonly changes: readonly string[];
}

export function timetablePage(data: TimetablePageView, ctx: ViewContext): string {
  const formOf = (action: string): FormState => (data.sent?.action === action ? data.sent.form : EMPTY);
  const one = (action: 'pause' | 'resume' | 'extend', heading: string, explanation: string, button: string, dateLabel: string | null, dateHint?: string) => {
    const f = formOf(action);
    return html`<section class="card" aria-labelledby="t-${action}"><h2 id="t-${action}">${heading}</h2><p>${explanation}</p>
${errorSummary(f.errors, { [TIMETABLE_FIELDS.reason]: 'Why', [TIMETABLE_FIELDS.date]: dateLabel ?? 'Date' })}
<form method="post" action="${data.action}" novalidate>
${csrfField(ctx)}<input type="hidden" name="${TIMETABLE_FIELDS.action}" value="${action}">
${dateLabel ? field({ name: TIMETABLE_FIELDS.date, id: `f-${action}-date`, label: dateLabel, type: 'date', narrow: true, hint: dateHint, value: f.values[TIMETABLE_FIELDS.date], error: f.errors[TIMETABLE_FIELDS.date] }) : ''}
${textArea({ name: TIMETABLE_FIELDS.reason, id: `f-${action}-reason`, label: 'Why', value: f.values[TIMETABLE_FIELDS.reason], error: f.errors[TIMETABLE_FIELDS.reason], rows: 3 })}
${submitButton(button)}
</form></section>`;
  };
  const body = html`<p><a href="${data.href}">Back to ${data.title}</a></p>
<p>Stage: ${data.stage}.</p>
${data.paused ? html`<p class="notice"><strong>${data.paused}</strong></p>` : ''}
<div class="table-wrap"><table><caption>Timetable</caption>
<thead><tr><th scope="col">Step</th><th scope="col">Date</th></tr></thead>
<tbody>${data.dates.map((t) => html`<tr><th scope="row">${t.step}</th><td>${t.date}</td></tr>`)}</tbody></table></div>
${
  data.paused
    ? one(
        'resume',
        'Resume the timetable',
        'The dates still to come when it was paused move on by the days it stood still, unless you give a new closing date.',
        'Resume the timetable',
        'New closing date (optional)',
        'Left empty: every date still to come moves on by the days paused.',
      )
    : ''
}
${data.mayPause ? one('pause', 'Pause the timetable', 'Nothing can be recorded and nobody can vote until it is resumed.', 'Pause the timetable', null) : ''}
${data.extends ? one('extend', 'Extend the timetable', `Moves ${data.extends} later; the dates after it move on by as many days.`, 'Extend the timetable', 'New date') : ''}
${!data.paused && !data.mayPause ? html`<p>This process is not under way: its timetable can no longer be paused or extended.</p>` : ''}
${data.changes.length > 0 ? html`<h2>Changes to the timetable</h2><ul>${data.changes.map((x) => html`<li>${x}</li>`)}</ul>` : ''}`;
  const refused = data.sent !== undefined && Object.keys(data.sent.form.errors).length > 0;
  return layout({ title: `Timetable: ${data.title}`, body, titlePrefix: refused ? 'Error: ' : '' }, ctx);
}
