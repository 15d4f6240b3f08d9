/** What both adapters do alike in an online nomination meeting's booth: the refusals, and a round's count from its rows. */
import type { MemberId, ProcessId } from '../domain/ids.js';
import { err, type Result } from '../domain/result.js';
import type { MeetingRoundCount } from './store.js';

export const roundNotOpen = (processId: ProcessId, round: number): Result<never> =>
  err('closed', `round ${round} of meeting "${processId}" is not open for voting`);

export const votedInRound = (processId: ProcessId, round: number, member: MemberId): Result<never> =>
  err('already-voted', `member "${member}" has already voted in round ${round} of meeting "${processId}"`);

export const notInRound = (processId: ProcessId, round: number, candidate: string): Result<never> =>
  err('invalid-input', `"${candidate}" does not stand in round ${round} of meeting "${processId}"`);

export const roundNeverOpened = (processId: ProcessId, round: number): Result<never> =>
  err('not-found', `round ${round} of meeting "${processId}" was never opened`);

export function checkRound(round: unknown): number {
  if (typeof round !== 'number' || !Number.isSafeInteger(round) || round < 1)
    throw new TypeError(`a meeting's round is a whole number from 1, got ${JSON.stringify(round)}`);
  return round;
}

/** The round's candidates as stored (PostgreSQL reads json already parsed; SQLite, its text). */
export function roundCandidates(stored: unknown): string[] {
  const list: unknown = typeof stored === 'string' ? JSON.parse(stored) : stored;
  if (!Array.isArray(list) || !list.every((c) => typeof c === 'string'))
    throw new TypeError(`a meeting round's candidates are a list of ids, got ${JSON.stringify(stored)}`);
  return list;
}

/** Every candidate of the round with their votes (0 for none), from the grouped rows. */
export function roundCountOf(
  candidates: readonly string[],
  rows: readonly { candidate: string; votes: number | string }[],
  voters: number | string,
): MeetingRoundCount {
  const votes: Record<string, number> = Object.fromEntries(candidates.map((c) => [c, 0]));
  for (const r of rows) votes[r.candidate] = Number(r.votes);
  return { votes, voters: Number(voters) };
}
