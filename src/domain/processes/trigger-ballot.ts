/**
 * The review of a sitting representative, as a state machine.
 *
 * Which review runs is the rulebook's: a trigger ballot of the constituency's
 * branches and affiliated branches (Labour 1990 on), a members' meeting with an
 * appeal to an all-member ballot (Liberal Democrat / Conservative readoption), or
 * none at all under mandatory reselection (Labour 1979–90), where opening the
 * review records at once that a full selection will be held.
 *
 *   trigger ballot   open ──record-meeting / record-absent / correct-meeting──▶ open ──close──▶ triggered | readopted
 *   members' meeting open ──record-members-meeting──▶ readopted | not-readopted | triggered
 *                    not-readopted ──appeal──▶ appeal ──record-appeal-ballot──▶ readopted | triggered
 *                    not-readopted ──close (no appeal)──▶ triggered
 *   any open phase   ──snap-election──▶ readopted (when the rulebook readopts on a snap election)
 *   a readoption the rulebook makes subject to endorsement ──▶ awaiting-endorsement
 *                    ──endorse──▶ readopted | ──refuse-endorsement──▶ triggered (a selection may follow)
 *   any open phase   ──pause-timetable / resume-timetable / extend-timetable──▶ the same phase (timetable-pause.ts)
 *   open or decided  ──lodge-dispute / decide-dispute / appeal-dispute / decide-dispute-appeal──▶ the same phase, or, when
 *                    an upheld dispute voids a unit's meeting, open again until it meets (see disputes.ts)
 *   at opening       exempt incumbent ──▶ exempt; mandatory reselection ──▶ triggered
 */
import type { Incumbent } from '../organisation.js';
import { err, ok, type Result } from '../result.js';
import { addMonths, longDate } from '../calendar.js';
import type { Rulebook } from '../rulebook.js';
import type { IsoDate } from '../time.js';
import {
  decisionOfMeeting,
  evaluateReadoptionAppeal,
  evaluateReadoptionMeeting,
  evaluateTrigger,
  type UnitClass,
  type UnitDecision,
} from '../trigger-outcome.js';
import {
  commandType,
  dispatchStep,
  invalidTransition,
  checkCount,
  checkDate,
  checkText,
  checkUnitEntry,
  event,
  rulebookRef,
  show,
  today,
  type ProcessContext,
  type Step,
  type StepTable,
} from './common.js';
import {
  applyTimetableCommand,
  extendedState,
  isPaused,
  pausedState,
  TIMETABLE_COMMANDS,
  type Pausable,
  type TimedProcess,
  type TimetableCommand,
} from './timetable-pause.js';
import { disputeStepOf, DISPUTE_COMMANDS, type Dispute, type DisputeCommand, type DisputedProcess, type DisputeRemedy } from './disputes.js';

const PROCESS = 'trigger ballot';

export type TriggerMode = 'trigger-ballot' | 'members-meeting' | 'mandatory-reselection';

export type TriggerPhase = 'open' | 'not-readopted' | 'appeal' | 'awaiting-endorsement' | 'triggered' | 'readopted' | 'exempt';
export const TRIGGER_PHASES: readonly TriggerPhase[] = ['open', 'not-readopted', 'appeal', 'awaiting-endorsement', 'triggered', 'readopted', 'exempt'];

/** A meeting's vote: members present, and how they voted on holding a selection (trigger) or readopting (members' meeting). */
export interface MeetingFigures {
  readonly for: number;
  readonly against: number;
  readonly abstentions: number;
  readonly attendance: number;
  readonly date: IsoDate;
}

/** How a unit's decision reached the officer who entered it for the unit. */
export type ArrivalMeans = 'letter' | 'email';
export const ARRIVAL_MEANS: readonly ArrivalMeans[] = ['letter', 'email'];

export interface Arrival {
  readonly via: ArrivalMeans;
  /** The day it was received. */
  readonly received: IsoDate;
}

/**
 * When an officer entered a result for the unit as it arrived: who entered it (a
 * member id) and how it arrived. Absent when the unit's secretary recorded it.
 */
export interface ResultEntry {
  readonly by?: string | null;
  readonly arrived?: Arrival;
}

/** What a unit has recorded: the meeting it held, or that it did not meet. */
export type RecordedResult =
  | ({ readonly kind: 'meeting'; readonly recordedAt: string } & MeetingFigures & ResultEntry)
  | ({ readonly kind: 'absent'; readonly recordedAt: string; readonly note: string | null } & ResultEntry);

export interface Correction {
  readonly previous: RecordedResult;
  readonly reason: string;
  readonly at: string;
  readonly by: string | null;
}

export interface BallotUnit {
  readonly id: string;
  readonly name: string;
  readonly class: UnitClass;
  /** For an affiliated branch: its affiliate (needed when an affiliate casts one vote in total). */
  readonly affiliate: string | null;
  readonly result: RecordedResult | null;
  readonly corrections: readonly Correction[];
  /** Results voided by an upheld dispute, oldest first, each with the panel's reasons (absent before disputes were kept). */
  readonly voided?: readonly Correction[];
}

export type DecidedBy = 'units' | 'mandatory-reselection' | 'snap-election' | 'members-meeting' | 'no-appeal' | 'appeal-ballot' | 'endorsement-refused';
export const DECIDED_BY: readonly DecidedBy[] = [
  'units',
  'mandatory-reselection',
  'snap-election',
  'members-meeting',
  'no-appeal',
  'appeal-ballot',
  'endorsement-refused',
];

/** When a readoption waits for the national body to endorse it (the rulebook's `emergency.readoptionEndorsement`). */
export type EndorsementRequired = 'every-readoption' | 'snap-election';

