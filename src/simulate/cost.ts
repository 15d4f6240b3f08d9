/**
 * What a simulation costs, known before it starts, in one unit: the draw of
 * one branch's decision (`PartySampler.sample`'s inner loop). The web page
 * bounds a request by this sum, so that its real work — runs × constituencies
 * × units per constituency, plus the tables its meetings' sizes need — stays
 * within the bound whatever the shape of party it asks for.
 *
 * The weights were measured (2 cores, Node 20) and are ratios to a branch's
 * draw: a constituency's own work (its support, drawn from a beta
 * distribution, and the bookkeeping) is worth about 5 branches, judging it
 * under one rule about 4, an affiliated branch (one draw, no table) about a
 * quarter. The meetings' sizes enter through the majority tables: each run of
 * the sampler lays out one row per attendance from min to max (2 × LEVELS
 * values, strided, about 5 to a branch's draw), and a row not yet built costs
 * about n × LEVELS / 2 terms of a binomial tail (about 10 to a draw).
 */
import { LEVELS } from './majority-table.js';
import type { CountDistribution, PartyModel } from './model.js';

const PER_CONSTITUENCY = 5;
const PER_RULE = 4;
const PER_AFFILIATED_BRANCH = 1 / 4;
const STORES_PER_DRAW = 5;
const TERMS_PER_DRAW = 10;

function meanOf(d: CountDistribution): number {
  return d.kind === 'uniform' ? (d.min + d.max) / 2 : d.values.reduce((a, b) => a + b, 0) / Math.max(1, d.values.length);
}

/** Branch draws one constituency draw is worth, judged under `rules` rules. */
export function drawsPerConstituency(model: PartyModel, rules: number): number {
  return PER_CONSTITUENCY + PER_RULE * rules + meanOf(model.branches) + PER_AFFILIATED_BRANCH * meanOf(model.affiliatedBranches);
}

/**
 * The cost, in branch draws, of `constituencyDraws` constituency draws made by
 * `samplers` runs of the sampler (one per tally) judged under `rules` rules.
 */
export function simulationCost(model: PartyModel, rules: number, constituencyDraws: number, samplers: number): number {
  const span = model.attendance.max - model.attendance.min + 1;
  const rowTerms = ((span * (model.attendance.min + model.attendance.max)) / 2) * (LEVELS / 2);
  const tables = (samplers * span * 2 * LEVELS) / STORES_PER_DRAW + rowTerms / TERMS_PER_DRAW;
  return Math.ceil(constituencyDraws * drawsPerConstituency(model, rules) + tables);
}
