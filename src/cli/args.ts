/**
 * A small, strict command-line parser. Which flags exist depends on the
 * counting rule chosen with --method (each rule declares its own options), so
 * the flag table is built after --method is known; anything not in it is an
 * error, never ignored.
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
  /** May be given several times; the values are joined with this separator. */
  readonly repeatJoin?: string;
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
    repeatJoin: o.name === 'minimum' ? ';' : undefined,
  }));
}
