/**
 * The statutory postal ballot in the PostgreSQL store. Each write locks the ballot's row first
 * (FOR UPDATE), so writes to one ballot take turns: two scrutineers logging the same number at
 * once log one receipt and one duplicate, and two spoilt papers never get the same new number.
 */
import type pg from 'pg';
import type { AuditRecord } from '../../audit/index.js';
import type { MemberId, ProcessId } from '../../domain/ids.js';
import { checkSpoil, judgeReturn, type PaperMarks, type ReturnKind } from '../../domain/postal-ballot.js';
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
import { appendAuditWithin } from './audit.js';
import { inTransaction } from './transaction.js';
import type { LoggedReturn, PostalBallotRecord, PostalComplaint, PostalSetup, PostalStore, RegisterLine } from '../store.js';

const BATCH = 5000;
const RETURN_COLUMNS = 'seq, number, kind, received_on, recorded_at';

async function ballotOf(c: pg.ClientBase, processId: ProcessId, lock: boolean): Promise<PostalBallotRecord | null> {
  const { rows } = await c.query<PostalBallotRow>(`SELECT * FROM postal_ballots WHERE process = $1${lock ? ' FOR UPDATE' : ''}`, [processId]);
  if (rows.length === 0) return null;
  const counts = await c.query<PostalCounts>(POSTAL_COUNTS_SQL('$1', 'true'), [processId]);
  return postalBallotFromRow(rows[0], counts.rows[0]);
}

/** The ballot, locked, if it is open to the returns log; else the refusal. */
async function openBallot(c: pg.ClientBase, processId: ProcessId): Promise<Result<PostalBallotRecord>> {
  const ballot = await ballotOf(c, processId, true);
  if (ballot === null) return err('not-issued', `No postal papers have been issued in ${processId}.`);
  if (ballot.countedAt !== null) return err('counted', 'The returned papers have been counted: the returns log and the marks are closed.');
  return ok(ballot);
}

async function paperAndReturns(c: pg.ClientBase, processId: ProcessId, number: number) {
  const paper = await c.query<PaperRow>('SELECT number, member, state, replaced_by FROM postal_papers WHERE process = $1 AND number = $2', [processId, number]);
  const returns = await c.query<ReturnRow>(`SELECT ${RETURN_COLUMNS} FROM postal_returns WHERE process = $1 AND number = $2 ORDER BY seq`, [processId, number]);
  return { row: paper.rows[0] as PaperRow | undefined, earlier: returns.rows.map(returnFromRow) };
}

