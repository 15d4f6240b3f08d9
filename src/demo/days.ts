/**
 * Calendar dates as day numbers (days since 1970-01-01), converted with
 * Hinnant's civil-calendar algorithms: the generator makes millions of dates and
 * a Date object for each would dominate its time.
 */
import type { IsoDate } from '../domain/time.js';

export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function daysOf(date: IsoDate | string): number {
  return daysFromCivil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

const PAD2: string[] = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));

export function isoOfDays(days: number): IsoDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${PAD2[m]}-${PAD2[d]}` as IsoDate;
}

/** The date `months` calendar months after (or, negative, before) `date`, clamped to the month's end. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + months;
  const ny = y + Math.floor(m / 12);
  const nm = ((m % 12) + 12) % 12;
  const last = daysFromCivil(nm === 11 ? ny + 1 : ny, nm === 11 ? 1 : nm + 2, 1) - daysFromCivil(ny, nm + 1, 1);
  const d = Math.min(Number(date.slice(8, 10)), last);
  return `${ny}-${PAD2[nm + 1]}-${PAD2[d]}` as IsoDate;
}

// The processes' timetables use the same day arithmetic.
export { addDays } from '../domain/time.js';
