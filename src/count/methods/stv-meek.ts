/**
 * Meek STV: Hill, Wichmann & Woodall, "Algorithm 123 — Single Transferable Vote
 * by Meek's method", Computer Journal 30(3), 1987, as Droop implements it
 * (jklundell/droop, droop/rules/meek.py, fixed-point arithmetic).
 *
 * Every candidate has a keep factor kf: 1 while hopeful, 0 once defeated, and
 * for an elected candidate the share of each vote reaching them that they keep.
 * A ballot starts with weight 1; at each candidate on it, in order, the candidate
 * keeps weight × kf and weight × (1 − kf) passes on, until the weight is used up
 * or the ballot runs out (what is left then is inactive). All values are
 * fixed-point decimals of `precision` places (default 9): the kept and passed-on
 * parts are each rounded DOWN (what neither gets is lost to rounding), and keep
 * factors are rounded UP, as in Droop.
 *
 * A round iterates: distribute every ballot; quota = (votes held by hopeful and
 * elected candidates) ÷ (seats + 1), truncated to `precision` places, plus
 * 10^−precision (so votes exhausted or lost to rounding lower the quota); elect
 * every hopeful candidate whose vote reaches the quota; total surplus = Σ (vote −
 * quota) over the elected. The round ends when someone is elected, when the
 * total surplus is at most omega = 10^−omega (option `omega`, Droop's convention:
 * the exponent; default ⌊2 × precision ÷ 3⌋, i.e. 6 at the default precision), when
 * the surplus stops falling (a stable state), or when a batch of sure losers can
 * be defeated. Otherwise each elected kf becomes ⌈⌈kf × quota⌉ ÷ vote⌉ and the
 * round iterates again.
 *
 * --arithmetic guarded counts in Droop's guarded arithmetic and --arithmetic
 * rational in exact fractions; both are Droop's "exact" kinds, whose quota is
 * not rounded up (a candidate must pass it), and nothing is rounded in rational.
 *
 * Equal ranks (`2=4`) are an overvote, read by --overvote-rule, unless
 * --equal-ranks split: then, as in Droop's and OpenSTV's Meek, a ballot reaching
 * a rank of several candidates divides its weight equally (rounded down) among
 * those still in the count; each share is kept by its candidate's keep factor
 * and the rest of it goes on down the ballot. A rank whose candidates are all
 * out of the count is passed over (Droop stops such a ballot there; Hustings
 * reads it as the voter's later choices).
 *
 * A round that elects nobody defeats: with `defeatBatch` safe (the default), the
 * largest batch of lowest candidates whose combined votes plus the total surplus
 * stay below the next candidate's vote (they cannot win whatever the surplus
 * does), never splitting candidates within the surplus of each other and always
 * leaving enough hopefuls for the seats; else the lowest candidate, where every
 * hopeful within the total surplus of the lowest vote counts as tied with it. A
 * tie is settled by the fallback of --tie-break (seeded lot or declared order):
 * Droop's Meek does not look back at earlier rounds. When the hopefuls are no more
 * than the seats left, they are all elected; once the seats are filled, the rest
 * are defeated.
 *
 * The record has one stage per round: its tally is every hopeful and elected
 * candidate's vote when the round's iteration stopped (so an elected candidate
 * shows about a quota), its threshold the quota then, `inactive` the weight left
 * on ballots that ran out, by reason, and `lost` what rounding lost. Stage 1 is
 * first preferences (the first iteration distributes every ballot whole to its
 * first choice). The move between stages is a Meek `iteration`. When the last
 * defeat leaves as many hopefuls as seats, one more distribution is recorded as a
 * final stage (as Droop reports it) and they are elected there.
 *
 * With --minimum, the "exclude when binding" enforcement of representation.ts:
 * once the seats left equal the seats a group is still owed, every hopeful
 * outside it is defeated (reason "constraint"), as is one who reaches the quota
 * when they cannot be elected; and a group candidate is never defeated as lowest
 * while the group has no more hopefuls than seats it is still owed. A batch of
 * sure losers is checked as a whole, so that defeating it never leaves a group it
 * takes from fewer hopefuls than seats it is still owed.
 */
