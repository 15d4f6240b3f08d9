/**
 * The server's own few pages, built from the views' parts (layout, html,
 * forms): a unit secretary's list of their unit's processes, an officer's
 * page for one process with a form for each step it allows now, the
 * administrators' list of offices, and the development outbox.
 */
import type { ViewContext } from '../views/context.js';
import { dateText, definitionList } from '../views/common.js';
import { csrfField, errorSummary, fieldId, field, submitButton } from '../views/forms.js';
import { attr, html, type Html } from '../views/html.js';
import { layout } from '../views/layout.js';
import { paths } from '../views/paths.js';
import { selectField } from '../views/select.js';

export interface UnitProcessLink {
  readonly title: string;
  readonly status: string;
  /** Where to record, when the unit can record something now. */
  readonly href: string | null;
  readonly action: string;
}

export interface UnitOverviewView {
  readonly unit: { readonly id: string; readonly name: string };
  readonly processes: readonly UnitProcessLink[];
}

export function unitOverviewPage(data: UnitOverviewView, ctx: ViewContext): string {
  const body =
    data.processes.length === 0
      ? html`<p>${data.unit.name} takes part in no trigger ballot or selection at the moment.</p>`
      : html`<ul class="cards">
${data.processes.map(
  (p) => html`<li class="card"><h2>${p.title}</h2><p>${p.status}</p>${p.href && html`<p><a class="button" href="${p.href}">${p.action}<span class="visually-hidden">: ${p.title}</span></a></p>`}</li>`,
)}
</ul>`;
  return layout({ title: data.unit.name, lead: 'The processes your unit takes part in.', body }, ctx);
}

/** One step an officer may take now. */
export interface StepForm {
  readonly step: string;
  /** The button's words. */
  readonly label: string;
  readonly explanation: string;
  /** Candidates to choose (longlist, shortlist), with those preselected. */
  readonly choose?: readonly { readonly id: string; readonly name: string; readonly note: string; readonly checked: boolean }[];
  /** Text fields (a nomination's name and gender), with what was typed and what was wrong after a refusal. */
  readonly fields?: readonly { readonly name: string; readonly label: string; readonly hint?: string; readonly required?: boolean; readonly value?: string; readonly error?: string }[];
  /** The opening and closing times of day (opening the ballot), the zone they are in, in words, and what was sent and what is wrong with it, by field. */
  readonly times?: { readonly zone: string; readonly values?: Readonly<Record<string, string>>; readonly errors?: Readonly<Record<string, string>> };
}

export interface ProcessPageView {
  readonly id: string;
  readonly title: string;
  readonly kind: string;
  readonly phase: string;
  readonly facts: readonly (readonly [string, string])[];
  readonly candidates: readonly { readonly id: string; readonly name: string; readonly note: string }[];
  readonly timetable: readonly { readonly step: string; readonly date: string }[];
  readonly steps: readonly StepForm[];
  /** Why no step forms are shown (read-only role, or finished). */
  readonly readOnlyNote?: string;
  readonly links: readonly { readonly href: string; readonly text: string }[];
}

export const CANDIDATES_FIELD = 'candidate';
export const OPENS_AT_FIELD = 'opens-at';
export const CLOSES_AT_FIELD = 'closes-at';

function stepForm(processId: string, s: StepForm, ctx: ViewContext): Html {
  const action = `/processes/${encodeURIComponent(processId)}/steps/${encodeURIComponent(s.step)}`;
  return html`<section class="card" aria-labelledby="${fieldId('step-' + s.step)}">
<h3 id="${fieldId('step-' + s.step)}">${s.label}</h3>
<p>${s.explanation}</p>
<form method="post" action="${action}" novalidate>
${csrfField(ctx)}
${s.choose &&
html`<fieldset class="field"><legend>Candidates</legend>
${s.choose.map((c, i) => {
  const id = fieldId(`${s.step}-${i + 1}`);
  return html`<div class="choice"><input type="checkbox" id="${id}" name="${CANDIDATES_FIELD}" value="${c.id}"${attr('checked', c.checked)}>
<label for="${id}">${c.name} <span class="small">(${c.note})</span></label></div>`;
})}
</fieldset>`}
${s.fields?.map((f) =>
  field({ name: f.name, id: fieldId(`${s.step}-${f.name}`), label: f.label, ...(f.hint ? { hint: f.hint } : {}), ...(f.required ? { required: true } : {}), ...(f.value !== undefined ? { value: f.value } : {}), ...(f.error ? { error: f.error } : {}) }),
)}
${s.times &&
html`${field({ name: OPENS_AT_FIELD, id: fieldId(`${s.step}-opens-at`), label: 'Voting opens at (optional)', narrow: true, hint: `A time on the opening day, such as 09:00 (${s.times.zone}). Left empty: the start of that day.`, value: s.times.values?.[OPENS_AT_FIELD], error: s.times.errors?.[OPENS_AT_FIELD] })}
${field({ name: CLOSES_AT_FIELD, id: fieldId(`${s.step}-closes-at`), label: 'Voting closes at (optional)', narrow: true, hint: `A time on the closing day, such as 17:00 (${s.times.zone}). Left empty: midnight at the end of that day.`, value: s.times.values?.[CLOSES_AT_FIELD], error: s.times.errors?.[CLOSES_AT_FIELD] })}`}
${submitButton(s.label)}
</form>
</section>`;
}

