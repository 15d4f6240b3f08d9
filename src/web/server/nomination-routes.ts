/**
 * Nominations by bodies in a national internal election, and candidates'
 * statements, on the web:
 *   - a body's secretary (or procedures secretary; a national officer for any
 *     body) records its nomination, finding the member by name;
 *   - the nominated member accepts or declines, and writes their statement;
 *   - the officers see who nominated whom and approve or return statements;
 *   - anyone reads the candidates standing, with their approved statements.
 * Every step goes through the process's state machine and is audited as the
 * step of whoever acted.
 */
import { recordBodyNomination, bodiesRecordedBy, nominatingKinds } from '../../app/election-nominations.js';
import { applyStep } from '../../app/apply-step.js';
import { statementPhoto, writeCandidateStatement } from '../../app/candidate-photos.js';
import { isOfKind, type DocumentOfKind } from '../../app/load-process.js';
import { rulebookFor } from '../../app/rulebook-of.js';
import { validlyNominated } from '../../domain/processes/leadership-steps.js';
import type { MemberId, ProcessId, UnitId } from '../../domain/ids.js';
import type { ProcessDocument } from '../../domain/processes/documents.js';
import type { Rulebook } from '../../domain/rulebook.js';
import { dateOf } from '../../domain/time.js';
import { nominationRows, nominationRuleSentence, pendingStatements, publicCandidates, standingEntry } from '../presenters/nominations.js';
import type { FormState } from '../views/context.js';
import {
  CONSENT_FIELD,
  STATEMENT_DECISION_FIELDS,
  electionCandidatesPage,
  electionNominationsPage,
  BODY_NOMINATION_FIELDS,
  nominatePage,
  STATEMENT_FIELDS,
  standingPage,
} from '../views/nominations.js';
import { paths } from '../views/paths.js';
import type { Handler } from './app.js';
import { parseForm } from './forms/fields.js';
import { bodyNominationForm, statementDecisionForm, statementForm } from './forms/nominations.js';
import { httpStatusOf, type RefusalStatus } from './http-status.js';
import { done, errorResponse, page, param, requestLanguage, viewContext, type AppDeps, type Ctx } from './http.js';
import { wordsIn } from '../../app/language/index.js';
import { mayRunProcess, mayViewProcess } from './permissions.js';

type Election = DocumentOfKind<'internal-election'>;

/** The way back from a refusal, in the reader's language. */
const backHome = (c: Ctx) => ({ href: paths.home, text: wordsIn(requestLanguage(c)).t('error.start') });

async function electionOf(c: Ctx, deps: AppDeps): Promise<{ proc: Election; rulebook: Rulebook } | Response> {
  const id = param(c, 'process') as ProcessId;
  const proc = await deps.store.processDocument(id);
  if (!proc || !isOfKind(proc, 'internal-election')) return errorResponse(c, 404, wordsIn(requestLanguage(c)).t('candidates.noElection'), backHome(c));
  const rulebook = await rulebookFor(deps.store, proc);
  if (!rulebook) return errorResponse(c, 409, `${proc.state.title} runs under rules this version of Hustings does not bundle.`, backHome(c));
  return { proc, rulebook };
}

// ---- A body's secretary records its nomination ------------------------------------------------

interface NominateScope {
  readonly proc: Election;
  readonly rulebook: Rulebook;
  readonly bodies: readonly { readonly id: UnitId; readonly name: string }[];
}

async function nominateScope(c: Ctx, deps: AppDeps): Promise<NominateScope | Response> {
  const e = await electionOf(c, deps);
  if (e instanceof Response) return e;
  const who = c.get('who')!;
  const bodies = await bodiesRecordedBy(deps.store, who.member.id, e.proc.state, e.rulebook, who.roles.has('national-officer'));
  if (bodies.length === 0) {
    return errorResponse(
      c,
      403,
      `Only the secretary of a body that may nominate in ${e.proc.state.title} records its nominations, and you are secretary of none. Nothing was saved.`,
      backHome(c),
    );
  }
  if (e.proc.state.phase !== 'nominations')
    return errorResponse(c, 409, `${e.proc.state.title} is no longer taking nominations. Nothing was saved.`, backHome(c));
  return { ...e, bodies };
}

