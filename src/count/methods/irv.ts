/**
 * Alternative vote (instant-runoff voting), counted as RCTab counts a
 * single-winner contest.
 *
 * - Each round, every ballot counts for its highest-ranked continuing candidate,
 *   read under the ballot rules (overvotes, skipped ranks, repeated rankings) of
 *   ballot-rules.ts; a ballot with no such candidate is inactive, by reason.
 * - Threshold: more than half of the votes for continuing candidates in that
 *   round. As RCTab writes it for whole votes, threshold = ⌊active ÷ 2⌋ + 1; a
 *   candidate with at least the threshold wins. With one continuing candidate,
 *   that candidate wins ("last continuing"). With two continuing and neither
 *   over the threshold (they are tied), the tie-break picks the winner.
 * - Otherwise the candidate with fewest votes is excluded (a tie is broken by the
 *   rounds before, per `tieHistory`, then by lot or declared order) and its
 *   ballots move on. With `batchElimination`, RCTab's rule runs first: every
 *   candidate whose votes, added to those of all candidates below them, are less
 *   than the next candidate's total is excluded at once (used only when that
 *   excludes two or more).
 * - With `continueUntilTwoRemain`, exclusions go on after someone wins until only
 *   two candidates are left (batch elimination never leaves just one), as RCTab
 *   defines it: the winner is elected in the round they first pass the threshold
 *   and stays in the count, that round excludes no one (so the next round repeats
 *   its tallies before the first exclusion), and the threshold stays where it was
 *   in the winning round.
 * - A ballot that marks no rank at all is one of RCTab's undervotes (the record's
 *   `undervotes`); one whose marks are all unusable is exhausted from round 1.
 *
 * Ballots are merged rankings with whole-number weights, so arithmetic is fixed(0).
 * For speed each candidate keeps a linked pile of the ballots now counting for it
 * (typed arrays), and an exclusion walks only the excluded candidates' piles:
 * a ballot is looked at once per move, never once per round.
 */
import { fixed } from '../arithmetic.js';
import { INACTIVE_REASONS, nextChoice, prepareBallots, stopReason, type InactiveReason } from '../ballot-rules.js';
import type { Election } from '../ballots.js';
import { present } from '../checked.js';
import { lowest } from '../extremes.js';
import type { CountMethod } from '../method.js';
import {
  BALLOT_RULE_OPTIONS,
  OptionError,
  SEATS_OPTION,
  TIE_OPTIONS,
  ballotRulesFrom,
  tieBreakerFrom,
  type OptionSpec,
  type OptionValues,
} from '../options.js';
import { batchEliminated } from '../batch-elimination.js';
import { RecordBuilder, type CountRecord, type InactiveBreakdown } from '../record.js';
import type { TieHistoryRule } from '../ties.js';

const OPTIONS: readonly OptionSpec[] = [
  { ...SEATS_OPTION, help: 'Must be 1 if given: IRV fills one seat. A file that declares more seats is counted for one, and the record notes it.' },
  ...BALLOT_RULE_OPTIONS,
  {
    name: 'batchElimination',
    type: 'boolean',
    default: false,
    help: "RCTab's batch elimination: exclude at once every candidate who could not overtake the next one even with all the votes of those below (used only when it excludes two or more).",
  },
  {
    name: 'continueUntilTwoRemain',
    type: 'boolean',
    default: false,
    help: "Keep excluding after a candidate has a majority, until two candidates remain, so the final round shows the last two (RCTab's rule: the winning round excludes no one and its threshold stays).",
  },
  {
    name: 'tieHistory',
    type: 'choice',
    choices: ['backward', 'forward', 'none'],
    default: 'backward',
    help: "How a tie looks at earlier rounds first: backward = the most recent round at which the tied candidates differed (RCTab's previousRoundCounts…), forward = the earliest such round, none = go straight to --tie-break.",
  },
  ...TIE_OPTIONS,
];

const ar = fixed(0);

