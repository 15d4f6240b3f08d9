/**
 * Disputes about a process: a complaint by a member, a candidate or an officer about the process or
 * one of its steps (a unit's meeting, a nomination, an eligibility decision, the count), with grounds and evidence; the disputes panel's decision
 * (dismissed, or upheld with a remedy the rulebook allows); and an appeal to a further body, which
 * decides in the same way.
 *
 * A dispute lives in the state of the process it is about, and lodging, deciding and appealing are
 * steps of that process. So an upheld dispute's remedy changes the process in the same step that
 * records the decision — through the process's own state machine (the remedy is a function the
 * process supplies, with its own checks), never by editing it — and the one transaction, event and
 * audit entry of a step cover both.
 */
import { err, ok, type Result } from '../result.js';
import { longDate } from '../calendar.js';
import type { IsoDate } from '../time.js';
import { DISPUTE_REMEDY_KINDS, disputeRulesOf, type DisputeRemedyKind } from '../rulebook.js';
import { checkDate, checkText, event, rulebookRef, show, today, type ProcessContext, type Step } from './common.js';

/** Who lodged a dispute, in the capacity they lodged it in. */
export type DisputantRole = 'member' | 'candidate' | 'officer';
export const DISPUTANT_ROLES: readonly DisputantRole[] = ['member', 'candidate', 'officer'];

/**
 * What a dispute is about: the whole process; one unit's meeting (a trigger ballot); a candidate's
 * nomination (a selection or an election); an eligibility decision, a member left out of the frozen
 * electorate or a candidate refused; or the count.
 */
export type DisputeSubject =
  | { readonly kind: 'process' }
  | { readonly kind: 'unit-meeting'; readonly unit: string }
  | { readonly kind: 'nomination'; readonly candidate: string }
  | { readonly kind: 'eligibility'; readonly member: string }
  | { readonly kind: 'eligibility'; readonly candidate: string }
  | { readonly kind: 'count' };
export type DisputeSubjectKind = DisputeSubject['kind'];
export const DISPUTE_SUBJECT_KINDS: readonly DisputeSubjectKind[] = ['process', 'unit-meeting', 'nomination', 'eligibility', 'count'];

/**
 * What an upheld dispute orders (the rulebook's `disputes.remedies` says which the panel may). To add
 * one: its kind in rulebook.ts, its variant here, its check in `REMEDY_CHECKS`, and its effect in the
 * `applyRemedy` of each process that takes it (a process that does not take it refuses it there).
 */
export type DisputeRemedy =
  /** The unit's recorded meeting is void and it must meet again by `rerunBy`. */
  | { readonly kind: 'void-unit-result'; readonly unit: string; readonly rerunBy: IsoDate }
  /** A withdrawn, refused or left-off candidate is standing again, back on any list drawn up since. */
  | { readonly kind: 'reinstate-candidate'; readonly candidate: string }
  /** A member left out of the frozen electorate is added to it, before the ballot closes. */
  | { readonly kind: 'restore-member'; readonly member: string }
  /** A rejected supporter's application (a leadership election's, by its number) is accepted, and once the electorate is frozen the supporter is added to it, before the ballot closes. */
  | { readonly kind: 'reinstate-applicant'; readonly application: number }
  /** The last day of what is under way (meetings, applications, nominations, voting) moves to `closes`. */
  | { readonly kind: 'extend-timetable'; readonly closes: IsoDate }
  /** The timetable stands still until the national officers resume it (with the panel's reasons as the pause's). */
  | { readonly kind: 'pause-timetable' }
  /** The ballot is void (every vote cast in it set aside, any count of it no longer the result) and is held again from `opens` to `closes`. */
  | { readonly kind: 'rerun-ballot'; readonly opens: IsoDate; readonly closes: IsoDate };
