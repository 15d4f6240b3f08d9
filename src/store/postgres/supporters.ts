/**
 * The supporters of a leadership election in the PostgreSQL store. Each write is one transaction
 * with its audit entry; a decision locks the application's row first (FOR UPDATE), so two officers
 * deciding one application at once decide it once, and numbering takes a transaction-scoped
 * advisory lock on the election, so two applications at once never share a number.
 */
import type pg from 'pg';
import type { AuditRecord } from '../../audit/index.js';
import type { MemberId, ProcessId } from '../../domain/ids.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { SupporterApplication, SupporterApplicationInput, SupporterClass, SupporterWindow } from '../../domain/supporters.js';
import type { IsoDate } from '../../domain/time.js';
import {
  APPLICATION_COLUMNS,
  SUPPORTER_ROW_BY_EMAIL,
  supporterApplicationFromRow,
  supporterWindowFromRow,
  type SupporterApplicationRow,
  type SupporterWindowRow,
} from '../supporter-rows.js';
import type { MemberLanguage } from '../../domain/organisation.js';
import type { AcceptedSupporter, NewNotice, SupporterApplicationChange, SupporterStore } from '../store.js';
import { appendAuditWithin } from './audit.js';
import { putNoticeWithin } from './outbox.js';
import { inTransaction } from './transaction.js';

async function applicationOf(c: pg.Pool | pg.ClientBase, processId: ProcessId, number: number, lock = false): Promise<SupporterApplicationRow | undefined> {
  const { rows } = await c.query<SupporterApplicationRow>(
    `SELECT ${APPLICATION_COLUMNS} FROM supporter_applications WHERE process = $1 AND number = $2${lock ? ' FOR UPDATE' : ''}`,
    [processId, number],
  );
  return rows[0];
}

