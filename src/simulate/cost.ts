/**
 * What a simulation costs, known before it starts, in one unit: a unit draw
 * (what `PartySampler.sample` does for one branch or affiliated branch, about
 * 15 ns on a 2024 laptop core). The web page bounds a request by this sum, so
 * that a request's real work — runs × constituencies × units per
 * constituency, plus the tables its attendance needs — stays within its
 * bound whatever the shape of the party asked for.
 *
 * The attendance enters through the majority tables: every run of the
 * sampler lays out one row per attendance from min to max (2 × LEVELS values
 * each), and a row not built yet costs about n × LEVELS / 2 terms of a
 * binomial tail. Both are converted to unit draws by measured ratios.
 */
import { LEVELS, type CountDistribution, type PartyModel } from './model.js';

/** Unit draws a row copied into a sampler's table is worth: 2 × LEVELS stores, about 8 to a draw. */
const COPY_PER_DRAW = 8;
/** Unit draws a term of a binomial tail is worth: a multiply-add against a draw's branch-free table lookup. */
const TERMS_PER_DRAW = 16;

function meanOf(d: CountDistribution): number {
  return d.kind === 'uniform' ? (d.min + d.max) / 2 : d.values.reduce((a, b) => a + b, 0) / Math.max(1, d.values.length);
}

/** Unit draws per constituency draw: its support, each unit, and each rule judging it. */
export function drawsPerConstituency(model: PartyModel, rules: number): number {
  return 1 + meanOf(model.branches) + meanOf(model.affiliatedBranches) + rules;
}

/**
 * The cost, in unit draws, of `constituencyDraws` constituency draws made by
 * `samplers` runs of the sampler (one per tally) judged under `rules` rules.
 */
export function simulationCost(model: PartyModel, rules: number, constituencyDraws: number, samplers: number): number {
  const span = model.attendance.max - model.attendance.min + 1;
  const rows = (span * (model.attendance.min + model.attendance.max)) / 2;
  const tables = samplers * Math.ceil((span * 2 * LEVELS) / COPY_PER_DRAW) + Math.ceil((rows * LEVELS) / 2 / TERMS_PER_DRAW);
  return Math.ceil(constituencyDraws * drawsPerConstituency(model, rules)) + tables;
}
