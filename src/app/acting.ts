/** Who acts in a use case and with which store and clock: what every process step is given. */
import type { ProcessContext } from '../domain/processes/index.js';
import type { Rulebook } from '../domain/rulebook.js';
import type { Clock } from '../domain/time.js';
import type { Store } from '../store/store.js';

export interface Acting {
  readonly store: Store;
  readonly clock: Clock;
  /** Who the audit log names as acting: a member id on the web, "cli:<user>" from the command line, "demo", "timetable". */
  readonly actor: string;
  /** The command line's steps leave the process's own events unsigned ("by": null): the operating-system user is named in the audit log only. */
  readonly unsignedEvents?: boolean;
}

export function processContext(rulebook: Rulebook, a: Acting): ProcessContext {
  return a.unsignedEvents === true ? { rulebook, clock: a.clock } : { rulebook, clock: a.clock, actor: a.actor };
}
