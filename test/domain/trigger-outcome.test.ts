import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONSERVATIVE_READOPTION, LABOUR_1979, LABOUR_1990, LABOUR_2018, LABOUR_2021, LIBDEM_READOPTION } from '../../src/domain/presets.js';
import type { Rulebook, TriggerCombine } from '../../src/domain/rulebook.js';
import {
  decisionOfMeeting,
  evaluateReadoptionAppeal,
  evaluateReadoptionMeeting,
  evaluateTrigger,
  type UnitDecision,
  type UnitResult,
} from '../../src/domain/trigger-outcome.js';

/** n units of a class with the given decisions, named prefix1, prefix2, … */
function units(cls: 'branch' | 'affiliate', counts: Partial<Record<UnitDecision, number>>, prefix: string = cls): UnitResult[] {
  const out: UnitResult[] = [];
  for (const decision of ['yes', 'no', 'abstain', 'absent'] as const) {
    for (let i = 0; i < (counts[decision] ?? 0); i++) out.push({ unit: `${prefix} ${decision} ${i + 1}`, class: cls, decision });
  }
  return out;
}

function withCombine(rb: Rulebook, combine: TriggerCombine): Rulebook {
  if (rb.incumbentReview.kind !== 'trigger-ballot') throw new Error('not a trigger ballot');
  return { ...rb, incumbentReview: { ...rb.incumbentReview, combine } };
}

describe('the worked checks in DESIGN.md', () => {
  it('Ilford South 2022 under the 2021 rules: 10 of 10 branches, 3 of 20 voting affiliates (1 abstained) = 57.5%: triggered', () => {
    const o = evaluateTrigger(LABOUR_2021, [...units('branch', { yes: 10 }), ...units('affiliate', { yes: 3, no: 17, abstain: 1 })]);
    expect(o.outcome).toBe('triggered');
    expect(o.score).toEqual({ num: 23, den: 40 });
    expect(o.classes.branch).toMatchObject({ yes: 10, no: 0, voting: 10, share: { num: 1, den: 1 } });
    expect(o.classes.affiliate).toMatchObject({ yes: 3, no: 17, abstain: 1, voting: 20, share: { num: 3, den: 20 } });
    expect(o.arithmetic).toEqual([
      'branches: 10 of 10 voting want a selection = 100% × 50% = 50% of the college',
      'affiliates: 3 of 20 voting want a selection (1 abstained) = 15% × 50% = 7.5% of the college',
      'total 57.5% > 50%: triggered',
    ]);
    expect(o.rulebook).toBe('labour-2021@1');
  });

  it('the 2018 rules: 9 branches, 6 vote, 2 want a selection: 2/6 ≥ 1/3: triggered', () => {
    const o = evaluateTrigger(LABOUR_2018, units('branch', { yes: 2, no: 4, absent: 3 }));
    expect(o.outcome).toBe('triggered');
    expect(o.classes.branch).toMatchObject({ votes: 9, voting: 6, share: { num: 1, den: 3 } });
    expect(o.arithmetic[0]).toBe('branches: 2 of 6 voting want a selection (3 did not vote) = 1/3 (about 33.33%) ≥ 1/3');
    expect(o.arithmetic.at(-1)).toBe('branches reach at least one third: triggered');
  });
});

