/**
 * Disputes about a review, a selection or an election on the web (src/app/disputes.ts): its disputes
 * page, where a member of its constituency (any member, for an election), its incumbent or a candidate, or an officer lodges one, the panel's chair records the
 * panel's decision, a party appeals and the national officers decide the appeal; and the
 * administrator's page of the disputes panel.
 */
import {
  appealDispute,
  changeDisputesPanel,
  isDisputed,
  isParty as isPartyTo,
  type DisputedDocument,
  decideDispute,
  decideDisputeAppeal,
  disputesPanel,
  lodgeDispute,
  mayReadGrounds,
  type Decision,
  type DisputeActor,
  type DisputesPanel,
  type PanelChange,
} from '../../app/disputes.js';
import { rulebookOf } from '../../app/rulebook-of.js';
import { dateIn, wordsIn, type Words } from '../../app/language/index.js';
import type { MemberId, ProcessId } from '../../domain/ids.js';
import { contestTitle, type Dispute, type DisputeDecision, type DisputeRemedy, type DisputeSubject, type RemedyKind } from '../../domain/processes/index.js';
import { disputeRulesOf, type Rulebook } from '../../domain/rulebook.js';
import { DISPUTE_TEXT_MAX } from '../../domain/processes/index.js';
import { isIsoDate } from '../../domain/time.js';
import { applicationReference, supporterClassesOf } from '../../domain/supporters.js';
import { dayText } from '../views/format.js';
import type { FormState } from '../views/context.js';
import {
  APPEAL_FIELDS,
  RULING_FIELDS,
  DISPUTE_FIELDS,
  disputesPage,
  disputesPanelPage,
  PANEL_FIELDS,
  type DisputeView,
  type RemedyChoice,
} from '../views/disputes.js';
import { publishedDecisionsPage, type PublishedDecision } from '../views/results.js';
import { paths } from '../views/paths.js';
import type { Handler } from './app.js';
import { httpStatusOf } from './http-status.js';
import { done, errorResponse, page, param, requestLanguage, viewContext, type AppDeps, type Ctx } from './http.js';
import { mayRunProcess, type Principal } from './permissions.js';

type Review = DisputedDocument;

const disputesUrl = paths.processDisputes;
const DISPUTES_PANEL_PATH = paths.adminDisputesPanel;

async function reviewOf(c: Ctx, deps: AppDeps): Promise<Review | Response> {
  const proc = await deps.store.processDocument(param(c, 'process') as ProcessId);
  if (!proc || !isDisputed(proc)) return errorResponse(c, 404, 'There is no such process: disputes are lodged about a review, a selection or an election.');
  return proc;
}

/**
 * Who may lodge a dispute: a review's or a selection's officers, its incumbent or candidates, and the
 * members of its constituency's branches; any member about an election (its electorate is the party's).
 */
async function mayLodge(deps: AppDeps, who: Principal, review: Review): Promise<boolean> {
  if (review.state.kind === 'internal-election' || mayRunProcess(who, review) || isParty(who.member.id, review)) return true;
  const branch = await deps.store.getUnit(who.member.branch);
  return branch !== null && branch.constituency === review.constituency;
}

function actorOf(who: Principal, review: Review): DisputeActor {
  return { member: who.member.id, runsReview: mayRunProcess(who, review), nationalOfficer: who.roles.has('national-officer') };
}

/** Whether the member is one of those the process is about (its incumbent or a candidate). */
function isParty(member: string, review: Review): boolean {
  if (review.state.kind === 'trigger-ballot') return review.state.incumbent.member === member;
  return review.state.candidates.some((c) => c.member === member);
}

const candidateName = (review: Review, id: string): string =>
  review.state.kind === 'trigger-ballot' ? 'a candidate' : (review.state.candidates.find((c) => c.id === id)?.name ?? 'a candidate no longer listed');

/** What the process is called on the page: "the review of …", the selection's or the election's title. */
function titleOf(review: Review): string {
  if (review.state.kind === 'trigger-ballot') return `the review of ${review.state.incumbent.name}`;
  return review.state.kind === 'selection' ? review.state.title : contestTitle(review.state);
}

const KIND_WORDS = { 'trigger-ballot': 'review', selection: 'selection', 'internal-election': 'election' } as const;

