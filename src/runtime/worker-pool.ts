/**
 * A small pool of worker threads for CPU-bound jobs a request asks for (the
 * democracy review's simulations), so that they never hold the event loop
 * that answers everyone else.
 *
 * Its bounds are what keeps one client from stalling the server: at most
 * `size` jobs run at once, at most `queue` more wait, and a job that runs past
 * `timeoutMs` has its thread terminated (the only way to stop a synchronous
 * loop) and answers 'timeout'. Expected refusals are values, never throws.
 *
 * Threads start when a job needs one and end after `idleMs` without work; an
 * idle thread never keeps the process alive.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export type JobOutcome<O> =
  | { readonly ok: true; readonly value: O }
  /** busy: the queue is full; timeout: the job ran past its limit and was stopped; failed: the job threw or its thread died. */
  | { readonly ok: false; readonly reason: 'busy' | 'timeout' | 'failed'; readonly message: string };

/** The port: what a caller needs from a pool, whatever runs the jobs. */
export interface JobRunner<I, O> {
  run(input: I): Promise<JobOutcome<O>>;
  /** Jobs running and waiting now. */
  load(): { readonly running: number; readonly waiting: number };
  /** Stops every thread; waiting and running jobs answer 'failed'. */
  close(): Promise<void>;
}

export interface WorkerPoolOptions {
  /**
   * The worker's module. Once listening it posts `{ ready: true }`; then it answers each message
   * `{ id, input }` with `{ id, value }` or `{ id, error }`.
   * A .ts module (the sources, as the tests run them) is loaded through tsx, a development dependency.
   */
  readonly script: URL;
  readonly size: number;
  readonly queue: number;
  readonly timeoutMs: number;
  readonly idleMs?: number;
}

/** A thread running `script`: directly when built, or through tsx's loader when it is TypeScript (Node 20 applies no --import loader to a worker). */
function startWorker(script: URL): Worker {
  if (!script.pathname.endsWith('.ts')) return new Worker(script);
  // The package's ES module entry (resolving from here would give its CommonJS one, which cannot load the ES one from a worker).
  const tsx = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/package.json')
      .replace(/package\.json$/, 'dist/esm/api/index.mjs'),
  ).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then((m) => m.tsImport(${JSON.stringify(script.href)}, ${JSON.stringify(script.href)}))`;
  return new Worker(bootstrap, { eval: true });
}

interface Pending<I, O> {
  readonly id: number;
  readonly input: I;
  readonly resolve: (o: JobOutcome<O>) => void;
}

interface Slot<I, O> {
  readonly worker: Worker;
  /** Loaded and listening: a job's time limit starts only then, so that starting a thread never counts against it. */
  ready: boolean;
  job: Pending<I, O> | null;
  timer: ReturnType<typeof setTimeout> | null;
}

export function workerPool<I, O>(o: WorkerPoolOptions): JobRunner<I, O> {
  if (!(o.size >= 1) || !(o.queue >= 0) || !(o.timeoutMs > 0))
    throw new RangeError(
      `a worker pool needs at least one thread, a queue of 0 or more and a time limit above 0 (size ${o.size}, queue ${o.queue}, time limit ${o.timeoutMs} ms)`,
    );
  const slots: Slot<I, O>[] = [];
  const waiting: Pending<I, O>[] = [];
  let nextId = 1;
  let closed = false;

  function spawn(): Slot<I, O> {
    const worker = startWorker(o.script);
    const slot: Slot<I, O> = { worker, ready: false, job: null, timer: null };
    worker.unref();
    worker.on('message', (m: { ready?: true; id: number; value?: O; error?: string }) => {
      if (m.ready) {
        slot.ready = true;
        dispatch();
        return;
      }
      const job = slot.job;
      if (!job || m.id !== job.id) return;
      finish(slot, m.error === undefined ? { ok: true, value: m.value as O } : { ok: false, reason: 'failed', message: m.error });
    });
    // A thread that dies (an uncaught error, out of memory) takes its job with it; the next job gets a new thread.
    const died = (why: string) => {
      const at = slots.indexOf(slot);
      if (at < 0) return;
      slots.splice(at, 1);
      if (slot.timer) clearTimeout(slot.timer);
      const job = slot.job;
      slot.job = null;
      job?.resolve({ ok: false, reason: 'failed', message: why });
      // A thread that dies before it is ready (a broken script) fails the job it was started for, so that no job waits for ever.
      if (!slot.ready && !job) waiting.shift()?.resolve({ ok: false, reason: 'failed', message: why });
      dispatch();
    };
    worker.on('error', (e) => died(e instanceof Error ? e.message : String(e)));
    worker.on('exit', (code) => died(`the worker thread stopped (exit code ${code})`));
    slots.push(slot);
    return slot;
  }

  function start(slot: Slot<I, O>, job: Pending<I, O>): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.job = job;
    // A running job keeps the process alive; an idle thread does not.
    slot.worker.ref();
    slot.timer = setTimeout(() => {
      const at = slots.indexOf(slot);
      if (at >= 0) slots.splice(at, 1);
      slot.job = null;
      void slot.worker.terminate();
      job.resolve({ ok: false, reason: 'timeout', message: `the job ran for more than ${o.timeoutMs} ms and was stopped` });
      dispatch();
    }, o.timeoutMs);
    slot.worker.postMessage({ id: job.id, input: job.input });
  }

  function finish(slot: Slot<I, O>, outcome: JobOutcome<O>): void {
    const job = slot.job!;
    if (slot.timer) clearTimeout(slot.timer);
    slot.job = null;
    slot.timer = null;
    slot.worker.unref();
    job.resolve(outcome);
    dispatch();
    if (slot.job === null && !closed) {
      slot.timer = setTimeout(() => {
        const at = slots.indexOf(slot);
        if (at >= 0 && slot.job === null) {
          slots.splice(at, 1);
          void slot.worker.terminate();
        }
      }, o.idleMs ?? 30_000);
      slot.timer.unref();
    }
  }

  function dispatch(): void {
    while (waiting.length > 0 && !closed) {
      const idle = slots.find((s) => s.ready && s.job === null);
      if (idle) {
        start(idle, waiting.shift()!);
        continue;
      }
      // Threads still starting will take the first waiting jobs; start more only for jobs beyond them.
      const starting = slots.filter((s) => !s.ready).length;
      if (waiting.length > starting && slots.length < o.size) {
        spawn();
        continue;
      }
      return;
    }
  }

  const running = (): number => slots.filter((s) => s.job !== null).length;

  return {
    run(input: I): Promise<JobOutcome<O>> {
      if (closed) return Promise.resolve({ ok: false, reason: 'failed', message: 'the worker pool is closed' });
      // Waiting jobs beyond the threads free (or able to start) are the queue.
      if (waiting.length >= o.queue + (o.size - running()))
        return Promise.resolve({ ok: false, reason: 'busy', message: `${running()} jobs are running and ${waiting.length} waiting, the most allowed` });
      return new Promise((resolve) => {
        waiting.push({ id: nextId++, input, resolve });
        dispatch();
      });
    },
    load: () => ({ running: running(), waiting: waiting.length }),
    async close(): Promise<void> {
      closed = true;
      for (const job of waiting.splice(0)) job.resolve({ ok: false, reason: 'failed', message: 'the worker pool was closed' });
      const all = slots.splice(0);
      for (const s of all) {
        if (s.timer) clearTimeout(s.timer);
        const job = s.job;
        s.job = null;
        job?.resolve({ ok: false, reason: 'failed', message: 'the worker pool was closed' });
      }
      await Promise.all(all.map((s) => s.worker.terminate()));
    },
  };
}
