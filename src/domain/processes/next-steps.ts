/**
 * What an officer can do next in a process, and why not for each step they
 * cannot take now: the transition tables say which steps the phase allows, and
 * the steps' own checks (the timetable, a field the count could be held with)
 * say whether one allowed by the phase can be taken today. Nothing here restates
 * a rule: a step that needs no input is tried on the state and thrown away (the
 * processes are pure), and one that needs input asks the check its step makes
 * first.
 */
import type { Result } from '../result.js';
import type { ProcessContext, Step } from './common.js';
import {
  applyElection,
  ELECTION_ALLOWED,
  ELECTION_PHASES,
  electionFreezeNotYet,
  electionNominationsClosed,
  type ElectionCommandType,
  type InternalElectionState,
} from './internal-election.js';
import {
  applySelection,
  longlistNotYet,
  SELECTION_ALLOWED,
  SELECTION_PHASES,
  selectionFreezeNotYet,
  type SelectionCommandType,
  type SelectionState,
} from './selection.js';
import { applyTrigger, TRIGGER_ALLOWED, TRIGGER_PHASES, type TriggerBallotState, type TriggerCommandType } from './trigger-ballot.js';

/** Why a step cannot be taken now. */
export type StepBar =
  /** The process has moved past the phases that allow it. */
  | { readonly kind: 'past' }
  /** A later phase allows it: `first` is the step that moves the process on from where it is. */
  | { readonly kind: 'later'; readonly first: string | null }
  /** The phase allows it but a rule refuses it today; `reason` is the step's own refusal. */
  | { readonly kind: 'refused'; readonly reason: string };

export interface StepChance<T extends string = string> {
  readonly step: T;
  /** Null when the step can be taken now. */
  readonly bar: StepBar | null;
}

/** The officer's steps of each kind, in the order a process takes them. A member's own steps (applying, withdrawing) are not here. */
export const TRIGGER_OFFICER_STEPS = ['record-meeting', 'close'] as const satisfies readonly TriggerCommandType[];
export const SELECTION_OFFICER_STEPS = [
  'close-applications',
  'set-longlist',
  'set-shortlist',
  'freeze-electorate',
  'open-ballot',
  'close-ballot',
  'record-count',
  'declare',
] as const satisfies readonly SelectionCommandType[];
export const ELECTION_OFFICER_STEPS = [
  'nominate',
  'freeze-electorate',
  'open-ballot',
  'close-ballot',
  'record-count',
  'declare',
] as const satisfies readonly ElectionCommandType[];

const refusal = (r: Result<unknown> | Step<unknown> | null): StepBar | null => (r === null || r.ok ? null : { kind: 'refused', reason: r.error.message });

/**
 * Each of `steps` against the transition table `allowed` (phase → steps) in `phase`, the phases in their order;
 * `today` asks the step's own checks about a step the phase allows.
 */
function chances<T extends string, P extends string>(
  steps: readonly T[],
  phases: readonly P[],
  allowed: Readonly<Record<P, readonly string[]>>,
  phase: P,
  today: (step: T) => StepBar | null,
): StepChance<T>[] {
  const at = phases.indexOf(phase);
  const first = steps.find((s) => allowed[phase].includes(s)) ?? null;
  return steps.map((step) => {
    if (allowed[phase].includes(step)) return { step, bar: today(step) };
    const later = phases.slice(at + 1).some((p) => allowed[p].includes(step));
    return { step, bar: later ? { kind: 'later', first } : { kind: 'past' } };
  });
}

/** A trigger ballot's officer steps: entering a unit's decision while some unit has none, and closing (early only once every unit has one). */
export function triggerNextSteps(state: TriggerBallotState, ctx: ProcessContext): StepChance<(typeof TRIGGER_OFFICER_STEPS)[number]>[] {
  if (state.mode !== 'trigger-ballot') return [];
  return chances(TRIGGER_OFFICER_STEPS, TRIGGER_PHASES, TRIGGER_ALLOWED[state.mode], state.phase, (step) => {
    if (step === 'close') return refusal(applyTrigger(state, { type: 'close' }, ctx));
    return state.units.every((u) => u.result !== null) ? { kind: 'refused', reason: 'Every unit has a decision recorded.' } : null;
  });
}

/** A selection's officer steps; `zone` is the organisation's, in which the ballot's days are read. */
export function selectionNextSteps(state: SelectionState, ctx: ProcessContext, zone: string): StepChance<(typeof SELECTION_OFFICER_STEPS)[number]>[] {
  return chances(SELECTION_OFFICER_STEPS, SELECTION_PHASES, SELECTION_ALLOWED, state.phase, (step) => {
    switch (step) {
      case 'set-longlist':
        return refusal(longlistNotYet(state, ctx));
      case 'freeze-electorate':
        return refusal(selectionFreezeNotYet(state, ctx));
      case 'set-shortlist':
      case 'record-count':
        // Both are judged on what the officer chooses or the box holds, not on the day.
        return null;
      case 'open-ballot':
        return refusal(applySelection(state, { type: 'open-ballot', timeZone: zone }, ctx));
      default:
        return refusal(applySelection(state, { type: step } as Parameters<typeof applySelection>[1], ctx));
    }
  });
}

/** An internal election's officer steps; `zone` as for a selection. */
export function electionNextSteps(state: InternalElectionState, ctx: ProcessContext, zone: string): StepChance<(typeof ELECTION_OFFICER_STEPS)[number]>[] {
  return chances(ELECTION_OFFICER_STEPS, ELECTION_PHASES, ELECTION_ALLOWED, state.phase, (step) => {
    switch (step) {
      case 'nominate':
        return refusal(electionNominationsClosed(state, ctx));
      case 'freeze-electorate':
        return refusal(electionFreezeNotYet(state, ctx));
      case 'record-count':
        return null;
      case 'open-ballot':
        return refusal(applyElection(state, { type: 'open-ballot', timeZone: zone }, ctx));
      default:
        return refusal(applyElection(state, { type: step } as Parameters<typeof applyElection>[1], ctx));
    }
  });
}
