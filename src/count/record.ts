/**
 * A count is a record: the stages with their totals, and typed events saying
 * what happened and why. Every renderer (terminal table, CSV, URCVT JSON, web
 * pages) reads this and nothing else. Values are decimal strings produced by the
 * rule's own arithmetic, so the record is exact, plain data and serialisable.
 */
import type { Arithmetic } from './arithmetic.js';
import { INACTIVE_REASONS, type InactiveReason } from './ballot-rules.js';

export type DecimalText = string;

export type InactiveBreakdown = Readonly<Record<InactiveReason, DecimalText>>;

/** What moved votes between one stage and the next. */
export interface StageAction {
  readonly kind: 'surplus' | 'exclusion' | 'iteration';
  /** Whose votes moved (one for a surplus, one or more for an exclusion, none for a Meek iteration). */
  readonly candidates: readonly number[];
  /** Net change per candidate index (only candidates whose total changed). */
  readonly transfers: Readonly<Record<number, DecimalText>>;
  /** Votes that became inactive in this move, by reason. */
  readonly inactive: Partial<InactiveBreakdown>;
  /** Lost to rounding in this move. */
  readonly lost: DecimalText;
  /** For a surplus under a fixed-value rule: the transfer value(s) applied. */
  readonly transferValues?: readonly DecimalText[];
}

export interface Stage {
  /** 1-based; stage 1 is first preferences. */
  readonly number: number;
  /** Totals at this stage, for every candidate still in the count (continuing or elected), by index. */
  readonly tally: Readonly<Record<number, DecimalText>>;
  /** The quota or winning threshold in force at this stage. */
  readonly threshold: DecimalText;
  /** Inactive (non-transferable) votes so far, by reason. */
  readonly inactive: InactiveBreakdown;
  /** Votes lost to rounding so far. */
  readonly lost: DecimalText;
  /** Candidates who became elected at this stage, in order. */
  readonly elected: readonly number[];
  /** Candidates excluded at the end of this stage (their votes move in the next stage). */
  readonly excluded: readonly number[];
  /** The transfer that produces the next stage, if any. */
  readonly action?: StageAction | undefined;
}

export type TiePurpose = 'exclusion' | 'surplus order' | 'election';

export type CountEvent =
  | {
      readonly type: 'elect';
      readonly stage: number;
      readonly candidate: number;
      readonly reason: 'quota' | 'majority' | 'most votes' | 'remaining seats' | 'last continuing';
      readonly votes: DecimalText;
    }
  | {
      readonly type: 'exclude';
      readonly stage: number;
      readonly candidates: readonly number[];
      readonly reason: 'lowest' | 'batch' | 'constraint' | 'remaining seats filled' | 'withdrawn';
      /** With reason "constraint": which minimum excluded them and whom it protected, so a reader is told, not left to infer. */
      readonly underMinimum?: UnderMinimum;
    }
  | { readonly type: 'surplus'; readonly stage: number; readonly candidate: number; readonly surplus: DecimalText }
  | {
      readonly type: 'tie';
      readonly stage: number;
      readonly purpose: TiePurpose;
      readonly tied: readonly number[];
      readonly chosen: number;
      readonly rule: string;
    }
  | { readonly type: 'note'; readonly stage: number; readonly text: string };

/** Why an exclusion happened under a minimum representation. */
export interface UnderMinimum {
  /** Indexes into `CountRecord.constraint.rules` of the minimums that excluded or protected. */
  readonly rules: readonly number[];
  /** Candidates of those groups who, with fewer votes than one excluded, stayed in the count (or were elected instead). */
  readonly protected: readonly number[];
}

/**
 * Whether the minimum changed who was elected: the same count run again
 * without it. `gained` were elected only because of the minimum; `displaced`
 * would have been elected without it.
 */
export interface RepresentationEffect {
  readonly electedWithout: readonly number[];
  readonly gained: readonly number[];
  readonly displaced: readonly number[];
}

export interface RepresentationRule {
  readonly attribute: string;
  readonly value: string;
  readonly minimum: number;
}

