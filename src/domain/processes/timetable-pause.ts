/**
 * Pausing, resuming and extending a process's timetable: steps a national officer takes (a snap
 * election, a dispute, an emergency), each with a required reason, on a trigger ballot or a
 * selection.
 *
 *   under way ──pause-timetable──▶ paused (the same phase; no step but resume-timetable, and disputes)
 *   paused    ──resume-timetable──▶ under way, the dates still to come moved on by the days it was
 *                                   paused, or set to the new dates given
 *   under way ──extend-timetable──▶ under way, the closing date of the stage under way moved later
 *                                   (and the dates after it by as many days)
 *
 * A paused process keeps its phase: `paused` says since when and why, and `timetableChanges` keeps
 * every pause, resumption and extension. While a ballot is paused nobody may vote in it
 * (`outsideVotingWindow` says so) and the timetable's scheduler does not close it.
 *
 * `pausedState` is the pause on its own, for a dispute's remedy to call within its own step.
 */
import { addDays, dayNumber, longDate } from '../calendar.js';
import { DEFAULT_TIME_ZONE, endOfDay, wallClock, zonedInstant, type TimeOfDay } from '../local-time.js';
import { err, ok, type Result } from '../result.js';
import type { IsoDate } from '../time.js';
import { checkDate, checkText, event, show, today, type ProcessContext, type ProcessEvent } from './common.js';

/** Why and since when a process's timetable stands still. */
export interface TimetablePause {
  readonly since: string;
  readonly reason: string;
  readonly by: string | null;
}

/** One change to a timetable, kept in order. `dates`: the timetable's dates after it (resumed and extended only). */
export interface TimetableChange {
  readonly kind: 'paused' | 'resumed' | 'extended';
  readonly at: string;
  readonly by: string | null;
  readonly reason: string;
  readonly dates?: Readonly<Record<string, IsoDate>>;
}

/** The fields a process with a timetable that may be paused keeps (absent from processes stored before pauses were kept). */
export interface Pausable {
  readonly paused?: TimetablePause | null | undefined;
  readonly timetableChanges?: readonly TimetableChange[] | undefined;
}

export type TimetableCommand =
  | { readonly type: 'pause-timetable'; readonly reason: string }
  /** `dates`: new dates for some of the timetable's steps; without them, every date still to come moves on by the days paused. */
  | { readonly type: 'resume-timetable'; readonly reason: string; readonly dates?: Readonly<Record<string, string>> }
  | { readonly type: 'extend-timetable'; readonly reason: string; readonly closes: string };
export type TimetableCommandType = TimetableCommand['type'];
export const TIMETABLE_COMMANDS: readonly TimetableCommandType[] = ['pause-timetable', 'resume-timetable', 'extend-timetable'];

/** The longest reason kept. */
export const TIMETABLE_REASON_MAX = 2000;

/** How one kind of process shows its timetable to these steps. */
export interface TimedProcess<S> {
  /** The timetable's dates by name, in order. */
  readonly dates: (s: S) => Readonly<Record<string, IsoDate>>;
  /** The process with these dates (a ballot open moves its closing moment with its closing day). */
  readonly withDates: (s: S, dates: Readonly<Record<string, IsoDate>>) => S;
  /** The dates in order, or why not. */
  readonly checkOrder: (dates: Readonly<Record<string, IsoDate>>) => Result<never> | null;
  /** The date that ends the stage under way, which extending moves: its name in `dates`. */
  readonly closing: (s: S) => string;
  /** Each date's name in words ("the closing date"). */
  readonly words: Readonly<Record<string, string>>;
}

export const isPaused = (s: Pausable): boolean => s.paused !== undefined && s.paused !== null;

function checkReason(reason: unknown, what: string): Result<never> | null {
  const bad = checkText(reason, what);
  if (bad) return bad;
  if ((reason as string).length > TIMETABLE_REASON_MAX) return err('invalid-input', `${what} is longer than ${TIMETABLE_REASON_MAX} characters.`);
  return null;
}

const changed = <S extends Pausable>(s: S, change: TimetableChange): readonly TimetableChange[] => [...(s.timetableChanges ?? []), change];