export type RemedyKind = DisputeRemedyKind;
export const REMEDY_KINDS: readonly RemedyKind[] = DISPUTE_REMEDY_KINDS;
// Every kind the rulebook names has its shape here, and no other.
const _sameKinds: [DisputeRemedy['kind'] extends DisputeRemedyKind ? true : false, DisputeRemedyKind extends DisputeRemedy['kind'] ? true : false] = [
  true,
  true,
];
void _sameKinds;

export type DisputeOutcome = 'dismissed' | 'upheld';

export interface DisputeDecision {
  readonly outcome: DisputeOutcome;
  readonly reasons: string;
  /** What an upheld dispute ordered (null: dismissed, or upheld with no change to the process). */
  readonly remedy: DisputeRemedy | null;
  readonly decidedAt: string;
  readonly by: string | null;
}

export interface Dispute {
  /** "1", "2", …: its number within the process. */
  readonly id: string;
  readonly subject: DisputeSubject;
  readonly role: DisputantRole;
  /** The member who lodged it (as signed in), or the officer's name from the command line. */
  readonly lodgedBy: string | null;
  readonly grounds: string;
  readonly evidence: string | null;
  readonly lodgedAt: string;
  readonly decision: DisputeDecision | null;
  readonly appeal: { readonly grounds: string; readonly lodgedAt: string; readonly by: string | null; readonly decision: DisputeDecision | null } | null;
}

export type DisputeCommand =
  | {
      readonly type: 'lodge-dispute';
      readonly subject: DisputeSubject;
      readonly role: DisputantRole;
      readonly grounds: string;
      readonly evidence?: string | null;
    }
  | {
      readonly type: 'decide-dispute';
      readonly dispute: string;
      readonly outcome: DisputeOutcome;
      readonly reasons: string;
      readonly remedy?: DisputeRemedy | null;
    }
  | { readonly type: 'appeal-dispute'; readonly dispute: string; readonly grounds: string }
  | {
      readonly type: 'decide-dispute-appeal';
      readonly dispute: string;
      readonly outcome: DisputeOutcome;
      readonly reasons: string;
      readonly remedy?: DisputeRemedy | null;
    };
export type DisputeCommandType = DisputeCommand['type'];
export const DISPUTE_COMMANDS: readonly DisputeCommandType[] = ['lodge-dispute', 'decide-dispute', 'appeal-dispute', 'decide-dispute-appeal'];

/** A process's transition table with the dispute steps allowed in every phase: a dispute may be lodged and decided whatever stage it has reached. */
export function withDisputeSteps<P extends string, T extends string>(
  table: Readonly<Record<P, readonly T[]>>,
): Readonly<Record<P, readonly (T | DisputeCommandType)[]>> {
  return Object.fromEntries(Object.entries<readonly T[]>(table).map(([phase, steps]) => [phase, [...steps, ...DISPUTE_COMMANDS]])) as unknown as Record<
    P,
    readonly (T | DisputeCommandType)[]
  >;
}

/** A phase's steps less the dispute steps (which every phase allows): what the process itself can do next. */
export function stepsBesideDisputes<T extends string>(allowed: readonly T[]): T[] {
  return allowed.filter((c) => !(DISPUTE_COMMANDS as readonly string[]).includes(c));
}

/** The longest grounds, evidence or reasons kept: a page of text. */
export const DISPUTE_TEXT_MAX = 4000;

/** A process that can have disputes: its list, and how it applies a remedy (its own state machine's step). */
export interface DisputedProcess<S> {
  readonly disputes: (s: S) => readonly Dispute[];
  readonly withDisputes: (s: S, disputes: readonly Dispute[]) => S;
  /** Checks the subject names something in the process (a unit or a candidate that is in it); a process refuses subjects it has none of. */
  readonly checkSubject: (s: S, subject: DisputeSubject) => Result<never> | null;
  /** The process after the remedy, or why the remedy cannot be applied now. */
  readonly applyRemedy: (s: S, remedy: DisputeRemedy, reasons: string, ctx: ProcessContext) => Result<S>;
}

