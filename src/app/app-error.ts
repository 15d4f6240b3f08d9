/**
 * The one contract of the use cases: a refusal is a value, `Result<T, AppError>`, never a throw.
 * Its `code` is the short list an adapter needs to answer with (the command line's exit status in
 * cli/exit-status.ts, the web's HTTP status in web/server/http-status.ts); `reason` keeps the
 * domain's or the store's own code, for the few screens that answer one refusal in their own words.
 */
import type { DomainError, Result } from '../domain/result.js';

export type AppErrorCode =
  /** What was named does not exist. */
  | 'not-found'
  /** What was sent cannot apply to what it names (a candidate not on the ballot paper, ranked twice). */
  | 'malformed'
  /** What was sent breaks a rule: bad figures, a date out of the timetable, too few women. */
  | 'invalid'
  /** Refused because of the state things are in: out of turn, already done, another process under way. */
  | 'conflict'
  /** The member may not do this (not in the electorate). */
  | 'forbidden'
  /** Too many attempts in a while: wait and try again. */
  | 'throttled'
  /** This installation cannot do it (the process's rulebook is not bundled). */
  | 'unavailable';

export interface AppError {
  readonly code: AppErrorCode;
  /** The domain's or the store's code ("invalid-transition", "already-voted"…), or the use case's own. */
  readonly reason: string;
  /** A sentence a branch secretary can act on. */
  readonly message: string;
}

export type AppResult<T, E extends AppError = AppError> = Result<T, E>;

export const refusal = (code: AppErrorCode, reason: string, message: string): { readonly ok: false; readonly error: AppError } => ({
  ok: false,
  error: { code, reason, message },
});

/** The domain and store reasons that are about the state things are in rather than about what was sent. */
const CONFLICT_REASONS: ReadonlySet<string> = new Set([
  'invalid-transition',
  'already-recorded',
  'already-voted',
  'already-withdrawn',
  'already-applied',
  'already-nominated',
  'under-way',
  'no-incumbent',
  'candidate-selected',
  'seal-mismatch',
  'not-sealed',
  'not-open',
  'closed',
  'tracker-taken',
]);

const OTHER_REASONS: ReadonlyMap<string, AppErrorCode> = new Map([
  ['not-found', 'not-found'],
  ['bad-ranking', 'malformed'],
  ['not-eligible', 'forbidden'],
  ['rulebook-missing', 'unavailable'],
]);

/** A domain or store refusal in the application's terms: the one place its code is classified. */
export function fromDomain(error: DomainError): AppError {
  const code = CONFLICT_REASONS.has(error.code) ? 'conflict' : (OTHER_REASONS.get(error.code) ?? 'invalid');
  return { code, reason: error.code, message: error.message };
}

/** A domain or store result in the application's terms. */
export function inAppTerms<T>(r: Result<T, DomainError>): AppResult<T> {
  return r.ok ? r : { ok: false, error: fromDomain(r.error) };
}
