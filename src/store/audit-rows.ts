/**
 * What both adapters share for the audit log: reading an entry back from a
 * row, and the bounds of a listing.
 */
import type { AuditEntry } from '../audit/index.js';

export interface AuditRow {
  seq: number | string;
  prev: string;
  actor: string;
  type: string;
  /** SQLite: the JSON text; PostgreSQL: already parsed by the driver. */
  data: unknown;
  at: string;
  hash: string;
}

/**
 * An entry as stored. Data that is not JSON (only possible if someone edited
 * the table by hand) is kept as its raw text, which then fails verification
 * rather than failing the read.
 */
export function entryFromRow(r: AuditRow, dataIsText: boolean): AuditEntry {
  let data: unknown = r.data;
  if (dataIsText && typeof r.data === 'string') {
    try {
      data = JSON.parse(r.data);
    } catch {
      data = r.data;
    }
  }
  return { seq: Number(r.seq), prev: r.prev, actor: r.actor, type: r.type, data, at: r.at, hash: r.hash };
}

/** Most entries one listing returns. */
export const AUDIT_PAGE_MAX = 10_000;
export const AUDIT_PAGE_DEFAULT = 1_000;

export function pageLimit(limit: number | undefined): number {
  if (limit === undefined) return AUDIT_PAGE_DEFAULT;
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`an audit listing's limit must be a whole number of 1 or more, not ${limit}`);
  return Math.min(limit, AUDIT_PAGE_MAX);
}

/** Every entry of a store's log, in sequence order, read a page at a time. */
export async function readAuditLog(
  store: { auditEntries(listing: { after: number; limit: number }): Promise<AuditEntry[]> },
  after = 0,
): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for (;;) {
    const page = await store.auditEntries({ after, limit: AUDIT_PAGE_MAX });
    out.push(...page);
    if (page.length < AUDIT_PAGE_MAX) return out;
    after = page[page.length - 1].seq;
  }
}
