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
 */
import { err, ok, type Result } from '../result.js';
import type { Fraction } from '../rulebook.js';
import type { IsoDate } from '../time.js';
import { checkMethod, runCount, type CountSummary, type RankedBallot } from './ballot-count.js';
import {
  checkCount,
  checkDate,
  checkPositive,
  checkStringList,
  checkText,
  event,
  isWoman,
  precheck,
  reachesShare,
  rulebookRef,
  shareText,
  show,
  today,
  unreachable,
  type ProcessContext,
  type Step,
} from './common.js';
import type { TriggerBallotState } from './trigger-ballot.js';

const PROCESS = 'selection';

export type SelectionPhase = 'applications' | 'nominations' | 'longlist' | 'shortlist' | 'electorate-frozen' | 'ballot-open' | 'closed' | 'counted' | 'declared';
export const SELECTION_PHASES: readonly SelectionPhase[] = ['applications', 'nominations', 'longlist', 'shortlist', 'electorate-frozen', 'ballot-open', 'closed', 'counted', 'declared'];

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
  readonly withdrawn: { readonly at: string; readonly reason: string | null } | null;
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

export interface ElectorateSummary {
  readonly freezeDate: IsoDate;
  readonly eligible: number;
  readonly total: number;
  readonly summary: string | null;
  readonly frozenAt: string;
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
  readonly ballot: { readonly openedAt: string; readonly closedAt: string | null } | null;
  readonly count: CountSummary | null;
  readonly declaration: { readonly winner: string; readonly name: string; readonly at: string } | null;
}

export type SelectionCommand =
  | { readonly type: 'apply'; readonly name: string; readonly gender: string | null; readonly member?: string | null }
  | { readonly type: 'withdraw'; readonly candidate: string; readonly reason?: string }
  | { readonly type: 'close-applications' }
  | { readonly type: 'nominate'; readonly unit: string; readonly candidates: readonly string[] }
  | { readonly type: 'set-longlist'; readonly candidates: readonly string[] }
  | { readonly type: 'set-shortlist'; readonly candidates: readonly string[] }
  | { readonly type: 'freeze-electorate'; readonly eligible: number; readonly total: number; readonly summary?: string }
  | { readonly type: 'open-ballot' }
  | { readonly type: 'close-ballot' }
  | { readonly type: 'record-count'; readonly ballots: readonly RankedBallot[]; readonly seed?: number }
  | { readonly type: 'declare' };

export type SelectionCommandType = SelectionCommand['type'];
export const SELECTION_COMMANDS: readonly SelectionCommandType[] = [
  'apply',
  'withdraw',
  'close-applications',
  'nominate',
  'set-longlist',
  'set-shortlist',
  'freeze-electorate',
  'open-ballot',
  'close-ballot',
  'record-count',
  'declare',
];

/** The transition table: what each phase allows. A candidate may withdraw until the ballot closes. */
export const SELECTION_ALLOWED: Readonly<Record<SelectionPhase, readonly SelectionCommandType[]>> = {
  applications: ['apply', 'withdraw', 'close-applications'],
  nominations: ['nominate', 'withdraw', 'set-longlist'],
  longlist: ['withdraw', 'set-shortlist'],
  shortlist: ['withdraw', 'freeze-electorate'],
  'electorate-frozen': ['withdraw', 'open-ballot'],
  'ballot-open': ['withdraw', 'close-ballot'],
  closed: ['record-count'],
  counted: ['declare'],
  declared: [],
};

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
}

