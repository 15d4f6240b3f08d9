/**
 * The steps the two processes that hold a ballot of candidates (selection and
 * internal election) take alike: entering and withdrawing candidates, freezing
 * the electorate, opening, closing and counting the ballot. Each process keeps its own
 * phases and events; what is here is only the checking and the state change
 * that are the same in both, so they word their refusals the same way.
 */
import { longDate } from '../calendar.js';
import { err, ok, type Result } from '../result.js';
import { checkTimeOfDay, checkTimeZone, DEFAULT_TIME_ZONE, endOfDay, localDate, MIDNIGHT, momentWords, zonedInstant, zoneWords } from '../local-time.js';
import type { IsoDate } from '../time.js';
import { runCount, type CountRequest, type Counted, type RankedBallot } from './ballot-count.js';
import { checkCount, checkDate, checkPositive, checkText, checkTimetableOrder, event, show, type ProcessContext, type Step } from './common.js';

/** The dates every ballot's timetable has; a process may add its own steps before them. */
export interface BallotTimetable {
  /** Last day a candidate may be nominated. */
  readonly nominationsClose: IsoDate;
  readonly freezeDate: IsoDate;
  readonly ballotOpens: IsoDate;
  readonly ballotCloses: IsoDate;
}

/** The timetable is an object and each of `fields` (named as in the timetable) is a date. */
export function checkTimetableDates(t: unknown, fields: readonly string[]): Result<never> | null {
  if (typeof t !== 'object' || t === null) {
    return err('invalid-input', `The timetable must give ${fields.slice(0, -1).join(', ')} and ${fields[fields.length - 1]}, not ${show(t)}.`);
  }
  for (const field of fields) {
    const bad = checkDate((t as Record<string, unknown>)[field], `The timetable: ${field}`);
    if (bad) return bad;
  }
  return null;
}

/**
 * The first deadline (`first`: what closes, e.g. "Applications", and when) is
 * not before the `process` opens today, and no step comes after the one that
 * follows it: the process's own `earlier` steps, then nominations, freeze date
 * and ballot.
 */
export function checkBallotTimetable(
  t: BallotTimetable,
  opened: IsoDate,
  processId: string,
  first: readonly [string, IsoDate],
  earlier: readonly (readonly [string, IsoDate, string, IsoDate])[] = [],
): Result<never> | null {
  const [what, date] = first;
  if (date < opened) return err('timetable', `${what} would close on ${date}, before the ${processId} opens today (${opened}).`);
  return checkTimetableOrder([
    ...earlier,
    ['nominations close', t.nominationsClose, 'the ballot opens', t.ballotOpens],
    ['the freeze date', t.freezeDate, 'the ballot opens', t.ballotOpens],
    ['the ballot opens', t.ballotOpens, 'the ballot closes', t.ballotCloses],
  ]);
}

/** The commands of the ballot's end of a process, the same in every process that holds one. */
export type BallotCommand =
  | { readonly type: 'freeze-electorate'; readonly eligible: number; readonly total: number; readonly summary?: string }
  | ({ readonly type: 'open-ballot' } & BallotOpening)
  | { readonly type: 'close-ballot'; readonly byTimetable?: boolean }
  | {
      readonly type: 'record-count';
      readonly ballots: readonly RankedBallot[];
      readonly seed?: number;
      /** Candidate ids in the order the count numbers them (an encrypted ballot's protocol order, which its board's rankings index); the paper's order by default. */
      readonly order?: readonly string[];
    }
  | { readonly type: 'declare' };

export const BALLOT_COMMANDS: readonly BallotCommand['type'][] = ['freeze-electorate', 'open-ballot', 'close-ballot', 'record-count', 'declare'];

/** The ballot's end of the transition table, the same in every process that holds one: a candidate may withdraw until the ballot closes. */
export const BALLOT_ALLOWED = {
  'electorate-frozen': ['withdraw', 'open-ballot'],
  'ballot-open': ['withdraw', 'close-ballot'],
  closed: ['record-count'],
  counted: ['declare'],
  declared: [],
} as const;

export interface Withdrawal {
  readonly at: string;
  readonly reason: string | null;
}

export interface BallotCandidate {
  readonly id: string;
  readonly name: string;
  readonly withdrawn: Withdrawal | null;
}

/** What a command entering a candidate carries, as it arrived (forms and scripts may send anything). */
export interface CandidateDetails {
  readonly name: string;
  readonly gender: string | null;
  readonly member?: string | null;
}

