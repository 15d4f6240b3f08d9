import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rational } from '../../src/count/arithmetic.js';
import { INACTIVE_REASONS } from '../../src/count/ballot-rules.js';
import { droopStv } from '../../src/count/methods/stv-droop.js';
import { OptionError, resolveOptions } from '../../src/count/options.js';
import type { CountRecord } from '../../src/count/record.js';
import { build, checkOneSeatElectsIrvWinner, checkRelabelling, eventsOf, makeElection as make, man, runner, spec, woman } from './helpers.js';

const run = runner(droopStv);

/**
 * The count is exact but the record shows values rounded down to `places`: each
 * stage's figures add up to the total less at most one unit of the last place per figure.
 */
function checkConservation(r: CountRecord, places = 6): void {
  const total = rational.parse(r.totalBallots);
  for (const s of r.stages) {
    const parts = [...Object.values(s.tally), ...INACTIVE_REASONS.map((why) => s.inactive[why]), s.lost];
    const sum = parts.reduce((a, v) => rational.add(a, rational.parse(v)), rational.zero);
    const short = rational.sub(total, sum);
    expect(rational.cmp(short, rational.zero), `stage ${s.number}`).toBeGreaterThanOrEqual(0);
    expect(rational.cmp(short, rational.divInt(rational.int(parts.length), 10n ** BigInt(places))), `stage ${s.number}`).toBeLessThan(0);
    expect(s.lost).toBe(rational.format(rational.zero, places));
  }
}

