/**
 * The processes a party runs, as pure state machines over plain-JSON states:
 * the review of an incumbent (trigger ballot, members' meeting or mandatory
 * reselection), an open selection, and a national internal election.
 *
 * `applyProcess` takes any stored state and a command for its kind, so a store
 * or a command line can drive a process knowing only its document.
 */
import { err } from '../result.js';
import type { ProcessContext, Step } from './common.js';
import type { ProcessState } from './documents.js';
import { applyElection, electionAllowed, type ElectionCommand } from './internal-election.js';
import { applySelection, selectionAllowed, type SelectionCommand } from './selection.js';
import { applyMeeting, MEETING_ALLOWED, type MeetingCommand } from './nomination-meeting.js';
import { applyTrigger, triggerAllowed, type TriggerCommand } from './trigger-ballot.js';

export * from './common.js';
export * from './ballot-count.js';
export * from './trigger-ballot.js';
export * from './disputes.js';
export * from './timetable-pause.js';
export { voidedBallotWords, type VoidedBallot } from './ballot-disputes.js';
export * from './selection.js';
export * from './internal-election.js';
export * from './nomination-meeting.js';
export * from './timetable-defaults.js';
export * from './next-steps.js';
export * from './documents.js';
export {
  closingWords,
  openingWords,
  outsideVotingWindow,
  votingSentence,
  votingWindow,
  type BallotOpening,
  type BallotTimes,
  type VotingWindow,
} from './ballot-steps.js';

export type ProcessCommand = TriggerCommand | SelectionCommand | ElectionCommand | MeetingCommand;

/** Applies `command` to a process of any kind; the command must be one of that kind's. */
export function applyProcess(state: ProcessState, command: ProcessCommand, ctx: ProcessContext): Step<ProcessState> {
  switch (state.kind) {
    case 'trigger-ballot':
      return applyTrigger(state, command as TriggerCommand, ctx);
    case 'selection':
      return applySelection(state, command as SelectionCommand, ctx);
    case 'internal-election':
      return applyElection(state, command as ElectionCommand, ctx);
    case 'nomination-meeting':
      return applyMeeting(state, command as MeetingCommand, ctx);
    default: {
      const never: never = state;
      return err('invalid-state', `Not a process state: ${JSON.stringify((never as { kind?: unknown }).kind ?? null)}.`);
    }
  }
}

/** The commands a process of any kind allows now (its phase's, or, paused, only resuming). */
export function allowedNow(state: ProcessState): readonly string[] {
  switch (state.kind) {
    case 'trigger-ballot':
      return triggerAllowed(state);
    case 'selection':
      return selectionAllowed(state);
    case 'internal-election':
      return electionAllowed(state);
    case 'nomination-meeting':
      return MEETING_ALLOWED[state.phase];
  }
}
