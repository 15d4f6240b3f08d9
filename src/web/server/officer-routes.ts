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
import { freezeElectorate } from '../../app/freeze-electorate.js';
import { reviewUnderWay, seatCandidate, selectionUnderWay } from '../../app/processes-under-way.js';
import type { ProcessId, UnitId } from '../../domain/ids.js';
import type { ProcessDocument } from '../../domain/processes/documents.js';
import type { ProcessCommand } from '../../domain/processes/index.js';
import { PRESETS, presetById } from '../../domain/presets.js';
import { rulebookRef } from '../../domain/rulebook.js';
import { CONSTITUENCY_FILTER_FIELD, constituenciesPage, constituencyPage } from '../views/constituency.js';
import { electionsPage, processesPage, rulebookComparePage, rulebookPage, rulebooksPage, PROCESS_FILTER_FIELDS, COMPARE_FIELDS } from '../views/national.js';
import { paths } from '../views/paths.js';
import { CANDIDATES_FIELD, CLOSES_AT_FIELD, OPENS_AT_FIELD, electoratePage, processPage } from '../views/process.js';
import { constituencyRows, latestProcess, openings, selectionRunning, selectionView, triggerOpen, triggerProgress } from '../presenters/constituency.js';
import {
  ELECTORATE_PAGE_SIZE,
  NOMINATE_FIELDS,
  kindChoices,
  STEP_LABELS,
  allowedSteps,
  electionRow,
  electorateView,
  hasBallot,
  phaseChoices,
  phaseOf,
  processPageView,
  processRows,
  type KeptStep,
  type OpeningTimes,
} from '../presenters/process.js';
import { pageAt, rowsOf } from '../presenters/pages.js';
import type { Handler } from './app.js';
import { done, errorResponse, page, viewContext, type AppDeps, type Ctx, param } from './http.js';
import { parseForm } from './forms/fields.js';
import { chosenCandidatesForm, nominationForm, openingTimesSentOnce, openingTimesForm } from './forms/process-step.js';
import {
  mayViewResults,
  mayOpenElection,
  mayOpenSelection,
  mayOpenTrigger,
  mayRunProcess,
  mayViewConstituency,
  mayViewElectorate,
  mayViewProcess,
} from './permissions.js';
import { isBallotProcess } from '../../app/ballot-paper.js';
import { isOfKind } from '../../app/load-process.js';
import { rulebookFor, rulebookOf } from '../../app/rulebook-of.js';
import { httpStatusOf, type RefusalStatus } from './http-status.js';
import { phaseText } from '../views/words.js';

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
  const trigger = tb ? triggerProgress(tb, rulebookFor(tb), who) : null;
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
        ...(sel ? { selection: selectionView(sel) } : {}),
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
): Promise<Response> {
  const who = c.get('who')!;
  const view = processPageView(
    p,
    {
      where: await unitName(deps, p.constituency),
      rulebook: isBallotProcess(p) ? rulebookFor(p) : null,
      turnout: hasBallot(p) ? await deps.store.turnout(p.id) : null,
      now: deps.clock.now(),
      timeZone: deps.config.timeZone,
      acting: mayRunProcess(who, p),
      mayViewElectorate: mayViewElectorate(who, p),
    },
    kept,
    opening,
  );
  return page(c, processPage(view, viewContext(c)), opening ? 400 : status);
}