import { fixed, guardedFixed, rational, type Arithmetic } from '../arithmetic.js';
import { INACTIVE_REASONS, prepareBallots, type InactiveReason } from '../ballot-rules.js';
import type { Election } from '../ballots.js';
import { present } from '../checked.js';
import type { CountMethod } from '../method.js';
import {
  BALLOT_RULE_OPTIONS,
  GUARD_OPTION,
  OptionError,
  REPRESENTATION_OPTION,
  SEATS_OPTION,
  TIE_OPTIONS,
  ballotRulesFrom,
  representationFrom,
  seatsFrom,
  tieBreakerFrom,
  type OptionSpec,
  type OptionValues,
} from '../options.js';
import { RecordBuilder, type CountRecord } from '../record.js';
import { ENFORCEMENT, Representation } from '../representation.js';
import type { TieBreaker } from '../ties.js';
import { ELECTED, fullTree, HOPEFUL, OUT, RoundTrees, type ChoiceTree } from './meek-tree.js';

const OPTIONS: readonly OptionSpec[] = [
  SEATS_OPTION,
  {
    name: 'arithmetic',
    type: 'choice',
    choices: ['fixed', 'guarded', 'rational'],
    default: 'fixed',
    help: "fixed: every value to --precision places, keep factors rounded up and transfers down (Algorithm 123, Droop's fixed). guarded: Droop's default for Meek, --precision + --guard places, rounded down, values within half a unit of the precision-th place compared as equal, and the quota not rounded up (a candidate is elected on passing it). rational: exact fractions, nothing rounded (Droop's rational), the quota exact and passed to be elected; --precision only sets the places shown.",
  },
  {
    name: 'precision',
    type: 'integer',
    default: null,
    min: 1,
    max: 60,
    help: 'Decimal places of every value (keep factors, weights, votes, quota), not counting guard digits. Default: 9 for fixed (Algorithm 123 and Droop), 18 for guarded (Droop). With rational arithmetic, the places values are shown to (default 12, as Droop shows them).',
  },
  GUARD_OPTION,
  {
    name: 'omega',
    type: 'integer',
    default: null,
    min: 0,
    help: 'Convergence tolerance as a power of ten: a round stops iterating when the total surplus is at most 10^-omega. Default as in Droop: 2/3 of --precision, rounded down, for fixed (6 at precision 9); half of it for guarded (9 at 18); 10 for rational.',
  },
  {
    name: 'defeatBatch',
    type: 'choice',
    choices: ['safe', 'none'],
    default: 'safe',
    help: 'safe: defeat at once every sure loser (lowest candidates whose votes plus the total surplus cannot reach the next one), as Droop does; none: one candidate per round.',
  },
  {
    name: 'transfer',
    type: 'choice',
    choices: ['meek', 'warren', 'prf'],
    default: 'meek',
    help: "What an elected candidate takes from a ballot reaching them with weight w: meek, the share kf × w (Meek's method); warren, kf of a whole vote, or all of w if that is less (Warren's method, as Droop counts it), the rest passing on; prf, the PR Foundation's Meek reference rule: kf × w rounded up, and exactly w less that passing on (with --defeat-batch none and the fixed defaults, 9 places and omega 6, this is Droop's meek-prf).",
  },
  {
    name: 'equalRanks',
    type: 'choice',
    choices: ['overvote', 'split'],
    default: 'overvote',
    help: "Two or more candidates at one rank: overvote (read by --overvote-rule), or split (as Droop and OpenSTV count Meek: the ballot's value there is divided equally among those still in the count, each share kept by its candidate's keep factor and the rest passed on down the ballot).",
  },
  ...TIE_OPTIONS,
  REPRESENTATION_OPTION,
  ...BALLOT_RULE_OPTIONS,
];

interface Distribution<V> {
  /** Defeated and withdrawn candidates hold 0. */
  readonly votes: V[];
  /** By INACTIVE_REASONS index. */
  readonly inactive: V[];
}

