/**
 * Which rulebook a stored process runs under: the one lookup of the web app, the command line and the
 * timetable's scheduler. A process names its rulebook as "id@version": one bundled with Hustings at
 * that version, or one the organisation wrote and named in force from a file, which is kept in the
 * store under that name (src/app/rulebook-in-force.ts) so that every server and every command reads
 * the same rules for as long as any process runs under them.
 */
import { presetById } from '../domain/presets.js';
import type { Rulebook } from '../domain/rulebook.js';
import { parseRulebook } from '../formats/rulebook-schema.js';
import type { OrganisationSettingName, OrganisationStore, StoredProcess } from '../store/store.js';
import { refusal, type AppResult } from './app-error.js';

/** What a lookup of a process's rulebook reads: the organisation's own rulebooks are kept with its settings. */
export type RulebookStore = Pick<OrganisationStore, 'organisationSetting'>;

/** Where the organisation's own rulebook of `ref` ("my-party@1") is kept. */
export const customRulebookSetting = (ref: string): OrganisationSettingName => `rulebook:${ref}`;

/** The rulebook a process was opened under ("labour-2021@1"), if this version of Hustings bundles it at that version. */
export function bundledRulebookFor(proc: Pick<StoredProcess, 'rulebook'>): Rulebook | null {
  const at = proc.rulebook.lastIndexOf('@');
  const id = at < 0 ? proc.rulebook : proc.rulebook.slice(0, at);
  const rb = presetById(id);
  if (!rb) return null;
  if (at >= 0 && rb.version !== Number(proc.rulebook.slice(at + 1))) return null;
  return rb;
}

/** The rulebook a process was opened under: bundled, or the organisation's own kept in the store; null when there is neither. */
export async function rulebookFor(store: RulebookStore, proc: Pick<StoredProcess, 'rulebook'>): Promise<Rulebook | null> {
  const bundled = bundledRulebookFor(proc);
  if (bundled) return bundled;
  const kept = await store.organisationSetting(customRulebookSetting(proc.rulebook));
  if (kept === null) return null;
  const known = parsedRulebooks.get(kept);
  if (known !== undefined) return known;
  // It was checked when it was named in force; a check failing now is a damaged store, not a user's mistake.
  const parsed = parseRulebook(JSON.parse(kept), `the rulebook ${proc.rulebook} kept in the store`);
  if (!parsed.ok) throw new Error(parsed.error.message);
  if (parsedRulebooks.size >= 32) parsedRulebooks.clear();
  parsedRulebooks.set(kept, parsed.value);
  return parsed.value;
}

/**
 * Kept rulebooks already checked, by their stored text: every cast asks for its process's rulebook,
 * and checking one against the schema costs far more than reading it. Keyed by the text itself, so a
 * store holding other rules under the same name never gets these.
 */
const parsedRulebooks = new Map<string, Rulebook>();

/** As rulebookFor, for a use case that cannot go on without it. */
export async function rulebookOf(store: RulebookStore, proc: Pick<StoredProcess, 'id' | 'rulebook'>): Promise<AppResult<Rulebook>> {
  const rb = await rulebookFor(store, proc);
  return rb
    ? { ok: true, value: rb }
    : refusal(
        'unavailable',
        'rulebook-missing',
        `${proc.id} runs under rulebook ${proc.rulebook}, which this version of Hustings does not bundle and the organisation has not named`,
      );
}
