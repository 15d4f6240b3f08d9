/**
 * Emergencies, for the national officers: a snap election declared nationally, the national body's
 * endorsement of readoptions, pausing, resuming and extending a process's timetable, and emergency
 * selections in the seats left without a candidate.
 *
 * Declaring a snap election is one action over every process under way: each selection is paused,
 * each review takes the rulebook's snap-election rule (readopted, or waiting for endorsement, or left
 * to run). Each process takes its step on its own, as from its own page (the same `applyStep`, each in
 * its own transaction with its own audit entry), so one refused does not stop the others, and the
 * answer says, process by process, what happened; the declaration itself is logged once
 * (emergency.snap-election) with that list.
 */
import { auditRecord } from '../audit/index.js';
import type { ProcessId, UnitId } from '../domain/ids.js';
import {
  hasTimetable,
  type ProcessDocument,
  type SelectionDocument,
  type TimedProcessDocument,
  type TriggerBallotDocument,
} from '../domain/processes/documents.js';
import { allowedNow, defaultEmergencyTimetable, isPaused, pauseWords, type SelectionTimetable } from '../domain/processes/index.js';
import { ok } from '../domain/result.js';
import type { IsoDate } from '../domain/time.js';
import { dateOf } from '../domain/time.js';
import type { Acting } from './acting.js';
import { refusal, type AppResult } from './app-error.js';
import { applyStep } from './apply-step.js';
import { openSelectionIn, type Opened } from './open-process.js';
import { triggerToFollow } from './processes-under-way.js';
import { rulebookFor } from './rulebook-of.js';
import { rulebookInForce } from './rulebook-in-force.js';
import type { SelectionState } from '../domain/processes/index.js';

/** What a snap election did to one process. */
export interface SnapElectionOutcome {
  readonly process: ProcessId;
  /** "Review of Sam Sitting", "Selection for Ilford South". */
  readonly title: string;
  /** The constituency's name, or "The whole party". */
  readonly where: string;
  readonly outcome: 'paused' | 'readopted' | 'awaiting-endorsement' | 'continues' | 'unchanged';
  /** What happened, in a sentence a national officer reads. */
  readonly words: string;
}

const titleOf = (p: ProcessDocument): string => (p.kind === 'trigger-ballot' ? `Review of ${p.state.incumbent.name}` : p.state.title);

/** The reason a national officer gives for an emergency action: required, a page of text at most. */
function checkedReason(reason: unknown, what: string): AppResult<string> {
  if (typeof reason !== 'string' || reason.trim() === '') return refusal('invalid', 'invalid-input', `${what} must be given.`);
  if (reason.length > 2000) return refusal('invalid', 'invalid-input', `${what} is longer than 2000 characters.`);
  return ok(reason.trim());
}

/**
 * Declares a snap election: pauses every selection under way and applies each review's snap-election
 * rule, and logs the declaration with what happened to each process. National elections are not
 * touched. A process that was paused already, or has finished, is left as it is and listed so.
 */
export async function declareSnapElection(a: Acting, reason: unknown): Promise<AppResult<SnapElectionOutcome[]>> {
  const why = checkedReason(reason, 'The reason for declaring a snap election');
  if (!why.ok) return why;
  const names = new Map((await a.store.listUnits({ kind: 'constituency' })).map((u) => [u.id as string, u.name]));
  const outcomes: SnapElectionOutcome[] = [];
  for (const p of await a.store.processDocuments()) {
    if (p.kind === 'internal-election' || p.kind === 'nomination-meeting') continue;
    const where = p.constituency === null ? 'The whole party' : (names.get(p.constituency) ?? p.constituency);
    const base = { process: p.id, title: titleOf(p), where };
    const outcome = p.kind === 'trigger-ballot' ? await snapReview(a, p, why.value) : await snapSelection(a, p, why.value);
    if (outcome !== null) outcomes.push({ ...base, ...outcome });
  }
  await a.store.appendAudit(
    auditRecord(
      a.actor,
      'emergency.snap-election',
      { reason: why.value, outcomes: outcomes.map((o) => `${o.process}: ${o.words}`) },
      a.clock.now().toISOString(),
    ),
  );
  return ok(outcomes);
}

type Happened = Pick<SnapElectionOutcome, 'outcome' | 'words'>;

/** A review under way takes the rulebook's snap-election rule; a finished one is not listed. */
async function snapReview(a: Acting, p: TriggerBallotDocument, reason: string): Promise<Happened | null> {
  const s = p.state;
  const name = s.incumbent.name;
  if (isPaused(s)) return { outcome: 'unchanged', words: `Left as it is: its timetable was already paused (${pauseWords(s.paused!)}).` };
  if (!allowedNow(s).includes('snap-election')) {
    if (s.phase === 'awaiting-endorsement') return { outcome: 'unchanged', words: `${name}’s readoption is already waiting for endorsement.` };
    return null;
  }
  const rulebook = await rulebookFor(a.store, p);
  if (rulebook?.snapElection === 'continue')
    return { outcome: 'continues', words: `The review goes on: under ${rulebook.name} a snap election does not stop a review under way.` };
  const r = await applyStep(a, p, { type: 'snap-election', note: reason });
  if (!r.ok) return { outcome: 'unchanged', words: `Left as it is: ${r.error.message}` };
  if (r.value.state.phase === 'awaiting-endorsement') {
    const body = rulebook?.emergency?.nationalBody ?? 'the national executive';
    return { outcome: 'awaiting-endorsement', words: `The review is cancelled: ${name} is to be readopted, waiting for ${body} to endorse the readoption.` };
  }
  return { outcome: 'readopted', words: `The review is cancelled and ${name} is readopted.` };
}