/**
 * One Meek distribution over a round's tree at the current keep factors, in
 * `ar` (fixed-point at the working precision, or exact): kept part ⌊w × kf⌋,
 * passed-on part ⌊w × (1 − kf)⌋ (Droop's rounding, after OpenSTV). A hopeful
 * candidate keeps the whole weight. At equal ranks left in the tree
 * (--equal-ranks split) the weight is first divided equally, ⌊w ÷ k⌋, among the
 * k of them still in the count (Droop's distributeVotes), and each share is then
 * kept and passed on as above.
 */
function distribute<V>(
  ar: Arithmetic<V>,
  tree: ChoiceTree,
  kf: readonly V[],
  state: Uint8Array,
  groups: readonly (readonly number[])[],
  transfer: 'meek' | 'warren' | 'prf',
): Distribution<V> {
  const warren = transfer === 'warren';
  const prf = transfer === 'prf';
  const votes = kf.map(() => ar.zero);
  const inactive = INACTIVE_REASONS.map(() => ar.zero);
  const { choice, firstChild, nextSibling, through, ends } = tree;
  const { add, mul, mulInt, sub, cmp, isZero, one } = ar;
  // The hot loop of the count. The `!`s read the tree's arrays at its own nodes, per-candidate arrays
  // at the candidates its choices name, and per-reason arrays at the reasons its ends are indexed by.
  const pass = (ch: number, c: number, w: V): void => {
    const k = kf[c]!;
    const keep = warren ? (cmp(k, w) < 0 ? k : w) : prf ? mul(k, w, 'up') : mul(k, w);
    votes[c] = add(votes[c]!, mulInt(keep, through[ch]!));
    // Meek's rest is rounded down on its own (Droop, after OpenSTV); Warren's and the PRF's are w less what was kept.
    const rest = warren || prf ? sub(w, keep) : mul(w, sub(one, k));
    if (!isZero(rest)) visit(ch, rest);
  };
  const visit = (node: number, w: V): void => {
    const e = ends[node];
    if (e) for (let r = 0; r < e.length; r++) if (e[r] !== 0n) inactive[r] = add(inactive[r]!, mulInt(w, e[r]!));
    for (let ch = firstChild[node]!; ch >= 0; ch = nextSibling[ch]!) {
      const c = choice[ch]!;
      if (c < 0) {
        const members = groups[-1 - c]!;
        let continuing = 0;
        for (const m of members) if (state[m] !== OUT) continuing++;
        const share = ar.divInt(w, BigInt(continuing));
        for (const m of members) {
          if (state[m] === HOPEFUL) votes[m] = add(votes[m]!, mulInt(share, through[ch]!));
          else if (state[m] === ELECTED) pass(ch, m, share);
        }
      } else if (state[c] === HOPEFUL) votes[c] = add(votes[c]!, mulInt(w, through[ch]!));
      else pass(ch, c, w);
    }
  };
  visit(0, one);
  return { votes, inactive };
}

type Status = 'elected' | 'omega' | 'stable' | 'batch';

/** The shared protection speaks of one exclusion at a time; Meek also checks each batch of sure losers as a whole, and its record says so. */
const BATCH_PROTECTION = 'a batch of sure losers is defeated only if it leaves each group it takes from at least as many hopefuls as the seats it is owed';