describe('Droop-quota STV by hand', () => {
  it('quota = valid ÷ (seats + 1) unrounded; a surplus moves every paper at surplus ÷ total', () => {
    // 18 votes, 2 seats: quota 6. A has 8: surplus 2, each of A's papers moves at 2/8.
    const r = run(
      make(['A', 'B', 'C', 'D'], 2, [
        { ranks: [0, 1], weight: 6 },
        { ranks: [0, 2], weight: 2 },
        { ranks: [1], weight: 3 },
        { ranks: [2], weight: 4 },
        { ranks: [3, 2], weight: 3 },
      ]),
    );
    checkConservation(r);
    expect(r.arithmetic).toBe('rational');
    expect(r.stages.map((s) => s.threshold)).toEqual(['6.000000', '6.000000', '6.000000']);
    expect(r.stages[0].elected).toEqual([0]);
    expect(r.stages[0].action).toEqual({
      kind: 'surplus',
      candidates: [0],
      transfers: { 0: '-2.000000', 1: '1.500000', 2: '0.500000' },
      inactive: {},
      lost: '0.000000',
      transferValues: ['0.250000'],
    });
    expect(eventsOf(r, 'surplus')).toEqual([{ type: 'surplus', stage: 1, candidate: 0, surplus: '2.000000' }]);
    // Stage 2: A keeps exactly the quota; D is lowest and all D's papers go to C.
    expect(r.stages[1].tally).toEqual({ 0: '6.000000', 1: '4.500000', 2: '4.500000', 3: '3.000000' });
    expect(r.stages[1].excluded).toEqual([3]);
    expect(r.stages[1].action).toMatchObject({ kind: 'exclusion', candidates: [3], transfers: { 2: '3.000000', 3: '-3.000000' } });
    // Stage 3: C has 7.5 > 6; the seats are filled.
    expect(r.stages[2].tally).toEqual({ 0: '6.000000', 1: '4.500000', 2: '7.500000' });
    expect(r.stages[2].elected).toEqual([2]);
    expect(r.elected).toEqual([0, 2]);
    expect(eventsOf(r, 'exclude').at(-1)).toEqual({ type: 'exclude', stage: 3, candidates: [1], reason: 'remaining seats filled' });
  });

  it('keeps exact fractions: papers at 1/3 of their value stay exactly 1/3', () => {
    // 9 votes, 1 seat: quota 4.5, and A's 6 exceed it at once.
    const r = run(
      make(['A', 'B', 'C'], 2, [
        { ranks: [0, 1], weight: 6 },
        { ranks: [1], weight: 1 },
        { ranks: [2], weight: 2 },
      ]),
      { seats: 1 },
    );
    checkConservation(r);
    expect(r.stages[0].threshold).toBe('4.500000');
    expect(r.elected).toEqual([0]);
    const r2 = run(
      make(['A', 'B', 'C'], 2, [
        { ranks: [0, 1], weight: 5 },
        { ranks: [1], weight: 2 },
        { ranks: [2], weight: 2 },
      ]),
      { displayPlaces: 9 },
    );
    checkConservation(r2, 9);
    // 9 votes, 2 seats: quota 3. A: surplus 2 of 5, value 2/5 → B 2 + 2 = 4 > 3.
    expect(r2.stages[1].tally).toEqual({ 0: '3.000000000', 1: '4.000000000', 2: '2.000000000' });
    expect(r2.stages[0].action?.transferValues).toEqual(['0.400000000']);
    expect(r2.elected).toEqual([0, 1]);
    // 7 votes, 2 seats: quota 7/3 = 2.333…, shown rounded down.
    const r3 = run(
      make(['A', 'B', 'C'], 2, [
        { ranks: [0, 1], weight: 4 },
        { ranks: [1], weight: 1 },
        { ranks: [2], weight: 2 },
      ]),
    );
    checkConservation(r3);
    expect(r3.stages[0].threshold).toBe('2.333333');
    // A's surplus 5/3 over 4 papers: each moves at 5/12, B gets 4 × 5/12 = 5/3, total 8/3 > 7/3.
    expect(r3.stages[0].action?.transferValues).toEqual(['0.416666']);
    expect(r3.stages[1].tally[1]).toBe('2.666666');
    expect(r3.elected).toEqual([0, 1]);
  });

  it('reaching the quota exactly is not enough: it must be exceeded', () => {
    // 6 votes, 2 seats: quota 2, and all three have exactly 2.
    const r = run(
      make(['A', 'B', 'C'], 2, [
        { ranks: [0], weight: 2 },
        { ranks: [1], weight: 2 },
        { ranks: [2], weight: 2 },
      ]),
      { tieBreak: 'order' },
    );
    expect(r.stages[0].elected).toEqual([]);
    expect(eventsOf(r, 'tie')[0]).toMatchObject({ stage: 1, purpose: 'exclusion', tied: [0, 1, 2], chosen: 2, rule: 'declared candidate order' });
    expect([...r.elected].sort()).toEqual([0, 1]);
    expect(eventsOf(r, 'elect').map((e) => e.reason)).toEqual(['remaining seats', 'remaining seats']);
  });

  it('breaks a tie for exclusion by the most recent earlier stage at which the candidates differed', () => {
    // 21 votes, 2 seats: quota 7. A 8 → surplus 1 at 1/8 to C. Stage 2: B 4, C 4, D 6.
    // B and C tie; at stage 1 C had fewer (3 < 4), so C is excluded.
    const r = run(
      make(['A', 'B', 'C', 'D'], 2, [
        { ranks: [0, 2], weight: 8 },
        { ranks: [1], weight: 4 },
        { ranks: [2], weight: 3 },
        { ranks: [3], weight: 6 },
      ]),
    );
    checkConservation(r);
    expect(r.stages[1].tally).toEqual({ 0: '7.000000', 1: '4.000000', 2: '4.000000', 3: '6.000000' });
    expect(eventsOf(r, 'tie')).toEqual([
      {
        type: 'tie',
        stage: 2,
        purpose: 'exclusion',
        tied: [1, 2],
        chosen: 2,
        rule: 'lowest votes at the most recent preceding stage at which the tied candidates differed (stage 1)',
      },
    ]);
    // C's papers have nowhere to go: 3 at 1 and 8 at 1/8 exhaust.
    expect(r.stages[2].inactive.exhausted).toBe('4.000000');
    expect(r.stages[2].action).toMatchObject({ kind: 'exclusion', candidates: [1] });
    expect(r.elected).toEqual([0, 3]);
  });

  it('transfers the largest surplus first, and breaks a tie between equal surpluses by earlier stages', () => {
    // 30 votes, 2 seats: quota 10. A 12 and B 12; A's papers go to C, B's to D.
    const e = make(['A', 'B', 'C', 'D'], 2, [
      { ranks: [0, 2], weight: 12 },
      { ranks: [1, 3], weight: 12 },
      { ranks: [2], weight: 3 },
      { ranks: [3], weight: 3 },
    ]);
    const r = run(e, { tieBreak: 'order', tieOrder: 'B,A,C,D' });
    expect(r.stages[0].elected).toEqual([1, 0]);
    expect(eventsOf(r, 'tie').map((t) => [t.purpose, t.chosen, t.rule])).toEqual([['election', 1, 'declared candidate order']]);
    // Both surpluses are 2 and there is no earlier stage: the declared order puts B first. Nothing else changes.
    const order = eventsOf(r, 'surplus');
    expect(order.length).toBe(0);
    expect(r.elected).toEqual([1, 0]);
    // 31 votes, 3 seats: quota 7.75. A's surplus 5.25 moves first, taking C to 7.25;
    // then B's 4.25, taking D to 8.25.
    const e3 = make(['A', 'B', 'C', 'D'], 3, [
      { ranks: [0, 2], weight: 13 },
      { ranks: [1, 3], weight: 12 },
      { ranks: [2], weight: 2 },
      { ranks: [3], weight: 4 },
    ]);
    const r3 = run(e3);
    checkConservation(r3);
    expect(eventsOf(r3, 'surplus').map((s) => [s.stage, s.candidate, s.surplus])).toEqual([
      [1, 0, '5.250000'],
      [2, 1, '4.250000'],
    ]);
    expect(r3.stages[1].tally[2]).toBe('7.250000');
    expect(r3.stages[2].tally[3]).toBe('8.250000');
    expect(r3.elected).toEqual([0, 1, 3]);
  });

  it('shows values to displayPlaces, rounded down; the count stays exact', () => {
    const e = make(['A', 'B', 'C'], 2, [
      { ranks: [0, 1], weight: 4 },
      { ranks: [1], weight: 1 },
      { ranks: [2], weight: 2 },
    ]);
    expect(run(e, { displayPlaces: 2 }).stages[0].threshold).toBe('2.33');
    expect(run(e, { displayPlaces: 0 }).stages[1].tally[1]).toBe('2');
    expect(run(e, { displayPlaces: 2 }).elected).toEqual(run(e).elected);
    expect(() => resolveOptions(droopStv.options, { displayPlaces: -1 }, droopStv.id)).toThrow(OptionError);
    expect(() => resolveOptions(droopStv.options, { precision: 5 }, droopStv.id)).toThrow(OptionError);
  });

  it('counts ballots with no usable first preference as inactive and leaves them out of the quota', () => {
    // Default overvote rule: an overvote at the first rank exhausts the ballot there.
    const r = run(
      make(['A', 'B', 'C'], 1, [
        { ranks: [[0, 1]], weight: 2 },
        { ranks: [0], weight: 3 },
        { ranks: [1], weight: 2 },
        { ranks: [2], weight: 1 },
      ]),
    );
    checkConservation(r);
    expect(r.stages[0].inactive.overvote).toBe('2.000000');
    expect(r.stages[0].threshold).toBe('3.000000');
    expect(r.totalBallots).toBe('8.000000');
  });

  it('ignores withdrawn candidates and says so', () => {
    const r = run(
      make(
        ['A', 'B', 'C'],
        1,
        [
          { ranks: [1, 0], weight: 3 },
          { ranks: [0], weight: 2 },
          { ranks: [2], weight: 1 },
        ],
        [1],
      ),
    );
    expect(r.stages[0].tally).toEqual({ 0: '5.000000', 2: '1.000000' });
    expect(eventsOf(r, 'exclude')[0]).toEqual({ type: 'exclude', stage: 1, candidates: [1], reason: 'withdrawn' });
    expect(r.elected).toEqual([0]);
  });
});

