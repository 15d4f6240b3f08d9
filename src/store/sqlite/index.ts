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
import { composeStore } from '../compose.js';
import { pendingMigrations } from '../migrations/index.js';
import type { Store } from '../store.js';
import { SqliteAudit } from './audit.js';
import { SqliteAuth } from './auth.js';
import { SqliteIntegrity } from './integrity.js';
import { SqliteOrganisation } from './organisation.js';
import { SqliteOutbox } from './outbox.js';
import { SqlitePostal } from './postal.js';
import { SqliteSupporters } from './supporters.js';
import { SqliteBooth } from './booth.js';
import { SqliteProcesses } from './processes.js';
import { StatementCache } from './statements.js';
import { Unchanged } from './unchanged.js';
import { SqliteVoting } from './voting.js';
import { SqliteEncrypted } from './encrypted.js';

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
      // Off while migrating, as SQLite documents for rebuilding a table others refer to (migration 17);
      // `migrate` checks every reference before it commits, and enforcement is on from then on.
      db.pragma('foreign_keys = OFF');
      migrate(db);
      db.pragma('foreign_keys = ON');
    } else {
      checkSchema(db, path);
      if (!readOnly) db.pragma('foreign_keys = ON');
    }
    return sqliteStore(db);
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
  if (pendingMigrations(applied).length > 0)
    throw new Error(`the store in ${path} was made by an earlier version of Hustings; bring it up to date first with hustings init --db ${path}`);
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
    const broken = db.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0) throw new Error(`the migrations would leave ${broken.length} broken references; nothing was changed`);
  }).immediate();
}

/** The store over one connection: each concern a part (its own module), all sharing the connection. */
function sqliteStore(db: Database.Database): Store {
  const statements = new StatementCache(db);
  const unchanged = new Unchanged(db);
  const organisation = new SqliteOrganisation(db, statements);
  const auth = new SqliteAuth(db, (id) => organisation.getMember(id), unchanged);
  const voting = new SqliteVoting(db, unchanged);
  const audit = new SqliteAudit(db, statements);
  const outbox = new SqliteOutbox(db, unchanged);
  const encrypted = new SqliteEncrypted(db);
  const processes = new SqliteProcesses(db, statements, unchanged, audit, outbox, encrypted);
  const integrity = new SqliteIntegrity(db, voting, audit, auth, outbox);
  const postal = new SqlitePostal(db, audit);
  const supporters = new SqliteSupporters(db, audit, outbox);
  const booth = new SqliteBooth(db);
  let closed = false;
  const lifecycle = {
    dialect: 'sqlite' as const,
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      // Casts waiting for their group commit are written (and answered) before the file closes.
      voting.flush();
      // Keeps the planner's statistics fresh after bulk loads (cheap when nothing changed).
      if (!db.readonly) db.pragma('optimize');
      db.close();
    },
  };
  return composeStore({
    lifecycle,
    organisation,
    processes,
    auth,
    voting,
    integrity,
    audit,
    outbox,
    postal,
    supporters,
    booth,
    encrypted,
  });
}
