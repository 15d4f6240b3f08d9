/**
 * The supporters of a leadership election, for the web (and whoever else acts on them): the window
 * and fee its officer sets, the public application with its private status link, the officers'
 * validation queue (accept or reject, each with a reason the applicant sees, duplicates flagged),
 * and reinstating a rejected application (a remedy a disputes panel may order).
 *
 * An accepted supporter becomes a membership row with a supporter's membership class, in the party
 * unit (no branch): so they sign in with a code sent to their email like any member, see the booth
 * and receive the ballot's notices, but no branch's electorate ever holds them; the freeze of the
 * election they were accepted for adds them, with their class (freeze-electorate.ts). Decisions are
 * taken until the electorate is frozen: an application decided later could not change who votes.
 *
 * Hustings takes no payments: the applicant gives the reference of the fee they paid, and the
 * officers reconcile it before accepting. The applicant's email is never written to the audit log.
 */
import { auditRecord } from '../audit/index.js';
import type { ProcessId, UnitId } from '../domain/ids.js';
import { localDate } from '../domain/local-time.js';
import type { Member, MemberLanguage } from '../domain/organisation.js';
import type { InternalElectionDocument } from '../domain/processes/documents.js';
import { votingWindow } from '../domain/processes/index.js';
import type { ElectorateClass, Rulebook } from '../domain/rulebook.js';
import {
  checkApplication,
  checkDecision,
  checkReinstatement,
  duplicateFlags,
  isSupporterClass,
  supporterClassesOf,
  supporterMemberId,
  windowProblems,
  windowStateOn,
  type SupporterApplication,
  type SupporterApplicationInput,
  type SupporterClass,
  type SupporterDecision,
  type SupporterWindow,
  type WindowState,
} from '../domain/supporters.js';
import type { IsoDate } from '../domain/time.js';
import type { Store } from '../store/store.js';
import type { Acting } from './acting.js';
import { refusal, type AppResult } from './app-error.js';
import { newSupporterStatusToken, supporterNotice, supporterStatusHash, type SupporterNews } from './notices/supporter-notices.js';
import { contestsOf } from './open-process.js';
import { rulebookFor } from './rulebook-of.js';

/** A leadership election whose rulebook lets supporters apply, with its rules and the classes that may. */
export interface SupporterElection {
  readonly process: InternalElectionDocument;
  readonly rulebook: Rulebook;
  readonly classes: readonly SupporterClass[];
}

/** The election as one that takes supporters, or why it is not one. */
export async function supporterElection(store: Store, id: ProcessId): Promise<AppResult<SupporterElection>> {
  const asked = await store.processDocument(id);
  if (asked?.kind !== 'internal-election' || !asked.state.leadership) return refusal('not-found', 'not-found', 'There is no such leadership election.');
  // Supporters apply to the election, not to one of its contests: a deputy leader's contest held with the
  // leader's keeps one window and one queue, the leader's, and its electorate freezes the same supporters.
  const election = asked.state.leadership.office === 'deputy' && asked.state.contest ? await contestsOf({ store }, asked.state.contest.election) : [];
  const proc = election.find((c) => c.state.leadership && c.state.leadership.office !== 'deputy') ?? asked;
  const rulebook = await rulebookFor(store, proc);
  if (!rulebook) return refusal('unavailable', 'unbundled-rulebook', `${proc.state.title} runs under rules this version of Hustings does not bundle.`);
  const classes = supporterClassesOf(rulebook.leadership);
  if (classes.length === 0) return refusal('not-found', 'no-supporters', `Only members vote in ${proc.state.title}: its rules have no supporters.`);
  return { ok: true, value: { process: proc, rulebook, classes } };
}

/** Today in the organisation's time zone (the window's days are its days). */
export const supporterToday = (e: SupporterElection, now: Date, zone: string): IsoDate => localDate(now, votingWindow(e.process.state, zone).zone);

/** Whether the queue still takes decisions: until the electorate is frozen (read afresh: the election may have moved on since it was loaded). */
async function beforeFreeze(store: Store, e: SupporterElection): Promise<boolean> {
  const now = await store.processDocument(e.process.id);
  return now?.kind === 'internal-election' && now.state.phase === 'nominations';
}

const FROZEN = (e: SupporterElection) =>
  refusal('conflict', 'electorate-frozen', `The electorate of ${e.process.state.title} is frozen: supporters' applications can no longer change who votes.`);

/** Sets (or changes) the window and the fee; by field, what is wrong with them. */
export async function setSupporterWindow(
  a: Acting,
  e: SupporterElection,
  window: SupporterWindow,
): Promise<AppResult<SupporterWindow, ReturnType<typeof refusal>['error'] & { readonly fields?: Record<string, string> }>> {
  if (!(await beforeFreeze(a.store, e))) return FROZEN(e);
  const fee = e.classes.includes('registered-supporter') ? window.feePence : 0;
  const w = { ...window, feePence: fee };
  const fields = windowProblems(w, e.process.state.timetable.freezeDate);
  if (Object.keys(fields).length > 0)
    return { ok: false, error: { code: 'invalid', reason: 'invalid-window', message: Object.values(fields).join(' '), fields } };
  const at = a.clock.now().toISOString();
  await a.store.setSupporterWindow(
    e.process.id,
    w,
    at,
    auditRecord(a.actor, 'supporters.window-set', { process: e.process.id, opens: w.opens, closes: w.closes, feePence: w.feePence }, at),
  );
  return { ok: true, value: w };
}

