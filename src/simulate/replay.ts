/**
 * Replay: recorded trigger-ballot unit decisions, judged again under other
 * rulebooks. The same meetings can readopt an incumbent under one era's rules
 * and trigger a selection under another's; a replay shows each outcome side by
 * side with its arithmetic, so the comparison is evidence rather than a guess.
 *
 * Only rulebooks that decide from the units' decisions can be replayed: a
 * trigger ballot, or mandatory reselection (which needs no decisions at all).
 * A members'-meeting rulebook judges a meeting's vote, which unit decisions do
 * not record, so it is set aside with the reason rather than guessed at.
 *
 * Pure: no I/O. The CLI reads the file and prints what these functions render.
 */
import { PRESETS } from '../domain/presets.js';
import { present } from '../count/checked.js';
import type { Rulebook } from '../domain/rulebook.js';
import { reviewWords } from '../domain/rulebook-words.js';
import { evaluateTrigger, type TriggerOutcome, type UnitResult } from '../domain/trigger-outcome.js';

/** One constituency's recorded unit decisions. */
export interface ConstituencyResults {
  readonly constituency: string;
  readonly units: readonly UnitResult[];
}

/** A rulebook the replay set aside, and why. */
export interface NotReplayed {
  readonly rulebook: Rulebook;
  readonly reason: string;
}

export interface ReplayRow {
  readonly constituency: string;
  /** In the order of `Replay.rulebooks`. */
  readonly outcomes: readonly TriggerOutcome[];
}

function outcomeAt(row: ReplayRow, i: number): TriggerOutcome {
  return present(row.outcomes[i], 'a rulebook’s outcome');
}

export interface Replay {
  /** The rulebooks evaluated, in the order asked for. */
  readonly rulebooks: readonly Rulebook[];
  readonly notReplayed: readonly NotReplayed[];
  readonly rows: readonly ReplayRow[];
}

/** Whether a rulebook's outcome follows from unit decisions alone. */
export function replayable(rb: Rulebook): boolean {
  return rb.incumbentReview.kind !== 'members-meeting' && rb.statutoryPostal === undefined;
}

/** Why a rulebook cannot be replayed, in words; null when it can. */
export function notReplayableReason(rb: Rulebook): string | null {
  if (replayable(rb)) return null;
  if (rb.statutoryPostal !== undefined) return `${rb.name} elects a union's executive by postal ballot; it reviews no sitting representative`;
  return `${rb.name} readopts by a vote at a members' meeting, which the units' decisions do not record`;
}

/**
 * What `--rulebooks all` means: every bundled rulebook, in the bundled order.
 * The members'-meeting ones are passed too, so that the replay says it set
 * them aside instead of leaving them out silently.
 */
export function allRulebooks(): readonly Rulebook[] {
  // A union's statutory postal ballot reviews no sitting representative: "all" means the rulebooks of a party's reviews.
  return PRESETS.filter((rb) => rb.statutoryPostal === undefined);
}

/**
 * Judges every constituency under every rulebook that can be replayed; the
 * others are listed with the reason. Rulebooks are told apart by id, so two
 * with the same id are a caller's mistake (RangeError).
 */
export function replay(constituencies: readonly ConstituencyResults[], rulebooks: readonly Rulebook[]): Replay {
  const ids = new Set<string>();
  for (const rb of rulebooks) {
    if (ids.has(rb.id)) throw new RangeError(`rulebook "${rb.id}" is given twice`);
    ids.add(rb.id);
  }
  const used = rulebooks.filter(replayable);
  const notReplayed = rulebooks.filter((rb) => !replayable(rb)).map((rb) => ({ rulebook: rb, reason: notReplayableReason(rb) as string }));
  const rows = constituencies.map((c) => ({ constituency: c.constituency, outcomes: used.map((rb) => evaluateTrigger(rb, c.units)) }));
  return { rulebooks: used, notReplayed, rows };
}

/** Groups unit rows by constituency, in the order each constituency first appears. */
export function byConstituency(rows: Iterable<{ readonly constituency: string; readonly result: UnitResult }>): ConstituencyResults[] {
  const groups = new Map<string, UnitResult[]>();
  for (const r of rows) {
    let g = groups.get(r.constituency);
    if (!g) groups.set(r.constituency, (g = []));
    g.push(r.result);
  }
  return [...groups].map(([constituency, units]) => ({ constituency, units }));
}

// ---- Rendering ------------------------------------------------------------------------

const WIDTH = 100;

