/**
 * Block vote: N seats; each voter marks up to N candidates and each marked
 * candidate gets one vote; the N candidates with most votes win.
 *
 * A ballot is read as a set of marks: ranks and their order are ignored, a
 * candidate marked twice counts once, and a withdrawn candidate is treated as
 * not marked. A ballot marking more than N (standing) candidates is an overvote
 * and gives no votes at all (inactive, "overvote"), as an over-marked paper is
 * void; a ballot with no marks is inactive ("exhausted").
 *
 * With a minimum representation, winners are still taken in order of votes, but
 * once a minimum binds (the seats left equal the seats a group is still owed)
 * every remaining candidate outside that group is passed over: recorded as an
 * exclusion with reason "constraint" (representation.ts, "exclude when binding").
 *
 * The record has one stage whose tally is the votes; block vote has no threshold,
 * so it records 0. A tie at a seat boundary is settled by lot or declared order.
 */
import { fixed } from '../arithmetic.js';
import { SKIP, type Election } from '../ballots.js';
import { present } from '../checked.js';
import { highest } from '../extremes.js';
import { listingOrder } from '../listing-order.js';
import type { CountMethod } from '../method.js';
import { electOneOfTied } from './most-votes.js';
import {
  OptionError,
  REPRESENTATION_OPTION,
  SEATS_OPTION,
  TIE_OPTIONS,
  representationFrom,
  seatsFrom,
  tieBreakerFrom,
  type OptionSpec,
  type OptionValues,
} from '../options.js';
import { RecordBuilder, type CountRecord } from '../record.js';
import { ENFORCEMENT, Representation } from '../representation.js';

const OPTIONS: readonly OptionSpec[] = [SEATS_OPTION, REPRESENTATION_OPTION, ...TIE_OPTIONS];

const ar = fixed(0);

function countBlock(election: Election, opts: OptionValues): CountRecord {
  const C = election.candidates.length;
  const seats = seatsFrom(opts, election, blockVote.id);
  const rules = representationFrom(opts, election);
  const rep = new Representation(rules, election.candidates);
  const ties = tieBreakerFrom(opts, election, ar, 'none');
  const rb = new RecordBuilder(ar);
  const listing = listingOrder(opts, election);
  const gone = new Uint8Array(C);
  for (const c of election.withdrawn) gone[c] = 1;

  const set = election.ballots;
  const tally: bigint[] = new Array<bigint>(C).fill(0n);
  let overvote = 0n;
  let blank = 0n;
  const stamp = new Int32Array(C).fill(-1);
  const marks: number[] = [];
  const votesOf = (c: number): bigint => present(tally[c], 'a candidate’s votes');
  for (const [i, w] of set.weights.entries()) {
    marks.length = 0;
    const end = present(set.offsets[i + 1], 'a ranking’s end');
    for (let p = present(set.offsets[i], 'a ranking’s offset'); p < end; p++) {
      const t = present(set.tokens[p], 'a ranking’s token');
      if (t === SKIP) continue;
      const c = t >= 0 ? t : -2 - t;
      if (gone[c] || stamp[c] === i) continue;
      stamp[c] = i;
      marks.push(c);
    }
    if (marks.length === 0) blank += w;
    else if (marks.length > seats) overvote += w;
    else for (const c of marks) tally[c] = votesOf(c) + w;
  }

  rb.stage({
    tally: tally.map((v, c) => (gone[c] ? undefined : v)),
    threshold: 0n,
    inactive: { exhausted: blank, overvote, skippedRanks: 0n, repeatedRanking: 0n },
    lost: 0n,
  });

  let pool = election.candidates.map((_, c) => c).filter((c) => !gone[c]);
  while (rb.elected.length < seats) {
    const seatsLeft = seats - rb.elected.length;
    const barred = rep.mustExclude(pool, rb.elected, seatsLeft);
    if (barred.length) {
      rb.exclude(
        barred,
        'constraint',
        rep.account(barred, pool, rb.elected, seatsLeft, (a, b) => votesOf(a) < votesOf(b), true),
      );
      pool = pool.filter((c) => !barred.includes(c));
    }
    if (pool.length === 0) throw new OptionError(`the minimum representation rules cannot all be met with ${seats} seats`);
    const most = highest(pool, votesOf);
    const top = pool.filter((c) => votesOf(c) === most);
    if (top.length === 1 || allFit(top, rep, rb.elected, seatsLeft)) {
      // Every one of them is elected whatever the order, so there is no tie to break.
      for (const c of [...top].sort(listing)) rb.elect(c, 'most votes', votesOf(c));
      pool = pool.filter((c) => !top.includes(c));
      continue;
    }
    const chosen = electOneOfTied(top, ties, rb, votesOf);
    pool = pool.filter((c) => c !== chosen);
  }
  // Everyone is counted at once, so "protected" means those who, with fewer votes, took the seats the
  // passed-over would have had; group members with fewer votes who still lost were protected by nothing.
  rb.events.forEach((e, k) => {
    if (e.type === 'exclude' && e.underMinimum) {
      rb.events[k] = { ...e, underMinimum: { ...e.underMinimum, protected: e.underMinimum.protected.filter((c) => rb.elected.includes(c)) } };
    }
  });

  return {
    method: blockVote.id,
    methodName: blockVote.name,
    title: election.title,
    candidates: election.candidates.map((c) => c.name),
    seats,
    arithmetic: ar.name,
    options: { ...opts, seats },
    totalBallots: rb.fmt(set.total),
    stages: rb.stages,
    events: rb.events,
    elected: rb.elected,
    ...(rep.active
      ? { constraint: { rules, enforcement: `${ENFORCEMENT} (block vote: winners are taken in order of votes, passing over those excluded)` } }
      : {}),
  };
}

/** Whether all of `group` can be elected now without any minimum becoming unreachable. */
function allFit(group: readonly number[], rep: Representation, elected: readonly number[], seatsLeft: number): boolean {
  if (group.length > seatsLeft) return false;
  const after = [...elected];
  for (const c of group) {
    if (!rep.canElect(c, after, seatsLeft - (after.length - elected.length))) return false;
    after.push(c);
  }
  return true;
}

export const blockVote: CountMethod = {
  id: 'block',
  name: 'Block vote',
  summary:
    'N seats; each voter marks up to N candidates and each mark is one vote; the N candidates with most votes win. A ballot marking more than N candidates is void (overvote). An optional minimum representation passes over candidates outside a group once the seats left are needed for it.',
  multiSeat: true,
  options: OPTIONS,
  count: countBlock,
};
