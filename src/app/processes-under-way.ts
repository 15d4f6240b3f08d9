/** What a constituency has under way, which decides what may be opened in it next. */
import type { UnitId } from '../domain/ids.js';
import type { SeatCandidate } from '../domain/organisation.js';
import type { SelectionDocument, TriggerBallotDocument } from '../domain/processes/documents.js';
import { seatCandidateOf } from '../domain/processes/index.js';
import type { OrganisationStore, ProcessStore } from '../store/store.js';

/** The branches and affiliated branches of a constituency, as the processes list their units. */
export async function constituencyUnits(
  store: OrganisationStore,
  constituency: UnitId,
): Promise<{ id: string; name: string; class: 'branch' | 'affiliate'; affiliate: string | null }[]> {
  const units = await store.listUnits({ constituency });
  return units
    .filter((u) => u.kind === 'branch' || u.kind === 'affiliated-branch')
    .map((u) => ({
      id: u.id,
      name: u.name,
      class: u.kind === 'branch' ? ('branch' as const) : ('affiliate' as const),
      affiliate: u.kind === 'affiliated-branch' ? u.parent : null,
    }))
    .sort((x, y) => (x.class === y.class ? (x.id < y.id ? -1 : x.id > y.id ? 1 : 0) : x.class === 'branch' ? -1 : 1));
}

const UNDER_WAY: readonly string[] = ['open', 'not-readopted', 'appeal', 'awaiting-endorsement'];

/** The constituency's review of its incumbent that has not ended yet, if any: only one may run at a time. */
export async function reviewUnderWay(store: ProcessStore, constituency: UnitId): Promise<TriggerBallotDocument | undefined> {
  return (await reviews(store, constituency)).find((p) => UNDER_WAY.includes(p.state.phase));
}

/** The constituency's selection that has not been declared yet, if any: only one may run at a time. */
export async function selectionUnderWay(store: ProcessStore, constituency: UnitId): Promise<SelectionDocument | undefined> {
  return (await selections(store, constituency)).find((p) => p.state.phase !== 'declared');
}

/** The constituency's latest trigger ballot that ended "triggered" and that no selection follows yet: a new selection follows it. */
export async function triggerToFollow(store: ProcessStore, constituency: UnitId): Promise<TriggerBallotDocument | undefined> {
  const earlier = await store.processDocuments({ constituency });
  const followed = new Set(earlier.flatMap((p) => (p.kind === 'selection' ? [p.state.followsTrigger] : [])));
  return earlier.flatMap((p) => (p.kind === 'trigger-ballot' && p.state.phase === 'triggered' && !followed.has(p.id) ? [p] : [])).pop();
}

/** The seat's candidate chosen by its latest declared selection, if any (see `SeatCandidate`). */
export async function seatCandidate(store: ProcessStore, constituency: UnitId): Promise<SeatCandidate | null> {
  return seatCandidateOf(constituency, await selections(store, constituency));
}

async function reviews(store: ProcessStore, constituency: UnitId): Promise<TriggerBallotDocument[]> {
  return (await store.processDocuments({ kind: 'trigger-ballot', constituency })).flatMap((p) => (p.kind === 'trigger-ballot' ? [p] : []));
}

async function selections(store: ProcessStore, constituency: UnitId): Promise<SelectionDocument[]> {
  return (await store.processDocuments({ kind: 'selection', constituency })).flatMap((p) => (p.kind === 'selection' ? [p] : []));
}
