/**
 * Sign-in and sessions in the SQLite store. Each write is one BEGIN IMMEDIATE
 * transaction (see sqlite.ts), so a check and the write that depends on it
 * cannot be split by another connection.
 */
import type Database from 'better-sqlite3';
import type { MemberId } from '../../domain/ids.js';
import type { Member } from '../../domain/organisation.js';
import { ATTEMPT_RETENTION_MS } from '../auth-rules.js';
import { instant, signedInFromRow, type SignedInRow } from '../rows.js';
import type { AuthStore, LoginCode, Session, SignedIn } from '../store.js';
import { SQLITE_MEMBER_COLUMNS } from './organisation.js';
import { KeptReads, type Unchanged } from './unchanged.js';

interface SessionRow {
  token_hash: string;
  member: string;
  created_at: string;
  expires_at: string;
}

export class SqliteAuth implements AuthStore {
  private readonly q;
  /** Sessions (with member and offices) as last read, while the file has not changed (unchanged.ts). */
  readonly #signedInReads = new KeptReads<SignedIn | null>(10_000);

  constructor(
    private readonly db: Database.Database,
    private readonly getMember: (id: MemberId) => Promise<Member | null>,
    private readonly unchanged: Unchanged,
  ) {
    const p = (sql: string) => db.prepare(sql);
    this.q = {
      // The first by id when members share an address, so the answer never depends on the plan.
      byEmail: p('SELECT id FROM members WHERE lower(email) = lower(?) ORDER BY id LIMIT 1').pluck(),
      putCode: p(`INSERT INTO login_codes (member, client, code_hash, expires_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (member, client) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at`),
      clearExpiredCodes: p('DELETE FROM login_codes WHERE member = ? AND expires_at <= ?'),
      consumeCode: p('DELETE FROM login_codes WHERE member = ? AND code_hash = ? AND expires_at > ?'),
      retireCode: p('DELETE FROM login_codes WHERE member = ? AND client = ?'),
      forgetKeyAttempts: p('DELETE FROM login_attempts WHERE key = ?'),
      forgetAllAttempts: p('DELETE FROM login_attempts'),
      keepSecret: p('INSERT INTO server_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING'),
      secret: p('SELECT value FROM server_secrets WHERE name = ?').pluck(),
      addAttempt: p('INSERT INTO login_attempts (key, at) VALUES (?, ?)'),
      pruneKeyAttempts: p('DELETE FROM login_attempts WHERE key = ? AND at < ?'),
      pruneOldAttempts: p('DELETE FROM login_attempts WHERE at < ?'),
      countAttempts: p('SELECT count(*) FROM login_attempts WHERE key = ? AND at >= ?').pluck(),
      putSession: p(`INSERT INTO sessions (token_hash, member, created_at, expires_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (token_hash) DO UPDATE SET member = excluded.member, created_at = excluded.created_at, expires_at = excluded.expires_at`),
      clearExpiredSessions: p('DELETE FROM sessions WHERE member = ? AND expires_at <= ?'),
      getSession: p('SELECT token_hash, member, created_at, expires_at FROM sessions WHERE token_hash = ? AND expires_at > ?'),
      deleteSession: p('DELETE FROM sessions WHERE token_hash = ?'),
      deleteSessionsOf: p('DELETE FROM sessions WHERE member = ?'),
      signedIn: p(`SELECT s.token_hash, s.created_at, s.expires_at, ${SQLITE_MEMBER_COLUMNS},
          (SELECT json_group_array(json_array(o.unit, o.role)) FROM (SELECT unit, role FROM offices WHERE member = m.id ORDER BY unit, role) o) AS offices
        FROM sessions s JOIN members m ON m.id = s.member WHERE s.token_hash = ? AND s.expires_at > ?`),
    };
  }

  #write<T>(body: () => T): T {
    return this.db.transaction(body).immediate();
  }

  async memberByEmail(email: string): Promise<Member | null> {
    const id = this.q.byEmail.get(email) as string | undefined;
    return id === undefined ? null : this.getMember(id as MemberId);
  }

  async putLoginCode(code: LoginCode): Promise<void> {
    const expiresAt = instant(code.expiresAt, 'a login code expiry');
    this.q.putCode.run(code.member, code.client, code.codeHash, expiresAt);
  }

  async retireLoginCode(member: MemberId, client: string): Promise<void> {
    this.q.retireCode.run(member, client);
  }

  async forgetLoginAttempts(key?: string): Promise<void> {
    if (key === undefined) this.q.forgetAllAttempts.run();
    else this.q.forgetKeyAttempts.run(key);
  }

  async keptSecret(name: string, candidate: string): Promise<string> {
    return this.#write(() => {
      this.q.keepSecret.run(name, candidate);
      return this.q.secret.get(name) as string;
    });
  }

  async consumeLoginCode(member: MemberId, codeHash: string, now: string): Promise<boolean> {
    const at = instant(now, 'the time a login code is used');
    return this.#write(() => {
      const used = this.q.consumeCode.run(member, codeHash, at).changes === 1;
      // This member's expired codes can never work again.
      this.q.clearExpiredCodes.run(member, at);
      return used;
    });
  }

  async countLoginAttempt(key: string, at: string, since: string): Promise<number> {
    const when = instant(at, 'a sign-in attempt time');
    const from = instant(since, 'the start of a sign-in attempt window');
    return this.#write(() => {
      this.q.addAttempt.run(key, when);
      this.q.pruneKeyAttempts.run(key, from);
      this.q.pruneOldAttempts.run(new Date(Date.parse(from) - ATTEMPT_RETENTION_MS).toISOString());
      return this.q.countAttempts.get(key, from) as number;
    });
  }

  async putSession(session: Session): Promise<void> {
    const createdAt = instant(session.createdAt, 'a session start');
    const expiresAt = instant(session.expiresAt, 'a session expiry');
    this.#write(() => {
      this.q.clearExpiredSessions.run(session.member, createdAt);
      this.q.putSession.run(session.tokenHash, session.member, createdAt, expiresAt);
    });
  }

  async getSession(tokenHash: string, now: string): Promise<Session | null> {
    const row = this.q.getSession.get(tokenHash, instant(now, 'the time a session is used')) as SessionRow | undefined;
    return row === undefined ? null : { tokenHash: row.token_hash, member: row.member as MemberId, createdAt: row.created_at, expiresAt: row.expires_at };
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.q.deleteSession.run(tokenHash);
  }

  async deleteSessionsOf(member: MemberId): Promise<number> {
    return this.q.deleteSessionsOf.run(member).changes;
  }

  async signedIn(tokenHash: string, now: string): Promise<SignedIn | null> {
    const at = instant(now, 'the time a session is used');
    const signed = this.#signedInReads.get(tokenHash, this.unchanged.stamp(), () => {
      const row = this.q.signedIn.get(tokenHash, at) as SignedInRow | undefined;
      return row === undefined ? null : signedInFromRow(row);
    });
    // Kept from an earlier request: it may have expired since.
    return signed !== null && at < signed.session.expiresAt ? signed : null;
  }
}