describe('Droop-quota STV with a minimum', () => {
  const candidates = [man('M1'), man('M2'), man('M3'), woman('W1')];
  const ballots = [
    { ranks: [0], weight: 30 },
    { ranks: [1], weight: 25 },
    { ranks: [2], weight: 20 },
    { ranks: [3], weight: 10 },
  ];

  it('without it the three men win', () => {
    expect(run(make(candidates, 3, ballots)).elected).toEqual([0, 1, 2]);
  });

  it('3 seats, at least 1 woman: once two men are elected, the man who would win is excluded for the constraint', () => {
    const r = run(make(candidates, 3, ballots), { minimum: 'gender=woman:1' });
    checkConservation(r);
    expect(r.stages[0].elected).toEqual([0, 1]);
    expect(r.stages[0].excluded).toEqual([2]);
    // The constraint exclusion goes before the pending surpluses.
    expect(r.stages[0].action).toMatchObject({ kind: 'exclusion', candidates: [2], inactive: { exhausted: '20.000000' } });
    expect(eventsOf(r, 'exclude')).toEqual([
      { type: 'exclude', stage: 1, candidates: [2], reason: 'constraint', underMinimum: { rules: [0], protected: [3] } },
    ]);
    expect(r.elected).toEqual([0, 1, 3]);
    expect(r.constraint?.rules).toEqual([{ attribute: 'gender', value: 'woman', minimum: 1 }]);
  });

  it('passes over a man who passes the quota when the last seat is owed to a woman', () => {
    // 2 seats, at least 1 woman; M1 and M2 both pass the quota (70/3) at stage 1.
    const c = [man('M1'), man('M2'), woman('W1')];
    const r = run(
      make(c, 2, [
        { ranks: [0], weight: 30 },
        { ranks: [1, 2], weight: 25 },
        { ranks: [2], weight: 15 },
      ]),
      { minimum: 'gender=woman:1' },
    );
    checkConservation(r);
    expect(r.stages[0].elected).toEqual([0]);
    expect(eventsOf(r, 'exclude')[0]).toEqual({
      type: 'exclude',
      stage: 1,
      candidates: [1],
      reason: 'constraint',
      underMinimum: { rules: [0], protected: [2] },
    });
    // M2's 25 papers go to W1 at full value.
    expect(r.stages[1].tally[2]).toBe('40.000000');
    expect(r.elected).toEqual([0, 2]);
  });

  it('never excludes the last woman as lowest while a seat is still owed to women', () => {
    const c = [man('M1'), man('M2'), man('M3'), man('M4'), woman('W1')];
    const b = [20, 19, 18, 17, 5].map((weight, i) => ({ ranks: [i], weight }));
    const r = run(make(c, 3, b), { minimum: 'gender=woman:1' });
    checkConservation(r);
    expect(eventsOf(r, 'exclude')).toEqual([
      // W1, with fewer votes, is protected: each man goes under the minimum, not as lowest.
      { type: 'exclude', stage: 2, candidates: [3], reason: 'constraint', underMinimum: { rules: [0], protected: [4] } },
      { type: 'exclude', stage: 3, candidates: [2], reason: 'constraint', underMinimum: { rules: [0], protected: [4] } },
    ]);
    expect(r.elected).toEqual([0, 1, 4]);
    expect(run(make(c, 3, b)).elected).not.toContain(4);
  });
});

