/**
 * Leadership elections, for the web and the command line: the nominating bodies as the
 * organisation records them (the parliamentary party is the sitting MPs with a membership, less any
 * suspended; the constituency parties; the affiliates with their affiliated membership), opening an
 * election for a vacancy or a challenge with them, an MP's own nomination (once, as themselves),
 * and where every candidate stands on every route, for the public page.
 */
import type { BallotsChoice } from './encryption-choice.js';
import type { MemberId } from '../domain/ids.js';
import { affiliateRouteStandingWords, constituencyWords, parliamentaryWords, type CandidateNominationStanding } from '../domain/leadership-nominations.js';
import type { ElectionTimetable, InternalElectionState, LeadershipOpening } from '../domain/processes/index.js';
import {
  leadershipRulesOf,
  leadershipStandingsOf,
  mpNominationOf,
  leadershipOfficeWords,
  type ParliamentaryMember,
} from '../domain/processes/leadership-steps.js';
import type { Rulebook } from '../domain/rulebook.js';
import { ratioOf, shareText, vacancyNominationWords } from '../domain/rulebook-words.js';
import type { Store } from '../store/store.js';
import type { Acting } from './acting.js';
import { refusal, type AppResult } from './app-error.js';
import { applyStep } from './apply-step.js';
import type { DocumentOfKind } from './load-process.js';
import { openElection, openLinkedContests, type Opened } from './open-process.js';

/** The MPs who may nominate: every sitting representative with a membership, unless suspended (an MP without the whip is not of the parliamentary party). */
export async function parliamentaryParty(store: Store): Promise<ParliamentaryMember[]> {
  const mps = (await store.listIncumbents()).flatMap((i) => (i.member !== null && !i.suspended ? [{ member: i.member as string, name: i.name }] : []));
  return mps.sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
}

/** The nominating bodies as they stand: what a leadership election opens with. */
export async function nominatingBodies(store: Store): Promise<Omit<LeadershipOpening, 'vacancy' | 'incumbent'>> {
  const [party, constituencies, affiliates] = await Promise.all([
    parliamentaryParty(store),
    store.listUnits({ kind: 'constituency' }),
    store.listUnits({ kind: 'affiliate' }),
  ]);
  const affiliatedMembership = affiliates.reduce((sum, u) => sum + (u.affiliation?.membership ?? 0), 0);
  return { parliamentaryParty: party, constituencies: constituencies.length, affiliatedMembership };
}

/** The sitting leader as the opening takes them: null for a vacancy, undefined when there is no such member. */
async function sittingLeaderOf(store: Store, member: MemberId | null): Promise<LeadershipOpening['incumbent'] | undefined> {
  if (member === null) return null;
  const m = await store.getMember(member);
  return m ? { member: m.id, name: m.name, gender: m.gender } : undefined;
}

/** Opens a leadership election: for a vacancy (`sittingLeader` null), or a challenge to the member who leads now. */
export async function openLeadershipElection(
  a: Acting,
  rulebook: Rulebook,
  title: string,
  timetable: ElectionTimetable,
  sittingLeader: MemberId | null,
  stem?: string,
  encryption?: BallotsChoice,
): Promise<AppResult<Opened<InternalElectionState>>> {
  const incumbent = await sittingLeaderOf(a.store, sittingLeader);
  if (incumbent === undefined) return refusal('not-found', 'not-found', 'There is no such member to be the sitting leader.');
  const bodies = await nominatingBodies(a.store);
  return openElection(a, rulebook, title, timetable, stem, {
    leadership: { vacancy: incumbent === null, incumbent, ...bodies },
    ...(encryption ? { encryption } : {}),
  });
}

/** The contest ids of a leader's and a deputy leader's contests in one election. */
export const LEADER_CONTEST = 'leader';
export const DEPUTY_CONTEST = 'deputy';

/**
 * Opens a leadership election of two contests, the leader's and the deputy leader's, in one election
 * (one ballot for both, each with its own nominations and count): the leader's for a vacancy or a
 * challenge to `sittingLeader`, the deputy's for a vacancy or a challenge to `sittingDeputy` (who is
 * on its ballot without nominations; a challenger needs the deputy's rules' share of the MPs).
 * Refused, opening neither, when the rulebook sets no deputy contest.
 */
export async function openLeaderAndDeputy(
  a: Acting,
  rulebook: Rulebook,
  title: string,
  timetable: ElectionTimetable,
  sittingLeader: MemberId | null,
  stem?: string,
  sittingDeputy: MemberId | null = null,
  encryption?: BallotsChoice,
): Promise<AppResult<Opened<InternalElectionState>[]>> {
  if (!rulebook.leadership?.deputy) return refusal('conflict', 'no-deputy', `${rulebook.name} sets no deputy leadership contest`);
  const incumbent = await sittingLeaderOf(a.store, sittingLeader);
  if (incumbent === undefined) return refusal('not-found', 'not-found', 'There is no such member to be the sitting leader.');
  const deputy = await sittingLeaderOf(a.store, sittingDeputy);
  if (deputy === undefined) return refusal('not-found', 'no-such-deputy', 'There is no such member to be the sitting deputy leader.');
  if (incumbent !== null && deputy !== null && incumbent.member === deputy.member)
    return refusal('invalid', 'same-incumbent', 'The sitting leader and the sitting deputy leader are two different people.');
  const bodies = await nominatingBodies(a.store);
  const everyone = { kind: 'everyone' } as const;
  return openLinkedContests(
    a,
    rulebook,
    title,
    stem,
    [
      { id: LEADER_CONTEST, segment: everyone, spec: { title: 'Leader', timetable, leadership: { vacancy: incumbent === null, incumbent, ...bodies } } },
      {
        id: DEPUTY_CONTEST,
        segment: everyone,
        spec: { title: 'Deputy leader', timetable, leadership: { office: 'deputy', vacancy: deputy === null, incumbent: deputy, ...bodies } },
      },
    ],
    encryption,
  );
}

