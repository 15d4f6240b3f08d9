/**
 * Disputes about the two processes that hold a ballot of candidates (a selection, an internal
 * election, a leadership election among them): what a dispute may be about in them, and how each
 * remedy acts on them, through the same rules their own steps keep (a candidate is reinstated only
 * while the ballot paper can still change; a member is restored to the electorate only while the
 * ballot can still take their vote; a closing date moves only forwards and only for what is still
 * under way). Each process supplies the few things that differ (its lists, its dates) and keeps its
 * own phases and events; disputes.ts keeps the disputes themselves.
 */
import { longDate } from '../calendar.js';
import { err, ok, type Result } from '../result.js';
import type { IsoDate } from '../time.js';
import type { BallotCandidate, BallotTimes, FrozenElectorate } from './ballot-steps.js';
import { show, type ProcessContext } from './common.js';
import { extendedState, isPaused, pausedState, type Pausable, type TimedProcess } from './timetable-pause.js';
import type { Dispute, DisputedProcess, DisputeRemedy, DisputeSubject } from './disputes.js';

/** A member added to a frozen electorate by an upheld dispute, with the panel's reasons. */
export interface RestoredMember {
  readonly member: string;
  readonly reasons: string;
  readonly at: string;
  readonly by: string | null;
}

/**
 * A rejected supporter's application reinstated by an upheld dispute, with the panel's reasons;
 * `addedToElectorate`: the electorate was frozen already, so the supporter was added to it (before
 * the freeze the freeze itself takes them in, as any accepted supporter).
 */
export interface ReinstatedApplication {
  readonly application: number;
  readonly addedToElectorate: boolean;
  readonly reasons: string;
  readonly at: string;
  readonly by: string | null;
}

/** A candidate put back by an upheld dispute, with the panel's reasons. */
export interface Reinstatement {
  readonly candidate: string;
  readonly reasons: string;
  readonly at: string;
  readonly by: string | null;
}

/**
 * A ballot voided by an upheld dispute: the round it was (1: the first ballot), when it had opened and
 * closed, whether it had been counted, the new voting days the panel set, and its reasons. The votes
 * cast in it are set aside by the store in the same step (see ProcessUpdate.setAsideBallots); none
 * of them counts, and every member of the electorate may vote again.
 */
export interface VoidedBallot {
  readonly round: number;
  readonly openedAt: string;
  readonly closedAt: string | null;
  readonly counted: boolean;
  readonly opens: IsoDate;
  readonly closes: IsoDate;
  readonly reasons: string;
  readonly at: string;
  readonly by: string | null;
}

/** A voided ballot in words, for the process's page: when it ran, why it was voided, and when it is held again. */
export function voidedBallotWords(v: VoidedBallot): string {
  const ran = `The ballot opened on ${longDate(v.openedAt.slice(0, 10) as IsoDate)}`;
  const counted = v.counted ? ' and its count is no longer the result' : '';
  return `${ran} was voided by the disputes panel on ${longDate(v.at.slice(0, 10) as IsoDate)}: ${v.reasons.replace(/\.$/, '')}. Every vote cast in it was set aside${counted}. It is held again from ${longDate(v.opens)} to ${longDate(v.closes)}, and every member of the electorate may vote again.`;
}

/** The parts of a ballot process the disputes about it read and change. */
export interface BallotDisputeState extends Pausable {
  readonly phase: string;
  readonly candidates: readonly BallotCandidate[];
  readonly electorate: FrozenElectorate | null;
  readonly ballot: BallotTimes | null;
  readonly count: unknown;
  readonly timetable: { readonly ballotCloses: IsoDate };
  readonly disputes?: readonly Dispute[] | undefined;
  readonly restored?: readonly RestoredMember[] | undefined;
  readonly reinstated?: readonly Reinstatement[] | undefined;
  readonly reinstatedApplications?: readonly ReinstatedApplication[] | undefined;
  readonly voidedBallots?: readonly VoidedBallot[] | undefined;
}

