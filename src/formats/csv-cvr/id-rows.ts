import { grown } from '../../count/merge.js';

/**
 * Distinct rows as fixed-length sequences of cell ids, with how many times each
 * was met. While every id is below `radix`, a row's ids are packed exactly into
 * one float64 key (radix^width <= 2^53) kept in its hash slot beside its count,
 * so meeting a row again touches one cache line; otherwise rows are found by
 * hash and compared id by id.
 */
export class IdRows {
  size = 0;
  /** Whether the last `intern` added a new row. */
  added = false;
  ids: Int32Array;
  private readonly radix: number;
  private packed: boolean;
  /** Packed mode: [key, row + 1, count, unused] per slot. */
  private keySlots = new Float64Array(4 << 13);
  /** Hash mode: [hash, row + 1] per slot, counts by row. */
  private hashSlots = new Int32Array(0);
  private rowCounts = new Float64Array(0);
  private hashes: Int32Array = new Int32Array(1 << 9);

  constructor(readonly width: number) {
    this.ids = new Int32Array(Math.max(1, width) << 9);
    this.radix = width > 0 ? 2 ** Math.floor(53 / width) : 1;
    this.packed = this.radix >= 4;
    if (!this.packed) this.unpack();
  }

  /** Counts one more copy of `row` and returns its index. */
  intern(row: Int32Array, h: number): number {
    const k = this.width;
    if (this.packed) {
      const radix = this.radix;
      let key = 0;
      let scale = 1;
      for (let j = 0; j < k; j++) {
        const id = row[j];
        if (id >= radix) {
          this.unpack();
          return this.intern(row, h);
        }
        key += id * scale;
        scale *= radix;
      }
      const slots = this.keySlots;
      const mask = (slots.length >> 2) - 1;
      let slot = h & mask;
      for (let at = slots[4 * slot + 1]; at !== 0; at = slots[4 * slot + 1]) {
        if (slots[4 * slot] === key) {
          slots[4 * slot + 2]++;
          this.added = false;
          return at - 1;
        }
        slot = (slot + 1) & mask;
      }
      const r = this.store(row, h);
      slots[4 * slot] = key;
      slots[4 * slot + 1] = r + 1;
      slots[4 * slot + 2] = 1;
      if (this.size * 2 > mask) this.rebuild();
      return r;
    }
    const slots = this.hashSlots;
    const mask = (slots.length >> 1) - 1;
    let slot = h & mask;
    for (let at = slots[2 * slot + 1]; at !== 0; at = slots[2 * slot + 1]) {
      if (slots[2 * slot] === h) {
        const base = (at - 1) * k;
        const ids = this.ids;
        let j = 0;
        while (j < k && ids[base + j] === row[j]) j++;
        if (j === k) {
          this.rowCounts[at - 1]++;
          this.added = false;
          return at - 1;
        }
      }
      slot = (slot + 1) & mask;
    }
    const r = this.store(row, h);
    if (r >= this.rowCounts.length) this.rowCounts = grown(this.rowCounts, r + 1);
    this.rowCounts[r] = 1;
    slots[2 * slot] = h;
    slots[2 * slot + 1] = r + 1;
    if (this.size * 2 > mask) this.rebuild();
    return r;
  }

  /** How many times each row was met, by row index. */
  counts(): Float64Array {
    if (!this.packed) return this.rowCounts.subarray(0, this.size);
    const out = new Float64Array(this.size);
    const slots = this.keySlots;
    for (let s = 0; s < slots.length; s += 4) if (slots[s + 1] !== 0) out[slots[s + 1] - 1] = slots[s + 2];
    return out;
  }

  private store(row: Int32Array, h: number): number {
    const r = this.size++;
    const k = this.width;
    if ((r + 1) * k > this.ids.length) this.ids = grown(this.ids, (r + 1) * k);
    if (r === this.hashes.length) this.hashes = grown(this.hashes, r + 1);
    this.ids.set(row.subarray(0, k), r * k);
    this.hashes[r] = h;
    this.added = true;
    return r;
  }

  private unpack(): void {
    const counts = this.counts();
    this.packed = false;
    this.rowCounts = new Float64Array(Math.max(counts.length, 1 << 9));
    this.rowCounts.set(counts);
    let size = 1 << 11;
    while (size < this.size * 4) size *= 2;
    const slots = new Int32Array(size);
    const mask = (size >> 1) - 1;
    for (let r = 0; r < this.size; r++) {
      let slot = this.hashes[r] & mask;
      while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = this.hashes[r];
      slots[2 * slot + 1] = r + 1;
    }
    this.hashSlots = slots;
    this.keySlots = new Float64Array(0);
  }

  /** Doubles the slots of the current mode. */
  private rebuild(): void {
    const hashes = this.hashes;
    if (this.packed) {
      const old = this.keySlots;
      const slots = new Float64Array(old.length * 2);
      const mask = (slots.length >> 2) - 1;
      for (let s = 0; s < old.length; s += 4) {
        const at = old[s + 1];
        if (at === 0) continue;
        let slot = hashes[at - 1] & mask;
        while (slots[4 * slot + 1] !== 0) slot = (slot + 1) & mask;
        slots[4 * slot] = old[s];
        slots[4 * slot + 1] = at;
        slots[4 * slot + 2] = old[s + 2];
      }
      this.keySlots = slots;
      return;
    }
    const old = this.hashSlots;
    const slots = new Int32Array(old.length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let s = 0; s < old.length; s += 2) {
      const at = old[s + 1];
      if (at === 0) continue;
      let slot = old[s] & mask;
      while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = old[s];
      slots[2 * slot + 1] = at;
    }
    this.hashSlots = slots;
  }
}