/** Whether the member is one of the election's parliamentary party (may nominate as an MP). */
export function isNominatingMp(state: InternalElectionState, member: string): boolean {
  return state.leadership?.parliamentaryParty.some((m) => m.member === member) ?? false;
}

/** The MP signed in nominates a member for leader; the domain refuses a second nomination. */
export async function nominateAsMpOnline(
  a: Acting,
  proc: DocumentOfKind<'internal-election'>,
  candidate: MemberId,
): Promise<AppResult<DocumentOfKind<'internal-election'>>> {
  if (!isNominatingMp(proc.state, a.actor))
    return refusal('forbidden', 'forbidden', `Only the MPs of the parliamentary party nominate in ${proc.state.title}.`);
  const m = await a.store.getMember(candidate);
  if (!m) return refusal('not-found', 'not-found', 'There is no such member: choose the candidate from the list of members found.');
  return applyStep(a, proc, { type: 'mp-nominate', mp: a.actor, candidate: m });
}

/** Whom the MP has nominated, by name, or null. */
export function mpNominee(state: InternalElectionState, mp: string): string | null {
  const n = mpNominationOf(state, mp);
  return n === null ? null : (state.nominees.find((x) => x.member === n.member)?.name ?? null);
}

/** One candidate on the public page: each route, how far they are, and who nominated them. */
export interface LeadershipCandidateView {
  readonly name: string;
  /** "On the ballot", "Validly nominated: on the ballot once they accept", … */
  readonly status: string;
  readonly valid: boolean;
  readonly routes: readonly { readonly route: string; readonly words: string; readonly met: boolean }[];
  readonly nominatedBy: { readonly mps: readonly string[]; readonly constituencies: readonly string[]; readonly affiliates: readonly string[] };
}

export interface LeadershipNominationsView {
  /** "leader" or "deputy leader". */
  readonly office: string;
  readonly vacancy: boolean;
  /** The rule in words, and the wholes the shares are of. */
  readonly rule: string;
  readonly bodies: string;
  readonly candidates: readonly LeadershipCandidateView[];
  /** MPs who have nominated, of how many. */
  readonly mpsNominated: number;
  readonly mps: number;
}

function statusOf(s: CandidateNominationStanding, state: InternalElectionState): string {
  if (s.incumbent) return `The sitting ${leadershipOfficeWords(state.leadership)}: on the ballot without nominations`;
  const stands = state.candidates.some((c) => c.member === s.candidate && c.withdrawn === null);
  if (stands) return 'Validly nominated and on the ballot';
  const consent = state.nominees.find((n) => n.member === s.candidate)?.consent?.answer;
  if (consent === 'declined') return 'Declined the nomination';
  return s.valid ? 'Validly nominated: on the ballot once they accept' : 'Not yet validly nominated';
}

/** Everything the public page of a leadership election's nominations shows (null when the election is no leadership election). */
export function leadershipNominationsView(state: InternalElectionState, rulebook: Rulebook): LeadershipNominationsView | null {
  const l = state.leadership;
  const rules = leadershipRulesOf(rulebook, l);
  if (!l || !rules) return null;
  const post = leadershipOfficeWords(l);
  const name = (member: string) => state.candidates.find((c) => c.member === member)?.name ?? state.nominees.find((n) => n.member === member)?.name ?? member;
  const by = (member: string, route: string) => state.nominations.filter((n) => n.member === member && n.route === route).map((n) => n.bodyName);
  const candidates = leadershipStandingsOf(state, rulebook).map((s): LeadershipCandidateView => {
    const routes = [
      { route: l.vacancy ? 'MPs' : 'MPs (a challenger)', words: parliamentaryWords(s.parliamentary), met: s.parliamentary.met },
      ...(s.constituency ? [{ route: 'Constituency parties', words: constituencyWords(s.constituency), met: s.constituency.met }] : []),
      ...(s.affiliates ? [{ route: 'Affiliates', words: affiliateRouteStandingWords(s.affiliates), met: s.affiliates.met }] : []),
    ];
    return {
      name: name(s.candidate),
      status: statusOf(s, state),
      valid: s.valid,
      routes: s.incumbent ? [] : routes,
      nominatedBy: { mps: by(s.candidate, 'parliamentary'), constituencies: by(s.candidate, 'constituency'), affiliates: by(s.candidate, 'affiliate') },
    };
  });
  const rule = l.vacancy
    ? `The post of ${post} is vacant: a candidate needs ${vacancyNominationWords(rules)}.`
    : `A challenge to ${l.incumbent?.name ?? `the sitting ${post}`}: a challenger needs at least ${shareText(ratioOf(rules.challengerShare))} of the MPs; the sitting ${post} is on the ballot without nominations.`;
  return {
    office: post,
    vacancy: l.vacancy,
    rule,
    bodies: `${l.parliamentaryParty.length} MPs, ${l.constituencies} constituency parties and ${l.affiliatedMembership.toLocaleString('en-GB')} affiliated members, as they stood when nominations opened.`,
    candidates,
    mpsNominated: state.nominations.filter((n) => n.route === 'parliamentary').length,
    mps: l.parliamentaryParty.length,
  };
}