function checkTimetable(t: SelectionTimetable, opened: IsoDate): Result<never> | null {
  if (typeof t !== 'object' || t === null) return err('invalid-input', `The timetable must give applicationsClose, nominationsClose, freezeDate, ballotOpens and ballotCloses, not ${show(t)}.`);
  const bad =
    checkDate(t.applicationsClose, 'The timetable: applicationsClose') ??
    checkDate(t.nominationsClose, 'The timetable: nominationsClose') ??
    checkDate(t.freezeDate, 'The timetable: freezeDate') ??
    checkDate(t.ballotOpens, 'The timetable: ballotOpens') ??
    checkDate(t.ballotCloses, 'The timetable: ballotCloses');
  if (bad) return bad;
  if (t.applicationsClose < opened) return err('timetable', `Applications would close on ${t.applicationsClose}, before the selection opens today (${opened}).`);
  const order: [string, IsoDate, string, IsoDate][] = [
    ['applications close', t.applicationsClose, 'nominations close', t.nominationsClose],
    ['nominations close', t.nominationsClose, 'the ballot opens', t.ballotOpens],
    ['the freeze date', t.freezeDate, 'the ballot opens', t.ballotOpens],
    ['the ballot opens', t.ballotOpens, 'the ballot closes', t.ballotCloses],
  ];
  for (const [a, da, b, db] of order) {
    if (da > db) return err('timetable', `The timetable is out of order: ${a} (${da}) must not be after ${b} (${db}).`);
  }
  return null;
}

/** Opens a selection under the context's rulebook; the incumbent of a triggered seat is entered as the first candidate. */
export function openSelection(spec: OpenSelection, ctx: ProcessContext): Step<SelectionState> {
  const rb = ctx.rulebook;
  const opened = today(ctx);
  const at = ctx.clock.now().toISOString();
  if (typeof spec !== 'object' || spec === null) return err('invalid-input', `Opening a selection needs a constituency, a timetable and units, not ${show(spec)}.`);
  const bad = checkText(spec.constituency, 'The constituency') ?? checkTimetable(spec.timetable, opened);
  if (bad) return bad;
  if (spec.title !== undefined && typeof spec.title !== 'string') return err('invalid-input', `The title must be text, not ${show(spec.title)}.`);
  const methodOk = checkMethod(rb.selection.method, null);
  if (!methodOk.ok) return methodOk;

  if (!Array.isArray(spec.units)) return err('invalid-input', `The units must be a list, not ${show(spec.units)}.`);
  const units: SelectionUnit[] = [];
  for (const [i, u] of spec.units.entries()) {
    if (typeof u !== 'object' || u === null) return err('invalid-input', `Unit ${i + 1} must be an object with id, name and class, not ${show(u)}.`);
    const badUnit = checkText(u.id, `Unit ${i + 1}'s id`) ?? checkText(u.name, `Unit ${i + 1}'s name`);
    if (badUnit) return badUnit;
    if (u.class !== 'branch' && u.class !== 'affiliate') return err('invalid-input', `Unit ${u.id}'s class must be "branch" or "affiliate", not ${show(u.class)}.`);
    if (units.some((x) => x.id === u.id)) return err('invalid-input', `Unit ${u.id} is listed twice.`);
    units.push({ id: u.id, name: u.name, class: u.class });
  }

  const allWomenShortlist = rb.selection.shortlist.allWomen || spec.allWomenShortlist === true;
  let incumbent: SelectionState['incumbent'] = null;
  let followsTrigger: string | null = null;
  const trigger = spec.followsTrigger ?? null;
  if (trigger !== null) {
    const ballot = trigger.ballot;
    if (typeof trigger.process !== 'string' || typeof ballot !== 'object' || ballot === null || ballot.kind !== 'trigger-ballot') {
      return err('invalid-input', `followsTrigger must name the trigger ballot's process and give its state, not ${show(trigger)}.`);
    }
    if (ballot.phase !== 'triggered') {
      return err('not-triggered', `Trigger ballot ${trigger.process} is in phase "${ballot.phase}", not "triggered"; a selection follows a trigger ballot only once it has triggered one.`);
    }
    if (ballot.constituency !== spec.constituency) {
      return err('invalid-input', `Trigger ballot ${trigger.process} was held in ${ballot.constituency}, not in ${spec.constituency}.`);
    }
    incumbent = { name: ballot.incumbent.name, gender: ballot.incumbent.gender, member: ballot.incumbent.member };
    followsTrigger = trigger.process;
    if (allWomenShortlist && rb.selection.shortlist.incumbentAutomatically && !isWoman(incumbent.gender)) {
      return err(
        'gender-rule',
        `The shortlist must be all women, but ${incumbent.name}, the triggered incumbent, is shortlisted automatically under ${rulebookRef(rb)} and is not recorded as a woman; the two rules cannot both hold in this seat.`,
      );
    }
  }
  const candidates: SelectionCandidate[] =
    incumbent === null ? [] : [{ id: 'c1', name: incumbent.name, gender: incumbent.gender, member: incumbent.member, incumbent: true, appliedAt: at, withdrawn: null }];
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
  };
  return ok({
    state,
    event: event(ctx, 'opened', { constituency: state.constituency, title: state.title, rulebook: state.rulebook, timetable: state.timetable, followsTrigger, incumbent: incumbent?.name ?? null, allWomenShortlist }),
  });
}

