/**
 * A Droop BLT file's `[droop …]` options (kept as written on the election) as
 * defaults for a count, the command line's own options going over them, as in
 * Droop. Droop's rules that Hustings counts are meek, warren and meek-prf
 * (stv-meek), wigm, wigm-prf and wigm-prf-batch (stv-wigm), mpls (stv-mpls) and
 * scotland (stv-scottish); display and dump settings are Droop's report's
 * business and are passed over.
 */
import type { Election } from './ballots.js';
import type { CountMethod } from './method.js';
import { OptionError, type OptionValue } from './options.js';

const MEEK_RULES: Readonly<Record<string, OptionValue>> = { meek: 'meek', warren: 'warren' };
// Report settings, and Droop's rule names: a rule other than the one counting was chosen by the command line's
// --method, and cfer and qpq have no Hustings method.
const PASSED_OVER = new Set(['dump', 'display', 'scotland', 'wigm', 'wigm-prf', 'wigm-prf-batch', 'mpls', 'cfer', 'qpq']);
// The PR Foundation's Meek reference rule fixes all of its settings, as Droop's meek-prf does.
const MEEK_PRF: Readonly<Record<string, OptionValue>> = { transfer: 'prf', arithmetic: 'fixed', precision: 9, omega: 6, defeatBatch: 'none' };

// Droop's rule names that Hustings counts as Droop does, and the method that does.
const RULE_METHODS: Readonly<Record<string, string>> = {
  meek: 'stv-meek',
  warren: 'stv-meek',
  'meek-prf': 'stv-meek',
  mpls: 'stv-mpls',
  wigm: 'stv-wigm',
  'wigm-prf': 'stv-wigm',
  'wigm-prf-batch': 'stv-wigm',
  scotland: 'stv-scottish',
};

/** One of Droop's rule names, counted by Hustings or not (cfer, qpq). */
const isRuleName = (word: string): boolean => Object.hasOwn(RULE_METHODS, word) || word === 'cfer' || word === 'qpq';

/**
 * A `[droop]` word the chosen rule cannot honour. `word` is its index in the election's `countOptions`, so that
 * the reader of the file can say which line it is on.
 */
export class DroopOptionError extends OptionError {
  constructor(
    message: string,
    readonly word: number,
  ) {
    super(message);
  }
}

/**
 * The method a file's `[droop]` line names by its rule (`rule=mpls` or a bare `mpls`), for a count given no
 * --method; undefined when it names none that Hustings counts as Droop does.
 */
export function droopRuleMethod(words: readonly string[]): string | undefined {
  for (const word of words) {
    const rule = word.startsWith('rule=') ? word.slice('rule='.length) : word;
    const method = Object.hasOwn(RULE_METHODS, rule) ? RULE_METHODS[rule] : undefined;
    if (method !== undefined) return method;
  }
  return undefined;
}

/** The options a file's `[droop]` line sets for `method`, by camelCase name; refuses what it cannot honour. */
export function droopFileOptions(election: Election, method: CountMethod): Record<string, OptionValue> {
  const words = election.countOptions ?? [];
  const out: Record<string, OptionValue> = {};
  const has = (name: string): boolean => method.options.some((o) => o.name === name);
  const set = (name: string, value: OptionValue): void => {
    if (has(name)) out[name] = value;
  };
  if (method.id === 'stv-mpls') return fixedRuleFileOptions(words, MPLS);
  if (method.id === 'stv-scottish') return fixedRuleFileOptions(words, SCOTLAND);
  if (method.id === 'stv-wigm') return wigmFileOptions(words);
  for (const [index, word] of words.entries()) {
    const eq = word.indexOf('=');
    const key = eq < 0 ? word : word.slice(0, eq);
    const value = eq < 0 ? null : word.slice(eq + 1);
    const rule = key === 'rule' ? value : value === null ? key : undefined;
    if (rule === 'meek-prf') {
      for (const [name, v] of Object.entries(MEEK_PRF)) set(name, v);
      continue;
    }
    if (rule !== undefined && rule !== null && rule in MEEK_RULES) {
      // Droop's Meek and Warren split equal rankings and count in guarded arithmetic unless told otherwise.
      set('transfer', MEEK_RULES[rule] ?? null);
      set('equalRanks', 'split');
      if (!words.some((w) => w.startsWith('arithmetic='))) set('arithmetic', 'guarded');
      continue;
    }
    // Rational values are exact: Droop's display= is then the only precision there is, the places shown.
    if (key === 'display' && value !== null && words.includes('arithmetic=rational')) {
      set('precision', value);
      continue;
    }
    if (PASSED_OVER.has(key) || (key === 'rule' && value !== null && PASSED_OVER.has(value))) continue;
    if (value !== null && (key === 'precision' || key === 'guard' || key === 'omega')) {
      set(key, value);
      continue;
    }
    if (key === 'arithmetic' && (value === 'fixed' || value === 'guarded' || value === 'rational')) {
      set('arithmetic', value);
      continue;
    }
    if (key === 'defeat_batch' && (value === 'safe' || value === 'none')) {
      set('defeatBatch', value);
      continue;
    }
    throw new DroopOptionError(
      `the ballot file's [droop] option "${word}" has no equivalent in Hustings (it reads rule=meek or warren, arithmetic=fixed, guarded or rational, precision=, guard=, omega=, defeat_batch=safe or none)`,
      index,
    );
  }
  return out;
}

