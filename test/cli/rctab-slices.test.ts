// `hustings count --rctab-config` with tabulateByPrecinct / tabulateByBatch: each precinct's and batch's report,
// written where RCTab writes it, following the whole contest's rounds. The contest here is small and worked by hand
// (the figures in the comments); RCTab's own expected reports are compared by test/cli/rctab-suite.test.ts.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rctabCount } from '../../src/cli/rctab-count.js';
import type { CastVoteRecord } from '../../src/formats/cvr/records.js';
import { readCvrSource } from '../../src/formats/cvr/index.js';
import { scratch, write, writeXlsx } from '../formats/cvr/helpers.js';

type Json = Record<string, any>;

function config(dir: string, source: object, output: object, rules: object = {}): string {
  const path = join(dir, 'contest_config.json');
  writeFileSync(
    path,
    JSON.stringify({
      tabulatorVersion: '1.3.999',
      outputSettings: {
        contestName: 'Ward Board',
        outputDirectory: 'output',
        contestDate: '2025-05-01',
        contestJurisdiction: 'Town',
        contestOffice: 'Board',
        tabulateByPrecinct: false,
        tabulateByBatch: false,
        ...output,
      },
      cvrFileSources: [source],
      candidates: ['A', 'B', 'C'].map((name) => ({ name, excluded: false, aliases: [] })),
      rules: {
        tiebreakMode: 'useCandidateOrder',
        overvoteRule: 'alwaysSkipToNextRank',
        winnerElectionMode: 'multiWinnerAllowMultipleWinnersPerRound',
        numberOfWinners: '2',
        decimalPlacesForVoteArithmetic: '4',
        maxSkippedRanksAllowed: 'unlimited',
        maxRankingsAllowed: '2',
        ...rules,
      },
    }),
  );
  return path;
}

/** Ten ballots in two precincts and two batches, in an ES&S workbook (id, precinct, batch, two choices). */
function essContest(output: object): { dir: string; file: string } {
  const dir = scratch();
  const rows: (string | null)[][] = [['Cast Vote Record', 'Precinct', 'Batch', 'Choice 1', 'Choice 2']];
  const ballot = (precinct: string, batch: string, ...choices: string[]): void => {
    rows.push([String(rows.length), precinct, batch, choices[0] ?? null, choices[1] ?? null]);
  };
  for (let i = 0; i < 4; i++) ballot('North', '1', 'A', 'B');
  ballot('North', '1', 'A', 'C');
  ballot('South East', '2', 'A');
  ballot('South East', '2', 'B');
  ballot('South East', '2', 'C');
  ballot('South East', '2', 'C');
  ballot('South East', '1', 'C', 'B');
  writeXlsx(dir, 'cvr.xlsx', rows);
  const source = {
    filePath: 'cvr.xlsx',
    provider: 'ess',
    firstVoteColumnIndex: '4',
    firstVoteRowIndex: '2',
    idColumnIndex: '1',
    precinctColumnIndex: '2',
    batchColumnIndex: '3',
  };
  return { dir, file: config(dir, source, output) };
}

async function run(file: string, ...extra: string[]): Promise<string> {
  let out = '';
  await rctabCount(['--rctab-config', file, ...extra], { stdout: { write: (s: string) => (out += s) } }, readCvrSource, 'Hustings test');
  return out;
}

const read = (path: string): Json => JSON.parse(readFileSync(path, 'utf8')) as Json;

