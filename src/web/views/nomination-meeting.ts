/**
 * A constituency party's nomination meetings: the election's list of meetings with the form that
 * calls one, and the meeting's own page, where the secretary records who attended (each judged
 * eligible to vote or not, with the reason), the chair enters each round's tallies and reads what
 * happens next, and the secretary confirms the decision.
 */
import type { FormState, ViewContext } from './context.js';
import { badge, dateText, definitionList } from './common.js';
import { checkboxGroup, firstOptionId, radioGroup } from './choices.js';
import { csrfField, errorSummary, field, submitButton, textArea } from './forms.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { wordsFor } from './language.js';
import { wordsIn, type Words } from '../../app/language/index.js';
import { paths } from './paths.js';

export const MEETING_CALL_FIELDS = { party: 'party', date: 'date', place: 'place', voting: 'voting', candidates: 'candidates' } as const;
export const ATTENDANCE_FIELDS = { members: 'members', query: 'q' } as const;
export const ROUND_FIELDS = { votePrefix: 'votes-', spoilt: 'spoilt' } as const;
export const MEETING_DECISION_FIELDS = { decision: 'decision', reason: 'reason' } as const;

export interface MeetingListEntry {
  readonly id: string;
  readonly party: string;
  readonly date: string;
  readonly place: string;
  readonly status: string;
  /** Whether the viewer runs it (and so may open its page). */
  readonly mine: boolean;
}

export interface MeetingsView {
  readonly election: { readonly id: string; readonly title: string; readonly nominationsClose: string };
  readonly meetings: readonly MeetingListEntry[];
  /** The parties the viewer may call a meeting of, and the candidates a meeting may choose between; null when they may call none. */
  readonly call: {
    readonly parties: readonly { readonly value: string; readonly label: string }[];
    readonly candidates: readonly { readonly value: string; readonly label: string }[];
  } | null;
  readonly form: FormState;
}

const CALL_LABELS = { party: 'Constituency party', date: 'Date', place: 'Place', voting: 'How members vote', candidates: 'Candidates' };

const VOTING_OPTIONS = [
  { value: 'in-the-room', label: 'In the room', hint: 'Members vote on paper or by show of hands; the chair enters each round’s tallies here.' },
  {
    value: 'online',
    label: 'Online',
    hint: 'Each member present who may vote votes in the meeting’s booth, round by round, in secret; the chair opens and closes each round and sees only how many have voted.',
  },
];

