/**
 * The democracy review's simulations, run in a worker thread of the pool
 * (src/runtime/worker-pool.ts) so that the event loop answering everyone else
 * is never held by one. A job names its rulebooks by id and is otherwise plain
 * data, so it crosses to the thread as it is.
 */
import { parentPort } from 'node:worker_threads';
import { PRESETS } from '../../domain/presets.js';
import type { PartyModel } from '../../simulate/model.js';
import { simulateParty, type PartyRunResult } from '../../simulate/montecarlo.js';
import { sweep, type SweepParam, type SweepResult } from '../../simulate/sweep.js';

export interface SimulationJob {
  readonly model: PartyModel;
  readonly rulebooks: readonly string[];
  readonly seed: number;
  readonly runs: number;
  readonly sweep: {
    readonly param: SweepParam;
    readonly from: number;
    readonly to: number;
    readonly steps: number;
    readonly runs: number;
    readonly flipRuns: number;
  } | null;
}

export interface SimulationOutcome {
  readonly party: PartyRunResult;
  readonly sweep: SweepResult | undefined;
}

export function runSimulation(job: SimulationJob): SimulationOutcome {
  const rulebooks = job.rulebooks.map((id) => {
    const rb = PRESETS.find((p) => p.id === id);
    if (!rb) throw new Error(`no rulebook ${id}`);
    return rb;
  });
  const party = simulateParty({ model: job.model, rulebooks, seed: job.seed, runs: job.runs });
  const s = job.sweep;
  const swept = s
    ? sweep({ model: job.model, rulebooks, seed: job.seed, runs: s.runs, param: s.param, from: s.from, to: s.to, steps: s.steps, flipRuns: s.flipRuns })
    : undefined;
  return { party, sweep: swept };
}

parentPort?.on('message', (m: { id: number; input: SimulationJob }) => {
  try {
    parentPort!.postMessage({ id: m.id, value: runSimulation(m.input) });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e) });
  }
});
parentPort?.postMessage({ ready: true });
