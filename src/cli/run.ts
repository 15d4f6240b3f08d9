/**
 * The `hustings` command. `run` takes the arguments and the process's streams
 * and returns the exit status, so it can be driven in-process as well as from
 * main.ts. Output is rendered whole before anything is written: a count that
 * fails leaves stdout empty, never half a table.
 */
import { readFileSync, statSync } from 'node:fs';
import type { CountMethod } from '../count/method.js';
import type { Election } from '../count/ballots.js';
import { DroopOptionError, droopFileOptions, droopRuleMethod } from '../count/droop-options.js';
import { METHODS, countResolved, methodById } from '../count/methods/index.js';
import { OptionError, flagOf, nameOfFlag, resolveOptions, type OptionValue } from '../count/options.js';
import { InputError } from '../formats/errors.js';
import { FORMATS, readElectionFile } from '../formats/index.js';
import { REPORT_FORMATS, render, type ReportFormat } from '../report/index.js';
import { UsageError, hasFlag, optionFlags, parseArgs, peekFlag, type FlagSpec } from './args.js';
import { countHelp, mainHelp, methodHelp } from './help.js';
import { PROGRESS_MIN_BYTES, ProgressBar } from './progress.js';

export interface Io {
  readonly stdout: { write(s: string): unknown; readonly isTTY?: boolean; readonly columns?: number | undefined };
  readonly stderr: { write(s: string): unknown; readonly isTTY?: boolean; readonly columns?: number | undefined };
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Standard input, for the commands that read from it (`hustings vote` reads a ballot's ranking). */
  readonly stdin?: AsyncIterable<string | Uint8Array> & { readonly isTTY?: boolean };
}

export const EXIT_OK = 0;
export const EXIT_INPUT = 1;
export const EXIT_USAGE = 2;
export const EXIT_BUG = 3;

const INPUT_FORMATS = FORMATS;

/** The flags of `count` itself; the chosen method's rule options are added to them. */
export const COUNT_FLAGS: readonly FlagSpec[] = [
  { flag: 'method', short: 'm', takesValue: true, value: '<method>', help: 'the counting rule (below)' },
  { flag: 'format', short: 'f', takesValue: true, value: '<format>', help: 'table (default), csv, or urcvt (RCTab JSON, which rcvis draws)' },
  {
    flag: 'input-format',
    takesValue: true,
    value: '<format>',
    help: 'blt, csv, preflib, or a cast-vote record format: cdf (NIST 1500-103 JSON or XML), dominion (export folder), ess (xlsx), hart (folder of XML), clear-ballot (CSV); default: from the file name (.blt; .csv; .soi, .soc, .toi, .toc; .json, .xml; .xlsx), a Dominion or Hart folder, or a Clear Ballot header',
  },
  {
    flag: 'contest',
    takesValue: true,
    value: '<id>',
    help: 'cast-vote record formats: the contest to count, by its name or id in the file (needed when the file holds several)',
  },
  { flag: 'write-cdf', takesValue: true, value: '<file>', help: 'also write the ballots read as a NIST 1500-103 CDF JSON cast-vote record report' },
  { flag: 'attributes', takesValue: true, value: '<file>', help: 'CSV of candidate attributes (a name column, then e.g. gender), used by --minimum' },
  {
    flag: 'rctab-config',
    takesValue: true,
    value: '<config.json>',
    help: "count an RCTab contest from its own configuration and CVR files, under RCTab's rules, printing RCTab's summary JSON (no --method, no ballot file; --output-directory <dir> writes the files instead)",
  },
  { flag: 'no-color', takesValue: false, help: 'no colour in the table (colour is used only on a terminal; NO_COLOR=1 also turns it off)' },
  { flag: 'help', short: 'h', takesValue: false, help: "this help; with --method, that method's rule options" },
];

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** A command without subcommands, with the help that `hustings help <command>` prints. */
export interface Command {
  readonly help: string;
  readonly run: CommandHandler;
}

/**
 * A command's module, loaded when the command is asked for: `hustings count` then reads no store,
 * web or schema library it does not use, and starts as fast as the counting library allows.
 */
export type LoadCommand = () => Promise<Command>;

/**
 * Runs the command line. `outside` holds the commands other adapters bring (the web app's `serve`):
 * the `hustings` executable (src/bin) adds them, so the command line never imports the web app.
 */
export async function run(argv: readonly string[], io: Io, outside: Readonly<Record<string, LoadCommand>> = {}): Promise<number> {
  try {
    return await dispatch(argv, io, commandsWith(outside));
  } catch (err) {
    return report(err, io);
  }
}

async function dispatch(argv: readonly string[], io: Io, commands: Readonly<Record<string, LoadCommand>>): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    // Not asked for: a usage error, so the help goes to stderr and stdout stays empty.
    io.stderr.write(mainHelp(METHODS));
    return EXIT_USAGE;
  }
  if (command === '--help' || command === '-h') {
    io.stdout.write(mainHelp(METHODS));
    return EXIT_OK;
  }
  if (command === '--version' || command === '-V' || command === 'version') {
    io.stdout.write(version() + '\n');
    return EXIT_OK;
  }
  if (command === 'help') {
    const [topic, ...more] = rest;
    if (topic === undefined) {
      io.stdout.write(mainHelp(METHODS));
      return EXIT_OK;
    }
    if (Object.hasOwn(GROUPS, topic)) {
      io.stdout.write((await GROUPS[topic]!()).help);
      return EXIT_OK;
    }
    if (Object.hasOwn(commands, topic)) {
      io.stdout.write((await commands[topic]!()).help);
      return EXIT_OK;
    }
    if (topic !== 'count') throw new UsageError(`no help on "${topic}" (commands: ${['count', ...Object.keys(commands), ...Object.keys(GROUPS)].join(', ')})`);
    return helpCount(more, io);
  }
  if (command === 'count') return count(rest, io);
  if (Object.hasOwn(commands, command)) return (await commands[command]!()).run(rest, io);
  if (Object.hasOwn(GROUPS, command)) return runGroup(command, await GROUPS[command]!(), rest, io);
  throw new UsageError(`unknown command "${command}" (commands: ${['count', ...Object.keys(commands), ...Object.keys(GROUPS), 'help'].join(', ')})`);
}