/** Prose wrapped at 100 columns, the first line starting with `first` and the others with `indent`. */
export function wrap(text: string, first: string, indent: string): string[] {
  const lines: string[] = [];
  let line = first;
  let fresh = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!fresh && [...line].length + 1 + [...word].length > WIDTH) {
      lines.push(line);
      line = indent + word;
    } else line = fresh ? line + word : `${line} ${word}`;
    fresh = false;
  }
  lines.push(line);
  return lines;
}

/** Each rulebook's id and its rule in words, wrapped under the rule. */
export function rulesLegend(rulebooks: readonly Rulebook[]): string[] {
  const width = Math.max(0, ...rulebooks.map((rb) => rb.id.length));
  return rulebooks.flatMap((rb) => wrap(`${rb.name} ${reviewWords(rb.incumbentReview)}.`, `  ${rb.id.padEnd(width)}  `, ' '.repeat(width + 4)));
}

/** Left-aligned columns two spaces apart; the last column is not padded. */
export function columns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const r of rows)
    r.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...cell].length);
    });
  return rows.map((r) =>
    r
      .map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(present(widths[i], 'a column’s width') - [...cell].length)))
      .join('  ')
      .trimEnd(),
  );
}

/** The table of outcomes, a constituency per row and a rulebook per column, with a count of triggered seats when there are several. */
export function outcomeTable(replay: Replay, firstColumn = 'constituency'): string[] {
  const rows: string[][] = [[firstColumn, ...replay.rulebooks.map((rb) => rb.id)]];
  for (const r of replay.rows) rows.push([r.constituency, ...r.outcomes.map((o) => o.outcome)]);
  if (replay.rows.length > 1) {
    rows.push([
      'triggered',
      ...replay.rulebooks.map((_, i) => `${replay.rows.filter((r) => outcomeAt(r, i).outcome === 'triggered').length} of ${replay.rows.length}`),
    ]);
  }
  return columns(rows);
}

/** The rulebooks' rules, one line each, and those set aside. */
function legend(replay: Replay): string[] {
  const lines = rulesLegend(replay.rulebooks);
  if (replay.notReplayed.length > 0) {
    lines.push('', 'Not replayed:');
    for (const n of replay.notReplayed) lines.push(...wrap(`${n.reason}.`, `  ${n.rulebook.id}: `, '    '));
  }
  return lines;
}

/** The text report: the table, the rules, then each constituency's arithmetic under each rulebook. */
export function replayText(replay: Replay): string {
  const lines = [...outcomeTable(replay), '', 'Rules:', ...legend(replay)];
  for (const r of replay.rows) {
    lines.push('', r.constituency);
    r.outcomes.forEach((o, i) => {
      lines.push(`  ${present(replay.rulebooks[i], 'the rulebook of an outcome').id}: ${o.outcome}`, ...o.arithmetic.map((l) => `    ${l}`));
    });
  }
  return lines.join('\n') + '\n';
}

export type Outcome = TriggerOutcome['outcome'];

/**
 * The JSON report. `constituencies` holds exactly a name and the outcome under
 * each rulebook, by rulebook id; the rest (the rules, what was set aside and
 * the arithmetic) sits in keys of its own beside it.
 */
export interface ReplayJson {
  readonly constituencies: readonly { readonly constituency: string; readonly outcomes: Readonly<Record<string, Outcome>> }[];
  readonly rulebooks: readonly { readonly id: string; readonly version: number; readonly name: string; readonly rule: string }[];
  readonly notReplayed: readonly { readonly rulebook: string; readonly reason: string }[];
  readonly arithmetic: readonly { readonly constituency: string; readonly rulebooks: Readonly<Record<string, readonly string[]>> }[];
}

export function replayJson(replay: Replay): ReplayJson {
  const byId = <T>(r: ReplayRow, f: (o: TriggerOutcome) => T): Record<string, T> =>
    Object.fromEntries(replay.rulebooks.map((rb, i) => [rb.id, f(outcomeAt(r, i))]));
  return {
    constituencies: replay.rows.map((r) => ({ constituency: r.constituency, outcomes: byId(r, (o) => o.outcome) })),
    rulebooks: replay.rulebooks.map((rb) => ({ id: rb.id, version: rb.version, name: rb.name, rule: `${rb.name} ${reviewWords(rb.incumbentReview)}.` })),
    notReplayed: replay.notReplayed.map((n) => ({ rulebook: n.rulebook.id, reason: n.reason })),
    arithmetic: replay.rows.map((r) => ({ constituency: r.constituency, rulebooks: byId(r, (o) => o.arithmetic) })),
  };
}
