/** The public results index: every declared result and decided trigger ballot, newest first. */
import type { ResultsIndexView } from '../presenters/results-index.js';
import { dateText } from './common.js';
import type { ViewContext } from './context.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { paths } from './paths.js';
import { numberText } from './format.js';
import { wordsFor } from './language.js';

export function resultsIndexPage(data: ResultsIndexView, ctx: ViewContext): string {
  const w = wordsFor(ctx);
  const pager =
    data.pages <= 1
      ? null
      : html`<nav aria-label="${w.t('resultsIndex.pages')}"><p>${w.t('resultsIndex.page', { page: data.page, pages: data.pages })}
${data.page > 1 ? html` <a href="${paths.resultsIndex}?page=${data.page - 1}">${w.t('resultsIndex.newer')}</a>` : ''}
${data.page < data.pages ? html` <a href="${paths.resultsIndex}?page=${data.page + 1}">${w.t('resultsIndex.older')}</a>` : ''}</p></nav>`;
  const body =
    data.rows.length === 0
      ? html`<p>${w.t('resultsIndex.none')}</p>`
      : html`<ol class="cards">
${data.rows.map(
  (r) => html`<li class="card">
<h2>${r.href === null ? r.title : html`<a href="${r.href}">${r.title}</a>`}</h2>
<dl class="facts">
<div><dt>${w.t('resultsIndex.where')}</dt><dd>${r.where}</dd></div>
<div><dt>${r.onLabel}</dt><dd>${dateText(r.on, w)}</dd></div>
<div><dt>${r.kind === 'review' ? w.t('resultsIndex.outcome') : w.t('resultsIndex.result')}</dt><dd>${r.outcome}</dd></div>
${r.detail === null ? '' : html`<div><dt>${r.kind === 'review' ? w.t('resultsIndex.howUnits') : w.t('resultsIndex.detail')}</dt><dd>${r.detail}</dd></div>`}
</dl>
${r.href === null ? '' : html`<p><a href="${r.href}">${w.t('resultsIndex.full', { title: r.title })}</a></p>`}
</li>`,
)}
</ol>
${pager}`;
  return layout(
    {
      title: w.t('resultsIndex.title'),
      lead: w.t('resultsIndex.lead', { n: numberText(data.total) }),
      body,
    },
    ctx,
  );
}
