/**
 * Officers' pages: a constituency's progress (trigger-ballot gauges, the
 * selection's timetable and shortlist), every process at a glance, one
 * process with the steps it allows now, its frozen electorate, internal
 * elections and rulebooks — and taking a step (close applications, longlist,
 * shortlist, freeze, open and close the ballot, count the stored ballots,
 * declare, close a trigger ballot) through the domain's state machine.
 */
import { recordCount } from '../../app/record-count.js';
import { applyStep } from '../../app/apply-step.js';
import { electorateClassWords, freezeElectorate } from '../../app/freeze-electorate.js';
import { frozenClasses, supporterElection } from '../../app/supporters.js';
import { contestsOf } from '../../app/open-process.js';
import { everyContestChances, isEveryContestStep, stepEveryContest } from '../../app/contest-steps.js';
import { privateElectorateNote } from '../../app/electorate-entry.js';
import { reviewUnderWay, seatCandidate, selectionUnderWay, triggerToFollow } from '../../app/processes-under-way.js';
import type { MemberId, ProcessId, UnitId } from '../../domain/ids.js';
import type { ProcessDocument } from '../../domain/processes/documents.js';
import type { ProcessCommand } from '../../domain/processes/index.js';
import { PRESETS, presetById } from '../../domain/presets.js';
import { rulebookRef } from '../../domain/rulebook.js';
import { CONSTITUENCY_FILTER_FIELD, constituenciesPage, constituencyPage } from '../views/constituency.js';
import {
  electionOfContestsPage,
  electionsPage,
  processesPage,
  rulebookComparePage,
  rulebookPage,
  rulebooksPage,
  PROCESS_FILTER_FIELDS,
  COMPARE_FIELDS,
} from '../views/national.js';
import { paths } from '../views/paths.js';
import { CANDIDATES_FIELD, CLOSES_AT_FIELD, OPENS_AT_FIELD, electoratePage, processPage } from '../views/process.js';
import { constituencyRows, latestProcess, openings, selectionRunning, selectionView, triggerOpen, triggerProgress } from '../presenters/constituency.js';
import {
  ELECTORATE_PAGE_SIZE,
  NOMINATE_FIELDS,
  kindChoices,
  STEP_LABELS,
  DECISION_FIELDS,
  barWords,
  officerStepChances,
  unitResultWords,
  electionOfContestsView,
  everyContestOutcomeText,
  everyContestStepsView,
  electionRow,
  electorateView,
  hasBallot,
  phaseChoices,
  processPageView,
  processRows,
  type KeptStep,
  type OpeningTimes,
} from '../presenters/process.js';
import { pageAt, rowsOf } from '../presenters/pages.js';
import type { Handler } from './app.js';
import { done, errorResponse, page, requestLanguage, viewContext, type AppDeps, type Ctx, param } from './http.js';
import { wordsIn } from '../../app/language/index.js';
import { parseForm, repeatable } from './forms/fields.js';
import { chosenCandidatesForm, nominationForm, openingTimesSentOnce, openingTimesForm, unitDecisionForm } from './forms/process-step.js';
import {
  mayViewResults,
  mayOpenElection,
  mayOpenSelection,
  mayOpenTrigger,
  mayRunProcess,
  mayViewConstituency,
  mayViewElectorate,
  mayViewProcess,
  type Principal,
} from './permissions.js';
import { isBallotProcess } from '../../app/ballot-paper.js';
import { setUpEncryptedBallot } from '../../app/encrypted-ballots.js';
import { ballotKindOf } from './ballot-kind.js';
import { encryptionChoiceOf, encryptionForm, encryptionRefusalField } from './forms/encryption.js';
import { ENCRYPTION_FIELDS, encryptedNextWords } from '../views/ballot-encryption.js';
import type { FormState } from '../views/context.js';
import { isOfKind } from '../../app/load-process.js';
import { rulebookFor, rulebookOf } from '../../app/rulebook-of.js';
import { httpStatusOf, type RefusalStatus } from './http-status.js';

