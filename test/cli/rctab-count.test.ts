// `hustings count --rctab-config`: a configuration read, its records turned into rankings, counted, and RCTab's
// summary JSON printed or written. The records come from a reader of a list (the vendors' readers are tested
// with their own files); everything after the reader is the command's own.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rctabCount } from '../../src/cli/rctab-count.js';
import type { RctabBallot } from '../../src/count/methods/rctab-tabulator.js';
import { readCvrSource } from '../../src/formats/cvr/index.js';
import type { CastVoteRecord } from '../../src/formats/cvr/records.js';
import { rctabBallot, rctabContest } from '../../src/formats/rctab-ballots.js';
import { parseRctabConfig } from '../../src/formats/rctab-config.js';
import { hustingsInProcess } from './in-process.js';

function contestFolder(rules: object = {}, source: object = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'hustings-rctab-'));
  writeFileSync(
    join(dir, 'contest_config.json'),
    JSON.stringify({
      tabulatorVersion: '1.3.999',
      outputSettings: { contestName: 'Park Board', outputDirectory: 'output', contestDate: '2024-11-05', contestJurisdiction: 'City', contestOffice: 'Park' },
      cvrFileSources: [
        { filePath: 'cvr.json', provider: 'cdf', contestId: 'park', overvoteLabel: 'OVER', skippedRankLabel: 'SKIP', undeclaredWriteInLabel: 'UWI', ...source },
      ],
      candidates: [
        { name: 'Ann', code: 'A', excluded: false, aliases: [] },
        { name: 'Bob', code: 'B', excluded: false, aliases: [] },
        { name: 'Cy', code: 'C', excluded: false, aliases: [] },
      ],
      rules: {
        tiebreakMode: 'useCandidateOrder',
        overvoteRule: 'exhaustImmediately',
        winnerElectionMode: 'singleWinnerMajority',
        numberOfWinners: '1',
        decimalPlacesForVoteArithmetic: '4',
        maxSkippedRanksAllowed: 'unlimited',
        maxRankingsAllowed: '3',
        ...rules,
      },
    }),
  );
  return dir;
}

function records(...rows: string[]): CastVoteRecord[] {
  return rows.map((row, i) => ({
    where: `cvr.json record ${i + 1}`,
    id: String(i + 1),
    precinct: undefined,
    batch: undefined,
    // Ranks separated by spaces; `=` joins several marks at one rank, `_` leaves a rank blank.
    marks: row === '' ? [] : row.split(' ').flatMap((cell, k) => (cell === '_' ? [] : cell.split('=').map((label) => ({ rank: k + 1, label })))),
  }));
}

async function run(dir: string, rows: CastVoteRecord[], ...extra: string[]): Promise<string> {
  let out = '';
  await rctabCount(
    ['--rctab-config', join(dir, 'contest_config.json'), ...extra],
    { stdout: { write: (s: string) => (out += s) } },
    async (_source, onRecord) => rows.forEach(onRecord),
    'Hustings test',
  );
  return out;
}

