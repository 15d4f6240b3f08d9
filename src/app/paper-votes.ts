/**
 * Recording a vote made on paper (by post, or in person at a meeting): the one
 * path that `hustings vote` and the officers' web page share. The vote goes
 * through the store's recordOfflineVote, so it spends the member's one
 * credential exactly as an online vote does (in an encrypted ballot, the paper ballot the officer's
 * browser encrypted under the member's public credential, checked first), and the officer's audit entry
 * (member and channel, never the ballot) is written in the same transaction, as is the member's
 * notice of the vote in the mail outbox (vote-notices.ts).
 */
import { privateElectorateNote } from './electorate-entry.js';
import { auditRecord } from '../audit/index.js';
import type { MemberId } from '../domain/ids.js';
import { localDate } from '../domain/local-time.js';
import { outsideVotingWindow, votingWindow } from '../domain/processes/index.js';
import type { Clock } from '../domain/time.js';
import type { ProcessDocument } from '../domain/processes/documents.js';
import type { CastBallot, CastEncryptedBallot, OfflineChannel, Store } from '../store/store.js';
import { checkedPaperBallot } from './encrypted-ballots.js';
import { PAPER_VOTE_NOTICE, paperVoteNoticeParams } from './vote-notices.js';
import { inAppTerms, refusal, type AppError, type AppResult } from './app-error.js';
import { ballotPaper, isBallotProcess, type BallotDocument, type BallotState } from './ballot-paper.js';
import { rulebookFor, type RulebookStore } from './rulebook-of.js';
import { PUBLISHED_PHASES } from './publish-board.js';
import { newTrackerCode } from './tracker-codes.js';

export const PAPER_CHANNELS: readonly OfflineChannel[] = ['postal', 'in-person'];

export const CHANNEL_WORDS: Readonly<Record<OfflineChannel, string>> = { postal: 'by post', 'in-person': 'in person' };

export function isPaperChannel(text: string): text is OfflineChannel {
  return (PAPER_CHANNELS as readonly string[]).includes(text);
}

/**
 * An open ballot's process and state, or why paper votes cannot be recorded in it at `now` ('not-found', 'not-open', and
 * 'closed' outside its voting window: a paper vote is held to the same closing moment as one cast online, whether or not
 * the box has been closed yet).
 */
export async function openForPaperVotes(
  store: RulebookStore,
  proc: ProcessDocument | null,
  id: string,
  now: Date,
): Promise<AppResult<{ readonly process: BallotDocument; readonly state: BallotState }>> {
  if (!proc || !isBallotProcess(proc)) return refusal('not-found', 'not-found', `no selection or internal election "${id}" in the store`);
  const state: BallotState = proc.state;
  // A statutory postal ballot's papers are numbered and go back to its independent scrutineer, who logs them there.
  if (proc.kind === 'internal-election' && (await rulebookFor(store, proc))?.statutoryPostal)
    return refusal(
      'conflict',
      'postal-only',
      `${state.title} is a statutory postal ballot: its numbered papers go back to the independent scrutineer, who logs them on the postal ballot's page.`,
    );
  if (state.phase !== 'ballot-open') {
    return refusal(
      'conflict',
      'not-open',
      `${state.title} is not open for voting (${PUBLISHED_PHASES.includes(state.phase) ? 'voting has closed' : 'voting has not opened yet'}): paper votes are recorded while the ballot is open`,
    );
  }
  const outside = outsideVotingWindow(state, now);
  if (outside !== null) return refusal('conflict', 'closed', outside);
  return { ok: true, value: { process: proc, state } };
}

/** Why a ranking cannot go into this ballot's box (a candidate not on the paper, withdrawn, or ranked twice), or null. */
function rankingProblem(state: BallotState, ranking: readonly string[]): AppError | null {
  const paper = ballotPaper(state);
  const seen = new Set<string>();
  for (const id of ranking) {
    const c = paper.find((x) => x.id === id);
    if (!c) return { code: 'malformed', reason: 'bad-ranking', message: `"${id}" is not on the ballot paper of ${state.title}` };
    if (c.withdrawn) return { code: 'malformed', reason: 'bad-ranking', message: `${c.name} (${c.id}) has withdrawn and cannot be ranked` };
    if (seen.has(id)) return { code: 'malformed', reason: 'bad-ranking', message: `${c.name} (${c.id}) is ranked twice` };
    seen.add(id);
  }
  return null;
}

