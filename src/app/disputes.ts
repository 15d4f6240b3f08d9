/**
 * Disputes about a review, for the web and the command line alike: the disputes panel (members with
 * a chair, its changes audited), lodging a dispute, the panel's decision, an appeal by a party and
 * the appeal body's decision. Each dispute step is a step of the review (src/domain/processes/
 * disputes.ts), so the decision and its remedy are stored together; who may take each step is
 * decided here, since the panel is the organisation's data, not the review's.
 */
import { auditRecord } from '../audit/index.js';
import type { MemberId, ProcessId } from '../domain/ids.js';
import { DEFAULT_TIME_ZONE } from '../domain/local-time.js';
import { applyProcess, type Dispute, type DisputeRemedy, type DisputeSubject, type ProcessCommand } from '../domain/processes/index.js';
import type { Store } from '../store/store.js';
import { processContext, type Acting } from './acting.js';
import { fromDomain, refusal, type AppResult } from './app-error.js';
import { applyStepTo } from './apply-step.js';
import { loadProcess, type DocumentOfKind } from './load-process.js';
import { rulebookOf } from './rulebook-of.js';
import { reinstateSupporterApplication } from './supporters.js';

/** The disputes panel: who sits on it, and its chair (one of them), who records its decisions. */
export interface DisputesPanel {
  readonly members: readonly MemberId[];
  readonly chair: MemberId | null;
}

const PANEL_SETTING = 'disputes-panel';

/** The stored panel, checked: a list of member ids and a chair among them (or none). */
function panelFrom(raw: string): DisputesPanel {
  const v = JSON.parse(raw) as { members?: unknown; chair?: unknown };
  const members = Array.isArray(v.members) && v.members.every((m) => typeof m === 'string') ? (v.members as MemberId[]) : null;
  const chair = v.chair === null || typeof v.chair === 'string' ? (v.chair as MemberId | null) : undefined;
  if (members === null || chair === undefined) throw new Error('the stored disputes panel is not readable: expected a list of members and a chair');
  return { members, chair };
}

export async function disputesPanel(store: Pick<Store, 'organisationSetting'>): Promise<DisputesPanel> {
  const raw = await store.organisationSetting(PANEL_SETTING);
  return raw === null ? { members: [], chair: null } : panelFrom(raw);
}

export type PanelChange = 'appoint' | 'appoint-chair' | 'remove';

/** Appoints a member to the panel (as its chair, replacing the chair before), or removes one; audited. */
export async function changeDisputesPanel(a: Acting, member: MemberId, change: PanelChange): Promise<AppResult<DisputesPanel>> {
  const found = await a.store.getMember(member);
  if (!found) return refusal('not-found', 'no-member', `There is no member ${member}.`);
  const before = await disputesPanel(a.store);
  const on = before.members.includes(member);
  let after: DisputesPanel;
  if (change === 'remove') {
    if (!on) return refusal('conflict', 'not-on-panel', `${found.name} is not on the disputes panel.`);
    after = { members: before.members.filter((m) => m !== member), chair: before.chair === member ? null : before.chair };
  } else if (change === 'appoint-chair') {
    if (before.chair === member) return refusal('conflict', 'already-chair', `${found.name} already chairs the disputes panel.`);
    after = { members: on ? before.members : [...before.members, member], chair: member };
  } else {
    if (on) return refusal('conflict', 'already-on-panel', `${found.name} is on the disputes panel already.`);
    after = { members: [...before.members, member], chair: before.chair };
  }
  await a.store.putOrganisationSetting(PANEL_SETTING, JSON.stringify(after));
  await a.store.appendAudit(
    auditRecord(
      a.actor,
      'disputes.panel-changed',
      { member, change: change === 'appoint-chair' ? 'made chair' : change === 'appoint' ? 'appointed' : 'removed' },
      a.clock.now().toISOString(),
    ),
  );
  return { ok: true, value: after };
}

/** Who may act on a dispute, as the adapters tell it: the member, and whether they are a national officer or run the review. */
export interface DisputeActor {
  readonly member: MemberId;
  readonly runsReview: boolean;
  readonly nationalOfficer: boolean;
}

/** A process disputes may be about: a review, a selection, an election (a leadership election among them). */
export type DisputedDocument = DocumentOfKind<'trigger-ballot'> | DocumentOfKind<'selection'> | DocumentOfKind<'internal-election'>;
type Review = DisputedDocument;

/** Whether disputes may be lodged about this process. */
export function isDisputed(doc: { readonly kind: string }): doc is DisputedDocument {
  return doc.kind === 'trigger-ballot' || doc.kind === 'selection' || doc.kind === 'internal-election';
}

