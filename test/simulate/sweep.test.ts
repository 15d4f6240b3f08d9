import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.js';
import { LABOUR_1979, LABOUR_1990, LABOUR_2018, LABOUR_2021 } from '../../src/domain/presets.js';
import { parseRulebook } from '../../src/formats/rulebook-schema.js';
import { compileRule } from '../../src/simulate/evaluate.js';
import { DEFAULT_MODEL, type PartyModel } from '../../src/simulate/model.js';
import { meanShares, simulateParty, tally } from '../../src/simulate/montecarlo.js';
import {
  FLIP_SHARE,
  FLIP_TOLERANCE,
  checkSweep,
  flipPoints,
  fractionOfShare,
  modifiedModel,
  modifiedRulebook,
  sweep,
  sweepValues,
  sweepWork,
  unaffectedBy,
} from '../../src/simulate/sweep.js';

const LABOUR = [LABOUR_1979, LABOUR_1990, LABOUR_2018, LABOUR_2021];
const SMALL: PartyModel = { ...DEFAULT_MODEL, constituencies: 80 };

describe('flip points', () => {
  it('bracket the crossing of half: below half at the low end, half or more at the high end, within the tolerance', () => {
    const rules = LABOUR.map(compileRule);
    const flips = flipPoints(SMALL, rules, 3, 30);
    expect(flips[0].status).toBe('always');
    for (const [r, f] of flips.entries()) {
      if (f.status !== 'flips') continue;
      expect(f.high - f.low, LABOUR[r].id).toBeLessThanOrEqual(FLIP_TOLERANCE);
      // Simulated afresh at each end, with the same seed and runs: the bracket holds.
      const at = (s: number): number => meanShares(tally({ ...SMALL, supportMean: s }, [rules[r]], 3, 30), 1)[0];
      expect(at(f.low), `${LABOUR[r].id} at ${f.low}`).toBeLessThan(FLIP_SHARE);
      expect(at(f.high), `${LABOUR[r].id} at ${f.high}`).toBeGreaterThanOrEqual(FLIP_SHARE);
      expect(at(f.low)).toBe(f.shareAtLow);
      expect(at(f.high)).toBe(f.shareAtHigh);
    }
    expect(flips.slice(1).map((f) => f.status)).toEqual(['flips', 'flips', 'flips']);
    // A third of either class is an easier trigger than more than half pooled: it flips at lower support.
    expect(flips[2].high).toBeLessThan(flips[1].low);
  });

  it('says never when even full support triggers fewer than half', () => {
    // Nobody meets: nothing can be triggered under a trigger ballot.
    const none = flipPoints({ ...SMALL, turnout: 0, affiliateTurnout: 0 }, [compileRule(LABOUR_2021)], 1, 5);
    expect(none[0].status).toBe('never');
    expect(none[0].shareAtHigh).toBe(0);
  });
});

