// `hustings count --rctab-config`: a configuration read, its records turned into rankings, counted, and RCTab's
// summary JSON printed or written. The records come from a reader of a list (the vendors' readers are tested
// with their own files); everything after the reader is the command's own.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rctabCount } from '../../src/cli/rctab-count.js';
import type { CastVoteRecord } from '../../src/formats/cvr/records.js';
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
    marks: row === '' ? [] : row.split(' ').map((label, k) => ({ rank: k + 1, label })),
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
