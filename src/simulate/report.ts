/**
 * A simulation in words and as JSON: what `hustings simulate party` and
 * `hustings simulate sweep` print. Percentages are rounded for reading; the
 * JSON keeps the numbers whole.
 */
import { present } from '../count/checked.js';
import { distributionWords, type PartyModel } from './model.js';
import type { PartyRunResult } from './montecarlo.js';
import { FLIP_SHARE, FLIP_TOLERANCE, SWEEP_WORDS, type FlipPoint, type SweepResult } from './sweep.js';

/** A rulebook asked for that the synthetic party cannot judge, with why. */
export interface NotSimulated {
  readonly id: string;
  readonly reason: string;
}

const pct = (x: number, places = 1): string => `${(x * 100).toFixed(places)}%`;
const num = (n: number): string => n.toLocaleString('en-GB');

/** Columns two spaces apart, numbers right-aligned, a rule under the header. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[], rightAlign: (col: number) => boolean = (c) => c > 0): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    '  ' +
    cells
      .map((c, i) => (rightAlign(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), '  ' + widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The model in a few lines. */
export function modelWords(m: PartyModel, shape?: { meanBranches: number; meanAffiliatedBranches: number }): string[] {
  const counting =
    m.affiliateCounting === 'rulebook'
      ? 'as each rulebook says'
      : m.affiliateCounting === 'per-branch'
        ? 'one vote per affiliated branch, for every rulebook'
        : 'one vote per affiliate in total (the majority of its branches), for every rulebook';
  const mean = (x: number | undefined): string => (x === undefined ? '' : ` (mean ${x.toFixed(1)})`);
  return [
    `branches per constituency: ${distributionWords(m.branches)}${mean(shape?.meanBranches)}; affiliated branches: ${distributionWords(m.affiliatedBranches)}${mean(shape?.meanAffiliatedBranches)}, belonging to ${m.affiliates} affiliates`,
    `members at a branch meeting: ${m.attendance.min === m.attendance.max ? m.attendance.min : `uniform ${m.attendance.min}–${m.attendance.max}`}; each branch's support varies around its constituency's by ${m.branchNoise} on the logit scale`,
    `members' support for a selection: beta distribution, mean ${pct(m.supportMean)}, concentration ${m.supportConcentration}`,
    `turnout: ${pct(m.turnout, 0)} of branches meet, ${pct(m.affiliateTurnout, 0)} of affiliated branches vote`,
    `affiliated branches back a selection with probability ${pct(1 - m.affiliateCorrelation, 0)} × ${pct(m.affiliateSupport)} + ${pct(m.affiliateCorrelation, 0)} × the members' support; counted ${counting}`,
  ];
}

function notSimulatedLines(skipped: readonly NotSimulated[]): string[] {
  return skipped.length === 0 ? [] : ['', 'Not simulated:', ...skipped.map((s) => `  ${s.id}: ${s.reason}`)];
}

export function partyText(r: PartyRunResult, skipped: readonly NotSimulated[] = []): string {
  const out = [
    `Synthetic party: ${num(r.model.constituencies)} constituencies, ${num(r.runs)} runs, seed ${r.seed}`,
    ...modelWords(r.model, r).map((l) => `  ${l}`),
    `  support drawn: mean ${pct(r.meanSupport)} over every constituency of every run`,
    '',
    'Share of incumbents triggered (a full selection held):',
    textTable(
      ['rulebook', 'mean', '95% of runs'],
      r.rulebooks.map((rb) => [`${rb.name} (${rb.id})`, pct(rb.mean), `${pct(rb.low)}–${pct(rb.high)}`]),
    ),
    '',
    "By the members' support in the constituency (share triggered, all runs):",
    textTable(
      ['support', 'constituencies', ...r.rulebooks.map((rb) => rb.name)],
      r.bands.map((b) => [`${pct(b.from, 0)}–${pct(b.to, 0)}`, num(b.constituencies), ...b.triggered.map((t) => (t === null ? '—' : pct(t)))]),
      (c) => c > 0,
    ),
    ...notSimulatedLines(skipped),
    '',
  ];
  return out.join('\n');
}

