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
