import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BallotSetBuilder, SKIP } from '../../src/count/ballots.js';
import { RankingMerger } from '../../src/count/merge.js';

/** The plain way to merge: a Map keyed by the joined tokens, in order of first appearance. */
function reference(list: readonly { run: number[]; weight: bigint }[]) {
  const index = new Map<string, number>();
  const runs: number[][] = [];
  const weights: bigint[] = [];
  let total = 0n;
  for (const { run, weight } of list) {
    let end = run.length;
    while (end > 0 && run[end - 1] === SKIP) end--;
    const key = run.slice(0, end).join(',');
    total += weight;
    const at = index.get(key);
    if (at === undefined) {
      index.set(key, runs.length);
      runs.push(run.slice(0, end));
      weights.push(weight);
    } else weights[at] += weight;
  }
  const offsets = new Uint32Array(runs.length + 1);
  runs.forEach((r, i) => {
    offsets[i + 1] = offsets[i] + r.length;
  });
  return { size: runs.length, tokens: Int32Array.from(runs.flat()), offsets, weights, total };
}

describe('RankingMerger', () => {
  it('merges exactly as a Map keyed by the joined ranking would, in order of first appearance', () => {
    // Runs are well formed: a rank opens with a candidate or SKIP, shared marks follow as -2 - c.
    const rank = fc.oneof(
      fc.constant([SKIP]),
      fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 }).map((cs) => cs.map((c, k) => (k === 0 ? c : -2 - c))),
    );
    const ballot = fc.record({ run: fc.array(rank, { maxLength: 5 }).map((ranks) => ranks.flat()), weight: fc.bigInt({ min: 1n, max: 10n ** 20n }) });
    fc.assert(
      fc.property(fc.array(ballot, { maxLength: 400 }), (list) => {
        const builder = new BallotSetBuilder();
        const merger = new RankingMerger();
        for (const { run, weight } of list) {
          builder.addTokens(run, weight);
          merger.add(Int32Array.from(run), run.length, weight);
        }
        expect(merger.build()).toEqual(reference(list));
        expect(builder.build()).toEqual(reference(list));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a weight that is not positive', () => {
    expect(() => new RankingMerger().add([0], 1, 0n)).toThrow(RangeError);
  });
});
