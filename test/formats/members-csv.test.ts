import { describe, expect, it } from 'vitest';
import { unitId, type UnitId } from '../../src/domain/ids.js';
import { statusOn, type UnitKind } from '../../src/domain/organisation.js';
import { isoDate } from '../../src/domain/time.js';
import { parseMembersCsv } from '../../src/formats/members-csv.js';
import { formatProblem } from '../../src/formats/membership-csv.js';

const units = new Map<UnitId, UnitKind>([
  [unitId('B1'), 'branch'],
  [unitId('B2'), 'branch'],
  [unitId('C1'), 'constituency'],
  [unitId('U1'), 'affiliated-branch'],
]);

const HEADER = 'member_id,name,email,branch_id,joined,status,status_since,gender\n';

function rows(text: string) {
  const r = parseMembersCsv(text, units);
  if (!r.ok) throw new Error(r.problems.map(formatProblem).join('\n'));
  return r.rows;
}

function problems(text: string): string[] {
  const r = parseMembersCsv(text, units);
  if (r.ok) throw new Error('expected problems');
  return r.problems.map(formatProblem);
}

describe('members CSV', () => {
  it('reads members with status and status_since, blanks as nulls, unicode and quoted cells', () => {
    const text =
      HEADER +
      'L1,Ann Jones,ann@example.org,B1,2016-05-02,current,,woman\n' +
      'L2,"Smith, Bob",,B1,2019-11-20,In Arrears,2024-03-01,\n' +
      'L3,Siân Ní Bhriain 🌹,sian@example.cymru,B2,2020-02-29,suspended,2020-02-29,non-binary\n' +
      'L4,Dee,,B2,2015-01-01,current,2023-01-01,\n' +
      'L5,Eve,,B2,2015-01-01,LAPSED,2022-06-30,\n';
    expect(rows(text)).toEqual([
      {
        id: 'L1',
        name: 'Ann Jones',
        email: 'ann@example.org',
        branch: 'B1',
        joined: '2016-05-02',
        statusHistory: [{ from: '2016-05-02', status: 'current' }],
        gender: 'woman',
      },
      {
        id: 'L2',
        name: 'Smith, Bob',
        email: null,
        branch: 'B1',
        joined: '2019-11-20',
        statusHistory: [
          { from: '2019-11-20', status: 'current' },
          { from: '2024-03-01', status: 'arrears' },
        ],
        gender: null,
      },
      {
        id: 'L3',
        name: 'Siân Ní Bhriain 🌹',
        email: 'sian@example.cymru',
        branch: 'B2',
        joined: '2020-02-29',
        statusHistory: [{ from: '2020-02-29', status: 'suspended' }],
        gender: 'non-binary',
      },
      // Current since a later date, with no history: current since joining (nothing else is known).
      { id: 'L4', name: 'Dee', email: null, branch: 'B2', joined: '2015-01-01', statusHistory: [{ from: '2015-01-01', status: 'current' }], gender: null },
      {
        id: 'L5',
        name: 'Eve',
        email: null,
        branch: 'B2',
        joined: '2015-01-01',
        statusHistory: [
          { from: '2015-01-01', status: 'current' },
          { from: '2022-06-30', status: 'lapsed' },
        ],
        gender: null,
      },
    ]);
  });

  it('reads a full history; status and status_since, when given, agree with its last entry', () => {
    const [m, n] = rows(
      'member_id,name,branch_id,joined,history,status,status_since\n' +
        'L1,Ann,B1,2019-01-02,2019-01-02:current;2021-03-01:arrears; 2021-06-01 : current ;2024-02-29:suspended;,suspended,2024-02-29\n' +
        'L2,Bob,B1,2019-01-02,,arrears,2020-01-01\n',
    );
    expect(m.statusHistory).toEqual([
      { from: '2019-01-02', status: 'current' },
      { from: '2021-03-01', status: 'arrears' },
      { from: '2021-06-01', status: 'current' },
      { from: '2024-02-29', status: 'suspended' },
    ]);
    expect(statusOn(m, isoDate('2021-05-31'))).toBe('arrears');
    expect(statusOn(m, isoDate('2024-02-29'))).toBe('suspended');
    expect(n.statusHistory).toEqual([
      { from: '2019-01-02', status: 'current' },
      { from: '2020-01-01', status: 'arrears' },
    ]);
    // history alone, without a status column
    expect(rows('member_id,name,branch_id,joined,history\nL1,Ann,B1,2019-01-02,2019-01-02:lapsed\n')[0].statusHistory).toEqual([
      { from: '2019-01-02', status: 'lapsed' },
    ]);
  });

  it('reports every bad row as line N: field: problem', () => {
    const text =
      HEADER +
      'L1,Ann,ann@example.org,B1,2016-05-02,current,,\n' + // 2 fine
      ',No id,,B1,2016-05-02,current,,\n' + // 3
      'L1,Again,,B1,2016-05-02,current,,\n' + // 4
      'L5,,not-an-email,B1,2016-05-02,current,,\n' + // 5
      'L6,Six,,B9,2016-05-02,current,,\n' + // 6
      'L7,Seven,,C1,2016-05-02,current,,\n' + // 7
      'L8,Eight,,U1,2016-05-02,current,,\n' + // 8
      'L9,Nine,,,02/05/2016,current,,\n' + // 9
      'L10,Ten,,B1,2023-02-29,current,,\n' + // 10
      'L11,Eleven,,B1,2016-05-02,expelled,,\n' + // 11
      'L12,Twelve,,B1,2016-05-02,,,\n' + // 12
      'L13,Thirteen,,B1,2016-05-02,arrears,2015-01-01,\n' + // 13
      'L14,Fourteen,,B1,2016-05-02,arrears,soon,\n' + // 14
      'L15,Fifteen,,B1,,current,,\n' + // 15
      'L16,Sixteen,,B1,2016-05-02,current\n'; // 16
    expect(problems(text)).toEqual([
      'line 3: member_id: blank: every member needs an id',
      'line 4: member_id: duplicate id "L1" (first on line 2)',
      'line 5: name: blank: every member needs a name',
      'line 5: email: not an email address: "not-an-email"',
      'line 6: branch_id: unknown branch "B9": not in the store (import the units first)',
      'line 7: branch_id: "C1" is a constituency, not a branch',
      'line 8: branch_id: "U1" is an affiliated branch, not a branch',
      'line 9: branch_id: blank: every member belongs to a branch',
      'line 9: joined: not a date (YYYY-MM-DD): "02/05/2016"',
      'line 10: joined: not a date (YYYY-MM-DD): "2023-02-29"',
      'line 11: status: unknown status "expelled" (one of current, arrears, lapsed, suspended)',
      "line 12: status: blank: give the member's status (current, arrears, lapsed, suspended) or their history",
      'line 13: status_since: 2015-01-01 is before the member joined (2016-05-02)',
      'line 14: status_since: not a date (YYYY-MM-DD): "soon"',
      'line 15: joined: blank: give the date the member joined',
      'line 16: row: 6 cells, but the header has 8',
    ]);
  });

  it('reports every problem in a history', () => {
    const header = 'member_id,name,branch_id,joined,status,status_since,history\n';
    expect(
      problems(
        header +
          'L1,A,B1,2019-01-02,,,2019-01-02 current\n' +
          'L2,B,B1,2019-01-02,,,2019-01-02:current;2019-13-01:arrears;2020-01-01:gone\n' +
          'L3,C,B1,2019-01-02,,,2019-01-02:current;2019-01-02:arrears\n' +
          'L4,D,B1,2019-01-02,,,2019-03-01:current\n' +
          'L5,E,B1,2019-01-02,current,,2019-01-02:current;2020-01-01:lapsed\n' +
          'L6,F,B1,2019-01-02,lapsed,2020-02-01,2019-01-02:current;2020-01-01:lapsed\n' +
          'L7,G,B1,2019-01-02,,,;\n',
      ),
    ).toEqual([
      'line 2: history: entry 1 "2019-01-02 current" is not date:status (e.g. 2019-01-02:current)',
      'line 3: history: entry 2 "2019-13-01:arrears": not a date (YYYY-MM-DD): "2019-13-01"',
      'line 3: history: entry 3 "2020-01-01:gone": unknown status "gone" (one of current, arrears, lapsed, suspended)',
      'line 4: history: entry 2 "2019-01-02:arrears": 2019-01-02 is not after 2019-01-02 (oldest first, one entry per date)',
      'line 5: history: starts on 2019-03-01, but the member joined on 2019-01-02 (the first entry is the status they joined with)',
      'line 6: status: "current" disagrees with the history, whose last entry is lapsed from 2020-01-01',
      'line 7: status_since: 2020-02-01 disagrees with the history, whose last entry is from 2020-01-01',
      'line 8: history: no entries: write date:status;date:status…, or leave it blank and give status',
    ]);
  });

  it('counts lines through quoted cells that span lines, and goes on after a badly quoted row', () => {
    const text = HEADER + 'L1,"Ann\nJones",,B1,2016-05-02,current,,\n' + 'L2,"Bob,,B1,2016-05-02,current,,\n';
    expect(problems(text)).toEqual(['line 4: csv: unterminated quoted cell: the quote that opens it is never closed']);
    const fine = rows(HEADER + 'L1,"Ann\nJones",,B1,2016-05-02,current,,\nL2,Bob"s,,B1,2016-05-02,current,,\n'.replace('Bob"s', 'Bob'));
    expect(fine.map((m) => m.name)).toEqual(['Ann\nJones', 'Bob']);
    expect(problems(HEADER + 'L1,Ann "A" Jones,,B1,2016-05-02,current,,\nL2,,,B1,2016-05-02,current,,\n')).toEqual([
      'line 2: csv: a quote inside an unquoted cell: "Ann \\"A\\" Jones" (put the whole cell in quotes and double the quote: "a ""b"" c")',
      'line 3: name: blank: every member needs a name',
    ]);
  });

  it('reports header problems: unknown, repeated and missing columns, and neither status nor history', () => {
    expect(problems('member_id,name,branch,joined\n')).toEqual([
      'line 1: header: unknown column "branch" (the columns are member_id, name, branch_id, joined, email, status, status_since, gender, history, date_of_birth, membership_class, self_identified, language)',
      'line 1: header: missing column "branch_id"',
      'line 1: header: missing column "status" or "history"',
    ]);
    expect(problems('member_id,name,branch_id,joined,status,Status\n')).toEqual(['line 1: header: column "status" appears twice']);
    expect(problems('\n\n')).toEqual(['line 1: header: the file is empty: expected a header row such as member_id,name,branch_id,joined']);
  });

  it('returns all the rows or none: one bad row among many good ones gives only the problem', () => {
    const good = Array.from({ length: 1000 }, (_, i) => `L${i},Member ${i},,B1,2016-05-02,current,,`).join('\n');
    const r = parseMembersCsv(HEADER + good + '\nL1000,Bad,,B1,2016-05-02,current,,,\n', units);
    expect(r).toEqual({ ok: false, problems: [{ line: 1002, field: 'row', problem: '9 cells, but the header has 8' }] });
    expect(rows(HEADER + good).length).toBe(1000);
  });
});

