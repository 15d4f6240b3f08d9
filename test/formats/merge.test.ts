import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BallotSetBuilder, SKIP } from '../../src/count/ballots.js';
import { RankingMerger } from '../../src/formats/merge.js';

describe('RankingMerger', () => {
  it('builds exactly what BallotSetBuilder builds', () => {
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
        expect(merger.build()).toEqual(builder.build());
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a weight that is not positive', () => {
    expect(() => new RankingMerger().add([0], 1, 0n)).toThrow(RangeError);
  });
});
