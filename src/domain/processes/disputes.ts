/**
 * Disputes about a process: a complaint by a member, a candidate or an officer about the process or
 * one of its steps (a unit's meeting), with grounds and evidence; the disputes panel's decision
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
import { checkDate, checkText, show, today, type ProcessContext } from './common.js';

/** Who lodged a dispute, in the capacity they lodged it in. */
export type DisputantRole = 'member' | 'candidate' | 'officer';
export const DISPUTANT_ROLES: readonly DisputantRole[] = ['member', 'candidate', 'officer'];

/** What a dispute is about: the whole process, or one unit's meeting in it. */
export type DisputeSubject = { readonly kind: 'process' } | { readonly kind: 'unit-meeting'; readonly unit: string };

/** What an upheld dispute orders. */
export type DisputeRemedy =
  /** The unit's recorded meeting is void and it must meet again by `rerunBy`. */
  | { readonly kind: 'void-unit-result'; readonly unit: string; readonly rerunBy: IsoDate }
  /** The last day for the process's meetings moves to `closes`. */
  | { readonly kind: 'extend-timetable'; readonly closes: IsoDate };
export type RemedyKind = DisputeRemedy['kind'];
export const REMEDY_KINDS: readonly RemedyKind[] = ['void-unit-result', 'extend-timetable'];

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

/** The longest grounds, evidence or reasons kept: a page of text. */
export const DISPUTE_TEXT_MAX = 4000;

/** A process that can have disputes: its list, and how it applies a remedy (its own state machine's step). */
export interface DisputedProcess<S> {
  readonly disputes: (s: S) => readonly Dispute[];
  readonly withDisputes: (s: S, disputes: readonly Dispute[]) => S;
  /** Checks the subject names something in the process (a unit that is in it). */
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

function subjectOf(value: unknown): Result<DisputeSubject> {
  if (typeof value !== 'object' || value === null) return err('invalid-input', `A dispute must say what it is about, not ${show(value)}.`);
  const s = value as { kind?: unknown; unit?: unknown };
  if (s.kind === 'process') return ok({ kind: 'process' });
  if (s.kind === 'unit-meeting' && typeof s.unit === 'string' && s.unit !== '') return ok({ kind: 'unit-meeting', unit: s.unit });
  return err('invalid-input', `A dispute is about the whole process or one unit's meeting, not ${show(value)}.`);
}

function remedyOf(value: unknown, ctx: ProcessContext): Result<DisputeRemedy | null> {
  if (value === undefined || value === null) return ok(null);
  if (typeof value !== 'object') return err('invalid-input', `A remedy must be one of ${REMEDY_KINDS.join(', ')}, not ${show(value)}.`);
  const r = value as { kind?: unknown; unit?: unknown; rerunBy?: unknown; closes?: unknown };
  const now = today(ctx);
  if (r.kind === 'void-unit-result') {
    if (typeof r.unit !== 'string' || r.unit === '') return err('invalid-input', 'Voiding a meeting needs the unit whose meeting it was.');
    const bad = checkDate(r.rerunBy, 'The date by which the meeting must be held again');
    if (bad) return bad;
    if ((r.rerunBy as IsoDate) < now)
      return err('timetable', `The meeting must be held again by a day still to come, not ${longDate(r.rerunBy as IsoDate)} (today is ${longDate(now)}).`);
    return ok({ kind: 'void-unit-result', unit: r.unit, rerunBy: r.rerunBy as IsoDate });
  }
  if (r.kind === 'extend-timetable') {
    const bad = checkDate(r.closes, 'The new closing date');
    if (bad) return bad;
    if ((r.closes as IsoDate) < now)
      return err('timetable', `The new closing date must be a day still to come, not ${longDate(r.closes as IsoDate)} (today is ${longDate(now)}).`);
    return ok({ kind: 'extend-timetable', closes: r.closes as IsoDate });
  }
  return err('invalid-input', `A remedy must be one of ${REMEDY_KINDS.join(', ')}, not ${show(r.kind)}.`);
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
