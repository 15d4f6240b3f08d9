/**
 * Nominations by bodies in a national internal election: a constituency
 * party (after its meeting) or an affiliate nominates members, each body at
 * most as many as there are seats and never the same member twice, during the
 * nomination period. A nominated member accepts or declines. A nominee stands
 * (becomes a candidate on the ballot paper) once the rulebook's threshold of
 * bodies has nominated them and they have accepted; from then on they are a
 * candidate like one an officer entered directly, and leave only by
 * withdrawing.
 *
 * What the domain cannot look up itself arrives in the command: the body's
 * kind and name, and the nominated member's record (judged here, with the
 * eligibility rules, for good standing).
 */
import { longDate } from '../calendar.js';
import { judgeEligibility } from '../eligibility.js';
import type { LeadershipRoute } from '../leadership-nominations.js';
import { statusOn, type Affiliation, type Member, type UnitKind } from '../organisation.js';
import { err, ok, type Result } from '../result.js';
import type { ElectionNominationRules, NominatingBody, Rulebook } from '../rulebook.js';
import type { IsoDate } from '../time.js';
import { checkDate, checkText, event, show, today, type ProcessContext } from './common.js';

export interface BodyNomination {
  /** The nominating body (a unit id) and its name as it was when it nominated. */
  readonly body: string;
  readonly bodyName: string;
  /** The nominated member. */
  readonly member: string;
  /** The day of the body's meeting that decided the nomination. */
  readonly meetingDate: IsoDate;
  /** Who recorded it (the body's secretary, or an officer), and when. */
  readonly recordedBy: string | null;
  readonly at: string;
  /** In a leadership election: the route it counts for (an MP's nomination has the MP as its body). */
  readonly route?: LeadershipRoute | undefined;
  /** In a leadership election, an affiliate's nomination: what the affiliate held when it nominated. */
  readonly affiliation?: Affiliation | null | undefined;
}

export type ConsentAnswer = 'accepted' | 'declined';

export interface Nominee {
  readonly member: string;
  readonly name: string;
  readonly gender: string | null;
  readonly consent: { readonly answer: ConsentAnswer; readonly at: string } | null;
}

export interface WithNominations {
  readonly phase: string;
  readonly seats: number;
  readonly timetable: { readonly nominationsClose: IsoDate; readonly freezeDate: IsoDate };
  readonly nominations: readonly BodyNomination[];
  readonly nominees: readonly Nominee[];
}

export type NominationCommand =
  | {
      readonly type: 'body-nominate';
      readonly body: { readonly id: string; readonly name: string; readonly kind: UnitKind; readonly affiliation?: Affiliation | null };
      readonly candidate: Member;
      readonly meetingDate: IsoDate;
    }
  | { readonly type: 'consent'; readonly member: string; readonly answer: ConsentAnswer };

export const NOMINATION_COMMANDS = ['body-nominate', 'consent'] as const;

const BODIES_NAMED: Readonly<Record<NominatingBody, string>> = { constituency: 'constituency parties', affiliate: 'affiliates' };

export function nominationRulesOf(rb: Rulebook): ElectionNominationRules | null {
  return rb.internalElection?.nominations ?? null;
}

export const nominationsOf = (state: WithNominations, member: string): readonly BodyNomination[] => state.nominations.filter((n) => n.member === member);

export const nomineeOf = (state: WithNominations, member: string): Nominee | null => state.nominees.find((n) => n.member === member) ?? null;

/** Whether a nominee has as many nominations as the rules need (always, when the rules set no threshold). */
export function reachesThreshold(state: WithNominations, member: string, rules: ElectionNominationRules | null): boolean {
  return nominationsOf(state, member).length >= (rules?.threshold ?? 0);
}

/** Why a member may not be nominated (third person, for the officer recording it); null if in good standing. */
export function nomineeBar(candidate: Member, rb: Rulebook, day: IsoDate, freezeDate: IsoDate): string | null {
  const status = candidate.joined > day ? null : (statusOn(candidate, day) ?? 'current');
  if (status === null)
    return `${candidate.name}'s membership starts on ${longDate(candidate.joined)}, after today; a candidate must be a member in good standing.`;
  if (status !== 'current')
    return `${candidate.name}'s membership is ${status === 'arrears' ? 'in arrears' : status} today; a candidate must be a member in good standing.`;
  const voter = judgeEligibility(candidate, rb.eligibility, { freezeDate });
  if (!voter.eligible) return `A candidate must be able to vote in the election, and ${candidate.name} could not: ${voter.reason}`;
  return null;
}

/**
 * A body's nomination, checked against the rules; `promote` turns a nominee who
 * now stands into a candidate in the state (the caller's candidate list).
 */