async function unitName(deps: AppDeps, id: UnitId | null): Promise<string> {
  if (id === null) return 'The whole party';
  return (await deps.store.getUnit(id))?.name ?? id;
}

// ---- Constituency progress --------------------------------------------------------------------

const constituency: Handler = async (c, deps) => {
  const who = c.get('who')!;
  const id = param(c, 'unit') as UnitId;
  if (!mayViewConstituency(who, id)) return errorResponse(c, 403, `You hold no office in constituency "${id}", so you cannot see its processes.`);
  const unit = await deps.store.getUnit(id);
  if (unit?.kind !== 'constituency') return errorResponse(c, 404, `There is no constituency "${id}".`);
  const processes = await deps.store.processDocuments({ constituency: id });
  const tb = latestProcess(processes, 'trigger-ballot', triggerOpen);
  const sel = latestProcess(processes, 'selection', selectionRunning);
  const trigger = tb ? triggerProgress(tb, await rulebookFor(deps.store, tb), who, wordsIn(requestLanguage(c))) : null;
  const incumbent = await deps.store.getIncumbent(unit.id);
  const candidate = await seatCandidate(deps.store, unit.id);
  const party = candidate ? (await deps.store.listUnits({ kind: 'party' }))[0]?.name : undefined;
  const mayTrigger = mayOpenTrigger(who);
  const maySelection = mayOpenSelection(who, unit.id);
  // What is under way matters only to someone who may open something here.
  const acting = mayTrigger || maySelection;
  const review = acting ? await reviewUnderWay(deps.store, unit.id) : undefined;
  const running = acting ? await selectionUnderWay(deps.store, unit.id) : undefined;
  const { actions, notes } = openings({ unit, sitting: incumbent, candidate, mayTrigger, maySelection, review, running });
  return page(
    c,
    constituencyPage(
      {
        constituency: { id: unit.id, name: unit.name },
        ...(incumbent ? { incumbent: incumbent.name } : {}),
        ...(candidate ? { candidate: { name: candidate.name, selectedOn: candidate.selectedOn, ...(party ? { party } : {}) } } : {}),
        ...(trigger ? { trigger } : {}),
        ...(sel ? { selection: selectionView(sel, wordsIn(requestLanguage(c))) } : {}),
        actions,
        notes,
      },
      viewContext(c),
    ),
  );
};

const constituencies: Handler = async (c, deps) => {
  const q = (c.req.query(CONSTITUENCY_FILTER_FIELD) ?? '').trim();
  const all = await deps.store.listUnits({ kind: 'constituency' });
  const regions = new Map((await deps.store.listUnits({ kind: 'region' })).map((r) => [r.id as string, r.name]));
  const incumbents = new Map((await deps.store.listIncumbents()).map((i) => [i.constituency as string, i.name]));
  const rows = constituencyRows(all, regions, incumbents, await deps.store.processDocuments(), q);
  return page(c, constituenciesPage({ ...(q ? { q } : {}), rows, total: all.length }, viewContext(c)));
};

// ---- Processes -------------------------------------------------------------------------------

const processes: Handler = async (c, deps) => {
  const all = await deps.store.processDocuments();
  const kind = c.req.query(PROCESS_FILTER_FIELDS.kind) || undefined;
  const phase = c.req.query(PROCESS_FILTER_FIELDS.phase) || undefined;
  const q = (c.req.query(PROCESS_FILTER_FIELDS.q) ?? '').trim().toLowerCase() || undefined;
  // Every constituency's name in one read, rather than one read per constituency on the page.
  const names = new Map((await deps.store.listUnits({ kind: 'constituency' })).map((u) => [u.id as string, u.name]));
  const rows = processRows(all, { ...(kind ? { kind } : {}), ...(phase ? { phase } : {}), ...(q ? { q } : {}) }, (id) =>
    id === null ? 'The whole party' : (names.get(id) ?? id),
  );
  return page(
    c,
    processesPage(
      {
        filter: { ...(kind ? { kind } : {}), ...(phase ? { phase } : {}), ...(q ? { q } : {}) },
        kinds: kindChoices,
        phases: phaseChoices(all),
        rows,
        total: all.length,
      },
      viewContext(c),
    ),
  );
};