describe('rulebook parameters', () => {
  it('builds modified rulebooks through their data, still valid rulebooks', () => {
    const t = modifiedRulebook(LABOUR_2018, 'threshold', 0.4);
    expect(t.incumbentReview.kind === 'trigger-ballot' && t.incumbentReview.combine.threshold).toEqual({ share: { num: 2, den: 5 }, inclusive: true });
    const w = modifiedRulebook(LABOUR_2021, 'affiliate-weight', 0.25);
    expect(w.incumbentReview.kind === 'trigger-ballot' && w.incumbentReview.combine.kind === 'college' && w.incumbentReview.combine.weights).toEqual({
      branch: { num: 3, den: 4 },
      affiliate: { num: 1, den: 4 },
    });
    for (const rb of [t, w]) expect(parseRulebook(JSON.parse(JSON.stringify(rb)), 'modified').ok).toBe(true);
    // The presets themselves are untouched.
    expect(LABOUR_2018.incumbentReview.kind === 'trigger-ballot' && LABOUR_2018.incumbentReview.combine.threshold.share).toEqual({ num: 1, den: 3 });
    expect(modifiedRulebook(LABOUR_1990, 'affiliate-weight', 0.25)).toBe(LABOUR_1990);
    expect(modifiedRulebook(LABOUR_1979, 'threshold', 0.25)).toBe(LABOUR_1979);
    expect(unaffectedBy('affiliate-weight', LABOUR_2018)).toMatch(/either class/);
    expect(unaffectedBy('threshold', LABOUR_2021)).toBeUndefined();
    expect(fractionOfShare(0.3333)).toEqual({ num: 3333, den: 10_000 });
  });

  it('a threshold sweep falls as the threshold rises, and at the preset’s own threshold gives the preset’s result', () => {
    const r = sweep({ model: SMALL, rulebooks: [LABOUR_1979, LABOUR_2018], seed: 8, runs: 25, param: 'threshold', from: 0.2, to: 0.8, steps: 4, flipRuns: 0 });
    expect(r.points.map((p) => p.value)).toEqual([0.2, 0.4, 0.6, 0.8]);
    const ms = r.points.map((p) => p.results[1].mean);
    for (let i = 1; i < ms.length; i++) expect(ms[i]).toBeLessThan(ms[i - 1]);
    expect(r.points.every((p) => p.results[0].mean === 1)).toBe(true);
    expect(r.rulebooks[0].unaffected).toMatch(/no threshold/);
    const preset = simulateParty({ model: SMALL, rulebooks: [LABOUR_2018], seed: 8, runs: 25 }).rulebooks[0];
    const third = sweep({ model: SMALL, rulebooks: [LABOUR_2018], seed: 8, runs: 25, param: 'threshold', from: 1 / 3, to: 0.5, steps: 2, flipRuns: 0 });
    // 0.3333 is just below a third: at least as many triggered as under the preset.
    expect(third.points[0].results[0].mean).toBeGreaterThanOrEqual(preset.mean);
  });

  it('an affiliate-weight sweep changes the college and leaves the others alone', () => {
    const model = { ...SMALL, affiliateSupport: 0.6, affiliateCorrelation: 0 };
    const r = sweep({ model, rulebooks: [LABOUR_1990, LABOUR_2021], seed: 9, runs: 25, param: 'affiliate-weight', from: 0, to: 1, steps: 3, flipRuns: 0 });
    expect(new Set(r.points.map((p) => p.results[0].mean)).size).toBe(1);
    const college = r.points.map((p) => p.results[1].mean);
    // Affiliates backing a selection more than branches: the more they weigh, the more are triggered.
    expect(college[2]).toBeGreaterThan(college[1]);
    expect(college[1]).toBeGreaterThan(college[0]);
    const half = simulateParty({ model, rulebooks: [LABOUR_2021], seed: 9, runs: 25 }).rulebooks[0].mean;
    expect(college[1]).toBe(half);
  });
});

