/**
 * Which schema version of each kind's state this code writes, the schema it checks, and the
 * upcasters that bring a state written by an earlier release up to that version. A state keeps the
 * version it was written at (the processes table's state_schema column), as the tables keep theirs
 * in schema_migrations: a document changes shape by adding an upcaster here, never by editing the rows.
 */
import type { z } from 'zod';
import { isProcessKind, type ProcessKind, type ProcessState } from '../../domain/processes/documents.js';
import { internalElectionSchema } from './internal-election.js';
import { selectionSchema } from './selection.js';
import { meetingVotingUpcaster, nominationMeetingSchema } from './nomination-meeting.js';
import { triggerBallotSchema } from './trigger-ballot.js';

/** Turns a state of version `fromVersion` into one of the next version. */
export interface Upcaster {
  readonly fromVersion: number;
  upcast(state: unknown): unknown;
}

export interface DocumentKind<S extends ProcessState> {
  /** The version this code writes; a stored state of a later one is refused. */
  readonly version: number;
  readonly schema: z.ZodType<S>;
  /** One for each version from 1 up to `version` − 1. */
  readonly upcasters: readonly Upcaster[];
}

export type DocumentKinds = { readonly [K in ProcessKind]: DocumentKind<Extract<ProcessState, { readonly kind: K }>> };

export const DOCUMENT_KINDS: DocumentKinds = {
  'trigger-ballot': { version: 1, schema: triggerBallotSchema, upcasters: [] },
  selection: { version: 1, schema: selectionSchema, upcasters: [] },
  'internal-election': { version: 1, schema: internalElectionSchema, upcasters: [] },
  'nomination-meeting': { version: 2, schema: nominationMeetingSchema, upcasters: [meetingVotingUpcaster] },
};

/** The version a new state of `kind` is written at; 1 for a kind this code does not know (the store keeps any JSON). */
export function currentVersion(kind: string, kinds: DocumentKinds = DOCUMENT_KINDS): number {
  return isProcessKind(kind) ? kinds[kind].version : 1;
}
