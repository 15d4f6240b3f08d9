/**
 * The processes over the store: each step loads the process, runs the domain's
 * state machine under the rulebook it was opened with, and stores the new state
 * and its event in one transaction (`updateProcess`), so two secretaries
 * recording at once cannot lose either record. A refused step becomes a
 * CommandError carrying the domain's own message.
 *
 * Used by the trigger, selection and election commands and by `hustings demo`.
 *
 * Every step is also logged in the audit log, in the step's own transaction
 * (see `audited`): the step and its entry are stored together or not at all.
 */
import { closeBallot } from '../app/close-ballot.js';
import { auditRecord, processStepRecord } from '../audit/index.js';
import type { ProcessId, UnitId } from '../domain/ids.js';
import { assessEligibility, mainBarWords } from '../domain/eligibility.js';
import { triggerClosedBySelection, type SeatCandidate, type Unit } from '../domain/organisation.js';
import {
  applyProcess,
  openInternalElection,
  openSelection,
  openTriggerBallot,
  seatCandidateOf,
  type ElectionTimetable,
  type InternalElectionState,
  type OpenInternalElection,
  type ProcessCommand,
  type ProcessContext,
  type ProcessState,
  type SelectionState,
  type SelectionTimetable,
  type Step,
  type TriggerBallotState,
} from '../domain/processes/index.js';
import { ok } from '../domain/result.js';
import type { Rulebook } from '../domain/rulebook.js';
import type { Clock, IsoDate } from '../domain/time.js';
import type { ProcessKind } from '../domain/processes/documents.js';
import type { ElectorateEntry, Store, StoredProcess } from '../store/store.js';
import { cliActor, longAction, reasonOf } from './audited.js';
import { CommandError, loadProcess, nextProcessId, refused, rulebookOf } from './store-common.js';

export interface Acting {
  readonly store: Store;
  readonly clock: Clock;
  /** Who is acting, recorded on the events and in the audit log (which, when none is given, names the command line's user). */
  readonly actor?: string;
}

/** Who the audit log names as acting. */
const auditActor = (a: Acting): string => a.actor ?? cliActor();

function context(rulebook: Rulebook, a: Acting): ProcessContext {
  return a.actor !== undefined ? { rulebook, clock: a.clock, actor: a.actor } : { rulebook, clock: a.clock };
}

async function create<S extends ProcessState>(a: Acting, id: ProcessId, kind: ProcessKind, constituency: UnitId | null, step: Step<S>): Promise<StoredProcess> {
  if (!step.ok) throw refused(step.error);
  const { state, event } = step.value;
  const audit = processStepRecord({ process: id, kind, version: 1, event }, auditActor(a), event.at);
  const created = await a.store.createProcess({ id, kind, constituency, rulebook: state.rulebook, state }, { event, at: event.at, audit });
  if (!created.ok) throw refused(created.error);
  return created.value;
}

/** Applies one command to a stored process of the given kind, atomically. */
export async function applyStep(a: Acting, id: string, kind: ProcessKind, command: ProcessCommand): Promise<StoredProcess> {
  const process = await loadProcess(a.store, id, kind);
  const rulebook = rulebookOf(process);
  const actor = auditActor(a);
  // Closing a ballot seals its box as well: the one close the web app and the timetable's scheduler also use.
  if (command.type === 'close-ballot') {
    const closed = await closeBallot({ store: a.store, clock: a.clock, rulebook, actor }, process);
    if (!closed.ok) throw refused(closed.error);
    return closed.value;
  }
  const ctx = context(rulebook, a);
  const res = await a.store.updateProcess(process.id, (current) => {
    const r = applyProcess(current.state as ProcessState, command, ctx);
    if (!r.ok) return r;
    const { state, event } = r.value;
    return ok({ state, event, at: event.at, audit: processStepRecord({ process: current.id, kind: current.kind, version: current.version + 1, event }, actor, event.at) });
  });
  if (!res.ok) throw refused(res.error);
  return res.value;
}

/** The branches and affiliated branches of a constituency, as the processes list their units. */
export async function constituencyUnits(store: Store, constituency: UnitId): Promise<{ id: string; name: string; class: 'branch' | 'affiliate'; affiliate: string | null }[]> {
  const units = await store.listUnits({ constituency });
  return units
    .filter((u) => u.kind === 'branch' || u.kind === 'affiliated-branch')
    .map((u) => ({ id: u.id, name: u.name, class: u.kind === 'branch' ? ('branch' as const) : ('affiliate' as const), affiliate: u.kind === 'affiliated-branch' ? u.parent : null }))
    .sort((x, y) => (x.class === y.class ? (x.id < y.id ? -1 : x.id > y.id ? 1 : 0) : x.class === 'branch' ? -1 : 1));
}

const UNDER_WAY: readonly string[] = ['open', 'not-readopted', 'appeal'];

/** The constituency's review of its incumbent that has not ended yet, if any: only one may run at a time. */
export async function reviewUnderWay(store: Store, constituency: UnitId): Promise<StoredProcess | undefined> {
  return (await store.listProcesses({ kind: 'trigger-ballot', constituency })).find((p) => UNDER_WAY.includes((p.state as TriggerBallotState).phase));
}

