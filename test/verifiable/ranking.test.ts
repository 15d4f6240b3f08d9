import { describe, expect, it } from 'vitest';
import { RistrettoPoint } from '../../src/verifiable/group.js';
import { chunkToPoint, decodeRanking, encodeRanking, integerToRanking, rankingToInteger, rankingWidth } from '../../src/verifiable/ranking.js';
import { seededRandom } from '../../src/verifiable/random.js';

function randomRanking(candidates: number, next: () => number): number[] {
  const pool = Array.from({ length: candidates }, (_, i) => i);
  const length = Math.floor(next() * (candidates + 1));
  const out: number[] = [];
  for (let i = 0; i < length; i++) out.push(pool.splice(Math.floor(next() * pool.length), 1)[0]!);
  return out;
}

describe('rankings packed into group elements', () => {
  it('takes one element up to 53 candidates and two from 54 to 60', () => {
    expect(rankingWidth(1)).toBe(1);
    expect(rankingWidth(30)).toBe(1);
    expect(rankingWidth(53)).toBe(1);
    expect(rankingWidth(54)).toBe(2);
    expect(rankingWidth(60)).toBe(2);
    expect(() => rankingWidth(61)).toThrow(/1 to 60/);
    expect(() => rankingWidth(0)).toThrow(/1 to 60/);
  });

  it('numbers every ranking of 3 candidates 0 … 4!−1 exactly once', () => {
    const all: number[][] = [[]];
    for (const a of [0, 1, 2]) {
      all.push([a]);
      for (const b of [0, 1, 2].filter((x) => x !== a)) {
        all.push([a, b]);
        for (const c of [0, 1, 2].filter((x) => x !== a && x !== b)) all.push([a, b, c]);
      }
    }
    const values = all.map((r) => rankingToInteger(r, 3));
    expect(new Set(values).size).toBe(all.length);
    // 16 rankings but 24 integers: the other 8 are not rankings (a stop followed by a choice).
    for (let v = 0n; v < 24n; v++) {
      const r = integerToRanking(v, 3);
      if (values.includes(v)) expect(r).toEqual(all[values.indexOf(v)]);
      else expect(r).toBeNull();
    }
    expect(integerToRanking(24n, 3)).toBeNull();
  });

  it('round-trips random rankings of 1, 5, 10, 30, 53, 54 and 60 candidates through points', () => {
    const bytes = seededRandom('rankings');
    const next = () => bytes(4).reduce((v, b) => v * 256 + b, 0) / 2 ** 32;
    for (const candidates of [1, 5, 10, 30, 53, 54, 60]) {
      for (let i = 0; i < 6; i++) {
        const ranking = randomRanking(candidates, next);
        const points = encodeRanking(ranking, candidates);
        expect(points).toHaveLength(rankingWidth(candidates));
        const reencoded = points.map((p) => RistrettoPoint.fromBytes(p.toBytes()));
        expect(decodeRanking(reencoded, candidates)).toEqual(ranking);
      }
      const full = Array.from({ length: candidates }, (_, i) => candidates - 1 - i);
      expect(decodeRanking(encodeRanking(full, candidates), candidates)).toEqual(full);
    }
  });

  it('refuses to encode what is not a ranking, naming the entry', () => {
    expect(() => encodeRanking([0, 0], 3)).toThrow(/entry 2/);
    expect(() => encodeRanking([3], 3)).toThrow(/entry 1/);
    expect(() => encodeRanking([0.5], 3)).toThrow(/entry 1/);
    expect(() => encodeRanking([0, 1, 2, 0], 3)).toThrow(/at most 3/);
  });

  it('decodes points that stand for no ranking as an invalid ballot', () => {
    expect(decodeRanking([RistrettoPoint.BASE], 10)).toBeNull();
    expect(decodeRanking([chunkToPoint(new Uint8Array(30).fill(0xff))], 10)).toBeNull();
    expect(decodeRanking([RistrettoPoint.ZERO], 10)).toEqual([]);
    expect(decodeRanking([RistrettoPoint.ZERO], 60)).toBeNull();
  });
});
