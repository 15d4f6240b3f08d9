import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, dayNumber, longDate, monthsAndDays, wholeMonthsBetween } from '../../src/domain/calendar.js';
import { durationWords, judgeEligibility } from '../../src/domain/eligibility.js';
import { memberId, unitId } from '../../src/domain/ids.js';
import type { Member, MemberStatus } from '../../src/domain/organisation.js';
import { LABOUR_2021 } from '../../src/domain/presets.js';
import type { EligibilityRules } from '../../src/domain/rulebook.js';
import { isoDate, type IsoDate } from '../../src/domain/time.js';

const RULES = LABOUR_2021.eligibility;
const d = isoDate;

function member(joined: string, history: [string, MemberStatus][] = [[joined, 'current']], branch = 'ward-1'): Member {
  return {
    id: memberId('m1'),
    name: 'A Member',
    email: null,
    branch: unitId(branch),
    joined: d(joined),
    statusHistory: history.map(([from, status]) => ({ from: d(from), status })),
    gender: null,
  };
}

const judge = (m: Member, freeze: string, rules: EligibilityRules = RULES) => judgeEligibility(m, rules, { freezeDate: d(freeze) });

describe('calendar months', () => {
  it('N months later is the same day, or the last day of a month that lacks it', () => {
    expect(addMonths(d('2024-01-31'), 1)).toBe('2024-02-29');
    expect(addMonths(d('2023-01-31'), 1)).toBe('2023-02-28');
    expect(addMonths(d('2023-08-31'), 6)).toBe('2024-02-29');
    expect(addMonths(d('2024-02-29'), 12)).toBe('2025-02-28');
    expect(addMonths(d('2024-02-29'), 48)).toBe('2028-02-29');
    expect(addMonths(d('2024-08-31'), 1)).toBe('2024-09-30');
    expect(addMonths(d('2024-11-15'), 3)).toBe('2025-02-15');
    expect(addMonths(d('2000-02-29'), 1200)).toBe('2100-02-28');
    expect(addMonths(d('2024-05-10'), 0)).toBe('2024-05-10');
  });

  it('whole months between two dates, and the days left over', () => {
    expect(wholeMonthsBetween(d('2024-03-02'), d('2024-08-01'))).toBe(4);
    expect(monthsAndDays(d('2024-03-02'), d('2024-08-01'))).toEqual({ months: 4, days: 30 });
    expect(monthsAndDays(d('2020-01-01'), d('2024-08-01'))).toEqual({ months: 55, days: 0 });
    expect(monthsAndDays(d('2024-01-31'), d('2024-02-29'))).toEqual({ months: 1, days: 0 });
    expect(monthsAndDays(d('2024-02-29'), d('2024-03-28'))).toEqual({ months: 0, days: 28 });
    expect(durationWords({ months: 55, days: 0 })).toBe('4 years 7 months');
    expect(durationWords({ months: 13, days: 1 })).toBe('1 year 1 month 1 day');
    expect(durationWords({ months: 0, days: 0 })).toBe('0 days');
    expect(longDate(d('2024-08-01'))).toBe('1 August 2024');
  });

  const date = fc
    .date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2199, 11, 31)), noInvalidDate: true })
    .map((t) => t.toISOString().slice(0, 10) as IsoDate);

  it('whole months is the largest n with start + n months on or before the end', () => {
    fc.assert(
      fc.property(date, date, (x, y) => {
        const [a, b] = x <= y ? [x, y] : [y, x];
        const n = wholeMonthsBetween(a, b);
        expect(addMonths(a, n) <= b).toBe(true);
        expect(addMonths(a, n + 1) > b).toBe(true);
      }),
    );
  });

  it('day numbers agree with the platform calendar', () => {
    fc.assert(
      fc.property(date, (x) => {
        expect(dayNumber(x)).toBe(Date.parse(`${x}T00:00:00Z`) / 86_400_000);
      }),
    );
  });
});

