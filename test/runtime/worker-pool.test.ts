/**
 * The worker pool (src/runtime/worker-pool.ts) with real threads: jobs answer
 * values, refusals are values (busy, timeout, failed) and never throws, a
 * thread that dies or is stopped is replaced, and the queue is bounded.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { workerPool, type JobRunner } from '../../src/runtime/worker-pool.js';
import type { TestJob } from './jobs-worker.js';

const SCRIPT = new URL('./jobs-worker.ts', import.meta.url);
const pools: JobRunner<TestJob, string>[] = [];

function pool(o: { size?: number; queue?: number; timeoutMs?: number } = {}): JobRunner<TestJob, string> {
  const p = workerPool<TestJob, string>({ script: SCRIPT, size: o.size ?? 1, queue: o.queue ?? 4, timeoutMs: o.timeoutMs ?? 60_000 });
  pools.push(p);
  return p;
}

afterEach(async () => {
  for (const p of pools.splice(0)) await p.close();
});

async function reaches(p: JobRunner<TestJob, string>, running: number, waiting: number): Promise<void> {
  while (p.load().running < running || p.load().waiting < waiting) await new Promise((r) => setTimeout(r, 5));
}

describe('workerPool', () => {
  it('runs a job on a thread and answers its value', async () => {
    const p = pool();
    expect(await p.run({ kind: 'echo', value: 'hello' })).toEqual({ ok: true, value: 'hello from thread' });
    expect(p.load()).toEqual({ running: 0, waiting: 0 });
  });

  it('answers a job’s own refusal as failed, and a thread that dies as failed, then carries on', async () => {
    const p = pool();
    expect(await p.run({ kind: 'throw' })).toEqual({ ok: false, reason: 'failed', message: 'the job refused' });
    const died = await p.run({ kind: 'die' });
    expect(died).toMatchObject({ ok: false, reason: 'failed' });
    expect(await p.run({ kind: 'echo', value: 'again' })).toEqual({ ok: true, value: 'again from thread' });
  });

  it('stops a job past its time limit by terminating its thread, and runs the next on a new one', async () => {
    const p = pool({ timeoutMs: 100 });
    const spun = await p.run({ kind: 'spin' });
    expect(spun).toMatchObject({ ok: false, reason: 'timeout' });
    expect(await p.run({ kind: 'echo', value: 'after' })).toEqual({ ok: true, value: 'after from thread' });
  });

  it('queues up to its bound, answers busy beyond it, and runs the queued job once a thread is free', async () => {
    const p = pool({ size: 1, queue: 1, timeoutMs: 300 });
    const running = p.run({ kind: 'spin' });
    await reaches(p, 1, 0);
    const queued = p.run({ kind: 'echo', value: 'queued' });
    await reaches(p, 1, 1);
    expect(await p.run({ kind: 'echo', value: 'one too many' })).toMatchObject({ ok: false, reason: 'busy' });
    expect(await running).toMatchObject({ ok: false, reason: 'timeout' });
    expect(await queued).toEqual({ ok: true, value: 'queued from thread' });
  });

  it('answers every job failed when closed', async () => {
    const p = pool({ size: 1, queue: 2 });
    const a = p.run({ kind: 'spin' });
    await reaches(p, 1, 0);
    const b = p.run({ kind: 'echo', value: 'b' });
    await p.close();
    expect(await a).toMatchObject({ ok: false, reason: 'failed' });
    expect(await b).toMatchObject({ ok: false, reason: 'failed' });
    expect(await p.run({ kind: 'echo', value: 'c' })).toMatchObject({ ok: false, reason: 'failed' });
  });
});
