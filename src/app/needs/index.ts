/**
 * What needs a person now: every source's items for them, sorted by when they are due.
 *
 * To add a kind of item (a candidate's consent, a statement to write), write a source module
 * beside these (a `NeedSource`: reading in, items out) and add it to `NEED_SOURCES`; the web page
 * shows any item by its sentence, date and target.
 */
import { localDate } from '../../domain/local-time.js';
import { ok, type Result } from '../../domain/result.js';
import type { AppError } from '../app-error.js';
import { candidateNeeds } from './candidate-needs.js';
import { electionNominationNeeds } from './election-nomination-needs.js';
import { memberNeeds } from './member-needs.js';
import type { Need, NeedDue, NeedSource, NeedsPerson, NeedsReading } from './need.js';
import { nationalOfficerNeeds, proceduresSecretaryNeeds } from './officer-steps.js';
import { scrutineerNeeds } from './scrutineer-needs.js';
import { secretaryNeeds } from './secretary-needs.js';

/** Every source, in the order the page lists roles. */
export const NEED_SOURCES: readonly NeedSource[] = [
  memberNeeds,
  candidateNeeds,
  secretaryNeeds,
  electionNominationNeeds,
  proceduresSecretaryNeeds,
  nationalOfficerNeeds,
  scrutineerNeeds,
];

/** An item's due moment as a sortable key: a "by" day counts at its start, as does a "from" day; undated items (doable now) first. */
function dueKey(d: NeedDue | null): string {
  if (d === null) return '';
  return d.kind === 'closes' ? d.at.toISOString() : `${d.date}T00:00:00.000Z`;
}

/** The items due for `person` now, each source's in date order (the sort is stable, so a source's own order breaks ties). */
export async function needsNow(
  store: NeedsReading['store'],
  person: NeedsPerson,
  at: { readonly now: Date; readonly zone: string },
): Promise<Result<Need[], AppError>> {
  const units = await store.listUnits();
  const names = new Map(units.map((u) => [u.id as string, u.name]));
  const branch = units.find((u) => u.id === person.member.branch);
  const reading: NeedsReading = {
    store,
    person,
    now: at.now,
    today: localDate(at.now, at.zone),
    zone: at.zone,
    processes: await store.processDocuments(),
    unitName: (id) => (id === null ? 'the whole party' : (names.get(id) ?? 'a constituency no longer on record')),
    homeConstituency: branch?.kind === 'branch' ? branch.parent : null,
  };
  const items: Need[] = [];
  for (const source of NEED_SOURCES) items.push(...(await source(reading)));
  return ok(items.sort((a, b) => (dueKey(a.due) < dueKey(b.due) ? -1 : dueKey(a.due) > dueKey(b.due) ? 1 : 0)));
}