// ---- Properties ---------------------------------------------------------------------

describe('Droop-quota STV properties', () => {
  it('votes are conserved at every stage: tally + inactive + lost = ballots (exact, shown rounded down)', () => {
    fc.assert(
      fc.property(spec, fc.integer({ min: 0, max: 12 }), (s, places) => {
        const r = run(build(s), { displayPlaces: places });
        checkConservation(r, places);
        expect(r.elected.length).toBe(s.seats);
        expect(new Set(r.elected).size).toBe(s.seats);
      }),
      { numRuns: 200 },
    );
  });

  it('nobody is elected on the quota without exceeding it, and an elected candidate keeps exactly the quota once the surplus moved', () => {
    fc.assert(
      fc.property(spec, (s) => {
        const r = run(build(s), { displayPlaces: 12 });
        for (const ev of eventsOf(r, 'elect')) {
          if (ev.reason === 'quota') expect(rational.cmp(rational.parse(ev.votes), rational.parse(r.stages[ev.stage - 1].threshold))).toBeGreaterThan(0);
        }
        for (const ev of eventsOf(r, 'surplus')) expect(r.stages[ev.stage].tally[ev.candidate]).toBe(r.stages[ev.stage].threshold);
      }),
      { numRuns: 200 },
    );
  });

  it('relabelling the candidates relabels the result', () => {
    checkRelabelling(run, 150);
  });

  it('with one seat it elects the IRV winner', () => {
    checkOneSeatElectsIrvWinner('stv-droop', 300);
  });
});
