import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { sfc32 } from '../../src/count/prng.js';
import { LABOUR_1979, LABOUR_1990, LABOUR_2018, LABOUR_2021, LIBDEM_READOPTION, PRESETS } from '../../src/domain/presets.js';
import { fraction, type Rulebook, type TriggerCombine } from '../../src/domain/rulebook.js';
import { evaluateTrigger, type UnitDecision, type UnitResult } from '../../src/domain/trigger-outcome.js';
import { NotUnitVotes, compileRule, countsOfUnits, isTriggered } from '../../src/simulate/evaluate.js';
import { ABSENT, C, COUNTS_SIZE, NO, TIE, YES } from '../../src/simulate/decisions.js';
import { drawBeta } from '../../src/simulate/deviates.js';
import { levelSupport, majorityRow } from '../../src/simulate/majority-table.js';
import { DEFAULT_MODEL, modelFrom, type PartyModel } from '../../src/simulate/model.js';
import { PartySampler } from '../../src/simulate/party-sampler.js';
import { buildShape } from '../../src/simulate/shape.js';
import { applicableRulebook, simulateParty } from '../../src/simulate/montecarlo.js';

const LABOUR = [LABOUR_1979, LABOUR_1990, LABOUR_2018, LABOUR_2021];
const SMALL: PartyModel = { ...DEFAULT_MODEL, constituencies: 120 };

/** A trigger-ballot rulebook with the given review, otherwise Labour 2021. */
function withReview(combine: TriggerCombine, tie: 'no' | 'abstain', counting: 'per-branch' | 'per-affiliate'): Rulebook {
  return { ...LABOUR_2021, id: 'custom', incumbentReview: { kind: 'trigger-ballot', combine, unitVote: { tie }, affiliateCounting: counting } };
}

const fractionArb = (maxDen: number) => fc.integer({ min: 1, max: maxDen }).chain((den) => fc.integer({ min: 0, max: den }).map((num) => fraction(num, den)));
const thresholdArb = (maxDen: number) => fc.record({ share: fractionArb(maxDen), inclusive: fc.boolean() });
const combineArb = (maxDen: number): fc.Arbitrary<TriggerCombine> =>
  fc.oneof(
    thresholdArb(maxDen).map((threshold) => ({ kind: 'pooled' as const, threshold })),
    thresholdArb(maxDen).map((threshold) => ({ kind: 'either-class' as const, threshold })),
    fc
      .record({
        branch: fractionArb(maxDen),
        affiliate: fractionArb(maxDen),
        threshold: thresholdArb(maxDen),
        silent: fc.constantFrom('reweight' as const, 'zero' as const, undefined),
      })
      .map(({ branch, affiliate, threshold, silent }) => ({
        kind: 'college' as const,
        weights: { branch, affiliate },
        threshold,
        ...(silent ? { silentClass: silent } : {}),
      })),
  );
const rulebookArb = (maxDen: number): fc.Arbitrary<Rulebook> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(...PRESETS.filter((p) => p.incumbentReview.kind !== 'members-meeting')) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(combineArb(maxDen), fc.constantFrom('no' as const, 'abstain' as const), fc.constantFrom('per-branch' as const, 'per-affiliate' as const))
        .map(([c, t, a]) => withReview(c, t, a)),
    },
  );

const decisionArb = fc.constantFrom<UnitDecision>('yes', 'no', 'abstain', 'absent');
const unitsArb = (maxUnits: number): fc.Arbitrary<UnitResult[]> =>
  fc
    .tuple(
      fc.array(decisionArb, { maxLength: maxUnits }),
      fc.array(fc.record({ decision: decisionArb, affiliate: fc.constantFrom('Unite', 'GMB', 'Unison', 'USDAW', '', undefined) }), { maxLength: maxUnits }),
    )
    .map(([branches, affiliates]) => [
      ...branches.map((decision, i): UnitResult => ({ unit: `b${i}`, class: 'branch', decision })),
      ...affiliates.map(
        (a, i): UnitResult => ({ unit: `a${i}`, class: 'affiliate', decision: a.decision, ...(a.affiliate === undefined ? {} : { affiliate: a.affiliate }) }),
      ),
    ]);

