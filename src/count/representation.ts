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
 */
import type { Candidate } from './ballots.js';
import type { RepresentationRule } from './record.js';

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
    return this.candidates[c].attributes[r.attribute] === r.value;
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
}
