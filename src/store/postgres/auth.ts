/**
 * Sign-in and sessions in the PostgreSQL store.
 *
 * Housekeeping deletes (spent codes, old attempts, expired sessions) lock only
 * rows nobody else holds (FOR UPDATE SKIP LOCKED): two sign-ins tidying the
 * same rows never wait for each other, so they can never deadlock; whatever one
 * skips, a later one removes.
 */
import type pg from 'pg';
import type { MemberId } from '../../domain/ids.js';
import type { Member } from '../../domain/organisation.js';
import { ATTEMPT_RETENTION_MS } from '../auth-rules.js';
import { inTransaction } from './transaction.js';
import { instant, signedInFromRow, type SignedInRow } from '../rows.js';
import type { AuthStore, LoginCode, Session, SignedIn } from '../store.js';
import { POSTGRES_MEMBER_COLUMNS } from './organisation.js';

interface SessionRow {
  token_hash: string;
  member: string;
  created_at: string;
  expires_at: string;
}

export class PostgresAuth implements AuthStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly getMember: (id: MemberId) => Promise<Member | null>,
  ) {}

  async memberByEmail(email: string): Promise<Member | null> {
    // The first by id when members share an address, so the answer never depends on the plan.
    const { rows } = await this.pool.query<{ id: string }>('SELECT id FROM members WHERE lower(email) = lower($1) ORDER BY id LIMIT 1', [email]);
    return rows.length === 0 ? null : this.getMember(rows[0].id as MemberId);
  }

  async putLoginCode(code: LoginCode): Promise<void> {
    await this.pool.query(
      `INSERT INTO login_codes (member, client, code_hash, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (member, client) DO UPDATE SET code_hash = EXCLUDED.code_hash, expires_at = EXCLUDED.expires_at`,
      [code.member, code.client, code.codeHash, instant(code.expiresAt, 'a login code expiry')],
    );
  }

  /**
   * One statement. Of two uses of one code at once, the second waits for the
   * first's row lock, then finds the row gone and deletes nothing. The expired
   * codes removed are never the one it consumes (that one has not expired).
   */
  async consumeLoginCode(member: MemberId, codeHash: string, now: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ n: string }>(
      `WITH consumed AS (
         DELETE FROM login_codes
         WHERE member = $1 AND code_hash = $2 AND expires_at > $3
         RETURNING 1),
       expired AS (
         DELETE FROM login_codes WHERE ctid IN (
           SELECT ctid FROM login_codes WHERE member = $1 AND expires_at <= $3 FOR UPDATE SKIP LOCKED))
       SELECT count(*) AS n FROM consumed`,
      [member, codeHash, instant(now, 'the time a login code is used')],
    );
    return Number(rows[0].n) === 1;
  }

  async retireLoginCode(member: MemberId, client: string): Promise<void> {
    await this.pool.query('DELETE FROM login_codes WHERE member = $1 AND client = $2', [member, client]);
  }

  async forgetLoginAttempts(key?: string): Promise<void> {
    if (key === undefined) await this.pool.query('DELETE FROM login_attempts');
    else await this.pool.query('DELETE FROM login_attempts WHERE key = $1', [key]);
  }

  async keptSecret(name: string, candidate: string): Promise<string> {
    // Of two instances starting at once, the second's insert does nothing and both read the first's.
    await this.pool.query('INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, candidate]);
    const { rows } = await this.pool.query<{ value: string }>('SELECT value FROM server_secrets WHERE name = $1', [name]);
    return rows[0].value;
  }

  async countLoginAttempt(key: string, at: string, since: string): Promise<number> {
    const when = instant(at, 'a sign-in attempt time');
    const from = instant(since, 'the start of a sign-in attempt window');
    const stale = new Date(Date.parse(from) - ATTEMPT_RETENTION_MS).toISOString();
    return inTransaction(this.pool, async (c) => {
      // Attempts under one key take turns, so of many at once each gets its own count (1, 2, 3…) and a limit is exact.
      await c.query(`SELECT pg_advisory_xact_lock(hashtext('hustings:attempt:' || $1))`, [key]);
      await c.query('INSERT INTO login_attempts (key, at) VALUES ($1, $2)', [key, when]);
      await c.query(
        `DELETE FROM login_attempts WHERE ctid IN (
           SELECT ctid FROM login_attempts WHERE (key = $1 AND at < $2) OR at < $3 FOR UPDATE SKIP LOCKED)`,
        [key, from, stale],
      );
      const { rows } = await c.query<{ n: string }>('SELECT count(*) AS n FROM login_attempts WHERE key = $1 AND at >= $2', [key, from]);
      return { commit: true, value: Number(rows[0].n) };
    });
  }

  async putSession(session: Session): Promise<void> {
    const createdAt = instant(session.createdAt, 'a session start');
    const expiresAt = instant(session.expiresAt, 'a session expiry');
    await this.pool.query(
      `WITH expired AS (
         DELETE FROM sessions WHERE ctid IN (
           SELECT ctid FROM sessions WHERE member = $2 AND expires_at <= $3 AND token_hash <> $1 FOR UPDATE SKIP LOCKED))
       INSERT INTO sessions (token_hash, member, created_at, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (token_hash) DO UPDATE SET member = EXCLUDED.member, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at`,
      [session.tokenHash, session.member, createdAt, expiresAt],
    );
  }

  async getSession(tokenHash: string, now: string): Promise<Session | null> {
    const { rows } = await this.pool.query<SessionRow>(
      'SELECT token_hash, member, created_at, expires_at FROM sessions WHERE token_hash = $1 AND expires_at > $2',
      [tokenHash, instant(now, 'the time a session is used')],
    );
    if (rows.length === 0) return null;
    const r = rows[0];
    return { tokenHash: r.token_hash, member: r.member as MemberId, createdAt: r.created_at, expiresAt: r.expires_at };
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  async deleteSessionsOf(member: MemberId): Promise<number> {
    const { rowCount } = await this.pool.query('DELETE FROM sessions WHERE member = $1', [member]);
    return rowCount ?? 0;
  }

  async signedIn(tokenHash: string, now: string): Promise<SignedIn | null> {
    const { rows } = await this.pool.query<SignedInRow>(
      `SELECT s.token_hash, s.created_at, s.expires_at, ${POSTGRES_MEMBER_COLUMNS},
          (SELECT coalesce(json_agg(json_build_array(o.unit, o.role) ORDER BY o.unit, o.role), '[]')::text FROM offices o WHERE o.member = m.id) AS offices
        FROM sessions s JOIN members m ON m.id = s.member WHERE s.token_hash = $1 AND s.expires_at > $2`,
      [tokenHash, instant(now, 'the time a session is used')],
    );
    return rows.length === 0 ? null : signedInFromRow(rows[0]);
  }
}
