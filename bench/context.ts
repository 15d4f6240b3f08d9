/** Paths, settings and the two ways the bench starts a measured child. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMeasured, type RunOptions, type RunResult } from './measure.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BENCH_DIR = path.join(ROOT, 'bench');
export const DATA_DIR = path.join(BENCH_DIR, '.data');
/** Where compile.ts puts the child scripts as plain JavaScript. */
export const JS_DIR = path.join(DATA_DIR, 'js');
export const CLI = path.join(ROOT, 'dist', 'bin', 'main.js');

function envNumber(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not "${v}"`);
  return n;
}

/** A setting that counts something (members, ballots, seconds): a positive whole number, or the fallback when unset. */
export function envWholeNumber(name: string, fallback: number): number {
  const n = envNumber(name, fallback);
  if (!Number.isSafeInteger(n)) throw new Error(`${name} must be a positive whole number, not "${process.env[name]}"`);
  return n;
}

export interface Settings {
  /** Sections to run: irv, cdf, scotland, meek, party, casting, simulate, signin, results, outbox, verifiable, national. */
  readonly only: ReadonlySet<string>;
  /** Timed repetitions of the Hustings IRV run and the floor (median reported). */
  readonly reps: number;
  /** Time limit for each peer run. */
  readonly peerLimitMs: number;
  /** V8 heap limit given to peers, so one cannot take the whole machine. */
  readonly peerHeapMb: number;
  readonly scotlandDir: string;
  /** Whether the IRV section also runs the npm tabulators (slow): BENCH_PEERS=0 leaves them out. */
  readonly peers: boolean;
}

/** Every section; `national` takes a quarter of an hour or more, so it runs only when asked for. */
const SECTIONS = ['irv', 'cdf', 'scotland', 'meek', 'party', 'casting', 'simulate', 'signin', 'results', 'outbox', 'verifiable', 'national'];

export function settings(): Settings {
  const only = (process.env.BENCH_ONLY ?? SECTIONS.filter((s) => s !== 'national').join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of only) if (!SECTIONS.includes(s)) throw new Error(`BENCH_ONLY: unknown section "${s}" (${SECTIONS.join(', ')})`);
  if (process.env.BENCH_NATIONAL === '1' && !only.includes('national')) only.push('national');
  return {
    only: new Set(only),
    reps: Math.round(envNumber('BENCH_REPS', 3)),
    peerLimitMs: envNumber('BENCH_PEER_LIMIT_S', 120) * 1000,
    peerHeapMb: Math.round(envNumber('BENCH_PEER_HEAP_MB', Math.min(4096, Math.floor((os.totalmem() / 2 ** 20) * 0.5)))),
    scotlandDir: process.env.BENCH_SCOTLAND_DIR ?? path.resolve(ROOT, '..', 'shared', 'data', 'scotland'),
    peers: process.env.BENCH_PEERS !== '0',
  };
}

/** Runs a compiled bench child script (path relative to bench/, .ts name) with plain node. */
export function runChild(script: string, args: readonly string[], options: RunOptions & { heapMb?: number } = {}): Promise<RunResult> {
  const js = path.join(JS_DIR, script.replace(/\.ts$/, '.js'));
  const flags = options.heapMb !== undefined ? [`--max-old-space-size=${options.heapMb}`] : [];
  return runMeasured([process.execPath, ...flags, js, ...args], { cwd: ROOT, ...options });
}

/** Runs the real command line, `node dist/bin/main.js …`, exactly as a user would. */
export function runHustings(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return runMeasured([process.execPath, CLI, ...args], { cwd: ROOT, ...options });
}

export function packageVersion(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

/** Progress goes to stderr; the report itself is stdout. */
export function progress(msg: string): void {
  process.stderr.write(`· ${msg}\n`);
}

export interface UrcvtLike {
  readonly results?: readonly { readonly tally?: Record<string, string>; readonly tallyResults?: readonly Record<string, unknown>[] }[];
}

/** Winners in order of election, from `hustings count --format urcvt` output. */
export function urcvtWinners(stdout: string): string[] | undefined {
  try {
    const doc = JSON.parse(stdout) as UrcvtLike;
    const winners: string[] = [];
    for (const round of doc.results ?? []) for (const r of round.tallyResults ?? []) if (typeof r.elected === 'string') winners.push(r.elected);
    return winners;
  } catch {
    return undefined;
  }
}
