/**
 * Emergencies on the web, for national officers (src/app/emergency.ts): declaring a snap election,
 * the National Executive Committee's endorsement of a readoption, pausing, resuming and extending a
 * process's timetable, and an emergency selection's panel (its applicants, its shortlist, its
 * decision). Every change is a step of the process, audited as one.
 */
import {
  awaitingEndorsement,
  changeTimetable,
  declareSnapElection,
  decideEndorsement,
  emergencySelections,
  openEmergencySelection,
  pausedProcesses,
  seatsWithoutCandidate,
  type SnapElectionOutcome,
  type TimetableAction,
} from '../../app/emergency.js';
import { applyStep } from '../../app/apply-step.js';
import { rulebookFor } from '../../app/rulebook-of.js';
import type { ProcessId, UnitId } from '../../domain/ids.js';
import {
  hasTimetable,
  type ProcessDocument,
  type SelectionDocument,
  type TimedProcessDocument,
  type TriggerBallotDocument,
} from '../../domain/processes/documents.js';
import { allowedNow, pauseWords } from '../../domain/processes/index.js';
import { dateOf, isIsoDate } from '../../domain/time.js';
import type { FormState } from '../views/context.js';
import {
  EMERGENCY_OPEN_FIELDS,
  ENDORSE_FIELDS,
  PANEL_STEP_FIELDS,
  SNAP_FIELDS,
  TIMETABLE_FIELDS,
  emergencyPage,
  endorsementPage,
  panelPage,
  timetablePage,
  type EmergencySelectionView,
} from '../views/emergency.js';
import { dayText } from '../views/format.js';
import { paths } from '../views/paths.js';
import { phaseText } from '../views/words.js';
import { processTitle, selectionCandidateStatus, timetableMayChange } from '../presenters/process.js';
import type { Handler } from './app.js';
import { httpStatusOf } from './http-status.js';
import { done, errorResponse, page, param, viewContext, type AppDeps, type Ctx } from './http.js';
import { repeatable } from './forms/fields.js';

const EMPTY: FormState = { values: {}, errors: {} };
const REASON_MAX = 2000;
const SNAP_ACTION = '/emergency/snap-election';
const OPEN_ACTION = '/emergency/selections';
const endorsementUrl = (id: string) => `/processes/${encodeURIComponent(id)}/endorsement`;
const panelUrl = (id: string) => `/processes/${encodeURIComponent(id)}/panel`;

const text = (c: Ctx, name: string): string => {
  const v = c.get('form')[name];
  return (Array.isArray(v) ? String(v[0] ?? '') : String(v ?? '')).trim();
};

/** A reason: required, and not a book. */
function reasonProblem(value: string, missing: string): string | null {
  if (value === '') return missing;
  return value.length > REASON_MAX ? `Keep it under ${REASON_MAX} characters.` : null;
}

const acting = (c: Ctx, deps: AppDeps) => ({ store: deps.store, clock: deps.clock, actor: c.get('who')!.member.id });

/** The national body's name, from the rulebook in force's emergency rules (Labour's by default). */
async function bodyOf(deps: AppDeps, p?: ProcessDocument): Promise<string> {
  const named = p ? (await rulebookFor(deps.store, p))?.emergency?.nationalBody : undefined;
  return named ?? 'the National Executive Committee';
}

async function whereOf(deps: AppDeps, p: ProcessDocument): Promise<string> {
  if (p.constituency === null) return 'The whole party';
  return (await deps.store.getUnit(p.constituency as UnitId))?.name ?? p.constituency;
}

// ---- The emergencies page ---------------------------------------------------------------------

interface EmergencySent {
  readonly declared?: readonly SnapElectionOutcome[];
  readonly declare?: FormState;
  readonly open?: FormState;
}