/**
 * Checks a new candidate's details against those already standing; returns the
 * name as it will be stored (trimmed), or an error. `clash` words the refusal
 * when a standing candidate already has the name.
 */
export function newCandidateName(
  c: CandidateDetails,
  standing: readonly BallotCandidate[],
  clash: (name: string, existing: BallotCandidate) => string,
): Result<string> {
  const bad = checkText(c.name, "The candidate's name");
  if (bad) return bad;
  if (c.gender !== null && c.gender !== undefined && typeof c.gender !== 'string')
    return err('invalid-input', `Gender must be text or left out, not ${show(c.gender)}.`);
  if (c.member !== null && c.member !== undefined && typeof c.member !== 'string')
    return err('invalid-input', `The member id must be text or left out, not ${show(c.member)}.`);
  const name = c.name.trim();
  const same = standing.find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (same) return err('duplicate', clash(name, same));
  return ok(name);
}

interface WithCandidates<C extends BallotCandidate> {
  readonly phase: string;
  readonly candidates: readonly C[];
}

/** A candidate withdraws (once), with an optional reason; `process` names the process in the refusal ("selection", "election"). */
export function withdrawCandidate<C extends BallotCandidate, S extends WithCandidates<C>>(
  state: S,
  c: { readonly candidate: unknown; readonly reason?: unknown },
  ctx: ProcessContext,
  processId: string,
): Step<S> {
  const who = typeof c.candidate === 'string' ? state.candidates.find((x) => x.id === c.candidate) : undefined;
  if (!who) return err('unknown-candidate', `${show(c.candidate)} is not a candidate in this ${processId}.`);
  if (who.withdrawn) return err('already-withdrawn', `${who.name} (${who.id}) already withdrew on ${who.withdrawn.at.slice(0, 10)}.`);
  if (c.reason !== undefined && typeof c.reason !== 'string') return err('invalid-input', `The reason must be text, not ${show(c.reason)}.`);
  const withdrawn: Withdrawal = { at: ctx.clock.now().toISOString(), reason: c.reason ?? null };
  const candidates = state.candidates.map((x) => (x.id === who.id ? { ...x, withdrawn } : x));
  return ok({
    state: { ...state, candidates },
    event: event(ctx, 'withdrawn', { candidate: who.id, name: who.name, phase: state.phase, reason: withdrawn.reason }),
  });
}

export interface FrozenElectorate {
  readonly freezeDate: IsoDate;
  readonly eligible: number;
  readonly total: number;
  readonly summary: string | null;
  readonly frozenAt: string;
}

/** The figures of a freeze-electorate command, checked, as the summary a state keeps. */
export function frozenElectorate(
  c: { readonly eligible: number; readonly total: number; readonly summary?: string },
  freezeDate: IsoDate,
  ctx: ProcessContext,
): Result<FrozenElectorate> {
  const bad = checkPositive(c.eligible, 'The number of eligible members') ?? checkCount(c.total, 'The number of members considered');
  if (bad) return bad;
  if (c.eligible > c.total) return err('invalid-input', `${c.eligible} eligible members is more than the ${c.total} considered.`);
  if (c.summary !== undefined && typeof c.summary !== 'string') return err('invalid-input', `The summary must be text, not ${show(c.summary)}.`);
  return ok({ freezeDate, eligible: c.eligible, total: c.total, summary: c.summary ?? null, frozenAt: ctx.clock.now().toISOString() });
}

/** What an officer opening the ballot may state, as it arrived (forms and scripts may send anything). */
export interface BallotOpening {
  /** The organisation's time zone, in which the timetable's days are read (default Europe/London). */
  readonly timeZone?: unknown;
  /** The time voting starts on the opening day, "HH:MM" (default 00:00: the start of the day). */
  readonly opensAt?: unknown;
  /** The time voting ends on the closing day, "HH:MM" (default: midnight at the end of that day). */
  readonly closesAt?: unknown;
}

export interface BallotTimes {
  readonly openedAt: string;
  readonly closedAt: string | null;
  /**
   * The voting window, fixed when the ballot opens, as instants (ISO, UTC), and the zone its days
   * were read in. Absent from ballots opened before the window was kept: votingWindow then reads
   * it from the timetable's days.
   */
  readonly opensAt?: string;
  readonly closesAt?: string;
  readonly timeZone?: string;
  /** True when the server closed it at the closing moment rather than an officer. */
  readonly closedByTimetable?: boolean;
}

