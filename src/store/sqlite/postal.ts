/**
 * The statutory postal ballot in the SQLite store. Every write is one BEGIN IMMEDIATE transaction
 * that reads what it judges (the paper, its earlier returns) and writes the outcome and its audit
 * entry together, so two scrutineers logging the same number at once log one receipt and one duplicate.
 */
import type Database from 'better-sqlite3';
import type { AuditRecord } from '../../audit/index.js';
import type { MemberId, ProcessId } from '../../domain/ids.js';
import { checkSpoil, judgeReturn, type PaperMarks, type PostalReturn, type ReturnKind } from '../../domain/postal-ballot.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { IsoDate } from '../../domain/time.js';
import {
  mergeRankings,
  paperFromRow,
  POSTAL_COUNTS_SQL,
  postalBallotFromRow,
  registerLineFromRow,
  returnFromRow,
  type PaperRow,
  type PostalBallotRow,
  type PostalCounts,
  type ReturnRow,
} from '../postal-rows.js';
import type { SqliteAudit } from './audit.js';
import type { LoggedReturn, PostalBallotRecord, PostalComplaint, PostalSetup, PostalStore, RegisterLine } from '../store.js';

const NOT_ISSUED = (id: string) => err('not-issued', `No postal papers have been issued in ${id}.`);
const COUNTED = err('counted', 'The returned papers have been counted: the returns log and the marks are closed.');

export class SqlitePostal implements PostalStore {
  readonly #db: Database.Database;
  readonly #audit: SqliteAudit;
  readonly #q;