describe('each preset exactly at and either side of its threshold', () => {
  it('labour-1990 (pooled, more than half; exactly half does not trigger by default)', () => {
    const at = evaluateTrigger(LABOUR_1990, [...units('branch', { yes: 3, no: 3 }), ...units('affiliate', { yes: 2, no: 2 })]);
    expect(at.outcome).toBe('readopted');
    expect(at.score).toEqual({ num: 1, den: 2 });
    expect(at.arithmetic.at(-1)).toBe('pooled: 5 of 10 voting units = 50%, not > 50%: readopted');
    expect(evaluateTrigger(LABOUR_1990, [...units('branch', { yes: 4, no: 2 }), ...units('affiliate', { yes: 2, no: 3 })]).outcome).toBe('triggered');
    expect(evaluateTrigger(LABOUR_1990, [...units('branch', { yes: 2, no: 4 }), ...units('affiliate', { yes: 2, no: 3 })]).outcome).toBe('readopted');
  });

  it('labour-1990 with the other reading (inclusive): exactly half triggers', () => {
    const inclusive = withCombine(LABOUR_1990, { kind: 'pooled', threshold: { share: { num: 1, den: 2 }, inclusive: true } });
    const o = evaluateTrigger(inclusive, [...units('branch', { yes: 3, no: 3 }), ...units('affiliate', { yes: 2, no: 2 })]);
    expect(o.outcome).toBe('triggered');
    expect(o.arithmetic.at(-1)).toBe('pooled: 5 of 10 voting units = 50% ≥ 50%: triggered');
  });

  it('labour-2018 (either class at least one third), for branches and for affiliates', () => {
    for (const cls of ['branch', 'affiliate'] as const) {
      const other = cls === 'branch' ? 'affiliate' : 'branch';
      const quiet = units(other, { no: 5 });
      expect(evaluateTrigger(LABOUR_2018, [...units(cls, { yes: 3, no: 6 }), ...quiet]).outcome).toBe('triggered'); // 1/3 exactly
      expect(evaluateTrigger(LABOUR_2018, [...units(cls, { yes: 3, no: 5 }), ...quiet]).outcome).toBe('triggered'); // 3/8
      expect(evaluateTrigger(LABOUR_2018, [...units(cls, { yes: 3, no: 7 }), ...quiet]).outcome).toBe('readopted'); // 3/10
    }
  });

  it('labour-2018: both classes just short of a third together do not add up', () => {
    const o = evaluateTrigger(LABOUR_2018, [...units('branch', { yes: 3, no: 7 }), ...units('affiliate', { yes: 3, no: 7 })]);
    expect(o.outcome).toBe('readopted');
    expect(o.arithmetic.at(-1)).toBe('neither branches nor affiliates reach at least one third: readopted');
  });

  it('labour-2021 (college, above 50%): exactly 50% is readopted, even when the shares are thirds', () => {
    // 1/3 × 1/2 + 2/3 × 1/2 = 1/2 exactly: binary floating point would not see it as a half.
    const at = evaluateTrigger(LABOUR_2021, [...units('branch', { yes: 1, no: 2 }), ...units('affiliate', { yes: 2, no: 1 })]);
    expect(at.score).toEqual({ num: 1, den: 2 });
    expect(at.outcome).toBe('readopted');
    expect(at.arithmetic.at(-1)).toBe('total 50% is not > 50%: readopted');
    const above = evaluateTrigger(LABOUR_2021, [...units('branch', { yes: 1, no: 2 }), ...units('affiliate', { yes: 7, no: 3 })]);
    expect(above.score).toEqual({ num: 31, den: 60 });
    expect(above.outcome).toBe('triggered');
    const below = evaluateTrigger(LABOUR_2021, [...units('branch', { yes: 1, no: 2 }), ...units('affiliate', { yes: 3, no: 2 })]);
    expect(below.score).toEqual({ num: 7, den: 15 });
    expect(below.outcome).toBe('readopted');
  });

  it('labour-1979 (mandatory reselection): always triggered, whatever the units decide', () => {
    for (const us of [units('branch', { no: 10 }), units('branch', { yes: 10 }), []]) {
      const o = evaluateTrigger(LABOUR_1979, us);
      expect(o.outcome).toBe('triggered');
      expect(o.threshold).toBeNull();
      expect(o.arithmetic.at(-1)).toBe('mandatory reselection: a full selection is held whatever the units decide: triggered');
    }
  });

  it('libdem and conservative readoption: more than half of those voting readopts', () => {
    for (const rb of [LIBDEM_READOPTION, CONSERVATIVE_READOPTION]) {
      const at = evaluateReadoptionMeeting(rb, { for: 20, against: 20, abstentions: 3, attendance: 45 });
      expect(at.ok && at.value.outcome).toBe('not-readopted');
      expect(at.ok && at.value.appeal).toBe('all-member-ballot');
      const above = evaluateReadoptionMeeting(rb, { for: 21, against: 20, abstentions: 0, attendance: 41 });
      expect(above.ok && above.value.outcome).toBe('readopted');
      expect(above.ok && above.value.appeal).toBeNull();
      const below = evaluateReadoptionMeeting(rb, { for: 19, against: 20, abstentions: 0, attendance: 41 });
      expect(below.ok && below.value.outcome).toBe('not-readopted');
    }
  });
});

