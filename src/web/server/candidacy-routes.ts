/**
 * Members standing for selection: the page of selections they may apply to
 * and of their applications, and the application itself. Applying checks, in
 * this order, that the selection exists, that the member's branch is in its
 * constituency (403), that it is taking applications (409), that they have not
 * applied already (409), and that they are a member in good standing who could
 * vote in it (403, with the reason) — then applies through the selection's
 * state machine, logged in the audit log as the member's own step.
 */
import { judgeCandidacy } from '../../domain/candidacy.js';
import { checkStatementLength } from '../../domain/processes/candidate-statements.js';
import type { ProcessId, UnitId } from '../../domain/ids.js';
import type { Member, Unit } from '../../domain/organisation.js';
import type { SelectionCandidate, SelectionState } from '../../domain/processes/index.js';
import type { Rulebook } from '../../domain/rulebook.js';
import { dateOf, type IsoDate } from '../../domain/time.js';
import type { Store } from '../../store/store.js';
import { APPLY_FIELDS, applyPage, candidaciesPage, type MyApplication, type OpenSelectionEntry } from '../views/candidacy.js';
import { applicationFormView, applicationRow, type ApplyScope } from '../presenters/candidacy.js';
import type { FormState } from '../views/context.js';
import { paths } from '../views/paths.js';
import type { Handler } from './app.js';
import { mayViewResults } from './permissions.js';
import { parseForm } from './forms/fields.js';
import { applicationForm } from './forms/candidacy.js';
import { done, errorResponse, page, param, viewContext, type AppDeps, type Ctx } from './http.js';
import { applyStep } from '../../app/apply-step.js';
import { rulebookFor } from '../../app/rulebook-of.js';
import { httpStatusOf, type RefusalStatus } from './http-status.js';

/** The constituency a member's branch belongs to, if it is a branch of one. */
async function constituencyOfMember(store: Store, member: Member): Promise<Unit | null> {
  const branch = await store.getUnit(member.branch);
  if (branch?.kind !== 'branch' || branch.parent === null) return null;
  const c = await store.getUnit(branch.parent);
  return c && c.kind === 'constituency' ? c : null;
}

const standingAs = (s: SelectionState, member: Member): SelectionCandidate | undefined =>
  s.candidates.find((c) => c.member === member.id && c.withdrawn === null);

const takingApplications = (s: SelectionState, today: IsoDate): boolean => s.phase === 'applications' && today <= s.timetable.applicationsClose;

/** Whether the member may stand in the selection, judged as the rules and the domain say. */
async function judge(store: Store, member: Member, constituency: Unit, s: SelectionState, rulebook: Rulebook, today: IsoDate) {
  const branches = await store.listUnits({ kind: 'branch', parent: constituency.id });
  return judgeCandidacy(member, rulebook.eligibility, {
    freezeDate: s.timetable.freezeDate,
    today,
    unitBranches: new Set(branches.map((b) => b.id)),
    unitName: constituency.name,
    branchNames: new Map(branches.map((b) => [b.id, b.name])),
  });
}

// ---- The member's page -------------------------------------------------------------------------

const candidacies: Handler = async (c, deps) => {
  const member = c.get('who')!.member;
  const today = dateOf(deps.clock.now());
  const constituency = await constituencyOfMember(deps.store, member);
  const selections = await deps.store.processDocuments({ kind: 'selection' });
  const open: OpenSelectionEntry[] = [];
  const mine: MyApplication[] = [];
  const names = new Map<string, string>();
  const nameOf = async (id: string | null): Promise<string> => {
    if (id === null) return '';
    if (!names.has(id)) names.set(id, (await deps.store.getUnit(id as UnitId))?.name ?? id);
    return names.get(id)!;
  };
  for (const p of selections) {
    if (p.kind !== 'selection') continue;
    const s = p.state;
    for (const cand of s.candidates.filter((x) => x.member === member.id)) {
      mine.push(applicationRow(p, cand, await nameOf(p.constituency), mayViewResults(c.get('who'), p)));
    }
    if (constituency === null || p.constituency !== constituency.id || !takingApplications(s, today) || standingAs(s, member)) continue;
    const rulebook = rulebookFor(p);
    const judged = rulebook
      ? await judge(deps.store, member, constituency, s, rulebook, today)
      : { eligible: false, reason: `It runs under rulebook ${p.rulebook}, which this version of Hustings does not bundle.` };
    open.push({
      process: p.id,
      title: s.title,
      constituency: constituency.name,
      applicationsClose: s.timetable.applicationsClose,
      mayApply: judged.eligible,
      reason: judged.reason,
    });
  }
  return page(c, candidaciesPage({ constituency: constituency?.name ?? null, open, mine }, viewContext(c)));
};

