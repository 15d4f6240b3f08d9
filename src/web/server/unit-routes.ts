/**
 * A unit secretary's pages: their unit's processes, and recording the unit's
 * meeting in a trigger ballot or its nominations in a selection. Every route
 * checks that the secretary holds the office for this very unit, and that the
 * process is one the unit takes part in, before reading the form.
 */
import type { ProcessId, UnitId } from '../../domain/ids.js';
import type { Unit } from '../../domain/organisation.js';
import { dateOf } from '../../domain/time.js';
import { isOfKind, type DocumentOfKind } from '../../app/load-process.js';
import { paths } from '../views/paths.js';
import { dayText } from '../views/format.js';
import { MEETING_FIELDS, NOMINATION_DATE_FIELD, NOMINEE_FIELD, nominationsPage, triggerMeetingPage } from '../views/secretary.js';
import type { Handler } from './app.js';
import { unitOverviewPage, type UnitProcessLink } from '../views/unit.js';
import { meetingView, nominationsView, unitProcessLinks } from '../presenters/unit.js';
import { firstProblem, parseForm, repeatable } from './forms/fields.js';
import { correctionForm, correctionSentOnce, meetingFiguresForm, meetingSentOnce, nominatedForm, nominationsSentOnce } from './forms/unit.js';
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
  if (!mayActForUnit(who, id))
    return errorResponse(c, 403, `You are not the secretary of unit "${id}", so you cannot see or record anything for it. Nothing was saved.`);
  const unit = await deps.store.getUnit(id);
  if (!unit) return errorResponse(c, 404, `There is no unit "${id}".`);
  return { unit, constituency: constituencyOfUnit(unit) };
}

/** A process of the unit's constituency, of the given kind, in which the unit takes part. */
async function unitProcess<K extends 'trigger-ballot' | 'selection'>(c: Ctx, deps: AppDeps, scope: UnitScope, kind: K): Promise<DocumentOfKind<K> | Response> {
  const id = param(c, 'process') as ProcessId;
  const proc = await deps.store.processDocument(id);
  if (!proc || !isOfKind(proc, kind) || !takesPart(proc, scope))
    return errorResponse(c, 404, `${scope.unit.name} takes part in no ${kind.replace('-', ' ')} "${id}".`, {
      href: paths.unit(scope.unit.id),
      text: `Back to ${scope.unit.name}`,
    });
  return proc;
}

function takesPart(proc: DocumentOfKind<'trigger-ballot' | 'selection'>, scope: UnitScope): boolean {
  return proc.constituency === scope.constituency && proc.state.units.some((u) => u.id === scope.unit.id);
}

/** A unit's part in its constituency's processes (none for a unit outside every constituency). */
async function linksOf(deps: AppDeps, unit: Unit): Promise<UnitProcessLink[]> {
  const constituency = constituencyOfUnit(unit);
  return constituency === null ? [] : unitProcessLinks(unit, await deps.store.processDocuments({ constituency }));
}

const overview: Handler = async (c, deps) => {
  const scope = await ownUnit(c, deps);
  if (scope instanceof Response) return scope;
  // A secretary of several units sees each of them here, with what each can record now.
  const others = [];
  for (const u of c.get('who')!.units.filter((x) => x.id !== scope.unit.id))
    others.push({ id: u.id, name: u.name, href: paths.unit(u.id), processes: await linksOf(deps, u) });
  return page(c, unitOverviewPage({ unit: { id: scope.unit.id, name: scope.unit.name }, processes: await linksOf(deps, scope.unit), others }, viewContext(c)));
};

// ---- Trigger-ballot meeting --------------------------------------------------------------------

const meetingForm: Handler = async (c, deps) => {
  const scope = await ownUnit(c, deps);
  if (scope instanceof Response) return scope;
  const proc = await unitProcess(c, deps, scope, 'trigger-ballot');
  if (proc instanceof Response) return proc;
  return page(
    c,
    triggerMeetingPage(
      meetingView(scope.unit, proc, await rulebookFor(deps.store, proc), { values: { date: dateOf(deps.clock.now()) }, errors: {} }),
      viewContext(c),
    ),
  );
};