async function showEmergencies(c: Ctx, deps: AppDeps, sent: EmergencySent = {}, status: 200 | 400 | 404 | 409 | 422 = 200): Promise<Response> {
  const a = { store: deps.store };
  const names = new Map((await deps.store.listUnits({ kind: 'constituency' })).map((u) => [u.id as string, u.name]));
  const where = (p: ProcessDocument) => (p.constituency === null ? 'The whole party' : (names.get(p.constituency) ?? p.constituency));
  const awaiting = await awaitingEndorsement(a);
  const view = {
    ...(sent.declared ? { declared: sent.declared.map((o) => ({ title: o.title, where: o.where, words: o.words, href: paths.process(o.process) })) } : {}),
    declare: { action: SNAP_ACTION, form: sent.declare ?? EMPTY },
    awaiting: awaiting.map((p) => ({ title: processTitle(p), where: where(p), href: paths.process(p.id), decideHref: endorsementUrl(p.id) })),
    paused: (await pausedProcesses(a)).map((p) => ({
      title: processTitle(p),
      where: where(p),
      href: paths.process(p.id),
      paused: pauseWords(p.state.paused!),
      timetableHref: paths.processTimetable(p.id),
    })),
    seats: await Promise.all(
      (await seatsWithoutCandidate(a)).map(async (p) => ({
        where: where(p),
        href: paths.process(p.id),
        why:
          p.state.outcome?.decidedBy === 'endorsement-refused'
            ? `${await bodyOf(deps, p)} refused to endorse the readoption of ${p.state.incumbent.name}.`
            : `the review of ${p.state.incumbent.name} was triggered.`,
      })),
    ),
    open: {
      action: OPEN_ACTION,
      form: sent.open ?? EMPTY,
      constituencies: [...names.entries()].map(([value, t]) => ({ value, text: t })).sort((x, y) => x.text.localeCompare(y.text)),
    },
    selections: (await emergencySelections(a)).map((p) => ({
      title: p.state.title,
      href: paths.process(p.id),
      panelHref: panelUrl(p.id),
      stage: phaseText('selection', p.state.phase),
    })),
    body: await bodyOf(deps, awaiting[0]),
  };
  return page(c, emergencyPage(view, viewContext(c)), status);
}

const emergency: Handler = (c, deps) => showEmergencies(c, deps);

const snapElection: Handler = async (c, deps) => {
  const values = { [SNAP_FIELDS.reason]: text(c, SNAP_FIELDS.reason) };
  const problem = reasonProblem(values[SNAP_FIELDS.reason], 'Say why: for example, that a general election has been called, and for when.');
  if (problem) return showEmergencies(c, deps, { declare: { values, errors: { [SNAP_FIELDS.reason]: problem } } }, 400);
  const r = await declareSnapElection(acting(c, deps), values[SNAP_FIELDS.reason]);
  if (!r.ok) return showEmergencies(c, deps, { declare: { values, errors: { [SNAP_FIELDS.reason]: r.error.message } } }, 400);
  return showEmergencies(c, deps, { declared: r.value });
};

const openSelection: Handler = async (c, deps) => {
  const F = EMERGENCY_OPEN_FIELDS;
  const values = { [F.constituency]: text(c, F.constituency), [F.panel]: text(c, F.panel), [F.reason]: text(c, F.reason), [F.closes]: text(c, F.closes) };
  const errors: Record<string, string> = {};
  if (values[F.constituency] === '') errors[F.constituency] = 'Choose the constituency.';
  const panel = reasonProblem(values[F.panel]!, 'Name the panel: who sits on it.');
  if (panel) errors[F.panel] = panel;
  const reason = reasonProblem(values[F.reason]!, 'Say why the seat needs an emergency selection.');
  if (reason) errors[F.reason] = reason;
  const closes = values[F.closes]!;
  if (closes !== '' && !isIsoDate(closes)) errors[F.closes] = 'Enter the date applications close, like 2026-03-05, or leave it empty.';
  else if (closes !== '' && closes < dateOf(deps.clock.now())) errors[F.closes] = 'Applications cannot close before today.';
  if (Object.keys(errors).length > 0) return showEmergencies(c, deps, { open: { values, errors } }, 400);
  const r = await openEmergencySelection(acting(c, deps), values[F.constituency] as UnitId, {
    panel: values[F.panel]!,
    reason: values[F.reason]!,
    ...(closes === '' ? {} : { applicationsClose: closes as never }),
  });
  if (!r.ok)
    return showEmergencies(
      c,
      deps,
      { open: { values, errors: { [r.error.reason === 'timetable' ? F.closes : F.constituency]: `${r.error.message} Nothing was saved.` } } },
      httpStatusOf(r.error) as 400 | 404 | 409 | 422,
    );
  return done(c, deps.config, panelUrl(r.value.id), `${r.value.state.title} is open. Its panel adds the applicants, then shortlists once applications close.`);
};

// ---- Endorsement --------------------------------------------------------------------------------

async function reviewOf(c: Ctx, deps: AppDeps): Promise<TriggerBallotDocument | Response> {
  const p = await deps.store.processDocument(param(c, 'process') as ProcessId);
  if (p?.kind !== 'trigger-ballot') return errorResponse(c, 404, 'There is no such review.', { href: paths.emergency, text: 'Emergencies' });
  if (p.state.phase !== 'awaiting-endorsement')
    return errorResponse(c, 409, `The review of ${p.state.incumbent.name} is not waiting for endorsement.`, { href: paths.process(p.id), text: 'The review' });
  return p;
}

