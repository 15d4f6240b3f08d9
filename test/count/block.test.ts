import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { election, type Candidate, type Election, type Rank } from '../../src/count/ballots.js';
import { blockVote } from '../../src/count/methods/block.js';
import { OptionError, resolveOptions, type OptionValue } from '../../src/count/options.js';
import type { CountEvent, CountRecord } from '../../src/count/record.js';

const count = (e: Election, o: Record<string, OptionValue> = {}): CountRecord => blockVote.count(e, resolveOptions(blockVote.options, o, 'block'));
type B = { ranks: (number | Rank)[]; weight?: number };
const make = (candidates: (string | Candidate)[], ballots: B[], extra: { withdrawn?: number[]; seats?: number } = {}): Election =>
  election({ candidates, ballots, ...extra });
const eventsOf = <T extends CountEvent['type']>(r: CountRecord, type: T): Extract<CountEvent, { type: T }>[] =>
  r.events.filter((e): e is Extract<CountEvent, { type: T }> => e.type === type);

describe('block vote', () => {
  it('gives one vote to each marked candidate; the N with most win', () => {
    const e = make(
      ['A', 'B', 'C', 'D'],
      [
        { ranks: [0, 1], weight: 5 },
        { ranks: [2, 1], weight: 3 },
        { ranks: [3], weight: 4 },
        { ranks: [2, 0], weight: 2 },
      ],
      { seats: 2 },
    );
    const r = count(e);
    expect(r.method).toBe('block');
    expect(r.seats).toBe(2);
    expect(r.stages).toHaveLength(1);
    expect(r.stages[0]).toMatchObject({ number: 1, tally: { 0: '7', 1: '8', 2: '5', 3: '4' }, threshold: '0', elected: [1, 0], excluded: [] });
    expect(r.elected).toEqual([1, 0]);
    expect(eventsOf(r, 'elect')).toEqual([
      { type: 'elect', stage: 1, candidate: 1, reason: 'most votes', votes: '8' },
      { type: 'elect', stage: 1, candidate: 0, reason: 'most votes', votes: '7' },
    ]);
    expect(r.constraint).toBeUndefined();
    expect(r.options).toEqual({ seats: 2, minimum: null, tieBreak: 'lot', seed: 1, tieOrder: null });
  });

  it('reads a ballot as a set of marks: order, equal ranks and repeats do not matter', () => {
    const e = make(['A', 'B', 'C'], [{ ranks: [[0, 1]] }, { ranks: [1, [], 1] }, { ranks: [2, 2] }], { seats: 2 });
    expect(count(e).stages[0].tally).toEqual({ 0: '1', 1: '2', 2: '1' });
  });

  it('a ballot marking more than N candidates is void (overvote); a blank one is exhausted', () => {
    const e = make(['A', 'B', 'C'], [{ ranks: [0, 1, 2], weight: 2 }, { ranks: [0, 1] }, { ranks: [] }, { ranks: [[0, 1, 2]] }], { seats: 2 });
    const r = count(e);
    expect(r.stages[0].tally).toEqual({ 0: '1', 1: '1', 2: '0' });
    expect(r.stages[0].inactive).toEqual({ exhausted: '1', overvote: '3', skippedRanks: '0', repeatedRanking: '0' });
    expect(r.totalBallots).toBe('5');
  });

  it('ignores withdrawn candidates, including when counting marks', () => {
    const e = make(['A', 'B', 'C'], [{ ranks: [0, 1, 2] }, { ranks: [1] }], { seats: 1, withdrawn: [1] });
    const r = count(e);
    expect(r.stages[0].tally).toEqual({ 0: '0', 2: '0' });
    expect(r.stages[0].inactive).toMatchObject({ overvote: '1', exhausted: '1' });
    const two = count(make(['A', 'B', 'C'], [{ ranks: [0, 1, 2] }], { seats: 2, withdrawn: [1] }));
    expect(two.stages[0].tally).toEqual({ 0: '1', 2: '1' });
    expect(two.elected).toEqual([0, 2]);
  });

  it('a tie for the last seat is settled by the tie-break and recorded', () => {
    const e = make(['A', 'B', 'C'], [{ ranks: [0, 1] }, { ranks: [0, 2] }], { seats: 2 });
    const r = count(e, { seed: 5 });
    const [tie] = eventsOf(r, 'tie');
    expect(tie).toMatchObject({ stage: 1, purpose: 'election', tied: [1, 2], rule: 'lot (seed 5, draw 1, among B, C)' });
    expect(r.elected).toEqual([0, tie.chosen]);
    expect(count(e, { seed: 5 }).elected).toEqual(r.elected);
    const o = count(e, { tieBreak: 'order', tieOrder: 'A,C,B' });
    expect(o.elected).toEqual([0, 2]);
    expect(eventsOf(o, 'tie')[0].rule).toBe('declared candidate order');
  });

  it('a tie that every tied candidate survives is no tie', () => {
    const e = make(['A', 'B', 'C'], [{ ranks: [0, 1] }, { ranks: [2] }], { seats: 3 });
    const r = count(e);
    expect(eventsOf(r, 'tie')).toEqual([]);
    expect(r.elected).toEqual([0, 1, 2]);
  });

  it('needs the seats from --seats or the file', () => {
    const e = make(['A', 'B'], [{ ranks: [0] }]);
    expect(() => count(e)).toThrow(/needs --seats/);
    expect(count(e, { seats: 1 }).elected).toEqual([0]);
    expect(() => count(e, { seats: 3 })).toThrow(OptionError);
  });
});

