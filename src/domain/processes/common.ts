/**
 * What the three processes (trigger ballot, selection, internal election) share:
 * the context a step runs in, the shape of the events they emit, the one way an
 * invalid step is reported, and the checks every command's data goes through.
 *
 * A process is a pure state machine: `apply(state, command, ctx)` returns the
 * next state and the event explaining it, or an error value. States and events
 * are plain JSON (they are stored as documents), so they hold ISO strings,
 * numbers, strings, booleans, arrays and plain objects only.
 */
import type { CountRecord } from '../../count/record.js';
import { err, type DomainError, type Result } from '../result.js';
import { rulebookRef, type Rulebook } from '../rulebook.js';
import { dateOf, isIsoDate, type Clock, type IsoDate } from '../time.js';

export interface ProcessContext {
  /** The rulebook the process runs under; it must be the one the process was opened with. */
  readonly rulebook: Rulebook;
  readonly clock: Clock;
  /** Who is acting (a member id or an officer's name), recorded on the event. */
  readonly actor?: string | undefined;
}

/** What happened, as plain data: stored in the process's history. */
export interface ProcessEvent {
  readonly type: string;
  /** ISO instant, from the context's clock. */
  readonly at: string;
  readonly by: string | null;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface Transition<S> {
  readonly state: S;
  readonly event: ProcessEvent;
  /** A count's full record, for the store to keep beside the process (record-count only). */
  readonly record?: CountRecord;
}

export type Step<S> = Result<Transition<S>, DomainError>;

/** How a state names its rulebook: id and version, e.g. "labour-2021@1". */
export { rulebookRef };

export function event(ctx: ProcessContext, type: string, data: Record<string, unknown>): ProcessEvent {
  return { type, at: ctx.clock.now().toISOString(), by: ctx.actor ?? null, data };
}

export function today(ctx: ProcessContext): IsoDate {
  return dateOf(ctx.clock.now());
}

/** Commands arrive from forms and scripts: anything that is not an object with a string `type` is refused, not thrown on. */
export function commandType(command: unknown): string | null {
  if (typeof command !== 'object' || command === null || Array.isArray(command)) return null;
  const type = (command as { type?: unknown }).type;
  return typeof type === 'string' ? type : null;
}

/**
 * The single place an out-of-order step becomes an error, so every process words
 * it the same way: the command tried, the phase, and what is allowed instead.
 */
export function invalidTransition(processId: string, command: string, phase: string, allowed: readonly string[]): Result<never> {
  const now =
    allowed.length === 0 ? `nothing more can be done in phase "${phase}": the ${processId} has finished` : `allowed in phase "${phase}": ${allowed.join(', ')}`;
  return err('invalid-transition', `Cannot ${command}: this ${processId} is in phase "${phase}"; ${now}.`);
}

/**
 * The checks shared by every process before its own: the command is one the
 * process knows, the context's rulebook is the one it was opened under, and the
 * command is allowed in the current phase.
 */
export function precheck(
  processId: string,
  command: unknown,
  known: readonly string[],
  stateRulebook: string,
  ctx: ProcessContext,
  phase: string,
  allowed: readonly string[],
): Result<null> {
  const type = commandType(command);
  if (type === null) return err('invalid-command', `A ${processId} command must be an object with a "type" (one of: ${known.join(', ')}).`);
  if (!known.includes(type)) return err('invalid-command', `Unknown command "${type}" for a ${processId}; its commands are: ${known.join(', ')}.`);
  const given = rulebookRef(ctx.rulebook);
  if (given !== stateRulebook) {
    return err(
      'rulebook-mismatch',
      `This ${processId} runs under rulebook ${stateRulebook}, but the step was given ${given}; load ${stateRulebook} to continue it.`,
    );
  }
  if (!allowed.includes(type)) return invalidTransition(processId, type, phase, allowed);
  return { ok: true, value: null };
}

/** Each command type's step, given the command narrowed to that type: a table the compiler checks is complete. */
export type StepTable<S, C extends { readonly type: string }> = {
  readonly [K in C['type']]: (state: S, command: Extract<C, { readonly type: K }>, ctx: ProcessContext) => Step<S>;
};

/**
 * Applies one command to a process: the shared checks (see `precheck`), then
 * the step its type names in `steps`. Every step not allowed now is an
 * `invalid-transition` error naming the phase and what is allowed.
 */
export function dispatchStep<S extends { readonly rulebook: string; readonly phase: string }, C extends { readonly type: string }>(
  processId: string,
  known: readonly C['type'][],
  steps: StepTable<S, C>,
  allowed: readonly string[],
  state: S,
  command: C,
  ctx: ProcessContext,
): Step<S> {
  const pre = precheck(processId, command, known, state.rulebook, ctx, state.phase, allowed);
  if (!pre.ok) return pre;
  // precheck has made sure the type is one of `known`, each of which has its step.
  const step = steps[command.type as C['type']] as (state: S, command: C, ctx: ProcessContext) => Step<S>;
  return step(state, command, ctx);
}

// ---- Field checks: each returns an error value naming the field, or null when fine ----------

export function checkCount(value: unknown, field: string): Result<never> | null {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    return err('invalid-input', `${field} must be a whole number of 0 or more, not ${show(value)}.`);
  }
  return null;
}