describe('membership length at the freeze date', () => {
  it('the issue’s example: joined 2 March, freeze 1 August, 6 months needed', () => {
    expect(judge(member('2024-03-02'), '2024-08-01')).toEqual({
      eligible: false,
      reason: 'joined 2 March 2024, 4 months 30 days before the freeze date of 1 August 2024; 6 months needed',
    });
  });

  it('a long-standing current member', () => {
    expect(judge(member('2020-01-01'), '2024-08-01')).toEqual({
      eligible: true,
      reason: 'member since 1 January 2020 (4 years 7 months continuous) and current on 1 August 2024: eligible',
    });
  });

  it('exactly 6 months is enough; a day less is not', () => {
    expect(judge(member('2024-02-01'), '2024-08-01').eligible).toBe(true);
    expect(judge(member('2024-02-02'), '2024-08-01').eligible).toBe(false);
  });

  it('freeze date on a leap day: joined on the 29th, 30th or 31st of August qualifies on 29 February', () => {
    for (const joined of ['2023-08-29', '2023-08-30', '2023-08-31']) {
      const j = judge(member(joined), '2024-02-29');
      expect(j.eligible).toBe(true);
    }
    expect(judge(member('2023-08-31'), '2024-02-29').reason).toBe(
      'member since 31 August 2023 (6 months continuous) and current on 29 February 2024: eligible',
    );
    expect(judge(member('2023-09-01'), '2024-02-29')).toEqual({
      eligible: false,
      reason: 'joined 1 September 2023, 5 months 28 days before the freeze date of 29 February 2024; 6 months needed',
    });
  });

  it('joined on a leap day: six months later is 29 August; twelve months later is 28 February', () => {
    expect(judge(member('2024-02-29'), '2024-08-28').eligible).toBe(false);
    expect(judge(member('2024-02-29'), '2024-08-29').eligible).toBe(true);
    const twelve: EligibilityRules = { ...RULES, minMembershipMonths: 12 };
    expect(judge(member('2024-02-29'), '2025-02-27', twelve).eligible).toBe(false);
    expect(judge(member('2024-02-29'), '2025-02-28', twelve).eligible).toBe(true);
    expect(judge(member('2023-02-28'), '2024-02-29', twelve).eligible).toBe(true);
    expect(judge(member('2023-03-01'), '2024-02-29', twelve).eligible).toBe(false);
  });

  it('no minimum period: joining on the freeze date is enough', () => {
    expect(judge(member('2024-08-01'), '2024-08-01', { ...RULES, minMembershipMonths: 0 })).toEqual({
      eligible: true,
      reason: 'member since 1 August 2024 (0 days continuous) and current on 1 August 2024: eligible',
    });
  });

  it('joining after the freeze date', () => {
    expect(judge(member('2024-09-02'), '2024-08-01')).toEqual({ eligible: false, reason: 'joined 2 September 2024, after the freeze date of 1 August 2024' });
  });

  it('a member with no status history is current from joining', () => {
    expect(judge(member('2020-01-01', []), '2024-08-01').eligible).toBe(true);
  });
});

describe('continuity: counted from the last (re)join after a lapse', () => {
  const lapsedAndBack = member('2015-05-01', [
    ['2015-05-01', 'current'],
    ['2023-01-01', 'lapsed'],
    ['2024-03-02', 'current'],
  ]);

  it('a rejoin restarts the clock', () => {
    expect(judge(lapsedAndBack, '2024-08-01')).toEqual({
      eligible: false,
      reason: "rejoined 2 March 2024 after a lapse, 4 months 30 days before the freeze date of 1 August 2024; 6 months' continuous membership needed",
    });
    expect(judge(lapsedAndBack, '2024-09-02')).toEqual({
      eligible: true,
      reason: 'member again since 2 March 2024 (rejoined after a lapse; 6 months continuous) and current on 2 September 2024: eligible',
    });
  });

  it('before the lapse, the original join counts', () => {
    expect(judge(lapsedAndBack, '2022-12-31').reason).toBe(
      'member since 1 May 2015 (7 years 7 months 30 days continuous) and current on 31 December 2022: eligible',
    );
  });

  it('arrears and suspension do not break continuity', () => {
    const m = member('2019-01-01', [
      ['2019-01-01', 'current'],
      ['2021-01-01', 'arrears'],
      ['2021-03-01', 'current'],
      ['2022-01-01', 'suspended'],
      ['2022-06-01', 'current'],
    ]);
    expect(judge(m, '2024-08-01').reason).toBe('member since 1 January 2019 (5 years 7 months continuous) and current on 1 August 2024: eligible');
  });

  it('lapsed on the freeze date is lapsed', () => {
    expect(
      judge(
        member('2019-01-01', [
          ['2019-01-01', 'current'],
          ['2024-05-01', 'lapsed'],
        ]),
        '2024-08-01',
      ),
    ).toEqual({
      eligible: false,
      reason: 'membership lapsed on 1 May 2024 and had not been renewed by the freeze date of 1 August 2024',
    });
  });
});

