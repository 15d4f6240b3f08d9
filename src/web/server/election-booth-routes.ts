/**
 * The booth of an election of several contests: one page with every contest the member may vote in,
 * one review, one cast. Each contest is still its own ballot: the same per-resource check as the
 * single booth (findBooth), the same ranking rules (boothRanking), and the same cast use case, so
 * one credential per contest and one tracker code per contest. Every contest's ballot is checked
 * before any is cast; a cast refused after others succeeded is reported contest by contest.
 * Nothing here logs or keeps a choice: the codes are in the response only.
 */
import { castBallot, OUTSIDE_WINDOW } from '../../app/cast-ballot.js';
import { isBallotProcess, type BallotDocument } from '../../app/ballot-paper.js';
import { contestsOf } from '../../app/open-process.js';
import { closingIn, outsideWindowIn } from '../presenters/member-words.js';
import { wordsIn, type Words } from '../../app/language/index.js';
import type { MemberId } from '../../domain/ids.js';
import { boothReview, boothView, tooManyMarks, type Booth } from '../presenters/booth.js';
import { parseBlankChoice, parseBoothAction, parseLaterChoice } from './forms/ranking.js';
import { repeatable } from './forms/fields.js';
import {
  contestFieldPrefix,
  ELECTION_CONTESTS_FIELD,
  electionBoothPage,
  electionCastPage,
  electionReviewPage,
  type ContestNotOffered,
  type ElectionBoothSection,
} from '../views/election-booth.js';
import { paths } from '../views/paths.js';
import type { Handler } from './app.js';
import { errorResponse, page, param, requestLanguage, viewContext, type AppDeps, type Ctx } from './http.js';
import { alreadyVotedSentence, findBooth } from './booth-access.js';
import { boothRanking, rankFieldsOf } from './member-routes.js';

/** The election's title and its contests' ballots in the election's order; null when no contest has this election id. */
async function electionOf(deps: AppDeps, election: string): Promise<{ title: string; contests: BallotDocument[] } | null> {
  const contests = await contestsOf(deps, election);
  const first = contests[0]?.state.contest;
  if (first === undefined) return null;
  const docs: BallotDocument[] = [];
  for (const p of contests) {
    const doc = await deps.store.processDocument(p.id);
    if (doc && isBallotProcess(doc)) docs.push(doc);
  }
  return { title: first.electionTitle, contests: docs };
}

/** The contests offered to the member (open, eligible, not voted), and every other contest with why not. */
async function offer(
  deps: AppDeps,
  contests: readonly BallotDocument[],
  member: MemberId,
  w: Words,
): Promise<{ booths: Booth[]; notOffered: ContestNotOffered[] }> {
  const booths: Booth[] = [];
  const notOffered: ContestNotOffered[] = [];
  for (const proc of contests) {
    const found = await findBooth(deps, proc, member, true, w);
    if ('status' in found) notOffered.push({ title: proc.state.title, reason: found.reason });
    else booths.push(found);
  }
  return { booths, notOffered };
}

/** One contest's fields from the one form, with the contest's prefix taken off (so the single booth's parsers read them). */
function contestFields(form: Readonly<Record<string, unknown>>, processId: string): Record<string, unknown> {
  const prefix = contestFieldPrefix(processId);
  return Object.fromEntries(Object.entries(form).flatMap(([k, v]) => (k.startsWith(prefix) ? [[k.slice(prefix.length), v]] : [])));
}