/** A Droop rule whose arithmetic is fixed by its law, and the Hustings method that counts it. */
interface FixedRule {
  readonly rule: string;
  readonly places: number;
  readonly method: string;
}
const MPLS: FixedRule = { rule: 'mpls', places: 4, method: "Minneapolis's rule (stv-mpls)" };
const SCOTLAND: FixedRule = { rule: 'scotland', places: 5, method: 'Scottish STV (stv-scottish)' };

/**
 * Droop's mpls and scotland rules force their arithmetic (fixed, 4 and 5 places), as Hustings's stv-mpls and
 * stv-scottish do: a file may name the rule, its own arithmetic and report settings, nothing else.
 */
function fixedRuleFileOptions(words: readonly string[], { rule, places, method }: FixedRule): Record<string, OptionValue> {
  const forced = new Set([rule, `rule=${rule}`, 'arithmetic=fixed', `precision=${places}`, `display=${places}`]);
  for (const [index, word] of words.entries()) {
    if (forced.has(word) || word.startsWith('dump')) continue;
    throw new DroopOptionError(`the ballot file's [droop] option "${word}" does not apply to ${method}, whose arithmetic is fixed at ${places} places`, index);
  }
  return {};
}

/** The PR Foundation's WIGM reference rules fix every setting: fixed-point arithmetic of 4 places, and how losers are defeated. */
const WIGM_PRF: Readonly<Record<string, Readonly<Record<string, OptionValue>>>> = {
  'wigm-prf': { arithmetic: 'fixed', precision: 4, defeatBatch: 'none' },
  'wigm-prf-batch': { arithmetic: 'fixed', precision: 4, defeatBatch: 'sure' },
};
const WIGM_PRF_FORCED = new Set(['arithmetic=fixed', 'precision=4', 'display=4']);
const WIGM_WORDS =
  'rule=wigm, wigm-prf or wigm-prf-batch, arithmetic=guarded, fixed, integer or rational, precision=, guard=, integer_quota=true or false, defeat_batch=none or zero';

/**
 * Droop's wigm rule (options: arithmetic, precision, guard, integer_quota, defeat_batch=none|zero), or its
 * wigm-prf and wigm-prf-batch, which take none of them.
 */
function wigmFileOptions(words: readonly string[]): Record<string, OptionValue> {
  const ruleOf = (word: string): string => (word.startsWith('rule=') ? word.slice('rule='.length) : word);
  const prf = words.map(ruleOf).find((rule) => Object.hasOwn(WIGM_PRF, rule));
  if (prf !== undefined) {
    for (const [index, word] of words.entries()) {
      const rule = ruleOf(word);
      if (rule === prf || WIGM_PRF_FORCED.has(word) || word.startsWith('dump') || (isRuleName(rule) && rule !== 'wigm')) continue;
      throw new DroopOptionError(
        `the ballot file's [droop] option "${word}" does not apply to the PR Foundation's reference WIGM rule (${prf}), which fixes its arithmetic at 4 places and takes no options`,
        index,
      );
    }
    return { ...WIGM_PRF[prf] };
  }
  const out: Record<string, OptionValue> = {};
  const rational = words.includes('arithmetic=rational');
  for (const [index, word] of words.entries()) {
    const eq = word.indexOf('=');
    const key = eq < 0 ? word : word.slice(0, eq);
    const value = eq < 0 ? null : word.slice(eq + 1);
    const refuse = (why: string): never => {
      throw new DroopOptionError(`the ballot file's [droop] option "${word}" ${why} (Droop's wigm reads ${WIGM_WORDS})`, index);
    };
    if (value === null || key === 'rule') {
      if (word === 'dump' || isRuleName(ruleOf(word))) continue;
      refuse('is not a rule or setting of WIGM');
    }
    if (key === 'arithmetic') {
      if (value === 'integer') Object.assign(out, { arithmetic: 'fixed', precision: 0 });
      else if (value === 'fixed' || value === 'guarded' || value === 'rational') out.arithmetic = value;
      else refuse('is not an arithmetic of WIGM');
    } else if (key === 'precision' || key === 'guard') {
      if (!/^\d+$/.test(value ?? '')) refuse('needs a whole number');
      out[key] = Number(value);
    } else if (key === 'display') {
      // Rational values are exact: Droop's display= is then the only precision there is, the places shown.
      if (rational && /^\d+$/.test(value ?? '')) out.precision = Number(value);
    } else if (key === 'integer_quota') {
      if (value !== 'true' && value !== 'false') refuse('must be true or false');
      out.integerQuota = value === 'true';
    } else if (key === 'defeat_batch') {
      if (value !== 'none' && value !== 'zero') refuse('is not a defeat batch of WIGM');
      out.defeatBatch = value;
    } else refuse('is not a setting of WIGM');
  }
  const arithmetic = out.arithmetic ?? 'guarded';
  if (out.guard !== undefined && arithmetic !== 'guarded') {
    throw new DroopOptionError(
      `the ballot file's [droop] option "guard=${out.guard}" is only used with arithmetic=guarded`,
      words.findIndex((w) => w.startsWith('guard=')),
    );
  }
  return out;
}
