/**
 * A synthetic party for the democracy review: constituencies with branches and
 * affiliated branches, and one way of drawing, for one round of incumbent
 * reviews, what every unit decides.
 *
 * What is drawn, per constituency and run:
 *   - the members' support for an open selection, from a beta distribution
 *     (mean, concentration);
 *   - for each branch: whether it meets (turnout), how many members attend
 *     (uniform), its own support (the constituency's, moved by normal noise on
 *     the logit scale), and its meeting's majority — yes, no or a tie — drawn
 *     exactly from the binomial distribution of the votes of those present;
 *   - for each affiliated branch: whether it votes, and whether it backs a
 *     selection, with a probability mixing the affiliates' own support and the
 *     members' (a correlation between 0 and 1).
 * The party's shape — how many branches and affiliated branches each
 * constituency has, and which affiliate each affiliated branch belongs to — is
 * drawn once from the seed and kept for every run.
 *
 * Everything is pure and seeded (src/count/prng.ts's sfc32), and the hot path
 * keeps no object per unit: typed arrays and integer counts only. Two streams
 * are used, one for the members' support and one for everything else, so that
 * the same seed at two support levels gives every unit the same draws: the
 * triggered share then changes smoothly with support, which the flip-point
 * bisection relies on.
 *
 * The branch majority is looked up in a table of binomial probabilities by
 * attendance and by the branch's support on the logit scale in steps of 1/64
 * (between about 0.005% and 99.995%): within a step the support is rounded,
 * the decision is then drawn exactly.
 */
import { sfc32 } from '../count/prng.js';
import { err, ok, type Result } from '../domain/result.js';

// ---- Parameters ----------------------------------------------------------------------------

/** How many units of a kind a constituency has: uniform between two bounds, or one of a list of values (equally likely). */
export type CountDistribution =
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number }
  | { readonly kind: 'list'; readonly values: readonly number[] };

/** How affiliated branches are counted: as the rulebook says, or forced one way for every rulebook. */
export type AffiliateCountingChoice = 'rulebook' | 'per-branch' | 'per-affiliate';
export const AFFILIATE_COUNTING_CHOICES: readonly AffiliateCountingChoice[] = ['rulebook', 'per-branch', 'per-affiliate'];

export interface PartyModel {
  readonly constituencies: number;
  readonly branches: CountDistribution;
  readonly affiliatedBranches: CountDistribution;
  /** Affiliates (unions, societies) the affiliated branches belong to, each branch to one chosen at random: used when each affiliate has one vote in total. */
  readonly affiliates: number;
  /** Members present at a branch's meeting, uniform between the bounds. */
  readonly attendance: { readonly min: number; readonly max: number };
  /** Mean of the members' support for a selection across constituencies (0–1). */
  readonly supportMean: number;
  /** Concentration of the beta distribution: large = every constituency near the mean; small = spread out. */
  readonly supportConcentration: number;
  /** Standard deviation of each branch's support around its constituency's, on the logit scale. */
  readonly branchNoise: number;
  /** Probability that a branch meets and votes. */
  readonly turnout: number;
  /** Probability that an affiliated branch votes. */
  readonly affiliateTurnout: number;
  /** Probability that an affiliated branch backs a selection, before correlation with the members. */
  readonly affiliateSupport: number;
  /** 0: affiliates ignore the members' mood; 1: an affiliated branch backs a selection with the members' probability. */
  readonly affiliateCorrelation: number;
  readonly affiliateCounting: AffiliateCountingChoice;
}

export const DEFAULT_MODEL: PartyModel = {
  constituencies: 650,
  branches: { kind: 'uniform', min: 8, max: 14 },
  affiliatedBranches: { kind: 'uniform', min: 0, max: 30 },
  affiliates: 6,
  attendance: { min: 10, max: 60 },
  supportMean: 0.35,
  supportConcentration: 8,
  branchNoise: 0.5,
  turnout: 0.85,
  affiliateTurnout: 0.7,
  affiliateSupport: 0.2,
  affiliateCorrelation: 0.5,
  affiliateCounting: 'rulebook',
};

