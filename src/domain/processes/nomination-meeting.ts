/**
 * A constituency party's all-member nomination meeting, as a state machine: the party's secretary
 * (or a national officer) calls it for one contest of an open election that takes nominations by
 * bodies (a leadership election, its deputy contest, an NEC contest); the secretary records who
 * attended, each judged eligible to vote or not, with a reason, by the rulebook; the chair enters
 * each round of the exhaustive ballot (a fresh vote each round, the lowest dropped, until someone has
 * more than half); and the meeting decides, which the secretary confirms: its winner becomes the
 * party's nomination in the election (through the election's own nominating step, which the app
 * takes first), or the meeting nominates no one.
 *
 *   called ─enter-round─▶ balloting ─decide─▶ decided
 *   called ─decide (no one)─▶ decided
 *   online: called ─open-round─▶ balloting ─close-round─▶ balloting ─open-round─▶ … ─decide─▶ decided
 *
 * The chair chooses, when calling the meeting, whether its members vote in the room (the chair enters
 * each round's tallies) or online (each eligible attendee votes in a booth while the chair holds a
 * round open; closing the round enters the tallies the store counted from the votes cast).
 *
 * Attendance is recorded until the first round is entered; from then on who may vote is fixed, and
 * no round may have more papers than the eligible members present. The rounds are counted by the
 * counting library's exhaustive ballot (`countExhaustiveBallot`), so the record of the meeting is a
 * count record like any other. Only tallies are kept: no member's vote is ever recorded.
 *
 * What the domain cannot look up arrives in the command: the members attending (their records) and
 * the branches of the constituency party.
 */
import { countExhaustiveBallot, MeetingRoundError, type ExhaustiveBallotCount, type MeetingRound } from '../../count/exhaustive-ballot.js';
import { dayNumber, longDate, monthsAndDays } from '../calendar.js';
import { continuousSince, durationWords } from '../eligibility.js';
import { statusOn, type Member } from '../organisation.js';
import { err, ok } from '../result.js';
import type { Rulebook } from '../rulebook.js';
import type { IsoDate } from '../time.js';
import { checkDate, checkText, dispatchStep, event, rulebookRef, show, today, type ProcessContext, type Step, type StepTable } from './common.js';

const PROCESS = 'nomination meeting';

/** How a meeting's members vote: in the room (the chair enters tallies) or online, in the booth. */
export type MeetingVoting = 'in-the-room' | 'online';
export const MEETING_VOTING: readonly MeetingVoting[] = ['in-the-room', 'online'];

/** A round the chair has opened for voting in the booth. */
export interface OpenMeetingRound {
  readonly round: number;
  readonly openedAt: string;
  readonly by: string | null;
}

export type MeetingPhase = 'called' | 'balloting' | 'decided';
export const MEETING_PHASES: readonly MeetingPhase[] = ['called', 'balloting', 'decided'];

/** A member at the meeting, judged on its day. */
export interface MeetingAttendee {
  readonly member: string;
  readonly name: string;
  /** May vote; otherwise present (a provisional member, say) but not voting. */
  readonly mayVote: boolean;
  /** Why, in a sentence naming the member. */
  readonly reason: string;
}

/** One round's tallies as the chair entered them: votes by candidate (member id), and the blank or spoilt papers. */
export interface MeetingRoundTally {
  readonly votes: Readonly<Record<string, number>>;
  readonly spoilt: number;
  readonly at: string;
  readonly by: string | null;
}

export type NominationMeetingDecision =
  | { readonly kind: 'nominated'; readonly member: string; readonly name: string; readonly at: string; readonly by: string | null }
  | { readonly kind: 'no-nomination'; readonly reason: string; readonly at: string; readonly by: string | null };

export interface NominationMeetingState {
  readonly kind: 'nomination-meeting';
  readonly rulebook: string;
  readonly title: string;
  readonly phase: MeetingPhase;
  readonly openedAt: string;
  /** The constituency party holding the meeting. */
  readonly body: { readonly id: string; readonly name: string };
  /** The contest it nominates in: an internal election's process and title. */
  readonly election: { readonly process: string; readonly title: string };
  readonly date: IsoDate;
  /** Where it is held, or "online". */
  readonly place: string;
  readonly online: boolean;
  /** How members vote: by the chair's tallies of the room, or each in the booth, round by round. */
  readonly voting: MeetingVoting;
  /** The round open for voting in the booth (an online meeting only), or null. */
  readonly openRound: OpenMeetingRound | null;
  /** The candidates the meeting chooses between, in the order of the ballot. */
  readonly candidates: readonly { readonly member: string; readonly name: string }[];
  /** The seed of the lot that settles a tie the earlier rounds cannot. */
  readonly seed: number;
  readonly attendees: readonly MeetingAttendee[];
  readonly rounds: readonly MeetingRoundTally[];
  readonly decision: NominationMeetingDecision | null;
}