export interface LodgedDispute {
  readonly subject: DisputeSubject;
  readonly grounds: string;
  readonly evidence: string | null;
}

/** The members a process is about: a review's incumbent, a selection's or an election's candidates. */
function peopleOf(doc: DisputedDocument): readonly string[] {
  if (doc.state.kind === 'trigger-ballot') return doc.state.incumbent.member === null ? [] : [doc.state.incumbent.member];
  return doc.state.candidates.flatMap((c) => (c.member === null ? [] : [c.member]));
}

/** The member a dispute is about, where it is about one: a candidate (their nomination or eligibility) or a member left out of the electorate. */
function subjectMember(doc: DisputedDocument, subject: DisputeSubject): string | null {
  if (subject.kind === 'eligibility' && 'member' in subject) return subject.member;
  const candidate = subject.kind === 'nomination' || subject.kind === 'eligibility' ? ('candidate' in subject ? subject.candidate : null) : null;
  if (candidate === null || doc.state.kind === 'trigger-ballot') return null;
  return doc.state.candidates.find((c) => c.id === candidate)?.member ?? null;
}

/** The capacity a member lodges in: an officer of the process, a candidate in it (or the incumbent under review), or a member. */
function roleOf(who: DisputeActor, doc: DisputedDocument): 'officer' | 'candidate' | 'member' {
  if (who.runsReview) return 'officer';
  return peopleOf(doc).includes(who.member) ? 'candidate' : 'member';
}

export async function lodgeDispute(a: Acting, review: Review, who: DisputeActor, d: LodgedDispute): Promise<AppResult<Review>> {
  if (d.subject.kind === 'eligibility' && 'member' in d.subject && !(await a.store.getMember(d.subject.member as MemberId)))
    return refusal('not-found', 'no-member', `There is no member ${d.subject.member}.`);
  return applyStepTo(a, review.id, review.kind, {
    type: 'lodge-dispute',
    subject: d.subject,
    role: roleOf(who, review),
    grounds: d.grounds,
    evidence: d.evidence,
  });
}

function disputeIn(review: Review, id: string): AppResult<Dispute> {
  const d = (review.state.disputes ?? []).find((x) => x.id === id);
  return d ? { ok: true, value: d } : refusal('not-found', 'no-dispute', 'There is no such dispute about this process.');
}

/**
 * A remedy that reopens a decided review cannot be taken once the selection it led to has been
 * opened: that selection would then run on a decision no longer standing. The panel must deal with
 * the selection first. A member restored to an electorate must be a member.
 */
async function remedyBlocked(store: Store, review: Review, remedy: DisputeRemedy | null): Promise<AppResult<null>> {
  if (remedy?.kind === 'restore-member') {
    if (!(await store.getMember(remedy.member as MemberId))) return refusal('not-found', 'no-member', `There is no member ${remedy.member}.`);
    const entry = await store.electorateEntry(review.id, remedy.member as MemberId);
    if (entry?.eligible) return refusal('conflict', 'already-eligible', `Member ${remedy.member} is already in the electorate: there is nothing to restore.`);
    return { ok: true, value: null };
  }
  if (remedy?.kind !== 'void-unit-result' || review.state.kind !== 'trigger-ballot' || review.state.phase !== 'triggered') return { ok: true, value: null };
  const selections = await store.listProcesses({ kind: 'selection', ...(review.constituency ? { constituency: review.constituency } : {}) });
  const following = selections.find((p) => (p.state as { followsTrigger?: string | null }).followsTrigger === review.id);
  return following
    ? refusal(
        'conflict',
        'selection-opened',
        `The selection this review led to has been opened (${(following.state as { title?: string }).title ?? 'the selection'}); voiding a meeting would reopen the review under it. Nothing was changed.`,
      )
    : { ok: true, value: null };
}
export interface Decision {
  readonly outcome: 'dismissed' | 'upheld';
  readonly reasons: string;
  readonly remedy: DisputeRemedy | null;
  /** The organisation's time zone, whose day a reinstated supporter's application is accepted on (default: the party's own). */
  readonly zone?: string;
}

/**
 * A decision recorded as the process's step. One that reinstates a supporter's application also
 * accepts it, with the panel's reasons (its supporter's membership row written and the applicant told).
 * The store keeps applications and a process's document in separate transactions — no one transaction
 * spans both — so the two writes are ordered so that a refusal leaves nothing half-done: every check
 * either could fail on is made first (the application is still rejected, and the decision step itself
 * is run on the process as it stands, storing nothing); then the application is accepted (refused with
 * nothing written if another acceptance has its email); last the decision is stored, which adds the
 * supporter's new row to a frozen electorate in its own transaction (apply-step.ts). Only a step someone
 * else takes between the two writes can still refuse the last; the refusal then says so.
 */