/** Upper bounds that keep one run's work, and the tables, small. */
export const LIMITS = {
  constituencies: 5000,
  unitsPerConstituency: 200,
  affiliates: 50,
  attendance: 500,
  supportConcentration: 100_000,
  branchNoise: 5,
} as const;

/** One tunable number of the model, as the command line and the web form name it. */
export interface ModelParam {
  /** Kebab-case: the CLI flag and the web form field. */
  readonly name: string;
  readonly key: keyof PartyModel;
  readonly label: string;
  readonly help: string;
  /** 'share': a number from 0 to 1 (also accepted as a percentage "35%"); 'count': a whole number; 'range': "8-14" or a list "8,10,12"; 'positive': a number above 0. */
  readonly kind: 'share' | 'count' | 'range' | 'positive' | 'choice';
  readonly min?: number;
  readonly max?: number;
}

export const MODEL_PARAMS: readonly ModelParam[] = [
  { name: 'constituencies', key: 'constituencies', label: 'Constituencies', help: 'how many constituencies the party has', kind: 'count', min: 1, max: LIMITS.constituencies },
  { name: 'branches', key: 'branches', label: 'Branches per constituency', help: 'uniform "8-14", or a list "6,10,12" to draw from', kind: 'range', min: 0, max: LIMITS.unitsPerConstituency },
  { name: 'affiliated-branches', key: 'affiliatedBranches', label: 'Affiliated branches per constituency', help: 'uniform "0-30", or a list', kind: 'range', min: 0, max: LIMITS.unitsPerConstituency },
  { name: 'affiliates', key: 'affiliates', label: 'Affiliates', help: 'unions and societies the affiliated branches belong to (one vote each when counted per affiliate)', kind: 'count', min: 1, max: LIMITS.affiliates },
  { name: 'attendance', key: 'attendance', label: 'Members at a branch meeting', help: 'uniform "10-60"', kind: 'range', min: 1, max: LIMITS.attendance },
  { name: 'support-mean', key: 'supportMean', label: 'Members’ support for a selection (mean)', help: 'mean across constituencies, 0 to 1 or a percentage', kind: 'share' },
  { name: 'support-concentration', key: 'supportConcentration', label: 'Concentration of support', help: 'of the beta distribution: higher keeps constituencies nearer the mean', kind: 'positive', max: LIMITS.supportConcentration },
  { name: 'branch-noise', key: 'branchNoise', label: 'Branch noise', help: 'spread of each branch around its constituency, on the logit scale (0: none)', kind: 'positive', min: 0, max: LIMITS.branchNoise },
  { name: 'turnout', key: 'turnout', label: 'Branch turnout', help: 'probability that a branch meets and votes', kind: 'share' },
  { name: 'affiliate-turnout', key: 'affiliateTurnout', label: 'Affiliate turnout', help: 'probability that an affiliated branch votes', kind: 'share' },
  { name: 'affiliate-support', key: 'affiliateSupport', label: 'Affiliates’ support for a selection', help: 'probability that an affiliated branch backs one, before correlation', kind: 'share' },
  { name: 'affiliate-correlation', key: 'affiliateCorrelation', label: 'Affiliates follow members', help: '0: affiliates ignore the members; 1: they back a selection as often as the members', kind: 'share' },
  { name: 'affiliate-counting', key: 'affiliateCounting', label: 'Affiliates counted', help: 'rulebook (as each rulebook says), per-branch, or per-affiliate (one vote in total per affiliate)', kind: 'choice' },
];

/** "35%" or "0.35" → 0.35; null when not a number. */
function parseShare(text: string): number | null {
  const t = text.trim();
  const pct = /^([0-9]*\.?[0-9]+)\s*%$/.exec(t);
  if (pct) return Number(pct[1]) / 100;
  if (!/^[0-9]*\.?[0-9]+(e-?[0-9]+)?$/i.test(t)) return null;
  return Number(t);
}

