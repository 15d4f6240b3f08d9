/**
 * Subcommands shared by `hustings selection` and `hustings election`: one step
 * on a stored process (with its own flags), freezing the electorate, counting a
 * ballot file, and listing processes.
 */
import { ranksOf } from '../count/ballots.js';
import type { ProcessCommand } from '../domain/processes/index.js';
import type { ProcessKind, Store, StoredProcess } from '../store/store.js';
import { InputError, readElectionFile } from '../formats/index.js';
import { UsageError, type FlagSpec, type Parsed } from './args.js';
import { applyStep, freezeElectorate } from './process-service.js';
import type { Io } from './run.js';
import { DB_FLAG, FORMAT_FLAG, NOW_FLAG, clockFrom, guarded, loadProcess, parseCommand, positionals, statusFormat, stringFlag, withStore, writeJson } from './store-common.js';

export type Handler = (argv: readonly string[], io: Io) => Promise<number>;

interface StepSpec {
  readonly group: string;
  readonly kind: ProcessKind;
  readonly name: string;
  readonly help: string;
  readonly flags?: readonly FlagSpec[];
  /** Extra positional arguments after the process id. */
  readonly args?: readonly string[];
  readonly build: (p: Parsed, process: StoredProcess, args: readonly string[], store: Store) => ProcessCommand | Promise<ProcessCommand>;
  readonly report: (after: StoredProcess, command: ProcessCommand) => string;
}

/** The steps a state allows, named as the command line's subcommands. */
const STEP_NAMES: Readonly<Record<string, string>> = {
  'set-longlist': 'longlist',
  'set-shortlist': 'shortlist',
  'freeze-electorate': 'freeze',
  'record-count': 'count',
};
export const stepNames = (allowed: readonly string[]): string => allowed.map((a) => STEP_NAMES[a] ?? a).join(', ');

export function helpOnly(p: Parsed, io: Io, help: string): boolean {
  if (!p.flags.has('help')) return false;
  io.stdout.write(help);
  return true;
}

/** `hustings <group> <name> <process> [args] [flags]`: builds one command from the flags and applies it. */
export function stepHandler(spec: StepSpec): Handler {
  return (argv, io) =>
    guarded(io, async () => {
      const p = parseCommand(argv, [DB_FLAG, NOW_FLAG, ...(spec.flags ?? [])], `${spec.group} ${spec.name}`);
      if (helpOnly(p, io, spec.help)) return 0;
      const usage = `hustings ${spec.group} ${spec.name} <process>${(spec.args ?? []).map((a) => ` <${a}>`).join('')}`;
      const [id, ...args] = positionals(p, ['a process id', ...(spec.args ?? [])], usage);
      const clock = clockFrom(p);
      return withStore(p, io, async (store) => {
        const process = await loadProcess(store, id, spec.kind);
        const command = await spec.build(p, process, args, store);
        const after = await applyStep({ store, clock }, process.id, spec.kind, command);
        io.stdout.write(spec.report(after, command));
        return 0;
      });
    });
}

/** A comma-separated list of candidate ids (c1,c2) from a flag. */
export function candidateList(p: Parsed, flag: string, command: string): string[] {
  const v = stringFlag(p, flag);
  if (v === undefined) throw new UsageError(`${command} needs --${flag} (candidate ids, comma-separated, e.g. c1,c3)`);
  const ids = v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (ids.length === 0) throw new UsageError(`--${flag} names no candidates`);
  return ids;
}

const n = (x: number): string => x.toLocaleString('en-GB');

export function freezeHandler(group: string, kind: 'selection' | 'internal-election', help: string): Handler {
  return (argv, io) =>
    guarded(io, async () => {
      const p = parseCommand(argv, [DB_FLAG, NOW_FLAG], `${group} freeze`);
      if (helpOnly(p, io, help)) return 0;
      const [id] = positionals(p, ['a process id'], `hustings ${group} freeze <process>`);
      const clock = clockFrom(p);
      return withStore(p, io, async (store) => {
        let shown = 0;
        const frozen = await freezeElectorate({ store, clock }, id, kind, (judged) => {
          if (!io.stderr.isTTY) return;
          shown = judged;
          io.stderr.write(`\r\x1b[2Kjudging members: ${n(judged)}`);
        });
        if (shown > 0) io.stderr.write('\r\x1b[2K');
        const state = frozen.process.state as { timetable: { freezeDate: string } };
        const lines = [`Electorate of ${frozen.process.id} frozen at ${state.timetable.freezeDate}: ${n(frozen.eligible)} of ${n(frozen.total)} members eligible.`];
        const bars = Object.entries(frozen.barred).sort((a, b) => b[1] - a[1]);
        if (bars.length > 0) lines.push('Not eligible:', ...bars.map(([why, k]) => `  ${why}: ${n(k)}`));
        lines.push(`Every member's judgement and its reason is stored with the electorate.`);
        io.stdout.write(lines.join('\n') + '\n');
        return 0;
      });
    });
}

