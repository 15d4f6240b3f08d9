/**
 * A national internal election (e.g. the NEC's constituency section: 9 seats by
 * STV with a minimum number of women), as a state machine.
 *
 *   nominations ─freeze-electorate─▶ electorate-frozen ─open-ballot─▶ ballot-open ─close-ballot─▶ closed
 *   ─record-count─▶ counted ─declare─▶ declared
 *
 * Seats, counting method and women's minimum come from the rulebook's
 * `internalElection`; the minimum is enforced by the counting library (its
 * `minimum` option, `gender=woman:N`), so the record says how.
 */
import { err, ok, type Result } from '../result.js';
import type { IsoDate } from '../time.js';
import { checkMethod, runCount, type CountSummary, type RankedBallot } from './ballot-count.js';
import { checkCount, checkDate, checkPositive, checkText, event, isWoman, precheck, rulebookRef, show, today, unreachable, type ProcessContext, type Step } from './common.js';

const PROCESS = 'internal election';

export type ElectionPhase = 'nominations' | 'electorate-frozen' | 'ballot-open' | 'closed' | 'counted' | 'declared';
export const ELECTION_PHASES: readonly ElectionPhase[] = ['nominations', 'electorate-frozen', 'ballot-open', 'closed', 'counted', 'declared'];

export interface ElectionTimetable {
  /** Last day a candidate may be nominated. */
  readonly nominationsClose: IsoDate;
  readonly freezeDate: IsoDate;
  readonly ballotOpens: IsoDate;
  readonly ballotCloses: IsoDate;
}

export interface ElectionCandidate {
  readonly id: string;
  readonly name: string;
  readonly gender: string | null;
  readonly member: string | null;
  readonly nominatedAt: string;
  readonly withdrawn: { readonly at: string; readonly reason: string | null } | null;
}

export interface InternalElectionState {
  readonly kind: 'internal-election';
  readonly rulebook: string;
  readonly title: string;
  readonly phase: ElectionPhase;
  readonly openedAt: string;
  readonly timetable: ElectionTimetable;
  readonly seats: number;
  readonly method: string;
  readonly minWomen: number | null;
  readonly candidates: readonly ElectionCandidate[];
  /** The national electorate as frozen: only its summary (the member list is kept by the store). */
  readonly electorate: { readonly freezeDate: IsoDate; readonly eligible: number; readonly total: number; readonly summary: string | null; readonly frozenAt: string } | null;
  readonly ballot: { readonly openedAt: string; readonly closedAt: string | null } | null;
  readonly count: CountSummary | null;
  readonly declaration: { readonly elected: readonly { readonly id: string; readonly name: string }[]; readonly at: string } | null;
}

export type ElectionCommand =
  | { readonly type: 'nominate'; readonly name: string; readonly gender: string | null; readonly member?: string | null }
  | { readonly type: 'withdraw'; readonly candidate: string; readonly reason?: string }
  | { readonly type: 'freeze-electorate'; readonly eligible: number; readonly total: number; readonly summary?: string }
  | { readonly type: 'open-ballot' }
  | { readonly type: 'close-ballot' }
  | { readonly type: 'record-count'; readonly ballots: readonly RankedBallot[]; readonly seed?: number }
  | { readonly type: 'declare' };

export type ElectionCommandType = ElectionCommand['type'];
export const ELECTION_COMMANDS: readonly ElectionCommandType[] = ['nominate', 'withdraw', 'freeze-electorate', 'open-ballot', 'close-ballot', 'record-count', 'declare'];

/** The transition table. A candidate may withdraw until the ballot closes. */
export const ELECTION_ALLOWED: Readonly<Record<ElectionPhase, readonly ElectionCommandType[]>> = {
  nominations: ['nominate', 'withdraw', 'freeze-electorate'],
  'electorate-frozen': ['withdraw', 'open-ballot'],
  'ballot-open': ['withdraw', 'close-ballot'],
  closed: ['record-count'],
  counted: ['declare'],
  declared: [],
};

export interface OpenInternalElection {
  readonly title: string;
  readonly timetable: ElectionTimetable;
}

export function electionAllowed(state: InternalElectionState): readonly ElectionCommandType[] {
  return ELECTION_ALLOWED[state.phase];
}

