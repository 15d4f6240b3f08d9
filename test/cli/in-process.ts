/** Runs `hustings` in this process, as a person would at a terminal, collecting what it prints and its exit status. */
import { hustings } from '../../src/bin/hustings.js';
import type { Io } from '../../src/cli/run.js';

export async function hustingsInProcess(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, env: {} };
  const status = await hustings(argv, io);
  return { status, stdout: out.join(''), stderr: err.join('') };
}