const electorate: Handler = async (c, deps) => {
  const who = c.get('who')!;
  const id = param(c, 'process') as ProcessId;
  const p = await deps.store.processDocument(id);
  if (!p || !isBallotProcess(p)) return errorResponse(c, 404, `There is no ballot process "${id}".`);
  if (!mayViewElectorate(who, p)) return errorResponse(c, 403, `You hold no office that lets you see the electorate of ${id}.`);
  const s = p.state;
  if (!s.electorate) return errorResponse(c, 409, `The electorate of ${s.title} has not been frozen yet.`);
  const entries = await deps.store.electorate(p.id);
  const at = pageAt(entries.length, c.req.query('page'), ELECTORATE_PAGE_SIZE);
  const slice = rowsOf(entries, at, ELECTORATE_PAGE_SIZE);
  const members = await deps.store.membersById(slice.map((e) => e.member));
  return page(c, electoratePage(electorateView(p, slice, members, at), viewContext(c)));
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
  if (!allowedSteps(p).includes(name)) {
    return errorResponse(
      c,
      409,
      `“${STEP_LABELS[name].label}” is not possible now: ${id} is in phase "${phaseOf(p)}"${allowedSteps(p).length ? `; possible now: ${allowedSteps(p).join(', ')}` : ''}. Nothing was saved.`,
      { href: here, text: 'Back to the process' },
    );
  }
  const form = c.get('form');
  let command: ProcessCommand;
  switch (name) {
    case 'set-longlist':
    case 'set-shortlist': {
      const chosen = chosenCandidatesForm.safeParse(form);
      if (!chosen.success) return errorResponse(c, 400, `${chosen.error.issues[0].message} Nothing was saved.`, { href: here, text: 'Back to the process' });
      command = { type: name, candidates: chosen.data[CANDIDATES_FIELD] };
      break;
    }
    case 'record-count': {
      // The sealed box, counted once with the seed drawn at its seal: there is nothing to choose.
      const rulebook = rulebookOf(p);
      if (!rulebook.ok)
        return errorResponse(c, httpStatusOf(rulebook.error), `${rulebook.error.message}. Nothing was saved.`, { href: here, text: 'Back to the process' });
      const counted = await recordCount(deps.store, deps.clock, p, rulebook.value, { kind: 'ballot-box' }, who.member.id);
      if (!counted.ok)
        return errorResponse(
          c,
          httpStatusOf(counted.error),
          counted.error.message.endsWith('Tell the scrutineers.') ? counted.error.message : `${counted.error.message} Nothing was saved.`,
          { href: here, text: 'Back to the process' },
        );
      return done(c, deps.config, here, `${STEP_LABELS[name].label}: done. Now: ${phaseText(p.kind, phaseOf(counted.value)).toLowerCase()}.`);
    }
    case 'nominate': {
      // allowedSteps offers nominating in internal elections alone.
      if (p.kind !== 'internal-election') throw new Error(`${p.id} is ${p.kind}: only an internal election takes nominations`);
      const r = parseForm(nominationForm, form);
      if (!r.ok) return showProcess(c, deps, p, { step: name, form: r.form }, 400);
      const stepped = await applyStep({ store: deps.store, clock: deps.clock, actor: who.member.id }, p, {
        type: 'nominate',
        name: r.value[NOMINATE_FIELDS.name],
        gender: r.value[NOMINATE_FIELDS.gender] ?? null,
      });
      if (!stepped.ok) {
        // A name already standing is the name field's problem; anything else (nominations closed) is the process's.
        if (stepped.error.reason !== 'duplicate')
          return errorResponse(c, httpStatusOf(stepped.error), `${stepped.error.message} Nothing was saved.`, { href: here, text: 'Back to the process' });
        return showProcess(
          c,
          deps,
          p,
          { step: name, form: { values: r.form.values, errors: { [NOMINATE_FIELDS.name]: stepped.error.message } } },
          httpStatusOf(stepped.error),
        );
      }
      const s = stepped.value.state;
      const added = s.candidates.at(-1)!;
      const standing = s.candidates.filter((x) => x.withdrawn === null).length;
      return done(c, deps.config, here, `${added.name} is nominated: ${standing} standing for ${s.seats} ${s.seats === 1 ? 'seat' : 'seats'}.`);
    }
    case 'freeze-electorate': {
      const frozen = await freezeElectorate({ store: deps.store, clock: deps.clock, actor: who.member.id }, p.id, p.kind as 'selection' | 'internal-election');
      if (!frozen.ok)
        return errorResponse(c, httpStatusOf(frozen.error), `${frozen.error.message} Nothing was saved.`, { href: here, text: 'Back to the process' });
      return done(c, deps.config, here, `Electorate frozen: ${frozen.value.eligible} of ${frozen.value.total} members eligible.`);
    }
    case 'open-ballot': {
      // The organisation's zone goes with the command: the ballot keeps it, so its closing moment never moves.
      if (!openingTimesSentOnce.safeParse(form).success)
        return errorResponse(c, 400, 'The opening and closing times must each be given once. Nothing was saved.', { href: here, text: 'Back to the process' });
      const times = parseForm(openingTimesForm, form);
      if (!times.ok) return showProcess(c, deps, p, undefined, 400, times.form);
      command = { type: 'open-ballot', timeZone: deps.config.timeZone, opensAt: times.value[OPENS_AT_FIELD], closesAt: times.value[CLOSES_AT_FIELD] };
      break;
    }
    default:
      command = { type: name } as ProcessCommand;
  }
  const r = await applyStep({ store: deps.store, clock: deps.clock, actor: who.member.id }, p, command);
  if (!r.ok) return errorResponse(c, httpStatusOf(r.error), `${r.error.message} Nothing was saved.`, { href: here, text: 'Back to the process' });
  return done(c, deps.config, here, `${STEP_LABELS[name].label}: done. Now: ${phaseText(p.kind, phaseOf(r.value)).toLowerCase()}.`);
};

// ---- National --------------------------------------------------------------------------------

const elections: Handler = async (c, deps) => {
  const rows = (await deps.store.processDocuments({ kind: 'internal-election' }))
    .filter((p) => isOfKind(p, 'internal-election'))
    .map((p) => electionRow(p, mayViewResults(c.get('who'), p)));
  return page(c, electionsPage({ elections: rows, ...(mayOpenElection(c.get('who')!) ? { openUrl: paths.openElectionForm } : {}) }, viewContext(c)));
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

export const officerHandlers: Readonly<Record<string, Handler>> = {
  constituency,
  constituencies,
  processes,
  process: processView,
  'process.electorate': electorate,
  'process.step': takeStep,
  elections,
  rulebooks,
  rulebook,
  'rulebooks.compare': compare,
};
