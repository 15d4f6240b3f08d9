/**
 * The timetable's own close: a server wakes at the next closing moment of an
 * open ballot and closes and seals it, as an officer's close would, with the
 * audit entry ballot.closed-by-timetable. On start it first catches up on every
 * ballot whose moment passed while no server was running.
 *
 * Several servers may share one store: each runs its scheduler, the store's row
 * lock lets one close a ballot, and the others find it closed (a success). A
 * ballot opened by another server is seen at the next look, at most `lookEvery`
 * later; casting never waits for this, because a cast checks the closing moment
 * itself (outsideVotingWindow), so a late wake only delays the seal.
 */
import type { ProcessId } from '../domain/ids.js';
import type { ProcessDocument } from '../domain/processes/documents.js';
import { isPaused, votingWindow } from '../domain/processes/index.js';
import type { Clock } from '../domain/time.js';
import { closeBallot, TIMETABLE_ACTOR, type ClosingStore } from './close-ballot.js';
import { rulebookFor, type RulebookStore } from './rulebook-of.js';

export interface SchedulerOptions {
  readonly store: ClosingStore & RulebookStore;
  readonly clock: Clock;
  /** How often to look for ballots opened elsewhere when no closing moment comes sooner (default a minute). */
  readonly lookEvery?: number;
  /** Told of each ballot this scheduler's look found due and saw closed (by itself or another server). */
  readonly onClosed?: (proc: ProcessDocument) => void;
  /** Told of a failure (the store unreachable, a rulebook not bundled); the scheduler tries again at its next look. */
  readonly onError?: (message: string) => void;
}

const DEFAULT_LOOK_MS = 60_000;
/** setTimeout's longest delay. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export class TimetableScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly o: SchedulerOptions) {}

  /** Catches up on every closing moment already passed, then wakes at each next one; resolves once caught up. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.wake();
  }

  /** Stops waking; waits for a close under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /**
   * Closes and seals every open ballot whose closing moment has come, and says
   * when the next one is due (null if none is open). Safe to run on several
   * servers at once, and at any time.
   */
  async closeDue(): Promise<{ readonly closed: readonly ProcessId[]; readonly next: Date | null }> {
    const closed: ProcessId[] = [];
    let next: Date | null = null;
    for (const p of await this.o.store.processDocuments()) {
      // A paused ballot stands still: its closing moment comes again once it is resumed.
      if (p.kind === 'trigger-ballot' || p.state.phase !== 'ballot-open' || isPaused(p.state)) continue;
      const closes = votingWindow(p.state).closes;
      if (this.o.clock.now().getTime() < closes.getTime()) {
        if (next === null || closes.getTime() < next.getTime()) next = closes;
        continue;
      }
      const rulebook = await rulebookFor(this.o.store, p);
      if (!rulebook) {
        this.o.onError?.(
          `${p.id} was due to close at ${closes.toISOString()}, but it runs under rulebook ${p.rulebook}, which this version of Hustings does not bundle.`,
        );
        continue;
      }
      const r = await closeBallot({ store: this.o.store, clock: this.o.clock, rulebook, actor: TIMETABLE_ACTOR }, p, { byTimetable: true });
      if (!r.ok) {
        this.o.onError?.(`${p.id} was due to close at ${closes.toISOString()} but could not be closed: ${r.error.message}`);
        continue;
      }
      closed.push(p.id);
      this.o.onClosed?.(r.value);
    }
    return { closed, next };
  }

  private wake(): Promise<void> {
    const run = (async () => {
      let delay = this.o.lookEvery ?? DEFAULT_LOOK_MS;
      try {
        const { next } = await this.closeDue();
        if (next !== null) delay = Math.min(delay, Math.max(0, next.getTime() - this.o.clock.now().getTime()));
      } catch (e) {
        this.o.onError?.(`the timetable's scheduler could not read the store: ${e instanceof Error ? e.message : String(e)}; it tries again at its next look`);
      }
      if (this.stopped) return;
      this.timer = setTimeout(() => void this.wake(), Math.min(delay, MAX_DELAY_MS));
      // The server's socket keeps the process alive; a scheduler alone must not.
      this.timer.unref();
    })();
    this.running = run;
    return run;
  }
}
