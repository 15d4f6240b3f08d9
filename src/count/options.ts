/**
 * Rule options: each counting rule declares its options (name, type, default,
 * help), and values are checked here before a count starts. An option a rule does
 * not have is an error, never silently ignored.
 */
import type { BallotRules, OvervoteRule } from './ballot-rules.js';
import { OVERVOTE_RULES } from './ballot-rules.js';
import type { Election } from './ballots.js';
import type { Arithmetic } from './arithmetic.js';
import type { RepresentationRule, TiePurpose } from './record.js';
import { TieBreaker, type TieFallback, type TieHistoryRule } from './ties.js';

export type OptionValue = string | number | boolean | null;
export type OptionValues = Readonly<Record<string, OptionValue>>;

export interface OptionSpec {
  /** camelCase name, as used in JSON and the record. The command line uses its kebab-case form. */
  readonly name: string;
  readonly type: 'integer' | 'boolean' | 'choice' | 'string';
  readonly default: OptionValue;
  readonly help: string;
  readonly choices?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  /** integer options: whether "unlimited" (null) is allowed. */
  readonly unlimited?: boolean;
}

export class OptionError extends Error {
  override readonly name = 'OptionError';
}

export function flagOf(name: string): string {
  return name.replace(/[A-Z]/g, (ch) => '-' + ch.toLowerCase());
}

export function nameOfFlag(flag: string): string {
  return flag.replace(/-([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
}

/** Checks and converts given option values (strings from a command line, or typed values) against specs; fills defaults. */
export function resolveOptions(
  specs: readonly OptionSpec[],
  given: Readonly<Record<string, OptionValue | undefined>>,
  methodId: string,
): Record<string, OptionValue> {
  const out: Record<string, OptionValue> = {};
  const known = new Map(specs.map((s) => [s.name, s]));
  for (const key of Object.keys(given)) {
    if (given[key] === undefined) continue;
    if (!known.has(key)) {
      const list = specs.map((s) => '--' + flagOf(s.name)).join(', ');
      throw new OptionError(`--${flagOf(key)} is not an option of ${methodId} (its options: ${list || 'none'})`);
    }
  }
  for (const spec of specs) {
    const raw = given[spec.name];
    out[spec.name] = raw === undefined ? spec.default : convert(spec, raw);
  }
  return out;
}

function convert(spec: OptionSpec, raw: OptionValue): OptionValue {
  const flag = '--' + flagOf(spec.name);
  switch (spec.type) {
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'yes') return true;
      if (raw === 'false' || raw === 'no') return false;
      throw new OptionError(`${flag} takes true or false, not "${String(raw)}"`);
    case 'integer': {
      if (spec.unlimited && (raw === null || raw === 'unlimited')) return null;
      const n = typeof raw === 'number' ? raw : /^-?\d+$/.test(String(raw)) ? Number(raw) : NaN;
      if (!Number.isSafeInteger(n)) throw new OptionError(`${flag} takes a whole number${spec.unlimited ? ' or "unlimited"' : ''}, not "${String(raw)}"`);
      if (spec.min !== undefined && n < spec.min) throw new OptionError(`${flag} must be at least ${spec.min}, not ${n}`);
      if (spec.max !== undefined && n > spec.max) throw new OptionError(`${flag} must be at most ${spec.max}, not ${n}`);
      return n;
    }
    case 'choice': {
      const s = String(raw);
      const choices = spec.choices ?? [];
      const hit = choices.find((c) => c === s || flagOf(c) === s);
      if (hit === undefined) throw new OptionError(`${flag} must be one of ${choices.map(flagOf).join(', ')}, not "${s}"`);
      return hit;
    }
    case 'string':
      return String(raw);
  }
}

// ---- Options shared by several rules -------------------------------------------------

export const SEATS_OPTION: OptionSpec = {
  name: 'seats',
  type: 'integer',
  default: null,
  min: 1,
  help: 'Seats to fill. Taken from the file when it says (BLT does); required otherwise.',
};

export const TIE_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'tieBreak',
    type: 'choice',
    choices: ['lot', 'order'],
    default: 'lot',
    help: "What settles a tie the rule's own tie rule cannot: a reproducible seeded lot, or the order given by --tie-order.",
  },
  { name: 'seed', type: 'integer', default: 1, min: 0, max: 2 ** 32 - 1, help: 'Seed of the lot (the same seed always draws the same lots).' },
  {
    name: 'tieOrder',
    type: 'string',
    default: null,
    help: 'Candidates from most to least favoured, comma-separated names (or BLT nicknames), for --tie-break order; a name containing a comma is written in double quotes, "Smith, Jo". Default: the ballot file\'s [tie] order if it has one (the first listed of the tied is chosen, as in Droop), else the order of the candidates in the file.',
  },
];

