/**
 * The booth of an online nomination meeting in the SQLite store. A cast is one BEGIN IMMEDIATE
 * transaction: it holds the file's write lock from the check that the round is open to the commit,
 * so of two casts by one member the second sees the first's mark and stores nothing, and a cast
 * either comes before the round's close or sees it and stores nothing.
 *
 * The first close rewrites the round's votes in the order of their random keys and its marks in
 * member order, with secure_delete on (the deleted bytes zeroed), so the order in which rows were
 * laid in their pages no longer says who voted when, as the seal of a ballot box does (sqlite/integrity.ts).
 */
import type Database from 'better-sqlite3';
import type { MemberId, ProcessId } from '../../domain/ids.js';
import { ok, type Result } from '../../domain/result.js';
import { newBallotKey } from '../casting.js';
import { checkRound, notInRound, roundCandidates, roundCountOf, roundNeverOpened, roundNotOpen, votedInRound } from '../meeting-booth-rows.js';
import type { MeetingBoothStore, MeetingRoundCount } from '../store.js';

export class SqliteBooth implements MeetingBoothStore {
  readonly #q;
  readonly #cast;
  readonly #close;
  readonly #db: Database.Database;

  constructor(db: Database.Database) {
    this.#db = db;
    const p = (sql: string) => db.prepare(sql);
    this.#q = {
      open: p('INSERT INTO meeting_rounds (process, round, candidates, closed) VALUES (?, ?, ?, 0) ON CONFLICT (process, round) DO NOTHING'),
      round: p('SELECT candidates, closed FROM meeting_rounds WHERE process = ? AND round = ?'),
      mark: p('INSERT INTO meeting_round_voters (process, round, member) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
      vote: p('INSERT INTO meeting_round_votes (process, round, key, candidate) VALUES (?, ?, ?, ?)'),
      turnout: p('SELECT count(*) FROM meeting_round_voters WHERE process = ? AND round = ?').pluck(),
      voted: p('SELECT 1 FROM meeting_round_voters WHERE process = ? AND round = ? AND member = ?').pluck(),
      shut: p('UPDATE meeting_rounds SET closed = 1 WHERE process = ? AND round = ?'),
      votes: p('SELECT candidate, count(*) AS votes FROM meeting_round_votes WHERE process = ? AND round = ? GROUP BY candidate'),
      votesByKey: p('SELECT key, candidate FROM meeting_round_votes WHERE process = ? AND round = ? ORDER BY key'),
      removeVotes: p('DELETE FROM meeting_round_votes WHERE process = ? AND round = ?'),
      marksByMember: p('SELECT member FROM meeting_round_voters WHERE process = ? AND round = ? ORDER BY member').pluck(),
      removeMarks: p('DELETE FROM meeting_round_voters WHERE process = ? AND round = ?'),
    };
    this.#cast = db.transaction((processId: ProcessId, round: number, member: MemberId, candidate: string): Result<void> => {
      const r = this.#q.round.get(processId, round) as { candidates: string; closed: number } | undefined;
      if (r === undefined || r.closed === 1) return roundNotOpen(processId, round);
      if (!roundCandidates(r.candidates).includes(candidate)) return notInRound(processId, round, candidate);
      if (this.#q.mark.run(processId, round, member).changes === 0) return votedInRound(processId, round, member);
      this.#q.vote.run(processId, round, newBallotKey(), candidate);
      return ok(undefined);
    });
    this.#close = db.transaction((processId: ProcessId, round: number): Result<MeetingRoundCount> => {
      const r = this.#q.round.get(processId, round) as { candidates: string; closed: number } | undefined;
      if (r === undefined) return roundNeverOpened(processId, round);
      if (r.closed === 0) this.#rewrite(processId, round);
      this.#q.shut.run(processId, round);
      const rows = this.#q.votes.all(processId, round) as { candidate: string; votes: number }[];
      return ok(roundCountOf(roundCandidates(r.candidates), rows, this.#q.turnout.get(processId, round) as number));
    });
  }

  #rewrite(processId: ProcessId, round: number): void {
    const votes = this.#q.votesByKey.all(processId, round) as { key: string; candidate: string }[];
    this.#q.removeVotes.run(processId, round);
    for (const v of votes) this.#q.vote.run(processId, round, v.key, v.candidate);
    const marks = this.#q.marksByMember.all(processId, round) as string[];
    this.#q.removeMarks.run(processId, round);
    for (const m of marks) this.#q.mark.run(processId, round, m);
  }

  async openMeetingRound(processId: ProcessId, round: number, candidates: readonly string[]): Promise<void> {
    this.#q.open.run(processId, checkRound(round), JSON.stringify(candidates));
  }

  async castMeetingVote(processId: ProcessId, round: number, member: MemberId, candidate: string): Promise<Result<void>> {
    return this.#cast.immediate(processId, checkRound(round), member, candidate);
  }

  async meetingRoundTurnout(processId: ProcessId, round: number): Promise<number> {
    return this.#q.turnout.get(processId, round) as number;
  }

  async hasVotedInMeetingRound(processId: ProcessId, round: number, member: MemberId): Promise<boolean> {
    return this.#q.voted.get(processId, round, member) === 1;
  }

  async closeMeetingRound(processId: ProcessId, round: number): Promise<Result<MeetingRoundCount>> {
    checkRound(round);
    // A setting of the connection, and better-sqlite3 is synchronous: nothing else runs on it while it is on.
    const secure = this.#db.pragma('secure_delete', { simple: true }) as number;
    this.#db.pragma('secure_delete = ON');
    try {
      return this.#close.immediate(processId, round);
    } finally {
      this.#db.pragma(`secure_delete = ${secure}`);
    }
  }
}
