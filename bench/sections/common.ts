/** What every section keeps of a measured run, for the tables and results.json. */
import { failureOf, type RunResult } from '../measure.js';
import { median } from '../format.js';

export interface Measured {
  readonly wallMs: number;
  readonly userMs?: number;
  readonly sysMs?: number;
  readonly maxRssBytes?: number;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  /** Why the run did not succeed; absent when it did. */
  readonly failure?: string;
}

export function measured(r: RunResult, limitMs?: number): Measured {
  const failure = failureOf(r, limitMs);
  return {
    wallMs: r.wallMs,
    ...(r.userMs !== undefined ? { userMs: r.userMs } : {}),
    ...(r.sysMs !== undefined ? { sysMs: r.sysMs } : {}),
    ...(r.maxRssBytes !== undefined ? { maxRssBytes: r.maxRssBytes } : {}),
    exitCode: r.exitCode,
    signal: r.signal,
    timedOut: r.timedOut,
    ...(failure !== undefined ? { failure } : {}),
  };
}

/** Repeated runs: the median wall clock is the figure; the largest peak RSS is kept (memory is judged at its worst). */
export interface Repeated {
  readonly runs: readonly Measured[];
  readonly medianWallMs: number;
  readonly minWallMs: number;
  readonly medianCpuMs?: number;
  readonly maxRssBytes?: number;
  readonly failure?: string;
}

export function repeated(runs: readonly Measured[]): Repeated {
  const ok = runs.filter((r) => r.failure === undefined);
  const use = ok.length > 0 ? ok : runs;
  const walls = use.map((r) => r.wallMs);
  const cpus = use.flatMap((r) => (r.userMs !== undefined && r.sysMs !== undefined ? [r.userMs + r.sysMs] : []));
  const rss = runs.flatMap((r) => (r.maxRssBytes !== undefined ? [r.maxRssBytes] : []));
  const failure = runs.find((r) => r.failure !== undefined)?.failure;
  return {
    runs,
    medianWallMs: median(walls),
    minWallMs: Math.min(...walls),
    ...(cpus.length ? { medianCpuMs: median(cpus) } : {}),
    ...(rss.length ? { maxRssBytes: Math.max(...rss) } : {}),
    ...(failure !== undefined ? { failure } : {}),
  };
}

export function cpuOf(m: Measured): number | undefined {
  return m.userMs !== undefined && m.sysMs !== undefined ? m.userMs + m.sysMs : undefined;
}

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
