/**
 * A unit secretary's pages: their unit's processes, and recording the unit's
 * meeting in a trigger ballot or its nominations in a selection. Every route
 * checks that the secretary holds the office for this very unit, and that the
 * process is one the unit takes part in, before reading the form.
 */
import type { ProcessId, UnitId } from '../../domain/ids.js';
import type { Unit } from '../../domain/organisation.js';
import type { SelectionState, TriggerBallotState } from '../../domain/processes/index.js';
import { tieWords } from '../../domain/rulebook-words.js';
import { isIsoDate, dateOf } from '../../domain/time.js';
import { decisionOfMeeting } from '../../domain/trigger-outcome.js';
import type { StoredProcess } from '../../store/store.js';
import type { FormState } from '../views/context.js';
import { paths } from '../views/paths.js';
import { MEETING_FIELDS, NOMINATION_DATE_FIELD, NOMINEE_FIELD, nominationsPage, triggerMeetingPage, type RecordedMeeting } from '../views/secretary.js';
import type { Handler } from './app.js';
import { unitOverviewPage, type UnitProcessLink } from './extra-views.js';
import { many, single } from './form.js';
import { done, errorResponse, page, viewContext, type AppDeps, type Ctx, param } from './http.js';
import { constituencyOfUnit, mayActForUnit } from './permissions.js';
import { applyStep } from '../../app/apply-step.js';
import { rulebookFor } from '../../app/rulebook-of.js';
import { httpStatusOf, type RefusalStatus } from './http-status.js';

interface UnitScope {
  readonly unit: Unit;
  readonly constituency: UnitId | null;
}

/** The per-resource check: the signed-in secretary's own unit. */
async function ownUnit(c: Ctx, deps: AppDeps): Promise<UnitScope | Response> {
  const who = c.get('who')!;
  const id = param(c, 'unit') as UnitId;
  if (!mayActForUnit(who, id)) return errorResponse(c, 403, `You are not the secretary of unit "${id}", so you cannot see or record anything for it. Nothing was saved.`);
  const unit = await deps.store.getUnit(id);
  if (!unit) return errorResponse(c, 404, `There is no unit "${id}".`);
  return { unit, constituency: constituencyOfUnit(unit) };
}

/** A process of the unit's constituency, of the given kind, in which the unit takes part. */
async function unitProcess(c: Ctx, deps: AppDeps, scope: UnitScope, kind: 'trigger-ballot' | 'selection'): Promise<StoredProcess | Response> {
  const id = param(c, 'process') as ProcessId;
  const process = await deps.store.getProcess(id);
  const takesPart = process !== null && process.kind === kind && process.constituency === scope.constituency && (process.state as { units: readonly { id: string }[] }).units.some((u) => u.id === scope.unit.id);
  if (!process || !takesPart) return errorResponse(c, 404, `${scope.unit.name} takes part in no ${kind.replace('-', ' ')} "${id}".`, { href: paths.unit(scope.unit.id), text: `Back to ${scope.unit.name}` });
  return process;
}

const overview: Handler = async (c, deps) => {
  const scope = await ownUnit(c, deps);
  if (scope instanceof Response) return scope;
  const links: UnitProcessLink[] = [];
  if (scope.constituency !== null) {
    for (const p of await deps.store.listProcesses({ constituency: scope.constituency })) {
      if (p.kind === 'trigger-ballot') {
        const s = p.state as TriggerBallotState;
        const mine = s.units.find((u) => u.id === scope.unit.id);
        if (!mine || s.mode !== 'trigger-ballot') continue;
        const recorded = mine.result === null ? 'nothing recorded yet' : mine.result.kind === 'meeting' ? `meeting of ${mine.result.date} recorded` : 'recorded as not meeting';
        links.push({ title: `Trigger ballot: review of ${s.incumbent.name}`, status: `${s.phase === 'open' ? 'open until ' + s.closes : s.phase}; ${recorded}`, href: s.phase === 'open' ? paths.unitMeeting(scope.unit.id, p.id) : null, action: 'Record the meeting' });
      } else if (p.kind === 'selection') {
        const s = p.state as SelectionState;
        if (!s.units.some((u) => u.id === scope.unit.id)) continue;
        const mine = s.nominations.find((n) => n.unit === scope.unit.id);
        const status = mine ? `nominations recorded (${mine.candidates.map((id) => s.candidates.find((x) => x.id === id)?.name ?? id).join(', ')})` : s.phase === 'nominations' ? `nominations open until ${s.timetable.nominationsClose}` : `phase: ${s.phase}`;
        links.push({ title: s.title, status, href: s.phase === 'nominations' && !mine ? paths.unitNominations(scope.unit.id, p.id) : null, action: 'Record nominations' });
      }
    }
  }
  return page(c, unitOverviewPage({ unit: { id: scope.unit.id, name: scope.unit.name }, processes: links }, viewContext(c)));
};

