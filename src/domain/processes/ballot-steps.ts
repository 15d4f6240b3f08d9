/**
 * The steps the two processes that hold a ballot of candidates (selection and
 * internal election) take alike: entering and withdrawing candidates, freezing
 * the electorate, opening and closing the ballot. Each process keeps its own
 * phases and events; what is here is only the checking and the state change
 * that are the same in both, so they word their refusals the same way.
 */
import { err, ok, type Result } from '../result.js';
import type { IsoDate } from '../time.js';
import { checkCount, checkDate, checkPositive, checkText, checkTimetableOrder, event, show, today, type ProcessContext, type Step } from './common.js';

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
  process: string,
  first: readonly [string, IsoDate],
  earlier: readonly (readonly [string, IsoDate, string, IsoDate])[] = [],
): Result<never> | null {
  const [what, date] = first;
  if (date < opened) return err('timetable', `${what} would close on ${date}, before the ${process} opens today (${opened}).`);
  return checkTimetableOrder([
    ...earlier,
    ['nominations close', t.nominationsClose, 'the ballot opens', t.ballotOpens],
    ['the freeze date', t.freezeDate, 'the ballot opens', t.ballotOpens],
    ['the ballot opens', t.ballotOpens, 'the ballot closes', t.ballotCloses],
  ]);
}

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
export function newCandidateName(c: CandidateDetails, standing: readonly BallotCandidate[], clash: (name: string, existing: BallotCandidate) => string): Result<string> {
  const bad = checkText(c.name, "The candidate's name");
  if (bad) return bad;
  if (c.gender !== null && c.gender !== undefined && typeof c.gender !== 'string') return err('invalid-input', `Gender must be text or left out, not ${show(c.gender)}.`);
  if (c.member !== null && c.member !== undefined && typeof c.member !== 'string') return err('invalid-input', `The member id must be text or left out, not ${show(c.member)}.`);
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
  process: string,
): Step<S> {
  const who = typeof c.candidate === 'string' ? state.candidates.find((x) => x.id === c.candidate) : undefined;
  if (!who) return err('unknown-candidate', `${show(c.candidate)} is not a candidate in this ${process}.`);
  if (who.withdrawn) return err('already-withdrawn', `${who.name} (${who.id}) already withdrew on ${who.withdrawn.at.slice(0, 10)}.`);
  if (c.reason !== undefined && typeof c.reason !== 'string') return err('invalid-input', `The reason must be text, not ${show(c.reason)}.`);
  const withdrawn: Withdrawal = { at: ctx.clock.now().toISOString(), reason: c.reason ?? null };
  const candidates = state.candidates.map((x) => (x.id === who.id ? { ...x, withdrawn } : x));
  return ok({ state: { ...state, candidates }, event: event(ctx, 'withdrawn', { candidate: who.id, name: who.name, phase: state.phase, reason: withdrawn.reason }) });
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

/** The ballot may open from its opening day until its closing day, never after. */
export function checkBallotOpens(timetable: { readonly ballotOpens: IsoDate; readonly ballotCloses: IsoDate }, ctx: ProcessContext): Result<never> | null {
  const now = today(ctx);
  const { ballotOpens, ballotCloses } = timetable;
  if (now < ballotOpens) return err('timetable', `The ballot opens on ${ballotOpens} (today is ${now}).`);
  if (now > ballotCloses) return err('timetable', `The ballot was due to close on ${ballotCloses} (today is ${now}); it can no longer open under this timetable.`);
  return null;
}

export interface BallotTimes {
  readonly openedAt: string;
  readonly closedAt: string | null;
}

/** The ballot as just opened now. */
export const ballotOpened = (ctx: ProcessContext): BallotTimes => ({ openedAt: ctx.clock.now().toISOString(), closedAt: null });

interface WithBallot {
  readonly phase: string;
  readonly timetable: { readonly ballotCloses: IsoDate };
  readonly ballot: BallotTimes | null;
}

/** Closes the ballot (phase "closed"), not before its closing day. */
export function closeBallotStep<S extends WithBallot>(state: S, ctx: ProcessContext): Step<S> {
  const now = today(ctx);
  const closes = state.timetable.ballotCloses;
  if (now < closes) return err('timetable', `The ballot closes on ${closes} (today is ${now}); it cannot close early.`);
  const at = ctx.clock.now().toISOString();
  return ok({ state: { ...state, phase: 'closed', ballot: { openedAt: state.ballot?.openedAt ?? at, closedAt: at } }, event: event(ctx, 'ballot-closed', {}) });
}