/** `yes` units wanting a selection and `no` not, of one class. */
function tally(cls: 'branch' | 'affiliate', yes: number, no: number, extra: Partial<Record<UnitDecision, number>> = {}): UnitResult[] {
  const out: UnitResult[] = [];
  const add = (decision: UnitDecision, n: number): void => {
    for (let i = 0; i < n; i++)
      out.push({ unit: `${cls}-${decision}-${i}`, class: cls, decision, ...(cls === 'affiliate' ? { affiliate: `union ${i % 7}` } : {}) });
  };
  add('yes', yes);
  add('no', no);
  for (const [d, n] of Object.entries(extra)) add(d as UnitDecision, n);
  return out;
}

/** Hundreds of units of each class (sized by counts, not by array length, so large parties are common). */
const manyUnitsArb: fc.Arbitrary<UnitResult[]> = fc
  .tuple(fc.nat(400), fc.nat(400), fc.nat(400), fc.nat(400), fc.nat(20), fc.nat(20))
  .map(([by, bn, ay, an, abs, abstain]) => [...tally('branch', by, bn, { absent: abs }), ...tally('affiliate', ay, an, { abstain })]);

describe('the shared PRNG', () => {
  it('sfc32 still draws the sequence it always drew (its state moved into a typed array for speed)', () => {
    const out: number[] = [];
    for (const seed of [0, 1, 42, 0xffffffff, 123456789]) {
      const n = sfc32(seed);
      for (let i = 0; i < 1000; i++) out.push(n());
      const m = sfc32(seed, 0);
      for (let i = 0; i < 10; i++) out.push(m());
    }
    let h = 0;
    for (const x of out) h = (Math.imul(h, 31) + x) >>> 0;
    expect(out.slice(0, 5)).toEqual([387095348, 2506032770, 735102004, 4023218824, 3083645593]);
    expect(h).toBe(2540604054);
  });
});

