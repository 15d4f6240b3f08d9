/**
 * Who may stand for leader: a candidate's nominations judged against the rulebook's routes
 * (`LeadershipNominationRules`). Pure: the nominating bodies and the nominations recorded arrive
 * as data, and every comparison is made in whole numbers, never with a rounded share. A count `c`
 * of a whole `n` reaches `num/den` when c × den ≥ num × n, so the least count that does is
 * ⌈num × n / den⌉ (20% of 198 MPs is 39.6: 40 are needed, 39 are not enough).
 *
 * With a vacancy a candidate needs the parliamentary party's share first and then, when the
 * rulebook has a second stage, either route: the constituency parties' share, or enough
 * affiliates (with enough trade unions among them) holding enough of the affiliated membership.
 * With no vacancy a challenger needs the challenger's share of MPs alone, and the sitting leader
 * is on the ballot without nominations.
 */
import { reachesShare } from './processes/common.js';
import type { Fraction, LeadershipNominationRules } from './rulebook.js';

/** The route a nomination arrives by: an MP, a constituency party, or an affiliate. */
export type LeadershipRoute = 'parliamentary' | 'constituency' | 'affiliate';
export const LEADERSHIP_ROUTES: readonly LeadershipRoute[] = ['parliamentary', 'constituency', 'affiliate'];

/** The wholes the shares are of, as they stood when the election opened. */
export interface NominatingWholes {
  /** The parliamentary party: how many MPs may nominate. */
  readonly mps: number;
  /** How many constituency parties there are. */
  readonly constituencies: number;
  /** The affiliated membership of all affiliates together. */
  readonly affiliatedMembership: number;
}

/** One nomination: by whom (an MP's membership, or a unit), of whom, and for an affiliate what it holds. */
export interface LeadershipNominationEntry {
  readonly route: LeadershipRoute;
  readonly by: string;
  readonly candidate: string;
  /** An affiliate's affiliated membership and whether it is a trade union; absent for the other routes. */
  readonly affiliate?: { readonly membership: number; readonly tradeUnion: boolean } | undefined;
}

/** How a candidate stands against one share: how many they have, of how many, how many are needed. */
export interface ShareStanding {
  readonly have: number;
  readonly of: number;
  readonly share: Fraction;
  readonly needed: number;
  readonly met: boolean;
  /** How many more would meet it (0 once met). */
  readonly short: number;
}

/** How a candidate stands on the affiliates' route: each of its three conditions, and all together. */
export interface AffiliateStanding {
  readonly affiliates: { readonly have: number; readonly needed: number };
  readonly unions: { readonly have: number; readonly needed: number };
  readonly membership: ShareStanding;
  readonly met: boolean;
}

export interface CandidateNominationStanding {
  readonly candidate: string;
  /** The sitting leader in a challenge: on the ballot without nominations. */
  readonly incumbent: boolean;
  readonly parliamentary: ShareStanding;
  /** The constituency parties' route, when the rulebook has it and the contest uses it (a vacancy). */
  readonly constituency: ShareStanding | null;
  readonly affiliates: AffiliateStanding | null;
  /** Whether the second stage is met (either route); null when there is none. */
  readonly secondStage: boolean | null;
  /** Validly nominated: may stand once they accept. */
  readonly valid: boolean;
}

/** The least whole count of `of` that reaches `share` ("at least"): ⌈num × of / den⌉, in exact integers. */
export function neededFor(share: Fraction, of: number): number {
  const num = BigInt(share.num);
  const den = BigInt(share.den);
  return Number((num * BigInt(of) + den - 1n) / den);
}

export function shareStanding(have: number, of: number, share: Fraction): ShareStanding {
  const needed = neededFor(share, of);
  const met = reachesShare(have, of, share);
  return { have, of, share, needed, met, short: met ? 0 : needed - have };
}

