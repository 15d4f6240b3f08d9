/**
 * A national internal election (e.g. the NEC's constituency section: 9 seats by
 * STV with a minimum number of women), as a state machine.
 *
 *   nominations ─freeze-electorate─▶ electorate-frozen ─open-ballot─▶ ballot-open ─close-ballot─▶ closed
 *   ─record-count─▶ counted ─declare─▶ declared
 *
 * Seats, counting method and women's minimum come from the rulebook's
 * `internalElection` unless the opening names its own (a body whose rules the
 * bundled rulebooks do not describe, e.g. a committee of 5 by Scottish STV);
 * what was chosen is recorded in the opening event. The minimum is enforced by
 * the counting library (its `minimum` option, `gender=woman:N`), so the record
 * says how.
 *
 * Candidates reach the paper in one of two ways: nominated by bodies under the
 * rulebook's `nominations` (see body-nominations.ts: a threshold of bodies,
 * and the nominee's acceptance), or entered directly by an officer
 * (`nominate`: rules with no nominations by bodies, or the officer's override).
 * Either way `candidates` holds exactly those on the ballot paper (less any who
 * withdrew), so freezing the electorate and opening the ballot draw the paper
 * from it. Candidates' statements are in candidate-statements.ts.
 */
import { longDate } from '../calendar.js';
import { err, ok, type Result } from '../result.js';
import type { Segment } from '../rulebook.js';
import { segmentWords } from '../segment.js';
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
  type BallotTimetable,
  type FrozenElectorate,
  type Withdrawal,
} from './ballot-steps.js';
import { answerNomination, NOMINATION_COMMANDS, nominateByBody, type BodyNomination, type NominationCommand, type Nominee } from './body-nominations.js';
import {
  LEADERSHIP_COMMANDS,
  nominateAsMp,
  nominateLeaderByBody,
  leadershipOfficeWords,
  validlyNominated,
  type LeadershipCommand,
  type LeadershipContest,
  type LeadershipOffice,
  type ParliamentaryMember,
} from './leadership-steps.js';
import { decideStatement, STATEMENT_COMMANDS, writeStatement, type CandidateStatement, type StatementCommand } from './candidate-statements.js';
import {
  applyTimetableCommand,
  isPaused,
  ballotWithDates,
  TIMETABLE_COMMANDS,
  type Pausable,
  type TimedProcess,
  type TimetableCommand,
} from './timetable-pause.js';
import { ballotDisputes, BALLOT_STAGES, type ReinstatedApplication, type Reinstatement, type RestoredMember, type VoidedBallot } from './ballot-disputes.js';
import { supporterClassesOf } from '../supporters.js';
import { DISPUTE_COMMANDS, disputeStepOf, withDisputeSteps, type Dispute, type DisputeCommand } from './disputes.js';
import {
  dispatchStep,
  checkTimetableOrder,
  checkPositive,
  checkText,
  event,
  isWoman,
  rulebookRef,
  show,
  today,
  type ProcessContext,
  type Step,
  type StepTable,
} from './common.js';

const PROCESS = 'internal election';

export type ElectionPhase = 'nominations' | 'electorate-frozen' | 'ballot-open' | 'closed' | 'counted' | 'declared';
export const ELECTION_PHASES: readonly ElectionPhase[] = ['nominations', 'electorate-frozen', 'ballot-open', 'closed', 'counted', 'declared'];

export type ElectionTimetable = BallotTimetable;

export interface ElectionCandidate {
  readonly id: string;
  readonly name: string;
  readonly gender: string | null;
  readonly member: string | null;
  readonly nominatedAt: string;
  readonly withdrawn: Withdrawal | null;
}

/**
 * A contest held as one of several in one election (Labour's NEC: the constituency section, youth,
 * Welsh… representatives): the contest is this process, with its own ballot box, credentials, board
 * and count; the election is the id and title its contests share.
 */