function aboutText(review: Review, subject: DisputeSubject): string {
  const whole = `the ${KIND_WORDS[review.state.kind]} as a whole`;
  switch (subject.kind) {
    case 'process':
      return whole;
    case 'count':
      return 'the count';
    case 'unit-meeting':
      return review.state.kind === 'trigger-ballot'
        ? `the meeting of ${review.state.units.find((u) => u.id === subject.unit)?.name ?? 'a unit no longer in the review'}`
        : whole;
    case 'nomination':
      return `the nomination of ${candidateName(review, subject.candidate)}`;
    case 'eligibility':
      return 'member' in subject ? 'a member left out of the electorate' : `the refusal of ${candidateName(review, subject.candidate)} as a candidate`;
  }
}

function remedyText(review: Review, r: DisputeRemedy | null): string | null {
  if (r === null) return null;
  switch (r.kind) {
    case 'extend-timetable':
      return `The closing date moved to ${dayText(r.closes)}.`;
    case 'pause-timetable':
      return 'The timetable is paused until the national officers resume it.';
    case 'reinstate-candidate':
      return `${candidateName(review, r.candidate)} is reinstated as a candidate.`;
    case 'restore-member':
      return 'A member left out of the electorate is restored to it.';
    case 'reinstate-applicant':
      return `Supporter's application ${applicationReference(r.application)} is reinstated and accepted.`;
    case 'void-unit-result': {
      const unit = review.state.kind === 'trigger-ballot' ? (review.state.units.find((u) => u.id === r.unit)?.name ?? 'the unit') : 'the unit';
      return `The meeting of ${unit} is void and must be held again by ${dayText(r.rerunBy)}.`;
    }
    case 'rerun-ballot':
      return `The ballot is void: every vote cast in it was set aside and any count of it is no longer the result. It is held again from ${dayText(r.opens)} to ${dayText(r.closes)}, and every member of the electorate may vote again.`;
  }
}

function decisionView(review: Review, title: string, d: DisputeDecision, w: Words) {
  return {
    title,
    outcome: w.t(d.outcome === 'upheld' ? 'disputes.upheld' : 'disputes.dismissed'),
    reasons: d.reasons,
    remedy: remedyText(review, d.remedy),
    when: dateIn(w, d.decidedAt),
  };
}

function statusOf(d: Dispute, w: Words): string {
  if (d.appeal?.decision) return w.t(d.appeal.decision.outcome === 'upheld' ? 'disputes.status.appealUpheld' : 'disputes.status.appealDismissed');
  if (d.appeal) return w.t('disputes.status.appealed');
  if (d.decision) return w.t(d.decision.outcome === 'upheld' ? 'disputes.status.upheld' : 'disputes.status.dismissed');
  return w.t('disputes.status.waiting');
}

/** Whether supporters apply to this process: a leadership election whose rulebook lets them (only then may an applicant be reinstated). */
const takesSupporters = (review: Review, rulebook: Rulebook): boolean =>
  review.state.kind === 'internal-election' && review.state.leadership !== undefined && supporterClassesOf(rulebook.leadership).length > 0;

/** The remedies the panel may order for this kind of process, as its rulebook allows, in words. */
function remedyChoices(review: Review, rulebook: Rulebook): RemedyChoice[] {
  const allowed = disputeRulesOf(rulebook).remedies;
  const all: (RemedyChoice & { value: RemedyKind })[] =
    review.state.kind === 'trigger-ballot'
      ? [
          {
            value: 'void-unit-result',
            label: "Void a unit's meeting and order it held again",
            hint: 'The review reopens until the unit meets again, if it had been decided.',
          },
          { value: 'extend-timetable', label: 'Extend the timetable', hint: 'Only while the review is open.' },
          { value: 'pause-timetable', label: 'Pause the timetable', hint: 'Nothing more is recorded until the national officers resume it.' },
        ]
      : [
          { value: 'reinstate-candidate', label: 'Reinstate a candidate', hint: 'Until the ballot opens: back on any list drawn up since.' },
          { value: 'restore-member', label: 'Restore a member to the electorate', hint: 'Once the electorate is frozen, until the ballot closes.' },
          ...(takesSupporters(review, rulebook)
            ? [
                {
                  value: 'reinstate-applicant' as const,
                  label: "Reinstate a supporter's rejected application",
                  hint: 'It is accepted with these reasons and the applicant told; once the electorate is frozen, the supporter is added to it, until the ballot closes.',
                },
              ]
            : []),
          { value: 'extend-timetable', label: 'Extend the timetable', hint: 'The closing date of what is under way: applications, nominations or voting.' },
          { value: 'pause-timetable', label: 'Pause the timetable', hint: 'No step and no vote until the national officers resume it.' },
          {
            value: 'rerun-ballot',
            label: 'Void the ballot and hold it again',
            hint: 'Every vote cast is set aside and any count is no longer the result; every member of the electorate may vote again between the two dates given. Not once the result is declared.',
          },
        ];
  return all.filter((r) => allowed.includes(r.value));
}