export function selectionAllowed(state: SelectionState): readonly SelectionCommandType[] {
  return SELECTION_ALLOWED[state.phase];
}

/** Applies one command. Every step not allowed now is an `invalid-transition` error naming the phase and what is allowed. */
export function applySelection(state: SelectionState, command: SelectionCommand, ctx: ProcessContext): Step<SelectionState> {
  const pre = precheck(PROCESS, command, SELECTION_COMMANDS, state.rulebook, ctx, state.phase, selectionAllowed(state));
  if (!pre.ok) return pre;
  switch (command.type) {
    case 'apply':
      return applyAsCandidate(state, command, ctx);
    case 'withdraw':
      return withdraw(state, command, ctx);
    case 'close-applications':
      return closeApplications(state, ctx);
    case 'nominate':
      return nominate(state, command, ctx);
    case 'set-longlist':
      return setLonglist(state, command, ctx);
    case 'set-shortlist':
      return setShortlist(state, command, ctx);
    case 'freeze-electorate':
      return freezeElectorate(state, command, ctx);
    case 'open-ballot':
      return openBallot(state, ctx);
    case 'close-ballot':
      return closeBallot(state, ctx);
    case 'record-count':
      return recordCount(state, command, ctx);
    case 'declare':
      return declare(state, ctx);
    default:
      return unreachable(command, 'selection command');
  }
}

// ---- Candidates ------------------------------------------------------------------------------

const standing = (state: SelectionState): SelectionCandidate[] => state.candidates.filter((c) => c.withdrawn === null);

function candidateNamed(state: SelectionState, id: string): SelectionCandidate | undefined {
  return state.candidates.find((c) => c.id === id);
}

function applyAsCandidate(state: SelectionState, c: Extract<SelectionCommand, { type: 'apply' }>, ctx: ProcessContext): Step<SelectionState> {
  const now = today(ctx);
  if (now > state.timetable.applicationsClose) return err('timetable', `Applications closed on ${state.timetable.applicationsClose} (today is ${now}).`);
  const bad = checkText(c.name, "The candidate's name");
  if (bad) return bad;
  if (c.gender !== null && c.gender !== undefined && typeof c.gender !== 'string') return err('invalid-input', `Gender must be text or left out, not ${show(c.gender)}.`);
  if (c.member !== null && c.member !== undefined && typeof c.member !== 'string') return err('invalid-input', `The member id must be text or left out, not ${show(c.member)}.`);
  const name = c.name.trim();
  const clash = standing(state).find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (clash) return err('duplicate', `${name} has already applied (as ${clash.id}); two standing candidates cannot share a name on one ballot paper.`);
  const candidate: SelectionCandidate = {
    id: `c${state.candidates.length + 1}`,
    name,
    gender: c.gender ?? null,
    member: c.member ?? null,
    incumbent: false,
    appliedAt: ctx.clock.now().toISOString(),
    withdrawn: null,
  };
  return ok({ state: { ...state, candidates: [...state.candidates, candidate] }, event: event(ctx, 'applied', { candidate: candidate.id, name, gender: candidate.gender }) });
}

