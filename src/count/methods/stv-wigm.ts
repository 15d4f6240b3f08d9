/**
 * STV by the weighted inclusive Gregory method (WIGM) as Droop counts it: its
 * generic `wigm` rule, and — in fixed-point arithmetic of 4 places — the
 * Proportional Representation Foundation's reference WIGM rule (`wigm-prf`, and
 * `wigm-prf-batch` with --defeat-batch sure), whose steps (A.1 … D.4) this follows.
 *
 * - Quota (A.1): the valid poll (ballots with a usable first choice) ÷ (seats + 1).
 *   In fixed arithmetic it is rounded down to the precision and one unit of the
 *   last place is added (0.0001 at 4 places), and reaching it elects; in guarded
 *   and rational arithmetic it is exact and a candidate must pass it. With
 *   --integer-quota it is ⌊valid ÷ (seats + 1)⌋ + 1, reached or passed as above.
 * - Each round (B.1): every hopeful candidate at the quota is elected, their
 *   surplus pending. With --defeat-batch sure (B.2), the sure losers (the largest
 *   group of lowest hopefuls whose votes with every pending surplus stay below the
 *   next hopeful's) are defeated together and their papers move.
 * - Otherwise (B.3) the pending surplus of the candidate with most votes moves:
 *   every paper they hold goes on at value × surplus ÷ their votes, the product and
 *   then the quotient each truncated to the arithmetic's places (D.4); they keep
 *   the quota. A surplus moves even when the seats are already filled, as in Droop.
 * - Otherwise (B.4) the lowest hopeful is defeated and all their papers move at
 *   their values; with --defeat-batch zero, every hopeful with no votes at all goes
 *   at once instead (Droop's generic rule).
 * - The count ends when the seats are filled or the hopefuls are no more than the
 *   seats left (D.3, C): the hopefuls left are then elected, or defeated if the
 *   seats are full.
 *
 * Ties (D.1) go to --tie-break with no look-back: Droop's predetermined order is a
 * BLT file's [tie] line with --tie-break order. The record has one stage per move.
 */
import { fixed, guardedFixed, rational, type Arithmetic } from '../arithmetic.js';
import { prepareBallots } from '../ballot-rules.js';
import type { Election } from '../ballots.js';
import type { CountMethod } from '../method.js';
import {
  BALLOT_RULE_OPTIONS,
  GUARD_OPTION,
  OptionError,
  SEATS_OPTION,
  TIE_OPTIONS,
  ballotRulesFrom,
  seatsFrom,
  tieBreakerFrom,
  type OptionSpec,
  type OptionValues,
} from '../options.js';
import { RecordBuilder, type CountRecord } from '../record.js';
import { sureLosers } from './sure-losers.js';
import { WigmPapers } from './wigm-papers.js';

const OPTIONS: readonly OptionSpec[] = [
  SEATS_OPTION,
  {
    name: 'arithmetic',
    type: 'choice',
    choices: ['fixed', 'guarded', 'rational'],
    default: 'guarded',
    help: "guarded: Droop's default for WIGM, --precision + --guard places rounded down, values within half a unit of the precision-th place compared as equal, the quota exact and passed to be elected. fixed: every value to --precision places, every product and quotient truncated, the quota rounded down plus one unit of the last place and reached to be elected (at 4 places, the PR Foundation's reference rule). rational: exact fractions, nothing rounded, the quota exact and passed to be elected; --precision only sets the places shown.",
  },
  {
    name: 'precision',
    type: 'integer',
    default: null,
    min: 0,
    max: 60,
    help: 'Decimal places of every value, not counting guard digits: 0 counts in whole votes (fixed only). Default: 9 for fixed and 18 for guarded, as in Droop; with rational arithmetic, the places values are shown to (default 12).',
  },
  GUARD_OPTION,
  {
    name: 'integerQuota',
    type: 'boolean',
    default: false,
    help: 'Use the whole-number quota ⌊valid ÷ (seats + 1)⌋ + 1 instead of the fractional one (Droop’s integer_quota).',
  },
  {
    name: 'defeatBatch',
    type: 'choice',
    choices: ['none', 'zero', 'sure'],
    default: 'none',
    help: "none: one defeat at a time; zero: when the lowest hopefuls have no votes at all, defeat them together (Droop's generic WIGM); sure: before each surplus, defeat together every sure loser, the lowest hopefuls whose votes with all pending surpluses cannot reach the next one (the PR Foundation's reference rule with batch defeats, Droop's wigm-prf-batch).",
  },
  ...TIE_OPTIONS,
  ...BALLOT_RULE_OPTIONS,
];

