/**
 * The audit log in the PostgreSQL store. An append takes a transaction-scoped
 * advisory lock on the chain (one per schema) before it reads the head, and
 * holds it until its transaction commits, so appends from any number of app
 * servers take turns and each builds on the entry the last one committed. The
 * primary key on `seq` is the backstop: a second entry at the same place could
 * never be stored.
 *
 * When a process change logs its step, the append runs at the very end of the
 * change's transaction: the chain's lock is the last lock it takes and is held
 * only until the commit, so changes to different processes still run side by
 * side and only queue for that moment, and no two transactions can wait on each
 * other in a cycle.
 */
import type pg from 'pg';
import { canonicalJson, chainEntry, recordProblem, type AuditEntry, type AuditHead, type AuditRecord } from '../../audit/index.js';
import { sha256Hex } from '../../integrity/sha256.js';
import { entryFromRow, pageLimit, type AuditRow } from '../audit-rows.js';
import { inTransaction } from './transaction.js';
import type { ProcessId } from '../../domain/ids.js';
import type { AuditListing, AuditStore } from '../store.js';

const COLUMNS = 'seq, prev, actor, type, data, at, hash';
const LOCK = `SELECT pg_advisory_xact_lock(hashtext('hustings:audit:' || coalesce(current_schema(), '')))`;

/** Appends within the caller's transaction on `c`. */
export async function appendAuditWithin(c: pg.PoolClient, record: AuditRecord): Promise<AuditEntry> {
  // Checked before the lock, so a malformed record (a bug) never makes others wait.
  const problem = recordProblem(record);
  if (problem !== null) throw new Error(`cannot log ${record.type}: ${problem}`);
  await c.query(LOCK);
  const { rows } = await c.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const head = rows.length === 0 ? null : { seq: Number(rows[0].seq), hash: rows[0].hash };
  const entry = chainEntry(head, record, sha256Hex);
  await c.query(`INSERT INTO audit_log (${COLUMNS}) VALUES ($1, $2, $3, $4, $5::json, $6, $7)`, [
    entry.seq,
    entry.prev,
    entry.actor,
    entry.type,
    canonicalJson(entry.data),
    entry.at,
    entry.hash,
  ]);
  return entry;
}

export class PostgresAudit implements AuditStore {
  constructor(private readonly pool: pg.Pool) {}

  appendAudit(record: AuditRecord): Promise<AuditEntry> {
    return inTransaction(this.pool, async (c) => ({ commit: true, value: await appendAuditWithin(c, record) }));
  }

  async auditEntries(listing: AuditListing = {}): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (listing.after !== undefined) add((n) => `seq > ${n}`, listing.after);
    if (listing.before !== undefined) add((n) => `seq < ${n}`, listing.before);
    // A list given empty admits no entry.
    if (listing.actors !== undefined) add((n) => `actor = ANY(${n}::text[])`, [...listing.actors]);
    if (listing.types !== undefined) add((n) => `type = ANY(${n}::text[])`, [...listing.types]);
    if (listing.process !== undefined) add((n) => `(data ->> 'process') = ${n}`, listing.process);
    if (listing.from !== undefined) add((n) => `at >= ${n}`, listing.from);
    if (listing.until !== undefined) add((n) => `at < ${n}`, listing.until);
    params.push(pageLimit(listing.limit));
    const { rows } = await this.pool.query<AuditRow>(
      `SELECT ${COLUMNS} FROM audit_log${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq ${listing.newestFirst ? 'DESC' : 'ASC'} LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => entryFromRow(r, false));
  }

  async auditHead(): Promise<AuditHead | null> {
    const { rows } = await this.pool.query<{ seq: string; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    return rows.length === 0 ? null : { seq: Number(rows[0].seq), hash: rows[0].hash };
  }

  async auditEntriesOf(processId: ProcessId, type: string): Promise<AuditEntry[]> {
    const { rows } = await this.pool.query<AuditRow>(`SELECT ${COLUMNS} FROM audit_log WHERE (data ->> 'process') = $1 AND type = $2 ORDER BY seq`, [
      processId,
      type,
    ]);
    return rows.map((r) => entryFromRow(r, false));
  }
}