export class PostgresSupporters implements SupporterStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async setSupporterWindow(processId: ProcessId, window: SupporterWindow, at: string, audit: AuditRecord): Promise<void> {
    await inTransaction(this.#pool, async (c) => {
      await c.query(
        `INSERT INTO supporter_windows (process, opens, closes, fee_pence, set_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (process) DO UPDATE SET opens = EXCLUDED.opens, closes = EXCLUDED.closes, fee_pence = EXCLUDED.fee_pence, set_at = EXCLUDED.set_at`,
        [processId, window.opens, window.closes, window.feePence, at],
      );
      await appendAuditWithin(c, audit);
      return { commit: true, value: undefined };
    });
  }

  async supporterWindow(processId: ProcessId): Promise<SupporterWindow | null> {
    const { rows } = await this.#pool.query<SupporterWindowRow>('SELECT opens, closes, fee_pence FROM supporter_windows WHERE process = $1', [processId]);
    return rows.length === 0 ? null : supporterWindowFromRow(rows[0]);
  }

  async addSupporterApplication(
    processId: ProcessId,
    application: SupporterApplicationInput,
    tokenHash: string,
    at: string,
    audit: (number: number) => AuditRecord,
    mail: { readonly language: MemberLanguage; readonly notice: (number: number) => NewNotice },
  ): Promise<SupporterApplication> {
    return inTransaction(this.#pool, async (c) => {
      await c.query(`SELECT pg_advisory_xact_lock(hashtext('supporter_applications:' || $1))`, [processId]);
      const next = await c.query<{ n: number }>('SELECT coalesce(max(number), 0) + 1 AS n FROM supporter_applications WHERE process = $1', [processId]);
      const number = Number(next.rows[0].n);
      const a = application;
      await c.query(
        `INSERT INTO supporter_applications (process, number, class, affiliate, name, email, postcode, payment_reference, applied_at, token_hash, status, language)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', $11)`,
        [processId, number, a.class, a.affiliate, a.name, a.email, a.postcode, a.paymentReference, at, tokenHash, mail.language],
      );
      await appendAuditWithin(c, audit(number));
      await putNoticeWithin(c, mail.notice(number), at);
      const row = await applicationOf(c, processId, number);
      return { commit: true, value: supporterApplicationFromRow(row!) };
    });
  }

  async supporterApplications(processId: ProcessId): Promise<SupporterApplication[]> {
    const { rows } = await this.#pool.query<SupporterApplicationRow>(
      `SELECT ${APPLICATION_COLUMNS} FROM supporter_applications WHERE process = $1 ORDER BY number`,
      [processId],
    );
    return rows.map(supporterApplicationFromRow);
  }

  async supporterApplication(processId: ProcessId, number: number): Promise<SupporterApplication | null> {
    const row = await applicationOf(this.#pool, processId, number);
    return row === undefined ? null : supporterApplicationFromRow(row);
  }

  async supporterApplicationByToken(tokenHash: string): Promise<SupporterApplication | null> {
    const { rows } = await this.#pool.query<SupporterApplicationRow>(
      `SELECT ${APPLICATION_COLUMNS} FROM supporter_applications WHERE token_hash = $1
       OR (process, number) IN (SELECT process, number FROM supporter_status_links WHERE token_hash = $1)`,
      [tokenHash],
    );
    return rows.length === 0 ? null : supporterApplicationFromRow(rows[0]);
  }

  async putSupporterStatusLink(tokenHash: string, processId: ProcessId, number: number): Promise<void> {
    await this.#pool.query('INSERT INTO supporter_status_links (token_hash, process, number) VALUES ($1, $2, $3) ON CONFLICT (token_hash) DO NOTHING', [
      tokenHash,
      processId,
      number,
    ]);
  }

  async decideSupporterApplication(
    processId: ProcessId,
    number: number,
    change: SupporterApplicationChange,
    audit: AuditRecord,
    notice: NewNotice,
  ): Promise<Result<SupporterApplication>> {
    return inTransaction(this.#pool, async (c): Promise<{ commit: boolean; value: Result<SupporterApplication> }> => {
      const current = await applicationOf(c, processId, number, true);
      if (current === undefined) return { commit: false, value: err('not-found', 'There is no such application.') };
      if (current.status !== change.from) return { commit: false, value: err('decided', `This application was ${current.status} already.`) };
      let member: string | null = null;
      if (change.member !== null) {
        const m = change.member;
        const found = await c.query<{ id: string }>(SUPPORTER_ROW_BY_EMAIL('$1'), [m.email]);
        member = found.rows[0]?.id ?? null;
        if (member === null) {
          await c.query(`INSERT INTO members (id, name, email, branch, joined, gender, membership_class) VALUES ($1, $2, $3, $4, $5, NULL, $6)`, [
            m.id,
            m.name,
            m.email,
            m.branch,
            m.joined,
            m.membershipClass ?? null,
          ]);
          await c.query(`INSERT INTO member_status (member, seq, since, status) VALUES ($1, 0, $2, 'current')`, [m.id, m.joined]);
          member = m.id;
        }
      }
      await c.query(
        `UPDATE supporter_applications SET status = $3, reason = $4, decided_on = $5, member = coalesce($6, member) WHERE process = $1 AND number = $2`,
        [processId, number, change.status, change.reason, change.decidedOn, member],
      );
      await appendAuditWithin(c, audit);
      await putNoticeWithin(c, notice, notice.sendAt);
      const row = await applicationOf(c, processId, number);
      return { commit: true, value: ok(supporterApplicationFromRow(row!)) };
    });
  }

  async acceptedSupporters(processId: ProcessId): Promise<AcceptedSupporter[]> {
    const { rows } = await this.#pool.query<{ member: string; class: string; decided_on: string }>(
      `SELECT member, class, decided_on FROM supporter_applications WHERE process = $1 AND status = 'accepted' AND member IS NOT NULL ORDER BY member`,
      [processId],
    );
    return rows.map((r) => ({ member: r.member as MemberId, class: r.class as SupporterClass, acceptedOn: r.decided_on as IsoDate }));
  }
}