describe('count --rctab-config by precinct and by batch', () => {
  // Threshold ⌊10 ÷ 3⌋ + 1 = 4. Round 1: A 6 (North 5, South East 1), B 1, C 3: A is elected with 2 over,
  // each of A's ballots moving on at 2 ÷ 6 = 0.3333 and keeping 0.6667. Round 2: B 1 + 4 × 0.3333 = 2.3332,
  // C 3 + 0.3333 = 3.3333, 0.3333 exhausted (the South East ballot for A alone); A keeps 6 × 0.6667 = 4.0002,
  // cut to the threshold, 0.0002 residual surplus. B, lowest, is eliminated: all of B's votes exhaust.
  it('writes each precinct its share of every round, with the contest’s threshold and decisions', async () => {
    const { dir, file } = essContest({ tabulateByPrecinct: true });
    const out = join(dir, 'out');
    expect(await run(file, '--output-directory', out)).toBe('');
    expect(readdirSync(join(out, 'Tabulate by Precinct')).sort()).toEqual([
      'Ward_Board_North_precinct_detailed_report.csv',
      'Ward_Board_North_precinct_detailed_report.json',
      'Ward_Board_South_East_precinct_detailed_report.csv',
      'Ward_Board_South_East_precinct_detailed_report.json',
    ]);
    const whole = read(join(out, 'Ward_Board_detailed_report.json'));
    const north = read(join(out, 'Tabulate by Precinct', 'Ward_Board_North_precinct_detailed_report.json'));
    const south = read(join(out, 'Tabulate by Precinct', 'Ward_Board_South_East_precinct_detailed_report.json'));

    expect(whole.results[0].tally).toEqual({ A: '6', B: '1', C: '3' });
    expect(whole.results[0].tallyResults).toEqual([
      { elected: 'A', transfers: { B: '1.3332', C: '0.3333', exhausted: '0.3333', 'residual surplus': '0.0002' } },
    ]);
    expect(whole.results[1].tally).toEqual({ A: '4', B: '2.3332', C: '3.3333' });

    expect(north.config).toEqual({
      contest: 'Ward Board',
      date: '2025-05-01',
      generatedBy: 'Hustings test',
      jurisdiction: 'Town',
      office: 'Board',
      precinct: 'North',
    });
    expect(north.results[0].tally).toEqual({ A: '5', B: '0', C: '0' });
    // The precinct's own transfers; the residual surplus is the whole contest's, reported there only.
    expect(north.results[0].tallyResults).toEqual([{ elected: 'A', transfers: { B: '1.3332', C: '0.3333' } }]);
    // A keeps what North's five ballots kept, 5 × 0.6667, not cut to anything: the threshold is the contest's.
    expect(north.results[1].tally).toEqual({ A: '3.3335', B: '1.3332', C: '0.3333' });
    expect(north.results[1].tallyResults).toEqual([{ eliminated: 'B', transfers: { exhausted: '1.3332' } }]);
    expect(north.results.map((r: Json) => r.threshold)).toEqual(whole.results.map((r: Json) => r.threshold));
    expect(north.results.length).toBe(whole.results.length);
    expect(north.summary).toEqual({ finalThreshold: whole.summary.finalThreshold, numCandidates: 3, numWinners: 2, totalNumBallots: '5', undervotes: 0 });

    expect(south.config.precinct).toBe('South East');
    expect(south.results[0].tally).toEqual({ A: '1', B: '1', C: '3' });
    expect(south.results[0].tallyResults).toEqual([{ elected: 'A', transfers: { exhausted: '0.3333' } }]);
    expect(south.results[1].tally).toEqual({ A: '0.6667', B: '1', C: '3' });
    expect(south.results[1].inactiveBallots.exhaustedChoices).toBe('0.3333');
    expect(south.results[1].tallyResults).toEqual([{ eliminated: 'B', transfers: { exhausted: '1' } }]);
    expect(south.summary.totalNumBallots).toBe('5');
    // Every round's decisions are the contest's, in every precinct.
    const decided = (s: Json): unknown => s.results.map((r: Json) => r.tallyResults.map((a: Json) => a.elected ?? a.eliminated));
    expect(decided(north)).toEqual(decided(whole));
    expect(decided(south)).toEqual(decided(whole));
  });

  it('writes each batch its share, batches read from the workbook’s batch column', async () => {
    const { dir, file } = essContest({ tabulateByBatch: true });
    const out = join(dir, 'out');
    await run(file, '--output-directory', out);
    expect(existsSync(join(out, 'Tabulate by Precinct'))).toBe(false);
    // Batch 1: North's five and the South East ballot C > B; batch 2: the other four South East ballots.
    const one = read(join(out, 'Tabulate by Batch', 'Ward_Board_1_batch_detailed_report.json'));
    const two = read(join(out, 'Tabulate by Batch', 'Ward_Board_2_batch_detailed_report.json'));
    expect(one.config.batch).toBe('1');
    expect(one.results[0].tally).toEqual({ A: '5', B: '0', C: '1' });
    expect(two.results[0].tally).toEqual({ A: '1', B: '1', C: '2' });
    expect(two.results[1].tally).toEqual({ A: '0.6667', B: '1', C: '2' });
    expect(one.summary.totalNumBallots).toBe('6');
    expect(two.summary.totalNumBallots).toBe('4');
  });

  it('prints only the contest’s report when no folder is given', async () => {
    const { file } = essContest({ tabulateByPrecinct: true, tabulateByBatch: true });
    const printed = JSON.parse(await run(file));
    expect(printed.config.precinct).toBeUndefined();
    expect(printed.results[0].tally).toEqual({ A: '6', B: '1', C: '3' });
  });

  it('names a blank batch in a CSV as RCTab does, and tells apart precincts whose file names would clash', async () => {
    const dir = scratch();
    // Single winner: B 2, A 1, C 1 in round 1; A and C tie last, C (later in the candidate order) goes, to B: B 3 of 4.
    write(dir, 'cvr.csv', 'id,precinct,batch,A,B,C\n1,p/1,b1,1,,\n2,p?1,b1,,1,\n3,p/1,,,1,\n4,p?1,,,2,1\n');
    const file = config(
      dir,
      {
        filePath: 'cvr.csv',
        provider: 'genericCsv',
        firstVoteColumnIndex: '4',
        firstVoteRowIndex: '2',
        idColumnIndex: '1',
        precinctColumnIndex: '2',
        batchColumnIndex: '3',
      },
      { tabulateByPrecinct: true, tabulateByBatch: true },
      { winnerElectionMode: 'singleWinnerMajority', numberOfWinners: '1', maxRankingsAllowed: '3' },
    );
    const out = join(dir, 'out');
    await run(file, '--output-directory', out);
    expect(readdirSync(join(out, 'Tabulate by Batch')).sort()).toEqual([
      'Ward_Board_b1_batch_detailed_report.csv',
      'Ward_Board_b1_batch_detailed_report.json',
      'Ward_Board_no_batch_id_batch_detailed_report.csv',
      'Ward_Board_no_batch_id_batch_detailed_report.json',
    ]);
    // "p/1" and "p?1" are both p_1 in a file name: the second met becomes p_1_1.
    expect(readdirSync(join(out, 'Tabulate by Precinct')).sort()).toEqual([
      'Ward_Board_p_1_1_precinct_detailed_report.csv',
      'Ward_Board_p_1_1_precinct_detailed_report.json',
      'Ward_Board_p_1_precinct_detailed_report.csv',
      'Ward_Board_p_1_precinct_detailed_report.json',
    ]);
    const p1 = read(join(out, 'Tabulate by Precinct', 'Ward_Board_p_1_precinct_detailed_report.json'));
    expect(p1.config.precinct).toBe('p/1');
    expect(p1.results[0].tally).toEqual({ A: '1', B: '1', C: '0' });
    const noBatch = read(join(out, 'Tabulate by Batch', 'Ward_Board_no_batch_id_batch_detailed_report.json'));
    expect(noBatch.config.batch).toBe('no batch id');
    expect(noBatch.results[0].tally).toEqual({ A: '0', B: '1', C: '1' });
    expect(noBatch.results[0].tallyResults).toEqual([{ eliminated: 'C', transfers: { B: '1' } }]);
  });

  it('refuses a record that names no precinct, writing nothing, and an ES&S source with no batch column', async () => {
    const dir = scratch();
    const file = config(dir, { filePath: 'cvr.json', provider: 'cdf', contestId: 'c' }, { tabulateByPrecinct: true });
    const records: CastVoteRecord[] = [
      { where: 'cvr.json record 1', id: '1', precinct: 'North', batch: undefined, marks: [{ rank: 1, label: 'A' }] },
      { where: 'cvr.json record 2', id: '2', precinct: undefined, batch: undefined, marks: [{ rank: 1, label: 'B' }] },
    ];
    const out = join(dir, 'out');
    await expect(
      rctabCount(
        ['--rctab-config', file, '--output-directory', out],
        { stdout: { write: () => true } },
        async (_s, onRecord) => records.forEach(onRecord),
        'Hustings test',
      ),
    ).rejects.toThrow('cvr.json record 2: the record names no precinct, and the configuration asks for results by precinct (tabulateByPrecinct)');
    expect(existsSync(out)).toBe(false);

    const { file: noBatch } = essContest({ tabulateByBatch: true });
    const text = JSON.parse(readFileSync(noBatch, 'utf8'));
    delete text.cvrFileSources[0].batchColumnIndex;
    writeFileSync(noBatch, JSON.stringify(text));
    await expect(run(noBatch)).rejects.toThrow('$.cvrFileSources[0].batchColumnIndex: is needed when outputSettings.tabulateByBatch is true');
  });
});
