import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BOARD_FORMAT, ballotsDigest, boardJson, canonicalBallots, compareCodePoints, makeBoard, readBoard } from '../../src/integrity/board.js';
import { boardOf, copy } from './helpers.js';

const spec = {
  candidates: ['Ann Other', 'Bea Jones', 'Siân Ní Bhriain'],
  ballots: [
    { ranking: ['c1', 'c2'], count: 7 },
    { ranking: ['c2', 'c3'], count: 5 },
    { ranking: ['c3', 'c1'], count: 4 },
    { ranking: [], count: 1 },
  ],
};

describe('the bulletin board format', () => {
  it('sorts the ballots by tracker and digests the canonical list', () => {
    const board = boardOf(spec);
    expect(board.format).toBe(BOARD_FORMAT);
    expect(board.version).toBe(1);
    const trackers = board.ballots.map((b) => b.tracker);
    expect(trackers).toEqual([...trackers].sort(compareCodePoints));
    expect(new Set(trackers).size).toBe(17);
    expect(board.ballotsSha256).toBe(createHash('sha256').update(canonicalBallots(board.ballots), 'utf8').digest('hex'));
    // The canonical list is one [tracker, ranking] pair per line, as `jq -c` prints it.
    const first = board.ballots[0];
    expect(canonicalBallots(board.ballots).split('\n')[0]).toBe(JSON.stringify([first.tracker, first.ranking]));
    expect(canonicalBallots(board.ballots).endsWith('\n')).toBe(true);
  });

  it('gives the same digest whatever order the ballots come in, and another for another list', () => {
    const board = boardOf(spec);
    const shuffled = makeBoard({ ...board, ballots: [...board.ballots].reverse() });
    expect(shuffled.ballots).toEqual(board.ballots);
    expect(shuffled.ballotsSha256).toBe(board.ballotsSha256);
    const changed = [...copy(board.ballots)];
    changed[3] = { ...changed[3], ranking: ['c3'] };
    expect(ballotsDigest(changed)).not.toBe(board.ballotsSha256);
  });

  it('orders trackers by code point, not by UTF-16 unit or locale', () => {
    expect(['b', 'a', 'B', '\u{1F600}', '\uFFFD'].sort(compareCodePoints)).toEqual(['B', 'a', 'b', '\uFFFD', '\u{1F600}']);
    expect(compareCodePoints('AB', 'ABC')).toBeLessThan(0);
    expect(compareCodePoints('same', 'same')).toBe(0);
  });

  it('is written as JSON with one ballot per line, and read back as it was', () => {
    const board = boardOf(spec);
    const text = boardJson(board);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.split('\n').filter((l) => l.includes('"tracker"')).length).toBe(17);
    expect(JSON.parse(text)).toEqual(board);
    expect(readBoard(text)).toEqual({ ok: true, value: board });
    const empty = makeBoard({ ...board, ballots: [], voters: { total: 0, online: 0, postal: 0, inPerson: 0 }, declared: null });
    expect(readBoard(boardJson(empty))).toEqual({ ok: true, value: empty });
  });

  it('reproduces its digest with jq, when jq is installed', () => {
    let jq = true;
    try {
      execFileSync('jq', ['--version'], { stdio: 'ignore' });
    } catch {
      jq = false;
      console.warn('jq is not installed: the check that jq reproduces the canonical ballot list was skipped');
    }
    if (!jq) return;
    const board = boardOf(spec);
    const printed = execFileSync('jq', ['-c', '.ballots[] | [.tracker, .ranking]'], { input: boardJson(board) }).toString('utf8');
    expect(printed).toBe(canonicalBallots(board.ballots));
  });

  it('refuses what is not a board, naming each problem and where it is', () => {
    const bad = (value: unknown) => {
      const r = readBoard(typeof value === 'string' ? value : JSON.stringify(value));
      expect(r.ok).toBe(false);
      return r.ok ? [] : r.error.problems;
    };
    expect(bad('{not json')[0]).toMatch(/not JSON/);
    expect(bad([1, 2])).toEqual(['it must be a JSON object']);
    expect(bad({ format: 'something-else' })[0]).toMatch(/format must be "hustings-bulletin-board"/);
    expect(bad({ format: BOARD_FORMAT, version: 2 })[0]).toMatch(/version 2 is not one this Hustings reads/);
    const board = copy(boardOf(spec)) as unknown as Record<string, unknown> & {
      ballots: Record<string, unknown>[];
      declared: { record: { stages: Record<string, unknown>[] } };
    };
    board.ballots[2].ranking = ['c1', 3];
    delete board.ballots[4].tracker;
    board.seats = 0;
    board.ballotsSha256 = 'XYZ';
    board.declared.record.stages[0].tally = { 0: 'seven' };
    expect(bad(board)).toEqual([
      'seats must be a whole number of 1 or more',
      'ballots[2].ranking must be a list of candidate ids',
      'ballots[4].tracker must be text',
      'ballotsSha256 must be 64 lower-case hex digits',
      'declared.record.stages[0].tally.0 must be a decimal number written as text',
    ]);
    const r = readBoard(JSON.stringify(board));
    if (!r.ok) expect(r.error.message).toMatch(/^not a bulletin board: seats must be/);
  });

  it('names the field of every other kind of problem, down into the declared record', () => {
    const board = copy(boardOf(spec)) as unknown as Record<string, any>;
    board.candidates[0].withdrawn = 'no';
    board.candidates[1].attributes = { gender: 3 };
    board.electorate = 'all';
    board.voters.postal = -1;
    board.declared.record.stages[0].inactive = { 'not a reason': '1' };
    board.declared.record.events = {};
    const r = readBoard(JSON.stringify(board));
    expect(r.ok ? [] : r.error.problems).toEqual([
      'candidates[0].withdrawn must be true or false',
      'candidates[1].attributes must map names to text',
      'electorate must be an object',
      'voters.postal must be a whole number of 0 or more',
      'declared.record.stages[0].inactive has a key "not a reason" that is neither a candidate number nor a reason',
      'declared.record.events must be a list',
    ]);
    const noRecord = readBoard(JSON.stringify({ ...copy(boardOf(spec)), declared: { elected: ['c1'] } }));
    expect(noRecord.ok ? [] : noRecord.error.problems).toEqual(['declared.record must be an object']);
  });
});
