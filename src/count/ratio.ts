/**
 * Exact ratios of whole numbers: the values of the `rational` arithmetic, and
 * the shares and thresholds of a rulebook, which must never be rounded.
 */

/** An exact ratio; `den` is always positive and the ratio is in lowest terms. */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

export function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  if (b < 0n) b = -b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** num/den reduced, with the sign on the numerator; throws a RangeError when den is 0. */
export function ratio(num: bigint | number, den: bigint | number): Ratio {
  let n = typeof num === 'bigint' ? num : BigInt(num);
  let d = typeof den === 'bigint' ? den : BigInt(den);
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) [n, d] = [-n, -d];
  if (d === 1n) return { num: n, den: d };
  const g = gcd(n, d);
  return g === 1n ? { num: n, den: d } : { num: n / g, den: d / g };
}

export const addRatio = (a: Ratio, b: Ratio): Ratio => (a.den === b.den ? ratio(a.num + b.num, a.den) : ratio(a.num * b.den + b.num * a.den, a.den * b.den));
export const subRatio = (a: Ratio, b: Ratio): Ratio => (a.den === b.den ? ratio(a.num - b.num, a.den) : ratio(a.num * b.den - b.num * a.den, a.den * b.den));
export const mulRatio = (a: Ratio, b: Ratio): Ratio => ratio(a.num * b.num, a.den * b.den);

/** Negative, zero or positive as a is less than, equal to or greater than b. */
export function compareRatio(a: Ratio, b: Ratio): -1 | 0 | 1 {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}
