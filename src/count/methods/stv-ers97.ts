/**
 * ERS97 STV: the Electoral Reform Society's rules for counting an STV election by
 * hand (R. A. Newland and F. S. Britton, "How to conduct an election by the Single
 * Transferable Vote", 3rd edition, 1997, sections 5 and 6; paragraph numbers below
 * are theirs). Every value is held to two decimal places.
 *
 * - Quota (5.1.6): total valid vote ÷ (places + 1), to two decimal places; if not
 *   exact, the remainder is ignored and 0.01 added. While nobody is elected it is
 *   recalculated after each batch of an exclusion, leaving out the non-transferable
 *   vote (5.4.8).
 * - Election (5.1.7, 5.3.13, 5.4.9): in descending order of votes, a continuing
 *   candidate is deemed elected whose vote equals or exceeds (a) the quota or (b) the
 *   total active vote (6.20: continuing candidates' votes plus votes awaiting
 *   transfer) ÷ (places not yet filled + 1). Equal votes with too few places: the
 *   candidate ahead at the first stage or the earliest later point where they
 *   differed; if they never differed, none of them is elected at that stage (5.6.2).
 * - Surplus (5.3): of a first-stage surplus all the candidate's papers, of a later one
 *   only the last batch received, go to their next available preference. If the
 *   transferable papers are worth more than the surplus, each carries surplus ÷ their
 *   number, to two decimal places, remainder ignored; otherwise each keeps its
 *   present value. What is not passed on is non-transferable: the neglected remainder
 *   is recorded as lost to fractions, the rest as non-transferable by the reason the
 *   papers left behind stopped. The candidate keeps exactly the quota.
 * - Largest surplus first (5.2.3), but all surpluses are deferred while their total
 *   does not exceed the gap between the two lowest candidates or between a group of
 *   lowest candidates that could be excluded together and the candidate next above
 *   (5.2.2). Equal surpluses: the greater vote at the first stage or the earliest
 *   point where they differed, then lot.
 * - Exclusion (5.2.5): as many of the lowest candidates together as possible, while
 *   enough remain to fill the places and their votes plus the deferred surpluses do
 *   not exceed the vote of the candidate next above. Equal lowest: fewer votes at the
 *   first stage or the earliest point where they differed, then lot. Their papers move
 *   in batches of one value, highest value first, each batch a stage of its own here
 *   (5.4); anyone elected after a batch receives no more papers (5.4.10).
 * - When a proposed exclusion would leave as many continuing candidates as places,
 *   those candidates are elected (5.5.1); once every place is filled nothing more
 *   moves and the rest are formally excluded (5.5.2).
 *
 * "The earliest point in the count after the transfer of a batch" is every stage
 * recorded here, exclusion batches included, so the tie rule reads the record's own
 * history forward.
 */
