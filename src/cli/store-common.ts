/**
 * What the store-backed commands (init, import, demo, trigger, selection,
 * election) share: the --db and --now flags, opening and closing the store,
 * the rulebook a process runs under, and how a refused step is reported (one
 * line on stderr, exit status 1).
 */
import { rulebookFor } from '../app/rulebooks.js';
import { describeStore, sourceText, storeLocation, type StoreLocation } from '../runtime/store-location.js';
import type { ProcessId } from '../domain/ids.js';
import { unitId } from '../domain/ids.js';
import type { Unit } from '../domain/organisation.js';
import { presetById, PRESETS } from '../domain/presets.js';
import type { DomainError } from '../domain/result.js';
import type { Rulebook } from '../domain/rulebook.js';
import { fixedClock, isIsoDate, type Clock, type IsoDate } from '../domain/time.js';
import { systemClock } from '../runtime/system-clock.js';
import { openStore, type OpenOptions } from '../store/index.js';
import type { Store, StoredProcess } from '../store/store.js';
import { UsageError, flagNames, parseArgs, type FlagSpec, type Parsed } from './args.js';
import type { Io } from './run.js';

export const EXIT_REFUSED = 1;

/** A step the store or the rules refused, or something missing (exit status 1, `hustings: message`). */
export class CommandError extends Error {
  override readonly name = 'CommandError';
  /** What kind of refusal (the domain's error code where the rules refused), so the web app can answer with the right status. */
  readonly code: string;
  constructor(message: string, code = 'refused') {
    super(message);
    this.code = code;
  }
}

export const DB_FLAG: FlagSpec = { flag: 'db', takesValue: true, value: '<url>', help: 'the store: sqlite:path/to/file.db or postgres://user:password@host:5432/database (default: HUSTINGS_DB, else sqlite:hustings.db)' };
export const NOW_FLAG: FlagSpec = { flag: 'now', takesValue: true, value: '<instant>', help: 'the time to act at (YYYY-MM-DD or an ISO instant); default: the system clock' };
export const HELP_FLAG: FlagSpec = { flag: 'help', short: 'h', takesValue: false, help: 'this help' };
export const FORMAT_FLAG: FlagSpec = formatFlag('text', 'json');

/** --format, the first of `formats` the default. */
export function formatFlag(...formats: readonly string[]): FlagSpec {
  return { flag: 'format', short: 'f', takesValue: true, value: formats.join('|'), help: `${formats[0]} (default)${formats.slice(1).map((f, i, all) => `${i === all.length - 1 ? ' or' : ','} ${f}`).join('')}` };
}

/** Parses a subcommand's arguments; an unknown flag names the command whose help lists the right ones. */
export function parseCommand(argv: readonly string[], specs: readonly FlagSpec[], command: string): Parsed {
  return parseArgs(argv, [...specs, HELP_FLAG], (flag) => {
    const shown = flag.length === 1 ? `-${flag}` : `--${flag}`;
    const list = flagNames(specs);
    return new UsageError(`${shown} is not an option of ${command} (its options: ${list || 'none'}; see hustings ${command} --help)`);
  });
}

export function stringFlag(p: Parsed, name: string): string | undefined {
  const v = p.flags.get(name);
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}

export function requiredFlag(p: Parsed, name: string, command: string): string {
  const v = stringFlag(p, name);
  if (v === undefined) throw new UsageError(`${command} needs --${name}`);
  return v;
}

/** A whole number of 0 or more. */
export function countFlag(p: Parsed, name: string, command: string): number {
  const v = requiredFlag(p, name, command);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new UsageError(`--${name} must be a whole number of 0 or more, not "${v}"`);
  return Number(v);
}

export function optionalPositive(p: Parsed, name: string): number | undefined {
  const v = stringFlag(p, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 1 || !Number.isSafeInteger(Number(v))) throw new UsageError(`--${name} must be a whole number of 1 or more, not "${v}"`);
  return Number(v);
}

export function dateFlag(p: Parsed, name: string): IsoDate | undefined {
  const v = stringFlag(p, name);
  if (v === undefined) return undefined;
  if (!isIsoDate(v)) throw new UsageError(`--${name} must be a date written YYYY-MM-DD, not "${v}"`);
  return v;
}