/** The national body's decision on a readoption. */
export interface EndorsementDecision {
  readonly decision: 'endorsed' | 'refused';
  readonly reason: string;
  /** The day the national body decided. */
  readonly date: IsoDate;
  readonly recordedAt: string;
  readonly by: string | null;
}

/** A readoption subject to endorsement: the outcome it waits with, and the national body's decision once made. */
export interface Endorsement {
  readonly required: EndorsementRequired;
  /** The readoption as the review (or the snap election) decided it. */
  readonly readoption: ReviewOutcome;
  readonly decision: EndorsementDecision | null;
}

/** How each unit's meeting became its decision, as the outcome used it. */
export interface UnitDecisionRecord {
  readonly unit: string;
  readonly decision: UnitDecision;
  readonly reason: string;
}

export interface ReviewOutcome {
  readonly result: 'triggered' | 'readopted';
  readonly decidedBy: DecidedBy;
  /** The rule applied, in words (the rulebook's), when units or members voted. */
  readonly rule: string | null;
  /** The working, one line per step, in words a member can check. */
  readonly arithmetic: readonly string[];
  /** Each unit's decision (trigger ballots only; empty otherwise). */
  readonly decisions: readonly UnitDecisionRecord[];
  readonly at: string;
}

/** An all-member ballot on readoption: ballots for and against readopting, and spoilt ones. */
export interface AppealBallotFigures {
  readonly for: number;
  readonly against: number;
  readonly spoilt: number;
  readonly date: IsoDate;
}

export interface TriggerBallotState {
  readonly kind: 'trigger-ballot';
  /** "id@version" of the rulebook it runs under. */
  readonly rulebook: string;
  readonly mode: TriggerMode;
  readonly constituency: string;
  readonly incumbent: { readonly name: string; readonly member: string | null; readonly gender: string | null };
  readonly openedAt: string;
  readonly opened: IsoDate;
  /** Last day on which a meeting may be held. */
  readonly closes: IsoDate;
  readonly phase: TriggerPhase;
  readonly units: readonly BallotUnit[];
  readonly membersMeeting: (MeetingFigures & { readonly recordedAt: string }) | null;
  readonly appeal: { readonly lodgedAt: string; readonly ballot: (AppealBallotFigures & { readonly recordedAt: string }) | null } | null;
  readonly exemption: { readonly reason: string } | null;
  readonly outcome: ReviewOutcome | null;
  /** Disputes lodged about the review (absent from reviews stored before disputes were kept). */
  readonly disputes?: readonly Dispute[];
  /** A readoption subject to the national body's endorsement (absent or null: none). */
  readonly endorsement?: Endorsement | null;
  /** Why and since when the timetable stands still (absent or null: it runs). */
  readonly paused?: Pausable['paused'];
  readonly timetableChanges?: Pausable['timetableChanges'];
}

export type TriggerCommand =
  | ({ readonly type: 'record-meeting'; readonly unit: string; readonly arrived?: Arrival } & MeetingFigures)
  | ({ readonly type: 'correct-meeting'; readonly unit: string; readonly reason: string } & MeetingFigures)
  | { readonly type: 'record-absent'; readonly unit: string; readonly note?: string; readonly arrived?: Arrival }
  | { readonly type: 'close' }
  | { readonly type: 'snap-election'; readonly note?: string }
  | ({ readonly type: 'record-members-meeting' } & MeetingFigures)
  | { readonly type: 'appeal' }
  | ({ readonly type: 'record-appeal-ballot' } & AppealBallotFigures)
  | { readonly type: 'endorse'; readonly reason: string; readonly date: IsoDate }
  | { readonly type: 'refuse-endorsement'; readonly reason: string; readonly date: IsoDate }
  | TimetableCommand
  | DisputeCommand;

export type TriggerCommandType = TriggerCommand['type'];
export const TRIGGER_COMMANDS: readonly TriggerCommandType[] = [
  'record-meeting',
  'correct-meeting',
  'record-absent',
  'close',
  'snap-election',
  'record-members-meeting',
  'appeal',
  'record-appeal-ballot',
  'endorse',
  'refuse-endorsement',
  ...TIMETABLE_COMMANDS,
  ...DISPUTE_COMMANDS,
];

/** What the national body does with a readoption waiting for it, in every kind of review. */
const ENDORSEMENT_STEPS: readonly TriggerCommandType[] = ['endorse', 'refuse-endorsement', ...DISPUTE_COMMANDS];
/** What a review under way may have done to its timetable. */
const UNDER_WAY_TIMETABLE: readonly TriggerCommandType[] = ['pause-timetable', 'extend-timetable'];
/** A paused review waits: it may be resumed, and disputes about it go on. */
const PAUSED_STEPS: readonly TriggerCommandType[] = ['resume-timetable', ...DISPUTE_COMMANDS];

