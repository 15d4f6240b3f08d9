/**
 * Dates, moments, durations and lists in a member's language: "7 December 2026" and
 * "7 Rhagfyr 2026"; "5pm on Thursday 4 March 2027" and "17:00 ddydd Iau, 4 Mawrth 2027" (Welsh
 * public services write the 24-hour clock); "4 years 2 months" and "4 o flynyddoedd 2 fis".
 *
 * Month and weekday names come from the catalogues rather than from Intl, so a Node built with
 * small ICU still writes Welsh dates; test/app/language.test.ts checks them against
 * Intl.DateTimeFormat('cy') where the runtime has it. English matches the domain's own words
 * (`longDate`, `momentWords`) exactly, which the stored and officer-facing texts use.
 */
import { dayNumber } from '../../domain/calendar.js';
import { isIsoDate } from '../../domain/time.js';
import { wallClock } from '../../domain/local-time.js';
import type { MessageKey } from './en-gb.js';
import type { Words } from './translate.js';

/** 0 for Sunday … 6 for Saturday (1 January 1970, day 0, was a Thursday). */
const weekdayOf = (date: string): number => (((dayNumber(date) + 4) % 7) + 7) % 7;

/** "7 December 2026" for a calendar date or the date part of a timestamp; anything else as given. */
export function dateIn(w: Words, date: string): string {
  const day = date.slice(0, 10);
  if (!isIsoDate(day) || (date.length !== 10 && date[10] !== 'T')) return date;
  return w.t('date.long', {
    day: String(Number(day.slice(8, 10))),
    month: w.t(`month.${Number(day.slice(5, 7))}` as MessageKey & `month.${string}`),
    year: day.slice(0, 4),
  });
}

const weekdayIn = (w: Words, date: string): string => w.t(`weekday.${weekdayOf(date)}` as MessageKey & `weekday.${string}`);

/** "5pm", "9:30am" in English; "17:00", "09:30" in Welsh; noon in words in both. */
function clockIn(w: Words, hour: number, minute: number): string {
  if (hour === 12 && minute === 0) return w.t('time.noon');
  const mm = String(minute).padStart(2, '0');
  if (w.language === 'cy') return `${String(hour).padStart(2, '0')}:${mm}`;
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${h12}${minute === 0 ? '' : `:${mm}`}${hour < 12 ? 'am' : 'pm'}`;
}

/** "UK time", "amser y DU"; another zone by its name. */
export function zoneIn(w: Words, zone: string): string {
  return zone === 'Europe/London' ? w.t('time.ukZone') : w.t('time.zone', { zone: zone.replace(/_/g, ' ') });
}

/**
 * An instant as a person in `zone` says it, as the domain's `momentWords` does: midnight is the end
 * of the day before (a closing) or, with `midnight` "start", the start of the day (an opening).
 */
export function momentIn(w: Words, t: Date, zone: string, midnight: 'end' | 'start' = 'end'): string {
  const c = wallClock(t, zone);
  if (c.hour === 0 && c.minute === 0) {
    if (midnight === 'start') return w.t('time.midnightStart', { weekday: weekdayIn(w, c.date), date: dateIn(w, c.date) });
    const before = wallClock(new Date(t.getTime() - 60_000), zone);
    return w.t('time.midnightEnd', { weekday: weekdayIn(w, before.date), date: dateIn(w, before.date) });
  }
  return w.t('time.at', { clock: clockIn(w, c.hour, c.minute), weekday: weekdayIn(w, c.date), date: dateIn(w, c.date) });
}

/** The moment with its zone: "5pm on Thursday 4 March 2027 (UK time)". */
export function momentWithZone(w: Words, t: Date, zone: string, midnight: 'end' | 'start' = 'end'): string {
  return w.t('time.moment', { moment: momentIn(w, t, zone, midnight), zone: zoneIn(w, zone) });
}

/** "4 years 7 months", "4 months 30 days", "0 days": whole calendar units, never rounded. */
export function durationIn(w: Words, span: { readonly months: number; readonly days: number }): string {
  const years = Math.floor(span.months / 12);
  const parts = [
    years > 0 ? w.t('duration.years', { n: years }) : null,
    span.months % 12 > 0 ? w.t('duration.months', { n: span.months % 12 }) : null,
    span.days > 0 ? w.t('duration.days', { n: span.days }) : null,
  ].filter((p): p is string => p !== null);
  if (parts.length === 0) return w.t('duration.days', { n: 0 });
  return parts.reduce((a, b) => w.t('duration.join', { a, b }));
}

/** "a, b and c"; in Welsh "a, b a c", or "ac" before a vowel ("Aled ac Elin"). */
export function andListIn(w: Words, items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  const head = items.slice(0, -1).reduce((a, b) => w.t('list.comma', { a, b }));
  const last = items[items.length - 1]!;
  return w.t(/^[aeiouwyâêîôûŵŷAEIOUWYÂÊÎÔÛŴŶ]/.test(last) ? 'list.andVowel' : 'list.and', { a: head, b: last });
}