const processView: Handler = async (c, deps) => {
  const who = c.get('who')!;
  const id = param(c, 'process') as ProcessId;
  const p = await deps.store.processDocument(id);
  if (!p) return errorResponse(c, 404, `There is no process "${id}".`);
  if (!mayViewProcess(who, p)) return errorResponse(c, 403, `You hold no office that lets you see ${id}.`);
  return showProcess(c, deps, p);
};

/** One process and the steps its officer may take now, at `status`; a refused opening of the ballot comes back at 400. */
async function showProcess(
  c: Ctx,
  deps: AppDeps,
  p: ProcessDocument,
  kept?: KeptStep,
  status: 200 | 400 | RefusalStatus = 200,
  opening?: OpeningTimes,
  encryptionForm?: FormState,
): Promise<Response> {
  const who = c.get('who')!;
  const ballotKind = await ballotKindOf(deps, p, mayRunProcess(who, p), encryptionForm);
  const view = processPageView(
    p,
    {
      where: await unitName(deps, p.constituency),
      rulebook: await rulebookFor(deps.store, p),
      turnout: hasBallot(p) ? await deps.store.turnout(p.id) : null,
      now: deps.clock.now(),
      timeZone: deps.config.timeZone,
      acting: mayRunProcess(who, p),
      mayViewElectorate: mayViewElectorate(who, p),
      scrutineer: who.roles.has('scrutineer'),
      nationalOfficer: who.roles.has('national-officer'),
      names: await officerNames(deps, p),
      ...(await followUp(deps, who, p)),
    },
    kept,
    opening,
  );
  return page(c, processPage(ballotKind ? { ...view, ballotKind } : view, viewContext(c)), opening ? 400 : status);
}

/**
 * A triggered review's sequel, for its page's "Next step": the form opening the selection that follows it (for who may
 * open one, while none follows it yet), or the selection that follows it.
 */
async function followUp(deps: AppDeps, who: Principal, p: ProcessDocument): Promise<{ followUp?: { href: string; text: string } }> {
  if (p.kind !== 'trigger-ballot' || p.state.phase !== 'triggered' || p.constituency === null) return {};
  const constituency = p.constituency as UnitId;
  if ((await triggerToFollow(deps.store, constituency))?.id === p.id)
    return mayOpenSelection(who, constituency) ? { followUp: { href: paths.openSelectionForm(constituency), text: 'Open the selection that follows' } } : {};
  const sequel = (await deps.store.processDocuments({ kind: 'selection', constituency })).find(
    (x) => x.kind === 'selection' && x.state.followsTrigger === p.id,
  );
  return sequel && sequel.kind === 'selection'
    ? { followUp: { href: paths.process(sequel.id), text: `The selection that follows: ${sequel.state.title}` } }
    : {};
}

/** The names of the officers a process's page attributes things to: who entered units' decisions, and who declared. */
async function officerNames(deps: AppDeps, p: ProcessDocument): Promise<ReadonlyMap<string, string>> {
  const ids =
    p.kind === 'trigger-ballot'
      ? p.state.units.flatMap((u) => (u.result?.by ? [u.result.by] : []))
      : p.kind === 'nomination-meeting'
        ? []
        : p.state.declaration?.by
          ? [p.state.declaration.by]
          : [];
  if (ids.length === 0) return new Map();
  return new Map((await deps.store.membersById([...new Set(ids)] as MemberId[])).map((m) => [m.id as string, m.name]));
}