export interface PaperVote {
  readonly process: ProcessDocument;
  readonly member: MemberId;
  readonly channel: OfflineChannel;
  /** Candidate ids, first preference first; empty for a paper with no preference marked. Not for an encrypted ballot. */
  readonly ranking: readonly string[];
  /**
   * In an encrypted ballot, the paper ballot's JSON (docs/verifiable-ballots.md §7.1) that the
   * officer's browser encrypted under the member's public credential; `ranking` is then not read.
   */
  readonly encrypted?: string;
  /** Who recorded it, as the audit log names actors (a member id on the web, "cli:<user>" from the command line). */
  readonly actor: string;
}

/** A paper vote recorded: the tracker code for the voter, and how the member will learn of it (by email, or at their next sign-in). */
export interface PaperVoteRecorded {
  readonly tracker: string;
  readonly memberTold: 'by-email' | 'at-sign-in';
}

/**
 * Records the vote and returns the tracker code for the voter, which is not kept with the member.
 * In the same transaction the member's notice of it goes into the mail outbox (in their language
 * when the sender renders it); with no address it is owed at their next sign-in. The audit log then
 * notes that a notice was queued, as for every notice: never to whom.
 * Refusals store nothing; their reasons: 'not-found', 'not-open', 'encrypted-only' (a ranking in plain in an encrypted
 * ballot), 'bad-ranking', those of checkedPaperBallot for an encrypted paper ballot, and the store's
 * ('not-eligible', 'already-voted', 'closed', 'tracker-taken').
 */
export async function recordPaperVote(store: Store, clock: Clock, vote: PaperVote): Promise<AppResult<PaperVoteRecorded>> {
  const open = await openForPaperVotes(store, vote.process, vote.process.id, clock.now());
  if (!open.ok) return open;
  let ballot: CastBallot | { readonly encrypted: CastEncryptedBallot };
  if ((await store.encryptedElectionOf(vote.process.id)) !== null) {
    // A plain ranking in an encrypted box would be a ballot no credential spent and no mix hides.
    if (vote.encrypted === undefined)
      return refusal(
        'conflict',
        'encrypted-only',
        'This ballot’s votes are encrypted, so a paper vote must come encrypted under the member’s credential on the officer’s own device; a ranking in plain cannot be entered.',
      );
    const checked = await checkedPaperBallot(store, vote.process, open.value.state, vote.member, vote.channel, vote.encrypted);
    if (!checked.ok) return checked;
    ballot = { encrypted: checked.value };
  } else {
    const problem = rankingProblem(open.value.state, vote.ranking);
    if (problem !== null) return { ok: false, error: problem };
    ballot = { ranking: vote.ranking, tracker: newTrackerCode() };
  }
  const entry = auditRecord(
    vote.actor,
    'vote.paper-recorded',
    // In a contest for members who self-identify, naming the member would tell every reader of the log that they do.
    { process: vote.process.id, member: privateElectorateNote(vote.process) === null ? vote.member : null, channel: vote.channel },
    clock.now().toISOString(),
  );
  // The day as the organisation's calendar has it: what the member is told the vote in their name was recorded on.
  const day = localDate(clock.now(), votingWindow(open.value.state).zone);
  const now = clock.now().toISOString();
  const notice = { kind: PAPER_VOTE_NOTICE, params: await paperVoteNoticeParams(store, vote.process, vote.channel, day), sendAt: now, createdBy: vote.actor };
  const recorded = inAppTerms(await store.recordOfflineVote(vote.process.id, vote.member, vote.channel, ballot, entry, day, notice));
  if (!recorded.ok) return recorded;
  const queued = recorded.value.queued ?? 0;
  await store.appendAudit(auditRecord(vote.actor, 'notice.queued', { process: vote.process.id, kind: PAPER_VOTE_NOTICE, recipients: queued }, now));
  return { ok: true, value: { tracker: recorded.value.tracker, memberTold: queued > 0 ? 'by-email' : 'at-sign-in' } };
}