function seatsCheck(opts: OptionValues): void {
  const given = opts.seats as number | null;
  if (given !== null && given !== 1) throw new OptionError(`irv elects one candidate; --seats must be 1, not ${given}`);
}

function zeroByReason(): Record<InactiveReason, bigint> {
  return { exhausted: 0n, overvote: 0n, skippedRanks: 0n, repeatedRanking: 0n };
}

/** The candidates by votes, fewest first; equal votes in candidate order. */
function ascending(candidates: readonly number[], votesOf: (c: number) => bigint): number[] {
  return [...candidates].sort((a, b) => (votesOf(a) < votesOf(b) ? -1 : votesOf(a) > votesOf(b) ? 1 : a - b));
}

function countIrv(election: Election, opts: OptionValues): CountRecord {
  seatsCheck(opts);
  const C = election.candidates.length;
  const names = election.candidates.map((c) => c.name);
  const withdrawn = new Set(election.withdrawn);
  const continuing = new Uint8Array(C);
  for (let c = 0; c < C; c++) if (!withdrawn.has(c)) continuing[c] = 1;
  let left = continuing.reduce((n, x) => n + x, 0);
  if (left === 0) throw new OptionError('no candidates are standing');

  const rules = ballotRulesFrom(opts);
  const batch = opts.batchElimination as boolean;
  const untilTwo = opts.continueUntilTwoRemain as boolean;
  const ties = tieBreakerFrom(opts, election, ar, opts.tieHistory as TieHistoryRule);
  const rb = new RecordBuilder(ar);
  // A file written for a multi-seat count can still be counted as one seat; the record says so.
  const fileSeats = opts.seats === null && election.seats !== undefined && election.seats !== 1 ? election.seats : null;

  const ballots = prepareBallots(election.ballots, rules, { withdrawn: election.withdrawn, candidates: election.candidates.length });
  const n = ballots.size;
  const weights = ballots.weights;
  const head = new Int32Array(C).fill(-1);
  const next = new Int32Array(n);
  const at = new Int32Array(n); // position in `choices` of the choice ballot i counts for
  const found = new Int32Array(1);
  const tally: bigint[] = new Array<bigint>(C).fill(0n);
  const votesOf = (c: number): bigint => present(tally[c], 'a candidate’s votes');
  const inactive = zeroByReason();

  // In the loops over ballots, the `!`s read per-ballot arrays of length n at a ballot i < n, and
  // per-candidate arrays of length C at a candidate that nextChoice returned.
  for (const [i, w] of weights.entries()) {
    const c = nextChoice(ballots, i, 0, continuing, found);
    if (c >= 0) {
      at[i] = found[0]!;
      next[i] = head[c]!;
      head[c] = i;
      tally[c]! += w;
    } else {
      inactive[stopReason(c)] += w;
    }
  }

  let winner = -1;
  let threshold = 0n;
  let repeatAfterWin = false;
  for (;;) {
    const standing: number[] = [];
    let active = 0n;
    for (const [c, v] of tally.entries()) {
      if (continuing[c]) {
        standing.push(c);
        active += v;
      }
    }
    // Once someone has won, RCTab keeps the winning round's threshold for the rounds that follow.
    if (winner < 0) threshold = active / 2n + 1n;
    rb.stage({
      tally: tally.map((v, c) => (continuing[c] ? v : undefined)),
      threshold,
      inactive: { ...inactive },
      lost: 0n,
    });
    if (repeatAfterWin) {
      repeatAfterWin = false;
      rb.event({
        type: 'note',
        stage: rb.stageNumber,
        text: 'the same votes again after the win, before the exclusions that continue until two candidates remain',
      });
    }
    if (fileSeats !== null && rb.stageNumber === 1) {
      rb.event({ type: 'note', stage: 1, text: `the file declares ${fileSeats} seats; IRV elects one candidate` });
    }

    const hadWinner = winner >= 0;
    if (winner < 0) {
      if (left === 1) {
        winner = present(standing[0], 'the last continuing candidate');
        rb.elect(winner, 'last continuing', votesOf(winner));
      } else {
        const top = standing.find((c) => votesOf(c) >= threshold);
        if (top !== undefined) {
          winner = top;
          rb.elect(winner, 'majority', votesOf(winner));
        } else if (left === 2) {
          // Only a tie (or two candidates with no votes) leaves two without a majority.
          const d = ties.choose(standing, 'highest', 'election', rb.history.slice(0, -1));
          rb.event({ type: 'tie', stage: rb.stageNumber, purpose: 'election', tied: standing, chosen: d.chosen, rule: d.rule });
          winner = d.chosen;
          rb.elect(winner, 'most votes', votesOf(winner));
        }
      }
    }
    if (winner >= 0 && (!untilTwo || left <= 2)) break;
    // RCTab: a round that elects does not also exclude, so the next round counts the same ballots again.
    if (!hadWinner && winner >= 0) {
      repeatAfterWin = true;
      continue;
    }

    let losers = batch ? batchEliminated(ascending(standing, votesOf), votesOf, ar, untilTwo) : [];
    const reason = losers.length ? 'batch' : 'lowest';
    if (!losers.length) {
      const low = lowest(standing, votesOf);
      const atLowest = standing.filter((c) => votesOf(c) === low);
      const d = ties.choose(atLowest, 'lowest', 'exclusion', rb.history.slice(0, -1));
      if (atLowest.length > 1) rb.event({ type: 'tie', stage: rb.stageNumber, purpose: 'exclusion', tied: atLowest, chosen: d.chosen, rule: d.rule });
      losers = [d.chosen];
    }
    rb.exclude(losers, reason);

    const before = tally.map((v, c) => (continuing[c] ? v : undefined));
    for (const e of losers) continuing[e] = 0;
    left -= losers.length;
    const moved = zeroByReason();
    for (const e of losers) {
      let i = head[e]!;
      head[e] = -1;
      while (i >= 0) {
        const following = next[i]!;
        const w = weights[i]!;
        const c = nextChoice(ballots, i, at[i]! + 1, continuing, found);
        if (c >= 0) {
          at[i] = found[0]!;
          next[i] = head[c]!;
          head[c] = i;
          tally[c]! += w;
        } else {
          moved[stopReason(c)] += w;
        }
        i = following;
      }
      tally[e] = 0n;
    }
    const after = tally.map((v, c) => (continuing[c] ? v : undefined));
    const inactiveMoved: Partial<Record<InactiveReason, string>> = {};
    for (const r of INACTIVE_REASONS) {
      inactive[r] += moved[r];
      if (moved[r] !== 0n) inactiveMoved[r] = rb.fmt(moved[r]);
    }
    rb.action({
      kind: 'exclusion',
      candidates: losers,
      transfers: rb.diff(before, after),
      inactive: inactiveMoved as Partial<InactiveBreakdown>,
      lost: rb.fmt(0n),
    });
  }

  return {
    method: irv.id,
    methodName: irv.name,
    title: election.title,
    candidates: names,
    seats: 1,
    arithmetic: ar.name,
    options: { ...opts, seats: 1 },
    totalBallots: rb.fmt(ballots.total),
    undervotes: rb.fmt(ballots.unranked),
    stages: rb.stages,
    events: rb.events,
    elected: rb.elected,
  };
}

export const irv: CountMethod = {
  id: 'irv',
  name: 'Alternative vote (instant-runoff voting)',
  summary:
    "One winner. Each round, ballots count for their highest-ranked continuing candidate; a candidate with more than half of those votes wins (threshold ⌊active ÷ 2⌋ + 1, as RCTab), otherwise the candidate with fewest votes is excluded and their ballots move to the next continuing choice. Overvotes, skipped and repeated rankings, batch elimination and continuing until two remain follow RCTab's settings of the same names.",
  multiSeat: false,
  options: OPTIONS,
  count: countIrv,
};