async function recordDecision(a: Acting, review: Review, command: DecisionCommand, zone: string): Promise<AppResult<Review>> {
  const remedy = command.remedy;
  if (remedy?.kind !== 'reinstate-applicant') return applyStepTo(a, review.id, review.kind, command);
  const current = await loadProcess(a.store, review.id, review.kind);
  if (!current.ok) return current;
  const rulebook = await rulebookOf(a.store, current.value);
  if (!rulebook.ok) return rulebook;
  const dry = applyProcess(current.value.state, command, processContext(rulebook.value, a));
  if (!dry.ok) return { ok: false, error: fromDomain(dry.error) };
  const accepted = await reinstateSupporterApplication(a, review.id as ProcessId, remedy.application, command.reasons, zone, true);
  if (!accepted.ok) return accepted;
  const stored = await applyStepTo(a, review.id, review.kind, command);
  if (stored.ok) return stored;
  return refusal(
    stored.error.code,
    stored.error.reason,
    `${stored.error.message} Application ${remedy.application} was accepted, but the process moved on before the decision could be recorded: record it again as the process now stands.`,
  );
}

type DecisionCommand = Extract<ProcessCommand, { type: 'decide-dispute' | 'decide-dispute-appeal' }>;

/** The panel's decision, recorded by its chair; an upheld dispute's remedy acts on the review in the same step. */
export async function decideDispute(a: Acting, review: Review, who: DisputeActor, dispute: string, d: Decision): Promise<AppResult<Review>> {
  const panel = await disputesPanel(a.store);
  if (panel.chair !== who.member) return refusal('forbidden', 'not-chair', "Only the disputes panel's chair records its decisions.");
  const found = disputeIn(review, dispute);
  if (!found.ok) return found;
  const blocked = await remedyBlocked(a.store, review, d.remedy);
  if (!blocked.ok) return blocked;
  return recordDecision(a, review, { type: 'decide-dispute', dispute, outcome: d.outcome, reasons: d.reasons, remedy: d.remedy }, d.zone ?? DEFAULT_TIME_ZONE);
}

/** An appeal against the panel's decision, by a party: whoever lodged the dispute, or the representative the review is about. */
export async function appealDispute(a: Acting, review: Review, who: DisputeActor, dispute: string, grounds: string): Promise<AppResult<Review>> {
  const found = disputeIn(review, dispute);
  if (!found.ok) return found;
  if (!isParty(who, review, found.value))
    return refusal(
      'forbidden',
      'not-a-party',
      'Only the parties to a dispute (whoever lodged it, and the candidate, representative or member it is about) may appeal.',
    );
  return applyStepTo(a, review.id, review.kind, { type: 'appeal-dispute', dispute, grounds });
}

/** The appeal body's decision: the national officers, acting for the national executive. */
export async function decideDisputeAppeal(a: Acting, review: Review, who: DisputeActor, dispute: string, d: Decision): Promise<AppResult<Review>> {
  if (!who.nationalOfficer) return refusal('forbidden', 'not-appeal-body', 'Appeals are decided by the national officers, for the national executive.');
  const found = disputeIn(review, dispute);
  if (!found.ok) return found;
  const blocked = await remedyBlocked(a.store, review, d.remedy);
  if (!blocked.ok) return blocked;
  return recordDecision(
    a,
    review,
    { type: 'decide-dispute-appeal', dispute, outcome: d.outcome, reasons: d.reasons, remedy: d.remedy },
    d.zone ?? DEFAULT_TIME_ZONE,
  );
}

/**
 * The parties to a dispute: whoever lodged it, and whom it is about — a review's incumbent, the
 * candidate whose nomination or eligibility it disputes, the member left out of the electorate (a
 * dispute about a whole selection or election, or its count, has every candidate as a party).
 */
export function isParty(who: Pick<DisputeActor, 'member'>, doc: DisputedDocument, d: Dispute): boolean {
  if (d.lodgedBy === who.member) return true;
  const about = subjectMember(doc, d.subject);
  if (about !== null) return about === who.member;
  return peopleOf(doc).includes(who.member);
}

/** Who may read a dispute's grounds and evidence, and follow its progress: the panel, the national officers, the process's officers and the parties. */
export function mayReadGrounds(who: DisputeActor, panel: DisputesPanel, review: Review, d: Dispute): boolean {
  return panel.members.includes(who.member) || who.nationalOfficer || who.runsReview || isParty(who, review, d);
}
