import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixed } from '../../src/count/arithmetic.js';
import { INACTIVE_REASONS } from '../../src/count/ballot-rules.js';
import { droopFileOptions } from '../../src/count/droop-options.js';
import { meek } from '../../src/count/methods/stv-meek.js';
import { OptionError, resolveOptions, type OptionValue } from '../../src/count/options.js';
import type { CountRecord } from '../../src/count/record.js';
import { parseBlt } from '../../src/formats/blt.js';
import { droopShown, SC_NAMES, sc } from './droop-sc.js';
import { build, checkOneSeatElectsIrvWinner, checkRelabelling, eventsOf, makeElection as make, man, runner, spec, woman } from './helpers.js';

const run = runner(meek);

/** Values are fixed-point decimals: as scaled bigints they must add up exactly. */
function checkConservation(r: CountRecord, precision = 9): void {
  const ar = fixed(precision);
  const total = ar.parse(r.totalBallots);
  for (const s of r.stages) {
    let sum = ar.parse(s.lost);
    for (const v of Object.values(s.tally)) sum += ar.parse(v);
    for (const why of INACTIVE_REASONS) sum += ar.parse(s.inactive[why]);
    expect(sum, `stage ${s.number}`).toBe(total);
  }
}

describe('Meek STV options', () => {
  it('defaults to 9 places and omega 6 (2/3 of the precision, as Droop), and records them', () => {
    const r = run(make(['A', 'B'], 1, [{ ranks: [0] }]));
    expect(r.arithmetic).toBe('fixed(9)');
    expect(r.options.precision).toBe(9);
    expect(r.options.omega).toBe(6);
    expect(r.options.defeatBatch).toBe('safe');
    expect(r.stages[0].threshold).toBe('0.500000001');
  });

  it('derives omega from a given precision and accepts an explicit one', () => {
    const e = make(['A', 'B'], 1, [{ ranks: [0] }]);
    expect(run(e, { precision: 12 }).options.omega).toBe(8);
    expect(run(e, { precision: 12, omega: 10 }).options.omega).toBe(10);
    expect(run(e, { precision: 4 }).stages[0].tally[0]).toBe('1.0000');
  });

  it('rejects an omega finer than the precision and unknown options', () => {
    const e = make(['A', 'B'], 1, [{ ranks: [0] }]);
    expect(() => run(e, { precision: 5, omega: 6 })).toThrow(OptionError);
    expect(() => resolveOptions(meek.options, { quota: 'hare' }, meek.id)).toThrow(OptionError);
  });
});

// 18 votes, 2 seats: quota 18/3 + 0.000000001 = 6.000000001 in fixed arithmetic, 6 in rational.
const surplusCase = make(['A', 'B', 'C', 'D'], 2, [
  { ranks: [0, 1], weight: 6 },
  { ranks: [0, 2], weight: 2 },
  { ranks: [1], weight: 3 },
  { ranks: [2], weight: 4 },
  { ranks: [3, 2], weight: 3 },
]);