/** How a count's arithmetic sets the quota and what it takes to be elected. */
interface WigmArithmetic<V> {
  readonly ar: Arithmetic<V>;
  /** Places the record shows: all of a guarded value's, guard digits too, as for Meek. */
  readonly places: number | undefined;
  /** Exact (rational, or guarded with guard digits): the quota is not rounded up, and must be passed. */
  readonly exact: boolean;
}

function countWigm(election: Election, opts: OptionValues): CountRecord {
  const kind = opts.arithmetic as 'fixed' | 'guarded' | 'rational';
  const precision = (opts.precision as number | null) ?? (kind === 'fixed' ? 9 : kind === 'guarded' ? 18 : 12);
  const guard = kind === 'guarded' ? ((opts.guard as number | null) ?? Math.floor(precision / 2)) : 0;
  if (kind !== 'guarded' && opts.guard !== null) throw new OptionError('--guard is only used with --arithmetic guarded');
  if (kind === 'guarded' && precision === 0) throw new OptionError('--precision 0 (whole votes) is for --arithmetic fixed');
  if (precision + guard > 60) throw new OptionError(`--precision ${precision} and --guard ${guard} make ${precision + guard} places; at most 60`);
  // The record says which precision and guard digits were used, defaults included.
  const settled: OptionValues = { ...opts, precision, guard: kind === 'guarded' ? guard : null };
  if (kind === 'rational') return wigmCount(election, settled, { ar: rational, places: precision, exact: true });
  if (kind === 'guarded') return wigmCount(election, settled, { ar: guardedFixed(precision, guard), places: undefined, exact: guard > 0 });
  return wigmCount(election, settled, { ar: fixed(precision), places: precision, exact: false });
}

