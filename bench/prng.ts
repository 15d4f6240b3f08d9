/**
 * The benchmark's random draws, from the library's seeded sfc32 so every
 * generated input is identical on every machine and Node version: the inputs
 * must not change between runs that are compared.
 */
import { sfc32 } from '../src/count/prng.js';

export class Prng {
  readonly uint32: () => number;

  constructor(seed: number) {
    this.uint32 = sfc32(seed);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Index drawn with probability proportional to `weights[i]`. */
  pick(weights: readonly number[], total?: number): number {
    let sum = total;
    if (sum === undefined) {
      sum = 0;
      for (const w of weights) sum += w;
    }
    let x = this.float() * sum;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) return i;
    }
    for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
    return weights.length - 1;
  }

  /** A uniformly random permutation of 0..n-1. */
  permutation(n: number): number[] {
    const p = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [p[i], p[j]] = [p[j], p[i]];
    }
    return p;
  }
}

/**
 * Draws `length` distinct candidates by Plackett–Luce: each next preference is
 * chosen among those not yet ranked, with probability proportional to its
 * weight. Writes indexes into `out` and returns how many were drawn.
 */
export function plackettLuce(rng: Prng, weights: readonly number[], length: number, out: number[], scratch: number[]): number {
  const n = weights.length;
  scratch.length = n;
  let total = 0;
  for (let i = 0; i < n; i++) {
    scratch[i] = weights[i];
    total += weights[i];
  }
  const k = Math.min(length, n);
  for (let r = 0; r < k; r++) {
    const c = rng.pick(scratch, total);
    out[r] = c;
    total -= scratch[c];
    scratch[c] = 0;
  }
  return k;
}
