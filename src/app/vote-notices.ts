/**
 * What a member is told of the votes recorded in their name: the use case the web (the ballots
 * page, the booth's refusal, the officers' paper-vote desk, sign-in) and the command line
 * (`hustings vote`) share.
 *
 * The one person who knows whether a member voted is the member. So each vote shows them how it
 * came and on which day (never what it was), and a paper vote recorded in their name is a notice in
 * the mail outbox, stored in the vote's own transaction (recordPaperVote) and mailed in their
 * language by the outbox's sender; if it cannot be delivered (no address, or the message failed for
 * good), it is shown at their next sign-in: a vote added for an abstainer is then noticed by the
 * abstainer.
 */
import { dateIn, wordsIn, type Words } from './language/index.js';
import type { MemberId } from '../domain/ids.js';
import { isIsoDate, type IsoDate } from '../domain/time.js';
import type { ProcessDocument } from '../domain/processes/documents.js';
import type { IntegrityStore, MemberVote, OfflineChannel, OrganisationStore, ProcessStore } from '../store/store.js';

/** The kind of the outbox's notice of a paper vote recorded in a member's name. */
export const PAPER_VOTE_NOTICE = 'paper-vote';

/** What the notice of a paper vote says: the ballot, how and on which day the vote came, and whom to tell if it was not theirs. */
export interface PaperVoteNoticeParams {
  readonly title: string;
  readonly channel: OfflineChannel;
  readonly day: IsoDate | null;
  /** The constituency whose procedures secretary runs the ballot; null for a national ballot. */
  readonly unit: string | null;
}

export function isPaperVoteNoticeParams(p: unknown): p is PaperVoteNoticeParams {
  if (typeof p !== 'object' || p === null) return false;
  const o = p as Record<string, unknown>;
  return (
    typeof o.title === 'string' &&
    (o.channel === 'postal' || o.channel === 'in-person') &&
    (o.day === null || (typeof o.day === 'string' && isIsoDate(o.day))) &&
    (o.unit === null || typeof o.unit === 'string')
  );
}

/** "a postal vote was recorded in your name on 3 March 2027", or "you voted online on …" (in the ballot `title`, when given). */
function voteClause(vote: Pick<MemberVote, 'channel' | 'day'>, w: Words, title?: string): string {
  let clause = w.t(`notice.${vote.channel}`);
  if (title !== undefined) clause = w.t('notice.inBallot', { clause, title });
  return vote.day !== null && isIsoDate(vote.day) ? w.t('notice.onDay', { clause, date: dateIn(w, vote.day) }) : clause;
}

/** "A postal vote was recorded in your name in <title> on 3 March 2027", or "You voted online in <title> on …". */
export function voteSentence(vote: Pick<MemberVote, 'channel' | 'day'>, title: string, w: Words = wordsIn('en-GB')): string {
  const clause = voteClause(vote, w, title);
  return clause.charAt(0).toUpperCase() + clause.slice(1);
}

/** How a vote came, in a word or two for a table cell or a heading. */
export const CHANNEL_HEADINGS: Readonly<Record<MemberVote['channel'], string>> = { online: 'Online', postal: 'By post', 'in-person': 'In person' };

/** How the vote came, in a few words for a table cell: "Online, 3 March 2027". */
export function voteShort(vote: MemberVote, w: Words = wordsIn('en-GB')): string {
  const how = w.t(`vote.${vote.channel}`);
  return vote.day !== null && isIsoDate(vote.day) ? w.t('vote.onDay', { how, date: dateIn(w, vote.day) }) : how;
}

/** Whom a member tells of a vote they did not make: the officers who run the ballot (those of `unit`, or national ones). */
function whomToTell(unit: string | null, w: Words): string {
  return unit === null ? w.t('notice.whomNational') : w.t('notice.whomUnit', { unit });
}

/** The name of the constituency whose officers run the ballot; null for a national one. */
async function unitOf(store: OrganisationStore, proc: ProcessDocument): Promise<string | null> {
  if (proc.constituency === null) return null;
  return (await store.getUnit(proc.constituency))?.name ?? proc.constituency;
}

/** The warning to a member who did not make a vote recorded in their name, with whom to tell. */
function ifNotYou(channel: MemberVote['channel'], unit: string | null, w: Words): string {
  return w.t('notice.ifNotYou', { didNot: w.t(`notice.didNot.${channel}`), whom: whomToTell(unit, w) });
}

const titleOf = (proc: ProcessDocument): string => (proc.kind === 'trigger-ballot' ? proc.id : proc.state.title);

/** The whole refusal of a second vote, for the member: how and when the first one came, and what to do if it was not theirs. */
export async function alreadyVotedText(store: OrganisationStore, proc: ProcessDocument, vote: MemberVote, w: Words = wordsIn('en-GB')): Promise<string> {
  const first = w.t('notice.alreadyVoted', { title: titleOf(proc), clause: voteClause(vote, w) });
  return vote.channel === 'online' ? first : `${first} ${ifNotYou(vote.channel, await unitOf(store, proc), w)}`;
}

/** What the notice of a paper vote says, in `w`'s language: the same words in the mail and at sign-in. */
export function paperVoteWords(p: PaperVoteNoticeParams, w: Words): string {
  return w.t('notice.paperVote', { sentence: voteSentence(p, p.title, w), ifNotYou: ifNotYou(p.channel, p.unit, w) });
}

/** The notice's params for a paper vote recorded in `proc` by `channel` on `day`. */
export async function paperVoteNoticeParams(
  store: OrganisationStore,
  proc: ProcessDocument,
  channel: OfflineChannel,
  day: IsoDate | null,
): Promise<PaperVoteNoticeParams> {
  return { title: titleOf(proc), channel, day, unit: await unitOf(store, proc) };
}

/** The notice of a paper vote recorded in the member's name, as shown at sign-in. */
export async function paperVoteNotice(store: OrganisationStore, proc: ProcessDocument, vote: MemberVote, w: Words = wordsIn('en-GB')): Promise<string> {
  if (vote.channel === 'online') throw new TypeError('a vote cast online is not a paper vote');
  return paperVoteWords(await paperVoteNoticeParams(store, proc, vote.channel, vote.day), w);
}

/**
 * The notices a member is owed, as shown at sign-in: paper votes in their name whose notice in the
 * outbox could not be delivered (untoldPaperVotes). Each is then noted as shown, so it shows once.
 */
export async function noticesAtSignIn(
  store: OrganisationStore & ProcessStore & IntegrityStore,
  member: MemberId,
  w: Words = wordsIn('en-GB'),
): Promise<string[]> {
  const notices: string[] = [];
  for (const vote of await store.untoldPaperVotes(member)) {
    const proc = await store.processDocument(vote.process);
    if (proc === null) continue;
    if (await store.markPaperVoteShown(vote.process, member)) notices.push(await paperVoteNotice(store, proc, vote, w));
  }
  return notices;
}