export function meetingsPage(v: MeetingsView, ctx: ViewContext): string {
  const { values, errors } = v.form;
  const w = wordsFor(ctx);
  const list =
    v.meetings.length === 0
      ? html`<p>${w.t('meetings.none')}</p>`
      : html`<div class="table-wrap"><table><caption>${w.t('meetings.caption')}</caption>
<thead><tr><th scope="col">${w.t('meetings.party')}</th><th scope="col">${w.t('meetings.date')}</th><th scope="col">${w.t('meetings.place')}</th><th scope="col">${w.t('meetings.stands')}</th></tr></thead>
<tbody>${v.meetings.map(
          (m) =>
            html`<tr><th scope="row">${m.mine ? html`<a href="${paths.nominationMeeting(m.id)}">${m.party}</a>` : m.party}</th><td>${dateText(m.date, w)}</td><td>${m.place}</td><td>${m.status}</td></tr>`,
        )}</tbody></table></div>`;
  const ticked = values[MEETING_CALL_FIELDS.candidates];
  // Calling a meeting is the party secretaries' work: officers' words stay English, marked so on a Welsh page.
  const call =
    v.call &&
    html`<section aria-labelledby="call-title" lang="en-GB"><h2 id="call-title">Call a nomination meeting</h2>
<p>An all-member meeting of the constituency party: the members present vote round by round (an exhaustive ballot) until one candidate has more than half of the votes cast, and that candidate becomes the party's nomination once you confirm it.</p>
${
  v.call.candidates.length === 0
    ? html`<p>No one has been nominated in this contest yet, so there is no one for a meeting to choose between.</p>`
    : html`<form method="post" action="${paths.nominationMeetings(v.election.id)}" novalidate>
${csrfField(ctx)}
${radioGroup({ name: MEETING_CALL_FIELDS.party, legend: 'Constituency party', options: v.call.parties, value: values[MEETING_CALL_FIELDS.party] ?? v.call.parties[0]?.value, error: errors[MEETING_CALL_FIELDS.party] })}
${field({ name: MEETING_CALL_FIELDS.date, label: 'Date of the meeting', type: 'date', value: values[MEETING_CALL_FIELDS.date], error: errors[MEETING_CALL_FIELDS.date], hint: `On or before ${v.election.nominationsClose}, when nominations close.` })}
${field({ name: MEETING_CALL_FIELDS.place, label: 'Place', value: values[MEETING_CALL_FIELDS.place], error: errors[MEETING_CALL_FIELDS.place], hint: 'The address of the meeting, or "online".' })}
${radioGroup({ name: MEETING_CALL_FIELDS.voting, legend: 'How members vote', options: VOTING_OPTIONS, value: values[MEETING_CALL_FIELDS.voting] ?? 'in-the-room', error: errors[MEETING_CALL_FIELDS.voting] })}
${checkboxGroup({
  name: MEETING_CALL_FIELDS.candidates,
  legend: 'Candidates the meeting chooses between',
  hint: 'Those nominated in the contest so far.',
  options: v.call.candidates,
  checked: ticked === undefined ? v.call.candidates.map((c) => c.value) : ticked.split(',').filter(Boolean),
  error: errors[MEETING_CALL_FIELDS.candidates],
})}
${submitButton('Call the meeting')}
</form>`
}
</section>`;
  const body = html`${errorSummary(errors, CALL_LABELS, {
    party: firstOptionId(MEETING_CALL_FIELDS.party),
    voting: firstOptionId(MEETING_CALL_FIELDS.voting),
    candidates: firstOptionId(MEETING_CALL_FIELDS.candidates),
  })}
${definitionList([
  [w.t('meetings.contest'), v.election.title],
  [w.t('meetings.nominationsClose'), dateText(v.election.nominationsClose, w)],
])}
${list}
${call}`;
  return layout({ title: w.t('meetings.title', { title: v.election.title }), body, titlePrefix: Object.keys(errors).length ? 'Error: ' : '' }, ctx);
}

export interface MeetingPageView {
  readonly id: string;
  readonly title: string;
  readonly party: string;
  readonly election: { readonly id: string; readonly title: string };
  readonly date: string;
  readonly place: string;
  readonly status: string;
  readonly provisional: string;
  readonly attendees: readonly { readonly name: string; readonly mayVote: boolean; readonly reason: string }[];
  readonly voters: number;
  /** Attendance may still change (before the first round). */
  readonly attendanceOpen: boolean;
  readonly query: string;
  /** Members found by name, or the party's list, not yet recorded. */
  readonly found: readonly { readonly value: string; readonly label: string }[] | null;
  readonly rounds: readonly { readonly round: number; readonly votes: string; readonly spoilt: number }[];
  /** What happens next, in sentences. */
  readonly next: readonly string[];
  /** The candidates standing in the next round (none once someone has won or the meeting decided). */
  readonly standing: readonly { readonly member: string; readonly name: string }[];
  readonly winner: string | null;
  readonly decision: string | null;
  readonly hasRounds: boolean;
  /** An online meeting: the round open now and how many have voted in it (never for whom), and where members vote; null in the room. */
  readonly online: { readonly open: { readonly round: number; readonly voted: number } | null; readonly booth: string } | null;
  readonly forms: { readonly attendance: FormState; readonly round: FormState; readonly decision: FormState };
}

export const voteField = (member: string): string => `${ROUND_FIELDS.votePrefix}${member}`;

