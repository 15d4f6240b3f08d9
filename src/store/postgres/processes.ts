/**
 * Processes in the PostgreSQL store: their documents, their history of changes, and their frozen
 * electorates. A change locks its process's row (SELECT … FOR UPDATE) before reading it, so
 * concurrent changes to one process queue up and each applies to the state the previous one left.
 */
import type pg from 'pg';
import type { MemberId, ProcessId } from '../../domain/ids.js';
import type { ProcessDocument } from '../../domain/processes/documents.js';
import { sha256Hex } from '../../integrity/sha256.js';
import { err, ok, type Result } from '../../domain/result.js';
import { roundSql, setAsideStatements } from '../casting.js';
import { readDocument } from '../documents/read.js';
import { currentVersion } from '../documents/versions.js';
import { checkInstant, entryOf, jsonText, photoColumn, PROCESS_COLUMNS, processFromRow, type ElectorateRow, type StoredProcessRow } from '../rows.js';
import type { PhotoType } from '../../domain/processes/candidate-statements.js';
import type {
  DocumentChange,
  ElectorateEntry,
  ProcessChange,
  ProcessCreation,
  ProcessHistoryEntry,
  ProcessFilter,
  ProcessStore,
  ProcessUpdate,
  StoredPhoto,
  StoredProcess,
} from '../store.js';
import { appendAuditWithin } from './audit.js';
import { setUpEncryptedWithin } from './encrypted.js';
import { putNoticeWithin } from './outbox.js';
import { BULK_BATCH, where } from './sql.js';
import { inTransaction, isUniqueViolation } from './transaction.js';

type ProcessRow = StoredProcessRow<unknown>;

const documentFromRow = (r: ProcessRow): ProcessDocument => readDocument(processFromRow(r, r.state), r.state_schema);