async function showEndorsement(c: Ctx, deps: AppDeps, p: TriggerBallotDocument, form: FormState = EMPTY, status: 200 | 400 | 409 | 422 = 200) {
  const body = await bodyOf(deps, p);
  const e = p.state.endorsement!;
  const waiting =
    e.required === 'snap-election'
      ? `A snap election was called on ${dayText(e.readoption.at)}: ${p.state.incumbent.name} is to be readopted, waiting for ${body} to endorse the readoption.`
      : `The review readopted ${p.state.incumbent.name} on ${dayText(e.readoption.at)}; the readoption is waiting for ${body} to endorse it.`;
  const shown = form === EMPTY ? { values: { [ENDORSE_FIELDS.date]: dateOf(deps.clock.now()) }, errors: {} } : form;
  return page(
    c,
    endorsementPage(
      { title: processTitle(p), where: await whereOf(deps, p), href: paths.process(p.id), waiting, body, form: { action: endorsementUrl(p.id), form: shown } },
      viewContext(c),
    ),
    status,
  );
}

const endorsement: Handler = async (c, deps) => {
  const p = await reviewOf(c, deps);
  return p instanceof Response ? p : showEndorsement(c, deps, p);
};

const endorse: Handler = async (c, deps) => {
  const p = await reviewOf(c, deps);
  if (p instanceof Response) return p;
  const F = ENDORSE_FIELDS;
  const values = { [F.decision]: text(c, F.decision), [F.reason]: text(c, F.reason), [F.date]: text(c, F.date) };
  const errors: Record<string, string> = {};
  const decision = values[F.decision];
  if (decision !== 'endorse' && decision !== 'refuse') errors[F.decision] = 'Choose whether to endorse the readoption or refuse.';
  const reason = reasonProblem(values[F.reason]!, 'Give the reason for the decision.');
  if (reason) errors[F.reason] = reason;
  if (!isIsoDate(values[F.date])) errors[F.date] = 'Enter the date of the decision, like 2026-03-05.';
  if (Object.keys(errors).length > 0) return showEndorsement(c, deps, p, { values, errors }, 400);
  const r = await decideEndorsement(acting(c, deps), p.id, {
    decision: decision as 'endorse' | 'refuse',
    reason: values[F.reason]!,
    date: values[F.date] as never,
  });
  if (!r.ok) {
    const field = r.error.reason === 'timetable' || /date/i.test(r.error.message) ? F.date : F.reason;
    return showEndorsement(c, deps, p, { values, errors: { [field]: `${r.error.message} Nothing was saved.` } }, httpStatusOf(r.error) as 400 | 409 | 422);
  }
  const name = p.state.incumbent.name;
  return done(
    c,
    deps.config,
    paths.emergency,
    decision === 'endorse'
      ? `${name}’s readoption is endorsed: ${name} is the candidate.`
      : `Endorsement of ${name} is refused: the seat is without a candidate, and an emergency selection can be opened for it.`,
  );
};

// ---- The timetable ------------------------------------------------------------------------------

const DATE_WORDS: Readonly<Record<string, string>> = {
  closes: 'Last day for meetings',
  applicationsClose: 'Applications close',
  nominationsClose: 'Nominations close',
  freezeDate: 'Freeze date',
  ballotOpens: 'The ballot opens',
  ballotCloses: 'The ballot closes',
};

/** The dates of a process's timetable, by name. */
function datesOf(p: TimedProcessDocument): Record<string, string> {
  return p.kind === 'trigger-ballot' ? { closes: p.state.closes } : { ...p.state.timetable };
}

/** The date extending moves, as the domain chooses it for the stage under way. */
function extendedDate(p: TimedProcessDocument): string {
  if (p.kind === 'trigger-ballot') return 'closes';
  const phase = p.state.phase;
  return phase === 'applications' ? 'applicationsClose' : phase === 'nominations' ? 'nominationsClose' : 'ballotCloses';
}

/** A process with a timetable (a nomination meeting, held on one day, has none to pause or extend). */
async function processOf(c: Ctx, deps: AppDeps): Promise<TimedProcessDocument | Response> {
  const p = await deps.store.processDocument(param(c, 'process') as ProcessId);
  return p && hasTimetable(p) ? p : errorResponse(c, 404, 'There is no such process with a timetable.', { href: paths.processes, text: 'All processes' });
}