export function processPage(data: ProcessPageView, ctx: ViewContext): string {
  const refused = data.steps.flatMap((s) => (s.fields ?? []).filter((f) => f.error).map((f) => ({ id: fieldId(`${s.step}-${f.name}`), label: f.label, error: f.error! })));
  const body = html`${errorSummary(
    Object.fromEntries(refused.map((r) => [r.id, r.error])),
    Object.fromEntries(refused.map((r) => [r.id, r.label])),
    Object.fromEntries(refused.map((r) => [r.id, r.id])),
  )}
${definitionList([['Process', data.id], ['Kind', data.kind], ['Phase', data.phase], ...data.facts])}
${data.timetable.length > 0 &&
html`<div class="table-wrap"><table><caption>Timetable</caption>
<thead><tr><th scope="col">Step</th><th scope="col">Date</th></tr></thead>
<tbody>${data.timetable.map((t) => html`<tr><th scope="row">${t.step}</th><td>${dateText(t.date)}</td></tr>`)}</tbody></table></div>`}
${data.candidates.length > 0 &&
html`<h2>Candidates</h2><ul>${data.candidates.map((c) => html`<li>${c.name} <span class="small">(${c.id}; ${c.note})</span></li>`)}</ul>`}
<h2>Next steps</h2>
${data.steps.length === 0 ? html`<p>${data.readOnlyNote ?? 'No step can be taken now.'}</p>` : data.steps.map((s) => stepForm(data.id, s, ctx))}
${data.links.length > 0 && html`<ul>${data.links.map((l) => html`<li><a href="${l.href}">${l.text}</a></li>`)}</ul>`}`;
  return layout({ title: data.title, body, titlePrefix: refused.length > 0 ? 'Error: ' : '' }, ctx);
}

export interface ElectorateView {
  readonly process: { readonly id: string; readonly title: string };
  readonly eligible: number;
  readonly total: number;
  /** Shown a page at a time. */
  readonly rows: readonly { readonly member: string; readonly name: string; readonly eligible: boolean; readonly reason: string }[];
  readonly page: number;
  readonly pages: number;
}

export function electoratePage(data: ElectorateView, ctx: ViewContext): string {
  const nav = (n: number, text: string) => html`<a href="/processes/${encodeURIComponent(data.process.id)}/electorate?page=${n}">${text}</a>`;
  const body = html`<p>${data.eligible} of ${data.total} members eligible. This list says who may vote and why; it never says how anyone voted.</p>
<div class="table-wrap"><table><caption>Electorate, page ${data.page} of ${data.pages}</caption>
<thead><tr><th scope="col">Member</th><th scope="col">Eligible</th><th scope="col">Reason</th></tr></thead>
<tbody>${data.rows.map((r) => html`<tr><th scope="row">${r.name} <span class="small">(${r.member})</span></th><td>${r.eligible ? 'Yes' : 'No'}</td><td>${r.reason}</td></tr>`)}</tbody>
</table></div>
<p>${data.page > 1 && nav(data.page - 1, 'Previous page')} ${data.page < data.pages && nav(data.page + 1, 'Next page')}</p>`;
  return layout({ title: `Electorate: ${data.process.title}`, body }, ctx);
}

export interface AdminView {
  readonly offices: readonly { readonly unit: string; readonly unitName: string; readonly role: string; readonly member: string; readonly memberName: string }[];
  readonly roles: readonly string[];
  readonly administrators: readonly string[];
}

export const OFFICE_FIELDS = { unit: 'unit', role: 'role', member: 'member' } as const;

export function adminPage(data: AdminView, ctx: ViewContext): string {
  const body = html`<p>Administrators (set by HUSTINGS_ADMINS): ${data.administrators.join(', ') || 'none'}.</p>
<h2>Appoint an officer</h2>
<form method="post" action="${paths.admin}/offices" novalidate>
${csrfField(ctx)}
${field({ name: OFFICE_FIELDS.member, label: 'Member id', required: true })}
${field({ name: OFFICE_FIELDS.unit, label: 'Unit id', required: true, hint: 'A branch or affiliated branch for a secretary, a constituency for a procedures secretary, the party for national officers and scrutineers.' })}
${selectField(OFFICE_FIELDS.role, 'Office', data.roles.map((r) => ({ value: r, text: r })), undefined)}
${submitButton('Appoint')}
</form>
<div class="table-wrap"><table><caption>Offices (${data.offices.length})</caption>
<thead><tr><th scope="col">Member</th><th scope="col">Office</th><th scope="col">Unit</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
<tbody>${data.offices.map(
    (o, i) => html`<tr><th scope="row">${o.memberName} <span class="small">(${o.member})</span></th><td>${o.role}</td><td>${o.unitName} <span class="small">(${o.unit})</span></td>
<td><form method="post" action="${paths.admin}/offices/remove" class="inline-form">${csrfField(ctx)}<input type="hidden" name="${OFFICE_FIELDS.member}" value="${o.member}"><input type="hidden" name="${OFFICE_FIELDS.unit}" value="${o.unit}"><input type="hidden" name="${OFFICE_FIELDS.role}" value="${o.role}"><button type="submit" class="link-button" id="${fieldId('remove-' + i)}">Remove<span class="visually-hidden"> ${o.memberName} as ${o.role}</span></button></form></td></tr>`,
  )}</tbody></table></div>`;
  return layout({ title: 'Administration', body }, ctx);
}

export interface OutboxView {
  readonly messages: readonly { readonly to: string; readonly subject: string; readonly text: string; readonly at: string }[];
}

export function outboxPage(data: OutboxView, ctx: ViewContext): string {
  const body = html`<p>Development only: the mail this server would have sent, newest first. It does not exist in production.</p>
${data.messages.length === 0
  ? html`<p>No mail yet.</p>`
  : data.messages.map((m) => html`<article class="card"><h2>${m.subject}</h2>${definitionList([['To', m.to], ['Sent', m.at]])}<pre>${m.text}</pre></article>`)}`;
  return layout({ title: 'Development outbox', body }, ctx);
}