import { fixed } from '../arithmetic.js';
import { INACTIVE_REASONS, nextChoice, prepareBallots, type InactiveReason } from '../ballot-rules.js';
import type { Election } from '../ballots.js';
import type { CountMethod } from '../method.js';
import {
  BALLOT_RULE_OPTIONS,
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
import { RecordBuilder, excludeEvent, type CountRecord, type TiePurpose } from '../record.js';
import { ENFORCEMENT, Representation } from '../representation.js';

const ar = fixed(2);
const ONE = ar.one;

/** ERS97 6.10 and 6.17: preferences are the figures 1, 2, 3… each standing alone, taken
 * in order, and there is no next available preference where it is uncertain. So by
 * default a skipped number or a figure against two candidates ends the paper there. */
const ERS97_BALLOT_OPTIONS: readonly OptionSpec[] = BALLOT_RULE_OPTIONS.map((o) => (o.name === 'maxSkippedRanks' ? { ...o, default: 0 } : o));

/** ERS97's addition to the shared protection: its deferral and batch rules (5.2.2, 5.2.5) reason about the lowest candidates, who may be protected ones. */
const PROTECTION = 'while any candidate is so protected, surpluses are not deferred and candidates are excluded one at a time';

export const ers97: CountMethod = {
  id: 'stv-ers97',
  name: 'ERS97 STV (Electoral Reform Society, 1997)',
  summary:
    'Single transferable vote counted by the Electoral Reform Society rules of 1997 (Newland & Britton, "How to conduct an election by the ' +
    'Single Transferable Vote", 3rd edition): values to two decimal places; quota total valid vote/(places+1) rounded up to 0.01, reduced ' +
    'while nobody is elected; a later surplus moves only the last batch received; surpluses deferred when they cannot change who is ' +
    'excluded; several lowest candidates excluded together; excluded papers move in batches of one value, highest first; ties settled ' +
    'by the first stage or earliest point at which the candidates differed, then lot.',
  multiSeat: true,
  options: [SEATS_OPTION, ...TIE_OPTIONS, ...ERS97_BALLOT_OPTIONS, REPRESENTATION_OPTION],
  count: countErs97,
};

/** `n` papers of ballot i, whose current preference is at choice position `p`. */
interface Bundle {
  readonly i: number;
  readonly n: bigint;
  readonly p: number;
}

/** Papers a candidate received together, all of one value (6.1). */
interface Batch {
  readonly value: bigint;
  readonly bundles: readonly Bundle[];
}

type ByReason = Record<InactiveReason, bigint>;
const byReason = (): ByReason => ({ exhausted: 0n, overvote: 0n, skippedRanks: 0n, repeatedRanking: 0n });

const CONTINUING = 0;
const ELECTED = 1;
/** Excluded, with papers still to move (between the batches of an exclusion). */
const EXCLUDING = 2;
const EXCLUDED = 3;

function countErs97(election: Election, opts: OptionValues): CountRecord {
  const seats = seatsFrom(opts, election, 'stv-ers97');
  const n = election.candidates.length;
  const names = election.candidates.map((c) => c.name);
  const ballots = prepareBallots(election.ballots, ballotRulesFrom(opts), election.withdrawn);
  const ties = tieBreakerFrom(opts, election, ar, 'forward');
  const representation = new Representation(representationFrom(opts, election), election.candidates);
  const rec = new RecordBuilder(ar);

  const state = new Uint8Array(n);
  const continuing = new Uint8Array(n).fill(1);
  for (const w of election.withdrawn) {
    state[w] = EXCLUDED;
    continuing[w] = 0;
  }
  const votes: bigint[] = new Array<bigint>(n).fill(0n);
  const held: Batch[][] = Array.from({ length: n }, () => []);
  const inactive = byReason();
  let lost = 0n;
  /** Elected candidates whose surplus has not moved yet. */
  const pending: number[] = [];
  const at = new Int32Array(1);

  const candidatesIn = (s: number): number[] => {
    const out: number[] = [];
    for (let c = 0; c < n; c++) if (state[c] === s) out.push(c);
    return out;
  };
  const seatsLeft = (): number => seats - rec.elected.length;
  const sumOf = (xs: readonly bigint[]): bigint => xs.reduce((a, b) => a + b, 0n);
  const surplusOf = (c: number): bigint => votes[c] - quota;

  /** Valid votes not yet non-transferable: what the quota is recalculated from (5.4.8). */
  const activeTotal = (): bigint => {
    let t = 0n;
    for (let c = 0; c < n; c++) if (state[c] !== EXCLUDED) t += votes[c];
    return t;
  };
  const quotaOf = (total: bigint): bigint => ar.divInt(total, BigInt(seats + 1), 'up');
  /** 6.20: the votes of continuing candidates plus votes awaiting transfer. */
  const totalActiveVote = (): bigint => {
    let t = 0n;
    for (let c = 0; c < n; c++) {
      if (state[c] === CONTINUING || state[c] === EXCLUDING) t += votes[c];
      else if (state[c] === ELECTED && votes[c] > quota) t += votes[c] - quota;
    }
    return t;
  };

  const tally = (): (bigint | undefined)[] => votes.map((v, c) => (state[c] === EXCLUDED ? undefined : v));
  const recordStage = (): void => {
    rec.stage({ tally: tally(), threshold: quota, inactive, lost });
  };

  /** Sends bundles on to their next available preference; returns who receives what, and the papers that stop, by reason. */
  const route = (bundles: Iterable<Bundle>): { to: Map<number, Bundle[]>; stopped: ByReason } => {
    const to = new Map<number, Bundle[]>();
    const stopped = byReason();
    for (const b of bundles) {
      const c = nextChoice(ballots, b.i, b.p + 1, continuing, at);
      if (c >= 0) {
        let pile = to.get(c);
        if (!pile) to.set(c, (pile = []));
        pile.push({ i: b.i, n: b.n, p: at[0] });
      } else {
        stopped[INACTIVE_REASONS[-1 - c]] += b.n;
      }
    }
    return { to, stopped };
  };
  const papers = (bundles: readonly Bundle[]): bigint => sumOf(bundles.map((b) => b.n));

  // ---- 5.1 First stage ------------------------------------------------------------------
  {
    const first: Bundle[][] = Array.from({ length: n }, () => []);
    for (let i = 0; i < ballots.size; i++) {
      const c = nextChoice(ballots, i, ballots.offsets[i], continuing, at);
      if (c >= 0) first[c].push({ i, n: ballots.weights[i], p: at[0] });
      else inactive[INACTIVE_REASONS[-1 - c]] += ar.int(ballots.weights[i]);
    }
    for (let c = 0; c < n; c++) {
      if (first[c].length === 0) continue;
      held[c].push({ value: ONE, bundles: first[c] });
      votes[c] = ar.mulInt(ONE, papers(first[c]));
    }
  }
  const invalid = sumOf(INACTIVE_REASONS.map((r) => inactive[r]));
  let quota = quotaOf(activeTotal());
  recordStage();
  if (election.withdrawn.length > 0) rec.event({ type: 'exclude', stage: 1, candidates: [...election.withdrawn], reason: 'withdrawn' });
  if (invalid > 0n) {
    rec.event({
      type: 'note',
      stage: 1,
      text: `${ar.format(invalid, 0)} paper(s) with no valid first preference are invalid and not part of the total valid vote, ${ar.format(activeTotal())} (ERS97 5.1.2)`,
    });
  }

  // ---- Ties -------------------------------------------------------------------------------
  /** Positive when a had more votes than b at the first stage, or at the earliest later point where they differed. */
  const compareHistory = (a: number, b: number): number => {
    for (const st of rec.history) {
      const va = st[a] ?? 0n;
      const vb = st[b] ?? 0n;
      if (va !== vb) return va > vb ? 1 : -1;
    }
    return 0;
  };
  const firstDifference = (a: number, b: number): number => rec.history.findIndex((st) => (st[a] ?? 0n) !== (st[b] ?? 0n)) + 1;
  const choose = (tied: readonly number[], want: 'highest' | 'lowest', purpose: TiePurpose, paragraph: string): number => {
    if (tied.length === 1) return tied[0];
    const d = ties.choose(tied, want, purpose, rec.history);
    rec.event({ type: 'tie', stage: rec.stageNumber, purpose, tied: [...tied], chosen: d.chosen, rule: `ERS97 ${paragraph}: ${d.rule}` });
    return d.chosen;
  };
  /** Highest votes first; equal votes by the tie rule, so the order never depends on how candidates are numbered. */
  const orderByVotes = (cands: readonly number[], paragraph: string): number[] => {
    const out: number[] = [];
    let pool = [...cands];
    while (pool.length > 0) {
      const top = pool.reduce((m, c) => (votes[c] > m ? votes[c] : m), votes[pool[0]]);
      const chosen = choose(
        pool.filter((c) => votes[c] === top),
        'highest',
        'election',
        paragraph,
      );
      out.push(chosen);
      pool = pool.filter((c) => c !== chosen);
    }
    return out;
  };

  // ---- Election ---------------------------------------------------------------------------
  const markElected = (c: number, reason: 'quota' | 'remaining seats', tav: bigint, left: number): void => {
    state[c] = ELECTED;
    continuing[c] = 0;
    rec.elect(c, reason, votes[c]);
    if (reason === 'quota' && votes[c] < quota) {
      rec.event({
        type: 'note',
        stage: rec.stageNumber,
        text: `${names[c]} is deemed elected with ${ar.format(votes[c])}, below the quota ${ar.format(quota)} but not below the total active vote ${ar.format(tav)} ÷ ${left + 1} (ERS97 5.1.7(b), 5.3.13(b), 5.4.9(b))`,
      });
    }
    if (votes[c] > quota) pending.push(c);
  };

  /** 5.1.7, 5.3.13, 5.4.9: deems elected, in descending order of votes, every continuing candidate who has reached the quota or the active-vote share. */
  const electPass = (): void => {
    for (;;) {
      const left = seatsLeft();
      if (left <= 0) return;
      const tav = totalActiveVote();
      const places = BigInt(left + 1);
      let reached = candidatesIn(CONTINUING).filter((c) => votes[c] >= quota || votes[c] * places >= tav);
      // Minimum representation: a candidate who cannot be elected without breaking a minimum is passed over, and excluded next.
      if (representation.active) reached = reached.filter((c) => representation.canElect(c, rec.elected, left));
      if (reached.length === 0) return;
      const top = reached.reduce((m, c) => (votes[c] > m ? votes[c] : m), votes[reached[0]]);
      const level = reached.filter((c) => votes[c] === top);
      if (level.length <= left) {
        markElected(choose(level, 'highest', 'election', '5.1.7, order of election'), 'quota', tav, left);
        continue;
      }
      // 5.6.2: more candidates on equal votes than places; earlier stages decide, and never lot.
      const ranked = [...level].sort((a, b) => compareHistory(b, a));
      const boundary = ranked[left - 1];
      const settled = compareHistory(boundary, ranked[left]) > 0 ? ranked.slice(0, left) : ranked.filter((c) => compareHistory(c, boundary) > 0);
      const behind = ranked[settled.length];
      for (const c of settled) {
        rec.event({
          type: 'tie',
          stage: rec.stageNumber,
          purpose: 'election',
          tied: [...level],
          chosen: c,
          rule: `ERS97 5.6.2: more votes than ${names[behind]} at the earliest stage at which they differed (stage ${firstDifference(c, behind)})`,
        });
        markElected(c, 'quota', totalActiveVote(), seatsLeft());
      }
      if (settled.length < left) {
        const still = ranked.slice(settled.length).filter((c) => compareHistory(c, behind) === 0);
        rec.event({
          type: 'note',
          stage: rec.stageNumber,
          text: `${still.map((c) => names[c]).join(', ')} have equal votes, and had at every earlier stage, with too few places for them all: none of them is deemed elected at this stage (ERS97 5.6.2)`,
        });
      }
      return;
    }
  };

  /** 5.5.1: the continuing candidates fill the remaining places. */
  const electRemaining = (cands: readonly number[]): void => {
    for (const c of orderByVotes(cands, '5.5.1, order of election')) {
      if (seatsLeft() === 0) break;
      markElected(c, 'remaining seats', totalActiveVote(), seatsLeft());
    }
  };

  // ---- Surplus ----------------------------------------------------------------------------
  /** 5.2.2: whether every surplus waits, and why; null when the largest must move now. */
  const deferral = (cont: readonly number[], total: bigint): string | null => {
    const asc = [...cont].sort((a, b) => (votes[a] < votes[b] ? -1 : votes[a] > votes[b] ? 1 : 0));
    if (asc.length >= 2 && total <= votes[asc[1]] - votes[asc[0]]) {
      return `(a): not more than the difference ${ar.format(votes[asc[1]])} − ${ar.format(votes[asc[0]])} between the two lowest candidates`;
    }
    const group = lowestGroup(asc, total, 2);
    if (group) {
      const next = asc[group.length];
      return `(b): not more than the vote of ${names[next]}, ${ar.format(votes[next])}, less the ${ar.format(sumOf(group.map((c) => votes[c])))} of ${group.map((c) => names[c]).join(', ')}, who could be excluded together`;
    }
    return null;
  };

  /**
   * The largest group of lowest candidates, at least `min` of them, that 5.2.5 lets go together: enough
   * remain to fill the places, and their votes plus `deferred` do not exceed the vote of the candidate next
   * above. Candidates on equal votes go together or not at all, since none of them is "next above" another.
   */
  const lowestGroup = (asc: readonly number[], deferred: bigint, min: number): number[] | null => {
    const most = asc.length - seatsLeft();
    let best: number[] | null = null;
    let sum = deferred;
    let k = 0;
    while (k < asc.length) {
      let end = k;
      while (end < asc.length && votes[asc[end]] === votes[asc[k]]) sum += votes[asc[end++]];
      if (end >= asc.length || end > most) break;
      // A batch may not take a group below the seats it is still owed.
      if (end >= min && sum <= votes[asc[end]] && representation.mayExcludeAll(asc.slice(0, end), asc, rec.elected)) best = asc.slice(0, end);
      k = end;
    }
    return best;
  };

  const transferSurplus = (): void => {
    const largest = pending.reduce((m, c) => (surplusOf(c) > m ? surplusOf(c) : m), surplusOf(pending[0]));
    const e = choose(
      pending.filter((c) => surplusOf(c) === largest),
      'highest',
      'surplus order',
      '5.2.3',
    );
    pending.splice(pending.indexOf(e), 1);
    const surplus = surplusOf(e);
    rec.event({ type: 'surplus', stage: rec.stageNumber, candidate: e, surplus: ar.format(surplus) });

    // 5.3.1–5.3.2: the first-stage papers, or the last batch received, which gave rise to the surplus.
    const batch = held[e][held[e].length - 1] ?? { value: ONE, bundles: [] };
    const before = tally();
    const { to, stopped } = route(batch.bundles);
    const transferable = sumOf([...to.values()].map(papers));
    // 5.3.7: share the surplus only if the transferable papers are worth more than it.
    const divided = ar.mulInt(batch.value, transferable) > surplus;
    const tv = divided ? ar.divInt(surplus, transferable, 'down') : batch.value;
    for (const [c, pile] of to) {
      votes[c] += ar.mulInt(tv, papers(pile));
      held[c].push({ value: tv, bundles: pile });
    }
    const remainder = surplus - ar.mulInt(tv, transferable);
    const gone = byReason();
    let lostNow = 0n;
    if (divided) {
      lostNow = remainder; // 6.11: the non-transferable difference from the neglected remainder
    } else {
      // Nothing was divided: what stays behind is the value of the papers that had no next preference.
      let rest = remainder;
      for (const r of INACTIVE_REASONS) {
        const part = ar.mulInt(batch.value, stopped[r]) < rest ? ar.mulInt(batch.value, stopped[r]) : rest;
        gone[r] += part;
        rest -= part;
      }
      gone.exhausted += rest;
    }
    lost += lostNow;
    for (const r of INACTIVE_REASONS) inactive[r] += gone[r];
    votes[e] = quota;
    held[e] = [];
    rec.action({
      kind: 'surplus',
      candidates: [e],
      transfers: rec.diff(before, tally()),
      inactive: nonZero(gone),
      lost: ar.format(lostNow),
      transferValues: [ar.format(tv)],
    });
    recordStage();
    electPass();
  };

  // ---- Exclusion --------------------------------------------------------------------------
  /** 5.4: the excluded candidates' papers move in batches of one value, highest value first, one stage each. */
  const transferExcluded = (out: readonly number[]): void => {
    const byValue = new Map<bigint, { bundles: Bundle[]; from: Map<number, bigint> }>();
    for (const c of out) {
      for (const batch of held[c]) {
        let group = byValue.get(batch.value);
        if (!group) byValue.set(batch.value, (group = { bundles: [], from: new Map() }));
        for (const b of batch.bundles) group.bundles.push(b);
        group.from.set(c, (group.from.get(c) ?? 0n) + ar.mulInt(batch.value, papers(batch.bundles)));
      }
      held[c] = [];
    }
    const values = [...byValue.keys()].sort((a, b) => (a > b ? -1 : a < b ? 1 : 0));
    const finish = (): void => {
      for (const c of out) {
        state[c] = EXCLUDED;
        votes[c] = 0n;
      }
    };
    if (values.length === 0) {
      // 5.2.7: the exclusion is a stage even when the candidates hold no papers.
      const before = tally();
      finish();
      rec.action({ kind: 'exclusion', candidates: [...out], transfers: rec.diff(before, tally()), inactive: {}, lost: ar.format(0n) });
      recordStage();
      electPass();
      return;
    }
    for (let k = 0; k < values.length; k++) {
      const value = values[k];
      const group = byValue.get(value)!;
      const before = tally();
      const { to, stopped } = route(group.bundles);
      for (const [c, amount] of group.from) votes[c] -= amount;
      for (const [c, pile] of to) {
        votes[c] += ar.mulInt(value, papers(pile));
        held[c].push({ value, bundles: pile });
      }
      const gone = byReason();
      for (const r of INACTIVE_REASONS) {
        gone[r] = ar.mulInt(value, stopped[r]);
        inactive[r] += gone[r];
      }
      if (k === values.length - 1) finish();
      rec.action({
        kind: 'exclusion',
        candidates: [...out],
        transfers: rec.diff(before, tally()),
        inactive: nonZero(gone),
        lost: ar.format(0n),
        transferValues: [ar.format(value)],
      });
      // 5.4.8: while nobody is elected, the quota leaves out the non-transferable vote.
      const reduced = rec.elected.length === 0 ? quotaOf(activeTotal()) : quota;
      const changed = reduced !== quota;
      quota = reduced;
      recordStage();
      if (changed) rec.event({ type: 'note', stage: rec.stageNumber, text: `quota recalculated, leaving out the non-transferable vote: ${ar.format(quota)} (ERS97 5.4.8)` });
      electPass();
      // 5.5.2: once every place is filled, no further papers move.
      if (seatsLeft() === 0) return;
    }
  };

  // ---- 5.2 Subsequent stages ------------------------------------------------------------------
  electPass();
  for (;;) {
    const left = seatsLeft();
    if (left <= 0) break;
    const cont = candidatesIn(CONTINUING);
    if (cont.length <= left) {
      electRemaining(cont);
      break;
    }
    if (representation.active) {
      const barred = representation.mustExclude(cont, rec.elected, left);
      if (barred.length > 0) {
        if (exclude(cont, barred, 'constraint')) break;
        continue;
      }
    }
    const safe = representation.protectedFrom(cont, rec.elected);
    if (pending.length > 0) {
      const why = safe.size > 0 ? null : deferral(cont, sumOf(pending.map(surplusOf)));
      if (why === null) {
        transferSurplus();
        continue;
      }
      rec.event({
        type: 'note',
        stage: rec.stageNumber,
        text: `surplus${pending.length > 1 ? 'es' : ''} of ${pending.map((c) => `${names[c]} (${ar.format(surplusOf(c))})`).join(', ')} deferred, ERS97 5.2.2${why}`,
      });
    }
    const asc = [...cont].sort((a, b) => (votes[a] < votes[b] ? -1 : votes[a] > votes[b] ? 1 : 0));
    let out: number[];
    let reason: 'lowest' | 'batch' = 'lowest';
    if (safe.size > 0) {
      const from = representation.excludable(asc, rec.elected);
      out = [choose(from.filter((c) => votes[c] === votes[from[0]]), 'lowest', 'exclusion', '5.2.5')];
    } else {
      const group = lowestGroup(asc, sumOf(pending.map(surplusOf)), 1);
      if (group) {
        out = group;
        if (group.length > 1) reason = 'batch';
      } else {
        out = [choose(asc.filter((c) => votes[c] === votes[asc[0]]), 'lowest', 'exclusion', '5.2.5')];
      }
    }
    if (exclude(cont, out, reason)) break;
  }

  /** Excludes `out` and moves their papers; true when that ends the count. */
  function exclude(cont: readonly number[], out: readonly number[], why: 'lowest' | 'batch' | 'constraint'): boolean {
    const stay = cont.filter((c) => !out.includes(c));
    const under =
      representation.active && why !== 'batch'
        ? representation.account(out, cont, rec.elected, seatsLeft(), (a, b) => votes[a] < votes[b], why === 'constraint')
        : undefined;
    if (stay.length <= seatsLeft()) {
      rec.event({
        type: 'note',
        stage: rec.stageNumber,
        text: `excluding ${out.map((c) => names[c]).join(', ')} would leave as many continuing candidates as places: they are deemed elected (ERS97 5.5.1)`,
      });
      if (why === 'constraint') {
        // They leave for the constraint, not merely because the places are filled; no papers move (5.5.2).
        for (const c of out) state[c] = EXCLUDED;
        rec.event(excludeEvent(rec.stageNumber, out, 'constraint', under));
      }
      electRemaining(stay);
      return true;
    }
    for (const c of out) {
      state[c] = EXCLUDING;
      continuing[c] = 0;
    }
    rec.exclude(out, why, under);
    transferExcluded(out);
    return false;
  }

  // 5.5.2: with every place filled, the candidates still continuing are formally excluded.
  const rest = candidatesIn(CONTINUING);
  if (rest.length > 0) rec.event({ type: 'exclude', stage: rec.stageNumber, candidates: rest, reason: 'remaining seats filled' });

  return {
    method: ers97.id,
    methodName: ers97.name,
    title: election.title,
    candidates: names,
    seats,
    arithmetic: ar.name,
    options: { ...opts, seats },
    totalBallots: ballots.total.toString(),
    stages: rec.stages,
    events: rec.events,
    elected: rec.elected,
    ...(representation.active ? { constraint: { rules: representation.rules, enforcement: `${ENFORCEMENT}; ${PROTECTION}` } } : {}),
  };
}

function nonZero(gone: ByReason): Partial<Record<InactiveReason, string>> {
  return Object.fromEntries(INACTIVE_REASONS.filter((r) => gone[r] !== 0n).map((r) => [r, ar.format(gone[r])]));
}
