import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readUnitRows } from '../../src/cli/trigger-evaluate.js';
import { LABOUR_1979, LABOUR_1990, LABOUR_2018, LABOUR_2021 } from '../../src/domain/presets.js';
import type { Fraction } from '../../src/domain/rulebook.js';
import { evaluateTrigger } from '../../src/domain/trigger-outcome.js';
import {
  BARKING_2019,
  HULL_NORTH_2019,
  ILFORD_SOUTH_2022,
  LABOUR_ERAS,
  REAL_CASES,
  caseById,
  caseConstituencies,
  casesCsv,
  judgeCase,
  readingsOf,
  unitsOf,
  type Counts,
  type RealCase,
} from '../../src/simulate/cases.js';
import { casesJson, casesText } from '../../src/simulate/cases-report.js';

const EXAMPLES = resolve(import.meta.dirname, '../../examples/real-cases');

type O = 'triggered' | 'readopted';
const T: O = 'triggered';
const R: O = 'readopted';

/**
 * Every reading of every case under the four Labour eras, worked by hand:
 * [case, reading, [1979, 1990, 2018, 2021] outcomes, the 1990 pooled share, the 2021 college total].
 * 1979 is mandatory reselection: always triggered. 1990 pools every voting unit and needs more than
 * half. 2018 triggers when either class alone has at least one third of its voting units. 2021 weights
 * each class's share by half and needs more than 50%; a class with no voting unit leaves the other's
 * share as the whole college. Absent and abstaining units drop out of every denominator.
 */
const EXPECTED: readonly [string, string, readonly [O, O, O, O], string, string][] = [
  // Barking 2019: branches 5 for, 6 against (5/11 ≈ 45.5%).
  // No affiliates: 1990 5/11 ≯ 1/2; 2018 5/11 ≥ 1/3; 2021 5/11 alone ≯ 1/2.
  ['barking-2019', '5-of-11/none', [T, R, T, R], '5/11', '5/11'],
  // 11 affiliated branches against: 1990 5/22 ≈ 22.7%; 2018 branches still 5/11 ≥ 1/3; 2021 5/11 × 1/2 + 0 = 5/22.
  ['barking-2019', '5-of-11/all-for-mp', [T, R, T, R], '5/22', '5/22'],
  // Affiliates 5 for, 6 against: 1990 10/22 = 5/11; 2021 5/11 × 1/2 + 5/11 × 1/2 = 5/11.
  ['barking-2019', '5-of-11/like-branches', [T, R, T, R], '5/11', '5/11'],
  // 11 affiliated branches for: 1990 16/22 = 8/11 ≈ 72.7% > 1/2; 2021 5/22 + 1/2 = 16/22 = 8/11 > 1/2.
  ['barking-2019', '5-of-11/all-for-selection', [T, T, T, T], '8/11', '8/11'],

  // Hull North 2019, 3 of the 9 branches that voted (the tenth absent): 3/9 = 1/3.
  // No affiliates: 1990 1/3 ≯ 1/2; 2018 1/3 ≥ 1/3 exactly, so triggered; 2021 1/3 ≯ 1/2.
  ['hull-north-2019', '3-of-9/none', [T, R, T, R], '1/3', '1/3'],
  // 10 affiliated branches against: 1990 3/19; 2018 branches 1/3 ≥ 1/3; 2021 1/3 × 1/2 = 1/6.
  ['hull-north-2019', '3-of-9/all-for-mp', [T, R, T, R], '3/19', '1/6'],
  // Affiliates 3 for, 6 against, 1 absent: 1990 6/18 = 1/3; 2021 1/6 + 1/6 = 1/3.
  ['hull-north-2019', '3-of-9/like-branches', [T, R, T, R], '1/3', '1/3'],
  // 10 affiliated branches for: 1990 13/19 ≈ 68.4%; 2021 1/6 + 1/2 = 2/3.
  ['hull-north-2019', '3-of-9/all-for-selection', [T, T, T, T], '13/19', '2/3'],
  // 3 of 10, all voting: 3/10 = 30% < 1/3, so 2018 readopts unless the affiliates trigger.
  ['hull-north-2019', '3-of-10/none', [T, R, R, R], '3/10', '3/10'],
  // 10 against: 1990 3/20; 2018 30% and 0%, neither ≥ 1/3; 2021 3/10 × 1/2 = 3/20.
  ['hull-north-2019', '3-of-10/all-for-mp', [T, R, R, R], '3/20', '3/20'],
  // 3 for, 7 against: 1990 6/20 = 3/10; 2018 30% in both classes; 2021 3/10.
  ['hull-north-2019', '3-of-10/like-branches', [T, R, R, R], '3/10', '3/10'],
  // 10 for: 1990 13/20 = 65%; 2018 affiliates 10/10 ≥ 1/3; 2021 3/20 + 1/2 = 13/20.
  ['hull-north-2019', '3-of-10/all-for-selection', [T, T, T, T], '13/20', '13/20'],
  // 4 of 10: 40% ≥ 1/3 under 2018. No affiliates: 1990 2/5; 2021 2/5.
  ['hull-north-2019', '4-of-10/none', [T, R, T, R], '2/5', '2/5'],
  // 10 against: 1990 4/20 = 1/5; 2021 2/5 × 1/2 = 1/5.
  ['hull-north-2019', '4-of-10/all-for-mp', [T, R, T, R], '1/5', '1/5'],
  // 4 for, 6 against: 1990 8/20 = 2/5; 2021 2/5.
  ['hull-north-2019', '4-of-10/like-branches', [T, R, T, R], '2/5', '2/5'],
  // 10 for: 1990 14/20 = 7/10; 2021 1/5 + 1/2 = 7/10.
  ['hull-north-2019', '4-of-10/all-for-selection', [T, T, T, T], '7/10', '7/10'],

  // Ilford South 2022: branches 10/10; affiliates 3 for, 17 against, 1 abstaining (3/20).
  // 1990 pooled (10 + 3)/(10 + 20) = 13/30 ≈ 43.3% ≯ 1/2: readopted. 2018 branches 10/10 ≥ 1/3.
  // 2021 10/10 × 1/2 + 3/20 × 1/2 = 1/2 + 3/40 = 23/40 = 57.5% > 1/2, the reported figure.
  ['ilford-south-2022', '10-of-10/3-of-21', [T, R, T, T], '13/30', '23/40'],
];