async function nominateView(c: Ctx, deps: AppDeps, scope: NominateScope, query: string, form: FormState, status: 200 | 400 | RefusalStatus = 200) {
  // Members who share a name are told apart by their branch and the year they joined.
  const matching = query.trim() === '' ? null : await deps.store.findMembers(query, 20);
  const branches = new Map<string, string>();
  for (const m of matching ?? [])
    if (!branches.has(m.branch)) branches.set(m.branch, (await deps.store.getUnit(m.branch))?.name ?? 'a branch no longer on record');
  const found = matching?.map((m) => ({ value: m.id, label: `${m.name} (${branches.get(m.branch)}, a member since ${m.joined.slice(0, 4)})` })) ?? null;
  const view = {
    process: { id: scope.proc.id, title: scope.proc.state.title },
    nominationsClose: scope.proc.state.timetable.nominationsClose,
    rule: nominationRuleSentence(scope.rulebook, scope.proc.state),
    bodies: scope.bodies.map((b) => ({ value: b.id, label: b.name })),
    query,
    found,
    form,
    ...(nominatingKinds(scope.proc.state, scope.rulebook).includes('constituency') ? { meetings: paths.nominationMeetings(scope.proc.id) } : {}),
  };
  return page(c, nominatePage(view, viewContext(c)), status);
}

const nominateForm: Handler = async (c, deps) => {
  const scope = await nominateScope(c, deps);
  if (scope instanceof Response) return scope;
  const today = dateOf(deps.clock.now());
  return nominateView(c, deps, scope, c.req.query(BODY_NOMINATION_FIELDS.query) ?? '', { values: { [BODY_NOMINATION_FIELDS.meetingDate]: today }, errors: {} });
};

const nominate: Handler = async (c, deps) => {
  const scope = await nominateScope(c, deps);
  if (scope instanceof Response) return scope;
  const posted = c.get('form');
  const query = typeof posted[BODY_NOMINATION_FIELDS.query] === 'string' ? (posted[BODY_NOMINATION_FIELDS.query] as string) : '';
  const r = parseForm(bodyNominationForm, posted);
  if (!r.ok) return nominateView(c, deps, scope, query, r.form, 400);
  const body = scope.bodies.find((b) => b.id === r.value[BODY_NOMINATION_FIELDS.body]);
  if (!body)
    return nominateView(
      c,
      deps,
      scope,
      query,
      { values: r.form.values, errors: { [BODY_NOMINATION_FIELDS.body]: 'Choose one of the bodies you record nominations for.' } },
      403,
    );
  const stepped = await recordBodyNomination(
    { store: deps.store, clock: deps.clock, actor: c.get('who')!.member.id },
    {
      process: scope.proc,
      body: body.id,
      member: r.value[BODY_NOMINATION_FIELDS.member] as MemberId,
      meetingDate: r.value[BODY_NOMINATION_FIELDS.meetingDate],
    },
  );
  if (!stepped.ok) return nominateView(c, deps, scope, query, { values: r.form.values, errors: { '': stepped.error.message } }, httpStatusOf(stepped.error));
  const s = stepped.value.state;
  const last = s.nominations[s.nominations.length - 1]!;
  const name = s.nominees.find((n) => n.member === last.member)?.name ?? '';
  const count = s.nominations.filter((n) => n.member === last.member).length;
  const progress = s.leadership
    ? validlyNominated(s, last.member, scope.rulebook)
      ? `${name} is now validly nominated.`
      : `${name} is not yet validly nominated: see how far each candidate is on the public page.`
    : `${count} of the ${scope.rulebook.internalElection?.nominations?.threshold ?? 0} nominations needed.`;
  return done(c, deps.config, paths.electionNominate(scope.proc.id), `${body.name}'s nomination of ${name} is recorded: ${progress}`);
};

