import { describe, expect, it } from 'vitest';
import { readCvrSources, type CvrSource } from '../../src/formats/cvr/index.js';
import { readElectionFile } from '../../src/formats/index.js';
import { ballots, errorOf, scratch, writeXlsx } from './cvr/helpers.js';

const dir = scratch();
const ABC = { candidates: [{ name: 'Alice' }, { name: 'Bob', aliases: ['B0B'] }, { name: 'Carol', excluded: true }] };

function ess(path: string, more: Partial<CvrSource> = {}): CvrSource {
  return { provider: 'ess', path, firstVoteColumnIndex: 3, firstVoteRowIndex: 2, idColumnIndex: 1, precinctColumnIndex: 2, ...more };
}

describe('ES&S xlsx', () => {
  const path = writeXlsx(dir, 'votes.xlsx', [
    ['Cast Vote Record', 'Precinct', 'Choice 1', 'Choice 2', 'Choice 3'],
    [1, 'P1', 'Alice', 'Bob', 'Carol'],
    [2, 'P1', 'B0B', null, 'Alice'],
    [3, 'P2', 'overvote', 'Alice', null],
    [4, 'P2', 'Alice|Bob', 'undervote', 'Carol'],
    [5, 'P2', 'UWI', 'Alice', null],
    [6, 'P2', null, null, null],
  ]);

  it('reads ranks, aliases, skipped ranks, overvotes (named and by label), write-ins and excluded candidates as RCTab does', async () => {
    const { election, undeclaredWriteIn } = await readCvrSources(
      [ess(path, { overvoteDelimiter: '|', overvoteLabel: 'overvote', undervoteLabel: 'undervote', undeclaredWriteInLabel: 'UWI' })],
      ABC,
    );
    expect(election.candidates.map((c) => c.name)).toEqual(['Alice', 'Bob', 'Carol', 'Undeclared Write-ins']);
    expect(undeclaredWriteIn).toBe(3);
    expect(election.withdrawn).toEqual([2]);
    expect(ballots(election)).toEqual([
      ' ×1',
      'Alice=Bob=Carol=Undeclared Write-ins>Alice ×1',
      'Alice=Bob>->Carol ×1',
      'Alice>Bob>Carol ×1',
      'Bob>->Alice ×1',
      'Undeclared Write-ins>Alice ×1',
    ]);
  });

  it('treats blank cells as undeclared write-ins up to the most ranks when asked', async () => {
    const { election } = await readCvrSources(
      [
        ess(path, {
          overvoteDelimiter: '|',
          overvoteLabel: 'overvote',
          undervoteLabel: 'undervote',
          undeclaredWriteInLabel: 'UWI',
          treatBlankAsUndeclaredWriteIn: true,
          maxRankings: 3,
        }),
      ],
      ABC,
    );
    const all = ballots(election);
    expect(all).toContain('Bob>Undeclared Write-ins>Alice ×1');
    expect(all).toContain('Undeclared Write-ins>Undeclared Write-ins>Undeclared Write-ins ×1');
  });

  it('reads no rank column past the most ranks', async () => {
    const { election } = await readCvrSources(
      [ess(path, { overvoteDelimiter: '|', overvoteLabel: 'overvote', undervoteLabel: 'undervote', undeclaredWriteInLabel: 'UWI', maxRankings: 1 })],
      ABC,
    );
    expect(ballots(election)).toContain('Alice ×1');
  });

  it('finds the rank, id and precinct columns by the header for a plain count', async () => {
    const e = await readElectionFile(path);
    expect(e.candidates.map((c) => c.name)).toEqual(['Alice', 'Bob', 'Carol', 'B0B', 'Alice|Bob', 'Undeclared Write-ins']);
    expect(e.ballots.total).toBe(6n);
    const noRanks = writeXlsx(dir, 'noranks.xlsx', [
      ['id', 'who'],
      [1, 'Alice'],
    ]);
    expect(await errorOf(readElectionFile(noRanks))).toMatch(/noranks\.xlsx: cannot tell which columns hold the ranks/);
  });

  it('names the row and the label of an unknown candidate', async () => {
    const bad = writeXlsx(dir, 'bad.xlsx', [
      ['id', 'p', 'r1'],
      [1, 'P', 'Alice'],
      [2, 'P', 'Alise'],
    ]);
    expect(await errorOf(readCvrSources([ess(bad)], ABC))).toBe(`${bad} row 3: unknown candidate "Alise" (not a candidate, alias or code of the contest)`);
  });

  it('refuses a split cell with a blank part, a missing id, and a file that is not a workbook', async () => {
    const split = writeXlsx(dir, 'split.xlsx', [
      ['id', 'p', 'r1'],
      [1, 'P', 'Alice|'],
    ]);
    expect(await errorOf(readCvrSources([ess(split, { overvoteDelimiter: '|' })], ABC))).toMatch(
      /split\.xlsx: row 2, cell C2: "Alice\|" splits into several candidates/,
    );
    const noId = writeXlsx(dir, 'noid.xlsx', [
      ['id', 'p', 'r1'],
      [null, 'P', 'Alice'],
    ]);
    expect(await errorOf(readCvrSources([ess(noId)], ABC))).toMatch(/noid\.xlsx: row 2: the record's id \(column A\) is missing/);
    expect(await errorOf(readCvrSources([ess(`${dir}/nothing.xlsx`)], ABC))).toMatch(/nothing\.xlsx: cannot open the file \(no such file or folder\)/);
  });
});

const suite = process.env.RCTAB_SUITE;
describe.skipIf(suite === undefined)('ES&S files of RCTab’s regression suite (RCTAB_SUITE)', () => {
  it('reads the 2013 Minneapolis park workbook: 80,101 ballots, 20,571 with no rankings', async () => {
    const { election } = await readCvrSources(
      [
        {
          provider: 'ess',
          path: `${suite}/_shared/2013_minneapolis_park_cvr.xlsx`,
          firstVoteColumnIndex: 2,
          firstVoteRowIndex: 2,
          precinctColumnIndex: 1,
          overvoteLabel: 'overvote',
          undervoteLabel: 'undervote',
          undeclaredWriteInLabel: 'UWI',
          maxRankings: 3,
        },
      ],
      { candidates: 'declared' },
    );
    expect(election.ballots.total).toBe(80101n);
    let empty = 0n;
    for (let i = 0; i < election.ballots.size; i++)
      if (election.ballots.offsets[i] === election.ballots.offsets[i + 1]) empty += election.ballots.weights[i] ?? 0n;
    expect(empty).toBe(20571n);
  }, 60_000);
});
if (suite === undefined) console.log('RCTAB_SUITE is not set: the ES&S files of RCTab’s regression suite are not read');