describe('abstentions and absences', () => {
  it('drop out of the denominator', () => {
    const base = [...units('branch', { yes: 2, no: 4 }), ...units('affiliate', { yes: 1, no: 1 })];
    const more = [...base, ...units('branch', { abstain: 5, absent: 7 }, 'quiet branch'), ...units('affiliate', { abstain: 2, absent: 9 }, 'quiet affiliate')];
    for (const rb of [LABOUR_1990, LABOUR_2018, LABOUR_2021]) {
      const a = evaluateTrigger(rb, base);
      const b = evaluateTrigger(rb, more);
      expect(b.outcome).toBe(a.outcome);
      expect(b.score).toEqual(a.score);
      expect(b.classes.branch.voting).toBe(6);
    }
  });

  it('all abstaining or absent: no voting unit, so readopted, and the arithmetic says why', () => {
    const us = [...units('branch', { abstain: 4, absent: 3 }), ...units('affiliate', { absent: 5 })];
    for (const rb of [LABOUR_1990, LABOUR_2018, LABOUR_2021]) {
      const o = evaluateTrigger(rb, us);
      expect(o.outcome).toBe('readopted');
      expect(o.score).toBeNull();
      expect(o.arithmetic.at(-1)).toBe(
        'no unit voted (4 abstained, 8 did not vote): with no votes nothing can reach the threshold, so the incumbent is readopted',
      );
    }
    expect(evaluateTrigger(LABOUR_2021, []).outcome).toBe('readopted');
  });
});

describe('the electoral college when one class is silent', () => {
  const onlyBranches = [...units('branch', { yes: 3, no: 2 }), ...units('affiliate', { abstain: 2 })];

  it('reweight (the preset): the branches’ share is the whole result', () => {
    const o = evaluateTrigger(LABOUR_2021, onlyBranches);
    expect(o.outcome).toBe('triggered');
    expect(o.score).toEqual({ num: 3, den: 5 });
    expect(o.arithmetic).toContain("affiliates: none voted (2 abstained), so the branches' share is the whole result");
  });

  it('zero: the silent half counts as not wanting a selection', () => {
    const zero = withCombine(LABOUR_2021, {
      kind: 'college',
      weights: { branch: { num: 1, den: 2 }, affiliate: { num: 1, den: 2 } },
      threshold: { share: { num: 1, den: 2 }, inclusive: false },
      silentClass: 'zero',
    });
    const o = evaluateTrigger(zero, onlyBranches);
    expect(o.outcome).toBe('readopted');
    expect(o.score).toEqual({ num: 3, den: 10 });
  });

  it('unequal weights are applied exactly', () => {
    const college = withCombine(LABOUR_2021, {
      kind: 'college',
      weights: { branch: { num: 3, den: 5 }, affiliate: { num: 2, den: 5 } },
      threshold: { share: { num: 1, den: 2 }, inclusive: true },
    });
    // 1/2 × 3/5 + 1/2 × 2/5 = 1/2, inclusive: triggered
    const o = evaluateTrigger(college, [...units('branch', { yes: 1, no: 1 }), ...units('affiliate', { yes: 2, no: 2 })]);
    expect(o.score).toEqual({ num: 1, den: 2 });
    expect(o.outcome).toBe('triggered');
  });
});

describe('affiliates counted one vote per affiliate', () => {
  const perAffiliate: Rulebook =
    LABOUR_2018.incumbentReview.kind === 'trigger-ballot'
      ? { ...LABOUR_2018, incumbentReview: { ...LABOUR_2018.incumbentReview, affiliateCounting: 'per-affiliate' } }
      : LABOUR_2018;
  const results: UnitResult[] = [
    ...units('branch', { no: 6 }),
    { unit: 'Unite 1', class: 'affiliate', decision: 'yes', affiliate: 'Unite' },
    { unit: 'Unite 2', class: 'affiliate', decision: 'yes', affiliate: 'Unite' },
    { unit: 'Unite 3', class: 'affiliate', decision: 'no', affiliate: 'Unite' },
    { unit: 'GMB 1', class: 'affiliate', decision: 'yes', affiliate: 'GMB' },
    { unit: 'GMB 2', class: 'affiliate', decision: 'no', affiliate: 'GMB' },
    { unit: 'Unison 1', class: 'affiliate', decision: 'no', affiliate: 'Unison' },
    { unit: 'Unison 2', class: 'affiliate', decision: 'abstain', affiliate: 'Unison' },
    { unit: 'Fabians', class: 'affiliate', decision: 'absent' },
  ];

  it('each affiliate casts the majority of its branches; a tie follows the tie rule; an unnamed one stands alone', () => {
    const o = evaluateTrigger(perAffiliate, results);
    expect(o.affiliates).toEqual([
      { affiliate: 'Unite', branches: 3, yes: 2, no: 1, abstain: 0, absent: 0, decision: 'yes' },
      { affiliate: 'GMB', branches: 2, yes: 1, no: 1, abstain: 0, absent: 0, decision: 'no' },
      { affiliate: 'Unison', branches: 2, yes: 0, no: 1, abstain: 1, absent: 0, decision: 'no' },
      { affiliate: 'Fabians', branches: 1, yes: 0, no: 0, abstain: 0, absent: 1, decision: 'absent' },
    ]);
    expect(o.classes.affiliate).toMatchObject({ votes: 4, yes: 1, no: 2, absent: 1, voting: 3, share: { num: 1, den: 3 } });
    expect(o.outcome).toBe('triggered');
    expect(o.arithmetic).toContain('affiliate GMB: 2 branches, 1 yes, 1 no: a tie, counted as no');
    expect(o.arithmetic).toContain('affiliates (one vote each): 1 of 3 voting affiliates want a selection (1 did not vote) = 1/3 (about 33.33%) ≥ 1/3');
  });

  it('per branch, the same results are 3 of 6 voting affiliated branches', () => {
    const o = evaluateTrigger(LABOUR_2018, results);
    expect(o.affiliates).toBeNull();
    expect(o.classes.affiliate).toMatchObject({ votes: 8, yes: 3, no: 3, voting: 6 });
  });

  it('a tie counted as an abstention drops the affiliate out', () => {
    const abstaining: Rulebook =
      perAffiliate.incumbentReview.kind === 'trigger-ballot'
        ? { ...perAffiliate, incumbentReview: { ...perAffiliate.incumbentReview, unitVote: { tie: 'abstain' } } }
        : perAffiliate;
    const o = evaluateTrigger(abstaining, results);
    expect(o.affiliates?.find((a) => a.affiliate === 'GMB')?.decision).toBe('abstain');
    expect(o.classes.affiliate).toMatchObject({ yes: 1, no: 1, abstain: 1, voting: 2 });
  });
});

