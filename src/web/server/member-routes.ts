/**
 * A member's pages: the ballots open to them, their eligibility and its
 * reason, how they self-identify (their own record, for reserved contests),
 * and the booth (rank → review → cast → tracker code).
 *
 * The booth admits a member only to an open ballot whose frozen electorate
 * holds them as eligible; casting is the store's one atomic step (marked as
 * voted and ballot stored, or neither), and the tracker code is shown once:
 * the response to the cast itself, never stored with the member.
 */
import { alreadyVotedText } from '../../app/vote-notices.js';
import { outsideVotingWindow } from '../../domain/processes/index.js';
import { closingIn, outsideWindowIn } from '../presenters/member-words.js';
import type { MemberId } from '../../domain/ids.js';
import { ok, type Result } from '../../domain/result.js';
import { boothConfirmationPage, boothPage, boothReviewPage, RANK_FIELD_PREFIX, rankingToFields } from '../views/booth.js';
import { parseBlankChoice, parseBoothAction, parseRankingForm } from './forms/ranking.js';
import { myBallotsPage, myEligibilityPage } from '../views/member.js';
import { myBallotsView, myEligibilityView, selfIdentificationView, type EligibilityBallot, type MemberBallot } from '../presenters/member.js';
import { SELF_IDENTIFIED_FIELD, selfIdentificationPage } from '../views/self-identification.js';
import { declareSelfIdentification, isSelfIdentified } from '../../app/self-identification.js';
import { repeatable } from './forms/fields.js';
import { paths } from '../views/paths.js';
import { boothReview, boothView, tooManyMarks, type Booth } from '../presenters/booth.js';
import type { Handler } from './app.js';
import { done, errorResponse, page, requestLanguage, viewContext, type AppDeps, type Ctx } from './http.js';
import { wordsIn, type Words } from '../../app/language/index.js';
import { emptyForm } from '../views/context.js';
import { mayViewResults } from './permissions.js';
import { ballotState, isBallotProcess, type BallotDocument } from '../../app/ballot-paper.js';
import { electorateEntry } from '../../app/electorate-entry.js';
import { rulebookFor } from '../../app/rulebook-of.js';
import { castBallot, OUTSIDE_WINDOW } from '../../app/cast-ballot.js';
import { contestsOf } from '../../app/open-process.js';
import { httpStatusOf } from './http-status.js';
import { encryptedBoothResponse } from './encrypted-booth-routes.js';
import { alreadyVotedSentence, backToBallots, openBooth } from './booth-access.js';

/** The member's words for this request. */
const wordsOf = (c: Ctx): Words => wordsIn(requestLanguage(c));

/** Every unit's name by id: one read for a page that names many processes' constituencies. */
async function unitNames(deps: AppDeps): Promise<Map<string, string>> {
  return new Map((await deps.store.listUnits()).map((u) => [u.id, u.name]));
}

const myBallots: Handler = async (c, deps) => {
  const who = c.get('who')!;
  const votes = new Map((await deps.store.votesOf(who.member.id)).map((v) => [v.process as string, v]));
  const units = await unitNames(deps);
  const ballots: MemberBallot[] = [];
  for (const p of await deps.store.processDocuments()) {
    if (!isBallotProcess(p)) continue;
    const vote = votes.get(p.id);
    const entry = await electorateEntry(deps.store, p, who.member.id);
    const paperWhileOpen = vote !== undefined && vote.channel !== 'online' && ballotState(p).phase === 'ballot-open';
    ballots.push({
      process: p,
      eligible: entry?.eligible === true,
      vote,
      ...(paperWhileOpen ? { notYours: await alreadyVotedText(deps.store, p, vote, wordsOf(c)) } : {}),
      unit: p.constituency === null ? wordsOf(c).t('ballots.wholeParty') : (units.get(p.constituency) ?? p.constituency),
      resultsShown: mayViewResults(who, p),
    });
  }
  return page(c, myBallotsPage(myBallotsView(ballots, deps.clock.now(), deps.config.timeZone, wordsOf(c)), viewContext(c)));
};