/** Which commands each phase allows, for each kind of review: the whole transition table as data. */
export const TRIGGER_ALLOWED: Readonly<Record<TriggerMode, Readonly<Record<TriggerPhase, readonly TriggerCommandType[]>>>> = {
  'trigger-ballot': {
    open: ['record-meeting', 'correct-meeting', 'record-absent', 'close', 'snap-election', ...UNDER_WAY_TIMETABLE, ...DISPUTE_COMMANDS],
    'not-readopted': [],
    appeal: [],
    'awaiting-endorsement': ENDORSEMENT_STEPS,
    triggered: DISPUTE_COMMANDS,
    readopted: DISPUTE_COMMANDS,
    exempt: [],
  },
  'members-meeting': {
    open: ['record-members-meeting', 'snap-election', ...UNDER_WAY_TIMETABLE, ...DISPUTE_COMMANDS],
    'not-readopted': ['appeal', 'close', 'snap-election', ...UNDER_WAY_TIMETABLE, ...DISPUTE_COMMANDS],
    appeal: ['record-appeal-ballot', 'snap-election', ...UNDER_WAY_TIMETABLE, ...DISPUTE_COMMANDS],
    'awaiting-endorsement': ENDORSEMENT_STEPS,
    triggered: DISPUTE_COMMANDS,
    readopted: DISPUTE_COMMANDS,
    exempt: [],
  },
  'mandatory-reselection': {
    open: [],
    'not-readopted': [],
    appeal: [],
    'awaiting-endorsement': ENDORSEMENT_STEPS,
    triggered: [],
    readopted: [],
    exempt: [],
  },
};

export function triggerAllowed(state: TriggerBallotState): readonly TriggerCommandType[] {
  return isPaused(state) ? PAUSED_STEPS : TRIGGER_ALLOWED[state.mode][state.phase];
}

export interface OpenTriggerBallot {
  readonly incumbent: Incumbent;
  /** The constituency's branches and affiliated branches, each with its class. Not needed for a members' meeting or mandatory reselection. */
  readonly units: readonly { readonly id: string; readonly name: string; readonly class: UnitClass; readonly affiliate?: string | null }[];
  /** Last day on which a unit may hold its meeting. */
  readonly closes: IsoDate;
}

/**
 * Opens the review of `incumbent` under the context's rulebook. An exempt
 * incumbent's review opens and ends at once as `exempt`; under mandatory
 * reselection it ends at once as `triggered`.
 */
export function openTriggerBallot(spec: OpenTriggerBallot, ctx: ProcessContext): Step<TriggerBallotState> {
  const rb = ctx.rulebook;
  const opened = today(ctx);
  const at = ctx.clock.now().toISOString();
  if (typeof spec !== 'object' || spec === null)
    return err('invalid-input', `Opening a trigger ballot needs the incumbent, the units and the closing date, not ${show(spec)}.`);
  const inc = spec.incumbent;
  if (typeof inc !== 'object' || inc === null) return err('invalid-input', `The incumbent must be given, not ${show(inc)}.`);
  const bad =
    checkText(inc.name, "The incumbent's name") ?? checkText(inc.constituency, "The incumbent's constituency") ?? checkDate(spec.closes, 'The closing date');
  if (bad) return bad;
  if (inc.parentalLeaveEnded !== null && inc.parentalLeaveEnded !== undefined) {
    const badLeave = checkDate(inc.parentalLeaveEnded, "The end of the incumbent's parental leave");
    if (badLeave) return badLeave;
  }
  if (spec.closes < opened)
    return err('timetable', `The closing date ${spec.closes} is before today, ${opened}; a trigger ballot must close on or after the day it opens.`);

  const mode = rb.incumbentReview.kind;
  const units: BallotUnit[] = [];
  if (!Array.isArray(spec.units)) return err('invalid-input', `The units must be a list, not ${show(spec.units)}.`);
  const seen = new Set<string>();
  for (const [i, u] of spec.units.entries()) {
    const badUnit = checkUnitEntry(u, i, (id) => seen.has(id));
    if (badUnit) return badUnit;
    seen.add(u.id);
    const affiliate = u.affiliate ?? null;
    if (affiliate !== null && typeof affiliate !== 'string') return err('invalid-input', `Unit ${u.id}'s affiliate must be an id, not ${show(affiliate)}.`);
    if (
      rb.incumbentReview.kind === 'trigger-ballot' &&
      rb.incumbentReview.affiliateCounting === 'per-affiliate' &&
      u.class === 'affiliate' &&
      affiliate === null
    ) {
      return err(
        'invalid-input',
        `Unit ${u.id} is an affiliated branch but names no affiliate; under ${rulebookRef(rb)} each affiliate casts one vote in total, so its branches must say which affiliate they belong to.`,
      );
    }
    units.push({ id: u.id, name: u.name, class: u.class, affiliate, result: null, corrections: [] });
  }
  if (mode === 'trigger-ballot' && units.length === 0)
    return err('invalid-input', 'A trigger ballot needs at least one branch or affiliated branch to hold a meeting.');

  const base: TriggerBallotState = {
    kind: 'trigger-ballot',
    rulebook: rulebookRef(rb),
    mode,
    constituency: inc.constituency,
    incumbent: { name: inc.name, member: inc.member ?? null, gender: inc.gender ?? null },
    openedAt: at,
    opened,
    closes: spec.closes,
    phase: 'open',
    units,
    membersMeeting: null,
    appeal: null,
    exemption: null,
    outcome: null,
  };
  const opening = {
    constituency: base.constituency,
    incumbent: base.incumbent.name,
    rulebook: base.rulebook,
    mode,
    closes: base.closes,
    units: units.map((u) => ({ id: u.id, class: u.class })),
  };

  const exemption = exemptionOf(inc, rb, opened);
  if (exemption !== null) {
    const state: TriggerBallotState = { ...base, phase: 'exempt', exemption: { reason: exemption } };
    return ok({ state, event: event(ctx, 'exempted', { ...opening, reason: exemption }) });
  }
  if (mode === 'mandatory-reselection') {
    const arithmetic = [
      `Under ${rb.name} (${base.rulebook}) every sitting representative faces a full selection: no meetings are held and ${inc.name}'s seat is open to selection.`,
    ];
    const outcome: ReviewOutcome = { result: 'triggered', decidedBy: 'mandatory-reselection', rule: null, arithmetic, decisions: [], at };
    return ok({ state: { ...base, phase: 'triggered', outcome }, event: event(ctx, 'opened', { ...opening, outcome: 'triggered', arithmetic }) });
  }
  return ok({ state: base, event: event(ctx, 'opened', opening) });
}

