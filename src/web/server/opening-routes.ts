/**
 * Opening processes from the web: a trigger ballot on a constituency's sitting
 * representative (national officers), an open selection in a constituency (its
 * procedures secretary, or a national officer), and a national internal
 * election (national officers). Each runs through the same opening as the
 * command line (src/app/open-process.ts), so the process, its first event
 * and its audit entry are stored in one transaction, by the officer signed in.
 * Each runs under the organisation's rulebook in force (a selection that
 * follows a review, under the review's): the forms name it, and offer no choice.
 *
 * A form with a missing or malformed field is shown again with the problem
 * beside the field (400); a refusal by the rules or by the state of the
 * constituency (a review already under way) is shown at the top (409 or 422).
 * Either way nothing is stored.
 */
import type { Acting } from '../../app/acting.js';
import type { AppError } from '../../app/app-error.js';
import { openElection, openElectionContests, openSelectionIn, openTrigger, type ContestChoice, type ElectionChoice } from '../../app/open-process.js';
import { constituencyUnits, reviewUnderWay, seatCandidate, selectionUnderWay, triggerToFollow } from '../../app/processes-under-way.js';
import type { MemberId, UnitId } from '../../domain/ids.js';
import { openLeaderAndDeputy, openLeadershipElection } from '../../app/leadership.js';
import { triggerClosedBySelection, type Unit } from '../../domain/organisation.js';
import { defaultElectionTimetable, defaultSelectionTimetable, defaultTriggerCloses } from '../../domain/processes/index.js';
import type { Rulebook } from '../../domain/rulebook.js';
import { rulebookInForce } from '../../app/rulebook-in-force.js';
import { methodPhrase } from '../../domain/rulebook-words.js';
import { dateOf, type IsoDate } from '../../domain/time.js';
import type { FieldErrors, FormState } from '../views/context.js';
import {
  ELECTION_FIELDS,
  RULEBOOK_METHOD,
  SELECTION_FIELDS,
  TRIGGER_FIELDS,
  LEADERSHIP_FIELDS,
  contestSeatsField,
  openElectionPage,
  openLeadershipPage,
  openSelectionPage,
  openTriggerPage,
} from '../views/opening.js';
import { paths } from '../views/paths.js';
import { contestChoices, electionChoice, leadershipChoice, methodChoices, reviewChoice, selectionChoice, sentence } from '../presenters/opening.js';
import type { Handler } from './app.js';
import { parseForm } from './forms/fields.js';
import {
  electionForm as electionSchema,
  leadershipForm as leadershipSchema,
  selectionForm as selectionSchema,
  triggerForm as triggerSchema,
} from './forms/opening.js';
import { done, errorResponse, page, param, viewContext, type AppDeps, type Ctx } from './http.js';
import { mayOpenElection, mayOpenSelection, mayOpenTrigger } from './permissions.js';
import { rulebookFor } from '../../app/rulebook-of.js';
import type { BallotsChoice } from '../../app/encryption-choice.js';
import { ballotEncryptionOf } from '../../domain/rulebook.js';
import { ballotsChoiceOf, encryptionRefusalField } from './forms/encryption.js';
import { encryptedNextWords } from '../views/ballot-encryption.js';
import { isOfKind } from '../../app/load-process.js';
import { httpStatusOf, type RefusalStatus } from './http-status.js';
import { phaseText } from '../views/words.js';
import { dayText, numberText } from '../views/format.js';

const today = (deps: AppDeps): IsoDate => dateOf(deps.clock.now());

const IN_FORCE = 'the rulebook in force';

/** The organisation's rulebook in force, or the page saying it cannot be used (named at a version this Hustings does not bundle). */
async function inForce(c: Ctx, deps: AppDeps): Promise<Rulebook | Response> {
  const r = await rulebookInForce(deps.store);
  return r.ok ? r.value.rulebook : errorResponse(c, httpStatusOf(r.error), `${r.error.message} Nothing was saved.`);
}

