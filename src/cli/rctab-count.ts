/**
 * `hustings count --rctab-config <config.json>`: counts an RCTab contest from
 * its own configuration and CVR files, unchanged, and prints RCTab's summary
 * JSON (one per seat for multi-pass IRV, as RCTab writes one file per pass).
 * With --output-directory the summaries are written there as RCTab names them
 * (`<contest>_detailed_report.json`, `<contest>_<seat>_detailed_report.json`)
 * instead; nothing is written unless the whole count succeeds.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { RctabCountError, tabulateRctab, type RctabBallot } from '../count/methods/rctab-tabulator.js';
import type { CastVoteRecord, CvrSource } from '../formats/cvr/records.js';
import { InputError } from '../formats/errors.js';
import { rctabBallot, rctabContest } from '../formats/rctab-ballots.js';
import { parseRctabConfig } from '../formats/rctab-config.js';
import { rctabSummary, rctabSummaryText } from '../report/rctab-summary.js';
import { UsageError, parseArgs, type FlagSpec } from './args.js';

/** Reads one configured source's records, streamed to `onRecord` (src/formats/cvr's `readCvrSource`). */
export type CvrSourceReader = (source: CvrSource, onRecord: (record: CastVoteRecord) => void) => Promise<unknown>;

export const RCTAB_FLAGS: readonly FlagSpec[] = [
  { flag: 'rctab-config', takesValue: true, value: '<config.json>', help: "an RCTab contest configuration: its CVR files, candidates and rules (RCTab's own)" },
  { flag: 'format', short: 'f', takesValue: true, value: 'urcvt', help: "urcvt (default): RCTab's summary JSON" },
  {
    flag: 'output-directory',
    takesValue: true,
    value: '<dir>',
    help: 'write the summary JSON files there, named as RCTab names them, instead of printing them',
  },
  { flag: 'help', short: 'h', takesValue: false, help: 'this help' },
];

export interface RctabCountIo {
  readonly stdout: { write(s: string): unknown };
}

/** RCTab's file stem for a contest name: what RCTab keeps of it in its output file names. */
function fileStem(contestName: string): string {
  return contestName.replace(/[^A-Za-z0-9_.-]+/g, '_');
}

export async function rctabCount(argv: readonly string[], io: RctabCountIo, read: CvrSourceReader, generatedBy: string): Promise<number> {
  const parsed = parseArgs(
    argv,
    RCTAB_FLAGS,
    (flag) => new UsageError(`--${flag} is not an option of count --rctab-config (its options: --format, --output-directory)`),
  );
  if (parsed.positionals.length > 0)
    throw new UsageError(`count --rctab-config takes no ballot file (the configuration lists its CVR files), not ${parsed.positionals.join(' ')}`);
  const file = parsed.flags.get('rctab-config');
  if (typeof file !== 'string') throw new UsageError('--rctab-config needs the path of an RCTab configuration');
  const format = parsed.flags.get('format') ?? 'urcvt';
  if (format !== 'urcvt') throw new UsageError(`--format with --rctab-config must be urcvt (RCTab's summary JSON), not "${String(format)}"`);
  const outDir = parsed.flags.get('output-directory');
  if (outDir === true) throw new UsageError('--output-directory needs a folder');

  const config = parseRctabConfig(readFileSync(file, 'utf8'), file, (p) => resolve(dirname(file), p));
  const contest = rctabContest(config);
  const ballots: RctabBallot[] = [];
  for (const source of config.sources) {
    await read(source, (record) => ballots.push(rctabBallot(record, source, contest, config.maxRankingsAllowed)));
  }
  let result: ReturnType<typeof tabulateRctab>;
  try {
    result = tabulateRctab(contest.candidates, ballots, config.rules);
  } catch (e) {
    if (e instanceof RctabCountError) throw new InputError(file, null, e.message);
    throw e;
  }
  const header = {
    contest: config.output.contestName,
    date: config.output.contestDate,
    jurisdiction: config.output.contestJurisdiction,
    office: config.output.contestOffice,
    generatedBy,
  };
  const texts = result.passes.map((pass) => rctabSummaryText(rctabSummary(contest.candidates, pass, header)));
  if (typeof outDir === 'string') {
    mkdirSync(outDir, { recursive: true });
    const stem = fileStem(config.output.contestName);
    texts.forEach((text, i) => {
      const name = texts.length === 1 ? `${stem}_detailed_report.json` : `${stem}_${i + 1}_detailed_report.json`;
      writeFileSync(join(outDir, name), text);
    });
    return 0;
  }
  io.stdout.write(texts.length === 1 ? texts[0] : `[\n${texts.map((t) => t.trimEnd()).join(',\n')}\n]\n`);
  return 0;
}