describe('Meek STV by hand', () => {
  it('keeps a quota of an elected candidate’s votes and passes on the rest, rounding factors up and transfers down', () => {
    const r = run(surplusCase);
    checkConservation(r);
    // Stage 1: A has 8 ≥ 6.000000001 and is elected.
    expect(r.stages[0].tally).toEqual({ 0: '8.000000000', 1: '3.000000000', 2: '4.000000000', 3: '3.000000000' });
    expect(r.stages[0].threshold).toBe('6.000000001');
    expect(r.stages[0].elected).toEqual([0]);
    // Round 2, iteration 1 (kf 1): surplus 1.999999999, no sure losers, so
    // kf(A) = ⌈⌈1 × 6.000000001⌉ ÷ 8⌉ = ⌈0.750000000125⌉ = 0.750000001.
    // Iteration 2: A keeps ⌊0.750000001⌋ × 8 = 6.000000008; each paper passes
    // ⌊0.249999999⌋ on: B 3 + 6 × 0.249999999, C 4 + 2 × 0.249999999. Surplus
    // 0.000000007 ≤ 10^-6, so D (3, not within the surplus of anyone) is defeated.
    expect(r.stages[1].tally).toEqual({ 0: '6.000000008', 1: '4.499999994', 2: '4.499999998', 3: '3.000000000' });
    expect(r.stages[1].threshold).toBe('6.000000001');
    expect(r.stages[1].excluded).toEqual([3]);
    expect(r.stages[0].action).toEqual({
      kind: 'iteration',
      candidates: [],
      transfers: { 0: '-1.999999992', 1: '1.499999994', 2: '0.499999998' },
      inactive: {},
      lost: '0.000000000',
    });
    // Round 3: D's 3 go to C, who reaches the quota; the seats are filled and B is out.
    expect(r.stages[2].tally).toEqual({ 0: '6.000000008', 1: '4.499999994', 2: '7.499999998' });
    expect(r.stages[2].elected).toEqual([2]);
    expect(r.stages[2].excluded).toEqual([1]);
    expect(r.elected).toEqual([0, 2]);
    expect(eventsOf(r, 'exclude').map((e) => [e.stage, e.candidates, e.reason])).toEqual([
      [2, [3], 'lowest'],
      [3, [1], 'remaining seats filled'],
    ]);
    expect(eventsOf(r, 'note')[1].text).toBe('round 2: 2 iteration(s), stopped: total surplus at most 10^-6, total surplus 0.000000007');
  });

  it('lets the quota fall as votes exhaust, and elects the last hopefuls when they equal the seats left', () => {
    // A's 4 votes have nowhere to go: A keeps about 2, the rest exhausts, quota → 2.
    const r = run(
      make(['A', 'B', 'C'], 2, [
        { ranks: [0], weight: 4 },
        { ranks: [1], weight: 2 },
        { ranks: [2], weight: 2 },
      ]),
      { tieBreak: 'order' },
    );
    checkConservation(r);
    expect(r.stages[0].threshold).toBe('2.666666667');
    const s2 = r.stages[1];
    expect(BigInt(s2.threshold.replace('.', ''))).toBeLessThan(2_000_001_000n);
    expect(BigInt(s2.inactive.exhausted.replace('.', ''))).toBeGreaterThan(1_999_990_000n);
    expect(s2.tally[1]).toBe('2.000000000');
    expect(s2.tally[2]).toBe('2.000000000');
    // B and C are exactly tied; declared order (A, B, C) defeats the least favoured, C.
    const [tie] = eventsOf(r, 'tie');
    expect(tie).toMatchObject({ stage: 2, purpose: 'exclusion', tied: [1, 2], chosen: 2, rule: 'declared candidate order' });
    expect(r.elected).toEqual([0, 1]);
    expect(eventsOf(r, 'elect').at(-1)).toMatchObject({ stage: 3, candidate: 1, reason: 'remaining seats' });
  });

  it('settles a tie by the declared order given, or by a seeded lot that is reproducible', () => {
    const e = make(['A', 'B', 'C'], 2, [
      { ranks: [0], weight: 4 },
      { ranks: [1], weight: 2 },
      { ranks: [2], weight: 2 },
    ]);
    expect(run(e, { tieBreak: 'order', tieOrder: 'A,C,B' }).elected).toEqual([0, 2]);
    const lot = run(e, { seed: 7 });
    expect(eventsOf(lot, 'tie')[0].rule).toMatch(/^lot \(seed 7, draw 1, among B, C\)$/);
    expect(run(e, { seed: 7 })).toEqual(lot);
  });

  it('treats candidates within the total surplus of the lowest vote as tied', () => {
    // D (14 of 22) is elected; half of D's ballots go on to B, half exhaust. In
    // exact terms B converges to 6, A's vote: at the end of round 3 B has
    // 5.999999598, 0.000000402 below A, less than the total surplus 0.000000669.
    const e = make(['A', 'B', 'C', 'D'], 2, [
      { ranks: [3, 1], weight: 7 },
      { ranks: [1], weight: 2 },
      { ranks: [3], weight: 7 },
      { ranks: [0, 1], weight: 1 },
      { ranks: [0], weight: 5 },
    ]);
    const r = run(e, { defeatBatch: 'none', tieBreak: 'order' });
    checkConservation(r);
    expect(r.stages[2].tally).toEqual({ 0: '6.000000000', 1: '5.999999598', 3: '6.000000804' });
    const [tie] = eventsOf(r, 'tie');
    expect(tie).toEqual({
      type: 'tie',
      stage: 3,
      purpose: 'exclusion',
      tied: [0, 1],
      chosen: 1,
      rule: 'tied within the total surplus (0.000000669) of the lowest vote; declared candidate order',
    });
    expect(r.elected).toEqual([3, 0]);
    expect(run(e, { defeatBatch: 'none', tieBreak: 'order', tieOrder: 'B,A,C,D' }).elected).toEqual([3, 1]);
  });

  it('does not treat a candidate further above the lowest than the total surplus as tied', () => {
    // Droop's "42" example (Castor 4 → Pollux, Helen 2; 2 seats), one defeat at a time:
    // Pollux 1.999999996 + surplus 0.000000003 < Helen 2, so Pollux alone is lowest.
    const e = make(['Castor', 'Pollux', 'Helen'], 2, [
      { ranks: [0, 1], weight: 4 },
      { ranks: [2], weight: 2 },
    ]);
    const r = run(e, { defeatBatch: 'none' });
    checkConservation(r);
    expect(r.stages[1].tally).toEqual({ 0: '2.000000004', 1: '1.999999996', 2: '2.000000000' });
    expect(eventsOf(r, 'tie')).toEqual([]);
    expect(eventsOf(r, 'exclude')).toEqual([{ type: 'exclude', stage: 2, candidates: [1], reason: 'lowest' }]);
    expect(r.elected).toEqual([0, 2]);
  });

  it('defeats sure losers in a batch: their votes plus the surplus cannot reach the next candidate', () => {
    // First iteration of round 2: surplus 1.999999999; Pollux 0 + 1.999999999 < Helen 2.
    const e = make(['Castor', 'Pollux', 'Helen'], 2, [
      { ranks: [0, 1], weight: 4 },
      { ranks: [2], weight: 2 },
    ]);
    const r = run(e);
    expect(eventsOf(r, 'exclude')).toEqual([{ type: 'exclude', stage: 2, candidates: [1], reason: 'batch' }]);
    expect(eventsOf(r, 'tie')).toEqual([]);
    expect(r.elected).toEqual([0, 2]);
  });

  it('records a final stage after the last defeat, as Droop redistributes before electing the rest', () => {
    const r = run(
      make(['A', 'B', 'C', 'D'], 2, [
        { ranks: [0], weight: 5 },
        { ranks: [1], weight: 4 },
        { ranks: [2, 1], weight: 3 },
        { ranks: [3], weight: 1 },
      ]),
    );
    checkConservation(r);
    const last = r.stages.at(-1)!;
    expect(last.elected.length).toBeGreaterThan(0);
    expect(eventsOf(r, 'elect').at(-1)!.reason).toBe('remaining seats');
    expect(r.elected).toEqual([0, 1]);
  });

  it('counts inactive votes by reason: an overvote reached after a transfer is inactive as "overvote"', () => {
    // A has 6 of 9 (quota 4.5); the part of A's ballots passed on meets [B, C] and stops.
    const e = make(['A', 'B', 'C'], 1, [
      { ranks: [0, [1, 2]], weight: 6 },
      { ranks: [1], weight: 2 },
      { ranks: [2], weight: 1 },
    ]);
    const r = run(e, { seats: 2 });
    checkConservation(r);
    expect(r.stages[1].inactive.overvote).not.toBe('0.000000000');
    // exhaustIfMultipleContinuing: once C is defeated the overvote counts for B.
    const r2 = run(e, { seats: 2, overvoteRule: 'exhaustIfMultipleContinuing' });
    checkConservation(r2);
    expect(r2.elected).toEqual([0, 1]);
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
    expect(r.stages[0].tally).toEqual({ 0: '5.000000000', 2: '1.000000000' });
    expect(eventsOf(r, 'exclude')[0]).toEqual({ type: 'exclude', stage: 1, candidates: [1], reason: 'withdrawn' });
    expect(r.elected).toEqual([0]);
  });
});

