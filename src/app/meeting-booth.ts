/**
 * The booth of an online nomination meeting, for the web: the chair opens a round, each eligible
 * member present votes once in it for one of the candidates standing, the chair sees only how many
 * have voted, and closing the round enters the tallies counted from the votes cast, through the same
 * exhaustive-ballot rules as a chair's tallies from the room.
 *
 * Each round is opened in the booth before the meeting's state says so, and closed there before the
 * meeting enters its count: either write may be retried after the other failed (opening or closing a
 * round twice changes nothing), and a member may vote only once both say the round is open.
 */
import type { MemberId, ProcessId } from '../domain/ids.js';
import { standingNext, type NominationMeetingState } from '../domain/processes/index.js';
import type { Acting } from './acting.js';
import { inAppTerms, refusal, type AppResult } from './app-error.js';
import { applyStep } from './apply-step.js';
import type { DocumentOfKind } from './load-process.js';
import type { Store } from '../store/store.js';

type Meeting = DocumentOfKind<'nomination-meeting'>;

/** The chair opens the next round of an online meeting between the candidates still standing. */
export async function openBoothRound(a: Acting, meeting: Meeting): Promise<AppResult<Meeting>> {
  const s = meeting.state;
  if (s.voting !== 'online')
    return refusal('conflict', 'invalid-transition', 'Members of this meeting vote in the room: the chair enters each round’s tallies.');
  if (s.openRound !== null) return refusal('conflict', 'invalid-transition', `Round ${s.openRound.round} is open already: close it before opening another.`);
  const standing = standingNext(s);
  // The domain names what is wrong with opening (no one left to choose, no one present who may vote).
  if (standing.length > 0)
    await a.store.openMeetingRound(
      meeting.id as ProcessId,
      s.rounds.length + 1,
      standing.map((c) => c.member),
    );
  return applyStep(a, meeting, { type: 'open-round' });
}

/** The chair closes the open round: the booth counts it and the meeting enters the count, saying what happens next. */
export async function closeBoothRound(a: Acting, meeting: Meeting): Promise<AppResult<Meeting>> {
  const open = meeting.state.openRound;
  if (open === null) return refusal('conflict', 'invalid-transition', 'No round is open for voting.');
  const counted = await a.store.closeMeetingRound(meeting.id as ProcessId, open.round);
  if (!counted.ok) return inAppTerms(counted);
  return applyStep(a, meeting, { type: 'close-round', votes: counted.value.votes, voters: counted.value.voters });
}

/** Whether `member` is present and may vote at the meeting. */
export const mayVoteAt = (s: NominationMeetingState, member: string): boolean => s.attendees.some((x) => x.member === member && x.mayVote);

/** A member's one vote in the open round, for one of the candidates standing in it. */
export async function castBoothVote(store: Store, meeting: Meeting, member: MemberId, candidate: string): Promise<AppResult<{ readonly round: number }>> {
  const s = meeting.state;
  const open = s.openRound;
  if (s.voting !== 'online' || open === null) return refusal('conflict', 'closed', 'No round of this meeting is open for voting.');
  if (!mayVoteAt(s, member))
    return refusal('forbidden', 'not-eligible', `Only members recorded as present at the meeting who may vote there vote in its booth.`);
  if (!standingNext(s).some((c) => c.member === candidate))
    return refusal('invalid', 'invalid-input', `Choose one of the candidates standing in round ${open.round}.`);
  const cast = await store.castMeetingVote(meeting.id as ProcessId, open.round, member, candidate);
  if (!cast.ok) {
    if (cast.error.code === 'already-voted') return refusal('conflict', 'already-voted', `You have already voted in round ${open.round}.`);
    if (cast.error.code === 'closed') return refusal('conflict', 'closed', `Round ${open.round} has closed: your vote was not counted.`);
    return inAppTerms(cast);
  }
  return { ok: true, value: { round: open.round } };
}

/** What the chair and the member see of the open round: its number, the candidates, and how many have voted (never who for whom). */
export async function boothRoundOf(
  store: Store,
  meeting: Meeting,
  member: MemberId | null,
): Promise<{
  readonly round: number;
  readonly candidates: readonly { readonly member: string; readonly name: string }[];
  readonly voted: number;
  readonly youVoted: boolean;
} | null> {
  const open = meeting.state.openRound;
  if (open === null) return null;
  const id = meeting.id as ProcessId;
  return {
    round: open.round,
    candidates: standingNext(meeting.state),
    voted: await store.meetingRoundTurnout(id, open.round),
    youVoted: member !== null && (await store.hasVotedInMeetingRound(id, open.round, member)),
  };
}
