/** What the sampler draws for each unit, and the per-constituency counts the fast evaluator reads. */

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
