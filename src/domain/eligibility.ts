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

export interface EligibilityJudgement {
  readonly eligible: boolean;
  /** One plain-language sentence (or several joined by "; also "). */
  readonly reason: string;
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
function continuousSince(member: Member, date: IsoDate): { since: IsoDate; rejoined: boolean } {
  const changes = changesUntil(member, date);
  let last = -1;
  for (let i = 0; i < changes.length; i++) if (changes[i].status === 'lapsed') last = i;
  if (last < 0 || last + 1 >= changes.length || changes[last + 1].from <= member.joined) return { since: member.joined, rejoined: false };
  return { since: changes[last + 1].from, rejoined: true };
}

/** When the run of a status in force on the date began (e.g. the start of the current arrears). */
function runStart(member: Member, date: IsoDate, status: MemberStatus): IsoDate {
  const changes = changesUntil(member, date);
  let i = changes.length - 1;
  while (i > 0 && changes[i - 1].status === status) i--;
  return i >= 0 ? changes[i].from : member.joined;
}

// ---- The judgement --------------------------------------------------------------------

export function judgeEligibility(member: Member, rules: EligibilityRules, ctx: EligibilityContext): EligibilityJudgement {
  const freeze = ctx.freezeDate;
  const onFreeze = `the freeze date of ${longDate(freeze)}`;
  const bars: string[] = [];

  if (ctx.unitBranches && !ctx.unitBranches.has(member.branch)) {
    const branch = ctx.branchNames?.get(member.branch) ?? member.branch;
    bars.push(`belongs to branch ${branch}, which is not in ${ctx.unitName ?? 'this electorate'}`);
  }

  const status = statusAt(member, freeze);
  if (status === null) {
    bars.push(`joined ${longDate(member.joined)}, after ${onFreeze}`);
    return { eligible: false, reason: bars.join('; also ') };
  }
  if (status === 'lapsed') {
    const lapsed = runStart(member, freeze, 'lapsed');
    bars.push(
      lapsed === freeze
        ? `membership lapsed on ${longDate(lapsed)}, the freeze date itself (a change on the freeze date counts)`
        : `membership lapsed on ${longDate(lapsed)} and had not been renewed by ${onFreeze}`,
    );
    return { eligible: false, reason: bars.join('; also ') };
  }

  const { since, rejoined } = continuousSince(member, freeze);
  const span = monthsAndDays(since, freeze);
  const startWords = `${rejoined ? 'rejoined' : 'joined'} ${longDate(since)}${rejoined ? ' after a lapse' : ''}`;

  if (status === 'suspended' && rules.excludeSuspended) {
    const from = runStart(member, freeze, 'suspended');
    bars.push(`suspended since ${longDate(from)}${from === freeze ? ', the freeze date itself (a change on the freeze date counts)' : `, still suspended on ${onFreeze}`}`);
  }

  if (addMonths(since, rules.minMembershipMonths) > freeze) {
    const before = durationWords(span);
    const needed = `${monthsText(rules.minMembershipMonths)}${rejoined ? "' continuous membership" : ''} needed`;
    bars.push(`${startWords}, ${before} before ${onFreeze}; ${needed}`);
  }

  let arrearsNote = '';
  if (status === 'arrears') {
    const from = runStart(member, freeze, 'arrears');
    const grace = rules.arrearsGraceMonths;
    const agoWords = from === freeze ? 'on the freeze date itself' : `${durationWords(monthsAndDays(from, freeze))} before ${onFreeze}`;
    if (grace === null || grace === 0) {
      bars.push(`in arrears since ${longDate(from)} (${agoWords}); members in arrears may not vote`);
    } else if (addMonths(from, grace) <= freeze) {
      bars.push(`in arrears since ${longDate(from)} (${agoWords}); arrears are allowed only if they began less than ${monthsText(grace)} before the freeze date`);
    } else {
      arrearsNote = ` and in arrears since ${longDate(from)}, within the ${grace}-month grace`;
    }
  }

  if (bars.length > 0) return { eligible: false, reason: bars.join('; also ') };

  const standing =
    status === 'current'
      ? ` and current on ${longDate(freeze)}`
      : status === 'suspended'
        ? ` and suspended on ${longDate(freeze)}, which this rulebook does not bar`
        : arrearsNote;
  const membership = rejoined ? `member again since ${longDate(since)} (rejoined after a lapse; ` : `member since ${longDate(since)} (`;
  return { eligible: true, reason: `${membership}${durationWords(span)} continuous)${standing}: eligible` };
}

function monthsText(n: number): string {
  return n === 1 ? '1 month' : `${n} months`;
}
