/** A ballot process as its voters and officers see it: its state, its paper, its method and seats. */
import type { InternalElectionState, SelectionState } from '../domain/processes/index.js';
import type { Rulebook } from '../domain/rulebook.js';
import type { StoredProcess } from '../store/store.js';

export type BallotState = SelectionState | InternalElectionState;

export function isBallotProcess(p: StoredProcess): boolean {
  return p.kind === 'selection' || p.kind === 'internal-election';
}

export const ballotState = (p: StoredProcess): BallotState => p.state as BallotState;

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
