/**
 * A region of a page that keeps itself up to date while others act (a trigger ballot's gauges as
 * units record their meetings, a ballot's turnout as members vote): with JavaScript, /static/live.js
 * fetches the page again every so often and swaps the region in when it has changed, saying so in
 * the status line beside it; without, the page is as it was loaded. A region that is no longer live
 * (the ballot has closed) carries no refresh, and live.js stops at it.
 */
import { attr, html, type Html, type Interpolation } from './html.js';

/** How often a live region is fetched again, in seconds. */
export const LIVE_SECONDS = 15;

/** The script a page with a live region loads. */
export const LIVE_SCRIPT = 'live.js';

/**
 * The region `id` holding `content`, refreshed while `live`; `summary` is what the status line
 * (`<id>-status`, read out by screen readers) says after "Updated at …" when it changes.
 */
export function liveRegion(id: string, live: boolean, summary: string, content: Interpolation): Html {
  const status = `${id}-status`;
  return html`<p class="visually-hidden" role="status" id="${status}"></p>
<div id="${id}"${attr('data-live-refresh', live ? LIVE_SECONDS : null)}${attr('data-live-status', live ? status : null)} data-live-summary="${summary}">
${content}
</div>`;
}
