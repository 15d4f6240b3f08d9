/**
 * The embedded store: one SQLite file (or ':memory:'), through better-sqlite3.
 *
 * better-sqlite3 is synchronous, so every write here is a transaction that
 * starts and commits within one turn of the event loop: two callers in this
 * process can never interleave inside one. Other processes (a second app
 * server, a CLI run while the server is up) share the file safely: the file is
 * in WAL mode (readers never block the writer), every write transaction is
 * BEGIN IMMEDIATE (it takes the write lock before reading, so a
 * read-modify-write cannot act on a stale read), and a writer that finds the
 * lock taken waits up to the busy timeout rather than failing at once.
 */
import { chmodSync, closeSync, existsSync, openSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { MemberId, ProcessId, UnitId } from '../domain/ids.js';
import type { Incumbent, Member, Office, OfficeRole, Unit, UnitKind } from '../domain/organisation.js';
import { err, ok, type Result } from '../domain/result.js';
import type { IsoDate } from '../domain/time.js';
import { pendingMigrations } from './migrations/index.js';
import { checkInstant, instant, jsonText, MEMBER_PAGE, memberFromRow, signedInFromRow, type MemberRow, type SignedInRow } from './rows.js';
import { SqliteAudit } from './sqlite-audit.js';
import { SqliteAuth } from './sqlite-auth.js';
import { SqliteVoting } from './sqlite-voting.js';
import { KeptReads, Unchanged } from './sqlite-unchanged.js';
import { SqliteIntegrity } from './sqlite-integrity.js';
import { StatementCache } from './sqlite-statements.js';
import type { BallotBox, MemberVote, OfflineChannel } from './store.js';
import type { AuditEntry, AuditHead, AuditRecord } from '../audit/index.js';
import type { AuditListing, CastBallot, KeptCount, ElectorateEntry, LoginCode, ProcessChange, ProcessHistoryEntry, ProcessKind, Session, SignedIn, Store, StoredProcess, UnitFilter } from './store.js';

export interface SqliteOptions {
  /** How long a writer waits for another connection's write lock before failing. */
  readonly busyTimeoutMs?: number;
  /**
   * False for commands that only read: the file must already exist and hold an up-to-date store, and it
   * is opened read-only, so a mistyped path is reported instead of becoming a new, empty (and so "intact") store.
   */
  readonly create?: boolean;
  /** Opened read-only (implies `create: false`): for commands that only read, so that they cannot write even by mistake. */
  readonly readOnly?: boolean;
}

const DEFAULT_BUSY_TIMEOUT_MS = 15_000;
/** Electorate entries are staged in batches of this many (see freezeElectorate). */
const STAGE_BATCH = 5_000;

/** Opens (creating if need be, unless `create` is false) the SQLite database at `path` and brings its schema up to date. */
export async function openSqliteStore(path: string, options: SqliteOptions = {}): Promise<Store> {
  const readOnly = options.readOnly ?? false;
  const create = !readOnly && (options.create ?? true);
  if (!create && path !== ':memory:' && !existsSync(path)) throw new Error(`there is no file ${path} (nothing was created)`);
  if (!readOnly) ownerOnly(path);
  const db = new Database(path, { timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS, readonly: readOnly, fileMustExist: !create });
  try {
    if (create) {
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      migrate(db);
    } else {
      checkSchema(db, path);
      if (!readOnly) db.pragma('foreign_keys = ON');
    }
    return new SqliteStore(db);
  } catch (e) {
    db.close();
    throw e;
  }
}

/** A store opened only to read must already be one, and up to date: reading does not migrate it. */
function checkSchema(db: Database.Database, path: string): void {
  let applied: number[];
  try {
    const table = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get();
    if (table === undefined) throw new Error(`${path} is not a Hustings store (it has no Hustings tables)`);
    applied = db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[];
  } catch (e) {
    if (e instanceof Error && /not a database/i.test(e.message)) throw new Error(`${path} is not a Hustings store (it is not an SQLite database)`);
    throw e;
  }
  if (applied.length === 0) throw new Error(`${path} is not a Hustings store (it has no Hustings tables)`);
  if (pendingMigrations(applied).length > 0) throw new Error(`the store in ${path} was made by an earlier version of Hustings; bring it up to date first with hustings init --db ${path}`);
}

/** Names SQLite gives a file-backed database it would otherwise open in memory or as a private temporary file. */
const NOT_A_FILE = new Set(['', ':memory:']);

/**
 * The file holds who voted and, until the seal, what lets a reader join them to
 * their ballots, so no one but the owner may read it. It is created 0600 here,
 * before SQLite opens it, so it is never readable by others even for a moment
 * (SQLite itself would create it 0644 less the umask). SQLite creates the
 * write-ahead log and shared-memory files with the database file's own mode,
 * so they follow. A file (or log) left by an earlier version is narrowed too.
 */
function ownerOnly(path: string): void {
  if (NOT_A_FILE.has(path) || path.startsWith('file:')) return;
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch {
    // It exists (narrowed below), or it cannot be created, which SQLite then reports in its own words.
  }
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) {
    if (!existsSync(file) || (statSync(file).mode & 0o077) === 0) continue;
    try {
      chmodSync(file, statSync(file).mode & 0o700);
    } catch (e) {
      // Another user's file: not ours to narrow, and SQLite opens it (or not) as before.
      if ((e as NodeJS.ErrnoException).code !== 'EPERM') throw e;
    }
  }
}

