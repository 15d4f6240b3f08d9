/**
 * Calendar arithmetic on dates ("YYYY-MM-DD"), without reading any clock and
 * without a Date object per date: day numbers (days since 1970-01-01, proleptic
 * Gregorian) by Hinnant's civil-calendar algorithms, since the demo generator
 * makes millions of dates.
 *
 * Months are calendar months: N months after a date is the same day of the
 * month N months later, or that month's last day when the day does not exist
 * in it (31 August + 6 months = 28 or 29 February).
 */
import type { IsoDate } from './time.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const PAD2: string[] = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));

function parts(d: string): [number, number, number] {
  return [Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10))];
}

function isoOf(y: number, m: number, d: number): IsoDate {
  return `${y >= 1000 ? y : String(y).padStart(4, '0')}-${PAD2[m]}-${PAD2[d]}` as IsoDate;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** The day number of year, month (1–12) and day. */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The day number of a date. */
export function dayNumber(date: IsoDate | string): number {
  const [y, m, d] = parts(date);
  return daysFromCivil(y, m, d);
}

/** The date of a day number. */
export function isoOfDays(days: number): IsoDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return isoOf(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d);
}

/** The date `days` calendar days after (or, negative, before) `date`. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return isoOfDays(dayNumber(date) + days);
}

/** `months` calendar months after (or, negative, before) `date`; the month's last day when the day does not exist in it. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = parts(date);
  const index = y * 12 + (m - 1) + months;
  const ny = Math.floor(index / 12);
  const nm = index - ny * 12 + 1;
  return isoOf(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** Whole calendar months from `from` to `to` (to ≥ from): the most n with addMonths(from, n) ≤ to. */
export function wholeMonthsBetween(from: IsoDate, to: IsoDate): number {
  const [fy, fm] = parts(from);
  const [ty, tm] = parts(to);
  let n = (ty - fy) * 12 + (tm - fm);
  while (n > 0 && addMonths(from, n) > to) n--;
  return Math.max(0, n);
}

/** The time from one date to a later one in whole calendar months and the days left over. */
export function monthsAndDays(from: IsoDate, to: IsoDate): { months: number; days: number } {
  const months = wholeMonthsBetween(from, to);
  return { months, days: dayNumber(to) - dayNumber(addMonths(from, months)) };
}

/** "1 August 2024". */
export function longDate(date: IsoDate): string {
  const [y, m, d] = parts(date);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}
