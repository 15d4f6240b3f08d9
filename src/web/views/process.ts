/**
 * An officer's page for one process, with a form for each step it allows now
 * (a refused step's form comes back with each problem beside its field), and
 * the process's frozen electorate, a page at a time.
 */
import type { ViewContext } from './context.js';
import { dateText, definitionList } from './common.js';
import { kindText, phaseText } from './words.js';
import { numberText } from './format.js';
import { csrfField, errorSummary, fieldId, field, submitButton } from './forms.js';
import { attr, html, type Html } from './html.js';
import { layout } from './layout.js';
import { firstOptionId, radioGroup, type RadioGroupSpec } from './choices.js';
import { ballotKindSection, ENCRYPTION_LABELS, type BallotKindView } from './ballot-encryption.js';

/** One step an officer may take now. */
export interface StepForm {
  readonly step: string;
  /** The button's words. */
  readonly label: string;
  readonly explanation: string;
  /** Candidates to choose (longlist, shortlist), with those preselected. */
  readonly choose?: readonly { readonly id: string; readonly name: string; readonly note: string; readonly checked: boolean }[];
  /** Text fields (a nomination's name and gender), with what was typed and what was wrong after a refusal. */
  readonly fields?: readonly {
    readonly name: string;
    readonly label: string;
    readonly type?: 'text' | 'number' | 'date';
    readonly narrow?: boolean;
    readonly hint?: string;
    readonly required?: boolean;
    readonly value?: string;
    readonly error?: string;
  }[];
  /** Choices of one option each (which unit, what it decided, how it arrived), shown before the text fields. */
  readonly radios?: readonly RadioGroupSpec[];
  /** Why the step cannot be taken now, in words: the button is shown disabled with it. */
  readonly blocked?: string;
  /** Why the step just sent was refused, when the refusal is the step's as a whole (the list chosen, the day). */
  readonly problem?: string;
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
  /** A trigger ballot's units, each with what it has recorded. */
  readonly units: readonly { readonly name: string; readonly note: string }[];
  readonly timetable: readonly { readonly step: string; readonly date: string }[];
  readonly steps: readonly StepForm[];
  /** The step to take next, in words, or why there is none. */
  readonly nextStep: string;
  /** Where the next step is taken, when it has a page of its own (a triggered review's selection). */
  readonly nextLink?: { readonly href: string; readonly text: string };
  /** What happened to the step just sent, in words ("The rules do not allow this longlist"). */
  readonly headline?: string;
  /** Why no step forms are shown (read-only role, or finished). */
  readonly readOnlyNote?: string;
  readonly links: readonly { readonly href: string; readonly text: string }[];
  /** A selection's or election's ballot papers: plain or encrypted, and who takes part. */
  readonly ballotKind?: BallotKindView;
}

export const CANDIDATES_FIELD = 'candidate';
export const OPENS_AT_FIELD = 'opens-at';
export const CLOSES_AT_FIELD = 'closes-at';

/** An opening or closing time of the ballot, with what was sent and what is wrong with it. */
function timeField(s: StepForm, name: string, label: string, hint: string): Html {
  const value = s.times?.values?.[name];
  const error = s.times?.errors?.[name];
  return field({
    name,
    id: fieldId(`${s.step}-${name}`),
    label,
    narrow: true,
    hint,
    ...(value !== undefined ? { value } : {}),
    ...(error !== undefined ? { error } : {}),
  });
}

/** The id of a step's own problem (or, for a step that cannot be taken now, why not): where the error summary links to. */
const problemId = (step: string) => fieldId(`step-${step}-problem`);

/** A step that cannot be taken now: its button disabled, and why beside it (as an error when it was just tried). */
function blockedStep(s: StepForm & { readonly blocked: string }): Html {
  const why = problemId(s.step);
  return html`<section class="card step-blocked" aria-labelledby="${fieldId('step-' + s.step)}">
<h3 id="${fieldId('step-' + s.step)}">${s.label}</h3>
<p>${s.explanation}</p>
<p class="${s.problem ? 'error-message' : 'hint'}" id="${why}">${s.problem ?? s.blocked}</p>
<button type="button" class="button" disabled aria-describedby="${why}">${s.label}</button>
</section>`;
}

function stepForm(processId: string, s: StepForm, ctx: ViewContext): Html {
  if (s.blocked !== undefined) return blockedStep({ ...s, blocked: s.blocked });
  const action = `/processes/${encodeURIComponent(processId)}/steps/${encodeURIComponent(s.step)}`;
  return html`<section class="card" aria-labelledby="${fieldId('step-' + s.step)}">
<h3 id="${fieldId('step-' + s.step)}">${s.label}</h3>
<p>${s.explanation}</p>
${s.problem && html`<p class="error-message" id="${problemId(s.step)}" tabindex="-1"><span class="visually-hidden">Error: </span>${s.problem}</p>`}
<form method="post" action="${action}" novalidate>
${csrfField(ctx)}
${s.radios?.map((g) => radioGroup(g))}
${
  s.choose &&
  html`<fieldset class="field${s.problem ? ' field-error' : ''}"><legend>Candidates</legend>
${s.choose.map((c, i) => {
  const id = fieldId(`${s.step}-${i + 1}`);
  return html`<div class="choice"><input type="checkbox" id="${id}" name="${CANDIDATES_FIELD}" value="${c.id}"${attr('checked', c.checked)}>
<label for="${id}">${c.name} <span class="small">(${c.note})</span></label></div>`;
})}
</fieldset>`
}
${s.fields?.map((f) =>
  field({
    name: f.name,
    id: fieldId(`${s.step}-${f.name}`),
    label: f.label,
    ...(f.type ? { type: f.type } : {}),
    ...(f.narrow ? { narrow: true } : {}),
    ...(f.hint ? { hint: f.hint } : {}),
    ...(f.required ? { required: true } : {}),
    ...(f.value !== undefined ? { value: f.value } : {}),
    ...(f.error ? { error: f.error } : {}),
  }),
)}
${
  s.times &&
  html`${timeField(s, OPENS_AT_FIELD, 'Voting opens at (optional)', `A time on the opening day, such as 09:00 (${s.times.zone}). Left empty: the start of that day.`)}
${timeField(s, CLOSES_AT_FIELD, 'Voting closes at (optional)', `A time on the closing day, such as 17:00 (${s.times.zone}). Left empty: midnight at the end of that day.`)}`
}
${submitButton(s.label)}
</form>
</section>`;
}