export interface VotingWindow {
  /** Casting is allowed from this instant … */
  readonly opens: Date;
  /** … until just before this one. */
  readonly closes: Date;
  readonly zone: string;
}

interface WithWindow {
  readonly timetable: { readonly ballotOpens: IsoDate; readonly ballotCloses: IsoDate };
  readonly ballot: BallotTimes | null;
  /** A ballot whose timetable is paused takes no votes until it resumes (see timetable-pause.ts). */
  readonly paused?: { readonly since: string; readonly reason: string } | null | undefined;
}

/**
 * The instants the ballot is open between: as fixed when it opened, or, before
 * that, the timetable's opening and closing days whole, read in `zone` (the
 * organisation's, where the ballot has not recorded its own).
 */
export function votingWindow(state: WithWindow, zone: string = DEFAULT_TIME_ZONE): VotingWindow {
  const b = state.ballot;
  const z = b?.timeZone ?? zone;
  return {
    opens: b?.opensAt ? new Date(b.opensAt) : zonedInstant(state.timetable.ballotOpens, MIDNIGHT, z),
    closes: b?.closesAt ? new Date(b.closesAt) : endOfDay(state.timetable.ballotCloses, z),
    zone: z,
  };
}

/** "midnight at the end of Thursday 4 March 2027 (UK time)": the closing moment for people. */
export function closingWords(state: WithWindow, zone?: string): string {
  const w = votingWindow(state, zone);
  return `${momentWords(w.closes, w.zone)} (${zoneWords(w.zone)})`;
}

/** The same for the opening moment. */
export function openingWords(state: WithWindow, zone?: string): string {
  const w = votingWindow(state, zone);
  return `${momentWords(w.opens, w.zone, 'start')} (${zoneWords(w.zone)})`;
}

/**
 * The voting window as a sentence for a page: when voting opens and closes, or
 * closed, at `now` ("Voting closes at midnight at the end of Thursday 4 March 2027 (UK time).").
 */
export function votingSentence(state: WithWindow & { readonly phase: string }, now: Date, zone?: string): string {
  const w = votingWindow(state, zone);
  const closed = state.ballot?.closedAt ?? null;
  if (closed !== null) {
    // Closed by the timetable, votes stopped at the closing moment, however late the server got round to sealing the box.
    const at = state.ballot?.closedByTimetable ? w.closes : new Date(closed);
    return `Voting closed at ${momentWords(at, w.zone)} (${zoneWords(w.zone)}).`;
  }
  if (now.getTime() >= w.closes.getTime()) return `Voting closed at ${momentWords(w.closes, w.zone)} (${zoneWords(w.zone)}).`;
  if (now.getTime() < w.opens.getTime())
    return `Voting opens at ${momentWords(w.opens, w.zone, 'start')} and closes at ${momentWords(w.closes, w.zone)} (${zoneWords(w.zone)}).`;
  return `Voting closes at ${momentWords(w.closes, w.zone)} (${zoneWords(w.zone)}).`;
}

/**
 * Why a vote cast at `now` falls outside the voting window, in words for the
 * voter or the officer at the paper desk (a sentence without its full stop); null inside it. The timetable decides,
 * whatever phase the ballot shows: a box nobody has closed yet is closed all the same.
 */
export function outsideVotingWindow(state: WithWindow, now: Date, zone?: string): string | null {
  const w = votingWindow(state, zone);
  if (state.paused)
    return `Voting in this ballot is paused since ${longDate(state.paused.since.slice(0, 10) as IsoDate)}: ${state.paused.reason.replace(/\.$/, '')}`;
  if (now.getTime() >= w.closes.getTime()) return `This ballot closed at ${momentWords(w.closes, w.zone)} (${zoneWords(w.zone)})`;
  if (now.getTime() < w.opens.getTime()) return `This ballot opens at ${momentWords(w.opens, w.zone, 'start')} (${zoneWords(w.zone)})`;
  return null;
}

/**
 * Opens the ballot now, fixing its voting window: from the opening day (in the
 * organisation's zone) until its closing moment, never after it. An opening time
 * later than now on the opening day opens the box but lets no one vote until then.
 */