function countMeek(election: Election, opts: OptionValues): CountRecord {
  const seats = seatsFrom(opts, election, meek.id);
  const kind = opts.arithmetic as 'fixed' | 'guarded' | 'rational';
  const isGuarded = kind === 'guarded';
  const precision = (opts.precision as number | null) ?? (kind === 'fixed' ? 9 : kind === 'guarded' ? 18 : 12);
  const guard = isGuarded ? ((opts.guard as number | null) ?? Math.floor(precision / 2)) : 0;
  if (!isGuarded && opts.guard !== null) throw new OptionError('--guard is only used with --arithmetic guarded');
  if (precision + guard > 60) throw new OptionError(`--precision ${precision} and --guard ${guard} make ${precision + guard} places; at most 60`);
  const omega10 =
    (opts.omega as number | null) ?? (kind === 'fixed' ? Math.floor((2 * precision) / 3) : isGuarded ? Math.floor(precision / 2) : RATIONAL_OMEGA);
  if (kind !== 'rational' && omega10 > precision) {
    throw new OptionError(`--omega ${omega10} is finer than --precision ${precision} can represent (at most ${precision})`);
  }
  if (opts.equalRanks === 'split' && opts.overvoteRule !== 'exhaustImmediately') {
    throw new OptionError('--equal-ranks split divides a ballot among candidates ranked equally, so it takes no --overvote-rule');
  }
  const settings = { seats, precision, guard, omega10 };
  if (kind === 'rational') return meekCount(election, opts, settings, rational, rational, 'exact', precision);
  const exact = fixed(precision + guard);
  return meekCount(election, opts, settings, isGuarded ? guardedFixed(precision, guard) : exact, exact, isGuarded ? 'exact' : 'rounded', undefined);
}

/** Droop's default omega for rational arithmetic: iterate until the total surplus is at most 10^-10. */
const RATIONAL_OMEGA = 10;

/**
 * The count in `ar`. `exact` is the same values compared and added without
 * guarded arithmetic's tolerance (ar itself when not guarded). A `rounded`
 * quota is rounded up by one unit of the last place and reached at equality
 * (Algorithm 123); an `exact` one (guarded and rational, Droop's exact kinds) is
 * not, so a candidate must pass it. `places`: the places values are shown to,
 * for rational arithmetic.
 */