/** Why the incumbent is exempt under the rulebook on `on`, or null. */
function exemptionOf(inc: Incumbent, rb: Rulebook, on: IsoDate): string | null {
  if (inc.suspended && rb.exemptions.suspendedIncumbent) {
    return `${inc.name} is suspended; under ${rulebookRef(rb)} a suspended incumbent faces no trigger ballot and is not readopted automatically (the party decides).`;
  }
  const months = rb.exemptions.parentalLeaveMonths;
  if (months !== null && inc.parentalLeaveEnded) {
    const until = addMonths(inc.parentalLeaveEnded as IsoDate, months);
    if (on <= until) {
      return `${inc.name}'s parental leave ended on ${longDate(inc.parentalLeaveEnded as IsoDate)}; under ${rulebookRef(rb)} an incumbent is exempt within ${months} months of its end (until ${longDate(until)}), and the ballot opened on ${longDate(on)}.`;
    }
  }
  return null;
}

/** Applies one command (see `dispatchStep`: a step not allowed now is an `invalid-transition` error naming the phase and what is allowed). */
export function applyTrigger(state: TriggerBallotState, command: TriggerCommand, ctx: ProcessContext): Step<TriggerBallotState> {
  const allowed = triggerAllowed(state);
  const r = dispatchStep(PROCESS, TRIGGER_COMMANDS, TRIGGER_STEPS, allowed, state, command, ctx);
  // A step out of turn is told what the review itself can do next; that disputes may still be lodged is said apart.
  const type = commandType(command);
  if (r.ok || r.error.code !== 'invalid-transition' || type === null || isDisputeCommand(type)) return r;
  const steps = allowed.filter((c) => !isDisputeCommand(c));
  const refused = invalidTransition(PROCESS, type, state.phase, steps);
  const disputes = allowed.some(isDisputeCommand) ? ' A dispute about it may still be lodged with the disputes panel.' : '';
  return refused.ok ? refused : err('invalid-transition', refused.error.message + disputes);
}

function isDisputeCommand(type: string): boolean {
  return (DISPUTE_COMMANDS as readonly string[]).includes(type);
}

const TRIGGER_STEPS: StepTable<TriggerBallotState, TriggerCommand> = {
  'record-meeting': (s, c, ctx) => recordMeeting(s, c, ctx),
  'correct-meeting': (s, c, ctx) => correctMeeting(s, c, ctx),
  'record-absent': (s, c, ctx) => recordAbsent(s, c, ctx),
  close: (s, _c, ctx) => (s.mode === 'members-meeting' ? closeWithoutAppeal(s, ctx) : closeBallot(s, ctx)),
  'snap-election': (s, c, ctx) => snapElection(s, c, ctx),
  'record-members-meeting': (s, c, ctx) => recordMembersMeeting(s, c, ctx),
  appeal: (s, _c, ctx) => lodgeAppeal(s, ctx),
  'record-appeal-ballot': (s, c, ctx) => recordAppealBallot(s, c, ctx),
  endorse: (s, c, ctx) => decideEndorsement(s, c, 'endorsed', ctx),
  'refuse-endorsement': (s, c, ctx) => decideEndorsement(s, c, 'refused', ctx),
  'pause-timetable': (s, c, ctx) => applyTimetableCommand(TRIGGER_TIMED, s, c, ctx),
  'resume-timetable': (s, c, ctx) => applyTimetableCommand(TRIGGER_TIMED, s, c, ctx),
  'extend-timetable': (s, c, ctx) => applyTimetableCommand(TRIGGER_TIMED, s, c, ctx),
  'lodge-dispute': (s, c, ctx) => disputeStep(s, c, ctx),
  'decide-dispute': (s, c, ctx) => disputeStep(s, c, ctx),
  'appeal-dispute': (s, c, ctx) => disputeStep(s, c, ctx),
  'decide-dispute-appeal': (s, c, ctx) => disputeStep(s, c, ctx),
};

// ---- Disputes --------------------------------------------------------------------------------

/** How a review takes a dispute's remedies: through its own steps' rules. */
const TRIGGER_DISPUTES: DisputedProcess<TriggerBallotState> = {
  disputes: (s) => s.disputes ?? [],
  withDisputes: (s, disputes) => ({ ...s, disputes }),
  checkSubject: (s, subject) => {
    if (subject.kind === 'process') return null;
    if (subject.kind !== 'unit-meeting')
      return err('invalid-input', "A review has no nominations, electorate or count to dispute: a dispute is about the review as a whole or a unit's meeting.");
    if (s.mode !== 'trigger-ballot')
      return err('invalid-input', `A ${s.mode === 'members-meeting' ? "members' meeting review" : 'review'} has no units' meetings to dispute.`);
    const found = findUnit(s, subject.unit);
    return found.ok ? null : found;
  },
  applyRemedy: (s, remedy, reasons, ctx) => remedyOf(s, remedy, reasons, ctx),
};

function disputeStep(state: TriggerBallotState, c: DisputeCommand, ctx: ProcessContext): Step<TriggerBallotState> {
  return disputeStepOf(TRIGGER_DISPUTES, state, c, ctx);
}

/**
 * A remedy, as the review's rules allow it. Voiding a unit's meeting puts the unit back to having
 * recorded nothing and, if the review had been decided, reopens it (the decision rested on that
 * meeting) until the new closing date; extending moves the last day for meetings.
 */
