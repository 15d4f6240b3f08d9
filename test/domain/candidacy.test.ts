import { describe, expect, it } from 'vitest';
import { judgeCandidacy } from '../../src/domain/candidacy.js';
import { memberId, unitId } from '../../src/domain/ids.js';
import type { Member, MemberStatus } from '../../src/domain/organisation.js';
import { CONSERVATIVE_READOPTION, LABOUR_2021 } from '../../src/domain/presets.js';
import { isoDate } from '../../src/domain/time.js';

const d = isoDate;
const FREEZE = d('2024-05-01');
const TODAY = d('2024-06-01');

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

const judge = (m: Member, rules = LABOUR_2021.eligibility) =>
  judgeCandidacy(m, rules, {
    freezeDate: FREEZE,
    today: TODAY,
    unitBranches: new Set([unitId('ward-1'), unitId('ward-2')]),
    unitName: 'Riverside',
    branchNames: new Map([[unitId('ward-9'), 'Hillside']]),
  });

describe('who may stand for selection', () => {
  it('a member of the constituency, on its electorate at the freeze date and current today', () => {
    const j = judge(member('2015-03-02'));
    expect(j.eligible).toBe(true);
    expect(j.reason).toBe(
      "You are in good standing today and on the selection's electorate (member since 2 March 2015 (9 years 1 month 29 days continuous) and current on 1 May 2024: eligible).",
    );
  });

  it('not a member in arrears, lapsed or suspended today, even if on the electorate at the freeze date', () => {
    for (const [status, words] of [
      ['arrears', 'in arrears'],
      ['lapsed', 'lapsed'],
      ['suspended', 'suspended'],
    ] as const) {
      const j = judge(
        member('2015-03-02', [
          ['2015-03-02', 'current'],
          ['2024-05-20', status],
        ]),
      );
      expect(j.eligible, status).toBe(false);
      expect(j.reason).toBe(`Your membership is ${words} today (1 June 2024); a candidate must be a member in good standing.`);
    }
    // Back in good standing by today: the arrears at the freeze date are the electorate's concern, and bar them there.
    const paid = judge(
      member('2015-03-02', [
        ['2015-03-02', 'current'],
        ['2024-04-01', 'arrears'],
        ['2024-05-20', 'current'],
      ]),
    );
    expect(paid.eligible).toBe(false);
    expect(paid.reason).toMatch(/^A candidate must be able to vote in the selection, and you could not: in arrears since 1 April 2024/);
  });

  it('not a member who could not vote in it: another constituency, too new at the freeze date, or not yet a member; every bar given', () => {
    expect(judge(member('2015-03-02', undefined, 'ward-9')).reason).toBe(
      'A candidate must be able to vote in the selection, and you could not: belongs to branch Hillside, which is not in Riverside.',
    );
    const newcomer = judge(member('2024-02-01'));
    expect(newcomer.eligible).toBe(false);
    expect(newcomer.reason).toContain('6 months needed');
    const future = judge(member('2024-07-01'));
    expect(future.reason).toMatch(/^Your membership starts on 1 July 2024, after today; also a candidate must be able to vote/);
    const both = judge(
      member(
        '2024-02-01',
        [
          ['2024-02-01', 'current'],
          ['2024-05-25', 'suspended'],
        ],
        'ward-9',
      ),
    );
    expect(both.reason.split('; also ')).toHaveLength(3);
  });

  it('follows the rulebook’s own eligibility rules', () => {
    // Three months suffice under the Conservative-style rules, six under Labour's.
    const m = member('2024-01-15');
    expect(judge(m).eligible).toBe(false);
    expect(judge(m, CONSERVATIVE_READOPTION.eligibility).eligible).toBe(true);
  });
});