  constructor(db: Database.Database, audit: SqliteAudit) {
    this.#db = db;
    this.#audit = audit;
    const p = (sql: string) => db.prepare(sql);
    this.#q = {
      ballot: p('SELECT * FROM postal_ballots WHERE process = ?'),
      counts: p(POSTAL_COUNTS_SQL('@p', '1')),
      insertBallot: p(`INSERT INTO postal_ballots (process, scrutineer, return_address, last_day, issued_at)
        VALUES (@process, @scrutineer, @returnAddress, @lastDay, @issuedAt) ON CONFLICT DO NOTHING`),
      insertPaper: p(`INSERT INTO postal_papers (process, number, member, state) VALUES (?, ?, ?, 'issued')`),
      paper: p('SELECT number, member, state, replaced_by FROM postal_papers WHERE process = ? AND number = ?'),
      register: p('SELECT number, member, state, replaced_by FROM postal_papers WHERE process = ? AND number > ? ORDER BY number LIMIT ?'),
      returnsOf: p('SELECT seq, number, kind, received_on, recorded_at FROM postal_returns WHERE process = ? AND number = ? ORDER BY seq'),
      returns: p('SELECT seq, number, kind, received_on, recorded_at FROM postal_returns WHERE process = ? ORDER BY seq'),
      insertReturn: p(`INSERT INTO postal_returns (process, seq, number, kind, received_on, recorded_at)
        VALUES (@p, (SELECT coalesce(max(seq), 0) + 1 FROM postal_returns WHERE process = @p), @number, @kind, @on, @at)`),
      nextNumber: p('SELECT max(number) + 1 FROM postal_papers WHERE process = ?').pluck(),
      voidPaper: p(`UPDATE postal_papers SET state = 'void', replaced_by = ? WHERE process = ? AND number = ?`),
      marksOf: p('SELECT 1 FROM postal_marks WHERE process = ? AND number = ?'),
      insertMarks: p('INSERT INTO postal_marks (process, number, valid, ranking) VALUES (?, ?, ?, ?)'),
      awaiting: p(`SELECT r.number FROM postal_returns r WHERE r.process = ? AND r.kind = 'received'
        AND NOT EXISTS (SELECT 1 FROM postal_marks m WHERE m.process = r.process AND m.number = r.number) ORDER BY r.number`).pluck(),
      liveRankings: p(`SELECT ranking, count(*) AS papers FROM postal_marks WHERE process = ? AND valid = 1 GROUP BY ranking`),
      countedRankings: p('SELECT ranking, papers FROM postal_counted WHERE process = ?'),
      moveMarks: p(`INSERT INTO postal_counted (process, ranking, papers)
        SELECT process, ranking, count(*) FROM postal_marks WHERE process = ? AND valid = 1 GROUP BY process, ranking`),
      fixFigures: p(`UPDATE postal_ballots SET counted_at = @at,
        valid = (SELECT count(*) FROM postal_marks WHERE process = @p AND valid = 1),
        invalid = (SELECT count(*) FROM postal_marks WHERE process = @p AND valid = 0)
        WHERE process = @p AND counted_at IS NULL`),
      deleteMarks: p('DELETE FROM postal_marks WHERE process = ?'),
      complain: p(`UPDATE postal_ballots SET complaints = json_insert(complaints, '$[#]', json(?)) WHERE process = ?`),
      destroy: p('UPDATE postal_ballots SET destroyed_at = ? WHERE process = ? AND destroyed_at IS NULL'),
      unlink: p('UPDATE postal_papers SET member = NULL WHERE process = ?'),
      deleteCounted: p('DELETE FROM postal_counted WHERE process = ?'),
    };
  }

  #ballot(processId: ProcessId): PostalBallotRecord | null {
    const row = this.#q.ballot.get(processId) as PostalBallotRow | undefined;
    return row === undefined ? null : postalBallotFromRow(row, this.#q.counts.get({ p: processId }) as PostalCounts);
  }

  /** The ballot (open to the returns log), the paper of this number and its returns so far; or the refusal. */
  #openPaper(processId: ProcessId, number: number): Result<{ ballot: PostalBallotRecord; row: PaperRow | undefined; earlier: PostalReturn[] }> {
    const ballot = this.#ballot(processId);
    if (ballot === null) return NOT_ISSUED(processId);
    if (ballot.countedAt !== null) return COUNTED;
    const row = this.#q.paper.get(processId, number) as PaperRow | undefined;
    return ok({ ballot, row, earlier: (this.#q.returnsOf.all(processId, number) as ReturnRow[]).map(returnFromRow) });
  }

  #write<T>(body: () => Result<T>): Result<T> {
    try {
      return this.#db
        .transaction(() => {
          const r = body();
          // An expected refusal rolls back whatever the body had written.
          if (!r.ok) throw new Refused(r);
          return r;
        })
        .immediate();
    } catch (e) {
      if (e instanceof Refused) return e.result as Result<T>;
      throw e;
    }
  }

  async issuePostalPapers(
    setup: PostalSetup,
    papers: readonly { readonly number: number; readonly member: MemberId }[],
    audit: AuditRecord,
  ): Promise<Result<void>> {
    return this.#write(() => {
      if (this.#q.insertBallot.run(setup).changes === 0) return err('exists', `Postal papers have already been issued in ${setup.process}.`);
      for (const paper of papers) this.#q.insertPaper.run(setup.process, paper.number, paper.member);
      this.#audit.appendWithin(audit);
      return ok(undefined);
    });
  }

  async postalBallot(processId: ProcessId): Promise<PostalBallotRecord | null> {
    return this.#ballot(processId);
  }

  async postalRegister(processId: ProcessId, page: { readonly after?: number; readonly limit?: number } = {}): Promise<RegisterLine[]> {
    return (this.#q.register.all(processId, page.after ?? 0, page.limit ?? 1000) as PaperRow[]).map(registerLineFromRow);
  }

  async logPostalReturn(processId: ProcessId, number: number, receivedOn: IsoDate, audit: (kind: ReturnKind) => AuditRecord): Promise<Result<ReturnKind>> {
    return this.#write(() => {
      const open = this.#openPaper(processId, number);
      if (!open.ok) return open;
      const { ballot, row, earlier } = open.value;
      const kind = judgeReturn(row ? paperFromRow(row) : null, number, earlier, receivedOn, ballot.lastDay);
      if (!kind.ok) return kind;
      const record = audit(kind.value);
      this.#q.insertReturn.run({ p: processId, number, kind: kind.value, on: receivedOn, at: record.at });
      this.#audit.appendWithin(record);
      return kind;
    });
  }

  async spoilPostalPaper(processId: ProcessId, number: number, audit: (replacement: number) => AuditRecord): Promise<Result<{ readonly replacement: number }>> {
    return this.#write(() => {
      const open = this.#openPaper(processId, number);
      if (!open.ok) return open;
      const { row, earlier } = open.value;
      const allowed = checkSpoil(row ? paperFromRow(row) : null, number, earlier);
      if (!allowed.ok) return allowed;
      const replacement = this.#q.nextNumber.get(processId) as number;
      this.#q.insertPaper.run(processId, replacement, row!.member);
      this.#q.voidPaper.run(replacement, processId, number);
      this.#audit.appendWithin(audit(replacement));
      return ok({ replacement });
    });
  }

  async postalReturns(processId: ProcessId): Promise<LoggedReturn[]> {
    return (this.#q.returns.all(processId) as ReturnRow[]).map(returnFromRow);
  }

  async enterPostalMarks(processId: ProcessId, number: number, marks: PaperMarks, audit: AuditRecord): Promise<Result<void>> {
    return this.#write(() => {
      const ballot = this.#ballot(processId);
      if (ballot === null) return NOT_ISSUED(processId);
      if (ballot.countedAt !== null) return COUNTED;
      const received = (this.#q.returnsOf.all(processId, number) as ReturnRow[]).some((r) => r.kind === 'received');
      if (!received) return err('not-received', `Paper ${number} is not logged as received in time, so it has no marks to enter.`);
      if (this.#q.marksOf.get(processId, number) !== undefined) return err('marks-entered', `The marks of paper ${number} are already entered.`);
      this.#q.insertMarks.run(processId, number, marks.valid ? 1 : 0, JSON.stringify(marks.valid ? marks.ranking : []));
      this.#audit.appendWithin(audit);
      return ok(undefined);
    });
  }

  async postalAwaitingMarks(processId: ProcessId): Promise<number[]> {
    return this.#q.awaiting.all(processId) as number[];
  }

  async postalRankings(processId: ProcessId): Promise<{ readonly ranking: readonly string[]; readonly count: number }[]> {
    const ballot = this.#ballot(processId);
    const rows = ballot?.countedAt ? this.#q.countedRankings.all(processId) : this.#q.liveRankings.all(processId);
    return mergeRankings(rows as { ranking: string; papers: number }[]);
  }

  /** Runs `body` in a write transaction and logs `audit` with it, if the body changed anything. */
  #ifChanged(body: () => boolean, audit: AuditRecord): boolean {
    return this.#db
      .transaction(() => {
        if (!body()) return false;
        this.#audit.appendWithin(audit);
        return true;
      })
      .immediate();
  }

  async separatePostalMarks(processId: ProcessId, at: string, audit: AuditRecord): Promise<boolean> {
    return this.#ifChanged(() => {
      if (this.#q.fixFigures.run({ p: processId, at }).changes === 0) return false;
      this.#q.moveMarks.run(processId);
      this.#q.deleteMarks.run(processId);
      return true;
    }, audit);
  }

  async addPostalComplaint(processId: ProcessId, complaint: PostalComplaint, audit: AuditRecord): Promise<boolean> {
    return this.#ifChanged(() => this.#q.complain.run(JSON.stringify(complaint), processId).changes > 0, audit);
  }

  async destroyPostalRecords(processId: ProcessId, at: string, audit: AuditRecord): Promise<boolean> {
    return this.#ifChanged(() => {
      if (this.#q.destroy.run(at, processId).changes === 0) return false;
      this.#q.unlink.run(processId);
      this.#q.deleteMarks.run(processId);
      this.#q.deleteCounted.run(processId);
      return true;
    }, audit);
  }
}

/** Carries an expected refusal out of a transaction, so that it rolls back. */
class Refused extends Error {
  constructor(readonly result: Result<never>) {
    super(result.ok ? '' : result.error.message);
  }
}