// ---- Trigger-ballot meeting --------------------------------------------------------------------

function recordedOf(s: TriggerBallotState, unitId: string, process: StoredProcess): RecordedMeeting | undefined {
  const u = s.units.find((x) => x.id === unitId);
  const r = u?.result;
  if (!r || r.kind !== 'meeting') return undefined;
  const rb = rulebookFor(process);
  const review = rb?.incumbentReview;
  const d = review && review.kind === 'trigger-ballot' ? decisionOfMeeting(review.unitVote, r) : null;
  return { for: r.for, against: r.against, abstentions: r.abstentions, attendance: r.attendance, date: r.date, decision: d && d.ok ? `${d.value.decision}: ${d.value.reason}` : 'not decided' };
}

function meetingView(scope: UnitScope, process: StoredProcess, form: FormState) {
  const s = process.state as TriggerBallotState;
  const rb = rulebookFor(process);
  const review = rb?.incumbentReview;
  const recorded = recordedOf(s, scope.unit.id, process);
  return {
    unit: { id: scope.unit.id, name: scope.unit.name },
    process: { id: process.id, name: `Review of ${s.incumbent.name}, ${process.id}` },
    incumbent: s.incumbent.name,
    tieRule: review && review.kind === 'trigger-ballot' ? tieWords(review.unitVote.tie) : 'the rulebook decides a tie',
    form,
    ...(recorded ? { recorded } : {}),
  };
}

const meetingForm: Handler = async (c, deps) => {
  const scope = await ownUnit(c, deps);
  if (scope instanceof Response) return scope;
  const process = await unitProcess(c, deps, scope, 'trigger-ballot');
  if (process instanceof Response) return process;
  return page(c, triggerMeetingPage(meetingView(scope, process, { values: { date: dateOf(deps.clock.now()) }, errors: {} }), viewContext(c)));
};

const COUNT_FIELDS = ['for', 'against', 'abstentions', 'attendance'] as const;
/** A reason is a sentence or two; more is kept out of the record and the page. */
const REASON_MAX = 500;

const recordMeeting: Handler = async (c, deps) => {
  const who = c.get('who')!;
  const scope = await ownUnit(c, deps);
  if (scope instanceof Response) return scope;
  const process = await unitProcess(c, deps, scope, 'trigger-ballot');
  if (process instanceof Response) return process;
  const form = c.get('form');
  const values: Record<string, string> = {};
  const errors: Record<string, string> = {};
  const numbers: Record<string, number> = {};
  for (const name of [...COUNT_FIELDS, 'date'] as const) {
    const f = single(form, MEETING_FIELDS[name]);
    if (f.error) return errorResponse(c, 400, `${f.error} Nothing was saved.`);
    const v = (f.value ?? '').trim();
    values[name] = v;
    if (name === 'date') {
      if (!isIsoDate(v)) errors.date = 'Enter the date of the meeting, like 2024-03-21.';
    } else if (!/^\d{1,7}$/.test(v)) {
      errors[name] = 'Enter a whole number, 0 or more.';
    } else numbers[name] = Number(v);
  }
  const s = process.state as TriggerBallotState;
  const already = s.units.find((u) => u.id === scope.unit.id)?.result !== null;
  // A correction changes a result others have seen, so, as on the command line, it needs a reason in words.
  if (already) {
    const f = single(form, MEETING_FIELDS.reason);
    if (f.error) return errorResponse(c, 400, `${f.error} Nothing was saved.`);
    values.reason = (f.value ?? '').trim();
    if (values.reason === '') errors.reason = 'Say why the recorded meeting is being corrected, for example: the votes were entered the wrong way round.';
    else if (values.reason.length > REASON_MAX) errors.reason = `Keep the reason to ${REASON_MAX} characters or fewer (this one has ${values.reason.length}).`;
  }
  const render = (errs: Record<string, string>, status: 400 | RefusalStatus) => page(c, triggerMeetingPage(meetingView(scope, process, { values, errors: errs }), viewContext(c)), status);
  if (Object.keys(errors).length > 0) return render(errors, 400);

  const figures = { for: numbers.for, against: numbers.against, abstentions: numbers.abstentions, attendance: numbers.attendance, date: values.date as never };
  const command = already
    ? { type: 'correct-meeting' as const, unit: scope.unit.id, reason: values.reason, ...figures }
    : { type: 'record-meeting' as const, unit: scope.unit.id, ...figures };
  const r = await applyStep({ store: deps.store, clock: deps.clock, actor: who.member.id }, process, command);
  if (!r.ok) return render({ '': r.error.message }, httpStatusOf(r.error));
  const verb = already ? 'is corrected' : 'is recorded';
  return done(c, deps.config, paths.unit(scope.unit.id), `${scope.unit.name}'s meeting of ${values.date} ${verb}: ${numbers.for} for, ${numbers.against} against.`);
};

