/**
 * One reading of a ballot that names candidates by id: the count step, the kept
 * record, the board and the verifier all count through countRanked, so a
 * candidate ranked twice is what the method's repeated-ranking rule says,
 * whichever path counts it.
 */
import { describe, expect, it } from 'vitest';
import { countRanked, UnknownCandidateError } from '../../src/count/ranked.js';
import { runCount } from '../../src/domain/processes/index.js';
import { makeBoard } from '../../src/integrity/board.js';
import { recountBoard, verifyBoard } from '../../src/integrity/verify.js';

const candidates = [
  { id: 'a', name: 'Ann', withdrawn: false },
  { id: 'b', name: 'Bob', withdrawn: false },
  { id: 'c', name: 'Cat', withdrawn: false },
];
// Three ballots rank Cat, then Cat again, then Ann: whether they reach Ann is the rule's to say.
const ballots = [...Array.from({ length: 4 }, () => ['a']), ...Array.from({ length: 5 }, () => ['b']), ...Array.from({ length: 3 }, () => ['c', 'c', 'a'])];

function boardOf(options: Record<string, string | number | boolean>) {
  const record = countRanked({ title: 'Repeat', candidates, seats: 1, ballots: ballots.map((ranking) => ({ ranking })) }, 'irv', options);
  return makeBoard({
    process: { id: 'p', kind: 'selection', title: 'Repeat', rulebook: 'labour-2021@1', closedOn: '2024-06-05' },
    candidates,
    seats: 1,
    method: 'irv',
    options: { seats: 1, ...options },
    electorate: null,
    voters: { total: ballots.length, online: ballots.length, postal: 0, inPerson: 0 },
    ballots: ballots.map((ranking, i) => ({ tracker: `T-${String(i).padStart(2, '0')}`, ranking })),
    declared: { elected: record.elected.map((i) => candidates[i].id), record },
  });
}

describe('a candidate ranked twice', () => {
  it('passes over the repeat by default, identically in the count step and the verifier', () => {
    const board = boardOf({ seed: 1 });
    expect(board.declared!.record.elected).toEqual([0]); // Cat's ballots reach Ann
    const step = runCount({
      title: 'Repeat',
      candidates: candidates.map((c) => ({ ...c, gender: null, withdrawn: null })),
      seats: 1,
      method: 'irv',
      minWomen: null,
      ballots: ballots.map((ranking) => ({ ranking })),
      seed: 1,
      electorate: 100,
      at: '2024-06-05T20:00:00.000Z',
    });
    expect(step.ok && JSON.stringify(step.value.record)).toBe(JSON.stringify(board.declared!.record));
    expect(verifyBoard(board).problems).toEqual([]);
  });

  it('exhausts the ballot where the rule says so, and the verifier reads it the same way', () => {
    const board = boardOf({ seed: 1, exhaustOnDuplicate: true });
    expect(board.declared!.record.elected).toEqual([1]); // Cat's ballots stop at the repeat: Bob wins
    expect(JSON.stringify(recountBoard(board))).toBe(JSON.stringify(board.declared!.record));
    expect(verifyBoard(board).problems).toEqual([]);
  });

  it('a ballot naming someone not on the paper is not read at all', () => {
    expect(() => countRanked({ title: 'x', candidates, seats: 1, ballots: [{ ranking: ['a'] }, { ranking: ['z'] }] }, 'irv', {})).toThrow(
      UnknownCandidateError,
    );
  });
});
