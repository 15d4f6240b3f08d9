/**
 * The rulebook in force: the organisation names it once (an administrator, on the web or the command
 * line), and every process opened from then on runs under it; the opening forms and commands no longer
 * ask. Until it is named, it is the bundled default (Labour's current rules). Historical and other
 * parties' rulebooks stay available to the democracy review, which compares them. The organisation may
 * name a rulebook of its own (a file, checked at the edge): it is kept in the store under its
 * "id@version", never changed there, since processes go on running under it.
 */
import { auditRecord } from '../audit/index.js';
import { DEFAULT_PRESET_ID, presetById } from '../domain/presets.js';
import { rulebookRef, type Rulebook } from '../domain/rulebook.js';
import type { Clock } from '../domain/time.js';
import type { AuditStore, OrganisationStore } from '../store/store.js';
import { refusal, type AppResult } from './app-error.js';
import { customRulebookSetting, rulebookFor } from './rulebook-of.js';

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
  const rulebook = await rulebookFor(store, { rulebook: ref });
  if (!rulebook)
    return refusal(
      'unavailable',
      'rulebook-missing',
      `The rulebook in force (${ref}) is neither bundled with this version of Hustings nor kept by the organisation; an administrator must name another.`,
    );
  return { ok: true, value: { rulebook, named: true } };
}

/**
 * Names the rulebook in force, logged as `actor`: a bundled one by its id (the version bundled is kept
 * with it), or the organisation's own, kept in the store under its id and version. Naming the one in
 * force again changes nothing and logs nothing.
 */
export async function setRulebookInForce(
  store: OrganisationStore & AuditStore,
  named: string | Rulebook,
  how: { readonly actor: string; readonly clock: Clock },
): Promise<AppResult<{ readonly rulebook: Rulebook; readonly changed: boolean }>> {
  const rulebook = typeof named === 'string' ? presetById(named) : named;
  if (!rulebook) return refusal('not-found', 'no-such-rulebook', `There is no bundled rulebook "${named as string}".`);
  if (typeof named !== 'string') {
    const kept = await keepOwnRulebook(store, named);
    if (!kept.ok) return kept;
  }
  const previous = await store.organisationSetting(SETTING);
  const ref = rulebookRef(rulebook);
  if (previous === ref) return { ok: true, value: { rulebook, changed: false } };
  await store.putOrganisationSetting(SETTING, ref);
  await store.appendAudit(auditRecord(how.actor, 'organisation.rulebook-set', { rulebook: ref, previous }, how.clock.now().toISOString()));
  return { ok: true, value: { rulebook, changed: true } };
}

/**
 * Keeps the organisation's own rulebook under its id and version, unless it is kept already. Refused
 * when its id is a bundled rulebook's, or when other rules are kept under the same id and version:
 * the processes opened under those go on running under them, so a changed rulebook needs a new version.
 */
async function keepOwnRulebook(store: OrganisationStore, rulebook: Rulebook): Promise<AppResult<null>> {
  const ref = rulebookRef(rulebook);
  if (presetById(rulebook.id))
    return refusal('conflict', 'bundled-id', `${rulebook.name} has the id "${rulebook.id}" of a bundled rulebook; give your rulebook an id of its own.`);
  const setting = customRulebookSetting(ref);
  const text = JSON.stringify(rulebook);
  const kept = await store.organisationSetting(setting);
  if (kept === null) await store.putOrganisationSetting(setting, text);
  else if (JSON.stringify(await rulebookFor(store, { rulebook: ref })) !== text)
    return refusal(
      'conflict',
      'rulebook-changed',
      `A different rulebook ${rulebook.id} at version ${rulebook.version} was named before, and processes may run under it; give the changed rulebook a higher version.`,
    );
  return { ok: true, value: null };
}
