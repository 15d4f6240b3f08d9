/**
 * An open selection of a candidate for one constituency, as a state machine.
 *
 *   applications ─close-applications─▶ nominations ─set-longlist─▶ longlist ─set-shortlist─▶ shortlist
 *   ─freeze-electorate─▶ electorate-frozen ─open-ballot─▶ ballot-open ─close-ballot─▶ closed
 *   ─record-count─▶ counted ─declare─▶ declared
 *
 * The rulebook sets the nomination limits, the gender rules for the longlist and
 * shortlist and the counting method; the timetable, fixed at opening, says when
 * each step may happen, judged against the context's clock. A selection that
 * follows a trigger ballot knows its incumbent, who stands unless they withdraw
 * and, when the rulebook says so, is longlisted and shortlisted automatically.
 *
 * An emergency selection (opened with `emergency`: a seat left without a candidate when an election
 * is called at short notice) is the same machine with a shorter path: the national body's panel
 * shortlists straight from the applications (no nominations, no longlist), then either the members
 * vote as above or, when the rulebook says so, the panel decides:
 *
 *   applications ─set-shortlist─▶ shortlist ─panel-decide─▶ declared      (the panel decides)
 *                                           ─freeze-electorate─▶ …         (the members vote)
 *
 * A selection under way may be paused, resumed and extended (timetable-pause.ts).
 */
import { longDate } from '../calendar.js';
import type { MemberId, UnitId } from '../ids.js';
import type { SeatCandidate } from '../organisation.js';
import { decideStatement, STATEMENT_COMMANDS, writeStatement, type CandidateStatement, type StatementCommand } from './candidate-statements.js';
import { err, ok, type Result } from '../result.js';
import type { Fraction } from '../rulebook.js';
import type { IsoDate } from '../time.js';
import { checkMethod, declaredFigures, type CountSummary, type DeclarationRecord } from './ballot-count.js';
import {
  BALLOT_ALLOWED,
  BALLOT_COMMANDS,
  openBallotTimes,
  windowOf,
  checkBallotTimetable,
  checkTimetableDates,
  closeBallotStep,
  countClosedBallot,
  frozenElectorate,
  newCandidateName,
  withdrawCandidate,
  type BallotCommand,
  type BallotOpening,
  type BallotTimes,
  type FrozenElectorate,
  type Withdrawal,
} from './ballot-steps.js';
import {
  dispatchStep,
  checkTimetableOrder,
  checkStringList,
  checkText,
  checkUnitEntry,
  event,
  isWoman,
  reachesShare,
  rulebookRef,
  shareAsFraction,
  show,
  today,
  type ProcessContext,
  type Step,
  type StepTable,
} from './common.js';
import { endorsingBody, type TriggerBallotState } from './trigger-ballot.js';
import {
  applyTimetableCommand,
  isPaused,
  ballotWithDates,
  TIMETABLE_COMMANDS,
  type Pausable,
  type TimedProcess,
  type TimetableCommand,
} from './timetable-pause.js';
import { ballotDisputes, BALLOT_STAGES, type Reinstatement, type RestoredMember, type VoidedBallot } from './ballot-disputes.js';
import { DISPUTE_COMMANDS, disputeStepOf, withDisputeSteps, type Dispute, type DisputeCommand } from './disputes.js';

const PROCESS = 'selection';

export type SelectionPhase =
  | 'applications'
  | 'nominations'
  | 'longlist'
  | 'shortlist'
  | 'electorate-frozen'
  | 'ballot-open'
  | 'closed'
  | 'counted'
  | 'declared';
export const SELECTION_PHASES: readonly SelectionPhase[] = [
  'applications',
  'nominations',
  'longlist',
  'shortlist',
  'electorate-frozen',
  'ballot-open',
  'closed',
  'counted',
  'declared',
];

/** When each step may happen. A "close" date is the last day of its activity; the step that ends it may be taken from that day on. */
export interface SelectionTimetable {
  readonly applicationsClose: IsoDate;
  readonly nominationsClose: IsoDate;
  /** The date membership is judged at (often before the selection opens). */
  readonly freezeDate: IsoDate;
  readonly ballotOpens: IsoDate;
  readonly ballotCloses: IsoDate;
}

export interface SelectionCandidate {
  /** "c1", "c2", … in order of application (the incumbent, if standing, is c1). */
  readonly id: string;
  readonly name: string;
  readonly gender: string | null;
  readonly member: string | null;
  readonly incumbent: boolean;
  readonly appliedAt: string;
  readonly withdrawn: Withdrawal | null;
}

export interface SelectionUnit {
  readonly id: string;
  readonly name: string;
  readonly class: 'branch' | 'affiliate';
}