function meekCount<V>(
  election: Election,
  opts: OptionValues,
  { seats, precision, guard, omega10 }: { seats: number; precision: number; guard: number; omega10: number },
  ar: Arithmetic<V>,
  exact: Arithmetic<V>,
  quotaKind: 'rounded' | 'exact',
  places: number | undefined,
): CountRecord {
  const id = meek.id;
  const isGuarded = ar !== exact;
  const one = exact.one;
  const zero = exact.zero;
  const epsilon = quotaKind === 'rounded' ? exact.div(one, exact.int(10n ** BigInt(precision))) : zero;
  const hasQuota = quotaKind === 'exact' ? (v: V, q: V): boolean => ar.cmp(v, q) > 0 : (v: V, q: V): boolean => exact.cmp(v, q) >= 0;
  const cmp = ar.cmp;
  const below = (a: V, b: V): boolean => exact.cmp(a, b) < 0;
  const plus = exact.add;
  const omega = exact.div(one, exact.int(10n ** BigInt(omega10)));
  const batchDefeats = opts.defeatBatch === 'safe';
  const split = opts.equalRanks === 'split';
  const transfer = opts.transfer as 'meek' | 'warren' | 'prf';
  const warren = transfer === 'warren';
  const ties: TieBreaker<V> = tieBreakerFrom(opts, election, ar, 'none');
  const rep = new Representation(representationFrom(opts, election), election.candidates);
  const rb = new RecordBuilder(ar, places);
  const names = election.candidates.map((c) => c.name);

  const rules = ballotRulesFrom(opts);
  // Settled-when-reached groups are what splitting needs: the candidates still in the count at that rank.
  const ballots = prepareBallots(election.ballots, split ? { ...rules, overvote: 'exhaustIfMultipleContinuing' } : rules, {
    withdrawn: election.withdrawn,
    candidates: election.candidates.length,
  });
  const rounds = new RoundTrees(fullTree(ballots), ballots.groups, split);
  const totalValue = exact.int(ballots.total);
  const withdrawn = new Set(election.withdrawn);

  const kf: V[] = names.map((_, c) => (withdrawn.has(c) ? zero : one));
  const state = Uint8Array.from(names, (_, c) => (withdrawn.has(c) ? OUT : HOPEFUL));
  let hopeful: number[] = names.map((_, c) => c).filter((c) => !withdrawn.has(c));
  const elected: number[] = [];
  const seatsLeft = (): number => seats - elected.length;
  const byIndex = (a: number, b: number): number => a - b;
  const votesOf = (c: number): V => present(dist.votes[c], 'a candidate’s votes');
  const keepFactor = (c: number): V => present(kf[c], 'a candidate’s keep factor');
  const byVote = (a: number, b: number): number => exact.cmp(votesOf(a), votesOf(b));

  let dist: Distribution<V> = { votes: kf.map(() => zero), inactive: INACTIVE_REASONS.map(() => zero) };
  let quota = zero;
  let surplus = zero;
  let prev: { tally: (V | undefined)[]; inactive: V[]; lost: V } | undefined;

  const quotaOf = (d: Distribution<V>): V => {
    let held = zero;
    for (const c of hopeful) held = plus(held, present(d.votes[c], 'a candidate’s votes'));
    for (const c of elected) held = plus(held, present(d.votes[c], 'a candidate’s votes'));
    return plus(exact.divInt(held, BigInt(seats + 1), 'down'), epsilon);
  };

  /** Records a stage from `dist` and `quota`, and the move that led to it. */
  const recordStage = (): void => {
    const tally: (V | undefined)[] = names.map(() => undefined);
    for (const c of hopeful) tally[c] = votesOf(c);
    for (const c of elected) tally[c] = votesOf(c);
    const inactive = dist.inactive;
    let held = zero;
    for (const v of tally) if (v !== undefined) held = plus(held, v);
    const lost = exact.sub(exact.sub(totalValue, held), inactive.reduce(plus, zero));
    if (prev) {
      const moved: Partial<Record<InactiveReason, string>> = {};
      const before = prev.inactive;
      // Both are indexed by INACTIVE_REASONS.
      INACTIVE_REASONS.forEach((r, k) => {
        const d = exact.sub(inactive[k]!, before[k]!);
        if (!exact.isZero(d)) moved[r] = rb.fmt(d);
      });
      rb.action({ kind: 'iteration', candidates: [], transfers: rb.diff(prev.tally, tally), inactive: moved, lost: rb.fmt(exact.sub(lost, prev.lost)) });
    }
    rb.stage({
      tally,
      threshold: quota,
      inactive: Object.fromEntries(INACTIVE_REASONS.map((r, k) => [r, inactive[k]])) as Record<InactiveReason, V>,
      lost,
    });
    prev = { tally, inactive: [...inactive], lost };
    if (rb.stageNumber === 1 && withdrawn.size > 0) {
      rb.event({ type: 'exclude', stage: 1, candidates: [...withdrawn].sort(byIndex), reason: 'withdrawn' });
    }
  };

  const defeat = (cs: readonly number[], reason: 'lowest' | 'batch' | 'constraint' | 'remaining seats filled'): void => {
    if (cs.length === 0) return;
    const sorted = [...cs].sort(byIndex);
    const why =
      rep.active && (reason === 'lowest' || reason === 'constraint')
        ? rep.account(sorted, hopeful, elected, seatsLeft(), (a, b) => below(votesOf(a), votesOf(b)), reason === 'constraint')
        : undefined;
    for (const c of sorted) {
      kf[c] = zero;
      state[c] = OUT;
    }
    hopeful = hopeful.filter((c) => !sorted.includes(c));
    rb.exclude(sorted, reason, why);
  };

  const electOne = (c: number, reason: 'quota' | 'remaining seats'): void => {
    hopeful = hopeful.filter((x) => x !== c);
    elected.push(c);
    state[c] = ELECTED;
    rb.elect(c, reason, votesOf(c));
  };

  /**
   * Elects `winners` (all at or above the quota, or all remaining), most votes
   * first. The order among equal votes is a tie like any other (it decides who
   * is passed over under a minimum or when seats run short, and the order of
   * election), so the tie-break settles it and it is recorded.
   * Returns those who could not be elected because of a minimum.
   */
  const electAll = (winners: readonly number[], reason: 'quota' | 'remaining seats'): number[] => {
    const passedOver: number[] = [];
    const pool = [...winners].sort((a, b) => byVote(b, a) || a - b);
    let k = 0;
    // k and end stay below pool.length wherever pool is read.
    while (k < pool.length) {
      let end = k + 1;
      while (end < pool.length && cmp(votesOf(pool[end]!), votesOf(pool[k]!)) === 0) end++;
      let group = pool.slice(k, end);
      k = end;
      while (group.length > 0) {
        if (seatsLeft() === 0) return passedOver;
        let c = group[0]!; // the loop runs while group has one
        if (group.length > 1) {
          const d = ties.choose(group, 'highest', 'election', []);
          rb.event({ type: 'tie', stage: rb.stageNumber, purpose: 'election', tied: group, chosen: d.chosen, rule: d.rule });
          c = d.chosen;
        }
        group = group.filter((x) => x !== c);
        if (rep.canElect(c, elected, seatsLeft())) electOne(c, reason);
        else passedOver.push(c);
      }
    }
    return passedOver;
  };

  /** Droop's batchDefeat: the largest safe set of sure losers, or none. */
  const sureLosers = (): number[] => {
    const sorted = [...hopeful].sort((a, b) => byVote(a, b) || a - b);
    const groups: number[][] = [];
    let group: number[] = [];
    let anchor = zero;
    for (const c of sorted) {
      if (cmp(plus(anchor, surplus), votesOf(c)) >= 0) group.push(c);
      else {
        if (group.length) groups.push(group);
        group = [c];
        anchor = votesOf(c);
      }
    }
    if (group.length) groups.push(group);
    const maxDefeat = hopeful.length - seatsLeft();
    let under = zero;
    let count = 0;
    let last = -1;
    for (const [g, members] of groups.entries()) {
      const next = groups[g + 1]?.[0];
      if (next === undefined) break;
      count += members.length;
      if (count > maxDefeat) break;
      for (const c of members) under = plus(under, votesOf(c));
      if (cmp(plus(under, surplus), votesOf(next)) < 0) last = g;
    }
    return groups.slice(0, last + 1).flat();
  };

  /** One round of iterations (Droop's iterate). */
  const iterate = (): { status: Status; batch: number[]; iterations: number } => {
    let lastSurplus = totalValue;
    const cut = rounds.next(state);
    for (let iterations = 1; ; iterations++) {
      dist = distribute(exact, cut, kf, state, ballots.groups, transfer);
      quota = quotaOf(dist);
      const winners = hopeful.filter((c) => hasQuota(votesOf(c), quota));
      if (winners.length > 0) return { status: 'elected', batch: [], iterations };
      surplus = zero;
      for (const c of elected) surplus = plus(surplus, exact.sub(votesOf(c), quota));
      if (cmp(surplus, omega) <= 0) return { status: 'omega', batch: [], iterations };
      if (cmp(surplus, lastSurplus) >= 0) return { status: 'stable', batch: [], iterations };
      if (batchDefeats) {
        const batch = sureLosers();
        if (batch.length > 0 && rep.mayExcludeAll(batch, hopeful, elected)) return { status: 'batch', batch, iterations };
      }
      lastSurplus = surplus;
      for (const c of elected) {
        const v = votesOf(c);
        // Capped at 1 so the passed-on part can never go negative; in exact terms an elected kf never exceeds 1.
        if (below(zero, v)) {
          const k = ar.div(ar.mul(keepFactor(c), quota, 'up'), v, 'up');
          kf[c] = below(k, one) ? k : one;
        }
      }
    }
  };

  const constraintCheck = (passedOver: readonly number[]): boolean => {
    const out = [
      ...passedOver,
      ...rep.mustExclude(
        hopeful.filter((c) => !passedOver.includes(c)),
        elected,
        seatsLeft(),
      ),
    ];
    defeat(out, 'constraint');
    return out.length > 0;
  };

  let round = 0;
  let changedSinceStage = true;
  while (hopeful.length > seatsLeft() && seatsLeft() > 0) {
    round++;
    const { status, batch, iterations } = iterate();
    recordStage();
    changedSinceStage = false;
    const surplusText = status === 'elected' ? '' : `, total surplus ${rb.fmt(below(surplus, zero) ? zero : surplus)}`;
    rb.event({
      type: 'note',
      stage: rb.stageNumber,
      text: `round ${round}: ${iterations} iteration(s), stopped: ${statusText(status, omega10)}${surplusText}`,
    });

    const passedOver =
      status === 'elected'
        ? electAll(
            hopeful.filter((c) => hasQuota(votesOf(c), quota)),
            'quota',
          )
        : [];
    const constrained = constraintCheck(passedOver);
    if (constrained) changedSinceStage = true;
    if (status === 'elected' || constrained) continue;

    changedSinceStage = true;
    if (status === 'batch') {
      defeat(batch, 'batch');
      continue;
    }
    const pool = rep.excludable(hopeful, elected);
    const low = votesOf(pool.reduce((a, b) => (below(votesOf(b), votesOf(a)) ? b : a)));
    const margin = below(zero, surplus) ? surplus : zero;
    const tied = pool.filter((c) => cmp(votesOf(c), plus(low, margin)) <= 0).sort(byIndex);
    let loser = tied[0]!; // the lowest is among them
    if (tied.length > 1) {
      const d = ties.choose(tied, 'lowest', 'exclusion', []);
      const within = tied.some((c) => exact.cmp(votesOf(c), low) !== 0) ? `tied within the total surplus (${rb.fmt(margin)}) of the lowest vote; ` : '';
      rb.event({ type: 'tie', stage: rb.stageNumber, purpose: 'exclusion', tied, chosen: d.chosen, rule: within + d.rule });
      loser = d.chosen;
    }
    defeat([loser], 'lowest');
  }

  if (seatsLeft() > 0 && hopeful.length > 0 && changedSinceStage) {
    // Droop redistributes once after the last defeat; this is that distribution.
    dist = distribute(exact, rounds.next(state), kf, state, ballots.groups, transfer);
    quota = quotaOf(dist);
    recordStage();
  }
  if (seatsLeft() > 0 && hopeful.length > 0) defeat(electAll([...hopeful], 'remaining seats'), 'constraint');
  if (hopeful.length > 0) defeat([...hopeful], 'remaining seats filled');

  return {
    method: id,
    methodName: warren ? 'Warren STV' : meek.name,
    title: election.title,
    candidates: names,
    seats,
    arithmetic: ar.name,
    options: { ...opts, seats, precision, ...(isGuarded ? { guard } : {}), omega: omega10 },
    totalBallots: rb.fmt(totalValue),
    undervotes: rb.fmt(exact.int(ballots.unranked)),
    stages: rb.stages,
    events: rb.events,
    elected: rb.elected,
    ...(rep.active ? { constraint: { rules: rep.rules, enforcement: `${ENFORCEMENT}; ${BATCH_PROTECTION}` } } : {}),
  };
}

function statusText(s: Status, omega10: number): string {
  switch (s) {
    case 'elected':
      return 'a candidate reached the quota';
    case 'omega':
      return `total surplus at most 10^-${omega10}`;
    case 'stable':
      return 'total surplus no longer falling';
    case 'batch':
      return 'sure losers can be defeated';
    default: {
      const never: never = s;
      throw new Error(`unknown status ${String(never)}`);
    }
  }
}

export const meek: CountMethod = {
  id: 'stv-meek',
  name: 'Meek STV',
  summary:
    "Meek's method (Hill, Wichmann & Woodall, Algorithm 123, Computer Journal 1987) as Droop counts it: keep factors let elected candidates keep just a quota of every vote that reaches them and pass the rest on, recomputed by iteration until the total surplus is at most 10^-omega; the quota (votes held ÷ (seats + 1), plus 10^-precision) falls as votes exhaust. Fixed-point to --precision places (default 9): keep factors rounded up, transfers rounded down. Sure losers are defeated in a batch; otherwise the lowest, candidates within the surplus counting as tied (settled by lot or declared order).",
  multiSeat: true,
  options: OPTIONS,
  count: countMeek,
};
