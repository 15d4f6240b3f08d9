/** What a constituency has under way, which decides what may be opened in it next. */
import type { UnitId } from '../domain/ids.js';
import type { SeatCandidate } from '../domain/organisation.js';
import { seatCandidateOf, type SelectionState, type TriggerBallotState } from '../domain/processes/index.js';
import type { Store, StoredProcess } from '../store/store.js';

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