export interface Nomination {
  readonly unit: string;
  readonly candidates: readonly string[];
  readonly at: string;
}

export type ElectorateSummary = FrozenElectorate;

/** Who chooses the candidate of an emergency selection once it is shortlisted. */
export type EmergencyDecider = 'members-ballot' | 'panel-decides';

/** An emergency selection: the national body's panel, why it runs, and who decides (the rulebook's, fixed at opening). */
export interface EmergencySelection {
  /** The panel that shortlists (and may decide), as named: "NEC panel: A. Jones (chair), B. Smith, C. Patel". */
  readonly panel: string;
  readonly reason: string;
  readonly decidedBy: EmergencyDecider;
}

export interface SelectionState {
  readonly kind: 'selection';
  readonly rulebook: string;
  readonly constituency: string;
  readonly title: string;
  readonly phase: SelectionPhase;
  readonly openedAt: string;
  readonly timetable: SelectionTimetable;
  /** The trigger ballot this selection follows (its process id), or null for an open seat. */
  readonly followsTrigger: string | null;
  readonly incumbent: { readonly name: string; readonly gender: string | null; readonly member: string | null } | null;
  readonly allWomenShortlist: boolean;
  readonly units: readonly SelectionUnit[];
  readonly candidates: readonly SelectionCandidate[];
  readonly nominations: readonly Nomination[];
  readonly longlist: readonly string[] | null;
  readonly shortlist: readonly string[] | null;
  readonly electorate: ElectorateSummary | null;
  readonly ballot: BallotTimes | null;
  readonly count: CountSummary | null;
  readonly declaration:
    | ({ readonly winner: string; readonly name: string; readonly panel?: { readonly reasons: string } | undefined } & DeclarationRecord)
    | null;
  /** Candidates' statements (see candidate-statements.ts), written with an application or later. */
  readonly statements: readonly CandidateStatement[];
  /** Set for an emergency selection (absent or null: an ordinary one). */
  readonly emergency?: EmergencySelection | null | undefined;
  readonly paused?: Pausable['paused'];
  readonly timetableChanges?: Pausable['timetableChanges'];
  /** Disputes about the selection, and what upheld ones changed (absent from selections stored before disputes were kept). */
  readonly disputes?: readonly Dispute[];
  readonly restored?: readonly RestoredMember[];
  readonly reinstated?: readonly Reinstatement[];
  /** Ballots voided by upheld disputes, in order: the ballot under way is the one after them. */
  readonly voidedBallots?: readonly VoidedBallot[];
}

export type SelectionCommand =
  | { readonly type: 'apply'; readonly name: string; readonly gender: string | null; readonly member?: string | null; readonly statement?: string }
  | { readonly type: 'withdraw'; readonly candidate: string; readonly reason?: string }
  | { readonly type: 'close-applications' }
  | { readonly type: 'nominate'; readonly unit: string; readonly candidates: readonly string[] }
  | { readonly type: 'set-longlist'; readonly candidates: readonly string[] }
  | { readonly type: 'set-shortlist'; readonly candidates: readonly string[] }
  | { readonly type: 'panel-decide'; readonly candidate: string; readonly reasons: string }
  | TimetableCommand
  | StatementCommand
  | BallotCommand
  | DisputeCommand;

export type SelectionCommandType = SelectionCommand['type'];
export const SELECTION_COMMANDS: readonly SelectionCommandType[] = [
  'apply',
  'withdraw',
  'close-applications',
  'nominate',
  'set-longlist',
  'set-shortlist',
  'panel-decide',
  ...TIMETABLE_COMMANDS,
  ...STATEMENT_COMMANDS,
  ...BALLOT_COMMANDS,
  ...DISPUTE_COMMANDS,
];

/** The transition table: what each phase allows. A candidate may withdraw until the ballot closes; a dispute may be lodged at any stage. */
export const SELECTION_ALLOWED: Readonly<Record<SelectionPhase, readonly SelectionCommandType[]>> = withDisputeSteps({
  applications: ['apply', 'withdraw', 'close-applications', ...STATEMENT_COMMANDS],
  nominations: ['nominate', 'withdraw', 'set-longlist', ...STATEMENT_COMMANDS],
  longlist: ['withdraw', 'set-shortlist', ...STATEMENT_COMMANDS],
  shortlist: ['withdraw', 'freeze-electorate', ...STATEMENT_COMMANDS],
  ...BALLOT_ALLOWED,
  // Statements may still be written and approved between the freeze and the opening of the ballot.
  'electorate-frozen': [...BALLOT_ALLOWED['electorate-frozen'], ...STATEMENT_COMMANDS],
});