describe('Meek STV with a minimum', () => {
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
    expect(eventsOf(r, 'exclude')).toEqual([
      { type: 'exclude', stage: 1, candidates: [2], reason: 'constraint', underMinimum: { rules: [0], protected: [3] } },
    ]);
    expect(r.elected).toEqual([0, 1, 3]);
    expect(r.constraint?.rules).toEqual([{ attribute: 'gender', value: 'woman', minimum: 1 }]);
    expect(r.constraint?.enforcement).toMatch(/^exclude when binding/);
  });

  it('never defeats the last woman as lowest while a seat is still owed to women', () => {
    const c = [man('M1'), man('M2'), man('M3'), man('M4'), woman('W1')];
    const b = [20, 19, 18, 17, 5].map((weight, i) => ({ ranks: [i], weight }));
    const r = run(make(c, 3, b), { minimum: 'gender=woman:1' });
    checkConservation(r);
    const excluded = eventsOf(r, 'exclude');
    expect(excluded.flatMap((e) => e.candidates)).not.toContain(4);
    // W1 had fewer votes than M4: M4 goes under the minimum, not as lowest.
    expect(excluded[0]).toEqual({ type: 'exclude', stage: 2, candidates: [3], reason: 'constraint', underMinimum: { rules: [0], protected: [4] } });
    // M4's votes exhaust, the quota falls, and M2 and M3 both reach it: M3 cannot take the last seat.
    expect(excluded[1]).toEqual({ type: 'exclude', stage: 3, candidates: [2], reason: 'constraint', underMinimum: { rules: [0], protected: [4] } });
    expect(r.elected).toEqual([0, 1, 4]);
    expect(run(make(c, 3, b)).elected).not.toContain(4);
  });
});

/**
 * Golden: the GPUS Steering Committee election of 2005-07-24 (13 candidates, 4
 * seats, 94 ballots), test/blt/SC.blt in Droop (jklundell/droop), against Droop's
 * reference report test/ref/report/SC-meek-o9-guarded-p18-g9-d18.txt: Meek,
 * omega 10^-9, 18 places (plus 9 guard digits). Counted here at precision 18,
 * omega 9, every stage must agree with that report to within 10^-16 (Droop's
 * guard digits make the last two places differ), and its elections and defeats
 * must come in the same rounds.
 */
