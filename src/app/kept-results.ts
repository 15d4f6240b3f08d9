/**
 * The kept record of a count, as the results, their downloads and the board
 * serve it: read from the store, and served only while its digest is the one the
 * audit log's `count.recorded` entry holds. A record changed behind the log's
 * back is refused in words, never counted again to paper over it.
 */
import type { CountRecord } from '../count/record.js';
import type { ProcessId } from '../domain/ids.js';
import { err, ok, type Result } from '../domain/result.js';
import { sha256Hex } from '../integrity/sha256.js';
import type { AuditStore, IntegrityStore } from '../store/store.js';

/**
 * The kept record of the process's count. Errors: 'not-kept' (counted before records were kept, or
 * never counted), 'kept-mismatch' (the record no longer matches the audit log).
 */
export async function keptRecord(store: AuditStore & IntegrityStore, processId: ProcessId, title: string): Promise<Result<CountRecord>> {
  const kept = await store.keptCount(processId);
  if (kept === null)
    return err(
      'not-kept',
      `The full record of the count of ${title} was not kept (it was counted by an earlier version of Hustings), so its results cannot be shown here.`,
    );
  // The latest count's entry: a count of a ballot since voided was set aside with its ballot.
  const entry = (await store.auditEntriesOf(processId, 'count.recorded')).at(-1);
  const logged = (entry?.data as { recordSha256?: unknown } | undefined)?.recordSha256;
  const digest = sha256Hex(kept.record);
  if (logged !== digest || kept.sha256 !== digest) {
    return err(
      'kept-mismatch',
      `The kept result of ${title} does not match the one recorded in the audit log when it was counted, so it is not shown. Please tell the scrutineers: the stored result has been changed since the count.`,
    );
  }
  return ok(JSON.parse(kept.record) as CountRecord);
}