const ROLE_WORDS = { member: 'disputes.role.member', candidate: 'disputes.role.candidate', officer: 'disputes.role.officer' } as const;

/** The forms as last sent, for the one dispute (or the lodging form) a refusal was about. */
interface Sent {
  readonly dispute?: string;
  readonly kind: 'lodge' | 'decide' | 'appeal';
  readonly form: FormState;
}

async function show(c: Ctx, deps: AppDeps, review: Review, sent?: Sent, status: 200 | 400 | 403 | 404 | 409 | 422 = 200, problem?: string): Promise<Response> {
  const who = c.get('who')!;
  const w = wordsIn(requestLanguage(c));
  const actor = actorOf(who, review);
  const panel = await disputesPanel(deps.store);
  const chair = panel.chair === who.member.id;
  const formFor = (kind: Sent['kind'], id?: string): FormState => (sent && sent.kind === kind && sent.dispute === id ? sent.form : { values: {}, errors: {} });
  const disputes: DisputeView[] = (review.state.disputes ?? []).map((d) => {
    const reads = mayReadGrounds(actor, panel, review, d);
    const action = `${disputesUrl(review.id)}/${encodeURIComponent(d.id)}`;
    const party = isPartyTo(actor, review, d);
    const decide =
      d.decision === null && chair
        ? { action: `${action}/decision`, form: formFor('decide', d.id), heading: w.t('disputes.panelDecision') }
        : d.appeal !== null && d.appeal.decision === null && actor.nationalOfficer
          ? { action: `${action}/appeal-decision`, form: formFor('decide', d.id), heading: w.t('disputes.appealDecision') }
          : undefined;
    return {
      number: d.id,
      about: aboutText(review, d.subject),
      lodged: w.t('disputes.lodged', { date: dateIn(w, d.lodgedAt), who: w.t(ROLE_WORDS[d.role]) }),
      status: statusOf(d, w),
      ...(reads ? { grounds: d.grounds, evidence: d.evidence } : {}),
      decision: d.decision ? decisionView(review, w.t('disputes.panelDecision'), d.decision, w) : null,
      appeal: d.appeal
        ? {
            lodged: w.t('disputes.appealed', { date: dateIn(w, d.appeal.lodgedAt) }),
            ...(reads ? { grounds: d.appeal.grounds } : {}),
            decision: d.appeal.decision ? decisionView(review, w.t('disputes.appealDecision'), d.appeal.decision, w) : null,
          }
        : null,
      ...(decide ? { decide } : {}),
      ...(party && d.decision !== null && d.appeal === null ? { appealForm: { action: `${action}/appeal`, form: formFor('appeal', d.id) } } : {}),
    };
  });
  const state = review.state;
  const open = state.kind !== 'trigger-ballot' || (state.phase !== 'exempt' && state.mode !== 'mandatory-reselection');
  const lodging = open && (await mayLodge(deps, who, review));
  const units = state.kind === 'trigger-ballot' ? state.units.filter((u) => u.result !== null).map((u) => ({ value: u.id, text: u.name })) : [];
  const candidates = state.kind === 'trigger-ballot' ? [] : state.candidates.map((x) => ({ value: x.id, text: x.name }));
  const rulebook = await rulebookOf(deps.store, review);
  const applications =
    rulebook.ok && takesSupporters(review, rulebook.value)
      ? (await deps.store.supporterApplications(review.id as ProcessId))
          .filter((x) => x.status === 'rejected')
          .map((x) => ({ value: String(x.number), text: `${applicationReference(x.number)}: ${x.name}` }))
      : [];
  const subjects =
    state.kind === 'trigger-ballot'
      ? [
          { value: 'process', text: w.t('disputes.subject.review') },
          ...state.units.map((u) => ({ value: `unit:${u.id}`, text: w.t('disputes.subject.meeting', { unit: u.name }) })),
        ]
      : [
          { value: 'process', text: w.t(state.kind === 'selection' ? 'disputes.subject.selection' : 'disputes.subject.election') },
          ...state.candidates.map((x) => ({ value: `nomination:${x.id}`, text: w.t('disputes.subject.nomination', { name: x.name }) })),
          ...state.candidates.map((x) => ({ value: `refused:${x.id}`, text: w.t('disputes.subject.refused', { name: x.name }) })),
          ...(state.electorate !== null ? [{ value: 'left-out', text: w.t('disputes.subject.leftOut') }] : []),
          ...(state.count !== null ? [{ value: 'count', text: w.t('disputes.subject.count') }] : []),
        ];
  return page(
    c,
    disputesPage(
      {
        title: titleOf(review),
        processUrl: paths.process(review.id),
        disputes,
        panel: panelSentence(panel, await namesOf(deps, panel), w),
        units,
        candidates,
        applications,
        remedies: rulebook.ok ? remedyChoices(review, rulebook.value) : [],
        noChange: `No change to the ${KIND_WORDS[state.kind]}`,
        ...(lodging ? { lodge: { action: disputesUrl(review.id), subjects, form: formFor('lodge') } } : {}),
        ...(problem ? { problem } : {}),
      },
      viewContext(c),
    ),
    status,
  );
}

