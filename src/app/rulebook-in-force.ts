/**
 * The rulebook in force: the organisation names it once (an administrator, on the web or the command
 * line), and every process opened from then on runs under it; the opening forms and commands no longer
 * ask. Until it is named, it is the bundled default (Labour's current rules). Historical and other
 * parties' rulebooks stay available to the democracy review, which compares them.
 */
import { auditRecord } from '../audit/index.js';
import { DEFAULT_PRESET_ID, presetById } from '../domain/presets.js';
import { rulebookRef, type Rulebook } from '../domain/rulebook.js';
import type { Clock } from '../domain/time.js';
import type { AuditStore, OrganisationStore } from '../store/store.js';
import { refusal, type AppResult } from './app-error.js';
import { rulebookFor } from './rulebook-of.js';

const SETTING = 'rulebook-in-force';

export interface RulebookInForce {
  readonly rulebook: Rulebook;
  /** False while no one has named it (the default is in force). */
  readonly named: boolean;
}

/** The rulebook in force. One named at a version this Hustings does not bundle is refused: processes cannot open until it is named again. */
export async function rulebookInForce(store: OrganisationStore): Promise<AppResult<RulebookInForce>> {
  const ref = await store.organisationSetting(SETTING);
  if (ref === null) return { ok: true, value: { rulebook: presetById(DEFAULT_PRESET_ID)!, named: false } };
  const rulebook = rulebookFor({ rulebook: ref });
  if (!rulebook)
    return refusal(
      'unavailable',
      'rulebook-missing',
      `The rulebook in force (${ref}) is not bundled with this version of Hustings; an administrator must name another.`,
    );
  return { ok: true, value: { rulebook, named: true } };
}

/** Names the rulebook in force (by its id; the version bundled is kept with it), logged as `actor`. Naming the one in force again changes nothing and logs nothing. */
export async function setRulebookInForce(
  store: OrganisationStore & AuditStore,
  id: string,
  how: { readonly actor: string; readonly clock: Clock },
): Promise<AppResult<{ readonly rulebook: Rulebook; readonly changed: boolean }>> {
  const rulebook = presetById(id);
  if (!rulebook) return refusal('not-found', 'no-such-rulebook', `There is no bundled rulebook "${id}".`);
  const previous = await store.organisationSetting(SETTING);
  const ref = rulebookRef(rulebook);
  if (previous === ref) return { ok: true, value: { rulebook, changed: false } };
  await store.putOrganisationSetting(SETTING, ref);
  await store.appendAudit(auditRecord(how.actor, 'organisation.rulebook-set', { rulebook: ref, previous }, how.clock.now().toISOString()));
  return { ok: true, value: { rulebook, changed: true } };
}
