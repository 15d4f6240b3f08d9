/**
 * Who may vote: a member judged against a rulebook's eligibility rules at a
 * freeze date, always with a reason a member can read ("can I vote, and if
 * not, why").
 *
 * Definitions (tested in test/domain/eligibility.test.ts):
 * - Months are calendar months. N months after a date is the same day of the
 *   month N months later, or that month's last day when the day does not exist
 *   (31 August + 6 months = 28 or 29 February; 29 February + 12 months =
 *   28 February). A member has N months' membership on the freeze date when
 *   their start date plus N months is on or before it.
 * - Continuous membership starts at the last (re)join: the first status change
 *   after the member's most recent lapse, or the join date if they never
 *   lapsed. Arrears and suspension do not break continuity; only a lapse does.
 * - The status that counts is the one in force on the freeze date, including a
 *   change made that very day (a member suspended, lapsed or reinstated on the
 *   freeze date is judged by the new status). This matches `statusOn`.
 * - A member with no status history is current from the day they joined.
 * - Reasons give durations as whole calendar months and the days left over
 *   ("4 months 30 days"), never a rounded figure.
 * - When several things bar a member, every one is given.
 */
import { addMonths, longDate, monthsAndDays } from './calendar.js';
import type { UnitId } from './ids.js';
import { statusOn, type Member, type MemberStatus } from './organisation.js';
import type { EligibilityRules } from './rulebook.js';
import type { IsoDate } from './time.js';

export interface EligibilityContext {
  readonly freezeDate: IsoDate;
  /** The branches of the unit whose electorate this is; absent: every branch. */
  readonly unitBranches?: ReadonlySet<UnitId>;
  /** The unit's name for the reason ("… which is not in Ilford South"); default "this electorate". */
  readonly unitName?: string;
  /** Branch names for the reason; a branch without one is named by its id. */
  readonly branchNames?: ReadonlyMap<UnitId, string>;
}

/** What keeps a member from voting. */
export type EligibilityBar = 'outside-unit' | 'joined-after-freeze' | 'lapsed' | 'suspended' | 'too-recent' | 'arrears';

export interface EligibilityJudgement {
  readonly eligible: boolean;
  /** One plain-language sentence (or several joined by "; also "). */
  readonly reason: string;
}

/** A judgement with its bars as codes, for readers that act on why a member is barred. */
export interface EligibilityAssessment {
  readonly judgement: EligibilityJudgement;
  /** Every bar, in the order the reason gives them; empty when eligible. */
  readonly bars: readonly EligibilityBar[];
  /**
   * The judgement as data, for pages that say it in the member's language: every bar with what its
   * sentence tells (empty when eligible), or, when eligible, the membership and standing it rests on.
   */
  readonly details: readonly EligibilityBarDetail[];
  readonly membership: EligibleMembership | null;
}

/** What made a member eligible: their continuous membership and their standing on the freeze date. */
export interface EligibleMembership {
  readonly since: IsoDate;
  readonly rejoined: boolean;
  readonly freeze: IsoDate;
  readonly standing:
    | { readonly kind: 'current' }
    | { readonly kind: 'suspended-allowed' }
    | { readonly kind: 'arrears-within-grace'; readonly since: IsoDate; readonly graceMonths: number };
}

/** A bar with what its sentence tells. */
export type EligibilityBarDetail = Bar;
type Bar =
  | { readonly code: 'outside-unit'; readonly branch: string; readonly unit: string }
  | { readonly code: 'joined-after-freeze'; readonly joined: IsoDate; readonly freeze: IsoDate }
  | { readonly code: 'lapsed'; readonly since: IsoDate; readonly freeze: IsoDate }
  | { readonly code: 'suspended'; readonly since: IsoDate; readonly freeze: IsoDate }
  | { readonly code: 'too-recent'; readonly since: IsoDate; readonly rejoined: boolean; readonly freeze: IsoDate; readonly monthsNeeded: number }
  | { readonly code: 'arrears'; readonly since: IsoDate; readonly freeze: IsoDate; readonly graceMonths: number | null };

const onFreeze = (freeze: IsoDate): string => `the freeze date of ${longDate(freeze)}`;