/** The ballots an opening form chose, plain or encrypted, as the opening takes them (which refuses plain ones where the rulebook requires encryption). */
function encryptionOf(v: Parameters<typeof ballotsChoiceOf>[0]): { encryption: BallotsChoice } {
  return { encryption: ballotsChoiceOf(v) };
}

/** What an opening's success says of encrypted ballots chosen, and what comes next: nothing for plain ballots. */
function encryptedWords(v: Parameters<typeof ballotsChoiceOf>[0]): string {
  const choice = ballotsChoiceOf(v);
  if (choice === 'plain') return '';
  return ` Its ballots will be encrypted: ${encryptedNextWords(choice.threshold, choice.trustees.length)}`;
}

const acting = (c: Ctx, deps: AppDeps): Acting => ({ store: deps.store, clock: deps.clock, actor: c.get('who')!.member.id });

/** The constituency the path names, or the page saying there is none. */
async function constituencyOf(c: Ctx, deps: AppDeps): Promise<Unit | Response> {
  const id = param(c, 'unit') as UnitId;
  const unit = await deps.store.getUnit(id);
  if (unit?.kind !== 'constituency')
    return errorResponse(c, 404, `There is no constituency "${id}".`, { href: paths.constituencies, text: 'All constituencies' });
  return unit;
}

/** A refusal from the opening: the rules' or the constituency's, shown with the form at the status it calls for. */
function refusalOf(e: AppError): { status: RefusalStatus; message: string; code: string } {
  return { status: httpStatusOf(e), message: sentence(e.message.charAt(0).toUpperCase() + e.message.slice(1)), code: e.reason };
}

// ---- Trigger ballot --------------------------------------------------------------------------

interface TriggerScope {
  readonly unit: Unit;
  readonly incumbent: string;
}

/** The per-resource checks of both trigger routes: a national officer, a seat with a sitting representative, no review under way. */
async function triggerScope(c: Ctx, deps: AppDeps): Promise<TriggerScope | Response> {
  const who = c.get('who')!;
  if (!mayOpenTrigger(who))
    return errorResponse(c, 403, 'Trigger ballots are opened by the party’s national officers, not by a constituency’s officers. Nothing was saved.');
  const unit = await constituencyOf(c, deps);
  if (unit instanceof Response) return unit;
  const back = { href: paths.constituency(unit.id), text: `Back to ${unit.name}` };
  const incumbent = await deps.store.getIncumbent(unit.id);
  if (!incumbent)
    return errorResponse(
      c,
      409,
      `${unit.name} has no sitting representative on record, so there is nobody to review. An open seat goes straight to a selection. Nothing was saved.`,
      back,
    );
  const replaced = triggerClosedBySelection(unit.name, incumbent, await seatCandidate(deps.store, unit.id));
  if (replaced) return errorResponse(c, 409, `${replaced}. Nothing was saved.`, back);
  const running = await reviewUnderWay(deps.store, unit.id);
  if (running)
    return errorResponse(
      c,
      409,
      `A review of ${incumbent.name} in ${unit.name} is already under way (${phaseText(running.kind, running.state.phase).toLowerCase()}). Nothing was saved.`,
      { href: paths.process(running.id), text: 'See the review under way' },
    );
  const selecting = await selectionUnderWay(deps.store, unit.id);
  if (selecting) {
    return errorResponse(
      c,
      409,
      `A selection in ${unit.name} is under way (${phaseText(selecting.kind, selecting.state.phase).toLowerCase()}); a review of ${incumbent.name} waits until it is declared. Nothing was saved.`,
      {
        href: paths.process(selecting.id),
        text: 'See the selection under way',
      },
    );
  }
  return { unit, incumbent: incumbent.name };
}