function remedyOf(state: TriggerBallotState, remedy: DisputeRemedy, reasons: string, ctx: ProcessContext): Result<TriggerBallotState> {
  if (remedy.kind === 'pause-timetable') {
    if (!triggerAllowed(state).includes('pause-timetable')) return err('invalid-transition', 'Only a review still under way can have its timetable paused.');
    return pausedState(state, reasons, ctx);
  }
  if (remedy.kind === 'extend-timetable') {
    if (state.phase !== 'open') return err('invalid-transition', 'Only a review still open can have its timetable extended.');
    const extended = extendedState(TRIGGER_TIMED, state, remedy.closes, reasons, ctx, 'keep-later');
    return extended.ok ? ok(extended.value.next) : extended;
  }
  if (remedy.kind !== 'void-unit-result')
    return err(
      'invalid-input',
      "A review has no candidates or applicants to reinstate, no electorate to restore a member to and no ballot of candidates to hold again; its remedies are voiding a unit's meeting, extending its timetable and pausing it.",
    );
  if (state.mode !== 'trigger-ballot') return err('rulebook-forbids', "This review holds no units' meetings to void.");
  if (state.outcome !== null && state.outcome.decidedBy !== 'units')
    return err(
      'invalid-transition',
      `The review was decided by ${state.outcome.decidedBy === 'snap-election' ? 'a snap election' : 'other means'}, not by the units' meetings: voiding one would change nothing.`,
    );
  const found = findUnit(state, remedy.unit);
  if (!found.ok) return found;
  const unit = found.value;
  if (unit.result === null) return err('not-recorded', `${unit.name} has no meeting recorded to void.`);
  const voided: Correction = { previous: unit.result, reason: reasons, at: ctx.clock.now().toISOString(), by: ctx.actor ?? null };
  const reopened = withUnit(state, { ...unit, result: null, voided: [...(unit.voided ?? []), voided] });
  return ok({ ...reopened, phase: 'open', outcome: null, endorsement: null, closes: remedy.rerunBy > state.closes ? remedy.rerunBy : state.closes });
}

// ---- Units' meetings -------------------------------------------------------------------------

function findUnit(state: TriggerBallotState, id: unknown): Result<BallotUnit> {
  const unit = typeof id === 'string' ? state.units.find((u) => u.id === id) : undefined;
  if (!unit) {
    return err(
      'unknown-unit',
      `Unit ${show(id)} is not in this trigger ballot for ${state.constituency}; its units are: ${state.units.map((u) => u.id).join(', ')}.`,
    );
  }
  return ok(unit);
}

/** A meeting's figures: whole numbers, votes within attendance, held between the opening and closing dates and not in the future. */
function checkFigures(state: TriggerBallotState, f: MeetingFigures, ctx: ProcessContext, what: string): Result<never> | null {
  const bad =
    checkCount(f.for, `${what}: votes for`) ??
    checkCount(f.against, `${what}: votes against`) ??
    checkCount(f.abstentions, `${what}: abstentions`) ??
    checkCount(f.attendance, `${what}: attendance`) ??
    checkDate(f.date, `${what}: the meeting date`);
  if (bad) return bad;
  const cast = f.for + f.against + f.abstentions;
  if (cast > f.attendance) {
    return err(
      'invalid-input',
      `${what}: ${f.for} for + ${f.against} against + ${f.abstentions} abstentions = ${cast}, more than the ${f.attendance} members present.`,
    );
  }
  const now = today(ctx);
  if (f.date > now)
    return err('timetable', `${what}: the meeting date, ${longDate(f.date)}, is in the future (today is ${longDate(now)}); record a meeting after it is held.`);
  if (f.date < state.opened) return err('timetable', `${what}: the meeting date ${f.date} is before the ballot opened on ${state.opened}.`);
  if (f.date > state.closes)
    return err('timetable', `${what}: the meeting date ${f.date} is after the closing date ${state.closes}; a meeting held after the close does not count.`);
  return null;
}

/** A decision entered as it arrived: by letter or email, received on a day not before `earliest` (the meeting, or the opening) and not in the future. */
function checkArrival(a: Arrival | undefined, earliest: IsoDate, ctx: ProcessContext, what: string): Result<never> | null {
  if (a === undefined) return null;
  if (typeof a !== 'object' || a === null)
    return err('invalid-input', `${what}: how the decision arrived must be given as its means and date, not ${show(a)}.`);
  if (!ARRIVAL_MEANS.includes(a.via)) return err('invalid-input', `${what}: a decision arrives by ${ARRIVAL_MEANS.join(' or ')}, not ${show(a.via)}.`);
  const bad = checkDate(a.received, `${what}: the date it was received`);
  if (bad) return bad;
  const now = today(ctx);
  if (a.received > now) return err('timetable', `${what}: the date received, ${longDate(a.received)}, is in the future (today is ${longDate(now)}).`);
  if (a.received < earliest) return err('timetable', `${what}: the date received, ${a.received}, is before ${earliest}, when it could first have been sent.`);
  return null;
}

/** An officer's entry for a unit, as it arrived: who entered it and how it came. A unit's own entry is attributed by its event alone. */
function entryOf(arrived: Arrival | undefined, ctx: ProcessContext): ResultEntry {
  return arrived === undefined ? {} : { by: ctx.actor ?? null, arrived: { via: arrived.via, received: arrived.received } };
}

function figuresOf(c: MeetingFigures): MeetingFigures {
  return { for: c.for, against: c.against, abstentions: c.abstentions, attendance: c.attendance, date: c.date };
}

