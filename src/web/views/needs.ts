/** "What needs you now": the page a person lands on, with what is due for them and for each of their roles, each a sentence and a link. */
import type { ViewContext } from './context.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { paths } from './paths.js';
import { wordsFor } from './language.js';

export interface NeedsItem {
  readonly sentence: string;
  readonly href: string;
  /** The link's words. */
  readonly action: string;
  /** What it is about, said to screen readers after the link's words ("Vote in Selection for Crawbridge") so that like links differ. */
  readonly about?: string;
}

export interface NeedsSection {
  readonly heading: string;
  readonly items: readonly NeedsItem[];
}

export interface NeedsView {
  readonly sections: readonly NeedsSection[];
  /** Nothing is due in any section. */
  readonly nothing: boolean;
}

// The items' sentences come from the application's needs (src/app/needs/), in English still.
export function needsPage(data: NeedsView, ctx: ViewContext): string {
  const w = wordsFor(ctx);
  const body = html`${data.nothing && html`<p class="notice" role="status"><strong>${w.t('needs.nothing')}</strong> ${w.t('needs.nothingMore')}</p>`}
${data.sections
  .filter(() => !data.nothing)
  .map(
    (s, n) => html`<section aria-labelledby="needs-${n}" class="panel">
<h2 id="needs-${n}">${s.heading}</h2>
${
  s.items.length === 0
    ? html`<p>${w.t('needs.nothingDue')}</p>`
    : html`<ul class="needs">${s.items.map((i) => html`<li><p>${i.sentence}</p><p><a href="${i.href}">${i.action}${i.about && html`<span class="visually-hidden"> ${w.t('needs.in', { what: i.about ?? '' })}</span>`}</a></p></li>`)}</ul>`
}
</section>`,
  )}
<p><a href="${paths.ballots}">${w.t('needs.ballotsLink')}</a> ${w.t('needs.ballotsAfter')}</p>`;
  return layout({ title: w.t('needs.title'), body }, ctx);
}
