/**
 * Reading stored processes for the pages: their rulebook, their ballot paper,
 * a member's place in their frozen electorate, and running a step through the
 * domain's state machine inside the store's transaction (as the CLI's process
 * service does), with the refusal kept as a value.
 */
import { sealBallotBox } from '../../app/seal-ballot-box.js';
import { processStepRecord } from '../../audit/index.js';
import type { MemberId, ProcessId } from '../../domain/ids.js';
import { applyProcess, type InternalElectionState, type ProcessCommand, type ProcessState, type SelectionState } from '../../domain/processes/index.js';
import { presetById } from '../../domain/presets.js';
import { ok, type DomainError, type Result } from '../../domain/result.js';
import type { Rulebook } from '../../domain/rulebook.js';
import type { Clock } from '../../domain/time.js';
import type { ElectorateEntry, Store, StoredProcess } from '../../store/store.js';

export type BallotState = SelectionState | InternalElectionState;

export function isBallotProcess(p: StoredProcess): boolean {
  return p.kind === 'selection' || p.kind === 'internal-election';
}

export const ballotState = (p: StoredProcess): BallotState => p.state as BallotState;

/** The rulebook a process was opened under, if this version of Hustings bundles it at that version. */
export function rulebookFor(process: StoredProcess): Rulebook | null {
  const at = process.rulebook.lastIndexOf('@');
  const id = at < 0 ? process.rulebook : process.rulebook.slice(0, at);
  const rb = presetById(id);
  if (!rb) return null;
  if (at >= 0 && rb.version !== Number(process.rulebook.slice(at + 1))) return null;
  return rb;
}

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

/**
 * A frozen electorate never changes, so each is read from the store once and
 * kept, by member, for as long as the store is open.
 */
const electorates = new WeakMap<Store, Map<ProcessId, Promise<Map<MemberId, ElectorateEntry>>>>();

export async function electorateEntry(store: Store, process: StoredProcess, member: MemberId): Promise<ElectorateEntry | null> {
  if ((process.state as { electorate?: unknown }).electorate == null) return null;
  let byProcess = electorates.get(store);
  if (!byProcess) {
    byProcess = new Map();
    electorates.set(store, byProcess);
  }
  let entries = byProcess.get(process.id);
  if (!entries) {
    entries = store.electorate(process.id).then((list) => new Map(list.map((e) => [e.member, e])));
    byProcess.set(process.id, entries);
    entries.catch(() => byProcess.delete(process.id));
  }
  return (await entries).get(member) ?? null;
}

/**
 * Applies one command to a stored process atomically, logging it in the audit log in the same
 * transaction; a refusal (by the rules or because the process moved on) is an error value.
 */
export async function step(store: Store, clock: Clock, process: StoredProcess, command: ProcessCommand, actor: string): Promise<Result<StoredProcess, DomainError>> {
  const rulebook = rulebookFor(process);
  if (!rulebook) return { ok: false, error: { code: 'rulebook-missing', message: `${process.id} runs under rulebook ${process.rulebook}, which this version of Hustings does not bundle.` } };
  const ctx = { rulebook, clock, actor };
  const stepped = await store.updateProcess(process.id, (current) => {
    const r = applyProcess(current.state as ProcessState, command, ctx);
    if (!r.ok) return r;
    const { state, event } = r.value;
    return ok({ state, event, at: event.at, audit: processStepRecord({ process: current.id, kind: current.kind, version: current.version + 1, event }, actor, event.at) });
  });
  // Closing a ballot seals its box: nothing is cast after it, no stored ballot keeps a trace of its casting,
  // and the audit log records what it holds and the seed of the lot.
  if (stepped.ok && command.type === 'close-ballot') {
    const sealed = await sealBallotBox(store, stepped.value.id, actor, clock.now().toISOString());
    if (!sealed.ok) return sealed;
  }
  return stepped;
}

/** Refusals because of the state things are in (out of turn, already done, another process under way), not because of what was sent. */
const CONFLICTS: ReadonlySet<string> = new Set(['invalid-transition', 'already-recorded', 'already-voted', 'already-withdrawn', 'already-applied', 'under-way', 'no-incumbent']);

/** The HTTP status for a refused step: out of turn or already done is a conflict; bad figures are unprocessable. */
export function refusalStatus(code: string): 409 | 422 {
  return CONFLICTS.has(code) ? 409 : 422;
}