function parseRange(text: string, p: ModelParam): Result<CountDistribution> {
  const t = text.trim();
  const lo = p.min ?? 0;
  const hi = p.max ?? Number.MAX_SAFE_INTEGER;
  const inRange = (n: number): boolean => Number.isSafeInteger(n) && n >= lo && n <= hi;
  const range = /^(\d+)\s*(?:-|–|\.\.)\s*(\d+)$/.exec(t);
  if (range) {
    const [min, max] = [Number(range[1]), Number(range[2])];
    if (!inRange(min) || !inRange(max)) return err('invalid-parameter', `${p.name}: the bounds must be whole numbers from ${lo} to ${hi}, not "${t}"`);
    if (min > max) return err('invalid-parameter', `${p.name}: the lower bound ${min} is above the upper bound ${max}`);
    return ok({ kind: 'uniform', min, max });
  }
  if (/^\d+(\s*,\s*\d+)*$/.test(t)) {
    const values = t.split(',').map((s) => Number(s.trim()));
    if (!values.every(inRange)) return err('invalid-parameter', `${p.name}: every value must be a whole number from ${lo} to ${hi}, not "${t}"`);
    if (values.length > 1000) return err('invalid-parameter', `${p.name}: at most 1000 values in a list`);
    return ok({ kind: 'list', values });
  }
  return err('invalid-parameter', `${p.name}: expected a range such as "8-14" or a list such as "6,10,12", not "${t}"`);
}

/**
 * The model with the given parameters (by kebab-case name, as text) over the
 * defaults; every problem is reported, one per line.
 */
export function modelFrom(given: Readonly<Record<string, string | undefined>>, base: PartyModel = DEFAULT_MODEL): Result<PartyModel> {
  const out: Record<string, unknown> = { ...base };
  const problems: string[] = [];
  for (const p of MODEL_PARAMS) {
    const raw = given[p.name];
    if (raw === undefined || raw.trim() === '') continue;
    const t = raw.trim();
    switch (p.kind) {
      case 'share': {
        const v = parseShare(t);
        if (v === null || !(v >= 0 && v <= 1)) problems.push(`${p.name}: must be a number from 0 to 1 (or a percentage such as 35%), not "${t}"`);
        else out[p.key] = v;
        break;
      }
      case 'positive': {
        const v = /^[0-9]*\.?[0-9]+$/.test(t) ? Number(t) : NaN;
        const min = p.min ?? 0;
        const max = p.max ?? Number.MAX_VALUE;
        const ok = p.min === undefined ? v > 0 && v <= max : v >= min && v <= max;
        if (!ok) problems.push(`${p.name}: must be a number ${p.min === undefined ? 'above 0' : `from ${min}`} up to ${max}, not "${t}"`);
        else out[p.key] = v;
        break;
      }
      case 'count': {
        const v = /^\d+$/.test(t) ? Number(t) : NaN;
        if (!Number.isSafeInteger(v) || v < (p.min ?? 0) || v > (p.max ?? Number.MAX_SAFE_INTEGER)) {
          problems.push(`${p.name}: must be a whole number from ${p.min ?? 0} to ${p.max}, not "${t}"`);
        } else out[p.key] = v;
        break;
      }
      case 'range': {
        const r = parseRange(t, p);
        if (!r.ok) problems.push(r.error.message);
        else if (p.key === 'attendance') {
          if (r.value.kind !== 'uniform') problems.push(`${p.name}: must be a range such as "10-60", not a list`);
          else out[p.key] = { min: r.value.min, max: r.value.max };
        } else out[p.key] = r.value;
        break;
      }
      case 'choice': {
        if (!(AFFILIATE_COUNTING_CHOICES as readonly string[]).includes(t)) problems.push(`${p.name}: must be one of ${AFFILIATE_COUNTING_CHOICES.join(', ')}, not "${t}"`);
        else out[p.key] = t;
        break;
      }
    }
  }
  if (problems.length > 0) return err('invalid-parameter', problems.join('\n'));
  return ok(out as unknown as PartyModel);
}

/** A parameter's value as text, the way `modelFrom` reads it back. */
export function paramText(model: PartyModel, p: ModelParam): string {
  const v = model[p.key];
  if (p.key === 'attendance') return `${model.attendance.min}-${model.attendance.max}`;
  if (p.kind === 'range') {
    const d = v as CountDistribution;
    return d.kind === 'uniform' ? `${d.min}-${d.max}` : d.values.join(',');
  }
  return String(v);
}

