/**
 * `hustings simulate party` and `hustings simulate sweep`: Monte Carlo over a
 * synthetic party, and the same swept across one parameter. Registered in
 * src/cli/simulate.ts's table of subcommands.
 */
import { writeFileSync } from 'node:fs';
import { LABOUR_1979, LABOUR_1990, LABOUR_2018, LABOUR_2021 } from '../domain/presets.js';
import { allRulebooks } from '../simulate/replay.js';
import type { Rulebook } from '../domain/rulebook.js';
import { flipSvg, partySvg, sweepSvg } from '../simulate/figures.js';
import { DEFAULT_MODEL, MODEL_PARAMS, modelFrom, paramText, type PartyModel } from '../simulate/model.js';
import { simulateParty } from '../simulate/montecarlo.js';
import { svgToPng, PngUnavailable } from '../simulate/png.js';
import { partyJson, partyText, sweepJson, sweepText, type NotSimulated } from '../simulate/report.js';
import { SWEEP_PARAMS, SWEEP_WORDS, checkSweep, sweep, type SweepParam } from '../simulate/sweep.js';
import { InputError } from '../formats/errors.js';
import { UsageError, optionLines, parseArgs, type FlagSpec, type Parsed } from './args.js';
import { loadRulebook } from './rulebook-file.js';
import type { Io } from './run.js';

/** The rulebooks simulated when none are named: Labour's four eras. */
export const DEFAULT_SIMULATED: readonly Rulebook[] = [LABOUR_1979, LABOUR_1990, LABOUR_2018, LABOUR_2021];

export const DEFAULT_RUNS = 1000;
export const MAX_RUNS = 1_000_000;

const HELP_FLAG: FlagSpec = { flag: 'help', short: 'h', takesValue: false, help: 'this help' };

/** The flags of both subcommands but the chart, whose words differ. */
const SHARED_FLAGS: readonly FlagSpec[] = [
  { flag: 'seed', short: 's', takesValue: true, value: '<n>', help: 'seed of the random draws (default 1): the same seed gives the same result' },
  { flag: 'runs', short: 'n', takesValue: true, value: '<n>', help: `runs (rounds of reviews across the whole party; default ${DEFAULT_RUNS})` },
  {
    flag: 'rulebooks',
    short: 'r',
    takesValue: true,
    value: '<list>',
    repeatJoin: ',',
    help: 'bundled ids or rulebook .json files, comma-separated, or all (default: the four Labour eras, labour-1979,labour-1990,labour-2018,labour-2021)',
  },
  { flag: 'format', short: 'f', takesValue: true, value: '<format>', help: 'text (default) or json' },
  HELP_FLAG,
];

/** The synthetic party's parameters, each a flag (defaults in brackets). */
const MODEL_FLAGS: readonly FlagSpec[] = MODEL_PARAMS.map((p) => ({
  flag: p.name,
  takesValue: true,
  value: '<value>',
  help: `${p.help} [${paramText(DEFAULT_MODEL, p)}]`,
}));

const PARTY_FLAGS: readonly FlagSpec[] = [...SHARED_FLAGS, { flag: 'chart', takesValue: true, value: '<file>', help: 'also write the chart, as .svg or .png' }];

const SWEEP_OWN_FLAGS: readonly FlagSpec[] = [
  {
    flag: 'param',
    short: 'p',
    takesValue: true,
    value: '<param>',
    help: [
      'what to sweep:',
      ...SWEEP_PARAMS.map((p) => `${p}: ${SWEEP_WORDS[p]}`),
      'threshold and affiliate-weight change each rulebook (a modified copy of its data); a rulebook without that parameter is shown unchanged',
    ].join('\n'),
  },
  { flag: 'from', takesValue: true, value: '<x>', help: 'first value (default 0; 10% for threshold)' },
  { flag: 'to', takesValue: true, value: '<x>', help: 'last value (default 1; 90% for threshold)' },
  { flag: 'steps', takesValue: true, value: '<n>', help: 'how many values, evenly spaced, ends included (default 11)' },
  { flag: 'flip-runs', takesValue: true, value: '<n>', help: 'runs per bisection step (default: --runs, at most 100; 0: no flips)' },
  { flag: 'chart', takesValue: true, value: '<file>', help: 'the triggered share across the sweep, as .svg or .png' },
  { flag: 'flip-chart', takesValue: true, value: '<file>', help: '(not for support-mean) the support each rulebook needs to flip, per value' },
];

export const PARTY_COMMAND_FLAGS: readonly FlagSpec[] = [...PARTY_FLAGS, ...MODEL_FLAGS];
export const SWEEP_FLAGS: readonly FlagSpec[] = [...SHARED_FLAGS, ...SWEEP_OWN_FLAGS, ...MODEL_FLAGS];

const MODEL_HELP = ['The synthetic party (defaults in brackets):', ...optionLines(MODEL_FLAGS), 'Shares are numbers from 0 to 1 or percentages (35%).'];

