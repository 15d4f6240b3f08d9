/**
 * A member standing for selection: the selections in their constituency that
 * are taking applications (and whether they may apply, and if not why), their
 * applications and how each stands, and the application form itself.
 */
import type { FormState, ViewContext } from './context.js';
import { badge, dateText, definitionList } from './common.js';
import { checkbox } from './choices.js';
import { csrfField, errorSummary, field, fieldId, submitButton, textArea } from './forms.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { paths } from './paths.js';

export interface OpenSelectionEntry {
  readonly process: string;
  readonly title: string;
  readonly constituency: string;
  readonly applicationsClose: string;
  /** Whether this member may apply; if not, why in a sentence. */
  readonly mayApply: boolean;
  readonly reason: string;
}

export interface MyApplication {
  readonly process: string;
  readonly title: string;
  readonly constituency: string;
  readonly appliedAt: string;
  /** How the application stands, in words ("shortlisted", "withdrawn on …"). */
  readonly status: string;
  readonly tone: 'good' | 'bad' | 'neutral' | 'warn';
  readonly resultsUrl?: string;
}

export interface CandidaciesView {
  /** The member's constituency, if their branch belongs to one. */
  readonly constituency: string | null;
  readonly open: readonly OpenSelectionEntry[];
  readonly mine: readonly MyApplication[];
}

export function candidaciesPage(data: CandidaciesView, ctx: ViewContext): string {
  const open =
    data.open.length === 0
      ? html`<p>No selection ${data.constituency ? html`in ${data.constituency} ` : ''}${data.mine.length > 0 ? 'that you have not applied to ' : ''}is taking applications now.</p>`
      : html`<ul class="cards">
${data.open.map(
  (o) => html`<li class="card">
<h3>${o.title}</h3>
<p>Applications close on ${dateText(o.applicationsClose)}.</p>
<p>${o.mayApply ? badge('You can apply', 'good') : badge('You cannot apply', 'bad')}</p>
<p>${o.reason}</p>
${o.mayApply && html`<p><a class="button" href="${paths.apply(o.process)}">Apply to stand<span class="visually-hidden"> in ${o.title}</span></a></p>`}
</li>`,
)}
</ul>`;
  const mine =
    data.mine.length === 0
      ? html`<p>You have not applied to stand in any selection.</p>`
      : html`<div class="table-wrap"><table>
<caption>Selections you have applied to</caption>
<thead><tr><th scope="col">Selection</th><th scope="col">Applied</th><th scope="col">Where it stands</th></tr></thead>
<tbody>
${data.mine.map(
  (m) => html`<tr>
<th scope="row">${m.title}<br><span class="small">${m.constituency}</span></th>
<td>${dateText(m.appliedAt.slice(0, 10))}</td>
<td>${badge(m.status, m.tone)}${m.resultsUrl ? html` <a href="${m.resultsUrl}">Results<span class="visually-hidden"> of ${m.title}</span></a>` : ''}</td>
</tr>`,
)}
</tbody>
</table></div>`;
  const body = html`<h2>Selections taking applications</h2>
${open}
<h2>Your applications</h2>
${mine}`;
  return layout({ title: 'Stand for selection', lead: 'Apply to be a candidate in your constituency, and follow your applications.', body }, ctx);
}

export const APPLY_FIELDS = { gender: 'gender', statement: 'statement', consent: 'consent' } as const;
export const APPLY_LABELS: Readonly<Record<string, string>> = { gender: 'Gender', statement: 'Statement', consent: 'Consent' };

export interface ApplyView {
  readonly process: { readonly id: string; readonly title: string };
  readonly constituency: string;
  /** The name that goes on the ballot paper: the member's own, from the membership record. */
  readonly name: string;
  readonly applicationsClose: string;
  /** Why the member may apply (the eligibility judgement). */
  readonly standing: string;
  /** The rulebook's gender rules for this selection, in words, since they decide who can be shortlisted. */
  readonly genderRules: string;
  /** The rulebook's limit on a statement, in words. */
  readonly statementWords: number;
  readonly form: FormState;
}

export function applyPage(data: ApplyView, ctx: ViewContext): string {
  const { values, errors } = data.form;
  const body = html`${errorSummary(errors, APPLY_LABELS)}
${definitionList([
  ['Selection', data.process.title],
  ['Constituency', data.constituency],
  ['Applications close', dateText(data.applicationsClose)],
  ['Your name on the ballot paper', data.name],
])}
<p>${data.standing}</p>
<p>${data.genderRules}</p>
<form method="post" action="${paths.apply(data.process.id)}" novalidate>
${csrfField(ctx)}
${field({
  name: APPLY_FIELDS.gender,
  label: 'Your gender (optional)',
  value: values[APPLY_FIELDS.gender],
  error: errors[APPLY_FIELDS.gender],
  hint: 'As you describe it; filled in from your membership record. It is used only for the rulebook’s rules on women among those nominated and shortlisted.',
  id: fieldId(APPLY_FIELDS.gender),
})}
${textArea({
  name: APPLY_FIELDS.statement,
  label: 'Your statement (optional)',
  value: values[APPLY_FIELDS.statement],
  error: errors[APPLY_FIELDS.statement],
  hint: `At most ${data.statementWords.toLocaleString('en-GB')} words, shown to members once an officer approves it. You can also write it later.`,
})}
${checkbox({
  name: APPLY_FIELDS.consent,
  label: 'I wish to stand, and agree that my name is shown to the constituency’s officers, its units and its members',
  checked: values[APPLY_FIELDS.consent] === 'yes',
  error: errors[APPLY_FIELDS.consent],
})}
${submitButton('Apply to stand')}
</form>`;
  return layout({ title: `Apply to stand: ${data.process.title}`, body, titlePrefix: Object.keys(errors).length ? 'Error: ' : '' }, ctx);
}