function showTimetable(c: Ctx, p: TimedProcessDocument, sent?: { action: string; form: FormState }, status: 200 | 400 | 409 | 422 = 200): Response {
  const allowed = allowedNow(p.state);
  const field = extendedDate(p);
  const changes = (p.state.timetableChanges ?? []).map(
    (x) => `${x.kind === 'paused' ? 'Paused' : x.kind === 'resumed' ? 'Resumed' : 'Extended'} on ${dayText(x.at)}: ${x.reason}`,
  );
  return page(
    c,
    timetablePage(
      {
        title: processTitle(p),
        href: paths.process(p.id),
        stage: phaseText(p.kind, p.state.phase),
        paused: p.state.paused ? pauseWords(p.state.paused) : null,
        dates: Object.entries(datesOf(p)).map(([k, v]) => ({ step: DATE_WORDS[k] ?? k, date: dayText(v) })),
        extends: allowed.includes('extend-timetable') ? (DATE_WORDS[field] ?? field).toLowerCase().replace(/^/, 'the date: ') : null,
        mayPause: timetableMayChange(p),
        action: paths.processTimetable(p.id),
        ...(sent ? { sent } : {}),
        changes,
      },
      viewContext(c),
    ),
    status,
  );
}

const timetable: Handler = async (c, deps) => {
  const p = await processOf(c, deps);
  return p instanceof Response ? p : showTimetable(c, p);
};

const changeTimetableStep: Handler = async (c, deps) => {
  const p = await processOf(c, deps);
  if (p instanceof Response) return p;
  const F = TIMETABLE_FIELDS;
  const action = text(c, F.action);
  const values = { [F.reason]: text(c, F.reason), [F.date]: text(c, F.date) };
  if (action !== 'pause' && action !== 'resume' && action !== 'extend')
    return errorResponse(c, 400, 'Choose to pause, resume or extend the timetable. Nothing was saved.', {
      href: paths.processTimetable(p.id),
      text: 'The timetable',
    });
  const errors: Record<string, string> = {};
  const reason = reasonProblem(values[F.reason]!, `Say why the timetable is ${action === 'pause' ? 'paused' : action === 'resume' ? 'resumed' : 'extended'}.`);
  if (reason) errors[F.reason] = reason;
  const date = values[F.date]!;
  if (action === 'extend' && !isIsoDate(date)) errors[F.date] = 'Enter the new date, like 2026-03-05.';
  if (action === 'resume' && date !== '' && !isIsoDate(date)) errors[F.date] = 'Enter the new closing date, like 2026-03-05, or leave it empty.';
  if (Object.keys(errors).length > 0) return showTimetable(c, p, { action, form: { values, errors } }, 400);
  const change: TimetableAction =
    action === 'pause'
      ? { action, reason: values[F.reason]! }
      : action === 'extend'
        ? { action, reason: values[F.reason]!, closes: date as never }
        : { action, reason: values[F.reason]!, ...(date === '' ? {} : { dates: { [extendedDate(p)]: date as never } }) };
  const r = await changeTimetable(acting(c, deps), p, change);
  if (!r.ok) {
    const field = r.error.reason === 'timetable' || /date/i.test(r.error.message) ? F.date : F.reason;
    return showTimetable(
      c,
      p,
      { action, form: { values, errors: { [field]: `${r.error.message} Nothing was saved.` } } },
      httpStatusOf(r.error) as 400 | 409 | 422,
    );
  }
  const said = action === 'pause' ? 'is paused' : action === 'resume' ? 'is resumed' : 'is extended';
  return done(c, deps.config, paths.process(p.id), `The timetable ${said}.`);
};

// ---- An emergency selection's panel --------------------------------------------------------------

async function selectionOf(c: Ctx, deps: AppDeps): Promise<SelectionDocument | Response> {
  const p = await deps.store.processDocument(param(c, 'process') as ProcessId);
  if (p?.kind !== 'selection' || !p.state.emergency)
    return errorResponse(c, 404, 'There is no such emergency selection.', { href: paths.emergency, text: 'Emergencies' });
  return p;
}