async function namesOf(deps: AppDeps, panel: DisputesPanel): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const m of panel.members) names.set(m, (await deps.store.getMember(m))?.name ?? 'a former member');
  return names;
}

function panelSentence(panel: DisputesPanel, names: ReadonlyMap<string, string>, w: Words): string {
  if (panel.members.length === 0) return w.t('disputes.panelEmpty');
  const chair = panel.chair ? names.get(panel.chair) : undefined;
  const all = panel.members.map((m) => names.get(m) ?? '').join(', ');
  return chair ? w.t('disputes.panel', { names: all, chair }) : w.t('disputes.panelNoChair', { names: all });
}

const text = (c: Ctx, name: string): string => String(c.get('form')[name] ?? '').trim();

function longText(value: string, required: string | null): string | null {
  if (value === '') return required;
  return value.length > DISPUTE_TEXT_MAX ? `Keep it under ${DISPUTE_TEXT_MAX} characters.` : null;
}

/** A refusal from the use case, shown on the page beside the form it came from. */
async function refused(c: Ctx, deps: AppDeps, review: Review, sent: Sent, error: { code: string; reason: string; message: string }, field: string) {
  const status = httpStatusOf(error as never) as 400 | 403 | 404 | 409 | 422;
  return show(c, deps, review, { ...sent, form: { values: sent.form.values, errors: { [field]: `${error.message} Nothing was saved.` } } }, status);
}

const list: Handler = async (c, deps) => {
  const review = await reviewOf(c, deps);
  return review instanceof Response ? review : show(c, deps, review);
};

const lodge: Handler = async (c, deps) => {
  const review = await reviewOf(c, deps);
  if (review instanceof Response) return review;
  const who = c.get('who')!;
  if (!(await mayLodge(deps, who, review)))
    return errorResponse(
      c,
      403,
      'Disputes about a review or a selection are lodged by members of its constituency, the representative or candidates it is about, or its officers. Nothing was saved.',
    );
  const values = {
    [DISPUTE_FIELDS.about]: text(c, DISPUTE_FIELDS.about),
    [DISPUTE_FIELDS.grounds]: text(c, DISPUTE_FIELDS.grounds),
    [DISPUTE_FIELDS.evidence]: text(c, DISPUTE_FIELDS.evidence),
  };
  const about = values[DISPUTE_FIELDS.about]!;
  const subject = subjectFrom(about, who.member.id);
  const errors: Record<string, string> = {};
  if (subject === null) errors[DISPUTE_FIELDS.about] = 'Choose what the dispute is about.';
  const g = longText(values[DISPUTE_FIELDS.grounds]!, 'Say which rule was broken, and how.');
  if (g) errors[DISPUTE_FIELDS.grounds] = g;
  const e = longText(values[DISPUTE_FIELDS.evidence]!, null);
  if (e) errors[DISPUTE_FIELDS.evidence] = e;
  const sent: Sent = { kind: 'lodge', form: { values, errors } };
  if (Object.keys(errors).length > 0 || subject === null) return show(c, deps, review, sent, 400);
  const r = await lodgeDispute({ store: deps.store, clock: deps.clock, actor: who.member.id }, review, actorOf(who, review), {
    subject,
    grounds: values[DISPUTE_FIELDS.grounds]!,
    evidence: values[DISPUTE_FIELDS.evidence] || null,
  });
  if (!r.ok) return refused(c, deps, review, sent, r.error, DISPUTE_FIELDS.about);
  const number = (r.value.state.disputes ?? []).length;
  return done(c, deps.config, disputesUrl(review.id), `Dispute ${number} is lodged. The disputes panel will decide it; its decision will be shown here.`);
};

