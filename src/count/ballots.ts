/**
 * Elections and ballots as the counting rules see them.
 *
 * Identical rankings are merged as they arrive, so a million ballots become a
 * few thousand weighted ones, stored in flat typed arrays rather than objects.
 *
 * A ranking is a list of ranks; each rank holds zero candidates (a skipped
 * rank), one (the usual case) or several (an overvote / equal ranking). It is
 * encoded as a run of int32 tokens:
 *   c >= 0       candidate c opens a new rank
 *   SKIP (-1)    an empty rank
 *   -2 - c       candidate c shares the rank opened by the token before it
 */

import { RankingMerger } from './merge.js';
import { present } from './checked.js';

export const SKIP = -1;

export interface Candidate {
  readonly name: string;
  /** Free-form attributes (e.g. gender) used by representation constraints. */
  readonly attributes: Readonly<Record<string, string>>;
}

export interface Election {
  readonly title: string;
  readonly candidates: readonly Candidate[];
  /** Seats to fill, when the source says (BLT does). */
  readonly seats: number | undefined;
  /** Indexes of withdrawn candidates: ignored on every ballot. */
  readonly withdrawn: readonly number[];
  readonly ballots: BallotSet;
  /**
   * A tie-break order the source declares (Droop's BLT `[tie …]`): candidate
   * indexes, each once. Read as Droop reads it: in any tie the first listed of
   * the tied candidates is chosen, whether to elect, to transfer or to exclude.
   */
  readonly tieOrder?: readonly number[];
  /** Short names, one per candidate, that the source used for them (Droop's BLT `[nick …]`). */
  readonly nicknames?: readonly string[];
  /** Counting options the source asks for (Droop's BLT `[droop …]`), as written, e.g. `meek`, `precision=18`. */
  readonly countOptions?: readonly string[];
  /** The line of the source each of `countOptions` was read from, so that a word the count refuses can be pointed to. */
  readonly countOptionLines?: readonly number[];
  /** Undeclared write-in candidates (Droop's BLT `[undeclared …]`), whom Minneapolis's rule defeats first. */
  readonly undeclared?: readonly number[];
}

/** Distinct rankings with their multiplicities. */
export interface BallotSet {
  /** Number of distinct rankings. */
  readonly size: number;
  /** Tokens of ranking i are tokens[offsets[i] .. offsets[i+1]). */
  readonly tokens: Int32Array;
  readonly offsets: Uint32Array;
  /** How many ballots carry ranking i (a positive integer). */
  readonly weights: readonly bigint[];
  /** Sum of all weights: the number of ballots. */
  readonly total: bigint;
}

/** A rank as a list of candidate indexes: [] skipped, [c] usual, [c, d, …] overvote. */
export type Rank = readonly number[];

/** Decodes ranking i into its ranks. */
export function ranksOf(set: BallotSet, i: number): Rank[] {
  const ranks: number[][] = [];
  const start = present(set.offsets[i], 'a ranking’s offset');
  const end = present(set.offsets[i + 1], 'a ranking’s end');
  for (const t of set.tokens.subarray(start, end)) {
    if (t >= 0) ranks.push([t]);
    else if (t === SKIP) ranks.push([]);
    else present(ranks[ranks.length - 1], 'the rank an overvote continues').push(-2 - t);
  }
  return ranks;
}

/** Encodes ranks into tokens (appending to `out`). */
export function encodeRanks(ranks: readonly Rank[], out: number[]): void {
  for (const rank of ranks) {
    if (rank.length === 0) {
      out.push(SKIP);
      continue;
    }
    const [first, ...more] = rank;
    out.push(present(first, 'a rank’s first candidate'));
    for (const c of more) out.push(-2 - c);
  }
}

/** Collects ballots, merging identical rankings. */
export class BallotSetBuilder {
  private readonly merger = new RankingMerger();
  private readonly scratch: number[] = [];

  /** Adds `weight` ballots ranked as `ranks`. Trailing skipped ranks are dropped. */
  add(ranks: readonly Rank[], weight: bigint = 1n): void {
    const tokens = this.scratch;
    tokens.length = 0;
    encodeRanks(ranks, tokens);
    this.merger.add(tokens, tokens.length, weight);
  }

  /** Adds an already-encoded ranking. */
  addTokens(tokens: readonly number[], weight: bigint = 1n): void {
    this.merger.add(tokens, tokens.length, weight);
  }

  get size(): number {
    return this.merger.distinct;
  }

  build(): BallotSet {
    return this.merger.build();
  }
}

/** Convenience for tests and small callers: builds an election from plain data. */
export function election(spec: {
  title?: string;
  candidates: readonly (string | Candidate)[];
  seats?: number;
  withdrawn?: readonly number[] | undefined;
  ballots: readonly { ranks: readonly (number | Rank)[]; weight?: number | bigint }[];
}): Election {
  const b = new BallotSetBuilder();
  for (const ballot of spec.ballots) {
    const ranks = ballot.ranks.map((r) => (typeof r === 'number' ? [r] : r));
    b.add(ranks, BigInt(ballot.weight ?? 1));
  }
  return {
    title: spec.title ?? '',
    candidates: spec.candidates.map((c) => (typeof c === 'string' ? { name: c, attributes: {} } : c)),
    seats: spec.seats,
    withdrawn: spec.withdrawn ?? [],
    ballots: b.build(),
  };
}
