/**
 * Assembling a process's bulletin board from the store.
 *
 * A board exists once voting has closed. Publishing seals the ballot box first
 * (idempotent: normally the close already did, and logged the seal), and
 * refuses a box that no longer holds what its seal entry in the audit log says.
 * The seed drawn at the seal is published with the board's options. Once the
 * ballot is counted, the board carries the count record kept when the count was
 * recorded (never counted again), checked against the audit log's
 * `count.recorded` entry; until the result is declared, only those allowed to
 * see it undeclared get it (`withUndeclared`), and others get a board with no
 * result on it.
 */
import type { ProcessDocument } from '../domain/processes/documents.js';
import type { CountSummary, InternalElectionState, SelectionState } from '../domain/processes/index.js';
import { genderAttribute } from '../domain/processes/index.js';
import { err, ok, type Result } from '../domain/result.js';
import { makeBoard, type Board, type BoardCandidate, type BoardOptionValue } from '../integrity/board.js';
import type { AuditStore, IntegrityStore, VotingStore } from '../store/store.js';
import { keptRecord } from './kept-results.js';
import { rulebookFor, type RulebookStore } from './rulebook-of.js';
import { checkSealedBox, sealBallotBox } from './seal-ballot-box.js';

type BallotState = SelectionState | InternalElectionState;

/** Phases in which the ballots are published. */
export const PUBLISHED_PHASES: readonly string[] = ['closed', 'counted', 'declared'];

interface PaperCandidate {
  readonly id: string;
  readonly name: string;
  readonly gender: string | null;
  readonly withdrawn: boolean;
}

/** The ballot paper: a selection's shortlist or an election's candidates, in order. */
function paperOf(s: BallotState): PaperCandidate[] {
  if (s.kind === 'selection') {
    return (s.shortlist ?? []).flatMap((id) => {
      const c = s.candidates.find((x) => x.id === id);
      return c ? [{ id: c.id, name: c.name, gender: c.gender, withdrawn: c.withdrawn !== null }] : [];
    });
  }
  return s.candidates.map((c) => ({ id: c.id, name: c.name, gender: c.gender, withdrawn: c.withdrawn !== null }));
}

/** The counting rule of a process not yet counted: the rulebook's for a selection, the election's own otherwise. */
async function methodOf(store: RulebookStore, proc: ProcessDocument, s: BallotState): Promise<string | null> {
  if (s.kind === 'internal-election') return s.method;
  return (await rulebookFor(store, proc))?.selection.method ?? null;
}

/**
 * The process's bulletin board, sealing its box (as `actor`, at `at`) if the close did not. Errors:
 * 'not-found' (no ballot process of that id), 'not-published' (voting has not closed), 'mismatch'
 * (the box no longer matches its seal, or the kept record the audit log), 'rulebook-missing' (a
 * selection under a rulebook neither bundled nor kept by the organisation, not yet counted), 'not-kept'.
 */
export async function publishBoard(
  store: AuditStore & VotingStore & IntegrityStore & RulebookStore,
  proc: ProcessDocument,
  how: { readonly actor: string; readonly at: string; readonly withUndeclared: boolean },
): Promise<Result<Board>> {
  if (proc.kind === 'trigger-ballot' || proc.kind === 'nomination-meeting')
    return err('not-found', `${proc.id} is a ${proc.kind}, which has no ballot to publish`);
  const state: BallotState = proc.state;
  if (!PUBLISHED_PHASES.includes(state.phase)) {
    return err(
      'not-published',
      `The bulletin board of ${state.title} is published once voting has closed; voting on it has not closed, so nothing about its ballots is shown yet.`,
    );
  }
  const sealed = await sealBallotBox(store, proc.id, how.actor, how.at);
  if (!sealed.ok) return sealed;
  const { box } = sealed.value;
  const intact = await checkSealedBox(store, proc.id, state.title);
  if (!intact.ok) return err('mismatch', intact.error.message);
  const seal = intact.value;
  const summary: CountSummary | null = state.count;
  const paper = paperOf(state);
  const byId = new Map(paper.map((c) => [c.id, c]));
  const candidates: PaperCandidate[] = summary ? summary.candidates.map((id) => byId.get(id) ?? { id, name: id, gender: null, withdrawn: false }) : paper;
  const seats = summary ? summary.seats : state.kind === 'selection' ? 1 : state.seats;
  const method = summary ? summary.method : await methodOf(store, proc, state);
  if (method === null)
    return err(
      'rulebook-missing',
      `${proc.id} runs under rulebook ${proc.rulebook}, which this version of Hustings does not bundle, so its counting rule is unknown.`,
    );
  const minWomen = state.kind === 'internal-election' ? state.minWomen : null;
  // The seed drawn at the seal is public from the close: it is what any lot in the count will use.
  const options: Record<string, BoardOptionValue> = { seats, seed: summary ? summary.seed : seal.seed };
  if (minWomen !== null && minWomen > 0) options.minimum = `gender=woman:${minWomen}`;
  const withAttributes = options.minimum !== undefined;
  const boardCandidates: BoardCandidate[] = candidates.map((c) => ({
    id: c.id,
    name: c.name,
    withdrawn: c.withdrawn,
    ...(withAttributes ? { attributes: { gender: genderAttribute(c.gender) } } : {}),
  }));
  const ballots = await store.ballots(proc.id);

  let declared: Board['declared'] = null;
  if (summary && (state.phase === 'declared' || how.withUndeclared)) {
    const record = await keptRecord(store, proc.id, state.title);
    if (!record.ok) return err(record.error.code === 'kept-mismatch' ? 'mismatch' : record.error.code, record.error.message);
    declared = { elected: summary.elected, record: record.value };
  }
  return ok(
    makeBoard({
      process: { id: proc.id, kind: proc.kind, title: state.title, rulebook: proc.rulebook, closedOn: state.ballot?.closedAt?.slice(0, 10) ?? null },
      candidates: boardCandidates,
      seats,
      method,
      options,
      electorate: state.electorate ? { eligible: state.electorate.eligible, total: state.electorate.total, freezeDate: state.electorate.freezeDate } : null,
      voters: { total: box.voters, online: box.byChannel.online, postal: box.byChannel.postal, inPerson: box.byChannel['in-person'] },
      ballots,
      declared,
    }),
  );
}
