/**
 * Members standing for selection: the page of selections they may apply to
 * and of their applications, and the application itself. Applying checks, in
 * this order, that the selection exists, that the member's branch is in its
 * constituency (403), that it is taking applications (409), that they have not
 * applied already (409), and that they are a member in good standing who could
 * vote in it (403, with the reason) — then applies through the selection's
 * state machine, logged in the audit log as the member's own step.
 */
import { assessCandidacy } from '../../domain/candidacy.js';
import { candidacyReasonIn, dateIn, wordsIn, type Words } from '../../app/language/index.js';
import { checkStatementLength, statementWordCount } from '../../domain/processes/candidate-statements.js';
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
import { applicationFormIn } from './forms/candidacy.js';
import { done, errorResponse, page, param, requestLanguage, viewContext, type AppDeps, type Ctx, type ErrorStatus } from './http.js';
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

/** Whether the member may stand in the selection, judged as the rules and the domain say, with the reason in the member's language. */
async function judge(store: Store, member: Member, constituency: Unit, s: SelectionState, rulebook: Rulebook, today: IsoDate, w: Words) {
  const branches = await store.listUnits({ kind: 'branch', parent: constituency.id });
  const a = assessCandidacy(member, rulebook.eligibility, {
    freezeDate: s.timetable.freezeDate,
    today,
    unitBranches: new Set(branches.map((b) => b.id)),
    unitName: constituency.name,
    branchNames: new Map(branches.map((b) => [b.id, b.name])),
  });
  return { eligible: a.judgement.eligible, reason: candidacyReasonIn(w, a) };
}

const wordsOf = (c: Ctx): Words => wordsIn(requestLanguage(c));

/** A stage's words inside a sentence: "the ballot is open". */
const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

// ---- The member's page -------------------------------------------------------------------------

const candidacies: Handler = async (c, deps) => {
  const member = c.get('who')!.member;
  const w = wordsOf(c);
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
      mine.push(applicationRow(p, cand, await nameOf(p.constituency), mayViewResults(c.get('who'), p), w));
    }
    if (constituency === null || p.constituency !== constituency.id || !takingApplications(s, today) || standingAs(s, member)) continue;
    const rulebook = await rulebookFor(deps.store, p);
    const judged = rulebook
      ? await judge(deps.store, member, constituency, s, rulebook, today, w)
      : { eligible: false, reason: w.t('candidacy.noRulebook', { rulebook: p.rulebook }) };
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
  const w = wordsOf(c);
  const id = param(c, 'process') as ProcessId;
  const back = { href: paths.candidacies, text: w.t('apply.back') };
  const refuse = (status: ErrorStatus, why: string): Response => errorResponse(c, status, w.t('error.nothingSaved', { why }), back);
  const proc = await deps.store.processDocument(id);
  if (proc?.kind !== 'selection' || proc.constituency === null) return errorResponse(c, 404, w.t('apply.noSelection'), back);
  const s = proc.state;
  const title = s.title;
  const constituency = await deps.store.getUnit(proc.constituency);
  const mine = await constituencyOfMember(deps.store, member);
  if (!constituency || mine?.id !== constituency.id) {
    const where = constituency?.name ?? proc.constituency;
    return refuse(403, mine ? w.t('apply.elsewhere', { title, constituency: where, mine: mine.name }) : w.t('apply.nowhere', { title, constituency: where }));
  }
  const today = dateOf(deps.clock.now());
  if (!takingApplications(s, today)) {
    return refuse(
      409,
      s.phase === 'applications'
        ? w.t('apply.closed', { title, date: dateIn(w, s.timetable.applicationsClose) })
        : w.t('apply.notTaking', { title, stage: lowerFirst(w.t(`seat.stage.${s.phase}`)) }),
    );
  }
  if (standingAs(s, member)) return refuse(409, w.t('apply.already', { title }));
  const rulebook = await rulebookFor(deps.store, proc);
  if (!rulebook) return refuse(409, w.t('apply.noRulebook', { title }));
  const judged = await judge(deps.store, member, constituency, s, rulebook, today, w);
  if (!judged.eligible) return refuse(403, w.t('apply.cannot', { title, reason: judged.reason }));
  return { process: proc, state: s, constituency, rulebook, standing: judged.reason };
}

function applyView(c: Ctx, scope: ApplyScope, form: FormState, status: 200 | 400 | RefusalStatus = 200): Response {
  return page(c, applyPage(applicationFormView(scope, c.get('who')!.member, form, wordsOf(c)), viewContext(c)), status);
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
  const w = wordsOf(c);
  const r = parseForm(applicationFormIn(w), c.get('form'));
  if (!r.ok) return applyView(c, scope, r.form, 400);
  const statement = r.value[APPLY_FIELDS.statement];
  const tooLong = statement === undefined ? null : checkStatementLength(statement, scope.rulebook.statementWords);
  if (tooLong && !tooLong.ok) {
    const words = w.t('apply.statementWords', { words: statementWordCount(statement ?? ''), limit: scope.rulebook.statementWords });
    return applyView(c, scope, { values: r.form.values, errors: { [APPLY_FIELDS.statement]: words } }, 422);
  }
  const stepped = await applyStep({ store: deps.store, clock: deps.clock, actor: member.id }, scope.process, {
    type: 'apply',
    name: member.name,
    gender: r.value[APPLY_FIELDS.gender] ?? null,
    member: member.id,
    ...(statement === undefined ? {} : { statement }),
  });
  if (!stepped.ok) return applyView(c, scope, { values: r.form.values, errors: { '': stepped.error.message } }, httpStatusOf(stepped.error));
  return done(c, deps.config, paths.candidacies, w.t('apply.done', { title: stepped.value.state.title }));
};

export const candidacyHandlers: Readonly<Record<string, Handler>> = {
  candidacies,
  'candidacy.form': applyForm,
  'candidacy.apply': apply,
};