/** A date of the timetable: its field and its name for people ("nominations close"). */
export interface TimetableStage {
  readonly field: string;
  readonly words: string;
}

/** What differs between the processes, for their disputes. */
export interface BallotDisputeRules<S extends BallotDisputeState> {
  /** "selection", "election": in refusals. */
  readonly processName: string;
  /** The phases before the ballot paper is fixed by the opening of the ballot, in which a candidate may be put back. */
  readonly paperOpen: readonly string[];
  /** The stage of the timetable under way in a phase (whose last day an extension moves), and the next date, which it may not pass; null: nothing to extend. */
  readonly stageOf: (phase: string) => { readonly stage: TimetableStage; readonly next: TimetableStage | null } | null;
  /** The process's timetable as its own steps pause and extend it. */
  readonly timed: TimedProcess<S>;
  /** The state with a reinstated candidate put back on any list drawn up since they were left off (a selection's longlist and shortlist). */
  readonly backOnLists: (s: S, candidate: string) => S;
  /** Whether the candidate is on every list drawn up so far (so that reinstating them would change nothing). */
  readonly onLists: (s: S, candidate: string) => boolean;
  /** Whether supporters apply to take part (a leadership election whose rulebook lets them): only then is an applicant reinstated. */
  readonly takesSupporters: (s: S, ctx: ProcessContext) => boolean;
}

/** The ballot's phases in which a member may still be restored to the frozen electorate. */
const ELECTORATE_OPEN = ['electorate-frozen', 'ballot-open'];
/** The phases in which there is a count to dispute. */
const COUNTED = ['counted', 'declared'];

function candidateIn<S extends BallotDisputeState>(s: S, id: string, rules: BallotDisputeRules<S>): Result<BallotCandidate> {
  const found = s.candidates.find((c) => c.id === id);
  return found
    ? ok(found)
    : err(
        'unknown-candidate',
        `${show(id)} is not a candidate in this ${rules.processName}; its candidates are: ${s.candidates.map((c) => c.id).join(', ') || 'none'}.`,
      );
}

function checkSubject<S extends BallotDisputeState>(s: S, subject: DisputeSubject, rules: BallotDisputeRules<S>): Result<never> | null {
  switch (subject.kind) {
    case 'process':
      return null;
    case 'unit-meeting':
      return err('invalid-input', `A ${rules.processName} holds no units' meetings to dispute.`);
    case 'nomination': {
      const found = candidateIn(s, subject.candidate, rules);
      return found.ok ? null : found;
    }
    case 'eligibility': {
      if ('candidate' in subject) {
        const found = candidateIn(s, subject.candidate, rules);
        return found.ok ? null : found;
      }
      if (s.electorate === null)
        return err('invalid-transition', `The ${rules.processName}'s electorate has not been frozen yet: nobody has been left out of it.`);
      return null;
    }
    case 'count':
      return COUNTED.includes(s.phase) ? null : err('invalid-transition', `The ${rules.processName} has not been counted yet: there is no count to dispute.`);
  }
}

function reinstate<S extends BallotDisputeState>(s: S, candidate: string, reasons: string, ctx: ProcessContext, rules: BallotDisputeRules<S>): Result<S> {
  const found = candidateIn(s, candidate, rules);
  if (!found.ok) return found;
  const who = found.value;
  if (!rules.paperOpen.includes(s.phase))
    return err(
      'invalid-transition',
      `The ballot paper was fixed when the ballot opened: ${who.name} cannot be put back on it now (the ${rules.processName} is past that stage).`,
    );
  if (who.withdrawn === null && rules.onLists(s, who.id)) return err('already-recorded', `${who.name} is standing already: there is nothing to reinstate.`);
  const at = ctx.clock.now().toISOString();
  const back = { ...s, candidates: s.candidates.map((c) => (c.id === who.id ? { ...c, withdrawn: null } : c)) };
  const listed = rules.backOnLists(back, who.id);
  return ok({ ...listed, reinstated: [...(s.reinstated ?? []), { candidate: who.id, reasons, at, by: ctx.actor ?? null }] });
}

