/**
 * What the store-backed commands (init, import, demo, trigger, selection,
 * election) share: the --db and --now flags, opening and closing the store,
 * and how a refusal is reported (one line on stderr, and the exit status
 * cli/exit-status.ts gives its code).
 */
import type { Acting } from '../app/acting.js';
import type { AppErrorCode, AppResult } from '../app/app-error.js';
import { rulebookInForce } from '../app/rulebook-in-force.js';
import { describeStore, sourceText, storeLocation, type StoreLocation } from '../runtime/store-location.js';
import { unitId } from '../domain/ids.js';
import type { Unit } from '../domain/organisation.js';
import { presetById, PRESETS } from '../domain/presets.js';
import type { Rulebook } from '../domain/rulebook.js';
import { fixedClock, isIsoDate, type Clock, type IsoDate } from '../domain/time.js';
import { cliActor } from '../runtime/os-user.js';
import { systemClock } from '../runtime/system-clock.js';
import { DocumentRefused, openStore, type OpenOptions } from '../store/index.js';
import type { Store } from '../store/store.js';
import { UsageError, flagNames, parseArgs, type FlagSpec, type Parsed } from './args.js';
import { EXIT_STATUS, EXIT_UNREADABLE_DOCUMENT } from './exit-status.js';
import type { Io } from './run.js';

/** A use case's refusal, or the command's own (something missing), on its way to stderr as `hustings: message`. */
export class CommandError extends Error {
  override readonly name = 'CommandError';
  readonly code: AppErrorCode;
  constructor(message: string, code: AppErrorCode = 'invalid') {
    super(message);
    this.code = code;
  }
}

/** The command line acting: the operating-system user, named in the audit log. */
export function acting(store: Store, clock: Clock): Acting {
  return { store, clock, actor: cliActor(), unsignedEvents: true };
}

/** A use case's value, or its refusal raised for `guarded` to report. */
export function settled<T>(r: AppResult<T>): T {
  if (!r.ok) throw new CommandError(r.error.message, r.error.code);
  return r.value;
}

export const DB_FLAG: FlagSpec = {
  flag: 'db',
  takesValue: true,
  value: '<url>',
  help: 'the store: sqlite:path/to/file.db or postgres://user:password@host:5432/database (default: HUSTINGS_DB, else sqlite:hustings.db)',
};
export const NOW_FLAG: FlagSpec = {
  flag: 'now',
  takesValue: true,
  value: '<instant>',
  help: 'the time to act at (YYYY-MM-DD or an ISO instant); default: the system clock',
};
export const HELP_FLAG: FlagSpec = { flag: 'help', short: 'h', takesValue: false, help: 'this help' };
export const FORMAT_FLAG: FlagSpec = formatFlag('text', 'json');

/** --format, the first of `formats` the default. */
export function formatFlag(...formats: readonly string[]): FlagSpec {
  return {
    flag: 'format',
    short: 'f',
    takesValue: true,
    value: formats.join('|'),
    help: `${formats[0]} (default)${formats
      .slice(1)
      .map((f, i, all) => `${i === all.length - 1 ? ' or' : ','} ${f}`)
      .join('')}`,
  };
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
export async function withExistingStore<T>(
  p: Parsed,
  io: Io,
  f: (store: Store, where: StoreLocation) => Promise<T>,
  options: { readonly readOnly: boolean } = { readOnly: true },
): Promise<T> {
  return openedFor(p, io, { create: false, readOnly: options.readOnly }, f);
}

async function openedFor<T>(p: Parsed, io: Io, options: OpenOptions, f: (store: Store, where: StoreLocation) => Promise<T>): Promise<T> {
  const where = location(p, io);
  let store: Store;
  try {
    store = await openStore(where.url, options);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new CommandError(`cannot open the store at ${describeStore(where.url)} (${sourceText(where)}): ${why}`, 'unavailable');
  }
  try {
    return await f(store, where);
  } finally {
    await store.close();
  }
}

/**
 * Runs a store-backed command: a CommandError, or a stored process this release
 * cannot read (DocumentRefused), becomes one line on stderr and the exit status
 * cli/exit-status.ts gives it; usage errors and bugs go on to the dispatcher's own reporting.
 */
export async function guarded(io: Io, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    if (e instanceof CommandError) {
      io.stderr.write(`hustings: ${e.message}\n`);
      return EXIT_STATUS[e.code];
    }
    // A stored state this release cannot read is the operator's data to look at, not a bug in the command.
    if (e instanceof DocumentRefused) {
      io.stderr.write(`hustings: ${e.message.replace(/\s*\n\s*/g, ' ')}\n`);
      return EXIT_UNREADABLE_DOCUMENT;
    }
    throw e;
  }
}

export function presetOrThrow(id: string): Rulebook {
  const rb = presetById(id);
  if (!rb) throw new UsageError(`no rulebook "${id}" (bundled rulebooks: ${PRESETS.map((r) => r.id).join(', ')})`);
  return rb;
}

/** The rulebook an opening command runs under: the one --rulebook names, else the organisation's rulebook in force. Checked before the store is opened. */
export function rulebookToOpen(p: Parsed): (store: Store) => Promise<Rulebook> {
  const flag = p.flags.get('rulebook');
  const named = typeof flag === 'string' ? presetOrThrow(flag) : null;
  return async (store) => named ?? settled(await rulebookInForce(store)).rulebook;
}

/** A constituency by id, or by its exact name (any case). */
export async function findConstituency(store: Store, key: string): Promise<Unit> {
  const byId = await store.getUnit(unitId(key));
  if (byId) {
    if (byId.kind !== 'constituency') throw new CommandError(`${key} is a ${byId.kind}, not a constituency`, 'invalid');
    return byId;
  }
  const all = await store.listUnits({ kind: 'constituency' });
  const named = all.filter((u) => u.name.toLowerCase() === key.toLowerCase());
  if (named.length === 1) return named[0];
  throw new CommandError(
    `no constituency "${key}" in the store${all.length === 0 ? ' (it holds no constituencies: run hustings import units or hustings demo)' : ''}`,
    'not-found',
  );
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