export interface DisputeStep<S> {
  readonly state: S;
  readonly eventType: 'dispute-lodged' | 'dispute-decided' | 'dispute-appealed' | 'dispute-appeal-decided';
  readonly data: Record<string, unknown>;
}

function checkLongText(value: unknown, field: string, required: boolean): Result<never> | null {
  if (!required && (value === undefined || value === null || value === '')) return null;
  const bad = checkText(value, field);
  if (bad) return bad;
  if ((value as string).length > DISPUTE_TEXT_MAX) return err('invalid-input', `${field} is longer than ${DISPUTE_TEXT_MAX} characters.`);
  return null;
}

const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v !== '';

function subjectOf(value: unknown): Result<DisputeSubject> {
  if (typeof value !== 'object' || value === null) return err('invalid-input', `A dispute must say what it is about, not ${show(value)}.`);
  const s = value as { kind?: unknown; unit?: unknown; candidate?: unknown; member?: unknown };
  if (s.kind === 'process' || s.kind === 'count') return ok({ kind: s.kind });
  if (s.kind === 'unit-meeting' && nonEmpty(s.unit)) return ok({ kind: 'unit-meeting', unit: s.unit });
  if (s.kind === 'nomination' && nonEmpty(s.candidate)) return ok({ kind: 'nomination', candidate: s.candidate });
  if (s.kind === 'eligibility' && nonEmpty(s.member)) return ok({ kind: 'eligibility', member: s.member });
  if (s.kind === 'eligibility' && nonEmpty(s.candidate)) return ok({ kind: 'eligibility', candidate: s.candidate });
  return err(
    'invalid-input',
    `A dispute is about the whole process, a unit's meeting, a nomination, an eligibility decision (of a member or a candidate) or the count, not ${show(value)}.`,
  );
}

/** A date still to come (or today), for a remedy that sets one. */
function futureDate(value: unknown, field: string, ctx: ProcessContext): Result<IsoDate> {
  const bad = checkDate(value, field);
  if (bad) return bad;
  const now = today(ctx);
  if ((value as IsoDate) < now) return err('timetable', `${field} must be a day still to come, not ${longDate(value as IsoDate)} (today is ${longDate(now)}).`);
  return ok(value as IsoDate);
}

type RemedyFields = { readonly [field: string]: unknown };

/** Each remedy's shape, checked as it arrived (forms and scripts may send anything). */
const REMEDY_CHECKS: { readonly [K in RemedyKind]: (r: RemedyFields, ctx: ProcessContext) => Result<Extract<DisputeRemedy, { kind: K }>> } = {
  'void-unit-result': (r, ctx) => {
    if (!nonEmpty(r.unit)) return err('invalid-input', 'Voiding a meeting needs the unit whose meeting it was.');
    const by = futureDate(r.rerunBy, 'The date by which the meeting must be held again', ctx);
    return by.ok ? ok({ kind: 'void-unit-result', unit: r.unit, rerunBy: by.value }) : by;
  },
  'reinstate-candidate': (r) =>
    nonEmpty(r.candidate) ? ok({ kind: 'reinstate-candidate', candidate: r.candidate }) : err('invalid-input', 'Reinstating needs the candidate to reinstate.'),
  'restore-member': (r) =>
    nonEmpty(r.member)
      ? ok({ kind: 'restore-member', member: r.member })
      : err('invalid-input', 'Restoring a member to the electorate needs the member (their membership number).'),
  'reinstate-applicant': (r) =>
    typeof r.application === 'number' && Number.isSafeInteger(r.application) && r.application >= 1
      ? ok({ kind: 'reinstate-applicant', application: r.application })
      : err('invalid-input', `Reinstating an applicant needs the number of their rejected application, not ${show(r.application)}.`),
  'extend-timetable': (r, ctx) => {
    const closes = futureDate(r.closes, 'The new closing date', ctx);
    return closes.ok ? ok({ kind: 'extend-timetable', closes: closes.value }) : closes;
  },
  'pause-timetable': () => ok({ kind: 'pause-timetable' }),
  'rerun-ballot': (r, ctx) => {
    const opens = futureDate(r.opens, 'The day the ballot opens again', ctx);
    if (!opens.ok) return opens;
    const closes = futureDate(r.closes, 'The day the ballot closes again', ctx);
    if (!closes.ok) return closes;
    if (closes.value < opens.value)
      return err('timetable', `The ballot held again would close on ${longDate(closes.value)}, before it opens (${longDate(opens.value)}).`);
    return ok({ kind: 'rerun-ballot', opens: opens.value, closes: closes.value });
  },
};

