/**
 * Sensitivity: one parameter swept across a range, the triggered share under
 * each rulebook at every value, and the members' support at which each
 * rulebook "flips" — where the mean share of incumbents triggered reaches
 * half — found by bisection on the mean support.
 *
 * A model parameter (the members' support, branch turnout, the affiliates'
 * support…) changes the party; a rulebook parameter (its threshold, the
 * affiliates' weight in an electoral college) changes each rulebook, built as
 * a modified copy of its data. Every value is simulated with the same seed, so
 * the runs share their random draws and the curves are smooth.
 */
import { ratio } from '../count/ratio.js';
import { fraction, type Fraction, type Rulebook } from '../domain/rulebook.js';
import { err, ok, type Result } from '../domain/result.js';
import { compileRule, type CompiledRule } from './evaluate.js';
import { present } from '../count/checked.js';
import { MODEL_PARAMS, type PartyModel } from './model.js';
import { buildShape, type PartyShape } from './shape.js';
import { applicableRulebook, meanShares, summarise, tally, type ShareSummary } from './montecarlo.js';

/** Model parameters that can be swept (shares from 0 to 1), and the two rulebook parameters. */
export const SWEEP_MODEL_PARAMS = ['support-mean', 'turnout', 'affiliate-turnout', 'affiliate-support', 'affiliate-correlation'] as const;
export const SWEEP_RULEBOOK_PARAMS = ['threshold', 'affiliate-weight'] as const;
export const SWEEP_PARAMS = [...SWEEP_MODEL_PARAMS, ...SWEEP_RULEBOOK_PARAMS] as const;
export type SweepParam = (typeof SWEEP_PARAMS)[number];

export const SWEEP_WORDS: Readonly<Record<SweepParam, string>> = {
  'support-mean': 'members’ mean support for a selection',
  turnout: 'branch turnout',
  'affiliate-turnout': 'affiliated branch turnout',
  'affiliate-support': 'affiliates’ support for a selection',
  'affiliate-correlation': 'how closely affiliates follow the members',
  threshold: 'the rulebook’s threshold',
  'affiliate-weight': 'the affiliates’ weight in the electoral college',
};

/** The flip point is found to within this much support. */
export const FLIP_TOLERANCE = 1 / 512;
/** The share of incumbents triggered at which a rulebook flips. */
export const FLIP_SHARE = 0.5;
/** Bisection steps after the two ends: enough to narrow [0, 1] to FLIP_TOLERANCE. */
export const FLIP_STEPS = Math.ceil(Math.log2(1 / FLIP_TOLERANCE));

export const MAX_STEPS = 101;

export interface FlipPoint {
  /**
   * flips: the share crosses half between `low` (below half) and `high` (at
   * least half); always: half or more are triggered even with no support;
   * never: fewer than half even with full support.
   */
  readonly status: 'flips' | 'always' | 'never';
  /** The bracket of the crossing (flips), or the end that was tested. */
  readonly low: number;
  readonly high: number;
  /** Mean share triggered at low and at high. */
  readonly shareAtLow: number;
  readonly shareAtHigh: number;
}

export interface SweepPoint {
  readonly value: number;
  /** By rulebook, in the order of the request. */
  readonly results: readonly ShareSummary[];
  /** By rulebook: the flip point with this value (sweeps of other parameters than the support). */
  readonly flips?: readonly FlipPoint[];
}

export interface SweepRulebook {
  readonly id: string;
  readonly name: string;
  /** Why the swept parameter does not change this rulebook, if it does not. */
  readonly unaffected?: string;
}

export interface SweepResult {
  readonly param: SweepParam;
  readonly from: number;
  readonly to: number;
  readonly steps: number;
  readonly seed: number;
  readonly runs: number;
  readonly flipRuns: number;
  readonly model: PartyModel;
  readonly rulebooks: readonly SweepRulebook[];
  readonly points: readonly SweepPoint[];
  /** By rulebook: the flip point of the model as given (a sweep of the support), or null when flips were not asked for or are per point. */
  readonly flips: readonly FlipPoint[] | null;
}

export interface SweepRequest {
  readonly model: PartyModel;
  readonly rulebooks: readonly Rulebook[];
  readonly seed: number;
  readonly runs: number;
  readonly param: SweepParam;
  readonly from: number;
  readonly to: number;
  readonly steps: number;
  /** Runs per bisection step; 0: no flip points. */
  readonly flipRuns: number;
}