/** The process paused, with its reason: the pause alone, for a step of the process's own (a dispute's remedy) to call. */
export function pausedState<S extends Pausable>(state: S, reason: unknown, ctx: ProcessContext): Result<S> {
  const bad = checkReason(reason, 'The reason for pausing the timetable');
  if (bad) return bad;
  if (isPaused(state))
    return err('already-recorded', `The timetable has been paused since ${longDate(state.paused!.since.slice(0, 10) as IsoDate)}: ${state.paused!.reason}`);
  const at = ctx.clock.now().toISOString();
  const by = ctx.actor ?? null;
  const r = (reason as string).trim();
  return ok({ ...state, paused: { since: at, reason: r, by }, timetableChanges: changed(state, { kind: 'paused', at, by, reason: r }) });
}

/** Applies one timetable command to a process. */
export function applyTimetableCommand<S extends Pausable>(
  timed: TimedProcess<S>,
  state: S,
  c: TimetableCommand,
  ctx: ProcessContext,
): Result<{ state: S; event: ProcessEvent }> {
  switch (c.type) {
    case 'pause-timetable': {
      const paused = pausedState(state, c.reason, ctx);
      if (!paused.ok) return paused;
      return ok({ state: paused.value, event: event(ctx, 'timetable-paused', { reason: paused.value.paused!.reason }) });
    }
    case 'resume-timetable':
      return resume(timed, state, c, ctx);
    case 'extend-timetable':
      return extend(timed, state, c, ctx);
  }
}

function resume<S extends Pausable>(
  timed: TimedProcess<S>,
  state: S,
  c: Extract<TimetableCommand, { type: 'resume-timetable' }>,
  ctx: ProcessContext,
): Result<{ state: S; event: ProcessEvent }> {
  const bad = checkReason(c.reason, 'The reason for resuming the timetable');
  if (bad) return bad;
  const pause = state.paused;
  if (pause === undefined || pause === null) return err('not-recorded', 'The timetable is not paused: there is nothing to resume.');
  const now = today(ctx);
  const since = pause.since.slice(0, 10) as IsoDate;
  const before = timed.dates(state);
  let dates: Record<string, IsoDate>;
  let days: number | null = null;
  const given = c.dates === undefined || c.dates === null ? {} : c.dates;
  if (typeof given !== 'object') return err('invalid-input', `The new dates must be given by step, not ${show(given)}.`);
  const named = Object.entries(given).filter(([, v]) => v !== undefined && v !== '');
  if (named.length === 0) {
    // Every date still to come when the timetable stopped moves on by the days it stood still.
    days = dayNumber(now) - dayNumber(since);
    dates = Object.fromEntries(Object.entries(before).map(([k, v]) => [k, v >= since ? addDays(v, days!) : v]));
  } else {
    dates = { ...before };
    for (const [k, v] of named) {
      if (!Object.hasOwn(before, k)) return err('invalid-input', `The timetable has no step "${k}"; its steps are: ${Object.keys(before).join(', ')}.`);
      const what = timed.words[k] ?? k;
      const badDate = checkDate(v, `The new date for ${what}`);
      if (badDate) return badDate;
      if ((v as IsoDate) < now && v !== before[k])
        return err('timetable', `The new date for ${what}, ${longDate(v as IsoDate)}, has passed (today is ${longDate(now)}).`);
      dates[k] = v as IsoDate;
    }
  }
  const badOrder = timed.checkOrder(dates);
  if (badOrder) return badOrder;
  const at = ctx.clock.now().toISOString();
  const by = ctx.actor ?? null;
  const reason = c.reason.trim();
  const next: S = { ...timed.withDates(state, dates), paused: null, timetableChanges: changed(state, { kind: 'resumed', at, by, reason, dates }) };
  return ok({ state: next, event: event(ctx, 'timetable-resumed', { reason, pausedSince: pause.since, shiftedDays: days, timetable: dates }) });
}

function extend<S extends Pausable>(
  timed: TimedProcess<S>,
  state: S,
  c: Extract<TimetableCommand, { type: 'extend-timetable' }>,
  ctx: ProcessContext,
): Result<{ state: S; event: ProcessEvent }> {
  const bad = checkReason(c.reason, 'The reason for extending the timetable') ?? checkDate(c.closes, 'The new closing date');
  if (bad) return bad;
  // The steps on or after the one extended (an emergency selection's nominations close with its applications) move on
  // by as many days, so the timetable keeps its order and its gaps.
  const r = extendedState(timed, state, c.closes as IsoDate, c.reason.trim(), ctx, 'move-later');
  if (!r.ok) return r;
  const { next, field, from, dates } = r.value;
  return ok({ state: next, event: event(ctx, 'timetable-extended', { reason: c.reason.trim(), step: field, from, to: c.closes, timetable: dates }) });
}