const electorate: Handler = async (c, deps) => {
  const who = c.get('who')!;
  const id = param(c, 'process') as ProcessId;
  const p = await deps.store.processDocument(id);
  if (!p || !isBallotProcess(p)) return errorResponse(c, 404, `There is no ballot process "${id}".`);
  if (!mayViewElectorate(who, p)) return errorResponse(c, 403, `You hold no office that lets you see the electorate of ${id}.`);
  const s = p.state;
  if (!s.electorate) return errorResponse(c, 409, `The electorate of ${s.title} has not been frozen yet.`);
  const hidden = privateElectorateNote(p);
  // A contest for members who self-identify is never listed by member: its rows are not even read.
  const entries = hidden === null ? await deps.store.electorate(p.id) : [];
  const at = pageAt(entries.length, c.req.query('page'), ELECTORATE_PAGE_SIZE);
  const slice = rowsOf(entries, at, ELECTORATE_PAGE_SIZE);
  const members = await deps.store.membersById(slice.map((e) => e.member));
  // A leadership election with supporters: the eligible by class.
  const withSupporters = p.kind === 'internal-election' && p.state.leadership ? await supporterElection(deps.store, p.id) : null;
  const classes = withSupporters?.ok ? await frozenClasses(deps.store, withSupporters.value) : null;
  const view = { ...electorateView(p, slice, members, at, hidden), classes: classes === null ? null : electorateClassWords(classes) };
  return page(c, electoratePage(view, viewContext(c)));
};