export function checkSweep(req: Pick<SweepRequest, 'param' | 'from' | 'to' | 'steps' | 'flipRuns'>): Result<true> {
  const problems: string[] = [];
  if (!(SWEEP_PARAMS as readonly string[]).includes(req.param)) problems.push(`param: must be one of ${SWEEP_PARAMS.join(', ')}, not "${req.param}"`);
  for (const [name, v] of [
    ['from', req.from],
    ['to', req.to],
  ] as const) {
    if (!(v >= 0 && v <= 1)) problems.push(`${name}: must be a number from 0 to 1 (or a percentage), not ${Number.isNaN(v) ? 'that' : v}`);
  }
  if (!Number.isSafeInteger(req.steps) || req.steps < 2 || req.steps > MAX_STEPS)
    problems.push(`steps: must be a whole number from 2 to ${MAX_STEPS}, not ${req.steps}`);
  if (!Number.isSafeInteger(req.flipRuns) || req.flipRuns < 0) problems.push(`flip-runs: must be a whole number, at least 0, not ${req.flipRuns}`);
  if (req.param === 'threshold' && req.steps >= 2 && Math.min(req.from, req.to) <= 0)
    problems.push('from: a threshold of 0 would trigger every incumbent; start the sweep above 0');
  return problems.length > 0 ? err('invalid-sweep', problems.join('\n')) : ok(true);
}

/** The swept values: `steps` of them, evenly spaced from `from` to `to`, rounded to 4 decimal places so fractions stay short. */
export function sweepValues(from: number, to: number, steps: number): number[] {
  return Array.from({ length: steps }, (_, i) => Math.round((from + ((to - from) * i) / (steps - 1)) * 10_000) / 10_000);
}

/** A share as an exact fraction with denominator 10,000 or less, reduced. */
export function fractionOfShare(x: number): Fraction {
  const r = ratio(Math.round(x * 10_000), 10_000);
  return fraction(Number(r.num), Number(r.den));
}

/** Why a rulebook parameter does not apply to a rulebook; undefined when it does. */
export function unaffectedBy(param: SweepParam, rb: Rulebook): string | undefined {
  const review = rb.incumbentReview;
  if (param === 'threshold') {
    if (review.kind === 'mandatory-reselection') return 'mandatory reselection has no threshold';
    if (review.kind === 'members-meeting') return 'a members’ meeting is not simulated';
    return undefined;
  }
  if (param === 'affiliate-weight') {
    if (review.kind === 'trigger-ballot' && review.combine.kind === 'college') return undefined;
    if (review.kind === 'mandatory-reselection') return 'mandatory reselection has no vote to weight';
    if (review.kind === 'trigger-ballot' && review.combine.kind === 'pooled')
      return 'pooled: every unit has one vote, with no weight for affiliates as a class';
    if (review.kind === 'trigger-ballot' && review.combine.kind === 'either-class') return 'either class alone can trigger: there is no weight between them';
    return 'not an electoral college';
  }
  return undefined;
}

/** The rulebook with the swept rulebook parameter set to `value` (the rulebook itself when the parameter does not apply). */
export function modifiedRulebook(rb: Rulebook, param: SweepParam, value: number): Rulebook {
  const review = rb.incumbentReview;
  if (review.kind !== 'trigger-ballot' || unaffectedBy(param, rb) !== undefined) return rb;
  if (param === 'threshold') {
    return { ...rb, incumbentReview: { ...review, combine: { ...review.combine, threshold: { ...review.combine.threshold, share: fractionOfShare(value) } } } };
  }
  if (param === 'affiliate-weight' && review.combine.kind === 'college') {
    const affiliate = fractionOfShare(value);
    const branch = fractionOfShare(1 - value);
    return { ...rb, incumbentReview: { ...review, combine: { ...review.combine, weights: { branch, affiliate } } } };
  }
  return rb;
}

/** The model with a swept model parameter set to `value`. */
export function modifiedModel(model: PartyModel, param: SweepParam, value: number): PartyModel {
  const p = MODEL_PARAMS.find((x) => x.name === param);
  if (!p || !(SWEEP_MODEL_PARAMS as readonly string[]).includes(param)) return model;
  return { ...model, [p.key]: value };
}

/**
 * The support at which each rule flips, by bisection on the mean support:
 * each probe simulates `runs` runs with the same seed, and rules whose
 * brackets share a midpoint share the probe.
 */
