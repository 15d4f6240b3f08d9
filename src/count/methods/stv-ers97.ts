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
import { INACTIVE_REASONS, nextChoice, prepareBallots, stopReason, type InactiveReason, type PreparedBallots } from '../ballot-rules.js';
import type { Election } from '../ballots.js';
import { present } from '../checked.js';
import { highest } from '../extremes.js';
import type { CountMethod } from '../method.js';
import { ballotRulesFrom, representationFrom, seatsFrom, tieBreakerFrom, type OptionValues } from '../options.js';
import { STATUTORY_STV_OPTIONS } from './statutory-ballot-options.js';
import { RecordBuilder, excludeEvent, type CountRecord, type TiePurpose } from '../record.js';
import { ENFORCEMENT, Representation } from '../representation.js';
import type { TieBreaker } from '../ties.js';

const ar = fixed(2);
const ONE = ar.one;

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
  options: STATUTORY_STV_OPTIONS,
  count: (election, opts) => new Ers97Count(election, opts).run(),
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

type ExclusionReason = 'lowest' | 'batch' | 'constraint';

/**
 * One ERS97 count. The state of the count sheet lives in the fields; each paragraph of
 * section 5 is one method, called in the order the rules prescribe by `run`.
 */
class Ers97Count {
  private readonly seats: number;
  private readonly names: readonly string[];
  private readonly ballots: PreparedBallots;
  private readonly ties: TieBreaker<bigint>;
  private readonly representation: Representation;
  private readonly rec = new RecordBuilder(ar);

  /** CONTINUING, ELECTED, EXCLUDING or EXCLUDED, by candidate. */
  private readonly state: Uint8Array;
  /** 1 for a candidate who may still receive papers: what `nextChoice` stops at. */
  private readonly continuing: Uint8Array;
  private readonly votes: bigint[];
  /** Each candidate's papers, in the batches they arrived in. */
  private readonly held: Batch[][];
  private readonly inactive = byReason();
  private lost = 0n;
  /** Elected candidates whose surplus has not moved yet. */
  private readonly pending: number[] = [];
  private quota = 0n;
  /** `nextChoice`'s answer of where on the ballot the preference it found is. */
  private readonly at = new Int32Array(1);

  constructor(
    private readonly election: Election,
    private readonly opts: OptionValues,
  ) {
    const n = election.candidates.length;
    this.seats = seatsFrom(opts, election, 'stv-ers97');
    this.names = election.candidates.map((c) => c.name);
    this.ballots = prepareBallots(election.ballots, ballotRulesFrom(opts), { withdrawn: election.withdrawn, candidates: election.candidates.length });
    this.ties = tieBreakerFrom(opts, election, ar, 'forward');
    this.representation = new Representation(representationFrom(opts, election), election.candidates);
    this.state = new Uint8Array(n);
    this.continuing = new Uint8Array(n).fill(1);
    for (const w of election.withdrawn) {
      this.state[w] = EXCLUDED;
      this.continuing[w] = 0;
    }
    this.votes = new Array<bigint>(n).fill(0n);
    this.held = Array.from({ length: n }, () => []);
  }

  run(): CountRecord {
    this.firstStage();
    this.electPass();
    this.laterStages();
    this.excludeTheRest();
    const { election, rec, representation, seats } = this;
    return {
      method: ers97.id,
      methodName: ers97.name,
      title: election.title,
      candidates: [...this.names],
      seats,
      arithmetic: ar.name,
      options: { ...this.opts, seats },
      totalBallots: this.ballots.total.toString(),
      undervotes: this.ballots.unranked.toString(),
      stages: rec.stages,
      events: rec.events,
      elected: rec.elected,
      ...(representation.active ? { constraint: { rules: representation.rules, enforcement: `${ENFORCEMENT}; ${PROTECTION}` } } : {}),
    };
  }

