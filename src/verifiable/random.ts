/**
 * A deterministic random source for tests, test vectors and benches: SHA-512 in counter mode over a
 * seed. Not part of the protocol; real voters and trustees pass their platform's secure random.
 */
import { sha512 } from '@noble/hashes/sha2.js';
import type { RandomBytes } from './group.js';

export function seededRandom(seed: string): RandomBytes {
  const seedBytes = new TextEncoder().encode(seed);
  let counter = 0;
  let pool = new Uint8Array(0);
  let at = 0;
  return (length: number) => {
    const out = new Uint8Array(length);
    let filled = 0;
    while (filled < length) {
      if (at === pool.length) {
        const block = new Uint8Array(seedBytes.length + 8);
        block.set(seedBytes);
        new DataView(block.buffer).setFloat64(seedBytes.length, counter++);
        pool = sha512(block);
        at = 0;
      }
      const take = Math.min(length - filled, pool.length - at);
      out.set(pool.subarray(at, at + take), filled);
      filled += take;
      at += take;
    }
    return out;
  };
}
