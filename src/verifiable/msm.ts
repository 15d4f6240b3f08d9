/**
 * Multi-scalar multiplication Σ k_i·P_i for many points (Pippenger's bucket method with signed
 * window digits), on top of @noble/curves' ristretto255 point operations. Public inputs only: its
 * running time depends on the scalars.
 *
 * Why not noble's `pippenger`: it takes unsigned digits (twice the buckets to sum per window) and
 * chooses its window from the number of points alone; signed digits halve the buckets, so a wider
 * window pays, and a verifier that folds a whole proof into one multiplication of many thousand
 * points gains most from that.
 */
import type { ristretto255 } from '@noble/curves/ed25519.js';

type Point = InstanceType<typeof ristretto255.Point>;

/** Scalars are below the group order, under 2^253; a signed recoding may carry one bit more. */
const SCALAR_BITS = 254;

/** Additions for n points at window c: per window one per point, and two per bucket to sum them. */
const cost = (n: number, c: number): number => Math.ceil(SCALAR_BITS / c) * (n + 2 ** c);

function windowFor(n: number): number {
  let best = 2;
  for (let c = 3; c <= 20; c++) if (cost(n, c) < cost(n, best)) best = c;
  return best;
}

/** Each scalar's digits in [−2^(c−1), 2^(c−1)], least significant window first, row by row. */
function signedDigits(scalars: readonly bigint[], c: number, windows: number): Int32Array {
  const digits = new Int32Array(scalars.length * windows);
  const mask = BigInt(2 ** c - 1);
  const width = BigInt(c);
  const half = 2 ** (c - 1);
  const full = 2 ** c;
  for (const [i, scalar] of scalars.entries()) {
    let k = scalar;
    for (let w = 0; w < windows && k !== 0n; w++) {
      let d = Number(k & mask);
      k >>= width;
      if (d > half) {
        d -= full;
        k += 1n;
      }
      digits[i * windows + w] = d;
    }
  }
  return digits;
}

/** Σ scalars[i]·points[i], scalars in [0, L). */
export function bucketMultiScalar(zero: Point, points: readonly Point[], scalars: readonly bigint[]): Point {
  const n = points.length;
  const c = windowFor(n);
  const windows = Math.ceil(SCALAR_BITS / c);
  const digits = signedDigits(scalars, c, windows);
  const negated: (Point | undefined)[] = new Array(n);
  const buckets: (Point | undefined)[] = new Array(2 ** (c - 1) + 1);
  let total: Point | undefined;
  for (let w = windows - 1; w >= 0; w--) {
    if (total !== undefined) for (let k = 0; k < c; k++) total = total.double();
    buckets.fill(undefined);
    for (let i = 0; i < n; i++) {
      const d = digits[i * windows + w]!;
      if (d === 0) continue;
      let p: Point;
      if (d > 0) p = points[i]!;
      else {
        negated[i] ??= points[i]!.negate();
        p = negated[i]!;
      }
      const b = d > 0 ? d : -d;
      const held = buckets[b];
      buckets[b] = held === undefined ? p : held.add(p);
    }
    // Σ_b b·bucket_b as a running sum from the top bucket down.
    let running: Point | undefined;
    let sum: Point | undefined;
    for (let b = buckets.length - 1; b > 0; b--) {
      const held = buckets[b];
      if (held !== undefined) running = running === undefined ? held : running.add(held);
      if (running !== undefined) sum = sum === undefined ? running : sum.add(running);
    }
    if (sum !== undefined) total = total === undefined ? sum : total.add(sum);
  }
  return total ?? zero;
}

/** Width-w non-adjacent form of k ≥ 0: odd digits in (−2^(w−1), 2^(w−1)), least significant first, each non-zero digit followed by w−1 zeros. */
function nafDigits(k: bigint, w: number): Int16Array {
  const digits = new Int16Array(SCALAR_BITS + 2);
  const full = 1 << w;
  const mask = BigInt(full - 1);
  let i = 0;
  while (k > 0n) {
    if (k & 1n) {
      let d = Number(k & mask);
      if (d >= full >> 1) d -= full;
      digits[i] = d;
      k -= BigInt(d);
    }
    k >>= 1n;
    i++;
  }
  return digits;
}

/** P, 3P, 5P, …: the odd multiples a width-w NAF digit picks from. */
function oddMultiples(p: Point, w: number): Point[] {
  const out = [p];
  const twice = p.double();
  for (let i = 1; i < 1 << (w - 2); i++) out.push(out[i - 1]!.add(twice));
  return out;
}

/** acc + d·P from P's odd multiples (d odd, or 0 for nothing). */
function withDigit(acc: Point, table: readonly Point[], d: number): Point {
  if (d === 0) return acc;
  const q = d > 0 ? table[(d - 1) >> 1]! : table[(-d - 1) >> 1]!.negate();
  return acc.add(q);
}

/** Width of the fixed point's table: 64 points, made once, so its digits are far apart. */
const FIXED_WIDTH = 8;
/** Width of the other point's table, made for each multiplication: 8 points. */
const VARIABLE_WIDTH = 5;
const fixedTables = new WeakMap<Point, Point[]>();

/**
 * a·F + b·P for a fixed point F (the base point, used again and again) and any point P, both
 * scalars in [0, L): one doubling chain for both (Straus–Shamir), F's digits from a large table
 * kept for it. A Schnorr check s·G − c·X costs this one multiplication instead of two. Public
 * inputs only.
 */
export function fixedAndVariable(zero: Point, fixed: Point, a: bigint, p: Point, b: bigint): Point {
  let fixedTable = fixedTables.get(fixed);
  if (fixedTable === undefined) {
    fixedTable = oddMultiples(fixed, FIXED_WIDTH);
    fixedTables.set(fixed, fixedTable);
  }
  const table = oddMultiples(p, VARIABLE_WIDTH);
  const da = nafDigits(a, FIXED_WIDTH);
  const db = nafDigits(b, VARIABLE_WIDTH);
  let top = da.length - 1;
  while (top >= 0 && da[top] === 0 && db[top] === 0) top--;
  // Zero is not doubled: the walk doubles from the top non-zero digit down.
  let acc = zero;
  for (let i = top; i >= 0; i--) {
    if (i < top) acc = acc.double();
    acc = withDigit(acc, fixedTable, da[i]!);
    acc = withDigit(acc, table, db[i]!);
  }
  return acc;
}