function withdraw(state: SelectionState, c: Extract<SelectionCommand, { type: 'withdraw' }>, ctx: ProcessContext): Step<SelectionState> {
  const who = typeof c.candidate === 'string' ? candidateNamed(state, c.candidate) : undefined;
  if (!who) return err('unknown-candidate', `${show(c.candidate)} is not a candidate in this selection.`);
  if (who.withdrawn) return err('already-withdrawn', `${who.name} (${who.id}) already withdrew on ${who.withdrawn.at.slice(0, 10)}.`);
  if (c.reason !== undefined && typeof c.reason !== 'string') return err('invalid-input', `The reason must be text, not ${show(c.reason)}.`);
  const withdrawn = { at: ctx.clock.now().toISOString(), reason: c.reason ?? null };
  const candidates = state.candidates.map((x) => (x.id === who.id ? { ...x, withdrawn } : x));
  return ok({ state: { ...state, candidates }, event: event(ctx, 'withdrawn', { candidate: who.id, name: who.name, phase: state.phase, reason: withdrawn.reason }) });
}

function closeApplications(state: SelectionState, ctx: ProcessContext): Step<SelectionState> {
  const now = today(ctx);
  if (now < state.timetable.applicationsClose) return err('timetable', `Applications are open until ${state.timetable.applicationsClose} (today is ${now}); they cannot be closed early.`);
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
  if (now > state.timetable.nominationsClose) return err('timetable', `Nominations closed on ${state.timetable.nominationsClose} (today is ${now}).`);
  const unit = typeof c.unit === 'string' ? state.units.find((u) => u.id === c.unit) : undefined;
  if (!unit) return err('unknown-unit', `Unit ${show(c.unit)} may not nominate in this selection; its units are: ${state.units.map((u) => u.id).join(', ') || 'none'}.`);
  if (state.nominations.some((n) => n.unit === unit.id)) return err('already-recorded', `${unit.name} (${unit.id}) has already made its nominations; a unit nominates once.`);
  const bad = checkStringList(c.candidates, `${unit.name}'s nominations`) ?? checkStanding(state, c.candidates, `${unit.name}'s nominations`);
  if (bad) return bad;
  const rules = ctx.rulebook.selection.nominations;
  if (c.candidates.length === 0) return err('invalid-input', `${unit.name} nominated nobody; a nomination names at least one candidate.`);
  if (c.candidates.length > rules.perUnit) {
    return err('nomination-limit', `${unit.name} nominated ${c.candidates.length} candidates; under ${state.rulebook} a unit may nominate at most ${rules.perUnit}.`);
  }
  const w = women(state, c.candidates);
  if (c.candidates.length > 1 && w < rules.minWomenPerUnit) {
    return err('gender-rule', `${unit.name} nominated ${c.candidates.length} candidates of whom ${w} are women; under ${state.rulebook} a unit nominating more than one must include at least ${rules.minWomenPerUnit} ${rules.minWomenPerUnit === 1 ? 'woman' : 'women'}.`);
  }
  const nomination: Nomination = { unit: unit.id, candidates: [...c.candidates], at: ctx.clock.now().toISOString() };
  return ok({ state: { ...state, nominations: [...state.nominations, nomination] }, event: event(ctx, 'nominated', { unit: unit.id, candidates: nomination.candidates }) });
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
    return err('gender-rule', `The ${what} has ${w} women among ${list.length} candidates; under ${state.rulebook} at least ${shareText(share)} must be women.`);
  }
  return null;
}

