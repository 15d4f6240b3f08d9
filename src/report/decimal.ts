/**
 * Exact arithmetic on the decimal strings of a count record. Renderers need
 * sums (a stage's total) and differences (what moved between stages); doing
 * them on JS numbers would print 0.30000000000000004 on a result sheet.
 */

/** value = units / 10^scale */
export interface Dec {
  readonly units: bigint;
  readonly scale: number;
}

export const ZERO: Dec = { units: 0n, scale: 0 };

export function dec(s: string): Dec {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(s.trim());
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new RangeError(`not a decimal: "${s}"`);
  const frac = m[3] ?? '';
  const units = BigInt((m[2] || '0') + frac);
  return { units: m[1] ? -units : units, scale: frac.length };
}

function rescale(a: Dec, scale: number): bigint {
  return a.units * 10n ** BigInt(scale - a.scale);
}

export function add(a: Dec, b: Dec): Dec {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

export function sub(a: Dec, b: Dec): Dec {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) - rescale(b, scale), scale };
}

export function sum(values: Iterable<Dec>): Dec {
  let total = ZERO;
  for (const v of values) total = add(total, v);
  return total;
}

export function sign(a: Dec): -1 | 0 | 1 {
  return a.units < 0n ? -1 : a.units > 0n ? 1 : 0;
}

export function cmp(a: Dec, b: Dec): -1 | 0 | 1 {
  return sign(sub(a, b));
}

/** Re-expresses `a` at `scale` places, flooring any digits dropped. */
export function atScale(a: Dec, scale: number): Dec {
  if (scale >= a.scale) return { units: rescale(a, scale), scale };
  const d = 10n ** BigInt(a.scale - scale);
  const q = a.units / d;
  return { units: a.units % d !== 0n && a.units < 0n ? q - 1n : q, scale };
}

/** ⌊a × num ÷ den⌋ at a's scale (den > 0). Used to split a pooled transfer in proportion. */
export function mulDivFloor(a: Dec, num: Dec, den: Dec): Dec {
  const scale = Math.max(num.scale, den.scale);
  const n = rescale(num, scale);
  const d = rescale(den, scale);
  if (d <= 0n) throw new RangeError('division by a non-positive amount');
  const p = a.units * n;
  const q = p / d;
  return { units: p % d !== 0n && p < 0n ? q - 1n : q, scale: a.scale };
}

export function fmt(a: Dec): string {
  const neg = a.units < 0n;
  const digits = (neg ? -a.units : a.units).toString().padStart(a.scale + 1, '0');
  const whole = digits.slice(0, digits.length - a.scale);
  const frac = digits.slice(digits.length - a.scale);
  return (neg ? '-' : '') + whole + (a.scale > 0 ? '.' + frac : '');
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