export class PostgresPostal implements PostalStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** A write that commits only when it succeeds. */
  #write<T>(body: (c: pg.PoolClient) => Promise<Result<T>>): Promise<Result<T>> {
    return inTransaction(this.#pool, async (c) => {
      const value = await body(c);
      return { commit: value.ok, value };
    });
  }

  issuePostalPapers(setup: PostalSetup, papers: readonly { readonly number: number; readonly member: MemberId }[], audit: AuditRecord): Promise<Result<void>> {
    return this.#write(async (c) => {
      const made = await c.query(
        `INSERT INTO postal_ballots (process, scrutineer, return_address, last_day, issued_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [setup.process, setup.scrutineer, setup.returnAddress, setup.lastDay, setup.issuedAt],
      );
      if (made.rowCount === 0) return err('exists', `Postal papers have already been issued in ${setup.process}.`);
      for (let i = 0; i < papers.length; i += BATCH) {
        const batch = papers.slice(i, i + BATCH);
        await c.query(`INSERT INTO postal_papers (process, number, member, state) SELECT $1, n, m, 'issued' FROM unnest($2::int[], $3::text[]) AS p(n, m)`, [
          setup.process,
          batch.map((p) => p.number),
          batch.map((p) => p.member),
        ]);
      }
      await appendAuditWithin(c, audit);
      return ok(undefined);
    });
  }

  async postalBallot(processId: ProcessId): Promise<PostalBallotRecord | null> {
    const c = await this.#pool.connect();
    try {
      return await ballotOf(c, processId, false);
    } finally {
      c.release();
    }
  }

  async postalRegister(processId: ProcessId, page: { readonly after?: number; readonly limit?: number } = {}): Promise<RegisterLine[]> {
    const { rows } = await this.#pool.query<PaperRow>(
      'SELECT number, member, state, replaced_by FROM postal_papers WHERE process = $1 AND number > $2 ORDER BY number LIMIT $3',
      [processId, page.after ?? 0, page.limit ?? 1000],
    );
    return rows.map(registerLineFromRow);
  }

  logPostalReturn(processId: ProcessId, number: number, receivedOn: IsoDate, audit: (kind: ReturnKind) => AuditRecord): Promise<Result<ReturnKind>> {
    return this.#write(async (c) => {
      const ballot = await openBallot(c, processId);
      if (!ballot.ok) return ballot;
      const { row, earlier } = await paperAndReturns(c, processId, number);
      const kind = judgeReturn(row ? paperFromRow(row) : null, number, earlier, receivedOn, ballot.value.lastDay);
      if (!kind.ok) return kind;
      const record = audit(kind.value);
      await c.query(
        `INSERT INTO postal_returns (process, seq, number, kind, received_on, recorded_at)
         VALUES ($1, (SELECT coalesce(max(seq), 0) + 1 FROM postal_returns WHERE process = $1), $2, $3, $4, $5)`,
        [processId, number, kind.value, receivedOn, record.at],
      );
      await appendAuditWithin(c, record);
      return kind;
    });
  }

  spoilPostalPaper(processId: ProcessId, number: number, audit: (replacement: number) => AuditRecord): Promise<Result<{ readonly replacement: number }>> {
    return this.#write(async (c) => {
      const ballot = await openBallot(c, processId);
      if (!ballot.ok) return ballot;
      const { row, earlier } = await paperAndReturns(c, processId, number);
      const allowed = checkSpoil(row ? paperFromRow(row) : null, number, earlier);
      if (!allowed.ok) return allowed;
      const next = await c.query<{ n: number }>('SELECT max(number) + 1 AS n FROM postal_papers WHERE process = $1', [processId]);
      const replacement = next.rows[0].n;
      await c.query(`INSERT INTO postal_papers (process, number, member, state) VALUES ($1, $2, $3, 'issued')`, [processId, replacement, row!.member]);
      await c.query(`UPDATE postal_papers SET state = 'void', replaced_by = $1 WHERE process = $2 AND number = $3`, [replacement, processId, number]);
      await appendAuditWithin(c, audit(replacement));
      return ok({ replacement });
    });
  }

  async postalReturns(processId: ProcessId): Promise<LoggedReturn[]> {
    const { rows } = await this.#pool.query<ReturnRow>(`SELECT ${RETURN_COLUMNS} FROM postal_returns WHERE process = $1 ORDER BY seq`, [processId]);
    return rows.map(returnFromRow);
  }

  enterPostalMarks(processId: ProcessId, number: number, marks: PaperMarks, audit: AuditRecord): Promise<Result<void>> {
    return this.#write(async (c) => {
      const ballot = await openBallot(c, processId);
      if (!ballot.ok) return ballot;
      const { earlier } = await paperAndReturns(c, processId, number);
      if (!earlier.some((r) => r.kind === 'received'))
        return err('not-received', `Paper ${number} is not logged as received in time, so it has no marks to enter.`);
      const had = await c.query('SELECT 1 FROM postal_marks WHERE process = $1 AND number = $2', [processId, number]);
      if (had.rowCount !== 0) return err('marks-entered', `The marks of paper ${number} are already entered.`);
      await c.query('INSERT INTO postal_marks (process, number, valid, ranking) VALUES ($1, $2, $3, $4)', [
        processId,
        number,
        marks.valid,
        JSON.stringify(marks.valid ? marks.ranking : []),
      ]);
      await appendAuditWithin(c, audit);
      return ok(undefined);
    });
  }

  async postalAwaitingMarks(processId: ProcessId): Promise<number[]> {
    const { rows } = await this.#pool.query<{ number: number }>(
      `SELECT r.number FROM postal_returns r WHERE r.process = $1 AND r.kind = 'received'
        AND NOT EXISTS (SELECT 1 FROM postal_marks m WHERE m.process = r.process AND m.number = r.number) ORDER BY r.number`,
      [processId],
    );
    return rows.map((r) => r.number);
  }

  async postalRankings(processId: ProcessId): Promise<{ readonly ranking: readonly string[]; readonly count: number }[]> {
    const { rows } = await this.#pool.query<{ ranking: string; papers: string }>(
      `SELECT ranking, count(*) AS papers FROM postal_marks WHERE process = $1 AND valid GROUP BY ranking
       UNION ALL SELECT ranking, papers FROM postal_counted WHERE process = $1`,
      [processId],
    );
    return mergeRankings(rows);
  }

  /** Runs `body` in a transaction and logs `audit` with it, if the body changed anything. */
  #ifChanged(body: (c: pg.PoolClient) => Promise<boolean>, audit: AuditRecord): Promise<boolean> {
    return inTransaction(this.#pool, async (c) => {
      if (!(await body(c))) return { commit: false, value: false };
      await appendAuditWithin(c, audit);
      return { commit: true, value: true };
    });
  }

  separatePostalMarks(processId: ProcessId, at: string, audit: AuditRecord): Promise<boolean> {
    return this.#ifChanged(async (c) => {
      const fixed = await c.query(
        `UPDATE postal_ballots SET counted_at = $2,
          valid = (SELECT count(*) FROM postal_marks WHERE process = $1 AND valid),
          invalid = (SELECT count(*) FROM postal_marks WHERE process = $1 AND NOT valid)
         WHERE process = $1 AND counted_at IS NULL`,
        [processId, at],
      );
      if (fixed.rowCount === 0) return false;
      await c.query(
        `INSERT INTO postal_counted (process, ranking, papers)
         SELECT process, ranking, count(*) FROM postal_marks WHERE process = $1 AND valid GROUP BY process, ranking`,
        [processId],
      );
      await c.query('DELETE FROM postal_marks WHERE process = $1', [processId]);
      return true;
    }, audit);
  }

  addPostalComplaint(processId: ProcessId, complaint: PostalComplaint, audit: AuditRecord): Promise<boolean> {
    return this.#ifChanged(async (c) => {
      const done = await c.query(`UPDATE postal_ballots SET complaints = complaints || jsonb_build_array($1::jsonb) WHERE process = $2`, [
        JSON.stringify(complaint),
        processId,
      ]);
      return done.rowCount !== 0;
    }, audit);
  }

  destroyPostalRecords(processId: ProcessId, at: string, audit: AuditRecord): Promise<boolean> {
    return this.#ifChanged(async (c) => {
      const done = await c.query('UPDATE postal_ballots SET destroyed_at = $1 WHERE process = $2 AND destroyed_at IS NULL', [at, processId]);
      if (done.rowCount === 0) return false;
      await c.query('UPDATE postal_papers SET member = NULL WHERE process = $1', [processId]);
      await c.query('DELETE FROM postal_marks WHERE process = $1', [processId]);
      await c.query('DELETE FROM postal_counted WHERE process = $1', [processId]);
      return true;
    }, audit);
  }
}
