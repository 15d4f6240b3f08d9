/**
 * The trigger outcome from counts, fast: the same decision as
 * src/domain/trigger-outcome.ts's `evaluateTrigger`, without building the
 * arithmetic in words, for millions of constituencies a second.
 *
 * A rulebook is compiled once into plain numbers; a constituency is the
 * integer counts of src/simulate/decisions.ts's layout (`C`). Shares are compared
 * by cross-multiplying whole numbers, exactly: in doubles while every product
 * stays below 2^53, in BigInt beyond. The tests check agreement with
 * `evaluateTrigger` on random parties and random rulebooks.
 */
import { silentClassOf, type Rulebook } from '../domain/rulebook.js';
import type { UnitResult } from '../domain/trigger-outcome.js';
import { C, COUNTS_SIZE } from './decisions.js';

export const MANDATORY = 0;
export const POOLED = 1;
export const EITHER_CLASS = 2;
export const COLLEGE = 3;

export interface CompiledRule {
  readonly kind: typeof MANDATORY | typeof POOLED | typeof EITHER_CLASS | typeof COLLEGE;
  /** A tied meeting (or a tied affiliate) counts as a no; otherwise it abstains. */
  readonly tieNo: boolean;
  /** Each affiliate has one vote in total, made by the majority of its branches. */
  readonly perAffiliate: boolean;
  /** Threshold num/den; inclusive: at or above. */
  readonly tNum: number;
  readonly tDen: number;
  readonly inclusive: boolean;
  /** College weights, num/den. */
  readonly wbNum: number;
  readonly wbDen: number;
  readonly waNum: number;
  readonly waDen: number;
  /** College: a silent class counts as no (rather than the other class being the whole result). */
  readonly silentZero: boolean;
}

export class NotUnitVotes extends Error {
  override readonly name = 'NotUnitVotes';
}

/** Compiles a rulebook holding unit votes (trigger ballot) or none (mandatory reselection); a members' meeting throws NotUnitVotes. */
export function compileRule(rb: Rulebook): CompiledRule {
  const review = rb.incumbentReview;
  const none = { tieNo: true, perAffiliate: false, tNum: 0, tDen: 1, inclusive: true, wbNum: 0, wbDen: 1, waNum: 0, waDen: 1, silentZero: false };
  if (review.kind === 'mandatory-reselection') return { kind: MANDATORY, ...none };
  if (review.kind === 'members-meeting')
    throw new NotUnitVotes(`${rb.id} readopts at a members' meeting, not by unit votes, so the synthetic party cannot evaluate it`);
  const base = {
    ...none,
    tieNo: review.unitVote.tie === 'no',
    perAffiliate: review.affiliateCounting === 'per-affiliate',
    tNum: review.combine.threshold.share.num,
    tDen: review.combine.threshold.share.den,
    inclusive: review.combine.threshold.inclusive,
  };
  const c = review.combine;
  switch (c.kind) {
    case 'pooled':
      return { ...base, kind: POOLED };
    case 'either-class':
      return { ...base, kind: EITHER_CLASS };
    case 'college':
      return {
        ...base,
        kind: COLLEGE,
        wbNum: c.weights.branch.num,
        wbDen: c.weights.branch.den,
        waNum: c.weights.affiliate.num,
        waDen: c.weights.affiliate.den,
        silentZero: silentClassOf(c) === 'zero',
      };
  }
}

const SAFE = 2 ** 53;

/** The threshold's comparison of two exact products: at or above when inclusive, strictly above otherwise. */
function reaches(lhs: number, rhs: number, inclusive: boolean): boolean {
  return inclusive ? lhs >= rhs : lhs > rhs;
}

/** yes/voting against the threshold; voting > 0. */
function shareMeets(r: CompiledRule, yes: number, voting: number): boolean {
  const l = yes * r.tDen;
  const rr = r.tNum * voting;
  if (l < SAFE && rr < SAFE) return reaches(l, rr, r.inclusive);
  const lb = BigInt(yes) * BigInt(r.tDen);
  const rb = BigInt(r.tNum) * BigInt(voting);
  return r.inclusive ? lb >= rb : lb > rb;
}

/** (wNum/wDen)·(yes/voting) against the threshold; voting > 0. */
function weightedMeets(r: CompiledRule, wNum: number, wDen: number, yes: number, voting: number): boolean {
  const l = wNum * yes * r.tDen;
  const rr = r.tNum * wDen * voting;
  if (l < SAFE && rr < SAFE) return reaches(l, rr, r.inclusive);
  const lb = BigInt(wNum) * BigInt(yes) * BigInt(r.tDen);
  const rb = BigInt(r.tNum) * BigInt(wDen) * BigInt(voting);
  return r.inclusive ? lb >= rb : lb > rb;
}