/**
 * Tie options of the STV rules that transfer surpluses and look back over
 * earlier stages: the look-back can be switched off, and surplus and exclusion
 * ties can each have their own declared order.
 */
export const STV_TIE_OPTIONS: readonly OptionSpec[] = [
  ...TIE_OPTIONS,
  {
    name: 'tieLookBack',
    type: 'boolean',
    default: true,
    help: "Settle a tie first by the rule's look-back over earlier stages (true), or go straight to --tie-break (false).",
  },
  {
    name: 'tieOrderSurplus',
    type: 'string',
    default: null,
    help: 'For --tie-break order: the order (as --tie-order) for ties over whose surplus is transferred first, when it differs from --tie-order.',
  },
  {
    name: 'tieOrderExclusion',
    type: 'string',
    default: null,
    help: 'For --tie-break order: the order (as --tie-order) for ties over whom to exclude, when it differs from --tie-order.',
  },
];

export const BALLOT_RULE_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'overvoteRule',
    type: 'choice',
    choices: OVERVOTE_RULES,
    default: 'exhaustImmediately',
    help: 'A rank with two or more candidates: exhaust the ballot when reached, skip that rank, or exhaust only if two or more of them are still continuing.',
  },
  {
    name: 'maxSkippedRanks',
    type: 'integer',
    default: null,
    unlimited: true,
    min: 0,
    help: 'Most consecutive blank ranks allowed before a further mark; a ballot with more is exhausted there.',
  },
  {
    name: 'exhaustOnDuplicate',
    type: 'boolean',
    default: false,
    help: 'A ballot that reaches a candidate it already ranked is exhausted (true) or passes over the repeat (false).',
  },
];

/** Droop's guard digits, for the rules that count in its guarded arithmetic (Meek and WIGM). */
export const GUARD_OPTION: OptionSpec = {
  name: 'guard',
  type: 'integer',
  default: null,
  min: 0,
  max: 60,
  help: 'Guard digits of guarded arithmetic. Default: half of --precision, rounded down (9 at 18), as in Droop.',
};

export const REPRESENTATION_OPTION: OptionSpec = {
  name: 'minimum',
  type: 'string',
  default: null,
  help: 'Minimum representation, e.g. "gender=woman:4" (at least 4 seats to candidates whose gender attribute is woman); several separated by ";". Candidates get attributes from --attributes.',
};

export function seatsFrom(opts: OptionValues, election: Election, methodId: string): number {
  const seats = (opts.seats as number | null) ?? election.seats;
  if (seats === undefined || seats === null) throw new OptionError(`${methodId} needs --seats (the file does not say how many seats)`);
  const standing = election.candidates.length - election.withdrawn.length;
  if (seats > standing) throw new OptionError(`${seats} seats but only ${standing} candidates standing`);
  return seats;
}

export function ballotRulesFrom(opts: OptionValues): BallotRules {
  return {
    overvote: opts.overvoteRule as OvervoteRule,
    maxSkippedRanks: opts.maxSkippedRanks as number | null,
    exhaustOnDuplicate: opts.exhaustOnDuplicate as boolean,
  };
}

