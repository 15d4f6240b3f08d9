/**
 * Processes in the SQLite store: their documents, their history of changes, and their frozen
 * electorates. Each change is one BEGIN IMMEDIATE transaction, so it applies to the latest state.
 */
import type Database from 'better-sqlite3';
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
import type { SqliteAudit } from './audit.js';
import type { SqliteEncrypted } from './encrypted.js';
import type { SqliteOutbox } from './outbox.js';
import type { StatementCache } from './statements.js';
import { KeptReads, type Unchanged } from './unchanged.js';

const SET_ASIDE = setAsideStatements((n) => ['@p', '@r', '@t'][n - 1]!);

/** Electorate entries are staged in batches of this many (see freezeElectorate). */
const STAGE_BATCH = 5_000;

type ProcessRow = StoredProcessRow<string>;

/** Freezes a parsed JSON value all the way down, so one copy can be handed to every reader. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

interface Parsed {
  readonly version: number;
  readonly text: string;
  readonly schema: number;
  readonly state: unknown;
  /** Read as a document the first time one is asked for. */
  document?: ProcessDocument;
}

/**
 * The parsed state of the version of each process last read. A process is read
 * on every request about it (each ballot cast reads its ballot's), and its state
 * only changes with its version, so it is parsed (and, read as a document,
 * checked against its schema) once per version rather than once per read. The
 * stored text and schema version are compared too, so a state rewritten by
 * other means under the same version is never served stale. Readers share the
 * one parsed value, so it is frozen: a reader that tried to change it in place
 * would fail loudly instead of changing what the others see.
 */
class ParsedStates {
  private readonly byId = new Map<string, Parsed>();

  #parsed(r: ProcessRow): Parsed {
    const hit = this.byId.get(r.id);
    if (hit !== undefined && hit.version === r.version && hit.text === r.state && hit.schema === r.state_schema) return hit;
    const parsed: Parsed = { version: r.version, text: r.state, schema: r.state_schema, state: deepFreeze(JSON.parse(r.state) as unknown) };
    this.byId.set(r.id, parsed);
    return parsed;
  }

  of(r: ProcessRow): StoredProcess {
    return processFromRow(r, this.#parsed(r).state);
  }

  documentOf(r: ProcessRow): ProcessDocument {
    const parsed = this.#parsed(r);
    parsed.document ??= deepFreeze(readDocument(processFromRow(r, parsed.state), r.state_schema));
    return parsed.document;
  }
}

export class SqliteProcesses implements ProcessStore {
  readonly #db: Database.Database;
  readonly #statements: StatementCache;
  readonly #unchanged: Unchanged;
  readonly #audit: SqliteAudit;
  readonly #outbox: SqliteOutbox;
  readonly #encrypted: SqliteEncrypted;
  readonly #q;
  readonly #states = new ParsedStates();
  /** Processes as last read, while the file has not changed (unchanged.ts). */
  readonly #processReads = new KeptReads<StoredProcess | null>(1_000);
  readonly #documentReads = new KeptReads<ProcessDocument | null>(1_000);
  #stagingTables = 0;

  constructor(db: Database.Database, statements: StatementCache, unchanged: Unchanged, audit: SqliteAudit, outbox: SqliteOutbox, encrypted: SqliteEncrypted) {
    this.#db = db;
    this.#encrypted = encrypted;
    this.#outbox = outbox;
    this.#statements = statements;
    this.#unchanged = unchanged;
    this.#audit = audit;
    const p = (sql: string) => db.prepare(sql);
    this.#q = {
      insertProcess: p(
        'INSERT INTO processes (id, kind, constituency, rulebook, state, state_schema, version) VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT (id) DO NOTHING',
      ),
      getProcess: p(`SELECT ${PROCESS_COLUMNS} FROM processes WHERE id = ?`),
      setState: p('UPDATE processes SET state = ?, state_schema = ?, version = ? WHERE id = ? AND version = ?'),
      insertEvent: p('INSERT INTO process_events (process, version, event, at) VALUES (?, ?, ?, ?)'),
      events: p('SELECT process, version, event, at FROM process_events WHERE process = ? ORDER BY version'),
      processExists: p('SELECT 1 FROM processes WHERE id = ?').pluck(),
      frozen: p('SELECT 1 FROM electorate_freezes WHERE process = ?').pluck(),
      electorate: p('SELECT member, eligible, reason FROM electorates WHERE process = ? ORDER BY member'),
      electorateEntry: p('SELECT member, eligible, reason FROM electorates WHERE process = ? AND member = ?'),
      photoByDigest: p('SELECT version FROM candidate_photos WHERE process = ? AND member = ? AND sha256 = ? ORDER BY version DESC LIMIT 1'),
      lastPhotoVersion: p('SELECT coalesce(max(version), 0) FROM candidate_photos WHERE process = ? AND member = ?').pluck(),
      insertPhoto: p('INSERT INTO candidate_photos (process, member, version, content_type, sha256, bytes, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      photo: p('SELECT version, content_type, bytes FROM candidate_photos WHERE process = ? AND member = ? AND sha256 = ? ORDER BY version DESC LIMIT 1'),
    };
  }