/** What an applicant gets back: their application and the token of their private status link (shown once, never stored). */
export interface Applied {
  readonly application: SupporterApplication;
  readonly token: string;
}

/** The window as the form shows it: its state today, and the window (null when not set). */
export async function supporterWindowNow(
  store: Store,
  e: SupporterElection,
  now: Date,
  zone: string,
): Promise<{ state: WindowState; window: SupporterWindow | null }> {
  const window = await store.supporterWindow(e.process.id);
  return { state: windowStateOn(window, supporterToday(e, now, zone)), window };
}

/**
 * Someone (not signed in) applies, reading the form in `language`; refused outside the window, or
 * with the problems by field. A receipt goes to them by mail, in that language, with its own status link.
 */
export async function applyAsSupporter(
  store: Store,
  now: Date,
  zone: string,
  e: SupporterElection,
  input: SupporterApplicationInput,
  language: MemberLanguage = 'en',
): Promise<AppResult<Applied, ReturnType<typeof refusal>['error'] & { readonly fields?: Record<string, string> }>> {
  const { state, window } = await supporterWindowNow(store, e, now, zone);
  if (window === null || state !== 'open' || !(await beforeFreeze(store, e)))
    return refusal('conflict', 'window-closed', `${e.process.state.title} is not taking supporters' applications today.`);
  const affiliates = new Set((await store.listUnits({ kind: 'affiliate' })).map((u) => u.id as string));
  const checked = checkApplication(input, { classes: e.classes, affiliates, window });
  if (!checked.ok)
    return { ok: false, error: { code: 'invalid', reason: 'invalid-application', message: checked.error.message, fields: checked.error.fields } };
  const token = newSupporterStatusToken();
  const at = now.toISOString();
  const application = await store.addSupporterApplication(
    e.process.id,
    checked.value,
    supporterStatusHash(token),
    at,
    (number) => auditRecord(APPLICANT, 'supporters.applied', { process: e.process.id, application: number, class: checked.value.class }, at),
    { language, notice: (number) => applicantNotice(e, number, checked.value.class, 'received', null, 'received', at, APPLICANT) },
  );
  return { ok: true, value: { application, token } };
}

/** Who the audit log and the outbox name as acting for someone applying (they are nobody's member yet). */
const APPLICANT = 'applicant';

/** The notice telling an application's applicant its news. */
const applicantNotice = (
  e: SupporterElection,
  number: number,
  cls: SupporterClass,
  news: SupporterNews,
  reason: string | null,
  step: string,
  at: string,
  actor: string,
) =>
  supporterNotice(e.process.id, supporterMemberId(e.process.id, number), { news, title: e.process.state.title, number, class: cls, reason }, step, at, actor);

/** The application a status link opens, with its election's title; null when the link is not one. */
export async function supporterStatus(
  store: Store,
  token: string,
): Promise<{ application: SupporterApplication; title: string; affiliate: string | null } | null> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const application = await store.supporterApplicationByToken(supporterStatusHash(token));
  if (application === null) return null;
  const proc = await store.processDocument(application.process);
  const affiliate = application.affiliate === null ? null : ((await store.getUnit(application.affiliate))?.name ?? null);
  return { application, title: proc?.kind === 'internal-election' ? proc.state.title : 'a leadership election', affiliate };
}

/** One application in the officers' queue: with its affiliate's name and what flags it. */
export interface QueuedApplication {
  readonly application: SupporterApplication;
  readonly affiliate: string | null;
  readonly flags: readonly string[];
}

/** The election's applications for the officers, pending first, each with its duplicate flags; and the accepted counted by class. */
export async function supporterQueue(
  store: Store,
  e: SupporterElection,
): Promise<{ pending: QueuedApplication[]; decided: QueuedApplication[]; accepted: Readonly<Record<SupporterClass, number>> }> {
  const all = await store.supporterApplications(e.process.id);
  const affiliates = new Map((await store.listUnits({ kind: 'affiliate' })).map((u) => [u.id as string, u.name]));
  const members = new Map<string, boolean>();
  for (const app of all) {
    const key = app.email.toLowerCase();
    if (!members.has(key)) {
      const m = await store.memberByEmail(app.email);
      members.set(key, m !== null && !isSupporterClass(m.membershipClass));
    }
  }
  const queued = all.map(
    (app): QueuedApplication => ({
      application: app,
      affiliate: app.affiliate === null ? null : (affiliates.get(app.affiliate) ?? null),
      flags: duplicateFlags(app, all, members.get(app.email.toLowerCase()) ?? false),
    }),
  );
  const accepted = { 'registered-supporter': 0, 'affiliated-supporter': 0 };
  for (const app of all) if (app.status === 'accepted') accepted[app.class]++;
  return { pending: queued.filter((q) => q.application.status === 'pending'), decided: queued.filter((q) => q.application.status !== 'pending'), accepted };
}

