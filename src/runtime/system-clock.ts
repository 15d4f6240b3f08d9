/**
 * The machine's clock: the one place the time of day comes from the system.
 * The domain knows only the `Clock` interface, so every process step and test
 * can run on a clock it is given.
 */
import type { Clock } from '../domain/time.js';

export const systemClock: Clock = { now: () => new Date() };
