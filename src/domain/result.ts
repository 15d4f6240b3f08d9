/** Expected failures are values: a process step that is not allowed returns an Err with a clear message. */
export type Result<T, E = DomainError> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export interface DomainError {
  /** Stable machine-readable code, e.g. "invalid-transition", "not-eligible". */
  readonly code: string;
  /** A sentence a branch secretary can act on. */
  readonly message: string;
}

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = (code: string, message: string): Result<never> => ({ ok: false, error: { code, message } });