export interface MeetingCall {
  readonly title: string;
  readonly body: { readonly id: string; readonly name: string };
  readonly election: { readonly process: string; readonly title: string; readonly nominationsClose: IsoDate };
  readonly date: IsoDate;
  readonly place: string;
  readonly candidates: readonly { readonly member: string; readonly name: string }[];
  readonly seed: number;
  /** How members vote; in the room when not said. */
  readonly voting?: MeetingVoting;
}

export type MeetingCommand =
  | {
      readonly type: 'record-attendance';
      /** The members attending, as the membership records them. */
      readonly members: readonly Member[];
      /** The branches of the constituency party (its members are theirs). */
      readonly branches: readonly string[];
    }
  | { readonly type: 'remove-attendee'; readonly member: string }
  | { readonly type: 'enter-round'; readonly votes: Readonly<Record<string, number>>; readonly spoilt: number }
  | { readonly type: 'open-round' }
  /** The votes cast in the booth as the store counted them when it closed the round, and how many voted. */
  | { readonly type: 'close-round'; readonly votes: Readonly<Record<string, number>>; readonly voters: number }
  | { readonly type: 'decide'; readonly nominate: boolean; readonly reason?: string | null };

export type MeetingCommandType = MeetingCommand['type'];
export const NOMINATION_MEETING_COMMANDS: readonly MeetingCommandType[] = [
  'record-attendance',
  'remove-attendee',
  'enter-round',
  'open-round',
  'close-round',
  'decide',
];

export const MEETING_ALLOWED: Readonly<Record<MeetingPhase, readonly MeetingCommandType[]>> = {
  called: ['record-attendance', 'remove-attendee', 'enter-round', 'open-round', 'decide'],
  balloting: ['enter-round', 'open-round', 'close-round', 'decide'],
  decided: [],
};

/** The provisional period of the rulebook, in weeks (0 when it sets none). */
export const provisionalWeeksOf = (rb: Rulebook): number => rb.nominationMeeting?.provisionalWeeks ?? 0;

/** "5 weeks and 3 days", "8 weeks", "1 day". */
export function weeksWords(days: number): string {
  const w = Math.floor(days / 7);
  const d = days % 7;
  const weeks = w === 0 ? '' : w === 1 ? '1 week' : `${w} weeks`;
  const rest = d === 0 ? '' : d === 1 ? '1 day' : `${d} days`;
  return [weeks, rest].filter(Boolean).join(' and ') || '0 days';
}

/**
 * Whether a member may vote at the meeting held on `date`, and why: a member of a branch of the
 * party, in good standing on the day (the rulebook's rules on suspension and arrears), and a
 * member for at least the provisional period, counted in weeks; one within it may attend, not vote.
 */
export function judgeAttendee(
  m: Member,
  rb: Rulebook,
  date: IsoDate,
  party: { readonly name: string; readonly branches: ReadonlySet<string> },
): Omit<MeetingAttendee, 'member' | 'name'> {
  const no = (why: string) => ({ mayVote: false, reason: `${m.name} may not vote: ${why}.` });
  if (!party.branches.has(m.branch)) return no(`not a member of a branch of ${party.name}`);
  const status = m.joined > date ? null : (statusOn(m, date) ?? 'current');
  if (status === null) return no(`joined on ${longDate(m.joined)}, after the meeting`);
  if (status === 'lapsed') return no(`their membership had lapsed by ${longDate(date)}`);
  if (status === 'suspended' && rb.eligibility.excludeSuspended) return no(`suspended on ${longDate(date)}`);
  if (status === 'arrears' && rb.eligibility.arrearsGraceMonths === null) return no(`in arrears on ${longDate(date)}`);
  const { since } = continuousSince(m, date);
  const days = dayNumber(date) - dayNumber(since);
  const weeks = provisionalWeeksOf(rb);
  // Counted in weeks while that is how the rule reads it (the first year); longer, in years and months.
  const length =
    days < 365 ? `${weeksWords(days)}${days >= 31 ? ` (${durationWords(monthsAndDays(since, date))})` : ''}` : durationWords(monthsAndDays(since, date));
  if (days < weeks * 7)
    return no(
      `a member since ${longDate(since)}, ${length} before the meeting, within the ${weeks}-week provisional period; they may attend and speak but not vote`,
    );
  return { mayVote: true, reason: `${m.name} may vote: a member of ${party.name} since ${longDate(since)}, ${length} before the meeting, in good standing.` };
}

