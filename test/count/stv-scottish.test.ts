import { describe, expect, it } from 'vitest';
import { election } from '../../src/count/ballots.js';
import { scottishStv } from '../../src/count/methods/stv-scottish.js';
import { resolveOptions, type OptionValue } from '../../src/count/options.js';
import type { Election } from '../../src/count/ballots.js';
import type { CountRecord } from '../../src/count/record.js';
import { fixed } from '../../src/count/arithmetic.js';

const ar = fixed(5);
const count = (e: Election, _method: 'stv-scottish', opts: Record<string, OptionValue> = {}): CountRecord =>
  scottishStv.count(e, resolveOptions(scottishStv.options, opts, scottishStv.id));
const names = (rec: CountRecord, cs: readonly number[]): string[] => cs.map((c) => rec.candidates[c]);

describe('Scottish STV, small cases worked by hand', () => {
  // 3 candidates, 1 seat: 9 ballots, quota ⌊9/2⌋+1 = 5.
  it('excludes the lowest and elects on quota', () => {
    const e = election({
      candidates: ['A', 'B', 'C'],
      seats: 1,
      ballots: [
        { ranks: [0], weight: 4 },
        { ranks: [1, 0], weight: 3 },
        { ranks: [2, 1], weight: 2 },
      ],
    });
    const rec = count(e, 'stv-scottish');
    expect(rec.stages[0].threshold).toBe('5.00000');
    expect(rec.stages[0].excluded).toEqual([2]);
    expect(rec.stages[1].tally).toEqual({ 0: '4.00000', 1: '5.00000' });
    expect(names(rec, rec.elected)).toEqual(['B']);
  });

  // 2 seats, 12 ballots: quota ⌊12/3⌋+1 = 5. A has 8 (surplus 3):
  // transfer value 3 × 1 ÷ 8 = 0.375 for each of A's papers.
  it('moves every paper of a surplus at surplus × value ÷ total, truncated to 5 places', () => {
    const e = election({
      candidates: ['A', 'B', 'C', 'D'],
      seats: 2,
      ballots: [
        { ranks: [0, 1], weight: 5 },
        { ranks: [0, 2], weight: 2 },
        { ranks: [0], weight: 1 },
        { ranks: [2], weight: 2 },
        { ranks: [3], weight: 2 },
      ],
    });
    const rec = count(e, 'stv-scottish');
    const s2 = rec.stages[1];
    // B: 5 × 0.375 = 1.875; C: 2 + 2 × 0.375 = 2.75; non-transferable 1 × 0.375.
    expect(s2.tally).toEqual({ 0: '5.00000', 1: '1.87500', 2: '2.75000', 3: '2.00000' });
    expect(s2.inactive.exhausted).toBe('0.37500');
    expect(rec.stages[0].action?.transferValues).toEqual(['0.37500']);
  });

  it('records loss to truncation and conserves votes', () => {
    // quota ⌊7/3⌋+1 = 3; A has 7, surplus 4; TV = 4/7 = 0.57142 (remainder ignored).
    const e = election({
      candidates: ['A', 'B', 'C'],
      seats: 2,
      ballots: [
        { ranks: [0, 1], weight: 4 },
        { ranks: [0, 2], weight: 3 },
      ],
    });
    const rec = count(e, 'stv-scottish');
    // B 4 × 0.57142 = 2.28568, C 3 × 0.57142 = 1.71426; 4 − 3.99994 = 0.00006 lost.
    expect(rec.stages[1].tally).toEqual({ 0: '3.00000', 1: '2.28568', 2: '1.71426' });
    expect(rec.stages[1].lost).toBe('0.00006');
  });

  it('breaks an exclusion tie by the most recent preceding stage at which the candidates differed', () => {
    // 2 seats; quota ⌊21/3⌋+1 = 8. Stage 1: A 10, B 4, C 3, D 4.
    // A's surplus of 2 (TV 0.2) gives C 1.0 → stage 2: B 4, C 4, D 4.
    // All three tied at stage 2; at stage 1 (most recent preceding where they differed) C had fewest → C excluded.
    const e = election({
      candidates: ['A', 'B', 'C', 'D'],
      seats: 2,
      ballots: [
        { ranks: [0, 2], weight: 5 },
        { ranks: [0], weight: 5 },
        { ranks: [1], weight: 4 },
        { ranks: [2, 3], weight: 3 },
        { ranks: [3], weight: 4 },
      ],
    });
    const rec = count(e, 'stv-scottish');
    expect(rec.stages[1].tally).toEqual({ 0: '8.00000', 1: '4.00000', 2: '4.00000', 3: '4.00000' });
    const tie = rec.events.find((x) => x.type === 'tie');
    expect(tie).toMatchObject({ type: 'tie', purpose: 'exclusion', tied: [1, 2, 3], chosen: 2 });
    expect(tie && tie.type === 'tie' ? tie.rule : '').toMatch(/most recent preceding stage/);
    expect(rec.stages[1].excluded).toEqual([2]);
  });

  it('settles a tie with no history by a seeded lot, the same every time', () => {
    const e = election({
      candidates: ['A', 'B', 'C'],
      seats: 1,
      ballots: [
        { ranks: [0], weight: 3 },
        { ranks: [1], weight: 2 },
        { ranks: [2], weight: 2 },
      ],
    });
    const a = count(e, 'stv-scottish', { seed: 7 });
    const b = count(e, 'stv-scottish', { seed: 7 });
    expect(a).toEqual(b);
    const tie = a.events.find((x) => x.type === 'tie');
    expect(tie && tie.type === 'tie' ? tie.rule : '').toMatch(/^lot \(seed 7, draw 1/);
    const byOrder = count(e, 'stv-scottish', { tieBreak: 'order', tieOrder: 'A,C,B' });
    expect(byOrder.stages[0].excluded).toEqual([1]);
  });

  it('elects the continuing candidates when they are as many as the seats left, without a further stage', () => {
    // quota ⌊9/3⌋+1 = 4: A is elected with no surplus; C is excluded; B is then the only one left for the last seat.
    const e = election({
      candidates: ['A', 'B', 'C'],
      seats: 2,
      ballots: [
        { ranks: [0], weight: 4 },
        { ranks: [1], weight: 3 },
        { ranks: [2], weight: 2 },
      ],
    });
    const rec = count(e, 'stv-scottish');
    expect(rec.stages).toHaveLength(2);
    expect(names(rec, rec.elected)).toEqual(['A', 'B']);
    expect(rec.events.filter((x) => x.type === 'elect').map((x) => (x.type === 'elect' ? x.reason : ''))).toEqual(['quota', 'remaining seats']);
  });

  it('passes over candidates outside a group once a minimum binds', () => {
    const w = (name: string) => ({ name, attributes: { gender: 'woman' } });
    const m = (name: string) => ({ name, attributes: { gender: 'man' } });
    const e = election({
      candidates: [m('A'), m('B'), w('C'), m('D')],
      seats: 2,
      ballots: [
        { ranks: [0, 1], weight: 6 },
        { ranks: [1], weight: 4 },
        { ranks: [2], weight: 2 },
        { ranks: [3, 2], weight: 2 },
      ],
    });
    const free = count(e, 'stv-scottish');
    expect(names(free, free.elected)).toEqual(['A', 'B']);
    const rec = count(e, 'stv-scottish', { minimum: 'gender=woman:1' });
    expect(names(rec, rec.elected)).toEqual(['A', 'C']);
    expect(rec.events.some((x) => x.type === 'exclude' && x.reason === 'constraint')).toBe(true);
    expect(rec.constraint?.rules).toEqual([{ attribute: 'gender', value: 'woman', minimum: 1 }]);
  });

  it('moves the papers of a candidate passed over for a minimum, even one who reached the quota', () => {
    const w = (name: string) => ({ name, attributes: { gender: 'woman' } });
    const m = (name: string) => ({ name, attributes: { gender: 'man' } });
    // quota ⌊13/3⌋+1 = 5: A (6) and B (5) both reach it, but one seat must go to a woman.
    const e = election({
      candidates: [m('A'), m('B'), w('C')],
      seats: 2,
      ballots: [
        { ranks: [0], weight: 6 },
        { ranks: [1, 2], weight: 5 },
        { ranks: [2], weight: 2 },
      ],
    });
    const rec = count(e, 'stv-scottish', { minimum: 'gender=woman:1' });
    expect(names(rec, rec.elected)).toEqual(['A', 'C']);
    expect(rec.stages[0].excluded).toEqual([1]);
    expect(rec.stages[1].tally).toEqual({ 0: '6.00000', 2: '7.00000' });
    expect(rec.events.find((x) => x.type === 'exclude')).toMatchObject({ candidates: [1], reason: 'constraint' });
  });

  it('keeps vote values exact: stage totals are sums of 5-place values', () => {
    const e = election({
      candidates: ['A', 'B', 'C', 'D'],
      seats: 2,
      ballots: [
        { ranks: [0, 1, 2], weight: 7 },
        { ranks: [1, 0], weight: 2 },
        { ranks: [2, 3], weight: 2 },
        { ranks: [3], weight: 1 },
      ],
    });
    const rec = count(e, 'stv-scottish');
    for (const s of rec.stages) {
      const sum =
        Object.values(s.tally).reduce((a, v) => a + ar.parse(v), 0n) + Object.values(s.inactive).reduce((a, v) => a + ar.parse(v), 0n) + ar.parse(s.lost);
      expect(ar.format(sum)).toBe('12.00000');
    }
  });
});
