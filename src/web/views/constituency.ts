/** A constituency's processes: trigger-ballot progress with gauges, then the selection's timetable and shortlist. */
import type { UnitDecision } from '../../domain/trigger-outcome.js';
import type { ViewContext } from './context.js';
import { badge, dateText } from './common.js';
import { gaugeView, type Gauge } from './gauge.js';
import { fieldId, submitButton } from './forms.js';
import { attr, html, type Html } from './html.js';
import { layout } from './layout.js';
import { LIVE_SCRIPT, liveRegion } from './live.js';
import { paths } from './paths.js';

export interface UnitProgress {
  readonly name: string;
  readonly class: 'branch' | 'affiliate';
  /** null: nothing recorded yet. */
  readonly decision: UnitDecision | null;
  /** The meeting's figures in words ("12 for, 8 against, 2 abstentions, 25 present"). */
  readonly detail?: string;
  readonly date?: string;
  /** Where the unit's secretary records the meeting, when the viewer may. */
  readonly recordUrl?: string;
  /** Each correction of the unit's recorded result: when (a date) and why, in the corrector's words. */
  readonly corrections?: readonly { readonly date: string; readonly reason: string }[];
}

export interface TriggerProgressView {
  readonly process: { readonly id: string; readonly name: string };
  readonly incumbent: string;
  /** The phase in words ("Unit meetings under way"). */
  readonly phase: string;
  /** The rulebook's rule, in a sentence. */
  readonly rule: string;
  readonly units: readonly UnitProgress[];
  /** From `triggerGauges(outcome, rulebook)`. */
  readonly gauges: readonly Gauge[];
  /** Once every unit has decided (or the process has closed): the outcome and its working. */
  readonly outcome?: { readonly triggered: boolean; readonly arithmetic: readonly string[] };
}

export interface TimetableStep {
  readonly step: string;
  readonly date: string;
  readonly status: 'done' | 'current' | 'upcoming';
}

export interface SelectionView {
  readonly process: { readonly id: string; readonly name: string };
  readonly phase: string;
  readonly timetable: readonly TimetableStep[];
  /** null until a shortlist is set. */
  readonly shortlist: readonly { readonly name: string; readonly note?: string }[] | null;
  readonly resultsUrl?: string;
}

export interface ConstituencyView {
  readonly constituency: { readonly id: string; readonly name: string };
  /** The sitting representative, if the seat has one. */
  readonly incumbent?: string;
  /** Whom the seat's latest declared selection chose to stand at the next election; `party` names whose candidate. */
  readonly candidate?: { readonly name: string; readonly selectedOn: string; readonly party?: string };
  readonly trigger?: TriggerProgressView;
  readonly selection?: SelectionView;
  /** The processes the viewer may open here now (links to their forms). */
  readonly actions?: readonly { readonly href: string; readonly text: string }[];
  /** Why something cannot be opened here now, in sentences (a review under way, the national office's job). */
  readonly notes?: readonly string[];
}

const DECISION: Readonly<Record<UnitDecision, [string, 'good' | 'bad' | 'neutral' | 'warn']>> = {
  // Neither side's decision is drawn as "good": the colours only tell decided from undecided.
  yes: ['Wants a selection', 'neutral'],
  no: ['Does not want a selection', 'neutral'],
  abstain: ['Abstained', 'neutral'],
  absent: ['Did not vote', 'neutral'],
};

function decisionBadge(d: UnitDecision | null): Html {
  if (d === null) return badge('Not recorded yet', 'warn');
  const [text, tone] = DECISION[d];
  return badge(text, tone);
}

function triggerSection(t: TriggerProgressView): Html {
  const decided = t.units.filter((u) => u.decision !== null).length;
  return html`<section aria-labelledby="trigger-title">
<h2 id="trigger-title">Trigger ballot</h2>
<p>${t.process.name}: whether to readopt ${t.incumbent} or hold a full selection. ${t.phase}.</p>
<p>${t.rule}</p>
${liveRegion(
  'trigger-live',
  !t.outcome,
  `${decided} of ${t.units.length} units have recorded a decision.`,
  html`<p>${decided} of ${t.units.length} units have recorded a decision.</p>
<div class="gauges">${t.gauges.map(gaugeView)}</div>
${
  t.outcome &&
  html`<div class="panel"><p><strong>Outcome:</strong> ${t.outcome.triggered ? 'triggered: a full selection will be held' : `readopted: ${t.incumbent} is the candidate`}.</p>
<details><summary>The working</summary><ul>${t.outcome.arithmetic.map((l) => html`<li>${l}</li>`)}</ul></details></div>`
}
<div class="table-wrap"><table>
<caption>Decisions recorded by each unit</caption>
<thead><tr><th scope="col">Unit</th><th scope="col">Class</th><th scope="col">Decision</th><th scope="col">Meeting</th></tr></thead>
<tbody>
${t.units.map(
  (u) => html`<tr>
<th scope="row">${u.name}</th>
<td>${u.class === 'branch' ? 'Branch' : 'Affiliate'}</td>
<td>${decisionBadge(u.decision)}${u.recordUrl ? html` <a href="${u.recordUrl}">Record<span class="visually-hidden"> the meeting of ${u.name}</span></a>` : ''}</td>
<td>${u.date ? dateText(u.date) : ''}${u.date && u.detail ? ': ' : ''}${u.detail ?? ''}${u.corrections?.length ? html` <span class="small">(corrected)</span>` : ''}</td>
</tr>`,
)}
</tbody>
</table></div>
${corrections(t.units)}
<p><a href="${paths.processDisputes(t.process.id)}">Disputes about this review</a>: lodge one, or see the disputes panel's decisions.</p>`,
)}
</section>`;
}

/** Every correction of a recorded result, so nobody is left comparing figures to find one: who, when and why. */
function corrections(units: readonly UnitProgress[]): Html | null {
  const lines = units.flatMap((u) => (u.corrections ?? []).map((c) => html`<li>${u.name}: corrected on ${dateText(c.date)} — ${c.reason}</li>`));
  if (lines.length === 0) return null;
  return html`<h3>Corrected results</h3><ul class="corrections">${lines}</ul>`;
}

const STEP_STATUS: Readonly<Record<TimetableStep['status'], string>> = { done: 'Done', current: 'Now', upcoming: 'To come' };

function selectionSection(s: SelectionView): Html {
  return html`<section aria-labelledby="selection-title">