export function meetingPage(v: MeetingPageView, ctx: ViewContext): string {
  const { attendance, round, decision } = v.forms;
  const roundLabels: Record<string, string> = { [ROUND_FIELDS.spoilt]: 'Blank or spoilt' };
  for (const c of v.standing) roundLabels[voteField(c.member)] = c.name;
  const allErrors = { ...attendance.errors, ...round.errors, ...decision.errors };
  const attendanceSection = html`<section aria-labelledby="attendance-title"><h2 id="attendance-title">Attendance</h2>
<p>${v.provisional}</p>
<p>${v.attendees.length === 0 ? 'No one is recorded as attending yet.' : `${v.attendees.length} present, of whom ${v.voters} may vote.`}</p>
${
  v.attendees.length > 0 &&
  html`<div class="table-wrap"><table><caption>Members present</caption>
<thead><tr><th scope="col">Member</th><th scope="col">May vote</th><th scope="col">Why</th></tr></thead>
<tbody>${v.attendees.map((a) => html`<tr><th scope="row">${a.name}</th><td>${a.mayVote ? badge('May vote', 'good') : badge('May not vote', 'warn')}</td><td>${a.reason}</td></tr>`)}</tbody></table></div>`
}
${
  v.attendanceOpen
    ? html`<form method="get" action="${paths.nominationMeeting(v.id)}" role="search">
${field({ name: ATTENDANCE_FIELDS.query, label: 'Find members who attended, by name', value: v.query, hint: 'Type part of a name, then search; or list every member of the party.' })}
${submitButton('Search members')} <a href="${paths.nominationMeeting(v.id)}?all=1">List the party’s members</a>
</form>
${
  v.found &&
  (v.found.length === 0
    ? html`<p>No member who is not already recorded matches.</p>`
    : html`<form method="post" action="${paths.nominationMeeting(v.id)}/attendance" novalidate>
${csrfField(ctx)}
${checkboxGroup({ name: ATTENDANCE_FIELDS.members, legend: 'Tick the members who attended', options: v.found, checked: [], error: attendance.errors[ATTENDANCE_FIELDS.members] })}
${submitButton('Record them as present')}
</form>`)
}`
    : html`<p>Attendance is closed: the first round has ${v.online === null ? 'been entered' : 'opened'}.</p>`
}
</section>`;
  const roundsSection = html`<section aria-labelledby="rounds-title"><h2 id="rounds-title">The ballot</h2>
${
  v.rounds.length > 0 &&
  html`<div class="table-wrap"><table><caption>Rounds entered</caption>
<thead><tr><th scope="col">Round</th><th scope="col">Votes</th><th scope="col">Blank or spoilt</th></tr></thead>
<tbody>${v.rounds.map((r) => html`<tr><th scope="row">${r.round}</th><td>${r.votes}</td><td>${r.spoilt}</td></tr>`)}</tbody></table></div>`
}
${v.next.length > 0 && html`<div class="panel" role="status" aria-live="polite"><h3>What happens next</h3>${v.next.map((s) => html`<p>${s}</p>`)}</div>`}
${v.hasRounds && html`<p><a href="${paths.nominationMeetingResults(v.id)}">The rounds as a count: table and downloads</a></p>`}
${v.online !== null && v.decision === null && onlineRound(v, v.online, ctx)}
${
  v.online === null &&
  v.standing.length > 0 &&
  v.decision === null &&
  html`<form method="post" action="${paths.nominationMeeting(v.id)}/rounds" novalidate>
${csrfField(ctx)}
<fieldset><legend>Round ${v.rounds.length + 1}: the votes as the tellers counted them</legend>
${v.standing.map((c) => field({ name: voteField(c.member), label: c.name, type: 'number', min: 0, inputmode: 'numeric', narrow: true, value: round.values[voteField(c.member)], error: round.errors[voteField(c.member)] }))}
${field({ name: ROUND_FIELDS.spoilt, label: 'Blank or spoilt papers', type: 'number', min: 0, inputmode: 'numeric', narrow: true, value: round.values[ROUND_FIELDS.spoilt] ?? '0', error: round.errors[ROUND_FIELDS.spoilt] })}
</fieldset>
${submitButton(`Enter round ${v.rounds.length + 1}`)}
</form>`
}
</section>`;
  const decisionSection = html`<section aria-labelledby="decision-title"><h2 id="decision-title">The decision</h2>
${
  v.decision !== null
    ? html`<p><strong>${v.decision}</strong></p>`
    : v.online?.open
      ? html`<p>Round ${v.online.open.round} is open: close it before the meeting decides.</p>`
      : html`${
          v.winner &&
          html`<form method="post" action="${paths.nominationMeeting(v.id)}/decision" novalidate>
${csrfField(ctx)}
<input type="hidden" name="${MEETING_DECISION_FIELDS.decision}" value="nominate">
<p>Confirming records ${v.party}'s nomination of ${v.winner} in ${v.election.title}.</p>
${submitButton(`Confirm: ${v.party} nominates ${v.winner}`)}
</form>`
        }
<form method="post" action="${paths.nominationMeeting(v.id)}/decision" novalidate>
${csrfField(ctx)}
<input type="hidden" name="${MEETING_DECISION_FIELDS.decision}" value="none">
${textArea({ name: MEETING_DECISION_FIELDS.reason, label: 'Or record that the meeting nominates no one, and why', value: decision.values[MEETING_DECISION_FIELDS.reason], error: decision.errors[MEETING_DECISION_FIELDS.reason], rows: 2 })}
${submitButton('The meeting nominates no one', { secondary: true })}
</form>`
}
</section>`;
  const body = html`${errorSummary(allErrors, { ...roundLabels, [ATTENDANCE_FIELDS.members]: 'Attendees', [MEETING_DECISION_FIELDS.reason]: 'Reason' }, { [ATTENDANCE_FIELDS.members]: firstOptionId(ATTENDANCE_FIELDS.members) })}
${definitionList([
  ['Constituency party', v.party],
  ['Contest', html`<a href="${paths.nominationMeetings(v.election.id)}">${v.election.title}</a>`],
  ['Date', dateText(v.date)],
  ['Place', v.place],
  ['Where it stands', v.status],
])}
${attendanceSection}
${roundsSection}
${decisionSection}`;
  return layout({ title: v.title, body, titlePrefix: Object.keys(allErrors).length ? 'Error: ' : '' }, ctx);
}

