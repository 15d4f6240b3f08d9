/** A member's own pages: the ballots open to them and whether (and why) they may vote in each process. */
import type { ViewContext } from './context.js';
import { badge, dateText } from './common.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { paths } from './paths.js';
import { wordsFor, wordsHtml } from './language.js';
import type { Language } from '../../app/language/index.js';

export interface OpenBallot {
  readonly process: string;
  readonly title: string;
  /** Where to vote: the ballot's booth, or for a contest of an election of several the election's one booth. */
  readonly boothUrl: string;
  /** Constituency or body the ballot is for. */
  readonly unit: string;
  readonly closes: string;
  /** When voting closes, in words with the time zone ("midnight at the end of Thursday 4 March 2027 (UK time)"); in its place the closing day is shown. */
  readonly closing?: string;
  readonly voted: boolean;
  /** How and on which day the member's vote was recorded ("By post, 3 March 2027"), or null. */
  readonly yourVote: string | null;
  /** For a vote recorded on paper: what to do if it was not the member's. */
  readonly notYours?: string;
}

export interface ClosedBallot {
  readonly process: string;
  readonly title: string;
  /** How and on which day the member's vote was recorded, or null if none was. */
  readonly yourVote: string | null;
  /** Present once results are published. */
  readonly resultsUrl?: string;
}

export interface MyBallotsView {
  readonly open: readonly OpenBallot[];
  readonly closed: readonly ClosedBallot[];
}

export function myBallotsPage(data: MyBallotsView, ctx: ViewContext): string {
  const w = wordsFor(ctx);
  const open =
    data.open.length === 0
      ? html`<p>${w.t('ballots.none')} <a href="${paths.eligibility}">${w.t('ballots.seeWhy')}</a></p>`
      : html`<div class="table-wrap"><table>
<caption>${w.t('ballots.caption')}</caption>
<thead><tr><th scope="col">${w.t('ballots.ballot')}</th><th scope="col">${w.t('ballots.closes')}</th><th scope="col">${w.t('ballots.yourVote')}</th><th scope="col"><span class="visually-hidden">${w.t('ballots.action')}</span></th></tr></thead>
<tbody>
${data.open.map(
  (b) => html`<tr>
<th scope="row">${b.title}<br><span class="small">${b.unit}</span></th>
<td>${b.closing ?? dateText(b.closes, w)}</td>
<td>${b.voted ? html`${badge(w.t('ballots.voted'), 'good')} ${b.yourVote}` : badge(w.t('ballots.notVoted'), 'warn')}</td>
<td>${b.voted ? html`<span class="small">${w.t('ballots.keepCode')}</span>` : html`<a class="button" href="${b.boothUrl}">${w.t('ballots.vote')}<span class="visually-hidden"> ${w.t('ballots.voteIn', { title: b.title })}</span></a>`}</td>
</tr>`,
)}
</tbody>
</table></div>
${data.open.filter((b) => b.notYours).map((b) => html`<p>${b.notYours}</p>`)}`;
  const closed =
    data.closed.length === 0
      ? null
      : html`<h2>${w.t('ballots.closed')}</h2>
<ul>
${data.closed.map(
  (b) =>
    html`<li>${b.title}: ${b.yourVote === null ? w.t('ballots.noVote') : w.t('ballots.recorded', { how: b.yourVote })}; ${b.resultsUrl ? html`<a href="${b.resultsUrl}">${w.t('ballots.results')}<span class="visually-hidden"> ${w.t('ballots.resultsOf', { title: b.title })}</span></a>` : w.t('ballots.noResults')}</li>`,
)}
</ul>`;
  return layout({ title: w.t('ballots.title'), body: html`${open}${closed}` }, ctx);
}

export interface EligibilityEntry {
  readonly process: string;
  readonly title: string;
  readonly freezeDate: string;
  readonly eligible: boolean;
  /** The plain-language reason from the eligibility judgement. */
  readonly reason: string;
  /** The reason's language when it is not the page's (a stored English reason on a Welsh page). */
  readonly reasonLang?: Language;
}

export interface MyEligibilityView {
  readonly entries: readonly EligibilityEntry[];
}

export function myEligibilityPage(data: MyEligibilityView, ctx: ViewContext): string {
  const w = wordsFor(ctx);
  const body =
    data.entries.length === 0
      ? html`<p>${w.t('eligibility.none')}</p>`
      : html`<ul class="cards">
${data.entries.map(
  (e) => html`<li class="card">
<h2>${e.title}</h2>
<p>${e.eligible ? badge(w.t('eligibility.canVote'), 'good') : badge(w.t('eligibility.cannotVote'), 'bad')}</p>
<p${e.reasonLang ? html` lang="${e.reasonLang}"` : ''}>${e.reason}</p>
<p class="small">${wordsHtml(w, 'eligibility.judgedOn', { date: dateText(e.freezeDate, w) })}</p>
</li>`,
)}
</ul>`;
  const reserved = html`<h2>${w.t('eligibility.reservedTitle')}</h2>
<p>${w.t('eligibility.reserved')} <a href="${paths.selfIdentification}">${w.t('eligibility.reservedLink')}</a>: ${w.t('eligibility.reservedAfter')}</p>`;
  return layout({ title: w.t('eligibility.title'), lead: w.t('eligibility.lead'), body: html`${body}${reserved}` }, ctx);
}
