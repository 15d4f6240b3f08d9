/**
 * The papers of a weighted inclusive Gregory (WIGM) count, which Minneapolis's rule
 * (stv-mpls) and Droop's WIGM rules (stv-wigm) share: each distinct ranking carries
 * one value for all its papers, sits with one candidate (or none, once inactive),
 * and moves on whole — every paper a candidate holds, re-valued for a surplus or at
 * its value for a defeat. Each move is recorded as one stage.
 */
import type { Arithmetic } from '../arithmetic.js';
import { INACTIVE_REASONS, nextChoice, type InactiveReason, type PreparedBallots } from '../ballot-rules.js';
import type { Election } from '../ballots.js';
import type { CountMethod } from '../method.js';
import type { OptionValues } from '../options.js';
import type { CountRecord, RecordBuilder, StageAction } from '../record.js';

export class WigmPapers<V> {
  private readonly ar: Arithmetic<V>;
  /** Who may receive a paper now: 1 for a continuing candidate. The rule clears it on election and defeat. */
  readonly isContinuing: Uint8Array;
  /** Elected candidates stay in the tally with the votes they keep. */
  readonly isElected: Uint8Array;
  private readonly votes: V[];
  readonly inactive: Record<InactiveReason, V>;
  // Per distinct ranking: the value of one of its papers, where it stands, and who holds it (-1: nobody).
  private readonly value: V[];
  private readonly at: Int32Array;
  private readonly holder: Int32Array;
  private readonly pos = new Int32Array(1);

  constructor(
    private readonly rb: RecordBuilder<V>,
    private readonly ballots: PreparedBallots,
    candidates: number,
    withdrawn: readonly number[],
  ) {
    this.ar = rb.ar;
    this.isContinuing = new Uint8Array(candidates);
    for (let c = 0; c < candidates; c++) if (!withdrawn.includes(c)) this.isContinuing[c] = 1;
    this.isElected = new Uint8Array(candidates);
    this.votes = Array.from({ length: candidates }, () => this.ar.zero);
    this.inactive = { exhausted: this.ar.zero, overvote: this.ar.zero, skippedRanks: this.ar.zero, repeatedRanking: this.ar.zero };
    this.value = Array.from({ length: ballots.size }, () => this.ar.one);
    this.at = new Int32Array(ballots.size);
    this.holder = new Int32Array(ballots.size).fill(-1);
  }

  vote(c: number): V {
    return this.votes[c] ?? this.ar.zero;
  }

  /** Puts every paper with its first usable choice; answers the votes that found one (the valid poll). */
  firstPreferences(): V {
    for (let i = 0; i < this.ballots.size; i++) this.place(i, 0, {});
    let valid = this.ar.zero;
    for (const v of this.votes) valid = this.ar.add(valid, v);
    return valid;
  }

  /** Elects c at the current stage with the votes they hold; they receive no more papers. */
  elect(c: number, reason: 'quota' | 'remaining seats'): void {
    this.isContinuing[c] = 0;
    this.isElected[c] = 1;
    this.rb.elect(c, reason, this.vote(c));
  }

  /** Defeats `cs` at the current stage; their papers stay with them until `transfer` moves them. */
  defeat(cs: readonly number[], reason: 'lowest' | 'batch' | 'remaining seats filled'): void {
    for (const c of cs) this.isContinuing[c] = 0;
    this.rb.exclude(cs, reason);
  }

  /** The continuing candidates, by index. */
  hopeful(): number[] {
    const out: number[] = [];
    for (let c = 0; c < this.isContinuing.length; c++) if (this.isContinuing[c]) out.push(c);
    return out;
  }

  /** Every candidate still in the count, continuing or elected, with their votes. */
  tally(): (V | undefined)[] {
    return this.votes.map((v, c) => (this.isContinuing[c] || this.isElected[c] ? v : undefined));
  }

  /** What truncation has lost: the ballots less every vote held or inactive. */
  lost(): V {
    const { ar } = this;
    let held = ar.zero;
    for (const v of this.votes) held = ar.add(held, v);
    for (const r of INACTIVE_REASONS) held = ar.add(held, this.inactive[r]);
    return ar.sub(ar.int(this.ballots.total), held);
  }

  recordStage(threshold: V): void {
    this.rb.stage({ tally: this.tally(), threshold, inactive: this.inactive, lost: this.lost() });
  }

  /**
   * Moves every paper `from` hold on to its next continuing choice (after `reweigh`, for a surplus), leaves
   * them `after` votes each, and records the stage it makes.
   */
  transfer(kind: StageAction['kind'], from: readonly number[], after: V, threshold: V, reweigh?: (v: V) => V): void {
    const { ar, rb } = this;
    const before = this.tally();
    const lostBefore = this.lost();
    for (const c of from) before[c] = this.vote(c);
    const moved: Partial<Record<InactiveReason, V>> = {};
    // A surplus's papers arrived at different values, so they leave at different values: each is recorded.
    const values = new Map<string, V>();
    for (let i = 0; i < this.ballots.size; i++) {
      if (!from.includes(this.holder[i] ?? -1)) continue;
      if (reweigh) {
        const v = reweigh(this.value[i] ?? ar.zero);
        this.value[i] = v;
        values.set(rb.fmt(v), v);
      }
      this.place(i, (this.at[i] ?? 0) + 1, moved);
    }
    for (const c of from) this.votes[c] = after;
    const inactiveText: Partial<Record<InactiveReason, string>> = {};
    for (const r of INACTIVE_REASONS) {
      const v = moved[r];
      if (v !== undefined && !ar.isZero(v)) inactiveText[r] = rb.fmt(v);
    }
    const surplusValue = kind === 'surplus' && values.size > 0 ? [...values.values()].sort((a, b) => ar.cmp(b, a)).map((v) => rb.fmt(v)) : undefined;
    rb.action({
      kind,
      candidates: [...from],
      transfers: rb.diff(before, this.tally()),
      inactive: inactiveText,
      lost: rb.fmt(ar.sub(this.lost(), lostBefore)),
      ...(surplusValue ? { transferValues: surplusValue } : {}),
    });
    this.recordStage(threshold);
  }

  /** The record of the count, once it is over. */
  record(method: CountMethod, election: Election, seats: number, opts: OptionValues): CountRecord {
    const { ar, rb } = this;
    return {
      method: method.id,
      methodName: method.name,
      title: election.title,
      candidates: election.candidates.map((c) => c.name),
      seats,
      arithmetic: ar.name,
      options: { ...opts, seats },
      totalBallots: rb.fmt(ar.int(this.ballots.total)),
      undervotes: rb.fmt(ar.int(this.ballots.unranked)),
      stages: rb.stages,
      events: rb.events,
      elected: rb.elected,
    };
  }

  /** Moves paper i on from position `from`, adding what becomes inactive to `moved` by reason. */
  private place(i: number, from: number, moved: Partial<Record<InactiveReason, V>>): void {
    const { ar } = this;
    const c = nextChoice(this.ballots, i, from, this.isContinuing, this.pos);
    const v = ar.mulInt(this.value[i] ?? ar.zero, this.ballots.weights[i] ?? 0n);
    if (c < 0) {
      const r = INACTIVE_REASONS[-1 - c] ?? 'exhausted';
      this.inactive[r] = ar.add(this.inactive[r], v);
      moved[r] = ar.add(moved[r] ?? ar.zero, v);
      this.holder[i] = -1;
      return;
    }
    this.holder[i] = c;
    this.at[i] = this.pos[0] ?? 0;
    this.votes[c] = ar.add(this.vote(c), v);
  }
}
