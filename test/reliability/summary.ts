/**
 * The one-screen summary of `npm run test:reliability`. Each scenario records what it did in a
 * JSON file; this global teardown (run in vitest's main process, after every test) prints it.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SUMMARY_FILE = path.join(ROOT, 'test-artifacts', 'reliability-summary.json');

export type Scale = 'full' | 'small';
export const scale = (): Scale => (process.env.RELIABILITY_SCALE === 'small' ? 'small' : 'full');

export interface Line {
  readonly section: 'load' | 'faults' | 'bad inputs' | 'access' | 'tampering';
  readonly text: string;
  /** Votes acknowledged but not found afterwards (0 unless something was lost). */
  readonly lost?: number;
  readonly skipped?: boolean;
}

/** Adds a line to the summary (from a test worker). */
export function note(line: Line): void {
  mkdirSync(path.dirname(SUMMARY_FILE), { recursive: true });
  const lines: Line[] = existsSync(SUMMARY_FILE) ? (JSON.parse(readFileSync(SUMMARY_FILE, 'utf8')) as Line[]) : [];
  lines.push(line);
  writeFileSync(SUMMARY_FILE, JSON.stringify(lines, null, 1));
}

export function render(lines: readonly Line[], sc: Scale): string {
  const out = [`Hustings reliability (${sc} run)`, '─'.repeat(72)];
  for (const section of ['load', 'faults', 'bad inputs', 'access', 'tampering'] as const) {
    const here = lines.filter((l) => l.section === section);
    out.push(`${section.toUpperCase()}${here.length === 0 ? ': nothing ran' : ''}`);
    for (const l of here) out.push(`  ${l.skipped ? 'SKIPPED ' : ''}${l.text}`);
  }
  const lost = lines.reduce((n, l) => n + (l.lost ?? 0), 0);
  out.push('─'.repeat(72), `votes lost: ${lost}`);
  return out.join('\n');
}

export default function setup(): () => void {
  rmSync(SUMMARY_FILE, { force: true });
  return () => {
    const lines = existsSync(SUMMARY_FILE) ? (JSON.parse(readFileSync(SUMMARY_FILE, 'utf8')) as Line[]) : [];
    process.stdout.write(`\n${render(lines, scale())}\n`);
  };
}
