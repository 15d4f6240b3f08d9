/**
 * The booth of an online nomination meeting in the PostgreSQL store: one transaction per cast. A
 * cast reads its round's row FOR SHARE, so a close (which updates the row) waits for the casts under
 * way, and a cast that starts after the close waits for it and then sees the round closed. The
 * voter's mark is a unique row: of two casts by one member at once the second waits on the first's
 * uncommitted mark, and stores nothing if the first commits.
 *
 * A cast writes the mark and the vote in one transaction, so both carry its transaction id, and both
 * lie in the heap in the order of casting. The first close rewrites the round's votes in the order of
 * their random keys (all then carrying the close's id) and its marks in member order inside a
 * savepoint (carrying the savepoint's own id), as the seal of a ballot box does (postgres/integrity.ts).
 */
import type pg from 'pg';
import type { MemberId, ProcessId } from '../../domain/ids.js';
import { ok, type Result } from '../../domain/result.js';
import { newBallotKey } from '../casting.js';
import { checkRound, notInRound, roundCandidates, roundCountOf, roundNeverOpened, roundNotOpen, votedInRound } from '../meeting-booth-rows.js';
import type { MeetingBoothStore, MeetingRoundCount } from '../store.js';
import { inTransaction } from './transaction.js';

export class PostgresBooth implements MeetingBoothStore {
  constructor(private readonly pool: pg.Pool) {}

  async openMeetingRound(processId: ProcessId, round: number, candidates: readonly string[]): Promise<void> {
    await this.pool.query(
      'INSERT INTO meeting_rounds (process, round, candidates, closed) VALUES ($1, $2, $3::json, false) ON CONFLICT (process, round) DO NOTHING',
      [processId, checkRound(round), JSON.stringify(candidates)],
    );
  }

  async castMeetingVote(processId: ProcessId, round: number, member: MemberId, candidate: string): Promise<Result<void>> {
    checkRound(round);
    return inTransaction<Result<void>>(this.pool, async (c) => {
      const refuse = (value: Result<void>) => ({ commit: false, value });
      const { rows } = await c.query<{ candidates: unknown; closed: boolean }>(
        'SELECT candidates, closed FROM meeting_rounds WHERE process = $1 AND round = $2 FOR SHARE',
        [processId, round],
      );
      const r = rows[0];
      if (r === undefined || r.closed) return refuse(roundNotOpen(processId, round));
      if (!roundCandidates(r.candidates).includes(candidate)) return refuse(notInRound(processId, round, candidate));
      const marked = await c.query('INSERT INTO meeting_round_voters (process, round, member) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [
        processId,
        round,
        member,
      ]);
      if (marked.rowCount === 0) return refuse(votedInRound(processId, round, member));
      await c.query('INSERT INTO meeting_round_votes (process, round, key, candidate) VALUES ($1, $2, $3, $4)', [processId, round, newBallotKey(), candidate]);
      return { commit: true, value: ok(undefined) };
    });
  }

  async meetingRoundTurnout(processId: ProcessId, round: number): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM meeting_round_voters WHERE process = $1 AND round = $2', [
      processId,
      round,
    ]);
    return Number(rows[0]?.n ?? 0);
  }

  async hasVotedInMeetingRound(processId: ProcessId, round: number, member: MemberId): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM meeting_round_voters WHERE process = $1 AND round = $2 AND member = $3', [
      processId,
      round,
      member,
    ]);
    return rowCount === 1;
  }

  async #rewrite(c: pg.PoolClient, processId: ProcessId, round: number): Promise<void> {
    // Kept in this session only, and dropped at commit; "C" so they sort as the tables do.
    await c.query('CREATE TEMPORARY TABLE hustings_round_votes (key text COLLATE "C" NOT NULL, candidate text COLLATE "C" NOT NULL) ON COMMIT DROP');
    await c.query('INSERT INTO hustings_round_votes SELECT key, candidate FROM meeting_round_votes WHERE process = $1 AND round = $2', [processId, round]);
    await c.query('DELETE FROM meeting_round_votes WHERE process = $1 AND round = $2', [processId, round]);
    await c.query(
      'INSERT INTO meeting_round_votes (process, round, key, candidate) SELECT $1::text, $2::int, key, candidate FROM hustings_round_votes ORDER BY key',
      [processId, round],
    );
    await c.query('SAVEPOINT hustings_round_marks');
    await c.query('CREATE TEMPORARY TABLE hustings_round_marks (member text COLLATE "C" NOT NULL) ON COMMIT DROP');
    await c.query('INSERT INTO hustings_round_marks SELECT member FROM meeting_round_voters WHERE process = $1 AND round = $2', [processId, round]);
    await c.query('DELETE FROM meeting_round_voters WHERE process = $1 AND round = $2', [processId, round]);
    await c.query('INSERT INTO meeting_round_voters (process, round, member) SELECT $1::text, $2::int, member FROM hustings_round_marks ORDER BY member', [
      processId,
      round,
    ]);
    await c.query('RELEASE SAVEPOINT hustings_round_marks');
  }

  async closeMeetingRound(processId: ProcessId, round: number): Promise<Result<MeetingRoundCount>> {
    checkRound(round);
    return inTransaction<Result<MeetingRoundCount>>(this.pool, async (c) => {
      const found = await c.query<{ candidates: unknown; closed: boolean }>(
        'SELECT candidates, closed FROM meeting_rounds WHERE process = $1 AND round = $2 FOR UPDATE',
        [processId, round],
      );
      const r = found.rows[0];
      if (r === undefined) return { commit: false, value: roundNeverOpened(processId, round) };
      if (!r.closed) {
        await this.#rewrite(c, processId, round);
        await c.query('UPDATE meeting_rounds SET closed = true WHERE process = $1 AND round = $2', [processId, round]);
      }
      const votes = await c.query<{ candidate: string; votes: string }>(
        'SELECT candidate, count(*) AS votes FROM meeting_round_votes WHERE process = $1 AND round = $2 GROUP BY candidate',
        [processId, round],
      );
      const voters = await c.query<{ n: string }>('SELECT count(*) AS n FROM meeting_round_voters WHERE process = $1 AND round = $2', [processId, round]);
      return { commit: true, value: ok(roundCountOf(roundCandidates(r.candidates), votes.rows, voters.rows[0]?.n ?? 0)) };
    });
  }
}
