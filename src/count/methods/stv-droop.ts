/**
 * Droop-quota fractional STV, as the Labour Party counts its National Executive
 * Committee ballots: exact fractions throughout, nothing rounded.
 *
 * - Quota = valid votes ÷ (seats + 1), exact and unrounded (the Hagenbach-Bischoff
 *   form of the Droop quota). Valid votes are the ballots with a usable first
 *   preference; the quota does not change during the count.
 * - A candidate is elected when their votes EXCEED the quota. With an unrounded
 *   quota, reaching it is not enough: seats + 1 candidates could each hold exactly
 *   a quota, so only strictly more guarantees no more than `seats` winners.
 * - Surplus transfer by the weighted inclusive Gregory method: every paper the
 *   elected candidate holds, however it reached them, passes to its next continuing
 *   preference at its current value × surplus ÷ the candidate's total, as an exact
 *   fraction; papers with no further preference become inactive at that value. The
 *   candidate keeps exactly the quota. The largest surplus goes first; equal
 *   surpluses are settled by the most recent earlier stage at which the candidates'
 *   votes differed (more votes first), then by lot or declared order.
 * - With no surplus to transfer, the candidate with fewest votes is excluded and
 *   all their papers move at their current values in one stage. A tie for fewest
 *   is settled the same way (fewer votes at the most recent differing stage is
 *   excluded), then by lot or declared order.
 * - When the continuing candidates are no more than the seats left, they are all
 *   elected (before any pending surplus moves); once the seats are filled the rest
 *   are excluded.
 *
 * The record has one stage per transfer, as an official result sheet does: stage 1
 * is first preferences; an elected candidate shows the quota once their surplus
 * has moved. Values are exact inside the count; the record shows them as decimals
 * to `displayPlaces` places, rounded down, for display only (so a stage's figures
 * can sum to a hair under the total). Nothing is lost to rounding: `lost` is 0.
 *
 * With --minimum, the "exclude when binding" enforcement of representation.ts:
 * once the seats left equal the seats a group is still owed, every continuing
 * candidate outside it is excluded (reason "constraint", all their papers moving
 * in one stage before any pending surplus), as is one who passes the quota when
 * they cannot be elected; and a group candidate is never excluded as lowest while
 * the group has no more continuing candidates than seats it is still owed.
 */
import { rational } from '../arithmetic.js';
import type { Ratio } from '../ratio.js';
import { INACTIVE_REASONS, nextChoice, prepareBallots, type InactiveReason } from '../ballot-rules.js';
import type { Election } from '../ballots.js';
import { present } from '../checked.js';
import type { CountMethod } from '../method.js';
import {
  BALLOT_RULE_OPTIONS,
  REPRESENTATION_OPTION,
  SEATS_OPTION,
  STV_TIE_OPTIONS,
  ballotRulesFrom,
  representationFrom,
  seatsFrom,
  tieBreakerFrom,
  type OptionSpec,
  type OptionValues,
} from '../options.js';
import { RecordBuilder, type CountRecord, type StageAction } from '../record.js';
import { ENFORCEMENT, Representation } from '../representation.js';

const OPTIONS: readonly OptionSpec[] = [
  SEATS_OPTION,
  ...STV_TIE_OPTIONS,
  REPRESENTATION_OPTION,
  ...BALLOT_RULE_OPTIONS,
  {
    name: 'displayPlaces',
    type: 'integer',
    default: 6,
    min: 0,
    max: 60,
    help: 'Decimal places shown in the record (rounded down). Display only: the count itself is exact.',
  },
];

const ar = rational;

/** Papers at one value: ballot i, sitting at choice position pos, for each entry. */
interface Lot {
  readonly value: Ratio;
  readonly ballots: number[];
  readonly positions: number[];
  /** Number of ballots in the lot. */
  weight: bigint;
}

const keyOf = (v: Ratio): string => `${v.num}/${v.den}`;