export function openBallotTimes(
  timetable: { readonly ballotOpens: IsoDate; readonly ballotCloses: IsoDate },
  c: BallotOpening,
  ctx: ProcessContext,
): Result<BallotTimes> {
  const zone = c.timeZone === undefined || c.timeZone === null ? ok(DEFAULT_TIME_ZONE) : checkTimeZone(c.timeZone, 'The time zone');
  if (!zone.ok) return zone;
  const opensAt = c.opensAt === undefined || c.opensAt === null || c.opensAt === '' ? ok(MIDNIGHT) : checkTimeOfDay(c.opensAt, 'The opening time');
  if (!opensAt.ok) return opensAt;
  const closesAt = c.closesAt === undefined || c.closesAt === null || c.closesAt === '' ? null : checkTimeOfDay(c.closesAt, 'The closing time');
  if (closesAt !== null && !closesAt.ok) return closesAt;
  const z = zone.value;
  const nowAt = ctx.clock.now();
  const now = localDate(nowAt, z);
  const { ballotOpens, ballotCloses } = timetable;
  const opens = zonedInstant(ballotOpens, opensAt.value, z);
  const closes = closesAt === null ? endOfDay(ballotCloses, z) : zonedInstant(ballotCloses, closesAt.value, z);
  if (now < ballotOpens) return err('timetable', `The ballot opens on ${longDate(ballotOpens)} (today is ${longDate(now)}).`);
  if (closes.getTime() <= opens.getTime())
    return err('timetable', `The ballot would close at ${momentWords(closes, z)}, no later than it opens (${momentWords(opens, z, 'start')}).`);
  if (nowAt.getTime() >= closes.getTime()) {
    return err('timetable', `The ballot was due to close at ${momentWords(closes, z)} (${zoneWords(z)}); it can no longer open under this timetable.`);
  }
  return ok({ openedAt: nowAt.toISOString(), closedAt: null, opensAt: opens.toISOString(), closesAt: closes.toISOString(), timeZone: z });
}

/** The window as the opening event records it, so the process's history says when voting was to end. */
export const windowOf = (b: BallotTimes): Record<string, string | undefined> => ({ opensAt: b.opensAt, closesAt: b.closesAt, timeZone: b.timeZone });

interface WithBallot extends WithWindow {
  readonly phase: string;
}

/**
 * Closes the ballot (phase "closed"). An officer may close it from its closing
 * day on; the timetable (`byTimetable`, the server's own close) closes it at its
 * closing moment, and the event says so, with that moment.
 */
export function closeBallotStep<S extends WithBallot>(state: S, c: { readonly byTimetable?: unknown }, ctx: ProcessContext): Step<S> {
  const nowAt = ctx.clock.now();
  const w = votingWindow(state);
  const at = nowAt.toISOString();
  const opened = state.ballot?.openedAt ?? at;
  if (c.byTimetable === true) {
    if (nowAt.getTime() < w.closes.getTime())
      return err('timetable', `The ballot closes at ${momentWords(w.closes, w.zone)} (${zoneWords(w.zone)}); the timetable cannot close it before then.`);
    const ballot: BallotTimes = { ...state.ballot, openedAt: opened, closedAt: at, closedByTimetable: true };
    return ok({
      state: { ...state, phase: 'closed', ballot },
      event: event(ctx, 'ballot-closed', { byTimetable: true, closingMoment: w.closes.toISOString() }),
    });
  }
  const now = localDate(nowAt, w.zone);
  const closes = state.timetable.ballotCloses;
  if (now < closes) return err('timetable', `The ballot closes on ${longDate(closes)} (today is ${longDate(now)}); it cannot close early.`);
  return ok({ state: { ...state, phase: 'closed', ballot: { ...state.ballot, openedAt: opened, closedAt: at } }, event: event(ctx, 'ballot-closed', {}) });
}

/** What a count needs of the ballot paper; the rest of its request comes from the state, the command and the clock. */
export type BallotPaper = Pick<CountRequest, 'candidates' | 'seats' | 'method' | 'minWomen'>;

/** Counts a closed ballot: the command's ballots and seed, checked against the electorate as frozen, at the clock's moment. */
export function countClosedBallot(
  state: { readonly title: string; readonly electorate: { readonly eligible: number } | null },
  paper: BallotPaper,
  c: Extract<BallotCommand, { type: 'record-count' }>,
  ctx: ProcessContext,
): Result<Counted> {
  const place = new Map((c.order ?? []).map((id, i) => [id, i]));
  const candidates =
    c.order === undefined ? paper.candidates : [...paper.candidates].sort((a, b) => (place.get(a.id) ?? Infinity) - (place.get(b.id) ?? Infinity));
  return runCount({
    title: state.title,
    ...paper,
    candidates,
    ballots: c.ballots,
    seed: c.seed,
    electorate: state.electorate?.eligible ?? 0,
    at: ctx.clock.now().toISOString(),
  });
}
