/**
 * Vote arithmetic. A vote value never lives in a JS `number`: each counting rule
 * picks one of these interchangeable arithmetics and does all its sums through it.
 *
 * - `fixed(dp)`: a bigint scaled by 10^dp. Multiplication and division round to
 *   that precision (down by default), exactly as a rule that says "truncate to
 *   5 decimal places" requires.
 * - `guardedFixed(p, g)`: Droop's guarded arithmetic, fixed at p + g places whose
 *   comparisons treat values within half a unit of the p-th place as equal.
 * - `rational`: exact fractions of bigints; nothing is ever rounded.
 */

import { dec, floorDiv, formatScaled } from './decimal.js';
import { addRatio, compareRatio, gcd, mulRatio, ratio, subRatio, type Ratio } from './ratio.js';

export type Rounding = 'down' | 'up';

export interface Arithmetic<V> {
  /** e.g. "fixed(5)" or "rational"; recorded in every count. */
  readonly name: string;
  /** Decimal places values are held to, or null when exact. */
  readonly dp: number | null;
  readonly zero: V;
  readonly one: V;
  /** An exact integer. */
  int(n: bigint | number): V;
  /** Parse a decimal string such as "12.5"; throws on anything else or on lost precision. */
  parse(decimal: string): V;
  add(a: V, b: V): V;
  sub(a: V, b: V): V;
  /** a × b, rounded to the arithmetic's precision. */
  mul(a: V, b: V, rounding?: Rounding): V;
  /** a ÷ b, rounded to the arithmetic's precision. */
  div(a: V, b: V, rounding?: Rounding): V;
  /** a × b ÷ c with a single rounding at the end (as in "surplus × value ÷ total, to 5 places"). */
  mulDiv(a: V, b: V, c: V, rounding?: Rounding): V;
  /** a × n for an integer n: always exact. */
  mulInt(a: V, n: bigint): V;
  /** a ÷ n for a positive integer n, rounded to the arithmetic's precision. */
  divInt(a: V, n: bigint, rounding?: Rounding): V;
  cmp(a: V, b: V): number;
  isZero(a: V): boolean;
  /** Decimal text. Fixed: exactly `dp` places. Rational: `places` places (default 6), rounded down. */
  format(a: V, places?: number): string;
  /** The exact value as a ratio in lowest terms. */
  toRatio(a: V): Ratio;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a > 0n ? q + 1n : q;
}

function roundDiv(a: bigint, b: bigint, rounding: Rounding): bigint {
  if (b < 0n) {
    a = -a;
    b = -b;
  }
  if (b === 0n) throw new RangeError('division by zero');
  return rounding === 'up' ? ceilDiv(a, b) : floorDiv(a, b);
}

// Stricter than `dec`: a rule's option or a ballot weight is written in full ("0.5", not ".5").
const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/** The decimal as num / 10^places, not reduced. */
function parseDecimal(s: string): { num: bigint; den: bigint } {
  if (!DECIMAL.test(s.trim())) throw new RangeError(`not a decimal number: "${s}"`);
  const d = dec(s);
  return { num: d.units, den: 10n ** BigInt(d.scale) };
}

function toInt(n: bigint | number): bigint {
  if (typeof n === 'bigint') return n;
  if (!Number.isSafeInteger(n)) throw new RangeError(`not an exact integer: ${n}`);
  return BigInt(n);
}

/** Formats num/den to `places` decimals, rounding down (towards −∞). */
function formatFraction(num: bigint, den: bigint, places: number): string {
  const scale = 10n ** BigInt(places);
  const scaled = floorDiv(num * scale, den);
  return formatScaled(scaled, places);
}

const fixedCache = new Map<number, Arithmetic<bigint>>();

