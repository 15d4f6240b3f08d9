import { describe, expect, it } from 'vitest';
import { readCvrSources } from '../../src/formats/cvr/index.js';
import { ballots, errorOf, scratch, write } from './cvr/helpers.js';

const dir = scratch();

describe('Dominion export folders', () => {
  const folder = `${dir}/dominion`;
  write(
    folder,
    'ContestManifest.json',
    JSON.stringify({
      List: [
        { Description: 'Mayor', Id: 7, VoteFor: 1, NumOfRanks: 3 },
        { Description: 'Sheriff', Id: 8, VoteFor: 1, NumOfRanks: 1 },
      ],
    }),
  );
  write(
    folder,
    'CandidateManifest.json',
    JSON.stringify({
      List: [
        { Description: 'Alice', Id: 1, ContestId: 7 },
        { Description: 'Bob', Id: 2, ContestId: 7 },
        { Description: 'Write-in', Id: 3, ContestId: 7 },
        { Description: 'Sam', Id: 9, ContestId: 8 },
      ],
    }),
  );
  write(folder, 'PrecinctPortionManifest.json', JSON.stringify({ List: [{ Description: 'North 1', Id: 101 }] }));
  const contest = (marks: [number, number, boolean?][], outstack: number[] = []) => ({
    Id: 7,
    OutstackConditionIds: outstack,
    Marks: marks.map(([c, r, ambiguous]) => ({ CandidateId: c, Rank: r, IsAmbiguous: ambiguous === true })),
  });
  const session = (id: number, original: object, modified?: object) => ({
    TabulatorId: 5,
    BatchId: 1,
    RecordId: id,
    Original: original,
    ...(modified ? { Modified: modified } : {}),
  });
  write(
    folder,
    'CvrExport_1.json',
    JSON.stringify(
      {
        Version: '5.10',
        Sessions: [
          session(1, {
            IsCurrent: true,
            PrecinctPortionId: 101,
            Cards: [
              {
                Contests: [
                  contest([
                    [1, 1],
                    [2, 2],
                  ]),
                  { Id: 8, OutstackConditionIds: [], Marks: [] },
                ],
              },
            ],
          }),
          session(
            2,
            { IsCurrent: false, Contests: [contest([[1, 1]])] },
            {
              IsCurrent: true,
              Contests: [
                contest([
                  [2, 1],
                  [1, 3],
                ]),
              ],
            },
          ),
        ],
      },
      null,
      2,
    ),
  );
  write(
    folder,
    'CvrExport_2.json',
    JSON.stringify({
      Sessions: [
        session(3, {
          IsCurrent: true,
          Contests: [
            contest([
              [3, 1],
              [1, 1, true],
              [2, 2],
            ]),
          ],
        }),
        session(4, { IsCurrent: true, Contests: [contest([[1, 1]], [7])] }),
        session(5, {
          IsCurrent: true,
          Contests: [
            contest([
              [1, 1],
              [2, 1],
            ]),
          ],
        }),
      ],
    }),
  );

  it('reads every export in order, the current interpretation, cards, write-ins, ambiguous marks and outstacked contests as RCTab does', async () => {
    const { election, undeclaredWriteIn, sources } = await readCvrSources(
      [{ provider: 'dominion', path: folder, contestId: '7', undeclaredWriteInLabel: '3' }],
      {
        candidates: [
          { name: 'Alice', aliases: ['1'] },
          { name: 'Bob', aliases: ['2'] },
        ],
      },
    );
    expect(election.candidates.map((c) => c.name)).toEqual(['Alice', 'Bob', 'Undeclared Write-ins']);
    expect(undeclaredWriteIn).toBe(2);
    expect(ballots(election)).toEqual(['Alice=Bob ×1', 'Alice>Bob ×1', 'Bob>->Alice ×1', 'Undeclared Write-ins>Bob ×1']);
    expect(sources[0]?.records).toBe(4);
  });

  it('names candidates from the manifest for a plain count', async () => {
    const { election } = await readCvrSources([{ provider: 'dominion', path: folder, contestId: '7' }], { candidates: 'declared' });
    expect(election.candidates.map((c) => c.name)).toEqual(['Alice', 'Bob', 'Write-in']);
  });

  it('says which session names a precinct portion the manifest lacks, and what is missing from a folder', async () => {
    const bad = `${dir}/dominion-bad`;
    for (const name of ['ContestManifest.json', 'CandidateManifest.json', 'PrecinctPortionManifest.json']) {
      write(bad, name, JSON.stringify({ List: name === 'ContestManifest.json' ? [{ Id: 7, Description: 'Mayor' }] : [] }));
    }
    expect(await errorOf(readCvrSources([{ provider: 'dominion', path: bad }], { candidates: 'declared' }))).toBe(
      `${bad}: the folder has no CvrExport.json nor CvrExport_N.json files`,
    );
    write(bad, 'CvrExport.json', JSON.stringify({ Sessions: [session(9, { IsCurrent: true, PrecinctPortionId: 55, Contests: [contest([[1, 1]])] })] }));
    expect(await errorOf(readCvrSources([{ provider: 'dominion', path: bad }], { candidates: 'declared' }))).toBe(
      `${bad}/CvrExport.json:1 (session 5-1-9): precinct portion 55 is not in PrecinctPortionManifest.json`,
    );
    expect(await errorOf(readCvrSources([{ provider: 'dominion', path: `${dir}/nowhere` }], { candidates: 'declared' }))).toMatch(
      /nowhere: cannot read the folder/,
    );
  });
});