describe('hustings count --rctab-config', () => {
  it("prints RCTab's summary JSON, with codes, the overvote, skipped-rank and write-in labels read as RCTab reads them", async () => {
    // Ann 3, Bob 2, Cy 1, write-ins 1, one overvote, one blank: write-ins go first (to Bob), then Cy (to Bob): Bob 4 of 7.
    const dir = contestFolder();
    const text = await run(dir, records('A', 'A', 'A', 'B', 'B', 'C B', 'UWI B', 'OVER A', 'SKIP', ''));
    const s = JSON.parse(text);
    expect(text).toContain('"jsonFormatVersion" : "1"');
    expect(s.config).toEqual({ contest: 'Park Board', date: '2024-11-05', generatedBy: 'Hustings test', jurisdiction: 'City', office: 'Park' });
    expect(s.results[0].tally).toEqual({ Ann: '3', Bob: '2', Cy: '1', 'Undeclared Write-ins': '1' });
    expect(s.results[0].inactiveBallots.overvotes).toBe('1');
    expect(s.results[0].tallyResults).toEqual([{ eliminated: 'Undeclared Write-ins', transfers: { Bob: '1' } }]);
    expect(s.results[1].tallyResults).toEqual([{ eliminated: 'Cy', transfers: { Bob: '1' } }]);
    expect(s.results[2].tallyResults).toEqual([{ elected: 'Bob', transfers: {} }]);
    expect(s.summary).toEqual({ finalThreshold: '4', numCandidates: 4, numWinners: 1, totalNumBallots: '10', undervotes: 2 });
  });

  it('writes the summary files where --output-directory says, one per seat for multi-pass IRV', async () => {
    const dir = contestFolder({ winnerElectionMode: 'multiPassIrv', numberOfWinners: '2' });
    const out = join(dir, 'out');
    expect(await run(dir, records('A', 'A', 'A', 'B', 'B', 'C B'), '--output-directory', out)).toBe('');
    expect(JSON.parse(readFileSync(join(out, 'Park_Board_1_detailed_report.json'), 'utf8')).results.at(-1).tallyResults[0].elected).toBe('Ann');
    expect(JSON.parse(readFileSync(join(out, 'Park_Board_2_detailed_report.json'), 'utf8')).results.at(-1).tallyResults[0].elected).toBe('Bob');
  });

  it("writes RCTab's CSV reports beside the summary JSON, and no CDF JSON unless generateCdfJson asks", async () => {
    const dir = contestFolder();
    const out = join(dir, 'out');
    await run(dir, records('A', 'A', 'A', 'B', 'B', 'C B'), '--output-directory', out);
    expect(readdirSync(out).sort()).toEqual(['Park_Board_detailed_report.csv', 'Park_Board_detailed_report.json', 'Park_Board_summary_report.csv']);
    const detailed = readFileSync(join(out, 'Park_Board_detailed_report.csv'), 'utf8');
    const winner = JSON.parse(readFileSync(join(out, 'Park_Board_detailed_report.json'), 'utf8')).results.at(-1).tallyResults[0].elected;
    expect(detailed).toContain(`Winner(s),${winner}\r\n`);
    expect(detailed).toContain('Inactive Ballots by Exhausted Choices,');
    expect(readFileSync(join(out, 'Park_Board_summary_report.csv'), 'utf8')).not.toContain('Inactive Ballots by Exhausted Choices');
  });

  it('with generateCdfJson, writes the records read as CDF JSON that reads back to the same ballots, one file per pass', async () => {
    const dir = contestFolder({ winnerElectionMode: 'multiPassIrv', numberOfWinners: '2' });
    const config = JSON.parse(readFileSync(join(dir, 'contest_config.json'), 'utf8'));
    config.outputSettings.generateCdfJson = true;
    writeFileSync(join(dir, 'contest_config.json'), JSON.stringify(config));
    // With an overvote naming its candidates (B and C at rank 2) and one candidate marked twice at one rank.
    const rows = records('A', 'A', 'A', 'B', 'B', 'C B', 'UWI B', 'OVER A', 'SKIP B', '', 'A B=C', 'C=C _ A');
    const out = join(dir, 'out');
    await run(dir, rows, '--output-directory', out);
    expect(
      readdirSync(out)
        .filter((f) => f.endsWith('_cdf_cvr.json'))
        .sort(),
    ).toEqual(['Park_Board_1_cdf_cvr.json', 'Park_Board_2_cdf_cvr.json']);
    const path = join(out, 'Park_Board_1_cdf_cvr.json');
    const report = JSON.parse(readFileSync(path, 'utf8'));
    // RCTab lists the candidates alphabetically, its explicit overvote among them when a source has an overvote label.
    expect(report.Election[0].Candidate.map((c: { Name: string }) => c.Name)).toEqual(['Ann', 'Bob', 'Cy', 'Undeclared Write-ins', 'overvote']);
    expect(report.CVR.map((c: { BallotPrePrintedId: string }) => c.BallotPrePrintedId)).toEqual(rows.map((r) => r.id));
    // Read back by Hustings's own CDF reader, under the same configuration: the same rankings, record for record.
    const parsed = parseRctabConfig(readFileSync(join(dir, 'contest_config.json'), 'utf8'), 'contest_config.json', (p) => join(dir, p));
    const contest = rctabContest(parsed);
    const source = { provider: 'cdf' as const, path, contestId: 'Park Board' };
    const back: RctabBallot[] = [];
    await readCvrSource(source, (record) => back.push(rctabBallot(record, source, contest, null)));
    const original = rows.map((r) => rctabBallot(r, parsed.sources[0]!, contest, null));
    expect(back).toEqual(original);
    expect(readFileSync(join(out, 'Park_Board_2_cdf_cvr.json'), 'utf8').length).toBeGreaterThan(0);
  });

  it('counts a generic CSV whose overvote column is ranked as RCTab does under exhaustOnDuplicateCandidate', async () => {
    // RCTab's generic CSV: a column per candidate holding the rank given; the column headed by the overvote
    // label marks an overvote that names no one. Under alwaysSkipToNextRank it is skipped, and, being a mark
    // of its own, does not make a later rank of Ann a repeat: Ann 2, Bob 1 of 3.
    const dir = contestFolder(
      { overvoteRule: 'alwaysSkipToNextRank', exhaustOnDuplicateCandidate: true },
      {
        filePath: 'cvr.csv',
        provider: 'genericCsv',
        firstVoteColumnIndex: '1',
        firstVoteRowIndex: '2',
        overvoteLabel: 'overvote',
        contestId: undefined,
        skippedRankLabel: undefined,
        undeclaredWriteInLabel: undefined,
      },
    );
    writeFileSync(join(dir, 'cvr.csv'), 'Ann,Bob,Cy,overvote\n2,,,1\n1,,,\n,1,,\n');
    let text = '';
    await rctabCount(['--rctab-config', join(dir, 'contest_config.json')], { stdout: { write: (s: string) => (text += s) } }, readCvrSource, 'Hustings test');
    const s = JSON.parse(text);
    expect(s.results[0].tally).toEqual({ Ann: '2', Bob: '1', Cy: '0' });
    expect(s.results[0].inactiveBallots.repeatedRankings).toBe('0');
    expect(s.results[0].inactiveBallots.overvotes).toBe('0');
  });

  it('refuses a label that names no candidate, and a rank above maxRankingsAllowed, naming the record', async () => {
    const dir = contestFolder();
    await expect(run(dir, records('A Dee'))).rejects.toThrow('cvr.json record 1: ranks "Dee", who is not a candidate');
    await expect(run(dir, records('A B C A'))).rejects.toThrow("cvr.json record 1: has a ranking at rank 4, but the configuration's maxRankingsAllowed is 3");
  });

  it('refuses a bad configuration naming the field, printing nothing', async () => {
    const dir = contestFolder({ overvoteRule: 'sometimes' });
    const r = await hustingsInProcess('count', '--rctab-config', join(dir, 'contest_config.json'));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('$.rules.overvoteRule: must be one of alwaysSkipToNextRank, exhaustImmediately, exhaustIfMultipleContinuing, not "sometimes"');
  });

  it('refuses a tie it would have to ask about, naming the round and the tied', async () => {
    // Round 1 eliminates the write-ins (no votes, the fewest); round 2 finds Bob and Cy tied last.
    const dir = contestFolder({ tiebreakMode: 'stopCountingAndAsk' });
    await expect(run(dir, records('A', 'A', 'B', 'C'))).rejects.toThrow(/round 2: Bob, Cy are tied on 1 votes.*cannot ask/);
  });
});