function countDroop(election: Election, opts: OptionValues): CountRecord {
  const id = droopStv.id;
  const seats = seatsFrom(opts, election, id);
  const rb = new RecordBuilder(ar, opts.displayPlaces as number);
  const ties = tieBreakerFrom(opts, election, ar, 'backward');
  const rep = new Representation(representationFrom(opts, election), election.candidates);
  const names = election.candidates.map((c) => c.name);
  const N = names.length;
  const withdrawn = new Set(election.withdrawn);
  const ballots = prepareBallots(election.ballots, ballotRulesFrom(opts), { withdrawn: election.withdrawn, candidates: election.candidates.length });

  const isContinuing = new Uint8Array(N);
  for (let c = 0; c < N; c++) if (!withdrawn.has(c)) isContinuing[c] = 1;
  let continuing = names.map((_, c) => c).filter((c) => isContinuing[c]);
  const elected: number[] = [];
  const isElected = new Uint8Array(N);
  const piles: Map<string, Lot>[] = names.map(() => new Map());
  const votes: Ratio[] = names.map(() => ar.zero);
  const inactive: Record<InactiveReason, Ratio> = { exhausted: ar.zero, overvote: ar.zero, skippedRanks: ar.zero, repeatedRanking: ar.zero };
  const pending: number[] = [];
  const seatsLeft = (): number => seats - elected.length;
  const byIndex = (a: number, b: number): number => a - b;
  const pos = new Int32Array(1);
  const votesOf = (c: number) => present(votes[c], 'a candidate’s votes');
  const pileOf = (c: number): Map<string, Lot> => present(piles[c], 'a candidate’s papers');

  /**
   * Puts ballot i (at `value`) with its next continuing choice at or after `from`; returns who got it, or -1.
   * The hot path: the `!`s read a ballot's weight (i < size), the one-element `pos`, the pile of a
   * candidate nextChoice returned, and the count of the reason it returned (out has one per reason).
   */
  const place = (i: number, from: number, value: Ratio, gained: Map<number, bigint>, out: bigint[]): number => {
    const c = nextChoice(ballots, i, from, isContinuing, pos);
    const w = ballots.weights[i]!;
    if (c < 0) {
      out[-1 - c]! += w;
      return -1;
    }
    const pile = piles[c]!;
    const key = keyOf(value);
    let lot = pile.get(key);
    if (!lot) {
      lot = { value, ballots: [], positions: [], weight: 0n };
      pile.set(key, lot);
    }
    lot.ballots.push(i);
    lot.positions.push(pos[0]!);
    lot.weight += w;
    gained.set(c, (gained.get(c) ?? 0n) + w);
    return c;
  };

  /** Moves every paper of `from`'s piles on, at value × factor; returns the votes made inactive, by reason. */
  const movePiles = (from: readonly number[], factor: Ratio): Partial<Record<InactiveReason, Ratio>> => {
    const moved: Partial<Record<InactiveReason, Ratio>> = {};
    for (const x of from) {
      for (const lot of pileOf(x).values()) {
        const value = ar.mul(lot.value, factor);
        const gained = new Map<number, bigint>();
        const out = INACTIVE_REASONS.map(() => 0n);
        // A lot's positions are pushed with its ballots, so they have the same indexes.
        for (let k = 0; k < lot.ballots.length; k++) place(lot.ballots[k]!, lot.positions[k]! + 1, value, gained, out);
        for (const [c, w] of gained) votes[c] = ar.add(votesOf(c), ar.mulInt(value, w));
        INACTIVE_REASONS.forEach((r, k) => {
          const n = out[k]!; // out has one count per reason
          if (n === 0n) return;
          const v = ar.mulInt(value, n);
          inactive[r] = ar.add(inactive[r], v);
          moved[r] = ar.add(moved[r] ?? ar.zero, v);
        });
      }
      pileOf(x).clear();
    }
    return moved;
  };

  const tallyNow = (): (Ratio | undefined)[] => names.map((_, c) => (isContinuing[c] || isElected[c] ? votes[c] : undefined));

  // Stage 1: first preferences.
  {
    const gained = new Map<number, bigint>();
    const out = INACTIVE_REASONS.map(() => 0n);
    for (let i = 0; i < ballots.size; i++) place(i, 0, ar.one, gained, out);
    for (const [c, w] of gained) votes[c] = ar.int(w);
    INACTIVE_REASONS.forEach((r, k) => {
      inactive[r] = ar.int(out[k]!);
    }); // one count per reason
  }
  let valid = ar.zero;
  for (const c of continuing) valid = ar.add(valid, votesOf(c));
  const quota = ar.divInt(valid, BigInt(seats + 1));
  const recordStage = (): void => {
    rb.stage({ tally: tallyNow(), threshold: quota, inactive, lost: ar.zero });
  };
  recordStage();
  if (withdrawn.size > 0) rb.event({ type: 'exclude', stage: 1, candidates: [...withdrawn].sort(byIndex), reason: 'withdrawn' });

  /** Runs one transfer and records the stage it produces. */
  const transfer = (kind: StageAction['kind'], from: readonly number[], factor: Ratio, transferValues?: string[]): void => {
    const before = tallyNow();
    // Excluded candidates have already left the tally; their votes are what moves.
    for (const c of from) before[c] = votesOf(c);
    const moved = movePiles(from, factor);
    if (kind === 'surplus') votes[present(from[0], 'the candidate whose surplus moves')] = quota;
    else for (const c of from) votes[c] = ar.zero;
    const after = tallyNow();
    const movedText: Partial<Record<InactiveReason, string>> = {};
    for (const r of INACTIVE_REASONS) if (moved[r] && !ar.isZero(moved[r])) movedText[r] = rb.fmt(moved[r]);
    rb.action({
      kind,
      candidates: [...from],
      transfers: rb.diff(before, after),
      inactive: movedText,
      lost: rb.fmt(ar.zero),
      ...(transferValues ? { transferValues } : {}),
    });
    recordStage();
  };

  const earlier = (): (Ratio | undefined)[][] => rb.history.slice(0, -1);

  const exclude = (cs: readonly number[], reason: 'lowest' | 'constraint' | 'remaining seats filled'): void => {
    if (cs.length === 0) return;
    const sorted = [...cs].sort(byIndex);
    const why =
      rep.active && reason !== 'remaining seats filled'
        ? rep.account(sorted, continuing, elected, seatsLeft(), (a, b) => ar.cmp(votesOf(a), votesOf(b)) < 0, reason === 'constraint')
        : undefined;
    for (const c of sorted) isContinuing[c] = 0;
    continuing = continuing.filter((c) => isContinuing[c]);
    rb.exclude(sorted, reason, why);
  };

  /**
   * Elects `winners` most votes first. The order among equal votes is a tie like
   * any other (it decides who is passed over under a minimum, and the order of
   * election), so the tie-break settles it and it is recorded.
   * Returns those a minimum does not let be elected.
   */
  const electAll = (winners: readonly number[], reason: 'quota' | 'remaining seats'): number[] => {
    const passedOver: number[] = [];
    const pool = [...winners].sort((a, b) => ar.cmp(votesOf(b), votesOf(a)) || a - b);
    let k = 0;
    // k and end stay below pool.length wherever pool is read.
    while (k < pool.length) {
      let end = k + 1;
      while (end < pool.length && ar.cmp(votesOf(pool[end]!), votesOf(pool[k]!)) === 0) end++;
      let group = pool.slice(k, end);
      k = end;
      while (group.length > 0) {
        if (seatsLeft() === 0) return passedOver;
        let c = group[0]!; // the loop runs while group has one
        if (group.length > 1) {
          const d = ties.choose(group, 'highest', 'election', earlier());
          rb.event({ type: 'tie', stage: rb.stageNumber, purpose: 'election', tied: group, chosen: d.chosen, rule: d.rule });
          c = d.chosen;
        }
        group = group.filter((x) => x !== c);
        if (!rep.canElect(c, elected, seatsLeft())) {
          passedOver.push(c);
          continue;
        }
        isContinuing[c] = 0;
        isElected[c] = 1;
        continuing = continuing.filter((x) => x !== c);
        elected.push(c);
        rb.elect(c, reason, votesOf(c));
        if (reason === 'quota') pending.push(c);
      }
    }
    return passedOver;
  };

  for (;;) {
    const passedOver = electAll(
      continuing.filter((c) => ar.cmp(votesOf(c), quota) > 0),
      'quota',
    );
    if (seatsLeft() === 0) {
      if (passedOver.length) exclude(passedOver, 'constraint');
      if (continuing.length) exclude(continuing, 'remaining seats filled');
      break;
    }
    const bound = [
      ...passedOver,
      ...rep.mustExclude(
        continuing.filter((c) => !passedOver.includes(c)),
        elected,
        seatsLeft(),
      ),
    ];
    if (bound.length > 0) {
      exclude(bound, 'constraint');
      transfer('exclusion', [...bound].sort(byIndex), ar.one);
      continue;
    }
    if (continuing.length <= seatsLeft()) {
      if (continuing.length) exclude(electAll(continuing, 'remaining seats'), 'constraint');
      break;
    }
    if (pending.length > 0) {
      let most = pending[0]!; // pending has one, as the branch asks
      for (const c of pending) if (ar.cmp(votesOf(c), votesOf(most)) > 0) most = c;
      const tied = pending.filter((c) => ar.cmp(votesOf(c), votesOf(most)) === 0).sort(byIndex);
      let c = most;
      if (tied.length > 1) {
        const d = ties.choose(tied, 'highest', 'surplus order', earlier());
        rb.event({ type: 'tie', stage: rb.stageNumber, purpose: 'surplus order', tied, chosen: d.chosen, rule: d.rule });
        c = d.chosen;
      }
      pending.splice(pending.indexOf(c), 1);
      const surplus = ar.sub(votesOf(c), quota);
      const factor = ar.div(surplus, votesOf(c));
      rb.event({ type: 'surplus', stage: rb.stageNumber, candidate: c, surplus: rb.fmt(surplus) });
      transfer('surplus', [c], factor, [rb.fmt(factor)]);
      continue;
    }
    const pool = rep.excludable(continuing, elected);
    let low = present(pool[0], 'a candidate to exclude');
    for (const c of pool) if (ar.cmp(votesOf(c), votesOf(low)) < 0) low = c;
    const tied = pool.filter((c) => ar.cmp(votesOf(c), votesOf(low)) === 0).sort(byIndex);
    let loser = low;
    if (tied.length > 1) {
      const d = ties.choose(tied, 'lowest', 'exclusion', earlier());
      rb.event({ type: 'tie', stage: rb.stageNumber, purpose: 'exclusion', tied, chosen: d.chosen, rule: d.rule });
      loser = d.chosen;
    }
    exclude([loser], 'lowest');
    transfer('exclusion', [loser], ar.one);
  }

  return {
    method: id,
    methodName: droopStv.name,
    title: election.title,
    candidates: names,
    seats,
    arithmetic: ar.name,
    options: { ...opts, seats },
    totalBallots: rb.fmt(ar.int(ballots.total)),
    undervotes: rb.fmt(ar.int(ballots.unranked)),
    stages: rb.stages,
    events: rb.events,
    elected: rb.elected,
    ...(rep.active ? { constraint: { rules: rep.rules, enforcement: ENFORCEMENT } } : {}),
  };
}

export const droopStv: CountMethod = {
  id: 'stv-droop',
  name: 'Droop-quota fractional STV (Labour NEC)',
  summary:
    'STV with exact fractions, as Labour counts its NEC ballots: quota = valid votes ÷ (seats + 1), unrounded, and a candidate is elected on EXCEEDING it; surpluses move by the weighted inclusive Gregory method (every paper of the elected candidate at its value × surplus ÷ total, no rounding), largest first; otherwise the lowest candidate is excluded and all their papers move at their current values in one stage. Ties look back to the most recent stage at which the candidates differed, then go to lot or declared order. The record shows values to --display-places decimals, rounded down; the count itself is exact.',
  multiSeat: true,
  options: OPTIONS,
  count: countDroop,
};
