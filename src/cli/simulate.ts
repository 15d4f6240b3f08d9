/**
 * `hustings simulate …`: the democracy review, what each rulebook would have
 * decided. Each subcommand is one entry of SIMULATE_SUBCOMMANDS (its usage
 * line for the group's help, its own help, and its handler); the group's help
 * and the dispatcher's table are built from it, so adding a subcommand is
 * adding an entry.
 */
import { readFileSync } from 'node:fs';
import type { Rulebook } from '../domain/rulebook.js';
import { REAL_CASES, caseById, casesCsv, judgeCase } from '../simulate/cases.js';
import { casesJson, casesText } from '../simulate/cases-report.js';
import { allRulebooks, byConstituency, notReplayableReason, replay, replayJson, replayText, replayable } from '../simulate/replay.js';
import { UsageError, flagNames, optionLines, parseArgs, type FlagSpec, type Parsed } from './args.js';
import { loadRulebook } from './rulebook-file.js';
import { readUnitRows } from './trigger-evaluate.js';
import { SIMULATE_PARTY_HELP, SIMULATE_SWEEP_HELP, simulatePartyCommand, simulateSweepCommand } from './simulate-party.js';
import type { Io } from './run.js';

type CommandHandler = (argv: readonly string[], io: Io) => number | Promise<number>;

export interface SimulateSubcommand {
  /** "hustings simulate replay <results.csv> …" and what it does, as lines of the group's help. */
  readonly usage: readonly string[];
  /** The subcommand's own --help. */
  readonly help: string;
  readonly run: CommandHandler;
}

// ---- Shared by the subcommands ---------------------------------------------------------

function parse(argv: readonly string[], flags: readonly FlagSpec[], command: string): Parsed {
  return parseArgs(
    argv,
    flags,
    (flag) =>
      new UsageError(
        `${flag.length === 1 ? '-' : '--'}${flag} is not an option of simulate ${command} (its options: ${flagNames(flags)}; see hustings simulate ${command} --help)`,
      ),
  );
}

function formatOf<F extends string>(p: Parsed, formats: readonly F[]): F {
  const f = p.flags.get('format');
  if (f === undefined) return formats[0];
  if (f === true) throw new UsageError('--format needs a value');
  if (!(formats as readonly string[]).includes(f)) throw new UsageError(`--format must be ${formats.slice(0, -1).join(', ')} or ${formats.at(-1)}, not "${f}"`);
  return f as F;
}

/**
 * The rulebooks of `--rulebooks all|<id,…>`: bundled ids or rulebook .json
 * files, comma-separated; `all` is every bundled rulebook (the replay sets
 * aside those that cannot be judged from unit decisions, and says so).
 */
export function rulebooksFlag(value: string | true | undefined): Rulebook[] {
  if (value === true) throw new UsageError('--rulebooks needs a value: all, or rulebook ids separated by commas');
  const names = (value ?? 'all').split(',').map((s) => s.trim());
  if (names.some((n) => n === '')) throw new UsageError(`--rulebooks has an empty name in "${value}" (rulebook ids separated by commas, or all)`);
  const out: Rulebook[] = [];
  const from = new Map<string, string>();
  for (const name of names) {
    for (const rb of name === 'all' ? allRulebooks() : [loadRulebook(name)]) {
      const earlier = from.get(rb.id);
      if (earlier !== undefined) {
        throw new UsageError(
          earlier === name ? `--rulebooks names ${name} twice` : `--rulebooks: ${name} has the id "${rb.id}", which ${earlier} already gives`,
        );
      }
      from.set(rb.id, name);
      out.push(rb);
    }
  }
  return out;
}

// ---- simulate replay -------------------------------------------------------------------

const HELP_FLAG: FlagSpec = { flag: 'help', short: 'h', takesValue: false, help: 'this help' };