describe('the fast evaluator', () => {
  it('agrees exactly with evaluateTrigger on random units and random rulebooks', () => {
    fc.assert(
      fc.property(rulebookArb(12), unitsArb(14), (rb, units) => {
        expect(isTriggered(compileRule(rb), countsOfUnits(units))).toBe(evaluateTrigger(rb, units).outcome === 'triggered');
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees where the products pass 2^53 and the comparison falls back to BigInt', () => {
    fc.assert(
      fc.property(rulebookArb(10_000), manyUnitsArb, (rb, units) => {
        expect(isTriggered(compileRule(rb), countsOfUnits(units))).toBe(evaluateTrigger(rb, units).outcome === 'triggered');
      }),
      { numRuns: 400 },
    );
  });

  it('settles an exact tie with the threshold beyond 2^53 as the rulebook says', () => {
    // 200 of 400 branches and 150 of 300 affiliated branches: both halves, so the total is (4999 + 5000) / 9999 / 2 = exactly 1/2.
    const units = [...tally('branch', 200, 200), ...tally('affiliate', 150, 150)];
    for (const inclusive of [true, false]) {
      const rb = withReview(
        {
          kind: 'college',
          weights: { branch: fraction(4999, 9999), affiliate: fraction(5000, 9999) },
          threshold: { share: fraction(5000, 10_000), inclusive },
        },
        'no',
        'per-branch',
      );
      const r = compileRule(rb);
      expect((r.wbNum * 200 * r.waDen * 300 + r.waNum * 150 * r.wbDen * 400) * r.tDen).toBeGreaterThan(2 ** 53);
      expect(isTriggered(r, countsOfUnits(units))).toBe(inclusive);
      expect(evaluateTrigger(rb, units).outcome).toBe(inclusive ? 'triggered' : 'readopted');
    }
  });

  it('is exact at a threshold: 2 of 6 branches is one third (2018 triggers, 1990 does not)', () => {
    const units: UnitResult[] = ['yes', 'yes', 'no', 'no', 'no', 'no'].map((d, i) => ({ unit: `b${i}`, class: 'branch', decision: d as UnitDecision }));
    const k = countsOfUnits(units);
    expect(isTriggered(compileRule(LABOUR_2018), k)).toBe(true);
    expect(isTriggered(compileRule(LABOUR_1990), k)).toBe(false);
    expect(isTriggered(compileRule(LABOUR_1979), k)).toBe(true);
  });

  it('refuses a members’ meeting rulebook', () => {
    expect(() => compileRule(LIBDEM_READOPTION)).toThrow(NotUnitVotes);
  });
});

describe('the synthetic party', () => {
  /** The units of the constituency just sampled, as recorded results under a rulebook's tie rule. */
  function unitsOf(sampler: PartySampler, c: number, rb: Rulebook): UnitResult[] {
    const shape = sampler.shape;
    const d = sampler.decisionsOf(c);
    const tie = rb.incumbentReview.kind === 'trigger-ballot' ? rb.incumbentReview.unitVote.tie : 'no';
    const word = (x: number): UnitDecision =>
      x === YES ? 'yes' : x === NO ? 'no' : x === TIE ? (tie === 'no' ? 'no' : 'abstain') : x === ABSENT ? 'absent' : 'abstain';
    const out: UnitResult[] = [];
    for (let b = 0; b < shape.branches[c]; b++) out.push({ unit: `b${b}`, class: 'branch', decision: word(d[b]) });
    for (let i = 0; i < shape.affiliated[c]; i++) {
      out.push({
        unit: `a${i}`,
        class: 'affiliate',
        decision: word(d[shape.branches[c] + i]),
        affiliate: `affiliate ${shape.affGroup[shape.affStart[c] + i]}`,
      });
    }
    return out;
  }

  it('gives every rulebook, by the fast path, the outcome evaluateTrigger gives from the same drawn decisions', () => {
    const model: PartyModel = { ...SMALL, attendance: { min: 2, max: 12 }, supportMean: 0.45, affiliates: 3 };
    const rulebooks = [
      ...LABOUR,
      withReview({ kind: 'pooled', threshold: { share: fraction(1, 2), inclusive: true } }, 'abstain', 'per-affiliate'),
      withReview(
        {
          kind: 'college',
          weights: { branch: fraction(2, 3), affiliate: fraction(1, 3) },
          threshold: { share: fraction(1, 2), inclusive: true },
          silentClass: 'zero',
        },
        'no',
        'per-affiliate',
      ),
      withReview({ kind: 'either-class', threshold: { share: fraction(2, 5), inclusive: false } }, 'abstain', 'per-branch'),
    ];
    const rules = rulebooks.map(compileRule);
    const sampler = new PartySampler(model, 7, { trace: true, byAffiliate: true });
    const counts = new Int32Array(COUNTS_SIZE);
    let ties = 0;
    let triggered = 0;
    for (let run = 0; run < 3; run++) {
      for (let c = 0; c < model.constituencies; c++) {
        sampler.sample(c, counts);
        ties += counts[C.branchTie] + counts[C.groupTie];
        rulebooks.forEach((rb, r) => {
          const slow = evaluateTrigger(rb, unitsOf(sampler, c, rb)).outcome === 'triggered';
          expect(isTriggered(rules[r], counts), `${rb.id}, run ${run}, constituency ${c}`).toBe(slow);
          if (slow) triggered++;
        });
      }
    }
    // The check meant something: tied meetings and both outcomes occurred.
    expect(ties).toBeGreaterThan(0);
    expect(triggered).toBeGreaterThan(0);
    expect(triggered).toBeLessThan(3 * model.constituencies * rulebooks.length);
  });

  it('keeps counts that add up to the units of each constituency', () => {
    const sampler = new PartySampler(SMALL, 3, { trace: true });
    const counts = new Int32Array(COUNTS_SIZE);
    for (let c = 0; c < SMALL.constituencies; c++) {
      sampler.sample(c, counts);
      const d = [...sampler.decisionsOf(c)];
      const nb = sampler.shape.branches[c];
      expect(counts[C.branchYes] + counts[C.branchNo] + counts[C.branchTie] + counts[C.branchAbsent]).toBe(nb);
      expect(counts[C.branchYes]).toBe(d.slice(0, nb).filter((x) => x === YES).length);
      expect(counts[C.branchTie]).toBe(d.slice(0, nb).filter((x) => x === TIE).length);
      expect(counts[C.affYes] + counts[C.affNo] + counts[C.affAbsent]).toBe(sampler.shape.affiliated[c]);
      expect(counts[C.affNo]).toBe(d.slice(nb).filter((x) => x === NO).length);
    }
  });

  it('draws the shape from the seed: branches and affiliated branches within their ranges', () => {
    const shape = buildShape(DEFAULT_MODEL, 5);
    expect(shape.constituencies).toBe(650);
    expect(Math.min(...shape.branches)).toBeGreaterThanOrEqual(8);
    expect(Math.max(...shape.branches)).toBe(14);
    expect(Math.min(...shape.affiliated)).toBe(0);
    expect(Math.max(...shape.affiliated)).toBe(30);
    expect(new Set(shape.affGroup).size).toBe(6);
    const listed = buildShape({ ...DEFAULT_MODEL, branches: { kind: 'list', values: [3, 9] } }, 5);
    expect(new Set(listed.branches)).toEqual(new Set([3, 9]));
  });

  it('tabulates the binomial majority exactly enough: a meeting of 4 at support 0.5, and of 31 at 0.2 and 0.8', () => {
    const mid = (majorityRow(4).length / 2 - 1) / 2;
    expect(levelSupport(mid)).toBe(0.5);
    // 4 members, p = 1/2: P(3 or 4 for) = 5/16, P(tie) = 6/16.
    expect(majorityRow(4)[2 * mid]).toBeCloseTo(5 / 16, 12);
    expect(majorityRow(4)[2 * mid + 1]).toBeCloseTo(11 / 16, 12);
    // Odd meetings never tie; levels mirror: P(for wins | p) = P(against wins | 1 − p).
    const row = majorityRow(31);
    for (const level of [mid - 89, mid - 7, mid + 40]) {
      expect(row[2 * level + 1]).toBe(row[2 * level]);
      const p = levelSupport(level);
      let direct = 0;
      let term = (1 - p) ** 31;
      for (let k = 0; k <= 31; k++) {
        if (k >= 16) direct += term;
        term *= ((31 - k) / (k + 1)) * (p / (1 - p));
      }
      expect(row[2 * level]).toBeCloseTo(direct, 12);
      expect(row[2 * level] + row[2 * (2 * mid - level)]).toBeCloseTo(1, 12);
    }
  });

  it('draws beta support with the asked mean, and exactly 0 or 1 at the ends', () => {
    const next = sfc32(9);
    for (const [mean, k] of [
      [0.3, 8],
      [0.05, 2],
      [0.9, 0.5],
    ]) {
      let sum = 0;
      for (let i = 0; i < 20_000; i++) sum += drawBeta(mean, k, next);
      expect(sum / 20_000).toBeCloseTo(mean, 2);
    }
    expect(drawBeta(0, 8, next)).toBe(0);
    expect(drawBeta(1, 8, next)).toBe(1);
  });

  it('reads parameters as the command line and the form give them, reporting every mistake', () => {
    const m = modelFrom({ 'support-mean': '40%', branches: '6,10,12', attendance: '5-9', 'affiliate-counting': 'per-affiliate', constituencies: '12' });
    expect(m.ok && m.value.supportMean).toBe(0.4);
    expect(m.ok && m.value.branches).toEqual({ kind: 'list', values: [6, 10, 12] });
    expect(m.ok && m.value.attendance).toEqual({ min: 5, max: 9 });
    const bad = modelFrom({ 'support-mean': '1.5', branches: '14-8', attendance: '1,2', turnout: 'lots', constituencies: '0' });
    expect(bad.ok).toBe(false);
    const lines = bad.ok ? [] : bad.error.message.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines.join('\n')).toMatch(/support-mean: must be a number from 0 to 1/);
    expect(lines.join('\n')).toMatch(/branches: the lower bound 14 is above the upper bound 8/);
  });
});

describe('simulateParty', () => {
  it('is determined by its seed', () => {
    const a = simulateParty({ model: SMALL, rulebooks: LABOUR, seed: 11, runs: 40 });
    const b = simulateParty({ model: SMALL, rulebooks: LABOUR, seed: 11, runs: 40 });
    const c = simulateParty({ model: SMALL, rulebooks: LABOUR, seed: 12, runs: 40 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('triggers nobody under a trigger ballot when nobody supports a selection, and everybody under mandatory reselection', () => {
    const r = simulateParty({ model: { ...SMALL, supportMean: 0, affiliateSupport: 0 }, rulebooks: LABOUR, seed: 2, runs: 30 });
    expect(r.rulebooks.map((x) => [x.id, x.mean, x.low, x.high])).toEqual([
      ['labour-1979', 1, 1, 1],
      ['labour-1990', 0, 0, 0],
      ['labour-2018', 0, 0, 0],
      ['labour-2021', 0, 0, 0],
    ]);
    expect(r.meanSupport).toBe(0);
  });

  it('triggers everybody when everybody supports a selection and every branch meets', () => {
    const r = simulateParty({ model: { ...SMALL, supportMean: 1, affiliateSupport: 1, turnout: 1 }, rulebooks: LABOUR, seed: 2, runs: 30 });
    expect(r.rulebooks.map((x) => x.mean)).toEqual([1, 1, 1, 1]);
  });

  it('triggers more on average as support rises, under every rulebook', () => {
    const shares = [0.1, 0.25, 0.4, 0.55, 0.7, 0.85].map((s) =>
      simulateParty({ model: { ...SMALL, supportMean: s }, rulebooks: LABOUR, seed: 4, runs: 60 }).rulebooks.map((x) => x.mean),
    );
    for (let r = 1; r < LABOUR.length; r++) {
      for (let i = 1; i < shares.length; i++) expect(shares[i][r], `${LABOUR[r].id} at step ${i}`).toBeGreaterThan(shares[i - 1][r]);
    }
    // And within one party, the bands of higher support trigger more.
    const one = simulateParty({ model: SMALL, rulebooks: [LABOUR_1990], seed: 4, runs: 100 });
    const filled = one.bands.filter((b) => b.constituencies > 200).map((b) => b.triggered[0] as number);
    for (let i = 1; i < filled.length; i++) expect(filled[i]).toBeGreaterThanOrEqual(filled[i - 1]);
  });

  it('reports intervals that contain the mean, and counts every constituency of every run once in the bands', () => {
    const r = simulateParty({ model: SMALL, rulebooks: LABOUR, seed: 5, runs: 50 });
    for (const x of r.rulebooks) {
      expect(x.low).toBeLessThanOrEqual(x.mean);
      expect(x.high).toBeGreaterThanOrEqual(x.mean);
    }
    expect(r.bands.reduce((s, b) => s + b.constituencies, 0)).toBe(50 * SMALL.constituencies);
    // 2018 (a third of either class) triggers more than 1990 (more than half, pooled).
    expect(r.rulebooks[2].mean).toBeGreaterThan(r.rulebooks[1].mean);
  });

  it('counts affiliates one vote each when asked, by modifying the rulebooks’ data', () => {
    const per = applicableRulebook(LABOUR_2021, { ...SMALL, affiliateCounting: 'per-affiliate' });
    expect(per.incumbentReview.kind === 'trigger-ballot' && per.incumbentReview.affiliateCounting).toBe('per-affiliate');
    expect(LABOUR_2021.incumbentReview.kind === 'trigger-ballot' && LABOUR_2021.incumbentReview.affiliateCounting).toBe('per-branch');
    const a = simulateParty({ model: { ...SMALL, affiliateSupport: 0.6 }, rulebooks: [LABOUR_2018], seed: 6, runs: 40 });
    const b = simulateParty({ model: { ...SMALL, affiliateSupport: 0.6, affiliateCounting: 'per-affiliate' }, rulebooks: [LABOUR_2018], seed: 6, runs: 40 });
    expect(b.rulebooks[0].mean).not.toBe(a.rulebooks[0].mean);
  });
});

describe('hustings simulate party', () => {
  async function cli(args: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const status = await run(['simulate', 'party', ...args], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      env: {},
    });
    return { status, stdout, stderr };
  }
  let tmp = '';
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'hustings-simulate-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('prints each rulebook’s share as a table, the same as simulateParty, and the shares by support', async () => {
    const r = await cli(['--runs', '20', '--constituencies', '50', '--seed', '3', '--support-mean', '40%']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lib = simulateParty({ model: { ...DEFAULT_MODEL, constituencies: 50, supportMean: 0.4 }, rulebooks: LABOUR, seed: 3, runs: 20 });
    expect(r.stdout).toMatch(/^Synthetic party: 50 constituencies, 20 runs, seed 3\n/);
    for (const rb of lib.rulebooks) expect(r.stdout).toMatch(new RegExp(`${rb.name} \\(${rb.id}\\)\\s+${(rb.mean * 100).toFixed(1)}%`));
    expect(r.stdout).toContain("By the members' support in the constituency");
    expect(r.stdout).toContain("members' support for a selection: beta distribution, mean 40.0%, concentration 8");
  });

  it('prints JSON, sets aside members’-meeting rulebooks brought in by all, and writes charts', async () => {
    const svg = join(tmp, 'party.svg');
    const png = join(tmp, 'party.png');
    const r = await cli(['--runs', '10', '--constituencies', '30', '--rulebooks', 'all', '--format', 'json', '--chart', svg]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      rulebooks: { id: string }[];
      notSimulated: { id: string }[];
      bySupport: { triggered: Record<string, number | null> }[];
    };
    expect(doc.rulebooks.map((x) => x.id)).toEqual(['labour-1979', 'labour-1990', 'labour-2018', 'labour-2021']);
    expect(doc.notSimulated.map((x) => x.id)).toEqual(['libdem-readoption', 'conservative-readoption']);
    expect(Object.keys(doc.bySupport[0].triggered)).toEqual(doc.rulebooks.map((x) => x.id));
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(r.stderr).toBe('');
    expect((await cli(['--runs', '5', '--constituencies', '20', '--chart', png])).status).toBe(0);
    expect([...readFileSync(png).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('refuses a wrong command line with exit status 2 and says why', async () => {
    const cases: [string[], RegExp][] = [
      [['--rulebooks', 'libdem-readoption'], /libdem-readoption cannot be simulated: .* members' meeting/],
      [
        ['--support-mean', '1.5', '--branches', '9-2'],
        /--branches: the lower bound 9 is above the upper bound 2\n {2}--support-mean: must be a number from 0 to 1/,
      ],
      [['--runs', '0'], /--runs must be a whole number from 1 to 1,000,000, not "0"/],
      [['--chart', 'out.gif'], /--chart must name an .svg or .png file/],
      [['--weather', 'fine'], /--weather is not an option of simulate party/],
      [['--rulebooks', 'labour-1990,labour-1990'], /gives the rulebook "labour-1990" twice/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
    }
    const help = await cli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--support-mean');
  });
});