export interface ContestLink {
  /** The election's id, shared by its contests (not itself a process). */
  readonly election: string;
  readonly electionTitle: string;
  /** The rulebook's id for the contest ("youth"), and its place in the election's order (from 1). */
  readonly contest: string;
  readonly order: number;
  /** Who of the election's electorate may vote in it. */
  readonly segment: Segment;
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
  readonly electorate: FrozenElectorate | null;
  readonly ballot: BallotTimes | null;
  readonly count: CountSummary | null;
  readonly declaration: ({ readonly elected: readonly { readonly id: string; readonly name: string }[] } & DeclarationRecord) | null;
  /** Set when this is one contest of an election of several; absent for an election of one contest. */
  readonly contest?: ContestLink | undefined;
  /** Bodies' nominations, in the order recorded (empty when officers enter the candidates directly). */
  readonly nominations: readonly BodyNomination[];
  /** Everyone a body has nominated, with their answer; those who stand are also in `candidates`. */
  readonly nominees: readonly Nominee[];
  readonly statements: readonly CandidateStatement[];
  /** Set when this is a leadership election (nominations by MPs, constituency parties and affiliates, against the rulebook's routes). */
  readonly leadership?: LeadershipContest | undefined;
  /** Why and since when the timetable stands still (absent or null: it runs); see timetable-pause.ts. */
  readonly paused?: Pausable['paused'];
  readonly timetableChanges?: Pausable['timetableChanges'];
  /** Disputes about the election, and what upheld ones changed (absent from elections stored before disputes were kept). */
  readonly disputes?: readonly Dispute[];
  readonly restored?: readonly RestoredMember[];
  readonly reinstated?: readonly Reinstatement[];
  readonly reinstatedApplications?: readonly ReinstatedApplication[];
  /** Ballots voided by upheld disputes, in order: the ballot under way is the one after them. */
  readonly voidedBallots?: readonly VoidedBallot[];
}

export type ElectionCommand =
  | { readonly type: 'nominate'; readonly name: string; readonly gender: string | null; readonly member?: string | null }
  | { readonly type: 'withdraw'; readonly candidate: string; readonly reason?: string }
  | NominationCommand
  | LeadershipCommand
  | StatementCommand
  | TimetableCommand
  | BallotCommand
  | DisputeCommand;

export type ElectionCommandType = ElectionCommand['type'];
export const ELECTION_COMMANDS: readonly ElectionCommandType[] = [
  'nominate',
  'withdraw',
  ...NOMINATION_COMMANDS,
  ...LEADERSHIP_COMMANDS,
  ...STATEMENT_COMMANDS,
  ...TIMETABLE_COMMANDS,
  ...BALLOT_COMMANDS,
  ...DISPUTE_COMMANDS,
];

/** The transition table. A candidate may withdraw until the ballot closes; a dispute may be lodged at any stage. */
export const ELECTION_ALLOWED: Readonly<Record<ElectionPhase, readonly ElectionCommandType[]>> = withDisputeSteps({
  nominations: ['nominate', 'body-nominate', 'mp-nominate', 'consent', 'withdraw', 'write-statement', 'decide-statement', 'freeze-electorate'],
  ...BALLOT_ALLOWED,
  // Statements may still be written and approved between the freeze and the opening of the ballot.
  'electorate-frozen': [...BALLOT_ALLOWED['electorate-frozen'], ...STATEMENT_COMMANDS],
});

export interface OpenInternalElection {
  readonly title: string;
  readonly timetable: ElectionTimetable;
  /** Each, when given, replaces the rulebook's; a minimum of null or 0 means none. */
  readonly seats?: number;
  readonly method?: string;
  readonly minWomen?: number | null;
  /** When this is one contest of an election of several: the title above is the contest's. */
  readonly contest?: ContestLink;
  /** A leadership election: one seat, counted by the rulebook's leadership method, candidates nominated by its routes. */
  readonly leadership?: LeadershipOpening;
}

