/**
 * Minimum representation (e.g. at least 4 of 9 seats to women).
 *
 * Enforcement ("exclude when binding"): the count runs by its own rule until a
 * minimum binds, that is, until the seats left equal the seats still owed to the
 * group. From then on no candidate outside the group may be elected: any who are
 * continuing are excluded (their votes transfer as in any exclusion), and one
 * who reaches the quota in the same stage as that point is passed over. Each such
 * exclusion is recorded with the reason "constraint". And while a group has no more
 * continuing candidates than the seats it is owed, none of them is excluded for
 * having fewest votes (the next lowest outside the group goes instead). Rules are
 * checked one by one.
 *
 * `account` says, for the record, which minimum excluded or protected whom, so
 * that no such exclusion reads as if the candidate simply had fewest votes.
 */
import type { Candidate, Election } from './ballots.js';
import { present } from './checked.js';
import type { CountMethod } from './method.js';
import type { OptionValues } from './options.js';
import type { CountRecord, RepresentationEffect, RepresentationRule, UnderMinimum } from './record.js';

export const ENFORCEMENT =
  'exclude when binding: once the seats left equal the seats a group is still owed, every continuing candidate outside it is excluded; ' +
  'a group member is never excluded for fewest votes while the group has no more continuing candidates than the seats it is owed';

export class Representation {
  constructor(
    readonly rules: readonly RepresentationRule[],
    private readonly candidates: readonly Candidate[],
  ) {}

  get active(): boolean {
    return this.rules.length > 0;
  }

  private inGroup(c: number, r: RepresentationRule): boolean {
    return present(this.candidates[c], 'a candidate').attributes[r.attribute] === r.value;
  }

  private owed(r: RepresentationRule, elected: readonly number[]): number {
    return Math.max(0, r.minimum - elected.filter((c) => this.inGroup(c, r)).length);
  }

  /** Whether electing `c` now still leaves every minimum reachable. */
  canElect(c: number, elected: readonly number[], seatsLeft: number): boolean {
    return this.rules.every((r) => this.inGroup(c, r) || this.owed(r, elected) <= seatsLeft - 1);
  }

  /**
   * Group members who must not be excluded: while a group has no more continuing
   * candidates than the seats it is still owed, excluding one would make its minimum
   * impossible to meet.
   */
  protectedFrom(continuing: readonly number[], elected: readonly number[]): Set<number> {
    const out = new Set<number>();
    for (const r of this.rules) {
      const members = continuing.filter((c) => this.inGroup(c, r));
      if (members.length <= this.owed(r, elected)) for (const c of members) out.add(c);
    }
    return out;
  }

  /**
   * Continuing candidates who may be excluded for fewest votes, in the order given.
   * When conflicting minimums protect everyone the count must still exclude someone,
   * so then all of them may be.
   */
  excludable(continuing: readonly number[], elected: readonly number[]): number[] {
    const safe = this.protectedFrom(continuing, elected);
    const ok = continuing.filter((c) => !safe.has(c));
    return ok.length > 0 ? ok : [...continuing];
  }

  /**
   * Whether `out` may be excluded together. A batch needs its own check: each of
   * its members may be unprotected alone while together they would leave their
   * group fewer continuing candidates than the seats it is still owed. For one
   * candidate this is exactly "not protected".
   */
  mayExcludeAll(out: readonly number[], continuing: readonly number[], elected: readonly number[]): boolean {
    return this.rules.every((r) => {
      if (!out.some((c) => this.inGroup(c, r))) return true;
      const left = continuing.filter((c) => this.inGroup(c, r) && !out.includes(c)).length;
      return left >= this.owed(r, elected);
    });
  }

  /** Continuing candidates who can no longer be elected without breaking a minimum. */
  mustExclude(continuing: readonly number[], elected: readonly number[], seatsLeft: number): number[] {
    return continuing.filter((c) => !this.canElect(c, elected, seatsLeft));
  }

  /**
   * Why `out` leave the count, as far as a minimum had a part in it: the minimums
   * that bind (the seats left are all owed to a group `out` are not in) or that
   * protect a group member with fewer votes than one of `out`, and those members.
   * `continuing` is the count before the exclusion (`out` included); `fewer(a, b)`
   * says whether a has fewer votes than b. Undefined when no minimum had a part,
   * unless `constrained` (the rule excluded them for a minimum it already checked,
   * e.g. passed over at the quota): then the minimums whose groups they are outside.
   */
  account(
    out: readonly number[],
    continuing: readonly number[],
    elected: readonly number[],
    seatsLeft: number,
    fewer: (a: number, b: number) => boolean,
    constrained = false,
  ): UnderMinimum | undefined {
    const rules: number[] = [];
    const kept = new Set<number>();
    const keptBy = (r: RepresentationRule): number[] => continuing.filter((c) => !out.includes(c) && this.inGroup(c, r) && out.some((x) => fewer(c, x)));
    this.rules.forEach((r, i) => {
      const owed = this.owed(r, elected);
      const outsider = out.some((c) => !this.inGroup(c, r));
      const binds = outsider && owed > 0 && owed >= seatsLeft;
      const members = continuing.filter((c) => this.inGroup(c, r));
      const shielded = members.length > 0 && members.length <= owed ? keptBy(r) : [];
      if (binds || shielded.length > 0) {
        rules.push(i);
        for (const c of keptBy(r)) kept.add(c);
      }
    });
    if (rules.length === 0 && constrained) {
      this.rules.forEach((r, i) => {
        if (!out.some((c) => !this.inGroup(c, r))) return;
        rules.push(i);
        for (const c of keptBy(r)) kept.add(c);
      });
    }
    if (rules.length === 0) return undefined;
    return { rules, protected: [...kept].sort((a, b) => a - b) };
  }
}

/**
 * Whether the minimums of `record` changed who was elected: the same rule, the
 * same ballots and options, counted again without them. A reader of a result
 * cannot see this from the stages, where a protected candidate may still win on
 * transfers the minimum did not decide.
 */
export function representationEffect(method: CountMethod, election: Election, options: OptionValues, record: CountRecord): RepresentationEffect {
  const without = method.count(election, { ...options, minimum: null }).elected;
  return {
    electedWithout: [...without],
    gained: record.elected.filter((c) => !without.includes(c)),
    displaced: without.filter((c) => !record.elected.includes(c)),
  };
}
