/**
 * Sure losers, as Minneapolis's ordinance (167.20, "mathematically impossible to
 * be elected") and the PR Foundation's WIGM reference rule (B.2) define them: the
 * largest group of lowest hopeful candidates whose votes together, with every
 * surplus not yet transferred, stay below the votes of the lowest hopeful
 * outside the group, leaving at least as many hopefuls as seats to fill. Equal
 * votes are never split: a group ending between two equal candidates cannot be
 * below the next one's votes.
 */
import type { Arithmetic } from '../arithmetic.js';

/** The sure losers among `hopeful`, by index; empty when there are none. */
export function sureLosers<V>(ar: Arithmetic<V>, hopeful: readonly number[], vote: (c: number) => V, surplus: V, seatsLeft: number): number[] {
  const sorted = [...hopeful].sort((a, b) => ar.cmp(vote(a), vote(b)) || a - b);
  const maxDefeat = sorted.length - seatsLeft;
  let total = surplus;
  let losers: number[] = [];
  for (let k = 0; k + 1 < sorted.length && k + 1 <= maxDefeat; k++) {
    total = ar.add(total, vote(sorted[k] ?? 0));
    if (ar.cmp(total, vote(sorted[k + 1] ?? 0)) < 0) losers = sorted.slice(0, k + 1);
  }
  return losers.sort((a, b) => a - b);
}
