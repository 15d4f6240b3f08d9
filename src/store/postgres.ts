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
import pg from 'pg';
import type { MemberId, ProcessId, UnitId } from '../domain/ids.js';
import type { Incumbent, Member, Office, OfficeRole, Unit, UnitKind } from '../domain/organisation.js';
import { err, ok, type Result } from '../domain/result.js';
import type { IsoDate } from '../domain/time.js';
import { pendingMigrations } from './migrations/index.js';
import { appendAuditWithin, PostgresAudit } from './postgres-audit.js';
import { PostgresAuth } from './postgres-auth.js';
import { connectionPool, inTransaction, isUniqueViolation } from './postgres-transaction.js';
import { PostgresVoting } from './postgres-voting.js';
import { PostgresIntegrity } from './postgres-integrity.js';
import type { BallotBox, MemberVote, OfflineChannel } from './store.js';
import { checkInstant, instant, jsonText, lastWins, MEMBER_PAGE, memberFromRow, signedInFromRow, type MemberRow, type SignedInRow } from './rows.js';
import type { AuditEntry, AuditHead, AuditRecord } from '../audit/index.js';
import type { AuditListing, CastBallot, KeptCount, ElectorateEntry, LoginCode, ProcessChange, ProcessHistoryEntry, ProcessKind, Session, SignedIn, Store, StoredProcess, UnitFilter } from './store.js';

export interface PostgresOptions {
  /** Most connections the pool opens (default 10). */
  readonly maxConnections?: number;
  /** False for commands that only read: the schema must already be there and up to date; nothing is created or migrated. */
  readonly create?: boolean;
  /** For commands that only read (implies `create: false`). */
  readonly readOnly?: boolean;
}

/** Rows per multi-row INSERT in bulk writes: large enough to amortise round trips, small enough to keep each message modest. */
const BULK_BATCH = 5_000;

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
  return new PostgresStore(pool);
}

/** A store opened only to read must already hold an up-to-date Hustings schema: reading does not create or migrate one. */
async function checkSchema(pool: pg.Pool): Promise<void> {
  const where = (await pool.query<{ schema: string | null; table: string | null }>(`SELECT current_schema() AS schema, to_regclass('schema_migrations')::text AS table`)).rows[0];
  if (where.table === null) throw new Error(`the database has no Hustings tables${where.schema ? ` in schema ${where.schema}` : ''} (create them with hustings init)`);
  const applied = (await pool.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version);
  if (applied.length === 0) throw new Error('the database has no Hustings tables (create them with hustings init)');
  if (pendingMigrations(applied).length > 0) throw new Error('the store was made by an earlier version of Hustings; bring it up to date first with hustings init');
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
  state: unknown;
  version: number;
}
interface IncumbentRow {
  constituency: string;
  name: string;
  member: string | null;
  gender: string | null;
  suspended: boolean;
  parental_leave_ended: string | null;
}

const unitFromRow = (r: UnitRow): Unit => ({
  id: r.id as UnitId,
  kind: r.kind as UnitKind,
  name: r.name,
  parent: r.parent as UnitId | null,
  constituency: r.constituency as UnitId | null,
});
const processFromRow = (r: ProcessRow): StoredProcess => ({
  id: r.id as ProcessId,
  kind: r.kind as ProcessKind,
  constituency: r.constituency as UnitId | null,
  rulebook: r.rulebook,
  state: r.state,
  version: r.version,
});
const incumbentFromRow = (r: IncumbentRow): Incumbent => ({
  constituency: r.constituency as UnitId,
  name: r.name,
  member: r.member as MemberId | null,
  gender: r.gender,
  suspended: r.suspended,
  parentalLeaveEnded: r.parental_leave_ended as IsoDate | null,
});

// Dates are read through to_char so they come back as "YYYY-MM-DD" whatever
// the server's DateStyle; `pg` would otherwise turn them into local-time Dates.
const MEMBER_COLUMNS = `m.id, m.name, m.email, m.branch, to_char(m.joined, 'YYYY-MM-DD') AS joined, m.gender,
  (SELECT string_agg(to_char(s.since, 'YYYY-MM-DD') || ':' || s.status, ';' ORDER BY s.seq) FROM member_status s WHERE s.member = m.id) AS history`;
