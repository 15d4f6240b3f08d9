/**
 * Opening a process: a trigger ballot (the review of a sitting representative), a selection, or a
 * national internal election. Each checks what the constituency has under way first (one review
 * and one selection at a time), then stores the opened process with its audit entry together.
 */
import { officeHolders, triggerOpenedNotices } from './notices/trigger-notices.js';
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
import type { Rulebook, Segment } from '../domain/rulebook.js';
import type { IsoDate } from '../domain/time.js';
import type { ProcessKind, TriggerBallotDocument } from '../domain/processes/documents.js';
import type { NewNotice, StoredProcess } from '../store/store.js';
import { processContext, type Acting } from './acting.js';
import { newEncryptionSetup, openingBallotsRefusal, type BallotsChoice } from './encryption-choice.js';
import { fromDomain, inAppTerms, refusal, type AppResult } from './app-error.js';
import { loadProcess, nextProcessId } from './load-process.js';
import { constituencyUnits, reviewUnderWay, seatCandidate, selectionUnderWay, triggerToFollow } from './processes-under-way.js';

/** A process just opened, with the state it was opened with. */
export type Opened<S extends ProcessState> = StoredProcess & { readonly kind: S['kind']; readonly state: S };

/** The ballots chosen at the opening, plain or encrypted: the choice, checked under the rulebook the process opens with. */
export interface OpeningEncryption {
  readonly rulebook: Rulebook;
  readonly choice: BallotsChoice;
}

async function create<S extends ProcessState>(
  a: Acting,
  id: ProcessId,
  kind: ProcessKind,
  constituency: UnitId | null,
  step: Step<S>,
  notices: (state: S, at: string) => readonly NewNotice[] = () => [],
  encryption?: OpeningEncryption,
): Promise<AppResult<Opened<S>>> {
  if (!step.ok) return { ok: false, error: fromDomain(step.error) };
  const { state, event } = step.value;
  if (encryption) {
    const refused = await openingBallotsRefusal(a.store, encryption.rulebook, encryption.choice);
    if (refused) return refused;
  }
  const { choice } = encryption ?? {};
  const audit = processStepRecord({ process: id, kind, version: 1, event }, a.actor, event.at);
  const created = await a.store.createProcess(
    { id, kind, constituency, rulebook: state.rulebook, state },
    {
      event,
      at: event.at,
      audit,
      notices: notices(state, event.at),
      ...(choice !== undefined && choice !== 'plain' ? { encryption: newEncryptionSetup(id, choice, a) } : {}),
    },
  );
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
  // Each unit's secretary is told, in the opening's transaction, that their unit must meet, and by when.
  const secretaries = await officeHolders(
    a.store,
    units.map((u) => u.id),
    'secretary',
  );
  const id = await nextProcessId(a.store, `tb-${constituency.id}`);
  return create(a, id, 'trigger-ballot', constituency.id, step, (state, at) => triggerOpenedNotices(id, state, secretaries, at, a.actor));
}

export interface SelectionOpening {
  readonly title?: string;
  readonly timetable: SelectionTimetable;
  readonly allWomenShortlist?: boolean;
  /** The trigger ballot it follows; by default the constituency's latest triggered one not yet followed, if any. */
  readonly after?: string;
  /** An emergency selection run by the national body's panel (see the selection's domain): the panel and why. */
  readonly emergency?: { readonly panel: string; readonly reason: string };
  /** Plain ballots said outright, or encrypted ones set up in the opening's transaction (refused, nothing opens). */
  readonly encryption?: BallotsChoice;
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
      ...(opening.emergency ? { emergency: opening.emergency } : {}),
    },
    processContext(rulebook, a),
  );
  const encryption = opening.encryption ? { rulebook, choice: opening.encryption } : undefined;
  const created = await create(a, await nextProcessId(a.store, `sel-${constituency.id}`), 'selection', constituency.id, step, undefined, encryption);
  return created.ok ? { ok: true, value: { process: created.value, follows: follows?.id ?? null } } : created;
}

/** Seats, counting method and minimum of women chosen at the opening in place of the rulebook's; or a leadership election's contest. */
export type ElectionChoice = Pick<OpenInternalElection, 'seats' | 'method' | 'minWomen' | 'leadership'> & {
  /** Plain ballots said outright, or encrypted ones set up in the opening's transaction (refused, nothing opens). */
  readonly encryption?: BallotsChoice;
};

/** Opens a national internal election; its id is "el-" and `stem` (by default the title's first words). */
export async function openElection(
  a: Acting,
  rulebook: Rulebook,
  title: string,
  timetable: ElectionTimetable,
  stem?: string,
  choice: ElectionChoice = {},
): Promise<AppResult<Opened<InternalElectionState>>> {
  const { encryption, ...domain } = choice;
  const step = openInternalElection({ title, timetable, ...domain }, processContext(rulebook, a));
  const id = await nextProcessId(a.store, electionStem(title, stem));
  return create(a, id, 'internal-election', null, step, undefined, encryption ? { rulebook, choice: encryption } : undefined);
}