/** Why nobody can be added to the frozen electorate now (the ballot has closed: they could not vote), or null while they can. */
function electorateClosed<S extends BallotDisputeState>(s: S, who: string): Result<never> | null {
  if (ELECTORATE_OPEN.includes(s.phase)) return null;
  const closed = s.ballot?.closedAt ? ` on ${longDate(s.ballot.closedAt.slice(0, 10) as IsoDate)}` : '';
  return err(
    'invalid-transition',
    `The ballot closed${closed}: ${who} can no longer be added to its electorate, since they could not vote. Nothing was changed.`,
  );
}

function restore<S extends BallotDisputeState>(s: S, member: string, reasons: string, ctx: ProcessContext, rules: BallotDisputeRules<S>): Result<S> {
  const electorate = s.electorate;
  if (electorate === null) return err('invalid-transition', `The ${rules.processName}'s electorate has not been frozen yet: there is nobody to restore to it.`);
  const closed = electorateClosed(s, 'a member');
  if (closed) return closed;
  if ((s.restored ?? []).some((r) => r.member === member)) return err('already-recorded', `Member ${member} has been restored to this electorate already.`);
  const at = ctx.clock.now().toISOString();
  return ok({
    ...s,
    electorate: { ...electorate, eligible: electorate.eligible + 1 },
    restored: [...(s.restored ?? []), { member, reasons, at, by: ctx.actor ?? null }],
  });
}

/**
 * A rejected supporter's application reinstated: the store accepts it (the app layer's part, with the
 * supporter's membership row); here the process records it and, once its electorate is frozen, counts
 * the supporter in it, while the ballot can still take their vote.
 */
function reinstateApplicant<S extends BallotDisputeState>(
  s: S,
  application: number,
  reasons: string,
  ctx: ProcessContext,
  rules: BallotDisputeRules<S>,
): Result<S> {
  if (!rules.takesSupporters(s, ctx))
    return err('invalid-input', `This ${rules.processName} takes no supporters' applications: there is no applicant to reinstate.`);
  if ((s.reinstatedApplications ?? []).some((r) => r.application === application))
    return err('already-recorded', `Application ${application} has been reinstated already.`);
  const electorate = s.electorate;
  if (electorate !== null) {
    const closed = electorateClosed(s, 'a supporter');
    if (closed) return closed;
  }
  const at = ctx.clock.now().toISOString();
  const record: ReinstatedApplication = { application, addedToElectorate: electorate !== null, reasons, at, by: ctx.actor ?? null };
  return ok({
    ...s,
    ...(electorate !== null ? { electorate: { ...electorate, eligible: electorate.eligible + 1 } } : {}),
    reinstatedApplications: [...(s.reinstatedApplications ?? []), record],
  });
}

/**
 * The stage under way extended through the timetable's own extension (timetable-pause.ts), the dates
 * after it left where they are: the panel's new date may not pass the next stage's.
 */
function extend<S extends BallotDisputeState>(s: S, closes: IsoDate, reasons: string, ctx: ProcessContext, rules: BallotDisputeRules<S>): Result<S> {
  const under = rules.stageOf(s.phase);
  if (under === null) return err('invalid-transition', `Voting in this ${rules.processName} has closed: there is no timetable left to extend.`);
  const { stage, next } = under;
  const after = next === null ? undefined : (s.timetable as unknown as Readonly<Record<string, IsoDate>>)[next.field];
  if (next !== null && after !== undefined && closes > after)
    return err(
      'timetable',
      `${stage.words[0]!.toUpperCase()}${stage.words.slice(1)} would be ${longDate(closes)}, after ${next.words} (${longDate(after)}); the timetable would be out of order.`,
    );
  const extended = extendedState(rules.timed, s, closes, reasons, ctx, 'keep-later');
  return extended.ok ? ok(extended.value.next) : extended;
}

