/**
 * Vote arithmetic. A vote value never lives in a JS `number`: each counting rule
 * picks one of these interchangeable arithmetics and does all its sums through it.
 *
 * - `fixed(dp)`: a bigint scaled by 10^dp. Multiplication and division round to
 *   that precision (down by default), exactly as a rule that says "truncate to
 *   5 decimal places" requires.
 * - `rational`: exact fractions of bigints; nothing is ever rounded.
 */

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
  /** The exact value as a fraction in lowest terms. */
  toFraction(a: V): { num: bigint; den: bigint };
}

function floorDiv(a: bigint, b: bigint): bigint {
  // b > 0 always in this module.
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
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

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

function parseDecimal(s: string): { num: bigint; den: bigint } {
  const m = DECIMAL.exec(s.trim());
  if (!m) throw new RangeError(`not a decimal number: "${s}"`);
  const frac = m[3] ?? '';
  let num = BigInt(m[2] + frac);
  if (m[1]) num = -num;
  return { num, den: 10n ** BigInt(frac.length) };
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

function formatScaled(scaled: bigint, places: number): string {
  const neg = scaled < 0n;
  const digits = (neg ? -scaled : scaled).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const frac = digits.slice(digits.length - places);
  return (neg ? '-' : '') + whole + (places > 0 ? '.' + frac : '');
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
    toFraction(x) {
      const g = gcd(x, S) || 1n;
      return { num: x / g, den: S / g };
    },
  };
  fixedCache.set(dp, a);
  return a;
}

/** An exact fraction; `d` is always positive and the fraction is in lowest terms. */
export interface Fraction {
  readonly n: bigint;
  readonly d: bigint;
}

function frac(n: bigint, d: bigint): Fraction {
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  if (d === 1n) return { n, d };
  const g = gcd(n, d);
  return g === 1n ? { n, d } : { n: n / g, d: d / g };
}

const R_ZERO: Fraction = { n: 0n, d: 1n };
const R_ONE: Fraction = { n: 1n, d: 1n };

/** Exact rational arithmetic: nothing is rounded, so `rounding` arguments are ignored. */
export const rational: Arithmetic<Fraction> = {
  name: 'rational',
  dp: null,
  zero: R_ZERO,
  one: R_ONE,
  int: (n) => ({ n: toInt(n), d: 1n }),
  parse(s) {
    const { num, den } = parseDecimal(s);
    return frac(num, den);
  },
  add: (x, y) => (x.d === y.d ? frac(x.n + y.n, x.d) : frac(x.n * y.d + y.n * x.d, x.d * y.d)),
  sub: (x, y) => (x.d === y.d ? frac(x.n - y.n, x.d) : frac(x.n * y.d - y.n * x.d, x.d * y.d)),
  mul: (x, y) => frac(x.n * y.n, x.d * y.d),
  div: (x, y) => frac(x.n * y.d, x.d * y.n),
  mulDiv: (x, y, z) => frac(x.n * y.n * z.d, x.d * y.d * z.n),
  mulInt: (x, n) => frac(x.n * n, x.d),
  divInt: (x, n) => frac(x.n, x.d * n),
  cmp(x, y) {
    const l = x.n * y.d;
    const r = y.n * x.d;
    return l < r ? -1 : l > r ? 1 : 0;
  },
  isZero: (x) => x.n === 0n,
  format: (x, places = 6) => formatFraction(x.n, x.d, places),
  toFraction: (x) => ({ num: x.n, den: x.d }),
};

/** Sum of many values. */
export function sum<V>(ar: Arithmetic<V>, values: Iterable<V>): V {
  let total = ar.zero;
  for (const v of values) total = ar.add(total, v);
  return total;
}

/** Picks an arithmetic from a rule option such as "fixed:9" or "rational". */
export function arithmeticFromName(name: string): Arithmetic<bigint> | Arithmetic<Fraction> {
  if (name === 'rational') return rational;
  const m = /^fixed:(\d+)$/.exec(name);
  if (m) return fixed(Number(m[1]));
  throw new RangeError(`unknown arithmetic "${name}" (use "rational" or "fixed:<decimal places>")`);
}
