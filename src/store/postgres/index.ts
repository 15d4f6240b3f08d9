/**
 * The production store: PostgreSQL through a `pg` connection pool, so several
 * app servers can share one database.
 *
 * Each write is one transaction on one pooled connection. A change to a process
 * locks its row (SELECT … FOR UPDATE) before reading it, so concurrent changes
 * to one process queue up and each applies to the state the previous one left;
 * changes to different processes do not wait for each other. Migrations run
 * under an advisory lock, so app servers starting together take turns.
 */
import type pg from 'pg';
import { composeStore } from '../compose.js';
import { pendingMigrations } from '../migrations/index.js';
import type { Store } from '../store.js';
import { PostgresAudit } from './audit.js';
import { PostgresAuth } from './auth.js';
import { PostgresIntegrity } from './integrity.js';
import { PostgresOrganisation } from './organisation.js';
import { PostgresOutbox } from './outbox.js';
import { PostgresPostal } from './postal.js';
import { PostgresSupporters } from './supporters.js';
import { PostgresBooth } from './booth.js';
import { PostgresProcesses } from './processes.js';
import { connectionPool, inTransaction } from './transaction.js';
import { PostgresVoting } from './voting.js';
import { PostgresEncrypted } from './encrypted.js';

export interface PostgresOptions {
  /** Most connections the pool opens (default 10). */
  readonly maxConnections?: number;
  /** False for commands that only read: the schema must already be there and up to date; nothing is created or migrated. */
  readonly create?: boolean;
  /** For commands that only read (implies `create: false`). */
  readonly readOnly?: boolean;
}

/** Connects to the database at `url` (postgres://…) and brings its schema up to date. */
export async function openPostgresStore(url: string, options: PostgresOptions = {}): Promise<Store> {
  const pool = connectionPool({ connectionString: url, max: options.maxConnections ?? 10, application_name: 'hustings' });
  try {
    if (!options.readOnly && (options.create ?? true)) await migrate(pool);
    else await checkSchema(pool);
  } catch (e) {
    await pool.end();
    throw e;
  }
  return postgresStore(pool);
}

/** A store opened only to read must already hold an up-to-date Hustings schema: reading does not create or migrate one. */
async function checkSchema(pool: pg.Pool): Promise<void> {
  const where = (
    await pool.query<{ schema: string | null; table: string | null }>(`SELECT current_schema() AS schema, to_regclass('schema_migrations')::text AS table`)
  ).rows[0];
  if (where.table === null)
    throw new Error(`the database has no Hustings tables${where.schema ? ` in schema ${where.schema}` : ''} (create them with hustings init)`);
  const applied = (await pool.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version);
  if (applied.length === 0) throw new Error('the database has no Hustings tables (create them with hustings init)');
  if (pendingMigrations(applied).length > 0)
    throw new Error('the store was made by an earlier version of Hustings; bring it up to date first with hustings init');
}

async function migrate(pool: pg.Pool): Promise<void> {
  await inTransaction(pool, async (c) => {
    // Held until this transaction ends: a second server starting now waits
    // here, then finds the migrations recorded. Keyed by schema, so separate
    // schemas (e.g. test runs) do not wait for each other.
    await c.query(`SELECT pg_advisory_xact_lock(hashtext('hustings:migrate:' || coalesce(current_schema(), '')))`);
    await c.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer NOT NULL PRIMARY KEY,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const applied = (await c.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version);
    for (const m of pendingMigrations(applied)) {
      for (const sql of m.postgres) await c.query(sql);
      await c.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
    }
    return { commit: true, value: undefined };
  });
}

/** How long closing the store waits for work under way. */
const CLOSE_WAIT_MS = 10_000;

/** The store over one pool: each concern a part (its own module), all sharing the pool. */
function postgresStore(pool: pg.Pool): Store {
  const organisation = new PostgresOrganisation(pool);
  const auth = new PostgresAuth(pool, (id) => organisation.getMember(id));
  const voting = new PostgresVoting(pool);
  let closed = false;
  const lifecycle = {
    dialect: 'postgres' as const,
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      // Work already under way (a ballot being cast as the server stops) finishes first: ending the pool
      // under it would end the connection it was handed and leave it waiting for ever. Bounded, so a
      // stuck query cannot hold the close up.
      // Casts gathered for a group commit are not on a connection yet: their group is committed and answered first.
      await voting.settle();
      const deadline = Date.now() + CLOSE_WAIT_MS;
      while ((pool.waitingCount > 0 || pool.totalCount > pool.idleCount) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 5));
      }
      await pool.end();
    },
  };
  return composeStore({
    lifecycle,
    organisation,
    processes: new PostgresProcesses(pool),
    auth,
    voting,
    integrity: new PostgresIntegrity(pool, voting, auth),
    audit: new PostgresAudit(pool),
    outbox: new PostgresOutbox(pool),
    postal: new PostgresPostal(pool),
    supporters: new PostgresSupporters(pool),
    booth: new PostgresBooth(pool),
    encrypted: new PostgresEncrypted(pool),
  });
}
