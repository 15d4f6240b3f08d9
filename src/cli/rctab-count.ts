/**
 * `hustings count --rctab-config <config.json>`: counts an RCTab contest from
 * its own configuration and CVR files, unchanged, and prints RCTab's summary
 * JSON (one per seat for multi-pass IRV, as RCTab writes one file per pass).
 * With --output-directory it writes instead the files RCTab writes, named as
 * RCTab names them with the contest's name in place of RCTab's timestamp: the
 * summary JSON (`<contest>_detailed_report.json`), the summary and detailed
 * CSV reports (`<contest>_summary_report.csv`, `<contest>_detailed_report.csv`)
 * and, when the configuration's `generateCdfJson` is true, the cast-vote
 * records read as NIST CDF JSON (`<contest>_cdf_cvr.json`); with multi-pass
 * IRV each pass's files carry its number (`<contest>_2_…`). When the
 * configuration asks for results by precinct or by batch (`tabulateByPrecinct`,
 * `tabulateByBatch`), each precinct's and batch's detailed JSON and CSV are
 * written too, where and as RCTab writes them:
 * `Tabulate by Precinct/<contest>_<precinct>_precinct_detailed_report.json`.
 * Nothing is written unless the whole count succeeds. Printed, the output is
 * the contest's summary JSON alone.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fmt } from '../count/decimal.js';
import { RctabCountError, tabulateRctab, type RctabBallot, type RctabSliceKind } from '../count/methods/rctab-tabulator.js';
import type { CastVoteRecord, CvrSource } from '../formats/cvr/records.js';
import { writeCdfReport } from '../formats/cvr/write-cdf.js';
import { InputError } from '../formats/errors.js';
import { rctabBallot, rctabCdfReport, rctabContest } from '../formats/rctab-ballots.js';
import { parseRctabConfig, type RctabConfig } from '../formats/rctab-config.js';
import { type RctabCsvContest, rctabCsvCandidateOrder, rctabSummaryCsv } from '../report/rctab-summary-csv.js';
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
    help: "write RCTab's files there (summary JSON and CSV reports, and the CDF JSON of the records when generateCdfJson is true), named as RCTab names them, instead of printing the summary",
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

const SLICE_FOLDER: Readonly<Record<RctabSliceKind, string>> = { precinct: 'Tabulate by Precinct', batch: 'Tabulate by Batch' };

/** What RCTab's CSV reports take from the configuration's rules. */
function csvContest(config: RctabConfig): RctabCsvContest {
  const { rules } = config;
  const fraction = rules.multiSeatBottomsUpPercentageThreshold;
  return {
    singleWinner: rules.winnerElectionMode === 'singleWinnerMajority',
    // The configuration's percentage, kept as the fraction it stands for: back to the figure as written.
    bottomsUpPercentage:
      rules.winnerElectionMode === 'bottomsUpUsingPercentageThreshold' && fraction !== null ? fmt({ units: fraction.units, scale: fraction.scale - 2 }) : null,
    firstRoundDeterminesThreshold: rules.doesFirstRoundDetermineThreshold,
  };
}

/**
 * RCTab's names for precincts and batches in file names: every other character an underscore, one for one;
 * two ids that come out the same are told apart by `_1`, `_2`…, in the order first met, one name per id
 * across precincts and batches alike, as RCTab names them.
 */
function sliceFileIds(): (id: string) => string {
  const byId = new Map<string, string>();
  const used = new Set<string>();
  return (id) => {
    const known = byId.get(id);
    if (known !== undefined) return known;
    const base = id.replace(/[^A-Za-z0-9_.-]/g, '_');
    let name = base;
    for (let k = 1; used.has(name); k++) name = `${base}_${k}`;
    used.add(name);
    byId.set(id, name);
    return name;
  };
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
  const tabulateBy: RctabSliceKind[] = [];
  if (config.output.tabulateByPrecinct) tabulateBy.push('precinct');
  if (config.output.tabulateByBatch) tabulateBy.push('batch');
  const ballots: RctabBallot[] = [];
  // The records' own ids, kept only for the CDF JSON RCTab writes of them.
  const writesCdf = typeof outDir === 'string' && config.output.generateCdfJson;
  const ids: (string | undefined)[] = [];
  for (const source of config.sources) {
    await read(source, (record) => {
      ballots.push(rctabBallot(record, source, contest, config.maxRankingsAllowed, tabulateBy));
      if (writesCdf) ids.push(record.id);
    });
  }
  let result: ReturnType<typeof tabulateRctab>;
  try {
    result = tabulateRctab(contest.candidates, ballots, config.rules, tabulateBy);
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
    const stem = fileStem(config.output.contestName);
    const sliceName = sliceFileIds();
    const csv = csvContest(config);
    const prefixes = result.passes.map((_, i) => (result.passes.length === 1 ? stem : `${stem}_${i + 1}`));
    // Every report's text is made before the first file is written, so a failure leaves nothing half-written.
    const files: [folder: string, name: string, text: string][] = [];
    result.passes.forEach((pass, i) => {
      const prefix = prefixes[i]!;
      files.push([outDir, `${prefix}_summary_report.csv`, rctabSummaryCsv(contest.candidates, pass, header, csv, 'summary')]);
      files.push([outDir, `${prefix}_detailed_report.csv`, rctabSummaryCsv(contest.candidates, pass, header, csv, 'detailed')]);
      files.push([outDir, `${prefix}_detailed_report.json`, texts[i]!]);
      const order = rctabCsvCandidateOrder(contest.candidates, pass);
      for (const [kind, byId] of pass.slices) {
        for (const [id, rounds] of byId) {
          const folder = join(outDir, SLICE_FOLDER[kind]);
          const name = `${prefix}_${sliceName(id)}_${kind}`;
          const slicePass = { ...pass, rounds };
          files.push([folder, `${name}_detailed_report.csv`, rctabSummaryCsv(contest.candidates, slicePass, header, csv, 'detailed', { kind, id, order })]);
          files.push([folder, `${name}_detailed_report.json`, rctabSummaryText(rctabSummary(contest.candidates, slicePass, { ...header, [kind]: id }))]);
        }
      }
    });
    for (const folder of new Set([outDir, ...files.map((f) => f[0])])) mkdirSync(folder, { recursive: true });
    // The CDF JSON is streamed (it can be large) and only renamed into place once whole; it goes first, so
    // that a failure there leaves none of the reports behind. RCTab writes one per pass: the same records.
    if (writesCdf) {
      const [first, ...others] = prefixes.map((prefix) => join(outDir, `${prefix}_cdf_cvr.json`));
      await writeCdfReport(rctabCdfReport(config, contest, ballots, ids), first!);
      for (const path of others) copyFileSync(first!, path);
    }
    for (const [folder, name, text] of files) writeFileSync(join(folder, name), text);
    return 0;
  }
  io.stdout.write(texts.length === 1 ? texts[0] : `[\n${texts.map((t) => t.trimEnd()).join(',\n')}\n]\n`);
  return 0;
}