/** "uniform 8–14", "one of 6, 10, 12". */
export function distributionWords(d: CountDistribution): string {
  if (d.kind === 'uniform') return d.min === d.max ? `${d.min}` : `uniform ${d.min}–${d.max}`;
  const uniq = [...new Set(d.values)];
  return uniq.length === 1 ? `${uniq[0]}` : `one of ${d.values.join(', ')}`;
}

// ---- Unit decisions ------------------------------------------------------------------------

/** A unit's decision as the model draws it; a tied meeting is settled later, by each rulebook. */
export const YES = 0;
export const NO = 1;
export const TIE = 2;
export const ABSTAIN = 3;
export const ABSENT = 4;

/**
 * The per-constituency counts the fast evaluator reads (offsets into an
 * Int32Array of COUNTS_SIZE): branches by decision; affiliated branches by
 * decision, one vote each; and affiliates (when each has one vote in total)
 * by the decision of the majority of their branches here.
 */
export const C = {
  branchYes: 0,
  branchNo: 1,
  branchTie: 2,
  branchAbstain: 3,
  branchAbsent: 4,
  affYes: 5,
  affNo: 6,
  affAbstain: 7,
  affAbsent: 8,
  groupYes: 9,
  groupNo: 10,
  groupTie: 11,
  groupAbstain: 12,
  groupAbsent: 13,
} as const;
export const COUNTS_SIZE = 14;

// ---- The party's shape ----------------------------------------------------------------------

/** How many units each constituency has, and the affiliate of each affiliated branch, flat. */
export interface PartyShape {
  readonly constituencies: number;
  readonly branches: Uint16Array;
  readonly affiliated: Uint16Array;
  /** Affiliated branches of constituency c are affGroup[affStart[c] .. affStart[c + 1]). */
  readonly affStart: Int32Array;
  readonly affGroup: Uint8Array;
  readonly affiliates: number;
}

/** Derives independent seeds from one: the shape, the support and the units each get their own stream. */
export function streamSeed(seed: number, stream: number): number {
  let z = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca77)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x7feb352d) >>> 0;
  z = Math.imul(z ^ (z >>> 15), 0x846ca68b) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

const TWO32 = 4294967296;
const INV_TWO32 = 1 / TWO32;

function drawCount(d: CountDistribution, next: () => number): number {
  if (d.kind === 'uniform') return d.min + Math.floor((next() / TWO32) * (d.max - d.min + 1));
  return d.values[Math.floor((next() / TWO32) * d.values.length)];
}

export function buildShape(model: PartyModel, seed: number): PartyShape {
  const next = sfc32(streamSeed(seed, 0));
  const n = model.constituencies;
  const branches = new Uint16Array(n);
  const affiliated = new Uint16Array(n);
  const affStart = new Int32Array(n + 1);
  for (let c = 0; c < n; c++) {
    branches[c] = drawCount(model.branches, next);
    affiliated[c] = drawCount(model.affiliatedBranches, next);
    affStart[c + 1] = affStart[c] + affiliated[c];
  }
  const affGroup = new Uint8Array(affStart[n]);
  for (let i = 0; i < affGroup.length; i++) affGroup[i] = Math.floor((next() / TWO32) * model.affiliates);
  return { constituencies: n, branches, affiliated, affStart, affGroup, affiliates: model.affiliates };
}

// ---- Tables ---------------------------------------------------------------------------------

/** The branch's support on the logit scale, in steps of 1/LOGIT_STEPS between ±LOGIT_MAX. */
const LOGIT_STEPS = 64;
const LOGIT_MAX = 10;
export const LEVELS = 2 * LOGIT_MAX * LOGIT_STEPS + 1;

/** The support at a level of the table. */
export function levelSupport(level: number): number {
  return 1 / (1 + Math.exp(-(level / LOGIT_STEPS - LOGIT_MAX)));
}