export function tieBreakerFrom<V>(opts: OptionValues, election: Election, ar: Arithmetic<V>, history: TieHistoryRule): TieBreaker<V> {
  const names = election.candidates.map((c) => c.name);
  let fallback: TieFallback;
  const byPurpose: Partial<Record<TiePurpose, readonly number[]>> = {};
  const perPurpose = [
    ['surplus order', 'tieOrderSurplus'],
    ['exclusion', 'tieOrderExclusion'],
  ] as const;
  if (opts.tieBreak === 'order') {
    for (const [purpose, name] of perPurpose) {
      const text = opts[name];
      if (typeof text === 'string') byPurpose[purpose] = tieOrderFrom(text, election, '--' + flagOf(name));
    }
    const perPurposeGiven = Object.keys(byPurpose).length > 0;
    if (typeof opts.tieOrder === 'string') fallback = { kind: 'order', order: tieOrderFrom(opts.tieOrder, election, '--tie-order'), byPurpose };
    else if (election.tieOrder && !perPurposeGiven) fallback = { kind: 'firstListed', order: election.tieOrder };
    else fallback = { kind: 'order', order: names.map((_, i) => i), byPurpose };
  } else {
    for (const name of ['tieOrder', 'tieOrderSurplus', 'tieOrderExclusion']) {
      if (opts[name] !== null && opts[name] !== undefined) throw new OptionError(`--${flagOf(name)} is only used with --tie-break order`);
    }
    fallback = { kind: 'lot', seed: opts.seed as number };
  }
  return new TieBreaker(ar, opts.tieLookBack === false ? 'none' : history, fallback, names);
}

/**
 * Reads a list of every candidate, comma-separated: names or nicknames, each
 * optionally in double quotes (a doubled quote inside is one quote), so that a
 * name containing a comma can be written.
 */
export function tieOrderFrom(text: string, election: Election, flag: string): number[] {
  return orderOfNames(
    text,
    election.candidates.map((c) => c.name),
    election.nicknames,
    flag,
  );
}

/**
 * The candidates' indexes in the order a list such as --tie-order names them
 * (every candidate once; quoted names as tieOrderFrom reads them). Shared by
 * every command that takes a tie order, so each reads a quoted name alike.
 */
export function orderOfNames(text: string, names: readonly string[], nicknames: readonly string[] | undefined, flag: string): number[] {
  const order: number[] = [];
  for (const item of splitNameList(text, flag)) {
    let at = names.indexOf(item);
    if (at < 0) at = nicknames?.indexOf(item) ?? -1;
    if (at < 0) {
      const hint = names.some((n) => n.includes(',')) ? ' (a name containing a comma is written in double quotes: "Smith, Jo")' : '';
      throw new OptionError(`${flag} names "${item}", who is not a candidate${hint}`);
    }
    if (order.includes(at)) throw new OptionError(`${flag} names "${item}" twice`);
    order.push(at);
  }
  const missing = names.filter((_, i) => !order.includes(i));
  if (missing.length) throw new OptionError(`${flag} must list every candidate; missing: ${missing.map((m) => (m.includes(',') ? `"${m}"` : m)).join(', ')}`);
  return order;
}

function splitNameList(text: string, flag: string): string[] {
  const items: string[] = [];
  let i = 0;
  for (;;) {
    while (text[i] === ' ') i++;
    let item = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new OptionError(`${flag}: the quote that opens "${text.slice(i)}" is never closed`);
        item += text.slice(i, q);
        if (text[q + 1] === '"') {
          item += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      while (text[i] === ' ') i++;
      if (i < text.length && text[i] !== ',') throw new OptionError(`${flag}: expected a comma after the quoted name "${item}", found "${text.slice(i)}"`);
    } else {
      const comma = text.indexOf(',', i);
      const end = comma < 0 ? text.length : comma;
      item = text.slice(i, end);
      i = end;
    }
    items.push(item.trim());
    if (i >= text.length) return items;
    i++; // past the comma
  }
}

export function representationFrom(opts: OptionValues, election: Election): RepresentationRule[] {
  const spec = opts.minimum;
  if (typeof spec !== 'string' || spec.trim() === '') return [];
  return spec.split(';').map((part) => {
    const m = /^\s*([^=:;]+?)\s*=\s*([^=:;]+?)\s*:\s*(\d+)\s*$/.exec(part);
    if (!m) throw new OptionError(`--minimum "${part.trim()}" is not of the form attribute=value:count (e.g. gender=woman:4)`);
    // The pattern's groups are not optional, so a match has all three.
    const rule = { attribute: m[1]!, value: m[2]!, minimum: Number(m[3]) };
    const qualifying = election.candidates.filter((c, i) => c.attributes[rule.attribute] === rule.value && !election.withdrawn.includes(i)).length;
    if (qualifying < rule.minimum) {
      throw new OptionError(
        `--minimum ${rule.attribute}=${rule.value}:${rule.minimum} cannot be met: only ${qualifying} standing candidate(s) have ${rule.attribute}=${rule.value}`,
      );
    }
    return rule;
  });
}