// Droop's report, by stage (= Droop round): [tally by name, quota]. Defeated candidates are absent.
const SC_REF: [Record<string, string>, string][] = [
  [
    {
      'Budd Dickinson': '6',
      'Kirit Mookerjee': '3',
      'Tom Sevigny': '8',
      'Pat LaMarche': '22',
      'Michael Piacsek': '2',
      'Write-In 2': '0',
      'Rebecca Rotzler': '33',
      'Kristen Olsen': '1',
      'Jason Jones': '1',
      'Write-In 1': '0',
      'Steve Greenfield': '0',
      'Jimmy Leas': '0',
      'Steve Kramer': '18',
    },
    '18.8',
  ],
  [
    {
      'Pat LaMarche': '19.167713498622589532',
      'Rebecca Rotzler': '18.965730027548209366',
      'Budd Dickinson': '7.878787878787878788',
      'Kirit Mookerjee': '3.208044077134986226',
      'Tom Sevigny': '9.303030303030303030',
      'Michael Piacsek': '2.721212121212121212',
      'Kristen Olsen': '12.826225895316804408',
      'Jason Jones': '1.430303030303030303',
      'Write-In 2': '0',
      'Write-In 1': '0',
      'Steve Greenfield': '0',
      'Jimmy Leas': '0',
      'Steve Kramer': '18.498953168044077135',
    },
    '18.8',
  ],
  [
    {
      'Pat LaMarche': '19.167713498622589532',
      'Rebecca Rotzler': '18.965730027548209366',
      'Budd Dickinson': '7.878787878787878788',
      'Kirit Mookerjee': '3.208044077134986226',
      'Tom Sevigny': '9.303030303030303030',
      'Michael Piacsek': '2.721212121212121212',
      'Kristen Olsen': '14.256528925619834711',
      'Steve Kramer': '18.498953168044077135',
    },
    '18.8',
  ],
  [
    {
      'Pat LaMarche': '20.389972451790633609',
      'Rebecca Rotzler': '19.535426997245179063',
      'Steve Kramer': '19.997906336088154270',
      'Budd Dickinson': '8.878787878787878788',
      'Tom Sevigny': '10.448484848484848485',
      'Kristen Olsen': '14.749421487603305785',
    },
    '18.8',
  ],
  [
    {
      'Pat LaMarche': '19.228139111902743316',
      'Rebecca Rotzler': '19.039256894279895097',
      'Steve Kramer': '19.238330092896674517',
      'Tom Sevigny': '11.174296377602987343',
      'Kristen Olsen': '15.510195600239157358',
      'Budd Dickinson': '9.779859534492458027',
    },
    '18.794015522282783132',
  ],
  [
    {
      'Pat LaMarche': '19.169509130427525431',
      'Rebecca Rotzler': '19.150381530598131028',
      'Kristen Olsen': '18.981163611635443440',
      'Steve Kramer': '19.273698095035943050',
      'Tom Sevigny': '16.382856043282950207',
    },
    '18.591521682195998631',
  ],
];

/** |a − b| as a scaled bigint at `places` decimals. */
function gap(a: string, b: string, places: number): bigint {
  const ar = fixed(places);
  const pad = (s: string): string => {
    const [w, f = ''] = s.split('.');
    return f.length > places ? `${w}.${f.slice(0, places)}` : s;
  };
  const d = ar.parse(pad(a)) - ar.parse(pad(b));
  return d < 0n ? -d : d;
}

describe('Meek STV golden: Droop’s SC (GPUS 2005) report', () => {
  const byName = (r: CountRecord): Record<string, string>[] =>
    r.stages.map((s) => Object.fromEntries(Object.entries(s.tally).map(([c, v]) => [r.candidates[Number(c)], v])));
  const outcome = (r: CountRecord): [number, string[], string[]][] =>
    r.stages.map((s) => [s.number, s.elected.map((c) => r.candidates[c]), s.excluded.map((c) => r.candidates[c])]);
  const expectedOutcome: [number, string[], string[]][] = [
    [1, ['Rebecca Rotzler', 'Pat LaMarche'], []],
    [2, [], ['Write-In 2', 'Jason Jones', 'Write-In 1', 'Steve Greenfield', 'Jimmy Leas']],
    [3, [], ['Kirit Mookerjee', 'Michael Piacsek']],
    [4, ['Steve Kramer'], []],
    [5, [], ['Budd Dickinson']],
    [6, ['Kristen Olsen'], ['Tom Sevigny']],
  ];

  it('the ballots are Droop’s: 94, first preferences as in the report', () => {
    const e = sc();
    expect(e.ballots.total).toBe(94n);
    const r = run(e, { precision: 18, omega: 9 });
    for (const [name, v] of Object.entries(SC_REF[0][0])) expect(byName(r)[0][name]).toBe(`${v}.${'0'.repeat(18)}`);
  });

  it('precision 18, omega 9: every stage within 10^-16 of the reference, same rounds', () => {
    const r = run(sc(), { precision: 18, omega: 9 });
    checkConservation(r, 18);
    expect(outcome(r)).toEqual(expectedOutcome);
    expect(r.elected.map((c) => r.candidates[c])).toEqual(['Rebecca Rotzler', 'Pat LaMarche', 'Steve Kramer', 'Kristen Olsen']);
    const got = byName(r);
    SC_REF.forEach(([tally, quota], k) => {
      expect(Object.keys(got[k]).sort(), `stage ${k + 1}`).toEqual(Object.keys(tally).sort());
      for (const [name, v] of Object.entries(tally)) expect(gap(got[k][name], v, 18), `stage ${k + 1} ${name}`).toBeLessThanOrEqual(100n);
      expect(gap(r.stages[k].threshold, quota, 18), `stage ${k + 1} quota`).toBeLessThanOrEqual(100n);
    });
  });

  it('default precision 9, omega 6: the same count, every figure within 10^-7 of the reference', () => {
    const r = run(sc());
    checkConservation(r);
    expect(outcome(r)).toEqual(expectedOutcome);
    const got = byName(r);
    SC_REF.forEach(([tally, quota], k) => {
      for (const [name, v] of Object.entries(tally)) expect(gap(got[k][name], v, 9), `stage ${k + 1} ${name}`).toBeLessThanOrEqual(100n);
      expect(gap(r.stages[k].threshold, quota, 9), `stage ${k + 1} quota`).toBeLessThanOrEqual(100n);
    });
    // Pinned at the default settings (this implementation's own figures, for regression).
    expect(r.stages[5].tally).toMatchObject({ 2: '16.382856007', 3: '19.169509143', 6: '19.150381548', 7: '18.981163580', 12: '19.273698098' });
    expect(r.stages[5].threshold).toBe('18.591521676');
    expect(r.stages[5].inactive.exhausted).toBe('1.042391570');
    expect(r.stages[5].lost).toBe('0.000000054');
  });
});