export function partyJson(r: PartyRunResult, skipped: readonly NotSimulated[] = []): unknown {
  return {
    seed: r.seed,
    runs: r.runs,
    model: r.model,
    meanBranches: r.meanBranches,
    meanAffiliatedBranches: r.meanAffiliatedBranches,
    meanSupport: r.meanSupport,
    rulebooks: r.rulebooks,
    bySupport: r.bands.map((b) => ({
      from: b.from,
      to: b.to,
      constituencies: b.constituencies,
      triggered: Object.fromEntries(r.rulebooks.map((rb, i) => [rb.id, b.triggered[i]])),
    })),
    notSimulated: skipped,
  };
}

/** "between 41.2% and 41.4%", "always (even with no support, 100.0% are triggered)". */
export function flipText(f: FlipPoint): string {
  if (f.status === 'always') return `always: ${pct(f.shareAtLow)} triggered even with no support`;
  if (f.status === 'never') return `never: only ${pct(f.shareAtHigh)} triggered even with full support`;
  return `between ${pct(f.low, 2)} and ${pct(f.high, 2)} (${pct(f.shareAtLow)} and ${pct(f.shareAtHigh)} triggered)`;
}

/** A flip point in a table cell: "41.3%", "always", "never". */
const flipCell = (f: FlipPoint): string => (f.status === 'flips' ? pct((f.low + f.high) / 2) : f.status);

export function sweepText(r: SweepResult, skipped: readonly NotSimulated[] = []): string {
  const out = [
    `Sweep of ${SWEEP_WORDS[r.param]} from ${pct(r.from)} to ${pct(r.to)}, ${r.steps} values: ${num(r.model.constituencies)} constituencies, ${num(r.runs)} runs per value, seed ${r.seed}`,
    ...modelWords(r.model).map((l) => `  ${l}`),
    '',
    'Share of incumbents triggered (mean, and where 95% of runs fall):',
    textTable(
      [r.param, ...r.rulebooks.map((rb) => rb.name)],
      r.points.map((p) => [pct(p.value), ...p.results.map((s) => `${pct(s.mean)} (${pct(s.low, 0)}–${pct(s.high, 0)})`)]),
    ),
  ];
  const unaffected = r.rulebooks.filter((rb) => rb.unaffected);
  if (unaffected.length > 0) out.push('', ...unaffected.map((rb) => `  ${rb.name} is not changed by ${r.param}: ${rb.unaffected}.`));
  const method = `the members' mean support at which ${pct(FLIP_SHARE, 0)} of incumbents are triggered, by bisection with ${num(r.flipRuns)} runs per step, to within ${pct(FLIP_TOLERANCE, 2)}`;
  if (r.flips) {
    out.push('', `Flip points (${method}):`, ...r.rulebooks.map((rb, i) => `  ${rb.name}: ${flipText(present(r.flips?.[i], 'a rulebook’s flip point'))}`));
  } else if (r.points.every((p) => p.flips)) {
    out.push(
      '',
      `Flip points at each value (${method}):`,
      textTable(
        [r.param, ...r.rulebooks.map((rb) => rb.name)],
        r.points.map((p) => [pct(p.value), ...p.flips!.map(flipCell)]),
      ),
    );
  }
  out.push(...notSimulatedLines(skipped), '');
  return out.join('\n');
}

export function sweepJson(r: SweepResult, skipped: readonly NotSimulated[] = []): unknown {
  return {
    param: r.param,
    from: r.from,
    to: r.to,
    steps: r.steps,
    seed: r.seed,
    runs: r.runs,
    flipRuns: r.flipRuns,
    model: r.model,
    rulebooks: r.rulebooks,
    points: r.points.map((p) => ({
      value: p.value,
      triggered: Object.fromEntries(r.rulebooks.map((rb, i) => [rb.id, p.results[i]])),
      ...(p.flips ? { flips: Object.fromEntries(r.rulebooks.map((rb, i) => [rb.id, p.flips![i]])) } : {}),
    })),
    flips: r.flips ? Object.fromEntries(r.rulebooks.map((rb, i) => [rb.id, r.flips![i]])) : null,
    notSimulated: skipped,
  };
}
