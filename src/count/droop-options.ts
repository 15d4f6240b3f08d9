/**
 * A Droop BLT file's `[droop …]` options (kept as written on the election) as
 * defaults for a count, the command line's own options going over them, as in
 * Droop. Only Droop's Meek and Warren settings have a Hustings equivalent here;
 * display and dump settings are Droop's report's business and are passed over.
 */
import type { Election } from './ballots.js';
import type { CountMethod } from './method.js';
import { OptionError, type OptionValue } from './options.js';

const MEEK_RULES: Readonly<Record<string, OptionValue>> = { meek: 'meek', warren: 'warren' };
// Report settings, and Droop's other rules: the command line's --method chooses the rule.
const PASSED_OVER = new Set(['dump', 'display', 'scotland', 'wigm', 'wigm-prf', 'mpls', 'cfer', 'qpq']);
// The PR Foundation's Meek reference rule fixes all of its settings, as Droop's meek-prf does.
const MEEK_PRF: Readonly<Record<string, OptionValue>> = { transfer: 'prf', arithmetic: 'fixed', precision: 9, omega: 6, defeatBatch: 'none' };

// Droop's rule names that Hustings counts as Droop does, and the method that does.
const RULE_METHODS: Readonly<Record<string, string>> = { meek: 'stv-meek', warren: 'stv-meek', 'meek-prf': 'stv-meek', mpls: 'stv-mpls' };

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
  if (method.id === 'stv-mpls') return mplsFileOptions(words);
  for (const word of words) {
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
    throw new OptionError(
      `the ballot file's [droop] option "${word}" has no equivalent in Hustings (it reads rule=meek or warren, arithmetic=fixed, guarded or rational, precision=, guard=, omega=, defeat_batch=safe or none)`,
    );
  }
  return out;
}

// Droop's mpls rule forces its arithmetic (fixed, 4 places), as Hustings's stv-mpls does.
const MPLS_FORCED = new Set(['mpls', 'rule=mpls', 'arithmetic=fixed', 'precision=4', 'display=4']);

/** Minneapolis's rule has no options of its own: a file may name the rule and report settings, nothing else. */
function mplsFileOptions(words: readonly string[]): Record<string, OptionValue> {
  for (const word of words) {
    if (MPLS_FORCED.has(word) || word.startsWith('dump')) continue;
    throw new OptionError(`the ballot file's [droop] option "${word}" does not apply to Minneapolis's rule (stv-mpls), whose arithmetic is fixed at 4 places`);
  }
  return {};
}