export function flipPoints(
  model: PartyModel,
  rules: readonly CompiledRule[],
  seed: number,
  runs: number,
  shape: PartyShape = buildShape(model, seed),
): FlipPoint[] {
  const sharesAt = (support: number, which: readonly number[]): Map<number, number> => {
    const t = tally(
      { ...model, supportMean: support },
      which.map((i) => present(rules[i], 'a rule to bisect')),
      seed,
      runs,
      shape,
    );
    const means = meanShares(t, which.length);
    return new Map(which.map((r, k) => [r, present(means[k], 'a rule’s mean share')]));
  };
  const all = rules.map((_, i) => i);
  const atZero = sharesAt(0, all);
  const atOne = sharesAt(1, all);
  const state = rules.map((_, i) => ({ low: 0, high: 1, shareAtLow: atZero.get(i)!, shareAtHigh: atOne.get(i)! }));
  const bracket = (i: number): (typeof state)[number] => present(state[i], 'a rule’s bracket');
  const open = all.filter((i) => bracket(i).shareAtLow < FLIP_SHARE && bracket(i).shareAtHigh >= FLIP_SHARE);
  for (let step = 0; step < FLIP_STEPS; step++) {
    const byMid = new Map<number, number[]>();
    for (const i of open) {
      const mid = (bracket(i).low + bracket(i).high) / 2;
      byMid.set(mid, [...(byMid.get(mid) ?? []), i]);
    }
    for (const [mid, which] of byMid) {
      const shares = sharesAt(mid, which);
      for (const i of which) {
        const s = shares.get(i)!;
        if (s >= FLIP_SHARE) state[i] = { ...bracket(i), high: mid, shareAtHigh: s };
        else state[i] = { ...bracket(i), low: mid, shareAtLow: s };
      }
    }
  }
  return state.map((s) => {
    if (s.shareAtLow >= FLIP_SHARE) return { status: 'always', low: 0, high: 0, shareAtLow: s.shareAtLow, shareAtHigh: s.shareAtLow };
    if (s.shareAtHigh < FLIP_SHARE) return { status: 'never', low: 1, high: 1, shareAtLow: s.shareAtHigh, shareAtHigh: s.shareAtHigh };
    return { status: 'flips', ...s };
  });
}

/** Constituency draws a sweep makes at most: for bounding a request's work before it starts. */
export function sweepWork(req: Pick<SweepRequest, 'model' | 'rulebooks' | 'runs' | 'param' | 'steps' | 'flipRuns'>): number {
  const n = req.model.constituencies;
  const perFlip = req.flipRuns > 0 ? (2 + FLIP_STEPS * req.rulebooks.length) * req.flipRuns * n : 0;
  const flipSets = req.param === 'support-mean' ? 1 : req.steps;
  return req.steps * req.runs * n + flipSets * perFlip;
}

/** Runs of the sampler (one per tally, each laying out its attendance tables) a sweep makes at most: the companion of sweepWork. */
export function sweepSamplers(req: Pick<SweepRequest, 'rulebooks' | 'param' | 'steps' | 'flipRuns'>): number {
  const perFlip = req.flipRuns > 0 ? 2 + FLIP_STEPS * req.rulebooks.length : 0;
  const flipSets = req.param === 'support-mean' ? 1 : req.steps;
  return req.steps + flipSets * perFlip;
}

export function sweep(req: SweepRequest): SweepResult {
  const checked = checkSweep(req);
  if (!checked.ok) throw new RangeError(checked.error.message);
  const { model, rulebooks, seed, runs, param, flipRuns } = req;
  const shape = buildShape(model, seed);
  const values = sweepValues(req.from, req.to, req.steps);
  const points: SweepPoint[] = [];
  for (const value of values) {
    const m = modifiedModel(model, param, value);
    const rules = rulebooks.map((rb) => compileRule(applicableRulebook(modifiedRulebook(rb, param, value), m)));
    const t = tally(m, rules, seed, runs, shape);
    const results = rules.map((_, r) => summarise(t, r, rules.length));
    const flips = param !== 'support-mean' && flipRuns > 0 ? flipPoints(m, rules, seed, flipRuns, shape) : undefined;
    points.push({ value, results, ...(flips ? { flips } : {}) });
  }
  const flips =
    param === 'support-mean' && flipRuns > 0
      ? flipPoints(
          model,
          rulebooks.map((rb) => compileRule(applicableRulebook(rb, model))),
          seed,
          flipRuns,
          shape,
        )
      : null;
  return {
    param,
    from: req.from,
    to: req.to,
    steps: req.steps,
    seed,
    runs,
    flipRuns,
    model,
    rulebooks: rulebooks.map((rb) => {
      const why = unaffectedBy(param, rb);
      return { id: rb.id, name: rb.name, ...(why ? { unaffected: why } : {}) };
    }),
    points,
    flips,
  };
}
