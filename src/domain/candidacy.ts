/**
 * Who may apply to stand in a selection. No rulebook sets rules of its own for
 * candidates, so the floor is the one every party has: a candidate must be
 * able to vote in the selection (a member of one of the constituency's
 * branches, eligible under the rulebook at the selection's freeze date) and be
 * a member in good standing on the day they apply (current: not lapsed,
 * suspended or in arrears, whatever grace the rulebook gives voters).
 */
import { longDate } from './calendar.js';
import { assessEligibility, type EligibilityAssessment, type EligibilityContext, type EligibilityJudgement } from './eligibility.js';
import { statusOn, type Member, type MemberStatus } from './organisation.js';
import type { EligibilityRules } from './rulebook.js';
import type { IsoDate } from './time.js';

export interface CandidacyContext extends EligibilityContext {
  /** The day of the application. */
  readonly today: IsoDate;
}

const STANDING_WORDS: Readonly<Record<Exclude<MemberStatus, 'current'>, string>> = {
  arrears: 'in arrears',
  lapsed: 'lapsed',
  suspended: 'suspended',
};

/** Why a member is not in good standing on the day they apply, as data: not yet a member, or lapsed, suspended or in arrears. */
export type CandidacyStandingBar =
  | { readonly kind: 'not-yet'; readonly joined: IsoDate }
  | { readonly kind: 'not-current'; readonly status: Exclude<MemberStatus, 'current'>; readonly today: IsoDate };

/** A judgement on a candidacy with what it rests on, for pages that say it in the member's language. */
export interface CandidacyAssessment {
  readonly judgement: EligibilityJudgement;
  /** Why the member is not in good standing today, or null when they are. */
  readonly standing: CandidacyStandingBar | null;
  /** Whether they could vote in the selection, and why. */
  readonly voter: EligibilityAssessment;
}

/** Whether the member may apply, with the reason in words and as data; every bar is given. */
export function assessCandidacy(member: Member, rules: EligibilityRules, ctx: CandidacyContext): CandidacyAssessment {
  const bars: string[] = [];
  const status: MemberStatus | null = member.joined > ctx.today ? null : (statusOn(member, ctx.today) ?? 'current');
  const standing: CandidacyStandingBar | null =
    status === null ? { kind: 'not-yet', joined: member.joined } : status !== 'current' ? { kind: 'not-current', status, today: ctx.today } : null;
  if (standing?.kind === 'not-yet') bars.push(`your membership starts on ${longDate(standing.joined)}, after today`);
  else if (standing?.kind === 'not-current')
    bars.push(`your membership is ${STANDING_WORDS[standing.status]} today (${longDate(standing.today)}); a candidate must be a member in good standing`);
  const voter = assessEligibility(member, rules, ctx);
  if (!voter.judgement.eligible) bars.push(`a candidate must be able to vote in the selection, and you could not: ${voter.judgement.reason}`);
  const judgement =
    bars.length > 0
      ? { eligible: false, reason: capitalise(bars.join('; also ')) + '.' }
      : { eligible: true, reason: `You are in good standing today and on the selection's electorate (${voter.judgement.reason}).` };
  return { judgement, standing, voter };
}

/** Whether the member may apply, with the reason in words; every bar is given. */
export function judgeCandidacy(member: Member, rules: EligibilityRules, ctx: CandidacyContext): EligibilityJudgement {
  return assessCandidacy(member, rules, ctx).judgement;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
