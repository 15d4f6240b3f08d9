/** Loading the demo party into an empty store (`hustings demo`, and `hustings serve --demo`). */
import { auditRecord } from '../audit/index.js';
import { generateParty } from '../demo/generate.js';
import { populate, type DemoSummary, type PopulateProgress } from './populate-demo.js';
import { LABOUR_2021 } from '../domain/presets.js';
import type { Clock, IsoDate } from '../domain/time.js';
import type { Store } from '../store/store.js';
import { longAction, reasonOf } from './audited-action.js';

/** The members a store holds if it holds a party already (members, or a party unit), else null: the demo goes only into an empty store. */
export async function partyHeld(store: Store): Promise<number | null> {
  const [members, parties] = await Promise.all([store.countMembers(), store.listUnits({ kind: 'party' })]);
  return members > 0 || parties.length > 0 ? members : null;
}

/**
 * Generates the demo party and writes it into `store`, logged in the audit log as a long action by
 * `actor`; the processes' steps between the start and the finish are logged by "demo", the generator.
 */
export function loadDemoParty(
  store: Store,
  spec: { readonly seed: number; readonly members: number; readonly today: IsoDate },
  clock: Clock,
  actor: string,
  progress?: PopulateProgress,
): Promise<DemoSummary> {
  const now = () => clock.now().toISOString();
  return longAction(
    store,
    auditRecord(actor, 'demo.started', { seed: spec.seed, members: spec.members, asOf: spec.today }, now()),
    () => populate(store, generateParty(spec), LABOUR_2021, progress),
    (o) =>
      auditRecord(
        actor,
        'demo.finished',
        o.ok
          ? { outcome: 'loaded', members: o.value.members, processes: o.value.processes.length, reason: null }
          : { outcome: 'failed', members: 0, processes: 0, reason: reasonOf(o.error) },
        now(),
      ),
  );
}
