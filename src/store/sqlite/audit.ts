/**
 * The audit log in the SQLite store. Every append is (or runs inside) a
 * BEGIN IMMEDIATE transaction, which holds the database's write lock from
 * before the head is read until the new entry is committed: two appends, from
 * this process or another sharing the file, can never both build on the same
 * head.
 */
import type Database from 'better-sqlite3';
import { canonicalJson, chainEntry, type AuditEntry, type AuditHead, type AuditRecord } from '../../audit/index.js';
import { sha256Hex } from '../../integrity/sha256.js';
import { entryFromRow, pageLimit, type AuditRow } from '../audit-rows.js';
import type { StatementCache } from './statements.js';
import type { ProcessId } from '../../domain/ids.js';
import type { AuditListing, AuditStore } from '../store.js';

const COLUMNS = 'seq, prev, actor, type, data, at, hash';

export class SqliteAudit implements AuditStore {
  private readonly q;

  constructor(
    private readonly db: Database.Database,
    private readonly statements: StatementCache,
  ) {
    const p = (sql: string) => db.prepare(sql);
    this.q = {
      head: p('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
      insert: p(`INSERT INTO audit_log (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`),
    };
  }

  /** Appends within the caller's write transaction (which must be IMMEDIATE, so the head cannot move under it). */
  appendWithin(record: AuditRecord): AuditEntry {
    const head = (this.q.head.get() as AuditHead | undefined) ?? null;
    const entry = chainEntry(head, record, sha256Hex);
    this.q.insert.run(entry.seq, entry.prev, entry.actor, entry.type, canonicalJson(entry.data), entry.at, entry.hash);
    return entry;
  }

  async appendAudit(record: AuditRecord): Promise<AuditEntry> {
    return this.db.transaction(() => this.appendWithin(record)).immediate();
  }

  async auditEntries(listing: AuditListing = {}): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: (number | string)[] = [];
    const add = (sql: string, ...values: (number | string)[]) => {
      where.push(sql);
      params.push(...values);
    };
    if (listing.after !== undefined) add('seq > ?', listing.after);
    if (listing.before !== undefined) add('seq < ?', listing.before);
    // A list given empty admits no entry; the lists travel as one JSON parameter, so the statement is cached whatever their length.
    if (listing.actors !== undefined) add('actor IN (SELECT value FROM json_each(?))', JSON.stringify(listing.actors));
    if (listing.types !== undefined) add('type IN (SELECT value FROM json_each(?))', JSON.stringify(listing.types));
    if (listing.process !== undefined) add("json_extract(data, '$.process') = ?", listing.process);
    if (listing.from !== undefined) add('at >= ?', listing.from);
    if (listing.until !== undefined) add('at < ?', listing.until);
    const sql = `SELECT ${COLUMNS} FROM audit_log${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq ${listing.newestFirst ? 'DESC' : 'ASC'} LIMIT ?`;
    return (this.statements.get(sql).all(...params, pageLimit(listing.limit)) as AuditRow[]).map((r) => entryFromRow(r, true));
  }

  async auditHead(): Promise<AuditHead | null> {
    const row = this.q.head.get() as AuditHead | undefined;
    return row === undefined ? null : { seq: row.seq, hash: row.hash };
  }

  async auditEntriesOf(processId: ProcessId, type: string): Promise<AuditEntry[]> {
    const sql = `SELECT ${COLUMNS} FROM audit_log WHERE json_extract(data, '$.process') = ? AND type = ? ORDER BY seq`;
    return (this.statements.get(sql).all(processId, type) as AuditRow[]).map((r) => entryFromRow(r, true));
  }
}
