/**
 * Rankings packed into group elements and back (docs/verifiable-ballots.md §4): a ranking of up to
 * 60 candidates is a mixed-radix integer below (C+1)!, cut into 30-byte chunks, each made a point by
 * try-and-increment over the two free bytes of a ristretto255 encoding.
 */
import { type GroupElement, pointBytes, RistrettoPoint } from './group.js';

/** The most candidates an encrypted ballot carries. */
export const MAX_ENCRYPTED_CANDIDATES = 60;
const CHUNK = 30;
const TRIES = 1 << 14;

/** A ranking: candidate numbers 0…C−1, most preferred first, distinct. */
export type Ranking = readonly number[];

function checkCandidates(candidates: number): void {
  if (!Number.isInteger(candidates) || candidates < 1 || candidates > MAX_ENCRYPTED_CANDIDATES) {
    throw new RangeError(`candidates must be a whole number from 1 to ${MAX_ENCRYPTED_CANDIDATES}, not ${candidates}`);
  }
}

function factorial(n: number): bigint {
  let f = 1n;
  for (let i = 2; i <= n; i++) f *= BigInt(i);
  return f;
}

/** m(C): how many group elements a ranking of C candidates takes. */
export function rankingWidth(candidates: number): number {
  checkCandidates(candidates);
  const bits = (factorial(candidates + 1) - 1n).toString(2).length;
  return Math.ceil(bits / (8 * CHUNK));
}

/** The ranking's integer v (§4), checking it is a ranking of these candidates. */
export function rankingToInteger(ranking: Ranking, candidates: number): bigint {
  checkCandidates(candidates);
  if (ranking.length > candidates) throw new RangeError(`a ranking of ${candidates} candidates has at most ${candidates} entries, not ${ranking.length}`);
  const remaining = Array.from({ length: candidates }, (_, i) => i);
  let v = 0n;
  let weight = 1n;
  for (let i = 0; i < candidates; i++) {
    let digit = 0;
    if (i < ranking.length) {
      const at = remaining.indexOf(ranking[i]!);
      if (!Number.isInteger(ranking[i]) || at < 0)
        throw new RangeError(`ranking entry ${i + 1} (${ranking[i]}) is not a candidate from 0 to ${candidates - 1} ranked once`);
      remaining.splice(at, 1);
      digit = at + 1;
    }
    v += BigInt(digit) * weight;
    weight *= BigInt(candidates - i + 1);
  }
  return v;
}

/** The ranking an integer stands for, or null if none does (an invalid ballot). */
export function integerToRanking(v: bigint, candidates: number): Ranking | null {
  checkCandidates(candidates);
  if (v < 0n || v >= factorial(candidates + 1)) return null;
  const remaining = Array.from({ length: candidates }, (_, i) => i);
  const ranking: number[] = [];
  let ended = false;
  let rest = v;
  for (let i = 0; i < candidates; i++) {
    const radix = BigInt(candidates - i + 1);
    const digit = Number(rest % radix);
    rest /= radix;
    if (digit === 0) ended = true;
    else if (ended) return null;
    else ranking.push(remaining.splice(digit - 1, 1)[0]!);
  }
  return ranking;
}

/** A 30-byte chunk as a point (§4, chunk to point). */
export function chunkToPoint(chunk: Uint8Array): GroupElement {
  const bytes = new Uint8Array(32);
  bytes.set(chunk, 1);
  for (let t = 0; t < TRIES; t++) {
    bytes[0] = 2 * (t % 128);
    bytes[31] = Math.floor(t / 128);
    try {
      return RistrettoPoint.fromBytes(bytes);
    } catch {
      // not a canonical encoding: try the next counter
    }
  }
  throw new Error('no encoding found for a chunk (probability below 2^-6000)');
}

/** The points that encode a ranking. */
export function encodeRanking(ranking: Ranking, candidates: number): GroupElement[] {
  const width = rankingWidth(candidates);
  let v = rankingToInteger(ranking, candidates);
  const bytes = new Uint8Array(CHUNK * width);
  for (let i = bytes.length - 1; i >= 0; i--) {
    bytes[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return Array.from({ length: width }, (_, j) => chunkToPoint(bytes.subarray(CHUNK * j, CHUNK * (j + 1))));
}

/** The ranking some decrypted points stand for, or null for an invalid ballot. */
export function decodeRanking(points: readonly GroupElement[], candidates: number): Ranking | null {
  if (points.length !== rankingWidth(candidates)) return null;
  let v = 0n;
  for (const p of points) {
    const bytes = pointBytes(p);
    for (let i = 1; i <= CHUNK; i++) v = (v << 8n) | BigInt(bytes[i]!);
  }
  return integerToRanking(v, candidates);
}