async function triggerPage(
  c: Ctx,
  deps: AppDeps,
  scope: TriggerScope,
  rulebook: Rulebook,
  form: FormState,
  status: 200 | 400 | RefusalStatus = 200,
): Promise<Response> {
  const units = await constituencyUnits(deps.store, scope.unit.id);
  const reviews = (await deps.store.processDocuments({ kind: 'trigger-ballot', constituency: scope.unit.id })).filter((p) => isOfKind(p, 'trigger-ballot'));
  const earlier = reviews.map((p) => ({
    process: p.id,
    text: `Review of ${p.state.incumbent.name}, opened ${dayText(p.state.opened)}: ${phaseText('trigger-ballot', p.state.phase)}`,
  }));
  const view = {
    constituency: { id: scope.unit.id, name: scope.unit.name },
    incumbent: scope.incumbent,
    units: { branches: units.filter((u) => u.class === 'branch').length, affiliates: units.filter((u) => u.class === 'affiliate').length },
    rulebook: { ...reviewChoice(rulebook), why: IN_FORCE },
    earlier,
    form,
  };
  return page(c, openTriggerPage(view, viewContext(c)), status);
}

const triggerForm: Handler = async (c, deps) => {
  const scope = await triggerScope(c, deps);
  if (scope instanceof Response) return scope;
  const rulebook = await inForce(c, deps);
  if (rulebook instanceof Response) return rulebook;
  const values = { [TRIGGER_FIELDS.closes]: defaultTriggerCloses(today(deps)) };
  return triggerPage(c, deps, scope, rulebook, { values, errors: {} });
};

const openTriggerBallot: Handler = async (c, deps) => {
  const scope = await triggerScope(c, deps);
  if (scope instanceof Response) return scope;
  const r = parseForm(triggerSchema(today(deps)), c.get('form'));
  const rulebook = await inForce(c, deps);
  if (rulebook instanceof Response) return rulebook;
  if (!r.ok) return triggerPage(c, deps, scope, rulebook, r.form, 400);
  const closes = r.value[TRIGGER_FIELDS.closes];
  const opened = await openTrigger(acting(c, deps), scope.unit, rulebook, closes);
  if (!opened.ok) {
    const refusal = refusalOf(opened.error);
    const field = refusal.code === 'timetable' ? TRIGGER_FIELDS.closes : '';
    return triggerPage(c, deps, scope, rulebook, { values: r.form.values, errors: { [field]: refusal.message } }, refusal.status);
  }
  const proc = opened.value;
  const s = proc.state;
  const what =
    s.phase === 'exempt'
      ? `No ballot is held: ${s.exemption?.reason ?? 'the incumbent is exempt'}`
      : s.phase === 'triggered' || s.phase === 'readopted'
        ? `Decided at once: ${phaseText(proc.kind, s.phase).toLowerCase()}.`
        : s.mode === 'members-meeting'
          ? `A members’ meeting decides on readoption, by ${dayText(s.closes)}.`
          : `${numberText(s.units.length)} units may meet until ${dayText(s.closes)}.`;
  return done(c, deps.config, paths.process(proc.id), `Opened the review of ${s.incumbent.name} in ${scope.unit.name}, under ${rulebook.name}. ${what}`);
};

// ---- Selection --------------------------------------------------------------------------------

/** The per-resource checks of both selection routes: the constituency's procedures secretary or a national officer, no selection under way. */
async function selectionScope(c: Ctx, deps: AppDeps): Promise<Unit | Response> {
  const unit = await constituencyOf(c, deps);
  if (unit instanceof Response) return unit;
  if (!mayOpenSelection(c.get('who')!, unit.id))
    return errorResponse(c, 403, `You are not the procedures secretary of ${unit.name}, so you cannot open its selection. Nothing was saved.`);
  const running = await selectionUnderWay(deps.store, unit.id);
  if (running) {
    return errorResponse(
      c,
      409,
      `A selection in ${unit.name} is already under way (${running.state.title}: ${phaseText(running.kind, running.state.phase).toLowerCase()}); a constituency runs one at a time. Nothing was saved.`,
      {
        href: paths.process(running.id),
        text: 'See the selection under way',
      },
    );
  }
  const review = await reviewUnderWay(deps.store, unit.id);
  if (review) {
    return errorResponse(
      c,
      409,
      `The review of ${review.state.incumbent.name} in ${unit.name} is under way; a selection waits for its outcome. Nothing was saved.`,
      {
        href: paths.process(review.id),
        text: 'See the review under way',
      },
    );
  }
  return unit;
}