const takeStep: Handler = async (c, deps) => {
  const who = c.get('who')!;
  const id = param(c, 'process') as ProcessId;
  const name = param(c, 'step');
  const p = await deps.store.processDocument(id);
  if (!p) return errorResponse(c, 404, `There is no process "${id}".`);
  if (!mayRunProcess(who, p))
    return errorResponse(
      c,
      403,
      `You cannot take steps in ${id}: ${p.constituency === null ? 'national processes are run by national officers' : 'you are not the procedures secretary of its constituency'}. Nothing was saved.`,
    );
  const here = `/processes/${encodeURIComponent(p.id)}`;
  if (!Object.hasOwn(STEP_LABELS, name))
    return errorResponse(c, 404, `There is no step "${name}"; the steps are: ${Object.keys(STEP_LABELS).join(', ')}.`, {
      href: here,
      text: 'Back to the process',
    });
  const label = STEP_LABELS[name]!;
  const chance = officerStepChances(p, await rulebookFor(deps.store, p), deps.clock.now(), deps.config.timeZone).find((x) => x.step === name);
  if (!chance)
    return errorResponse(c, 404, `“${label.label}” is not a step an officer takes in this process. Nothing was saved.`, {
      href: here,
      text: 'Back to the process',
    });
  // A step the process's stage does not allow is refused here; one refused by the day or the rules goes to the step itself, which says why.
  if (chance.bar !== null && chance.bar.kind !== 'refused')
    return showProcess(c, deps, p, { step: name, form: { values: {}, errors: {} }, headline: label.refused, problem: barWords(chance.bar) }, 409);
  /** The page again, the step's form as sent, with `problem` beside the step as a whole unless `errors` place it by field. */
  const refuse = (status: 400 | RefusalStatus, problem: string | null, values: Record<string, string> = {}, errors: Record<string, string> = {}) =>
    showProcess(
      c,
      deps,
      p,
      { step: name, form: { values, errors }, headline: label.refused, ...(problem === null ? {} : { problem: `${problem} Nothing was saved.` }) },
      status,
    );
  const form = c.get('form');
  let command: ProcessCommand;
  switch (name) {
    case 'set-longlist':
    case 'set-shortlist': {
      const ticked = repeatable.parse(form[CANDIDATES_FIELD]);
      const chosen = chosenCandidatesForm.safeParse(form);
      if (!chosen.success) return refuse(400, chosen.error.issues[0].message);
      const stepped = await applyStep(acting(deps, who), p, { type: name, candidates: chosen.data[CANDIDATES_FIELD] });
      // The boxes come back ticked as they were sent.
      if (!stepped.ok) return refuse(httpStatusOf(stepped.error), stepped.error.message, { [CANDIDATES_FIELD]: ticked.join(',') });
      return done(c, deps.config, here, `${label.label}: done.`);
    }
    case 'record-meeting': {
      if (p.kind !== 'trigger-ballot') throw new Error(`${p.id} is ${p.kind}: only a trigger ballot records units' decisions`);
      const r = parseForm(unitDecisionForm, form);
      if (!r.ok) return refuse(400, null, r.form.values, r.form.errors);
      const v = r.value;
      const F = DECISION_FIELDS;
      const arrived = { via: v[F.via], received: v[F.received] };
      const unit = v[F.unit];
      const note = v[F.note];
      const stepped = await applyStep(
        acting(deps, who),
        p,
        v[F.met] === 'met'
          ? {
              type: 'record-meeting',
              unit,
              for: v[F.for]!,
              against: v[F.against]!,
              abstentions: v[F.abstentions]!,
              attendance: v[F.attendance]!,
              date: v[F.date]!,
              arrived,
            }
          : { type: 'record-absent', unit, ...(note ? { note } : {}), arrived },
      );
      if (!stepped.ok) {
        // A unit that has a decision already, or is not in this ballot, is the unit field's problem; the rest is the entry's.
        const byUnit = stepped.error.reason === 'already-recorded' || stepped.error.reason === 'unknown-unit';
        if (!byUnit) return refuse(httpStatusOf(stepped.error), stepped.error.message, r.form.values);
        // Said in words from the state, as the domain's message names the unit by its id for the command line.
        const there = p.state.units.find((u) => u.id === unit);
        const problem = there
          ? `${there.name} already has a decision recorded: it ${unitResultWords(there, new Map())}. A unit decides once; a mistake is put right by a correction with a reason.`
          : 'Choose one of the units listed.';
        return refuse(httpStatusOf(stepped.error), null, r.form.values, { [F.unit]: problem });
      }
      const named = p.state.units.find((u) => u.id === unit)?.name ?? 'The unit';
      return done(c, deps.config, here, `${named}’s decision is recorded, as entered by you from ${arrived.via === 'letter' ? 'a letter' : 'an email'}.`);
    }
    case 'record-count': {
      // The sealed box, counted once with the seed drawn at its seal: there is nothing to choose.
      const rulebook = await rulebookOf(deps.store, p);
      if (!rulebook.ok) return refuse(httpStatusOf(rulebook.error), `${rulebook.error.message}.`);
      const counted = await recordCount(deps.store, deps.clock, p, rulebook.value, { kind: 'ballot-box' }, who.member.id);
      if (!counted.ok) {
        // A count that failed after the box was opened is the scrutineers' business, and says so itself.
        const m = counted.error.message;
        return m.endsWith('Tell the scrutineers.')
          ? errorResponse(c, httpStatusOf(counted.error), m, { href: here, text: 'Back to the process' })
          : refuse(httpStatusOf(counted.error), m);
      }
      return done(c, deps.config, here, `${label.label}: done. The result can be checked before it is declared.`);
    }
    case 'nominate': {
      // The chances offer nominating in internal elections alone.
      if (p.kind !== 'internal-election') throw new Error(`${p.id} is ${p.kind}: only an internal election takes nominations`);
      const r = parseForm(nominationForm, form);
      if (!r.ok) return refuse(400, null, r.form.values, r.form.errors);
      const stepped = await applyStep(acting(deps, who), p, {
        type: 'nominate',
        name: r.value[NOMINATE_FIELDS.name],
        gender: r.value[NOMINATE_FIELDS.gender] ?? null,
      });
      if (!stepped.ok) {
        // A name already standing is the name field's problem; anything else (nominations closed) is the process's.
        if (stepped.error.reason !== 'duplicate') return refuse(httpStatusOf(stepped.error), stepped.error.message, r.form.values);
        return refuse(httpStatusOf(stepped.error), null, r.form.values, { [NOMINATE_FIELDS.name]: stepped.error.message });
      }
      const s = stepped.value.state;
      const added = s.candidates.at(-1)!;
      const standing = s.candidates.filter((x) => x.withdrawn === null).length;
      return done(c, deps.config, here, `${added.name} is nominated: ${standing} standing for ${s.seats} ${s.seats === 1 ? 'seat' : 'seats'}.`);
    }
    case 'freeze-electorate': {
      const frozen = await freezeElectorate(acting(deps, who), p.id, p.kind as 'selection' | 'internal-election');
      if (!frozen.ok) return refuse(httpStatusOf(frozen.error), frozen.error.message);
      const f = frozen.value;
      const classes = f.classes === null ? '' : ` (${electorateClassWords(f.classes)})`;
      return done(c, deps.config, here, `Electorate frozen: ${f.eligible} of ${f.total} ${f.classes === null ? 'members ' : ''}eligible${classes}.`);
    }
    case 'open-ballot': {
      // The organisation's zone goes with the command: the ballot keeps it, so its closing moment never moves.
      if (!openingTimesSentOnce.safeParse(form).success) return refuse(400, 'The opening and closing times must each be given once.');
      const times = parseForm(openingTimesForm, form);
      if (!times.ok) return showProcess(c, deps, p, undefined, 400, times.form);
      command = { type: 'open-ballot', timeZone: deps.config.timeZone, opensAt: times.value[OPENS_AT_FIELD], closesAt: times.value[CLOSES_AT_FIELD] };
      break;
    }
    default:
      command = { type: name } as ProcessCommand;
  }
  const r = await applyStep(acting(deps, who), p, command);
  if (!r.ok) return refuse(httpStatusOf(r.error), r.error.message);
  return done(c, deps.config, here, `${label.label}: done.`);
};

