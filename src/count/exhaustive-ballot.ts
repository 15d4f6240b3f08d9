/**
 * The exhaustive ballot of a meeting: round after round of fresh votes, the lowest dropped each
 * round, until someone has more than half of the votes cast in that round.
 *
 * Unlike the other rules in this library it does not count one set of ballots: each round's votes
 * are new (members may change their minds between rounds), so its input is the tally of each round
 * as the chair announced it, and it says after each round what happens next — a winner, or who is
 * dropped and who stands in the next round. The record is a `CountRecord` like any other, one stage a
 * round, so every renderer (text, CSV, URCVT, the results page) shows it; no votes move between
 * stages, so no stage has an action.
 *
 * The rules, as a meeting applies them:
 * - A candidate with more than half of the votes cast for candidates in the round is elected (blank
 *   and spoilt papers are recorded but are not votes cast for anyone).
 * - Otherwise the lowest candidate is dropped. With `batch` (the default), several are dropped at
 *   once when their combined votes are below the votes of the next candidate up: they could not
 *   overtake that candidate even together. The largest such group goes.
 * - Candidates tied for lowest, whose combined votes are not below the next, are split by the
 *   earlier rounds (with `lookBack`, the one who had fewer votes in the most recent round in which
 *   the tied candidates differed is dropped), then by lot or the declared order; the record says so.
 * - Two candidates left with equal votes have no majority and no lowest: the same tie rule drops one
 *   and the other is elected as the last continuing.
 * - A candidate who withdraws between rounds is recorded as withdrawn in the round they no longer
 *   stand in; one candidate left standing is elected.
 */
import { fixed } from './arithmetic.js';
import type { InactiveReason } from './ballot-rules.js';
import { RecordBuilder, type CountRecord } from './record.js';
import { TieBreaker, type TieFallback } from './ties.js';

/** One round's votes, as the chair enters them. */
export interface MeetingRound {
  /** Votes for each candidate standing in the round, by candidate index; whole numbers. */
  readonly votes: ReadonlyMap<number, bigint>;
  /** Papers in the round that counted for nobody (blank or spoilt). */
  readonly spoilt?: bigint;
  /** Candidates who withdrew after the previous round and so do not stand in this one. */
  readonly withdrew?: readonly number[];
}

export interface ExhaustiveBallotRules {
  /** Drop several at once when together they are below the next candidate (default true). */
  readonly batch?: boolean;
  /** Split a tie for lowest by earlier rounds before the lot or order (default true). */
  readonly lookBack?: boolean;
  /** What settles a tie the earlier rounds cannot: a seeded lot or a declared order. */
  readonly tie: TieFallback;
}

export interface ExhaustiveBallotInput {
  readonly title: string;
  readonly candidates: readonly string[];
  readonly rounds: readonly MeetingRound[];
  readonly rules: ExhaustiveBallotRules;
}

/** What the meeting does next. */
export type MeetingVerdict =
  | { readonly kind: 'elected'; readonly candidate: number; readonly round: number }
  | { readonly kind: 'another round'; readonly round: number; readonly standing: readonly number[] };

export interface ExhaustiveBallotCount {
  readonly record: CountRecord;
  readonly verdict: MeetingVerdict;
}

/** A round the rules cannot take: says which round and, where it is about one, which candidate. */
export class MeetingRoundError extends Error {
  override readonly name = 'MeetingRoundError';
  constructor(
    message: string,
    readonly round: number,
    readonly candidate?: number,
  ) {
    super(message);
  }
}

export const EXHAUSTIVE_BALLOT_ID = 'exhaustive-ballot';

const ar = fixed(0);
const NO_INACTIVE: Readonly<Record<InactiveReason, bigint>> = { exhausted: 0n, overvote: 0n, skippedRanks: 0n, repeatedRanking: 0n };

/** The fewest votes that are more than half of `cast`. */
export function majorityOf(cast: bigint): bigint {
  return cast / 2n + 1n;
}

/**
 * The candidates to drop together, lowest first: the largest group of the lowest whose combined votes
 * are below the next candidate's, or with `batch` off the lowest alone if strictly below the next.
 * Empty when the lowest are tied and together not below the next (a tie decides).
 */
export function dropGroup(standing: readonly number[], votes: ReadonlyMap<number, bigint>, batch: boolean): number[] {
  const v = (c: number): bigint => votes.get(c) ?? 0n;
  const ascending = [...standing].sort((a, b) => (v(a) < v(b) ? -1 : v(a) > v(b) ? 1 : a - b));
  let best = 0;
  let sum = 0n;
  for (let k = 1; k < ascending.length; k++) {
    sum += v(ascending[k - 1]!);
    // `k < ascending.length` proves both indexes.
    if (sum < v(ascending[k]!)) {
      best = k;
      if (!batch) break;
    } else if (!batch) break;
  }
  return ascending.slice(0, best);
}

