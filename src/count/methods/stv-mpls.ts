/**
 * Minneapolis multiple-seat STV (Code of Ordinances, title 8.5, chapter 167, as
 * amended in 2013), as Droop's `mpls` rule counts it: a WIGM count in fixed-point
 * decimals of four places, every product and quotient truncated.
 *
 * - Threshold = ⌊ballots ÷ (seats + 1)⌋ + 1; a candidate reaching it has a surplus.
 * - Each round: when the candidates at the threshold (other than undeclared
 *   write-ins) would fill the seats left, they are elected and the count ends.
 * - Certain losers: the largest group of lowest candidates whose votes together,
 *   with all surpluses (and, in round 2, the undeclared write-ins' votes), stay
 *   below the next candidate's, leaving enough candidates for the seats, is
 *   defeated at once; in round 2 the undeclared write-ins go with them. Their
 *   papers move at their current values.
 * - Otherwise the candidate with most votes at the threshold is elected and every
 *   paper they hold moves on at value × surplus ÷ their votes (truncated after
 *   the multiplication and after the division, as Droop computes it); they keep
 *   the threshold.
 * - Otherwise the lowest candidate is defeated; their papers stay with them when
 *   that leaves no more candidates than seats (the ordinance's final round).
 * - When the continuing candidates are no more than the seats left, they are elected.
 *
 * Ties go to --tie-break (the ordinance's lot; Droop's declared order with
 * --tie-break order). The record has one stage per transfer.
 */
import { fixed } from '../arithmetic.js';
import { prepareBallots } from '../ballot-rules.js';
import type { Election } from '../ballots.js';
import type { CountMethod } from '../method.js';
import { BALLOT_RULE_OPTIONS, SEATS_OPTION, TIE_OPTIONS, ballotRulesFrom, seatsFrom, tieBreakerFrom, type OptionValues } from '../options.js';
import { RecordBuilder, type CountRecord } from '../record.js';
import { sureLosers } from './sure-losers.js';
import { WigmPapers } from './wigm-papers.js';

const PLACES = 4;
const ar = fixed(PLACES);

