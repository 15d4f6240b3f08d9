/**
 * Properties every count must have, checked on random elections (fast-check):
 * votes are conserved at every stage, relabelling candidates relabels the result,
 * and every single-seat preferential rule elects the IRV winner.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rational } from '../../src/count/arithmetic.js';
import { election, type Election } from '../../src/count/ballots.js';
import { count } from '../../src/count/methods/index.js';
import type { CountRecord } from '../../src/count/record.js';

interface Spec {
  candidates: number;
  seats: number;
  ballots: { ranks: number[]; weight: number }[];
}

const spec: fc.Arbitrary<Spec> = fc.integer({ min: 2, max: 6 }).chain((n) =>
  fc.record({
    candidates: fc.constant(n),
    seats: fc.integer({ min: 1, max: Math.max(1, n - 1) }),
    ballots: fc.array(
      fc.record({
        ranks: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: n }),
        weight: fc.integer({ min: 1, max: 30 }),
      }),
      { minLength: 1, maxLength: 30 },
    ),
  }),
);

/** A spec with a permutation of its candidates. */
const withPermutation: fc.Arbitrary<[Spec, number[]]> = spec.chain((s) =>
  fc.tuple(fc.constant(s), fc.shuffledSubarray([...Array(s.candidates).keys()], { minLength: s.candidates, maxLength: s.candidates })),
);

const NAMES = ['Ada', 'Bea', 'Cal', 'Dee', 'Eli', 'Fay'];

function build(s: Spec, perm: readonly number[] = NAMES.map((_, i) => i)): Election {
  // perm[i] is the new position of original candidate i.
  const candidates: string[] = new Array<string>(s.candidates);
  for (let i = 0; i < s.candidates; i++) candidates[perm[i]] = NAMES[i];
  return election({
    candidates,
    seats: s.seats,
    ballots: s.ballots.map((b) => ({ ranks: b.ranks.map((c) => perm[c]), weight: b.weight })),
  });
}

const byName = (rec: CountRecord): Record<string, string>[] =>
  rec.stages.map((st) => Object.fromEntries(Object.entries(st.tally).map(([c, v]) => [rec.candidates[Number(c)], v])));
const winners = (rec: CountRecord): string[] => rec.elected.map((c) => rec.candidates[c]);
const hasTie = (rec: CountRecord): boolean => rec.events.some((e) => e.type === 'tie');
const orderOpts = (s: Spec) => ({ tieBreak: 'order', tieOrder: NAMES.slice(0, s.candidates).join(',') });

const PREFERENTIAL = ['irv', 'stv-scottish', 'stv-ers97', 'stv-meek', 'stv-droop'] as const;
const MULTI = ['stv-scottish', 'stv-ers97', 'stv-meek', 'stv-droop'] as const;

describe('properties of every count', () => {
  it('votes are conserved at every stage: tally + inactive + lost = ballots', () => {
    fc.assert(
      fc.property(spec, (s) => {
        const e = build(s);
        for (const method of ['plurality', ...PREFERENTIAL]) {
          const seats = method === 'irv' || method === 'plurality' ? 1 : s.seats;
          const rec = count(e, method, { seats });
          for (const st of rec.stages) {
            const parts = [...Object.values(st.tally), ...Object.values(st.inactive), st.lost];
            const total = parts.reduce((a, v) => rational.add(a, rational.parse(v)), rational.zero);
            const diff = rational.sub(rational.int(e.ballots.total), total);
            // Exact rules must add up exactly; stv-droop's exact fractions are written to 6 places, rounded down.
            const slack = method === 'stv-droop' ? rational.divInt(rational.int(parts.length), 1_000_000n) : rational.zero;
            expect(rational.cmp(diff, rational.zero), `${method} stage ${st.number}`).toBeGreaterThanOrEqual(0);
            expect(rational.cmp(diff, slack), `${method} stage ${st.number}`).toBeLessThanOrEqual(0);
          }
          expect(rec.elected.length, method).toBe(seats);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('relabelling the candidates relabels the result', () => {
    fc.assert(
      fc.property(withPermutation, ([s, perm]) => {
        const a = build(s);
        const b = build(s, perm);
        for (const method of ['plurality', 'block', ...PREFERENTIAL]) {
          const seats = method === 'irv' || method === 'plurality' ? 1 : s.seats;
          const ra = count(a, method, { seats, ...orderOpts(s) });
          const rb = count(b, method, { seats, ...orderOpts(s) });
          expect(winners(rb), method).toEqual(winners(ra));
          expect(byName(rb), method).toEqual(byName(ra));
        }
      }),
      { numRuns: 100 },
    );
  });

  it('with one seat, every STV rule elects the IRV winner', () => {
    fc.assert(
      fc.property(spec, (s) => {
        const e = build(s);
        const irv = count(e, 'irv', orderOpts(s));
        fc.pre(!hasTie(irv));
        for (const method of MULTI) {
          const rec = count(e, method, { seats: 1, ...orderOpts(s) });
          if (hasTie(rec)) continue;
          expect(winners(rec), method).toEqual(winners(irv));
        }
      }),
      { numRuns: 200 },
    );
  });
});