const frac = (f: Fraction | null): string | null => (f === null ? null : `${f.num}/${f.den}`);

describe('the real cases under the four Labour eras', () => {
  it('judges the eras in order: 1979, 1990, 2018, 2021', () => {
    expect(LABOUR_ERAS).toEqual([LABOUR_1979, LABOUR_1990, LABOUR_2018, LABOUR_2021]);
  });

  it('has exactly the readings worked out by hand, in order', () => {
    expect(REAL_CASES.flatMap((c) => readingsOf(c).map((r) => [c.id, r.id]))).toEqual(EXPECTED.map(([c, r]) => [c, r]));
  });

  for (const [caseId, readingId, outcomes, pooled, college] of EXPECTED) {
    it(`${caseId} ${readingId}: ${outcomes.join(', ')}`, () => {
      const j = judgeCase(caseById(caseId) as RealCase);
      const i = j.readings.findIndex((r) => r.reading.id === readingId);
      expect(j.readings[i].outcomes).toEqual(outcomes);
      const row = j.replay.rows[i];
      expect(row.outcomes.map((o) => o.outcome)).toEqual(outcomes);
      expect(frac(row.outcomes[1].score)).toBe(pooled);
      expect(frac(row.outcomes[3].score)).toBe(college);
      // Mandatory reselection compares nothing; 2018 judges each class alone, so has no single score.
      expect(row.outcomes[0].score).toBeNull();
      expect(row.outcomes[2].score).toBeNull();
    });
  }

  it('Ilford South under 2021 has the arithmetic the reports give: 57.5%', () => {
    const j = judgeCase(ILFORD_SOUTH_2022);
    expect(j.replay.rows[0].outcomes[3].arithmetic).toEqual([
      'branches: 10 of 10 voting want a selection = 100% × 50% = 50% of the college',
      'affiliates: 3 of 20 voting want a selection (1 abstained) = 15% × 50% = 7.5% of the college',
      'total 57.5% > 50%: triggered',
    ]);
  });
});