<h2 id="selection-title">Selection</h2>
<p>${s.process.name}. ${s.phase}.</p>
<div class="table-wrap"><table>
<caption>Selection timetable</caption>
<thead><tr><th scope="col">Step</th><th scope="col">Date</th><th scope="col">Status</th></tr></thead>
<tbody>
${s.timetable.map(
  (t) =>
    html`<tr${t.status === 'current' ? html` class="current"` : ''}><th scope="row">${t.step}</th><td>${dateText(t.date)}</td><td>${STEP_STATUS[t.status]}</td></tr>`,
)}
</tbody>
</table></div>
<h3>Shortlist</h3>
${
  s.shortlist === null
    ? html`<p>The shortlist has not been set yet.</p>`
    : s.shortlist.length === 0
      ? html`<p>The shortlist is empty.</p>`
      : html`<ul>${s.shortlist.map((c) => html`<li>${c.name}${c.note ? html` <span class="small">(${c.note})</span>` : ''}</li>`)}</ul>`
}
${s.resultsUrl && html`<p><a href="${s.resultsUrl}">Results of the selection ballot</a></p>`}
</section>`;
}

function actionsSection(data: ConstituencyView): Html | null {
  const actions = data.actions ?? [];
  const notes = data.notes ?? [];
  if (actions.length === 0 && notes.length === 0) return null;
  return html`<section aria-labelledby="open-title" class="panel">
<h2 id="open-title">Open a process</h2>
${actions.length > 0 && html`<div class="button-row">${actions.map((a) => html`<a class="button" href="${a.href}">${a.text}</a>`)}</div>`}
${notes.map((n) => html`<p>${n}</p>`)}
</section>`;
}

export function constituencyPage(data: ConstituencyView, ctx: ViewContext): string {
  const body = html`${data.incumbent !== undefined && html`<p>Sitting representative: <strong>${data.incumbent}</strong>.</p>`}
${
  data.candidate &&
  html`<p class="seat-candidate">${data.candidate.party ? `${data.candidate.party} candidate` : 'Candidate'} for ${data.constituency.name}: <strong>${data.candidate.name}</strong>, selected on ${dateText(data.candidate.selectedOn)}.</p>`
}
${actionsSection(data)}
${data.trigger && triggerSection(data.trigger)}
${data.selection && selectionSection(data.selection)}
${!data.trigger && !data.selection && html`<p>No trigger ballot or selection is running in ${data.constituency.name}.</p>`}`;
  // While units are still recording, the progress keeps itself up to date (live.js).
  const live = data.trigger !== undefined && !data.trigger.outcome;
  return layout({ title: data.constituency.name, body, ...(live ? { scripts: [LIVE_SCRIPT] } : {}) }, ctx);
}

export interface ConstituencyRow {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly incumbent: string | null;
  /** The latest review and selection, each in words ("open until 12 May 2025"), or null when there has been none. */
  readonly review: string | null;
  readonly selection: string | null;
}

/** Query parameter of the constituencies filter. */
export const CONSTITUENCY_FILTER_FIELD = 'q';

export interface ConstituenciesView {
  readonly q?: string;
  /** Already filtered by the server. */
  readonly rows: readonly ConstituencyRow[];
  readonly total: number;
}

export function constituenciesPage(data: ConstituenciesView, ctx: ViewContext): string {
  const qId = fieldId(CONSTITUENCY_FILTER_FIELD);
  const body = html`<form method="get" action="${paths.constituencies}" class="filter" role="search" aria-label="Filter constituencies">
<div class="field"><label for="${qId}">Constituency or region name contains</label>
<input id="${qId}" name="${CONSTITUENCY_FILTER_FIELD}" type="search"${attr('value', data.q)}></div>
${submitButton('Filter')}
</form>
<p role="status">Showing ${data.rows.length} of ${data.total} constituencies.</p>
${
  data.rows.length > 0 &&
  html`<div class="table-wrap"><table>
<caption>Constituencies</caption>
<thead><tr><th scope="col">Constituency</th><th scope="col">Region</th><th scope="col">Sitting representative</th><th scope="col">Latest review</th><th scope="col">Latest selection</th></tr></thead>
<tbody>
${data.rows.map(
  (r) =>
    html`<tr><th scope="row"><a href="${paths.constituency(r.id)}">${r.name}</a></th><td>${r.region}</td><td>${r.incumbent ?? 'none (an open seat)'}</td><td>${r.review ?? 'none'}</td><td>${r.selection ?? 'none'}</td></tr>`,
)}
</tbody>
</table></div>`
}`;
  return layout(
    { title: 'Constituencies', lead: 'Each constituency’s sitting representative and processes; open one to start a review or a selection.', body },
    ctx,
  );
}
