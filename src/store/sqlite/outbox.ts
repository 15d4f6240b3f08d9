/**
 * Notices and the mail outbox in the SQLite store. Every write is one BEGIN IMMEDIATE transaction,
 * so two senders on one file (a server and `hustings outbox drain`) claim in turn and never the same
 * message. `putWithin` is also run inside a process change's own transaction (processes.ts).
 */
import type Database from 'better-sqlite3';
import type { MemberId, ProcessId } from '../../domain/ids.js';
import { later, messageFromRow, NOTICE_COLUMNS, noticeColumns, noticeFromRow, reasonText, type MessageRow, type NoticeRow } from '../notice-rows.js';
import { electorateAudienceSql } from '../notice-audience.js';
import { instant } from '../rows.js';
import type { Unchanged } from './unchanged.js';
import type { FailingAddress, MessageFailure, NewNotice, OutboxMessage, OutboxStore, SignInLink, StoredNotice } from '../store.js';

const RECIPIENT = `'queued', 0, @at`;
const AUDIENCE = { process: '@process', everyone: '@notVoted = 0', eligible: 'e.eligible = 1' };

export class SqliteOutbox implements OutboxStore {
  readonly #db: Database.Database;
  readonly #unchanged: Unchanged;
  readonly #q;

  constructor(db: Database.Database, unchanged: Unchanged) {
    this.#db = db;
    this.#unchanged = unchanged;
    const p = (sql: string) => db.prepare(sql);
    this.#q = {
      insertNotice: p(`INSERT INTO notices (id, kind, process, audience, params, send_at, state, private, created_at, created_by)
        VALUES (@id, @kind, @process, @audience, @params, @sendAt, 'scheduled', @private, @createdAt, @createdBy)`),
      notice: p(`SELECT ${NOTICE_COLUMNS} FROM notices n WHERE n.id = ?`),
      noticesOf: p(`SELECT ${NOTICE_COLUMNS} FROM notices n WHERE n.process = ? ORDER BY n.send_at, n.id`),
      due: p(`SELECT ${NOTICE_COLUMNS} FROM notices n WHERE n.state = 'scheduled' AND n.send_at <= ? ORDER BY n.send_at, n.id`),
      startFanOut: p(`UPDATE notices SET state = 'queued' WHERE id = ? AND state = 'scheduled' RETURNING process, audience`),
      setRecipients: p('UPDATE notices SET recipients = ? WHERE id = ?'),
      // The electorate's eligible members with an address, less (for a reminder) those marked as voted by any channel.
      fanOutElectorate: p(`INSERT INTO outbox (notice, member, address, language, state, tries, next_try_at)
        SELECT @notice, e.member, m.email, coalesce(m.language, 'en'), ${RECIPIENT} ${electorateAudienceSql(AUDIENCE)}
        ORDER BY e.member
        ON CONFLICT (notice, member) DO NOTHING`),
      reminderReach: p(`SELECT count(*) AS n ${electorateAudienceSql({ ...AUDIENCE, everyone: '0' })}`),
      fanOutMembers: p(`INSERT INTO outbox (notice, member, address, language, state, tries, next_try_at)
        SELECT @notice, m.id, m.email, coalesce(m.language, 'en'), ${RECIPIENT} FROM members m
        WHERE m.id IN (SELECT value FROM json_each(@members)) AND m.email IS NOT NULL AND m.email <> ''
        ORDER BY m.id
        ON CONFLICT (notice, member) DO NOTHING`),
      fanOutApplicant: p(`INSERT INTO outbox (notice, member, address, language, state, tries, next_try_at)
        SELECT @notice, @member, a.email, coalesce(a.language, 'en'), ${RECIPIENT} FROM supporter_applications a
        WHERE a.process = @process AND a.number = @number AND a.email <> ''
        ON CONFLICT (notice, member) DO NOTHING`),
      // The secretaries of an open trigger ballot's units whose decision is not yet recorded, as its state stands now.
      fanOutSecretaries: p(`INSERT INTO outbox (notice, member, address, language, state, tries, next_try_at)
        SELECT @notice, m.id, m.email, coalesce(m.language, 'en'), ${RECIPIENT} FROM members m
        WHERE m.id IN (
            SELECT o.member FROM processes p JOIN json_each(p.state, '$.units') u
              JOIN offices o ON o.unit = json_extract(u.value, '$.id') AND o.role = 'secretary'
            WHERE p.id = @process AND p.kind = 'trigger-ballot' AND json_extract(p.state, '$.phase') = 'open'
              AND json_extract(u.value, '$.result') IS NULL)
          AND m.email IS NOT NULL AND m.email <> ''
        ORDER BY m.id
        ON CONFLICT (notice, member) DO NOTHING`),
      cancel: p(`UPDATE notices SET state = 'cancelled' WHERE id = ? AND state IN ('scheduled', 'queued')`),
      dropQueued: p(`DELETE FROM outbox WHERE notice = ? AND state = 'queued'`),
      due_messages: p(`SELECT o.id, o.notice, o.member, m.name, o.address, o.language, o.tries + 1 AS tries
        FROM outbox o LEFT JOIN members m ON m.id = o.member
        WHERE o.next_try_at <= ? ORDER BY o.next_try_at, o.id LIMIT ?`),
      claim: p(`UPDATE outbox SET state = 'sending', tries = tries + 1, claimed_by = ?, claimed_until = ?, next_try_at = ?
        WHERE id IN (SELECT value FROM json_each(?))`),
      remove: p('DELETE FROM outbox WHERE id = ? RETURNING notice, member, address'),
      removeMany: p('DELETE FROM outbox WHERE id IN (SELECT value FROM json_each(?)) RETURNING notice'),
      countSentMany: p('UPDATE notices SET sent = sent + ? WHERE id = ?'),
      countSent: p('UPDATE notices SET sent = sent + 1 WHERE id = ?'),
      countFailed: p('UPDATE notices SET failed = failed + 1 WHERE id = ?'),
      recordFailure: p(`INSERT INTO mail_failures (address, member, reason, first_at, last_at, count) VALUES (?, ?, ?, ?, ?, 1)
        ON CONFLICT (address) DO UPDATE SET member = excluded.member, reason = excluded.reason, last_at = excluded.last_at, count = mail_failures.count + 1`),
      retryLater: p(`UPDATE outbox SET state = 'queued', next_try_at = ?, last_error = ?, claimed_by = NULL, claimed_until = NULL
        WHERE id = ? AND state = 'sending'`),
      failing: p(`SELECT f.member, m.name, f.address, f.reason, f.first_at, f.last_at, f.count
        FROM mail_failures f JOIN members m ON m.id = f.member ORDER BY f.member, f.address`),
      putLink: p(`INSERT INTO sign_in_links (token_hash, member, process, expires_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (token_hash) DO UPDATE SET member = excluded.member, process = excluded.process, expires_at = excluded.expires_at, used_at = NULL`),
      useLink: p(`UPDATE sign_in_links SET used_at = @now WHERE token_hash = @hash AND used_at IS NULL AND expires_at > @now RETURNING member, process`),
    };
  }

  #write<T>(body: () => T): T {
    return this.#db.transaction(body).immediate();
  }

  /**
   * A sender's write (claiming, recording what went) touches no session, member, office or process,
   * so, like a cast, it does not clear the reads the store keeps (unchanged.ts): a server sending
   * hundreds of messages a second would otherwise read every session afresh on every request.
   */
  #send<T>(body: () => T): T {
    return this.#unchanged.casting(() => this.#write(body));
  }

  /** Stores the notice and, if due at `at`, fans it out: inside the caller's transaction. */
  putWithin(notice: NewNotice, at: string): void {
    const c = noticeColumns(notice);
    const now = instant(at, 'a notice time');
    try {
      this.#q.insertNotice.run({ ...c, private: c.private ? 1 : 0, createdAt: now });
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new Error(`there is already a notice with the id "${c.id}"`);
      throw e;
    }
    if (c.sendAt <= now) this.#fanOutWithin(c.id, now);
  }

  #fanOutWithin(id: string, at: string): number {
    const started = this.#q.startFanOut.get(id) as { process: string | null; audience: string } | undefined;
    if (started === undefined) return 0;
    const audience = JSON.parse(started.audience) as {
      members?: string[];
      notVoted?: true;
      secretariesToRecord?: true;
      applicant?: { number: number; member: string };
    };
    const queued =
      audience.applicant !== undefined
        ? this.#q.fanOutApplicant.run({ notice: id, process: started.process, ...audience.applicant, at }).changes
        : audience.members !== undefined
          ? this.#q.fanOutMembers.run({ notice: id, members: JSON.stringify(audience.members), at }).changes
          : audience.secretariesToRecord
            ? this.#q.fanOutSecretaries.run({ notice: id, process: started.process, at }).changes
            : this.#q.fanOutElectorate.run({ notice: id, process: started.process, notVoted: audience.notVoted ? 1 : 0, at }).changes;
    this.#q.setRecipients.run(queued, id);
    return queued;
  }

  async putNotice(notice: NewNotice, at: string): Promise<StoredNotice> {
    return this.#write(() => {
      this.putWithin(notice, at);
      return noticeFromRow(this.#q.notice.get(notice.id) as NoticeRow);
    });
  }

  async cancelNotice(id: string): Promise<boolean> {
    return this.#write(() => {
      if (this.#q.cancel.run(id).changes === 0) return false;
      this.#q.dropQueued.run(id);
      return true;
    });
  }

  async notice(id: string): Promise<StoredNotice | null> {
    const row = this.#q.notice.get(id) as NoticeRow | undefined;
    return row === undefined ? null : noticeFromRow(row);
  }

  async noticesOf(processId: ProcessId): Promise<StoredNotice[]> {
    return (this.#q.noticesOf.all(processId) as NoticeRow[]).map(noticeFromRow);
  }

  async dueNotices(now: string): Promise<StoredNotice[]> {
    return (this.#q.due.all(instant(now, 'now')) as NoticeRow[]).map(noticeFromRow);
  }

  async fanOut(noticeId: string, at: string): Promise<number> {
    const when = instant(at, 'a fan-out time');
    return this.#write(() => this.#fanOutWithin(noticeId, when));
  }

  async reminderReach(processId: ProcessId): Promise<number> {
    return (this.#q.reminderReach.get({ process: processId }) as { n: number }).n;
  }

  async claimMessages(worker: string, limit: number, now: string, leaseMs: number): Promise<OutboxMessage[]> {
    const from = instant(now, 'now');
    const until = later(from, leaseMs);
    return this.#send(() => {
      const rows = this.#q.due_messages.all(from, limit) as MessageRow[];
      if (rows.length > 0) this.#q.claim.run(worker, until, until, JSON.stringify(rows.map((r) => r.id)));
      return rows.map(messageFromRow);
    });
  }

  async messageSent(id: number): Promise<boolean> {
    return this.#send(() => {
      const gone = this.#q.remove.get(id) as { notice: string } | undefined;
      if (gone === undefined) return false;
      this.#q.countSent.run(gone.notice);
      return true;
    });
  }

  async messagesSent(ids: readonly number[]): Promise<number> {
    if (ids.length === 0) return 0;
    return this.#send(() => {
      const gone = this.#q.removeMany.all(JSON.stringify(ids)) as { notice: string }[];
      const byNotice = new Map<string, number>();
      for (const g of gone) byNotice.set(g.notice, (byNotice.get(g.notice) ?? 0) + 1);
      for (const [notice, n] of byNotice) this.#q.countSentMany.run(n, notice);
      return gone.length;
    });
  }

  async messageFailed(id: number, failure: MessageFailure): Promise<boolean> {
    const reason = reasonText(failure.reason);
    if (!failure.permanent) return this.#send(() => this.#q.retryLater.run(instant(failure.nextTryAt, 'the next try'), reason, id).changes === 1);
    const at = instant(failure.at, 'the failure time');
    return this.#send(() => {
      const gone = this.#q.remove.get(id) as { notice: string; member: string; address: string } | undefined;
      if (gone === undefined) return false;
      this.#q.countFailed.run(gone.notice);
      if (failure.blameAddress !== false) this.#q.recordFailure.run(gone.address, gone.member, reason, at, at);
      return true;
    });
  }

  async failingAddresses(): Promise<FailingAddress[]> {
    return (this.#q.failing.all() as { member: string; name: string; address: string; reason: string; first_at: string; last_at: string; count: number }[]).map(
      (r) => ({
        member: r.member as MemberId,
        name: r.name,
        address: r.address,
        reason: r.reason,
        firstAt: r.first_at,
        lastAt: r.last_at,
        count: r.count,
      }),
    );
  }

  async putSignInLink(link: SignInLink): Promise<void> {
    this.#write(() => this.#q.putLink.run(link.tokenHash, link.member, link.process, instant(link.expiresAt, "a link's expiry")));
  }

  async useSignInLink(tokenHash: string, now: string): Promise<{ readonly member: MemberId; readonly process: ProcessId } | null> {
    const used = this.#write(() => this.#q.useLink.get({ hash: tokenHash, now: instant(now, 'now') }) as { member: string; process: string } | undefined);
    return used === undefined ? null : { member: used.member as MemberId, process: used.process as ProcessId };
  }
}
