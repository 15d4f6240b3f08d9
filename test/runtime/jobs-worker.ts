/** A worker for the pool's tests: echoes, throws, dies, or spins the CPU until stopped, as the job says. */
import { parentPort } from 'node:worker_threads';

export type TestJob = { readonly kind: 'echo'; readonly value: string } | { readonly kind: 'throw' } | { readonly kind: 'die' } | { readonly kind: 'spin' };

parentPort?.on('message', (m: { id: number; input: TestJob }) => {
  const job = m.input;
  switch (job.kind) {
    case 'echo':
      parentPort!.postMessage({ id: m.id, value: `${job.value} from thread` });
      return;
    case 'throw':
      parentPort!.postMessage({ id: m.id, error: 'the job refused' });
      return;
    case 'die':
      process.exit(7);
      return;
    case 'spin':
      // Synchronous, as a simulation is: only terminating the thread stops it.
      for (;;);
  }
});
parentPort?.postMessage({ ready: true });
