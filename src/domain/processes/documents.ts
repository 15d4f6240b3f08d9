/**
 * A process as its domain document: the stored process with its state typed by its kind. The
 * store checks a state against its kind's schema (and brings an older one up to date) before
 * handing it out as a document, so code holding a ProcessDocument can trust its state's shape.
 */
import type { ProcessId, UnitId } from '../ids.js';
import type { InternalElectionState } from './internal-election.js';
import type { NominationMeetingState } from './nomination-meeting.js';
import type { SelectionState } from './selection.js';
import type { TriggerBallotState } from './trigger-ballot.js';

export type ProcessState = TriggerBallotState | SelectionState | InternalElectionState | NominationMeetingState;
export type ProcessKind = ProcessState['kind'];
export const PROCESS_KINDS: readonly ProcessKind[] = ['trigger-ballot', 'selection', 'internal-election', 'nomination-meeting'];

interface DocumentOf<S extends ProcessState> {
  readonly id: ProcessId;
  readonly kind: S['kind'];
  /** The constituency it runs in; null for a national process (e.g. an NEC election). */
  readonly constituency: UnitId | null;
  /** Id of the rulebook (and version) it runs under, e.g. "labour-2021@1". */
  readonly rulebook: string;
  readonly state: S;
  /** Increases by one with every change. */
  readonly version: number;
}

export type TriggerBallotDocument = DocumentOf<TriggerBallotState>;
export type SelectionDocument = DocumentOf<SelectionState>;
export type InternalElectionDocument = DocumentOf<InternalElectionState>;
export type NominationMeetingDocument = DocumentOf<NominationMeetingState>;
export type ProcessDocument = TriggerBallotDocument | SelectionDocument | InternalElectionDocument | NominationMeetingDocument;

/** A process with a timetable that may be paused, resumed or extended: every kind but a nomination meeting, which is one day. */
export type TimedProcessDocument = Exclude<ProcessDocument, NominationMeetingDocument>;
export const hasTimetable = (p: ProcessDocument): p is TimedProcessDocument => p.kind !== 'nomination-meeting';

/** The review's state, or null when the document is of another kind. */
export const triggerBallotOf = (p: ProcessDocument): TriggerBallotState | null => (p.kind === 'trigger-ballot' ? p.state : null);
/** The selection's state, or null when the document is of another kind. */
export const selectionOf = (p: ProcessDocument): SelectionState | null => (p.kind === 'selection' ? p.state : null);
/** The internal election's state, or null when the document is of another kind. */
export const internalElectionOf = (p: ProcessDocument): InternalElectionState | null => (p.kind === 'internal-election' ? p.state : null);

export const isProcessKind = (kind: unknown): kind is ProcessKind => PROCESS_KINDS.some((k) => k === kind);
