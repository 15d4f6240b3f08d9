/**
 * A member casting their ballot online. The timetable decides, at the moment of the cast, whether
 * voting is open, whether or not the box has been closed yet; a seal racing the cast is the store's
 * to refuse. Nothing about a cast is logged: the store marks the member and keeps the ballot apart.
 */
import type { MemberId } from '../domain/ids.js';
import { localDate } from '../domain/local-time.js';
import { outsideVotingWindow, votingWindow } from '../domain/processes/index.js';
import type { Clock, IsoDate } from '../domain/time.js';
import type { EncryptedBallotStore, StoredProcess, VotingStore } from '../store/store.js';
import { inAppTerms, refusal, type AppResult } from './app-error.js';
import type { BallotState } from './ballot-paper.js';
import { rulebookFor, type RulebookStore } from './rulebook-of.js';
import { newTrackerCode } from './tracker-codes.js';

/** The reason of a cast before the ballot's opening moment or after its closing one; its message says which, in words. */
export const OUTSIDE_WINDOW = 'outside-window';

/**
 * Whether a member may cast online now, and the day their vote is recorded on: a statutory postal
 * ballot never may (its papers go back to the scrutineer), and nobody outside the voting window.
 */
export async function castRefusal(
  store: RulebookStore,
  clock: Clock,
  proc: Pick<StoredProcess, 'rulebook'>,
  state: BallotState,
): Promise<AppResult<{ readonly day: IsoDate }>> {
  // A statutory postal ballot is held by post alone (TULRCA 1992 s. 51(4)): its papers go back to the scrutineer.
  if (state.kind === 'internal-election' && (await rulebookFor(store, proc))?.statutoryPostal)
    return refusal('conflict', 'postal-only', `${state.title} is a postal ballot: members vote on the numbered paper sent to them by post, not online.`);
  const outside = outsideVotingWindow(state, clock.now());
  if (outside !== null) return refusal('conflict', OUTSIDE_WINDOW, outside);
  // The day as the organisation's calendar has it, the day a member would say they voted.
  return { ok: true, value: { day: localDate(clock.now(), votingWindow(state).zone) } };
}

/**
 * Casts the ranking (candidate ids, first preference first) and returns the voter's tracker code.
 * Refusals store nothing: OUTSIDE_WINDOW, 'encrypted-only' (the process's ballots are encrypted in
 * the booth), and the store's ('not-eligible', 'already-voted', 'closed', 'tracker-taken').
 */
export async function castBallot(
  store: VotingStore & Pick<EncryptedBallotStore, 'encryptedElectionOf'> & RulebookStore,
  clock: Clock,
  proc: Pick<StoredProcess, 'id' | 'rulebook'>,
  state: BallotState,
  member: MemberId,
  ranking: readonly string[],
): Promise<AppResult<{ readonly tracker: string }>> {
  const window = await castRefusal(store, clock, proc, state);
  if (!window.ok) return window;
  if ((await store.encryptedElectionOf(proc.id)) !== null)
    return refusal('conflict', 'encrypted-only', 'This ballot is encrypted: it is cast from the booth page, which encrypts it in your browser.');
  return inAppTerms(await store.castBallot(proc.id, member, { ranking, tracker: newTrackerCode() }, window.value.day));
}