/** How many present may vote. */
export const votersPresent = (s: Pick<NominationMeetingState, 'attendees'>): number => s.attendees.filter((a) => a.mayVote).length;

/** The rounds so far as the counting library takes them. */
function roundsOf(s: Pick<NominationMeetingState, 'candidates'>, rounds: readonly MeetingRoundTally[]): MeetingRound[] {
  return rounds.map((r) => ({
    votes: new Map(s.candidates.flatMap((c, i) => (Object.hasOwn(r.votes, c.member) ? [[i, BigInt(r.votes[c.member]!)] as const] : []))),
    spoilt: BigInt(r.spoilt),
  }));
}

/** The count of the rounds entered so far (null before the first). */
export function meetingCount(s: NominationMeetingState): ExhaustiveBallotCount | null {
  if (s.rounds.length === 0) return null;
  return countExhaustiveBallot({
    title: s.title,
    candidates: s.candidates.map((c) => c.name),
    rounds: roundsOf(s, s.rounds),
    rules: { batch: true, lookBack: true, tie: { kind: 'lot', seed: s.seed } },
  });
}

/** The candidates standing in the next round (all of them before the first); empty once someone is elected. */
export function standingNext(s: NominationMeetingState): readonly { readonly member: string; readonly name: string }[] {
  const counted = meetingCount(s);
  if (counted === null) return s.candidates;
  if (counted.verdict.kind === 'elected') return [];
  const standing = counted.verdict.standing;
  return s.candidates.filter((_, i) => standing.includes(i));
}

/** The candidate the rounds have elected, or null. */
export function meetingWinner(s: NominationMeetingState): { readonly member: string; readonly name: string; readonly round: number } | null {
  const counted = meetingCount(s);
  if (counted === null || counted.verdict.kind !== 'elected') return null;
  const c = s.candidates[counted.verdict.candidate];
  return c ? { ...c, round: counted.verdict.round } : null;
}

/** Calls a meeting: checks the date, the place and the candidates; the app has checked who calls it and for what. */
export function callNominationMeeting(call: MeetingCall, ctx: ProcessContext): Step<NominationMeetingState> {
  const bad =
    checkText(call.title, 'The title') ??
    checkDate(call.date, 'The date of the meeting') ??
    checkText(call.place, 'The place of the meeting') ??
    checkText(call.body?.name, 'The constituency party');
  if (bad) return bad;
  if (call.date < today(ctx)) return err('invalid-input', `The meeting's date ${longDate(call.date)} is in the past; a meeting is called before it is held.`);
  if (call.date > call.election.nominationsClose)
    return err(
      'timetable',
      `Nominations in ${call.election.title} close on ${longDate(call.election.nominationsClose)}, before ${longDate(call.date)}: hold the meeting by then.`,
    );
  if (!Array.isArray(call.candidates) || call.candidates.length < 1) return err('invalid-input', 'Choose at least one candidate for the meeting to consider.');
  const seen = new Set<string>();
  for (const c of call.candidates) {
    if (seen.has(c.member)) return err('invalid-input', `${c.name} is chosen twice.`);
    seen.add(c.member);
  }
  if (!Number.isSafeInteger(call.seed) || call.seed < 0) return err('invalid-input', `The seed of the lot must be a whole number, not ${show(call.seed)}.`);
  const voting = call.voting ?? 'in-the-room';
  if (!MEETING_VOTING.includes(voting)) return err('invalid-input', `Members vote in the room or online, not ${show(call.voting)}.`);
  const place = call.place.trim();
  const online = place.toLowerCase() === 'online';
  const state: NominationMeetingState = {
    kind: 'nomination-meeting',
    rulebook: rulebookRef(ctx.rulebook),
    title: call.title.trim(),
    phase: 'called',
    openedAt: ctx.clock.now().toISOString(),
    body: { id: call.body.id, name: call.body.name },
    election: { process: call.election.process, title: call.election.title },
    date: call.date,
    place: online ? 'online' : place,
    online,
    voting,
    openRound: null,
    candidates: call.candidates.map((c) => ({ member: c.member, name: c.name })),
    seed: call.seed,
    attendees: [],
    rounds: [],
    decision: null,
  };
  return ok({
    state,
    event: event(ctx, 'called', {
      title: state.title,
      rulebook: state.rulebook,
      body: state.body.id,
      bodyName: state.body.name,
      election: state.election.process,
      date: state.date,
      place: state.place,
      candidates: state.candidates.map((c) => c.name),
      seed: state.seed,
      voting: state.voting,
    }),
  });
}