describe('what was reported, and what was assumed', () => {
  it('each case assumes exactly one reading, and it gives the reported outcome under the rulebook in force', () => {
    for (const c of REAL_CASES) {
      const j = judgeCase(c);
      const assumed = j.readings.filter((r) => r.reading.assumed);
      expect(assumed, c.id).toHaveLength(1);
      expect(assumed[0].reading.id).toBe(`${c.assumed.branches}/${c.assumed.affiliates}`);
      expect(assumed[0].matchesReport, c.id).toBe(true);
    }
    expect(readingsOf(BARKING_2019).find((r) => r.assumed)?.id).toBe('5-of-11/none');
    expect(readingsOf(HULL_NORTH_2019).find((r) => r.assumed)?.id).toBe('3-of-9/none');
  });

  it('only the Hull North readings of 3 of 10 without affiliates for a selection contradict a report', () => {
    const contradicting = REAL_CASES.flatMap((c) =>
      judgeCase(c)
        .readings.filter((r) => r.matchesReport === false)
        .map((r) => `${c.id} ${r.reading.id}`),
    );
    expect(contradicting).toEqual(['hull-north-2019 3-of-10/none', 'hull-north-2019 3-of-10/all-for-mp', 'hull-north-2019 3-of-10/like-branches']);
  });

  it('matchesReport is null when the rulebook in force is not judged', () => {
    const j = judgeCase(BARKING_2019, [LABOUR_1990, LABOUR_2021]);
    expect(j.readings.map((r) => r.matchesReport)).toEqual([null, null, null, null]);
    expect(j.readings.map((r) => r.outcomes)).toEqual([
      [R, R],
      [R, R],
      [R, R],
      [T, T],
    ]);
  });

  it('the reported counts: Barking 5 of 11; Hull North 3 or 4 of 10; Ilford South 10 of 10 and 3 of 21 with 1 abstaining', () => {
    const b = (c: RealCase) => Object.fromEntries(c.branchReadings.map((r) => [r.id, r.counts]));
    expect(b(BARKING_2019)).toEqual({ '5-of-11': { yes: 5, no: 6, abstain: 0, absent: 0 } });
    expect(b(HULL_NORTH_2019)).toEqual({
      '3-of-9': { yes: 3, no: 6, abstain: 0, absent: 1 },
      '3-of-10': { yes: 3, no: 7, abstain: 0, absent: 0 },
      '4-of-10': { yes: 4, no: 6, abstain: 0, absent: 0 },
    });
    expect(b(ILFORD_SOUTH_2022)).toEqual({ '10-of-10': { yes: 10, no: 0, abstain: 0, absent: 0 } });
    expect(readingsOf(ILFORD_SOUTH_2022)[0].affiliates).toEqual({ yes: 3, no: 17, abstain: 1, absent: 0 });
    for (const c of REAL_CASES)
      for (const r of c.branchReadings)
        expect(r.counts.yes + r.counts.no + r.counts.abstain + r.counts.absent, `${c.id} ${r.id}`).toBe(c === BARKING_2019 ? 11 : 10);
  });

  it('every case cites at least two sources, each with an address and what it reports', () => {
    for (const c of REAL_CASES) {
      expect(c.sources.length, c.id).toBeGreaterThanOrEqual(2);
      for (const s of c.sources) {
        expect(s.url).toMatch(/^https:\/\/[^\s]+$/);
        expect(s.date).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
        expect(s.reports.length).toBeGreaterThan(20);
      }
      expect(c.heldUnder.id).toBe(c.year < 2021 ? 'labour-2018' : 'labour-2021');
    }
  });
});

describe('claims the readings make in words', () => {
  const withAffiliates = (branches: Counts, affiliates: Counts) => unitsOf({ branches, affiliates });
  const outcomes = (branches: Counts, affiliates: Counts) => LABOUR_ERAS.map((rb) => evaluateTrigger(rb, withAffiliates(branches, affiliates)).outcome);

  it('"affiliates all for the MP": the same outcome under every era for any number of them from 1 to 26', () => {
    for (const c of [BARKING_2019, HULL_NORTH_2019]) {
      for (const b of c.branchReadings) {
        const modelled = outcomes(b.counts, { yes: 0, no: b.counts.yes + b.counts.no + b.counts.abstain + b.counts.absent, abstain: 0, absent: 0 });
        for (let n = 1; n <= 26; n++) expect(outcomes(b.counts, { yes: 0, no: n, abstain: 0, absent: 0 }), `${c.id} ${b.id} with ${n}`).toEqual(modelled);
      }
    }
  });

  it('"affiliates like the branches": every share is the branches\' share, so the outcomes are those of no affiliates voting', () => {
    for (const c of [BARKING_2019, HULL_NORTH_2019]) {
      const j = judgeCase(c);
      for (const b of c.branchReadings) {
        const like = j.readings.find((r) => r.reading.id === `${b.id}/like-branches`);
        const none = j.readings.find((r) => r.reading.id === `${b.id}/none`);
        expect(like?.outcomes, `${c.id} ${b.id}`).toEqual(none?.outcomes);
      }
    }
  });
});