/** "el-" and the stem given, or the title's first words. */
function electionStem(title: string, stem: string | undefined): string {
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
  return `el-${base || 'election'}`;
}

/** One of the rulebook's contests to run, with the seats the officers chose when they differ. */
export interface ContestChoice {
  readonly contest: string;
  readonly seats?: number;
}

/**
 * Opens an election of several of the rulebook's contests, each as its own internal election (its
 * own ballot box, credentials, board and count) linked to the election: ids "el-<stem>-<n>-<contest>",
 * the election's id being "el-<stem>-<n>". Every contest's opening is checked before any is stored,
 * so a refused one opens none.
 */
export async function openElectionContests(
  a: Acting,
  rulebook: Rulebook,
  title: string,
  timetable: ElectionTimetable,
  contests: readonly ContestChoice[],
  stem?: string,
  encryption?: BallotsChoice,
): Promise<AppResult<Opened<InternalElectionState>[]>> {
  const rules = rulebook.internalElection?.contests ?? [];
  if (rules.length === 0) return refusal('invalid', 'no-contests', `${rulebook.name} names no contests to hold in one election`);
  if (contests.length === 0) return refusal('invalid', 'no-contests', 'choose at least one contest to run');
  const unknown = contests.find((c) => !rules.some((r) => r.id === c.contest));
  if (unknown)
    return refusal('invalid', 'unknown-contest', `${rulebook.name} has no contest "${unknown.contest}" (it has ${rules.map((r) => r.id).join(', ')})`);
  const chosen = rules.filter((r) => contests.some((c) => c.contest === r.id));
  return openLinkedContests(
    a,
    rulebook,
    title,
    stem,
    chosen.map((r) => ({
      id: r.id,
      segment: r.segment,
      spec: { title: r.title, timetable, seats: contests.find((c) => c.contest === r.id)?.seats ?? r.seats, method: r.method, minWomen: r.minWomen },
    })),
    encryption,
  );
}

/** One contest of an election of several, to open: its id in the election, who may vote in it, and its own opening. */
export interface LinkedContest {
  readonly id: string;
  readonly segment: Segment;
  readonly spec: Omit<OpenInternalElection, 'contest'>;
}

/**
 * Opens `contests` as one election of several (the rulebook's NEC contests, or a leader's and a
 * deputy's): each its own internal election linked to the election, ids "el-<stem>-<n>-<contest>".
 * Every contest's opening is checked before any is stored, so a refused one opens none.
 */
export async function openLinkedContests(
  a: Acting,
  rulebook: Rulebook,
  title: string,
  stem: string | undefined,
  contests: readonly LinkedContest[],
  encryption?: BallotsChoice,
): Promise<AppResult<Opened<InternalElectionState>[]>> {
  const election = await nextElectionId(a, electionStem(title, stem), contests[0]?.id ?? '');
  const ctx = processContext(rulebook, a);
  const steps = contests.map((r, i) => {
    const contest = { election, electionTitle: title, contest: r.id, order: i + 1, segment: r.segment };
    const step = openInternalElection({ ...r.spec, contest }, ctx);
    return { id: `${election}-${r.id}` as ProcessId, title: r.spec.title, step };
  });
  for (const s of steps) {
    if (!s.step.ok) {
      const e = fromDomain(s.step.error);
      return { ok: false, error: { ...e, message: `${s.title}: ${e.message}` } };
    }
  }
  // Each contest has its own ballot box, so its own set-up (the same trustees and authority); the choice is checked once, before any opens.
  if (encryption) {
    const refused = await openingBallotsRefusal(a.store, rulebook, encryption);
    if (refused) return refused;
  }
  const opened: Opened<InternalElectionState>[] = [];
  for (const s of steps) {
    const created = await create(a, s.id, 'internal-election', null, s.step, undefined, encryption ? { rulebook, choice: encryption } : undefined);
    if (!created.ok) return created;
    opened.push(created.value);
  }
  return { ok: true, value: opened };
}

/** The first "<stem>-<n>" no process uses, as an election or as its first contest. */
async function nextElectionId(a: Acting, stem: string, firstContest: string): Promise<string> {
  for (let n = 1; ; n++) {
    const id = `${stem}-${n}`;
    if (!(await a.store.getProcess(id as ProcessId)) && !(await a.store.getProcess(`${id}-${firstContest}` as ProcessId))) return id;
  }
}

/** The contests of election `election`, in its order; empty when there is no such election. */
export async function contestsOf(a: Pick<Acting, 'store'>, election: string): Promise<Opened<InternalElectionState>[]> {
  const all = await a.store.processDocuments({ kind: 'internal-election' });
  return all
    .flatMap((p) => (p.kind === 'internal-election' && p.state.contest?.election === election ? [{ ...p, kind: p.kind, state: p.state }] : []))
    .sort((x, y) => (x.state.contest?.order ?? 0) - (y.state.contest?.order ?? 0));
}
