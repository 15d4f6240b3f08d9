/**
 * The bulletin board page: every ballot of a closed ballot, as counted, with
 * its tracker code and no names; the digest of the list; the turnout by how
 * people voted (counts only); the declared result; and how anyone can check it
 * themselves with the download.
 */
import type { ViewContext } from './context.js';
import { dateText } from './common.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { paths } from './paths.js';
import { numberText } from './format.js';

const seg = (s: string): string => encodeURIComponent(s);

/** The board's addresses: the page and the export. */
export const boardPaths = {
  page: (processId: string) => `/results/${seg(processId)}/board`,
  json: (processId: string) => `/results/${seg(processId)}/board.json`,
};

export interface BoardView {
  readonly process: { readonly id: string; readonly title: string };
  readonly closedOn: string | null;
  readonly method: string;
  readonly ballotsSha256: string;
  readonly voters: { readonly total: number; readonly online: number; readonly postal: number; readonly inPerson: number };
  readonly eligible: number | null;
  /** Names of the declared winners, in order; null until counted. */
  readonly elected: readonly string[] | null;
  /** This page's ballots: tracker and the names ranked, in order. */
  readonly ballots: readonly { readonly tracker: string; readonly ranking: readonly string[] }[];
  readonly total: number;
  /** How many of all the ballots rank nobody: blank ballots, online or on paper alike. */
  readonly blank: number;
  /** Position (from 1) of this page's first ballot in the list. */
  readonly first: number;
  readonly page: number;
  readonly pages: number;
}

const n = (x: number): string => numberText(x);

export function boardPage(data: BoardView, ctx: ViewContext): string {
  const id = data.process.id;
  const pager =
    data.pages <= 1
      ? null
      : html`<nav aria-label="Pages of ballots"><p>Page ${data.page} of ${data.pages}.
${data.page > 1 ? html` <a href="${boardPaths.page(id)}?page=${data.page - 1}">Previous page</a>` : ''}
${data.page < data.pages ? html` <a href="${boardPaths.page(id)}?page=${data.page + 1}">Next page</a>` : ''}</p></nav>`;
  const body = html`<dl class="facts">
<dt>Voting closed</dt><dd>${data.closedOn ? dateText(data.closedOn) : 'yes'}</dd>
<dt>Ballots</dt><dd>${n(data.total)}${data.blank > 0 ? `, of which ${n(data.blank)} blank` : ''}</dd>
<dt>Members who voted</dt><dd>${n(data.voters.total)}${data.eligible !== null ? ` of ${n(data.eligible)} eligible` : ''}: ${n(data.voters.online)} online, ${n(data.voters.postal)} by post, ${n(data.voters.inPerson)} in person</dd>
<dt>Counted by</dt><dd>${data.method}</dd>
<dt>Result</dt><dd>${data.elected === null ? 'Not counted yet.' : data.elected.length === 0 ? 'Nobody elected.' : `${data.elected.join(', ')} elected.`}${data.elected !== null ? html` <a href="${paths.results(id)}">The count, round by round</a>` : ''}</dd>
<dt>SHA-256 of the ballot list</dt><dd><code class="digest">${data.ballotsSha256}</code></dd>
</dl>
<p><a class="button" href="${boardPaths.json(id)}">Download the bulletin board (JSON)</a>
<a href="${paths.tracker(id)}">Find your ballot with your tracker code</a></p>
<h2>Check it yourself</h2>
<p>The download holds every ballot below, the counting rule and its options, and the declared count, stage by stage. With Hustings installed, <code>hustings verify board.json</code> recounts the ballots independently and checks every figure of the declared count, and says exactly what differs if anything does. Without it, <code>jq -c '.ballots[] | [.tracker, .ranking]' board.json | sha256sum</code> gives the digest above.</p>
<h2>The ballots</h2>
<p>Sorted by tracker code. No ballot carries a name, a time or the order it was cast in, or how it was cast.</p>
${pager}
<div class="table-wrap" tabindex="0" role="region" aria-labelledby="ballots-caption"><table class="ballots">
<caption id="ballots-caption">${data.total === 0 ? 'No ballots were cast' : `Ballots ${n(data.first)} to ${n(data.first + data.ballots.length - 1)} of ${n(data.total)}`}</caption>
<thead><tr><th scope="col">Tracker code</th><th scope="col">Ranking, first preference first</th></tr></thead>
<tbody>
${data.ballots.map((b) => html`<tr><td><code>${b.tracker}</code></td><td>${b.ranking.length === 0 ? html`<span class="small">Blank ballot (no candidate ranked)</span>` : html`<ol class="inline-ranking">${b.ranking.map((name) => html`<li>${name}</li>`)}</ol>`}</td></tr>`)}
</tbody>
</table></div>
${pager}`;
  return layout(
    {
      title: `Bulletin board: ${data.process.title}`,
      lead: 'Every ballot as counted, with its tracker code and no names. Anyone can download it and recount.',
      body,
    },
    ctx,
  );
}
