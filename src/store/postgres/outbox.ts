/**
 * Notices and the mail outbox in the PostgreSQL store. Senders on several servers claim messages
 * with FOR UPDATE SKIP LOCKED, so each claims rows no other is claiming, without waiting; what a
 * message's end changes (its row, its notice's counter, the failing address) is one statement.
 * `putNoticeWithin` also runs inside a process change's own transaction (processes.ts).
 */
import type pg from 'pg';
import type { MemberId, ProcessId } from '../../domain/ids.js';
import { later, messageFromRow, NOTICE_COLUMNS, noticeColumns, noticeFromRow, reasonText, type MessageRow, type NoticeRow } from '../notice-rows.js';
import { electorateAudienceSql } from '../notice-audience.js';
import { instant } from '../rows.js';
import type { FailingAddress, MessageFailure, NewNotice, OutboxMessage, OutboxStore, SignInLink, StoredNotice } from '../store.js';
import { inTransaction, isUniqueViolation } from './transaction.js';

/** Stores the notice and, if due at `at`, fans it out: inside the caller's transaction. */
export async function putNoticeWithin(c: pg.ClientBase, notice: NewNotice, at: string): Promise<void> {
  const n = noticeColumns(notice);
  const now = instant(at, 'a notice time');
  try {
    await c.query(
      `INSERT INTO notices (id, kind, process, audience, params, send_at, state, private, created_at, created_by)
       VALUES ($1, $2, $3, $4::json, $5::json, $6, 'scheduled', $7, $8, $9)`,
      [n.id, n.kind, n.process, n.audience, n.params, n.sendAt, n.private, now, n.createdBy],
    );
  } catch (e) {
    if (isUniqueViolation(e)) throw new Error(`there is already a notice with the id "${n.id}"`);
    throw e;
  }
  if (n.sendAt <= now) await fanOutWithin(c, n.id, now);
}

async function fanOutWithin(c: pg.ClientBase, id: string, at: string): Promise<number> {
  const started = await c.query<{
    process: string | null;
    audience: { members?: string[]; notVoted?: true; secretariesToRecord?: true; applicant?: { number: number; member: string } };
  }>(`UPDATE notices SET state = 'queued' WHERE id = $1 AND state = 'scheduled' RETURNING process, audience`, [id]);
  const notice = started.rows[0];
  if (notice === undefined) return 0;
  const inserted =
    notice.audience.applicant !== undefined
      ? await c.query(
          `INSERT INTO outbox (notice, member, address, language, state, tries, next_try_at)
           SELECT $1, $2, a.email, coalesce(a.language, 'en'), 'queued', 0, $3 FROM supporter_applications a
           WHERE a.process = $4 AND a.number = $5 AND a.email <> ''
           ON CONFLICT (notice, member) DO NOTHING`,
          [id, notice.audience.applicant.member, at, notice.process, notice.audience.applicant.number],
        )
      : notice.audience.members !== undefined
        ? await c.query(
            `INSERT INTO outbox (notice, member, address, language, state, tries, next_try_at)
           SELECT $1, m.id, m.email, coalesce(m.language, 'en'), 'queued', 0, $2 FROM members m
           WHERE m.id = ANY($3::text[]) AND m.email IS NOT NULL AND m.email <> ''
           ORDER BY m.id
           ON CONFLICT (notice, member) DO NOTHING`,
            [id, at, notice.audience.members],
          )
        : notice.audience.secretariesToRecord
          ? // The secretaries of an open trigger ballot's units whose decision is not yet recorded, as its state stands now.
            await c.query(
              `INSERT INTO outbox (notice, member, address, language, state, tries, next_try_at)
             SELECT $1, m.id, m.email, coalesce(m.language, 'en'), 'queued', 0, $2 FROM members m
             WHERE m.id IN (
                 SELECT o.member FROM processes p CROSS JOIN LATERAL json_array_elements(p.state -> 'units') u
                   JOIN offices o ON o.unit = u ->> 'id' AND o.role = 'secretary'
                 WHERE p.id = $3 AND p.kind = 'trigger-ballot' AND p.state ->> 'phase' = 'open' AND coalesce(json_typeof(u -> 'result'), 'null') = 'null')
               AND m.email IS NOT NULL AND m.email <> ''
             ORDER BY m.id
             ON CONFLICT (notice, member) DO NOTHING`,
              [id, at, notice.process],
            )
          : // The electorate's eligible members with an address, less (for a reminder) those marked as voted by any channel.
            await c.query(
              `INSERT INTO outbox (notice, member, address, language, state, tries, next_try_at)
             SELECT $1, e.member, m.email, coalesce(m.language, 'en'), 'queued', 0, $2
             ${electorateAudienceSql({ process: '$3', everyone: 'NOT $4', eligible: 'e.eligible' })}
           ORDER BY e.member
           ON CONFLICT (notice, member) DO NOTHING`,
              [id, at, notice.process, notice.audience.notVoted === true],
            );
  const queued = inserted.rowCount ?? 0;
  await c.query('UPDATE notices SET recipients = $1 WHERE id = $2', [queued, id]);
  return queued;
}

