/** A member's own pages: the ballots open to them and whether (and why) they may vote in each process. */
import type { ViewContext } from './context.js';
import { badge, dateText } from './common.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { paths } from './paths.js';

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
  const open =
    data.open.length === 0
      ? html`<p>There are no open ballots you can vote in. <a href="${paths.eligibility}">See why on your eligibility page.</a></p>`
      : html`<div class="table-wrap"><table>
<caption>Open ballots you can vote in</caption>
<thead><tr><th scope="col">Ballot</th><th scope="col">Closes</th><th scope="col">Your vote</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
<tbody>
${data.open.map(
  (b) => html`<tr>
<th scope="row">${b.title}<br><span class="small">${b.unit}</span></th>
<td>${b.closing ?? dateText(b.closes)}</td>
<td>${b.voted ? html`${badge('Voted', 'good')} ${b.yourVote}` : badge('Not voted yet', 'warn')}</td>
<td>${b.voted ? html`<span class="small">Keep your tracker code to check your ballot after the close.</span>` : html`<a class="button" href="${b.boothUrl}">Vote<span class="visually-hidden"> in ${b.title}</span></a>`}</td>
</tr>`,
)}
</tbody>
</table></div>
${data.open.filter((b) => b.notYours).map((b) => html`<p>${b.notYours}</p>`)}`;
  const closed =
    data.closed.length === 0
      ? null
      : html`<h2>Closed ballots</h2>
<ul>
${data.closed.map(
  (b) =>
    html`<li>${b.title}: ${b.yourVote === null ? 'no vote was recorded in your name' : html`your vote was recorded (${b.yourVote})`}; ${b.resultsUrl ? html`<a href="${b.resultsUrl}">results<span class="visually-hidden"> of ${b.title}</span></a>` : 'results not yet published'}</li>`,
)}
</ul>`;
  return layout({ title: 'My ballots', body: html`${open}${closed}` }, ctx);
}

export interface EligibilityEntry {
  readonly process: string;
  readonly title: string;
  readonly freezeDate: string;
  readonly eligible: boolean;
  /** The plain-language reason from the eligibility judgement. */
  readonly reason: string;
}

export interface MyEligibilityView {
  readonly entries: readonly EligibilityEntry[];
}

export function myEligibilityPage(data: MyEligibilityView, ctx: ViewContext): string {
  const body =
    data.entries.length === 0
      ? html`<p>No process that you could take part in has frozen its electorate yet.</p>`
      : html`<ul class="cards">
${data.entries.map(
  (e) => html`<li class="card">
<h2>${e.title}</h2>
<p>${e.eligible ? badge('You can vote', 'good') : badge('You cannot vote', 'bad')}</p>
<p>${e.reason}</p>
<p class="small">Judged on the freeze date, ${dateText(e.freezeDate)}.</p>
</li>`,
)}
</ul>`;
  const reserved = html`<h2>Reserved contests</h2>
<p>Some contests are reserved for members who self-identify in a particular way (disabled members, say). <a href="${paths.selfIdentification}">Tell us how you self-identify, or change what you have said</a>: it is private to you.</p>`;
  return layout({ title: 'My eligibility', lead: 'Whether you are on the electorate of each process, and why.', body: html`${body}${reserved}` }, ctx);
}