export interface OpenSelection {
  readonly constituency: string;
  readonly title?: string;
  readonly timetable: SelectionTimetable;
  /** The units that may nominate: the constituency's branches and affiliated branches. */
  readonly units: readonly SelectionUnit[];
  /** The trigger ballot that triggered this selection, if any: it must have ended `triggered`. */
  readonly followsTrigger?: { readonly process: string; readonly ballot: TriggerBallotState } | null;
  /** An all-women shortlist decided for this seat (the rulebook may also require one everywhere). */
  readonly allWomenShortlist?: boolean;
  /** An emergency selection run by the national body's panel, and why. */
  readonly emergency?: { readonly panel: string; readonly reason: string } | null;
}

function checkTimetable(t: SelectionTimetable, opened: IsoDate): Result<never> | null {
  return (
    checkTimetableDates(t, ['applicationsClose', 'nominationsClose', 'freezeDate', 'ballotOpens', 'ballotCloses']) ??
    checkBallotTimetable(
      t,
      opened,
      'selection',
      ['Applications', t.applicationsClose],
      [['applications close', t.applicationsClose, 'nominations close', t.nominationsClose]],
    )
  );
}

/** Opens a selection under the context's rulebook; the incumbent of a triggered seat is entered as the first candidate. */
export function openSelection(spec: OpenSelection, ctx: ProcessContext): Step<SelectionState> {
  const rb = ctx.rulebook;
  const opened = today(ctx);
  const at = ctx.clock.now().toISOString();
  if (typeof spec !== 'object' || spec === null)
    return err('invalid-input', `Opening a selection needs a constituency, a timetable and units, not ${show(spec)}.`);
  const bad = checkText(spec.constituency, 'The constituency') ?? checkTimetable(spec.timetable, opened);
  if (bad) return bad;
  if (spec.title !== undefined && typeof spec.title !== 'string') return err('invalid-input', `The title must be text, not ${show(spec.title)}.`);
  const methodOk = checkMethod(rb.selection.method, null);
  if (!methodOk.ok) return methodOk;

  if (!Array.isArray(spec.units)) return err('invalid-input', `The units must be a list, not ${show(spec.units)}.`);
  const units: SelectionUnit[] = [];
  for (const [i, u] of spec.units.entries()) {
    const badUnit = checkUnitEntry(u, i, (id) => units.some((x) => x.id === id));
    if (badUnit) return badUnit;
    units.push({ id: u.id, name: u.name, class: u.class });
  }

  const allWomenShortlist = rb.selection.shortlist.allWomen || spec.allWomenShortlist === true;
  let emergency: EmergencySelection | null = null;
  if (spec.emergency !== undefined && spec.emergency !== null) {
    const e = spec.emergency;
    const badE =
      typeof e !== 'object'
        ? err('invalid-input', `An emergency selection needs its panel and the reason, not ${show(e)}.`)
        : (checkText(e.panel, 'The panel') ?? checkText(e.reason, 'The reason for an emergency selection'));
    if (badE) return badE;
    emergency = { panel: e.panel.trim(), reason: e.reason.trim(), decidedBy: rb.emergency?.emergencySelection ?? 'members-ballot' };
  }
  let incumbent: SelectionState['incumbent'] = null;
  let followsTrigger: string | null = null;
  let refusedIncumbent = false;
  const trigger = spec.followsTrigger ?? null;
  if (trigger !== null) {
    const ballot = trigger.ballot;
    if (typeof trigger.process !== 'string' || typeof ballot !== 'object' || ballot === null || ballot.kind !== 'trigger-ballot') {
      return err('invalid-input', `followsTrigger must name the trigger ballot's process and give its state, not ${show(trigger)}.`);
    }
    if (ballot.phase !== 'triggered') {
      return err(
        'not-triggered',
        `Trigger ballot ${trigger.process} is in phase "${ballot.phase}", not "triggered"; a selection follows a trigger ballot only once it has triggered one.`,
      );
    }
    if (ballot.constituency !== spec.constituency) {
      return err('invalid-input', `Trigger ballot ${trigger.process} was held in ${ballot.constituency}, not in ${spec.constituency}.`);
    }
    incumbent = { name: ballot.incumbent.name, gender: ballot.incumbent.gender, member: ballot.incumbent.member };
    followsTrigger = trigger.process;
    // The national body refused to endorse the incumbent: they do not stand in the selection that follows.
    if (ballot.outcome?.decidedBy === 'endorsement-refused') refusedIncumbent = true;
    else if (allWomenShortlist && rb.selection.shortlist.incumbentAutomatically && !isWoman(incumbent.gender)) {
      return err(
        'gender-rule',
        `The shortlist must be all women, but ${incumbent.name}, the triggered incumbent, is shortlisted automatically under ${rulebookRef(rb)} and is not recorded as a woman; the two rules cannot both hold in this seat.`,
      );
    }
  }
  const candidates: SelectionCandidate[] =
    incumbent === null || refusedIncumbent
      ? []
      : [{ id: 'c1', name: incumbent.name, gender: incumbent.gender, member: incumbent.member, incumbent: true, appliedAt: at, withdrawn: null }];
  const state: SelectionState = {
    kind: 'selection',
    rulebook: rulebookRef(rb),
    constituency: spec.constituency,
    title: spec.title ?? `Selection for ${spec.constituency}`,
    phase: 'applications',
    openedAt: at,
    timetable: { ...spec.timetable },
    followsTrigger,
    incumbent,
    allWomenShortlist,
    units,
    candidates,
    nominations: [],
    longlist: null,
    shortlist: null,
    electorate: null,
    ballot: null,
    count: null,
    declaration: null,
    statements: [],
    ...(emergency === null ? {} : { emergency }),
  };
  return ok({
    state,
    event: event(ctx, 'opened', {
      constituency: state.constituency,
      title: state.title,
      rulebook: state.rulebook,
      timetable: state.timetable,
      followsTrigger,
      incumbent: incumbent?.name ?? null,
      allWomenShortlist,
      ...(emergency === null
        ? {}
        : { emergency: `${emergency.panel}; ${emergency.decidedBy === 'panel-decides' ? 'the panel decides' : 'the members vote'}: ${emergency.reason}` }),
    }),
  });
}

