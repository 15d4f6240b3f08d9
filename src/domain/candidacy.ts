/**
 * Who may apply to stand in a selection. No rulebook sets rules of its own for
 * candidates, so the floor is the one every party has: a candidate must be
 * able to vote in the selection (a member of one of the constituency's
 * branches, eligible under the rulebook at the selection's freeze date) and be
 * a member in good standing on the day they apply (current: not lapsed,
 * suspended or in arrears, whatever grace the rulebook gives voters).
 */
import { longDate } from './calendar.js';
import { judgeEligibility, type EligibilityContext, type EligibilityJudgement } from './eligibility.js';
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

/** Whether the member may apply, with the reason in words; every bar is given. */
export function judgeCandidacy(member: Member, rules: EligibilityRules, ctx: CandidacyContext): EligibilityJudgement {
  const bars: string[] = [];
  const status: MemberStatus | null = member.joined > ctx.today ? null : (statusOn(member, ctx.today) ?? 'current');
  if (status === null) bars.push(`your membership starts on ${longDate(member.joined)}, after today`);
  else if (status !== 'current')
    bars.push(`your membership is ${STANDING_WORDS[status]} today (${longDate(ctx.today)}); a candidate must be a member in good standing`);
  const voter = judgeEligibility(member, rules, ctx);
  if (!voter.eligible) bars.push(`a candidate must be able to vote in the selection, and you could not: ${voter.reason}`);
  if (bars.length > 0) return { eligible: false, reason: capitalise(bars.join('; also ')) + '.' };
  return { eligible: true, reason: `You are in good standing today and on the selection's electorate (${voter.reason}).` };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
