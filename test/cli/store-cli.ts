/** In-process runs of the store-backed commands against a temporary SQLite file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hustings as run } from '../../src/bin/hustings.js';
import type { Io } from '../../src/cli/run.js';

export interface Ran {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function hustingsIn(args: readonly string[], env: Record<string, string> = {}, opts: { stderrTTY?: boolean } = {}): Promise<Ran> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = {
    stdout: { write: (s: string) => out.push(s), isTTY: false },
    stderr: { write: (s: string) => err.push(s), isTTY: opts.stderrTTY ?? false },
    env,
  };
  const status = await run(args, io);
  return { status, stdout: out.join(''), stderr: err.join('') };
}

/** A fresh directory for one test file's databases, removed by the returned function. */
export function scratch(prefix: string): { dir: string; db: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `hustings-${prefix}-`));
  return { dir, db: (name) => `sqlite:${join(dir, name)}`, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