export class PostgresProcesses implements ProcessStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** A transaction whose expected failure (an Err) rolls back everything it did. */
  #attempt<T>(body: (c: pg.PoolClient) => Promise<Result<T>>): Promise<Result<T>> {
    return inTransaction(this.#pool, async (c) => {
      const result = await body(c);
      return { commit: result.ok, value: result };
    });
  }

  async #row(id: ProcessId): Promise<ProcessRow | undefined> {
    const { rows } = await this.#pool.query<ProcessRow>(`SELECT ${PROCESS_COLUMNS} FROM processes WHERE id = $1`, [id]);
    return rows[0];
  }

  async #rows(filter: ProcessFilter): Promise<ProcessRow[]> {
    const conditions: string[] = [];
    const params: string[] = [];
    if (filter.kind !== undefined) {
      params.push(filter.kind);
      conditions.push(`kind = $${params.length}`);
    }
    if (filter.constituency !== undefined) {
      params.push(filter.constituency);
      conditions.push(`constituency = $${params.length}`);
    }
    const { rows } = await this.#pool.query<ProcessRow>(`SELECT ${PROCESS_COLUMNS} FROM processes${where(conditions)} ORDER BY id`, params);
    return rows;
  }

  async createProcess(proc: Omit<StoredProcess, 'version'>, event: ProcessCreation): Promise<Result<StoredProcess>> {
    const state = jsonText(proc.state, 'state');
    const eventText = jsonText(event.event, 'event');
    const at = checkInstant(event.at);
    return this.#attempt(async (c) => {
      // A concurrent insert of the same id waits for this one to finish, then does nothing.
      const inserted = await c.query(
        `INSERT INTO processes (id, kind, constituency, rulebook, state, state_schema, version) VALUES ($1, $2, $3, $4, $5::json, $6, 1) ON CONFLICT (id) DO NOTHING`,
        [proc.id, proc.kind, proc.constituency, proc.rulebook, state, currentVersion(proc.kind)],
      );
      if (inserted.rowCount === 0) return err('exists', `there is already a process with the id "${proc.id}"`);
      await c.query('INSERT INTO process_events (process, version, event, at) VALUES ($1, 1, $2::json, $3)', [proc.id, eventText, at]);
      if (event.audit) await appendAuditWithin(c, event.audit);
      for (const notice of event.notices ?? []) await putNoticeWithin(c, notice, at);
      if (event.encryption) {
        // A new process has no set-up yet, so the insert cannot be refused; a throw rolls the whole opening back.
        if (!(await setUpEncryptedWithin(c, proc.id, event.encryption.setup))) throw new Error(`${proc.id} has an encrypted ballot set up already`);
        await appendAuditWithin(c, event.encryption.audit);
      }
      return ok({ id: proc.id, kind: proc.kind, constituency: proc.constituency, rulebook: proc.rulebook, state: JSON.parse(state), version: 1 });
    });
  }

  async getProcess(id: ProcessId): Promise<StoredProcess | null> {
    const row = await this.#row(id);
    return row === undefined ? null : processFromRow(row, row.state);
  }

  async listProcesses(filter: ProcessFilter = {}): Promise<StoredProcess[]> {
    return (await this.#rows(filter)).map((r) => processFromRow(r, r.state));
  }

  async processDocument(id: ProcessId): Promise<ProcessDocument | null> {
    const row = await this.#row(id);
    return row === undefined ? null : documentFromRow(row);
  }

  async processDocuments(filter: ProcessFilter = {}): Promise<ProcessDocument[]> {
    return (await this.#rows(filter)).map(documentFromRow);
  }

  async processEvents(id: ProcessId): Promise<ProcessHistoryEntry[]> {
    const { rows } = await this.#pool.query<{ process: string; version: number; event: unknown; at: string }>(
      'SELECT process, version, event, at FROM process_events WHERE process = $1 ORDER BY version',
      [id],
    );
    return rows.map((r) => ({ process: r.process as ProcessId, version: r.version, event: r.event, at: r.at }));
  }

  async updateProcess(id: ProcessId, change: ProcessChange): Promise<Result<StoredProcess>> {
    // The state is handed over as stored, so it is written back at the schema version it was read at.
    const next = await this.#apply(id, (row) => {
      const update = change(processFromRow(row, row.state));
      return update.ok ? ok({ update: update.value, schema: row.state_schema }) : update;
    });
    return next.ok ? ok(processFromRow(next.value, next.value.state)) : next;
  }

  async updateDocument(id: ProcessId, change: DocumentChange): Promise<Result<ProcessDocument>> {
    const next = await this.#apply(id, (row) => {
      const update = change(documentFromRow(row));
      if (!update.ok) return update;
      const schema = currentVersion(row.kind);
      // A state that does not fit its schema is refused before it is written, not when next read.
      readDocument({ ...processFromRow(row, row.state), state: update.value.state }, schema);
      return ok({ update: update.value, schema });
    });
    return next.ok ? ok(documentFromRow(next.value)) : next;
  }

  /** Applies a change to the latest row, under its row lock; the row as written. */
  #apply(id: ProcessId, change: (row: ProcessRow) => Result<{ readonly update: ProcessUpdate; readonly schema: number }>): Promise<Result<ProcessRow>> {
    return this.#attempt(async (c) => {
      // FOR UPDATE: a concurrent change to this process waits here until this
      // transaction ends, then reads the state it left.
      const { rows } = await c.query<ProcessRow>(`SELECT ${PROCESS_COLUMNS} FROM processes WHERE id = $1 FOR UPDATE`, [id]);
      const row = rows[0];
      if (row === undefined) return err('not-found', `there is no process with the id "${id}"`);
      const next = change(row);
      if (!next.ok) return next;
      const { update, schema } = next.value;
      if (update.restore) {
        const restored = await restoreWithin(c, id, update.restore);
        if (!restored.ok) return restored;
      }
      const state = jsonText(update.state, 'state');
      const event = jsonText(update.event, 'event');
      const at = checkInstant(update.at);
      if (update.setAsideBallots) await setAsideWithin(c, id, at);
      const version = row.version + 1;
      const updated = await c.query('UPDATE processes SET state = $1::json, state_schema = $2, version = $3 WHERE id = $4 AND version = $5', [
        state,
        schema,
        version,
        id,
        row.version,
      ]);
      if (updated.rowCount !== 1) throw new Error(`process ${id} changed under a row lock`);
      await c.query('INSERT INTO process_events (process, version, event, at) VALUES ($1, $2, $3::json, $4)', [id, version, event, at]);
      if (update.audit) await appendAuditWithin(c, update.audit);
      const keep = update.keep;
      if (keep) {
        await c.query('INSERT INTO count_records (process, record, sha256, counted_at) VALUES ($1, $2, $3, $4)', [id, keep.record, keep.sha256, at]);
        await appendAuditWithin(c, keep.audit);
      }
      for (const notice of update.notices ?? []) await putNoticeWithin(c, notice, at);
      return ok({ ...row, state: JSON.parse(state), state_schema: schema, version });
    });
  }

  /**
   * One transaction on one connection, which may stay open while an async
   * source produces entries (PostgreSQL does not mind). The freeze's header row
   * is claimed first: a concurrent freeze of the same process waits on it, and
   * finds it taken once this one commits.
   */
  async freezeElectorate(
    processId: ProcessId,
    entries: Iterable<ElectorateEntry> | AsyncIterable<ElectorateEntry>,
  ): Promise<Result<{ readonly eligible: number; readonly total: number }>> {
    return this.#attempt(async (c) => {
      const exists = await c.query('SELECT 1 FROM processes WHERE id = $1', [processId]);
      if (exists.rowCount === 0) return err('not-found', `there is no process with the id "${processId}"`);
      const claimed = await c.query('INSERT INTO electorate_freezes (process, total, eligible) VALUES ($1, 0, 0) ON CONFLICT (process) DO NOTHING', [
        processId,
      ]);
      if (claimed.rowCount === 0) return err('exists', `the electorate of process "${processId}" is already frozen`);
      let total = 0;
      let eligible = 0;
      let batch: { m: string; e: boolean; r: string }[] = [];
      const flush = async (): Promise<Result<null>> => {
        if (batch.length === 0) return ok(null);
        const rows = JSON.stringify(batch);
        batch = [];
        try {
          await c.query(
            `INSERT INTO electorates (process, member, eligible, reason)
             SELECT $1, r.m, r.e, r.r FROM json_to_recordset($2::json) AS r(m text, e boolean, r text)`,
            [processId, rows],
          );
          return ok(null);
        } catch (e) {
          // The transaction is now aborted; returning the Err rolls it back.
          if (!isUniqueViolation(e)) throw e;
          const member = /=\([^,]*, (.*)\) already exists/.exec(e.detail ?? '')?.[1] ?? '(unknown)';
          return err('duplicate', `member "${member}" appears more than once in the electorate`);
        }
      };
      for await (const entry of entries) {
        total++;
        if (entry.eligible) eligible++;
        batch.push({ m: entry.member, e: entry.eligible, r: entry.reason });
        if (batch.length === BULK_BATCH) {
          const flushed = await flush();
          if (!flushed.ok) return flushed;
        }
      }
      const flushed = await flush();
      if (!flushed.ok) return flushed;
      await c.query('UPDATE electorate_freezes SET total = $2, eligible = $3 WHERE process = $1', [processId, total, eligible]);
      return ok({ eligible, total });
    });
  }

  async electorate(processId: ProcessId): Promise<ElectorateEntry[]> {
    const { rows } = await this.#pool.query<ElectorateRow>('SELECT member, eligible, reason FROM electorates WHERE process = $1 ORDER BY member', [processId]);
    return rows.map(entryOf);
  }

  async electorateEntry(processId: ProcessId, member: MemberId): Promise<ElectorateEntry | null> {
    const { rows } = await this.#pool.query<ElectorateRow>('SELECT member, eligible, reason FROM electorates WHERE process = $1 AND member = $2', [
      processId,
      member,
    ]);
    return rows.length === 0 ? null : entryOf(rows[0]);
  }

  async putCandidatePhoto(
    processId: ProcessId,
    member: MemberId,
    photo: { readonly type: PhotoType; readonly bytes: Uint8Array; readonly at: string },
  ): Promise<StoredPhoto> {
    const sha256 = sha256Hex(photo.bytes);
    return inTransaction(this.#pool, async (c) => {
      // The process's row is locked, so two photos sent at once take the next versions in turn.
      await c.query('SELECT 1 FROM processes WHERE id = $1 FOR UPDATE', [processId]);
      const kept = await c.query<{ version: number }>(
        'SELECT version FROM candidate_photos WHERE process = $1 AND member = $2 AND sha256 = $3 ORDER BY version DESC LIMIT 1',
        [processId, member, sha256],
      );
      if (kept.rows.length > 0) return { commit: true, value: { version: kept.rows[0].version, type: photo.type, sha256 } };
      const last = await c.query<{ v: number }>('SELECT coalesce(max(version), 0) AS v FROM candidate_photos WHERE process = $1 AND member = $2', [
        processId,
        member,
      ]);
      const version = last.rows[0].v + 1;
      await c.query('INSERT INTO candidate_photos (process, member, version, content_type, sha256, bytes, stored_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        processId,
        member,
        version,
        photo.type,
        sha256,
        photoColumn(photo.bytes),
        photo.at,
      ]);
      return { commit: true, value: { version, type: photo.type, sha256 } };
    });
  }

  async candidatePhoto(processId: ProcessId, member: MemberId, sha256: string): Promise<(StoredPhoto & { readonly bytes: Uint8Array }) | null> {
    const { rows } = await this.#pool.query<{ version: number; content_type: PhotoType; bytes: Buffer }>(
      'SELECT version, content_type, bytes FROM candidate_photos WHERE process = $1 AND member = $2 AND sha256 = $3 ORDER BY version DESC LIMIT 1',
      [processId, member, sha256],
    );
    const r = rows[0];
    return r === undefined ? null : { version: r.version, type: r.content_type, sha256, bytes: new Uint8Array(r.bytes) };
  }
}

