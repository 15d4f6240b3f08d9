/** The public results index: every declared result and decided trigger ballot, newest first. */
import type { ResultsIndexView } from '../presenters/results-index.js';
import { dateText } from './common.js';
import type { ViewContext } from './context.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { paths } from './paths.js';
import { numberText } from './format.js';

export function resultsIndexPage(data: ResultsIndexView, ctx: ViewContext): string {
  const pager =
    data.pages <= 1
      ? null
      : html`<nav aria-label="Pages of results"><p>Page ${data.page} of ${data.pages}.
${data.page > 1 ? html` <a href="${paths.resultsIndex}?page=${data.page - 1}">Newer results</a>` : ''}
${data.page < data.pages ? html` <a href="${paths.resultsIndex}?page=${data.page + 1}">Older results</a>` : ''}</p></nav>`;
  const body =
    data.rows.length === 0
      ? html`<p>No results have been declared yet, and no trigger ballot has been decided.</p>`
      : html`<ol class="cards">
${data.rows.map(
  (r) => html`<li class="card">
<h2>${r.href === null ? r.title : html`<a href="${r.href}">${r.title}</a>`}</h2>
<dl class="facts">
<div><dt>Where</dt><dd>${r.where}</dd></div>
<div><dt>${r.onLabel}</dt><dd>${dateText(r.on)}</dd></div>
<div><dt>${r.kind === 'review' ? 'Outcome' : 'Result'}</dt><dd>${r.outcome}</dd></div>
${r.detail === null ? '' : html`<div><dt>${r.kind === 'review' ? 'How the units decided' : 'Detail'}</dt><dd>${r.detail}</dd></div>`}
</dl>
${r.href === null ? '' : html`<p><a href="${r.href}">Full results of ${r.title}</a></p>`}
</li>`,
)}
</ol>
${pager}`;
  return layout(
    {
      title: 'Results',
      lead: `Every declared selection and internal election, and the outcome of every trigger ballot, newest first (${numberText(data.total)} in all).`,
      body,
    },
    ctx,
  );
}
