/**
 * Closing a ballot and sealing its box: the one way it is done, whether an
 * officer closes it (web or command line) or the timetable does (the server's
 * scheduler, at the closing moment). The close is a step of the process under
 * the store's row lock, logged in the same transaction; the seal follows and is
 * idempotent, so a closer that stopped between the two is finished by the next.
 */
import { auditRecord, processStepRecord, type AuditRecord } from '../audit/index.js';
import type { ProcessDocument } from '../domain/processes/documents.js';
import { applyProcess, votingWindow, type InternalElectionState, type SelectionState } from '../domain/processes/index.js';
import { err, ok, type DomainError, type Result } from '../domain/result.js';
import type { Rulebook } from '../domain/rulebook.js';
import type { Clock } from '../domain/time.js';
import type { AuditStore, IntegrityStore, ProcessStore, StoredProcess, VotingStore } from '../store/store.js';
import { sealBallotBox } from './seal-ballot-box.js';

/** What a close touches: the process, and the box it seals with its entry in the audit log. */
export type ClosingStore = ProcessStore & AuditStore & VotingStore & IntegrityStore;

export interface Closer {
  readonly store: ClosingStore;
  readonly clock: Clock;
  readonly rulebook: Rulebook;
  /** Who closes: an officer's member id or the command line's user; the timetable's close is logged as TIMETABLE_ACTOR. */
  readonly actor: string;
}

/** The actor the audit log names when the server closes a ballot by its timetable. */
export const TIMETABLE_ACTOR = 'timetable';

/** The refusal a timetable close gets when someone (an officer, another server) closed the ballot first; it counts as done. */
const ALREADY_CLOSED = 'already-closed';

/**
 * Closes the ballot of `process` and seals its box. With `byTimetable`, only at
 * or after its closing moment, and a ballot already closed is a success (of
 * several servers sharing a store, the first closes it and the others find it
 * closed); the audit entry is then ballot.closed-by-timetable.
 */
export async function closeBallot(
  c: Closer,
  proc: Pick<StoredProcess, 'id'>,
  opts: { readonly byTimetable?: boolean } = {},
): Promise<Result<ProcessDocument, DomainError>> {
  const byTimetable = opts.byTimetable === true;
  const ctx = { rulebook: c.rulebook, clock: c.clock, actor: byTimetable ? TIMETABLE_ACTOR : c.actor };
  const closed = await c.store.updateDocument(proc.id, (current) => {
    const state = current.state;
    if (state.kind === 'nomination-meeting') return err('invalid-command', `${current.id} is a nomination meeting, which has no ballot to close.`);
    if (byTimetable && state.kind !== 'trigger-ballot' && state.phase !== 'ballot-open')
      return err(ALREADY_CLOSED, `${current.id} is already closed (phase "${state.phase}").`);
    const r = applyProcess(state, byTimetable ? { type: 'close-ballot', byTimetable: true } : { type: 'close-ballot' }, ctx);
    if (!r.ok) return r;
    const { state: next, event } = r.value;
    const version = current.version + 1;
    const audit: AuditRecord =
      byTimetable && next.kind !== 'trigger-ballot' && next.kind !== 'nomination-meeting'
        ? auditRecord(TIMETABLE_ACTOR, 'ballot.closed-by-timetable', { process: current.id, version, kind: current.kind, ...closingOf(next) }, event.at)
        : processStepRecord({ process: current.id, kind: current.kind, version, event }, c.actor, event.at);
    return ok({ state: next, event, at: event.at, audit });
  });
  if (!closed.ok && !(byTimetable && closed.error.code === ALREADY_CLOSED)) return closed;
  // Nothing is cast after the close, no stored ballot keeps a trace of its casting, and the audit log
  // records what the box holds and the seed of the lot, drawn now.
  const sealed = await sealBallotBox(c.store, proc.id, ctx.actor, c.clock.now().toISOString());
  if (!sealed.ok) return sealed;
  if (closed.ok) return closed;
  const now = await c.store.processDocument(proc.id);
  return now ? ok(now) : err('not-found', `there is no process with the id "${proc.id}"`);
}

function closingOf(s: SelectionState | InternalElectionState): { closingMoment: string; timeZone: string } {
  const w = votingWindow(s);
  return { closingMoment: w.closes.toISOString(), timeZone: w.zone };
}
