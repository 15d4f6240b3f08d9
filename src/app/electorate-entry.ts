/**
 * A member's place in a process's frozen electorate, read once per process and kept; and whether a
 * process's electorate may be listed member by member at all.
 */
import type { MemberId, ProcessId } from '../domain/ids.js';
import type { ProcessDocument } from '../domain/processes/documents.js';
import type { ElectorateEntry, ProcessStore } from '../store/store.js';
import { isPrivateSegment, privateElectorateWords } from '../domain/segment.js';

/**
 * For a contest for members who self-identify (disabled, BAME…), why its electorate is given to
 * officers, scrutineers and exports only as counts; null for any other process, listed in full.
 */
export function privateElectorateNote(proc: ProcessDocument): string | null {
  const contest = proc.kind === 'internal-election' ? (proc.state.contest ?? null) : null;
  return contest !== null && isPrivateSegment(contest.segment) ? privateElectorateWords(contest.segment) : null;
}

/**
 * A frozen electorate never changes, so each is read from the store once and
 * kept, by member, for as long as the store is open.
 */
const electorates = new WeakMap<ProcessStore, Map<ProcessId, Promise<Map<MemberId, ElectorateEntry>>>>();

export async function electorateEntry(store: ProcessStore, proc: ProcessDocument, member: MemberId): Promise<ElectorateEntry | null> {
  if (proc.kind === 'trigger-ballot' || proc.kind === 'nomination-meeting' || proc.state.electorate === null) return null;
  let byProcess = electorates.get(store);
  if (!byProcess) {
    byProcess = new Map();
    electorates.set(store, byProcess);
  }
  let entries = byProcess.get(proc.id);
  if (!entries) {
    entries = store.electorate(proc.id).then((list) => new Map(list.map((e) => [e.member, e])));
    byProcess.set(proc.id, entries);
    entries.catch(() => byProcess.delete(proc.id));
  }
  return (await entries).get(member) ?? null;
}