/** The phases in which a selection is under way, so its timetable may be paused and extended. */
const TIMED_PHASES: readonly SelectionPhase[] = ['applications', 'nominations', 'longlist', 'shortlist', 'electorate-frozen', 'ballot-open'];

/** An emergency selection's own path: the panel shortlists from the applications, and may decide. */
function emergencyAllowed(state: SelectionState, e: EmergencySelection): readonly SelectionCommandType[] {
  if (state.phase === 'applications') return ['apply', 'withdraw', 'set-shortlist', ...STATEMENT_COMMANDS];
  if (state.phase === 'shortlist' && e.decidedBy === 'panel-decides') return ['withdraw', 'panel-decide'];
  return SELECTION_ALLOWED[state.phase];
}

export function selectionAllowed(state: SelectionState): readonly SelectionCommandType[] {
  if (isPaused(state)) return ['resume-timetable'];
  const steps = state.emergency ? emergencyAllowed(state, state.emergency) : SELECTION_ALLOWED[state.phase];
  return TIMED_PHASES.includes(state.phase) ? [...steps, 'pause-timetable', 'extend-timetable'] : steps;
}

/** Applies one command (see `dispatchStep`: a step not allowed now is an `invalid-transition` error naming the phase and what is allowed). */
export function applySelection(state: SelectionState, command: SelectionCommand, ctx: ProcessContext): Step<SelectionState> {
  return dispatchStep(PROCESS, SELECTION_COMMANDS, SELECTION_STEPS, selectionAllowed(state), state, command, ctx);
}

const SELECTION_STEPS: StepTable<SelectionState, SelectionCommand> = {
  apply: (s, c, ctx) => applyAsCandidate(s, c, ctx),
  withdraw: (s, c, ctx) => withdrawCandidate(s, c, ctx, 'selection'),
  'close-applications': (s, _c, ctx) => closeApplications(s, ctx),
  nominate: (s, c, ctx) => nominate(s, c, ctx),
  'set-longlist': (s, c, ctx) => setLonglist(s, c, ctx),
  'set-shortlist': (s, c, ctx) => setShortlist(s, c, ctx),
  'write-statement': (s, c, ctx) =>
    writeStatement(s, c, ctx, (m) => (standing(s).some((x) => x.member === m) ? null : 'Only a candidate standing in this selection may write a statement.')),
  'decide-statement': (s, c, ctx) => decideStatement(s, c, ctx),
  'freeze-electorate': (s, c, ctx) => freezeElectorate(s, c, ctx),
  'open-ballot': (s, c, ctx) => openBallot(s, c, ctx),
  'close-ballot': (s, c, ctx) => closeBallotStep(s, c, ctx),
  'record-count': (s, c, ctx) => recordCount(s, c, ctx),
  declare: (s, _c, ctx) => declare(s, ctx),
  'panel-decide': (s, c, ctx) => panelDecide(s, c, ctx),
  'pause-timetable': (s, c, ctx) => applyTimetableCommand(SELECTION_TIMED, s, c, ctx),
  'resume-timetable': (s, c, ctx) => applyTimetableCommand(SELECTION_TIMED, s, c, ctx),
  'extend-timetable': (s, c, ctx) => applyTimetableCommand(SELECTION_TIMED, s, c, ctx),
  'lodge-dispute': (s, c, ctx) => disputeStepOf(SELECTION_DISPUTES, s, c, ctx),
  'decide-dispute': (s, c, ctx) => disputeStepOf(SELECTION_DISPUTES, s, c, ctx),
  'appeal-dispute': (s, c, ctx) => disputeStepOf(SELECTION_DISPUTES, s, c, ctx),
  'decide-dispute-appeal': (s, c, ctx) => disputeStepOf(SELECTION_DISPUTES, s, c, ctx),
};