  /** 5.1: each paper goes to its first preference at value one; the quota is set from the total valid vote (5.1.6). */
  private firstStage(): void {
    const { ballots, at, rec } = this;
    const first: Bundle[][] = this.names.map(() => []);
    for (let i = 0; i < ballots.size; i++) {
      const weight = present(ballots.weights[i], 'a ballot’s weight');
      const c = nextChoice(ballots, i, present(ballots.offsets[i], 'a ballot’s offset'), this.continuing, at);
      if (c >= 0) present(first[c], 'a candidate’s first preferences').push({ i, n: weight, p: this.position() });
      else this.inactive[stopReason(c)] += ar.int(weight);
    }
    for (const [c, bundles] of first.entries()) {
      if (bundles.length === 0) continue;
      this.heldBy(c).push({ value: ONE, bundles });
      this.votes[c] = ar.mulInt(ONE, papers(bundles));
    }
    const invalid = sumOf(INACTIVE_REASONS.map((r) => this.inactive[r]));
    this.quota = this.quotaOf(this.activeTotal());
    this.recordStage();
    const { withdrawn } = this.election;
    if (withdrawn.length > 0) rec.event({ type: 'exclude', stage: 1, candidates: [...withdrawn], reason: 'withdrawn' });
    if (invalid > 0n) {
      rec.event({
        type: 'note',
        stage: 1,
        text: `${ar.format(invalid, 0)} paper(s) with no valid first preference are invalid and not part of the total valid vote, ${ar.format(this.activeTotal())} (ERS97 5.1.2)`,
      });
    }
  }

  /**
   * 5.2: until every place is filled, the largest surplus moves (5.2.3) unless all are deferred (5.2.2);
   * otherwise the lowest candidates are excluded (5.2.5).
   */
  private laterStages(): void {
    const { representation, rec, pending } = this;
    for (;;) {
      const left = this.seatsLeft();
      if (left <= 0) return;
      const cont = this.candidatesIn(CONTINUING);
      if (cont.length <= left) {
        this.electRemaining(cont);
        return;
      }
      if (representation.active) {
        const barred = representation.mustExclude(cont, rec.elected, left);
        if (barred.length > 0) {
          if (this.exclude(cont, barred, 'constraint')) return;
          continue;
        }
      }
      const safe = representation.protectedFrom(cont, rec.elected);
      if (pending.length > 0) {
        const why = safe.size > 0 ? null : this.deferral(cont, this.pendingSurplus());
        if (why === null) {
          this.transferSurplus();
          continue;
        }
        rec.event({
          type: 'note',
          stage: rec.stageNumber,
          text: `surplus${pending.length > 1 ? 'es' : ''} of ${pending.map((c) => `${this.nameOf(c)} (${ar.format(this.surplusOf(c))})`).join(', ')} deferred, ERS97 5.2.2${why}`,
        });
      }
      const { out, reason } = this.nextExclusion(cont, safe.size > 0);
      if (this.exclude(cont, out, reason)) return;
    }
  }

  /** 5.2.2: whether every surplus waits, and why; null when the largest must move now. */
  private deferral(cont: readonly number[], total: bigint): string | null {
    const asc = this.ascending(cont);
    const [lowest, second] = asc;
    if (lowest !== undefined && second !== undefined && total <= this.votesOf(second) - this.votesOf(lowest)) {
      return `(a): not more than the difference ${ar.format(this.votesOf(second))} − ${ar.format(this.votesOf(lowest))} between the two lowest candidates`;
    }
    const group = this.lowestGroup(asc, total, 2);
    if (group) {
      const next = present(asc[group.length], 'the candidate above the group');
      return `(b): not more than the vote of ${this.nameOf(next)}, ${ar.format(this.votesOf(next))}, less the ${ar.format(sumOf(group.map((c) => this.votesOf(c))))} of ${group.map((c) => this.nameOf(c)).join(', ')}, who could be excluded together`;
    }
    return null;
  }

  /**
   * 5.2.5: who is excluded next: as many of the lowest as may go together, or the lowest alone (equal
   * lowest by the tie rule). While a candidate is protected by minimum representation, one at a time.
   */
  private nextExclusion(cont: readonly number[], protecting: boolean): { out: number[]; reason: 'lowest' | 'batch' } {
    const asc = this.ascending(cont);
    if (protecting) {
      const from = this.representation.excludable(asc, this.rec.elected);
      return { out: [this.choose(this.atLowest(from), 'lowest', 'exclusion', '5.2.5')], reason: 'lowest' };
    }
    const group = this.lowestGroup(asc, this.pendingSurplus(), 1);
    if (group) return { out: group, reason: group.length > 1 ? 'batch' : 'lowest' };
    return { out: [this.choose(this.atLowest(asc), 'lowest', 'exclusion', '5.2.5')], reason: 'lowest' };
  }