/** The remedy as given, checked, and allowed by the rulebook's disputes rules. */
function remedyOf(value: unknown, ctx: ProcessContext): Result<DisputeRemedy | null> {
  if (value === undefined || value === null) return ok(null);
  const kind = typeof value === 'object' ? (value as { kind?: unknown }).kind : value;
  if (typeof kind !== 'string' || !(REMEDY_KINDS as readonly string[]).includes(kind))
    return err('invalid-input', `A remedy must be one of ${REMEDY_KINDS.join(', ')}, not ${show(kind)}.`);
  const allowed = disputeRulesOf(ctx.rulebook).remedies;
  if (!(allowed as readonly string[]).includes(kind))
    return err(
      'rulebook-forbids',
      `Under ${rulebookRef(ctx.rulebook)} the disputes panel may not order that remedy (${kind}); it may order: ${allowed.join(', ') || 'none'}.`,
    );
  return REMEDY_CHECKS[kind as RemedyKind](value as RemedyFields, ctx);
}

function findDispute(list: readonly Dispute[], id: unknown): Result<Dispute> {
  const d = typeof id === 'string' ? list.find((x) => x.id === id) : undefined;
  if (!d) return err('not-found', list.length === 0 ? 'This process has no disputes.' : `There is no dispute ${show(id)} in this process.`);
  return ok(d);
}

/** A decision as given: upheld with or without a remedy, dismissed with none; reasons always. */
function decisionOf<S>(
  p: DisputedProcess<S>,
  state: S,
  c: { outcome: unknown; reasons: unknown; remedy?: unknown },
  ctx: ProcessContext,
): Result<{ decision: DisputeDecision; state: S }> {
  if (c.outcome !== 'dismissed' && c.outcome !== 'upheld') return err('invalid-input', `A dispute is dismissed or upheld, not ${show(c.outcome)}.`);
  const bad = checkLongText(c.reasons, 'The reasons for the decision', true);
  if (bad) return bad;
  const remedy = remedyOf(c.remedy, ctx);
  if (!remedy.ok) return remedy;
  if (c.outcome === 'dismissed' && remedy.value !== null) return err('invalid-input', 'A dismissed dispute orders no remedy.');
  let next = state;
  if (remedy.value !== null) {
    const applied = p.applyRemedy(state, remedy.value, c.reasons as string, ctx);
    if (!applied.ok) return applied;
    next = applied.value;
  }
  const decision: DisputeDecision = {
    outcome: c.outcome,
    reasons: c.reasons as string,
    remedy: remedy.value,
    decidedAt: ctx.clock.now().toISOString(),
    by: ctx.actor ?? null,
  };
  return ok({ decision, state: next });
}

function replace(list: readonly Dispute[], d: Dispute): Dispute[] {
  return list.map((x) => (x.id === d.id ? d : x));
}