/** The rulebook a selection in `unit` opens under: the review's it follows (the same rules throughout), else the rulebook in force. */
async function selectionRulebook(c: Ctx, deps: AppDeps, unit: Unit): Promise<{ rulebook: Rulebook; why: string } | Response> {
  const follows = await triggerToFollow(deps.store, unit.id);
  const followed = follows ? await rulebookFor(deps.store, follows) : null;
  if (followed) return { rulebook: followed, why: 'the rules of the review it follows' };
  const rulebook = await inForce(c, deps);
  return rulebook instanceof Response ? rulebook : { rulebook, why: IN_FORCE };
}

async function selectionPage(
  c: Ctx,
  deps: AppDeps,
  unit: Unit,
  under: { rulebook: Rulebook; why: string },
  form: FormState,
  status: 200 | 400 | RefusalStatus = 200,
): Promise<Response> {
  const follows = await triggerToFollow(deps.store, unit.id);
  const view = {
    constituency: { id: unit.id, name: unit.name },
    units: (await constituencyUnits(deps.store, unit.id)).length,
    ...(follows ? { follows: { process: follows.id, incumbent: follows.state.incumbent.name } } : {}),
    rulebook: { ...selectionChoice(under.rulebook), why: under.why },
    encryption: ballotEncryptionOf(under.rulebook),
    form,
  };
  return page(c, openSelectionPage(view, viewContext(c)), status);
}

const selectionForm: Handler = async (c, deps) => {
  const unit = await selectionScope(c, deps);
  if (unit instanceof Response) return unit;
  const under = await selectionRulebook(c, deps, unit);
  if (under instanceof Response) return under;
  const t = defaultSelectionTimetable(today(deps));
  const f = SELECTION_FIELDS;
  const values = {
    [f.title]: `Selection for ${unit.name}`,
    [f.applicationsClose]: t.applicationsClose,
    [f.nominationsClose]: t.nominationsClose,
    [f.freezeDate]: t.freezeDate,
    [f.ballotOpens]: t.ballotOpens,
    [f.ballotCloses]: t.ballotCloses,
  };
  return selectionPage(c, deps, unit, under, { values, errors: {} });
};

const openSelection: Handler = async (c, deps) => {
  const unit = await selectionScope(c, deps);
  if (unit instanceof Response) return unit;
  const f = SELECTION_FIELDS;
  const r = parseForm(selectionSchema(today(deps)), c.get('form'));
  const under = await selectionRulebook(c, deps, unit);
  if (under instanceof Response) return under;
  if (!r.ok) return selectionPage(c, deps, unit, under, r.form, 400);
  const v = r.value;
  const opened = await openSelectionIn(acting(c, deps), unit, under.rulebook, {
    title: v[f.title],
    allWomenShortlist: v[f.allWomen],
    timetable: {
      applicationsClose: v[f.applicationsClose],
      nominationsClose: v[f.nominationsClose],
      freezeDate: v[f.freezeDate],
      ballotOpens: v[f.ballotOpens],
      ballotCloses: v[f.ballotCloses],
    },
    ...encryptionOf(v),
  });
  if (!opened.ok) {
    const refusal = refusalOf(opened.error);
    const field = refusal.code === 'gender-rule' ? f.allWomen : (encryptionRefusalField(refusal.code) ?? '');
    return selectionPage(c, deps, unit, under, { values: r.form.values, errors: { [field]: refusal.message } }, refusal.status);
  }
  const { process: proc, follows } = opened.value;
  const s = proc.state;
  const after = follows ? ` It follows the trigger ballot: ${s.incumbent?.name ?? 'the incumbent'} stands as the sitting representative.` : '';
  return done(
    c,
    deps.config,
    paths.process(proc.id),
    `Opened ${s.title}, under ${under.rulebook.name}${s.allWomenShortlist ? ', with an all-women shortlist' : ''}. Applications close on ${dayText(s.timetable.applicationsClose)}.${after}${encryptedWords(v)}`,
  );
};

// ---- Internal election -------------------------------------------------------------------------

