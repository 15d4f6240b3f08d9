/**
 * A leadership election's nominations, as steps of the internal election that runs it: each MP of
 * the parliamentary party nominates once (on the web, as themselves); a constituency party or an
 * affiliate nominates once, recorded by its secretary or an officer. A nominee stands once they
 * have accepted and their nominations meet the rulebook's routes (judged by
 * `../leadership-nominations.ts`); in a challenge the sitting leader is on the ballot from the
 * opening, without nominations.
 *
 * The parliamentary party and the wholes the shares are of (how many constituency parties, how
 * much affiliated membership) are taken when the election opens and kept in its state, so every
 * judgement afterwards is of the same figures, and the audit log says what they were.
 */
import { longDate } from '../calendar.js';
import {
  judgeLeadershipNominations,
  leadershipStandings,
  type CandidateNominationStanding,
  type LeadershipContestFacts,
  type LeadershipRoute,
} from '../leadership-nominations.js';
import type { Affiliation, Member } from '../organisation.js';
import type { IsoDate } from '../time.js';
import { err, ok, type Result } from '../result.js';
import type { LeadershipNominationRules, Rulebook } from '../rulebook.js';
import {
  bodyNominationBar,
  nomineeBar,
  nomineeOf,
  standIfReady,
  withNomination,
  type BodyNomination,
  type NominationCommand,
  type Nominee,
  type WithNominations,
} from './body-nominations.js';
import { event, show, today, type ProcessContext } from './common.js';

/** An MP of the parliamentary party, by membership. */
export interface ParliamentaryMember {
  readonly member: string;
  readonly name: string;
}

/** What a leadership election is about, fixed when it opens. */
export interface LeadershipContest {
  /** The post: the leader's (absent) or the deputy leader's, nominated by the rulebook's `deputy` routes. */
  readonly office?: LeadershipOffice | undefined;
  /** A vacancy; otherwise a challenge to `incumbent`, who is on the ballot without nominations. */
  readonly vacancy: boolean;
  readonly incumbent: { readonly member: string; readonly name: string } | null;
  /** The MPs who may nominate. */
  readonly parliamentaryParty: readonly ParliamentaryMember[];
  /** How many constituency parties there are, and the affiliated membership of all affiliates together. */
  readonly constituencies: number;
  readonly affiliatedMembership: number;
}

export interface WithLeadership extends WithNominations {
  readonly leadership?: LeadershipContest | undefined;
}

export type LeadershipCommand = {
  readonly type: 'mp-nominate';
  /** The nominating MP's membership (the member signed in). */
  readonly mp: string;
  readonly candidate: Member;
};

export const LEADERSHIP_COMMANDS = ['mp-nominate'] as const;

/** The posts a leadership election may fill: the leader, and a deputy leader in a contest of its own. */
export type LeadershipOffice = 'leader' | 'deputy';

/** "leader" or "deputy leader": the post in words. */
export const leadershipOfficeWords = (contest: Pick<LeadershipContest, 'office'> | undefined): string =>
  contest?.office === 'deputy' ? 'deputy leader' : 'leader';

/** " for deputy leader" in a deputy's contest; nothing in the leader's, whose words stay as they were. */
export const forDeputy = (contest: Pick<LeadershipContest, 'office'> | undefined): string => (contest?.office === 'deputy' ? ' for deputy leader' : '');

/** The nomination rules a rulebook sets for the contest's post (the deputy's when it is the deputy leader's), or null. */
export function leadershipRulesOf(rb: Rulebook, contest?: Pick<LeadershipContest, 'office'>): LeadershipNominationRules | null {
  if (contest?.office === 'deputy') return rb.leadership?.deputy ?? null;
  return rb.leadership?.nominations ?? null;
}

