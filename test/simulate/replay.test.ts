import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONSERVATIVE_READOPTION, LABOUR_1979, LABOUR_1990, LABOUR_2018, LABOUR_2021, LIBDEM_READOPTION, PRESETS } from '../../src/domain/presets.js';
import type { Rulebook } from '../../src/domain/rulebook.js';
import { evaluateTrigger, type UnitDecision, type UnitResult } from '../../src/domain/trigger-outcome.js';
import {
  allRulebooks,
  byConstituency,
  columns,
  notReplayableReason,
  outcomeTable,
  replay,
  replayJson,
  replayText,
  replayable,
  wrap,
} from '../../src/simulate/replay.js';

function units(cls: 'branch' | 'affiliate', counts: Partial<Record<UnitDecision, number>>): UnitResult[] {
  const out: UnitResult[] = [];
  for (const decision of ['yes', 'no', 'abstain', 'absent'] as const) {
    for (let i = 0; i < (counts[decision] ?? 0); i++) out.push({ unit: `${cls} ${decision} ${i + 1}`, class: cls, decision });
  }
  return out;
}

/** Ilford South 2022 as reported: 10 of 10 branches; 3 of 21 affiliated branches, 17 against, 1 abstaining. */
const ILFORD = { constituency: 'Ilford South', units: [...units('branch', { yes: 10 }), ...units('affiliate', { yes: 3, no: 17, abstain: 1 })] };
/** 9 branches, 6 vote, 2 want a selection: the 2018 worked check (2/6 = 1/3, at the threshold). */
const EXACT_THIRD = { constituency: 'Exact third', units: units('branch', { yes: 2, no: 4, absent: 3 }) };