function withUnit(state: TriggerBallotState, unit: BallotUnit): TriggerBallotState {
  return { ...state, units: state.units.map((u) => (u.id === unit.id ? unit : u)) };
}

function recordMeeting(state: TriggerBallotState, c: Extract<TriggerCommand, { type: 'record-meeting' }>, ctx: ProcessContext): Step<TriggerBallotState> {
  const found = findUnit(state, c.unit);
  if (!found.ok) return found;
  const unit = found.value;
  if (unit.result !== null) {
    const was = unit.result.kind === 'meeting' ? `a meeting on ${unit.result.date}` : 'that it did not meet';
    return err('already-recorded', `${unit.name} (${unit.id}) has already recorded ${was}; to change it, record a correction with a reason.`);
  }
  const bad = checkFigures(state, c, ctx, unit.name) ?? checkArrival(c.arrived, c.date, ctx, unit.name);
  if (bad) return bad;
  const figures = figuresOf(c);
  const at = ctx.clock.now().toISOString();
  const entry = entryOf(c.arrived, ctx);
  const next = withUnit(state, { ...unit, result: { kind: 'meeting', recordedAt: at, ...figures, ...entry } });
  return ok({ state: next, event: event(ctx, 'meeting-recorded', { unit: unit.id, ...figures, ...(entry.arrived ? { arrived: entry.arrived } : {}) }) });
}

function correctMeeting(state: TriggerBallotState, c: Extract<TriggerCommand, { type: 'correct-meeting' }>, ctx: ProcessContext): Step<TriggerBallotState> {
  const found = findUnit(state, c.unit);
  if (!found.ok) return found;
  const unit = found.value;
  if (unit.result === null) return err('not-recorded', `${unit.name} (${unit.id}) has nothing recorded to correct; use record-meeting.`);
  const badReason = checkText(c.reason, 'The reason for the correction');
  if (badReason) return badReason;
  const bad = checkFigures(state, c, ctx, unit.name);
  if (bad) return bad;
  const figures = figuresOf(c);
  const prev = unit.result;
  if (prev.kind === 'meeting' && JSON.stringify(figuresOf(prev)) === JSON.stringify(figures)) {
    return err('invalid-input', `The correction for ${unit.name} (${unit.id}) gives the figures already recorded; nothing would change.`);
  }
  const at = ctx.clock.now().toISOString();
  const correction: Correction = { previous: prev, reason: c.reason, at, by: ctx.actor ?? null };
  const next = withUnit(state, { ...unit, result: { kind: 'meeting', recordedAt: at, ...figures }, corrections: [...unit.corrections, correction] });
  return ok({ state: next, event: event(ctx, 'meeting-corrected', { unit: unit.id, reason: c.reason, previous: prev, ...figures }) });
}

function recordAbsent(state: TriggerBallotState, c: Extract<TriggerCommand, { type: 'record-absent' }>, ctx: ProcessContext): Step<TriggerBallotState> {
  const found = findUnit(state, c.unit);
  if (!found.ok) return found;
  const unit = found.value;
  if (unit.result !== null) {
    return err('already-recorded', `${unit.name} (${unit.id}) already has a result recorded; to change it, record a correction with a reason.`);
  }
  if (c.note !== undefined && typeof c.note !== 'string') return err('invalid-input', `The note must be text, not ${show(c.note)}.`);
  const badArrival = checkArrival(c.arrived, state.opened, ctx, unit.name);
  if (badArrival) return badArrival;
  const note = c.note ?? null;
  const entry = entryOf(c.arrived, ctx);
  const next = withUnit(state, { ...unit, result: { kind: 'absent', recordedAt: ctx.clock.now().toISOString(), note, ...entry } });
  return ok({ state: next, event: event(ctx, 'absence-recorded', { unit: unit.id, note, ...(entry.arrived ? { arrived: entry.arrived } : {}) }) });
}

// ---- Closing ---------------------------------------------------------------------------------

function closeBallot(state: TriggerBallotState, ctx: ProcessContext): Step<TriggerBallotState> {
  const now = today(ctx);
  const pending = state.units.filter((u) => u.result === null);
  if (now < state.closes && pending.length > 0) {
    const names = pending.map((u) => u.name).join(', ');
    return err(
      'timetable',
      `The ballot closes on ${longDate(state.closes)} (today is ${longDate(now)}); it can close earlier only when every unit has a result, and ${pending.length} of ${state.units.length} have none: ${names}.`,
    );
  }
  const rb = ctx.rulebook;
  const review = rb.incumbentReview;
  if (review.kind !== 'trigger-ballot') return err('rulebook-mismatch', `Rulebook ${state.rulebook} holds no trigger ballot of units.`);
  const decisions: UnitDecisionRecord[] = [];
  for (const u of state.units) {
    if (u.result === null) decisions.push({ unit: u.id, decision: 'absent', reason: 'recorded nothing by the close: counts as not having met' });
    else if (u.result.kind === 'absent')
      decisions.push({ unit: u.id, decision: 'absent', reason: u.result.note === null ? 'did not meet' : `did not meet: ${u.result.note}` });
    else {
      const decided = decisionOfMeeting(review.unitVote, u.result);
      if (!decided.ok) return decided;
      decisions.push({ unit: u.id, decision: decided.value.decision, reason: decided.value.reason });
    }
  }
  // The loop above pushed one decision per unit, in order, or returned.
  const evaluated = evaluateTrigger(
    rb,
    state.units.map((u, i) => ({ unit: u.id, class: u.class, decision: decisions[i]!.decision, ...(u.affiliate === null ? {} : { affiliate: u.affiliate }) })),
  );
  const arithmetic: string[] = [];
  if (pending.length > 0) {
    arithmetic.push(`${pending.length} unit(s) recorded nothing by the close and count as not having met: ${pending.map((u) => u.name).join(', ')}.`);
  }
  arithmetic.push(...evaluated.arithmetic);
  const outcome: ReviewOutcome = {
    result: evaluated.outcome,
    decidedBy: 'units',
    rule: evaluated.rule,
    arithmetic,
    decisions,
    at: ctx.clock.now().toISOString(),
  };
  const next = decided(state, outcome, ctx, false);
  return ok({
    state: next,
    event: event(ctx, 'closed', { outcome: outcome.result, arithmetic, decisions: decisions.map((x) => ({ unit: x.unit, decision: x.decision })) }),
  });
}