/** Each bar's sentence. */
const BAR_SENTENCES: { readonly [C in EligibilityBar]: (bar: Extract<Bar, { code: C }>) => string } = {
  'outside-unit': (b) => `belongs to branch ${b.branch}, which is not in ${b.unit}`,
  'joined-after-freeze': (b) => `joined ${longDate(b.joined)}, after ${onFreeze(b.freeze)}`,
  lapsed: (b) =>
    b.since === b.freeze
      ? `membership lapsed on ${longDate(b.since)}, the freeze date itself (a change on the freeze date counts)`
      : `membership lapsed on ${longDate(b.since)} and had not been renewed by ${onFreeze(b.freeze)}`,
  suspended: (b) =>
    `suspended since ${longDate(b.since)}${b.since === b.freeze ? ', the freeze date itself (a change on the freeze date counts)' : `, still suspended on ${onFreeze(b.freeze)}`}`,
  'too-recent': (b) =>
    `${b.rejoined ? 'rejoined' : 'joined'} ${longDate(b.since)}${b.rejoined ? ' after a lapse' : ''}, ${durationWords(monthsAndDays(b.since, b.freeze))} before ${onFreeze(b.freeze)}; ` +
    `${monthsText(b.monthsNeeded)}${b.rejoined ? "' continuous membership" : ''} needed`,
  arrears: (b) => {
    const ago = b.since === b.freeze ? 'on the freeze date itself' : `${durationWords(monthsAndDays(b.since, b.freeze))} before ${onFreeze(b.freeze)}`;
    return b.graceMonths === null || b.graceMonths === 0
      ? `in arrears since ${longDate(b.since)} (${ago}); members in arrears may not vote`
      : `in arrears since ${longDate(b.since)} (${ago}); arrears are allowed only if they began less than ${monthsText(b.graceMonths)} before the freeze date`;
  },
};

const sentenceOf = <C extends EligibilityBar>(bar: Extract<Bar, { code: C }>): string => (BAR_SENTENCES[bar.code as C] as (b: typeof bar) => string)(bar);

/** Each bar in a few words, for counting the members a freeze leaves out. */
export const BAR_WORDS: Readonly<Record<EligibilityBar, string>> = {
  lapsed: 'lapsed',
  suspended: 'suspended',
  arrears: 'in arrears',
  'joined-after-freeze': 'joined after the freeze date',
  'too-recent': 'not a member long enough',
  'outside-unit': 'in a branch outside the unit',
};

/** The bar a member barred for several is counted under: the first of these that applies. */
const BAR_PRECEDENCE: readonly EligibilityBar[] = ['lapsed', 'suspended', 'arrears', 'joined-after-freeze', 'too-recent', 'outside-unit'];

/** The words of the bar a barred member is counted under. */
export function mainBarWords(bars: readonly EligibilityBar[]): string {
  const main = BAR_PRECEDENCE.find((b) => bars.includes(b));
  if (main === undefined) throw new RangeError('an eligible member has no bar to count');
  return BAR_WORDS[main];
}

// ---- Durations ------------------------------------------------------------------------

/** "4 years 7 months", "4 months 30 days", "1 year", "12 days", "0 days". */
export function durationWords(span: { months: number; days: number }): string {
  const y = Math.floor(span.months / 12);
  const m = span.months % 12;
  const out = [plural(y, 'year'), plural(m, 'month'), plural(span.days, 'day')].filter(Boolean);
  return out.length > 0 ? out.join(' ') : '0 days';
}

function plural(n: number, unit: string): string {
  return n === 0 ? '' : n === 1 ? `1 ${unit}` : `${n} ${unit}s`;
}

// ---- Membership history ---------------------------------------------------------------

/** The status in force on a date: the last change on or before it; a member without history is current from joining. */
function statusAt(member: Member, date: IsoDate): MemberStatus | null {
  if (member.joined > date) return null;
  return statusOn(member, date) ?? 'current';
}