  /**
   * The largest group of lowest candidates, at least `min` of them, that 5.2.5 lets go together: enough
   * remain to fill the places, and their votes plus `deferred` do not exceed the vote of the candidate next
   * above. Candidates on equal votes go together or not at all, since none of them is "next above" another.
   */
  private lowestGroup(asc: readonly number[], deferred: bigint, min: number): number[] | null {
    const most = asc.length - this.seatsLeft();
    const vote = (k: number): bigint => this.votesOf(present(asc[k], 'a candidate in the ascending order'));
    let best: number[] | null = null;
    let sum = deferred;
    let k = 0;
    while (k < asc.length) {
      let end = k;
      const level = vote(k);
      while (end < asc.length && vote(end) === level) sum += vote(end++);
      if (end >= asc.length || end > most) break;
      // A batch may not take a group below the seats it is still owed.
      if (end >= min && sum <= vote(end) && this.representation.mayExcludeAll(asc.slice(0, end), asc, this.rec.elected)) best = asc.slice(0, end);
      k = end;
    }
    return best;
  }

  /** 5.3: the largest surplus moves, in the papers that gave rise to it, at a value that passes on no more than the surplus. */
  private transferSurplus(): void {
    const { pending, rec } = this;
    const largest = highest(pending, (c) => this.surplusOf(c));
    const e = this.choose(
      pending.filter((c) => this.surplusOf(c) === largest),
      'highest',
      'surplus order',
      '5.2.3',
    );
    pending.splice(pending.indexOf(e), 1);
    const surplus = this.surplusOf(e);
    rec.event({ type: 'surplus', stage: rec.stageNumber, candidate: e, surplus: ar.format(surplus) });

    // 5.3.1–5.3.2: the first-stage papers, or the last batch received, which gave rise to the surplus.
    const received = this.heldBy(e);
    const batch = received[received.length - 1] ?? { value: ONE, bundles: [] };
    const before = this.tally();
    const { to, stopped } = this.route(batch.bundles);
    const transferable = sumOf([...to.values()].map(papers));
    // 5.3.7: share the surplus only if the transferable papers are worth more than it.
    const divided = ar.mulInt(batch.value, transferable) > surplus;
    const tv = divided ? ar.divInt(surplus, transferable, 'down') : batch.value;
    for (const [c, pile] of to) {
      this.votes[c] = this.votesOf(c) + ar.mulInt(tv, papers(pile));
      this.heldBy(c).push({ value: tv, bundles: pile });
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
    this.lost += lostNow;
    for (const r of INACTIVE_REASONS) this.inactive[r] += gone[r];
    this.votes[e] = this.quota;
    this.held[e] = [];
    rec.action({
      kind: 'surplus',
      candidates: [e],
      transfers: rec.diff(before, this.tally()),
      inactive: nonZero(gone),
      lost: ar.format(lostNow),
      transferValues: [ar.format(tv)],
    });
    this.recordStage();
    this.electPass();
  }

  /** Excludes `out` and moves their papers (5.4), unless that would leave only as many as places (5.5.1); true when that ends the count. */
  private exclude(cont: readonly number[], out: readonly number[], why: ExclusionReason): boolean {
    const { representation, rec } = this;
    const stay = cont.filter((c) => !out.includes(c));
    const under =
      representation.active && why !== 'batch'
        ? representation.account(out, cont, rec.elected, this.seatsLeft(), (a, b) => this.votesOf(a) < this.votesOf(b), why === 'constraint')
        : undefined;
    if (stay.length <= this.seatsLeft()) {
      rec.event({
        type: 'note',
        stage: rec.stageNumber,
        text: `excluding ${out.map((c) => this.nameOf(c)).join(', ')} would leave as many continuing candidates as places: they are deemed elected (ERS97 5.5.1)`,
      });
      if (why === 'constraint') {
        // They leave for the constraint, not merely because the places are filled; no papers move (5.5.2).
        for (const c of out) this.state[c] = EXCLUDED;
        rec.event(excludeEvent(rec.stageNumber, out, 'constraint', under));
      }
      this.electRemaining(stay);
      return true;
    }
    for (const c of out) {
      this.state[c] = EXCLUDING;
      this.continuing[c] = 0;
    }
    rec.exclude(out, why, under);
    this.transferExcluded(out);
    return false;
  }

  /** 5.4: the excluded candidates' papers move in batches of one value, highest value first, one stage each. */
  private transferExcluded(out: readonly number[]): void {
    const { rec } = this;
    const byValue = new Map<bigint, { bundles: Bundle[]; from: Map<number, bigint> }>();
    for (const c of out) {
      for (const batch of this.heldBy(c)) {
        let group = byValue.get(batch.value);
        if (!group) byValue.set(batch.value, (group = { bundles: [], from: new Map() }));
        for (const b of batch.bundles) group.bundles.push(b);
        group.from.set(c, (group.from.get(c) ?? 0n) + ar.mulInt(batch.value, papers(batch.bundles)));
      }
      this.held[c] = [];
    }
    const groups = [...byValue].sort(([a], [b]) => (a > b ? -1 : a < b ? 1 : 0));
    const finish = (): void => {
      for (const c of out) {
        this.state[c] = EXCLUDED;
        this.votes[c] = 0n;
      }
    };
    if (groups.length === 0) {
      // 5.2.7: the exclusion is a stage even when the candidates hold no papers.
      const before = this.tally();
      finish();
      rec.action({ kind: 'exclusion', candidates: [...out], transfers: rec.diff(before, this.tally()), inactive: {}, lost: ar.format(0n) });
      this.recordStage();
      this.electPass();
      return;
    }
    for (const [k, [value, group]] of groups.entries()) {
      const before = this.tally();
      const { to, stopped } = this.route(group.bundles);
      for (const [c, amount] of group.from) this.votes[c] = this.votesOf(c) - amount;
      for (const [c, pile] of to) {
        this.votes[c] = this.votesOf(c) + ar.mulInt(value, papers(pile));
        this.heldBy(c).push({ value, bundles: pile });
      }
      const gone = byReason();
      for (const r of INACTIVE_REASONS) {
        gone[r] = ar.mulInt(value, stopped[r]);
        this.inactive[r] += gone[r];
      }
      if (k === groups.length - 1) finish();
      rec.action({
        kind: 'exclusion',
        candidates: [...out],
        transfers: rec.diff(before, this.tally()),
        inactive: nonZero(gone),
        lost: ar.format(0n),
        transferValues: [ar.format(value)],
      });
      // 5.4.8: while nobody is elected, the quota leaves out the non-transferable vote.
      const reduced = rec.elected.length === 0 ? this.quotaOf(this.activeTotal()) : this.quota;
      const changed = reduced !== this.quota;
      this.quota = reduced;
      this.recordStage();
      if (changed)
        rec.event({
          type: 'note',
          stage: rec.stageNumber,
          text: `quota recalculated, leaving out the non-transferable vote: ${ar.format(this.quota)} (ERS97 5.4.8)`,
        });
      this.electPass();
      // 5.5.2: once every place is filled, no further papers move.
      if (this.seatsLeft() === 0) return;
    }
  }

  /** 5.5.1: the continuing candidates fill the remaining places. */
  private electRemaining(cands: readonly number[]): void {
    for (const c of this.orderByVotes(cands, '5.5.1, order of election')) {
      if (this.seatsLeft() === 0) break;
      this.markElected(c, 'remaining seats', this.totalActiveVote(), this.seatsLeft());
    }
  }

  /** 5.5.2: with every place filled, the candidates still continuing are formally excluded. */
  private excludeTheRest(): void {
    const rest = this.candidatesIn(CONTINUING);
    if (rest.length > 0) this.rec.event({ type: 'exclude', stage: this.rec.stageNumber, candidates: rest, reason: 'remaining seats filled' });
  }

  // ---- Election --------------------------------------------------------------------------

  /** 5.1.7, 5.3.13, 5.4.9: deems elected, in descending order of votes, every continuing candidate who has reached the quota or the active-vote share. */
  private electPass(): void {
    const { representation, rec } = this;
    for (;;) {
      const left = this.seatsLeft();
      if (left <= 0) return;
      const tav = this.totalActiveVote();
      const places = BigInt(left + 1);
      let reached = this.candidatesIn(CONTINUING).filter((c) => this.votesOf(c) >= this.quota || this.votesOf(c) * places >= tav);
      // Minimum representation: a candidate who cannot be elected without breaking a minimum is passed over, and excluded next.
      if (representation.active) reached = reached.filter((c) => representation.canElect(c, rec.elected, left));
      if (reached.length === 0) return;
      const top = highest(reached, (c) => this.votesOf(c));
      const level = reached.filter((c) => this.votesOf(c) === top);
      if (level.length <= left) {
        this.markElected(this.choose(level, 'highest', 'election', '5.1.7, order of election'), 'quota', tav, left);
        continue;
      }
      this.electAmongEqual(level, left);
      return;
    }
  }

  /** 5.6.2: more candidates on equal votes than places; earlier stages decide, and never lot. */
  private electAmongEqual(level: readonly number[], left: number): void {
    const { rec } = this;
    const ranked = [...level].sort((a, b) => this.compareHistory(b, a));
    const rankedAt = (k: number): number => present(ranked[k], 'a candidate on equal votes');
    const boundary = rankedAt(left - 1);
    const settled = this.compareHistory(boundary, rankedAt(left)) > 0 ? ranked.slice(0, left) : ranked.filter((c) => this.compareHistory(c, boundary) > 0);
    const behind = rankedAt(settled.length);
    for (const c of settled) {
      rec.event({
        type: 'tie',
        stage: rec.stageNumber,
        purpose: 'election',
        tied: [...level],
        chosen: c,
        rule: `ERS97 5.6.2: more votes than ${this.nameOf(behind)} at the earliest stage at which they differed (stage ${this.firstDifference(c, behind)})`,
      });
      this.markElected(c, 'quota', this.totalActiveVote(), this.seatsLeft());
    }
    if (settled.length < left) {
      const still = ranked.slice(settled.length).filter((c) => this.compareHistory(c, behind) === 0);
      rec.event({
        type: 'note',
        stage: rec.stageNumber,
        text: `${still.map((c) => this.nameOf(c)).join(', ')} have equal votes, and had at every earlier stage, with too few places for them all: none of them is deemed elected at this stage (ERS97 5.6.2)`,
      });
    }
  }

  private markElected(c: number, reason: 'quota' | 'remaining seats', tav: bigint, left: number): void {
    const { rec, quota } = this;
    const vote = this.votesOf(c);
    this.state[c] = ELECTED;
    this.continuing[c] = 0;
    rec.elect(c, reason, vote);
    if (reason === 'quota' && vote < quota) {
      rec.event({
        type: 'note',
        stage: rec.stageNumber,
        text: `${this.nameOf(c)} is deemed elected with ${ar.format(vote)}, below the quota ${ar.format(quota)} but not below the total active vote ${ar.format(tav)} ÷ ${left + 1} (ERS97 5.1.7(b), 5.3.13(b), 5.4.9(b))`,
      });
    }
    if (vote > quota) this.pending.push(c);
  }

  // ---- Ties ------------------------------------------------------------------------------

  /** Positive when a had more votes than b at the first stage, or at the earliest later point where they differed. */
  private compareHistory(a: number, b: number): number {
    for (const st of this.rec.history) {
      const va = st[a] ?? 0n;
      const vb = st[b] ?? 0n;
      if (va !== vb) return va > vb ? 1 : -1;
    }
    return 0;
  }

  private firstDifference(a: number, b: number): number {
    return this.rec.history.findIndex((st) => (st[a] ?? 0n) !== (st[b] ?? 0n)) + 1;
  }

  private choose(tied: readonly number[], want: 'highest' | 'lowest', purpose: TiePurpose, paragraph: string): number {
    const [only] = tied;
    if (tied.length === 1 && only !== undefined) return only;
    const { rec } = this;
    const d = this.ties.choose(tied, want, purpose, rec.history);
    rec.event({ type: 'tie', stage: rec.stageNumber, purpose, tied: [...tied], chosen: d.chosen, rule: `ERS97 ${paragraph}: ${d.rule}` });
    return d.chosen;
  }

  /** Highest votes first; equal votes by the tie rule, so the order never depends on how candidates are numbered. */
  private orderByVotes(cands: readonly number[], paragraph: string): number[] {
    const out: number[] = [];
    let pool = [...cands];
    while (pool.length > 0) {
      const top = highest(pool, (c) => this.votesOf(c));
      const chosen = this.choose(
        pool.filter((c) => this.votesOf(c) === top),
        'highest',
        'election',
        paragraph,
      );
      out.push(chosen);
      pool = pool.filter((c) => c !== chosen);
    }
    return out;
  }

  // ---- The count sheet -------------------------------------------------------------------

  private votesOf(c: number): bigint {
    return present(this.votes[c], 'a candidate’s vote');
  }

  private heldBy(c: number): Batch[] {
    return present(this.held[c], 'a candidate’s papers');
  }

  private nameOf(c: number): string {
    return present(this.names[c], 'a candidate’s name');
  }

  /** Where on its ballot the preference `nextChoice` last found is. */
  private position(): number {
    return present(this.at[0], 'the position of a preference');
  }

  private candidatesIn(s: number): number[] {
    const out: number[] = [];
    for (const [c, st] of this.state.entries()) if (st === s) out.push(c);
    return out;
  }

  private seatsLeft(): number {
    return this.seats - this.rec.elected.length;
  }

  private surplusOf(c: number): bigint {
    return this.votesOf(c) - this.quota;
  }

  private pendingSurplus(): bigint {
    return sumOf(this.pending.map((c) => this.surplusOf(c)));
  }

  /** Lowest votes first; equal votes keep the order given. */
  private ascending(cands: readonly number[]): number[] {
    return [...cands].sort((a, b) => (this.votesOf(a) < this.votesOf(b) ? -1 : this.votesOf(a) > this.votesOf(b) ? 1 : 0));
  }

  /** The candidates of `asc` (lowest first) on the lowest vote. */
  private atLowest(asc: readonly number[]): number[] {
    const low = this.votesOf(present(asc[0], 'a candidate to exclude'));
    return asc.filter((c) => this.votesOf(c) === low);
  }

  /** Valid votes not yet non-transferable: what the quota is recalculated from (5.4.8). */
  private activeTotal(): bigint {
    let t = 0n;
    for (const [c, v] of this.votes.entries()) if (this.state[c] !== EXCLUDED) t += v;
    return t;
  }

  private quotaOf(total: bigint): bigint {
    return ar.divInt(total, BigInt(this.seats + 1), 'up');
  }

  /** 6.20: the votes of continuing candidates plus votes awaiting transfer. */
  private totalActiveVote(): bigint {
    let t = 0n;
    for (const [c, v] of this.votes.entries()) {
      const st = this.state[c];
      if (st === CONTINUING || st === EXCLUDING) t += v;
      else if (st === ELECTED && v > this.quota) t += v - this.quota;
    }
    return t;
  }

  private tally(): (bigint | undefined)[] {
    return this.votes.map((v, c) => (this.state[c] === EXCLUDED ? undefined : v));
  }

  private recordStage(): void {
    this.rec.stage({ tally: this.tally(), threshold: this.quota, inactive: this.inactive, lost: this.lost });
  }

  /** Sends bundles on to their next available preference; returns who receives what, and the papers that stop, by reason. */
  private route(bundles: Iterable<Bundle>): { to: Map<number, Bundle[]>; stopped: ByReason } {
    const to = new Map<number, Bundle[]>();
    const stopped = byReason();
    for (const b of bundles) {
      const c = nextChoice(this.ballots, b.i, b.p + 1, this.continuing, this.at);
      if (c >= 0) {
        let pile = to.get(c);
        if (!pile) to.set(c, (pile = []));
        pile.push({ i: b.i, n: b.n, p: this.position() });
      } else {
        stopped[stopReason(c)] += b.n;
      }
    }
    return { to, stopped };
  }
}

const sumOf = (xs: readonly bigint[]): bigint => xs.reduce((a, b) => a + b, 0n);

const papers = (bundles: readonly Bundle[]): bigint => sumOf(bundles.map((b) => b.n));

function nonZero(gone: ByReason): Partial<Record<InactiveReason, string>> {
  return Object.fromEntries(INACTIVE_REASONS.filter((r) => gone[r] !== 0n).map((r) => [r, ar.format(gone[r])]));
}
