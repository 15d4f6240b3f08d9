/**
 * One step of a stored process, for every caller (the command line, the web app, the demo): the
 * domain's state machine runs under the rulebook the process was opened with, and the new state,
 * its event and its audit entry are stored in one transaction (`updateProcess`), so two
 * secretaries recording at once cannot lose either record.
 */
import { processStepRecord } from '../audit/index.js';
import { applyProcess, type ProcessCommand, type ProcessState } from '../domain/processes/index.js';
import { ok } from '../domain/result.js';
import type { StoredProcess } from '../store/store.js';
import { processContext, type Acting } from './acting.js';
import { inAppTerms, type AppResult } from './app-error.js';
import { closeBallot } from './close-ballot.js';
import { loadProcess } from './load-process.js';
import { rulebookOf } from './rulebook-of.js';

/** Applies one command to a stored process, atomically; a refusal (by the rules, or because the process moved on) stores nothing. */
export async function applyStep(a: Acting, process: StoredProcess, command: ProcessCommand): Promise<AppResult<StoredProcess>> {
  const rulebook = rulebookOf(process);
  if (!rulebook.ok) return rulebook;
  // Closing a ballot seals its box as well: the one close the timetable's scheduler also uses.
  if (command.type === 'close-ballot') return inAppTerms(await closeBallot({ store: a.store, clock: a.clock, rulebook: rulebook.value, actor: a.actor }, process));
  const ctx = processContext(rulebook.value, a);
  const stored = await a.store.updateProcess(process.id, (current) => {
    const r = applyProcess(current.state as ProcessState, command, ctx);
    if (!r.ok) return r;
    const { state, event } = r.value;
    return ok({ state, event, at: event.at, audit: processStepRecord({ process: current.id, kind: current.kind, version: current.version + 1, event }, a.actor, event.at) });
  });
  return inAppTerms(stored);
}

/** As applyStep, for the process an officer names by id, which must be of `kind`. */
export async function applyStepTo(a: Acting, id: string, kind: StoredProcess['kind'], command: ProcessCommand): Promise<AppResult<StoredProcess>> {
  const process = await loadProcess(a.store, id, kind);
  return process.ok ? applyStep(a, process.value, command) : process;
}