describe('block vote: minimum representation', () => {
  const man = (name: string): Candidate => ({ name, attributes: { gender: 'man' } });
  const woman = (name: string): Candidate => ({ name, attributes: { gender: 'woman' } });
  // Votes: M1 10, M2 9, W1 8, M3 7, W2 6. Three seats, at least two to women.
  const e = make(
    [man('M1'), man('M2'), woman('W1'), man('M3'), woman('W2')],
    [
      { ranks: [0], weight: 10 },
      { ranks: [1], weight: 9 },
      { ranks: [2], weight: 8 },
      { ranks: [3], weight: 7 },
      { ranks: [4], weight: 6 },
    ],
    { seats: 3 },
  );

  it('without it, the three with most votes win', () => {
    expect(count(e).elected).toEqual([0, 1, 2]);
  });

  it('once the minimum binds, candidates outside the group are passed over and recorded', () => {
    const r = count(e, { minimum: 'gender=woman:2' });
    expect(r.elected).toEqual([0, 2, 4]);
    // W1 and W2, with fewer votes than M2, take the seats: the record names them and the minimum.
    expect(eventsOf(r, 'exclude')).toEqual([
      { type: 'exclude', stage: 1, candidates: [1, 3], reason: 'constraint', underMinimum: { rules: [0], protected: [2, 4] } },
    ]);
    expect(r.stages[0].excluded).toEqual([1, 3]);
    expect(r.constraint?.rules).toEqual([{ attribute: 'gender', value: 'woman', minimum: 2 }]);
    expect(r.constraint?.enforcement).toMatch(/exclude when binding/);
    // The votes themselves are not changed by the constraint.
    expect(r.stages[0].tally).toEqual({ 0: '10', 1: '9', 2: '8', 3: '7', 4: '6' });
  });

  it('a minimum the votes meet anyway changes no winner, though its binding is still recorded', () => {
    const r = count(e, { minimum: 'gender=woman:1' });
    expect(r.elected).toEqual([0, 1, 2]);
    // After M1 and M2 the last seat is owed to a woman, so M3 is passed over before W1 is reached.
    expect(eventsOf(r, 'exclude')).toEqual([{ type: 'exclude', stage: 1, candidates: [3], reason: 'constraint', underMinimum: { rules: [0], protected: [] } }]);
  });

  it('several minimums at once', () => {
    const r = count(e, { minimum: 'gender=woman:2;gender=man:1' });
    expect(r.elected).toEqual([0, 2, 4]);
  });

  it('a tie inside the group is still broken and recorded', () => {
    const t = make(
      [man('M1'), woman('W1'), woman('W2'), man('M2')],
      [{ ranks: [0], weight: 5 }, { ranks: [3] }, { ranks: [1], weight: 2 }, { ranks: [2], weight: 2 }],
      { seats: 2 },
    );
    const r = count(t, { minimum: 'gender=woman:1', tieBreak: 'order' });
    expect(r.elected).toEqual([0, 1]);
    expect(eventsOf(r, 'exclude')).toEqual([{ type: 'exclude', stage: 1, candidates: [3], reason: 'constraint', underMinimum: { rules: [0], protected: [] } }]);
    expect(eventsOf(r, 'tie')).toEqual([{ type: 'tie', stage: 1, purpose: 'election', tied: [1, 2], chosen: 1, rule: 'declared candidate order' }]);
  });

  it('rejects a minimum that cannot be met, or that is not well formed', () => {
    expect(() => count(e, { minimum: 'gender=woman:3' })).toThrow(/cannot be met/);
    expect(() => count(e, { minimum: 'women>2' })).toThrow(OptionError);
    expect(() => count(e, { minimum: 'gender=woman:2;gender=man:2' })).toThrow(/cannot all be met with 3 seats/);
  });

  it('always meets every minimum it accepts', () => {
    const arb = fc.record({
      genders: fc.array(fc.constantFrom('man', 'woman'), { minLength: 2, maxLength: 7 }),
      votes: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 7, maxLength: 7 }),
      seats: fc.integer({ min: 1, max: 4 }),
      minimum: fc.integer({ min: 0, max: 4 }),
    });
    fc.assert(
      fc.property(arb, ({ genders, votes, seats, minimum }) => {
        const women = genders.filter((g) => g === 'woman').length;
        if (seats > genders.length || minimum > seats || minimum > women) return;
        const t = make(
          genders.map((g, c) => ({ name: 'C' + c, attributes: { gender: g } })),
          genders.map((_, c) => ({ ranks: [c], weight: votes[c] + 1 })),
          { seats },
        );
        const r = count(t, { minimum: `gender=woman:${minimum}` });
        expect(r.elected).toHaveLength(seats);
        expect(new Set(r.elected).size).toBe(seats);
        expect(r.elected.filter((c) => genders[c] === 'woman').length).toBeGreaterThanOrEqual(minimum);
      }),
      { numRuns: 300 },
    );
  });
});