// ---- Selection nominations ---------------------------------------------------------------------

function nominationsView(scope: UnitScope, process: StoredProcess, form: FormState) {
  const s = process.state as SelectionState;
  const rb = rulebookFor(process);
  const rules = rb?.selection.nominations;
  const mine = s.nominations.find((n) => n.unit === scope.unit.id);
  const rule = rules
    ? `Up to ${rules.perUnit} candidate${rules.perUnit === 1 ? '' : 's'}${rules.minWomenPerUnit > 0 && rules.perUnit > 1 ? `; a unit nominating more than one must include at least ${rules.minWomenPerUnit} wom${rules.minWomenPerUnit === 1 ? 'an' : 'en'}` : ''}.`
    : 'As the rulebook allows.';
  return {
    unit: { id: scope.unit.id, name: scope.unit.name },
    process: { id: process.id, name: s.title },
    candidates: s.candidates.filter((x) => x.withdrawn === null).map((x) => ({ id: x.id, name: x.name, gender: x.gender })),
    rule,
    form,
    ...(mine ? { recorded: mine.candidates.map((id) => s.candidates.find((x) => x.id === id)?.name ?? id) } : {}),
  };
}

const nominationsForm: Handler = async (c, deps) => {
  const scope = await ownUnit(c, deps);
  if (scope instanceof Response) return scope;
  const process = await unitProcess(c, deps, scope, 'selection');
  if (process instanceof Response) return process;
  return page(c, nominationsPage(nominationsView(scope, process, { values: { [NOMINATION_DATE_FIELD]: dateOf(deps.clock.now()) }, errors: {} }), viewContext(c)));
};

const recordNominations: Handler = async (c, deps) => {
  const who = c.get('who')!;
  const scope = await ownUnit(c, deps);
  if (scope instanceof Response) return scope;
  const process = await unitProcess(c, deps, scope, 'selection');
  if (process instanceof Response) return process;
  const form = c.get('form');
  const nominees = many(form, NOMINEE_FIELD);
  const date = single(form, NOMINATION_DATE_FIELD);
  if (date.error) return errorResponse(c, 400, `${date.error} Nothing was saved.`);
  const values = { [NOMINEE_FIELD]: nominees.join(','), [NOMINATION_DATE_FIELD]: (date.value ?? '').trim() };
  const errors: Record<string, string> = {};
  const today = dateOf(deps.clock.now());
  if (!isIsoDate(values[NOMINATION_DATE_FIELD])) errors[NOMINATION_DATE_FIELD] = 'Enter the date of the meeting, like 2024-03-21.';
  else if (values[NOMINATION_DATE_FIELD] > today) errors[NOMINATION_DATE_FIELD] = `The meeting cannot be after today (${today}).`;
  if (nominees.length === 0) errors[NOMINEE_FIELD] = 'Choose at least one candidate the meeting nominated.';
  const render = (errs: Record<string, string>, status: 400 | RefusalStatus) => page(c, nominationsPage(nominationsView(scope, process, { values, errors: errs }), viewContext(c)), status);
  if (Object.keys(errors).length > 0) return render(errors, 400);
  const r = await applyStep({ store: deps.store, clock: deps.clock, actor: who.member.id }, process, { type: 'nominate', unit: scope.unit.id, candidates: nominees });
  if (!r.ok) return render({ [NOMINEE_FIELD]: r.error.message }, httpStatusOf(r.error));
  return done(c, deps.config, paths.unit(scope.unit.id), `${scope.unit.name}'s nominations are recorded.`);
};

export const unitHandlers: Readonly<Record<string, Handler>> = {
  unit: overview,
  'unit.meeting.form': meetingForm,
  'unit.meeting': recordMeeting,
  'unit.nominations.form': nominationsForm,
  'unit.nominations': recordNominations,
};