/** The facts the routes are judged on, from an election's state. */
export function leadershipFacts(leadership: LeadershipContest, nominations: readonly BodyNomination[]): LeadershipContestFacts {
  return {
    vacancy: leadership.vacancy,
    incumbent: leadership.incumbent?.member ?? null,
    wholes: { mps: leadership.parliamentaryParty.length, constituencies: leadership.constituencies, affiliatedMembership: leadership.affiliatedMembership },
    nominations: nominations.flatMap((n) => (n.route ? [{ route: n.route, by: n.body, candidate: n.member, affiliate: n.affiliation ?? undefined }] : [])),
  };
}

/** How every nominee (and the sitting leader, in a challenge) stands on every route; empty when this is no leadership election. */
export function leadershipStandingsOf(state: WithLeadership, rb: Rulebook): CandidateNominationStanding[] {
  const rules = leadershipRulesOf(rb, state.leadership);
  if (!state.leadership || rules === null) return [];
  return leadershipStandings(rules, leadershipFacts(state.leadership, state.nominations));
}

/** Whether a nominee's nominations meet the routes (so they stand once they accept). */
export function validlyNominated(state: WithLeadership, member: string, rb: Rulebook): boolean {
  const rules = leadershipRulesOf(rb, state.leadership);
  if (!state.leadership || rules === null) return false;
  return judgeLeadershipNominations(rules, leadershipFacts(state.leadership, state.nominations), member).valid;
}

/** The nomination an MP has made, if any. */
export const mpNominationOf = (state: WithNominations, mp: string): BodyNomination | null =>
  state.nominations.find((n) => n.route === 'parliamentary' && n.body === mp) ?? null;

/** The refusal of a second nomination by the same MP or body, naming whom they nominated; null if this is their first. */
function nominatedBefore(state: WithNominations, route: LeadershipRoute, by: string, name: string, rule: string): Result<never> | null {
  const earlier = state.nominations.find((n) => n.route === route && n.body === by);
  if (!earlier) return null;
  return err('already-nominated', `${name} has already nominated ${nomineeOf(state, earlier.member)?.name ?? earlier.member}; ${rule}.`);
}

/** What bars nominating `candidate` in this contest (the sitting leader needs no nominations), or null. */
function candidateBar(state: WithLeadership, candidate: Member, ctx: ProcessContext): Result<never> | null {
  const l = state.leadership!;
  if (!l.vacancy && l.incumbent?.member === candidate.id)
    return err('duplicate', `${candidate.name} is the sitting ${leadershipOfficeWords(l)} and is on the ballot without nominations.`);
  const barred = nomineeBar(candidate, ctx.rulebook, today(ctx), state.timetable.freezeDate);
  return barred === null ? null : err('ineligible', barred);
}

/** A leadership nomination by `by` (an MP's membership or a unit), recorded now by whoever acts. */
function leadershipNomination(
  ctx: ProcessContext,
  route: LeadershipRoute,
  by: string,
  byName: string,
  candidate: Member,
  meetingDate: IsoDate,
  affiliation?: Affiliation | null,
): BodyNomination {
  return {
    body: by,
    bodyName: byName,
    member: candidate.id,
    meetingDate,
    recordedBy: ctx.actor ?? null,
    at: ctx.clock.now().toISOString(),
    route,
    ...(affiliation === undefined ? {} : { affiliation }),
  };
}

/** Records a leadership nomination, adds the nominee, and lets them stand if they now may. */
function record<S extends WithLeadership>(
  state: S,
  nomination: BodyNomination,
  candidate: Member,
  ctx: ProcessContext,
  promote: (s: S, nominee: Nominee) => Result<S>,
) {
  const next = withNomination(state, nomination, candidate);
  const valid = validlyNominated(next, candidate.id, ctx.rulebook);
  const stood = standIfReady(next, candidate.id, (x, m) => validlyNominated(x, m, ctx.rulebook), promote);
  if (!stood.ok) return stood;
  return ok({
    state: stood.value,
    event: event(ctx, 'leader-nominated', {
      route: nomination.route,
      body: nomination.body,
      bodyName: nomination.bodyName,
      member: candidate.id,
      name: candidate.name,
      valid,
    }),
  });
}