// ---- Candidates ------------------------------------------------------------------------------

const standing = (state: SelectionState): SelectionCandidate[] => state.candidates.filter((c) => c.withdrawn === null);

function candidateNamed(state: SelectionState, id: string): SelectionCandidate | undefined {
  return state.candidates.find((c) => c.id === id);
}

function applyAsCandidate(state: SelectionState, c: Extract<SelectionCommand, { type: 'apply' }>, ctx: ProcessContext): Step<SelectionState> {
  const now = today(ctx);
  if (now > state.timetable.applicationsClose)
    return err('timetable', `Applications closed on ${longDate(state.timetable.applicationsClose)} (today is ${longDate(now)}).`);
  const again = typeof c.member === 'string' ? standing(state).find((x) => x.member === c.member) : undefined;
  if (again) return err('already-applied', `Member ${c.member} already stands in this selection, as ${again.name} (${again.id}).`);
  const named = newCandidateName(
    c,
    standing(state),
    (name, same) => `${name} has already applied (as ${same.id}); two standing candidates cannot share a name on one ballot paper.`,
  );
  if (!named.ok) return named;
  const name = named.value;
  const candidate: SelectionCandidate = {
    id: `c${state.candidates.length + 1}`,
    name,
    gender: c.gender ?? null,
    member: c.member ?? null,
    incumbent: false,
    appliedAt: ctx.clock.now().toISOString(),
    withdrawn: null,
  };
  const applied: SelectionState = { ...state, candidates: [...state.candidates, candidate] };
  const applyEvent = event(ctx, 'applied', { candidate: candidate.id, name, gender: candidate.gender });
  // A statement sent with the application is written with it (the same limit, awaiting the same approval).
  if (c.statement === undefined || c.statement.trim() === '') return ok({ state: applied, event: applyEvent });
  if (candidate.member === null) return err('invalid-input', 'A statement needs the member who applies.');
  const written = writeStatement(applied, { type: 'write-statement', member: candidate.member, text: c.statement }, ctx, () => null);
  if (!written.ok) return written;
  return ok({ state: written.value.state, event: applyEvent });
}

function closeApplications(state: SelectionState, ctx: ProcessContext): Step<SelectionState> {
  const now = today(ctx);
  if (now < state.timetable.applicationsClose)
    return err(
      'timetable',
      `Applications are open until ${longDate(state.timetable.applicationsClose)} (today is ${longDate(now)}); they cannot be closed early.`,
    );
  if (standing(state).length === 0) return err('no-candidates', 'Nobody is standing: applications cannot close with no candidates.');
  return ok({ state: { ...state, phase: 'nominations' }, event: event(ctx, 'applications-closed', { candidates: standing(state).map((x) => x.id) }) });
}

// ---- Nominations, longlist, shortlist --------------------------------------------------------

/** Every id names a candidate still standing, or an error saying which does not. */
function checkStanding(state: SelectionState, ids: readonly string[], what: string): Result<never> | null {
  for (const id of ids) {
    const who = candidateNamed(state, id);
    if (!who) return err('unknown-candidate', `${what} names ${show(id)}, who is not a candidate in this selection.`);
    if (who.withdrawn) return err('unknown-candidate', `${what} names ${who.name} (${id}), who has withdrawn.`);
  }
  return null;
}

function women(state: SelectionState, ids: readonly string[]): number {
  return ids.filter((id) => isWoman(candidateNamed(state, id)?.gender)).length;
}