/** What a dispute is about, as the lodging form's choice names it; "left-out" is the member lodging it. */
function subjectFrom(about: string, member: string): DisputeSubject | null {
  if (about === 'process' || about === 'count') return { kind: about };
  if (about === 'left-out') return { kind: 'eligibility', member };
  const [kind, id] = [about.slice(0, about.indexOf(':')), about.slice(about.indexOf(':') + 1)];
  if (id === '' || !about.includes(':')) return null;
  if (kind === 'unit') return { kind: 'unit-meeting', unit: id };
  if (kind === 'nomination') return { kind: 'nomination', candidate: id };
  if (kind === 'refused') return { kind: 'eligibility', candidate: id };
  return null;
}

/** The decision as sent, checked field by field; a remedy only with an upheld dispute. */
function decisionFrom(c: Ctx): { values: Record<string, string>; errors: Record<string, string>; decision: Decision | null } {
  const F = RULING_FIELDS;
  const values = {
    [F.outcome]: text(c, F.outcome),
    [F.reasons]: text(c, F.reasons),
    [F.remedy]: text(c, F.remedy) || 'none',
    [F.unit]: text(c, F.unit),
    [F.candidate]: text(c, F.candidate),
    [F.member]: text(c, F.member),
    [F.application]: text(c, F.application),
    [F.date]: text(c, F.date),
    [F.closes]: text(c, F.closes),
  };
  const errors: Record<string, string> = {};
  const outcome = values[F.outcome];
  if (outcome !== 'dismissed' && outcome !== 'upheld') errors[F.outcome] = 'Choose whether the dispute is dismissed or upheld.';
  const reasons = longText(values[F.reasons]!, 'Give the reasons for the decision.');
  if (reasons) errors[F.reasons] = reasons;
  const kind = values[F.remedy];
  let remedy: DisputeRemedy | null = null;
  if (kind !== 'none') {
    if (outcome === 'dismissed') errors[F.remedy] = 'A dismissed dispute orders no remedy: choose "No change".';
    const date = values[F.date]!;
    const dated = kind === 'void-unit-result' || kind === 'extend-timetable' || kind === 'rerun-ballot';
    if (dated && !isIsoDate(date)) errors[F.date] = 'Enter the date, like 2026-03-05.';
    const closes = values[F.closes]!;
    if (kind === 'rerun-ballot' && !isIsoDate(closes)) errors[F.closes] = 'Enter the day the ballot held again closes, like 2026-03-19.';
    if (kind === 'void-unit-result') {
      if (values[F.unit] === '') errors[F.unit] = 'Choose the unit whose meeting is void.';
      else if (isIsoDate(date)) remedy = { kind, unit: values[F.unit]!, rerunBy: date };
    } else if (kind === 'extend-timetable') {
      if (isIsoDate(date)) remedy = { kind, closes: date };
    } else if (kind === 'pause-timetable') {
      remedy = { kind };
    } else if (kind === 'rerun-ballot') {
      if (isIsoDate(date) && isIsoDate(closes)) remedy = { kind, opens: date, closes };
    } else if (kind === 'reinstate-candidate') {
      if (values[F.candidate] === '') errors[F.candidate] = 'Choose the candidate to reinstate.';
      else remedy = { kind, candidate: values[F.candidate]! };
    } else if (kind === 'restore-member') {
      if (values[F.member] === '') errors[F.member] = 'Enter the member number of the member to restore.';
      else remedy = { kind, member: values[F.member]! };
    } else if (kind === 'reinstate-applicant') {
      const number = /^[1-9][0-9]{0,8}$/.test(values[F.application]!) ? Number(values[F.application]) : null;
      if (number === null) errors[F.application] = 'Choose the rejected application to reinstate.';
      else remedy = { kind, application: number };
    } else errors[F.remedy] = 'Choose one of the remedies listed.';
  }
  const ok = Object.keys(errors).length === 0 && (outcome === 'dismissed' || outcome === 'upheld');
  return { values, errors, decision: ok ? { outcome: outcome as Decision['outcome'], reasons: values[F.reasons]!, remedy } : null };
}