export interface CountRecord {
  readonly method: string;
  readonly methodName: string;
  readonly title: string;
  readonly candidates: readonly string[];
  readonly seats: number;
  readonly arithmetic: string;
  /** Every option in force, defaults included. */
  readonly options: Readonly<Record<string, string | number | boolean | null>>;
  readonly totalBallots: DecimalText;
  /**
   * Ballots that mark no rank at all (RCTab's undervotes), when the rule tells them apart; they are
   * among every stage's exhausted votes. A ballot whose marks are all unusable is not one of them.
   */
  readonly undervotes?: DecimalText;
  readonly stages: readonly Stage[];
  readonly events: readonly CountEvent[];
  /** Winners in order of election. */
  readonly elected: readonly number[];
  /** Each stage is a fresh round of voting (an exhaustive ballot at a meeting): no votes move between stages. */
  readonly freshVotesEachStage?: boolean;
  readonly constraint?: { readonly rules: readonly RepresentationRule[]; readonly enforcement: string; readonly effect?: RepresentationEffect };
}

/** Helps a counting rule build its record from arithmetic values. */
export class RecordBuilder<V> {
  readonly stages: Stage[] = [];
  readonly events: CountEvent[] = [];
  readonly elected: number[] = [];
  /** Raw values of each stage's tally (undefined: not in the count), for tie-breaks that look back. */
  readonly history: (V | undefined)[][] = [];

  constructor(
    readonly ar: Arithmetic<V>,
    private readonly places?: number,
  ) {}

  fmt(v: V): DecimalText {
    return this.ar.format(v, this.places);
  }

  /** Records a stage. `tally[c]` undefined means c is out of the count. */
  stage(s: { tally: readonly (V | undefined)[]; threshold: V; inactive: Readonly<Record<InactiveReason, V>>; lost: V; elected?: readonly number[] }): Stage {
    const tally: Record<number, DecimalText> = {};
    s.tally.forEach((v, c) => {
      if (v !== undefined) tally[c] = this.fmt(v);
    });
    const inactive = Object.fromEntries(INACTIVE_REASONS.map((r) => [r, this.fmt(s.inactive[r])])) as Record<InactiveReason, DecimalText>;
    const stage: Stage = {
      number: this.stages.length + 1,
      tally,
      threshold: this.fmt(s.threshold),
      inactive,
      lost: this.fmt(s.lost),
      elected: [...(s.elected ?? [])],
      excluded: [],
    };
    this.stages.push(stage);
    this.history.push([...s.tally]);
    return stage;
  }

  /** The current (last) stage. */
  get current(): Stage {
    const s = this.stages[this.stages.length - 1];
    if (!s) throw new Error('no stage recorded yet');
    return s;
  }

  get stageNumber(): number {
    return this.stages.length;
  }

  /** Marks candidates elected at the current stage. */
  elect(candidate: number, reason: Extract<CountEvent, { type: 'elect' }>['reason'], votes: V): void {
    this.elected.push(candidate);
    (this.current.elected as number[]).push(candidate);
    this.events.push({ type: 'elect', stage: this.stageNumber, candidate, reason, votes: this.fmt(votes) });
  }

  /** An exclusion a minimum explains (`underMinimum`) is recorded with reason "constraint", whatever the rule's own reason. */
  exclude(candidates: readonly number[], reason: Extract<CountEvent, { type: 'exclude' }>['reason'], underMinimum?: UnderMinimum): void {
    (this.current.excluded as number[]).push(...candidates);
    this.events.push(excludeEvent(this.stageNumber, candidates, reason, underMinimum));
  }

  /** Attaches the move that leads from the current stage to the next. */
  action(a: StageAction): void {
    (this.current as { action?: StageAction }).action = a;
  }

  event(e: CountEvent): void {
    this.events.push(e);
  }

  /** Net change between two tallies, for a StageAction. */
  diff(before: readonly (V | undefined)[], after: readonly (V | undefined)[]): Record<number, DecimalText> {
    const out: Record<number, DecimalText> = {};
    const n = Math.max(before.length, after.length);
    for (let c = 0; c < n; c++) {
      const d = this.ar.sub(after[c] ?? this.ar.zero, before[c] ?? this.ar.zero);
      if (!this.ar.isZero(d)) out[c] = this.fmt(d);
    }
    return out;
  }
}

/** An exclude event; one a minimum explains carries that account and the reason "constraint". */
export function excludeEvent(
  stage: number,
  candidates: readonly number[],
  reason: Extract<CountEvent, { type: 'exclude' }>['reason'],
  underMinimum?: UnderMinimum,
): Extract<CountEvent, { type: 'exclude' }> {
  if (!underMinimum) return { type: 'exclude', stage, candidates: [...candidates], reason };
  return { type: 'exclude', stage, candidates: [...candidates], reason: 'constraint', underMinimum };
}
