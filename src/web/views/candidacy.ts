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
import { wordsFor, wordsHtml } from './language.js';
import type { Words } from '../../app/language/index.js';

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
  const w = wordsFor(ctx);
  const applied = data.mine.length > 0;
  const none =
    data.constituency === null
      ? w.t(applied ? 'stand.noneOther' : 'stand.none')
      : w.t(applied ? 'stand.noneInOther' : 'stand.noneIn', { constituency: data.constituency });
  const open =
    data.open.length === 0
      ? html`<p>${none}</p>`
      : html`<ul class="cards">
${data.open.map(
  (o) => html`<li class="card">
<h3>${o.title}</h3>
<p>${wordsHtml(w, 'stand.closes', { date: dateText(o.applicationsClose, w) })}</p>
<p>${o.mayApply ? badge(w.t('stand.canApply'), 'good') : badge(w.t('stand.cannotApply'), 'bad')}</p>
<p>${o.reason}</p>
${o.mayApply && html`<p><a class="button" href="${paths.apply(o.process)}">${w.t('stand.apply')}<span class="visually-hidden"> ${w.t('stand.applyIn', { title: o.title })}</span></a></p>`}
</li>`,
)}
</ul>`;
  const mine = !applied
    ? html`<p>${w.t('stand.notApplied')}</p>`
    : html`<div class="table-wrap"><table>
<caption>${w.t('stand.caption')}</caption>
<thead><tr><th scope="col">${w.t('stand.selection')}</th><th scope="col">${w.t('stand.applied')}</th><th scope="col">${w.t('stand.where')}</th></tr></thead>
<tbody>
${data.mine.map(
  (m) => html`<tr>
<th scope="row">${m.title}<br><span class="small">${m.constituency}</span></th>
<td>${dateText(m.appliedAt.slice(0, 10), w)}</td>
<td>${badge(m.status, m.tone)}${m.resultsUrl ? html` <a href="${m.resultsUrl}">${w.t('nav.results')}<span class="visually-hidden"> ${w.t('ballots.resultsOf', { title: m.title })}</span></a>` : ''}</td>
</tr>`,
)}
</tbody>
</table></div>`;
  const body = html`<h2>${w.t('stand.openTitle')}</h2>
${open}
<h2>${w.t('stand.mineTitle')}</h2>
${mine}`;
  return layout({ title: w.t('stand.title'), lead: w.t('stand.lead'), body }, ctx);
}

export const APPLY_FIELDS = { gender: 'gender', statement: 'statement', consent: 'consent' } as const;

/** The form's fields by name, as the error summary names them, in the page's language. */
export const applyLabels = (w: Words): Readonly<Record<string, string>> => ({
  gender: w.t('apply.labelGender'),
  statement: w.t('apply.labelStatement'),
  consent: w.t('apply.labelConsent'),
});

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
  const w = wordsFor(ctx);
  const { values, errors } = data.form;
  const errorPrefix = w.t('layout.errorPrefix');
  const failed = Object.keys(errors).length > 0;
  const body = html`${errorSummary(errors, applyLabels(w), {}, failed ? w.t('form.problem') : undefined)}
${definitionList([
  [w.t('stand.selection'), data.process.title],
  [w.t('apply.constituency'), data.constituency],
  [w.t('apply.closes'), dateText(data.applicationsClose, w)],
  [w.t('apply.name'), data.name],
])}
<p>${data.standing}</p>
<p>${data.genderRules}</p>
<form method="post" action="${paths.apply(data.process.id)}" novalidate>
${csrfField(ctx)}
${field({
  name: APPLY_FIELDS.gender,
  label: w.t('apply.gender'),
  value: values[APPLY_FIELDS.gender],
  error: errors[APPLY_FIELDS.gender],
  hint: w.t('apply.genderHint'),
  id: fieldId(APPLY_FIELDS.gender),
  errorPrefix,
})}
${textArea({
  name: APPLY_FIELDS.statement,
  label: w.t('apply.statement'),
  value: values[APPLY_FIELDS.statement],
  error: errors[APPLY_FIELDS.statement],
  hint: w.t('apply.statementHint', { n: data.statementWords }),
  errorPrefix,
})}
${checkbox({
  name: APPLY_FIELDS.consent,
  label: w.t('apply.consent'),
  checked: values[APPLY_FIELDS.consent] === 'yes',
  error: errors[APPLY_FIELDS.consent],
  errorPrefix,
})}
${submitButton(w.t('stand.apply'))}
</form>`;
  return layout({ title: w.t('apply.title', { title: data.process.title }), body, titlePrefix: failed ? errorPrefix : '' }, ctx);
}