const REPLAY_FLAGS: readonly FlagSpec[] = [
  {
    flag: 'rulebooks',
    short: 'r',
    takesValue: true,
    value: '<list>',
    repeatJoin: ',',
    help: 'all (the default: every bundled rulebook), or bundled ids and rulebook .json files separated by commas (e.g. labour-1990,labour-2021)',
  },
  {
    flag: 'format',
    short: 'f',
    takesValue: true,
    value: '<format>',
    help: 'text (default: a table of constituency × rulebook, then the arithmetic) or json: {"constituencies": [{"constituency": name, "outcomes": {rulebook id: "triggered" | "readopted"}}], with the rules, the rulebooks not replayed and the arithmetic in keys of their own',
  },
  HELP_FLAG,
];

export const SIMULATE_REPLAY_HELP = [
  'Usage: hustings simulate replay <results.csv> [--rulebooks all|<id,id,…>] [--format text|json]',
  '',
  "Replays recorded trigger ballots under other rulebooks: each constituency's unit decisions are",
  'judged under every chosen rulebook, side by side, with the arithmetic of each.',
  '',
  ...optionLines(REPLAY_FLAGS),
  '',
  'The CSV is that of hustings trigger evaluate with a constituency column: a header naming the',
  'columns constituency, unit, class (branch or affiliate), decision (yes = wants a selection, no,',
  'abstain, absent) and optionally affiliate. A file may hold one constituency or many; a unit is',
  'named once within its constituency.',
  '',
  "Members'-meeting rulebooks (libdem-readoption, conservative-readoption) readopt by a vote of the",
  'members at a meeting, which unit decisions do not record, so they cannot be replayed: all leaves',
  'them out, and the output lists them under "Not replayed" with the reason.',
  '',
  'Exit status: 0 replayed; 1 the file is missing or wrong (stderr says file:line: what is wrong);',
  '2 the command line is wrong.',
  '',
].join('\n');

export function simulateReplay(argv: readonly string[], io: Io): number {
  const p = parse(argv, REPLAY_FLAGS, 'replay');
  if (p.flags.has('help')) {
    io.stdout.write(SIMULATE_REPLAY_HELP);
    return 0;
  }
  if (p.positionals.length !== 1) {
    throw new UsageError(
      p.positionals.length === 0
        ? 'simulate replay needs a results file: hustings simulate replay <results.csv> --rulebooks all'
        : `simulate replay takes one results file, not ${p.positionals.length}: ${p.positionals.join(' ')}`,
    );
  }
  const format = formatOf(p, ['text', 'json'] as const);
  // The rulebooks are checked before the file is read, so a wrong one fails at once.
  const rulebooks = rulebooksFlag(p.flags.get('rulebooks'));
  if (!rulebooks.some(replayable)) {
    throw new UsageError(
      `none of the rulebooks can be replayed from unit decisions (${rulebooks.map((rb) => `${rb.id}: ${notReplayableReason(rb)}`).join('; ')})`,
    );
  }
  const file = p.positionals[0];
  const rows = readUnitRows(readFileSync(file, 'utf8'), file, 'constituency');
  const r = replay(byConstituency(rows.map((row) => ({ constituency: row.group, result: row.result }))), rulebooks);
  io.stdout.write(format === 'json' ? JSON.stringify(replayJson(r), null, 2) + '\n' : replayText(r));
  return 0;
}

// ---- simulate cases --------------------------------------------------------------------

const CASES_FLAGS: readonly FlagSpec[] = [
  {
    flag: 'case',
    short: 'c',
    takesValue: true,
    value: '<list>',
    repeatJoin: ',',
    help: `cases separated by commas (default: all): ${REAL_CASES.map((c) => c.id).join(', ')}`,
  },
  {
    flag: 'format',
    short: 'f',
    takesValue: true,
    value: '<format>',
    help: 'text (default), json, or csv: the readings as a hustings simulate replay file (one constituency per reading), the form of examples/real-cases/',
  },
  HELP_FLAG,
];