describe('sweeps', () => {
  it('of the support, rise with it and mark each rulebook’s flip point between the values that bracket it', () => {
    const r = sweep({ model: SMALL, rulebooks: LABOUR, seed: 2, runs: 30, param: 'support-mean', from: 0, to: 1, steps: 11, flipRuns: 30 });
    expect(r.flips).not.toBeNull();
    for (const [i, rb] of LABOUR.entries()) {
      const means = r.points.map((p) => p.results[i].mean);
      for (let k = 1; k < means.length; k++) expect(means[k], `${rb.id} at ${r.points[k].value}`).toBeGreaterThanOrEqual(means[k - 1] - 0.01);
      const f = r.flips![i];
      if (f.status !== 'flips') continue;
      const below = r.points.filter((p) => p.value <= f.low).at(-1)!;
      const above = r.points.find((p) => p.value >= f.high)!;
      expect(below.results[i].mean, rb.id).toBeLessThan(FLIP_SHARE + 0.05);
      expect(above.results[i].mean, rb.id).toBeGreaterThan(FLIP_SHARE - 0.05);
    }
  });

  it('of another parameter, find the flip point at every value', () => {
    const r = sweep({ model: SMALL, rulebooks: [LABOUR_1990, LABOUR_2018], seed: 2, runs: 10, param: 'turnout', from: 0.5, to: 1, steps: 3, flipRuns: 10 });
    expect(r.flips).toBeNull();
    expect(r.points.every((p) => p.flips?.length === 2)).toBe(true);
    expect(modifiedModel(SMALL, 'turnout', 0.5).turnout).toBe(0.5);
    expect(modifiedModel(SMALL, 'threshold', 0.5)).toBe(SMALL);
  });

  it('are determined by the seed', () => {
    const req = { model: SMALL, rulebooks: LABOUR, seed: 5, runs: 10, param: 'affiliate-support' as const, from: 0, to: 1, steps: 3, flipRuns: 0 };
    expect(JSON.stringify(sweep(req))).toBe(JSON.stringify(sweep(req)));
    expect(JSON.stringify(sweep({ ...req, seed: 6 }))).not.toBe(JSON.stringify(sweep(req)));
  });

  it('check their request and bound their work', () => {
    expect(checkSweep({ param: 'support-mean', from: 0, to: 1, steps: 11, flipRuns: 10 }).ok).toBe(true);
    const bad = checkSweep({ param: 'weather' as never, from: -1, to: 2, steps: 1, flipRuns: -1 });
    expect(bad.ok ? [] : bad.error.message.split('\n')).toHaveLength(5);
    expect(checkSweep({ param: 'threshold', from: 0, to: 1, steps: 5, flipRuns: 0 }).ok).toBe(false);
    expect(() => sweep({ model: SMALL, rulebooks: LABOUR, seed: 1, runs: 1, param: 'turnout', from: 0, to: 1, steps: 1, flipRuns: 0 })).toThrow(RangeError);
    expect(sweepValues(0, 1, 5)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const w = (param: 'support-mean' | 'turnout'): number => sweepWork({ model: SMALL, rulebooks: LABOUR, runs: 10, param, steps: 5, flipRuns: 4 });
    expect(w('support-mean')).toBe(5 * 10 * 80 + (2 + 9 * 4) * 4 * 80);
    expect(w('turnout')).toBe(5 * 10 * 80 + 5 * (2 + 9 * 4) * 4 * 80);
  });
});

describe('hustings simulate sweep', () => {
  async function cli(args: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const status = await run(['simulate', 'sweep', ...args], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      env: {},
    });
    return { status, stdout, stderr };
  }
  let tmp = '';
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'hustings-sweep-'));
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('prints the shares at each value and the flip points, and charts them', async () => {
    const chart = join(tmp, 'sweep.svg');
    const r = await cli(['--param', 'support-mean', '--steps', '3', '--runs', '8', '--flip-runs', '8', '--constituencies', '40', '--chart', chart]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Sweep of members’ mean support for a selection from 0.0% to 100.0%, 3 values: 40 constituencies, 8 runs per value, seed 1\n/);
    expect(r.stdout).toContain(
      "Flip points (the members' mean support at which 50% of incumbents are triggered, by bisection with 8 runs per step, to within 0.20%):",
    );
    expect(r.stdout).toMatch(/Labour 1979: always: 100.0% triggered even with no support/);
    expect(r.stdout).toMatch(/Labour 2018: between \d+\.\d\d% and \d+\.\d\d%/);
    const lib = sweep({
      model: { ...DEFAULT_MODEL, constituencies: 40 },
      rulebooks: LABOUR,
      seed: 1,
      runs: 8,
      param: 'support-mean',
      from: 0,
      to: 1,
      steps: 3,
      flipRuns: 8,
    });
    const f = lib.flips![2];
    expect(r.stdout).toContain(`Labour 2018: between ${(f.low * 100).toFixed(2)}% and ${(f.high * 100).toFixed(2)}%`);
    expect(readFileSync(chart, 'utf8')).toContain('flips at');
  });

  it('finds flip points per value for another parameter, as JSON, and charts them', async () => {
    const flipChartFile = join(tmp, 'flips.svg');
    const r = await cli([
      '--param',
      'threshold',
      '--from',
      '0.3',
      '--to',
      '0.5',
      '--steps',
      '2',
      '--runs',
      '4',
      '--flip-runs',
      '4',
      '--constituencies',
      '30',
      '--rulebooks',
      'labour-2018,labour-2021',
      '--format',
      'json',
      '--flip-chart',
      flipChartFile,
    ]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      points: { value: number; triggered: Record<string, { mean: number }>; flips: Record<string, { status: string }> }[];
      flips: null;
    };
    expect(doc.points.map((p) => p.value)).toEqual([0.3, 0.5]);
    expect(Object.keys(doc.points[0].flips)).toEqual(['labour-2018', 'labour-2021']);
    expect(doc.flips).toBeNull();
    expect(readFileSync(flipChartFile, 'utf8')).toContain('Members’ support at which half of incumbents are triggered');
  });

  it('refuses a wrong command line with exit status 2', async () => {
    const cases: [string[], RegExp][] = [
      [[], /simulate sweep needs --param/],
      [['--param', 'weather'], /--param must be one of support-mean, turnout/],
      [['--param', 'turnout', '--from', '120%'], /--from must be a number from 0 to 1 or a percentage/],
      [['--param', 'turnout', '--steps', '1'], /--steps must be a whole number from 2 to 101/],
      [['--param', 'threshold', '--from', '0'], /a threshold of 0 would trigger every incumbent/],
      [['--param', 'support-mean', '--flip-chart', 'x.svg'], /--flip-chart is for the other parameters/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