export class PostgresOutbox implements OutboxStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  #write<T>(body: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.#pool, async (c) => ({ commit: true, value: await body(c) }));
  }

  async #notices(sql: string, params: unknown[]): Promise<StoredNotice[]> {
    return (await this.#pool.query<NoticeRow>(`SELECT ${NOTICE_COLUMNS} FROM notices n WHERE ${sql} ORDER BY n.send_at, n.id`, params)).rows.map(noticeFromRow);
  }

  async putNotice(notice: NewNotice, at: string): Promise<StoredNotice> {
    await this.#write((c) => putNoticeWithin(c, notice, at));
    const stored = await this.notice(notice.id);
    if (stored === null) throw new Error(`notice ${notice.id} was not stored`);
    return stored;
  }

  async cancelNotice(id: string): Promise<boolean> {
    return this.#write(async (c) => {
      const cancelled = await c.query(`UPDATE notices SET state = 'cancelled' WHERE id = $1 AND state IN ('scheduled', 'queued')`, [id]);
      if (cancelled.rowCount === 0) return false;
      await c.query(`DELETE FROM outbox WHERE notice = $1 AND state = 'queued'`, [id]);
      return true;
    });
  }

  async notice(id: string): Promise<StoredNotice | null> {
    return (await this.#notices('n.id = $1', [id]))[0] ?? null;
  }

  async noticesOf(processId: ProcessId): Promise<StoredNotice[]> {
    return this.#notices('n.process = $1', [processId]);
  }

  async dueNotices(now: string): Promise<StoredNotice[]> {
    return this.#notices(`n.state = 'scheduled' AND n.send_at <= $1`, [instant(now, 'now')]);
  }

  async fanOut(noticeId: string, at: string): Promise<number> {
    const when = instant(at, 'a fan-out time');
    return this.#write((c) => fanOutWithin(c, noticeId, when));
  }

  async reminderReach(processId: ProcessId): Promise<number> {
    const { rows } = await this.#pool.query<{ n: string }>(
      `SELECT count(*) AS n ${electorateAudienceSql({ process: '$1', everyone: 'false', eligible: 'e.eligible' })}`,
      [processId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async claimMessages(worker: string, limit: number, now: string, leaseMs: number): Promise<OutboxMessage[]> {
    const from = instant(now, 'now');
    // SKIP LOCKED: rows another sender is claiming at this moment are left to it, not waited for. A row
    // another sender has just claimed is re-checked against its new next_try_at (the lease's end) and left.
    const { rows } = await this.#pool.query<MessageRow>(
      `WITH claimed AS (
         UPDATE outbox SET state = 'sending', tries = tries + 1, claimed_by = $1, claimed_until = $2, next_try_at = $2
         WHERE id IN (SELECT id FROM outbox WHERE next_try_at <= $3 ORDER BY next_try_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
         RETURNING id, notice, member, address, language, tries)
       SELECT c.id, c.notice, c.member, m.name, c.address, c.language, c.tries FROM claimed c LEFT JOIN members m ON m.id = c.member ORDER BY c.id`,
      [worker, later(from, leaseMs), from, limit],
    );
    return rows.map(messageFromRow);
  }

  async messageSent(id: number): Promise<boolean> {
    const { rowCount } = await this.#pool.query(
      `WITH gone AS (DELETE FROM outbox WHERE id = $1 RETURNING notice)
       UPDATE notices SET sent = sent + 1 WHERE id IN (SELECT notice FROM gone)`,
      [id],
    );
    return rowCount === 1;
  }

  async messagesSent(ids: readonly number[]): Promise<number> {
    if (ids.length === 0) return 0;
    const { rows } = await this.#pool.query<{ n: string }>(
      `WITH gone AS (DELETE FROM outbox WHERE id = ANY($1::bigint[]) RETURNING notice),
         counted AS (
           UPDATE notices n SET sent = n.sent + g.count FROM (SELECT notice, count(*) AS count FROM gone GROUP BY notice) g WHERE n.id = g.notice)
       SELECT count(*) AS n FROM gone`,
      [ids],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async messageFailed(id: number, failure: MessageFailure): Promise<boolean> {
    const reason = reasonText(failure.reason);
    if (!failure.permanent) {
      const { rowCount } = await this.#pool.query(
        `UPDATE outbox SET state = 'queued', next_try_at = $1, last_error = $2, claimed_by = NULL, claimed_until = NULL WHERE id = $3 AND state = 'sending'`,
        [instant(failure.nextTryAt, 'the next try'), reason, id],
      );
      return rowCount === 1;
    }
    const { rows } = await this.#pool.query<{ n: string }>(
      `WITH gone AS (DELETE FROM outbox WHERE id = $1 RETURNING notice, member, address),
         counted AS (UPDATE notices SET failed = failed + 1 WHERE id IN (SELECT notice FROM gone)),
         recorded AS (
           INSERT INTO mail_failures (address, member, reason, first_at, last_at, count)
           SELECT address, member, $2, $3, $3, 1 FROM gone WHERE $4
           ON CONFLICT (address) DO UPDATE SET member = EXCLUDED.member, reason = EXCLUDED.reason, last_at = EXCLUDED.last_at,
             count = mail_failures.count + 1)
       SELECT count(*) AS n FROM gone`,
      [id, reason, instant(failure.at, 'the failure time'), failure.blameAddress !== false],
    );
    return Number(rows[0]?.n ?? 0) === 1;
  }

  async failingAddresses(): Promise<FailingAddress[]> {
    const { rows } = await this.#pool.query<{
      member: string;
      name: string;
      address: string;
      reason: string;
      first_at: string;
      last_at: string;
      count: number;
    }>(
      `SELECT f.member, m.name, f.address, f.reason, f.first_at, f.last_at, f.count
       FROM mail_failures f JOIN members m ON m.id = f.member ORDER BY f.member, f.address`,
    );
    return rows.map((r) => ({
      member: r.member as MemberId,
      name: r.name,
      address: r.address,
      reason: r.reason,
      firstAt: r.first_at,
      lastAt: r.last_at,
      count: r.count,
    }));
  }

  async putSignInLink(link: SignInLink): Promise<void> {
    await this.#pool.query(
      `INSERT INTO sign_in_links (token_hash, member, process, expires_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (token_hash) DO UPDATE SET member = EXCLUDED.member, process = EXCLUDED.process, expires_at = EXCLUDED.expires_at, used_at = NULL`,
      [link.tokenHash, link.member, link.process, instant(link.expiresAt, "a link's expiry")],
    );
  }

  async useSignInLink(tokenHash: string, now: string): Promise<{ readonly member: MemberId; readonly process: ProcessId } | null> {
    // One statement: of two uses at once, the second waits on the row and then finds it used.
    const { rows } = await this.#pool.query<{ member: string; process: string }>(
      `UPDATE sign_in_links SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING member, process`,
      [tokenHash, instant(now, 'now')],
    );
    const used = rows[0];
    return used === undefined ? null : { member: used.member as MemberId, process: used.process as ProcessId };
  }
}