/** A national election's timetable fields as the forms start: the default timetable from today. */
function electionTimetableValues(deps: AppDeps): Record<string, string> {
  const t = defaultElectionTimetable(today(deps));
  const f = ELECTION_FIELDS;
  return { [f.nominationsClose]: t.nominationsClose, [f.freezeDate]: t.freezeDate, [f.ballotOpens]: t.ballotOpens, [f.ballotCloses]: t.ballotCloses };
}

/** Where the opening's refusal of a chosen seats, method or minimum belongs in the form. */
const CHOICE_REFUSALS: Readonly<Record<string, string>> = {
  'method-seats': ELECTION_FIELDS.method,
  'method-minimum': ELECTION_FIELDS.minWomen,
  'minimum-seats': ELECTION_FIELDS.minWomen,
};

function electionPage(c: Ctx, rulebook: Rulebook, form: FormState, status: 200 | 400 | 409 | RefusalStatus = 200): Response {
  const view = {
    rulebook: { ...electionChoice(rulebook), why: IN_FORCE },
    elects: rulebook.internalElection !== null,
    methods: methodChoices(),
    contests: contestChoices([rulebook]),
    encryption: ballotEncryptionOf(rulebook),
    form,
  };
  return page(c, openElectionPage(view, viewContext(c)), status);
}

const electionForm: Handler = async (c, deps) => {
  if (!mayOpenElection(c.get('who')!)) return errorResponse(c, 403, 'National internal elections are opened by national officers. Nothing was saved.');
  const rulebook = await inForce(c, deps);
  if (rulebook instanceof Response) return rulebook;
  return electionPage(c, rulebook, { values: { [ELECTION_FIELDS.title]: '', ...electionTimetableValues(deps) }, errors: {} });
};

const openInternalElection: Handler = async (c, deps) => {
  if (!mayOpenElection(c.get('who')!)) return errorResponse(c, 403, 'National internal elections are opened by national officers. Nothing was saved.');
  const f = ELECTION_FIELDS;
  const r = parseForm(electionSchema(today(deps)), c.get('form'));
  const rulebook = await inForce(c, deps);
  if (rulebook instanceof Response) return rulebook;
  // A rulebook in force that sets no internal election: the page says so, and nothing opens.
  if (rulebook.internalElection === null) return electionPage(c, rulebook, r.form, 409);
  if (!r.ok) return electionPage(c, rulebook, r.form, 400);
  const v = r.value;
  const [seats, method, minWomen] = [v[f.seats], v[f.method], v[f.minWomen]];
  const timetable = { nominationsClose: v[f.nominationsClose], freezeDate: v[f.freezeDate], ballotOpens: v[f.ballotOpens], ballotCloses: v[f.ballotCloses] };
  const ticked = v[f.contests];
  if (ticked.length > 0) {
    const shown = { values: { ...r.form.values, [f.contests]: ticked.join(',') } };
    if (seats !== null || method !== RULEBOOK_METHOD || minWomen !== null)
      return electionPage(
        c,
        rulebook,
        {
          ...shown,
          errors: {
            [f.contests]: 'Each ticked contest takes its seats from beside it: leave the seats, method and minimum above as they are, or tick no contest.',
          },
        },
        400,
      );
    const chosen: ContestChoice[] = ticked.map((contest) => {
      const n = (v as Record<string, unknown>)[contestSeatsField(contest)];
      return typeof n === 'number' ? { contest, seats: n } : { contest };
    });
    const opened = await openElectionContests(acting(c, deps), rulebook, v[f.title], timetable, chosen, undefined, encryptionOf(v).encryption);
    if (!opened.ok) {
      const refusal = refusalOf(opened.error);
      return electionPage(c, rulebook, { ...shown, errors: { [encryptionRefusalField(refusal.code) ?? f.contests]: refusal.message } }, refusal.status);
    }
    const first = opened.value[0]!;
    return done(
      c,
      deps.config,
      first.state.contest ? paths.election(first.state.contest.election) : paths.process(first.id),
      `Opened ${v[f.title]}, under ${rulebook.name}, with ${numberText(opened.value.length)} contests: ${opened.value.map((p) => p.state.title).join(', ')}. Nominations close on ${dayText(timetable.nominationsClose)}.${encryptedWords(v)}`,
    );
  }
  const choice: ElectionChoice = {
    ...(seats !== null ? { seats } : {}),
    ...(method !== RULEBOOK_METHOD ? { method } : {}),
    ...(minWomen !== null ? { minWomen } : {}),
    ...encryptionOf(v),
  };
  const opened = await openElection(acting(c, deps), rulebook, v[f.title], timetable, undefined, choice);
  if (!opened.ok) {
    const refusal = refusalOf(opened.error);
    const errors: FieldErrors = { [CHOICE_REFUSALS[refusal.code] ?? encryptionRefusalField(refusal.code) ?? '']: refusal.message };
    return electionPage(c, rulebook, { values: r.form.values, errors }, refusal.status);
  }
  const proc = opened.value;
  const s = proc.state;
  return done(
    c,
    deps.config,
    paths.process(proc.id),
    `Opened ${s.title}, under ${rulebook.name}: ${numberText(s.seats)} ${s.seats === 1 ? 'seat' : 'seats'} counted by ${methodPhrase(s.method)}${s.minWomen ? `, at least ${numberText(s.minWomen)} ${s.minWomen === 1 ? 'woman' : 'women'}` : ''}. Nominations close on ${dayText(s.timetable.nominationsClose)}.${encryptedWords(v)}`,
  );
};