describe('Meek STV with equal ranks split (--equal-ranks split, as Droop and OpenSTV)', () => {
  const split = { equalRanks: 'split' };

  it('is off by default: a shared rank is an overvote, as before', () => {
    const e = parseBlt('4 2\n6 1=2 3\n3 2\n2 3\n1 4\n0\nA\nB\nC\nD\nT\n', 'h.blt');
    expect(run(e).stages[0].inactive.overvote).toBe('6.000000000');
    expect(run(e).options.equalRanks).toBe('overvote');
  });

  it('divides the ballot among the equal ranks, and applies an elected candidate’s keep factor to its share (by hand)', () => {
    // 6 × A=B C, 3 × B, 2 × C, 1 × D; 2 seats. Stage 1: A 3, B 3 + 3 = 6, C 2, D 1; quota 12/3 + 10^-9.
    // Round 2, after one update B's kf = ⌈4.000000001 ÷ 6⌉ = 0.666666667. Each A=B C ballot: A (hopeful)
    // keeps its share 0.5; B keeps ⌊0.5 × 0.666666667⌋ = 0.333333333 and passes ⌊0.5 × 0.333333333⌋ =
    // 0.166666666 to C; 10^-9 is lost. Each B ballot: B keeps 0.666666667, 0.333333333 exhausts.
    const e = parseBlt('4 2\n6 1=2 3\n3 2\n2 3\n1 4\n0\nA\nB\nC\nD\nT\n', 'h.blt');
    const r = run(e, split);
    checkConservation(r);
    expect(r.stages[0].tally).toEqual({ 0: '3.000000000', 1: '6.000000000', 2: '2.000000000', 3: '1.000000000' });
    expect(r.stages[0].threshold).toBe('4.000000001');
    const s2 = r.stages[1];
    // A 6 × 0.5; B 6 × 0.333333333 + 3 × 0.666666667; C 2 + 6 × 0.166666666; D 1.
    expect(s2.tally).toEqual({ 0: '3.000000000', 1: '3.999999999', 2: '2.999999996', 3: '1.000000000' });
    expect(s2.inactive.exhausted).toBe('0.999999999');
    expect(s2.lost).toBe('0.000000006');
    // ⌊10.999999995 ÷ 3⌋ + 10^-9; D (1) plus the surplus (0.333333333) cannot reach C: a sure loser.
    expect(s2.threshold).toBe('3.666666666');
    expect(eventsOf(r, 'exclude')[0]).toMatchObject({ stage: 2, candidates: [3], reason: 'batch' });
    expect(r.elected).toEqual([1, 2]);
  });

  it('Droop’s meek/eq2.blt: the same figures as Droop’s reference report, at 9 places by hand and at 18 within 10^-17', () => {
    const eq2 = '4 2\n[nick a b c d]\n5 a b=c d 0\n1 b=c a 0\n3 c=d b=a 0\n2 b a=d c 0\n0\n"A"\n"B"\n"C"\n"D"\n"simple election with equal rankings"\n';
    const e = parseBlt(eq2, 'eq2.blt');
    const r = run(e, split);
    // Stage 1: A 5; B 1/2 + 2 = 2.5; C 1/2 + 3/2 = 2; D 3/2.
    expect(r.stages[0].tally).toEqual({ 0: '5.000000000', 1: '2.500000000', 2: '2.000000000', 3: '1.500000000' });
    // A's kf ⌈3.666666667 ÷ 5⌉ = 0.733333334: A keeps 5 × 0.733333334, and passes 0.266666666 a ballot,
    // split 0.133333333 to each of B and C.
    expect(r.stages[1].tally).toEqual({ 0: '3.666666670', 1: '3.166666665', 2: '2.666666665', 3: '1.500000000' });
    // D defeated: C=D is C alone now, so C has 3 whole more.
    expect(r.stages[2].tally).toEqual({ 0: '3.666666670', 1: '3.166666665', 2: '4.166666665' });
    expect(r.elected.map((c) => r.candidates[c])).toEqual(['A', 'C']);
    // Droop's report (guarded, 18 + 9): B 3.166666666666666667, C 2.666666666666666667, then C 4.166666666666666667.
    const r18 = run(e, { ...split, precision: 18, omega: 9 });
    expect(gap(r18.stages[1].tally[1]!, '3.166666666666666667', 18)).toBeLessThanOrEqual(10n);
    expect(gap(r18.stages[1].tally[2]!, '2.666666666666666667', 18)).toBeLessThanOrEqual(10n);
    expect(gap(r18.stages[2].tally[2]!, '4.166666666666666667', 18)).toBeLessThanOrEqual(10n);
    expect(gap(r18.stages[1].threshold, '3.666666666666666667', 18)).toBeLessThanOrEqual(10n);
  });

  it('Droop’s meek/eq1.blt: B=C gives each half a vote at the first count, as Droop’s report shows', () => {
    const r = run(parseBlt('3 2\n[nick a b c]\n5 a b 0\n1 b=c 0\n3 c 0\n0\n"A"\n"B"\n"C"\n"T"\n', 'eq1.blt'), split);
    expect(r.stages[0].tally).toEqual({ 0: '5.000000000', 1: '0.500000000', 2: '3.500000000' });
    expect(r.elected.map((c) => r.candidates[c])).toEqual(['A', 'C']);
  });

  it('takes no --overvote-rule beside it', () => {
    const e = make(['A', 'B'], 1, [{ ranks: [[0, 1]] }]);
    expect(() => run(e, { ...split, overvoteRule: 'alwaysSkipToNextRank' })).toThrow(OptionError);
  });
});