describe('misuse is refused', () => {
  it('a members-meeting rulebook holds no unit votes', () => {
    expect(() => evaluateTrigger(LIBDEM_READOPTION, [])).toThrow(/members' meeting/);
  });
  it('a unit listed twice', () => {
    expect(() => evaluateTrigger(LABOUR_2021, [...units('branch', { yes: 1 }), ...units('branch', { yes: 1 })])).toThrow(/appears twice/);
  });
});

describe('decisionOfMeeting', () => {
  const no = { tie: 'no' } as const;
  const abstain = { tie: 'abstain' } as const;

  it('a simple majority of those present who vote; abstentions count for neither side; no quorum', () => {
    expect(decisionOfMeeting(no, { for: 3, against: 2, abstentions: 10, attendance: 15 })).toEqual({
      ok: true,
      value: { decision: 'yes', reason: '3 for, 2 against, 10 abstaining, 15 present: a majority of those voting want a selection' },
    });
    expect(decisionOfMeeting(no, { for: 1, against: 0, abstentions: 0, attendance: 1 })).toMatchObject({ ok: true, value: { decision: 'yes' } });
    expect(decisionOfMeeting(no, { for: 4, against: 9, abstentions: 0, attendance: 20 })).toMatchObject({ ok: true, value: { decision: 'no' } });
  });

  it('a tie follows the rulebook', () => {
    expect(decisionOfMeeting(no, { for: 7, against: 7, abstentions: 1, attendance: 15 })).toMatchObject({
      ok: true,
      value: { decision: 'no', reason: '7 for, 7 against, 1 abstaining, 15 present: a tie, which this rulebook counts as a no' },
    });
    expect(decisionOfMeeting(abstain, { for: 7, against: 7, abstentions: 1, attendance: 15 })).toMatchObject({ ok: true, value: { decision: 'abstain' } });
  });

  it('nobody voting is an abstention; nobody attending is absent', () => {
    expect(decisionOfMeeting(no, { for: 0, against: 0, abstentions: 6, attendance: 6 })).toMatchObject({ ok: true, value: { decision: 'abstain' } });
    expect(decisionOfMeeting(no, { for: 0, against: 0, abstentions: 0, attendance: 0 })).toMatchObject({ ok: true, value: { decision: 'absent' } });
  });

  it('impossible figures are errors, with a message a secretary can act on', () => {
    expect(decisionOfMeeting(no, { for: 10, against: 5, abstentions: 1, attendance: 12 })).toEqual({
      ok: false,
      error: { code: 'invalid-meeting', message: '10 for, 5 against and 1 abstentions make 16, more than the 12 members present' },
    });
    expect(decisionOfMeeting(no, { for: -1, against: 0, abstentions: 0, attendance: 3 })).toMatchObject({ ok: false, error: { code: 'invalid-meeting' } });
    expect(decisionOfMeeting(no, { for: 1.5, against: 0, abstentions: 0, attendance: 3 })).toMatchObject({ ok: false });
  });
});

describe('readoption by a members’ meeting and the appeal', () => {
  it('not readopted → appeal; the appeal ballot decides by the same threshold', () => {
    const m = evaluateReadoptionMeeting(LIBDEM_READOPTION, { for: 30, against: 45, abstentions: 5, attendance: 82 });
    expect(m).toMatchObject({ ok: true, value: { outcome: 'not-readopted', appeal: 'all-member-ballot', share: { num: 2, den: 5 } } });
    if (m.ok)
      expect(m.value.arithmetic).toEqual([
        "members' meeting (82 present, 5 abstaining): 30 of 75 voting for readoption = 40%, not > 50%: not readopted",
        'the incumbent may appeal to a ballot of all members; without an appeal, a selection is held',
      ]);
    expect(evaluateReadoptionAppeal(LIBDEM_READOPTION, { for: 301, against: 300 })).toMatchObject({ ok: true, value: { outcome: 'readopted' } });
    expect(evaluateReadoptionAppeal(LIBDEM_READOPTION, { for: 300, against: 300 })).toMatchObject({ ok: true, value: { outcome: 'not-readopted' } });
  });

  it('a meeting where nobody votes does not readopt', () => {
    expect(evaluateReadoptionMeeting(CONSERVATIVE_READOPTION, { for: 0, against: 0, abstentions: 4, attendance: 4 })).toMatchObject({
      ok: true,
      value: { outcome: 'not-readopted', share: null },
    });
  });

  it('without an appeal, not readopted means a selection', () => {
    const noAppeal: Rulebook = {
      ...LIBDEM_READOPTION,
      incumbentReview: { kind: 'members-meeting', readoptThreshold: { share: { num: 1, den: 2 }, inclusive: false }, appeal: null },
    };
    const m = evaluateReadoptionMeeting(noAppeal, { for: 1, against: 2, abstentions: 0, attendance: 3 });
    expect(m).toMatchObject({ ok: true, value: { outcome: 'not-readopted', appeal: null } });
    if (m.ok) expect(m.value.arithmetic.at(-1)).toBe('a selection is held');
    expect(evaluateReadoptionAppeal(noAppeal, { for: 3, against: 1 })).toMatchObject({ ok: false, error: { code: 'no-appeal' } });
  });

  it('a rulebook without a members’ meeting, and impossible figures, are errors', () => {
    expect(evaluateReadoptionMeeting(LABOUR_2021, { for: 1, against: 0, abstentions: 0, attendance: 1 })).toMatchObject({
      ok: false,
      error: { code: 'wrong-rulebook' },
    });
    expect(evaluateReadoptionMeeting(LIBDEM_READOPTION, { for: 5, against: 5, abstentions: 0, attendance: 9 })).toMatchObject({
      ok: false,
      error: { code: 'invalid-meeting' },
    });
    expect(evaluateReadoptionAppeal(LIBDEM_READOPTION, { for: -2, against: 5 })).toMatchObject({ ok: false, error: { code: 'invalid-ballot' } });
  });
});

describe('properties: the outcome agrees with whole-number cross-multiplication', () => {
  const tally = fc.record({ yes: fc.nat(30), no: fc.nat(30), abstain: fc.nat(5), absent: fc.nat(5) });

  it('for every preset with a threshold', () => {
    fc.assert(
      fc.property(tally, tally, (b, a) => {
        const us = [...units('branch', b), ...units('affiliate', a)];
        const vb = b.yes + b.no;
        const va = a.yes + a.no;
        // 1990: pooled, strictly more than half.
        const pooled = vb + va > 0 && 2 * (b.yes + a.yes) > vb + va;
        expect(evaluateTrigger(LABOUR_1990, us).outcome).toBe(pooled ? 'triggered' : 'readopted');
        // 2018: either class at least one third.
        const either = (vb > 0 && 3 * b.yes >= vb) || (va > 0 && 3 * a.yes >= va);
        expect(evaluateTrigger(LABOUR_2018, us).outcome).toBe(either ? 'triggered' : 'readopted');
        // 2021: (yb/vb + ya/va)/2 > 1/2 ⇔ yb·va + ya·vb > vb·va; one silent class: the other alone.
        let college: boolean;
        if (vb > 0 && va > 0) college = b.yes * va + a.yes * vb > vb * va;
        else if (vb > 0) college = 2 * b.yes > vb;
        else if (va > 0) college = 2 * a.yes > va;
        else college = false;
        expect(evaluateTrigger(LABOUR_2021, us).outcome).toBe(college ? 'triggered' : 'readopted');
      }),
      { numRuns: 400 },
    );
  });
});
