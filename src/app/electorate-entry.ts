/**
 * A member's place in a process's frozen electorate; and whether a process's electorate may be
 * listed member by member at all.
 */
import type { MemberId } from '../domain/ids.js';
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
 * Read by the member alone: a booth, a cast or a member's page asks about one member, and reading
 * (or keeping) the whole electorate for that would cost each request, and the server's memory, in
 * proportion to the party.
 */
export async function electorateEntry(store: ProcessStore, proc: ProcessDocument, member: MemberId): Promise<ElectorateEntry | null> {
  if (proc.kind === 'trigger-ballot' || proc.kind === 'nomination-meeting' || proc.state.electorate === null) return null;
  return store.electorateEntry(proc.id, member);
}