describe('Meek STV in guarded arithmetic (--arithmetic guarded, Droop’s default)', () => {
  const guarded = { arithmetic: 'guarded' };

  it('defaults to precision 18, guard 9 and omega 9, as Droop, and records them', () => {
    const r = run(make(['A', 'B'], 1, [{ ranks: [0] }, { ranks: [1] }, { ranks: [0] }]), guarded);
    expect(r.arithmetic).toBe('guarded(18+9)');
    expect(r.options).toMatchObject({ arithmetic: 'guarded', precision: 18, guard: 9, omega: 9 });
    // The quota is not rounded up: 3 ÷ 2 exactly, and A is elected on passing it.
    expect(r.stages[0].threshold).toBe('1.500000000000000000000000000');
    expect(run(make(['A', 'B'], 1, [{ ranks: [0] }]), { ...guarded, precision: 12, guard: 4 }).options).toMatchObject({ guard: 4, omega: 6 });
  });

  it('refuses --guard without guarded arithmetic, and more than 60 places in all', () => {
    const e = make(['A', 'B'], 1, [{ ranks: [0] }]);
    expect(() => run(e, { guard: 3 })).toThrow(new OptionError('--guard is only used with --arithmetic guarded'));
    expect(() => run(e, { ...guarded, precision: 50, guard: 20 })).toThrow(OptionError);
  });

  it('Droop’s 42t.blt exactly as Droop’s reference report (42t-meek-o9-guarded-p18-g9-d18): Pollux and Helen tie at 2, [tie 3 2 1] defeats Helen', () => {
    const file = '3 2\n[tie 3 2 1 ]\n4 1 2 0\n2 3 0\n0\n"Castor"\n"Pollux"\n"Helen"\n"Pollux and Helen should tie"\n';
    const r = run(parseBlt(file, '42t.blt'), { ...guarded, tieBreak: 'order' });
    const shown = r.stages.map((st) => Object.fromEntries(Object.entries(st.tally).map(([c, v]) => [r.candidates[Number(c)], droopShown(v)])));
    // Begin count: Castor 4, Pollux 0, Helen 2, quota 2; round 2 after iterating: 2, 2, 2.
    expect(shown[0]).toEqual({ Castor: '4', Pollux: '0', Helen: '2' });
    expect(droopShown(r.stages[0].threshold)).toBe('2');
    expect(shown[1]).toEqual({ Castor: '2', Pollux: '2', Helen: '2' });
    const [tie] = eventsOf(r, 'tie');
    expect(tie).toMatchObject({ purpose: 'exclusion', tied: [1, 2], chosen: 2 });
    expect(r.elected.map((c) => r.candidates[c])).toEqual(['Castor', 'Pollux']);
    // In fixed arithmetic the quota is 2 + 10^-9, so Pollux (0) is a sure loser before any tie.
    expect(eventsOf(run(parseBlt(file, '42t.blt'), { tieBreak: 'order' }), 'exclude')[0]).toMatchObject({ candidates: [1], reason: 'batch' });
  });

  it('Droop’s SC.blt: every stage, shown to 18 places as Droop shows it, equals Droop’s guarded report exactly', () => {
    const r = run(sc(), guarded);
    expect(r.stages).toHaveLength(SC_REF.length);
    SC_REF.forEach(([tally, quota], k) => {
      const got = Object.fromEntries(Object.entries(r.stages[k].tally).map(([c, v]) => [r.candidates[Number(c)], droopShown(v)]));
      expect(Object.keys(got).sort(), `stage ${k + 1}`).toEqual(Object.keys(tally).sort());
      for (const [name, v] of Object.entries(tally)) expect(gap(got[name]!, v, 18), `stage ${k + 1} ${name}: ${got[name]} against ${v}`).toBe(0n);
      expect(gap(droopShown(r.stages[k].threshold), quota, 18), `stage ${k + 1} quota`).toBe(0n);
    });
    expect(r.elected.map((c) => r.candidates[c])).toEqual(['Rebecca Rotzler', 'Pat LaMarche', 'Steve Kramer', 'Kristen Olsen']);
  });
});