export function openInternalElection(spec: OpenInternalElection, ctx: ProcessContext): Step<InternalElectionState> {
  const rb = ctx.rulebook;
  const rules = rb.internalElection;
  if (rules === null) return err('rulebook-forbids', `Rulebook ${rulebookRef(rb)} defines no internal election (no seats or counting method).`);
  if (typeof spec !== 'object' || spec === null) return err('invalid-input', `Opening an internal election needs a title and a timetable, not ${show(spec)}.`);
  const opened = today(ctx);
  const t = spec.timetable;
  const bad =
    checkText(spec.title, 'The title') ??
    (typeof t !== 'object' || t === null ? err('invalid-input', `The timetable must give nominationsClose, freezeDate, ballotOpens and ballotCloses, not ${show(t)}.`) : null) ??
    checkDate(t.nominationsClose, 'The timetable: nominationsClose') ??
    checkDate(t.freezeDate, 'The timetable: freezeDate') ??
    checkDate(t.ballotOpens, 'The timetable: ballotOpens') ??
    checkDate(t.ballotCloses, 'The timetable: ballotCloses') ??
    checkPositive(rules.seats, "The rulebook's number of seats");
  if (bad) return bad;
  if (t.nominationsClose < opened) return err('timetable', `Nominations would close on ${t.nominationsClose}, before the election opens today (${opened}).`);
  const order: [string, IsoDate, string, IsoDate][] = [
    ['nominations close', t.nominationsClose, 'the ballot opens', t.ballotOpens],
    ['the freeze date', t.freezeDate, 'the ballot opens', t.ballotOpens],
    ['the ballot opens', t.ballotOpens, 'the ballot closes', t.ballotCloses],
  ];
  for (const [a, da, b, db] of order) {
    if (da > db) return err('timetable', `The timetable is out of order: ${a} (${da}) must not be after ${b} (${db}).`);
  }
  const methodOk = checkMethod(rules.method, rules.minWomen);
  if (!methodOk.ok) return methodOk;
  const state: InternalElectionState = {
    kind: 'internal-election',
    rulebook: rulebookRef(rb),
    title: spec.title,
    phase: 'nominations',
    openedAt: ctx.clock.now().toISOString(),
    timetable: { nominationsClose: t.nominationsClose, freezeDate: t.freezeDate, ballotOpens: t.ballotOpens, ballotCloses: t.ballotCloses },
    seats: rules.seats,
    method: rules.method,
    minWomen: rules.minWomen,
    candidates: [],
    electorate: null,
    ballot: null,
    count: null,
    declaration: null,
  };
  return ok({ state, event: event(ctx, 'opened', { title: state.title, rulebook: state.rulebook, seats: state.seats, method: state.method, minWomen: state.minWomen, timetable: state.timetable }) });
}

/** Applies one command. Every step not allowed now is an `invalid-transition` error naming the phase and what is allowed. */
export function applyElection(state: InternalElectionState, command: ElectionCommand, ctx: ProcessContext): Step<InternalElectionState> {
  const pre = precheck(PROCESS, command, ELECTION_COMMANDS, state.rulebook, ctx, state.phase, electionAllowed(state));
  if (!pre.ok) return pre;
  switch (command.type) {
    case 'nominate':
      return nominate(state, command, ctx);
    case 'withdraw':
      return withdraw(state, command, ctx);
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
      return unreachable(command, 'internal election command');
  }
}

const standing = (state: InternalElectionState): ElectionCandidate[] => state.candidates.filter((c) => c.withdrawn === null);

function nominate(state: InternalElectionState, c: Extract<ElectionCommand, { type: 'nominate' }>, ctx: ProcessContext): Step<InternalElectionState> {
  const now = today(ctx);
  if (now > state.timetable.nominationsClose) return err('timetable', `Nominations closed on ${state.timetable.nominationsClose} (today is ${now}).`);
  const bad = checkText(c.name, "The candidate's name");
  if (bad) return bad;
  if (c.gender !== null && c.gender !== undefined && typeof c.gender !== 'string') return err('invalid-input', `Gender must be text or left out, not ${show(c.gender)}.`);
  if (c.member !== null && c.member !== undefined && typeof c.member !== 'string') return err('invalid-input', `The member id must be text or left out, not ${show(c.member)}.`);
  const name = c.name.trim();
  const clash = standing(state).find((x) => x.name.toLowerCase() === name.toLowerCase());
  if (clash) return err('duplicate', `${name} is already nominated (as ${clash.id}); two standing candidates cannot share a name on one ballot paper.`);
  const candidate: ElectionCandidate = { id: `c${state.candidates.length + 1}`, name, gender: c.gender ?? null, member: c.member ?? null, nominatedAt: ctx.clock.now().toISOString(), withdrawn: null };
  return ok({ state: { ...state, candidates: [...state.candidates, candidate] }, event: event(ctx, 'nominated', { candidate: candidate.id, name, gender: candidate.gender }) });
}

function withdraw(state: InternalElectionState, c: Extract<ElectionCommand, { type: 'withdraw' }>, ctx: ProcessContext): Step<InternalElectionState> {
  const who = typeof c.candidate === 'string' ? state.candidates.find((x) => x.id === c.candidate) : undefined;
  if (!who) return err('unknown-candidate', `${show(c.candidate)} is not a candidate in this election.`);
  if (who.withdrawn) return err('already-withdrawn', `${who.name} (${who.id}) already withdrew on ${who.withdrawn.at.slice(0, 10)}.`);
  if (c.reason !== undefined && typeof c.reason !== 'string') return err('invalid-input', `The reason must be text, not ${show(c.reason)}.`);
  const withdrawn = { at: ctx.clock.now().toISOString(), reason: c.reason ?? null };
  return ok({
    state: { ...state, candidates: state.candidates.map((x) => (x.id === who.id ? { ...x, withdrawn } : x)) },
    event: event(ctx, 'withdrawn', { candidate: who.id, name: who.name, phase: state.phase, reason: withdrawn.reason }),
  });
}

