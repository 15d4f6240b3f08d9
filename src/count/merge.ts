/**
 * Merging identical rankings into a BallotSet, over typed arrays and a numeric
 * hash rather than a Map keyed by joined strings: with a hundred thousand
 * distinct rankings in a file that is the difference between a few
 * milliseconds and a few hundred. BallotSetBuilder and the file readers use it.
 */
import { SKIP, type BallotSet } from './ballots.js';

export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 16777619;

/** Spreads FNV's weak low bits before they index a table (murmur3's finaliser). */
export function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** A copy of `a` with room for at least `need` elements. */
export function grown<T extends Int32Array | Float64Array | Uint8Array>(a: T, need: number): T {
  let cap = Math.max(16, a.length * 2);
  while (cap < need) cap *= 2;
  const next = new (a.constructor as new (n: number) => T)(cap);
  next.set(a);
  return next;
}

/**
 * An open-addressing table of `capacity` slots (a power of two) holding entries
 * 0 .. size - 1 by their `hashes`, probed linearly; a slot holds entry + 1, so 0 is empty.
 */
export function rehashed(hashes: Int32Array, size: number, capacity: number): Int32Array<ArrayBuffer> {
  const slots = new Int32Array(capacity);
  const mask = capacity - 1;
  for (let i = 0; i < size; i++) {
    let slot = hashes[i]! & mask; // i < size, and the table holds `size` hashes
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = i + 1;
  }
  return slots;
}

const SMALL: readonly bigint[] = Array.from({ length: 1024 }, (_, k) => BigInt(k));

/**
 * A whole number of ballots (a safe integer) as a bigint, small ones shared: most distinct rankings
 * are cast a handful of times, and a fresh bigint for each was much of the garbage of reading a batch
 * of files.
 */
export function wholeBig(n: number): bigint {
  return n < SMALL.length ? SMALL[n]! : BigInt(n);
}

/** Above this, a ballot count leaves the double for a bigint (below it every integer is exact). */
const SAFE = Number.MAX_SAFE_INTEGER;
const SAFE_BIG = BigInt(SAFE);

/**
 * Collects rankings given as token runs (see ballots.ts), merging identical ones; trailing skipped ranks are dropped.
 * Ballot counts are whole numbers; they are summed as doubles while they are safe integers (exact, and
 * without a BigInt allocation per ballot line, which was most of reading a merged BLT file) and carried
 * into a bigint before they could lose a unit, so every weight built is exact.
 */
export class RankingMerger {
  private size = 0;
  private slots = new Int32Array(1 << 10);
  private hashes: Int32Array = new Int32Array(1 << 9);
  private starts: Int32Array = new Int32Array(1 << 9);
  private counts: Float64Array = new Float64Array(1 << 9);
  /** The part of an entry's weight carried out of `counts`. */
  private readonly carried = new Map<number, bigint>();
  private tokens: Int32Array = new Int32Array(1 << 12);
  private used = 0;
  private total = 0;
  private totalCarried = 0n;

  /** Adds `weight` (a positive integer) ballots ranked as run[0 .. length). */
  add(run: ArrayLike<number>, length: number, weight: bigint): void {
    if (weight <= 0n) throw new RangeError('a ballot weight must be a positive integer');
    const i = this.entry(run, length);
    if (weight <= SAFE_BIG) {
      this.bump(i, Number(weight));
      return;
    }
    this.carried.set(i, (this.carried.get(i) ?? 0n) + weight);
    this.totalCarried += weight;
  }

  /** As `add`, for a weight given as a positive safe integer. */
  addWhole(run: ArrayLike<number>, length: number, weight: number): void {
    if (!Number.isSafeInteger(weight) || weight <= 0) throw new RangeError('a ballot weight must be a positive integer');
    this.bump(this.entry(run, length), weight);
  }

  private bump(i: number, weight: number): void {
    const c = this.counts[i]! + weight; // i < size
    if (c <= SAFE) this.counts[i] = c;
    else {
      this.carried.set(i, (this.carried.get(i) ?? 0n) + BigInt(this.counts[i]!) + BigInt(weight));
      this.counts[i] = 0;
    }
    const t = this.total + weight;
    if (t <= SAFE) this.total = t;
    else {
      this.totalCarried += BigInt(this.total) + BigInt(weight);
      this.total = 0;
    }
  }

  /** The entry holding the ranking run[0 .. length), made (with no ballots) if it is new. */
  private entry(run: ArrayLike<number>, length: number): number {
    // The `!`s read run[k] for k < end <= length, a slot (masked to the table), and entry i's starts (i < size).
    let end = length;
    while (end > 0 && run[end - 1] === SKIP) end--;
    let h = FNV_OFFSET;
    for (let k = 0; k < end; k++) h = Math.imul(h ^ run[k]!, FNV_PRIME);
    h = mix(h ^ end);
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = h & mask;
    for (let at = slots[slot]!; at !== 0; at = slots[slot]!) {
      const i = at - 1;
      if (this.hashes[i] === h && this.starts[i + 1]! - this.starts[i]! === end) {
        const o = this.starts[i]!;
        let k = 0;
        while (k < end && this.tokens[o + k] === run[k]) k++;
        if (k === end) return i;
      }
      slot = (slot + 1) & mask;
    }
    const i = this.size++;
    if (i + 1 >= this.hashes.length) {
      this.hashes = grown(this.hashes, i + 2);
      this.starts = grown(this.starts, i + 2);
      this.counts = grown(this.counts, i + 2);
    }
    if (this.used + end > this.tokens.length) this.tokens = grown(this.tokens, this.used + end);
    for (let k = 0; k < end; k++) this.tokens[this.used + k] = run[k]!;
    this.hashes[i] = h;
    this.starts[i] = this.used;
    this.used += end;
    this.starts[i + 1] = this.used;
    slots[slot] = i + 1;
    if (this.size * 2 > mask) this.slots = rehashed(this.hashes, this.size, slots.length * 2);
    return i;
  }

  /** Distinct rankings so far. */
  get distinct(): number {
    return this.size;
  }

  build(): BallotSet {
    const offsets = new Uint32Array(this.size + 1);
    offsets.set(this.starts.subarray(0, this.size + 1));
    const weights = new Array<bigint>(this.size);
    const carried = this.carried.size > 0 ? this.carried : undefined;
    for (let i = 0; i < this.size; i++) {
      const whole = wholeBig(this.counts[i]!); // i < size
      const more = carried?.get(i);
      weights[i] = more === undefined ? whole : whole + more;
    }
    return { size: this.size, tokens: this.tokens.slice(0, this.used), offsets, weights, total: BigInt(this.total) + this.totalCarried };
  }
}