describe('members CSV: date of birth, membership class and self-identified characteristics', () => {
  const today = isoDate('2026-12-07');
  const read = (text: string) => parseMembersCsv(text, units, { today });

  it('reads the columns under their own names and the names exports give them; blanks as not known or none', () => {
    const text =
      'Member_ID,Name,Branch_ID,Joined,Status,Date of Birth,Membership Type,Self-identified\n' +
      'L1,Ann,B1,2016-05-02,current,2001-03-04,Youth,"BAME, disabled"\n' +
      'L2,Bob,B1,2016-05-02,current,,,\n' +
      'L3,Cat,B2,2016-05-02,current,1950-12-31,retired,LGBTQ+;disabled;Disabled\n';
    const r = read(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows.map((m) => [m.born, m.membershipClass, m.selfIdentified])).toEqual([
      ['2001-03-04', 'youth', ['bame', 'disabled']],
      [null, null, []],
      ['1950-12-31', 'retired', ['lgbt+', 'disabled']],
    ]);
    const dob = parseMembersCsv(
      'member_id,name,branch_id,joined,status,DOB,membership_class,self_identified\nL1,Ann,B1,2016-05-02,current,2001-03-04,,\n',
      units,
    );
    expect(dob.ok && dob.rows[0].born).toBe('2001-03-04');
  });

  it('leaves the fields out of a member when the file has no such column, so what is stored is kept', () => {
    const [m] = rows(`${HEADER}L1,Ann,,B1,2016-05-02,current,,\n`);
    expect(Object.keys(m)).not.toContain('born');
    expect(Object.keys(m)).not.toContain('membershipClass');
    expect(Object.keys(m)).not.toContain('selfIdentified');
  });

  it('refuses a date of birth that is not a date, in the future or after joining, and an unknown characteristic, each with its line and field', () => {
    const text =
      'member_id,name,branch_id,joined,status,date_of_birth,self_identified\n' +
      'L1,Ann,B1,2016-05-02,current,1990-02-30,\n' +
      'L2,Bob,B1,2026-01-02,current,2027-01-01,\n' +
      'L3,Cat,B1,2016-05-02,current,2017-01-01,\n' +
      'L4,Dee,B1,2016-05-02,current,1990-01-01,disabled;vegan\n';
    const r = read(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map(formatProblem)).toEqual([
      'line 2: date_of_birth: not a date (YYYY-MM-DD): "1990-02-30"',
      'line 3: date_of_birth: 2027-01-01 is in the future (today is 2026-12-07)',
      'line 4: date_of_birth: 2017-01-01 is after the member joined (2016-05-02)',
      'line 5: self_identified: unknown characteristic "vegan" (one of disabled, bame, lgbt+, separated by semicolons)',
    ]);
  });

  it('refuses a header naming the date of birth twice, under two of its names', () => {
    expect(problems('member_id,name,branch_id,joined,status,dob,Date of birth\n')).toEqual(['line 1: header: column "date_of_birth" appears twice']);
  });
});

describe('members CSV: language', () => {
  it('reads en and cy, and the names exports give them, under either header; a blank or no column leaves it out', () => {
    const text =
      'member_id,name,branch_id,joined,status,Preferred language\n' +
      'L1,Ann,B1,2016-05-02,current,cy\n' +
      'L2,Bob,B1,2016-05-02,current,English\n' +
      'L3,Cat,B1,2016-05-02,current,Cymraeg\n' +
      'L4,Dee,B1,2016-05-02,current,\n';
    const r = parseMembersCsv(text, units);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows.map((m) => m.language)).toEqual(['cy', 'en', 'cy', undefined]);
    expect(Object.keys(r.rows[3])).not.toContain('language');
    const [m] = rows(`${HEADER}L1,Ann,,B1,2016-05-02,current,,\n`);
    expect(Object.keys(m)).not.toContain('language');
  });

  it('refuses any other language with its line and field', () => {
    expect(problems('member_id,name,branch_id,joined,status,language\nL1,Ann,B1,2016-05-02,current,fr\n')).toEqual([
      'line 2: language: unknown language "fr" (en for English or cy for Welsh)',
    ]);
  });
});