/** What a leadership election opens with: a vacancy or a challenge, and the nominating bodies as they stand. */
export interface LeadershipOpening {
  /** The post: the leader's (absent) or the deputy leader's, which the rulebook must provide for. */
  readonly office?: LeadershipOffice;
  readonly vacancy: boolean;
  /** The sitting leader, who stands without nominations in a challenge (required then; ignored for a vacancy). */
  readonly incumbent: { readonly member: string; readonly name: string; readonly gender: string | null } | null;
  readonly parliamentaryParty: readonly ParliamentaryMember[];
  readonly constituencies: number;
  readonly affiliatedMembership: number;
}

/** The title people read: a contest's under its election's ("NEC elections 2026: Youth representative"), else the election's own. */
export function contestTitle(state: Pick<InternalElectionState, 'title' | 'contest'>): string {
  return state.contest ? `${state.contest.electionTitle}: ${state.title}` : state.title;
}

export function electionAllowed(state: InternalElectionState): readonly ElectionCommandType[] {
  if (isPaused(state)) return ['resume-timetable'];
  const steps = ELECTION_ALLOWED[state.phase];
  return ELECTION_TIMED_PHASES.includes(state.phase) ? [...steps, 'pause-timetable', 'extend-timetable'] : steps;
}

/** The seats, method and minimum an election opens with: the leadership rules' for a leader, else the internal election's, else refused. */
function electionRules(spec: OpenInternalElection, ctx: ProcessContext): Result<{ seats: number; method: string; minWomen: number | null }> {
  const rb = ctx.rulebook;
  if (spec.leadership !== undefined) {
    if (rb.leadership === null) return err('rulebook-forbids', `Rulebook ${rulebookRef(rb)} sets no leadership election.`);
    if (spec.leadership.office === 'deputy' && !rb.leadership.deputy)
      return err('rulebook-forbids', `Rulebook ${rulebookRef(rb)} sets no deputy leadership contest.`);
    return ok({ seats: 1, method: rb.leadership.method, minWomen: null });
  }
  const rules = rb.internalElection;
  if (rules === null) return err('rulebook-forbids', `Rulebook ${rulebookRef(rb)} defines no internal election (no seats or counting method).`);
  const minWomen = spec.minWomen === undefined ? rules.minWomen : spec.minWomen === 0 ? null : spec.minWomen;
  return ok({ seats: spec.seats ?? rules.seats, method: spec.method ?? rules.method, minWomen });
}

/** The leadership contest as kept in the state, and the sitting leader's place on the ballot in a challenge; or what is wrong with it. */
function leadershipOf(l: LeadershipOpening, at: string): Result<{ contest: LeadershipContest; candidates: ElectionCandidate[] }> {
  if (!Array.isArray(l.parliamentaryParty) || l.parliamentaryParty.length === 0)
    return err('invalid-input', 'A leadership election needs the parliamentary party: no MPs with a membership are recorded.');
  for (const [n, what] of [
    [l.constituencies, 'The number of constituency parties'],
    [l.affiliatedMembership, 'The affiliated membership'],
  ] as const) {
    if (!Number.isSafeInteger(n) || n < 0) return err('invalid-input', `${what} must be a whole number, not ${show(n)}.`);
  }
  const incumbent = l.vacancy ? null : l.incumbent;
  if (!l.vacancy && (incumbent === null || typeof incumbent !== 'object'))
    return err('invalid-input', 'A challenge needs the sitting leader, who is on the ballot without nominations.');
  if (l.office !== undefined && l.office !== 'leader' && l.office !== 'deputy')
    return err('invalid-input', `The post must be the leader's or the deputy leader's, not ${show(l.office)}.`);
  const contest: LeadershipContest = {
    ...(l.office === 'deputy' ? { office: 'deputy' as const } : {}),
    vacancy: l.vacancy,
    incumbent: incumbent ? { member: incumbent.member, name: incumbent.name } : null,
    parliamentaryParty: l.parliamentaryParty.map((m) => ({ member: m.member, name: m.name })),
    constituencies: l.constituencies,
    affiliatedMembership: l.affiliatedMembership,
  };
  const candidates: ElectionCandidate[] = incumbent
    ? [{ id: 'c1', name: incumbent.name, gender: incumbent.gender, member: incumbent.member, nominatedAt: at, withdrawn: null }]
    : [];
  return ok({ contest, candidates });
}

