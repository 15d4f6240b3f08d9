/** The exit status a refused use case earns: the command line's one table of them (the web's is web/server/http-status.ts). */
import type { AppErrorCode } from '../app/app-error.js';

/** A refusal of any kind: the reason is on stderr, and nothing was stored. */
export const EXIT_REFUSED = 1;

export const EXIT_STATUS: Readonly<Record<AppErrorCode, number>> = {
  'not-found': EXIT_REFUSED,
  malformed: EXIT_REFUSED,
  invalid: EXIT_REFUSED,
  conflict: EXIT_REFUSED,
  forbidden: EXIT_REFUSED,
  throttled: EXIT_REFUSED,
  unavailable: EXIT_REFUSED,
};

/** A stored process whose state this release cannot read (it does not fit its kind's schema, or a later release wrote it). */
export const EXIT_UNREADABLE_DOCUMENT = EXIT_STATUS.unavailable;