/** Changes on or before the date, oldest first (history is kept oldest first; sorted again so a careless import cannot mislead). */
function changesUntil(member: Member, date: IsoDate): { from: IsoDate; status: MemberStatus }[] {
  return member.statusHistory.filter((c) => c.from <= date).sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

/**
 * Start of the continuous membership in force on the date (whose status is not
 * lapsed), and whether it began with a rejoin after a lapse.
 */
export function continuousSince(member: Member, date: IsoDate): { since: IsoDate; rejoined: boolean } {
  const changes = changesUntil(member, date);
  let last = -1;
  for (const [i, change] of changes.entries()) if (change.status === 'lapsed') last = i;
  const rejoin = changes[last + 1];
  if (last < 0 || rejoin === undefined || rejoin.from <= member.joined) return { since: member.joined, rejoined: false };
  return { since: rejoin.from, rejoined: true };
}

/** When the run of a status in force on the date began (e.g. the start of the current arrears). */
function runStart(member: Member, date: IsoDate, status: MemberStatus): IsoDate {
  const changes = changesUntil(member, date);
  let i = changes.length - 1;
  while (i > 0 && changes[i - 1]?.status === status) i--;
  return changes[i]?.from ?? member.joined;
}

// ---- The judgement --------------------------------------------------------------------

export function judgeEligibility(member: Member, rules: EligibilityRules, ctx: EligibilityContext): EligibilityJudgement {
  return assessEligibility(member, rules, ctx).judgement;
}

export function assessEligibility(member: Member, rules: EligibilityRules, ctx: EligibilityContext): EligibilityAssessment {
  const freeze = ctx.freezeDate;
  const bars: Bar[] = [];
  const barred = (): EligibilityAssessment => ({
    judgement: { eligible: false, reason: bars.map(sentenceOf).join('; also ') },
    bars: bars.map((b) => b.code),
    details: bars,
    membership: null,
  });

  if (ctx.unitBranches && !ctx.unitBranches.has(member.branch)) {
    bars.push({ code: 'outside-unit', branch: ctx.branchNames?.get(member.branch) ?? member.branch, unit: ctx.unitName ?? 'this electorate' });
  }

  const status = statusAt(member, freeze);
  if (status === null) {
    bars.push({ code: 'joined-after-freeze', joined: member.joined, freeze });
    return barred();
  }
  if (status === 'lapsed') {
    bars.push({ code: 'lapsed', since: runStart(member, freeze, 'lapsed'), freeze });
    return barred();
  }

  const { since, rejoined } = continuousSince(member, freeze);

  if (status === 'suspended' && rules.excludeSuspended) bars.push({ code: 'suspended', since: runStart(member, freeze, 'suspended'), freeze });

  if (addMonths(since, rules.minMembershipMonths) > freeze) bars.push({ code: 'too-recent', since, rejoined, freeze, monthsNeeded: rules.minMembershipMonths });

  let standing: EligibleMembership['standing'] = status === 'suspended' ? { kind: 'suspended-allowed' } : { kind: 'current' };
  if (status === 'arrears') {
    const from = runStart(member, freeze, 'arrears');
    const grace = rules.arrearsGraceMonths;
    if (grace === null || grace === 0 || addMonths(from, grace) <= freeze) bars.push({ code: 'arrears', since: from, freeze, graceMonths: grace });
    else standing = { kind: 'arrears-within-grace', since: from, graceMonths: grace };
  }

  if (bars.length > 0) return barred();

  const membership: EligibleMembership = { since, rejoined, freeze, standing };
  return { judgement: { eligible: true, reason: eligibleSentence(membership) }, bars: [], details: [], membership };
}

function eligibleSentence(m: EligibleMembership): string {
  const s = m.standing;
  const standing =
    s.kind === 'current'
      ? ` and current on ${longDate(m.freeze)}`
      : s.kind === 'suspended-allowed'
        ? ` and suspended on ${longDate(m.freeze)}, which this rulebook does not bar`
        : ` and in arrears since ${longDate(s.since)}, within the ${s.graceMonths}-month grace`;
  const opening = m.rejoined ? `member again since ${longDate(m.since)} (rejoined after a lapse; ` : `member since ${longDate(m.since)} (`;
  return `${opening}${durationWords(monthsAndDays(m.since, m.freeze))} continuous)${standing}: eligible`;
}

function monthsText(n: number): string {
  return n === 1 ? '1 month' : `${n} months`;
}
