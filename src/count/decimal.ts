/**
 * Exact decimals: the decimal text of a count record ("120.00000", "-1.66") as
 * a scaled bigint. Renderers sum a stage and subtract one stage from the next,
 * and the verifier checks a declared count's sums; on JS numbers either would
 * print 0.30000000000000004 on a result sheet or miss a unit of the last place.
 */

/** value = units / 10^scale */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

export const ZERO: Decimal = { units: 0n, scale: 0 };

const DECIMAL_TEXT = /^(-?)(\d*)(?:\.(\d*))?$/;

/** Decimal text such as "12.5", "-3", ".5" (surrounding space allowed); throws a RangeError on anything else. */
export function dec(text: string): Decimal {
  const m = DECIMAL_TEXT.exec(text.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError(`not a decimal: "${text}"`);
  const frac = m[3] ?? '';
  const units = BigInt((m[2] || '0') + frac);
  return { units: m[1] ? -units : units, scale: frac.length };
}

/** The value's units at `scale`, which must be at least the decimal's own. */
export function unitsAt(a: Decimal, scale: number): bigint {
  return a.units * 10n ** BigInt(scale - a.scale);
}

export function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: unitsAt(a, scale) + unitsAt(b, scale), scale };
}

export function sub(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: unitsAt(a, scale) - unitsAt(b, scale), scale };
}

export function negate(a: Decimal): Decimal {
  return { units: -a.units, scale: a.scale };
}

export function sumDecimals(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const v of values) total = add(total, v);
  return total;
}

export function sign(a: Decimal): -1 | 0 | 1 {
  return a.units < 0n ? -1 : a.units > 0n ? 1 : 0;
}

export function cmp(a: Decimal, b: Decimal): -1 | 0 | 1 {
  return sign(sub(a, b));
}

/** Whether |a − b| is at most `units` of the last place of the finer of the two. */
export function within(a: Decimal, b: Decimal, units: bigint): boolean {
  const d = sub(a, b).units;
  return (d < 0n ? -d : d) <= units;
}

/** Re-expresses `a` at `scale` places, flooring any digits dropped. */
export function atScale(a: Decimal, scale: number): Decimal {
  if (scale >= a.scale) return { units: unitsAt(a, scale), scale };
  const d = 10n ** BigInt(a.scale - scale);
  return { units: floorDiv(a.units, d), scale };
}

/** ⌊a × num ÷ den⌋ at a's scale (den > 0). Used to split a pooled transfer in proportion. */
export function mulDivFloor(a: Decimal, num: Decimal, den: Decimal): Decimal {
  const scale = Math.max(num.scale, den.scale);
  const n = unitsAt(num, scale);
  const d = unitsAt(den, scale);
  if (d <= 0n) throw new RangeError('division by a non-positive amount');
  return { units: floorDiv(a.units * n, d), scale: a.scale };
}

/** a ÷ b rounded towards −∞, for b > 0. */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a < 0n && a % b !== 0n ? q - 1n : q;
}

/** Decimal text with exactly the decimal's own places. */
export function fmt(a: Decimal): string {
  return formatScaled(a.units, a.scale);
}

/** Decimal text of `scaled` ÷ 10^places, with exactly `places` places. */
export function formatScaled(scaled: bigint, places: number): string {
  const neg = scaled < 0n;
  const digits = (neg ? -scaled : scaled).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const frac = digits.slice(digits.length - places);
  return (neg ? '-' : '') + whole + (places > 0 ? '.' + frac : '');
}

/** Decimal text of `scaled` ÷ 10^places without trailing zeros after the point ("57.5", "100"). */
export function formatScaledShort(scaled: bigint, places: number): string {
  const text = formatScaled(scaled, places);
  return places > 0 ? text.replace(/\.?0+$/, '') : text;
}

/** The largest number of decimal places among some decimal strings. */
export function scaleOf(values: Iterable<string>): number {
  let scale = 0;
  for (const v of values) {
    const dot = v.indexOf('.');
    if (dot >= 0) scale = Math.max(scale, v.length - dot - 1);
  }
  return scale;
}

/** A running total of decimal texts, kept at the finest precision among them (and its starting `scale`). */
export class DecimalTotal {
  private units = 0n;
  constructor(private scale: number) {}

  add(text: string, sign: 1n | -1n = 1n): this {
    const d = dec(text);
    if (d.scale > this.scale) {
      this.units *= 10n ** BigInt(d.scale - this.scale);
      this.scale = d.scale;
    }
    this.units += sign * unitsAt(d, this.scale);
    return this;
  }

  get value(): Decimal {
    return { units: this.units, scale: this.scale };
  }
}