/** The field a refusal of a decision belongs beside: the date for timetable problems, the unit for a unit's, else the remedy. */
function decisionField(reason: string): string {
  if (reason === 'timetable') return RULING_FIELDS.date;
  if (reason === 'unknown-unit' || reason === 'not-recorded') return RULING_FIELDS.unit;
  if (reason === 'unknown-candidate') return RULING_FIELDS.candidate;
  if (reason === 'no-member' || reason === 'already-eligible') return RULING_FIELDS.member;
  if (reason === 'not-rejected' || reason === 'not-found' || reason === 'duplicate') return RULING_FIELDS.application;
  return RULING_FIELDS.remedy;
}

function deciding(appeal: boolean): Handler {
  return async (c, deps) => {
    const review = await reviewOf(c, deps);
    if (review instanceof Response) return review;
    const who = c.get('who')!;
    const dispute = param(c, 'dispute');
    // Only the panel's chair (or, for an appeal, the national officers) gets as far as the form.
    if (!appeal && (await disputesPanel(deps.store)).chair !== who.member.id)
      return errorResponse(c, 403, "Only the disputes panel's chair records its decisions. Nothing was saved.");
    const { values, errors, decision } = decisionFrom(c);
    const sent: Sent = { kind: 'decide', dispute, form: { values, errors } };
    if (decision === null) return show(c, deps, review, sent, 400);
    const a = { store: deps.store, clock: deps.clock, actor: who.member.id };
    const zoned = { ...decision, zone: deps.config.timeZone };
    const r = appeal
      ? await decideDisputeAppeal(a, review, actorOf(who, review), dispute, zoned)
      : await decideDispute(a, review, actorOf(who, review), dispute, zoned);
    if (!r.ok) {
      if (r.error.code === 'forbidden') return errorResponse(c, 403, `${r.error.message} Nothing was saved.`);
      return refused(c, deps, review, sent, r.error, decisionField(r.error.reason));
    }
    const what = decision.outcome === 'upheld' ? 'upheld' : 'dismissed';
    const reopened = decision.remedy?.kind === 'void-unit-result' ? ' The review is open again until the unit meets.' : '';
    return done(c, deps.config, disputesUrl(review.id), `${appeal ? 'The appeal on dispute' : 'Dispute'} ${dispute} is ${what}.${reopened}`);
  };
}

const appealOne: Handler = async (c, deps) => {
  const review = await reviewOf(c, deps);
  if (review instanceof Response) return review;
  const who = c.get('who')!;
  const dispute = param(c, 'dispute');
  const values = { [APPEAL_FIELDS.grounds]: text(c, APPEAL_FIELDS.grounds) };
  const problem = longText(values[APPEAL_FIELDS.grounds]!, 'Say why the decision was wrong.');
  const sent: Sent = { kind: 'appeal', dispute, form: { values, errors: problem ? { [APPEAL_FIELDS.grounds]: problem } : {} } };
  if (problem) return show(c, deps, review, sent, 400);
  const r = await appealDispute(
    { store: deps.store, clock: deps.clock, actor: who.member.id },
    review,
    actorOf(who, review),
    dispute,
    values[APPEAL_FIELDS.grounds]!,
  );
  if (!r.ok) {
    if (r.error.code === 'forbidden') return errorResponse(c, 403, `${r.error.message} Nothing was saved.`);
    return refused(c, deps, review, sent, r.error, APPEAL_FIELDS.grounds);
  }
  return done(c, deps.config, disputesUrl(review.id), `Your appeal on dispute ${dispute} is lodged. The national officers will decide it.`);
};