/** Applies one dispute command to a process that has disputes. */
export function applyDispute<S>(p: DisputedProcess<S>, state: S, c: DisputeCommand, ctx: ProcessContext): Result<DisputeStep<S>> {
  const list = p.disputes(state);
  const at = ctx.clock.now().toISOString();
  switch (c.type) {
    case 'lodge-dispute': {
      const subject = subjectOf(c.subject);
      if (!subject.ok) return subject;
      const badSubject = p.checkSubject(state, subject.value);
      if (badSubject) return badSubject;
      if (!DISPUTANT_ROLES.includes(c.role)) return err('invalid-input', `A dispute is lodged by a ${DISPUTANT_ROLES.join(', ')}, not ${show(c.role)}.`);
      const bad = checkLongText(c.grounds, 'The grounds of the dispute', true) ?? checkLongText(c.evidence, 'The evidence', false);
      if (bad) return bad;
      const d: Dispute = {
        id: String(list.length + 1),
        subject: subject.value,
        role: c.role,
        lodgedBy: ctx.actor ?? null,
        grounds: c.grounds,
        evidence: c.evidence ? c.evidence : null,
        lodgedAt: at,
        decision: null,
        appeal: null,
      };
      return ok({ state: p.withDisputes(state, [...list, d]), eventType: 'dispute-lodged', data: { dispute: d.id, subject: d.subject, role: d.role } });
    }
    case 'decide-dispute': {
      const found = findDispute(list, c.dispute);
      if (!found.ok) return found;
      if (found.value.decision !== null)
        return err(
          'already-recorded',
          `Dispute ${found.value.id} was decided on ${longDate(found.value.decision.decidedAt.slice(0, 10) as IsoDate)}; an appeal is the way to challenge it.`,
        );
      const decided = decisionOf(p, state, c, ctx);
      if (!decided.ok) return decided;
      const d: Dispute = { ...found.value, decision: decided.value.decision };
      return ok({
        state: p.withDisputes(decided.value.state, replace(list, d)),
        eventType: 'dispute-decided',
        data: { dispute: d.id, outcome: decided.value.decision.outcome, remedy: decided.value.decision.remedy, reasons: decided.value.decision.reasons },
      });
    }
    case 'appeal-dispute': {
      const found = findDispute(list, c.dispute);
      if (!found.ok) return found;
      if (found.value.decision === null) return err('not-recorded', `Dispute ${found.value.id} has not been decided yet: there is nothing to appeal against.`);
      if (found.value.appeal !== null) return err('already-recorded', `Dispute ${found.value.id} has been appealed already.`);
      const bad = checkLongText(c.grounds, 'The grounds of the appeal', true);
      if (bad) return bad;
      const d: Dispute = { ...found.value, appeal: { grounds: c.grounds, lodgedAt: at, by: ctx.actor ?? null, decision: null } };
      return ok({ state: p.withDisputes(state, replace(list, d)), eventType: 'dispute-appealed', data: { dispute: d.id } });
    }
    case 'decide-dispute-appeal': {
      const found = findDispute(list, c.dispute);
      if (!found.ok) return found;
      const appeal = found.value.appeal;
      if (appeal === null) return err('not-recorded', `Dispute ${found.value.id} has not been appealed.`);
      if (appeal.decision !== null) return err('already-recorded', `The appeal on dispute ${found.value.id} has been decided already.`);
      const decided = decisionOf(p, state, c, ctx);
      if (!decided.ok) return decided;
      const d: Dispute = { ...found.value, appeal: { ...appeal, decision: decided.value.decision } };
      return ok({
        state: p.withDisputes(decided.value.state, replace(list, d)),
        eventType: 'dispute-appeal-decided',
        data: { dispute: d.id, outcome: decided.value.decision.outcome, remedy: decided.value.decision.remedy, reasons: decided.value.decision.reasons },
      });
    }
  }
}

/** A dispute command as a step of the process it is about: the new state and its event. */
export function disputeStepOf<S>(p: DisputedProcess<S>, state: S, c: DisputeCommand, ctx: ProcessContext): Step<S> {
  const r = applyDispute(p, state, c, ctx);
  if (!r.ok) return r;
  return ok({ state: r.value.state, event: event(ctx, r.value.eventType, r.value.data) });
}
