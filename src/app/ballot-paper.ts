/** A ballot process as its voters and officers see it: its state, its paper, its method and seats. */
import type { InternalElectionDocument, ProcessKind, SelectionDocument } from '../domain/processes/documents.js';
import type { InternalElectionState, SelectionState } from '../domain/processes/index.js';
import type { Rulebook } from '../domain/rulebook.js';

export type BallotState = SelectionState | InternalElectionState;
export type BallotDocument = SelectionDocument | InternalElectionDocument;

export function isBallotProcess<P extends { readonly kind: ProcessKind }>(p: P): p is P & { readonly kind: BallotDocument['kind'] } {
  return p.kind === 'selection' || p.kind === 'internal-election';
}

export const ballotState = (p: BallotDocument): BallotState => p.state;

export interface PaperCandidate {
  readonly id: string;
  readonly name: string;
  readonly gender: string | null;
  readonly withdrawn: boolean;
}

/** The ballot paper: a selection's shortlist or an election's nominees, in order, withdrawn ones marked. */
export function ballotPaper(s: BallotState): PaperCandidate[] {
  if (s.kind === 'selection') {
    return (s.shortlist ?? []).flatMap((id) => {
      const c = s.candidates.find((x) => x.id === id);
      return c ? [{ id: c.id, name: c.name, gender: c.gender, withdrawn: c.withdrawn !== null }] : [];
    });
  }
  return s.candidates.map((c) => ({ id: c.id, name: c.name, gender: c.gender, withdrawn: c.withdrawn !== null }));
}

export const methodOf = (s: BallotState, rb: Rulebook): string => (s.kind === 'selection' ? rb.selection.method : s.method);
export const seatsOf = (s: BallotState): number => (s.kind === 'selection' ? 1 : s.seats);
