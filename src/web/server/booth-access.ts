/**
 * Whether a member may use a ballot's booth now, asked alike by the plain booth (member-routes.ts), the
 * encrypted booth (encrypted-booth-routes.ts) and an election's booth of several contests
 * (election-booth-routes.ts); kept apart from their handlers so that none of those imports another.
 */
import { alreadyVotedText } from '../../app/vote-notices.js';
import { ballotState, isBallotProcess, methodOf, minWomenOf, seatsOf, standingPaper, type BallotDocument } from '../../app/ballot-paper.js';
import { electorateEntry } from '../../app/electorate-entry.js';
import { wordsIn, type Words } from '../../app/language/index.js';
import { rulebookFor } from '../../app/rulebook-of.js';
import type { MemberId, ProcessId } from '../../domain/ids.js';
import type { ProcessDocument } from '../../domain/processes/documents.js';
import { maxMarksOf, type Booth } from '../presenters/booth.js';
import { outsideWindowIn, paperRulesIn, votingSentenceIn } from '../presenters/member-words.js';
import { methodIn } from '../views/language.js';
import { paths } from '../views/paths.js';
import { rulebookText } from '../views/words.js';
import { errorResponse, param, requestLanguage, type AppDeps, type Ctx } from './http.js';
import type { Principal } from './permissions.js';

/** The constituency or body a ballot is for, in words (the member's, for a ballot of the whole party). */
async function unitName(deps: AppDeps, p: Pick<ProcessDocument, 'constituency'>, w: Words): Promise<string> {
  if (p.constituency === null) return w.t('ballots.wholeParty');
  return (await deps.store.getUnit(p.constituency))?.name ?? p.constituency;
}

/** How and on which day the member's vote was recorded, or that they have voted. */
export async function alreadyVotedSentence(deps: AppDeps, proc: BallotDocument, member: MemberId, w: Words = wordsIn('en-GB')): Promise<string> {
  const vote = await deps.store.voteOf(proc.id, member);
  return vote === null ? w.t('booth.alreadyVoted', { title: ballotState(proc).title }) : await alreadyVotedText(deps.store, proc, vote, w);
}

/** Why a member may not vote in a ballot now, with the HTTP status of the refusal and where to go instead. */
export interface BoothRefusal {
  readonly status: 403 | 404 | 409;
  /** The refusal as the booth's error page says it. */
  readonly message: string;
  /** The reason alone, as a sentence, for a list that already names the ballot (the election booth's). */
  readonly reason: string;
  readonly link: { readonly href: string; readonly text: string };
}
/** The link back to the member's ballots, under a refusal. */
export const backToBallots = (w: Words) => ({ href: paths.ballots, text: w.t('booth.backToBallots') });
const seeEligibility = (w: Words) => ({ href: paths.eligibility, text: w.t('booth.seeEligibility') });

/**
 * The per-resource check of every booth route: an open ballot, the member eligible on its frozen
 * electorate, not yet voted. Casting leaves the last to the cast itself, which checks it atomically
 * with storing the ballot; asking first as well would only cost a read. The election booth asks it
 * of each contest, and lists a refused contest with the refusal's reason.
 */
export async function findBooth(
  deps: AppDeps,
  proc: BallotDocument,
  member: MemberId,
  checkVoted = true,
  w: Words = wordsIn('en-GB'),
): Promise<Booth | BoothRefusal> {
  const state = ballotState(proc);
  const entry = await electorateEntry(deps.store, proc, member);
  if (!entry) {
    return {
      status: 403,
      message: w.t('booth.notOnElectorate', { title: state.title }),
      reason: w.t('booth.notOnElectorateShort'),
      link: seeEligibility(w),
    };
  }
  // The stored reason is English (src/domain/eligibility.ts); the member's eligibility page says it in their language.
  if (!entry.eligible)
    return { status: 403, message: w.t('booth.notEligible', { title: state.title, reason: entry.reason }), reason: entry.reason, link: seeEligibility(w) };
  if (state.phase !== 'ballot-open') {
    const when = votingSentenceIn(w, state, deps.clock.now(), deps.config.timeZone);
    return {
      status: 409,
      message: w.t('error.nothingSaved', { why: w.t('booth.notOpen', { title: state.title, when }) }),
      reason: w.t('booth.notOpenShort', { when }),
      link: backToBallots(w),
    };
  }
  const outside = outsideWindowIn(w, state, deps.clock.now());
  if (outside !== null) return { status: 409, message: w.t('error.nothingSaved', { why: `${outside}.` }), reason: `${outside}.`, link: backToBallots(w) };
  if (checkVoted && (await deps.store.hasVoted(proc.id, member))) {
    const voted = await alreadyVotedSentence(deps, proc, member, w);
    return { status: 409, message: w.t('error.nothingSaved', { why: voted }), reason: voted, link: backToBallots(w) };
  }
  const rb = await rulebookFor(deps.store, proc);
  const candidates = standingPaper(state, rb, { process: proc.id, voter: member }).map((x) => ({ id: x.id, name: x.name }));
  const maxMarks = rb ? maxMarksOf(methodOf(state, rb), seatsOf(state)) : null;
  return {
    process: proc,
    state,
    candidates,
    unit: await unitName(deps, proc, w),
    methodWords: rb ? methodIn(w, methodOf(state, rb)) : rulebookText(proc.rulebook),
    maxMarks,
    rules: paperRulesIn(w, { seats: seatsOf(state), minWomen: minWomenOf(state), maxMarks }),
  };
}

/** The booth of the ballot the route names, for this member, or the refusal as a response. */
export async function openBooth(c: Ctx, deps: AppDeps, who: Principal, checkVoted = true): Promise<Booth | Response> {
  const id = param(c, 'process') as ProcessId;
  const proc = await deps.store.processDocument(id);
  const w = wordsIn(requestLanguage(c));
  if (!proc || !isBallotProcess(proc)) return errorResponse(c, 404, w.t('booth.noBallot', { id }), backToBallots(w));
  const found = await findBooth(deps, proc, who.member.id, checkVoted, w);
  return 'status' in found ? errorResponse(c, found.status, found.message, found.link) : found;
}