function nominate(state: SelectionState, c: Extract<SelectionCommand, { type: 'nominate' }>, ctx: ProcessContext): Step<SelectionState> {
  const now = today(ctx);
  if (now > state.timetable.nominationsClose)
    return err('timetable', `Nominations closed on ${longDate(state.timetable.nominationsClose)} (today is ${longDate(now)}).`);
  const unit = typeof c.unit === 'string' ? state.units.find((u) => u.id === c.unit) : undefined;
  if (!unit)
    return err('unknown-unit', `Unit ${show(c.unit)} may not nominate in this selection; its units are: ${state.units.map((u) => u.id).join(', ') || 'none'}.`);
  if (state.nominations.some((n) => n.unit === unit.id))
    return err('already-recorded', `${unit.name} (${unit.id}) has already made its nominations; a unit nominates once.`);
  const bad = checkStringList(c.candidates, `${unit.name}'s nominations`) ?? checkStanding(state, c.candidates, `${unit.name}'s nominations`);
  if (bad) return bad;
  const rules = ctx.rulebook.selection.nominations;
  if (c.candidates.length === 0) return err('invalid-input', `${unit.name} nominated nobody; a nomination names at least one candidate.`);
  if (c.candidates.length > rules.perUnit) {
    return err(
      'nomination-limit',
      `${unit.name} nominated ${c.candidates.length} candidates; under ${state.rulebook} a unit may nominate at most ${rules.perUnit}.`,
    );
  }
  const w = women(state, c.candidates);
  if (c.candidates.length > 1 && w < rules.minWomenPerUnit) {
    return err(
      'gender-rule',
      `${unit.name} nominated ${c.candidates.length} candidates of whom ${w} are women; under ${state.rulebook} a unit nominating more than one must include at least ${rules.minWomenPerUnit} ${rules.minWomenPerUnit === 1 ? 'woman' : 'women'}.`,
    );
  }
  const nomination: Nomination = { unit: unit.id, candidates: [...c.candidates], at: ctx.clock.now().toISOString() };
  return ok({
    state: { ...state, nominations: [...state.nominations, nomination] },
    event: event(ctx, 'nominated', { unit: unit.id, candidates: nomination.candidates }),
  });
}

/** The list as given, with the triggered incumbent added when the rulebook shortlists them automatically. */
function withIncumbent(state: SelectionState, ids: readonly string[], ctx: ProcessContext): { list: string[]; added: string | null } {
  const inc = state.candidates.find((x) => x.incumbent && x.withdrawn === null);
  if (!inc || !ctx.rulebook.selection.shortlist.incumbentAutomatically || ids.includes(inc.id)) return { list: [...ids], added: null };
  return { list: [...ids, inc.id], added: inc.id };
}

function checkShare(state: SelectionState, list: readonly string[], share: Fraction | null, what: string): Result<never> | null {
  if (share === null) return null;
  const w = women(state, list);
  if (!reachesShare(w, list.length, share)) {
    return err(
      'gender-rule',
      `The ${what} has ${w} women among ${list.length} candidates; under ${state.rulebook} at least ${shareAsFraction(share)} must be women.`,
    );
  }
  return null;
}

/** The longlist is drawn up once nominations have closed: the timetable's part of the step, also asked by the next-step helper. */
export function longlistNotYet(state: SelectionState, ctx: ProcessContext): Result<never> | null {
  const now = today(ctx);
  if (now < state.timetable.nominationsClose)
    return err(
      'timetable',
      `Nominations are open until ${longDate(state.timetable.nominationsClose)} (today is ${longDate(now)}); the longlist is drawn up after they close.`,
    );
  return null;
}

function setLonglist(state: SelectionState, c: Extract<SelectionCommand, { type: 'set-longlist' }>, ctx: ProcessContext): Step<SelectionState> {
  const early = longlistNotYet(state, ctx);
  if (early) return early;
  const bad = checkStringList(c.candidates, 'The longlist') ?? checkStanding(state, c.candidates, 'The longlist');
  if (bad) return bad;
  const { list, added } = withIncumbent(state, c.candidates, ctx);
  if (list.length === 0) return err('invalid-input', 'The longlist is empty; it must name at least one standing candidate.');
  const badShare = checkShare(state, list, ctx.rulebook.selection.shortlist.minWomenLonglist, 'longlist');
  if (badShare) return badShare;
  return ok({ state: { ...state, phase: 'longlist', longlist: list }, event: event(ctx, 'longlisted', { candidates: list, incumbentAdded: added }) });
}