/** The nominations that count: each body once (its first), in the order recorded. */
function firstPerBody(nominations: readonly LeadershipNominationEntry[]): LeadershipNominationEntry[] {
  const seen = new Set<string>();
  return nominations.filter((n) => {
    const key = `${n.route}:${n.by}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface LeadershipContestFacts {
  /** A vacancy, or a challenge to `incumbent` (a member id). */
  readonly vacancy: boolean;
  readonly incumbent: string | null;
  readonly wholes: NominatingWholes;
  readonly nominations: readonly LeadershipNominationEntry[];
}

/** How one candidate stands on every route, and whether they are validly nominated. */
export function judgeLeadershipNominations(rules: LeadershipNominationRules, facts: LeadershipContestFacts, candidate: string): CandidateNominationStanding {
  const theirs = firstPerBody(facts.nominations).filter((n) => n.candidate === candidate);
  const count = (route: LeadershipRoute) => theirs.filter((n) => n.route === route).length;
  const incumbent = !facts.vacancy && facts.incumbent === candidate;
  const challenge = !facts.vacancy;
  const parliamentary = shareStanding(count('parliamentary'), facts.wholes.mps, challenge ? rules.challengerShare : rules.parliamentaryShare);
  const constituency =
    !challenge && rules.constituencyShare ? shareStanding(count('constituency'), facts.wholes.constituencies, rules.constituencyShare) : null;
  let affiliates: AffiliateStanding | null = null;
  const route = rules.affiliateRoute;
  if (!challenge && route) {
    const theirAffiliates = theirs.filter((n) => n.route === 'affiliate');
    const membership = theirAffiliates.reduce((sum, n) => sum + (n.affiliate?.membership ?? 0), 0);
    const unions = theirAffiliates.filter((n) => n.affiliate?.tradeUnion === true).length;
    const held = shareStanding(membership, facts.wholes.affiliatedMembership, route.membershipShare);
    const enough = theirAffiliates.length >= route.affiliates && unions >= route.unions;
    affiliates = {
      affiliates: { have: theirAffiliates.length, needed: route.affiliates },
      unions: { have: unions, needed: route.unions },
      membership: held,
      met: enough && held.met,
    };
  }
  const secondStage = constituency === null && affiliates === null ? null : (constituency?.met ?? false) || (affiliates?.met ?? false);
  const valid = incumbent || (parliamentary.met && secondStage !== false);
  return { candidate, incumbent, parliamentary, constituency, affiliates, secondStage, valid };
}

/** Everyone nominated (and the sitting leader in a challenge), each judged, in the order first nominated. */
export function leadershipStandings(rules: LeadershipNominationRules, facts: LeadershipContestFacts): CandidateNominationStanding[] {
  const order: string[] = [];
  if (!facts.vacancy && facts.incumbent !== null) order.push(facts.incumbent);
  for (const n of facts.nominations) if (!order.includes(n.candidate)) order.push(n.candidate);
  return order.map((c) => judgeLeadershipNominations(rules, facts, c));
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "needs 3 more MPs", "has enough MPs (40 of 198; 40 needed)": how far a candidate is on the MPs' route. */
export function parliamentaryWords(s: ShareStanding): string {
  return s.met
    ? `has enough MPs (${s.have} of ${s.of}; ${s.needed} needed)`
    : `needs ${plural(s.short, 'more MP', 'more MPs')} (${s.have} of ${s.of}; ${s.needed} needed)`;
}

export function constituencyWords(s: ShareStanding): string {
  return s.met
    ? `has enough constituency parties (${s.have} of ${s.of}; ${s.needed} needed)`
    : `needs ${plural(s.short, 'more constituency party', 'more constituency parties')} (${s.have} of ${s.of}; ${s.needed} needed)`;
}

/** What the affiliates' route still needs, or that it is met. */
export function affiliateRouteStandingWords(a: AffiliateStanding): string {
  const held = `${a.membership.have.toLocaleString('en-GB')} of ${a.membership.of.toLocaleString('en-GB')} affiliated members; ${a.membership.needed.toLocaleString('en-GB')} needed`;
  if (a.met) return `has enough affiliates (${a.affiliates.have}, ${plural(a.unions.have, 'trade union', 'trade unions')}, ${held})`;
  const missing: string[] = [];
  if (a.affiliates.have < a.affiliates.needed) missing.push(plural(a.affiliates.needed - a.affiliates.have, 'more affiliate', 'more affiliates'));
  if (a.unions.have < a.unions.needed) missing.push(plural(a.unions.needed - a.unions.have, 'more trade union', 'more trade unions'));
  if (!a.membership.met)
    missing.push(`${a.membership.short.toLocaleString('en-GB')} more ${a.membership.short === 1 ? 'affiliated member' : 'affiliated members'}`);
  return `needs ${missing.join(', ')} (${plural(a.affiliates.have, 'affiliate', 'affiliates')}, ${plural(a.unions.have, 'trade union', 'trade unions')}, ${held})`;
}
