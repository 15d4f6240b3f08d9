/** A ballot process as its voters and officers see it: its state, its paper, its method and seats. */
import type { InternalElectionDocument, ProcessKind, SelectionDocument } from '../domain/processes/documents.js';
import type { InternalElectionState, SelectionState } from '../domain/processes/index.js';
import { orderBallotPaper } from '../domain/ballot-order.js';
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

/** The minimum of women among those elected, or null (a selection elects one and has none). */
export const minWomenOf = (s: BallotState): number | null => (s.kind === 'selection' ? null : s.minWomen);

/**
 * The candidates still standing, in the order the rulebook sets for this voter's paper (by surname,
 * or rotated per voter): never the order of nomination. `forVoter` null: a paper not tied to a voter
 * (the paper-vote desk), shown by surname. Without a rulebook, by surname.
 */
export function standingPaper(s: BallotState, rb: Rulebook | null, forVoter: { readonly process: string; readonly voter: string } | null): PaperCandidate[] {
  return orderBallotPaper(
    ballotPaper(s).filter((x) => !x.withdrawn),
    rb ? rb.ballotOrder : 'surname',
    forVoter,
  );
}
