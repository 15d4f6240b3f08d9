import { FNV_OFFSET, FNV_PRIME, grown, mix, rehashed } from '../../count/merge.js';

/** FNV-1a of bytes [s, e), mixed: the hash `ByteStrings` files them under. */
export function hashBytes(buf: Uint8Array, s: number, e: number): number {
  let h = FNV_OFFSET;
  for (let k = s; k < e; k++) h = Math.imul(h ^ buf[k], FNV_PRIME);
  return mix(h);
}

/** Interned byte strings: each distinct one gets an index, found again by hash and bytes. */
export class ByteStrings {
  size = 0;
  /** Whether the last `intern` added a new string. */
  added = false;
  private slots = new Int32Array(1 << 10);
  private hashes: Int32Array = new Int32Array(1 << 9);
  private offsets: Int32Array = new Int32Array(1 << 9);
  private lengths: Int32Array = new Int32Array(1 << 9);
  private bytes: Uint8Array = new Uint8Array(1 << 14);
  private used = 0;

  intern(buf: Uint8Array, s: number, e: number, h: number): number {
    const len = e - s;
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = h & mask;
    for (let at = slots[slot]; at !== 0; at = slots[slot]) {
      const i = at - 1;
      if (this.hashes[i] === h && this.lengths[i] === len) {
        const bytes = this.bytes;
        const o = this.offsets[i] - s;
        let k = s;
        while (k < e && buf[k] === bytes[k + o]) k++;
        if (k === e) {
          this.added = false;
          return i;
        }
      }
      slot = (slot + 1) & mask;
    }
    const i = this.size++;
    if (i === this.hashes.length) {
      this.hashes = grown(this.hashes, i + 1);
      this.offsets = grown(this.offsets, i + 1);
      this.lengths = grown(this.lengths, i + 1);
    }
    if (this.used + len > this.bytes.length) this.bytes = grown(this.bytes, this.used + len);
    this.bytes.set(buf.subarray(s, e), this.used);
    this.hashes[i] = h;
    this.offsets[i] = this.used;
    this.lengths[i] = len;
    this.used += len;
    slots[slot] = i + 1;
    if (this.size * 2 > mask) this.slots = rehashed(this.hashes, this.size, slots.length * 2);
    this.added = true;
    return i;
  }
}
