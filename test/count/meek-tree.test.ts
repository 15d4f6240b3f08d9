import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareBallots, type OvervoteRule } from '../../src/count/ballot-rules.js';
import { SKIP } from '../../src/count/ballots.js';
import { RankingMerger } from '../../src/count/merge.js';
import { ELECTED, fullTree, HOPEFUL, OUT, RoundTrees, type ChoiceTree } from '../../src/count/methods/meek-tree.js';

/** A tree as what it says: for each path of choices from the root, its ballots and the ballots ending there by reason. */
function paths(tree: ChoiceTree): string[] {
  const out: string[] = [];
  const visit = (node: number, path: string): void => {
    out.push(`${path} through ${tree.through[node]} ends ${tree.ends[node]?.join(',') ?? '-'}`);
    for (let ch = tree.firstChild[node]; ch >= 0; ch = tree.nextSibling[ch]) visit(ch, `${path}/${tree.choice[ch]}`);
  };
  visit(0, '');
  return out.sort();
}

const CANDIDATES = 5;

describe('RoundTrees', () => {
  it('builds each round’s tree from the last one exactly as it would be cut afresh from the full tree', () => {
    // Runs are well formed: a rank opens with a candidate or SKIP, shared marks follow as -2 - c.
    const rank = fc.oneof(
      fc.constant([SKIP]),
      fc.array(fc.integer({ min: 0, max: CANDIDATES - 1 }), { minLength: 1, maxLength: 3 }).map((cs) => cs.map((c, k) => (k === 0 ? c : -2 - c))),
    );
    const ballot = fc.record({ run: fc.array(rank, { maxLength: 6 }).map((ranks) => ranks.flat()), weight: fc.integer({ min: 1, max: 5 }) });
    const overvote = fc.constantFrom<OvervoteRule>('exhaustImmediately', 'alwaysSkipToNextRank', 'exhaustIfMultipleContinuing');
    // Each step moves a hopeful candidate (the k-th still hopeful, wrapping) to elected or out of the count.
    const step = fc.record({ k: fc.nat(), to: fc.constantFrom(ELECTED, OUT) });
    fc.assert(
      fc.property(
        fc.array(ballot, { maxLength: 120 }),
        overvote,
        fc.boolean(),
        fc.array(fc.integer({ min: 0, max: CANDIDATES - 1 }), { maxLength: 1 }),
        fc.array(step, { maxLength: CANDIDATES }),
        (list, rule, split, withdrawn, steps) => {
          const merger = new RankingMerger();
          for (const { run, weight } of list) merger.add(run, run.length, BigInt(weight));
          const ballots = prepareBallots(
            merger.build(),
            { overvote: split ? 'exhaustIfMultipleContinuing' : rule, maxSkippedRanks: null, exhaustOnDuplicate: false },
            { withdrawn },
          );
          const full = fullTree(ballots);
          const state = Uint8Array.from({ length: CANDIDATES }, (_, c) => (withdrawn.includes(c) ? OUT : HOPEFUL));
          const rounds = new RoundTrees(full, ballots.groups, split);
          expect(paths(rounds.next(state))).toEqual(paths(new RoundTrees(full, ballots.groups, split).next(state)));
          for (const { k, to } of steps) {
            const hopeful = [...state.keys()].filter((c) => state[c] === HOPEFUL);
            if (hopeful.length === 0) break;
            state[hopeful[k % hopeful.length]] = to;
            expect(paths(rounds.next(state))).toEqual(paths(new RoundTrees(full, ballots.groups, split).next(state)));
          }
        },
      ),
      { numRuns: 300, seed: 16 },
    );
  });
});