export const SIMULATE_PARTY_HELP = [
  'Usage: hustings simulate party [--seed N] [--runs N] [--rulebooks …] [party options]',
  '                               [--format text|json] [--chart out.svg|out.png]',
  '',
  'Monte Carlo over a synthetic party: in each run every constituency reviews its incumbent, and each',
  "rulebook judges the same units' decisions. Prints, for each rulebook, the mean share of incumbents",
  'triggered (a full selection held) and the range 95% of runs fall in, and the share triggered by the',
  "members' support in the constituency; the chart shows the latter.",
  '',
  ...optionLines(PARTY_FLAGS),
  '',
  ...MODEL_HELP,
  '',
  "Each branch meets with the turnout's probability; its members present (uniform) each vote for a",
  "selection with the branch's support, and the meeting's majority is its decision (a tie is settled",
  "by each rulebook). Each affiliated branch votes with its turnout's probability and backs a",
  "selection with its own probability. Rulebooks that readopt at a members' meeting are not simulated.",
  '',
  'Exit status: 0 done; 1 a rulebook file is missing or invalid, or a chart cannot be written;',
  '2 the command line is wrong.',
  '',
].join('\n');

export const SIMULATE_SWEEP_HELP = [
  'Usage: hustings simulate sweep --param <param> [--from a] [--to b] [--steps n] [--flip-runs n]',
  '                               [party options] [--chart out.svg|png] [--flip-chart out.svg|png]',
  '',
  'Sensitivity: the share of incumbents triggered under each rulebook as one parameter changes, and',
  "the members' support at which each rulebook flips (half of incumbents triggered), found by",
  'bisection on the mean support.',
  '',
  ...optionLines([...SWEEP_OWN_FLAGS, ...SHARED_FLAGS]),
  '',
  '',
  ...MODEL_HELP,
  '',
  'For support-mean the flip point is one per rulebook; for the other parameters it is found at every',
  'value of the sweep.',
  '',
  'Exit status: 0 done; 1 a rulebook file is missing or invalid, or a chart cannot be written;',
  '2 the command line is wrong.',
  '',
].join('\n');

function parse(argv: readonly string[], flags: readonly FlagSpec[], command: string): Parsed {
  return parseArgs(
    argv,
    flags,
    (flag) => new UsageError(`${flag.length === 1 ? '-' : '--'}${flag} is not an option of simulate ${command} (see hustings simulate ${command} --help)`),
  );
}

function text(p: Parsed, flag: string): string | undefined {
  const v = p.flags.get(flag);
  if (v === true) throw new UsageError(`--${flag} needs a value`);
  return v;
}

