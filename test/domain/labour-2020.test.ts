/**
 * Labour's 2020 leadership and deputy leadership elections, from the published figures in
 * examples/labour-leadership-2020.json (each with its source there): the nominations judged under
 * the labour-2018 preset give who reached the ballot in reality, for the leader's contest and the
 * deputy's; and the published rounds of the alternative vote add up (each eliminated candidate was
 * the lowest, transfers are never negative, nobody had a majority before the last round).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeLeadershipNominations, neededFor, type LeadershipNominationEntry } from '../../src/domain/leadership-nominations.js';
import { LABOUR_2018 } from '../../src/domain/presets.js';
import { leadershipRulesOf } from '../../src/domain/processes/leadership-steps.js';

interface Candidate {
  readonly name: string;
  readonly mps: number;
  readonly clps?: number;
  readonly affiliates?: number;
  readonly outcome: 'on the ballot' | 'not enough nominations' | 'withdrew';
}
interface Contest {
  readonly office: 'leader' | 'deputy leader';
  readonly candidates: readonly Candidate[];
  readonly rounds: readonly Readonly<Record<string, number>>[];
  readonly published: readonly Readonly<Record<string, string>>[];
  readonly elected: string;
}
interface Example {
  readonly sources: Readonly<Record<string, string>>;
  readonly thresholds: { readonly parliamentary: { readonly needed: number }; readonly constituency: { readonly needed: number } };
  readonly contests: readonly Contest[];
}

const example = JSON.parse(readFileSync(join(resolve(import.meta.dirname, '../..'), 'examples/labour-leadership-2020.json'), 'utf8')) as Example;
const contest = (office: Contest['office']) => example.contests.find((c) => c.office === office)!;

/** Every parliamentary party and number of CLPs whose 10% and 5% are the published 22 and 33. */
const PARLIAMENTARY_PARTIES = Array.from({ length: 30 }, (_, i) => 200 + i).filter((n) => neededFor({ num: 10, den: 100 }, n) === 22);
const CONSTITUENCY_PARTIES = Array.from({ length: 60 }, (_, i) => 620 + i).filter((n) => neededFor({ num: 5, den: 100 }, n) === 33);

/** The nominations of the candidates who stayed in (the withdrawn are left out, as their nominations lapsed). */
function entries(c: Contest): LeadershipNominationEntry[] {
  return c.candidates
    .filter((x) => x.outcome !== 'withdrew')
    .flatMap((x) => [
      ...Array.from({ length: x.mps }, (_, i): LeadershipNominationEntry => ({ route: 'parliamentary', by: `${x.name} mp ${i}`, candidate: x.name })),
      ...Array.from({ length: x.clps ?? 0 }, (_, i): LeadershipNominationEntry => ({ route: 'constituency', by: `${x.name} clp ${i}`, candidate: x.name })),
    ]);
}

describe('Labour 2020: the nominations judged under the labour-2018 preset', () => {
  it('the wholes the published thresholds allow give 22 MPs and MEPs and 33 constituency parties', () => {
    expect(PARLIAMENTARY_PARTIES).toEqual([211, 212, 213, 214, 215, 216, 217, 218, 219, 220]);
    expect(CONSTITUENCY_PARTIES[0]).toBe(641);
    expect(CONSTITUENCY_PARTIES.at(-1)).toBe(660);
    expect(example.thresholds.parliamentary.needed).toBe(22);
    expect(example.thresholds.constituency.needed).toBe(33);
  });

  for (const office of ['leader', 'deputy leader'] as const) {
    it(`${office}: exactly those who reached the ballot are validly nominated, at every whole the thresholds allow`, () => {
      const c = contest(office);
      const rules = leadershipRulesOf(LABOUR_2018, office === 'deputy leader' ? { office: 'deputy' } : {})!;
      expect(rules).not.toBeNull();
      for (const mps of PARLIAMENTARY_PARTIES) {
        for (const constituencies of CONSTITUENCY_PARTIES) {
          const facts = { vacancy: true, incumbent: null, wholes: { mps, constituencies, affiliatedMembership: 1 }, nominations: entries(c) };
          for (const x of c.candidates.filter((y) => y.outcome !== 'withdrew')) {
            const s = judgeLeadershipNominations(rules, facts, x.name);
            expect({ name: x.name, mps, constituencies, valid: s.valid }).toEqual({ name: x.name, mps, constituencies, valid: x.outcome === 'on the ballot' });
          }
        }
      }
    });
  }

  it('Emily Thornberry had enough MPs but two constituency parties too few, and no affiliates', () => {
    const c = contest('leader');
    const rules = leadershipRulesOf(LABOUR_2018)!;
    const facts = { vacancy: true, incumbent: null, wholes: { mps: 212, constituencies: 650, affiliatedMembership: 1 }, nominations: entries(c) };
    const s = judgeLeadershipNominations(rules, facts, 'Emily Thornberry');
    expect(s.parliamentary).toMatchObject({ have: 23, needed: 22, met: true });
    expect(s.constituency).toMatchObject({ have: 31, needed: 33, met: false, short: 2 });
    expect(s.affiliates?.met).toBe(false);
    expect(s.valid).toBe(false);
    expect(c.candidates.find((x) => x.name === 'Emily Thornberry')?.affiliates).toBe(0);
  });

  it('the deputy contest has the same routes and shares as the leader’s under labour-2018', () => {
    expect(LABOUR_2018.leadership?.deputy).toEqual(LABOUR_2018.leadership?.nominations);
    expect(LABOUR_2018.uncertain['leadership.deputy']).toMatch(/not verified/);
  });
});

