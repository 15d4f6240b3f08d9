/**
 * Votes made on paper, entered by an officer: the web twin of `hustings vote`.
 * The procedures secretary of a selection's constituency, and national
 * officers for any ballot (national elections are theirs alone), find the
 * member, enter the ranking from the paper, review it and record it while the
 * ballot is open. Recording goes through recordPaperVote, as the command does:
 * one credential per member whatever the channel, and an audit entry (member
 * and channel, never the ranking) in the same transaction as the vote.
 *
 * Every refusal is a 4xx that stores nothing. The answer to a recorded vote
 * shows the tracker code for the voter and names neither the member nor the
 * ranking.
 */
import type { MemberId, ProcessId } from '../../domain/ids.js';
import { ok, type Result } from '../../domain/result.js';
import type { OfflineChannel } from '../../store/store.js';
import type { FieldErrors } from '../views/context.js';
import {
  PAPER_BALLOT_FIELD,
  PAPER_VOTE_FIELDS,
  paperVoteDeskPage,
  paperVoteRecordedPage,
  paperVoteReviewPage,
  type EncryptedPaperContext,
  type PaperVoteBallot,
  type PaperVoteEntry,
  type PaperVoteMember,
} from '../views/paper-vote.js';
import { paths } from '../views/paths.js';
import { deskBallot, deskCandidates, reviewedRanking } from '../presenters/paper-vote.js';
import { sentence } from '../presenters/opening.js';
import { RANK_FIELD_PREFIX, rankingToFields, type RankableCandidate } from '../views/ranking-form.js';
import { parseRankingForm } from './forms/ranking.js';
import type { Handler } from './app.js';
import type { FormFields } from './form.js';
import { fieldErrors, firstProblem } from './forms/fields.js';
import { paperVoteEntryForm, paperVoteMemberForm, paperVoteShownForm } from './forms/paper-vote.js';
import { errorResponse, page, param, viewContext, type AppDeps, type Ctx, type ErrorStatus } from './http.js';
import { mayRunProcess, type Principal } from './permissions.js';
import { ballotState, isBallotProcess, type BallotDocument, type BallotState } from '../../app/ballot-paper.js';
import { electorateEntry, privateElectorateNote } from '../../app/electorate-entry.js';
import { isPaperChannel, openForPaperVotes, recordPaperVote, type PaperVoteRecorded } from '../../app/paper-votes.js';
import { paperBallotContextOf } from '../../app/encrypted-ballots.js';
import type { AppResult } from '../../app/app-error.js';
import { rulebookFor } from '../../app/rulebook-of.js';
import { httpStatusOf } from './http-status.js';

interface Desk {
  readonly process: BallotDocument;
  readonly state: BallotState;
  readonly candidates: readonly RankableCandidate[];
  readonly ballot: PaperVoteBallot;
  /** Whether the ballot's votes are encrypted: its paper votes then come encrypted on the officer's device. */
  readonly encrypted: boolean;
}

const refuse = (status: ErrorStatus, message: string) => ({ status, message });

/** A refusal's words: the reason as one sentence (whether or not it came with its full stop), then that nothing was saved. */
const nothingSaved = (why: string): string => `${sentence(why)} Nothing was saved.`;
type Refusal = ReturnType<typeof refuse>;

/** The per-resource check of every route here: a ballot the officer may run, open for voting. */
async function openDesk(c: Ctx, deps: AppDeps, who: Principal): Promise<Desk | Response> {
  const id = param(c, 'process') as ProcessId;
  const proc = await deps.store.processDocument(id);
  if (!proc || !isBallotProcess(proc)) return errorResponse(c, 404, `There is no ballot "${id}".`);
  const title = ballotState(proc).title;
  if (!mayRunProcess(who, proc)) {
    const where = proc.constituency === null ? null : ((await deps.store.getUnit(proc.constituency))?.name ?? proc.constituency);
    return errorResponse(
      c,
      403,
      where === null
        ? `${title} is a national ballot: only national officers record its paper votes, and you hold no office that lets you. Nothing was saved.`
        : `Only the procedures secretary of ${where} and national officers record paper votes in ${title}; you hold no office that lets you. Nothing was saved.`,
    );
  }
  const open = await openForPaperVotes(deps.store, proc, id, deps.clock.now());
  if (!open.ok) return errorResponse(c, 409, nothingSaved(open.error.message), { href: paths.process(id), text: 'Back to the process' });
  const { state } = open.value;
  const encrypted = (await deps.store.encryptedElectionOf(proc.id)) !== null;
  const rb = await rulebookFor(deps.store, proc);
  const box = await deps.store.ballotBox(proc.id);
  const unit = proc.constituency === null ? 'The whole party' : ((await deps.store.getUnit(proc.constituency))?.name ?? proc.constituency);
  return { process: proc, state, candidates: deskCandidates(state, rb), ballot: deskBallot(proc, state, rb, box, unit), encrypted };
}