/** The chair's controls of an online meeting's round: open the next, or see how many have voted and close it. */
function onlineRound(v: MeetingPageView, online: NonNullable<MeetingPageView['online']>, ctx: ViewContext) {
  const booth = html`<p>Members present who may vote vote at <a href="${online.booth}">the meeting’s booth</a>, signed in as themselves; their votes are secret.</p>`;
  if (online.open !== null)
    return html`${booth}<div class="panel" role="status"><h3>Round ${online.open.round} is open</h3>
<p>${online.open.voted} of the ${v.voters} ${v.voters === 1 ? 'member' : 'members'} present who may vote ${online.open.voted === 1 ? 'has' : 'have'} voted. The votes are counted when you close the round.</p></div>
<form method="post" action="${paths.nominationMeeting(v.id)}/round/close" novalidate>
${csrfField(ctx)}
${submitButton(`Close round ${online.open.round} and count the votes`)}
</form>`;
  if (v.standing.length === 0) return null;
  return html`${booth}<form method="post" action="${paths.nominationMeeting(v.id)}/round/open" novalidate>
${csrfField(ctx)}
<p>Round ${v.rounds.length + 1} is between ${v.standing.map((c) => c.name).join(', ')}.${v.rounds.length === 0 ? ' Opening it closes the attendance.' : ''}</p>
${submitButton(`Open round ${v.rounds.length + 1} for voting`)}
</form>`;
}

/** Where a meeting stands, in words. */
export function meetingStatusWords(phase: string, decision: string | null, rounds: number, w: Words = wordsIn('en-GB'), open: number | null = null): string {
  if (decision !== null) return decision;
  if (phase === 'called') return w.t('meetings.called');
  if (open !== null) return w.t('meetings.votingOnline', { round: open });
  return w.t('meetings.voting', { n: rounds });
}
