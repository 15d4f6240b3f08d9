/**
 * One way of drawing, for one round of incumbent reviews, what every unit of the
 * synthetic party decides.
 *
 * Everything is pure and seeded (src/count/prng.ts's sfc32), and the hot path
 * keeps no object per unit: typed arrays and integer counts only. Two streams
 * are used, one for the members' support and one for everything else, so that
 * the same seed at two support levels gives every unit the same draws: the
 * triggered share then changes smoothly with support, which the flip-point
 * bisection relies on.
 */
import { sfc32 } from '../count/prng.js';
import { ABSENT, C, NO, TIE, YES } from './decisions.js';
import { INV_TWO32, TWO32, drawBeta, normalQuantile, streamSeed } from './deviates.js';
import { LEVELS, LOGIT_MAX, LOGIT_STEPS, majorityTable } from './majority-table.js';
import type { PartyModel } from './model.js';
import { buildShape, type PartyShape } from './shape.js';

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
    for (let c = 0; c < shape.constituencies; c++) most = Math.max(most, shape.branches[c]! + shape.affiliated[c]!);
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
    const start = this.shape.affStart[c];
    const end = this.shape.affStart[c + 1];
    if (nb === undefined || start === undefined || end === undefined) throw new RangeError(`no constituency ${c} in a party of ${this.shape.constituencies}`);
    // Support 0 or 1 is certain: no noise moves it, and every meeting is unanimous.
    const none = p <= 0;
    const all = p >= 1;
    // The constituency's level before noise, fractional (+ 0.5, so that flooring rounds to the nearest level).
    const base = none || all ? 0 : (Math.log(p / (1 - p)) + LOGIT_MAX) * LOGIT_STEPS + 0.5;
    const top = LEVELS - 1;
    let met = 0;
    let yes = 0;
    let yesOrTie = 0;
    // Unchecked reads in the hot loops: a branch's noise index (uNoise >>> 20) is below 2^12, the size
    // of `shift`; `at` is clamped to the table; decisions has room for the largest constituency.
    for (let b = 0; b < nb; b++) {
      // The first draw says whether the branch meets and, rescaled to the meetings' share, how its vote falls.
      const uMeet = next();
      const uAtt = next();
      const uNoise = next();
      const meets = -Math.floor((uMeet - meetAt) * INV_TWO32);
      // In [0, 1) when the branch meets; otherwise meaningless, and masked by `meets`.
      const u = (uMeet + 0.5) * perMeeting;
      let x = base + shift[uNoise >>> 20]!;
      x = x < 0 ? 0 : x > top ? top : x;
      const at = 2 * (Math.floor(x) * span + Math.floor(uAtt * INV_TWO32 * span));
      const pYes = none ? 0 : all ? 1 : table[at]!;
      const pYesOrTie = none ? 0 : all ? 1 : table[at + 1]!;
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
    if (this.byAffiliate) this.countAffiliates(nb, start, end, counts);
    else for (let k = C.groupYes; k <= C.groupAbsent; k++) counts[k] = 0;
    return p;
  }

  /**
   * Affiliates with a branch in the constituency just drawn (nb branches, affiliated branches start..end
   * of the shape), each decided by the majority of its branches there that voted.
   */
  private countAffiliates(nb: number, start: number, end: number, counts: Int32Array): void {
    const groups = this.groupTally;
    const nGroups = this.shape.affiliates;
    groups.fill(0);
    const group = this.shape.affGroup;
    const first = nb - start;
    // i is within the shape's affiliated branches; each names an affiliate below nGroups, and
    // groupTally holds three counts for each.
    for (let i = start; i < end; i++) {
      const g = 3 * group[i]!;
      const d = this.decisions[first + i];
      if (d === YES) groups[g]!++;
      else if (d === NO) groups[g + 1]!++;
      groups[g + 2]!++;
    }
    let gYes = 0;
    let gNo = 0;
    let gTie = 0;
    let gAbsent = 0;
    for (let g = 0; g < nGroups; g++) {
      if (groups[3 * g + 2] === 0) continue;
      const y = groups[3 * g]!;
      const n = groups[3 * g + 1]!;
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
    const units = (this.shape.branches[c] ?? 0) + (this.shape.affiliated[c] ?? 0);
    return this.decisions.subarray(0, units);
  }
}
