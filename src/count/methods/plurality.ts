/**
 * Plurality (first past the post): each ballot is one vote for its first mark;
 * the candidate with most votes wins. With more than one seat (from --seats or
 * the file) the N candidates with most votes win, in order of votes: "first N
 * past the post", each voter still having one vote.
 *
 * A ranked ballot's first mark is its first rank that names a standing
 * candidate. Blank ranks before it are passed over; a withdrawn candidate named
 * alone at a rank is passed over, as on every ballot (ballot-rules.ts), so the
 * next mark counts. A ballot whose first mark names two or more candidates is an
 * overvote and is inactive ("overvote"), even when one of them has withdrawn (as
 * RCTab reads an overvote); a ballot with no mark is inactive ("exhausted").
 *
 * The record has one stage: the votes. Plurality has no threshold; the stage
 * records 0. A tie for the last seat(s) is settled by lot or declared order
 * (there are no earlier stages to look back on) and recorded.
 */
import { fixed } from '../arithmetic.js';
import { DEFAULT_BALLOT_RULES, prepareBallots, stopReason, type InactiveReason } from '../ballot-rules.js';
import type { Election } from '../ballots.js';
import { present } from '../checked.js';
import { highest } from '../extremes.js';
import { listingOrder } from '../listing-order.js';
import type { CountMethod } from '../method.js';
import { electOneOfTied } from './most-votes.js';
import { OptionError, SEATS_OPTION, TIE_OPTIONS, tieBreakerFrom, type OptionSpec, type OptionValues } from '../options.js';
import { RecordBuilder, type CountRecord } from '../record.js';

const OPTIONS: readonly OptionSpec[] = [
  { ...SEATS_OPTION, help: 'Seats to fill: the N candidates with most votes win. Default: the number the file declares, else 1.' },
  ...TIE_OPTIONS,
];

const ar = fixed(0);

function countPlurality(election: Election, opts: OptionValues): CountRecord {
  const C = election.candidates.length;
  const withdrawn = new Set(election.withdrawn);
  const standing = election.candidates.map((_, c) => c).filter((c) => !withdrawn.has(c));
  const seats = (opts.seats as number | null) ?? election.seats ?? 1;
  if (seats > standing.length) throw new OptionError(`${seats} seats but only ${standing.length} candidates standing`);
  const ties = tieBreakerFrom(opts, election, ar, 'none');
  const rb = new RecordBuilder(ar);
  const listing = listingOrder(opts, election);

  // exhaustImmediately makes an overvote at the first mark end the ballot there, with reason "overvote".
  const ballots = prepareBallots(election.ballots, { ...DEFAULT_BALLOT_RULES, overvote: 'exhaustImmediately' }, { withdrawn: election.withdrawn });
  const tally: bigint[] = new Array<bigint>(C).fill(0n);
  const inactive: Record<InactiveReason, bigint> = { exhausted: 0n, overvote: 0n, skippedRanks: 0n, repeatedRanking: 0n };
  const votesOf = (c: number): bigint => present(tally[c], 'a candidate’s votes');
  for (const [i, w] of ballots.weights.entries()) {
    const p = present(ballots.offsets[i], 'a ballot’s offset');
    if (p < present(ballots.offsets[i + 1], 'a ballot’s end')) {
      const first = present(ballots.choices[p], 'a ballot’s first choice');
      tally[first] = votesOf(first) + w;
    } else inactive[stopReason(-1 - present(ballots.endReason[i], 'why a ballot stopped'))] += w;
  }

  rb.stage({
    tally: tally.map((v, c) => (withdrawn.has(c) ? undefined : v)),
    threshold: 0n,
    inactive,
    lost: 0n,
  });

  let pool = [...standing];
  while (rb.elected.length < seats) {
    const most = highest(pool, votesOf);
    const top = pool.filter((c) => votesOf(c) === most);
    const seatsLeft = seats - rb.elected.length;
    if (top.length <= seatsLeft) {
      for (const c of [...top].sort(listing)) rb.elect(c, 'most votes', votesOf(c));
      pool = pool.filter((c) => !top.includes(c));
      continue;
    }
    const chosen = electOneOfTied(top, ties, rb, votesOf);
    pool = pool.filter((c) => c !== chosen);
  }

  return {
    method: plurality.id,
    methodName: plurality.name,
    title: election.title,
    candidates: election.candidates.map((c) => c.name),
    seats,
    arithmetic: ar.name,
    options: { ...opts, seats },
    totalBallots: rb.fmt(ballots.total),
    undervotes: rb.fmt(ballots.unranked),
    stages: rb.stages,
    events: rb.events,
    elected: rb.elected,
  };
}

export const plurality: CountMethod = {
  id: 'plurality',
  name: 'Plurality (first past the post)',
  summary:
    'Each ballot is one vote for its first mark; the candidate with most votes wins (with N seats, the N with most votes). A first mark naming two or more candidates is an overvote and does not count; a tie is settled by lot or declared order.',
  multiSeat: true,
  options: OPTIONS,
  count: countPlurality,
};
