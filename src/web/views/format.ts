/**
 * The one way people's pages write dates, moments, numbers and percentages
 * (en-GB). Presenters and views call these; nothing else on the web side
 * formats a date or a count, so every page says "7 December 2026", "12,345"
 * and "33.3%" alike.
 *
 * Percentages are worked out from the exact values (whole counts as bigint,
 * a count record's decimal text as a scaled bigint), never from a JS float
 * division, and rounded to one decimal place half up: 1/3 is 33.3%, 2/3 is
 * 66.7%, 1/2000 (0.05%) is 0.1%, 1/8 (12.5%) stays 12.5%. Half up rather than
 * half even because a reader checking one share by hand rounds half up, and
 * a page shows each share beside the count it comes from, so the small bias
 * half even removes from sums of rounded shares never reaches anyone.
 */
import { longDate } from '../../domain/calendar.js';
import { momentWords, zoneWords } from '../../domain/local-time.js';
import { isIsoDate } from '../../domain/time.js';

/** "7 December 2026" for a calendar date, or for the date part of a stored timestamp ("2026-12-07T09:00:00.000Z"); anything else as given. */
export function dayText(date: string): string {
  const day = date.slice(0, 10);
  return isIsoDate(day) && (date.length === 10 || date[10] === 'T') ? longDate(day) : date;
}

/** "5pm on Monday 7 December 2026 (UK time)": an instant as read in the organisation's time zone. */
export function momentText(at: Date | string, zone: string): string {
  const t = typeof at === 'string' ? new Date(at) : at;
  if (Number.isNaN(t.getTime())) return String(at);
  return `${momentWords(t, zone)} (${zoneWords(zone)})`;
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Thousands separated by commas: "12,345", "1,234.5" (a decimal count keeps its fraction as written, trailing zeros dropped). */
export function numberText(n: number | bigint | string): string {
  const text = typeof n === 'string' ? n.trim() : typeof n === 'bigint' ? n.toString() : Number.isInteger(n) ? n.toFixed(0) : String(n);
  const m = DECIMAL.exec(text);
  if (!m) return text;
  const whole = m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const frac = (m[3] ?? '').replace(/0+$/, '');
  return `${m[1]}${whole}${frac ? `.${frac}` : ''}`;
}

/** A whole count or decimal text as a fraction over a common power of ten: exact, for the share below. */
function scaled(x: number | bigint | string): { units: bigint; scale: number } {
  if (typeof x === 'bigint') return { units: x, scale: 0 };
  const text = typeof x === 'number' ? (Number.isInteger(x) ? x.toFixed(0) : String(x)) : x.trim();
  const m = DECIMAL.exec(text);
  if (!m) throw new RangeError(`not a count: "${text}"`);
  const frac = m[3] ?? '';
  const units = BigInt(m[2]! + frac);
  return { units: m[1] ? -units : units, scale: frac.length };
}

/**
 * `part` as a percentage of `whole` to one decimal place, rounded half up from the exact value:
 * "33.3%", "100.0%", "0.1%". Null when the whole is zero (there is no share of nothing).
 */
export function percentOf(part: number | bigint | string, whole: number | bigint | string): string | null {
  const p = scaled(part);
  const w = scaled(whole);
  const scale = Math.max(p.scale, w.scale);
  const num = p.units * 10n ** BigInt(scale - p.scale);
  const den = w.units * 10n ** BigInt(scale - w.scale);
  if (den === 0n) return null;
  const negative = num < 0n !== den < 0n && num !== 0n;
  const a = num < 0n ? -num : num;
  const b = den < 0n ? -den : den;
  // Tenths of a percent, half up: floor((a * 1000 * 2 + b) / (2b)).
  const tenths = (a * 2000n + b) / (2n * b);
  return `${negative ? '-' : ''}${numberText(tenths / 10n)}.${tenths % 10n}%`;
}