async function showPanel(c: Ctx, deps: AppDeps, form: FormState = { values: {}, errors: {} }, status: 200 | 400 | 404 | 409 = 200) {
  const panel = await disputesPanel(deps.store);
  const names = await namesOf(deps, panel);
  return page(
    c,
    disputesPanelPage(
      { members: panel.members.map((m) => ({ name: names.get(m) ?? m, chair: panel.chair === m })), action: DISPUTES_PANEL_PATH, form },
      viewContext(c),
    ),
    status,
  );
}

const panelPage: Handler = (c, deps) => showPanel(c, deps);

const changePanel: Handler = async (c, deps) => {
  const who = c.get('who')!;
  const values = { [PANEL_FIELDS.member]: text(c, PANEL_FIELDS.member), [PANEL_FIELDS.change]: text(c, PANEL_FIELDS.change) };
  const errors: Record<string, string> = {};
  if (values[PANEL_FIELDS.member] === '') errors[PANEL_FIELDS.member] = 'Enter the member number of the member.';
  const change = values[PANEL_FIELDS.change] as PanelChange;
  if (!['appoint', 'appoint-chair', 'remove'].includes(change)) errors[PANEL_FIELDS.change] = 'Choose the change to make.';
  if (Object.keys(errors).length > 0) return showPanel(c, deps, { values, errors }, 400);
  const r = await changeDisputesPanel({ store: deps.store, clock: deps.clock, actor: who.member.id }, values[PANEL_FIELDS.member] as MemberId, change);
  if (!r.ok) {
    const field = r.error.code === 'not-found' ? PANEL_FIELDS.member : PANEL_FIELDS.change;
    return showPanel(c, deps, { values, errors: { [field]: `${r.error.message} Nothing was saved.` } }, r.error.code === 'not-found' ? 404 : 409);
  }
  return done(c, deps.config, DISPUTES_PANEL_PATH, 'The disputes panel is changed.');
};

/**
 * The public page of a process's decided disputes, signed in or not: only where its rulebook publishes
 * them (a rulebook that does not has no such page), and only decided ones, as publishedDecisions says.
 */
const published: Handler = async (c, deps) => {
  const review = await reviewOf(c, deps);
  if (review instanceof Response) return review;
  const rulebook = await rulebookOf(deps.store, review);
  if (!rulebook.ok || !disputeRulesOf(rulebook.value).publishDecisions)
    return errorResponse(c, 404, 'The disputes panel’s decisions about this process are told to the parties and members, not published.');
  return page(c, publishedDecisionsPage({ title: titleOf(review), disputes: publishedDecisions(review, rulebook.value) }, viewContext(c)));
};

export const disputeHandlers: Readonly<Record<string, Handler>> = {
  'process.disputes': list,
  'process.decisions': published,
  'process.disputes.lodge': lodge,
  'process.disputes.decide': deciding(false),
  'process.disputes.appeal': appealOne,
  'process.disputes.appeal-decide': deciding(true),
  'admin.disputes-panel': panelPage,
  'admin.disputes-panel.change': changePanel,
};

/**
 * The decisions on a process's disputes for its public page, where its rulebook publishes them (an
 * empty list where it does not): what each dispute was about and what the panel, or the appeal body,
 * decided and why — never who lodged it, its grounds or its evidence.
 */
export function publishedDecisions(review: Review, rulebook: Rulebook): PublishedDecision[] {
  if (!disputeRulesOf(rulebook).publishDecisions) return [];
  return (review.state.disputes ?? []).flatMap((d) => {
    const last = d.appeal?.decision ?? d.decision;
    if (!last) return [];
    const by = d.appeal?.decision ? 'On appeal' : 'The disputes panel';
    const remedy = remedyText(review, last.remedy);
    const about = aboutText(review, d.subject);
    return [
      {
        about: `${about[0]!.toUpperCase()}${about.slice(1)}`,
        decision: `${by}: ${last.outcome} on ${dayText(last.decidedAt)}.${remedy ? ` ${remedy}` : ''}`,
        reasons: `Reasons: ${last.reasons}`,
      },
    ];
  });
}
