/**
 * A small, strict command-line parser. Each command declares its flags once,
 * as a table of `FlagSpec`s: the parser reads the command line by it, the
 * "not an option" message lists it, and the command's help prints its options
 * from it (`optionLines`). Which flags `count` takes depends on the counting
 * rule chosen with --method (each rule declares its own options), so its table
 * is built after --method is known; anything not in a table is an error, never
 * ignored.
 */
import type { OptionSpec } from '../count/options.js';
import { flagOf } from '../count/options.js';

/** A mistake on the command line itself (exit status 2). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface FlagSpec {
  /** Long name without dashes, kebab-case. */
  readonly flag: string;
  readonly short?: string;
  /** Takes a value (`--x v` or `--x=v`); otherwise a bare flag that may also be written `--x=false`. */
  readonly takesValue: boolean;
  /** The value as help shows it, e.g. `<url>`, `YYYY-MM-DD`, `text|json`. */
  readonly value?: string;
  /** What the flag does, for the command's help (wrapped there; a newline starts a new line). */
  readonly help: string;
  /** May be given several times; the values are joined with this separator. */
  readonly repeatJoin?: string | undefined;
}

export interface Parsed {
  readonly positionals: string[];
  /** By kebab-case flag name: the value, or true for a bare flag. */
  readonly flags: Map<string, string | true>;
}

/** Finds the value of one flag without knowing the others: used to learn --method before the rule's options are known. */
export function peekFlag(argv: readonly string[], flag: string, short?: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a === `--${flag}` || (short !== undefined && a === `-${short}`)) return argv[i + 1];
    if (a.startsWith(`--${flag}=`)) return a.slice(flag.length + 3);
  }
  return undefined;
}

export function hasFlag(argv: readonly string[], flag: string, short?: string): boolean {
  for (const a of argv) {
    if (a === '--') break;
    if (a === `--${flag}` || a.startsWith(`--${flag}=`) || (short !== undefined && a === `-${short}`)) return true;
  }
  return false;
}

/**
 * Parses `argv` against `specs`. `unknown(flag)` builds the error for a flag
 * that is not in the table, so the caller can list what would have been valid.
 */
export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[], unknown: (flag: string) => Error): Parsed {
  const byLong = new Map(specs.map((s) => [s.flag, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]));
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();

  const set = (spec: FlagSpec, value: string | true): void => {
    const had = flags.get(spec.flag);
    if (had !== undefined) {
      if (spec.repeatJoin !== undefined && typeof had === 'string' && typeof value === 'string') {
        flags.set(spec.flag, had + spec.repeatJoin + value);
        return;
      }
      throw new UsageError(`--${spec.flag} is given twice`);
    }
    flags.set(spec.flag, value);
  };

  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const spec = byLong.get(name);
      if (!spec) throw unknown(name);
      if (eq >= 0) {
        set(spec, a.slice(eq + 1));
      } else if (spec.takesValue) {
        set(spec, valueAfter(argv, i++, `--${name}`));
      } else {
        set(spec, true);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      const spec = byShort.get(a.slice(1));
      if (!spec) throw unknown(a.slice(1));
      if (spec.takesValue) {
        set(spec, valueAfter(argv, i++, a));
      } else {
        set(spec, true);
      }
      continue;
    }
    positionals.push(a);
  }
  return { positionals, flags };
}

/**
 * The value written after a flag. Another flag is never taken as one, so
 * `--seats --method irv` is a missing value, not seats "--method"; a negative
 * number or a lone "-" still is a value, and any other value beginning with
 * "-" can be written `--flag=-value`.
 */
function valueAfter(argv: readonly string[], i: number, shown: string): string {
  const next = argv[i + 1];
  if (next === undefined || looksLikeFlag(next)) throw new UsageError(`${shown} needs a value`);
  return next;
}

const looksLikeFlag = (a: string): boolean => a === '--' || /^--?[A-Za-z]/.test(a);

/** Flag table entries for a counting rule's options. */
export function optionFlags(options: readonly OptionSpec[]): FlagSpec[] {
  return options.map((o) => ({
    flag: flagOf(o.name),
    takesValue: o.type !== 'boolean',
    help: o.help,
    repeatJoin: o.name === 'minimum' ? ';' : undefined,
  }));
}

/** How a flag is written in help: `-f, --format <text|json>`. */
export function flagHead(spec: FlagSpec, shortColumn: boolean): string {
  const long = `--${spec.flag}${spec.takesValue ? ` ${spec.value ?? '<value>'}` : ''}`;
  if (spec.short !== undefined) return `-${spec.short}, ${long}`;
  return shortColumn ? `    ${long}` : long;
}

const HELP_WIDTH = 100;

/**
 * The help lines for a table of flags, one entry each: the flag, then what it
 * does, in a column, wrapped to the width of the other help texts.
 */
export function optionLines(specs: readonly FlagSpec[], indent = '  '): string[] {
  const shortColumn = specs.some((s) => s.short !== undefined);
  const heads = specs.map((s) => flagHead(s, shortColumn));
  const column = indent.length + Math.min(Math.max(...heads.map((h) => h.length)), 28) + 2;
  return specs.flatMap((spec, i) => {
    const head = indent + heads[i];
    const lines = spec.help.split('\n').flatMap((paragraph) => fill(paragraph, HELP_WIDTH - column));
    const first = head.length + 2 <= column ? head.padEnd(column) + (lines[0] ?? '') : null;
    const rest = (first === null ? lines : lines.slice(1)).map((l) => ' '.repeat(column) + l);
    return first === null ? [head, ...rest] : [first.trimEnd(), ...rest];
  });
}

function fill(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** The names of a table's flags as an error message lists them: `--format, --rulebook`. */
export const flagNames = (specs: readonly FlagSpec[]): string =>
  specs
    .filter((s) => s.flag !== 'help')
    .map((s) => `--${s.flag}`)
    .join(', ');

/**
 * The options of a command with subcommands: every flag of every subcommand's
 * table, once (a flag several subcommands share is listed where it first appears).
 */
export function groupOptionLines(tables: readonly (readonly FlagSpec[])[]): string[] {
  const seen = new Set<string>();
  const all = tables.flat().filter((s) => {
    const key = `${flagHead(s, false)}\n${s.help}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return optionLines(all);
}