// ---- Applying ---------------------------------------------------------------------------------

async function applyScope(c: Ctx, deps: AppDeps): Promise<ApplyScope | Response> {
  const member = c.get('who')!.member;
  const id = param(c, 'process') as ProcessId;
  const back = { href: paths.candidacies, text: 'Back to standing for selection' };
  const proc = await deps.store.processDocument(id);
  if (proc?.kind !== 'selection' || proc.constituency === null) return errorResponse(c, 404, `There is no selection "${id}".`, back);
  const s = proc.state;
  const constituency = await deps.store.getUnit(proc.constituency);
  const mine = await constituencyOfMember(deps.store, member);
  if (!constituency || mine?.id !== constituency.id) {
    return errorResponse(
      c,
      403,
      `${s.title} is for members in ${constituency?.name ?? proc.constituency}, and your branch is ${mine ? `in ${mine.name}` : 'not in a constituency'}; only members there may apply. Nothing was saved.`,
      back,
    );
  }
  const today = dateOf(deps.clock.now());
  if (!takingApplications(s, today)) {
    return errorResponse(
      c,
      409,
      s.phase === 'applications'
        ? `Applications for ${s.title} closed on ${s.timetable.applicationsClose}. Nothing was saved.`
        : `${s.title} is not taking applications: it is in phase "${s.phase}". Nothing was saved.`,
      back,
    );
  }
  const already = standingAs(s, member);
  if (already) return errorResponse(c, 409, `You have already applied to stand in ${s.title}. Nothing was saved.`, back);
  const rulebook = rulebookFor(proc);
  if (!rulebook) return errorResponse(c, 409, `${s.title} runs under a rulebook this version of Hustings does not include. Nothing was saved.`, back);
  const judged = await judge(deps.store, member, constituency, s, rulebook, today);
  if (!judged.eligible) return errorResponse(c, 403, `You cannot apply to stand in ${s.title}. ${judged.reason} Nothing was saved.`, back);
  return { process: proc, state: s, constituency, rulebook, standing: judged.reason };
}

function applyView(c: Ctx, scope: ApplyScope, form: FormState, status: 200 | 400 | RefusalStatus = 200): Response {
  return page(c, applyPage(applicationFormView(scope, c.get('who')!.member, form), viewContext(c)), status);
}

const applyForm: Handler = async (c, deps) => {
  const scope = await applyScope(c, deps);
  if (scope instanceof Response) return scope;
  return applyView(c, scope, { values: { [APPLY_FIELDS.gender]: c.get('who')!.member.gender ?? '' }, errors: {} });
};

const apply: Handler = async (c, deps) => {
  const scope = await applyScope(c, deps);
  if (scope instanceof Response) return scope;
  const member = c.get('who')!.member;
  const r = parseForm(applicationForm, c.get('form'));
  if (!r.ok) return applyView(c, scope, r.form, 400);
  const statement = r.value[APPLY_FIELDS.statement];
  const tooLong = statement === undefined ? null : checkStatementLength(statement, scope.rulebook.statementWords);
  if (tooLong && !tooLong.ok) return applyView(c, scope, { values: r.form.values, errors: { [APPLY_FIELDS.statement]: tooLong.error.message } }, 422);
  const stepped = await applyStep({ store: deps.store, clock: deps.clock, actor: member.id }, scope.process, {
    type: 'apply',
    name: member.name,
    gender: r.value[APPLY_FIELDS.gender] ?? null,
    member: member.id,
    ...(statement === undefined ? {} : { statement }),
  });
  if (!stepped.ok) return applyView(c, scope, { values: r.form.values, errors: { '': stepped.error.message } }, httpStatusOf(stepped.error));
  return done(
    c,
    deps.config,
    paths.candidacies,
    `You have applied to stand in ${stepped.value.state.title}. The constituency’s officers can now see your application.`,
  );
};

export const candidacyHandlers: Readonly<Record<string, Handler>> = {
  candidacies,
  'candidacy.form': applyForm,
  'candidacy.apply': apply,
};