function snapElection(state: TriggerBallotState, c: Extract<TriggerCommand, { type: 'snap-election' }>, ctx: ProcessContext): Step<TriggerBallotState> {
  const rb = ctx.rulebook;
  if (rb.snapElection !== 'readopt-incumbents') {
    return err('rulebook-forbids', `Under ${state.rulebook} a snap election does not cancel the review: it continues in phase "${state.phase}".`);
  }
  if (c.note !== undefined && typeof c.note !== 'string') return err('invalid-input', `The note must be text, not ${show(c.note)}.`);
  const arithmetic = [
    `A snap election was called while the review was in phase "${state.phase}"; under ${state.rulebook} open reviews are cancelled and ${state.incumbent.name} is readopted.`,
  ];
  const outcome: ReviewOutcome = { result: 'readopted', decidedBy: 'snap-election', rule: null, arithmetic, decisions: [], at: ctx.clock.now().toISOString() };
  const next = decided(state, outcome, ctx, true);
  return ok({
    state: next,
    event: event(ctx, 'snap-election', {
      outcome: next.phase === 'awaiting-endorsement' ? 'awaiting endorsement' : 'readopted',
      cancelledPhase: state.phase,
      note: c.note ?? null,
      arithmetic,
    }),
  });
}

// ---- Members' meeting and appeal -------------------------------------------------------------

function recordMembersMeeting(
  state: TriggerBallotState,
  c: Extract<TriggerCommand, { type: 'record-members-meeting' }>,
  ctx: ProcessContext,
): Step<TriggerBallotState> {
  const bad = checkFigures(state, c, ctx, "The members' meeting");
  if (bad) return bad;
  const figures = figuresOf(c);
  const judged = evaluateReadoptionMeeting(ctx.rulebook, figures);
  if (!judged.ok) return judged;
  const j = judged.value;
  const rule = `${ctx.rulebook.name}: readopted by a members' meeting`;
  const arithmetic = [`members' meeting held on ${figures.date}`, ...j.arithmetic];
  const at = ctx.clock.now().toISOString();
  const meeting = { ...figures, recordedAt: at };
  const recorded = event(ctx, 'members-meeting-recorded', { ...figures, readopted: j.outcome === 'readopted', arithmetic });
  if (j.outcome === 'readopted') {
    const outcome: ReviewOutcome = { result: 'readopted', decidedBy: 'members-meeting', rule, arithmetic, decisions: [], at };
    return ok({ state: decided({ ...state, membersMeeting: meeting }, outcome, ctx, false), event: recorded });
  }
  if (j.appeal === 'all-member-ballot') {
    return ok({ state: { ...state, phase: 'not-readopted', membersMeeting: meeting }, event: recorded });
  }
  const outcome: ReviewOutcome = { result: 'triggered', decidedBy: 'members-meeting', rule, arithmetic, decisions: [], at };
  return ok({ state: { ...state, phase: 'triggered', membersMeeting: meeting, outcome }, event: recorded });
}

function closeWithoutAppeal(state: TriggerBallotState, ctx: ProcessContext): Step<TriggerBallotState> {
  const meeting = state.membersMeeting;
  const judged = meeting === null ? null : evaluateReadoptionMeeting(ctx.rulebook, meeting);
  // A meeting's arithmetic always opens with the line of its own vote.
  const earlier = judged?.ok && meeting !== null ? [`members' meeting held on ${meeting.date}`, judged.value.arithmetic[0]!] : [];
  const arithmetic = [...earlier, `The members' meeting did not readopt ${state.incumbent.name} and no appeal was lodged: the seat goes to an open selection.`];
  const outcome: ReviewOutcome = { result: 'triggered', decidedBy: 'no-appeal', rule: null, arithmetic, decisions: [], at: ctx.clock.now().toISOString() };
  return ok({ state: { ...state, phase: 'triggered', outcome }, event: event(ctx, 'closed', { outcome: 'triggered', arithmetic }) });
}

function lodgeAppeal(state: TriggerBallotState, ctx: ProcessContext): Step<TriggerBallotState> {
  const at = ctx.clock.now().toISOString();
  return ok({
    state: { ...state, phase: 'appeal', appeal: { lodgedAt: at, ballot: null } },
    event: event(ctx, 'appeal-lodged', { incumbent: state.incumbent.name }),
  });
}

