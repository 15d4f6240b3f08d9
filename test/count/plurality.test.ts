import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { election, type Election, type Rank } from '../../src/count/ballots.js';
import { plurality } from '../../src/count/methods/plurality.js';
import { OptionError, resolveOptions, type OptionValue } from '../../src/count/options.js';
import { INACTIVE_REASONS } from '../../src/count/ballot-rules.js';
import type { CountEvent, CountRecord } from '../../src/count/record.js';

const count = (e: Election, o: Record<string, OptionValue> = {}): CountRecord => plurality.count(e, resolveOptions(plurality.options, o, 'plurality'));
type B = { ranks: (number | Rank)[]; weight?: number };
const make = (candidates: string[], ballots: B[], extra: { withdrawn?: number[]; seats?: number } = {}): Election =>
  election({ candidates, ballots, ...extra });
const ties = (r: CountRecord): Extract<CountEvent, { type: 'tie' }>[] => r.events.filter((e): e is Extract<CountEvent, { type: 'tie' }> => e.type === 'tie');

describe('plurality', () => {
  it('elects the candidate with most first marks, in a single stage', () => {
    const r = count(
      make(
        ['A', 'B', 'C'],
        [
          { ranks: [0, 1], weight: 3 },
          { ranks: [1], weight: 4 },
          { ranks: [2, 1], weight: 2 },
        ],
      ),
    );
    expect(r.method).toBe('plurality');
    expect(r.seats).toBe(1);
    expect(r.arithmetic).toBe('fixed(0)');
    expect(r.totalBallots).toBe('9');
    expect(r.stages).toHaveLength(1);
    expect(r.stages[0]).toMatchObject({ number: 1, tally: { 0: '3', 1: '4', 2: '2' }, threshold: '0', lost: '0', elected: [1], excluded: [] });
    expect(r.stages[0].action).toBeUndefined();
    expect(r.elected).toEqual([1]);
    expect(r.events).toEqual([{ type: 'elect', stage: 1, candidate: 1, reason: 'most votes', votes: '4' }]);
    expect(r.options).toEqual({ seats: 1, tieBreak: 'lot', seed: 1, tieOrder: null });
  });

  it('an overvote at the first mark does not count; a blank ballot is exhausted', () => {
    const r = count(make(['A', 'B'], [{ ranks: [[0, 1], 0], weight: 2 }, { ranks: [0, [0, 1]] }, { ranks: [] }, { ranks: [[], [], 1] }]));
    expect(r.stages[0].tally).toEqual({ 0: '1', 1: '1' });
    expect(r.stages[0].inactive).toEqual({ exhausted: '1', overvote: '2', skippedRanks: '0', repeatedRanking: '0' });
    const sum =
      Object.values(r.stages[0].tally).reduce((a, v) => a + BigInt(v), 0n) + INACTIVE_REASONS.reduce((a, why) => a + BigInt(r.stages[0].inactive[why]), 0n);
    expect(sum).toBe(5n);
  });

  // Changed: a withdrawn candidate's mark inside an overvote used to be dropped; RCTab reads it as an overvote still.
  it('a withdrawn candidate alone at a rank is as if not marked (the next mark counts); beside another mark it still makes an overvote', () => {
    const r = count(make(['A', 'B', 'C'], [{ ranks: [1, 2], weight: 3 }, { ranks: [0], weight: 3 }, { ranks: [[1, 0]] }, { ranks: [1] }], { withdrawn: [1] }));
    expect(r.stages[0].tally).toEqual({ 0: '3', 2: '3' });
    expect(r.stages[0].inactive.exhausted).toBe('1');
    expect(r.stages[0].inactive.overvote).toBe('1');
    expect(r.elected.length).toBe(1);
    expect(ties(r)).toHaveLength(1);
  });

  it('a tie for the seat is settled by a seeded lot and recorded', () => {
    const e = make(['A', 'B', 'C'], [{ ranks: [0], weight: 2 }, { ranks: [1], weight: 2 }, { ranks: [2] }]);
    const r = count(e, { seed: 3 });
    const [tie] = ties(r);
    expect(tie).toMatchObject({ type: 'tie', stage: 1, purpose: 'election', tied: [0, 1], rule: 'lot (seed 3, draw 1, among A, B)' });
    expect(r.elected).toEqual([tie.chosen]);
    expect(count(e, { seed: 3 }).elected).toEqual(r.elected);
    const winners = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => count(e, { seed }).elected[0]));
    expect(winners).toEqual(new Set([0, 1]));
  });

  it('a tie settled by declared order favours the candidate listed first', () => {
    const e = make(['A', 'B', 'C'], [{ ranks: [0], weight: 2 }, { ranks: [1], weight: 2 }, { ranks: [2] }]);
    expect(count(e, { tieBreak: 'order' }).elected).toEqual([0]);
    const r = count(e, { tieBreak: 'order', tieOrder: 'C,B,A' });
    expect(r.elected).toEqual([1]);
    expect(ties(r)[0].rule).toBe('declared candidate order');
  });

  it('with N seats, the N with most votes win, in order of votes', () => {
    const e = make(
      ['A', 'B', 'C', 'D'],
      [
        { ranks: [0], weight: 1 },
        { ranks: [1], weight: 5 },
        { ranks: [2], weight: 3 },
        { ranks: [3], weight: 3 },
      ],
    );
    const two = count(e, { seats: 2, tieBreak: 'order' });
    expect(two.elected).toEqual([1, 2]);
    expect(ties(two)).toEqual([{ type: 'tie', stage: 1, purpose: 'election', tied: [2, 3], chosen: 2, rule: 'declared candidate order' }]);
    const three = count(e, { seats: 3 });
    expect(three.elected).toEqual([1, 2, 3]);
    expect(ties(three)).toEqual([]);
  });

  it('takes the seats from the file when --seats is not given, and checks them', () => {
    const e = make(['A', 'B', 'C'], [{ ranks: [0], weight: 3 }, { ranks: [1], weight: 2 }, { ranks: [2] }], { seats: 2 });
    expect(count(e).elected).toEqual([0, 1]);
    expect(count(e, { seats: 1 }).elected).toEqual([0]);
    expect(() => count(e, { seats: 4 })).toThrow(OptionError);
    expect(() => count(e, { maxSkippedRanks: 1 })).toThrow(OptionError);
  });

  it('counts each ballot once, for its first standing mark', () => {
    const arb = fc.array(fc.record({ ranks: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 }), weight: fc.integer({ min: 1, max: 9 }) }), {
      maxLength: 30,
    });
    fc.assert(
      fc.property(arb, fc.subarray([0, 1, 2, 3], { maxLength: 3 }), (ballots, withdrawn) => {
        const e = make(['A', 'B', 'C', 'D'], ballots, { withdrawn });
        const r = count(e, { tieBreak: 'order' });
        const expected = [0n, 0n, 0n, 0n];
        let blank = 0n;
        for (const b of ballots) {
          const first = b.ranks.find((c) => !withdrawn.includes(c));
          if (first === undefined) blank += BigInt(b.weight);
          else expected[first] += BigInt(b.weight);
        }
        expect(r.stages[0].tally).toEqual(Object.fromEntries(expected.map((v, c) => [c, String(v)]).filter(([c]) => !withdrawn.includes(Number(c)))));
        expect(r.stages[0].inactive.exhausted).toBe(String(blank));
        const best = Math.max(...r.elected.map((c) => Number(expected[c])));
        for (const c of [0, 1, 2, 3]) if (!withdrawn.includes(c)) expect(Number(expected[c])).toBeLessThanOrEqual(best);
      }),
      { numRuns: 200 },
    );
  });
});
