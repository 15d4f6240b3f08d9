/**
 * The democracy review's Monte Carlo: 10,000 runs over the default synthetic
 * party of 650 constituencies, judged under all four Labour rulebooks.
 *
 * Measured twice:
 *   1. the real command line, `node dist/bin/main.js simulate party … --format
 *      json`, end to end (Node's start-up and the output included);
 *   2. `simulateParty` alone inside a child process (bench/children/simulate.ts),
 *      timed around the call, which gives the runs per second of the engine.
 * Both must report the same mean shares (the same seed gives the same draws).
 * Settings (environment):
 *   BENCH_SIMULATE_RUNS=10000   runs per measurement
 */
import { progress, runChild, runHustings, type Settings } from './context.js';
import { childReport } from './measure.js';
import { count, megabytes, seconds, table } from './format.js';
import { cpuOf, measured, repeated, type Measured, type Repeated } from './sections/common.js';

const RULEBOOKS = ['labour-1979', 'labour-1990', 'labour-2018', 'labour-2021'];
const SEED = 1;

interface ChildReport {
  readonly ms: number;
  readonly constituencies: number;
  readonly means: Readonly<Record<string, number>>;
}

export interface SimulateResult {
  readonly runs: number;
  readonly constituencies: number;
  readonly rulebooks: readonly string[];
  readonly seed: number;
  /** The command line, end to end. */
  readonly cli: Repeated;
  /** simulateParty alone: its time in each repetition (ms), and the child runs. */
  readonly engine: { readonly runs: readonly Measured[]; readonly ms: readonly number[]; readonly medianMs: number | undefined };
  /** Mean share triggered by rulebook, from the command line; null when its output could not be read. */
  readonly means: Readonly<Record<string, number>> | null;
  /** Whether the engine alone gave the same means as the command line. */
  readonly agree: boolean;
}

function envRuns(): number {
  const v = process.env.BENCH_SIMULATE_RUNS;
  if (v === undefined || v === '') return 10_000;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`BENCH_SIMULATE_RUNS must be a positive whole number, not "${v}"`);
  return n;
}

function median(xs: readonly number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export async function simulate(s: Settings): Promise<SimulateResult> {
  const runs = envRuns();
  const args = ['simulate', 'party', '--runs', String(runs), '--seed', String(SEED), '--rulebooks', RULEBOOKS.join(','), '--format', 'json'];
  const cliRuns: Measured[] = [];
  let means: Record<string, number> | null = null;
  for (let i = 0; i < s.reps; i++) {
    progress(`hustings simulate party --runs ${count(runs)} × ${RULEBOOKS.length} rulebooks (run ${i + 1} of ${s.reps})`);
    const r = await runHustings(args);
    cliRuns.push(measured(r));
    if (i === 0 && r.exitCode === 0) {
      try {
        const doc = JSON.parse(r.stdout) as { rulebooks: { id: string; mean: number }[] };
        means = Object.fromEntries(doc.rulebooks.map((x) => [x.id, x.mean]));
      } catch {
        means = null;
      }
    }
  }
  const engineRuns: Measured[] = [];
  const ms: number[] = [];
  let agree = means !== null;
  let constituencies = 0;
  for (let i = 0; i < s.reps; i++) {
    progress(`simulateParty in process, ${count(runs)} runs (run ${i + 1} of ${s.reps})`);
    const r = await runChild('children/simulate.ts', [String(runs), String(SEED), RULEBOOKS.join(',')]);
    engineRuns.push(measured(r));
    const rep = childReport<ChildReport>(r);
    if (!rep) {
      agree = false;
      continue;
    }
    ms.push(rep.ms);
    constituencies = rep.constituencies;
    if (means === null || RULEBOOKS.some((id) => rep.means[id] !== means![id])) agree = false;
  }
  return {
    runs,
    constituencies,
    rulebooks: RULEBOOKS,
    seed: SEED,
    cli: repeated(cliRuns),
    engine: { runs: engineRuns, ms, medianMs: median(ms) },
    means,
    agree,
  };
}

const perSecond = (runs: number, ms: number | undefined): string => (ms === undefined || ms <= 0 ? '—' : `${count(Math.round((runs * 1000) / ms))} runs/s`);

export function renderSimulate(r: SimulateResult): string {
  const draws = r.runs * r.constituencies;
  const lines = [
    `Democracy review · Monte Carlo · ${count(r.runs)} runs × ${count(r.constituencies)} constituencies × ${r.rulebooks.length} rulebooks (${r.rulebooks.join(', ')}), seed ${r.seed}`,
    `  every run draws every constituency's branch meetings and affiliated branches, then judges them under each rulebook; medians of ${r.cli.runs.length}`,
    '',
    table(
      ['', 'wall', 'CPU', 'peak RSS', 'speed'],
      [
        [
          'hustings simulate party (CLI, end to end)',
          r.cli.failure ?? seconds(r.cli.medianWallMs),
          seconds(r.cli.medianCpuMs),
          megabytes(r.cli.maxRssBytes),
          perSecond(r.runs, r.cli.medianWallMs),
        ],
        [
          'simulateParty alone (in one process, timed around the call)',
          r.engine.medianMs === undefined ? (r.engine.runs.find((x) => x.failure)?.failure ?? 'FAILED') : seconds(r.engine.medianMs),
          seconds(median(r.engine.runs.map(cpuOf).filter((x): x is number => x !== undefined))),
          megabytes(Math.max(0, ...r.engine.runs.map((x) => x.maxRssBytes ?? 0)) || undefined),
          perSecond(r.runs, r.engine.medianMs),
        ],
      ],
    ),
    '',
    `  ${count(draws)} constituencies drawn per measurement${r.engine.medianMs ? ` (${count(Math.round((draws * 1000) / r.engine.medianMs))} a second, each judged under ${r.rulebooks.length} rulebooks)` : ''}`,
    r.means
      ? `  mean share triggered: ${Object.entries(r.means)
          .map(([id, m]) => `${id} ${(m * 100).toFixed(2)}%`)
          .join(', ')}; ${r.agree ? 'the engine alone gave the same' : 'MISMATCH: the engine alone gave other means'}`
      : '  the command line printed no readable result',
    '  (the engine row times simulateParty only; its CPU and RSS are of the whole child process)',
  ];
  return lines.join('\n');
}