/** A selection under way is paused; one whose ballot has closed goes on to its count and declaration. */
async function snapSelection(a: Acting, p: SelectionDocument, reason: string): Promise<Happened | null> {
  const s = p.state;
  if (s.phase === 'declared') return null;
  if (isPaused(s)) return { outcome: 'unchanged', words: `Left as it is: its timetable was already paused (${pauseWords(s.paused!)}).` };
  if (!allowedNow(s).includes('pause-timetable'))
    return { outcome: 'continues', words: 'Not paused: its ballot has closed, so its count and declaration go on.' };
  const r = await applyStep(a, p, { type: 'pause-timetable', reason });
  if (!r.ok) return { outcome: 'unchanged', words: `Left as it is: ${r.error.message}` };
  return { outcome: 'paused', words: s.phase === 'ballot-open' ? 'Paused, with its ballot: nobody may vote until it resumes.' : 'Paused until it resumes.' };
}

// ---- Endorsement -----------------------------------------------------------------------------

export interface EndorsementChoice {
  readonly decision: 'endorse' | 'refuse';
  readonly reason: string;
  readonly date: IsoDate;
}

/** The national body endorses or refuses a readoption waiting for it. */
export async function decideEndorsement(a: Acting, id: string, choice: EndorsementChoice): Promise<AppResult<TriggerBallotDocument>> {
  const p = await a.store.processDocument(id as ProcessId);
  if (p?.kind !== 'trigger-ballot') return refusal('not-found', 'not-found', `There is no review "${id}".`);
  return applyStep(a, p, { type: choice.decision === 'endorse' ? 'endorse' : 'refuse-endorsement', reason: choice.reason, date: choice.date });
}

/** Every review waiting for the national body's endorsement, oldest first. */
export async function awaitingEndorsement(a: Pick<Acting, 'store'>): Promise<TriggerBallotDocument[]> {
  return (await a.store.processDocuments({ kind: 'trigger-ballot' })).filter(
    (p): p is TriggerBallotDocument => p.kind === 'trigger-ballot' && p.state.phase === 'awaiting-endorsement',
  );
}

// ---- The timetable -----------------------------------------------------------------------------

export type TimetableAction =
  | { readonly action: 'pause'; readonly reason: string }
  | { readonly action: 'resume'; readonly reason: string; readonly dates?: Readonly<Record<string, IsoDate>> }
  | { readonly action: 'extend'; readonly reason: string; readonly closes: IsoDate };

/** Pauses, resumes or extends a process's timetable: a step of the process, audited as one. */
export async function changeTimetable(a: Acting, p: TimedProcessDocument, t: TimetableAction): Promise<AppResult<TimedProcessDocument>> {
  switch (t.action) {
    case 'pause':
      return applyStep(a, p, { type: 'pause-timetable', reason: t.reason });
    case 'resume':
      return applyStep(a, p, { type: 'resume-timetable', reason: t.reason, ...(t.dates ? { dates: t.dates } : {}) });
    case 'extend':
      return applyStep(a, p, { type: 'extend-timetable', reason: t.reason, closes: t.closes });
  }
}

/** Every process whose timetable is paused. */
export async function pausedProcesses(a: Pick<Acting, 'store'>): Promise<TimedProcessDocument[]> {
  return (await a.store.processDocuments()).filter(hasTimetable).filter((p) => isPaused(p.state));
}

// ---- Emergency selections ---------------------------------------------------------------------------

export interface EmergencyOpening {
  readonly panel: string;
  readonly reason: string;
  /** The short timetable; by default the emergency one from today (see defaultEmergencyTimetable). */
  readonly timetable?: SelectionTimetable;
  /** The day applications close, for the emergency timetable (as early as today); ignored with `timetable`. */
  readonly applicationsClose?: IsoDate;
}

/**
 * Opens an emergency selection in a constituency: its panel shortlists from the applications, then the
 * members vote or the panel decides, as the rulebook says. It follows the seat's triggered review (a
 * refused endorsement) where there is one.
 */
export async function openEmergencySelection(a: Acting, constituency: UnitId, opening: EmergencyOpening): Promise<AppResult<Opened<SelectionState>>> {
  const unit = await a.store.getUnit(constituency);
  if (unit?.kind !== 'constituency') return refusal('not-found', 'not-found', `There is no constituency "${constituency}".`);
  const panel = checkedReason(opening.panel, 'The panel');
  if (!panel.ok) return panel;
  const reason = checkedReason(opening.reason, 'The reason for an emergency selection');
  if (!reason.ok) return reason;
  const inForce = await rulebookInForce(a.store);
  if (!inForce.ok) return inForce;
  const timetable = opening.timetable ?? defaultEmergencyTimetable(dateOf(a.clock.now()), opening.applicationsClose);
  const r = await openSelectionIn(a, unit, inForce.value.rulebook, {
    title: `Emergency selection for ${unit.name}`,
    timetable,
    emergency: { panel: panel.value, reason: reason.value },
  });
  return r.ok ? ok(r.value.process) : r;
}

/** Seats left without a candidate that an emergency selection may fill: each triggered review (a refused endorsement among them) that no selection follows yet. */
export async function seatsWithoutCandidate(a: Pick<Acting, 'store'>): Promise<TriggerBallotDocument[]> {
  const seats: TriggerBallotDocument[] = [];
  for (const u of await a.store.listUnits({ kind: 'constituency' })) {
    const review = await triggerToFollow(a.store, u.id);
    if (review) seats.push(review);
  }
  return seats;
}

/** Emergency selections not yet decided. */
export async function emergencySelections(a: Pick<Acting, 'store'>): Promise<SelectionDocument[]> {
  return (await a.store.processDocuments({ kind: 'selection' })).filter(
    (p): p is SelectionDocument => p.kind === 'selection' && Boolean(p.state.emergency) && p.state.phase !== 'declared',
  );
}