// ---- The nominated member: accept or decline, and the statement --------------------------------

async function standingView(c: Ctx, deps: AppDeps, failed?: { process: string; form: FormState; status: 400 | RefusalStatus }) {
  const member = c.get('who')!.member.id;
  const entries = [];
  for (const p of await deps.store.processDocuments({ kind: 'internal-election' })) {
    if (!isOfKind(p, 'internal-election')) continue;
    const s = p.state;
    const mine = s.nominees.some((n) => n.member === member) || s.candidates.some((x) => x.member === member && x.withdrawn === null);
    const rulebook = await rulebookFor(deps.store, p);
    if (!mine || !rulebook || s.phase === 'declared') continue;
    const form = failed?.process === p.id ? failed.form : { values: {}, errors: {} };
    entries.push(standingEntry(p.id, s, rulebook, member, form, wordsIn(requestLanguage(c))));
  }
  return page(c, standingPage(entries, viewContext(c), failed ? { process: failed.process, errors: failed.form.errors } : undefined), failed?.status ?? 200);
}

const standing: Handler = (c, deps) => standingView(c, deps);

const consent: Handler = async (c, deps) => {
  const e = await electionOf(c, deps);
  if (e instanceof Response) return e;
  const member = c.get('who')!.member;
  const answer = c.get('form')[CONSENT_FIELD];
  if (answer !== 'accepted' && answer !== 'declined') return errorResponse(c, 400, wordsIn(requestLanguage(c)).t('standing.chooseAnswer'), backHome(c));
  if (!e.proc.state.nominees.some((n) => n.member === member.id))
    return errorResponse(c, 403, wordsIn(requestLanguage(c)).t('standing.notNominated', { title: e.proc.state.title }), backHome(c));
  const stepped = await applyStep({ store: deps.store, clock: deps.clock, actor: member.id }, e.proc, { type: 'consent', member: member.id, answer });
  if (!stepped.ok)
    return standingView(c, deps, { process: e.proc.id, form: { values: {}, errors: { '': stepped.error.message } }, status: httpStatusOf(stepped.error) });
  const stands = stepped.value.state.candidates.some((x) => x.member === member.id && x.withdrawn === null);
  const title = e.proc.state.title;
  const w = wordsIn(requestLanguage(c));
  const message =
    answer === 'declined' ? w.t('standing.didDecline', { title }) : stands ? w.t('standing.didAcceptStands', { title }) : w.t('standing.didAccept', { title });
  return done(c, deps.config, paths.standing, message);
};

/** Writing a statement: a nominee or candidate in an election, or a candidate in a selection (who applied with one); with a photo, a new one or none. */
const writeStatement: Handler = async (c, deps) => {
  const member = c.get('who')!.member;
  const proc = await deps.store.processDocument(param(c, 'process') as ProcessId);
  if (!proc || proc.kind === 'trigger-ballot') return errorResponse(c, 404, wordsIn(requestLanguage(c)).t('standing.noProcess'), backHome(c));
  const back = proc.kind === 'internal-election' ? paths.standing : paths.candidacies;
  const posted = c.get('form');
  const r = parseForm(statementForm, posted);
  const failed = (form: FormState, status: 400 | RefusalStatus) =>
    proc.kind === 'internal-election'
      ? standingView(c, deps, { process: proc.id, form, status })
      : errorResponse(c, status === 400 ? 400 : status, Object.values(form.errors)[0] ?? '', {
          href: back,
          text: wordsIn(requestLanguage(c)).t('standing.back'),
        });
  if (!r.ok) return failed(r.form, 400);
  const file = c.get('uploads')[STATEMENT_FIELDS.photo];
  const remove = posted[STATEMENT_FIELDS.removePhoto] === 'yes';
  const stepped = await writeCandidateStatement({ store: deps.store, clock: deps.clock, actor: member.id }, proc, {
    member: member.id,
    text: r.value[STATEMENT_FIELDS.text],
    ...(file ? { photo: file.bytes } : remove ? { photo: null } : {}),
  });
  if (!stepped.ok) {
    const field = stepped.error.field === 'photo' ? STATEMENT_FIELDS.photo : STATEMENT_FIELDS.text;
    return failed(
      { values: r.form.values, errors: { [field]: `${stepped.error.message}${field === STATEMENT_FIELDS.photo ? ' Nothing was saved.' : ''}` } },
      httpStatusOf(stepped.error),
    );
  }
  return done(c, deps.config, back, wordsIn(requestLanguage(c)).t('standing.saved', { title: proc.state.title }));
};