/** The constituency's selection that has not been declared yet, if any: only one may run at a time. */
export async function selectionUnderWay(store: Store, constituency: UnitId): Promise<StoredProcess | undefined> {
  return (await store.listProcesses({ kind: 'selection', constituency })).find((p) => (p.state as SelectionState).phase !== 'declared');
}

/** The constituency's latest trigger ballot that ended "triggered" and that no selection follows yet: a new selection follows it. */
export async function triggerToFollow(store: Store, constituency: UnitId): Promise<StoredProcess | undefined> {
  const earlier = await store.listProcesses({ constituency });
  const followed = new Set(earlier.filter((p) => p.kind === 'selection').map((p) => (p.state as SelectionState).followsTrigger));
  return earlier.filter((p) => p.kind === 'trigger-ballot' && (p.state as TriggerBallotState).phase === 'triggered' && !followed.has(p.id)).pop();
}

/** The seat's candidate chosen by its latest declared selection, if any (see `SeatCandidate`). */
export async function seatCandidate(store: Store, constituency: UnitId): Promise<SeatCandidate | null> {
  const selections = await store.listProcesses({ kind: 'selection', constituency });
  return seatCandidateOf(constituency, selections.map((p) => ({ id: p.id, state: p.state as SelectionState })));
}

export async function openTrigger(a: Acting, constituency: Unit, rulebook: Rulebook, closes: IsoDate): Promise<StoredProcess> {
  const incumbent = await a.store.getIncumbent(constituency.id);
  if (!incumbent) throw new CommandError(`${constituency.name} (${constituency.id}) has no incumbent on record; a trigger ballot reviews a sitting representative`, 'no-incumbent');
  const replaced = triggerClosedBySelection(constituency.name, incumbent, await seatCandidate(a.store, constituency.id));
  if (replaced) throw new CommandError(replaced, 'candidate-selected');
  const earlier = await reviewUnderWay(a.store, constituency.id);
  if (earlier) throw new CommandError(`a review of ${incumbent.name} in ${constituency.name} is already under way: ${earlier.id} (phase "${(earlier.state as TriggerBallotState).phase}")`, 'under-way');
  // The seat's candidate is being chosen already: there is no one to readopt until that selection is declared.
  const selecting = await selectionUnderWay(a.store, constituency.id);
  if (selecting) throw new CommandError(`a selection in ${constituency.name} is under way (${selecting.id}, phase "${(selecting.state as SelectionState).phase}"); a review waits until it is declared`, 'under-way');
  const units = await constituencyUnits(a.store, constituency.id);
  const step = openTriggerBallot({ incumbent, units, closes }, context(rulebook, a));
  return create(a, await nextProcessId(a.store, `tb-${constituency.id}`), 'trigger-ballot', constituency.id, step);
}

export interface SelectionOpening {
  readonly title?: string;
  readonly timetable: SelectionTimetable;
  readonly allWomenShortlist?: boolean;
  /** The trigger ballot it follows; by default the constituency's latest triggered one not yet followed, if any. */
  readonly after?: string;
}

export async function openSelectionIn(a: Acting, constituency: Unit, rulebook: Rulebook, opening: SelectionOpening): Promise<{ process: StoredProcess; follows: string | null }> {
  const running = await selectionUnderWay(a.store, constituency.id);
  if (running) throw new CommandError(`a selection in ${constituency.name} is already under way: ${running.id} (phase "${(running.state as SelectionState).phase}")`, 'under-way');
  // Whether the seat is open to selection at all is what a review under way decides.
  const review = await reviewUnderWay(a.store, constituency.id);
  if (review) throw new CommandError(`the review of ${(review.state as TriggerBallotState).incumbent.name} in ${constituency.name} is under way (${review.id}); a selection waits for its outcome`, 'under-way');
  const follows = opening.after !== undefined ? await loadProcess(a.store, opening.after, 'trigger-ballot') : await triggerToFollow(a.store, constituency.id);
  const step = openSelection(
    {
      constituency: constituency.id,
      title: opening.title ?? `Selection for ${constituency.name}`,
      timetable: opening.timetable,
      units: (await constituencyUnits(a.store, constituency.id)).map((u) => ({ id: u.id, name: u.name, class: u.class })),
      followsTrigger: follows ? { process: follows.id, ballot: follows.state as TriggerBallotState } : null,
      allWomenShortlist: opening.allWomenShortlist ?? false,
    },
    context(rulebook, a),
  );
  const process = await create(a, await nextProcessId(a.store, `sel-${constituency.id}`), 'selection', constituency.id, step);
  return { process, follows: follows?.id ?? null };
}

/** Opens a national internal election; its id is "el-" and `stem` (by default the title's first words). */
export async function openElection(a: Acting, rulebook: Rulebook, title: string, timetable: ElectionTimetable, stem?: string, choice: ElectionChoice = {}): Promise<StoredProcess> {
  const step = openInternalElection({ title, timetable, ...choice }, context(rulebook, a));
  let base = stem ?? '';
  if (base === '') {
    for (const word of title.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean)) {
      if (base !== '' && base.length + 1 + word.length > 24) break;
      base = base === '' ? word.slice(0, 24) : `${base}-${word}`;
    }
  }
  return create(a, await nextProcessId(a.store, `el-${base || 'election'}`), 'internal-election', null, step);
}

