/** "What needs you now": the page a person lands on, with what is due for them and for each of their roles, each a sentence and a link. */
import type { ViewContext } from './context.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { paths } from './paths.js';

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

export function needsPage(data: NeedsView, ctx: ViewContext): string {
  const body = html`${data.nothing && html`<p class="notice" role="status"><strong>Nothing needs you now.</strong> When a ballot opens for you, or one of your roles has a step to take, it will be listed here.</p>`}
${data.sections
  .filter(() => !data.nothing)
  .map(
    (s, n) => html`<section aria-labelledby="needs-${n}" class="panel">
<h2 id="needs-${n}">${s.heading}</h2>
${
  s.items.length === 0
    ? html`<p>Nothing is due.</p>`
    : html`<ul class="needs">${s.items.map((i) => html`<li><p>${i.sentence}</p><p><a href="${i.href}">${i.action}${i.about && html`<span class="visually-hidden"> in ${i.about}</span>`}</a></p></li>`)}</ul>`
}
</section>`,
  )}
<p><a href="${paths.ballots}">My ballots</a> lists every ballot, open and closed, with how you voted in each.</p>`;
  return layout({ title: 'What needs you now', body }, ctx);
}