const PROCESS_COLUMNS = 'id, kind, constituency, rulebook, state, version';
const INCUMBENT_COLUMNS = `constituency, name, member, gender, suspended, to_char(parental_leave_ended, 'YYYY-MM-DD') AS parental_leave_ended`;

/** How long closing the store waits for work under way. */
const CLOSE_WAIT_MS = 10_000;

function where(conditions: string[]): string {
  return conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
}

class PostgresStore implements Store {
  readonly dialect = 'postgres' as const;
  private closed = false;
  private readonly auth: PostgresAuth;
  private readonly voting: PostgresVoting;
  private readonly integrity: PostgresIntegrity;
  private readonly audit: PostgresAudit;

  constructor(private readonly pool: pg.Pool) {
    this.auth = new PostgresAuth(pool, (id) => this.getMember(id));
    this.voting = new PostgresVoting(pool);
    this.integrity = new PostgresIntegrity(pool, this.voting);
    this.audit = new PostgresAudit(pool);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Work already under way (a ballot being cast as the server stops) finishes first: ending the pool
    // under it would end the connection it was handed and leave it waiting for ever. Bounded, so a
    // stuck query cannot hold the close up.
    const deadline = Date.now() + CLOSE_WAIT_MS;
    while ((this.pool.waitingCount > 0 || this.pool.totalCount > this.pool.idleCount) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
    }
    await this.pool.end();
  }

