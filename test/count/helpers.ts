/**
 * Helpers shared by the counting rules' tests: running a rule with options given
 * as on the command line, building small elections, reading events out of a
 * record, and the random elections and properties every STV rule must satisfy.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { election, type Candidate, type Election, type Rank } from '../../src/count/ballots.js';
import type { CountMethod } from '../../src/count/method.js';
import { count } from '../../src/count/methods/index.js';
import { resolveOptions, type OptionValue } from '../../src/count/options.js';
import type { CountEvent, CountRecord } from '../../src/count/record.js';

export type Run = (e: Election, o?: Record<string, OptionValue>) => CountRecord;

/** Runs `method` with its options resolved as the command line would, defaults filled in. */
export const runner =
  (method: CountMethod): Run =>
  (e, o = {}) =>
    method.count(e, resolveOptions(method.options, o, method.id));

/** A ballot written by hand: candidate indexes (or several at one rank), `weight` copies. */
export type BallotSpec = { ranks: (number | Rank)[]; weight?: number };

/** A multi-seat election written by hand. */
export const makeElection = (candidates: (string | Candidate)[], seats: number, ballots: BallotSpec[], withdrawn: number[] = []): Election =>
  election({ candidates, seats, ballots, withdrawn });

export const eventsOf = <T extends CountEvent['type']>(r: CountRecord, type: T): Extract<CountEvent, { type: T }>[] =>
  r.events.filter((e): e is Extract<CountEvent, { type: T }> => e.type === type);

export const hasTie = (r: CountRecord): boolean => r.events.some((e) => e.type === 'tie');

export const man = (name: string): Candidate => ({ name, attributes: { gender: 'man' } });
export const woman = (name: string): Candidate => ({ name, attributes: { gender: 'woman' } });

// ---- Random elections ---------------------------------------------------------------

/** A random election by candidate index, named by `build`. */
export interface Spec {
  candidates: number;
  seats: number;
  ballots: { ranks: number[]; weight: number }[];
}

export const NAMES = ['Ada', 'Bea', 'Cal', 'Dee', 'Eli', 'Fay'];

/** 2 to 6 candidates, 1 seat to all of them, up to 25 distinct rankings of weight 1 to 40. */
export const spec: fc.Arbitrary<Spec> = fc.integer({ min: 2, max: 6 }).chain((n) =>
  fc.record({
    candidates: fc.constant(n),
    seats: fc.integer({ min: 1, max: n }),
    ballots: fc.array(
      fc.record({
        ranks: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: n }),
        weight: fc.integer({ min: 1, max: 40 }),
      }),
      { minLength: 1, maxLength: 25 },
    ),
  }),
);

/** The election of `s`, with candidate i (named NAMES[i]) moved to position perm[i]. */
export function build(s: Spec, perm: readonly number[] = NAMES.map((_, i) => i)): Election {
  const candidates: string[] = new Array<string>(s.candidates);
  for (let i = 0; i < s.candidates; i++) candidates[perm[i]] = NAMES[i];
  return election({ candidates, seats: s.seats, ballots: s.ballots.map((b) => ({ ranks: b.ranks.map((c) => perm[c]), weight: b.weight })) });
}

/** Ties broken by a declared order of names, so a relabelled election breaks them the same way. */
export const orderOpts = (s: Spec): Record<string, OptionValue> => ({ tieBreak: 'order', tieOrder: NAMES.slice(0, s.candidates).join(',') });

// ---- Properties ---------------------------------------------------------------------

/** Relabelling the candidates relabels the result: the same names elected and, stage by stage, the same figures by name. */
export function checkRelabelling(run: Run, numRuns: number): void {
  const withPerm = spec.chain((s) =>
    fc.tuple(fc.constant(s), fc.shuffledSubarray([...Array(s.candidates).keys()], { minLength: s.candidates, maxLength: s.candidates })),
  );
  fc.assert(
    fc.property(withPerm, ([s, perm]) => {
      const a = run(build(s), orderOpts(s));
      const b = run(build(s, perm), orderOpts(s));
      const names = (r: CountRecord): string[] => r.elected.map((c) => r.candidates[c]);
      const stages = (r: CountRecord): unknown[] =>
        r.stages.map((st) => ({
          tally: Object.fromEntries(Object.entries(st.tally).map(([c, v]) => [r.candidates[Number(c)], v])),
          elected: st.elected.map((c) => r.candidates[c]),
          excluded: st.excluded.map((c) => r.candidates[c]).sort(),
          threshold: st.threshold,
          inactive: st.inactive,
          lost: st.lost,
        }));
      expect(names(b)).toEqual(names(a));
      expect(stages(b)).toEqual(stages(a));
    }),
    { numRuns },
  );
}

/** With one seat, `methodId` elects the IRV winner wherever neither count needed a tie-break. */
export function checkOneSeatElectsIrvWinner(methodId: string, numRuns: number): void {
  fc.assert(
    fc.property(spec, (s) => {
      const e = build({ ...s, seats: 1 });
      const irv = count(e, 'irv', orderOpts(s));
      const stv = count(e, methodId, orderOpts(s));
      fc.pre(!hasTie(irv) && !hasTie(stv));
      expect(stv.elected).toEqual(irv.elected);
    }),
    { numRuns },
  );
}