function countMpls(election: Election, opts: OptionValues): CountRecord {
  const seats = seatsFrom(opts, election, mplsStv.id);
  const rb = new RecordBuilder(ar, PLACES);
  const ties = tieBreakerFrom(opts, election, ar, 'none');
  const names = election.candidates.map((c) => c.name);
  const undeclared = new Set(election.undeclared ?? []);
  const ballots = prepareBallots(election.ballots, ballotRulesFrom(opts), { withdrawn: election.withdrawn, candidates: election.candidates.length });
  const papers = new WigmPapers(rb, ballots, names.length, election.withdrawn);
  const elected: number[] = [];
  const hopeful = (): number[] => papers.hopeful();
  const seatsLeft = (): number => seats - elected.length;
  const vote = (c: number): bigint => papers.vote(c);
  const quota = ar.int(ballots.total / BigInt(seats + 1) + 1n);

  papers.firstPreferences();
  papers.recordStage(quota);
  if (election.withdrawn.length > 0) rb.event({ type: 'exclude', stage: 1, candidates: [...election.withdrawn].sort((a, b) => a - b), reason: 'withdrawn' });

  const defeat = (cs: readonly number[], reason: 'lowest' | 'batch' | 'remaining seats filled'): void => papers.defeat(cs, reason);
  const elect = (c: number, reason: 'quota' | 'remaining seats'): void => {
    elected.push(c);
    papers.elect(c, reason);
  };

  const surplusOf = (c: number): bigint => (vote(c) > quota ? vote(c) - quota : 0n);
  const byVotes = (a: number, b: number): number => (vote(a) < vote(b) ? -1 : vote(a) > vote(b) ? 1 : a - b);

  const choose = (pool: number[], want: 'highest' | 'lowest', purpose: 'surplus order' | 'exclusion'): number => {
    if (pool.length === 1) return pool[0] ?? 0;
    const d = ties.choose(pool, want, purpose, []);
    rb.event({ type: 'tie', stage: rb.stageNumber, purpose, tied: pool, chosen: d.chosen, rule: d.rule });
    return d.chosen;
  };

  for (let round = 1; ; ) {
    const atThreshold = hopeful()
      .filter((c) => !undeclared.has(c) && vote(c) >= quota)
      .sort((a, b) => byVotes(b, a));
    if (elected.length + atThreshold.length >= seats) {
      for (const c of atThreshold) if (seatsLeft() > 0) elect(c, 'quota');
      break;
    }
    round++;
    let surplus = 0n;
    for (const c of hopeful()) if (!undeclared.has(c)) surplus += surplusOf(c);
    let beaten: number[] = [];
    let undeclaredVotes = 0n;
    if (round === 2) {
      beaten = hopeful().filter((c) => undeclared.has(c));
      for (const c of beaten) undeclaredVotes += vote(c);
      const who = beaten.map((c) => names[c]).join(', ');
      if (beaten.length > 0)
        rb.event({ type: 'note', stage: rb.stageNumber, text: `${who}, undeclared write-in, defeated at the start of round 2 whatever their votes` });
    }
    // 167.20: the largest group of lowest candidates who cannot reach the next candidate's votes.
    for (const c of sureLosers(ar, hopeful(), vote, surplus + undeclaredVotes, seatsLeft())) if (!beaten.includes(c)) beaten.push(c);
    if (beaten.length > 0) {
      beaten.sort((a, b) => a - b);
      defeat(beaten, 'batch');
      papers.transfer('exclusion', beaten, 0n, quota);
      continue;
    }
    const reached = hopeful().filter((c) => vote(c) >= quota);
    if (reached.length > 0) {
      const high = reached.reduce((m, c) => (vote(c) > m ? vote(c) : m), 0n);
      const c = choose(
        reached.filter((x) => vote(x) === high),
        'highest',
        'surplus order',
      );
      elect(c, 'quota');
      const s = vote(c) - quota;
      rb.event({ type: 'surplus', stage: rb.stageNumber, candidate: c, surplus: rb.fmt(s) });
      papers.transfer('surplus', [c], quota, quota, (v) => ar.div(ar.mul(v, s), high));
      continue;
    }
    if (hopeful().length > seatsLeft()) {
      const pool = hopeful();
      const low = pool.reduce((m, c) => (vote(c) < m ? vote(c) : m), vote(pool[0] ?? 0));
      const loser = choose(
        pool.filter((x) => vote(x) === low),
        'lowest',
        'exclusion',
      );
      defeat([loser], 'lowest');
      if (hopeful().length > seatsLeft()) papers.transfer('exclusion', [loser], 0n, quota);
    }
    if (hopeful().length <= seatsLeft()) break;
  }
  if (hopeful().length <= seatsLeft()) for (const c of hopeful().sort((a, b) => byVotes(b, a))) elect(c, 'remaining seats');
  const rest = hopeful();
  if (rest.length > 0) defeat(rest, 'remaining seats filled');

  return papers.record(mplsStv, election, seats, opts);
}

export const mplsStv: CountMethod = {
  id: 'stv-mpls',
  name: 'Minneapolis STV (WIGM, 4 decimal places)',
  summary:
    "Minneapolis's multiple-seat STV (ordinance chapter 167), as Droop's mpls rule counts it: threshold = ballots ÷ (seats + 1), fractions dropped, plus 1, reached by equalling it; fixed-point decimals of 4 places, truncated; each round defeats at once every candidate who mathematically cannot be elected (and, in round 2, the undeclared write-ins named by a BLT [undeclared] line), else elects the largest surplus and moves all its papers at value × surplus ÷ votes, else defeats the lowest. Ties go to --tie-break.",
  multiSeat: true,
  options: [SEATS_OPTION, ...TIE_OPTIONS, ...BALLOT_RULE_OPTIONS],
  count: countMpls,
};