export function openInternalElection(spec: OpenInternalElection, ctx: ProcessContext): Step<InternalElectionState> {
  const rb = ctx.rulebook;
  if (typeof spec !== 'object' || spec === null) return err('invalid-input', `Opening an internal election needs a title and a timetable, not ${show(spec)}.`);
  const chosen = electionRules(spec, ctx);
  if (!chosen.ok) return chosen;
  const { seats, method, minWomen } = chosen.value;
  const opened = today(ctx);
  const t = spec.timetable;
  const bad =
    checkText(spec.title, 'The title') ??
    checkTimetableDates(t, ['nominationsClose', 'freezeDate', 'ballotOpens', 'ballotCloses']) ??
    checkPositive(seats, spec.seats === undefined ? "The rulebook's number of seats" : 'The number of seats') ??
    (minWomen === null ? null : checkPositive(minWomen, 'The minimum of women')) ??
    checkBallotTimetable(t, opened, 'election', ['Nominations', t.nominationsClose]);
  if (bad) return bad;
  const methodOk = checkMethod(method, minWomen, seats);
  if (!methodOk.ok) return methodOk;
  const leader = spec.leadership ? leadershipOf(spec.leadership, ctx.clock.now().toISOString()) : null;
  if (leader && !leader.ok) return leader;
  const state: InternalElectionState = {
    kind: 'internal-election',
    rulebook: rulebookRef(rb),
    title: spec.title,
    phase: 'nominations',
    openedAt: ctx.clock.now().toISOString(),
    timetable: { nominationsClose: t.nominationsClose, freezeDate: t.freezeDate, ballotOpens: t.ballotOpens, ballotCloses: t.ballotCloses },
    seats,
    method,
    minWomen,
    candidates: leader?.value.candidates ?? [],
    electorate: null,
    ballot: null,
    count: null,
    declaration: null,
    ...(spec.contest ? { contest: spec.contest } : {}),
    nominations: [],
    nominees: [],
    statements: [],
    ...(leader ? { leadership: leader.value.contest } : {}),
  };
  return ok({
    state,
    event: event(ctx, 'opened', {
      title: state.title,
      rulebook: state.rulebook,
      seats: state.seats,
      method: state.method,
      minWomen: state.minWomen,
      timetable: state.timetable,
      ...(spec.contest
        ? { election: spec.contest.election, contest: spec.contest.contest, segment: spec.contest.segment, electorate: segmentWords(spec.contest.segment) }
        : {}),
      ...(leader ? { leadership: leadershipOpeningWords(leader.value.contest) } : {}),
    }),
  });
}

/** "a vacancy, 198 MPs, 600 constituency parties, 2,000,000 affiliated members": what a leadership election opened with, for its log. */
function leadershipOpeningWords(l: LeadershipContest): string {
  const deputy = l.office === 'deputy' ? ' as deputy leader' : '';
  const what = l.vacancy
    ? `a vacancy${l.office === 'deputy' ? ' for deputy leader' : ''}`
    : `a challenge to ${l.incumbent?.name ?? `the sitting ${leadershipOfficeWords(l)}`}${deputy}`;
  return `${what}; ${l.parliamentaryParty.length} MPs, ${l.constituencies} constituency parties, ${l.affiliatedMembership.toLocaleString('en-GB')} affiliated members`;
}