const myEligibility: Handler = async (c, deps) => {
  const who = c.get('who')!;
  const units = await deps.store.listUnits();
  const ballots: EligibilityBallot[] = [];
  for (const p of await deps.store.processDocuments()) {
    if (!isBallotProcess(p)) continue;
    const frozen = Boolean(ballotState(p).electorate);
    ballots.push({ process: p, entry: frozen ? await electorateEntry(deps.store, p, who.member.id) : null, rulebook: await rulebookFor(deps.store, p) });
  }
  const branch = units.find((u) => u.id === who.member.branch) ?? null;
  // The region (or nation) the member's branch lies in judges contests for one region.
  const constituency = units.find((u) => u.id === branch?.parent);
  const region = units.find((u) => u.kind === 'region' && u.id === constituency?.parent)?.name ?? null;
  const names = new Map(units.map((u) => [u.id, u.name]));
  return page(c, myEligibilityPage(myEligibilityView(who.member, branch, ballots, names, region, wordsOf(c)), viewContext(c)));
};

const selfIdentification: Handler = async (c) => {
  return page(c, selfIdentificationPage(selfIdentificationView(c.get('who')!.member, emptyForm, undefined, wordsOf(c)), viewContext(c)));
};

/** The member's own record only: the form names no member, so no member can change another's. */
const saveSelfIdentification: Handler = async (c, deps) => {
  const who = c.get('who')!;
  const sent = repeatable.parse(c.get('form')[SELF_IDENTIFIED_FIELD]);
  const result = await declareSelfIdentification(deps.store, deps.clock, who.member.id, sent);
  if (!result.ok) {
    if (result.error.code !== 'malformed') return errorResponse(c, httpStatusOf(result.error), result.error.message);
    const form = { values: {}, errors: { [SELF_IDENTIFIED_FIELD]: `${result.error.message} Nothing was saved.` } };
    return page(c, selfIdentificationPage(selfIdentificationView(who.member, form, sent.filter(isSelfIdentified), wordsOf(c)), viewContext(c)), 400);
  }
  const message = wordsOf(c).t(result.value.changed ? 'self.saved' : 'self.unchanged');
  return done(c, deps.config, paths.selfIdentification, message);
};

/** The refusal of a second vote: how and on which day the first was recorded, never only "already voted". */
async function alreadyVoted(c: Ctx, deps: AppDeps, proc: BallotDocument, member: MemberId): Promise<Response> {
  const w = wordsOf(c);
  return errorResponse(c, 409, w.t('error.nothingSaved', { why: await alreadyVotedSentence(deps, proc, member, w) }), backToBallots(w));
}

/** A vote outside the ballot's voting window: the refusal in words (when it closed, or when it opens). */
const notNow = (c: Ctx, why: string): Response => errorResponse(c, 409, wordsOf(c).t('error.nothingSaved', { why: `${why}.` }), backToBallots(wordsOf(c)));

/** The booth again, saying the ballot marks more candidates than it may (see `maxMarksOf`), or null when it does not. */
function refuseTooManyMarks(c: Ctx, b: Booth, ranking: readonly string[]): Response | null {
  const excess = tooManyMarks(b, ranking, wordsOf(c));
  if (excess === null) return null;
  return page(c, boothPage(boothView(b, { values: rankingToFields(ranking), errors: { '': excess } }, wordsOf(c)), viewContext(c)), 400);
}

/** The posted rank boxes only (the CSRF field and the review buttons are not candidates). */
export function rankFieldsOf(form: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(form).filter(([k]) => k.startsWith(RANK_FIELD_PREFIX)));
}
const rankFields = (c: Ctx): Record<string, unknown> => rankFieldsOf(c.get('form'));

const booth: Handler = async (c, deps) => {
  const b = await openBooth(c, deps, c.get('who')!);
  if (b instanceof Response) return b;
  return (await encryptedBoothResponse(c, deps, b)) ?? page(c, boothPage(boothView(b, {}, wordsOf(c)), viewContext(c)));
};

/**
 * The ranking posted to the booth: the rank boxes, or a blank ballot when the voter chose one
 * (and ranked nobody). Left empty without that choice, the boxes are refused as before.
 */
export function boothRanking(
  form: Readonly<Record<string, unknown>>,
  b: Booth,
  w: Words = wordsIn('en-GB'),
): Result<readonly string[], { readonly fields: Readonly<Record<string, string>> }> {
  const parsed = parseRankingForm(rankFieldsOf(form), b.candidates, w);
  const refused = (message: string) => ({ ok: false as const, error: { fields: { '': message } } });
  if (!parseBlankChoice(form)) {
    if (parsed.ok || parsed.error.code !== 'empty-ballot') return parsed;
    return refused(w.t('booth.emptyBooth'));
  }
  return parsed.ok || parsed.error.code !== 'empty-ballot' ? refused(w.t('booth.blankAndRanked')) : ok([]);
}

