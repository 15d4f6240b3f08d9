/**
 * The hardening figures in `npm run bench`: sign-in latency while the largest
 * simulation the democracy-review page allows is running
 * (bench/signin-under-simulation.ts), and the time a results page for a
 * 100,000-ballot election takes to serve (bench/results-page.ts). Each script
 * runs in a child process of its own, as it would alone, and the lines it prints
 * are kept; its settings are its own environment variables.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { BENCH_DIR, ROOT, progress } from './context.js';

export interface ScriptResult {
  readonly script: string;
  readonly ok: boolean;
  readonly wallMs: number;
  /** What the script printed on stdout: its figures. */
  readonly lines: readonly string[];
}

const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

function runScript(name: string): ScriptResult {
  progress(`${name}…`);
  const t0 = performance.now();
  const r = spawnSync(TSX, [path.join(BENCH_DIR, name)], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 15 * 60_000 });
  const lines = (r.stdout ?? '').split('\n').filter((l) => l.trim() !== '');
  return { script: name, ok: r.status === 0, wallMs: performance.now() - t0, lines };
}

export const signInUnderSimulation = (): ScriptResult => runScript('signin-under-simulation.ts');
export const resultsPage = (): ScriptResult => runScript('results-page.ts');

export function renderScript(title: string, r: ScriptResult): string {
  const head = `${title} (bench/${r.script}, ${(r.wallMs / 1000).toFixed(0)} s)`;
  if (!r.ok) return `${head}\n  FAILED (exit status not 0); what it printed:\n${r.lines.map((l) => `  ${l}`).join('\n')}`;
  return `${head}\n${r.lines.map((l) => `  ${l}`).join('\n')}`;
}