function recordAttendance(
  s: NominationMeetingState,
  c: Extract<MeetingCommand, { type: 'record-attendance' }>,
  ctx: ProcessContext,
): Step<NominationMeetingState> {
  if (!Array.isArray(c.members) || c.members.length === 0) return err('invalid-input', 'Choose at least one member who attended.');
  if (!Array.isArray(c.branches)) return err('invalid-input', `The branches of ${s.body.name} must be a list, not ${show(c.branches)}.`);
  if (today(ctx) < s.date) return err('timetable', `The meeting is on ${longDate(s.date)}: attendance is recorded on the day or after.`);
  const party = { name: s.body.name, branches: new Set(c.branches) };
  const added: MeetingAttendee[] = [];
  for (const m of c.members) {
    if (typeof m !== 'object' || m === null || typeof m.id !== 'string') return err('invalid-input', `An attendee must be a member, not ${show(m)}.`);
    if (s.attendees.some((a) => a.member === m.id) || added.some((a) => a.member === m.id))
      return err('duplicate', `${m.name} is already recorded as attending.`);
    added.push({ member: m.id, name: m.name, ...judgeAttendee(m, ctx.rulebook, s.date, party) });
  }
  const attendees = [...s.attendees, ...added];
  return ok({
    state: { ...s, attendees },
    event: event(ctx, 'attendance-recorded', {
      added: added.length,
      eligibleAdded: added.filter((a) => a.mayVote).length,
      present: attendees.length,
      eligiblePresent: attendees.filter((a) => a.mayVote).length,
    }),
  });
}

function removeAttendee(s: NominationMeetingState, c: Extract<MeetingCommand, { type: 'remove-attendee' }>, ctx: ProcessContext): Step<NominationMeetingState> {
  const gone = s.attendees.find((a) => a.member === c.member);
  if (!gone) return err('invalid-input', `${show(c.member)} is not recorded as attending.`);
  const attendees = s.attendees.filter((a) => a.member !== c.member);
  return ok({
    state: { ...s, attendees },
    event: event(ctx, 'attendance-recorded', {
      added: 0,
      eligibleAdded: 0,
      present: attendees.length,
      eligiblePresent: attendees.filter((a) => a.mayVote).length,
    }),
  });
}

/** Why a round's tallies cannot be taken, naming the field: a candidate's member id, "spoilt", or "" for the round as a whole. */
export interface RoundProblem {
  readonly field: string;
  readonly message: string;
}

/** What is wrong with a round's tallies, field by field (empty when they may be entered). */
export function roundProblems(s: NominationMeetingState, votes: Readonly<Record<string, unknown>>, spoilt: unknown): RoundProblem[] {
  const problems: RoundProblem[] = [];
  const standing = standingNext(s);
  if (standing.length === 0) return [{ field: '', message: 'The meeting has already chosen its candidate: there is no further round.' }];
  const whole = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
  for (const c of standing) if (!whole(votes[c.member])) problems.push({ field: c.member, message: `${c.name}'s votes must be a whole number of 0 or more.` });
  for (const k of Object.keys(votes))
    if (!standing.some((c) => c.member === k)) {
      const name = s.candidates.find((c) => c.member === k)?.name;
      problems.push({
        field: k,
        message: name ? `${name} is no longer standing, so has no votes in this round.` : 'Votes for someone who is not a candidate.',
      });
    }
  if (!whole(spoilt)) problems.push({ field: 'spoilt', message: 'The blank or spoilt papers must be a whole number of 0 or more.' });
  if (problems.length > 0) return problems;
  const total = standing.reduce((t, c) => t + (votes[c.member] as number), 0) + (spoilt as number);
  const voters = votersPresent(s);
  if (total > voters)
    problems.push({
      field: '',
      message: `The round has ${total} papers, more than the ${voters} ${voters === 1 ? 'member' : 'members'} present who may vote: check the tallies.`,
    });
  else if (total - (spoilt as number) === 0 && standing.length > 1) problems.push({ field: '', message: 'The round has no votes for any candidate.' });
  return problems;
}

