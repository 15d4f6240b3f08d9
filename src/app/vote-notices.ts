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
import { longDate } from '../domain/calendar.js';
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

const onDay = (vote: MemberVote): string => (vote.day !== null && isIsoDate(vote.day) ? ` on ${longDate(vote.day)}` : '');

/** "a postal vote was recorded in your name on 3 March 2027", or "you voted online on …" (the ballot named by the caller, or not). */
function voteClause(vote: MemberVote, inBallot = ''): string {
  switch (vote.channel) {
    case 'online':
      return `you voted online${inBallot}${onDay(vote)}`;
    case 'postal':
      return `a postal vote was recorded in your name${inBallot}${onDay(vote)}`;
    case 'in-person':
      return `a vote in person was recorded in your name${inBallot}${onDay(vote)}`;
  }
}

/** "A postal vote was recorded in your name in <title> on 3 March 2027", or "You voted online in <title> on …". */
export function voteSentence(vote: MemberVote, title: string): string {
  const clause = voteClause(vote, ` in ${title}`);
  return clause.charAt(0).toUpperCase() + clause.slice(1);
}

/** How a vote came, in a word or two for a table cell or a heading. */
export const CHANNEL_HEADINGS: Readonly<Record<MemberVote['channel'], string>> = { online: 'Online', postal: 'By post', 'in-person': 'In person' };

/** How the vote came, in a few words for a table cell: "Online, 3 March 2027". */
export function voteShort(vote: MemberVote): string {
  const how = CHANNEL_HEADINGS[vote.channel];
  return vote.day !== null && isIsoDate(vote.day) ? `${how}, ${longDate(vote.day)}` : how;
}

const DID_NOT: Readonly<Record<MemberVote['channel'], string>> = { online: 'vote online', postal: 'vote by post', 'in-person': 'vote in person' };

/** Whom a member tells of a vote they did not make: the officers who run the ballot. */
async function whomToTell(store: OrganisationStore, proc: ProcessDocument): Promise<string> {
  if (proc.constituency === null) return 'the party’s national officers';
  const unit = await store.getUnit(proc.constituency);
  return `the procedures secretary of ${unit?.name ?? proc.constituency} or the party’s national officers`;
}

/** The warning to a member who did not make a vote recorded in their name, with whom to tell. */
async function ifNotYou(store: OrganisationStore, proc: ProcessDocument, vote: MemberVote): Promise<string> {
  return `If you did not ${DID_NOT[vote.channel]}, tell ${await whomToTell(store, proc)} at once: a vote was made in your name, and you can no longer vote yourself.`;
}

const titleOf = (proc: ProcessDocument): string => (proc.kind === 'trigger-ballot' ? proc.id : proc.state.title);

/** The whole refusal of a second vote, for the member: how and when the first one came, and what to do if it was not theirs. */
export async function alreadyVotedText(store: OrganisationStore, proc: ProcessDocument, vote: MemberVote): Promise<string> {
  const first = `You have already voted in ${titleOf(proc)}: ${voteClause(vote)}. Each member votes once, so you cannot vote again.`;
  return vote.channel === 'online' ? first : `${first} ${await ifNotYou(store, proc, vote)}`;
}

/** The notice of a paper vote recorded in the member's name (mail or sign-in), which says nothing of the ballot. */
export async function paperVoteNotice(store: OrganisationStore, proc: ProcessDocument, vote: MemberVote): Promise<string> {
  return `${voteSentence(vote, titleOf(proc))}. ${await ifNotYou(store, proc, vote)}`;
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
export async function noticesAtSignIn(store: OrganisationStore & ProcessStore & IntegrityStore, member: MemberId): Promise<string[]> {
  const notices: string[] = [];
  for (const vote of await store.untoldPaperVotes(member)) {
    const proc = await store.processDocument(vote.process);
    if (proc === null) continue;
    if (await store.markPaperVoteTold(vote.process, member, 'shown')) notices.push(await paperVoteNotice(store, proc, vote));
  }
  return notices;
}