/** wb·by/vb + wa·ay/va against the threshold; vb, va > 0. */
function collegeMeets(r: CompiledRule, by: number, vb: number, ay: number, va: number): boolean {
  const l = (r.wbNum * by * r.waDen * va + r.waNum * ay * r.wbDen * vb) * r.tDen;
  const rr = r.tNum * r.wbDen * vb * r.waDen * va;
  if (l < SAFE && rr < SAFE) return reaches(l, rr, r.inclusive);
  const B = BigInt;
  const lb = (B(r.wbNum) * B(by) * B(r.waDen) * B(va) + B(r.waNum) * B(ay) * B(r.wbDen) * B(vb)) * B(r.tDen);
  const rb = B(r.tNum) * B(r.wbDen) * B(vb) * B(r.waDen) * B(va);
  return r.inclusive ? lb >= rb : lb > rb;
}

/** Whether the incumbent is triggered (a selection is held) in the constituency whose counts start at `at`. */
export function isTriggered(r: CompiledRule, counts: Int32Array, at = 0): boolean {
  if (r.kind === MANDATORY) return true;
  // A constituency's counts are COUNTS_SIZE long from `at`, and every offset of C is below that.
  const by = counts[at + C.branchYes]!;
  const bn = counts[at + C.branchNo]! + (r.tieNo ? counts[at + C.branchTie]! : 0);
  let ay: number;
  let an: number;
  if (r.perAffiliate) {
    ay = counts[at + C.groupYes]!;
    an = counts[at + C.groupNo]! + (r.tieNo ? counts[at + C.groupTie]! : 0);
  } else {
    ay = counts[at + C.affYes]!;
    an = counts[at + C.affNo]!;
  }
  const vb = by + bn;
  const va = ay + an;
  // Nobody voted: nothing can reach the threshold.
  if (vb + va === 0) return false;
  switch (r.kind) {
    case POOLED:
      return shareMeets(r, by + ay, vb + va);
    case EITHER_CLASS:
      return (vb > 0 && shareMeets(r, by, vb)) || (va > 0 && shareMeets(r, ay, va));
    case COLLEGE:
      if (vb === 0) return r.silentZero ? weightedMeets(r, r.waNum, r.waDen, ay, va) : shareMeets(r, ay, va);
      if (va === 0) return r.silentZero ? weightedMeets(r, r.wbNum, r.wbDen, by, vb) : shareMeets(r, by, vb);
      return collegeMeets(r, by, vb, ay, va);
  }
  return false;
}

/**
 * The counts of recorded unit results (decisions already made: a tied meeting
 * is already a no or an abstention), in the layout `isTriggered` reads.
 * Affiliated branches are grouped by affiliate as `evaluateTrigger` groups them
 * (one without a named affiliate is an affiliate of its own); a group's tie is
 * left for the rulebook to settle.
 */
export function countsOfUnits(units: readonly UnitResult[]): Int32Array {
  // Every offset of C is below COUNTS_SIZE.
  const k = new Int32Array(COUNTS_SIZE);
  const groups = new Map<string, { yes: number; no: number; abstain: number }>();
  for (const u of units) {
    if (u.class === 'branch') {
      k[u.decision === 'yes' ? C.branchYes : u.decision === 'no' ? C.branchNo : u.decision === 'abstain' ? C.branchAbstain : C.branchAbsent]!++;
      continue;
    }
    k[u.decision === 'yes' ? C.affYes : u.decision === 'no' ? C.affNo : u.decision === 'abstain' ? C.affAbstain : C.affAbsent]!++;
    const name = u.affiliate && u.affiliate.trim() !== '' ? u.affiliate : u.unit;
    let g = groups.get(name);
    if (!g) groups.set(name, (g = { yes: 0, no: 0, abstain: 0 }));
    if (u.decision === 'yes') g.yes++;
    else if (u.decision === 'no') g.no++;
    else if (u.decision === 'abstain') g.abstain++;
  }
  for (const g of groups.values()) {
    if (g.yes > g.no) k[C.groupYes]!++;
    else if (g.no > g.yes) k[C.groupNo]!++;
    else if (g.yes > 0) k[C.groupTie]!++;
    else if (g.abstain > 0) k[C.groupAbstain]!++;
    else k[C.groupAbsent]!++;
  }
  return k;
}