function enterRound(s: NominationMeetingState, c: Extract<MeetingCommand, { type: 'enter-round' }>, ctx: ProcessContext): Step<NominationMeetingState> {
  if (s.voting === 'online')
    return err('invalid-transition', 'Members of this meeting vote online: the chair opens and closes each round, and the booth counts the votes.');
  return addRound(s, typeof c.votes === 'object' && c.votes !== null ? c.votes : {}, c.spoilt, ctx);
}

function openRound(s: NominationMeetingState, ctx: ProcessContext): Step<NominationMeetingState> {
  if (s.voting !== 'online') return err('invalid-transition', 'Members of this meeting vote in the room: the chair enters each round’s tallies.');
  if (s.openRound !== null) return err('invalid-transition', `Round ${s.openRound.round} is open already: close it before opening another.`);
  const standing = standingNext(s);
  if (standing.length === 0) return err('invalid-transition', 'The meeting has already chosen its candidate: there is no further round.');
  if (votersPresent(s) === 0) return err('invalid-transition', 'No one present may vote: record who attended before opening a round.');
  const round = s.rounds.length + 1;
  return ok({
    state: { ...s, phase: 'balloting', openRound: { round, openedAt: ctx.clock.now().toISOString(), by: ctx.actor ?? null } },
    event: event(ctx, 'round-opened', { round, candidates: standing.map((x) => x.name), eligiblePresent: votersPresent(s) }),
  });
}

function closeRound(s: NominationMeetingState, c: Extract<MeetingCommand, { type: 'close-round' }>, ctx: ProcessContext): Step<NominationMeetingState> {
  if (s.openRound === null) return err('invalid-transition', 'No round is open for voting.');
  const votes = typeof c.votes === 'object' && c.votes !== null ? c.votes : {};
  const cast = Object.values(votes).reduce((t, v) => t + (Number.isSafeInteger(v) ? v : 0), 0);
  if (!Number.isSafeInteger(c.voters) || cast !== c.voters)
    return err('invalid-input', `The booth counted ${cast} votes from ${show(c.voters)} members who voted: the round cannot be closed on them.`);
  const added = addRound({ ...s, openRound: null }, votes, 0, ctx);
  if (!added.ok) return added;
  return ok({
    state: added.value.state,
    event: event(ctx, 'round-closed', {
      round: added.value.event.data.round,
      votes: added.value.event.data.votes,
      turnout: c.voters,
      outcome: added.value.event.data.outcome,
    }),
  });
}

/** Adds a round's tallies (the chair's, or the booth's count) and says what happens next. */
function addRound(s: NominationMeetingState, votes: Readonly<Record<string, number>>, spoilt: number, ctx: ProcessContext): Step<NominationMeetingState> {
  const problem = roundProblems(s, votes, spoilt)[0];
  if (problem) return err('invalid-input', problem.message);
  const round: MeetingRoundTally = { votes: { ...votes }, spoilt, at: ctx.clock.now().toISOString(), by: ctx.actor ?? null };
  const next: NominationMeetingState = { ...s, phase: 'balloting', rounds: [...s.rounds, round] };
  let counted: ExhaustiveBallotCount | null;
  try {
    counted = meetingCount(next);
  } catch (e) {
    if (e instanceof MeetingRoundError) return err('invalid-input', e.message);
    throw e;
  }
  const verdict = counted!.verdict;
  return ok({
    state: next,
    event: event(ctx, 'round-recorded', {
      round: next.rounds.length,
      votes: s.candidates.flatMap((x) => (Object.hasOwn(votes, x.member) ? [`${x.name}: ${votes[x.member]}`] : [])),
      spoilt,
      outcome: verdict.kind === 'elected' ? `${s.candidates[verdict.candidate]?.name} has more than half` : `round ${verdict.round} next`,
    }),
  });
}