export function processPage(data: ProcessPageView, ctx: ViewContext): string {
  const refused = data.steps.flatMap((s) => [
    ...(s.problem ? [{ id: problemId(s.step), label: s.label, error: s.problem }] : []),
    ...(s.radios ?? []).filter((g) => g.error).map((g) => ({ id: firstOptionId(g.name), label: g.legend, error: g.error! })),
    ...(s.fields ?? []).filter((f) => f.error).map((f) => ({ id: fieldId(`${s.step}-${f.name}`), label: f.label, error: f.error! })),
  ]);
  for (const [name, error] of Object.entries(data.ballotKind?.choose?.form.errors ?? {}))
    refused.push({ id: name === '' ? 'choose-encrypted' : fieldId(name), label: ENCRYPTION_LABELS[name] ?? 'Choose encrypted ballots', error });
  const body = html`${errorSummary(
    Object.fromEntries(refused.map((r) => [r.id, r.error])),
    Object.fromEntries(refused.map((r) => [r.id, r.label])),
    Object.fromEntries(refused.map((r) => [r.id, r.id])),
    data.headline,
  )}
${definitionList([['Kind', kindText(data.kind)], ['Stage', phaseText(data.kind, data.phase)], ['Next step', data.nextLink ? html`<a href="${data.nextLink.href}">${data.nextLink.text}</a>` : data.nextStep], ...data.facts])}
${data.units.length > 0 && html`<h2>Units</h2><ul>${data.units.map((u) => html`<li>${u.name}: ${u.note}</li>`)}</ul>`}
${
  data.timetable.length > 0 &&
  html`<div class="table-wrap"><table><caption>Timetable</caption>
<thead><tr><th scope="col">Step</th><th scope="col">Date</th></tr></thead>
<tbody>${data.timetable.map((t) => html`<tr><th scope="row">${t.step}</th><td>${dateText(t.date)}</td></tr>`)}</tbody></table></div>`
}
${
  data.candidates.length > 0 && html`<h2>Candidates</h2><ul>${data.candidates.map((c) => html`<li>${c.name} <span class="small">(${c.note})</span></li>`)}</ul>`
}
${data.ballotKind && ballotKindSection(data.ballotKind, ctx)}
<h2>Steps</h2>
${data.steps.length === 0 ? html`<p>${data.readOnlyNote ?? 'No step can be taken now.'}</p>` : data.steps.map((s) => stepForm(data.id, s, ctx))}
${data.links.length > 0 && html`<ul>${data.links.map((l) => html`<li><a href="${l.href}">${l.text}</a></li>`)}</ul>`}`;
  return layout({ title: data.title, body, titlePrefix: refused.length > 0 || data.headline ? 'Error: ' : '' }, ctx);
}

export interface ElectorateView {
  readonly process: { readonly id: string; readonly title: string };
  readonly eligible: number;
  readonly total: number;
  /** Shown a page at a time. */
  readonly rows: readonly { readonly member: string; readonly name: string; readonly eligible: boolean; readonly reason: string }[];
  readonly page: number;
  readonly pages: number;
  /** Why only the counts are given (a contest for members who self-identify), or null for a full listing. */
  readonly hidden: string | null;
  /** The eligible by class in words, for an electorate with supporters as well as members ("2 members, 0 affiliated supporters and 1 registered supporter"). */
  readonly classes?: string | null;
}

export function electoratePage(data: ElectorateView, ctx: ViewContext): string {
  if (data.hidden !== null) {
    const counts = html`<p>${numberText(data.eligible)} of ${numberText(data.total)} members eligible.</p>
<p>${data.hidden}</p>`;
    return layout({ title: `Electorate: ${data.process.title}`, body: counts }, ctx);
  }
  const nav = (n: number, text: string) => html`<a href="/processes/${encodeURIComponent(data.process.id)}/electorate?page=${n}">${text}</a>`;
  const counts = data.classes
    ? `${numberText(data.eligible)} of ${numberText(data.total)} eligible: ${data.classes}.`
    : `${numberText(data.eligible)} of ${numberText(data.total)} members eligible.`;
  const body = html`<p>${counts} This list says who may vote and why; it never says how anyone voted.</p>
<div class="table-wrap"><table><caption>Electorate, page ${data.page} of ${data.pages}</caption>
<thead><tr><th scope="col">Member</th><th scope="col">Eligible</th><th scope="col">Reason</th></tr></thead>
<tbody>${data.rows.map((r) => html`<tr><th scope="row">${r.name}</th><td>${r.eligible ? 'Yes' : 'No'}</td><td>${r.reason}</td></tr>`)}</tbody>
</table></div>
<p>${data.page > 1 && nav(data.page - 1, 'Previous page')} ${data.page < data.pages && nav(data.page + 1, 'Next page')}</p>`;
  return layout({ title: `Electorate: ${data.process.title}`, body }, ctx);
}