/**
 * A statement's photo, by its digest: to anyone once its statement is approved (cached a while, as the
 * digest names these very bytes); before that only to the officers who may see the process, uncached.
 * Any other digest is 404, so no address reveals whether an unapproved photo exists.
 */
const photo: Handler = async (c, deps) => {
  const processId = param(c, 'process') as ProcessId;
  const found = await statementPhoto(deps.store, processId, param(c, 'sha256'));
  const who = c.get('who');
  const reviewing = async () => {
    if (who === null) return false;
    const proc = await deps.store.processDocument(processId);
    return proc !== null && (mayViewProcess(who, proc) || found?.member === who.member.id);
  };
  if (!found || (!found.published && !(await reviewing()))) return errorResponse(c, 404, 'There is no such photo.', backHome(c));
  return new Response(found.bytes, {
    headers: {
      'Content-Type': found.type,
      'Content-Length': String(found.bytes.byteLength),
      'Cache-Control': found.published ? 'public, max-age=300' : 'private, no-store',
      ETag: `"${found.sha256}"`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Disposition': 'inline',
    },
  });
};

// ---- The officers: who nominated whom, and statements to approve --------------------------------

async function officerView(c: Ctx, deps: AppDeps, proc: ProcessDocument, form: FormState, status: 200 | 400 | RefusalStatus = 200) {
  const rulebook = await rulebookFor(deps.store, proc);
  if (!rulebook || proc.kind === 'trigger-ballot' || proc.kind === 'nomination-meeting')
    return errorResponse(c, 404, 'This process has no nominations or statements.', backHome(c));
  const s = proc.state;
  const names = new Map<string, string>();
  for (const x of s.candidates) if (x.member !== null) names.set(x.member, x.name);
  if (proc.kind === 'internal-election') for (const n of proc.state.nominees) names.set(n.member, n.name);
  const view = {
    process: { id: proc.id, title: s.title },
    rule: proc.kind === 'internal-election' ? nominationRuleSentence(rulebook, proc.state) : 'Candidates apply to stand; their statements are approved here.',
    rows: proc.kind === 'internal-election' ? nominationRows(proc.state, rulebook) : null,
    pending: pendingStatements(proc.id, s, (m) => names.get(m) ?? 'A candidate'),
    mayDecide: mayRunProcess(c.get('who')!, proc),
    form,
  };
  return page(c, electionNominationsPage(view, viewContext(c)), status);
}

async function officerProcess(c: Ctx, deps: AppDeps): Promise<ProcessDocument | Response> {
  const proc = await deps.store.processDocument(param(c, 'process') as ProcessId);
  if (!proc) return errorResponse(c, 404, 'There is no such process.', backHome(c));
  if (!mayViewProcess(c.get('who')!, proc))
    return errorResponse(c, 403, `Only the officers of ${proc.constituency === null ? 'the party' : 'its constituency'} may see this page.`, backHome(c));
  return proc;
}

