/**
 * The supporters of a leadership election in the SQLite store: each write is one BEGIN IMMEDIATE
 * transaction with its audit entry, so two officers deciding one application at once decide it once.
 */
import type Database from 'better-sqlite3';
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
import type { SqliteAudit } from './audit.js';
import type { SqliteOutbox } from './outbox.js';

export class SqliteSupporters implements SupporterStore {
  readonly #db: Database.Database;
  readonly #audit: SqliteAudit;
  readonly #outbox: SqliteOutbox;
  readonly #q;

  constructor(db: Database.Database, audit: SqliteAudit, outbox: SqliteOutbox) {
    this.#db = db;
    this.#audit = audit;
    this.#outbox = outbox;
    const p = (sql: string) => db.prepare(sql);
    this.#q = {
      window: p('SELECT opens, closes, fee_pence FROM supporter_windows WHERE process = ?'),
      setWindow: p(`INSERT INTO supporter_windows (process, opens, closes, fee_pence, set_at) VALUES (@process, @opens, @closes, @fee, @at)
        ON CONFLICT (process) DO UPDATE SET opens = excluded.opens, closes = excluded.closes, fee_pence = excluded.fee_pence, set_at = excluded.set_at`),
      next: p('SELECT coalesce(max(number), 0) + 1 FROM supporter_applications WHERE process = ?').pluck(),
      insert:
        p(`INSERT INTO supporter_applications (process, number, class, affiliate, name, email, postcode, payment_reference, applied_at, token_hash, status, language)
        VALUES (@process, @number, @class, @affiliate, @name, @email, @postcode, @paymentReference, @at, @tokenHash, 'pending', @language)`),
      all: p(`SELECT ${APPLICATION_COLUMNS} FROM supporter_applications WHERE process = ? ORDER BY number`),
      one: p(`SELECT ${APPLICATION_COLUMNS} FROM supporter_applications WHERE process = ? AND number = ?`),
      byToken: p(`SELECT ${APPLICATION_COLUMNS} FROM supporter_applications WHERE token_hash = @hash
        OR (process, number) IN (SELECT process, number FROM supporter_status_links WHERE token_hash = @hash)`),
      putLink: p('INSERT INTO supporter_status_links (token_hash, process, number) VALUES (?, ?, ?) ON CONFLICT (token_hash) DO NOTHING'),
      decide: p(`UPDATE supporter_applications SET status = @status, reason = @reason, decided_on = @decidedOn, member = coalesce(@member, member)
        WHERE process = @process AND number = @number AND status = @from`),
      supporterRow: p(SUPPORTER_ROW_BY_EMAIL('?')).pluck(),
      insertMember: p(
        `INSERT INTO members (id, name, email, branch, joined, gender, membership_class) VALUES (@id, @name, @email, @branch, @joined, NULL, @cls)`,
      ),
      insertStatus: p(`INSERT INTO member_status (member, seq, since, status) VALUES (?, 0, ?, 'current')`),
      accepted: p(
        `SELECT member, class, decided_on FROM supporter_applications WHERE process = ? AND status = 'accepted' AND member IS NOT NULL ORDER BY member`,
      ),
    };
  }

  async setSupporterWindow(processId: ProcessId, window: SupporterWindow, at: string, audit: AuditRecord): Promise<void> {
    this.#db
      .transaction(() => {
        this.#q.setWindow.run({ process: processId, opens: window.opens, closes: window.closes, fee: window.feePence, at });
        this.#audit.appendWithin(audit);
      })
      .immediate();
  }

  async supporterWindow(processId: ProcessId): Promise<SupporterWindow | null> {
    const row = this.#q.window.get(processId) as SupporterWindowRow | undefined;
    return row === undefined ? null : supporterWindowFromRow(row);
  }

  async addSupporterApplication(
    processId: ProcessId,
    application: SupporterApplicationInput,
    tokenHash: string,
    at: string,
    audit: (number: number) => AuditRecord,
    mail: { readonly language: MemberLanguage; readonly notice: (number: number) => NewNotice },
  ): Promise<SupporterApplication> {
    return this.#db
      .transaction(() => {
        const number = this.#q.next.get(processId) as number;
        this.#q.insert.run({ process: processId, number, ...application, at, tokenHash, language: mail.language });
        this.#audit.appendWithin(audit(number));
        this.#outbox.putWithin(mail.notice(number), at);
        return supporterApplicationFromRow(this.#q.one.get(processId, number) as SupporterApplicationRow);
      })
      .immediate();
  }

  async supporterApplications(processId: ProcessId): Promise<SupporterApplication[]> {
    return (this.#q.all.all(processId) as SupporterApplicationRow[]).map(supporterApplicationFromRow);
  }

  async supporterApplication(processId: ProcessId, number: number): Promise<SupporterApplication | null> {
    const row = this.#q.one.get(processId, number) as SupporterApplicationRow | undefined;
    return row === undefined ? null : supporterApplicationFromRow(row);
  }

  async supporterApplicationByToken(tokenHash: string): Promise<SupporterApplication | null> {
    const row = this.#q.byToken.get({ hash: tokenHash }) as SupporterApplicationRow | undefined;
    return row === undefined ? null : supporterApplicationFromRow(row);
  }

  async putSupporterStatusLink(tokenHash: string, processId: ProcessId, number: number): Promise<void> {
    this.#db.transaction(() => this.#q.putLink.run(tokenHash, processId, number)).immediate();
  }

  async decideSupporterApplication(
    processId: ProcessId,
    number: number,
    change: SupporterApplicationChange,
    audit: AuditRecord,
    notice: NewNotice,
  ): Promise<Result<SupporterApplication>> {
    return this.#db
      .transaction((): Result<SupporterApplication> => {
        const current = this.#q.one.get(processId, number) as SupporterApplicationRow | undefined;
        if (current === undefined) return err('not-found', 'There is no such application.');
        if (current.status !== change.from) return err('decided', `This application was ${current.status} already.`);
        let member: string | null = null;
        if (change.member !== null) {
          const m = change.member;
          member = (this.#q.supporterRow.get(m.email) as string | undefined) ?? null;
          if (member === null) {
            this.#q.insertMember.run({ id: m.id, name: m.name, email: m.email, branch: m.branch, joined: m.joined, cls: m.membershipClass ?? null });
            this.#q.insertStatus.run(m.id, m.joined);
            member = m.id;
          }
        }
        this.#q.decide.run({
          process: processId,
          number,
          status: change.status,
          reason: change.reason,
          decidedOn: change.decidedOn,
          member,
          from: change.from,
        });
        this.#audit.appendWithin(audit);
        this.#outbox.putWithin(notice, notice.sendAt);
        return ok(supporterApplicationFromRow(this.#q.one.get(processId, number) as SupporterApplicationRow));
      })
      .immediate();
  }

  async acceptedSupporters(processId: ProcessId): Promise<AcceptedSupporter[]> {
    return (this.#q.accepted.all(processId) as { member: string; class: string; decided_on: string }[]).map((r) => ({
      member: r.member as MemberId,
      class: r.class as SupporterClass,
      acceptedOn: r.decided_on as IsoDate,
    }));
  }
}