/**
 * The timetable extended: the date ending the stage under way moved to `to`, and, with 'move-later',
 * the dates on or after it moved on by as many days ('keep-later': they stay, as a disputes panel's
 * extension leaves them); the change kept with its reason. The extension alone, for the step above
 * and for a dispute's remedy, which records it in its own step.
 */
export function extendedState<S extends Pausable>(
  timed: TimedProcess<S>,
  state: S,
  to: IsoDate,
  reason: string,
  ctx: ProcessContext,
  later: 'move-later' | 'keep-later',
): Result<{ next: S; field: string; from: IsoDate; dates: Readonly<Record<string, IsoDate>> }> {
  if (isPaused(state)) return err('timetable', 'The timetable is paused: resume it (with new dates if need be) before extending it.');
  const before = timed.dates(state);
  const field = timed.closing(state);
  const from = before[field]!;
  const what = timed.words[field] ?? field;
  if (to <= from) return err('timetable', `The new date for ${what}, ${longDate(to)}, must be after the present one, ${longDate(from)}.`);
  const days = dayNumber(to) - dayNumber(from);
  const moved = (k: string, v: IsoDate): IsoDate => (k === field ? to : later === 'move-later' && v >= from ? addDays(v, days) : v);
  const dates = Object.fromEntries(Object.entries(before).map(([k, v]) => [k, moved(k, v)]));
  const badOrder = timed.checkOrder(dates);
  if (badOrder) return badOrder;
  const at = ctx.clock.now().toISOString();
  const by = ctx.actor ?? null;
  const next: S = { ...timed.withDates(state, dates), timetableChanges: changed(state, { kind: 'extended', at, by, reason, dates }) };
  return ok({ next, field, from, dates });
}

/** What a selection and an election share for `TimedProcess.withDates`: a timetable ending in a ballot. */
interface BallotTimed<T> {
  readonly timetable: T;
  readonly electorate: unknown;
  readonly ballot: { readonly closesAt?: string | undefined; readonly timeZone?: string | undefined } | null;
}

/**
 * A ballot process with new dates for some of its timetable's steps. An electorate frozen already was
 * judged at its freeze date, so that date no longer moves; an open ballot's closing moment moves with
 * its closing day.
 */
export function ballotWithDates<T extends { readonly freezeDate: IsoDate; readonly ballotCloses: IsoDate }, S extends BallotTimed<T>>(
  s: S,
  d: Readonly<Record<string, IsoDate>>,
): S {
  const t = s.timetable;
  const timetable = Object.fromEntries(
    Object.entries(t).map(([step, date]) => [step, step === 'freezeDate' && s.electorate !== null ? date : (d[step] ?? date)]),
  ) as T;
  const b = s.ballot;
  if (b === null || b.closesAt === undefined || timetable.ballotCloses === t.ballotCloses) return { ...s, timetable };
  const zone = b.timeZone ?? DEFAULT_TIME_ZONE;
  return { ...s, timetable, ballot: { ...b, closesAt: movedClosingMoment(b.closesAt, zone, t.ballotCloses, timetable.ballotCloses) } };
}

/**
 * A ballot's closing moment moved with its closing day: the same time of day on the new day (midnight at
 * its end when it closed at the end of the old one).
 */
export function movedClosingMoment(closesAt: string, zone: string, from: IsoDate, to: IsoDate): string {
  const old = new Date(closesAt);
  if (old.getTime() === endOfDay(from, zone).getTime()) return endOfDay(to, zone).toISOString();
  const w = wallClock(old, zone);
  const time = `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}` as TimeOfDay;
  const shift = dayNumber(to) - dayNumber(from);
  return zonedInstant(addDays(w.date, shift), time, zone).toISOString();
}

/** "Paused since Monday 7 December 2026: a general election has been called." — for pages and the command line. */
export function pauseWords(p: TimetablePause): string {
  return `Paused since ${longDate(p.since.slice(0, 10) as IsoDate)}: ${p.reason}`;
}