// ---- Leadership election -----------------------------------------------------------------------

/** The members whose names match, as the form offers them to choose the sitting leader. */
async function leaderOptions(deps: AppDeps, name: string): Promise<{ value: string; label: string }[]> {
  const found = await deps.store.findMembers(name, 20);
  const options: { value: string; label: string }[] = [];
  for (const m of found) options.push({ value: m.id, label: `${m.name} (${(await deps.store.getUnit(m.branch))?.name ?? 'a branch no longer on record'})` });
  return options;
}

function leadershipPage(
  c: Ctx,
  rulebook: Rulebook,
  form: FormState,
  found: { leaders: { value: string; label: string }[]; deputies: { value: string; label: string }[] } = { leaders: [], deputies: [] },
  status: 200 | 400 | RefusalStatus = 200,
) {
  const view = {
    rulebook: { ...leadershipChoice(rulebook), why: IN_FORCE },
    elects: rulebook.leadership !== null,
    deputy: rulebook.leadership?.deputy !== undefined,
    encryption: ballotEncryptionOf(rulebook),
    ...found,
    form,
  };
  return page(c, openLeadershipPage(view, viewContext(c)), status);
}

const leadershipForm: Handler = async (c, deps) => {
  if (!mayOpenElection(c.get('who')!)) return errorResponse(c, 403, 'Leadership elections are opened by national officers. Nothing was saved.');
  const rulebook = await inForce(c, deps);
  if (rulebook instanceof Response) return rulebook;
  const values = { [LEADERSHIP_FIELDS.title]: '', [LEADERSHIP_FIELDS.kind]: 'vacancy', ...electionTimetableValues(deps) };
  return leadershipPage(c, rulebook, { values, errors: {} });
};

/** The sitting leader (or deputy) the form names: the member chosen, else the one member whose name matches; or the problem beside the field, with any members to choose from. */
async function chosenLeader(
  deps: AppDeps,
  chosen: string | undefined,
  name: string | undefined,
  post: { readonly words: string; readonly nameField: string; readonly choiceField: string },
): Promise<{ leader: MemberId } | { field: string; problem: string; options: { value: string; label: string }[] }> {
  const options = name ? await leaderOptions(deps, name) : [];
  if (chosen) {
    if (await deps.store.getMember(chosen as MemberId)) return { leader: chosen as MemberId };
    return { field: post.choiceField, problem: `Choose the sitting ${post.words} from the members found.`, options };
  }
  if (options.length === 1) return { leader: options[0]!.value as MemberId };
  if (options.length === 0) return { field: post.nameField, problem: `No member’s name matches “${name ?? ''}”. Check the spelling.`, options };
  return { field: post.choiceField, problem: `${numberText(options.length)} members’ names match “${name ?? ''}”: choose the sitting ${post.words}.`, options };
}