const nominationsTable: Handler = async (c, deps) => {
  const proc = await officerProcess(c, deps);
  if (proc instanceof Response) return proc;
  return officerView(c, deps, proc, { values: {}, errors: {} });
};

const decideStatement: Handler = async (c, deps) => {
  const proc = await officerProcess(c, deps);
  if (proc instanceof Response) return proc;
  if (proc.kind === 'trigger-ballot') return errorResponse(c, 404, 'This process has no statements.', backHome(c));
  const who = c.get('who')!;
  if (!mayRunProcess(who, proc))
    return errorResponse(c, 403, `Only the officers who run ${proc.state.title} approve its statements. Nothing was saved.`, backHome(c));
  const r = parseForm(statementDecisionForm, c.get('form'));
  if (!r.ok) return officerView(c, deps, proc, r.form, 400);
  const approve = r.value[STATEMENT_DECISION_FIELDS.decision] === 'approve';
  const reason = r.value[STATEMENT_DECISION_FIELDS.reason] ?? null;
  if (!approve && reason === null)
    return officerView(
      c,
      deps,
      proc,
      { values: r.form.values, errors: { [STATEMENT_DECISION_FIELDS.reason]: 'Say why the statement is returned, so the candidate can change it.' } },
      400,
    );
  const member = r.value[STATEMENT_DECISION_FIELDS.candidate];
  const stepped = await applyStep({ store: deps.store, clock: deps.clock, actor: who.member.id }, proc, { type: 'decide-statement', member, approve, reason });
  if (!stepped.ok) return officerView(c, deps, proc, { values: r.form.values, errors: { '': stepped.error.message } }, httpStatusOf(stepped.error));
  const name =
    stepped.value.state.candidates.find((x) => x.member === member)?.name ??
    (proc.kind === 'internal-election' ? proc.state.nominees.find((n) => n.member === member)?.name : undefined) ??
    'The candidate';
  return done(
    c,
    deps.config,
    paths.processNominations(proc.id),
    approve ? `${name}'s statement is approved and published.` : `${name}'s statement is returned to them with your reason.`,
  );
};

// ---- Everyone: the candidates standing ---------------------------------------------------------

const candidates: Handler = async (c, deps) => {
  const e = await electionOf(c, deps);
  if (e instanceof Response) return e;
  const s = e.proc.state;
  const w = wordsIn(requestLanguage(c));
  const seats = s.minWomen ? w.t('candidates.seatsWomen', { n: s.seats, women: s.minWomen }) : w.t('candidates.seats', { n: s.seats });
  return page(c, electionCandidatesPage({ title: s.title, seats, candidates: publicCandidates(e.proc.id, s) }, viewContext(c)));
};

/** A selection's shortlisted candidates, with approved statements: public, like its ballot paper, once the shortlist is drawn up. */
const selectionCandidates: Handler = async (c, deps) => {
  const w = wordsIn(requestLanguage(c));
  const proc = await deps.store.processDocument(param(c, 'process') as ProcessId);
  if (!proc || !isOfKind(proc, 'selection'))
    return errorResponse(c, 404, w.t('candidates.noSelection'), { href: paths.resultsIndex, text: w.t('nav.results') });
  const s = proc.state;
  return page(
    c,
    electionCandidatesPage(
      {
        title: s.title,
        seats: w.t('candidates.selectionSeat'),
        candidates: publicCandidates(proc.id, s),
        none: s.shortlist ? w.t('candidates.nobodyLeft') : w.t('candidates.noShortlist'),
      },
      viewContext(c),
    ),
  );
};

export const nominationHandlers: Readonly<Record<string, Handler>> = {
  'selection.candidates': selectionCandidates,
  'election.nominate.form': nominateForm,
  'election.nominate': nominate,
  'election.consent': consent,
  'election.candidates': candidates,
  standing,
  'statement.write': writeStatement,
  'statement.photo': photo,
  'process.nominations': nominationsTable,
  'statement.decide': decideStatement,
};