type CommandHandler = (argv: readonly string[], io: Io) => number | Promise<number>;

interface CommandGroup {
  /** Printed by `hustings <command> --help` and `hustings help <command>`. */
  readonly help: string;
  readonly subcommands: Readonly<Record<string, CommandHandler>>;
}

/** Commands with subcommands, each subcommand in its own module: `hustings <command> <subcommand> …`. */
const GROUPS: Readonly<Record<string, () => Promise<CommandGroup>>> = {
  rulebook: async () => {
    const m = await import('./rulebook.js');
    return { help: m.RULEBOOK_HELP, subcommands: m.RULEBOOK_COMMANDS };
  },
  trigger: async () => {
    const [m, e] = await Promise.all([import('./trigger.js'), import('./trigger-evaluate.js')]);
    return { help: `${m.TRIGGER_HELP}\n${e.TRIGGER_EVALUATE_HELP}`, subcommands: { ...m.TRIGGER_SUBCOMMANDS, evaluate: e.triggerEvaluate } };
  },
  selection: async () => {
    const m = await import('./selection.js');
    return { help: m.SELECTION_HELP, subcommands: m.SELECTION_SUBCOMMANDS };
  },
  election: async () => {
    const m = await import('./election.js');
    return { help: m.ELECTION_HELP, subcommands: m.ELECTION_SUBCOMMANDS };
  },
  import: async () => {
    const m = await import('./import.js');
    return { help: m.IMPORT_HELP, subcommands: m.IMPORT_COMMANDS };
  },
  audit: async () => {
    const m = await import('./audit.js');
    return { help: m.AUDIT_HELP, subcommands: m.AUDIT_COMMANDS };
  },
  outbox: async () => {
    const m = await import('./outbox.js');
    return { help: m.OUTBOX_HELP, subcommands: m.OUTBOX_COMMANDS };
  },
  emergency: async () => {
    const m = await import('./emergency.js');
    return { help: m.EMERGENCY_HELP, subcommands: m.EMERGENCY_COMMANDS };
  },
  meeting: async () => {
    const m = await import('./meeting.js');
    return { help: m.MEETING_HELP, subcommands: m.MEETING_COMMANDS };
  },
  simulate: async () => {
    const m = await import('./simulate.js');
    return { help: m.SIMULATE_HELP, subcommands: m.SIMULATE_COMMANDS };
  },
  credentials: async () => {
    const m = await import('./credentials.js');
    return { help: m.CREDENTIALS_HELP, subcommands: m.CREDENTIALS_COMMANDS };
  },
  trustee: async () => {
    const m = await import('./trustee.js');
    return { help: m.TRUSTEE_HELP, subcommands: m.TRUSTEE_COMMANDS };
  },
};