describe('Hart folders', () => {
  const folder = `${dir}/hart`;
  const record = (guid: string, options: [string, string, string][]) =>
    `\uFEFF<?xml version="1.0" encoding="utf-8"?><Cvr xmlns="http://tempuri.org/CVRDesign.xsd"><Contests><Contest><Name>Other</Name><Id>x</Id><Options /></Contest><Contest><Name>Board</Name><Id>board</Id><Options>${options
      .map(([name, id, value]) => `<Option>${name === '' ? '' : `<Name>${name}</Name>`}<Id>${id}</Id><Value>${value}</Value></Option>`)
      .join(
        '',
      )}</Options></Contest></Contests><BatchSequence>9</BatchSequence><PrecinctSplit><Name>1032</Name><Id>ps</Id></PrecinctSplit><BatchNumber>1</BatchNumber><CvrGuid>${guid}</CvrGuid></Cvr>`;
  write(
    folder,
    'a.xml',
    record('a', [
      ['Ann', 'k-ann', '100'],
      ['Ben', 'k-ben', '001'],
    ]),
  );
  write(
    folder,
    'b.xml',
    record('b', [
      ['Ben', 'k-ben', '110'],
      ['', 'k-wi', '001'],
    ]),
  );
  write(folder, 'b.xml.sig.xml', '<Signature/>');
  write(folder, 'c.xml', record('c', []));

  it('reads each record’s value strings as ranks, option ids as codes and names from the records', async () => {
    const { election } = await readCvrSources([{ provider: 'hart', path: folder, contestId: 'board', undeclaredWriteInLabel: 'k-wi' }], {
      candidates: 'declared',
    });
    expect(election.candidates.map((c) => c.name)).toEqual(['Ann', 'Ben', 'Undeclared Write-ins']);
    expect(ballots(election)).toEqual([' ×1', 'Ann>->Ben ×1', 'Ben>Ben>Undeclared Write-ins ×1']);
  });

  it('refuses a value that is not 0s and 1s, naming the file', async () => {
    const bad = `${dir}/hart-bad`;
    write(bad, 'z.xml', record('z', [['Ann', 'k-ann', '1x']]));
    expect(await errorOf(readCvrSources([{ provider: 'hart', path: bad, contestId: 'board' }], { candidates: 'declared' }))).toBe(
      `${bad}/z.xml: option k-ann's Value "1x" is not a string of 0s and 1s`,
    );
  });
});

describe('Clear Ballot CSV', () => {
  const head = 'RowNumber,BoxID,BoxPosition,BallotID,PrecinctID,BallotStyleID,PrecinctStyleName,ScanComputerName,Status,Remade';
  const choice = (contest: string, rank: number, name: string) => `"Choice_1_1:${contest}:${rank}:Number of Winners 1:${name}:NON"`;
  const columns = [
    choice('City, Auditor', 1, 'Ann'),
    choice('City, Auditor', 1, 'Ben'),
    choice('City, Auditor', 2, 'Ann'),
    choice('City, Auditor', 2, 'Ben'),
    choice('Other', 1, 'Zed'),
  ];
  const path = write(
    dir,
    'clear.csv',
    [`${head},${columns.join(',')}`, '1,1,1,b1,p1,s,s,scan,0,0,1,0,0,1,1', '2,1,2,b2,p1,s,s,scan,0,0,0,1,1,0,0', '3,1,3,b3,p1,s,s,scan,0,0,1,1,0,0,0', ''].join(
      '\n',
    ),
  );

  it('reads the contest’s choice columns, a comma inside a quoted contest name included', async () => {
    const { election } = await readCvrSources([{ provider: 'clearBallot', path, contestId: 'City, Auditor' }], { candidates: 'declared' });
    expect(election.candidates.map((c) => c.name)).toEqual(['Ann', 'Ben']);
    expect(ballots(election)).toEqual(['Ann=Ben ×1', 'Ann>Ben ×1', 'Ben>Ann ×1']);
  });

  it('refuses a cell that is neither 0 nor 1 at its line', async () => {
    const bad = write(dir, 'clear-bad.csv', `${head},${columns.join(',')}\n1,1,1,b1,p1,s,s,scan,0,0,1,0,0,yes,1\n`);
    expect(await errorOf(readCvrSources([{ provider: 'clearBallot', path: bad, contestId: 'City, Auditor' }], { candidates: 'declared' }))).toBe(
      `${bad}:2: column 14 holds "yes", expected 1 (marked) or 0`,
    );
  });
});

describe('RCTab’s CSV provider', () => {
  const path = write(dir, 'generic.csv', 'Response ID,precinct,Lettuce,Broccoli,Write-In\nr1,p1,1,2,\nr2,,,1,2\nr3,p2,2,,1\n');

  it('reads one column per candidate holding the rank, the write-in column by its label', async () => {
    const { election } = await readCvrSources(
      [{ provider: 'csv', path, firstVoteColumnIndex: 3, firstVoteRowIndex: 2, idColumnIndex: 1, precinctColumnIndex: 2, undeclaredWriteInLabel: 'Write-In' }],
      {
        candidates: [{ name: 'Lettuce' }, { name: 'Broccoli' }],
      },
    );
    expect(ballots(election)).toEqual(['Broccoli>Undeclared Write-ins ×1', 'Lettuce>Broccoli ×1', 'Undeclared Write-ins>Lettuce ×1']);
  });

  it('refuses a cell that is not a rank at its line', async () => {
    const bad = write(dir, 'generic-bad.csv', 'id,A,B\nr1,1,first\n');
    expect(await errorOf(readCvrSources([{ provider: 'csv', path: bad, firstVoteColumnIndex: 2 }], { candidates: 'declared' }))).toBe(
      `${bad}:2: column 3 (B) holds "first", expected a rank number`,
    );
  });
});