describe('Meek STV in rational arithmetic (--arithmetic rational, as Droop’s rational)', () => {
  const rationalOpts = { arithmetic: 'rational' };
  // surplusCase by hand, in exact fractions: quota 18 ÷ 3 = 6, not rounded up; A (8) passes it.
  // Round 2: kf(A) = 6 ÷ 8 = 3/4 exactly, so A keeps 6, B gets 3 + 6 × 1/4 = 4.5, C 4 + 2 × 1/4 = 4.5,
  // D 3; the surplus is 0, so D is defeated. Round 3: D's papers go to C, 4.5 + 3 = 7.5 > 6: C elected.

  it('counts in exact fractions: a keep factor of 3/4 leaves the elected candidate exactly a quota (by hand)', () => {
    const r = run(surplusCase, rationalOpts);
    expect(r.arithmetic).toBe('rational');
    expect(r.options).toMatchObject({ arithmetic: 'rational', precision: 12, omega: 10 });
    expect(r.totalBallots).toBe('18.000000000000');
    expect(r.stages.map((st) => st.threshold)).toEqual(['6.000000000000', '6.000000000000', '6.000000000000']);
    expect(r.stages[0].tally).toEqual({ 0: '8.000000000000', 1: '3.000000000000', 2: '4.000000000000', 3: '3.000000000000' });
    expect(r.stages[1].tally).toEqual({ 0: '6.000000000000', 1: '4.500000000000', 2: '4.500000000000', 3: '3.000000000000' });
    expect(r.stages[1].excluded).toEqual([3]);
    expect(r.stages[2].tally).toEqual({ 0: '6.000000000000', 1: '4.500000000000', 2: '7.500000000000' });
    for (const st of r.stages) expect(st.lost).toBe('0.000000000000');
    expect(r.elected).toEqual([0, 2]);
    // Fixed arithmetic rounds: A keeps 6.000000008 there, as the fixed test above works out.
    expect(run(surplusCase).stages[1].tally[0]).toBe('6.000000008');
    expect(run(surplusCase, { ...rationalOpts, precision: 3 }).stages[1].tally[1]).toBe('4.500');
  });

  it('Droop’s 42.blt as Droop’s reference report (42-meek-o10-rational-d12): Castor passes the quota of 2, then all three hold 2 and the tie defeats Pollux', () => {
    const file = '3 2\n4 1 2 0\n2 3 0\n0\n"Castor"\n"Pollux"\n"Helen"\n"Pollux and Helen should tie"\n';
    // Droop breaks the tie by its candidate order, defeating the first listed; here the declared order favours Helen over Pollux.
    const r = run(parseBlt(file, '42.blt'), { ...rationalOpts, tieBreak: 'order', tieOrder: 'Castor,Helen,Pollux' });
    const named = (k: number): Record<string, string> => Object.fromEntries(Object.entries(r.stages[k].tally).map(([c, v]) => [r.candidates[Number(c)], v]));
    expect(named(0)).toEqual({ Castor: '4.000000000000', Pollux: '0.000000000000', Helen: '2.000000000000' });
    expect(r.stages[0].threshold).toBe('2.000000000000');
    expect(named(1)).toEqual({ Castor: '2.000000000000', Pollux: '2.000000000000', Helen: '2.000000000000' });
    expect(eventsOf(r, 'tie')[0]).toMatchObject({ purpose: 'exclusion', tied: [1, 2], chosen: 1 });
    expect(r.elected.map((c) => r.candidates[c])).toEqual(['Castor', 'Helen']);
  });

  it('Droop’s 42.blt under Warren in rational arithmetic (42-warren-o10-rational-d12): the same figures', () => {
    const file = '3 2\n4 1 2 0\n2 3 0\n0\n"Castor"\n"Pollux"\n"Helen"\n"Pollux and Helen should tie"\n';
    const r = run(parseBlt(file, '42.blt'), { ...rationalOpts, transfer: 'warren', tieBreak: 'order', tieOrder: 'Castor,Helen,Pollux' });
    expect(r.stages[1].tally).toEqual({ 0: '2.000000000000', 1: '2.000000000000', 2: '2.000000000000' });
    expect(r.elected).toEqual([0, 2]);
  });

  it('refuses --guard with it', () => {
    expect(() => run(surplusCase, { ...rationalOpts, guard: 3 })).toThrow(new OptionError('--guard is only used with --arithmetic guarded'));
  });
});

describe('Warren STV (--transfer warren), as Droop counts it', () => {
  it('Droop’s SC.blt, guarded: every figure Droop’s Warren report (SC-warren-o9-guarded-p18-g9-d18) gives, to 18 places', () => {
    const r = run(sc(), { arithmetic: 'guarded', transfer: 'warren' });
    const at = (stage: number, name: string): string => droopShown(r.stages[stage - 1].tally[r.candidates.indexOf(name)]!);
    const expected: [number, string, string][] = [
      [2, 'Pat LaMarche', '19.230303030303030303'],
      [2, 'Rebecca Rotzler', '19.090909090909090909'],
      [2, 'Kirit Mookerjee', '3.145454545454545455'],
      [2, 'Kristen Olsen', '12.763636363636363636'],
      [2, 'Steve Kramer', '18.436363636363636364'],
      [4, 'Pat LaMarche', '20.515151515151515152'],
      [4, 'Steve Kramer', '19.872727272727272727'],
      [4, 'Tom Sevigny', '10.448484848484848485'],
      [5, 'Pat LaMarche', '19.299684156613772681'],
      [5, 'Rebecca Rotzler', '19.171540554697578115'],
      [5, 'Steve Kramer', '19.275770912250780784'],
      [6, 'Pat LaMarche', '19.961030479518462355'],
      [6, 'Rebecca Rotzler', '19.963342729001424871'],
      [6, 'Kristen Olsen', '19.007191481966601595'],
      [6, 'Steve Kramer', '20.514339944909745783'],
      [6, 'Tom Sevigny', '14.554095364603765396'],
    ];
    for (const [stage, name, v] of expected) expect(gap(at(stage, name), v, 18), `stage ${stage} ${name}`).toBe(0n);
    expect(r.elected.map((c) => r.candidates[c])).toEqual(['Rebecca Rotzler', 'Pat LaMarche', 'Steve Kramer', 'Kristen Olsen']);
    expect(r.methodName).toBe('Warren STV');
    checkConservation(r, 27);
    // Meek's figures differ from the second stage (Droop's Meek report: Pat LaMarche 19.167713498622589532).
    const m = run(sc(), { arithmetic: 'guarded' });
    expect(droopShown(m.stages[1].tally[r.candidates.indexOf('Pat LaMarche')]!)).toBe('19.167713498622589532');
  });
});