describe('status changes on the freeze date itself count', () => {
  it('suspended that day: not eligible', () => {
    expect(
      judge(
        member('2019-01-01', [
          ['2019-01-01', 'current'],
          ['2024-08-01', 'suspended'],
        ]),
        '2024-08-01',
      ),
    ).toEqual({
      eligible: false,
      reason: 'suspended since 1 August 2024, the freeze date itself (a change on the freeze date counts)',
    });
  });

  it('reinstated that day: eligible', () => {
    const m = member('2019-01-01', [
      ['2019-01-01', 'current'],
      ['2024-02-01', 'suspended'],
      ['2024-08-01', 'current'],
    ]);
    expect(judge(m, '2024-08-01').eligible).toBe(true);
    expect(judge(m, '2024-07-31').eligible).toBe(false);
  });

  it('lapsed that day: not eligible', () => {
    expect(
      judge(
        member('2019-01-01', [
          ['2019-01-01', 'current'],
          ['2024-08-01', 'lapsed'],
        ]),
        '2024-08-01',
      ).reason,
    ).toBe('membership lapsed on 1 August 2024, the freeze date itself (a change on the freeze date counts)');
  });

  it('rejoined that day: the continuous membership is 0 days', () => {
    const m = member('2010-01-01', [
      ['2010-01-01', 'current'],
      ['2020-01-01', 'lapsed'],
      ['2024-08-01', 'current'],
    ]);
    expect(judge(m, '2024-08-01')).toEqual({
      eligible: false,
      reason: "rejoined 1 August 2024 after a lapse, 0 days before the freeze date of 1 August 2024; 6 months' continuous membership needed",
    });
  });
});

describe('suspension and arrears', () => {
  const suspended = member('2019-01-01', [
    ['2019-01-01', 'current'],
    ['2024-03-03', 'suspended'],
  ]);

  it('a suspended member may not vote', () => {
    expect(judge(suspended, '2024-08-01')).toEqual({
      eligible: false,
      reason: 'suspended since 3 March 2024, still suspended on the freeze date of 1 August 2024',
    });
  });

  it('unless the rulebook says otherwise', () => {
    expect(judge(suspended, '2024-08-01', { ...RULES, excludeSuspended: false })).toEqual({
      eligible: true,
      reason: 'member since 1 January 2019 (5 years 7 months continuous) and suspended on 1 August 2024, which this rulebook does not bar: eligible',
    });
  });

  const inArrears = (from: string) =>
    member('2019-01-01', [
      ['2019-01-01', 'current'],
      [from, 'arrears'],
    ]);

  it('no grace: any arrears bar the member', () => {
    expect(judge(inArrears('2024-07-15'), '2024-08-01')).toEqual({
      eligible: false,
      reason: 'in arrears since 15 July 2024 (17 days before the freeze date of 1 August 2024); members in arrears may not vote',
    });
  });

  it('a grace of 3 months: arrears that began less than 3 months before the freeze date are tolerated', () => {
    const grace: EligibilityRules = { ...RULES, arrearsGraceMonths: 3 };
    expect(judge(inArrears('2024-05-02'), '2024-08-01', grace)).toEqual({
      eligible: true,
      reason: 'member since 1 January 2019 (5 years 7 months continuous) and in arrears since 2 May 2024, within the 3-month grace: eligible',
    });
    expect(judge(inArrears('2024-05-01'), '2024-08-01', grace)).toEqual({
      eligible: false,
      reason:
        'in arrears since 1 May 2024 (3 months before the freeze date of 1 August 2024); arrears are allowed only if they began less than 3 months before the freeze date',
    });
  });

  it('the arrears run starts at its first change, not the latest', () => {
    const m = member('2019-01-01', [
      ['2019-01-01', 'current'],
      ['2024-01-01', 'arrears'],
      ['2024-06-01', 'arrears'],
    ]);
    expect(judge(m, '2024-08-01', { ...RULES, arrearsGraceMonths: 3 }).reason).toMatch(/^in arrears since 1 January 2024/);
  });
});

describe('belonging to the unit', () => {
  it('a member of another branch is not in the electorate, and every bar is given', () => {
    const ctx = {
      freezeDate: d('2024-08-01'),
      unitBranches: new Set([unitId('ward-1'), unitId('ward-2')]),
      unitName: 'Ilford South',
      branchNames: new Map([[unitId('ward-9'), 'Ward 9']]),
    };
    expect(judgeEligibility(member('2020-01-01', undefined, 'ward-9'), RULES, ctx)).toEqual({
      eligible: false,
      reason: 'belongs to branch Ward 9, which is not in Ilford South',
    });
    expect(judgeEligibility(member('2024-03-02', undefined, 'ward-9'), RULES, ctx)).toEqual({
      eligible: false,
      reason:
        'belongs to branch Ward 9, which is not in Ilford South; also joined 2 March 2024, 4 months 30 days before the freeze date of 1 August 2024; 6 months needed',
    });
    expect(judgeEligibility(member('2020-01-01', undefined, 'ward-2'), RULES, ctx).eligible).toBe(true);
  });

  it('without names, the branch id and "this electorate"', () => {
    expect(
      judgeEligibility(member('2020-01-01', undefined, 'ward-9'), RULES, { freezeDate: d('2024-08-01'), unitBranches: new Set([unitId('ward-1')]) }).reason,
    ).toBe('belongs to branch ward-9, which is not in this electorate');
  });
});
