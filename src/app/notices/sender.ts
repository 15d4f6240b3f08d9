/**
 * The outbox's sender as a long-running loop, for `hustings serve` and `hustings outbox drain`:
 * drains until stopped, and when the store fails under it (a restarted database) logs that and
 * starts again after a pause rather than ending the process.
 */
import { drainOutbox, type DrainOptions, type DrainTally } from './drain.js';

export interface RunningSender {
  /** Stops starting messages, hands back claimed ones not yet started, waits for those in flight; the counts of the whole run. */
  stop(): Promise<DrainTally>;
}

const ZERO: DrainTally = { fannedOut: 0, claimed: 0, sent: 0, retrying: 0, failed: 0, released: 0 };

const add = (a: DrainTally, b: DrainTally): DrainTally => ({
  fannedOut: a.fannedOut + b.fannedOut,
  claimed: a.claimed + b.claimed,
  sent: a.sent + b.sent,
  retrying: a.retrying + b.retrying,
  failed: a.failed + b.failed,
  released: a.released + b.released,
});

export function startOutboxSender(options: Omit<DrainOptions, 'signal' | 'once'> & { readonly restartMs?: number }): RunningSender {
  const stopping = new AbortController();
  const restartMs = options.restartMs ?? 10_000;
  const run = async (): Promise<DrainTally> => {
    let total = ZERO;
    while (!stopping.signal.aborted) {
      try {
        total = add(total, await drainOutbox({ ...options, signal: stopping.signal }));
      } catch (e) {
        options.log?.error('outbox.sender-failed', { restartInSeconds: restartMs / 1000 }, e);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, restartMs);
          stopping.signal.addEventListener(
            'abort',
            () => {
              clearTimeout(timer);
              resolve();
            },
            { once: true },
          );
        });
      }
    }
    return total;
  };
  const running = run();
  return {
    stop: () => {
      stopping.abort();
      return running;
    },
  };
}