const MAX_MEMBER_ID = 100;

/** What the desk says in place of a member's judgement in a contest for members who self-identify. */
const PRIVATE_DESK_WORDS =
  'Not shown here: this contest is for members who self-identify, which only the member and their own record know. Record the paper they gave you; you will be told only whether it can be counted.';

/**
 * The member of a membership number, as the frozen electorate holds them. A number not on the
 * electorate is not found, whoever it belongs to: the page says nothing of members outside the ballot.
 */
async function findMember(deps: AppDeps, desk: Desk, raw: string | undefined): Promise<PaperVoteMember | Refusal> {
  const text = (raw ?? '').trim();
  if (text === '') return refuse(400, 'Enter the member’s membership number.');
  if (text.length > MAX_MEMBER_ID || /[\u0000-\u001f\u007f]/.test(text))
    return refuse(400, `A membership number is at most ${MAX_MEMBER_ID} characters, with no control characters.`);
  const entry = await electorateEntry(deps.store, desk.process, text as MemberId);
  if (!entry) {
    return refuse(
      404,
      `No member with membership number “${text}” is on the electorate of ${desk.state.title}. Check the number; members who joined, or moved here, after the electorate was frozen are not on it.`,
    );
  }
  const member = await deps.store.getMember(entry.member);
  // Whether they have voted is not looked up: a desk that showed it would let an officer list who
  // has not voted, and add votes for them. Recording finds out, and its refusal says so.
  const hidden = privateElectorateNote(desk.process);
  // In a contest for members who self-identify the desk is not told: a look-up by number would otherwise say who does.
  if (hidden !== null) return { id: entry.member, name: member?.name ?? entry.member, eligible: null, reason: PRIVATE_DESK_WORDS };
  return { id: entry.member, name: member?.name ?? entry.member, eligible: entry.eligible, reason: entry.reason };
}

const isRefusal = (x: PaperVoteMember | Refusal): x is Refusal => 'status' in x;

/** Why no paper vote can be recorded for this member now, or null. */
function memberRefusal(desk: Desk, m: PaperVoteMember): Refusal | null {
  if (m.eligible === false) return refuse(403, nothingSaved(`${m.name} (${m.id}) cannot vote in ${desk.state.title}: ${m.reason}`));
  return null;
}

/** The rank boxes posted (the member, channel, blank and action fields are not candidates). */
function rankFields(form: FormFields): Record<string, string | readonly string[]> {
  return Object.fromEntries(Object.entries(form).filter(([k]) => k.startsWith(RANK_FIELD_PREFIX)));
}