/** The set-aside statements, their parameters typed: PostgreSQL cannot tell a bare parameter's type in a select list. */
const SET_ASIDE = setAsideStatements((n) => ['$1::text', '$2::int', '$3::text'][n - 1]!);

/** Sets the process's ballot aside as its round, inside the step's transaction (see ProcessUpdate.setAsideBallots). */
async function setAsideWithin(c: pg.PoolClient, id: ProcessId, at: string): Promise<void> {
  const { rows } = await c.query<{ round: number }>(`SELECT ${roundSql('$1::text')}::int + 1 AS round`, [id]);
  const round = rows[0]!.round;
  for (const sql of SET_ASIDE) await c.query(sql, sql.includes('$3') ? [id, round, at] : sql.includes('$2') ? [id, round] : [id]);
}

/** Makes a member eligible in the process's frozen electorate, inside the step's transaction (see ProcessUpdate.restore). */
async function restoreWithin(c: pg.PoolClient, id: ProcessId, r: { readonly member: MemberId; readonly reason: string }): Promise<Result<null>> {
  const frozen = await c.query('SELECT 1 FROM electorate_freezes WHERE process = $1 FOR UPDATE', [id]);
  if (frozen.rowCount === 0) return err('not-frozen', `the electorate of process "${id}" is not frozen`);
  const { rows } = await c.query<{ eligible: boolean }>('SELECT eligible FROM electorates WHERE process = $1 AND member = $2', [id, r.member]);
  const row = rows[0];
  if (row?.eligible === true) return err('already-recorded', `member "${r.member}" is already eligible in this electorate`);
  if (row === undefined) {
    await c.query('INSERT INTO electorates (process, member, eligible, reason) VALUES ($1, $2, true, $3)', [id, r.member, r.reason]);
    await c.query('UPDATE electorate_freezes SET eligible = eligible + 1, total = total + 1 WHERE process = $1', [id]);
  } else {
    await c.query('UPDATE electorates SET eligible = true, reason = $1 WHERE process = $2 AND member = $3', [r.reason, id, r.member]);
    await c.query('UPDATE electorate_freezes SET eligible = eligible + 1 WHERE process = $1', [id]);
  }
  return ok(null);
}
