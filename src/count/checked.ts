/**
 * A value the code's own bookkeeping guarantees is there (a candidate's entry in a per-candidate
 * array, the element a length check just proved). Missing means a bug in the count, not a fault
 * in the ballots, so it throws rather than counting on with a made-up value.
 */
export function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`internal error: ${what} is missing`);
  return value;
}