function wholeFlag(p: Parsed, flag: string, fallback: number, min: number, max: number): number {
  const v = text(p, flag);
  if (v === undefined) return fallback;
  const n = /^\d+$/.test(v.trim()) ? Number(v.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(`--${flag} must be a whole number from ${min.toLocaleString('en-GB')} to ${max.toLocaleString('en-GB')}, not "${v}"`);
  return n;
}

function shareFlag(p: Parsed, flag: string, fallback: number): number {
  const v = text(p, flag);
  if (v === undefined) return fallback;
  const t = v.trim();
  const pct = /^([0-9]*\.?[0-9]+)\s*%$/.exec(t);
  const n = pct ? Number(pct[1]) / 100 : /^[0-9]*\.?[0-9]+$/.test(t) ? Number(t) : NaN;
  if (!(n >= 0 && n <= 1)) throw new UsageError(`--${flag} must be a number from 0 to 1 or a percentage, not "${v}"`);
  return n;
}

/**
 * The rulebooks of --rulebooks: bundled ids or .json files, or all. A
 * members'-meeting rulebook named on its own is an error; brought in by all,
 * it is set aside and listed as not simulated.
 */
export function simulatedRulebooks(value: string | true | undefined): { rulebooks: Rulebook[]; skipped: NotSimulated[] } {
  if (value === undefined) return { rulebooks: [...DEFAULT_SIMULATED], skipped: [] };
  if (value === true) throw new UsageError('--rulebooks needs a value: all, or rulebook ids separated by commas');
  const names = value.split(',').map((s) => s.trim());
  if (names.some((n) => n === '')) throw new UsageError(`--rulebooks has an empty name in "${value}" (rulebook ids separated by commas, or all)`);
  const rulebooks: Rulebook[] = [];
  const skipped: NotSimulated[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const fromAll = name === 'all';
    for (const rb of fromAll ? allRulebooks() : [loadRulebook(name)]) {
      if (seen.has(rb.id)) throw new UsageError(`--rulebooks gives the rulebook "${rb.id}" twice`);
      seen.add(rb.id);
      if (rb.incumbentReview.kind === 'members-meeting') {
        const reason = `${rb.name} readopts by a vote at a members' meeting, which the synthetic party does not model`;
        if (!fromAll) throw new UsageError(`${rb.id} cannot be simulated: ${reason}`);
        skipped.push({ id: rb.id, reason });
        continue;
      }
      rulebooks.push(rb);
    }
  }
  if (rulebooks.length === 0) throw new UsageError('--rulebooks leaves no rulebook to simulate');
  return { rulebooks, skipped };
}

function modelOf(p: Parsed): PartyModel {
  const given: Record<string, string | undefined> = {};
  for (const m of MODEL_PARAMS) given[m.name] = text(p, m.name);
  const r = modelFrom(given);
  if (!r.ok)
    throw new UsageError(
      r.error.message
        .split('\n')
        .map((l) => `--${l}`)
        .join('\n  '),
    );
  return r.value;
}

/** Checks a chart path's extension before any work is done. */
function chartPath(p: Parsed, flag: string): string | undefined {
  const file = text(p, flag);
  if (file !== undefined && !/\.(svg|png)$/i.test(file)) throw new UsageError(`--${flag} must name an .svg or .png file, not "${file}"`);
  return file;
}

async function writeChart(file: string, svg: string): Promise<void> {
  if (/\.png$/i.test(file)) {
    let png: Uint8Array;
    try {
      png = await svgToPng(svg);
    } catch (e) {
      if (e instanceof PngUnavailable) throw new InputError(file, null, e.message);
      throw e;
    }
    writeFileSync(file, png);
  } else writeFileSync(file, svg);
}

function formatOf(p: Parsed): 'text' | 'json' {
  const f = text(p, 'format') ?? 'text';
  if (f !== 'text' && f !== 'json') throw new UsageError(`--format must be text or json, not "${f}"`);
  return f;
}

function noPositionals(p: Parsed, command: string): void {
  if (p.positionals.length > 0) throw new UsageError(`simulate ${command} takes no file, only options: ${p.positionals.join(' ')}`);
}

export async function simulatePartyCommand(argv: readonly string[], io: Io): Promise<number> {
  const p = parse(argv, PARTY_COMMAND_FLAGS, 'party');
  if (p.flags.has('help')) {
    io.stdout.write(SIMULATE_PARTY_HELP);
    return 0;
  }
  noPositionals(p, 'party');
  const format = formatOf(p);
  const seed = wholeFlag(p, 'seed', 1, 0, 2 ** 32 - 1);
  const runs = wholeFlag(p, 'runs', DEFAULT_RUNS, 1, MAX_RUNS);
  const model = modelOf(p);
  const chart = chartPath(p, 'chart');
  const { rulebooks, skipped } = simulatedRulebooks(p.flags.get('rulebooks'));
  const r = simulateParty({ model, rulebooks, seed, runs });
  io.stdout.write(format === 'json' ? JSON.stringify(partyJson(r, skipped), null, 2) + '\n' : partyText(r, skipped));
  if (chart) await writeChart(chart, partySvg(r));
  return 0;
}

export async function simulateSweepCommand(argv: readonly string[], io: Io): Promise<number> {
  const p = parse(argv, SWEEP_FLAGS, 'sweep');
  if (p.flags.has('help')) {
    io.stdout.write(SIMULATE_SWEEP_HELP);
    return 0;
  }
  noPositionals(p, 'sweep');
  const param = text(p, 'param');
  if (param === undefined) throw new UsageError(`simulate sweep needs --param (${SWEEP_PARAMS.join(', ')})`);
  if (!(SWEEP_PARAMS as readonly string[]).includes(param)) throw new UsageError(`--param must be one of ${SWEEP_PARAMS.join(', ')}, not "${param}"`);
  const format = formatOf(p);
  const seed = wholeFlag(p, 'seed', 1, 0, 2 ** 32 - 1);
  const runs = wholeFlag(p, 'runs', DEFAULT_RUNS, 1, MAX_RUNS);
  const from = shareFlag(p, 'from', param === 'threshold' ? 0.1 : 0);
  const to = shareFlag(p, 'to', param === 'threshold' ? 0.9 : 1);
  const steps = wholeFlag(p, 'steps', 11, 2, 101);
  const flipRuns = wholeFlag(p, 'flip-runs', Math.min(runs, 100), 0, MAX_RUNS);
  const model = modelOf(p);
  const chart = chartPath(p, 'chart');
  const flipChartFile = chartPath(p, 'flip-chart');
  if (flipChartFile !== undefined && (param === 'support-mean' || flipRuns === 0)) {
    throw new UsageError(
      param === 'support-mean'
        ? '--flip-chart is for the other parameters: a sweep of support-mean marks its flip points on --chart'
        : '--flip-chart needs flip points: --flip-runs is 0',
    );
  }
  const checked = checkSweep({ param: param as SweepParam, from, to, steps, flipRuns });
  if (!checked.ok)
    throw new UsageError(
      checked.error.message
        .split('\n')
        .map((l) => `--${l}`)
        .join('\n  '),
    );
  const { rulebooks, skipped } = simulatedRulebooks(p.flags.get('rulebooks'));
  const r = sweep({ model, rulebooks, seed, runs, param: param as SweepParam, from, to, steps, flipRuns });
  io.stdout.write(format === 'json' ? JSON.stringify(sweepJson(r, skipped), null, 2) + '\n' : sweepText(r, skipped));
  if (chart) await writeChart(chart, sweepSvg(r));
  if (flipChartFile) {
    const svg = flipSvg(r);
    if (svg) await writeChart(flipChartFile, svg);
  }
  return 0;
}
