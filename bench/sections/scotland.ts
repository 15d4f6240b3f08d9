/** Scottish STV over every ward in ../shared/data/scotland/, in one process using the compiled library. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { childReport } from '../measure.js';
import { progress, ROOT, runChild, type Settings } from '../context.js';
import { count, median, megabytes, percentile, seconds, table } from '../format.js';
import type { ScotlandReport, WardTiming } from '../children/scotland.js';
import { measured, type Measured } from './common.js';

export interface ScotlandSummary {
  readonly wards: number;
  readonly failed: number;
  readonly ballots: number;
  readonly totalMs: number;
  readonly readMs: number;
  readonly countMs: number;
  readonly readCpuMs: number;
  readonly countCpuMs: number;
  readonly meanMs: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  readonly slowest: WardTiming | undefined;
}

export interface ScotlandResult {
  readonly skipped?: string;
  readonly dir: string;
  readonly process?: Measured;
  readonly summary?: ScotlandSummary;
  readonly report?: ScotlandReport;
}

function summarise(rep: ScotlandReport): ScotlandSummary {
  const ok = rep.wards.filter((w) => w.error === undefined);
  const per = ok.map((w) => w.readMs + w.countMs);
  const sum = (f: (w: WardTiming) => number): number => ok.reduce((a, w) => a + f(w), 0);
  const slowest = ok.reduce<WardTiming | undefined>((a, w) => (a === undefined || w.readMs + w.countMs > a.readMs + a.countMs ? w : a), undefined);
  const totalMs = sum((w) => w.readMs + w.countMs);
  return {
    wards: ok.length,
    failed: rep.wards.length - ok.length,
    ballots: sum((w) => w.ballots),
    totalMs,
    readMs: sum((w) => w.readMs),
    countMs: sum((w) => w.countMs),
    readCpuMs: sum((w) => w.readCpuMs),
    countCpuMs: sum((w) => w.countCpuMs),
    meanMs: per.length ? totalMs / per.length : 0,
    medianMs: per.length ? median(per) : 0,
    p95Ms: per.length ? percentile(per, 95) : 0,
    maxMs: per.length ? Math.max(...per) : 0,
    slowest,
  };
}

/** Issue 16's goal: every ward read and counted in under a second in all. */
export const SCOTLAND_GOAL_MS = 1000;

export async function scotland(s: Settings): Promise<ScotlandResult> {
  const dir = s.scotlandDir;
  if (!existsSync(dir)) {
    const skipped = `skipped: ${dir} is absent (set BENCH_SCOTLAND_DIR to point elsewhere)`;
    process.stderr.write(`NOTICE: Scottish STV bench ${skipped}\n`);
    return { skipped, dir };
  }
  progress(`Scottish STV over every ward in ${dir}`);
  const r = await runChild('children/scotland.ts', [ROOT, dir]);
  const m = measured(r);
  const report = childReport<ScotlandReport>(r);
  return { dir, process: m, ...(report ? { summary: summarise(report), report } : {}) };
}

export function renderScotland(res: ScotlandResult): string {
  const lines = ['Scottish STV (stv-scottish) · every ward in ' + path.relative(ROOT, res.dir)];
  if (res.skipped) return [...lines, `  ${res.skipped}`].join('\n');
  const rep = res.report;
  const sm = res.summary;
  if (!rep || !sm) return [...lines, `  failed: ${res.process?.failure ?? 'no result printed'}`].join('\n');
  const ok = rep.wards.filter((w) => w.error === undefined);
  const failed = rep.wards.filter((w) => w.error !== undefined);
  const slowest = sm.slowest;
  const n = Math.max(1, ok.length);
  lines.push(
    `  readElectionFile + count(…, 'stv-scottish') from dist/, one process, wards in path order (the first pays for JIT warm-up)`,
    `  ${count(sm.wards)} wards counted, ${count(sm.ballots)} ballots${failed.length ? `; ${failed.length} FAILED (first: ${failed[0].ward}: ${failed[0].error})` : ''}`,
    '',
  );
  const rows: string[][] = [
    ['all wards', seconds(sm.totalMs), seconds(sm.readMs), seconds(sm.countMs)],
    ['all wards, CPU time (user + system)', seconds(sm.readCpuMs + sm.countCpuMs), seconds(sm.readCpuMs), seconds(sm.countCpuMs)],
    ['per ward: mean', seconds(sm.meanMs), seconds(sm.readMs / n), seconds(sm.countMs / n)],
    ['per ward: median', seconds(sm.medianMs), seconds(median(ok.map((w) => w.readMs))), seconds(median(ok.map((w) => w.countMs)))],
    ['per ward: 95th percentile', seconds(sm.p95Ms), '', ''],
    ['per ward: max (slowest ward)', seconds(sm.maxMs), slowest ? seconds(slowest.readMs) : '—', slowest ? seconds(slowest.countMs) : '—'],
    ['whole process (node start to exit)', seconds(res.process?.wallMs), '', ''],
  ];
  lines.push(table(['', 'total', 'read', 'count'], rows));
  lines.push('');
  if (slowest)
    lines.push(
      `  slowest ward: ${slowest.ward} (${slowest.candidates} candidates, ${slowest.seats} seats, ${count(slowest.ballots)} ballots, ${slowest.stages} stages)`,
    );
  lines.push(`  peak RSS of the process: ${megabytes(res.process?.maxRssBytes)}`);
  const pass = (ms: number): string => (ms <= SCOTLAND_GOAL_MS ? 'PASS' : 'MISS');
  lines.push(
    `  Goal, all wards read and counted: ≤ ${seconds(SCOTLAND_GOAL_MS)} → ${pass(sm.totalMs)} (wall ${seconds(sm.totalMs)}; CPU ${seconds(sm.readCpuMs + sm.countCpuMs)} ${pass(sm.readCpuMs + sm.countCpuMs)})`,
  );
  return lines.join('\n');
}