/** Applies one command (see `dispatchStep`: a step not allowed now is an `invalid-transition` error naming the phase and what is allowed). */
export function applyElection(state: InternalElectionState, command: ElectionCommand, ctx: ProcessContext): Step<InternalElectionState> {
  return dispatchStep(PROCESS, ELECTION_COMMANDS, ELECTION_STEPS, electionAllowed(state), state, command, ctx);
}

const ELECTION_STEPS: StepTable<InternalElectionState, ElectionCommand> = {
  nominate: (s, c, ctx) => nominate(s, c, ctx),
  'body-nominate': (s, c, ctx) =>
    s.leadership ? nominateLeaderByBody(s, c, ctx, (x, n) => promote(x, n, ctx)) : nominateByBody(s, c, ctx, (x, n) => promote(x, n, ctx)),
  'mp-nominate': (s, c, ctx) => nominateAsMp(s, c, ctx, (x, n) => promote(x, n, ctx)),
  consent: (s, c, ctx) =>
    answerNomination(
      s,
      c,
      ctx,
      (x, n) => promote(x, n, ctx),
      (x, m) => standing(x).some((y) => y.member === m),
      s.leadership ? (x, m) => validlyNominated(x, m, ctx.rulebook) : undefined,
    ),
  'write-statement': (s, c, ctx) => writeStatement(s, c, ctx, (m) => mayWriteStatement(s, m)),
  'decide-statement': (s, c, ctx) => decideStatement(s, c, ctx),
  withdraw: (s, c, ctx) => withdrawCandidate(s, c, ctx, 'election'),
  'freeze-electorate': (s, c, ctx) => freezeElectorate(s, c, ctx),
  'open-ballot': (s, c, ctx) => openBallot(s, c, ctx),
  'close-ballot': (s, c, ctx) => closeBallotStep(s, c, ctx),
  'record-count': (s, c, ctx) => recordCount(s, c, ctx),
  declare: (s, _c, ctx) => declare(s, ctx),
  'pause-timetable': (s, c, ctx) => applyTimetableCommand(ELECTION_TIMED, s, c, ctx),
  'resume-timetable': (s, c, ctx) => applyTimetableCommand(ELECTION_TIMED, s, c, ctx),
  'extend-timetable': (s, c, ctx) => applyTimetableCommand(ELECTION_TIMED, s, c, ctx),
  'lodge-dispute': (s, c, ctx) => disputeStepOf(ELECTION_DISPUTES, s, c, ctx),
  'decide-dispute': (s, c, ctx) => disputeStepOf(ELECTION_DISPUTES, s, c, ctx),
  'appeal-dispute': (s, c, ctx) => disputeStepOf(ELECTION_DISPUTES, s, c, ctx),
  'decide-dispute-appeal': (s, c, ctx) => disputeStepOf(ELECTION_DISPUTES, s, c, ctx),
};

/** The phases in which an election is under way, so its timetable may be paused and extended. */
const ELECTION_TIMED_PHASES: readonly ElectionPhase[] = ['nominations', 'electorate-frozen', 'ballot-open'];

/** An election's timetable: its four dates; extending moves the close of nominations, or of the ballot once they are over. */
const ELECTION_TIMED: TimedProcess<InternalElectionState> = {
  dates: (s) => ({ ...s.timetable }),
  withDates: ballotWithDates,
  checkOrder: (d) =>
    checkTimetableOrder([
      ['nominations close', d.nominationsClose!, 'the ballot opens', d.ballotOpens!],
      ['the freeze date', d.freezeDate!, 'the ballot opens', d.ballotOpens!],
      ['the ballot opens', d.ballotOpens!, 'the ballot closes', d.ballotCloses!],
    ]),
  closing: (s) => (s.phase === 'nominations' ? 'nominationsClose' : 'ballotCloses'),
  words: {
    nominationsClose: 'the close of nominations',
    freezeDate: 'the freeze date',
    ballotOpens: 'the opening of the ballot',
    ballotCloses: 'the close of the ballot',
  },
};

