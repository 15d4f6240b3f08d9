/**
 * Time is an input. Processes never read the system clock (that lives in
 * src/runtime/system-clock.ts): callers pass a Clock, so every process and test
 * is deterministic.
 */
export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** A clock that stays where it is put (for tests, replays and simulations). */
export function fixedClock(at: Date | string): Clock & { set(to: Date | string): void; advanceDays(days: number): void } {
  let t = new Date(at);
  return {
    now: () => new Date(t),
    set(to) {
      t = new Date(to);
    },
    advanceDays(days) {
      t = new Date(t.getTime() + days * 86_400_000);
    },
  };
}

/** A calendar date, "YYYY-MM-DD" (membership and freeze dates are dates, not instants). */
export type IsoDate = string & { readonly __brand: 'IsoDate' };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(s: string): s is IsoDate {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export function isoDate(s: string): IsoDate {
  if (!isIsoDate(s)) throw new RangeError(`not a date (YYYY-MM-DD): "${s}"`);
  return s;
}

/** The calendar date of an instant, in UTC. */
export function dateOf(t: Date): IsoDate {
  return t.toISOString().slice(0, 10) as IsoDate;
}