/** Commands without subcommands, each in its own module; the outside ones listed where `serve` always was. */
function commandsWith(outside: Readonly<Record<string, LoadCommand>>): Readonly<Record<string, LoadCommand>> {
  return {
    init: async () => {
      const m = await import('./init.js');
      return { help: m.INIT_HELP, run: m.init };
    },
    demo: async () => {
      const m = await import('./demo.js');
      return { help: m.DEMO_HELP, run: m.demo };
    },
    ...outside,
    verify: async () => {
      const m = await import('./verify.js');
      return { help: m.VERIFY_HELP, run: m.verify };
    },
    vote: async () => {
      const m = await import('./vote.js');
      return { help: m.VOTE_HELP, run: m.vote };
    },
    board: async () => {
      const m = await import('./board.js');
      return { help: m.BOARD_HELP, run: m.board };
    },
    postal: async () => {
      const m = await import('./postal.js');
      return { help: m.POSTAL_HELP, run: m.postal };
    },
  };
}

function runGroup(name: string, group: CommandGroup, argv: readonly string[], io: Io): number | Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h') {
    io.stdout.write(group.help);
    return EXIT_OK;
  }
  const subs = Object.keys(group.subcommands).join(', ');
  if (sub === undefined) throw new UsageError(`${name} needs a subcommand (${subs}; see hustings ${name} --help)`);
  if (!Object.hasOwn(group.subcommands, sub)) throw new UsageError(`unknown subcommand "${name} ${sub}" (subcommands of ${name}: ${subs})`);
  return group.subcommands[sub](rest, io);
}

function helpCount(argv: readonly string[], io: Io): number {
  const methodId = peekFlag(argv, 'method', 'm');
  io.stdout.write(methodId === undefined ? countHelp(METHODS, COUNT_FLAGS) : methodHelp(methodById(methodId)));
  return EXIT_OK;
}

function unknownFlag(method: CountMethod | undefined): (flag: string) => Error {
  return (flag) => {
    const shown = flag.length === 1 ? `-${flag}` : `--${flag}`;
    if (!method) return new UsageError(`unknown option ${shown} (see hustings count --help)`);
    const list = method.options.map((o) => '--' + flagOf(o.name)).join(', ');
    return new UsageError(`${shown} is not an option of ${method.id} (its options: ${list || 'none'}; see hustings help count --method ${method.id})`);
  };
}