export function nominateByBody<S extends WithNominations>(
  state: S,
  c: Extract<NominationCommand, { type: 'body-nominate' }>,
  ctx: ProcessContext,
  promote: (s: S, nominee: Nominee) => Result<S>,
) {
  const rules = nominationRulesOf(ctx.rulebook);
  if (rules === null) return err('rulebook-forbids', 'These rules have no nominations by bodies: the officers enter the candidates directly.');
  const body = c.body;
  if (typeof body !== 'object' || body === null || typeof body.id !== 'string' || typeof body.name !== 'string')
    return err('invalid-input', `The nominating body must be given, not ${show(body)}.`);
  if (!(rules.bodies as readonly string[]).includes(body.kind)) {
    const who = rules.bodies.map((b) => BODIES_NAMED[b]).join(' and ');
    return err('rulebook-forbids', `${body.name} may not nominate: under these rules only ${who} nominate.`);
  }
  const bad = bodyNominationBar(state, c, ctx);
  if (bad) return bad;
  const now = today(ctx);
  const m = c.candidate;
  const ours = state.nominations.filter((n) => n.body === body.id);
  if (ours.some((n) => n.member === m.id)) return err('duplicate', `${body.name} has already nominated ${m.name}.`);
  if (ours.length >= state.seats)
    return err(
      'rulebook-forbids',
      `${body.name} has already made ${ours.length} nominations, as many as there are seats (${state.seats}); a body may nominate at most that many.`,
    );
  const barred = nomineeBar(m, ctx.rulebook, now, state.timetable.freezeDate);
  if (barred !== null) return err('ineligible', barred);
  const nomination: BodyNomination = {
    body: body.id,
    bodyName: body.name,
    member: m.id,
    meetingDate: c.meetingDate,
    recordedBy: ctx.actor ?? null,
    at: ctx.clock.now().toISOString(),
  };
  const next = withNomination(state, nomination, m);
  const stood = standIfReady(next, m.id, (x, member) => reachesThreshold(x, member, rules), promote);
  if (!stood.ok) return stood;
  return ok({
    state: stood.value,
    event: event(ctx, 'body-nominated', {
      body: body.id,
      bodyName: body.name,
      member: m.id,
      name: m.name,
      meetingDate: c.meetingDate,
      nominations: nominationsOf(next, m.id).length,
      threshold: rules.threshold,
    }),
  });
}

/** The state with one more nomination, and the candidate among the nominees (once). */
export function withNomination<S extends WithNominations>(state: S, nomination: BodyNomination, m: Member): S {
  const known = nomineeOf(state, m.id);
  const nominees = known ? state.nominees : [...state.nominees, { member: m.id, name: m.name, gender: m.gender, consent: null }];
  return { ...state, nominations: [...state.nominations, nomination], nominees };
}

/** What is wrong with a body's nomination before the rules are asked: the meeting date, the candidate given, the timetable; null if nothing. */
export function bodyNominationBar(state: WithNominations, c: Extract<NominationCommand, { type: 'body-nominate' }>, ctx: ProcessContext): Result<never> | null {
  const bad =
    checkDate(c.meetingDate, 'The meeting date') ?? (typeof c.candidate === 'object' && c.candidate !== null ? null : checkText(null, 'The candidate'));
  if (bad) return bad;
  const now = today(ctx);
  if (now > state.timetable.nominationsClose)
    return err('timetable', `Nominations closed on ${longDate(state.timetable.nominationsClose)}. Nothing was saved.`);
  if (c.meetingDate > now) return err('invalid-input', `The meeting date ${longDate(c.meetingDate)} is after today; record a nomination after the meeting.`);
  return null;
}

/** Whether a nominee has the nominations they need to stand (the rulebook's threshold of bodies, or a leadership election's routes). */
export type ReadyToStand<S> = (state: S, member: string) => boolean;

/** The nominated member accepts (or declines) standing. Declining after standing is withdrawing, a different step. */
export function answerNomination<S extends WithNominations>(
  state: S,
  c: Extract<NominationCommand, { type: 'consent' }>,
  ctx: ProcessContext,
  promote: (s: S, nominee: Nominee) => Result<S>,
  stands: (s: S, member: string) => boolean,
  ready: ReadyToStand<S> = (s, member) => reachesThreshold(s, member, nominationRulesOf(ctx.rulebook)),
) {
  const nominee = typeof c.member === 'string' ? nomineeOf(state, c.member) : null;
  if (nominee === null) return err('unknown-candidate', `${show(c.member)} has not been nominated in this election.`);
  if (c.answer !== 'accepted' && c.answer !== 'declined') return err('invalid-input', `The answer must be "accepted" or "declined", not ${show(c.answer)}.`);
  if (stands(state, nominee.member)) return err('invalid-transition', `${nominee.name} already stands; to stand down, withdraw.`);
  if (nominee.consent?.answer === c.answer) return err('duplicate', `${nominee.name} has already ${c.answer} the nomination.`);
  const answered: Nominee = { ...nominee, consent: { answer: c.answer, at: ctx.clock.now().toISOString() } };
  const next: S = { ...state, nominees: state.nominees.map((n) => (n.member === nominee.member ? answered : n)) };
  const stood = standIfReady(next, nominee.member, ready, promote);
  if (!stood.ok) return stood;
  return ok({
    state: stood.value,
    event: event(ctx, c.answer === 'accepted' ? 'nomination-accepted' : 'nomination-declined', { member: nominee.member, name: nominee.name }),
  });
}

/** A nominee who has accepted and has the nominations they need joins the candidates (by `promote`). */
export function standIfReady<S extends WithNominations>(
  state: S,
  member: string,
  ready: ReadyToStand<S>,
  promote: (s: S, nominee: Nominee) => Result<S>,
): Result<S> {
  const nominee = nomineeOf(state, member);
  if (nominee === null || nominee.consent?.answer !== 'accepted' || !ready(state, member)) return ok(state);
  return promote(state, nominee);
}