const openLeadership: Handler = async (c, deps) => {
  if (!mayOpenElection(c.get('who')!)) return errorResponse(c, 403, 'Leadership elections are opened by national officers. Nothing was saved.');
  const f = LEADERSHIP_FIELDS;
  const r = parseForm(leadershipSchema(today(deps)), c.get('form'));
  const rulebook = await inForce(c, deps);
  if (rulebook instanceof Response) return rulebook;
  if (rulebook.leadership === null) return leadershipPage(c, rulebook, r.form, undefined, 409);
  const posted = r.form.values;
  const errors: Record<string, string> = { ...r.form.errors };
  const sitting = async (post: { words: string; nameField: string; choiceField: string }) => {
    const found = await chosenLeader(deps, posted[post.choiceField] || undefined, posted[post.nameField] || undefined, post);
    if ('leader' in found) return { member: found.leader, options: [] };
    errors[found.field] = found.problem;
    return { member: null, options: found.options };
  };
  const none = { member: null, options: [] };
  const sittingLeader =
    posted[f.kind] === 'challenge' && !errors[f.leaderName] ? await sitting({ words: 'leader', nameField: f.leaderName, choiceField: f.leader }) : none;
  const sittingDeputy =
    posted[f.deputy] === 'yes' && posted[f.deputyKind] === 'challenge' && !errors[f.deputyName]
      ? await sitting({ words: 'deputy leader', nameField: f.deputyName, choiceField: f.deputyMember })
      : none;
  const leader = sittingLeader.member;
  const options = { leaders: sittingLeader.options, deputies: sittingDeputy.options };
  if (!r.ok || Object.keys(errors).length > 0) return leadershipPage(c, rulebook, { values: posted, errors }, options, 400);
  const v = r.value;
  const timetable = { nominationsClose: v[f.nominationsClose], freezeDate: v[f.freezeDate], ballotOpens: v[f.ballotOpens], ballotCloses: v[f.ballotCloses] };
  const a = acting(c, deps);
  const encryption = encryptionOf(v).encryption;
  const opened = v[f.deputy]
    ? await openLeaderAndDeputy(a, rulebook, v[f.title], timetable, leader, undefined, sittingDeputy.member, encryption)
    : await openLeadershipElection(a, rulebook, v[f.title], timetable, leader, undefined, encryption).then((x) =>
        x.ok ? { ok: true as const, value: [x.value] } : x,
      );
  if (!opened.ok) {
    const refusal = refusalOf(opened.error);
    const field =
      refusal.code === 'not-found'
        ? f.leaderName
        : refusal.code === 'no-deputy'
          ? f.deputy
          : refusal.code === 'no-such-deputy' || refusal.code === 'same-incumbent'
            ? f.deputyName
            : (encryptionRefusalField(refusal.code) ?? '');
    return leadershipPage(c, rulebook, { values: posted, errors: { [field]: refusal.message } }, options, refusal.status);
  }
  const first = opened.value[0]!;
  const what = leader === null ? 'the post of leader is vacant' : `a challenge to ${first.state.leadership?.incumbent?.name ?? 'the sitting leader'}`;
  const deputyState = opened.value[1]?.state.leadership;
  const deputy =
    deputyState === undefined
      ? ''
      : deputyState.incumbent
        ? `, with a challenge to ${deputyState.incumbent.name}, the sitting deputy leader`
        : ', with a deputy leadership contest';
  return done(
    c,
    deps.config,
    paths.leadershipNominations(first.id),
    `Opened ${v[f.title]}, under ${rulebook.name}: ${what}${deputy}. MPs may nominate until ${dayText(timetable.nominationsClose)}.${encryptedWords(v)}`,
  );
};

export const openingHandlers: Readonly<Record<string, Handler>> = {
  'leadership.open.form': leadershipForm,
  'leadership.open': openLeadership,
  'trigger.open.form': triggerForm,
  'trigger.open': openTriggerBallot,
  'selection.open.form': selectionForm,
  'selection.open': openSelection,
  'election.open.form': electionForm,
  'election.open': openInternalElection,
};