describe('replay', () => {
  it('judges each constituency under each rulebook exactly as evaluateTrigger does', () => {
    const rbs = [LABOUR_1979, LABOUR_1990, LABOUR_2018, LABOUR_2021];
    const r = replay([ILFORD, EXACT_THIRD], rbs);
    expect(r.rulebooks).toEqual(rbs);
    expect(r.notReplayed).toEqual([]);
    expect(r.rows.map((row) => row.constituency)).toEqual(['Ilford South', 'Exact third']);
    for (const [i, c] of [ILFORD, EXACT_THIRD].entries()) {
      expect(r.rows[i].outcomes).toEqual(rbs.map((rb) => evaluateTrigger(rb, c.units)));
    }
    // Ilford: 1979 mandatory; 1990 (10+3)/(10+20) = 13/30 ≈ 43.3%, not > 50%; 2018 branches 10/10 ≥ 1/3; 2021 50% + 7.5% = 57.5% > 50%.
    expect(r.rows[0].outcomes.map((o) => o.outcome)).toEqual(['triggered', 'readopted', 'triggered', 'triggered']);
    // Exact third: 1990 2/6 ≈ 33.3%, not > 50%; 2018 2/6 = 1/3 ≥ 1/3; 2021 no affiliates, so the branches' 1/3 is the whole college, not > 50%.
    expect(r.rows[1].outcomes.map((o) => o.outcome)).toEqual(['triggered', 'readopted', 'triggered', 'readopted']);
  });

  it("sets members'-meeting rulebooks aside with the reason, whatever their place in the list", () => {
    const r = replay([ILFORD], [LIBDEM_READOPTION, LABOUR_2021, CONSERVATIVE_READOPTION]);
    expect(r.rulebooks.map((rb) => rb.id)).toEqual(['labour-2021']);
    expect(r.notReplayed.map((n) => n.rulebook.id)).toEqual(['libdem-readoption', 'conservative-readoption']);
    expect(r.notReplayed[0].reason).toBe("Liberal Democrat readoption readopts by a vote at a members' meeting, which the units' decisions do not record");
    expect(r.rows[0].outcomes).toHaveLength(1);
  });

  it("all is every bundled rulebook of a party's reviews (not a union's postal ballot); the replayable ones are the four Labour eras", () => {
    expect(allRulebooks()).toEqual(PRESETS.filter((rb) => rb.id !== 'union-executive-statutory'));
    expect(allRulebooks().length).toBe(PRESETS.length - 1);
    expect(
      allRulebooks()
        .filter(replayable)
        .map((rb) => rb.id),
    ).toEqual(['labour-1979', 'labour-1990', 'labour-2018', 'labour-2021']);
    expect(notReplayableReason(LABOUR_1979)).toBeNull();
    expect(notReplayableReason(CONSERVATIVE_READOPTION)).toMatch(/members' meeting/);
  });

  it('refuses two rulebooks with one id, since outcomes are keyed by id', () => {
    const copy: Rulebook = { ...LABOUR_2021, name: 'A copy' };
    expect(() => replay([ILFORD], [LABOUR_2021, copy])).toThrow(/rulebook "labour-2021" is given twice/);
  });

  it('replays any rulebook, such as a custom one counting one vote per affiliate', () => {
    if (LABOUR_2018.incumbentReview.kind !== 'trigger-ballot') throw new Error('unreachable');
    const perAffiliate: Rulebook = {
      ...LABOUR_2018,
      id: 'per-affiliate',
      incumbentReview: { ...LABOUR_2018.incumbentReview, affiliateCounting: 'per-affiliate' },
    };
    // Branches 0 of 3; two Unite branches for and one GMB branch against: per branch 2/3 ≥ 1/3, per affiliate Unite yes, GMB no = 1/2 ≥ 1/3.
    const c = {
      constituency: 'Unions',
      units: [
        ...units('branch', { no: 3 }),
        { unit: 'Unite 1', class: 'affiliate', decision: 'yes', affiliate: 'Unite' },
        { unit: 'Unite 2', class: 'affiliate', decision: 'yes', affiliate: 'Unite' },
        { unit: 'GMB 1', class: 'affiliate', decision: 'no', affiliate: 'GMB' },
      ] as UnitResult[],
    };
    const r = replay([c], [LABOUR_2018, perAffiliate]);
    expect(r.rows[0].outcomes.map((o) => o.outcome)).toEqual(['triggered', 'triggered']);
    expect(r.rows[0].outcomes[1].affiliates?.map((a) => [a.affiliate, a.decision])).toEqual([
      ['Unite', 'yes'],
      ['GMB', 'no'],
    ]);
  });
});

describe('byConstituency', () => {
  it('groups rows by constituency in the order each first appears, keeping the rows in order', () => {
    const row = (constituency: string, unit: string, decision: UnitDecision) => ({ constituency, result: { unit, class: 'branch' as const, decision } });
    const groups = byConstituency([row('B', 'Ward 1', 'yes'), row('A', 'Ward 1', 'no'), row('B', 'Ward 2', 'no'), row('A', 'Ward 2', 'yes')]);
    expect(groups.map((g) => [g.constituency, g.units.map((u) => `${u.unit}:${u.decision}`)])).toEqual([
      ['B', ['Ward 1:yes', 'Ward 2:no']],
      ['A', ['Ward 1:no', 'Ward 2:yes']],
    ]);
  });
});

describe('rendering', () => {
  it('text: the table with a triggered count, the rules, what was set aside, then the arithmetic', () => {
    const text = replayText(replay([ILFORD, EXACT_THIRD], [LABOUR_1990, LABOUR_2021, LIBDEM_READOPTION]));
    expect(text).toBe(
      [
        'constituency  labour-1990  labour-2021',
        'Ilford South  readopted    triggered',
        'Exact third   readopted    readopted',
        'triggered     0 of 2       1 of 2',
        '',
        'Rules:',
        '  labour-1990  Labour 1990 pools branches and affiliates and triggers if more than half of the',
        '               voting units want a selection.',
        '  labour-2021  Labour 2021 combines branches and affiliates in a 50/50 electoral college and',
        '               triggers above 50%.',
        '',
        'Not replayed:',
        "  libdem-readoption: Liberal Democrat readoption readopts by a vote at a members' meeting, which the",
        "    units' decisions do not record.",
        '',
        'Ilford South',
        '  labour-1990: readopted',
        '    branches: 10 of 10 voting want a selection',
        '    affiliates: 3 of 20 voting want a selection (1 abstained)',
        '    pooled: 13 of 30 voting units = 13/30 (about 43.33%), not > 50%: readopted',
        '  labour-2021: triggered',
        '    branches: 10 of 10 voting want a selection = 100% × 50% = 50% of the college',
        '    affiliates: 3 of 20 voting want a selection (1 abstained) = 15% × 50% = 7.5% of the college',
        '    total 57.5% > 50%: triggered',
        '',
        'Exact third',
        '  labour-1990: readopted',
        '    branches: 2 of 6 voting want a selection (3 did not vote)',
        '    affiliates: 0 of 0 voting want a selection',
        '    pooled: 2 of 6 voting units = 1/3 (about 33.33%), not > 50%: readopted',
        '  labour-2021: readopted',
        '    branches: 2 of 6 voting want a selection (3 did not vote) = 1/3 (about 33.33%), the whole college',
        "    affiliates: none voted, so the branches' share is the whole result",
        '    total 1/3 (about 33.33%) is not > 50%: readopted',
        '',
      ].join('\n'),
    );
  });

  it('text: no triggered count for a single constituency', () => {
    expect(outcomeTable(replay([ILFORD], [LABOUR_2018]))).toEqual(['constituency  labour-2018', 'Ilford South  triggered']);
  });

  it('json: each constituency is exactly a name and its outcomes by rulebook id; the rest sits beside it', () => {
    const json = replayJson(replay([ILFORD, EXACT_THIRD], [LABOUR_1979, LABOUR_1990, LABOUR_2018, LABOUR_2021, CONSERVATIVE_READOPTION]));
    expect(json.constituencies).toEqual([
      {
        constituency: 'Ilford South',
        outcomes: { 'labour-1979': 'triggered', 'labour-1990': 'readopted', 'labour-2018': 'triggered', 'labour-2021': 'triggered' },
      },
      {
        constituency: 'Exact third',
        outcomes: { 'labour-1979': 'triggered', 'labour-1990': 'readopted', 'labour-2018': 'triggered', 'labour-2021': 'readopted' },
      },
    ]);
    for (const c of json.constituencies) expect(Object.keys(c)).toEqual(['constituency', 'outcomes']);
    expect(Object.keys(json)).toEqual(['constituencies', 'rulebooks', 'notReplayed', 'arithmetic']);
    expect(json.rulebooks.map((r) => r.id)).toEqual(['labour-1979', 'labour-1990', 'labour-2018', 'labour-2021']);
    expect(json.notReplayed).toEqual([
      {
        rulebook: 'conservative-readoption',
        reason: "Conservative readoption readopts by a vote at a members' meeting, which the units' decisions do not record",
      },
    ]);
    expect(json.arithmetic[0].constituency).toBe('Ilford South');
    expect(json.arithmetic[0].rulebooks['labour-2021'].at(-1)).toBe('total 57.5% > 50%: triggered');
    expect(json.arithmetic[1].rulebooks['labour-2018']).toEqual([
      'branches: 2 of 6 voting want a selection (3 did not vote) = 1/3 (about 33.33%) ≥ 1/3',
      'affiliates: none voted, so affiliates cannot trigger',
      'branches reach at least one third: triggered',
    ]);
  });

  it('columns pad every column but the last, by characters rather than bytes', () => {
    expect(
      columns([
        ['a', 'bb', 'c'],
        ['ccc', '×', 'd'],
      ]),
    ).toEqual(['a    bb  c', 'ccc  ×   d']);
  });

  it('wrap keeps every word, in order, and breaks only where a line would pass 100 columns', () => {
    const word = fc.stringMatching(/^[a-z×%]{1,30}$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 80 }), fc.constantFrom('', '  ', '  * note: '), (words, first) => {
        const lines = wrap(words.join(' '), first, '    ');
        expect(lines.join(' ').replace(/\s+/g, ' ').trim()).toBe(`${first}${words.join(' ')}`.replace(/\s+/g, ' ').trim());
        lines.forEach((l, i) => {
          const len = [...l].length;
          // A line is over 100 only when it holds a single word after its indent.
          if (len > 100) expect(l.trim().split(' ').length - (i === 0 ? first.trim().split(' ').filter(Boolean).length : 0)).toBe(1);
          // A break is never early: the next word would not have fitted.
          if (i < lines.length - 1) expect(len + 1 + [...lines[i + 1].trim().split(' ')[0]].length).toBeGreaterThan(100);
        });
      }),
    );
  });
});
