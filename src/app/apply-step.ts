/**
 * One step of a stored process, for every caller (the command line, the web app, the demo): the
 * domain's state machine runs under the rulebook the process was opened with, and the new state,
 * its event and its audit entry are stored in one transaction (`updateDocument`), so two
 * secretaries recording at once cannot lose either record.
 */
import { auditRecord, processStepRecord } from '../audit/index.js';
import type { MemberId, ProcessId } from '../domain/ids.js';
import { supporterMemberId } from '../domain/supporters.js';
import type { ProcessDocument, ProcessKind } from '../domain/processes/documents.js';
import { applyProcess, type ProcessCommand } from '../domain/processes/index.js';
import { ok, type DomainError, type Result } from '../domain/result.js';
import type { Rulebook } from '../domain/rulebook.js';
import type { StoredProcess } from '../store/store.js';
import { processContext, type Acting } from './acting.js';
import { fromDomain, type AppResult } from './app-error.js';
import { closeBallot } from './close-ballot.js';
import { encryptionRequiredRefusal } from './encryption-choice.js';
import { isOfKind, loadProcess, type DocumentOfKind } from './load-process.js';
import { rulebookOf } from './rulebook-of.js';
import { BALLOT_INVITATION, BALLOT_REMINDER, ballotOpenedNotices } from './notices/ballot-notices.js';
import { candidateNotices } from './notices/candidate-notices.js';
import { officeHolders, triggerStepNotices } from './notices/trigger-notices.js';

/** Which process a step is for: what the step needs before it reads the process's latest document. */
export type ProcessRef = Pick<StoredProcess, 'id' | 'kind' | 'rulebook'>;

/** Applies one command to a stored process, atomically; a refusal (by the rules, or because the process moved on) stores nothing. */
export async function applyStep<K extends ProcessKind>(
  a: Acting,
  proc: ProcessRef & { readonly kind: K },
  command: ProcessCommand,
): Promise<AppResult<DocumentOfKind<K>>> {
  const rulebook = await rulebookOf(a.store, proc);
  if (!rulebook.ok) return rulebook;
  if (command.type === 'open-ballot') {
    const refused = await encryptionRequiredRefusal(a.store, proc.id, rulebook.value);
    if (refused) return refused;
  }
  const stored = await stepStored(a, proc, rulebook.value, command);
  if (!stored.ok) return { ok: false, error: fromDomain(stored.error) };
  if (command.type === 'open-ballot') await logInvitations(a, proc.id);
  if (votesVoidedBy(command)) await cancelVoidedReminders(a, proc.id);
  // A step never changes a process's kind.
  if (!isOfKind(stored.value, proc.kind)) throw new Error(`${proc.id} changed kind in a step: it is now ${stored.value.kind}`);
  return ok(stored.value);
}

async function stepStored(a: Acting, proc: ProcessRef, rulebook: Rulebook, command: ProcessCommand): Promise<Result<ProcessDocument, DomainError>> {
  // Closing a ballot seals its box as well: the one close the timetable's scheduler also uses.
  if (command.type === 'close-ballot') return closeBallot({ store: a.store, clock: a.clock, rulebook, actor: a.actor }, proc);
  const ctx = processContext(rulebook, a);
  // A trigger ballot's procedures secretaries are told as units record and when it is decided: found before the transaction.
  const stored = proc.kind === 'trigger-ballot' ? await a.store.getProcess(proc.id) : null;
  const proceduresSecretaries = stored?.constituency ? await officeHolders(a.store, [stored.constituency], 'procedures-secretary') : [];
  return a.store.updateDocument(proc.id, (current) => {
    const r = applyProcess(current.state, command, ctx);
    if (!r.ok) return r;
    const { state, event } = r.value;
    const restore = restoredBy(command, event.data) ?? reinstatedBy(current.id, current.state, command, event.data);
    // A ballot that opens invites its electorate, in the same transaction: an opened ballot never lacks its invitations.
    const opened = command.type === 'open-ballot' && (state.kind === 'selection' || state.kind === 'internal-election');
    return ok({
      state,
      event,
      at: event.at,
      notices: [
        ...(opened ? ballotOpenedNotices(current.id, state, event.at, a.actor) : []),
        ...candidateNotices(current.id, current.version + 1, current.state, state, event.at, a.actor),
        ...(current.state.kind === 'trigger-ballot' && state.kind === 'trigger-ballot'
          ? triggerStepNotices(current.id, current.version + 1, current.state, state, proceduresSecretaries, event.at, a.actor)
          : []),
      ],
      audit: processStepRecord({ process: current.id, kind: current.kind, version: current.version + 1, event }, a.actor, event.at),
      ...(restore ? { restore } : {}),
      ...(votesVoidedBy(command) ? { setAsideBallots: true as const } : {}),
    });
  });
}