/** The officer acting, on the app's store and clock. */
const acting = (deps: AppDeps, who: { readonly member: { readonly id: MemberId } }) => ({ store: deps.store, clock: deps.clock, actor: who.member.id });

// ---- National --------------------------------------------------------------------------------

const elections: Handler = async (c, deps) => {
  const rows = (await deps.store.processDocuments({ kind: 'internal-election' }))
    .filter((p) => isOfKind(p, 'internal-election'))
    // A stable sort: each election's contests in its order, elections as stored.
    .sort((x, y) => (x.state.contest?.order ?? 0) - (y.state.contest?.order ?? 0))
    .map((p) => electionRow(p, mayViewResults(c.get('who'), p)));
  return page(c, electionsPage({ elections: rows, ...(mayOpenElection(c.get('who')!) ? { openUrl: paths.openElectionForm } : {}) }, viewContext(c)));
};

const election: Handler = async (c, deps) => {
  const id = param(c, 'election');
  const contests = await contestsOf({ store: deps.store }, id);
  if (contests.length === 0)
    return errorResponse(c, 404, `There is no election of several contests "${id}".`, { href: paths.elections, text: 'Internal elections' });
  const who = c.get('who')!;
  const steps = mayOpenElection(who)
    ? everyContestStepsView(id, await everyContestChances(deps.store, contests, deps.clock.now(), deps.config.timeZone))
    : undefined;
  return page(c, electionOfContestsPage({ ...electionOfContestsView(contests), ...(steps ? { steps } : {}) }, viewContext(c)));
};

const electionStep: Handler = async (c, deps) => {
  const id = param(c, 'election');
  const step = param(c, 'step');
  const here = paths.election(id);
  if (!isEveryContestStep(step))
    return errorResponse(c, 404, 'There is no such step for every contest of an election. Nothing was saved.', { href: here, text: 'Back to the election' });
  const taken = await stepEveryContest(acting(deps, c.get('who')!), id, step, deps.config.timeZone);
  if (!taken.ok) return errorResponse(c, httpStatusOf(taken.error), taken.error.message, { href: paths.elections, text: 'Internal elections' });
  return done(c, deps.config, here, everyContestOutcomeText(step, taken.value));
};