describe('Labour 2020: the published rounds add up', () => {
  const total = (r: Readonly<Record<string, number>>) => Object.values(r).reduce((a, b) => a + b, 0);

  for (const office of ['leader', 'deputy leader'] as const) {
    it(`${office}: the lowest is excluded each round, no transfer is negative, and only the last round has a majority`, () => {
      const c = contest(office);
      c.rounds.forEach((round, i) => {
        for (const v of Object.values(round)) expect(Number.isSafeInteger(v) && v >= 0).toBe(true);
        const majority = (n: number) => 2 * n > total(round);
        const last = i === c.rounds.length - 1;
        expect(Object.values(round).some(majority)).toBe(last);
        if (last) {
          expect(majority(round[c.elected]!)).toBe(true);
          return;
        }
        const next = c.rounds[i + 1]!;
        const out = Object.keys(round).filter((k) => !(k in next));
        expect(out).toHaveLength(1);
        const lowest = Math.min(...Object.values(round));
        expect(round[out[0]!]).toBe(lowest);
        for (const k of Object.keys(next)) expect(next[k]! - round[k]!).toBeGreaterThanOrEqual(0);
        // What the excluded candidate's papers gave the others is at most what they held: the rest exhausted.
        const transferred = Object.keys(next).reduce((sum, k) => sum + (next[k]! - round[k]!), 0);
        expect(transferred).toBeLessThanOrEqual(round[out[0]!]!);
      });
    });

    it(`${office}: each published share is the votes over the round's total, to the published 0.1 point (Richard Burgon's first two rounds, noted, within 0.1)`, () => {
      const c = contest(office);
      c.rounds.forEach((round, i) => {
        for (const [name, votes] of Object.entries(round)) {
          const exact = (votes * 1000) / total(round);
          const published = Number.parseFloat(c.published[i]![name]!) * 10;
          // Richard Burgon's first two rounds are published 17.3% and 19.7%, his votes giving 17.37% and 19.65% (see the example's notes): within 0.1 point.
          const tolerance = office === 'deputy leader' && i < 2 && name === 'Richard Burgon' ? 1 : 0.5;
          expect(Math.abs(exact - published), `${name}, round ${i + 1}`).toBeLessThanOrEqual(tolerance);
        }
      });
    });
  }

  it('the deputy’s transfers, worked out: Dawn Butler’s 50,255 gave Rayner 17,800 and 9,765 exhausted; Ian Murray’s 64,560 gave Allin-Khan 25,809', () => {
    const [r1, r2, r3] = contest('deputy leader').rounds;
    expect(r2!['Angela Rayner']! - r1!['Angela Rayner']!).toBe(17_800);
    expect(total(r1!) - total(r2!)).toBe(9_765);
    expect(r3!['Rosena Allin-Khan']! - r2!['Rosena Allin-Khan']!).toBe(25_809);
    expect(total(r2!) - total(r3!)).toBe(15_796);
  });

  it('every figure names a source listed in the example', () => {
    const text = readFileSync(join(resolve(import.meta.dirname, '../..'), 'examples/labour-leadership-2020.json'), 'utf8');
    const named = [...text.matchAll(/"(?:source|resultSource|clpsAndAffiliatesSource)": "([^"]+)"/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(10);
    for (const s of named) expect(Object.keys(example.sources)).toContain(s);
  });
});