// ---- Properties ---------------------------------------------------------------------

describe('Meek STV properties', () => {
  it('votes are conserved at every stage: tally + inactive + lost = ballots, exactly', () => {
    fc.assert(
      fc.property(spec, fc.constantFrom<OptionValue>('safe', 'none'), (s, defeatBatch) => {
        const r = run(build(s), { defeatBatch });
        checkConservation(r);
        expect(r.elected.length).toBe(s.seats);
        expect(new Set(r.elected).size).toBe(s.seats);
      }),
      { numRuns: 200 },
    );
  });

  it('relabelling the candidates relabels the result', () => {
    checkRelabelling(run, 150);
  });

  it('one-seat Meek elects the IRV winner', () => {
    checkOneSeatElectsIrvWinner('stv-meek', 300);
  });
});

describe('the PR Foundation’s Meek reference rule (--transfer prf, Droop’s meek-prf)', () => {
  const prf = { transfer: 'prf', arithmetic: 'fixed', precision: 9, omega: 6, defeatBatch: 'none', tieBreak: 'order' };

  it('Droop’s 42.blt as its report 42-meek-prf-o6-fixed-p9-d9: Castor keeps 2.000000004, Pollux defeated at 1.999999996 on a surplus of 0.000000003', () => {
    const file = '3 2\n4 1 2 0\n2 3 0\n0\n"Castor"\n"Pollux"\n"Helen"\n"Pollux and Helen should tie"\n';
    const r = run(parseBlt(file, '42.blt'), prf);
    expect(r.stages[0]?.threshold).toBe('2.000000001');
    expect(r.stages[1]?.tally).toEqual({ 0: '2.000000004', 1: '1.999999996', 2: '2.000000000' });
    expect(r.stages[1]?.action).toBeDefined();
    expect(eventsOf(r, 'exclude')[0]).toMatchObject({ candidates: [1], reason: 'lowest' });
    expect(r.elected.map((c) => r.candidates[c])).toEqual(['Castor', 'Helen']);
  });

  it('Droop’s SC.blt as its report SC-meek-prf-o6-fixed-p9-d9, figure for figure in the rounds where they move', () => {
    // Droop breaks ties by ballot order (first listed defeated); a declared order defeats the last listed, so reversed.
    const r = run(sc(), { ...prf, tieOrder: [...SC_NAMES].reverse().join(',') });
    const at = (stage: number, name: string): string | undefined => r.stages[stage - 1]?.tally[SC_NAMES.indexOf(name)];
    // Droop's rounds 2, 8, 9, 10 and 11 are stages 2, 8, 9, 10 and 11 here.
    expect([at(2, 'Pat LaMarche'), at(2, 'Rebecca Rotzler'), at(2, 'Budd Dickinson'), at(2, 'Steve Kramer')]).toEqual([
      '18.800000609',
      '18.800000299',
      '8.006073598',
      '18.556796080',
    ]);
    expect([at(8, 'Pat LaMarche'), at(8, 'Budd Dickinson')]).toEqual(['19.165213770', '9.006073598']);
    expect([at(9, 'Pat LaMarche'), at(9, 'Budd Dickinson'), r.stages[8]?.threshold]).toEqual(['18.799133460', '9.427381450', '18.799133306']);
    expect([at(10, 'Pat LaMarche'), at(10, 'Budd Dickinson'), r.stages[9]?.threshold]).toEqual(['18.789719457', '10.204118384', '18.789719295']);
    expect([
      at(11, 'Pat LaMarche'),
      at(11, 'Rebecca Rotzler'),
      at(11, 'Kristen Olsen'),
      at(11, 'Steve Kramer'),
      at(11, 'Tom Sevigny'),
      r.stages[10]?.threshold,
    ]).toEqual(['19.087429756', '19.073682122', '19.085721549', '19.202438090', '16.482212783', '18.586296861']);
    expect(eventsOf(r, 'exclude').map((e) => e.candidates.map((c) => r.candidates[c]))).toEqual([
      ['Write-In 2'],
      ['Write-In 1'],
      ['Steve Greenfield'],
      ['Jimmy Leas'],
      ['Jason Jones'],
      ['Michael Piacsek'],
      ['Kirit Mookerjee'],
      ['Budd Dickinson'],
      ['Tom Sevigny'],
    ]);
    expect(r.elected.map((c) => r.candidates[c])).toEqual(['Rebecca Rotzler', 'Pat LaMarche', 'Steve Kramer', 'Kristen Olsen']);
  });

  it('[droop meek-prf] in a BLT sets every one of the rule’s settings', () => {
    const e = parseBlt('3 2\n[droop meek-prf]\n4 1 2 0\n2 3 0\n0\n"Castor"\n"Pollux"\n"Helen"\n"T"\n', 'prf.blt');
    expect(droopFileOptions(e, meek)).toEqual({ transfer: 'prf', arithmetic: 'fixed', precision: 9, omega: 6, defeatBatch: 'none' });
  });
});