function setShortlist(state: SelectionState, c: Extract<SelectionCommand, { type: 'set-shortlist' }>, ctx: ProcessContext): Step<SelectionState> {
  const bad = checkStringList(c.candidates, 'The shortlist') ?? checkStanding(state, c.candidates, 'The shortlist');
  if (bad) return bad;
  // An emergency panel shortlists straight from the applications, once they have closed.
  if (state.emergency) {
    const now = today(ctx);
    if (now < state.timetable.applicationsClose)
      return err(
        'timetable',
        `Applications are open until ${longDate(state.timetable.applicationsClose)} (today is ${longDate(now)}); the panel shortlists after they close.`,
      );
  }
  const longlist = state.emergency ? standing(state).map((x) => x.id) : (state.longlist ?? []);
  const outside = c.candidates.find((id) => !longlist.includes(id));
  if (outside !== undefined)
    return err('not-longlisted', `The shortlist names ${candidateNamed(state, outside)?.name ?? outside} (${outside}), who is not on the longlist.`);
  const { list, added } = withIncumbent(state, c.candidates, ctx);
  if (list.length === 0) return err('invalid-input', 'The shortlist is empty; it must name at least one standing candidate.');
  if (state.allWomenShortlist) {
    const man = list.map((id) => candidateNamed(state, id)).find((x) => !isWoman(x?.gender));
    if (man) return err('gender-rule', `This seat has an all-women shortlist, but ${man.name} (${man.id}) is not recorded as a woman.`);
  }
  const badShare = checkShare(state, list, ctx.rulebook.selection.shortlist.minWomenShortlist, 'shortlist');
  if (badShare) return badShare;
  return ok({ state: { ...state, phase: 'shortlist', shortlist: list }, event: event(ctx, 'shortlisted', { candidates: list, incumbentAdded: added }) });
}

// ---- Electorate, ballot, count, declaration ---------------------------------------------------

/** The electorate is frozen on or after the freeze date: the timetable's part of the step, also asked by the next-step helper. */
export function selectionFreezeNotYet(state: SelectionState, ctx: ProcessContext): Result<never> | null {
  const now = today(ctx);
  const date = state.timetable.freezeDate;
  if (now < date) return err('timetable', `The freeze date is ${longDate(date)} (today is ${longDate(now)}); the electorate cannot be frozen before it.`);
  return null;
}

function freezeElectorate(state: SelectionState, c: Extract<SelectionCommand, { type: 'freeze-electorate' }>, ctx: ProcessContext): Step<SelectionState> {
  const early = selectionFreezeNotYet(state, ctx);
  if (early) return early;
  const date = state.timetable.freezeDate;
  const frozen = frozenElectorate(c, date, ctx);
  if (!frozen.ok) return frozen;
  const electorate: ElectorateSummary = frozen.value;
  return ok({
    state: { ...state, phase: 'electorate-frozen', electorate },
    event: event(ctx, 'electorate-frozen', { freezeDate: date, eligible: c.eligible, total: c.total, summary: electorate.summary }),
  });
}

function openBallot(state: SelectionState, c: BallotOpening, ctx: ProcessContext): Step<SelectionState> {
  const times = openBallotTimes(state.timetable, c, ctx);
  if (!times.ok) return times;
  const on = (state.shortlist ?? []).filter((id) => candidateNamed(state, id)?.withdrawn === null);
  if (on.length === 0) return err('no-candidates', 'Every shortlisted candidate has withdrawn; there is nobody to vote for.');
  return ok({
    state: { ...state, phase: 'ballot-open', ballot: times.value },
    event: event(ctx, 'ballot-opened', { candidates: on, ...windowOf(times.value) }),
  });
}

function recordCount(state: SelectionState, c: Extract<SelectionCommand, { type: 'record-count' }>, ctx: ProcessContext): Step<SelectionState> {
  const paper = (state.shortlist ?? []).map((id) => candidateNamed(state, id)).filter((x): x is SelectionCandidate => x !== undefined);
  const counted = countClosedBallot(state, { candidates: paper, seats: 1, method: ctx.rulebook.selection.method, minWomen: null }, c, ctx);
  if (!counted.ok) return counted;
  const { summary, record } = counted.value;
  const winner = summary.elected[0];
  return ok({
    state: { ...state, phase: 'counted', count: summary },
    record,
    event: event(ctx, 'counted', { method: summary.method, ballots: summary.ballots, seed: summary.seed, winner, rounds: summary.rounds.length }),
  });
}

function declare(state: SelectionState, ctx: ProcessContext): Step<SelectionState> {
  const winner = state.count?.elected[0];
  const who = winner === undefined ? undefined : candidateNamed(state, winner);
  if (!who) return err('count-failed', 'The count elected nobody, so there is no one to declare.');
  const figures = declaredFigures(state.count!, (id) => candidateNamed(state, id)?.name ?? id, state.electorate?.eligible ?? 0);
  const declaration = { winner: who.id, name: who.name, at: ctx.clock.now().toISOString(), by: ctx.actor ?? null, figures };
  return ok({ state: { ...state, phase: 'declared', declaration }, event: event(ctx, 'declared', { winner: who.id, name: who.name, figures }) });
}