export const SIMULATE_CASES_HELP = [
  'Usage: hustings simulate cases [--case <id,id,…>] [--format text|json|csv]',
  '',
  'Real trigger ballots from published reports, judged under the four Labour eras (labour-1979,',
  'labour-1990, labour-2018, labour-2021). Where the reports leave something out or disagree (how',
  'the affiliated branches voted, how many branches wanted a selection), every reading is judged,',
  'the one assumed is marked *, and a reading that contradicts the reported outcome is marked !.',
  '',
  ...optionLines(CASES_FLAGS),
  '',
  'Exit status: 0 done; 2 the command line is wrong.',
  '',
].join('\n');

export function simulateCases(argv: readonly string[], io: Io): number {
  const p = parse(argv, CASES_FLAGS, 'cases');
  if (p.flags.has('help')) {
    io.stdout.write(SIMULATE_CASES_HELP);
    return 0;
  }
  if (p.positionals.length > 0) throw new UsageError(`simulate cases takes no file, only options: ${p.positionals.join(' ')}`);
  const format = formatOf(p, ['text', 'json', 'csv'] as const);
  const chosen = p.flags.get('case');
  if (chosen === true) throw new UsageError('--case needs a value: case ids separated by commas');
  const cases =
    chosen === undefined
      ? REAL_CASES
      : [...new Set(chosen.split(',').map((s) => s.trim()))].map(
          (id) => caseById(id) ?? usage(`no case "${id}" (cases: ${REAL_CASES.map((c) => c.id).join(', ')})`),
        );
  if (format === 'csv') {
    io.stdout.write(casesCsv(cases));
    return 0;
  }
  const judged = cases.map((c) => judgeCase(c));
  io.stdout.write(format === 'json' ? JSON.stringify(casesJson(judged), null, 2) + '\n' : casesText(judged));
  return 0;
}

function usage(message: string): never {
  throw new UsageError(message);
}

// ---- The group -------------------------------------------------------------------------

export const SIMULATE_SUBCOMMANDS: Readonly<Record<string, SimulateSubcommand>> = {
  replay: {
    usage: [
      'hustings simulate replay <results.csv> [--rulebooks all|<id,…>] [--format text|json]',
      '    recorded trigger ballots judged under every chosen rulebook, side by side',
    ],
    help: SIMULATE_REPLAY_HELP,
    run: simulateReplay,
  },
  cases: {
    usage: [
      'hustings simulate cases [--case <id,…>] [--format text|json|csv]',
      '    real cases from published reports under the four Labour eras, each reading of the reports',
    ],
    help: SIMULATE_CASES_HELP,
    run: simulateCases,
  },
  party: {
    usage: [
      'hustings simulate party [--seed N] [--runs N] [--rulebooks …] [party options] [--chart …]',
      '    Monte Carlo over a synthetic party: the share of incumbents each rulebook triggers',
    ],
    help: SIMULATE_PARTY_HELP,
    run: simulatePartyCommand,
  },
  sweep: {
    usage: [
      'hustings simulate sweep --param <param> [--from a --to b --steps n] [party options] [--chart …]',
      '    the same across one parameter, and the support at which each rulebook flips',
    ],
    help: SIMULATE_SWEEP_HELP,
    run: simulateSweepCommand,
  },
};

export const SIMULATE_COMMANDS: Readonly<Record<string, CommandHandler>> = Object.fromEntries(
  Object.entries(SIMULATE_SUBCOMMANDS).map(([name, s]) => [name, s.run]),
);

export const SIMULATE_HELP = [
  'Usage:',
  ...Object.values(SIMULATE_SUBCOMMANDS).flatMap((s) => s.usage.map((l) => `  ${l}`)),
  '',
  'What each rulebook would have decided: the democracy review. Help on one subcommand:',
  'hustings simulate <subcommand> --help.',
  '',
].join('\n');
