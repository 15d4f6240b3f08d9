/**
 * Seeded pseudo-random generators: Math.random cannot be seeded, and a lot drawn
 * in a count, a generated sample or a benchmark input must come out the same on
 * every machine and Node version. Each generator returns a function that draws
 * the next uint32 (0 .. 2^32 - 1). Two are kept because what is already drawn
 * with each must not change: lots in count records and the bundled sample use
 * mulberry32; the benchmark inputs, the Monte Carlo and the demo party use sfc32
 * (the demo party through `Prng`, with its own seeding).
 */
import { present } from './checked.js';

/** mulberry32: one word of state, small and fast; enough for drawing lots. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/**
 * sfc32, its four words of state filled by splitmix32 from `seed`: a long period
 * for inputs of millions of draws. Its first outputs are weakly mixed, so
 * `warmUp` of them are thrown away.
 */
export function sfc32(seed: number, warmUp = 16): () => number {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  // The state lives in a Uint32Array, not in captured variables: a captured
  // number above 2^31 is boxed on every store, which made each draw about ten
  // times slower (the Monte Carlo of src/simulate draws hundreds of millions).
  // The arithmetic is unchanged, and the array's stores wrap modulo 2^32 as `>>> 0` did.
  const st = new Uint32Array(4);
  st[0] = splitmix();
  st[1] = splitmix();
  st[2] = splitmix();
  st[3] = splitmix();
  const next = (): number => {
    // The state is always four words.
    const a = st[0]!;
    const b = st[1]!;
    const c = st[2]!;
    const d = st[3]!;
    const t = (((a + b) >>> 0) + d) >>> 0;
    st[3] = d + 1;
    st[0] = b ^ (b >>> 9);
    st[1] = c + (c << 3);
    st[2] = ((c << 21) | (c >>> 11)) + t;
    return t;
  };
  for (let i = 0; i < warmUp; i++) next();
  return next;
}

/**
 * The demo party's draws: sfc32 seeded from (seed, stream), so each part of the
 * party (one stream per branch, say) can be generated in any order and a given
 * seed gives the same party on every machine.
 */
export class Prng {
  readonly uint32: () => number;

  constructor(seed: number, stream = 0) {
    this.uint32 = sfc32((Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(stream >>> 0, 0x85ebca77)) >>> 0, 12);
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  pick<T>(xs: readonly T[]): T {
    return present(xs[Math.floor(this.float() * xs.length)], 'an item to pick');
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A copy of `xs` in random order (Fisher–Yates). */
  shuffled<T>(xs: readonly T[]): T[] {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1));
      // 0 <= j <= i < out.length.
      const t = out[i]!;
      out[i] = out[j]!;
      out[j] = t;
    }
    return out;
  }
}

/** Index into a table of cumulative weights (ascending, last = total). */
export function weightedIndex(cumulative: readonly number[], r: number): number {
  const total = cumulative.at(-1);
  if (total === undefined) return 0;
  const target = r * total;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > target)
      hi = mid; // lo <= mid < hi
    else lo = mid + 1;
  }
  return lo;
}

export function cumulate(weights: readonly number[]): number[] {
  const out: number[] = [];
  let t = 0;
  for (const w of weights) out.push((t += w));
  return out;
}
