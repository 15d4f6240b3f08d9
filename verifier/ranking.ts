/** Rankings as mixed-radix integers and group elements (docs/verifiable-ballots.md §4). */
import { bytesOfHex, type GroupPoint, pointFromBytes } from './group.js';

function factorial(n: number): bigint {
  let f = 1n;
  for (let i = 2n; i <= BigInt(n); i++) f *= i;
  return f;
}

/** m(C): how many group elements a ranking of C candidates takes. */
export function widthOf(candidates: number): number {
  const bits = (factorial(candidates + 1) - 1n).toString(2).length;
  return Math.ceil(bits / 240);
}

export function rankingToInteger(candidates: number, ranking: readonly number[]): bigint {
  const remaining = Array.from({ length: candidates }, (_, i) => i);
  let v = 0n;
  let weight = 1n;
  for (let i = 0; i < candidates; i++) {
    let digit = 0;
    if (i < ranking.length) {
      const at = remaining.indexOf(ranking[i]!);
      if (at < 0) throw new Error(`candidate ${ranking[i]} at place ${i + 1} is not on the paper or is ranked twice`);
      digit = 1 + at;
      remaining.splice(at, 1);
    }
    v += BigInt(digit) * weight;
    weight *= BigInt(candidates - i + 1);
  }
  return v;
}

/** The ranking `v` stands for, or null when it stands for none (an invalid ballot). */
export function integerToRanking(candidates: number, v: bigint): number[] | null {
  if (v < 0n || v >= factorial(candidates + 1)) return null;
  const remaining = Array.from({ length: candidates }, (_, i) => i);
  const ranking: number[] = [];
  let rest = v;
  let ended = false;
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

function chunkToPoint(chunk: Uint8Array): GroupPoint {
  const bytes = new Uint8Array(32);
  bytes.set(chunk, 1);
  for (let t = 0; t < 16384; t++) {
    bytes[0] = 2 * (t % 128);
    bytes[31] = Math.floor(t / 128);
    try {
      return pointFromBytes(bytes);
    } catch {
      // not a canonical encoding: try the next t
    }
  }
  throw new Error('no point encodes this chunk');
}

export function integerToPoints(candidates: number, v: bigint): GroupPoint[] {
  const m = widthOf(candidates);
  const hex = v.toString(16).padStart(60 * m, '0');
  const bytes = bytesOfHex(hex);
  return Array.from({ length: m }, (_, j) => chunkToPoint(bytes.subarray(30 * j, 30 * j + 30)));
}

export function pointsToInteger(points: readonly GroupPoint[]): bigint {
  let v = 0n;
  for (const p of points) for (const b of p.toBytes().subarray(1, 31)) v = (v << 8n) | BigInt(b);
  return v;
}