/**
 * For a meeting of n members each voting for a selection with probability p
 * (every level p of the table): P(more for than against), and that plus
 * P(a tie). Built once per attendance and kept: the rows are pure functions
 * of n, so sharing them between simulations cannot change a result.
 */
const majorityRows = new Map<number, Float64Array>();

export function majorityRow(n: number): Float64Array {
  let t = majorityRows.get(n);
  if (t) return t;
  t = new Float64Array(2 * LEVELS);
  const logC = new Float64Array(n + 1);
  for (let k = 1; k <= n; k++) logC[k] = logC[k - 1] + Math.log((n - k + 1) / k);
  const half = n >> 1;
  const mid = (LEVELS - 1) / 2;
  for (let level = 0; level <= mid; level++) {
    // p ≤ 1/2 here, so the terms of the upper tail only fall from its first, and a first term too small for a double is negligible.
    const x = level / LOGIT_STEPS - LOGIT_MAX;
    // log p and log(1 - p) from the logit, without cancellation at either end.
    const lp = -Math.log1p(Math.exp(-x));
    const lq = -Math.log1p(Math.exp(x));
    const odds = Math.exp(lp - lq);
    let yes = 0;
    let term = half + 1 <= n ? Math.exp(logC[half + 1] + (half + 1) * lp + (n - half - 1) * lq) : 0;
    for (let k = half + 1; k <= n && term > 0; k++) {
      yes += term;
      term *= ((n - k) / (k + 1)) * odds;
    }
    const tie = n % 2 === 0 ? Math.exp(logC[half] + half * lp + half * lq) : 0;
    t[2 * level] = yes;
    t[2 * level + 1] = yes + tie;
    // The mirror level has p and 1 − p swapped: its "for" wins when this level's "against" would.
    const mirror = LEVELS - 1 - level;
    if (mirror !== level) {
      t[2 * mirror] = 1 - yes - tie;
      t[2 * mirror + 1] = 1 - yes;
    }
  }
  majorityRows.set(n, t);
  return t;
}

/**
 * The rows for attendances min..max, level by level: the branches of one
 * constituency look up levels near each other, so laying the attendances of
 * a level side by side keeps those lookups in the cache.
 */
function majorityTable(min: number, max: number): Float64Array {
  const span = max - min + 1;
  const t = new Float64Array(2 * LEVELS * span);
  for (let n = min; n <= max; n++) {
    const row = majorityRow(n);
    for (let level = 0; level < LEVELS; level++) {
      t[2 * (level * span + n - min)] = row[2 * level];
      t[2 * (level * span + n - min) + 1] = row[2 * level + 1];
    }
  }
  return t;
}