describe('units and the replay CSV', () => {
  it('a reading becomes units named Branch n and Affiliated branch n, for a selection first', () => {
    const units = unitsOf({ branches: { yes: 1, no: 1, abstain: 0, absent: 1 }, affiliates: { yes: 0, no: 1, abstain: 1, absent: 0 } });
    expect(units).toEqual([
      { unit: 'Branch 1', class: 'branch', decision: 'yes' },
      { unit: 'Branch 2', class: 'branch', decision: 'no' },
      { unit: 'Branch 3', class: 'branch', decision: 'absent' },
      { unit: 'Affiliated branch 1', class: 'affiliate', decision: 'no' },
      { unit: 'Affiliated branch 2', class: 'affiliate', decision: 'abstain' },
    ]);
  });

  it('the CSV reads back, through the trigger evaluate reader, as the same constituencies and units', () => {
    const text = casesCsv(REAL_CASES);
    const rows = readUnitRows(text, 'cases.csv', 'constituency');
    const expected = REAL_CASES.flatMap(caseConstituencies).flatMap((c) => c.units.map((u) => [c.constituency, u]));
    expect(rows.map((r) => [r.group, r.result])).toEqual(expected);
    expect(new Set(rows.map((r) => r.group)).size).toBe(17);
  });

  for (const c of REAL_CASES) {
    it(`examples/real-cases/${c.id}.csv is the case rendered (regenerate: hustings simulate cases --format csv --case ${c.id})`, () => {
      expect(readFileSync(join(EXAMPLES, `${c.id}.csv`), 'utf8')).toBe(casesCsv([c]));
    });
  }
});

describe('the report', () => {
  it('text: marks the assumed reading *, a contradicting one !, and counts triggered readings per era', () => {
    const text = casesText([judgeCase(HULL_NORTH_2019)]);
    expect(text).toContain('Hull North 2019 (Diana Johnson), held under labour-2018: triggered\n');
    expect(text).toContain('  *  3 of 9 voting branches; no affiliates voted             triggered    readopted    triggered    readopted\n');
    expect(text).toContain('  !  3 of 10 branches; no affiliates voted                   triggered    readopted    readopted    readopted\n');
    expect(text).toContain('     triggered                                               12 of 12     3 of 12      9 of 12      3 of 12\n');
    expect(text).toContain('  ! contradicts the report: under labour-2018 it gives readopted; the reports say triggered\n');
    expect(text).toContain('      https://labourlist.org/2019/09/diana-johnson-becomes-first-labour-mp-to-be-triggered/\n');
    // Prose is wrapped at 100 columns; only table rows (columns two or more spaces apart) and addresses may be longer.
    const prose = text.split('\n').filter((l) => !l.includes('https://') && !/\S {2,}(triggered|readopted|labour-\d{4}|\d+ of \d+)/.test(l));
    expect(prose.length).toBeGreaterThan(20);
    for (const line of prose) expect([...line].length, line).toBeLessThanOrEqual(100);
  });

  it('text: a case with one reading has no triggered count and no contradiction note', () => {
    const text = casesText([judgeCase(ILFORD_SOUTH_2022)]);
    expect(text).toContain('  *  10 of 10 branches; 3 of 21 affiliates (1 abstaining)  triggered    readopted    triggered    triggered\n');
    expect(text).not.toContain('of 1 ');
    expect(text).not.toContain('contradicts');
  });

  it('json: every case × reading × era outcome, with what was assumed and the sources', () => {
    const json = casesJson(REAL_CASES.map((c) => judgeCase(c)));
    expect(json.rulebooks).toEqual(['labour-1979', 'labour-1990', 'labour-2018', 'labour-2021']);
    const table = json.cases.flatMap((c) =>
      c.readings.map((r) => [c.id, r.id, [r.outcomes['labour-1979'], r.outcomes['labour-1990'], r.outcomes['labour-2018'], r.outcomes['labour-2021']]]),
    );
    expect(table).toEqual(EXPECTED.map(([c, r, o]) => [c, r, o]));
    const hull = json.cases[1];
    expect(hull.assumed.reading).toBe('3-of-9/none');
    expect(hull.heldUnder).toBe('labour-2018');
    expect(hull.readings[4]).toMatchObject({
      id: '3-of-10/none',
      assumed: false,
      matchesReport: false,
      branches: { yes: 3, no: 7 },
      affiliates: { yes: 0, no: 0 },
    });
    expect(hull.sources).toHaveLength(3);
  });
});
