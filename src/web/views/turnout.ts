/**
 * A ballot's turnout as it happens: how many of its eligible members have voted, by day, by channel,
 * by region and by constituency, each as a chart with a table beside it. While voting is open the
 * figures keep themselves up to date (live.js) and small ones are hidden; the page says why.
 */
import type { ViewContext } from './context.js';
import { barChart } from './bar-chart.js';
import { html, type Html } from './html.js';
import { layout } from './layout.js';
import { LIVE_SCRIPT, liveRegion } from './live.js';

export interface TurnoutRow {
  readonly label: string;
  /** The count in words: "1,234", "fewer than 5", "all but fewer than 5" or "not shown" (with why). */
  readonly voted: string;
  /** "45.6%"; null when the count is hidden, or there is no electorate to take it of. */
  readonly share: string | null;
  /** The group's eligible members in words; null for a channel or a day. */
  readonly eligible: string | null;
  /** The bar's length (0…1); null when the count is hidden. */
  readonly length: number | null;
}

export interface TurnoutPageView {
  readonly process: { readonly id: string; readonly title: string };
  readonly open: boolean;
  /** The whole turnout in a sentence. */
  readonly headline: string;
  /** Whether any figure is hidden now. */
  readonly hidden: boolean;
  readonly days: readonly TurnoutRow[];
  readonly channels: readonly TurnoutRow[];
  readonly regions: readonly TurnoutRow[];
  readonly constituencies: readonly (TurnoutRow & { readonly region: string })[];
  /** The process's own page, for those who may see it. */
  readonly processUrl?: string;
  readonly resultsUrl?: string;
  readonly turnoutUrl: string;
}

const figure = (r: TurnoutRow): string => (r.share === null ? r.voted : `${r.voted} (${r.share})`);

function table(
  caption: string,
  first: string,
  rows: readonly TurnoutRow[],
  o: { readonly eligible: boolean; readonly region?: boolean; readonly shareOf: string; readonly nowrap?: boolean },
): Html {
  return html`<div class="table-wrap"><table class="turnout-table">
<caption>${caption} <span class="small">(shares are of ${o.shareOf})</span></caption>
<thead><tr><th scope="col">${first}</th>${o.region ? html`<th scope="col">Region</th>` : ''}<th scope="col" class="num">Voted</th>${
    o.eligible ? html`<th scope="col" class="num">Eligible</th>` : ''
  }<th scope="col" class="num">Share</th></tr></thead>
<tbody>
${rows.map(
  (r) =>
    html`<tr><th scope="row"${o.nowrap ? html` class="nowrap"` : ''}>${r.label}</th>${
      o.region ? html`<td>${(r as TurnoutRow & { region?: string }).region ?? ''}</td>` : ''
    }<td class="num">${r.voted}</td>${o.eligible ? html`<td class="num">${r.eligible ?? ''}</td>` : ''}<td class="num">${r.share ?? '—'}</td></tr>`,
)}
</tbody>
</table></div>`;
}

/** A section with a chart and the table of the same figures beside it. */
function charted(
  id: string,
  heading: string,
  intro: string,
  rows: readonly TurnoutRow[],
  o: { readonly first: string; readonly eligible: boolean; readonly shareOf: string; readonly nowrap?: boolean },
): Html {
  const shown = rows.filter((r) => r.length !== null);
  const description =
    shown.length === 0
      ? `No figure of ${heading.toLowerCase()} can be shown yet.`
      : `${shown.length} of ${rows.length} ${rows.length === 1 ? 'group is' : 'groups are'} drawn; the table that follows gives every figure.`;
  return html`<section aria-labelledby="${id}-heading" class="turnout-section">
<h2 id="${id}-heading">${heading}</h2>
<p>${intro}</p>
<div class="chart-and-table">
<figure class="turnout-chart">${barChart({ id: `${id}-chart`, title: heading, description, bars: rows.map((r) => ({ label: r.label, text: figure(r), length: r.length })) })}</figure>
${table(heading, o.first, rows, o)}
</div>
</section>`;
}

function privacyNote(data: TurnoutPageView): Html {
  if (!data.open) return html`<p>Voting has closed, so every figure on this page is exact and anyone may see it.</p>`;
  return html`<div class="panel">
<p>Voting is open. Only the officers running this ballot and scrutineers can see this page until it closes; then it is public, with every figure exact.</p>
<p>Until then, where fewer than 5 members of a group have voted, the page says “fewer than 5” rather than the number, so that nobody’s vote can be picked out; and where fewer than 5 members of a place have not voted, it says “all but fewer than 5”, so that nobody can be picked out as not having voted (in a place of fewer than 10 eligible members, where one or the other is always true, the figure is not shown at all). Because a hidden number could otherwise be worked out by taking the others away from a total shown on the page, one or more larger figures next to it are hidden too, marked “not shown”; and where every part of a region is hidden, the region’s own figure is “not shown until the close”, since even its size could give the small ones away.${
    data.hidden ? '' : ' No figure needs hiding at the moment.'
  }</p>
</div>`;
}

export function turnoutPage(data: TurnoutPageView, ctx: ViewContext): string {
  const places = data.constituencies.length > 1;
  // The note is inside the live region too: whether anything is hidden changes as votes come in, and at the close.
  const content = html`${privacyNote(data)}
<p class="turnout-headline"><strong>${data.headline}</strong></p>
${
  data.days.length === 0
    ? html`<p>Nobody has voted yet.</p>`
    : charted('by-day', 'Votes by day', 'How many voted on each day, by any channel. The bars compare each day with the busiest.', data.days, {
        first: 'Day',
        eligible: false,
        shareOf: 'all eligible members',
        nowrap: true,
      })
}
<section aria-labelledby="by-channel-heading" class="turnout-section">
<h2 id="by-channel-heading">Votes by channel</h2>
${table('Votes by channel', 'Channel', data.channels, { eligible: false, shareOf: 'all eligible members', nowrap: true })}
</section>
${
  places
    ? html`${charted('by-region', 'Turnout by region', 'The share of each region’s eligible members who have voted.', data.regions, {
        first: 'Region',
        eligible: true,
        shareOf: 'each region’s eligible members',
      })}
<section aria-labelledby="by-constituency-heading" class="turnout-section">
<h2 id="by-constituency-heading">Turnout by constituency</h2>
${table('Turnout by constituency', 'Constituency', data.constituencies, { eligible: true, region: true, shareOf: 'each constituency’s eligible members' })}
</section>`
    : data.constituencies.length === 1
      ? html`<p>Every eligible member is in ${data.constituencies[0]!.label}.</p>`
      : ''
}`;
  const body = html`${liveRegion('turnout-live', data.open, data.headline, content)}
${
  (data.processUrl || data.resultsUrl) &&
  html`<ul class="links">${data.processUrl && html`<li><a href="${data.processUrl}">The ballot’s page</a></li>`}${
    data.resultsUrl && html`<li><a href="${data.resultsUrl}">Results</a></li>`
  }</ul>`
}`;
  return layout(
    {
      title: `Turnout: ${data.process.title}`,
      lead: data.open ? 'Voting is open: the figures are as they stand now, and keep up to date while this page is open.' : 'The final turnout of the ballot.',
      body,
      ...(data.open ? { scripts: [LIVE_SCRIPT] } : {}),
    },
    ctx,
  );
}