  /** Runs `body` as one BEGIN IMMEDIATE transaction: all of it is written or, if it throws, none. */
  #write<T>(body: () => T): T {
    return this.#db.transaction(body).immediate();
  }

  #row(id: ProcessId): ProcessRow | undefined {
    return this.#q.getProcess.get(id) as ProcessRow | undefined;
  }

  #rows(filter: ProcessFilter): ProcessRow[] {
    const where: string[] = [];
    const params: string[] = [];
    if (filter.kind !== undefined) {
      where.push('kind = ?');
      params.push(filter.kind);
    }
    if (filter.constituency !== undefined) {
      where.push('constituency = ?');
      params.push(filter.constituency);
    }
    const sql = `SELECT ${PROCESS_COLUMNS} FROM processes${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
    return this.#statements.get(sql).all(...params) as ProcessRow[];
  }

  async createProcess(proc: Omit<StoredProcess, 'version'>, event: ProcessCreation): Promise<Result<StoredProcess>> {
    const state = jsonText(proc.state, 'state');
    const eventText = jsonText(event.event, 'event');
    const at = checkInstant(event.at);
    return this.#write(() => {
      const inserted = this.#q.insertProcess.run(proc.id, proc.kind, proc.constituency, proc.rulebook, state, currentVersion(proc.kind));
      if (inserted.changes === 0) return err('exists', `there is already a process with the id "${proc.id}"`);
      this.#q.insertEvent.run(proc.id, 1, eventText, at);
      if (event.audit) this.#audit.appendWithin(event.audit);
      for (const notice of event.notices ?? []) this.#outbox.putWithin(notice, at);
      if (event.encryption) {
        // A new process has no set-up yet, so the insert cannot be refused; a throw undoes the whole opening.
        if (!this.#encrypted.setUpWithin(proc.id, event.encryption.setup)) throw new Error(`${proc.id} has an encrypted ballot set up already`);
        this.#audit.appendWithin(event.encryption.audit);
      }
      return ok(this.#states.of(this.#row(proc.id)!));
    });
  }

  async getProcess(id: ProcessId): Promise<StoredProcess | null> {
    return this.#processReads.get(id, this.#unchanged.stamp(), () => {
      const row = this.#row(id);
      return row === undefined ? null : this.#states.of(row);
    });
  }

  async listProcesses(filter: ProcessFilter = {}): Promise<StoredProcess[]> {
    return this.#rows(filter).map((r) => this.#states.of(r));
  }

  async processDocument(id: ProcessId): Promise<ProcessDocument | null> {
    return this.#documentReads.get(id, this.#unchanged.stamp(), () => {
      const row = this.#row(id);
      return row === undefined ? null : this.#states.documentOf(row);
    });
  }

  async processDocuments(filter: ProcessFilter = {}): Promise<ProcessDocument[]> {
    return this.#rows(filter).map((r) => this.#states.documentOf(r));
  }

  async processEvents(id: ProcessId): Promise<ProcessHistoryEntry[]> {
    return (this.#q.events.all(id) as { process: string; version: number; event: string; at: string }[]).map((r) => ({
      process: r.process as ProcessId,
      version: r.version,
      event: JSON.parse(r.event),
      at: r.at,
    }));
  }

  async updateProcess(id: ProcessId, change: ProcessChange): Promise<Result<StoredProcess>> {
    // The state is handed over as stored, so it is written back at the schema version it was read at.
    const next = this.#apply(id, (row) => {
      const update = change(this.#states.of(row));
      return update.ok ? ok({ update: update.value, schema: row.state_schema }) : update;
    });
    return next.ok ? ok(this.#states.of(next.value)) : next;
  }

  async updateDocument(id: ProcessId, change: DocumentChange): Promise<Result<ProcessDocument>> {
    const next = this.#apply(id, (row) => {
      const update = change(this.#states.documentOf(row));
      if (!update.ok) return update;
      const schema = currentVersion(row.kind);
      // A state that does not fit its schema is refused before it is written, not when next read.
      readDocument(processFromRow(row, update.value.state), schema);
      return ok({ update: update.value, schema });
    });
    return next.ok ? ok(this.#states.documentOf(next.value)) : next;
  }

  /** Applies a change to the latest row under the write lock; the row as written. */
  #apply(id: ProcessId, change: (row: ProcessRow) => Result<{ readonly update: ProcessUpdate; readonly schema: number }>): Result<ProcessRow> {
    return this.#write(() => {
      const row = this.#row(id);
      if (row === undefined) return err('not-found', `there is no process with the id "${id}"`);
      const next = change(row);
      if (!next.ok) return next;
      const { update, schema } = next.value;
      if (update.restore) {
        const restored = this.#restoreWithin(id, update.restore);
        if (!restored.ok) return restored;
      }
      const state = jsonText(update.state, 'state');
      const event = jsonText(update.event, 'event');
      const at = checkInstant(update.at);
      if (update.setAsideBallots) this.#setAsideWithin(id, at);
      const version = row.version + 1;
      // The write lock is held since the read, so the version cannot have moved; the check guards that reasoning.
      if (this.#q.setState.run(state, schema, version, id, row.version).changes !== 1) throw new Error(`process ${id} changed under a write lock`);
      this.#q.insertEvent.run(id, version, event, at);
      if (update.audit) this.#audit.appendWithin(update.audit);
      const keep = update.keep;
      if (keep) {
        this.#statements.get('INSERT INTO count_records (process, record, sha256, counted_at) VALUES (?, ?, ?, ?)').run(id, keep.record, keep.sha256, at);
        this.#audit.appendWithin(keep.audit);
      }
      for (const notice of update.notices ?? []) this.#outbox.putWithin(notice, at);
      return ok({ ...row, state, state_schema: schema, version });
    });
  }

  /** Sets the process's ballot aside as its round, inside the step's transaction (see ProcessUpdate.setAsideBallots). */
  #setAsideWithin(id: ProcessId, at: string): void {
    const { round } = this.#statements.get(`SELECT ${roundSql('@p')} + 1 AS round`).get({ p: id }) as { round: number };
    for (const sql of SET_ASIDE) this.#statements.get(sql).run({ p: id, r: round, t: at });
  }

  /** Makes a member eligible in the process's frozen electorate, inside the step's transaction (see ProcessUpdate.restore). */
  #restoreWithin(id: ProcessId, r: { readonly member: MemberId; readonly reason: string }): Result<null> {
    if (this.#q.frozen.get(id) === undefined) return err('not-frozen', `the electorate of process "${id}" is not frozen`);
    const row = this.#statements.get('SELECT eligible FROM electorates WHERE process = ? AND member = ?').get(id, r.member) as { eligible: number } | undefined;
    if (row?.eligible === 1) return err('already-recorded', `member "${r.member}" is already eligible in this electorate`);
    if (row === undefined) {
      this.#statements.get('INSERT INTO electorates (process, member, eligible, reason) VALUES (?, ?, 1, ?)').run(id, r.member, r.reason);
      this.#statements.get('UPDATE electorate_freezes SET eligible = eligible + 1, total = total + 1 WHERE process = ?').run(id);
    } else {
      this.#statements.get('UPDATE electorates SET eligible = 1, reason = ? WHERE process = ? AND member = ?').run(r.reason, id, r.member);
      this.#statements.get('UPDATE electorate_freezes SET eligible = eligible + 1 WHERE process = ?').run(id);
    }
    return ok(null);
  }

  /**
   * Entries may come from an async source (typically the member stream of this
   * same store), and a transaction must not stay open across awaits on a
   * shared connection. So entries are first staged, batch by batch, in a
   * temporary table private to this connection and this freeze; then one
   * short IMMEDIATE transaction checks the process is not frozen and copies
   * them in. Until that commits, nobody can see any of them.
   */
  async freezeElectorate(
    processId: ProcessId,
    entries: Iterable<ElectorateEntry> | AsyncIterable<ElectorateEntry>,
  ): Promise<Result<{ readonly eligible: number; readonly total: number }>> {
    const refusal = this.#freezeRefusal(processId);
    if (refusal !== null) return refusal;
    const staging = `temp.electorate_staging_${++this.#stagingTables}`;
    // Keyed by member, so a member given twice is caught as it is staged.
    this.#db.exec(`CREATE TABLE ${staging} (member TEXT NOT NULL PRIMARY KEY, eligible INTEGER NOT NULL, reason TEXT NOT NULL) WITHOUT ROWID`);
    try {
      const stage = this.#db.prepare(`INSERT INTO ${staging} (member, eligible, reason) VALUES (?, ?, ?) ON CONFLICT (member) DO NOTHING`);
      const flush = this.#db.transaction((batch: ElectorateEntry[]): MemberId | null => {
        for (const e of batch) if (stage.run(e.member, e.eligible ? 1 : 0, e.reason).changes === 0) return e.member;
        return null;
      });
      let batch: ElectorateEntry[] = [];
      let duplicate: MemberId | null = null;
      for await (const entry of entries) {
        batch.push(entry);
        if (batch.length === STAGE_BATCH) {
          duplicate = flush(batch);
          if (duplicate !== null) break;
          batch = [];
        }
      }
      duplicate ??= flush(batch);
      if (duplicate !== null) return err('duplicate', `member "${duplicate}" appears more than once in the electorate`);
      return this.#write(() => {
        const late = this.#freezeRefusal(processId);
        if (late !== null) return late;
        const counts = this.#db.prepare(`SELECT count(*) AS total, coalesce(sum(eligible), 0) AS eligible FROM ${staging}`).get() as {
          total: number;
          eligible: number;
        };
        this.#db.prepare('INSERT INTO electorate_freezes (process, total, eligible) VALUES (?, ?, ?)').run(processId, counts.total, counts.eligible);
        this.#db
          .prepare(`INSERT INTO electorates (process, member, eligible, reason) SELECT ?, member, eligible, reason FROM ${staging} ORDER BY member`)
          .run(processId);
        return ok({ eligible: counts.eligible, total: counts.total });
      });
    } finally {
      if (this.#db.open) this.#db.exec(`DROP TABLE IF EXISTS ${staging}`);
    }
  }

  #freezeRefusal(processId: ProcessId): Result<never> | null {
    if (this.#q.processExists.get(processId) === undefined) return err('not-found', `there is no process with the id "${processId}"`);
    if (this.#q.frozen.get(processId) !== undefined) return err('exists', `the electorate of process "${processId}" is already frozen`);
    return null;
  }

  async electorate(processId: ProcessId): Promise<ElectorateEntry[]> {
    return (this.#q.electorate.all(processId) as ElectorateRow[]).map(entryOf);
  }

  async electorateEntry(processId: ProcessId, member: MemberId): Promise<ElectorateEntry | null> {
    const row = this.#q.electorateEntry.get(processId, member) as ElectorateRow | undefined;
    return row === undefined ? null : entryOf(row);
  }

  async putCandidatePhoto(
    processId: ProcessId,
    member: MemberId,
    photo: { readonly type: PhotoType; readonly bytes: Uint8Array; readonly at: string },
  ): Promise<StoredPhoto> {
    const sha256 = sha256Hex(photo.bytes);
    return this.#write(() => {
      const kept = this.#q.photoByDigest.get(processId, member, sha256) as { version: number } | undefined;
      if (kept !== undefined) return { version: kept.version, type: photo.type, sha256 };
      const version = (this.#q.lastPhotoVersion.get(processId, member) as number) + 1;
      this.#q.insertPhoto.run(processId, member, version, photo.type, sha256, photoColumn(photo.bytes), photo.at);
      return { version, type: photo.type, sha256 };
    });
  }

  async candidatePhoto(processId: ProcessId, member: MemberId, sha256: string): Promise<(StoredPhoto & { readonly bytes: Uint8Array }) | null> {
    const r = this.#q.photo.get(processId, member, sha256) as { version: number; content_type: PhotoType; bytes: Buffer } | undefined;
    return r === undefined ? null : { version: r.version, type: r.content_type, sha256, bytes: new Uint8Array(r.bytes) };
  }
}