function openFor(state: WithLeadership, ctx: ProcessContext): Result<never> | null {
  if (!state.leadership || leadershipRulesOf(ctx.rulebook, state.leadership) === null)
    return err('rulebook-forbids', 'This is not a leadership election: MPs nominate only for leader or deputy leader.');
  const now = today(ctx);
  if (now > state.timetable.nominationsClose)
    return err('timetable', `Nominations closed on ${longDate(state.timetable.nominationsClose)}. Nothing was saved.`);
  return null;
}

/** An MP nominates a candidate for leader: once, and only as a member of the parliamentary party. */
export function nominateAsMp<S extends WithLeadership>(state: S, c: LeadershipCommand, ctx: ProcessContext, promote: (s: S, nominee: Nominee) => Result<S>) {
  const closed = openFor(state, ctx);
  if (closed) return closed;
  const mp = state.leadership!.parliamentaryParty.find((x) => x.member === c.mp);
  if (!mp)
    return err(
      'not-eligible',
      `Only a member of the parliamentary party (an MP) may nominate a candidate for ${leadershipOfficeWords(state.leadership)} in this way.`,
    );
  if (typeof c.candidate !== 'object' || c.candidate === null) return err('invalid-input', `The candidate must be a member, not ${show(c.candidate)}.`);
  const twice = nominatedBefore(
    state,
    'parliamentary',
    mp.member,
    mp.name,
    `each MP nominates once${forDeputy(state.leadership)}, and a nomination cannot be changed`,
  );
  if (twice) return twice;
  const bar = candidateBar(state, c.candidate, ctx);
  if (bar) return bar;
  const nomination = leadershipNomination(ctx, 'parliamentary', mp.member, mp.name, c.candidate, today(ctx));
  return record(state, nomination, c.candidate, ctx, promote);
}

const ROUTE_OF: Readonly<Partial<Record<string, LeadershipRoute>>> = { constituency: 'constituency', affiliate: 'affiliate' };

/** A constituency party or an affiliate nominates a candidate for leader (once), when the post is vacant and the rulebook has its route. */
export function nominateLeaderByBody<S extends WithLeadership>(
  state: S,
  c: Extract<NominationCommand, { type: 'body-nominate' }>,
  ctx: ProcessContext,
  promote: (s: S, nominee: Nominee) => Result<S>,
) {
  const closed = openFor(state, ctx);
  if (closed) return closed;
  const rules = leadershipRulesOf(ctx.rulebook, state.leadership)!;
  const body = c.body;
  if (typeof body !== 'object' || body === null || typeof body.id !== 'string' || typeof body.name !== 'string')
    return err('invalid-input', `The nominating body must be given, not ${show(body)}.`);
  const route = ROUTE_OF[body.kind];
  if (route === undefined)
    return err(
      'rulebook-forbids',
      `${body.name} may not nominate for ${leadershipOfficeWords(state.leadership)}: only MPs, constituency parties and affiliates nominate.`,
    );
  if (!state.leadership!.vacancy)
    return err('rulebook-forbids', 'With no vacancy a challenger is nominated by MPs alone; constituency parties and affiliates do not nominate.');
  if ((route === 'constituency' ? rules.constituencyShare : rules.affiliateRoute) === null)
    return err(
      'rulebook-forbids',
      `Under these rules ${route === 'constituency' ? 'constituency parties' : 'affiliates'} do not nominate for ${leadershipOfficeWords(state.leadership)}.`,
    );
  const bad = bodyNominationBar(state, c, ctx);
  if (bad) return bad;
  const twice = nominatedBefore(state, route, body.id, body.name, `a body nominates one candidate for ${leadershipOfficeWords(state.leadership)}`);
  if (twice) return twice;
  const bar = candidateBar(state, c.candidate, ctx);
  if (bar) return bar;
  const nomination = leadershipNomination(
    ctx,
    route,
    body.id,
    body.name,
    c.candidate,
    c.meetingDate,
    route === 'affiliate' ? (body.affiliation ?? null) : undefined,
  );
  return record(state, nomination, c.candidate, ctx, promote);
}