async function showPanel(c: Ctx, deps: AppDeps, p: SelectionDocument, sent?: { action: string; form: FormState }, status: 200 | 400 | 409 | 422 = 200) {
  const s = p.state;
  const e = s.emergency!;
  const allowed = allowedNow(s);
  const formOf = (action: string): FormState => (sent?.action === action ? sent.form : EMPTY);
  const at = { action: panelUrl(p.id) };
  const view: EmergencySelectionView = {
    title: s.title,
    where: await whereOf(deps, p),
    href: paths.process(p.id),
    stage: phaseText('selection', s.phase),
    panel: `Run by ${e.panel}; ${e.decidedBy === 'panel-decides' ? 'the panel chooses the candidate from its shortlist' : 'the members vote on the panel’s shortlist, on a short timetable'}. Applications close on ${dayText(s.timetable.applicationsClose)}.`,
    candidates: s.candidates.map((x) => ({
      id: x.id,
      name: x.name,
      note: `${x.gender ?? 'gender not given'}; ${selectionCandidateStatus(s, x)}`,
      shortlisted: (s.shortlist ?? []).includes(x.id),
    })),
    ...(allowed.includes('apply') ? { add: { ...at, form: formOf('add') } } : {}),
    ...(allowed.includes('set-shortlist') ? { shortlist: { ...at, form: formOf('shortlist') } } : {}),
    ...(allowed.includes('panel-decide') ? { decide: { ...at, form: formOf('decide') } } : {}),
  };
  return page(c, panelPage(view, viewContext(c)), status);
}

const panel: Handler = async (c, deps) => {
  const p = await selectionOf(c, deps);
  return p instanceof Response ? p : showPanel(c, deps, p);
};

const panelStep: Handler = async (c, deps) => {
  const p = await selectionOf(c, deps);
  if (p instanceof Response) return p;
  const F = PANEL_STEP_FIELDS;
  const action = text(c, F.action);
  const refuse = (field: string, message: string, values: Record<string, string>, status: 400 | 409 | 422) =>
    showPanel(c, deps, p, { action, form: { values, errors: { [field]: message } } }, status);
  const a = acting(c, deps);
  if (action === 'add') {
    const values = { [F.name]: text(c, F.name), [F.gender]: text(c, F.gender) };
    if (values[F.name] === '') return refuse(F.name, 'Enter the applicant’s name.', values, 400);
    const r = await applyStep(a, p, { type: 'apply', name: values[F.name]!, gender: values[F.gender] || null });
    if (!r.ok) return refuse(F.name, `${r.error.message} Nothing was saved.`, values, httpStatusOf(r.error) as 400 | 409 | 422);
    return done(c, deps.config, panelUrl(p.id), `${values[F.name]} is an applicant.`);
  }
  if (action === 'shortlist') {
    const ticked = repeatable.parse(c.get('form')[F.candidate]);
    const values = { [F.candidate]: ticked.join(',') };
    if (ticked.length === 0) return refuse(F.candidate, 'Tick the applicants the panel shortlists.', values, 400);
    const r = await applyStep(a, p, { type: 'set-shortlist', candidates: ticked });
    if (!r.ok) return refuse(F.candidate, `${r.error.message} Nothing was saved.`, values, httpStatusOf(r.error) as 400 | 409 | 422);
    return done(c, deps.config, panelUrl(p.id), 'The panel’s shortlist is set.');
  }
  if (action === 'decide') {
    const values = { [F.candidate]: text(c, F.candidate), [F.reasons]: text(c, F.reasons) };
    if (values[F.candidate] === '') return refuse(F.candidate, 'Choose the candidate the panel selects.', values, 400);
    const problem = reasonProblem(values[F.reasons]!, 'Give the panel’s reasons.');
    if (problem) return refuse(F.reasons, problem, values, 400);
    const r = await applyStep(a, p, { type: 'panel-decide', candidate: values[F.candidate]!, reasons: values[F.reasons]! });
    if (!r.ok) return refuse(F.candidate, `${r.error.message} Nothing was saved.`, values, httpStatusOf(r.error) as 400 | 409 | 422);
    const chosen = r.value.state.declaration?.name ?? 'The candidate';
    return done(c, deps.config, paths.process(p.id), `${chosen} is selected by the panel.`);
  }
  return errorResponse(c, 400, 'Choose what the panel does: add an applicant, shortlist or decide. Nothing was saved.', {
    href: panelUrl(p.id),
    text: 'The panel',
  });
};

export const emergencyHandlers: Readonly<Record<string, Handler>> = {
  emergency,
  'emergency.snap-election': snapElection,
  'emergency.open-selection': openSelection,
  'process.endorsement': endorsement,
  'process.endorsement.decide': endorse,
  'process.timetable': timetable,
  'process.timetable.change': changeTimetableStep,
  'process.panel': panel,
  'process.panel.step': panelStep,
};