/** The entry as posted, to show again. */
function entryOf(form: FormFields): PaperVoteEntry {
  const shown = paperVoteShownForm.parse(form);
  const channel = shown[PAPER_VOTE_FIELDS.channel];
  const ranks = Object.fromEntries(Object.entries(rankFields(form)).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return { ...(channel !== undefined ? { channel } : {}), blank: shown[PAPER_VOTE_FIELDS.blank] === 'yes', ranks };
}

interface PaperEntry {
  readonly channel: OfflineChannel;
  readonly ranking: readonly string[];
}

/** The channel and the ranking from the form, or every problem by field. */
function readEntry(form: FormFields, desk: Desk): Result<PaperEntry, FieldErrors> {
  const read = paperVoteEntryForm.safeParse(form);
  const errors: Record<string, string> = read.success ? {} : fieldErrors(read.error);
  const ranks = rankFields(form);
  let ranking: readonly string[] = [];
  if (paperVoteShownForm.parse(form)[PAPER_VOTE_FIELDS.blank] === 'yes') {
    if (Object.values(ranks).some((v) => typeof v !== 'string' || v.trim() !== '')) {
      errors[PAPER_VOTE_FIELDS.blank] = 'You ticked that the paper has no preference marked, but also entered ranks: clear the ranks, or untick the box.';
    }
  } else {
    const parsed = parseRankingForm(ranks, desk.candidates);
    if (!parsed.ok) {
      if (parsed.error.code === 'empty-ballot')
        errors[PAPER_VOTE_FIELDS.blank] = 'Enter the ranks from the paper, or tick this box if the paper has no preference marked.';
      else Object.assign(errors, parsed.error.fields);
    } else ranking = parsed.value;
  }
  if (!read.success || Object.keys(errors).length > 0) return { ok: false, error: errors };
  return ok({ channel: read.data[PAPER_VOTE_FIELDS.channel], ranking });
}

function deskPage(
  c: Ctx,
  desk: Desk,
  extra: {
    lookup?: { value: string; error?: string };
    member?: PaperVoteMember;
    entry?: PaperVoteEntry;
    errors?: FieldErrors;
    encrypted?: EncryptedPaperContext;
  },
  status: 200 | 400 | 404 | 409 = 200,
): Response {
  return page(c, paperVoteDeskPage({ ballot: desk.ballot, candidates: desk.candidates, ...extra }, viewContext(c)), status);
}

const desk: Handler = async (c, deps) => {
  const d = await openDesk(c, deps, c.get('who')!);
  if (d instanceof Response) return d;
  const asked = c.req.query(PAPER_VOTE_FIELDS.member);
  if (asked === undefined) return deskPage(c, d, {});
  const found = await findMember(deps, d, asked);
  if (isRefusal(found)) return deskPage(c, d, { lookup: { value: asked, error: found.message } }, found.status === 404 ? 404 : 400);
  if (!d.encrypted || found.eligible === false) return deskPage(c, d, { lookup: { value: found.id }, member: found });
  // The page encrypts the vote under the member's own public credential, which only the authority's register names.
  const context = await paperBallotContextOf(deps.store, d.process, d.state, found.id as MemberId);
  if (!context.ok)
    return deskPage(c, d, { lookup: { value: found.id, error: `${context.error.message} Nothing can be recorded for ${found.name} yet.` } }, 409);
  const { electionId, electionKey, candidates, credential } = context.value;
  const numbers = Object.fromEntries(candidates.map((cand, i) => [cand.id, i]));
  return deskPage(c, d, {
    lookup: { value: found.id },
    member: found,
    encrypted: { electionId, electionKey, candidates: candidates.length, numbers, credential },
  });
};

/** The checks both POSTs make before reading the vote: the desk, then the member named in the form. */
async function postedMember(c: Ctx, deps: AppDeps, encrypted = false): Promise<{ desk: Desk; member: PaperVoteMember } | Response> {
  const d = await openDesk(c, deps, c.get('who')!);
  if (d instanceof Response) return d;
  // A ranking posted in plain must never reach the server in an encrypted ballot, and a plain ballot has no key to encrypt under.
  if (d.encrypted !== encrypted)
    return errorResponse(
      c,
      409,
      encrypted
        ? `${d.state.title}'s votes are not encrypted, so its paper votes are entered as they are written. Nothing was saved.`
        : `${d.state.title}'s votes are encrypted: a paper vote must be encrypted under the member's credential on your own device, on the paper-vote page with JavaScript on, before it reaches Hustings; a ranking sent as it is written cannot be recorded. Nothing was saved.`,
      { href: paths.paperVotes(d.process.id), text: 'Back to paper votes' },
    );
  const form = c.get('form');
  const given = paperVoteMemberForm.safeParse(form);
  const back = { href: paths.paperVotes(d.process.id), text: 'Back to paper votes' };
  if (!given.success) return errorResponse(c, 400, nothingSaved(firstProblem(given.error)), back);
  const found = await findMember(deps, d, given.data[PAPER_VOTE_FIELDS.member]);
  if (isRefusal(found)) return errorResponse(c, found.status, nothingSaved(found.message), back);
  const refused = memberRefusal(d, found);
  if (refused) return errorResponse(c, refused.status, refused.message, back);
  return { desk: d, member: found };
}

const review: Handler = async (c, deps) => {
  const at = await postedMember(c, deps);
  if (at instanceof Response) return at;
  const { desk: d, member } = at;
  const form = c.get('form');
  const read = readEntry(form, d);
  if (!read.ok) return deskPage(c, d, { lookup: { value: member.id }, member, entry: entryOf(form), errors: read.error }, 400);
  return page(
    c,
    paperVoteReviewPage(
      {
        ballot: { process: d.process.id, title: d.state.title },
        member: { id: member.id, name: member.name },
        channel: read.value.channel,
        ...reviewedRanking(d.candidates, read.value.ranking),
      },
      viewContext(c),
    ),
  );
};

const record: Handler = async (c, deps) => {
  const who = c.get('who')!;
  const at = await postedMember(c, deps);
  if (at instanceof Response) return at;
  const { desk: d, member } = at;
  const form = c.get('form');
  const action = paperVoteShownForm.parse(form)[PAPER_VOTE_FIELDS.action];
  if (action !== 'record' && action !== 'change') {
    return errorResponse(c, 400, 'The vote was sent without saying whether to record it or change it, so nothing was saved. Go back and review it again.', {
      href: paths.paperVotes(d.process.id),
      text: 'Back to paper votes',
    });
  }
  const read = readEntry(form, d);
  if (!read.ok) return deskPage(c, d, { lookup: { value: member.id }, member, entry: entryOf(form), errors: read.error }, 400);
  if (action === 'change') {
    const entry: PaperVoteEntry = { channel: read.value.channel, blank: read.value.ranking.length === 0, ranks: rankingToFields(read.value.ranking) };
    return deskPage(c, d, { lookup: { value: member.id }, member, entry });
  }
  const recorded = await recordPaperVote(deps.store, deps.clock, {
    process: d.process,
    member: member.id as MemberId,
    channel: read.value.channel,
    ranking: read.value.ranking,
    actor: who.member.id,
  });
  return recordedResponse(c, d, member, read.value.channel, recorded);
};

/** What an encrypted paper ballot's refusal says, by reason: the officer can only encrypt it again. */
const ENCRYPTED_REFUSAL_WORDS: Readonly<Record<string, (m: PaperVoteMember) => string>> = {
  'not-json': () => 'What was sent is not an encrypted paper vote. Find the member again and enter the vote again.',
  'paper-ballot-credential': (m) =>
    `The encrypted vote was not made under ${m.name}’s credential, so it cannot spend it. Find the member again and enter the vote again.`,
  'paper-ballot-channel': () => 'The encrypted vote says it was made another way than the one chosen. Find the member again and enter the vote again.',
  'paper-ballot-encoding': () => 'What was sent is not an encrypted paper vote of this ballot paper. Find the member again and enter the vote again.',
  'paper-ballot-proof': () => 'The encrypted vote could not be checked against this ballot. Find the member again and enter the vote again.',
};

/** The answer to a recording: the tracker code for the voter, or the refusal in words. */
function recordedResponse(c: Ctx, d: Desk, member: PaperVoteMember, channel: OfflineChannel, recorded: AppResult<PaperVoteRecorded>): Response {
  if (!recorded.ok) {
    const { reason } = recorded.error;
    // The channel of a first vote is the voter's business and the audit log's, not this page's.
    const message =
      reason === 'already-voted'
        ? `${member.name} (${member.id}) has already voted in ${d.state.title}; each member votes once, so this paper vote was not recorded.`
        : reason === 'tracker-taken'
          ? 'The tracker code drawn for this vote was already in use (this is very rare), so the vote was not recorded. Review it and record it again.'
          : reason === 'not-eligible' && privateElectorateNote(d.process) !== null
            ? `This paper cannot be counted: ${member.name} may not vote in ${d.state.title}.`
            : (ENCRYPTED_REFUSAL_WORDS[reason]?.(member) ?? recorded.error.message);
    return errorResponse(c, httpStatusOf(recorded.error), nothingSaved(message), {
      href: paths.paperVotes(d.process.id),
      text: 'Back to paper votes',
    });
  }
  return page(
    c,
    paperVoteRecordedPage(
      {
        ballot: { process: d.process.id, title: d.state.title, closes: d.state.timetable.ballotCloses },
        channel,
        tracker: recorded.value.tracker,
        memberTold: recorded.value.memberTold,
      },
      viewContext(c),
    ),
  );
}

/** An encrypted ballot's paper vote: the member, the channel and the paper ballot's JSON, never a ranking. */
const recordEncrypted: Handler = async (c, deps) => {
  const who = c.get('who')!;
  const at = await postedMember(c, deps, true);
  if (at instanceof Response) return at;
  const { desk: d, member } = at;
  const form = c.get('form');
  const back = { href: paths.paperVotes(d.process.id), text: 'Back to paper votes' };
  const channel = form[PAPER_VOTE_FIELDS.channel];
  if (typeof channel !== 'string' || !isPaperChannel(channel))
    return errorResponse(c, 400, 'The vote was sent without saying how it was made (by post, or in person). Enter it again. Nothing was saved.', back);
  const text = form[PAPER_BALLOT_FIELD];
  if (typeof text !== 'string' || text.trim() === '')
    return errorResponse(
      c,
      400,
      'No encrypted vote was sent. In an encrypted ballot the page encrypts the vote on your device, which needs JavaScript: turn it on and enter the vote again. Nothing was saved.',
      back,
    );
  const recorded = await recordPaperVote(deps.store, deps.clock, {
    process: d.process,
    member: member.id as MemberId,
    channel,
    ranking: [],
    encrypted: text,
    actor: who.member.id,
  });
  return recordedResponse(c, d, member, channel, recorded);
};

export const paperVoteHandlers: Readonly<Record<string, Handler>> = {
  'paper-votes': desk,
  'paper-votes.review': review,
  'paper-votes.record': record,
  'paper-votes.encrypted': recordEncrypted,
};
