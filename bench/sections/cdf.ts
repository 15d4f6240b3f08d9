/**
 * IRV over a million ballots from a NIST 1500-103 CDF JSON report, beside the
 * same ballots from CSV, end to end through the real command line: what the
 * CDF reader costs over the CSV reader, and that both reach the same winner.
 */
import path from 'node:path';
import { DATA_DIR, progress, ROOT, runHustings, urcvtWinners, type Settings } from '../context.js';
import { count, megabytes, ratio, seconds, table } from '../format.js';
import { irvCdfJson, irvCsv, type Generated } from '../generate.js';
import { IRV_BALLOTS, IRV_SEED } from './irv.js';
import { measured, repeated, type Repeated } from './common.js';

interface Run {
  readonly input: Generated;
  readonly timed: Repeated;
  readonly winners: string[] | undefined;
}

export interface CdfResult {
  readonly cdf: Run;
  readonly csv: Run;
}

async function run(input: Generated, s: Settings): Promise<Run> {
  const args = ['count', input.path, '--method', 'irv'];
  progress(`hustings count --method irv on ${count(input.ballots)} ballots from ${path.basename(input.path)}, ${s.reps}×`);
  const runs = [];
  for (let i = 0; i < s.reps; i++) runs.push(measured(await runHustings([...args, '--format', 'csv'], { discardStdout: true })));
  const check = await runHustings([...args, '--format', 'urcvt']);
  return { input, timed: repeated(runs), winners: check.exitCode === 0 ? urcvtWinners(check.stdout) : undefined };
}

export async function cdf(s: Settings): Promise<CdfResult> {
  progress(`generating the IRV CSV and its CDF JSON in ${path.relative(ROOT, DATA_DIR)}/ (reused when present)`);
  const csvInput = irvCsv(DATA_DIR, IRV_BALLOTS, IRV_SEED);
  const cdfInput = irvCdfJson(DATA_DIR, csvInput);
  return { cdf: await run(cdfInput, s), csv: await run(csvInput, s) };
}

export function renderCdf(r: CdfResult): string {
  const same = r.cdf.winners !== undefined && r.csv.winners !== undefined && r.cdf.winners.join('|') === r.csv.winners.join('|');
  const row = (label: string, x: Run): string[] => [
    label,
    count(x.input.ballots),
    `${(x.input.bytes / 1e6).toFixed(1)} MB`,
    x.timed.failure ?? seconds(x.timed.medianWallMs),
    seconds(x.timed.medianCpuMs),
    megabytes(x.timed.maxRssBytes),
    ratio(x.timed.medianWallMs, r.csv.timed.medianWallMs),
    ratio(x.timed.maxRssBytes, r.csv.timed.maxRssBytes),
    x.winners?.join(', ') ?? '?',
  ];
  return [
    `CDF JSON · the IRV ballots as a NIST 1500-103 CDF JSON report (written by hustings count --write-cdf), counted beside the same ballots from CSV`,
    `  same winners: ${same ? 'yes' : 'NO'}`,
    table(
      ['input', 'ballots', 'size', 'wall', 'CPU', 'peak RSS', 'time ÷ CSV', 'RSS ÷ CSV', 'winner'],
      [row('CDF JSON', r.cdf), row('CSV (rank columns)', r.csv)],
    ),
  ].join('\n');
}
