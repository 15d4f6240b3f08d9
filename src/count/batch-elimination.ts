/**
 * RCTab's batch elimination, written once for `irv` (whole votes) and the RCTab
 * tabulator (decimals): every candidate whose votes, added to those of all the
 * candidates below them, are fewer than the next candidate's total is eliminated
 * at once, since together they could not overtake anyone.
 */

/** The sums batch elimination needs of a vote value. */
export interface VoteSums<V> {
  readonly zero: V;
  add(a: V, b: V): V;
  cmp(a: V, b: V): number;
}

/**
 * The candidates to eliminate together, fewest votes first, or [] when the rule
 * would take fewer than two (the caller then eliminates the lowest alone).
 * `ascending`: the candidates in the count, by votes, ties in a fixed order.
 * `keepTwo` (continue until two candidates remain): a batch that would leave a
 * single candidate stops at the batch before it.
 */
export function batchEliminated<V>(ascending: readonly number[], votesOf: (c: number) => V, sums: VoteSums<V>, keepTwo: boolean): number[] {
  let running = sums.zero;
  let seen = 0;
  let cut = 0; // ascending[0 .. cut) are eliminated
  let previousCut = 0;
  for (let k = 0; k < ascending.length; ) {
    // k < length in both reads below.
    const v = votesOf(ascending[k]!);
    // Equal to the next total is not enough: those below could still draw level.
    if (sums.cmp(running, v) < 0 && seen > cut) {
      previousCut = cut;
      cut = seen;
    }
    while (k < ascending.length && sums.cmp(votesOf(ascending[k]!), v) === 0) {
      running = sums.add(running, v);
      seen++;
      k++;
    }
  }
  if (keepTwo && ascending.length - cut === 1) cut = previousCut;
  return cut > 1 ? ascending.slice(0, cut) : [];
}