/** The booth again with what the voter entered, and the problem beside it. */
function boothRefused(c: Ctx, b: Booth, errors: Readonly<Record<string, string>>): Response {
  const values = Object.fromEntries(Object.entries(rankFields(c)).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return page(c, boothPage(boothView(b, { values, errors }, wordsOf(c)), viewContext(c)), 400);
}

const review: Handler = async (c, deps) => {
  const b = await openBooth(c, deps, c.get('who')!);
  if (b instanceof Response) return b;
  const parsed = boothRanking(c.get('form'), b, wordsOf(c));
  if (!parsed.ok) return boothRefused(c, b, parsed.error.fields);
  const excess = refuseTooManyMarks(c, b, parsed.value);
  if (excess) return excess;
  return page(c, boothReviewPage(boothReview(b, parsed.value), viewContext(c)));
};

const cast: Handler = async (c, deps) => {
  const who = c.get('who')!;
  const b = await openBooth(c, deps, who, false);
  if (b instanceof Response) return b;
  const action = parseBoothAction(c.get('form'));
  if (action === null) return errorResponse(c, 400, wordsOf(c).t('booth.noAction'));
  const parsed = boothRanking(c.get('form'), b, wordsOf(c));
  if (!parsed.ok) return boothRefused(c, b, parsed.error.fields);
  const excess = refuseTooManyMarks(c, b, parsed.value);
  if (excess) return excess;
  if (action === 'change') {
    if (await deps.store.hasVoted(b.process.id, who.member.id)) return alreadyVoted(c, deps, b.process, who.member.id);
    return page(c, boothPage(boothView(b, { values: rankingToFields(parsed.value) }, wordsOf(c)), viewContext(c)));
  }

  const result = await castBallot(deps.store, deps.clock, b.process, b.state, who.member.id, parsed.value);
  if (!result.ok) {
    if (result.error.reason === OUTSIDE_WINDOW) return notNow(c, outsideWindowIn(wordsOf(c), b.state, deps.clock.now()) ?? result.error.message);
    if (result.error.reason === 'already-voted') return alreadyVoted(c, deps, b.process, who.member.id);
    if (result.error.reason === 'closed') return notNow(c, wordsOf(c).t('booth.closedMoment', { moment: closingIn(wordsOf(c), b.state) }));
    return errorResponse(c, httpStatusOf(result.error), wordsOf(c).t('error.nothingSaved', { why: result.error.message }), backToBallots(wordsOf(c)));
  }
  return page(
    c,
    boothConfirmationPage(
      {
        process: b.process.id,
        title: b.state.title,
        tracker: result.value.tracker,
        closes: b.state.timetable.ballotCloses,
        closing: wordsOf(c).t('booth.closesAt', { moment: closingIn(wordsOf(c), b.state) }),
        ...(await nextContest(deps, b.process, who.member.id)),
      },
      viewContext(c),
    ),
  );
};

/**
 * For a contest of an election of several: the next of its contests, in the election's order, whose
 * ballot is open and in which the member is eligible and has not voted, so the member goes from one
 * contest's booth to the next.
 */
async function nextContest(deps: AppDeps, proc: BallotDocument, member: MemberId): Promise<{ next?: { process: string; title: string } }> {
  const election = proc.kind === 'internal-election' ? proc.state.contest?.election : undefined;
  if (election === undefined) return {};
  for (const p of await contestsOf(deps, election)) {
    if (p.id === proc.id || p.state.phase !== 'ballot-open') continue;
    if (outsideVotingWindow(p.state, deps.clock.now()) !== null) continue;
    const doc = await deps.store.processDocument(p.id);
    if (!doc || !isBallotProcess(doc)) continue;
    if ((await electorateEntry(deps.store, doc, member))?.eligible !== true || (await deps.store.hasVoted(p.id, member))) continue;
    return { next: { process: p.id, title: p.state.title } };
  }
  return {};
}

export const memberHandlers: Readonly<Record<string, Handler>> = {
  ballots: myBallots,
  eligibility: myEligibility,
  'self-identification': selfIdentification,
  'self-identification.save': saveSelfIdentification,
  booth,
  'booth.review': review,
  'booth.cast': cast,
};