/** The party unit an accepted supporter's membership row belongs to (supporters are in no branch). */
async function partyUnit(store: Store): Promise<UnitId | null> {
  return (await store.listUnits({ kind: 'party' }))[0]?.id ?? null;
}

/** Accepts or rejects (a checked decision) an application still `from`; an acceptance writes the supporter's membership row with it. */
async function decide(
  a: Acting,
  e: SupporterElection,
  number: number,
  from: 'pending' | 'rejected',
  decision: SupporterDecision,
  today: IsoDate,
  afterFreeze = false,
): Promise<AppResult<SupporterApplication>> {
  if (!afterFreeze && !(await beforeFreeze(a.store, e))) return FROZEN(e);
  const app = await a.store.supporterApplication(e.process.id, number);
  if (app === null) return refusal('not-found', 'not-found', 'There is no such application.');
  let member: Member | null = null;
  if (decision.status === 'accepted') {
    const email = app.email.toLowerCase();
    const twin = (await a.store.supporterApplications(e.process.id)).find(
      (o) => o.number !== number && o.status === 'accepted' && o.email.toLowerCase() === email,
    );
    if (twin) return refusal('conflict', 'duplicate', `Another application with this email address was accepted already: one person votes once.`);
    const party = await partyUnit(a.store);
    if (party === null) return refusal('conflict', 'no-party-unit', 'The organisation has no party unit to hold its supporters: import the units first.');
    member = {
      id: supporterMemberId(e.process.id, number),
      name: app.name,
      email: app.email,
      branch: party,
      joined: today,
      statusHistory: [{ from: today, status: 'current' }],
      gender: null,
      membershipClass: app.class,
    };
  }
  const at = a.clock.now().toISOString();
  const audit =
    from === 'rejected'
      ? auditRecord(a.actor, 'supporters.reinstated', { process: e.process.id, application: number, reason: decision.reason }, at)
      : auditRecord(a.actor, 'supporters.decided', { process: e.process.id, application: number, decision: decision.status, reason: decision.reason }, at);
  const step = from === 'rejected' ? `reinstated-${decision.status}` : decision.status;
  const r = await a.store.decideSupporterApplication(
    e.process.id,
    number,
    { from, status: decision.status, reason: decision.reason, decidedOn: today, member },
    audit,
    applicantNotice(e, number, app.class, decision.status, decision.reason, step, at, a.actor),
  );
  if (!r.ok) return refusal(r.error.code === 'not-found' ? 'not-found' : 'conflict', r.error.code, r.error.message);
  return r;
}

/** An officer accepts or rejects a pending application, with the reason the applicant sees. */
export async function decideSupporterApplication(
  a: Acting,
  e: SupporterElection,
  number: number,
  decision: SupporterDecision,
  zone: string,
): Promise<AppResult<SupporterApplication>> {
  const app = await a.store.supporterApplication(e.process.id, number);
  if (app === null) return refusal('not-found', 'not-found', 'There is no such application.');
  const checked = checkDecision(app.status, decision);
  if (!checked.ok) return refusal(checked.error.code === 'decided' ? 'conflict' : 'invalid', checked.error.code, checked.error.message);
  return decide(a, e, number, 'pending', checked.value, supporterToday(e, a.clock.now(), zone));
}

/**
 * Reinstates a rejected application (a remedy a disputes panel may order): it is accepted, with the
 * reason, and the supporter becomes a voter of the election, as an officer's acceptance does. Before
 * the electorate is frozen; after it only `byDispute` — the disputes panel's decision, whose step adds
 * the supporter to the frozen electorate (src/app/disputes.ts), having checked the ballot can still take their vote.
 */
export async function reinstateSupporterApplication(
  a: Acting,
  processId: ProcessId,
  number: number,
  reason: string,
  zone: string,
  byDispute = false,
): Promise<AppResult<SupporterApplication>> {
  const e = await supporterElection(a.store, processId);
  if (!e.ok) return e;
  const app = await a.store.supporterApplication(processId, number);
  if (app === null) return refusal('not-found', 'not-found', 'There is no such application.');
  const checked = checkReinstatement(app.status, reason);
  if (!checked.ok) return refusal(checked.error.code === 'not-rejected' ? 'conflict' : 'invalid', checked.error.code, checked.error.message);
  return decide(a, e.value, number, 'rejected', checked.value, supporterToday(e.value, a.clock.now(), zone), byDispute);
}

/**
 * The eligible of a frozen leadership electorate by class, or null when it has no supporters: the
 * accepted supporters as the queue closed at the freeze, and the members the rest of the eligible.
 */
export async function frozenClasses(store: Store, e: SupporterElection): Promise<Record<ElectorateClass, number> | null> {
  const frozen = e.process.state.electorate;
  if (!frozen) return null;
  const supporters = await store.acceptedSupporters(e.process.id);
  const registered = supporters.filter((x) => x.class === 'registered-supporter').length;
  const affiliated = supporters.length - registered;
  return { member: frozen.eligible - supporters.length, 'affiliated-supporter': affiliated, 'registered-supporter': registered };
}