function decide(s: NominationMeetingState, c: Extract<MeetingCommand, { type: 'decide' }>, ctx: ProcessContext): Step<NominationMeetingState> {
  if (s.openRound !== null) return err('invalid-transition', `Round ${s.openRound.round} is still open: close it before the meeting decides.`);
  const at = ctx.clock.now().toISOString();
  const by = ctx.actor ?? null;
  if (c.nominate === true) {
    const winner = meetingWinner(s);
    if (!winner) return err('invalid-transition', 'No candidate has won yet: enter the rounds until one has more than half of the votes cast.');
    return ok({
      state: { ...s, phase: 'decided', decision: { kind: 'nominated', member: winner.member, name: winner.name, at, by } },
      event: event(ctx, 'decided', { nominated: winner.member, name: winner.name, rounds: s.rounds.length, reason: null }),
    });
  }
  const bad = checkText(c.reason, 'The reason the meeting nominates no one');
  if (bad) return bad;
  const reason = (c.reason as string).trim();
  return ok({
    state: { ...s, phase: 'decided', decision: { kind: 'no-nomination', reason, at, by } },
    event: event(ctx, 'decided', { nominated: null, name: null, rounds: s.rounds.length, reason }),
  });
}

const MEETING_STEPS: StepTable<NominationMeetingState, MeetingCommand> = {
  'record-attendance': recordAttendance,
  'remove-attendee': removeAttendee,
  'enter-round': enterRound,
  'open-round': (s, _c, ctx) => openRound(s, ctx),
  'close-round': closeRound,
  decide,
};

export function applyMeeting(state: NominationMeetingState, command: MeetingCommand, ctx: ProcessContext): Step<NominationMeetingState> {
  return dispatchStep(PROCESS, NOMINATION_MEETING_COMMANDS, MEETING_STEPS, MEETING_ALLOWED[state.phase], state, command, ctx);
}

/** What happens next after the rounds so far, in words for the chair and the meeting. */
export function nextWords(s: NominationMeetingState): readonly string[] {
  const counted = meetingCount(s);
  if (counted === null)
    return [`No round yet: round 1 is between ${s.candidates.map((c) => c.name).join(', ')}. A candidate needs more than half of the votes cast.`];
  const { record, verdict } = counted;
  const n = s.rounds.length;
  const last = record.stages[n - 1];
  const name = (i: number) => record.candidates[i] ?? '';
  const names = (xs: readonly number[]) => {
    const ns = [...xs].sort((a, b) => a - b).map(name);
    return ns.length < 2 ? (ns[0] ?? '') : `${ns.slice(0, -1).join(', ')} and ${ns[ns.length - 1]}`;
  };
  const out: string[] = [];
  const cast = last ? Object.values(last.tally).reduce((t: bigint, v: string) => t + BigInt(v), 0n) : 0n;
  for (const e of record.events) {
    if (e.type === 'tie' && e.stage === n) {
      const how = e.rule.includes('lot (')
        ? `by lot (seed ${s.seed}), since no earlier round tells them apart`
        : e.rule.includes('declared')
          ? 'by the declared order'
          : 'by the earlier rounds: whoever had fewer votes in the latest round in which they differed is dropped';
      out.push(`${names(e.tied)} tied for fewest votes; the tie is settled ${how}: ${name(e.chosen)} is dropped.`);
    }
  }
  if (verdict.kind === 'elected') {
    const votes = last?.tally[verdict.candidate] ?? '0';
    const elect = record.events.find((e) => e.type === 'elect');
    out.push(
      elect?.type === 'elect' && elect.reason === 'majority'
        ? `${name(verdict.candidate)} has ${votes} of the ${cast} votes cast in round ${verdict.round}, more than half (${last?.threshold ?? ''} needed): ${name(verdict.candidate)} is the meeting's choice. The secretary now confirms the nomination.`
        : `${name(verdict.candidate)} is the only candidate left after round ${verdict.round}: ${name(verdict.candidate)} is the meeting's choice. The secretary now confirms the nomination.`,
    );
    return out;
  }
  const dropped = record.events.flatMap((e) => (e.type === 'exclude' && e.stage === n ? e.candidates : []));
  const reason = record.events.find((e) => e.type === 'exclude' && e.stage === n);
  out.unshift(`No candidate has more than half of the ${cast} votes cast in round ${n} (${last?.threshold ?? ''} needed).`);
  if (reason?.type === 'exclude' && reason.reason === 'batch')
    out.push(`${names(dropped)} are dropped together: their combined votes are fewer than the next candidate's, so even together they could not overtake.`);
  else if (dropped.length > 0) out.push(`${names(dropped)} has the fewest votes and is dropped.`);
  out.push(`Round ${verdict.round} is a fresh vote between ${names(verdict.standing)}.`);
  return out;
}