const QA = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
const QB = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155833381];
const QC = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const QD = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error below 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, not ${p}`);
  const [a, b, c, d] = [QA, QB, QC, QD];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

// ---- The support stream ---------------------------------------------------------------------

/** Uniform in (0, 1): never 0, so its logarithm is finite. */
const open01 = (u: number): number => (u + 0.5) / TWO32;

/** A standard normal deviate, by inverting the CDF at one draw. */
function gaussian(next: () => number): number {
  return normalQuantile(open01(next()));
}

/** A Gamma(shape, 1) deviate for shape ≥ 1 (Marsaglia and Tsang). */
function gamma(shape: number, next: () => number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = gaussian(next);
    let v = 1 + c * x;
    if (v <= 0) continue;
    v = v * v * v;
    const u = open01(next());
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** log of a Gamma(shape, 1) deviate: below shape 1, boosted from shape + 1 and kept in logs, where tiny shapes would underflow. */
function logGamma(shape: number, next: () => number): number {
  if (shape < 1) return Math.log(gamma(shape + 1, next)) + Math.log(open01(next())) / shape;
  return Math.log(gamma(shape, next));
}

/** A Beta(mean × k, (1 − mean) × k) deviate; the ends are exact: mean 0 gives 0, mean 1 gives 1. */
export function drawBeta(mean: number, concentration: number, next: () => number): number {
  if (mean <= 0) return 0;
  if (mean >= 1) return 1;
  const a = mean * concentration;
  const b = (1 - mean) * concentration;
  if (a >= 1 && b >= 1) {
    const x = gamma(a, next);
    return x / (x + gamma(b, next));
  }
  const lx = logGamma(mean * concentration, next);
  const ly = logGamma((1 - mean) * concentration, next);
  return 1 / (1 + Math.exp(ly - lx));
}

// ---- Drawing one round -------------------------------------------------------------------------

/**
 * Draws the units' decisions of each constituency in turn, for as many runs as
 * asked: `sample(c, counts)` fills `counts` (COUNTS_SIZE, see C) for
 * constituency c of the current run and returns the members' support there.
 * Constituencies must be drawn in order 0 .. n−1 in each run, as the streams
 * are consumed in that order.
 */
export class PartySampler {
  readonly shape: PartyShape;
  private readonly model: PartyModel;
  private readonly support: () => number;
  private readonly units: () => number;
  private readonly table: Float64Array;
  /** A branch's shift from its constituency, in table levels: the branch noise times 4096 normal quantiles (a small table, so it stays in the cache). */
  private readonly noiseShift: Float64Array;
  private readonly groupTally: Int32Array;
  private readonly decisions: Uint8Array;
  private readonly trace: boolean;
  private readonly byAffiliate: boolean;

  /**
   * `byAffiliate`: also count affiliates as single votes (needed only when a
   * rulebook counts them so). `trace`: keep each unit's decision for
   * `decisionsOf` (for tests; a little slower).
   */
  constructor(model: PartyModel, seed: number, options: { readonly shape?: PartyShape; readonly byAffiliate?: boolean; readonly trace?: boolean } = {}) {
    const shape = options.shape ?? buildShape(model, seed);
    this.trace = options.trace ?? false;
    this.byAffiliate = options.byAffiliate ?? true;
    this.model = model;
    this.shape = shape;
    this.support = sfc32(streamSeed(seed, 1));
    this.units = sfc32(streamSeed(seed, 2));
    this.table = majorityTable(model.attendance.min, model.attendance.max);
    this.noiseShift = new Float64Array(4096);
    for (let i = 0; i < 4096; i++) this.noiseShift[i] = model.branchNoise * LOGIT_STEPS * normalQuantile((i + 0.5) / 4096);
    this.groupTally = new Int32Array(3 * model.affiliates);
    let most = 0;
    for (let c = 0; c < shape.constituencies; c++) most = Math.max(most, shape.branches[c] + shape.affiliated[c]);
    this.decisions = new Uint8Array(most);
  }

  /**
   * Constituency c of the current run: fills `counts` and returns the
   * members' support there. When tracing, each unit's decision (YES, NO,
   * TIE, ABSTAIN, ABSENT) is left for `decisionsOf`: the branches, then the
   * affiliated branches in the shape's order.
   */
  sample(c: number, counts: Int32Array): number {
    const m = this.model;
    const next = this.units;
    const p = drawBeta(m.supportMean, m.supportConcentration, this.support);
    const decisions = this.decisions;
    const trace = this.trace;

    // Branches, three draws each whatever happens, so that every support level uses the same draws for the same unit.
    // Comparisons are made branch-free: -floor((u - at) / 2^32) is 1 when u < at and 0 otherwise, for u and at in [0, 2^32].
    const meetAt = Math.round(m.turnout * TWO32);
    const perMeeting = meetAt > 0 ? 1 / meetAt : 0;
    const span = m.attendance.max - m.attendance.min + 1;
    const shift = this.noiseShift;
    const table = this.table;
    const nb = this.shape.branches[c];
    // Support 0 or 1 is certain: no noise moves it, and every meeting is unanimous.
    const none = p <= 0;
    const all = p >= 1;
    // The constituency's level before noise, fractional (+ 0.5, so that flooring rounds to the nearest level).
    const base = none || all ? 0 : (Math.log(p / (1 - p)) + LOGIT_MAX) * LOGIT_STEPS + 0.5;
    const top = LEVELS - 1;
    let met = 0;
    let yes = 0;
    let yesOrTie = 0;
    for (let b = 0; b < nb; b++) {
      // The first draw says whether the branch meets and, rescaled to the meetings' share, how its vote falls.
      const uMeet = next();
      const uAtt = next();
      const uNoise = next();
      const meets = -Math.floor((uMeet - meetAt) * INV_TWO32);
      // In [0, 1) when the branch meets; otherwise meaningless, and masked by `meets`.
      const u = (uMeet + 0.5) * perMeeting;
      let x = base + shift[uNoise >>> 20];
      x = x < 0 ? 0 : x > top ? top : x;
      const at = 2 * (Math.floor(x) * span + Math.floor(uAtt * INV_TWO32 * span));
      const pYes = none ? 0 : all ? 1 : table[at];
      const pYesOrTie = none ? 0 : all ? 1 : table[at + 1];
      const y = meets * -Math.floor(u - pYes);
      const yt = meets * -Math.floor(u - pYesOrTie);
      met += meets;
      yes += y;
      yesOrTie += yt;
      if (trace) decisions[b] = meets === 0 ? ABSENT : y === 1 ? YES : yt === 1 ? TIE : NO;
    }
    counts[C.branchYes] = yes;
    counts[C.branchNo] = met - yesOrTie;
    counts[C.branchTie] = yesOrTie - yes;
    counts[C.branchAbstain] = 0;
    counts[C.branchAbsent] = nb - met;

    // Affiliated branches: one draw each, below yesAt backing a selection, then below voteAt against, above that not voting.
    const voteAt = Math.round(m.affiliateTurnout * TWO32);
    const yesAt = Math.round(voteAt * ((1 - m.affiliateCorrelation) * m.affiliateSupport + m.affiliateCorrelation * p));
    const start = this.shape.affStart[c];
    const end = this.shape.affStart[c + 1];
    const keep = trace || this.byAffiliate;
    let aYes = 0;
    let aNo = 0;
    for (let i = start; i < end; i++) {
      const u = next();
      const y = -Math.floor((u - yesAt) * INV_TWO32);
      const n = -Math.floor((u - voteAt) * INV_TWO32) - y;
      aYes += y;
      aNo += n;
      if (keep) decisions[nb + i - start] = y === 1 ? YES : n === 1 ? NO : ABSENT;
    }
    counts[C.affYes] = aYes;
    counts[C.affNo] = aNo;
    counts[C.affAbstain] = 0;
    counts[C.affAbsent] = end - start - aYes - aNo;
    if (this.byAffiliate) this.countAffiliates(c, counts);
    else for (let k = C.groupYes; k <= C.groupAbsent; k++) counts[k] = 0;
    return p;
  }

  /** Affiliates with a branch in constituency c, each decided by the majority of its branches there that voted. */
  private countAffiliates(c: number, counts: Int32Array): void {
    const groups = this.groupTally;
    const nGroups = this.shape.affiliates;
    groups.fill(0);
    const group = this.shape.affGroup;
    const start = this.shape.affStart[c];
    const end = this.shape.affStart[c + 1];
    const first = this.shape.branches[c] - start;
    for (let i = start; i < end; i++) {
      const g = 3 * group[i];
      const d = this.decisions[first + i];
      if (d === YES) groups[g]++;
      else if (d === NO) groups[g + 1]++;
      groups[g + 2]++;
    }
    let gYes = 0;
    let gNo = 0;
    let gTie = 0;
    let gAbsent = 0;
    for (let g = 0; g < nGroups; g++) {
      if (groups[3 * g + 2] === 0) continue;
      const y = groups[3 * g];
      const n = groups[3 * g + 1];
      if (y > n) gYes++;
      else if (n > y) gNo++;
      else if (y > 0) gTie++;
      else gAbsent++;
    }
    counts[C.groupYes] = gYes;
    counts[C.groupNo] = gNo;
    counts[C.groupTie] = gTie;
    counts[C.groupAbstain] = 0;
    counts[C.groupAbsent] = gAbsent;
  }

  /** The decisions of the units of the constituency last sampled (valid until the next `sample`). */
  decisionsOf(c: number): Uint8Array {
    return this.decisions.subarray(0, this.shape.branches[c] + this.shape.affiliated[c]);
  }
}