/** The phases in which a ballot has opened and its result has not been declared: a ballot that can be voided and held again. */
const BALLOT_HELD = ['ballot-open', 'closed', 'counted'];

/**
 * The ballot voided and held again: the process goes back to its frozen electorate with the new
 * voting days, its ballot not yet open and any count gone, so the ballot is opened again by its own
 * step (which invites the electorate afresh). The votes themselves are the store's to set aside.
 */
function rerun<S extends BallotDisputeState>(
  s: S,
  opens: IsoDate,
  closes: IsoDate,
  reasons: string,
  ctx: ProcessContext,
  rules: BallotDisputeRules<S>,
): Result<S> {
  const ballot = s.ballot;
  if (!BALLOT_HELD.includes(s.phase) || ballot === null) {
    if (s.phase === 'declared')
      return err(
        'invalid-transition',
        `The ${rules.processName}'s result has been declared: a declared result is not undone by voiding its ballot. Nothing was changed.`,
      );
    return err('invalid-transition', `The ${rules.processName}'s ballot has not opened yet: there is no ballot to void. Extend its timetable instead.`);
  }
  const voided: VoidedBallot = {
    round: (s.voidedBallots ?? []).length + 1,
    openedAt: ballot.openedAt,
    closedAt: ballot.closedAt,
    counted: s.count !== null,
    opens,
    closes,
    reasons,
    at: ctx.clock.now().toISOString(),
    by: ctx.actor ?? null,
  };
  return ok({
    ...s,
    phase: 'electorate-frozen',
    ballot: null,
    count: null,
    timetable: { ...s.timetable, ballotOpens: opens, ballotCloses: closes },
    voidedBallots: [...(s.voidedBallots ?? []), voided],
  });
}

/** The remedy applied through the process's rules, or why it cannot be now. */
function applyBallotRemedy<S extends BallotDisputeState>(
  s: S,
  remedy: DisputeRemedy,
  reasons: string,
  ctx: ProcessContext,
  rules: BallotDisputeRules<S>,
): Result<S> {
  switch (remedy.kind) {
    case 'reinstate-candidate':
      return reinstate(s, remedy.candidate, reasons, ctx, rules);
    case 'restore-member':
      return restore(s, remedy.member, reasons, ctx, rules);
    case 'reinstate-applicant':
      return reinstateApplicant(s, remedy.application, reasons, ctx, rules);
    case 'extend-timetable':
      return extend(s, remedy.closes, reasons, ctx, rules);
    case 'pause-timetable':
      if (rules.stageOf(s.phase) === null || isPaused(s as S & Pausable))
        return err('invalid-transition', `Nothing in this ${rules.processName} is under way to pause.`);
      return pausedState(s as S & Pausable, reasons, ctx);
    case 'rerun-ballot':
      return rerun(s, remedy.opens, remedy.closes, reasons, ctx, rules);
    case 'void-unit-result':
      return err('invalid-input', `A ${rules.processName} holds no units' meetings to void.`);
  }
}

/** The disputes of a ballot process, with its rules. */
export function ballotDisputes<S extends BallotDisputeState>(rules: BallotDisputeRules<S>): DisputedProcess<S> {
  return {
    disputes: (s) => s.disputes ?? [],
    withDisputes: (s, disputes) => ({ ...s, disputes }),
    checkSubject: (s, subject) => checkSubject(s, subject, rules),
    applyRemedy: (s, remedy, reasons, ctx) => applyBallotRemedy(s, remedy, reasons, ctx, rules),
  };
}

/** The stages of a ballot's timetable the processes' extensions name. */
export const BALLOT_STAGES: { readonly ballotCloses: TimetableStage; readonly ballotOpens: TimetableStage; readonly nominationsClose: TimetableStage } = {
  ballotCloses: { field: 'ballotCloses', words: 'the ballot closes' },
  ballotOpens: { field: 'ballotOpens', words: 'the ballot opens' },
  nominationsClose: { field: 'nominationsClose', words: 'nominations close' },
};