const recordMeeting: Handler = async (c, deps) => {
  const who = c.get('who')!;
  const scope = await ownUnit(c, deps);
  if (scope instanceof Response) return scope;
  const proc = await unitProcess(c, deps, scope, 'trigger-ballot');
  if (proc instanceof Response) return proc;
  const form = c.get('form');
  const sent = meetingSentOnce.safeParse(form);
  if (!sent.success) return errorResponse(c, 400, `${firstProblem(sent.error)} Nothing was saved.`);
  const meeting = parseForm(meetingFiguresForm, form);
  const values: Record<string, string> = { ...meeting.form.values };
  const errors: Record<string, string> = { ...meeting.form.errors };
  const s = proc.state;
  const already = s.units.find((u) => u.id === scope.unit.id)?.result !== null;
  let reason = '';
  if (already) {
    const reasonSent = correctionSentOnce.safeParse(form);
    if (!reasonSent.success) return errorResponse(c, 400, `${firstProblem(reasonSent.error)} Nothing was saved.`);
    const correction = parseForm(correctionForm, form);
    Object.assign(values, correction.form.values);
    Object.assign(errors, correction.form.errors);
    if (correction.ok) reason = correction.value[MEETING_FIELDS.reason];
  }
  const render = async (errs: Record<string, string>, status: 400 | RefusalStatus) =>
    page(c, triggerMeetingPage(meetingView(scope.unit, proc, await rulebookFor(deps.store, proc), { values, errors: errs }), viewContext(c)), status);
  if (!meeting.ok || Object.keys(errors).length > 0) return render(errors, 400);

  const numbers = meeting.value;
  const figures = { for: numbers.for, against: numbers.against, abstentions: numbers.abstentions, attendance: numbers.attendance, date: numbers.date };
  const command = already
    ? { type: 'correct-meeting' as const, unit: scope.unit.id, reason, ...figures }
    : { type: 'record-meeting' as const, unit: scope.unit.id, ...figures };
  const r = await applyStep({ store: deps.store, clock: deps.clock, actor: who.member.id }, proc, command);
  if (!r.ok) return render({ '': r.error.message }, httpStatusOf(r.error));
  const verb = already ? 'is corrected' : 'is recorded';
  return done(
    c,
    deps.config,
    paths.unit(scope.unit.id),
    `${scope.unit.name}'s meeting of ${dayText(values.date)} ${verb}: ${numbers.for} for, ${numbers.against} against.`,
  );
};

// ---- Selection nominations ---------------------------------------------------------------------

const nominationsForm: Handler = async (c, deps) => {
  const scope = await ownUnit(c, deps);
  if (scope instanceof Response) return scope;
  const proc = await unitProcess(c, deps, scope, 'selection');
  if (proc instanceof Response) return proc;
  return page(
    c,
    nominationsPage(
      nominationsView(scope.unit, proc, await rulebookFor(deps.store, proc), { values: { [NOMINATION_DATE_FIELD]: dateOf(deps.clock.now()) }, errors: {} }),
      viewContext(c),
    ),
  );
};

const recordNominations: Handler = async (c, deps) => {
  const who = c.get('who')!;
  const scope = await ownUnit(c, deps);
  if (scope instanceof Response) return scope;
  const proc = await unitProcess(c, deps, scope, 'selection');
  if (proc instanceof Response) return proc;
  const form = c.get('form');
  const sent = nominationsSentOnce.safeParse(form);
  if (!sent.success) return errorResponse(c, 400, `${firstProblem(sent.error)} Nothing was saved.`);
  const read = parseForm(nominatedForm(dateOf(deps.clock.now())), form);
  // The ticked candidates go back as one list, so that the boxes come back ticked.
  const values = { [NOMINEE_FIELD]: repeatable.parse(form[NOMINEE_FIELD]).join(','), [NOMINATION_DATE_FIELD]: read.form.values[NOMINATION_DATE_FIELD] ?? '' };
  const render = async (errs: Record<string, string>, status: 400 | RefusalStatus) =>
    page(c, nominationsPage(nominationsView(scope.unit, proc, await rulebookFor(deps.store, proc), { values, errors: errs }), viewContext(c)), status);
  if (!read.ok) return render({ ...read.form.errors }, 400);
  const r = await applyStep({ store: deps.store, clock: deps.clock, actor: who.member.id }, proc, {
    type: 'nominate',
    unit: scope.unit.id,
    candidates: read.value[NOMINEE_FIELD],
  });
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
