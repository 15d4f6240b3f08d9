/**
 * Opening a process: a trigger ballot (the review of a sitting representative), a selection, or a
 * national internal election. Each checks what the constituency has under way first (one review
 * and one selection at a time), then stores the opened process with its audit entry together.
 */
import { processStepRecord } from '../audit/index.js';
import type { ProcessId, UnitId } from '../domain/ids.js';
import { triggerClosedBySelection, type Unit } from '../domain/organisation.js';
import {
  openInternalElection,
  openSelection,
  openTriggerBallot,
  type ElectionTimetable,
  type OpenInternalElection,
  type InternalElectionState,
  type ProcessState,
  type SelectionState,
  type TriggerBallotState,
  type SelectionTimetable,
  type Step,
} from '../domain/processes/index.js';
import type { Rulebook } from '../domain/rulebook.js';
import type { IsoDate } from '../domain/time.js';
import type { ProcessKind, TriggerBallotDocument } from '../domain/processes/documents.js';
import type { StoredProcess } from '../store/store.js';
import { processContext, type Acting } from './acting.js';
import { fromDomain, inAppTerms, refusal, type AppResult } from './app-error.js';
import { loadProcess, nextProcessId } from './load-process.js';
import { constituencyUnits, reviewUnderWay, seatCandidate, selectionUnderWay, triggerToFollow } from './processes-under-way.js';

/** A process just opened, with the state it was opened with. */
export type Opened<S extends ProcessState> = StoredProcess & { readonly kind: S['kind']; readonly state: S };

async function create<S extends ProcessState>(
  a: Acting,
  id: ProcessId,
  kind: ProcessKind,
  constituency: UnitId | null,
  step: Step<S>,
): Promise<AppResult<Opened<S>>> {
  if (!step.ok) return { ok: false, error: fromDomain(step.error) };
  const { state, event } = step.value;
  const audit = processStepRecord({ process: id, kind, version: 1, event }, a.actor, event.at);
  const created = await a.store.createProcess({ id, kind, constituency, rulebook: state.rulebook, state }, { event, at: event.at, audit });
  return created.ok ? { ok: true, value: { ...created.value, kind: state.kind, state } } : inAppTerms(created);
}

export async function openTrigger(a: Acting, constituency: Unit, rulebook: Rulebook, closes: IsoDate): Promise<AppResult<Opened<TriggerBallotState>>> {
  const incumbent = await a.store.getIncumbent(constituency.id);
  if (!incumbent)
    return refusal(
      'conflict',
      'no-incumbent',
      `${constituency.name} (${constituency.id}) has no incumbent on record; a trigger ballot reviews a sitting representative`,
    );
  const replaced = triggerClosedBySelection(constituency.name, incumbent, await seatCandidate(a.store, constituency.id));
  if (replaced) return refusal('conflict', 'candidate-selected', replaced);
  const earlier = await reviewUnderWay(a.store, constituency.id);
  if (earlier)
    return refusal(
      'conflict',
      'under-way',
      `a review of ${incumbent.name} in ${constituency.name} is already under way: ${earlier.id} (phase "${earlier.state.phase}")`,
    );
  // The seat's candidate is being chosen already: there is no one to readopt until that selection is declared.
  const selecting = await selectionUnderWay(a.store, constituency.id);
  if (selecting)
    return refusal(
      'conflict',
      'under-way',
      `a selection in ${constituency.name} is under way (${selecting.id}, phase "${selecting.state.phase}"); a review waits until it is declared`,
    );
  const units = await constituencyUnits(a.store, constituency.id);
  const step = openTriggerBallot({ incumbent, units, closes }, processContext(rulebook, a));
  return create(a, await nextProcessId(a.store, `tb-${constituency.id}`), 'trigger-ballot', constituency.id, step);
}

export interface SelectionOpening {
  readonly title?: string;
  readonly timetable: SelectionTimetable;
  readonly allWomenShortlist?: boolean;
  /** The trigger ballot it follows; by default the constituency's latest triggered one not yet followed, if any. */
  readonly after?: string;
}

export async function openSelectionIn(
  a: Acting,
  constituency: Unit,
  rulebook: Rulebook,
  opening: SelectionOpening,
): Promise<AppResult<{ process: Opened<SelectionState>; follows: string | null }>> {
  const running = await selectionUnderWay(a.store, constituency.id);
  if (running)
    return refusal('conflict', 'under-way', `a selection in ${constituency.name} is already under way: ${running.id} (phase "${running.state.phase}")`);
  // Whether the seat is open to selection at all is what a review under way decides.
  const review = await reviewUnderWay(a.store, constituency.id);
  if (review)
    return refusal(
      'conflict',
      'under-way',
      `the review of ${review.state.incumbent.name} in ${constituency.name} is under way (${review.id}); a selection waits for its outcome`,
    );
  let follows: TriggerBallotDocument | undefined;
  if (opening.after !== undefined) {
    const named = await loadProcess(a.store, opening.after, 'trigger-ballot');
    if (!named.ok) return named;
    follows = named.value;
  } else {
    follows = await triggerToFollow(a.store, constituency.id);
  }
  const step = openSelection(
    {
      constituency: constituency.id,
      title: opening.title ?? `Selection for ${constituency.name}`,
      timetable: opening.timetable,
      units: (await constituencyUnits(a.store, constituency.id)).map((u) => ({ id: u.id, name: u.name, class: u.class })),
      followsTrigger: follows ? { process: follows.id, ballot: follows.state } : null,
      allWomenShortlist: opening.allWomenShortlist ?? false,
    },
    processContext(rulebook, a),
  );
  const created = await create(a, await nextProcessId(a.store, `sel-${constituency.id}`), 'selection', constituency.id, step);
  return created.ok ? { ok: true, value: { process: created.value, follows: follows?.id ?? null } } : created;
}

/** Seats, counting method and minimum of women chosen at the opening in place of the rulebook's. */
export type ElectionChoice = Pick<OpenInternalElection, 'seats' | 'method' | 'minWomen'>;

/** Opens a national internal election; its id is "el-" and `stem` (by default the title's first words). */
export async function openElection(
  a: Acting,
  rulebook: Rulebook,
  title: string,
  timetable: ElectionTimetable,
  stem?: string,
  choice: ElectionChoice = {},
): Promise<AppResult<Opened<InternalElectionState>>> {
  const step = openInternalElection({ title, timetable, ...choice }, processContext(rulebook, a));
  let base = stem ?? '';
  if (base === '') {
    for (const word of title
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean)) {
      if (base !== '' && base.length + 1 + word.length > 24) break;
      base = base === '' ? word.slice(0, 24) : `${base}-${word}`;
    }
  }
  return create(a, await nextProcessId(a.store, `el-${base || 'election'}`), 'internal-election', null, step);
}