function migrate(db: Database.Database): void {
  // IMMEDIATE: two processes opening a new file at once take turns, and the
  // second finds the first one's migrations already recorded.
  db.transaction(() => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER NOT NULL PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    )`);
    const applied = db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[];
    const record = db.prepare('INSERT INTO schema_migrations (version, name) VALUES (?, ?)');
    for (const m of pendingMigrations(applied)) {
      for (const sql of m.sqlite) db.exec(sql);
      record.run(m.version, m.name);
    }
  }).immediate();
}

interface UnitRow {
  id: string;
  kind: string;
  name: string;
  parent: string | null;
  constituency: string | null;
}
interface ProcessRow {
  id: string;
  kind: string;
  constituency: string | null;
  rulebook: string;
  state: string;
  version: number;
}
interface IncumbentRow {
  constituency: string;
  name: string;
  member: string | null;
  gender: string | null;
  suspended: number;
  parental_leave_ended: string | null;
}

const unitFromRow = (r: UnitRow): Unit => ({
  id: r.id as UnitId,
  kind: r.kind as UnitKind,
  name: r.name,
  parent: r.parent as UnitId | null,
  constituency: r.constituency as UnitId | null,
});
const processFromRow = (r: ProcessRow, state: unknown): StoredProcess => ({
  id: r.id as ProcessId,
  kind: r.kind as ProcessKind,
  constituency: r.constituency as UnitId | null,
  rulebook: r.rulebook,
  state,
  version: r.version,
});

/** Freezes a parsed JSON value all the way down, so one copy can be handed to every reader. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The parsed state of the version of each process last read. A process is read
 * on every request about it (each ballot cast reads its ballot's), and its state
 * only changes with its version, so it is parsed once per version rather than
 * once per read. The stored text is compared too, so a state rewritten by
 * other means under the same version is never served stale. Readers share the
 * one parsed value, so it is frozen: a reader that tried to change it in place
 * would fail loudly instead of changing what the others see.
 */
class ParsedStates {
  private readonly byId = new Map<string, { readonly version: number; readonly text: string; readonly state: unknown }>();

  of(r: ProcessRow): StoredProcess {
    const hit = this.byId.get(r.id);
    if (hit !== undefined && hit.version === r.version && hit.text === r.state) return processFromRow(r, hit.state);
    const state = deepFreeze(JSON.parse(r.state) as unknown);
    this.byId.set(r.id, { version: r.version, text: r.state, state });
    return processFromRow(r, state);
  }
}
const incumbentFromRow = (r: IncumbentRow): Incumbent => ({
  constituency: r.constituency as UnitId,
  name: r.name,
  member: r.member as MemberId | null,
  gender: r.gender,
  suspended: r.suspended === 1,
  parentalLeaveEnded: r.parental_leave_ended as IsoDate | null,
});

const MEMBER_COLUMNS = `m.id, m.name, m.email, m.branch, m.joined, m.gender,
  (SELECT group_concat(s.since || ':' || s.status, ';' ORDER BY s.seq) FROM member_status s WHERE s.member = m.id) AS history`;

class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  private closed = false;
  private stagingTables = 0;

  private readonly q;
  private readonly statements: StatementCache;
  private readonly states = new ParsedStates();
  private readonly auth: SqliteAuth;
  private readonly voting: SqliteVoting;
  private readonly integrity: SqliteIntegrity;
  private readonly audit: SqliteAudit;
  private readonly unchanged: Unchanged;
  /** Sessions (with member and offices) and processes as last read, while the file has not changed (sqlite-unchanged.ts). */
  private readonly signedInReads = new KeptReads<SignedIn | null>(10_000);
  private readonly processReads = new KeptReads<StoredProcess | null>(1_000);

  constructor(private readonly db: Database.Database) {
    this.statements = new StatementCache(db);
    this.auth = new SqliteAuth(db, (id) => this.getMember(id));
    this.unchanged = new Unchanged(db);
    this.voting = new SqliteVoting(db, this.unchanged);
    this.audit = new SqliteAudit(db, this.statements);
    this.integrity = new SqliteIntegrity(db, this.voting, this.audit);
    const p = (sql: string) => db.prepare(sql);
    this.q = {
      putUnit: p(`INSERT INTO units (id, kind, name, parent, constituency) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, parent = excluded.parent, constituency = excluded.constituency`),
      getUnit: p('SELECT id, kind, name, parent, constituency FROM units WHERE id = ?'),
      putMember: p(`INSERT INTO members (id, name, email, branch, joined, gender) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email, branch = excluded.branch, joined = excluded.joined, gender = excluded.gender`),
      clearStatus: p('DELETE FROM member_status WHERE member = ?'),
      putStatus: p('INSERT INTO member_status (member, seq, since, status) VALUES (?, ?, ?, ?)'),
      getMember: p(`SELECT ${MEMBER_COLUMNS} FROM members m WHERE m.id = ?`),
      signedIn: p(`SELECT s.token_hash, s.created_at, s.expires_at, ${MEMBER_COLUMNS},
          (SELECT json_group_array(json_array(o.unit, o.role)) FROM (SELECT unit, role FROM offices WHERE member = m.id ORDER BY unit, role) o) AS offices
        FROM sessions s JOIN members m ON m.id = s.member WHERE s.token_hash = ? AND s.expires_at > ?`),
      countIn: p('SELECT count(*) FROM members WHERE branch IN (SELECT value FROM json_each(?))').pluck(),
      // Two ways to read the same pages. Through the branch index: finds few
      // members fast, but each page sorts everything left after it. Along the
      // id (the unary + keeps SQLite off the branch index): reads every member
      // once over all pages, with no sort. See membersOf.
      pageByBranch: p(`SELECT ${MEMBER_COLUMNS} FROM members m WHERE m.branch IN (SELECT value FROM json_each(?)) AND m.id > ? ORDER BY m.id LIMIT ?`),
      pageById: p(`SELECT ${MEMBER_COLUMNS} FROM members m WHERE +m.branch IN (SELECT value FROM json_each(?)) AND m.id > ? ORDER BY m.id LIMIT ?`),
      countMembers: p('SELECT count(*) FROM members').pluck(),
      putOffice: p('INSERT INTO offices (unit, role, member) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
      removeOffice: p('DELETE FROM offices WHERE unit = ? AND role = ? AND member = ?'),
      putIncumbent: p(`INSERT INTO incumbents (constituency, name, member, gender, suspended, parental_leave_ended) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (constituency) DO UPDATE SET name = excluded.name, member = excluded.member, gender = excluded.gender,
          suspended = excluded.suspended, parental_leave_ended = excluded.parental_leave_ended`),
      getIncumbent: p('SELECT * FROM incumbents WHERE constituency = ?'),
      listIncumbents: p('SELECT * FROM incumbents ORDER BY constituency'),
      insertProcess: p('INSERT INTO processes (id, kind, constituency, rulebook, state, version) VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (id) DO NOTHING'),
      getProcess: p('SELECT id, kind, constituency, rulebook, state, version FROM processes WHERE id = ?'),
      setState: p('UPDATE processes SET state = ?, version = ? WHERE id = ? AND version = ?'),
      insertEvent: p('INSERT INTO process_events (process, version, event, at) VALUES (?, ?, ?, ?)'),
      events: p('SELECT process, version, event, at FROM process_events WHERE process = ? ORDER BY version'),
      processExists: p('SELECT 1 FROM processes WHERE id = ?').pluck(),
      frozen: p('SELECT 1 FROM electorate_freezes WHERE process = ?').pluck(),
      electorate: p('SELECT member, eligible, reason FROM electorates WHERE process = ? ORDER BY member'),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Casts waiting for their group commit are written (and answered) before the file closes.
    this.voting.flush();
    // Keeps the planner's statistics fresh after bulk loads (cheap when nothing changed).
    if (!this.db.readonly) this.db.pragma('optimize');
    this.db.close();
  }

  /** Runs `body` as one BEGIN IMMEDIATE transaction: all of it is written or, if it throws, none. */
  private write<T>(body: () => T): T {
    return this.db.transaction(body).immediate();
  }

  async putUnits(units: readonly Unit[]): Promise<void> {
    this.write(() => {
      for (const u of units) this.q.putUnit.run(u.id, u.kind, u.name, u.parent, u.constituency);
    });
  }

  async getUnit(id: UnitId): Promise<Unit | null> {
    const row = this.q.getUnit.get(id) as UnitRow | undefined;
    return row === undefined ? null : unitFromRow(row);
  }

  async listUnits(filter: UnitFilter = {}): Promise<Unit[]> {
    const where: string[] = [];
    const params: string[] = [];
    if (filter.kind !== undefined) {
      where.push('kind = ?');
      params.push(filter.kind);
    }
    if (filter.parent !== undefined) {
      where.push('parent = ?');
      params.push(filter.parent);
    }
    if (filter.constituency !== undefined) {
      where.push("(constituency = ? OR (kind = 'branch' AND parent = ?))");
      params.push(filter.constituency, filter.constituency);
    }
    const sql = `SELECT id, kind, name, parent, constituency FROM units${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
    return (this.statements.get(sql).all(...params) as UnitRow[]).map(unitFromRow);
  }

  async putMembers(members: readonly Member[]): Promise<void> {
    const { putMember, clearStatus, putStatus } = this.q;
    this.write(() => {
      for (const m of members) {
        putMember.run(m.id, m.name, m.email, m.branch, m.joined, m.gender);
        clearStatus.run(m.id);
        const history = m.statusHistory;
        for (let i = 0; i < history.length; i++) putStatus.run(m.id, i, history[i].from, history[i].status);
      }
    });
  }

  async signedIn(tokenHash: string, now: string): Promise<SignedIn | null> {
    const at = instant(now, 'the time a session is used');
    const signed = this.signedInReads.get(tokenHash, this.unchanged.stamp(), () => {
      const row = this.q.signedIn.get(tokenHash, at) as SignedInRow | undefined;
      return row === undefined ? null : signedInFromRow(row);
    });
    // Kept from an earlier request: it may have expired since.
    return signed !== null && at < signed.session.expiresAt ? signed : null;
  }

  async getMember(id: MemberId): Promise<Member | null> {
    const row = this.q.getMember.get(id) as MemberRow | undefined;
    return row === undefined ? null : memberFromRow(row);
  }

  /**
   * Read a page at a time (keyset on the id) rather than through one open
   * statement: the connection is then free between pages, so the consumer may
   * use the store while iterating (e.g. freezing an electorate from this very
   * stream).
   */
  async *membersOf(branches: readonly UnitId[]): AsyncIterable<Member> {
    if (branches.length === 0) return;
    const list = JSON.stringify(branches);
    // Members are found through their branches when they are a small part of
    // the party (a constituency), and by walking all members in id order when
    // they are a large part (a region, a national electorate), where sorting
    // what is left on every page would make the walk quadratic.
    const matching = this.q.countIn.get(list) as number;
    const byId = matching > MEMBER_PAGE && matching * 10 >= (this.q.countMembers.get() as number);
    const pages = byId ? this.q.pageById : this.q.pageByBranch;
    // Ids are never empty, so '' is before every one of them.
    let after = '';
    for (;;) {
      const rows = pages.all(list, after, MEMBER_PAGE) as MemberRow[];
      for (const row of rows) yield memberFromRow(row);
      if (rows.length < MEMBER_PAGE) return;
      after = rows[rows.length - 1].id;
    }
  }

  async countMembers(): Promise<number> {
    return this.q.countMembers.get() as number;
  }

  async putOffice(office: Office): Promise<void> {
    this.write(() => this.q.putOffice.run(office.unit, office.role, office.member));
  }

  async removeOffice(office: Office): Promise<void> {
    this.write(() => this.q.removeOffice.run(office.unit, office.role, office.member));
  }

  async listOffices(filter: { readonly unit?: UnitId; readonly member?: MemberId } = {}): Promise<Office[]> {
    const where: string[] = [];
    const params: string[] = [];
    if (filter.unit !== undefined) {
      where.push('unit = ?');
      params.push(filter.unit);
    }
    if (filter.member !== undefined) {
      where.push('member = ?');
      params.push(filter.member);
    }
    const sql = `SELECT unit, role, member FROM offices${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY unit, role, member`;
    return (this.statements.get(sql).all(...params) as { unit: string; role: string; member: string }[]).map((r) => ({
      unit: r.unit as UnitId,
      role: r.role as OfficeRole,
      member: r.member as MemberId,
    }));
  }

  async putIncumbent(i: Incumbent): Promise<void> {
    this.write(() => this.q.putIncumbent.run(i.constituency, i.name, i.member, i.gender, i.suspended ? 1 : 0, i.parentalLeaveEnded));
  }

  async getIncumbent(constituency: UnitId): Promise<Incumbent | null> {
    const row = this.q.getIncumbent.get(constituency) as IncumbentRow | undefined;
    return row === undefined ? null : incumbentFromRow(row);
  }

  async listIncumbents(): Promise<Incumbent[]> {
    return (this.q.listIncumbents.all() as IncumbentRow[]).map(incumbentFromRow);
  }

  async createProcess(process: Omit<StoredProcess, 'version'>, event: { readonly event: unknown; readonly at: string; readonly audit?: AuditRecord }): Promise<Result<StoredProcess>> {
    const state = jsonText(process.state, 'state');
    const eventText = jsonText(event.event, 'event');
    const at = checkInstant(event.at);
    return this.write(() => {
      const inserted = this.q.insertProcess.run(process.id, process.kind, process.constituency, process.rulebook, state);
      if (inserted.changes === 0) return err('exists', `there is already a process with the id "${process.id}"`);
      this.q.insertEvent.run(process.id, 1, eventText, at);
      if (event.audit) this.audit.appendWithin(event.audit);
      return ok(this.states.of(this.q.getProcess.get(process.id) as ProcessRow));
    });
  }

  async getProcess(id: ProcessId): Promise<StoredProcess | null> {
    return this.processReads.get(id, this.unchanged.stamp(), () => {
      const row = this.q.getProcess.get(id) as ProcessRow | undefined;
      return row === undefined ? null : this.states.of(row);
    });
  }

  async listProcesses(filter: { readonly kind?: ProcessKind; readonly constituency?: UnitId } = {}): Promise<StoredProcess[]> {
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
    const sql = `SELECT id, kind, constituency, rulebook, state, version FROM processes${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
    return (this.statements.get(sql).all(...params) as ProcessRow[]).map((r) => this.states.of(r));
  }

  async processEvents(id: ProcessId): Promise<ProcessHistoryEntry[]> {
    return (this.q.events.all(id) as { process: string; version: number; event: string; at: string }[]).map((r) => ({
      process: r.process as ProcessId,
      version: r.version,
      event: JSON.parse(r.event),
      at: r.at,
    }));
  }

  async updateProcess(id: ProcessId, change: ProcessChange): Promise<Result<StoredProcess>> {
    return this.write(() => {
      const row = this.q.getProcess.get(id) as ProcessRow | undefined;
      if (row === undefined) return err('not-found', `there is no process with the id "${id}"`);
      const current = this.states.of(row);
      const next = change(current);
      if (!next.ok) return next;
      const state = jsonText(next.value.state, 'state');
      const event = jsonText(next.value.event, 'event');
      const at = checkInstant(next.value.at);
      const version = current.version + 1;
      // The write lock is held since the read, so the version cannot have moved; the check guards that reasoning.
      if (this.q.setState.run(state, version, id, current.version).changes !== 1) throw new Error(`process ${id} changed under a write lock`);
      this.q.insertEvent.run(id, version, event, at);
      if (next.value.audit) this.audit.appendWithin(next.value.audit);
      const keep = next.value.keep;
      if (keep) {
        this.statements.get('INSERT INTO count_records (process, record, sha256, counted_at) VALUES (?, ?, ?, ?)').run(id, keep.record, keep.sha256, at);
        this.audit.appendWithin(keep.audit);
      }
      return ok(this.states.of({ ...row, state, version }));
    });
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
    process: ProcessId,
    entries: Iterable<ElectorateEntry> | AsyncIterable<ElectorateEntry>,
  ): Promise<Result<{ readonly eligible: number; readonly total: number }>> {
    const refusal = this.freezeRefusal(process);
    if (refusal !== null) return refusal;
    const staging = `temp.electorate_staging_${++this.stagingTables}`;
    // Keyed by member, so a member given twice is caught as it is staged.
    this.db.exec(`CREATE TABLE ${staging} (member TEXT NOT NULL PRIMARY KEY, eligible INTEGER NOT NULL, reason TEXT NOT NULL) WITHOUT ROWID`);
    try {
      const stage = this.db.prepare(`INSERT INTO ${staging} (member, eligible, reason) VALUES (?, ?, ?) ON CONFLICT (member) DO NOTHING`);
      const flush = this.db.transaction((batch: ElectorateEntry[]): MemberId | null => {
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
      return this.write(() => {
        const late = this.freezeRefusal(process);
        if (late !== null) return late;
        const counts = this.db.prepare(`SELECT count(*) AS total, coalesce(sum(eligible), 0) AS eligible FROM ${staging}`).get() as { total: number; eligible: number };
        this.db.prepare('INSERT INTO electorate_freezes (process, total, eligible) VALUES (?, ?, ?)').run(process, counts.total, counts.eligible);
        this.db.prepare(`INSERT INTO electorates (process, member, eligible, reason) SELECT ?, member, eligible, reason FROM ${staging} ORDER BY member`).run(process);
        return ok({ eligible: counts.eligible, total: counts.total });
      });
    } finally {
      if (this.db.open) this.db.exec(`DROP TABLE IF EXISTS ${staging}`);
    }
  }

  private freezeRefusal(process: ProcessId): Result<never> | null {
    if (this.q.processExists.get(process) === undefined) return err('not-found', `there is no process with the id "${process}"`);
    if (this.q.frozen.get(process) !== undefined) return err('exists', `the electorate of process "${process}" is already frozen`);
    return null;
  }

  async keptCount(process: ProcessId): Promise<KeptCount | null> {
    const row = this.statements.get('SELECT process, record, sha256, counted_at FROM count_records WHERE process = ?').get(process) as
      | { process: string; record: string; sha256: string; counted_at: string }
      | undefined;
    return row === undefined ? null : { process: row.process as ProcessId, record: row.record, sha256: row.sha256, countedAt: row.counted_at };
  }

  async electorate(process: ProcessId): Promise<ElectorateEntry[]> {
    return (this.q.electorate.all(process) as { member: string; eligible: number; reason: string }[]).map((r) => ({
      member: r.member as MemberId,
      eligible: r.eligible === 1,
      reason: r.reason,
    }));
  }

  memberByEmail(email: string): Promise<Member | null> {
    return this.auth.memberByEmail(email);
  }
  putLoginCode(code: LoginCode): Promise<void> {
    return this.auth.putLoginCode(code);
  }
  consumeLoginCode(member: MemberId, codeHash: string, now: string): Promise<boolean> {
    return this.auth.consumeLoginCode(member, codeHash, now);
  }
  countLoginAttempt(key: string, at: string, since: string): Promise<number> {
    return this.auth.countLoginAttempt(key, at, since);
  }
  retireLoginCode(member: MemberId, client: string): Promise<void> {
    return this.auth.retireLoginCode(member, client);
  }
  forgetLoginAttempts(key?: string): Promise<void> {
    return this.auth.forgetLoginAttempts(key);
  }
  keptSecret(name: string, candidate: string): Promise<string> {
    return this.auth.keptSecret(name, candidate);
  }
  putSession(session: Session): Promise<void> {
    return this.auth.putSession(session);
  }
  getSession(tokenHash: string, now: string): Promise<Session | null> {
    return this.auth.getSession(tokenHash, now);
  }
  deleteSession(tokenHash: string): Promise<void> {
    return this.auth.deleteSession(tokenHash);
  }
  deleteSessionsOf(member: MemberId): Promise<number> {
    return this.auth.deleteSessionsOf(member);
  }

  castBallot(process: ProcessId, member: MemberId, ballot: CastBallot, day?: IsoDate): Promise<Result<{ readonly tracker: string }>> {
    return this.voting.castBallot(process, member, ballot, day);
  }
  voteOf(process: ProcessId, member: MemberId): Promise<MemberVote | null> {
    return this.voting.voteOf(process, member);
  }
  votesOf(member: MemberId): Promise<MemberVote[]> {
    return this.voting.votesOf(member);
  }
  untoldPaperVotes(member: MemberId): Promise<MemberVote[]> {
    return this.integrity.untoldPaperVotes(member);
  }
  markPaperVoteTold(process: ProcessId, member: MemberId, how: 'mailed' | 'shown'): Promise<boolean> {
    return this.integrity.markPaperVoteTold(process, member, how);
  }
  hasVoted(process: ProcessId, member: MemberId): Promise<boolean> {
    return this.voting.hasVoted(process, member);
  }
  turnout(process: ProcessId): Promise<number> {
    return this.voting.turnout(process);
  }
  ballots(process: ProcessId): Promise<CastBallot[]> {
    return this.voting.ballots(process);
  }

  recordOfflineVote(process: ProcessId, member: MemberId, channel: OfflineChannel, ballot: CastBallot, audit?: AuditRecord, day?: IsoDate): Promise<Result<{ readonly tracker: string }>> {
    return this.integrity.recordOfflineVote(process, member, channel, ballot, audit, day);
  }
  ballotBox(process: ProcessId): Promise<BallotBox | null> {
    return this.integrity.ballotBox(process);
  }
  async sealBallots(process: ProcessId): Promise<Result<BallotBox>> {
    // Sealing again (as publishing does) must not forget anything, or any visitor to the board could reset the sign-in limits.
    const first = (await this.integrity.ballotBox(process))?.sealed === false;
    const sealed = await this.integrity.sealBallots(process);
    // Sign-in attempt times could be set beside casting times; once the box is sealed nothing needs them.
    if (sealed.ok && first) await this.auth.forgetLoginAttempts();
    return sealed;
  }

  appendAudit(record: AuditRecord): Promise<AuditEntry> {
    return this.audit.appendAudit(record);
  }
  auditEntries(listing?: AuditListing): Promise<AuditEntry[]> {
    return this.audit.auditEntries(listing);
  }
  auditHead(): Promise<AuditHead | null> {
    return this.audit.auditHead();
  }
  auditEntriesOf(process: ProcessId, type: string): Promise<AuditEntry[]> {
    return this.audit.auditEntriesOf(process, type);
  }
}
