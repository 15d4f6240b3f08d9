/**
 * Reading an audit log export (`hustings audit export`, or `hustings audit list --format json`), which
 * `hustings verify --audit` checks a board against. The file comes from anyone, so each entry is
 * checked against a schema before the chain is walked; the entries are returned as written, since
 * their hashes cover exactly what is in the file.
 */
import { z } from 'zod';
import type { AuditEntry } from '../audit/index.js';
import { err, ok, type Result } from '../domain/result.js';

const ENTRY_SCHEMA = z.object({
  seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  prev: z.string(),
  actor: z.string(),
  type: z.string(),
  data: z.unknown(),
  at: z.string(),
  hash: z.string(),
});

const EXPORT_SCHEMA = z.object({ entries: z.array(z.unknown()) });

/** The entries of an export given as text; `file` names it in the error. */
export function parseAuditExport(text: string, file: string): Result<readonly AuditEntry[]> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return err('not-an-export', `${file}: not an audit log export (${e instanceof Error ? e.message : String(e)})`);
  }
  const whole = EXPORT_SCHEMA.safeParse(value);
  if (!whole.success) {
    return err('not-an-export', `${file}: not an audit log export: it has no list of entries (write one with hustings audit export)`);
  }
  const entries = whole.data.entries;
  const bad = entries.findIndex((e) => !ENTRY_SCHEMA.safeParse(e).success);
  if (bad >= 0) return err('not-an-export', `${file}: entries[${bad}] is not an audit entry (seq, prev, actor, type, data, at, hash)`);
  // Checked entry by entry above; the originals keep the key order and any extra field the hashes cover.
  return ok(entries as AuditEntry[]);
}