/** A dispute's decision restoring a member to the electorate: the member's entry, written in the step's transaction. */
function restoredBy(command: ProcessCommand, data: Readonly<Record<string, unknown>>): { member: MemberId; reason: string } | null {
  if (command.type !== 'decide-dispute' && command.type !== 'decide-dispute-appeal') return null;
  const remedy = command.remedy;
  if (remedy?.kind !== 'restore-member') return null;
  return {
    member: remedy.member as MemberId,
    reason: `restored to the electorate by the disputes panel (dispute ${String(data.dispute)}): ${command.reasons}`,
  };
}

/**
 * A dispute's decision reinstating a supporter's application once the electorate is frozen: the
 * supporter's member row (written by the reinstatement, src/app/disputes.ts) added to the electorate
 * in the step's transaction, as a restored member's is. Before the freeze the freeze takes them in.
 */
function reinstatedBy(
  processId: ProcessId,
  before: ProcessDocument['state'],
  command: ProcessCommand,
  data: Readonly<Record<string, unknown>>,
): { member: MemberId; reason: string } | null {
  if (command.type !== 'decide-dispute' && command.type !== 'decide-dispute-appeal') return null;
  const remedy = command.remedy;
  if (remedy?.kind !== 'reinstate-applicant' || before.kind !== 'internal-election' || before.electorate === null) return null;
  return {
    member: supporterMemberId(processId, remedy.application),
    reason: `supporter's application ${remedy.application} reinstated by the disputes panel (dispute ${String(data.dispute)}): ${command.reasons}`,
  };
}

/** A dispute's decision voiding the ballot: its votes are set aside by the store in the step's transaction. */
function votesVoidedBy(command: ProcessCommand): boolean {
  return (command.type === 'decide-dispute' || command.type === 'decide-dispute-appeal') && command.remedy?.kind === 'rerun-ballot';
}

/** A voided ballot's reminders still to come would name its old closing day: they are cancelled (the ballot held again has its own). */
async function cancelVoidedReminders(a: Acting, processId: ProcessRef['id']): Promise<void> {
  for (const n of await a.store.noticesOf(processId)) if (n.kind === BALLOT_REMINDER && n.state === 'scheduled') await a.store.cancelNotice(n.id);
}

/** The invitations an opening queued, in the audit log: to how many members, never whom. */
async function logInvitations(a: Acting, processId: ProcessRef['id']): Promise<void> {
  for (const n of await a.store.noticesOf(processId)) {
    if (n.kind === BALLOT_INVITATION && n.state === 'queued')
      await a.store.appendAudit(auditRecord(a.actor, 'notice.queued', { process: processId, kind: n.kind, recipients: n.recipients }, n.createdAt));
  }
}

/** As applyStep, for the process an officer names by id, which must be of `kind`. */
export async function applyStepTo<K extends ProcessKind>(a: Acting, id: string, kind: K, command: ProcessCommand): Promise<AppResult<DocumentOfKind<K>>> {
  const proc = await loadProcess(a.store, id, kind);
  if (!proc.ok) return proc;
  const loaded: ProcessDocument = proc.value;
  return applyStep(a, { id: loaded.id, kind, rulebook: loaded.rulebook }, command);
}
