/**
 * A thread of a trustee's command checking a slice of the board's ballots (ballot-checks.ts), run by
 * src/runtime/worker-pool.ts: it answers each message `{ id, input }` with `{ id, value }`, or
 * `{ id, error }` when the slice cannot be checked.
 */
import { parentPort } from 'node:worker_threads';
import { type BallotCheckJob, checkBallotSlice } from './ballot-checks.js';

parentPort?.on('message', (m: { id: number; input: BallotCheckJob }) => {
  try {
    parentPort!.postMessage({ id: m.id, value: checkBallotSlice(m.input) });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
parentPort?.postMessage({ ready: true });