async function count(argv: readonly string[], io: Io): Promise<number> {
  if (hasFlag(argv, 'rctab-config')) {
    const [m, cvr] = await Promise.all([import('./rctab-count.js'), import('../formats/cvr/index.js')]);
    return m.rctabCount(argv, io, cvr.readCvrSource, `Hustings ${version()}`);
  }
  let methodId = peekFlag(argv, 'method', 'm');
  // Without --method, a BLT file's [droop] line may name the rule; the file is then read once, here.
  let readFirst: Election | undefined;
  if (methodId === undefined || methodId.startsWith('-')) {
    if (hasFlag(argv, 'help', 'h')) {
      io.stdout.write(countHelp(METHODS, COUNT_FLAGS));
      return EXIT_OK;
    }
    readFirst = await electionNamingItsRule(argv, io);
    methodId = droopRuleMethod(readFirst.countOptions ?? []) ?? '';
  }
  const method = methodById(methodId);
  const ruleFlags = optionFlags(method.options);
  const clash = ruleFlags.find((r) => COUNT_FLAGS.some((c) => c.flag === r.flag));
  if (clash) throw new Error(`rule option --${clash.flag} of ${method.id} clashes with a command flag`);
  const parsed = parseArgs(argv, [...COUNT_FLAGS, ...ruleFlags], unknownFlag(method));

  if (parsed.flags.has('help')) {
    io.stdout.write(methodHelp(method));
    return EXIT_OK;
  }
  if (parsed.positionals.length === 0) throw new UsageError('count needs a ballot file: hustings count <file> --method <method>');
  if (parsed.positionals.length > 1) throw new UsageError(`count takes one ballot file, not ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`);
  const file = parsed.positionals[0];

  const format = stringFlag(parsed.flags, 'format') ?? 'table';
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}, not "${format}"`);
  const writeCdf = stringFlag(parsed.flags, 'write-cdf');

  const given: Record<string, OptionValue> = {};
  for (const r of ruleFlags) {
    const v = parsed.flags.get(r.flag);
    if (v !== undefined) given[nameOfFlag(r.flag)] = v === true ? true : v;
  }
  // Checked before reading, so a mistyped option fails at once, not after a large file.
  const options = resolveOptions(method.options, given, method.id);
  const election = readFirst ?? (await readBallotFile(file, parsed.flags, io));

  const record = countResolved(method, election, withFileOptions(method, election, given, options, file));
  if (writeCdf !== undefined) {
    const { writeCdfJson } = await import('../formats/cvr/index.js');
    await writeCdfJson(election, writeCdf);
  }
  const colour = format === 'table' && !!io.stdout.isTTY && !parsed.flags.has('no-color') && !io.env.NO_COLOR;
  const width = io.stdout.isTTY && io.stdout.columns ? Math.max(60, io.stdout.columns) : 100;
  const text = render(record, format as ReportFormat, { width, colour, generatedBy: `Hustings ${version()}` });
  io.stdout.write(text);
  return EXIT_OK;
}

/** The ballot file of `count`, read as its --input-format, --attributes and --contest say, with a progress bar on a terminal. */
async function readBallotFile(file: string, flags: Map<string, string | true>, io: Io): Promise<Election> {
  const inputFormat = stringFlag(flags, 'input-format');
  if (inputFormat !== undefined && !(INPUT_FORMATS as readonly string[]).includes(inputFormat)) {
    throw new UsageError(`--input-format must be one of ${INPUT_FORMATS.join(', ')}, not "${inputFormat}"`);
  }
  const size = statSync(file).size;
  const bar = io.stderr.isTTY && size > PROGRESS_MIN_BYTES ? new ProgressBar(io.stderr, file) : undefined;
  try {
    return await readElectionFile(file, {
      format: inputFormat as (typeof INPUT_FORMATS)[number] | undefined,
      attributes: stringFlag(flags, 'attributes'),
      contest: stringFlag(flags, 'contest'),
      onProgress: bar ? (done: number, total: number) => bar.update(done, total) : undefined,
    });
  } finally {
    bar?.clear();
  }
}

/**
 * `count` given no --method: the ballot file, read, must name its rule on a `[droop …]` line (`[droop mpls]`).
 * Every method's rule options are accepted here, so the file can be found among them; the chosen method's own
 * options are checked after.
 */
async function electionNamingItsRule(argv: readonly string[], io: Io): Promise<Election> {
  const needsMethod = (): UsageError =>
    new UsageError(`count needs --method (one of ${METHODS.map((m) => m.id).join(', ')}), or a BLT file whose [droop] line names its rule, as [droop mpls]`);
  const ruleFlags = new Map(METHODS.flatMap((m) => optionFlags(m.options)).map((f) => [f.flag, f] as const));
  const parsed = parseArgs(argv, [...COUNT_FLAGS, ...ruleFlags.values()], unknownFlag(undefined));
  if (parsed.positionals.length !== 1) throw needsMethod();
  const election = await readBallotFile(parsed.positionals[0]!, parsed.flags, io);
  if (droopRuleMethod(election.countOptions ?? []) === undefined) throw needsMethod();
  return election;
}

/** A BLT file's [droop] options as defaults under the command line's; a mistake in them is the file's. */
function withFileOptions(
  method: CountMethod,
  election: Election,
  given: Readonly<Record<string, OptionValue>>,
  options: Record<string, OptionValue>,
  file: string,
): Record<string, OptionValue> {
  if (!election.countOptions) return options;
  try {
    return resolveOptions(method.options, { ...droopFileOptions(election, method), ...given }, method.id);
  } catch (e) {
    if (e instanceof OptionError) throw new InputError(file, droopLineOf(election, e), `[droop]: ${e.message}`);
    throw e;
  }
}

/** The line of the [droop] word a refusal names; or of the [droop] line, when there is one and the refusal names no word. */
function droopLineOf(election: Election, e: OptionError): number | null {
  const lines = election.countOptionLines ?? [];
  if (e instanceof DroopOptionError) return lines[e.word] ?? null;
  return lines.length > 0 && lines.every((l) => l === lines[0]) ? (lines[0] ?? null) : null;
}

function stringFlag(flags: Map<string, string | true>, name: string): string | undefined {
  const v = flags.get(name);
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}

const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'a part of the path is not a directory',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

/** One line on stderr for a user's mistake; a stack trace only for a bug. */
function report(err: unknown, io: Io): number {
  if (err instanceof InputError) {
    io.stderr.write(err.message + '\n');
    return EXIT_INPUT;
  }
  if (err instanceof UsageError || err instanceof OptionError) {
    io.stderr.write(`hustings: ${err.message}\n`);
    return EXIT_USAGE;
  }
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string' && e.code in FILE_ERRORS && typeof e.syscall === 'string') {
    io.stderr.write(`hustings: ${e.path ?? 'file'}: ${FILE_ERRORS[e.code]}\n`);
    return EXIT_INPUT;
  }
  io.stderr.write(`hustings: internal error (a bug in hustings; please report it with the command you ran)\n${e?.stack ?? String(err)}\n`);
  return EXIT_BUG;
}