const standing = (state: InternalElectionState): ElectionCandidate[] => state.candidates.filter((c) => c.withdrawn === null);

/** A nominee who reached the threshold and accepted joins the candidates (once: a later nomination changes nothing). */
function promote(state: InternalElectionState, nominee: Nominee, ctx: ProcessContext): Result<InternalElectionState> {
  if (state.candidates.some((x) => x.member === nominee.member)) return ok(state);
  const named = newCandidateName(
    nominee,
    standing(state),
    (name) => `${name} would stand, but a standing candidate already has that name; two cannot share a name on one ballot paper.`,
  );
  if (!named.ok) return named;
  const candidate: ElectionCandidate = {
    id: `c${state.candidates.length + 1}`,
    name: named.value,
    gender: nominee.gender,
    member: nominee.member,
    nominatedAt: ctx.clock.now().toISOString(),
    withdrawn: null,
  };
  return ok({ ...state, candidates: [...state.candidates, candidate] });
}

/** A member may write a statement once nominated (by a body, or entered by an officer with their membership). */
function mayWriteStatement(state: InternalElectionState, member: string): string | null {
  if (state.nominees.some((n) => n.member === member) || standing(state).some((c) => c.member === member)) return null;
  return 'Only a nominated candidate may write a statement in this election.';
}

/** Candidates are nominated until the last day of nominations: also asked by the next-step helper. */
export function electionNominationsClosed(state: InternalElectionState, ctx: ProcessContext): Result<never> | null {
  const now = today(ctx);
  if (now > state.timetable.nominationsClose)
    return err('timetable', `Nominations closed on ${longDate(state.timetable.nominationsClose)} (today is ${longDate(now)}).`);
  return null;
}

function nominate(state: InternalElectionState, c: Extract<ElectionCommand, { type: 'nominate' }>, ctx: ProcessContext): Step<InternalElectionState> {
  const closed = electionNominationsClosed(state, ctx);
  if (closed) return closed;
  const named = newCandidateName(
    c,
    standing(state),
    (name, same) => `${name} is already nominated (as ${same.id}); two standing candidates cannot share a name on one ballot paper.`,
  );
  if (!named.ok) return named;
  const name = named.value;
  const candidate: ElectionCandidate = {
    id: `c${state.candidates.length + 1}`,
    name,
    gender: c.gender ?? null,
    member: c.member ?? null,
    nominatedAt: ctx.clock.now().toISOString(),
    withdrawn: null,
  };
  return ok({
    state: { ...state, candidates: [...state.candidates, candidate] },
    event: event(ctx, 'nominated', { candidate: candidate.id, name, gender: candidate.gender }),
  });
}

/** Enough candidates for the seats, and enough women for the minimum: otherwise the count could not be held. */
function checkField(state: InternalElectionState): Result<never> | null {
  const field = standing(state);
  if (field.length < state.seats)
    return err('no-candidates', `${field.length} candidate(s) are standing for ${state.seats} seats; at least ${state.seats} are needed.`);
  const w = field.filter((x) => isWoman(x.gender)).length;
  if (state.minWomen !== null && w < state.minWomen) {
    return err('gender-rule', `${w} women are standing, but under ${state.rulebook} at least ${state.minWomen} of the ${state.seats} seats must go to women.`);
  }
  return null;
}

/** The electorate is frozen after nominations close, on or after the freeze date, with a field the count could be held with; also asked by the next-step helper. */
export function electionFreezeNotYet(state: InternalElectionState, ctx: ProcessContext): Result<never> | null {
  const now = today(ctx);
  const { nominationsClose, freezeDate } = state.timetable;
  if (now < nominationsClose)
    return err('timetable', `Nominations are open until ${longDate(nominationsClose)} (today is ${longDate(now)}); the electorate is frozen after they close.`);
  if (now < freezeDate)
    return err('timetable', `The freeze date is ${longDate(freezeDate)} (today is ${longDate(now)}); the electorate cannot be frozen before it.`);
  return checkField(state);
}