function setLonglist(state: SelectionState, c: Extract<SelectionCommand, { type: 'set-longlist' }>, ctx: ProcessContext): Step<SelectionState> {
  const now = today(ctx);
  if (now < state.timetable.nominationsClose) return err('timetable', `Nominations are open until ${state.timetable.nominationsClose} (today is ${now}); the longlist is drawn up after they close.`);
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
  const longlist = state.longlist ?? [];
  const outside = c.candidates.find((id) => !longlist.includes(id));
  if (outside !== undefined) return err('not-longlisted', `The shortlist names ${candidateNamed(state, outside)?.name ?? outside} (${outside}), who is not on the longlist.`);
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

function freezeElectorate(state: SelectionState, c: Extract<SelectionCommand, { type: 'freeze-electorate' }>, ctx: ProcessContext): Step<SelectionState> {
  const now = today(ctx);
  const date = state.timetable.freezeDate;
  if (now < date) return err('timetable', `The freeze date is ${date} (today is ${now}); the electorate cannot be frozen before it.`);
  const bad = checkPositive(c.eligible, 'The number of eligible members') ?? checkCount(c.total, 'The number of members considered');
  if (bad) return bad;
  if (c.eligible > c.total) return err('invalid-input', `${c.eligible} eligible members is more than the ${c.total} considered.`);
  if (c.summary !== undefined && typeof c.summary !== 'string') return err('invalid-input', `The summary must be text, not ${show(c.summary)}.`);
  const electorate: ElectorateSummary = { freezeDate: date, eligible: c.eligible, total: c.total, summary: c.summary ?? null, frozenAt: ctx.clock.now().toISOString() };
  return ok({ state: { ...state, phase: 'electorate-frozen', electorate }, event: event(ctx, 'electorate-frozen', { freezeDate: date, eligible: c.eligible, total: c.total, summary: electorate.summary }) });
}

function openBallot(state: SelectionState, ctx: ProcessContext): Step<SelectionState> {
  const now = today(ctx);
  const { ballotOpens, ballotCloses } = state.timetable;
  if (now < ballotOpens) return err('timetable', `The ballot opens on ${ballotOpens} (today is ${now}).`);
  if (now > ballotCloses) return err('timetable', `The ballot was due to close on ${ballotCloses} (today is ${now}); it can no longer open under this timetable.`);
  const on = (state.shortlist ?? []).filter((id) => candidateNamed(state, id)?.withdrawn === null);
  if (on.length === 0) return err('no-candidates', 'Every shortlisted candidate has withdrawn; there is nobody to vote for.');
  return ok({ state: { ...state, phase: 'ballot-open', ballot: { openedAt: ctx.clock.now().toISOString(), closedAt: null } }, event: event(ctx, 'ballot-opened', { candidates: on }) });
}

function closeBallot(state: SelectionState, ctx: ProcessContext): Step<SelectionState> {
  const now = today(ctx);
  const closes = state.timetable.ballotCloses;
  if (now < closes) return err('timetable', `The ballot closes on ${closes} (today is ${now}); it cannot close early.`);
  const at = ctx.clock.now().toISOString();
  return ok({ state: { ...state, phase: 'closed', ballot: { openedAt: state.ballot?.openedAt ?? at, closedAt: at } }, event: event(ctx, 'ballot-closed', {}) });
}

function recordCount(state: SelectionState, c: Extract<SelectionCommand, { type: 'record-count' }>, ctx: ProcessContext): Step<SelectionState> {
  const paper = (state.shortlist ?? []).map((id) => candidateNamed(state, id)).filter((x): x is SelectionCandidate => x !== undefined);
  const counted = runCount({
    title: state.title,
    candidates: paper,
    seats: 1,
    method: ctx.rulebook.selection.method,
    minWomen: null,
    ballots: c.ballots,
    seed: c.seed,
    electorate: state.electorate?.eligible ?? 0,
    at: ctx.clock.now().toISOString(),
  });
  if (!counted.ok) return counted;
  const summary = counted.value;
  const winner = summary.elected[0];
  return ok({
    state: { ...state, phase: 'counted', count: summary },
    event: event(ctx, 'counted', { method: summary.method, ballots: summary.ballots, seed: summary.seed, winner, rounds: summary.rounds.length }),
  });
}

function declare(state: SelectionState, ctx: ProcessContext): Step<SelectionState> {
  const winner = state.count?.elected[0];
  const who = winner === undefined ? undefined : candidateNamed(state, winner);
  if (!who) return err('count-failed', 'The count elected nobody, so there is no one to declare.');
  const declaration = { winner: who.id, name: who.name, at: ctx.clock.now().toISOString() };
  return ok({ state: { ...state, phase: 'declared', declaration }, event: event(ctx, 'declared', { winner: who.id, name: who.name }) });
}