/** Exactly `n` positional arguments, named for the message. */
export function positionals(p: Parsed, names: readonly string[], usage: string): string[] {
  if (p.positionals.length < names.length) throw new UsageError(`missing ${names.slice(p.positionals.length).join(' and ')}: ${usage}`);
  if (p.positionals.length > names.length) throw new UsageError(`too many arguments (${p.positionals.slice(names.length).join(' ')}): ${usage}`);
  return p.positionals;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** The clock: the system's, unless --now fixes it (a date means midday UTC that day). */
export function clockFrom(p: Parsed): Clock {
  const v = stringFlag(p, 'now');
  if (v === undefined) return systemClock;
  const bad = new UsageError(`--now must be a date (YYYY-MM-DD) or an instant (e.g. 2024-06-01T09:30:00Z), not "${v}"`);
  if (!INSTANT.test(v)) throw bad;
  if (v.length === 10) {
    if (!isIsoDate(v)) throw bad;
    return fixedClock(`${v}T12:00:00Z`);
  }
  if (!isIsoDate(v.slice(0, 10)) || Number.isNaN(new Date(v).getTime())) throw bad;
  return fixedClock(v);
}

export function location(p: Parsed, io: Io): StoreLocation {
  return storeLocation(stringFlag(p, 'db'), io.env);
}

/** Opens the configured store (applying its migrations), runs `f`, and closes it whatever happens. */
export async function withStore<T>(p: Parsed, io: Io, f: (store: Store, where: StoreLocation) => Promise<T>): Promise<T> {
  return openedFor(p, io, {}, f);
}

/**
 * As withStore, for commands that only read (readOnly) or that act on what a store already holds: the
 * store must exist. A mistyped --db then fails naming the file, rather than creating an empty store
 * whose empty log would pass as intact.
 */
export async function withExistingStore<T>(p: Parsed, io: Io, f: (store: Store, where: StoreLocation) => Promise<T>, options: { readonly readOnly: boolean } = { readOnly: true }): Promise<T> {
  return openedFor(p, io, { create: false, readOnly: options.readOnly }, f);
}

async function openedFor<T>(p: Parsed, io: Io, options: OpenOptions, f: (store: Store, where: StoreLocation) => Promise<T>): Promise<T> {
  const where = location(p, io);
  let store: Store;
  try {
    store = await openStore(where.url, options);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new CommandError(`cannot open the store at ${describeStore(where.url)} (${sourceText(where)}): ${why}`);
  }
  try {
    return await f(store, where);
  } finally {
    await store.close();
  }
}

/**
 * Runs a store-backed command: a CommandError becomes one line on stderr and
 * exit status 1; usage errors and bugs go on to the dispatcher's own reporting.
 */
export async function guarded(io: Io, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof CommandError) {
      io.stderr.write(`hustings: ${e.message}\n`);
      return EXIT_REFUSED;
    }
    throw e;
  }
}

export function refused(error: DomainError): CommandError {
  return new CommandError(error.message, error.code);
}

export function presetOrThrow(id: string): Rulebook {
  const rb = presetById(id);
  if (!rb) throw new UsageError(`no rulebook "${id}" (bundled rulebooks: ${PRESETS.map((r) => r.id).join(', ')})`);
  return rb;
}

/** The rulebook a stored process was opened under ("labour-2021@1"), which must still be bundled at that version. */
export function rulebookOf(process: StoredProcess): Rulebook {
  const rb = rulebookFor(process);
  if (!rb) throw new CommandError(`${process.id} runs under rulebook ${process.rulebook}, which this version of Hustings does not bundle`);
  return rb;
}

export async function loadProcess(store: Store, id: string, kind: StoredProcess['kind']): Promise<StoredProcess> {
  const process = await store.getProcess(id as ProcessId);
  if (!process) {
    const known = (await store.listProcesses({ kind })).map((p) => p.id);
    const hint = known.length === 0 ? `there are none yet` : `known: ${known.slice(0, 8).join(', ')}${known.length > 8 ? `, … (${known.length} in all; see hustings ${cliNameOf(kind)} list)` : ''}`;
    throw new CommandError(`no ${kind.replace('-', ' ')} "${id}" (${hint})`);
  }
  if (process.kind !== kind) throw new CommandError(`${id} is ${withArticle(process.kind)}, not ${withArticle(kind)}; use hustings ${cliNameOf(process.kind)}`);
  return process;
}

function withArticle(kind: StoredProcess['kind']): string {
  return kind === 'internal-election' ? 'an internal election' : `a ${kind.replace('-', ' ')}`;
}

export function cliNameOf(kind: StoredProcess['kind']): string {
  return kind === 'trigger-ballot' ? 'trigger' : kind === 'selection' ? 'selection' : 'election';
}

/** A constituency by id, or by its exact name (any case). */
export async function findConstituency(store: Store, key: string): Promise<Unit> {
  const byId = await store.getUnit(unitId(key));
  if (byId) {
    if (byId.kind !== 'constituency') throw new CommandError(`${key} is a ${byId.kind}, not a constituency`);
    return byId;
  }
  const all = await store.listUnits({ kind: 'constituency' });
  const named = all.filter((u) => u.name.toLowerCase() === key.toLowerCase());
  if (named.length === 1) return named[0];
  throw new CommandError(`no constituency "${key}" in the store${all.length === 0 ? ' (it holds no constituencies: run hustings import units or hustings demo)' : ''}`);
}

/** A fresh process id: a prefix, the constituency (or name), and the next free number. */
export async function nextProcessId(store: Store, stem: string): Promise<ProcessId> {
  for (let n = 1; ; n++) {
    const id = `${stem}-${n}` as ProcessId;
    if (!(await store.getProcess(id))) return id;
  }
}

/** The id a unit of a constituency can be given by: its full id, or its part after "constituency:". */
export function resolveUnit(ids: readonly string[], constituency: string | null, given: string): string {
  if (ids.includes(given)) return given;
  const full = constituency !== null ? `${constituency}:${given}` : given;
  return ids.includes(full) ? full : given;
}

/** --format text (default) or json. */
export function statusFormat(p: Parsed): 'text' | 'json' {
  const v = p.flags.get('format') ?? 'text';
  if (v === 'text' || v === 'json') return v;
  throw new UsageError(v === true ? '--format needs a value' : `--format must be text or json, not "${v}"`);
}

export function writeJson(io: Io, value: unknown): void {
  io.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