function recordAppealBallot(
  state: TriggerBallotState,
  c: Extract<TriggerCommand, { type: 'record-appeal-ballot' }>,
  ctx: ProcessContext,
): Step<TriggerBallotState> {
  const bad =
    checkCount(c.for, 'The appeal ballot: votes for') ??
    checkCount(c.against, 'The appeal ballot: votes against') ??
    checkCount(c.spoilt, 'The appeal ballot: spoilt ballots') ??
    checkDate(c.date, 'The appeal ballot: the date of the count');
  if (bad) return bad;
  const now = today(ctx);
  if (c.date > now) return err('timetable', `The appeal ballot: the count date, ${longDate(c.date)}, is in the future (today is ${longDate(now)}).`);
  const lodged = (state.appeal?.lodgedAt ?? state.openedAt).slice(0, 10);
  if (c.date < lodged) return err('timetable', `The appeal ballot: the count date ${c.date} is before the appeal was lodged on ${lodged}.`);
  const figures: AppealBallotFigures = { for: c.for, against: c.against, spoilt: c.spoilt, date: c.date };
  const judged = evaluateReadoptionAppeal(ctx.rulebook, figures);
  if (!judged.ok) return judged;
  const arithmetic = [`ballot of all members counted on ${figures.date}, ${figures.spoilt} spoilt`, ...judged.value.arithmetic];
  const at = ctx.clock.now().toISOString();
  const result = judged.value.outcome === 'readopted' ? 'readopted' : 'triggered';
  const outcome: ReviewOutcome = {
    result,
    decidedBy: 'appeal-ballot',
    rule: `${ctx.rulebook.name}: appeal to a ballot of all members`,
    arithmetic,
    decisions: [],
    at,
  };
  const next = decided({ ...state, appeal: { lodgedAt: state.appeal?.lodgedAt ?? at, ballot: { ...figures, recordedAt: at } } }, outcome, ctx, false);
  return ok({ state: next, event: event(ctx, 'appeal-ballot-recorded', { ...figures, outcome: result, arithmetic }) });
}

// ---- Endorsement -----------------------------------------------------------------------------

/** Whether the rulebook makes this readoption wait for the national body: on every readoption, or on a snap election's. */
export function endorsementRequired(ctx: ProcessContext, bySnapElection: boolean): EndorsementRequired | null {
  const rule = ctx.rulebook.emergency?.readoptionEndorsement ?? 'none';
  if (rule === 'every-readoption') return 'every-readoption';
  if (rule === 'snap-election' && bySnapElection) return 'snap-election';
  return null;
}

/** The review once decided: triggered, readopted, or — a readoption the rulebook makes subject to endorsement — waiting for it. */
function decided(state: TriggerBallotState, outcome: ReviewOutcome, ctx: ProcessContext, bySnapElection: boolean): TriggerBallotState {
  const required = outcome.result === 'readopted' ? endorsementRequired(ctx, bySnapElection) : null;
  if (required === null) return { ...state, phase: outcome.result, outcome };
  return { ...state, phase: 'awaiting-endorsement', outcome: null, endorsement: { required, readoption: outcome, decision: null } };
}

/** "the National Executive Committee": the national body that endorses, as the rulebook names it (Labour's NEC by default). */
export const endorsingBody = (ctx: Pick<ProcessContext, 'rulebook'>): string => ctx.rulebook.emergency?.nationalBody ?? 'the national executive';

function decideEndorsement(
  state: TriggerBallotState,
  c: { readonly reason: unknown; readonly date: unknown },
  decision: EndorsementDecision['decision'],
  ctx: ProcessContext,
): Step<TriggerBallotState> {
  const pending = state.endorsement;
  if (!pending) return err('not-recorded', 'This review has no readoption waiting for endorsement.');
  const bad =
    checkText(c.reason, decision === 'endorsed' ? 'The reason for endorsing' : 'The reason for refusing') ?? checkDate(c.date, 'The date of the decision');
  if (bad) return bad;
  const date = c.date as IsoDate;
  const now = today(ctx);
  if (date > now) return err('timetable', `The date of the decision, ${longDate(date)}, is in the future (today is ${longDate(now)}).`);
  const waitingSince = pending.readoption.at.slice(0, 10) as IsoDate;
  if (date < waitingSince)
    return err('timetable', `The date of the decision, ${longDate(date)}, is before the readoption it decides on (${longDate(waitingSince)}).`);
  const reason = (c.reason as string).trim();
  const at = ctx.clock.now().toISOString();
  const body = endorsingBody(ctx);
  const record: EndorsementDecision = { decision, reason, date, recordedAt: at, by: ctx.actor ?? null };
  const endorsement: Endorsement = { ...pending, decision: record };
  const line =
    decision === 'endorsed'
      ? `On ${longDate(date)} ${body} endorsed the readoption of ${state.incumbent.name}: ${reason}`
      : `On ${longDate(date)} ${body} refused to endorse the readoption of ${state.incumbent.name}: ${reason}. The seat goes to a selection.`;
  const arithmetic = [...pending.readoption.arithmetic, line];
  const outcome: ReviewOutcome =
    decision === 'endorsed'
      ? { ...pending.readoption, arithmetic, at }
      : { result: 'triggered', decidedBy: 'endorsement-refused', rule: null, arithmetic, decisions: pending.readoption.decisions, at };
  return ok({
    state: { ...state, phase: outcome.result, outcome, endorsement },
    event: event(ctx, decision === 'endorsed' ? 'endorsed' : 'endorsement-refused', { reason, date, outcome: outcome.result }),
  });
}

// ---- The timetable ---------------------------------------------------------------------------

/** A review's timetable is its closing date: the last day a meeting may be held. */
const TRIGGER_TIMED: TimedProcess<TriggerBallotState> = {
  dates: (s) => ({ closes: s.closes }),
  withDates: (s, d) => ({ ...s, closes: d.closes ?? s.closes }),
  checkOrder: () => null,
  closing: () => 'closes',
  words: { closes: 'the closing date' },
};
