/**
 * An administrator correcting the email address of a member whose mail keeps failing. The new
 * address replaces the stored one (the store then takes the member off the list of failing
 * addresses), and the correction is logged as the administrator's, naming the member but neither
 * address. The membership system stays the record: its next import writes its own address again.
 */
import { auditRecord } from '../audit/index.js';
import type { MemberId } from '../domain/ids.js';
import { isEmailAddress, type Member } from '../domain/organisation.js';
import type { Clock } from '../domain/time.js';
import type { AuditStore, AuthStore, OrganisationStore } from '../store/store.js';
import { refusal, type AppResult } from './app-error.js';

/** The longest address mail servers accept (RFC 5321's path limit, less its brackets). */
const MAX_ADDRESS = 254;

/**
 * Replaces the member's email address with `address`. Refused, writing nothing, for text that is
 * not an address (malformed), the address already stored (invalid: it is the one failing), an
 * address another member has (conflict: sign-in finds a member by address), or no such member.
 */
export async function correctAddress(
  store: OrganisationStore & AuthStore & AuditStore,
  how: { readonly actor: string; readonly clock: Clock },
  member: MemberId,
  address: string,
): Promise<AppResult<Member>> {
  const email = address.trim();
  if (email === '') return refusal('malformed', 'no-address', 'Enter the member’s new email address.');
  if (email.length > MAX_ADDRESS || !isEmailAddress(email))
    return refusal('malformed', 'not-an-address', `“${email}” is not an email address; enter one like name@example.org.`);
  const stored = await store.getMember(member);
  if (stored === null) return refusal('not-found', 'not-found', 'That member is no longer stored, so nothing was saved.');
  if (stored.email !== null && stored.email.toLowerCase() === email.toLowerCase())
    return refusal('invalid', 'same-address', 'That is the address already stored, which is the one failing; enter the corrected address.');
  const holder = await store.memberByEmail(email);
  if (holder !== null && holder.id !== member)
    return refusal('conflict', 'address-taken', `${holder.name} already has the address ${email}; each member needs their own to sign in.`);
  const corrected: Member = { ...stored, email };
  await store.putMembers([corrected]);
  await store.appendAudit(auditRecord(how.actor, 'member.email-corrected', { member }, how.clock.now().toISOString()));
  return { ok: true, value: corrected };
}