/**
 * The seat's candidate: the winner of the constituency's latest declared
 * selection, or null when none has been declared. Derived from the selections
 * themselves, so it cannot drift from what was declared.
 */
export function seatCandidateOf(constituency: UnitId, selections: readonly { readonly id: string; readonly state: SelectionState }[]): SeatCandidate | null {
  let latest: { id: string; state: SelectionState; at: string } | null = null;
  for (const p of selections) {
    const d = p.state.declaration;
    if (p.state.phase !== 'declared' || d === null) continue;
    if (latest === null || d.at >= latest.at) latest = { id: p.id, state: p.state, at: d.at };
  }
  if (latest === null) return null;
  const d = latest.state.declaration!;
  const winner = latest.state.candidates.find((c) => c.id === d.winner);
  return { constituency, name: d.name, member: (winner?.member ?? null) as MemberId | null, selection: latest.id, selectedOn: d.at.slice(0, 10) as IsoDate };
}

// ---- An emergency panel's decision -----------------------------------------------------------

function panelDecide(state: SelectionState, c: Extract<SelectionCommand, { type: 'panel-decide' }>, ctx: ProcessContext): Step<SelectionState> {
  const bad = checkText(c.reasons, "The panel's reasons");
  if (bad) return bad;
  const who = typeof c.candidate === 'string' ? candidateNamed(state, c.candidate) : undefined;
  if (!who || !(state.shortlist ?? []).includes(who.id))
    return err('unknown-candidate', `The panel chooses from the shortlist; ${show(c.candidate)} is not on it.`);
  if (who.withdrawn) return err('unknown-candidate', `${who.name} (${who.id}) has withdrawn.`);
  const reasons = c.reasons.trim();
  const declaration = { winner: who.id, name: who.name, at: ctx.clock.now().toISOString(), by: ctx.actor ?? null, panel: { reasons } };
  return ok({
    state: { ...state, phase: 'declared', declaration },
    event: event(ctx, 'panel-decided', { winner: who.id, name: who.name, reasons, body: endorsingBody(ctx) }),
  });
}

// ---- The timetable ---------------------------------------------------------------------------

const SELECTION_DATE_WORDS = {
  applicationsClose: 'the close of applications',
  nominationsClose: 'the close of nominations',
  freezeDate: 'the freeze date',
  ballotOpens: 'the opening of the ballot',
  ballotCloses: 'the close of the ballot',
} as const;

/** A selection's timetable: its five dates; extending moves the end of the stage under way. */
const SELECTION_TIMED: TimedProcess<SelectionState> = {
  dates: (s) => ({ ...s.timetable }),
  withDates: ballotWithDates,
  checkOrder: (d) =>
    checkTimetableOrder([
      ['applications close', d.applicationsClose!, 'nominations close', d.nominationsClose!],
      ['nominations close', d.nominationsClose!, 'the ballot opens', d.ballotOpens!],
      ['the freeze date', d.freezeDate!, 'the ballot opens', d.ballotOpens!],
      ['the ballot opens', d.ballotOpens!, 'the ballot closes', d.ballotCloses!],
    ]),
  closing: (s) => (s.phase === 'applications' ? 'applicationsClose' : s.phase === 'nominations' ? 'nominationsClose' : 'ballotCloses'),
  words: SELECTION_DATE_WORDS,
};

/** A selection: applications, nominations or voting extended as they are under way; candidates put back on its longlist and shortlist. */
const SELECTION_DISPUTES = ballotDisputes<SelectionState>({
  processName: 'selection',
  timed: SELECTION_TIMED,
  paperOpen: ['applications', 'nominations', 'longlist', 'shortlist', 'electorate-frozen'],
  stageOf: (phase) =>
    phase === 'applications'
      ? { stage: { field: 'applicationsClose', words: 'applications close' }, next: BALLOT_STAGES.nominationsClose }
      : phase === 'nominations'
        ? { stage: BALLOT_STAGES.nominationsClose, next: BALLOT_STAGES.ballotOpens }
        : ['longlist', 'shortlist', 'electorate-frozen', 'ballot-open'].includes(phase)
          ? { stage: BALLOT_STAGES.ballotCloses, next: null }
          : null,
  backOnLists: (s, id) => ({
    ...s,
    longlist: s.longlist === null || s.longlist.includes(id) ? s.longlist : [...s.longlist, id],
    shortlist: s.shortlist === null || s.shortlist.includes(id) ? s.shortlist : [...s.shortlist, id],
  }),
  onLists: (s, id) => (s.longlist === null || s.longlist.includes(id)) && (s.shortlist === null || s.shortlist.includes(id)),
  takesSupporters: () => false,
});