function wigmCount<V>(election: Election, opts: OptionValues, { ar, places, exact }: WigmArithmetic<V>): CountRecord {
  const seats = seatsFrom(opts, election, wigmStv.id);
  const rb = new RecordBuilder(ar, places);
  const ties = tieBreakerFrom(opts, election, ar, 'none');
  const names = election.candidates.map((c) => c.name);
  const ballots = prepareBallots(election.ballots, ballotRulesFrom(opts), { withdrawn: election.withdrawn, candidates: election.candidates.length });
  const papers = new WigmPapers(rb, ballots, names.length, election.withdrawn);
  const vote = (c: number): V => papers.vote(c);
  const hopeful = (): number[] => papers.hopeful();
  const seatsLeft = (): number => seats - rb.elected.length;
  const batch = opts.defeatBatch as 'none' | 'zero' | 'sure';

  const valid = ar.toRatio(papers.firstPreferences());
  const poll = valid.num / valid.den;
  const share = ar.divInt(ar.int(poll), BigInt(seats + 1));
  // Droop's epsilon: one unit of the last place held, which lifts a rounded-down quota above the exact one.
  const epsilon = ar.dp === null ? ar.zero : ar.divInt(ar.one, 10n ** BigInt(ar.dp));
  const quota = opts.integerQuota ? ar.int(poll / BigInt(seats + 1) + 1n) : exact ? share : ar.add(share, epsilon);
  const reaches = (c: number): boolean => (exact ? ar.cmp(vote(c), quota) > 0 : ar.cmp(vote(c), quota) >= 0);
  papers.recordStage(quota);
  if (election.withdrawn.length > 0) rb.event({ type: 'exclude', stage: 1, candidates: [...election.withdrawn].sort((a, b) => a - b), reason: 'withdrawn' });

  /** The one of `pool` the tie-break picks, recorded when there was a tie. */
  const choose = (pool: number[], want: 'highest' | 'lowest', purpose: 'surplus order' | 'exclusion'): number => {
    if (pool.length === 1) return pool[0] ?? 0;
    const d = ties.choose(pool, want, purpose, []);
    rb.event({ type: 'tie', stage: rb.stageNumber, purpose, tied: pool, chosen: d.chosen, rule: d.rule });
    return d.chosen;
  };
  const most = (pool: readonly number[]): V => pool.reduce((m, c) => (ar.cmp(vote(c), m) > 0 ? vote(c) : m), vote(pool[0] ?? 0));
  const least = (pool: readonly number[]): V => pool.reduce((m, c) => (ar.cmp(vote(c), m) < 0 ? vote(c) : m), vote(pool[0] ?? 0));

  const pending: number[] = [];
  while (hopeful().length > seatsLeft() && seatsLeft() > 0) {
    // B.1: elect every hopeful at the quota, most votes first, their surpluses pending.
    for (const c of hopeful().sort((a, b) => ar.cmp(vote(b), vote(a)) || a - b)) {
      if (!reaches(c)) continue;
      papers.elect(c, 'quota');
      pending.push(c);
    }
    // B.2: defeat the sure losers together.
    if (batch === 'sure') {
      let surplus = ar.zero;
      for (const c of pending) surplus = ar.add(surplus, ar.sub(vote(c), quota));
      const losers = sureLosers(ar, hopeful(), vote, surplus, seatsLeft());
      if (losers.length > 0) {
        papers.defeat(losers, 'batch');
        if (hopeful().length <= seatsLeft()) break;
        papers.transfer('exclusion', losers, ar.zero, quota);
        continue;
      }
    }
    // B.3: move the largest pending surplus, all the candidate's papers at value × surplus ÷ votes.
    if (pending.length > 0) {
      const high = most(pending);
      const c = choose(
        pending.filter((x) => ar.cmp(vote(x), high) === 0),
        'highest',
        'surplus order',
      );
      pending.splice(pending.indexOf(c), 1);
      const surplus = ar.sub(high, quota);
      rb.event({ type: 'surplus', stage: rb.stageNumber, candidate: c, surplus: rb.fmt(surplus) });
      papers.transfer('surplus', [c], quota, quota, (v) => ar.div(ar.mul(v, surplus), high));
      continue;
    }
    // B.4: defeat the lowest hopeful (or, with --defeat-batch zero, every hopeful with no votes).
    const pool = hopeful();
    const low = least(pool);
    const lowest = pool.filter((x) => ar.cmp(vote(x), low) === 0);
    const beaten = batch === 'zero' && ar.cmp(low, ar.zero) === 0 ? lowest : [choose(lowest, 'lowest', 'exclusion')];
    papers.defeat(beaten, beaten.length > 1 ? 'batch' : 'lowest');
    papers.transfer('exclusion', beaten, ar.zero, quota);
  }
  // C: the hopefuls left fill the seats left, or are defeated when the seats are full.
  const rest = hopeful();
  if (rest.length > 0 && seatsLeft() === 0) papers.defeat(rest, 'remaining seats filled');
  else for (const c of rest) if (seatsLeft() > 0) papers.elect(c, 'remaining seats');

  return papers.record(wigmStv, election, seats, opts);
}

export const wigmStv: CountMethod = {
  id: 'stv-wigm',
  name: 'WIGM STV (weighted inclusive Gregory, as Droop and the PR Foundation count it)',
  summary:
    "STV by the weighted inclusive Gregory method, as Droop's wigm rule counts it: quota = valid ballots ÷ (seats + 1); every hopeful at the quota is elected and the largest surplus moves, every paper of that candidate at value × surplus ÷ votes; with no surplus to move, the lowest hopeful is defeated and all their papers move. In guarded arithmetic by default (18 places and 9 guard digits, a candidate elected on passing the exact quota); with --arithmetic fixed --precision 4 (the quota rounded down to 4 places plus 0.0001, reached to be elected, every product and quotient truncated) it is the PR Foundation's reference WIGM rule, and with --defeat-batch sure its batch-defeat form. Ties go to --tie-break.",
  multiSeat: true,
  options: OPTIONS,
  count: countWigm,
};