/**
 * Reads a ballot file (BLT, CSV or PrefLib, as `hustings count` does) into the
 * ranked ballots a record-count step takes: the file's candidates are matched
 * to the ballot paper by name (any case).
 */
export async function rankedBallotsFrom(file: string, paper: readonly { readonly id: string; readonly name: string }[]): Promise<{ ranking: string[]; count: number }[]> {
  const e = await readElectionFile(file);
  const byName = new Map(paper.map((c) => [c.name.trim().toLowerCase(), c.id]));
  const ids = e.candidates.map((c) => {
    const id = byName.get(c.name.trim().toLowerCase());
    if (id === undefined) throw new InputError(file, null, `candidate "${c.name}" is not on the ballot paper (${paper.map((x) => x.name).join(', ')})`);
    return id;
  });
  const out: { ranking: string[]; count: number }[] = [];
  const set = e.ballots;
  for (let i = 0; i < set.size; i++) {
    const ranking: string[] = [];
    for (const rank of ranksOf(set, i)) {
      // A skipped rank moves on; an overvote ends the ballot's usable preferences, as in a hand count.
      if (rank.length === 0) continue;
      if (rank.length > 1) break;
      if (!ranking.includes(ids[rank[0]])) ranking.push(ids[rank[0]]);
    }
    if (ranking.length > 0) out.push({ ranking, count: Number(set.weights[i]) });
  }
  return out;
}

export function countHandler(group: string, kind: ProcessKind, help: string, paper: (process: StoredProcess) => readonly { id: string; name: string }[], report: (after: StoredProcess) => string): Handler {
  return stepHandler({
    group,
    kind,
    name: 'count',
    help,
    args: ['ballots file'],
    flags: [{ flag: 'seed', takesValue: true }],
    build: async (p, process, [file]) => {
      const seedText = stringFlag(p, 'seed');
      if (seedText !== undefined && !/^\d+$/.test(seedText)) throw new UsageError(`--seed must be a whole number, not "${seedText}"`);
      const ballots = await rankedBallotsFrom(file, paper(process));
      return seedText !== undefined ? { type: 'record-count', ballots, seed: Number(seedText) } : { type: 'record-count', ballots };
    },
    report,
  });
}

export function listHandler(group: string, kind: ProcessKind, help: string, row: (process: StoredProcess) => Record<string, unknown>, line: (process: StoredProcess) => string): Handler {
  return (argv, io) =>
    guarded(io, async () => {
      const p = parseCommand(argv, [DB_FLAG, FORMAT_FLAG], `${group} list`);
      if (helpOnly(p, io, help)) return 0;
      positionals(p, [], `hustings ${group} list`);
      const format = statusFormat(p);
      return withStore(p, io, async (store: Store) => {
        const processes = await store.listProcesses({ kind });
        if (format === 'json') writeJson(io, processes.map(row));
        else io.stdout.write(processes.length === 0 ? `No ${kind.replace('-', ' ')}s.\n` : processes.map(line).join('\n') + '\n');
        return 0;
      });
    });
}

export function statusHandler(group: string, kind: ProcessKind, help: string, json: (process: StoredProcess) => unknown, text: (process: StoredProcess, store: Store) => Promise<string>): Handler {
  return (argv, io) =>
    guarded(io, async () => {
      const p = parseCommand(argv, [DB_FLAG, FORMAT_FLAG], `${group} status`);
      if (helpOnly(p, io, help)) return 0;
      const [id] = positionals(p, ['a process id'], `hustings ${group} status <process>`);
      const format = statusFormat(p);
      return withStore(p, io, async (store) => {
        const process = await loadProcess(store, id, kind);
        if (format === 'json') writeJson(io, json(process));
        else io.stdout.write(await text(process, store));
        return 0;
      });
    });
}