export function checkPositive(value: unknown, field: string): Result<never> | null {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    return err('invalid-input', `${field} must be a whole number of 1 or more, not ${show(value)}.`);
  }
  return null;
}

export function checkText(value: unknown, field: string): Result<never> | null {
  if (typeof value !== 'string' || value.trim() === '') return err('invalid-input', `${field} must be a non-empty text, not ${show(value)}.`);
  return null;
}

export function checkDate(value: unknown, field: string): Result<never> | null {
  if (typeof value !== 'string' || !isIsoDate(value)) return err('invalid-input', `${field} must be a date written YYYY-MM-DD, not ${show(value)}.`);
  return null;
}

export function checkStringList(value: unknown, field: string): Result<never> | null {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return err('invalid-input', `${field} must be a list of ids, not ${show(value)}.`);
  const seen = new Set<string>();
  for (const v of value as string[]) {
    if (seen.has(v)) return err('invalid-input', `${field} names "${v}" twice.`);
    seen.add(v);
  }
  return null;
}

/** Each step of a timetable as [what, its date, what follows, its date]: none may come after what follows it. */
export function checkTimetableOrder(order: readonly (readonly [string, IsoDate, string, IsoDate])[]): Result<never> | null {
  for (const [a, da, b, db] of order) {
    if (da > db) return err('timetable', `The timetable is out of order: ${a} (${da}) must not be after ${b} (${db}).`);
  }
  return null;
}

/** One entry (the `i`th, from 0) of a list of units that take part: an id, a name and a class, its id not `listed` already. */
export function checkUnitEntry(
  u: { readonly id: string; readonly name: string; readonly class: string } | null,
  i: number,
  listed: (id: string) => boolean,
): Result<never> | null {
  if (typeof u !== 'object' || u === null) return err('invalid-input', `Unit ${i + 1} must be an object with id, name and class, not ${show(u)}.`);
  const bad = checkText(u.id, `Unit ${i + 1}'s id`) ?? checkText(u.name, `Unit ${i + 1}'s name`);
  if (bad) return bad;
  if (u.class !== 'branch' && u.class !== 'affiliate')
    return err('invalid-input', `Unit ${u.id}'s class must be "branch" or "affiliate", not ${show(u.class)}.`);
  if (listed(u.id)) return err('invalid-input', `Unit ${u.id} is listed twice.`);
  return null;
}

/** A value for a message: short, and never "[object Object]". */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 60 ? text.slice(0, 57) + '...' : text;
  } catch {
    return 'an unreadable value';
  }
}

// ---- Shares and people -----------------------------------------------------------------------

/** Whether part/whole reaches the fraction num/den, exactly (no floating point). */
export function reachesShare(part: number, whole: number, share: { readonly num: number; readonly den: number }): boolean {
  return part * share.den >= share.num * whole;
}

export function shareAsFraction(share: { readonly num: number; readonly den: number }): string {
  return `${share.num}/${share.den}`;
}

/**
 * Gender is self-described free text; the representation rules (women's places,
 * all-women shortlists) count a candidate as a woman when they describe
 * themselves as one ("woman", "female", or a description ending in "woman",
 * e.g. "trans woman").
 */
export function isWoman(gender: string | null | undefined): boolean {
  if (typeof gender !== 'string') return false;
  const g = gender.trim().toLowerCase();
  return g === 'woman' || g === 'female' || g.endsWith(' woman');
}

/** Exhaustiveness at compile time; at run time (a command that slipped past the checks) an error value, not a throw. */
export function unreachable(value: never, what: string): Result<never> {
  return err('invalid-command', `Unhandled ${what}: ${show(value)}.`);
}