  private write<T>(body: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.pool, async (c) => ({ commit: true, value: await body(c) }));
  }

  /** A transaction whose expected failure (an Err) rolls back everything it did. */
  private attempt<T>(body: (c: pg.PoolClient) => Promise<Result<T>>): Promise<Result<T>> {
    return inTransaction(this.pool, async (c) => {
      const result = await body(c);
      return { commit: result.ok, value: result };
    });
  }

  async putUnits(units: readonly Unit[]): Promise<void> {
    const all = lastWins(units);
    await this.write(async (c) => {
      for (let i = 0; i < all.length; i += BULK_BATCH) {
        const batch = all.slice(i, i + BULK_BATCH).map((u) => ({ id: u.id, kind: u.kind, name: u.name, parent: u.parent, constituency: u.constituency }));
        await c.query(
          `INSERT INTO units (id, kind, name, parent, constituency)
           SELECT r.id, r.kind, r.name, r.parent, r.constituency
           FROM json_to_recordset($1::json) AS r(id text, kind text, name text, parent text, constituency text)
           ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, parent = EXCLUDED.parent, constituency = EXCLUDED.constituency`,
          [JSON.stringify(batch)],
        );
      }
    });
  }

  async getUnit(id: UnitId): Promise<Unit | null> {
    const { rows } = await this.pool.query<UnitRow>('SELECT id, kind, name, parent, constituency FROM units WHERE id = $1', [id]);
    return rows.length === 0 ? null : unitFromRow(rows[0]);
  }

  async listUnits(filter: UnitFilter = {}): Promise<Unit[]> {
    const conditions: string[] = [];
    const params: string[] = [];
    if (filter.kind !== undefined) {
      params.push(filter.kind);
      conditions.push(`kind = $${params.length}`);
    }
    if (filter.parent !== undefined) {
      params.push(filter.parent);
      conditions.push(`parent = $${params.length}`);
    }
    if (filter.constituency !== undefined) {
      params.push(filter.constituency);
      conditions.push(`(constituency = $${params.length} OR (kind = 'branch' AND parent = $${params.length}))`);
    }
    const { rows } = await this.pool.query<UnitRow>(`SELECT id, kind, name, parent, constituency FROM units${where(conditions)} ORDER BY id`, params);
    return rows.map(unitFromRow);
  }

  /**
   * Each batch is two statements: upsert the members (clearing the old status
   * histories of those that were already there), then insert the histories.
   * Rows travel as one JSON parameter per statement (json_to_recordset), far
   * faster than a bind parameter per value and with no limit on the number of rows.
   */
  async putMembers(members: readonly Member[]): Promise<void> {
    const all = lastWins(members);
    await this.write(async (c) => {
      for (let i = 0; i < all.length; i += BULK_BATCH) {
        const batch = all.slice(i, i + BULK_BATCH);
        // xmax is non-zero on a row the upsert updated rather than inserted.
        await c.query(
          `WITH upserted AS (
             INSERT INTO members (id, name, email, branch, joined, gender)
             SELECT r.id, r.name, r.email, r.branch, r.joined, r.gender
             FROM json_to_recordset($1::json) AS r(id text, name text, email text, branch text, joined date, gender text)
             ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, branch = EXCLUDED.branch, joined = EXCLUDED.joined, gender = EXCLUDED.gender
             RETURNING id, xmax <> 0 AS existed)
           DELETE FROM member_status WHERE member IN (SELECT id FROM upserted WHERE existed)`,
          [JSON.stringify(batch.map((m) => ({ id: m.id, name: m.name, email: m.email, branch: m.branch, joined: m.joined, gender: m.gender })))],
        );
        const statuses: { m: string; n: number; d: string; s: string }[] = [];
        for (const m of batch) m.statusHistory.forEach((h, n) => statuses.push({ m: m.id, n, d: h.from, s: h.status }));
        if (statuses.length > 0) {
          await c.query(
            `INSERT INTO member_status (member, seq, since, status)
             SELECT r.m, r.n, r.d, r.s FROM json_to_recordset($1::json) AS r(m text, n integer, d date, s text)`,
            [JSON.stringify(statuses)],
          );
        }
      }
      // After a large load the planner's statistics are stale until autovacuum
      // notices, and it may then scan every member to find one constituency's.
      if (all.length >= 10_000) await c.query('ANALYZE members, member_status');
    });
  }

  async getMember(id: MemberId): Promise<Member | null> {
    const { rows } = await this.pool.query<MemberRow>(`SELECT ${MEMBER_COLUMNS} FROM members m WHERE m.id = $1`, [id]);
    return rows.length === 0 ? null : memberFromRow(rows[0]);
  }

  /**
   * A page at a time (keyset on the id), so no connection is held while the
   * consumer works through a page. As in the SQLite adapter, a small part of
   * the party is found through the branch index, and a large part by walking
   * the members in id order, as sorting what is left on every page would make
   * a national walk quadratic (the `|| ''` keeps the planner off the branch
   * index). The statements are unnamed, so each is planned with its actual
   * branch list, which the planner can then hash.
   */
  async *membersOf(branches: readonly UnitId[]): AsyncIterable<Member> {
    if (branches.length === 0) return;
    const list = [...branches];
    const matching = Number((await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM members WHERE branch = ANY($1::text[])', [list])).rows[0].n);
    const byId = matching > MEMBER_PAGE && matching * 10 >= (await this.countMembers());
    const branchTest = byId ? `(m.branch || '') = ANY($1::text[])` : 'm.branch = ANY($1::text[])';
    const page = `SELECT ${MEMBER_COLUMNS} FROM members m WHERE ${branchTest} AND m.id > $2 ORDER BY m.id LIMIT $3`;
    // Ids are never empty, so '' is before every one of them.
    let after = '';
    for (;;) {
      const { rows } = await this.pool.query<MemberRow>(page, [list, after, MEMBER_PAGE]);
      for (const row of rows) yield memberFromRow(row);
      if (rows.length < MEMBER_PAGE) return;
      after = rows[rows.length - 1].id;
    }
  }

  async countMembers(): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM members');
    return Number(rows[0].n);
  }

  async putOffice(office: Office): Promise<void> {
    await this.pool.query('INSERT INTO offices (unit, role, member) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [office.unit, office.role, office.member]);
  }

  async removeOffice(office: Office): Promise<void> {
    await this.pool.query('DELETE FROM offices WHERE unit = $1 AND role = $2 AND member = $3', [office.unit, office.role, office.member]);
  }

  async signedIn(tokenHash: string, now: string): Promise<SignedIn | null> {
    const { rows } = await this.pool.query<SignedInRow>(
      `SELECT s.token_hash, s.created_at, s.expires_at, ${MEMBER_COLUMNS},
          (SELECT coalesce(json_agg(json_build_array(o.unit, o.role) ORDER BY o.unit, o.role), '[]')::text FROM offices o WHERE o.member = m.id) AS offices
        FROM sessions s JOIN members m ON m.id = s.member WHERE s.token_hash = $1 AND s.expires_at > $2`,
      [tokenHash, instant(now, 'the time a session is used')],
    );
    return rows.length === 0 ? null : signedInFromRow(rows[0]);
  }

  async listOffices(filter: { readonly unit?: UnitId; readonly member?: MemberId } = {}): Promise<Office[]> {
    const conditions: string[] = [];
    const params: string[] = [];
    if (filter.unit !== undefined) {
      params.push(filter.unit);
      conditions.push(`unit = $${params.length}`);
    }
    if (filter.member !== undefined) {
      params.push(filter.member);
      conditions.push(`member = $${params.length}`);
    }
    const { rows } = await this.pool.query<{ unit: string; role: string; member: string }>(
      `SELECT unit, role, member FROM offices${where(conditions)} ORDER BY unit, role, member`,
      params,
    );
    return rows.map((r) => ({ unit: r.unit as UnitId, role: r.role as OfficeRole, member: r.member as MemberId }));
  }

  async putIncumbent(i: Incumbent): Promise<void> {
    await this.pool.query(
      `INSERT INTO incumbents (constituency, name, member, gender, suspended, parental_leave_ended) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (constituency) DO UPDATE SET name = EXCLUDED.name, member = EXCLUDED.member, gender = EXCLUDED.gender,
         suspended = EXCLUDED.suspended, parental_leave_ended = EXCLUDED.parental_leave_ended`,
      [i.constituency, i.name, i.member, i.gender, i.suspended, i.parentalLeaveEnded],
    );
  }

  async getIncumbent(constituency: UnitId): Promise<Incumbent | null> {
    const { rows } = await this.pool.query<IncumbentRow>(`SELECT ${INCUMBENT_COLUMNS} FROM incumbents WHERE constituency = $1`, [constituency]);
    return rows.length === 0 ? null : incumbentFromRow(rows[0]);
  }

  async listIncumbents(): Promise<Incumbent[]> {
    const { rows } = await this.pool.query<IncumbentRow>(`SELECT ${INCUMBENT_COLUMNS} FROM incumbents ORDER BY constituency`);
    return rows.map(incumbentFromRow);
  }

  async createProcess(process: Omit<StoredProcess, 'version'>, event: { readonly event: unknown; readonly at: string; readonly audit?: AuditRecord }): Promise<Result<StoredProcess>> {
    const state = jsonText(process.state, 'state');
    const eventText = jsonText(event.event, 'event');
    const at = checkInstant(event.at);
    return this.attempt(async (c) => {
      // A concurrent insert of the same id waits for this one to finish, then does nothing.
      const inserted = await c.query(
        `INSERT INTO processes (id, kind, constituency, rulebook, state, version) VALUES ($1, $2, $3, $4, $5::json, 1) ON CONFLICT (id) DO NOTHING`,
        [process.id, process.kind, process.constituency, process.rulebook, state],
      );
      if (inserted.rowCount === 0) return err('exists', `there is already a process with the id "${process.id}"`);
      await c.query('INSERT INTO process_events (process, version, event, at) VALUES ($1, 1, $2::json, $3)', [process.id, eventText, at]);
      if (event.audit) await appendAuditWithin(c, event.audit);
      return ok({ id: process.id, kind: process.kind, constituency: process.constituency, rulebook: process.rulebook, state: JSON.parse(state), version: 1 });
    });
  }

  async getProcess(id: ProcessId): Promise<StoredProcess | null> {
    const { rows } = await this.pool.query<ProcessRow>(`SELECT ${PROCESS_COLUMNS} FROM processes WHERE id = $1`, [id]);
    return rows.length === 0 ? null : processFromRow(rows[0]);
  }

  async listProcesses(filter: { readonly kind?: ProcessKind; readonly constituency?: UnitId } = {}): Promise<StoredProcess[]> {
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
    const { rows } = await this.pool.query<ProcessRow>(`SELECT ${PROCESS_COLUMNS} FROM processes${where(conditions)} ORDER BY id`, params);
    return rows.map(processFromRow);
  }

  async processEvents(id: ProcessId): Promise<ProcessHistoryEntry[]> {
    const { rows } = await this.pool.query<{ process: string; version: number; event: unknown; at: string }>(
      'SELECT process, version, event, at FROM process_events WHERE process = $1 ORDER BY version',
      [id],
    );
    return rows.map((r) => ({ process: r.process as ProcessId, version: r.version, event: r.event, at: r.at }));
  }

  async updateProcess(id: ProcessId, change: ProcessChange): Promise<Result<StoredProcess>> {
    return this.attempt(async (c) => {
      // FOR UPDATE: a concurrent change to this process waits here until this
      // transaction ends, then reads the state it left.
      const { rows } = await c.query<ProcessRow>(`SELECT ${PROCESS_COLUMNS} FROM processes WHERE id = $1 FOR UPDATE`, [id]);
      if (rows.length === 0) return err('not-found', `there is no process with the id "${id}"`);
      const current = processFromRow(rows[0]);
      const next = change(current);
      if (!next.ok) return next;
      const state = jsonText(next.value.state, 'state');
      const event = jsonText(next.value.event, 'event');
      const at = checkInstant(next.value.at);
      const version = current.version + 1;
      const updated = await c.query('UPDATE processes SET state = $1::json, version = $2 WHERE id = $3 AND version = $4', [state, version, id, current.version]);
      if (updated.rowCount !== 1) throw new Error(`process ${id} changed under a row lock`);
      await c.query('INSERT INTO process_events (process, version, event, at) VALUES ($1, $2, $3::json, $4)', [id, version, event, at]);
      if (next.value.audit) await appendAuditWithin(c, next.value.audit);
      const keep = next.value.keep;
      if (keep) {
        await c.query('INSERT INTO count_records (process, record, sha256, counted_at) VALUES ($1, $2, $3, $4)', [id, keep.record, keep.sha256, at]);
        await appendAuditWithin(c, keep.audit);
      }
      return ok({ ...current, state: JSON.parse(state), version });
    });
  }

  /**
   * One transaction on one connection, which may stay open while an async
   * source produces entries (PostgreSQL does not mind). The freeze's header row
   * is claimed first: a concurrent freeze of the same process waits on it, and
   * finds it taken once this one commits.
   */
  async freezeElectorate(
    process: ProcessId,
    entries: Iterable<ElectorateEntry> | AsyncIterable<ElectorateEntry>,
  ): Promise<Result<{ readonly eligible: number; readonly total: number }>> {
    return this.attempt(async (c) => {
      const exists = await c.query('SELECT 1 FROM processes WHERE id = $1', [process]);
      if (exists.rowCount === 0) return err('not-found', `there is no process with the id "${process}"`);
      const claimed = await c.query('INSERT INTO electorate_freezes (process, total, eligible) VALUES ($1, 0, 0) ON CONFLICT (process) DO NOTHING', [process]);
      if (claimed.rowCount === 0) return err('exists', `the electorate of process "${process}" is already frozen`);
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
            [process, rows],
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
      await c.query('UPDATE electorate_freezes SET total = $2, eligible = $3 WHERE process = $1', [process, total, eligible]);
      return ok({ eligible, total });
    });
  }

  async keptCount(process: ProcessId): Promise<KeptCount | null> {
    const { rows } = await this.pool.query<{ process: string; record: string; sha256: string; counted_at: string }>(
      'SELECT process, record, sha256, counted_at FROM count_records WHERE process = $1',
      [process],
    );
    return rows.length === 0 ? null : { process: rows[0].process as ProcessId, record: rows[0].record, sha256: rows[0].sha256, countedAt: rows[0].counted_at };
  }

  async electorate(process: ProcessId): Promise<ElectorateEntry[]> {
    const { rows } = await this.pool.query<{ member: string; eligible: boolean; reason: string }>(
      'SELECT member, eligible, reason FROM electorates WHERE process = $1 ORDER BY member',
      [process],
    );
    return rows.map((r) => ({ member: r.member as MemberId, eligible: r.eligible, reason: r.reason }));
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