/** Seats, counting method and minimum of women chosen at the opening in place of the rulebook's. */
export type ElectionChoice = Pick<OpenInternalElection, 'seats' | 'method' | 'minWomen'>;

/** Raised from inside the entry stream to abandon a freeze: the store then writes nothing. */
class NobodyEligible extends Error {}

export interface Frozen {
  readonly process: StoredProcess;
  readonly eligible: number;
  readonly total: number;
  /** Members judged ineligible, by the first clause of their reason (e.g. "in arrears since …" → "in arrears"). */
  readonly barred: Readonly<Record<string, number>>;
}

/**
 * Judges every member of the process's electorate (a constituency's branches,
 * or every branch for a national election) at its freeze date, stores each
 * judgement with its reason, and moves the process to "electorate frozen" with
 * the counts. The step is checked before any member is read, so a freeze out of
 * turn writes nothing; if nobody is eligible nothing is written either.
 */
export async function freezeElectorate(a: Acting, id: string, kind: 'selection' | 'internal-election', onProgress?: (judged: number) => void): Promise<Frozen> {
  const process = await loadProcess(a.store, id, kind);
  const rulebook = rulebookOf(process);
  const state = process.state as SelectionState | InternalElectionState;
  const ctx = context(rulebook, a);
  // The counts are not known yet; any positive ones let the machine say whether the step is allowed now.
  const trial = applyProcess(state, { type: 'freeze-electorate', eligible: 1, total: 1 }, ctx);
  if (!trial.ok) throw refused(trial.error);

  // A long action: logged as started now, and as finished with its outcome whatever happens.
  const actor = auditActor(a);
  const now = () => a.clock.now().toISOString();
  return longAction(
    a.store,
    auditRecord(actor, 'electorate.freeze-started', { process: process.id, freezeDate: state.timetable.freezeDate }, now()),
    () => judgeAndFreeze(a, process, kind, ctx, onProgress),
    (o) =>
      auditRecord(
        actor,
        'electorate.freeze-finished',
        o.ok
          ? { process: process.id, outcome: 'frozen', eligible: o.value.eligible, total: o.value.total, reason: null }
          : { process: process.id, outcome: o.error instanceof CommandError ? 'refused' : 'failed', eligible: null, total: null, reason: reasonOf(o.error) },
        now(),
      ),
  );
}

async function judgeAndFreeze(a: Acting, process: StoredProcess, kind: 'selection' | 'internal-election', ctx: ProcessContext, onProgress?: (judged: number) => void): Promise<Frozen> {
  const rulebook = ctx.rulebook;
  const state = process.state as SelectionState | InternalElectionState;

  const freezeDate = state.timetable.freezeDate;
  let branches: Unit[];
  let unitName: string;
  if (process.constituency !== null) {
    const c = await a.store.getUnit(process.constituency);
    branches = await a.store.listUnits({ kind: 'branch', parent: process.constituency });
    unitName = c?.name ?? process.constituency;
  } else {
    branches = await a.store.listUnits({ kind: 'branch' });
    unitName = 'the party';
  }
  if (branches.length === 0) throw new CommandError(`${unitName} has no branches in the store, so it has no members to judge`);
  const branchIds = branches.map((b) => b.id);
  const branchNames = new Map(branches.map((b) => [b.id, b.name]));
  const unitBranches = new Set(branchIds);
  const barred: Record<string, number> = {};
  let eligible = 0;
  let judged = 0;
  const rules = rulebook.eligibility;
  async function* entries(): AsyncGenerator<ElectorateEntry> {
    for await (const member of a.store.membersOf(branchIds)) {
      const { judgement: j, bars } = assessEligibility(member, rules, { freezeDate, unitBranches, unitName, branchNames });
      judged++;
      if (j.eligible) eligible++;
      else {
        const why = mainBarWords(bars);
        barred[why] = (barred[why] ?? 0) + 1;
      }
      if (onProgress && judged % 10_000 === 0) onProgress(judged);
      yield { member: member.id, eligible: j.eligible, reason: j.reason };
    }
    if (eligible === 0) throw new NobodyEligible();
  }
  let stored;
  try {
    stored = await a.store.freezeElectorate(process.id, entries());
  } catch (e) {
    if (e instanceof NobodyEligible) {
      throw new CommandError(`nobody among the ${judged} members of ${unitName} is eligible at the freeze date ${freezeDate}; nothing was frozen`);
    }
    throw e;
  }
  if (!stored.ok) throw refused(stored.error);
  const summary = `${stored.value.eligible} of ${stored.value.total} members eligible on ${freezeDate} under ${process.rulebook}`;
  const after = await applyStep(a, process.id, kind, { type: 'freeze-electorate', eligible: stored.value.eligible, total: stored.value.total, summary });
  return { process: after, eligible: stored.value.eligible, total: stored.value.total, barred };
}
