/**
 * Wall-clock time in the organisation's time zone. A timetable is published in
 * days ("the ballot closes on Thursday 4 March"), and members read those days
 * where they live; the moments that enforce it are instants. This module turns
 * one into the other with the zone rules Intl carries (so British Summer Time
 * begins and ends where the law says), and words those moments for people.
 * Pure: Intl computes, nothing is read from the machine's clock or settings.
 */
import { addDays, longDate } from './calendar.js';
import { err, ok, type Result } from './result.js';
import type { IsoDate } from './time.js';
import { present } from '../count/checked.js';

/** The numbers of "2026-03-29" or "01:30"; a part the text lacks is NaN, as Number(undefined) is, so Date.UTC answers NaN. */
function numbersOf(text: string, separator: string): [number, number, number] {
  const [a = NaN, b = NaN, c = NaN] = text.split(separator).map(Number);
  return [a, b, c];
}

/** The zone a party in Great Britain expects when nobody says otherwise. */
export const DEFAULT_TIME_ZONE = 'Europe/London';

/** "HH:MM", 24-hour: a stated time of day. */
export type TimeOfDay = string & { readonly __brand: 'TimeOfDay' };

export const MIDNIGHT = '00:00' as TimeOfDay;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Intl throws on a zone it does not know: the one test of a zone that follows the runtime's own data. */
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'long',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone as given if it is one Intl knows (e.g. "Europe/London"), else an error saying what was wrong and where. */
export function checkTimeZone(zone: unknown, where: string): Result<string> {
  if (typeof zone !== 'string' || zone.trim() === '')
    return err('invalid-input', `${where} must name a time zone such as Europe/London, not ${JSON.stringify(zone)}.`);
  try {
    return ok(formatter(zone.trim()).resolvedOptions().timeZone);
  } catch {
    return err('invalid-input', `${where}: "${zone}" is not a time zone this server knows; give one such as Europe/London, Europe/Dublin or UTC.`);
  }
}

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** A time of day, "17:00" or "9:30" (24-hour), as "HH:MM"; else an error naming `what`. */
export function checkTimeOfDay(t: unknown, what: string): Result<TimeOfDay> {
  const m = typeof t === 'string' ? TIME.exec(t.trim()) : null;
  if (!m) return err('invalid-input', `${what} must be a time of day on the 24-hour clock, such as 17:00, not ${JSON.stringify(t)}.`);
  // Both groups are required by the pattern.
  return ok(`${m[1]!.padStart(2, '0')}:${m[2]!}` as TimeOfDay);
}

interface WallClock {
  readonly date: IsoDate;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly weekday: string;
}

/**
 * The wall clocks last read, by instant and zone: the same few moments (a ballot's opening and
 * closing) are read on every page of a busy hour, and Intl's formatToParts is dear.
 */
const readings = new Map<string, WallClock>();
const READINGS_KEPT = 256;

/** What a clock on the wall in `zone` shows at `t`. */
export function wallClock(t: Date, zone: string): WallClock {
  const key = `${t.getTime()} ${zone}`;
  let reading = readings.get(key);
  if (reading === undefined) {
    reading = readWallClock(t, zone);
    if (readings.size >= READINGS_KEPT) readings.delete(readings.keys().next().value!);
    readings.set(key, reading);
  }
  return reading;
}

function readWallClock(t: Date, zone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const p of formatter(zone).formatToParts(t)) parts[p.type] = p.value;
  return {
    date: `${parts.year}-${parts.month}-${parts.day}` as IsoDate,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: present(parts.weekday, 'the weekday of a wall clock'),
  };
}

/** The calendar date in `zone` at instant `t`. */
export const localDate = (t: Date, zone: string): IsoDate => wallClock(t, zone).date;

/** How far `zone` is ahead of UTC at instant `t`, in milliseconds (whole seconds). */
function offsetAt(t: number, zone: string): number {
  const w = wallClock(new Date(t), zone);
  const [y, mo, d] = numbersOf(w.date, '-');
  const asUtc = Date.UTC(y, mo - 1, d, w.hour, w.minute, w.second);
  return asUtc - Math.floor(t / 1000) * 1000;
}

/**
 * The instant a clock in `zone` shows `time` on `date`. The zone's offsets half
 * a day either side give the only two readings a change of the clocks allows; a
 * time shown twice (01:30 on the last Sunday of October in London) is its first
 * showing, and a time the clocks skip (01:30 on the last Sunday of March) is
 * read with the offset before the jump, so it falls just after it (02:30 BST).
 */
export function zonedInstant(date: IsoDate, time: TimeOfDay, zone: string): Date {
  const [y, mo, d] = numbersOf(date, '-');
  const [h, mi] = numbersOf(time, ':');
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const before = wall - offsetAt(wall - HALF_DAY, zone);
  const after = wall - offsetAt(wall + HALF_DAY, zone);
  const shown = [before, after].filter((t) => offsetAt(t, zone) === wall - t);
  return new Date(shown.length > 0 ? Math.min(...shown) : before);
}

const HALF_DAY = 12 * 3_600_000;

/** Midnight at the end of `date` in `zone`: the default closing moment of a day. */
export const endOfDay = (date: IsoDate, zone: string): Date => zonedInstant(addDays(date, 1), MIDNIGHT, zone);

/** "UK time" for the UK's zone; otherwise the zone's name, e.g. "Europe/Dublin time". */
export function zoneWords(zone: string): string {
  return zone === 'Europe/London' ? 'UK time' : `${zone.replace(/_/g, ' ')} time`;
}

/** "5pm", "9:30am", "noon" (and never "midnight": see momentWords). */
function clockWords(hour: number, minute: number): string {
  if (hour === 12 && minute === 0) return 'noon';
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${h12}${minute === 0 ? '' : `:${String(minute).padStart(2, '0')}`}${hour < 12 ? 'am' : 'pm'}`;
}

/**
 * An instant as a person in `zone` says it: "5pm on Thursday 4 March 2027", or,
 * for midnight, "midnight at the end of Thursday 4 March 2027" (the day that
 * ends then, which is the day a closing timetable names) or, with `midnight`
 * "start", "midnight at the start of Friday 5 March 2027" (for an opening).
 */
export function momentWords(t: Date, zone: string, midnight: 'end' | 'start' = 'end'): string {
  const w = wallClock(t, zone);
  if (w.hour === 0 && w.minute === 0) {
    if (midnight === 'start') return `midnight at the start of ${w.weekday} ${longDate(w.date)}`;
    const before = wallClock(new Date(t.getTime() - 60_000), zone);
    return `midnight at the end of ${before.weekday} ${longDate(before.date)}`;
  }
  return `${clockWords(w.hour, w.minute)} on ${w.weekday} ${longDate(w.date)}`;
}