/** A section as the member filled it in, with any problem beside it. */
function sectionOf(b: Booth, fields: Readonly<Record<string, unknown>>, w: Words, errors?: Readonly<Record<string, string>>): ElectionBoothSection {
  const values = Object.fromEntries(Object.entries(rankFieldsOf(fields)).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return { ...boothView(b, { values, ...(errors ? { errors } : {}) }, w), blank: parseBlankChoice(fields), later: parseLaterChoice(fields) };
}

/**
 * Every contest's ballot to cast (the ranking beside its booth) and those left for now, or the sections
 * with their problems when any contest's ballot is refused.
 */
function readBallots(
  form: Readonly<Record<string, unknown>>,
  booths: readonly Booth[],
  w: Words,
): { ok: true; cast: { booth: Booth; ranking: readonly string[] }[]; later: Booth[] } | { ok: false; sections: ElectionBoothSection[] } {
  const cast: { booth: Booth; ranking: readonly string[] }[] = [];
  const later: Booth[] = [];
  const sections: ElectionBoothSection[] = [];
  let refused = false;
  for (const b of booths) {
    const fields = contestFields(form, b.process.id);
    if (parseLaterChoice(fields)) {
      const numbered = Object.values(rankFieldsOf(fields)).some((v) => typeof v === 'string' && v.trim() !== '');
      if (numbered || parseBlankChoice(fields)) refused = true;
      else later.push(b);
      sections.push(sectionOf(b, fields, w, numbered || parseBlankChoice(fields) ? { '': w.t('election.laterAndRanked') } : undefined));
      continue;
    }
    const parsed = boothRanking(fields, b, w);
    const excess = parsed.ok ? tooManyMarks(b, parsed.value, w) : null;
    const errors = !parsed.ok ? parsed.error.fields : excess !== null ? { '': excess } : undefined;
    if (errors) refused = true;
    else if (parsed.ok) cast.push({ booth: b, ranking: parsed.value });
    sections.push(sectionOf(b, fields, w, errors));
  }
  if (!refused && cast.length === 0 && sections.length > 0) {
    sections[0] = { ...sections[0]!, errors: { '': w.t('election.allLater') } };
    return { ok: false, sections };
  }
  return refused ? { ok: false, sections } : { ok: true, cast, later };
}

/** The member's words for this request. */
const wordsOf = (c: Ctx): Words => wordsIn(requestLanguage(c));

const NO_ELECTION = (c: Ctx, election: string) =>
  errorResponse(c, 404, wordsOf(c).t('refuse.noElection', { id: election }), { href: paths.ballots, text: wordsOf(c).t('booth.backToBallots') });

const electionBooth: Handler = async (c, deps) => {
  const election = param(c, 'election');
  const found = await electionOf(deps, election);
  if (!found) return NO_ELECTION(c, election);
  const w = wordsOf(c);
  const { booths, notOffered } = await offer(deps, found.contests, c.get('who')!.member.id, w);
  return page(c, electionBoothPage({ election, title: found.title, sections: booths.map((b) => boothView(b, {}, w)), notOffered }, viewContext(c)));
};

const electionReview: Handler = async (c, deps) => {
  const election = param(c, 'election');
  const found = await electionOf(deps, election);
  if (!found) return NO_ELECTION(c, election);
  const w = wordsOf(c);
  const { booths, notOffered } = await offer(deps, found.contests, c.get('who')!.member.id, w);
  const read = readBallots(c.get('form'), booths, w);
  const view = { election, title: found.title };
  if (!read.ok || booths.length === 0) return page(c, electionBoothPage({ ...view, sections: read.ok ? [] : read.sections, notOffered }, viewContext(c)), 400);
  const contests = read.cast.map(({ booth, ranking }) => ({ ...boothReview(booth, ranking), title: booth.state.title }));
  const later = read.later.map((b) => ({ process: b.process.id, title: b.state.title, closing: boothView(b, undefined, w).closing }));
  return page(c, electionReviewPage({ ...view, contests, later }, viewContext(c)));
};

/** Why a contest's cast was refused, in words, for the confirmation's "not recorded" list. */
async function castRefusal(deps: AppDeps, b: Booth, member: MemberId, error: { reason: string; message: string }, w: Words): Promise<string> {
  if (error.reason === OUTSIDE_WINDOW) return `${outsideWindowIn(w, b.state, deps.clock.now()) ?? error.message}.`;
  if (error.reason === 'already-voted') return alreadyVotedSentence(deps, b.process, member, w);
  if (error.reason === 'closed') return `${w.t('booth.closedMoment', { moment: closingIn(w, b.state) })}.`;
  return error.message;
}

const electionCast: Handler = async (c, deps) => {
  const election = param(c, 'election');
  const member = c.get('who')!.member.id;
  const w = wordsOf(c);
  const found = await electionOf(deps, election);
  if (!found) return NO_ELECTION(c, election);
  const form = c.get('form');
  const action = parseBoothAction(form);
  const sent = repeatable.safeParse(form[ELECTION_CONTESTS_FIELD]);
  const chosen = sent.success ? found.contests.filter((p) => sent.data.includes(p.id)) : [];
  if (action === null || !sent.success || chosen.length === 0 || chosen.length !== new Set(sent.data).size)
    return errorResponse(
      c,
      400,
      'The ballots were sent without saying which contests to cast, or whether to cast or change them; nothing was saved. Go back to the booth and review your ballots again.',
      { href: paths.electionBooth(election), text: 'Back to the booth' },
    );
  const view = { election, title: found.title };

  if (action === 'change') {
    const { booths, notOffered } = await offer(deps, found.contests, member, w);
    const sections = booths.map((b) => sectionOf(b, contestFields(form, b.process.id), w));
    return page(c, electionBoothPage({ ...view, sections, notOffered }, viewContext(c)));
  }

  // Each chosen contest checked again (it may have closed since the review); the cast itself checks "not yet voted".
  const booths: Booth[] = [];
  const notRecorded: { title: string; reason: string }[] = [];
  for (const proc of found.contests.filter((p) => chosen.includes(p))) {
    const b = await findBooth(deps, proc, member, false, w);
    if ('status' in b) notRecorded.push({ title: proc.state.title, reason: b.reason });
    else booths.push(b);
  }
  // Every ballot is read before any is cast: one refused brings the booth back and casts nothing.
  const read = readBallots(form, booths, w);
  if (!read.ok) return page(c, electionBoothPage({ ...view, sections: read.sections, notOffered: notRecorded }, viewContext(c)), 400);

  const recorded: { process: string; title: string; tracker: string }[] = [];
  for (const { booth: b, ranking } of read.cast) {
    const result = await castBallot(deps.store, deps.clock, b.process, b.state, member, ranking);
    if (result.ok) recorded.push({ process: b.process.id, title: b.state.title, tracker: result.value.tracker });
    else notRecorded.push({ title: b.state.title, reason: w.t('election.nothingSavedFor', { why: await castRefusal(deps, b, member, result.error, w) }) });
  }
  // What the member left for now (or was not offered at the review) is still theirs to vote in.
  const stillOpen = (await offer(deps, found.contests, member, w)).booths.map((b) => b.state.title);
  return page(c, electionCastPage({ ...view, recorded, notRecorded, stillOpen }, viewContext(c)), recorded.length > 0 ? 200 : 409);
};

export const electionBoothHandlers: Readonly<Record<string, Handler>> = {
  'election-booth': electionBooth,
  'election-booth.review': electionReview,
  'election-booth.cast': electionCast,
};
