import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { METHODS } from '../../src/count/methods/index.js';
import { ballotsDigest, type Board } from '../../src/integrity/board.js';
import { verifyBoard } from '../../src/integrity/verify.js';
import { boardOf, copy } from './helpers.js';

type Mutable<T> = T extends readonly (infer U)[] ? Mutable<U>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;
const mutable = (b: Board): Mutable<Board> => copy(b) as Mutable<Board>;

/** Four candidates, two seats, Scottish STV: surpluses, exclusions and several stages. */
const stv = boardOf({
  method: 'stv-scottish',
  seats: 2,
  candidates: ['Ann', 'Bob', 'Cat', 'Dan'],
  ballots: [
    { ranking: ['c1', 'c2'], count: 30 },
    { ranking: ['c2', 'c3', 'c1'], count: 12 },
    { ranking: ['c3'], count: 9 },
    { ranking: ['c1'], count: 5 },
    { ranking: ['c2', 'c1'], count: 8 },
    { ranking: ['c4', 'c3'], count: 6 },
    { ranking: ['c3', 'c2'], count: 10 },
  ],
});

const problemsOf = (b: Board | Mutable<Board>): readonly string[] => verifyBoard(b as Board).problems;

describe('verifying a bulletin board', () => {
  it('a good board verifies: nothing wrong, and the report says what was checked', () => {
    const v = verifyBoard(stv);
    expect(v.problems).toEqual([]);
    expect(v.recount?.elected).toEqual(stv.declared!.record.elected);
    const report = v.checked.join('\n');
    expect(report).toMatch(/80 ballots: checked that each tracker appears once/);
    expect(report).toContain(stv.ballotsSha256);
    expect(report).toMatch(/checked that each of the \d+ stages adds up/);
    expect(report).toMatch(/checked that every transfer equals the change in the totals/);
    expect(report).toMatch(/checked that the quota is ⌊valid poll ÷ \(seats \+ 1\)⌋ \+ 1/);
    expect(report).toMatch(/recounted independently by stv-scottish: Ann, Bob elected/);
  });

  it('catches a changed ballot, and names the totals it changes', () => {
    const b = mutable(stv);
    const i = b.ballots.findIndex((x) => x.ranking.join() === 'c1,c2');
    b.ballots[i].ranking = ['c4'];
    const problems = problemsOf(b);
    expect(problems[0]).toMatch(/^the ballots' SHA-256 is [0-9a-f]{64}, but the board says [0-9a-f]{64}: the ballot list is not the one published$/);
    // Changed again, with the digest made to match: the recount still finds it.
    b.ballotsSha256 = ballotsDigest(b.ballots);
    const again = problemsOf(b);
    expect(again).toContain('stage 1: Ann 35.00000 declared, 34.00000 recounted');
    expect(again).toContain('stage 1: Dan 6.00000 declared, 7.00000 recounted');
  });

  it('catches a removed ballot: fewer ballots than voters, and a different count', () => {
    const b = mutable(stv);
    b.ballots.splice(10, 1);
    b.ballotsSha256 = ballotsDigest(b.ballots);
    const problems = problemsOf(b);
    expect(problems).toContain('79 ballots are on the board, but 80 members were marked as voted');
    expect(problems).toContain('the record counts 80 ballots, but the board has 79');
    expect(problems).toContain('ballots counted: 80 declared, 79 recounted');
  });

  it('catches a duplicated ballot, by its tracker', () => {
    const b = mutable(stv);
    b.ballots.splice(21, 0, copy(b.ballots[20]));
    const problems = problemsOf(b);
    expect(problems[0]).toBe(`ballot with tracker ${stv.ballots[20].tracker} appears twice`);
    expect(problems).toContain('81 ballots are on the board, but 80 members were marked as voted');
  });

  it('catches an altered stage total, in the arithmetic and in the recount', () => {
    const b = mutable(stv);
    const stage = b.declared!.record.stages[1];
    const ann = stage.tally[0];
    stage.tally[0] = '120.00000';
    const problems = problemsOf(b);
    expect(problems).toContain(`stage 2: Ann 120.00000 declared, ${ann} recounted`);
    expect(problems.find((p) => p.startsWith('stage 2 does not add up'))).toMatch(/but there were 80 ballots/);
    expect(problems.some((p) => p.startsWith(`stage 1 → 2: Ann went from`) && p.includes('to 120.00000'))).toBe(true);
  });

  it('catches swapped winners, in the declaration and in the record', () => {
    const b = mutable(stv);
    b.declared!.elected.reverse();
    expect(problemsOf(b)).toEqual(['declared elected: Bob, Ann; the record elects Ann, Bob']);
    b.declared!.record.elected.reverse();
    const problems = problemsOf(b);
    expect(problems).toContain('the record names Bob, Ann as elected, but its stages elect Ann, Bob');
    expect(problems).toContain('elected: declared Bob, Ann; recounted Ann, Bob');
  });

  it('catches ballots put out of tracker order, and says where', () => {
    const b = mutable(stv);
    [b.ballots[4], b.ballots[5]] = [b.ballots[5], b.ballots[4]];
    const problems = problemsOf(b);
    expect(problems[0]).toBe(
      `ballots are not in tracker order: ballot 6, tracker ${stv.ballots[4].tracker}, comes after ballot 5, tracker ${stv.ballots[5].tracker}`,
    );
    expect(problems).toHaveLength(2);
    expect(problems[1]).toMatch(/SHA-256/);
  });

  it('catches a wrong quota, a transfer that does not match the totals, and a ranking of someone not standing', () => {
    const b = mutable(stv);
    b.declared!.record.stages[0].threshold = '26.00000';
    const first = b.declared!.record.stages.find((s) => s.action && Object.keys(s.action.transfers).length > 0)!;
    const [c, v] = Object.entries(first.action!.transfers)[0];
    first.action!.transfers[Number(c)] = v.startsWith('-') ? v.slice(1) : `-${v}`;
    b.ballots[0].ranking = ['c9'];
    b.ballotsSha256 = ballotsDigest(b.ballots);
    const problems = problemsOf(b);
    expect(problems).toContain('stage 1: the quota ⌊valid poll ÷ (seats + 1)⌋ + 1 is 27.00000, but the record says 26.00000');
    expect(problems.some((p) => p.startsWith(`stage ${first.number} → ${first.number + 1}:`) && p.includes('but the transfer says'))).toBe(true);
    expect(problems).toContain(`ballot with tracker ${stv.ballots[0].tracker} ranks "c9", who is not a candidate (candidates: c1, c2, c3, c4)`);
  });

  it('catches a changed seed or method, which give another count', () => {
    const b = mutable(stv);
    b.method = 'stv-ers97';
    const problems = problemsOf(b);
    expect(problems).toContain('the record was counted by stv-scottish, but the board says stv-ers97');
    expect(problems.some((p) => p.startsWith('stage 1: quota'))).toBe(true);
  });

  it('a board published before the count has its ballots checked and a recount shown, and nothing else to compare', () => {
    const board = boardOf({
      candidates: ['Ann', 'Bob', 'Cat'],
      ballots: [
        { ranking: ['c1'], count: 3 },
        { ranking: ['c2', 'c1'], count: 2 },
      ],
      declared: false,
    });
    const v = verifyBoard(board);
    expect(v.problems).toEqual([]);
    expect(v.checked.join('\n')).toMatch(/no result has been declared yet/);
    expect(v.recount?.elected).toEqual([0]);
  });

  it('handles withdrawn candidates and a minimum of women, as the count did', () => {
    const board = boardOf({
      method: 'stv-scottish',
      seats: 2,
      candidates: [
        { id: 'a', name: 'Al', withdrawn: false, attributes: { gender: 'man' } },
        { id: 'b', name: 'Bo', withdrawn: false, attributes: { gender: 'man' } },
        { id: 'c', name: 'Cy', withdrawn: false, attributes: { gender: 'woman' } },
        { id: 'd', name: 'Di', withdrawn: true, attributes: { gender: 'woman' } },
      ],
      options: { minimum: 'gender=woman:1' },
      ballots: [
        { ranking: ['a', 'b'], count: 20 },
        { ranking: ['b', 'a'], count: 18 },
        { ranking: ['d', 'c'], count: 6 },
        { ranking: ['c'], count: 5 },
      ],
    });
    expect(board.declared!.elected).toContain('c');
    expect(verifyBoard(board).problems).toEqual([]);
    const b = mutable(board);
    delete b.options.minimum;
    expect(problemsOf(b).some((p) => p.startsWith('option minimum:') || p.startsWith('elected:'))).toBe(true);
  });

  it('verifies honest boards counted by every method, and catches any one ballot changed', () => {
    const election = fc.record({
      method: fc.constantFrom(...METHODS.map((m) => m.id)),
      candidates: fc.integer({ min: 2, max: 6 }),
      seats: fc.integer({ min: 1, max: 3 }),
      ballots: fc.array(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 6 }), { minLength: 3, maxLength: 120 }),
      victim: fc.nat(),
      replacement: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 6 }),
    });
    fc.assert(
      fc.property(election, (e) => {
        const ids = Array.from({ length: e.candidates }, (_, i) => `c${i + 1}`);
        const ranking = (xs: readonly number[]) => [...new Set(xs.filter((x) => x < e.candidates))].map((x) => ids[x]);
        const seats = e.method === 'irv' ? 1 : Math.min(e.seats, e.candidates - 1);
        let board: Board;
        try {
          board = boardOf({
            method: e.method,
            seats,
            candidates: ids.map((id) => `Candidate ${id}`),
            ballots: e.ballots.map((b) => ({ ranking: ranking(b) })),
          });
        } catch {
          // A count the rule itself refuses (e.g. more seats than it can fill) publishes no board.
          return true;
        }
        if (verifyBoard(board).problems.length > 0) return false;
        const b = mutable(board);
        const victim = e.victim % b.ballots.length;
        const before = b.ballots[victim].ranking.join();
        const after = ranking(e.replacement);
        if (after.join() === before) return true;
        b.ballots[victim].ranking = after;
        // A change that leaves every total as it was (e.g. a later preference no count reaches) is
        // still caught by the digest of the published list.
        return problemsOf(b).some((p) => p.startsWith("the ballots' SHA-256 is"));
      }),
      { numRuns: 300 },
    );
  });
});
