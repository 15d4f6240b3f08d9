/**
 * What a member is told of the votes recorded in their name: the use case the web (the ballots
 * page, the booth's refusal, the officers' paper-vote desk, sign-in) and the command line
 * (`hustings vote`) share.
 *
 * The one person who knows whether a member voted is the member. So each vote shows them how it
 * came and on which day (never what it was), and a paper vote recorded in their name is mailed to
 * them, or, if no email could be sent, shown at their next sign-in: a vote added for an abstainer
 * is then noticed by the abstainer.
 */
import { dateIn, wordsIn, type Words } from './language/index.js';
import type { MemberId } from '../domain/ids.js';
import { isIsoDate } from '../domain/time.js';
import type { ProcessDocument } from '../domain/processes/documents.js';
import type { IntegrityStore, MemberVote, OrganisationStore, ProcessStore, VotingStore } from '../store/store.js';

type Message = { readonly kind: 'paper-vote-notice'; readonly to: string; readonly subject: string; readonly text: string };

/**
 * Where mail goes: the web's Mailer (SMTP or the development outbox) fits this, and so does its
 * background queue, whose `enqueue` says later whether the message went.
 */
export interface MailSender {
  send(message: Message): Promise<void>;
  enqueue?(message: Message, settled: (sent: boolean) => void): void;
}

/** "a postal vote was recorded in your name on 3 March 2027", or "you voted online on …" (in the ballot `title`, when given). */
function voteClause(vote: MemberVote, w: Words, title?: string): string {
  let clause = w.t(`notice.${vote.channel}`);
  if (title !== undefined) clause = w.t('notice.inBallot', { clause, title });
  return vote.day !== null && isIsoDate(vote.day) ? w.t('notice.onDay', { clause, date: dateIn(w, vote.day) }) : clause;
}

/** "A postal vote was recorded in your name in <title> on 3 March 2027", or "You voted online in <title> on …". */
export function voteSentence(vote: MemberVote, title: string, w: Words = wordsIn('en-GB')): string {
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

/** Whom a member tells of a vote they did not make: the officers who run the ballot. */
async function whomToTell(store: OrganisationStore, proc: ProcessDocument, w: Words): Promise<string> {
  if (proc.constituency === null) return w.t('notice.whomNational');
  const unit = await store.getUnit(proc.constituency);
  return w.t('notice.whomUnit', { unit: unit?.name ?? proc.constituency });
}

/** The warning to a member who did not make a vote recorded in their name, with whom to tell. */
async function ifNotYou(store: OrganisationStore, proc: ProcessDocument, vote: MemberVote, w: Words): Promise<string> {
  return w.t('notice.ifNotYou', { didNot: w.t(`notice.didNot.${vote.channel}`), whom: await whomToTell(store, proc, w) });
}

const titleOf = (proc: ProcessDocument): string => (proc.kind === 'trigger-ballot' ? proc.id : proc.state.title);

/** The whole refusal of a second vote, for the member: how and when the first one came, and what to do if it was not theirs. */
export async function alreadyVotedText(store: OrganisationStore, proc: ProcessDocument, vote: MemberVote, w: Words = wordsIn('en-GB')): Promise<string> {
  const first = w.t('notice.alreadyVoted', { title: titleOf(proc), clause: voteClause(vote, w) });
  return vote.channel === 'online' ? first : `${first} ${await ifNotYou(store, proc, vote, w)}`;
}

/** The notice of a paper vote recorded in the member's name (mail or sign-in), which says nothing of the ballot. */
export async function paperVoteNotice(store: OrganisationStore, proc: ProcessDocument, vote: MemberVote, w: Words = wordsIn('en-GB')): Promise<string> {
  return w.t('notice.paperVote', { sentence: voteSentence(vote, titleOf(proc), w), ifNotYou: await ifNotYou(store, proc, vote, w) });
}

/** Mailed now; handed to the mail queue (noted as told once it is sent); or not mailed. */
export type Told = 'mailed' | 'queued' | 'not-mailed';

/**
 * Mails the member the notice of the paper vote just recorded in their name, once it is committed.
 * Nothing here can undo or change the vote: a member with no email address, no mailer, or a send
 * that fails (now, or in the queue after its retries) leaves the notice owed, and it is shown at
 * their next sign-in (noticesAtSignIn). Through a queue nobody waits for the mail server.
 */
export async function mailPaperVoteNotice(
  store: OrganisationStore & VotingStore & IntegrityStore,
  mailer: MailSender | null,
  proc: ProcessDocument,
  member: MemberId,
): Promise<Told> {
  try {
    const vote = await store.voteOf(proc.id, member);
    const who = await store.getMember(member);
    if (mailer === null || vote === null || vote.channel === 'online' || !who?.email) return 'not-mailed';
    const text = [
      `Dear ${who.name},`,
      '',
      await paperVoteNotice(store, proc, vote),
      '',
      'This message says only that a vote was recorded, never what it was.',
      '',
    ].join('\n');
    const message: Message = { kind: 'paper-vote-notice', to: who.email, subject: `A vote was recorded in your name in ${titleOf(proc)}`, text };
    const sent = () => store.markPaperVoteTold(proc.id, member, 'mailed');
    if (mailer.enqueue) {
      // Unsent in the end, the notice stays owed: there is nothing more to do here.
      mailer.enqueue(message, (ok) => void (ok ? sent().catch(() => undefined) : undefined));
      return 'queued';
    }
    await mailer.send(message);
    await sent();
    return 'mailed';
  } catch {
    // The vote is recorded whatever happens here; the member is told at their next sign-in instead.
    return 'not-mailed';
  }
}

/** The notices a member is owed, as shown at sign-in; each is then noted as told, so it shows once. */
export async function noticesAtSignIn(
  store: OrganisationStore & ProcessStore & IntegrityStore,
  member: MemberId,
  w: Words = wordsIn('en-GB'),
): Promise<string[]> {
  const notices: string[] = [];
  for (const vote of await store.untoldPaperVotes(member)) {
    const proc = await store.processDocument(vote.process);
    if (proc === null) continue;
    if (await store.markPaperVoteTold(vote.process, member, 'shown')) notices.push(await paperVoteNotice(store, proc, vote, w));
  }
  return notices;
}