/** Fixed-point arithmetic at `dp` decimal places (a bigint holding value × 10^dp). */
export function fixed(dp: number): Arithmetic<bigint> {
  if (!Number.isInteger(dp) || dp < 0 || dp > 60) throw new RangeError(`precision must be 0–60 decimal places, not ${dp}`);
  const cached = fixedCache.get(dp);
  if (cached) return cached;
  const S = 10n ** BigInt(dp);
  const a: Arithmetic<bigint> = {
    name: `fixed(${dp})`,
    dp,
    zero: 0n,
    one: S,
    int: (n) => toInt(n) * S,
    parse(s) {
      const { num, den } = parseDecimal(s);
      const v = num * S;
      if (v % den !== 0n) throw new RangeError(`"${s}" has more than ${dp} decimal places`);
      return v / den;
    },
    add: (x, y) => x + y,
    sub: (x, y) => x - y,
    mul: (x, y, r = 'down') => roundDiv(x * y, S, r),
    div: (x, y, r = 'down') => roundDiv(x * S, y, r),
    mulDiv: (x, y, z, r = 'down') => roundDiv(x * y, z, r),
    mulInt: (x, n) => x * n,
    divInt: (x, n, r = 'down') => roundDiv(x, n, r),
    cmp: (x, y) => (x < y ? -1 : x > y ? 1 : 0),
    isZero: (x) => x === 0n,
    format: (x, places) => (places === undefined || places === dp ? formatScaled(x, dp) : formatFraction(x, S, places)),
    toRatio(x) {
      const g = gcd(x, S) || 1n;
      return { num: x / g, den: S / g };
    },
  };
  fixedCache.set(dp, a);
  return a;
}

/**
 * Droop's guarded arithmetic (droop/values/guarded.py): fixed-point at
 * `precision + guard` places, every product and quotient rounded down whatever
 * rounding is asked for (the guard digits take the place of directed rounding),
 * and two values that differ by less than half a unit in the precision-th place
 * (10^guard ÷ 2 units of the last guard place) compare as equal. With enough
 * guard digits it decides as exact arithmetic would, much faster. Values are
 * written with all their places.
 */
export function guardedFixed(precision: number, guard: number): Arithmetic<bigint> {
  const base = fixed(precision + guard);
  const geps = guard === 0 ? 1n : 10n ** BigInt(guard) / 2n;
  return {
    ...base,
    name: `guarded(${precision}+${guard})`,
    mul: (x, y) => base.mul(x, y, 'down'),
    div: (x, y) => base.div(x, y, 'down'),
    mulDiv: (x, y, z) => base.mulDiv(x, y, z, 'down'),
    divInt: (x, n) => base.divInt(x, n, 'down'),
    cmp(x, y) {
      const d = x - y;
      if (d < geps && -d < geps) return 0;
      return d > 0n ? 1 : -1;
    },
  };
}

const R_ZERO: Ratio = { num: 0n, den: 1n };
const R_ONE: Ratio = { num: 1n, den: 1n };

/** Exact rational arithmetic: nothing is rounded, so `rounding` arguments are ignored. */
export const rational: Arithmetic<Ratio> = {
  name: 'rational',
  dp: null,
  zero: R_ZERO,
  one: R_ONE,
  int: (n) => ({ num: toInt(n), den: 1n }),
  parse(s) {
    const { num, den } = parseDecimal(s);
    return ratio(num, den);
  },
  add: addRatio,
  sub: subRatio,
  mul: mulRatio,
  div: (x, y) => ratio(x.num * y.den, x.den * y.num),
  mulDiv: (x, y, z) => ratio(x.num * y.num * z.den, x.den * y.den * z.num),
  mulInt: (x, n) => ratio(x.num * n, x.den),
  divInt: (x, n) => ratio(x.num, x.den * n),
  cmp: compareRatio,
  isZero: (x) => x.num === 0n,
  format: (x, places = 6) => formatFraction(x.num, x.den, places),
  toRatio: (x) => x,
};

/** Sum of many values. */
export function sum<V>(ar: Arithmetic<V>, values: Iterable<V>): V {
  let total = ar.zero;
  for (const v of values) total = ar.add(total, v);
  return total;
}

/** Picks an arithmetic from a rule option such as "fixed:9" or "rational". */
export function arithmeticFromName(name: string): Arithmetic<bigint> | Arithmetic<Ratio> {
  if (name === 'rational') return rational;
  const m = /^fixed:(\d+)$/.exec(name);
  if (m) return fixed(Number(m[1]));
  throw new RangeError(`unknown arithmetic "${name}" (use "rational" or "fixed:<decimal places>")`);
}
