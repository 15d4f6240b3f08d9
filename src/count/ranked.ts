/**
 * Counting ballots that name candidates by id, as a ballot box, a bulletin
 * board or a process step holds them: the one reading of such a ballot that the
 * count step, the results, the board and `hustings verify` all share.
 *
 * Each id becomes its candidate's rank, one candidate per rank, exactly as
 * ranked: a candidate ranked twice stays twice, so the method's own ballot
 * rules (prepareBallots: `exhaustOnDuplicate`, RCTab's repeated-ranking
 * setting) decide what the repeat does, identically wherever a count is run.
 * Reading ballots any other way here would let two paths disagree.
 */
import { BallotSetBuilder, type Election } from './ballots.js';
import { count } from './methods/index.js';
import type { OptionValue } from './options.js';
import type { CountRecord } from './record.js';

export interface RankedCandidate {
  readonly id: string;
  readonly name: string;
  /** Withdrawn before the count: ignored on every ballot. */
  readonly withdrawn: boolean;
  readonly attributes?: Readonly<Record<string, string>>;
}

export interface RankedContest {
  readonly title: string;
  /** In ballot-paper order: the record's candidate numbers index this list. */
  readonly candidates: readonly RankedCandidate[];
  readonly seats: number;
  /** Candidate ids, first preference first; `count` ballots carry the ranking (1 if not given). */
  readonly ballots: Iterable<{ readonly ranking: readonly string[]; readonly count?: number }>;
}

/** A ballot naming someone who is not on the paper: it cannot be read, so nothing is counted. */
export class UnknownCandidateError extends Error {
  override readonly name = 'UnknownCandidateError';
  constructor(
    readonly candidate: string,
    readonly ballot: number,
    known: readonly string[],
  ) {
    super(`ballot ${ballot + 1} ranks "${candidate}", who is not on the ballot paper (candidates: ${known.join(', ')})`);
  }
}

/** The contest as the counting rules see it. Throws UnknownCandidateError. */
export function rankedElection(contest: RankedContest): Election {
  const index = new Map(contest.candidates.map((c, i) => [c.id, i]));
  const builder = new BallotSetBuilder();
  const tokens: number[] = [];
  let k = 0;
  for (const b of contest.ballots) {
    tokens.length = 0;
    for (const id of b.ranking) {
      const at = index.get(id);
      if (at === undefined) throw new UnknownCandidateError(id, k, [...index.keys()]);
      tokens.push(at);
    }
    builder.addTokens(tokens, BigInt(b.count ?? 1));
    k++;
  }
  return {
    title: contest.title,
    candidates: contest.candidates.map((c) => ({ name: c.name, attributes: { ...(c.attributes ?? {}) } })),
    seats: contest.seats,
    withdrawn: contest.candidates.flatMap((c, i) => (c.withdrawn ? [i] : [])),
    ballots: builder.build(),
  };
}

/** Counts the contest under `method` with `options` (seats come from the contest). Throws UnknownCandidateError or OptionError. */
export function countRanked(contest: RankedContest, method: string, options: Readonly<Record<string, OptionValue | undefined>>): CountRecord {
  return count(rankedElection(contest), method, { ...options, seats: contest.seats });
}
