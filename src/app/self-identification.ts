/**
 * A member declaring, or withdrawing, the characteristics they self-identify with (disabled,
 * BAME…), which decide only which reserved contests they may vote in. The declaration is the
 * member's own act on their own record; the audit log records that they changed it and never
 * what, since nobody but the member may learn it. A contest whose electorate is already frozen
 * keeps the judgement made at its freeze: the declaration counts from the next freeze on.
 */
import { auditRecord } from '../audit/index.js';
import type { MemberId } from '../domain/ids.js';
import { SELF_IDENTIFIED, type Member, type SelfIdentified } from '../domain/organisation.js';
import type { Clock } from '../domain/time.js';
import type { AuditStore, OrganisationStore } from '../store/store.js';
import { refusal, type AppResult } from './app-error.js';

/** The member's characteristics that the vocabulary knows, in its order (a stored word it no longer knows is left out). */
export function declaredCharacteristics(member: Member): SelfIdentified[] {
  const held = new Set(member.selfIdentified ?? []);
  return SELF_IDENTIFIED.filter((c) => held.has(c));
}

export const isSelfIdentified = (word: string): word is SelfIdentified => (SELF_IDENTIFIED as readonly string[]).includes(word);

/**
 * Replaces the member's self-identified characteristics with `chosen` (none: withdraws them all).
 * Refused, writing nothing, for a word outside the vocabulary or a member who is not stored.
 * `changed` is false when the record already said so: then nothing is written or logged.
 */
export async function declareSelfIdentification(
  store: OrganisationStore & AuditStore,
  clock: Clock,
  member: MemberId,
  chosen: readonly string[],
): Promise<AppResult<{ readonly changed: boolean; readonly characteristics: readonly SelfIdentified[] }>> {
  const unknown = chosen.find((c) => !isSelfIdentified(c));
  if (unknown !== undefined) return refusal('malformed', 'unknown-characteristic', `“${unknown}” is not one of the choices; choose from those listed.`);
  const stored = await store.getMember(member);
  if (stored === null) return refusal('not-found', 'not-found', 'Your membership record was not found, so nothing could be saved.');
  const wanted = new Set(chosen);
  const characteristics = SELF_IDENTIFIED.filter((c) => wanted.has(c));
  const before = stored.selfIdentified ?? [];
  const same = before.length === characteristics.length && characteristics.every((c) => before.includes(c));
  if (same) return { ok: true, value: { changed: false, characteristics } };
  if (!(await store.setSelfIdentified(member, characteristics))) {
    return refusal('not-found', 'not-found', 'Your membership record was not found, so nothing could be saved.');
  }
  await store.appendAudit(auditRecord(member, 'member.self-identification-updated', {}, clock.now().toISOString()));
  return { ok: true, value: { changed: true, characteristics } };
}