export function countExhaustiveBallot(input: ExhaustiveBallotInput): ExhaustiveBallotCount {
  const { candidates, rounds, rules } = input;
  const batch = rules.batch ?? true;
  const lookBack = rules.lookBack ?? true;
  const ties = new TieBreaker(ar, lookBack ? 'backward' : 'none', rules.tie, candidates);
  const rb = new RecordBuilder(ar);
  const name = (c: number): string => candidates[c] ?? `candidate ${c + 1}`;
  if (rounds.length === 0) throw new MeetingRoundError('No round has been entered yet.', 1);
  let standing = candidates.map((_, c) => c);
  let verdict: MeetingVerdict | undefined;

  for (const [i, round] of rounds.entries()) {
    const n = i + 1;
    if (verdict?.kind === 'elected')
      throw new MeetingRoundError(`Round ${n} comes after ${name(verdict.candidate)} was elected in round ${verdict.round}: there is no round ${n}.`, n);
    const withdrew = round.withdrew ?? [];
    for (const c of withdrew)
      if (!standing.includes(c)) throw new MeetingRoundError(`${name(c)} was not standing after round ${n - 1}, so cannot withdraw before round ${n}.`, n, c);
    standing = standing.filter((c) => !withdrew.includes(c));
    for (const [c, votes] of round.votes) {
      if (c < 0 || c >= candidates.length) throw new MeetingRoundError(`Round ${n} gives votes to someone who is not a candidate.`, n);
      if (!standing.includes(c) && votes !== 0n) throw new MeetingRoundError(`${name(c)} is not standing in round ${n}, so cannot have votes in it.`, n, c);
      if (votes < 0n) throw new MeetingRoundError(`${name(c)}'s votes in round ${n} are below zero.`, n, c);
    }
    for (const c of standing) if (!round.votes.has(c)) throw new MeetingRoundError(`Round ${n} gives no votes for ${name(c)}, who is standing in it.`, n, c);
    const spoilt = round.spoilt ?? 0n;
    if (spoilt < 0n) throw new MeetingRoundError(`The blank and spoilt papers in round ${n} are below zero.`, n);

    const votesOf = (c: number): bigint => round.votes.get(c) ?? 0n;
    const cast = standing.reduce((s, c) => s + votesOf(c), 0n);
    if (standing.length > 1 && cast === 0n) throw new MeetingRoundError(`Round ${n} has no votes for any candidate.`, n);
    const threshold = majorityOf(cast);
    rb.stage({ tally: candidates.map((_, c) => (standing.includes(c) ? votesOf(c) : undefined)), threshold, inactive: NO_INACTIVE, lost: 0n });
    if (withdrew.length > 0) rb.event({ type: 'exclude', stage: n, candidates: [...withdrew], reason: 'withdrawn' });
    if (spoilt > 0n) rb.event({ type: 'note', stage: n, text: `${spoilt} ${spoilt === 1n ? 'paper was' : 'papers were'} blank or spoilt` });

    if (standing.length === 1) {
      const only = standing[0]!;
      rb.elect(only, 'last continuing', votesOf(only));
      verdict = { kind: 'elected', candidate: only, round: n };
      continue;
    }
    const top = standing.find((c) => votesOf(c) >= threshold);
    if (top !== undefined) {
      rb.elect(top, 'majority', votesOf(top));
      verdict = { kind: 'elected', candidate: top, round: n };
      continue;
    }
    let dropped = dropGroup(standing, round.votes, batch);
    if (dropped.length === 0) {
      const fewest = standing.reduce((m, c) => (votesOf(c) < m ? votesOf(c) : m), votesOf(standing[0]!));
      const tied = standing.filter((c) => votesOf(c) === fewest);
      const earlier = rb.history.slice(0, -1);
      const d = ties.choose(tied, 'lowest', 'exclusion', earlier);
      rb.event({ type: 'tie', stage: n, purpose: 'exclusion', tied, chosen: d.chosen, rule: d.rule });
      dropped = [d.chosen];
    }
    rb.exclude(dropped, dropped.length > 1 ? 'batch' : 'lowest');
    standing = standing.filter((c) => !dropped.includes(c));
    if (standing.length === 1) {
      const last = standing[0]!;
      rb.elect(last, 'last continuing', votesOf(last));
      verdict = { kind: 'elected', candidate: last, round: n };
    } else verdict = { kind: 'another round', round: n + 1, standing: [...standing] };
  }

  const total = rounds.reduce((s, r) => {
    const cast = [...r.votes.values()].reduce((a, b) => a + b, 0n);
    return cast + (r.spoilt ?? 0n) > s ? cast + (r.spoilt ?? 0n) : s;
  }, 0n);
  const record: CountRecord = {
    method: EXHAUSTIVE_BALLOT_ID,
    methodName: 'Exhaustive ballot',
    title: input.title,
    candidates: [...candidates],
    seats: 1,
    arithmetic: 'integer',
    // Named as `hustings meeting count` names them, since the record prints its options as flags.
    options: {
      oneAtATime: !batch,
      noLookBack: !lookBack,
      tieBreak: rules.tie.kind,
      seed: rules.tie.kind === 'lot' ? rules.tie.seed : null,
    },
    totalBallots: total.toString(),
    stages: rb.stages,
    events: rb.events,
    elected: rb.elected,
    freshVotesEachStage: true,
  };
  // `verdict` is set by the first round, and `rounds` is not empty.
  return { record, verdict: verdict! };
}