const rulebooks: Handler = (c) => page(c, rulebooksPage({ rulebooks: PRESETS }, viewContext(c)));

function presetByRef(ref: string) {
  const at = ref.lastIndexOf('@');
  const rb = presetById(at < 0 ? ref : ref.slice(0, at));
  if (!rb) return undefined;
  return at < 0 || rulebookRef(rb) === ref ? rb : undefined;
}

const rulebook: Handler = (c) => {
  const ref = param(c, 'ref');
  const rb = presetByRef(ref);
  if (!rb)
    return errorResponse(c, 404, `There is no rulebook "${ref}". The bundled rulebooks are: ${PRESETS.map(rulebookRef).join(', ')}.`, {
      href: paths.rulebooks,
      text: 'All rulebooks',
    });
  return page(c, rulebookPage({ rulebook: rb }, viewContext(c)));
};

const compare: Handler = (c) => {
  const a = c.req.query(COMPARE_FIELDS.a) ?? '';
  const b = c.req.query(COMPARE_FIELDS.b) ?? '';
  const ra = a === '' ? undefined : presetByRef(a);
  const rbb = b === '' ? undefined : presetByRef(b);
  const bad = [a !== '' && !ra ? a : null, b !== '' && !rbb ? b : null].filter((x): x is string => x !== null);
  const error = bad.length > 0 ? `There is no rulebook ${bad.map((x) => `"${x}"`).join(' or ')}.` : undefined;
  return page(
    c,
    rulebookComparePage({ rulebooks: PRESETS, ...(ra ? { a: ra } : {}), ...(rbb ? { b: rbb } : {}), ...(error ? { error } : {}) }, viewContext(c)),
    error ? 400 : 200,
  );
};

/** Encrypted ballots chosen on a process's page, by an officer who runs it: the same use case as `hustings … encrypt`. */
const chooseEncryption: Handler = async (c, deps) => {
  const who = c.get('who')!;
  const id = param(c, 'process') as ProcessId;
  const p = await deps.store.processDocument(id);
  if (!p || !isBallotProcess(p)) return errorResponse(c, 404, `There is no selection or internal election "${id}".`);
  if (!mayRunProcess(who, p))
    return errorResponse(
      c,
      403,
      `You cannot choose the ballots of ${p.state.title}: ${p.constituency === null ? 'national processes are run by national officers' : 'you are not the procedures secretary of its constituency'}. Nothing was saved.`,
    );
  const r = parseForm(encryptionForm, c.get('form'));
  if (!r.ok) return showProcess(c, deps, p, undefined, 400, undefined, r.form);
  // The form's schema takes encrypted ballots only, so the fields name who takes part.
  const choice = encryptionChoiceOf(r.value);
  const set = await setUpEncryptedBallot(deps.store, p, choice, acting(deps, who));
  if (!set.ok) {
    const field = encryptionRefusalField(set.error.reason);
    // A refusal of the choice as a whole (votes cast, set up already, not allowed): the page no longer offers the form.
    if (field === null || field === ENCRYPTION_FIELDS.ballots)
      return errorResponse(c, httpStatusOf(set.error), `${set.error.message} Nothing was saved.`, { href: paths.process(p.id), text: 'Back to the process' });
    const errors = { [field]: `${set.error.message} Nothing was saved.` };
    return showProcess(c, deps, p, undefined, httpStatusOf(set.error), undefined, { values: r.form.values, errors });
  }
  return done(
    c,
    deps.config,
    paths.process(p.id),
    `The ballots of ${p.state.title} will be encrypted: ${encryptedNextWords(set.value.threshold, set.value.trustees.length)}`,
  );
};

export const officerHandlers: Readonly<Record<string, Handler>> = {
  constituency,
  constituencies,
  processes,
  process: processView,
  'process.electorate': electorate,
  'process.step': takeStep,
  'process.encryption': chooseEncryption,
  elections,
  election,
  'election.step': electionStep,
  rulebooks,
  rulebook,
  'rulebooks.compare': compare,
};
