import { describe, expect, it } from 'vitest';
import { assessEligibility, mainBarWords } from '../../src/domain/eligibility.js';
import { memberId, unitId } from '../../src/domain/ids.js';
import type { Member, MemberStatus } from '../../src/domain/organisation.js';
import { LABOUR_2021 } from '../../src/domain/presets.js';
import { isoDate } from '../../src/domain/time.js';

const d = isoDate;
const RULES = LABOUR_2021.eligibility;

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

const judge = (m: Member, freeze: string, branches?: string[]) =>
  assessEligibility(m, RULES, { freezeDate: d(freeze), ...(branches ? { unitBranches: new Set(branches.map(unitId)), unitName: 'Ilford South' } : {}) });

describe('eligibility bars as codes', () => {
  it('names every bar by its code, in the order the reason gives them', () => {
    expect(judge(member('2020-01-01'), '2024-08-01').bars).toEqual([]);
    expect(judge(member('2024-09-01'), '2024-08-01').bars).toEqual(['joined-after-freeze']);
    expect(
      judge(
        member('2020-01-01', [
          ['2020-01-01', 'current'],
          ['2023-01-01', 'lapsed'],
        ]),
        '2024-08-01',
      ).bars,
    ).toEqual(['lapsed']);
    expect(judge(member('2024-07-01'), '2024-08-01', ['ward-2']).bars).toEqual(['outside-unit', 'too-recent']);
    expect(
      judge(
        member('2020-01-01', [
          ['2020-01-01', 'current'],
          ['2022-01-01', 'arrears'],
        ]),
        '2024-08-01',
      ).bars,
    ).toContain('arrears');
  });

  it('counts a member barred for several under the first of lapsed, suspended, arrears, joined late, too recent', () => {
    expect(mainBarWords(['outside-unit', 'too-recent'])).toBe('not a member long enough');
    expect(mainBarWords(['too-recent', 'arrears'])).toBe('in arrears');
    expect(mainBarWords(['outside-unit', 'lapsed'])).toBe('lapsed');
    expect(() => mainBarWords([])).toThrow(RangeError);
  });
});