/** Enough candidates for the seats, and enough women for the minimum: otherwise the count could not be held. */
function checkField(state: InternalElectionState): Result<never> | null {
  const field = standing(state);
  if (field.length < state.seats) return err('no-candidates', `${field.length} candidate(s) are standing for ${state.seats} seats; at least ${state.seats} are needed.`);
  const w = field.filter((x) => isWoman(x.gender)).length;
  if (state.minWomen !== null && w < state.minWomen) {
    return err('gender-rule', `${w} women are standing, but under ${state.rulebook} at least ${state.minWomen} of the ${state.seats} seats must go to women.`);
  }
  return null;
}

function freezeElectorate(state: InternalElectionState, c: Extract<ElectionCommand, { type: 'freeze-electorate' }>, ctx: ProcessContext): Step<InternalElectionState> {
  const now = today(ctx);
  const { nominationsClose, freezeDate } = state.timetable;
  if (now < nominationsClose) return err('timetable', `Nominations are open until ${nominationsClose} (today is ${now}); the electorate is frozen after they close.`);
  if (now < freezeDate) return err('timetable', `The freeze date is ${freezeDate} (today is ${now}); the electorate cannot be frozen before it.`);
  const badField = checkField(state);
  if (badField) return badField;
  const bad = checkPositive(c.eligible, 'The number of eligible members') ?? checkCount(c.total, 'The number of members considered');
  if (bad) return bad;
  if (c.eligible > c.total) return err('invalid-input', `${c.eligible} eligible members is more than the ${c.total} considered.`);
  if (c.summary !== undefined && typeof c.summary !== 'string') return err('invalid-input', `The summary must be text, not ${show(c.summary)}.`);
  const electorate = { freezeDate, eligible: c.eligible, total: c.total, summary: c.summary ?? null, frozenAt: ctx.clock.now().toISOString() };
  return ok({
    state: { ...state, phase: 'electorate-frozen', electorate },
    event: event(ctx, 'electorate-frozen', { freezeDate, eligible: c.eligible, total: c.total, summary: electorate.summary, candidates: standing(state).map((x) => x.id) }),
  });
}

function openBallot(state: InternalElectionState, ctx: ProcessContext): Step<InternalElectionState> {
  const now = today(ctx);
  const { ballotOpens, ballotCloses } = state.timetable;
  if (now < ballotOpens) return err('timetable', `The ballot opens on ${ballotOpens} (today is ${now}).`);
  if (now > ballotCloses) return err('timetable', `The ballot was due to close on ${ballotCloses} (today is ${now}); it can no longer open under this timetable.`);
  const badField = checkField(state);
  if (badField) return badField;
  return ok({ state: { ...state, phase: 'ballot-open', ballot: { openedAt: ctx.clock.now().toISOString(), closedAt: null } }, event: event(ctx, 'ballot-opened', { candidates: standing(state).map((x) => x.id) }) });
}

function closeBallot(state: InternalElectionState, ctx: ProcessContext): Step<InternalElectionState> {
  const now = today(ctx);
  const closes = state.timetable.ballotCloses;
  if (now < closes) return err('timetable', `The ballot closes on ${closes} (today is ${now}); it cannot close early.`);
  const at = ctx.clock.now().toISOString();
  return ok({ state: { ...state, phase: 'closed', ballot: { openedAt: state.ballot?.openedAt ?? at, closedAt: at } }, event: event(ctx, 'ballot-closed', {}) });
}

function recordCount(state: InternalElectionState, c: Extract<ElectionCommand, { type: 'record-count' }>, ctx: ProcessContext): Step<InternalElectionState> {
  const counted = runCount({
    title: state.title,
    candidates: state.candidates,
    seats: state.seats,
    method: state.method,
    minWomen: state.minWomen,
    ballots: c.ballots,
    seed: c.seed,
    electorate: state.electorate?.eligible ?? 0,
    at: ctx.clock.now().toISOString(),
  });
  if (!counted.ok) return counted;
  const summary = counted.value;
  return ok({
    state: { ...state, phase: 'counted', count: summary },
    event: event(ctx, 'counted', { method: summary.method, ballots: summary.ballots, seed: summary.seed, elected: summary.elected, rounds: summary.rounds.length, constraint: summary.constraint }),
  });
}

function declare(state: InternalElectionState, ctx: ProcessContext): Step<InternalElectionState> {
  const elected = (state.count?.elected ?? []).map((id) => ({ id, name: state.candidates.find((x) => x.id === id)?.name ?? id }));
  if (elected.length === 0) return err('count-failed', 'The count elected nobody, so there is no one to declare.');
  return ok({ state: { ...state, phase: 'declared', declaration: { elected, at: ctx.clock.now().toISOString() } }, event: event(ctx, 'declared', { elected }) });
}