function freezeElectorate(
  state: InternalElectionState,
  c: Extract<ElectionCommand, { type: 'freeze-electorate' }>,
  ctx: ProcessContext,
): Step<InternalElectionState> {
  const early = electionFreezeNotYet(state, ctx);
  if (early) return early;
  const { freezeDate } = state.timetable;
  const frozen = frozenElectorate(c, freezeDate, ctx);
  if (!frozen.ok) return frozen;
  const electorate = frozen.value;
  return ok({
    state: { ...state, phase: 'electorate-frozen', electorate },
    event: event(ctx, 'electorate-frozen', {
      freezeDate,
      eligible: c.eligible,
      total: c.total,
      summary: electorate.summary,
      candidates: standing(state).map((x) => x.id),
    }),
  });
}

function openBallot(state: InternalElectionState, c: BallotOpening, ctx: ProcessContext): Step<InternalElectionState> {
  const times = openBallotTimes(state.timetable, c, ctx);
  if (!times.ok) return times;
  const badField = checkField(state);
  if (badField) return badField;
  return ok({
    state: { ...state, phase: 'ballot-open', ballot: times.value },
    event: event(ctx, 'ballot-opened', { candidates: standing(state).map((x) => x.id), ...windowOf(times.value) }),
  });
}

function recordCount(state: InternalElectionState, c: Extract<ElectionCommand, { type: 'record-count' }>, ctx: ProcessContext): Step<InternalElectionState> {
  const paper = { candidates: state.candidates, seats: state.seats, method: state.method, minWomen: state.minWomen };
  const counted = countClosedBallot(state, paper, c, ctx);
  if (!counted.ok) return counted;
  const { summary, record } = counted.value;
  return ok({
    state: { ...state, phase: 'counted', count: summary },
    record,
    event: event(ctx, 'counted', {
      method: summary.method,
      ballots: summary.ballots,
      seed: summary.seed,
      elected: summary.elected,
      rounds: summary.rounds.length,
      constraint: summary.constraint,
    }),
  });
}

function declare(state: InternalElectionState, ctx: ProcessContext): Step<InternalElectionState> {
  const elected = (state.count?.elected ?? []).map((id) => ({ id, name: state.candidates.find((x) => x.id === id)?.name ?? id }));
  if (elected.length === 0) return err('count-failed', 'The count elected nobody, so there is no one to declare.');
  const names = (id: string) => state.candidates.find((x) => x.id === id)?.name ?? id;
  const figures = declaredFigures(state.count!, names, state.electorate?.eligible ?? 0);
  return ok({
    state: { ...state, phase: 'declared', declaration: { elected, at: ctx.clock.now().toISOString(), by: ctx.actor ?? null, figures } },
    event: event(ctx, 'declared', { elected, figures }),
  });
}

/** An internal election (a leadership election among them): nominations or voting extended; a candidate put back on the paper before it opens. */
const ELECTION_DISPUTES = ballotDisputes<InternalElectionState>({
  processName: 'election',
  timed: ELECTION_TIMED,
  paperOpen: ['nominations', 'electorate-frozen'],
  stageOf: (phase) =>
    phase === 'nominations'
      ? { stage: BALLOT_STAGES.nominationsClose, next: BALLOT_STAGES.ballotOpens }
      : ['electorate-frozen', 'ballot-open'].includes(phase)
        ? { stage: BALLOT_STAGES.ballotCloses, next: null }
        : null,
  backOnLists: (s) => s,
  onLists: () => true,
  takesSupporters: (s, ctx) => s.leadership !== undefined && supporterClassesOf(ctx.rulebook.leadership).length > 0,
});
