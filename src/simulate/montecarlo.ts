/**
 * Monte Carlo over the synthetic party: for each run, one round of incumbent
 * reviews in every constituency, judged under every chosen rulebook from the
 * same unit decisions; across runs, the mean share of incumbents triggered
 * and the range the middle 95% of runs fall in.
 *
 * The triggered share is also kept by the members' support in each
 * constituency (in bands of 10 points), which shows how each rulebook moves
 * with support within one party.
 */
import { present } from '../count/checked.js';
import type { Rulebook } from '../domain/rulebook.js';
import { compileRule, isTriggered, type CompiledRule } from './evaluate.js';
import { COUNTS_SIZE } from './decisions.js';
import type { PartyModel } from './model.js';
import { PartySampler } from './party-sampler.js';
import { buildShape, type PartyShape } from './shape.js';

/** A rulebook as the synthetic party applies it: with the model's choice of how affiliates are counted. */
export function applicableRulebook(rb: Rulebook, model: PartyModel): Rulebook {
  const review = rb.incumbentReview;
  if (model.affiliateCounting === 'rulebook' || review.kind !== 'trigger-ballot' || review.affiliateCounting === model.affiliateCounting) return rb;
  return { ...rb, incumbentReview: { ...review, affiliateCounting: model.affiliateCounting } };
}

export interface ShareSummary {
  /** Mean share of incumbents triggered, over every constituency of every run. */
  readonly mean: number;
  /** 2.5th and 97.5th percentiles of the runs' shares (nearest rank). */
  readonly low: number;
  readonly high: number;
}

export interface RulebookResult extends ShareSummary {
  readonly id: string;
  readonly name: string;
}

export interface SupportBand {
  /** The band is from ≤ support < to (the last includes 1). */
  readonly from: number;
  readonly to: number;
  /** Constituencies that fell in the band, over all runs. */
  readonly constituencies: number;
  /** Share triggered in the band, by rulebook (in the order of the results); null when the band is empty. */
  readonly triggered: readonly (number | null)[];
}

export interface PartyRunResult {
  readonly seed: number;
  readonly runs: number;
  readonly model: PartyModel;
  /** The shape drawn from the seed: mean branches and affiliated branches per constituency. */
  readonly meanBranches: number;
  readonly meanAffiliatedBranches: number;
  /** The members' support actually drawn, averaged over every constituency of every run. */
  readonly meanSupport: number;
  readonly rulebooks: readonly RulebookResult[];
  readonly bands: readonly SupportBand[];
}

export const BANDS = 10;

export interface PartyRequest {
  readonly model: PartyModel;
  readonly rulebooks: readonly Rulebook[];
  readonly seed: number;
  readonly runs: number;
}

/** The 2.5% and 97.5% nearest-rank percentiles of sorted counts, as shares of n. */
function interval(sorted: Int32Array, n: number): { low: number; high: number } {
  const runs = sorted.length;
  const at = (p: number): number => present(sorted[Math.min(runs - 1, Math.max(0, Math.ceil(p * runs) - 1))], 'a run’s count');
  return { low: at(0.025) / n, high: at(0.975) / n };
}

/** The raw counts of a simulation, before summarising: reused by the sweep. */
export interface Tallies {
  readonly runs: number;
  readonly constituencies: number;
  /** triggered[run * rules + r]: incumbents triggered in the run under rule r. */
  readonly perRun: Int32Array;
  /** bandCount[b]: constituencies in band b; bandTriggered[b * rules + r]. */
  readonly bandCount: Float64Array;
  readonly bandTriggered: Float64Array;
  readonly supportSum: number;
}

/** Runs the party `runs` times, judging every constituency under every compiled rule. */
export function tally(model: PartyModel, rules: readonly CompiledRule[], seed: number, runs: number, shape: PartyShape = buildShape(model, seed)): Tallies {
  if (!Number.isSafeInteger(runs) || runs < 1) throw new RangeError(`runs must be a whole number, at least 1, not ${runs}`);
  const sampler = new PartySampler(model, seed, { shape, byAffiliate: rules.some((r) => r.perAffiliate) });
  const n = model.constituencies;
  const R = rules.length;
  const perRun = new Int32Array(runs * R);
  const bandCount = new Float64Array(BANDS);
  const bandTriggered = new Float64Array(BANDS * R);
  const counts = new Int32Array(COUNTS_SIZE);
  let supportSum = 0;
  for (let run = 0; run < runs; run++) {
    const row = run * R;
    for (let c = 0; c < n; c++) {
      const p = sampler.sample(c, counts);
      supportSum += p;
      // The hot loop: r < R is a rule; a support in [0, 1] falls in one of BANDS bands; and perRun
      // and bandTriggered hold R counts for each run and band.
      const band = p >= 1 ? BANDS - 1 : Math.floor(p * BANDS);
      bandCount[band]!++;
      for (let r = 0; r < R; r++) {
        if (isTriggered(rules[r]!, counts)) {
          perRun[row + r]!++;
          bandTriggered[band * R + r]!++;
        }
      }
    }
  }
  return { runs, constituencies: n, perRun, bandCount, bandTriggered, supportSum };
}

/** Mean and interval of rule r's triggered share across the runs of a tally. */
export function summarise(t: Tallies, r: number, rules: number): ShareSummary {
  const per = new Int32Array(t.runs);
  let sum = 0;
  // perRun holds `rules` counts for each run.
  for (let run = 0; run < t.runs; run++) {
    const triggered = t.perRun[run * rules + r]!;
    per[run] = triggered;
    sum += triggered;
  }
  per.sort();
  return { mean: sum / (t.runs * t.constituencies), ...interval(per, t.constituencies) };
}

/** Every rulebook's mean triggered share only (for bisection, where the interval is not needed). */
export function meanShares(t: Tallies, rules: number): number[] {
  const sums = new Array<number>(rules).fill(0);
  // perRun holds `rules` counts for each run.
  for (let run = 0; run < t.runs; run++) for (let r = 0; r < rules; r++) sums[r]! += t.perRun[run * rules + r]!;
  return sums.map((s) => s / (t.runs * t.constituencies));
}

export function compileAll(rulebooks: readonly Rulebook[], model: PartyModel): CompiledRule[] {
  return rulebooks.map((rb) => compileRule(applicableRulebook(rb, model)));
}

/** `hustings simulate party`: the triggered share under each rulebook, overall and by the members' support. */
export function simulateParty(req: PartyRequest): PartyRunResult {
  const { model, rulebooks, seed, runs } = req;
  const shape = buildShape(model, seed);
  const rules = compileAll(rulebooks, model);
  const t = tally(model, rules, seed, runs, shape);
  const R = rules.length;
  const n = model.constituencies;
  let branches = 0;
  let affiliated = 0;
  for (const b of shape.branches) branches += b;
  for (const a of shape.affiliated) affiliated += a;
  const bands: SupportBand[] = [];
  for (const [b, k] of t.bandCount.entries()) {
    bands.push({
      from: b / BANDS,
      to: (b + 1) / BANDS,
      constituencies: k,
      // bandTriggered holds R counts for each band.
      triggered: rules.map((_, r) => (k === 0 ? null : t.bandTriggered[b * R + r]! / k)),
    });
  }
  return {
    seed,
    runs,
    model,
    meanBranches: branches / n,
    meanAffiliatedBranches: affiliated / n,
    meanSupport: t.supportSum / (runs * n),
    rulebooks: rulebooks.map((rb, r) => ({ id: rb.id, name: rb.name, ...summarise(t, r, R) })),
    bands,
  };
}
