/**
 * Casting ballots in the PostgreSQL store: one transaction per cast. The
 * voter's mark is a unique row, so of two casts by one member at once the
 * second waits on the first's uncommitted mark; if the first commits, the
 * second's insert does nothing and it stores nothing; if the first rolls back,
 * the second goes ahead.
 *
 * Each cast first takes its process's ballot-box lock in shared mode (many
 * casts hold it at once); sealing the box takes it exclusively
 * (postgres-integrity.ts), so a seal waits for the casts under way, and a cast
 * that starts later sees the seal and stores nothing.
 */
import type pg from 'pg';
import type { AuditRecord } from '../../audit/index.js';
import type { MemberId, ProcessId } from '../../domain/ids.js';
import { ok, type Result } from '../../domain/result.js';
import type { IsoDate } from '../../domain/time.js';
import {
  alreadyVoted,
  checkChannel,
  checkTracker,
  credentialUnknown,
  credentialUsed,
  newBallotKey,
  refusalOf,
  trackerTaken,
  voteDay,
  type Standing,
} from '../casting.js';
import { appendAuditWithin } from './audit.js';
import { putNoticeWithin } from './outbox.js';
import { inTransaction } from './transaction.js';
import { rankingText } from '../rows.js';
import type { CastBallot, CastEncryptedBallot, MemberVote, NewNotice, TurnoutGroup, VoteChannel, VotingStore } from '../store.js';
import { turnoutGroupsOf, turnoutGroupsSql, type TurnoutGroupRow } from '../turnout-groups.js';

/**
 * The advisory-lock key of a process's ballot box. Keyed by schema too, so
 * separate schemas (test runs) never wait for each other.
 */
export const BOX_LOCK_KEY = `hashtextextended('hustings:ballot-box:' || coalesce(current_schema(), '') || ':' || $1, 0)`;

/** A member's vote as they may see it: the channel (online unless noted as paper) and the day. */
const VOTE_SELECT = `SELECT v.process, coalesce(o.channel, 'online') AS channel, v.day FROM voters_marked v
  LEFT JOIN offline_votes o ON o.process = v.process AND o.member = v.member`;

export class PostgresVoting implements VotingStore {
  constructor(private readonly pool: pg.Pool) {}

  async castBallot(processId: ProcessId, member: MemberId, ballot: CastBallot, day?: IsoDate): Promise<Result<{ readonly tracker: string }>> {
    return this.cast(processId, member, ballot, 'online', voteDay(day));
  }

  async castEncryptedBallot(processId: ProcessId, member: MemberId, ballot: CastEncryptedBallot, day?: IsoDate): Promise<Result<{ readonly tracker: string }>> {
    checkTracker(ballot.tracker);
    return this.cast(processId, member, { encrypted: ballot }, 'online', voteDay(day));
  }

  /**
   * One vote by any channel: the member is marked and the ballot stored together or not at all.
   * A paper vote also notes its channel beside the mark; the ballot never carries it, and its
   * `notice` to the member is stored (and fanned out) with it. An officer's
   * `audit` entry for a paper vote is appended last, in the same transaction (the chain's lock is
   * the last one a transaction takes: see postgres-audit.ts).
   */
  async cast(
    processId: ProcessId,
    member: MemberId,
    ballot: CastBallot | { readonly encrypted: CastEncryptedBallot },
    channel: VoteChannel,
    day: IsoDate,
    audit?: AuditRecord,
    notice?: NewNotice,
  ): Promise<Result<{ readonly tracker: string; readonly queued?: number }>> {
    voteDay(day);
    const ranking = 'encrypted' in ballot ? null : rankingText(ballot.ranking);
    const tracker = checkTracker('encrypted' in ballot ? ballot.encrypted.tracker : ballot.tracker);
    checkChannel(channel);
    return inTransaction<Result<{ readonly tracker: string; readonly queued?: number }>>(this.pool, async (c) => {
      const refuse = (result: Result<never>) => ({ commit: false, value: result });
      // Its own statement, before the reads: a statement's snapshot is taken when it starts, so
      // a seal that commits while this one waits for the lock would not be seen by the same statement.
      await c.query(`SELECT pg_advisory_xact_lock_shared(${BOX_LOCK_KEY})`, [processId]);
      // The electorate is frozen once and never changes, so reading it needs no lock.
      const { rows } = await c.query<Standing>(
        `SELECT
           (SELECT 1 FROM electorate_freezes f WHERE f.process = p.id) AS frozen,
           (SELECT e.eligible FROM electorates e WHERE e.process = p.id AND e.member = $2) AS eligible,
           (SELECT 1 FROM ballot_seals s WHERE s.process = p.id) AS sealed
         FROM processes p WHERE p.id = $1`,
        [processId, member],
      );
      const refusal = refusalOf(processId, member, rows[0]);
      if (refusal !== null) return refuse(refusal);
      const marked = await c.query('INSERT INTO voters_marked (process, member, day) VALUES ($1, $2, $3) ON CONFLICT (process, member) DO NOTHING', [
        processId,
        member,
        day,
      ]);
      if (marked.rowCount === 0) {
        const first = await c.query<{ channel: VoteChannel }>('SELECT channel FROM offline_votes WHERE process = $1 AND member = $2', [processId, member]);
        return refuse(alreadyVoted(processId, member, first.rows[0]?.channel ?? 'online'));
      }
      if ('encrypted' in ballot) {
        const { credential } = ballot.encrypted;
        const stored = await c.query(
          `INSERT INTO encrypted_ballots (process, key, credential, ballot)
           SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM encrypted_credentials c WHERE c.process = $1 AND c.credential = $3)
           ON CONFLICT (process, credential) DO NOTHING`,
          [processId, newBallotKey(), credential, ballot.encrypted.ballot],
        );
        if (stored.rowCount === 0) {
          const known = await c.query('SELECT 1 FROM encrypted_credentials WHERE process = $1 AND credential = $2', [processId, credential]);
          return refuse(known.rowCount === 0 ? credentialUnknown(processId) : credentialUsed(processId));
        }
      } else {
        const stored = await c.query(
          'INSERT INTO cast_ballots (process, key, ranking, tracker) VALUES ($1, $2, $3::json, $4) ON CONFLICT (process, tracker) DO NOTHING',
          [processId, newBallotKey(), ranking, tracker],
        );
        if (stored.rowCount === 0) return refuse(trackerTaken(processId, tracker));
      }
      if (channel !== 'online') {
        await c.query('INSERT INTO offline_votes (process, member, channel) VALUES ($1, $2, $3)', [processId, member, channel]);
        await c.query('INSERT INTO paper_vote_notices (process, member, told) VALUES ($1, $2, NULL)', [processId, member]);
      }
      let queued: number | undefined;
      if (notice !== undefined) {
        await putNoticeWithin(c, notice, notice.sendAt);
        const { rows: counted } = await c.query<{ recipients: number }>('SELECT recipients FROM notices WHERE id = $1', [notice.id]);
        queued = counted[0]?.recipients ?? 0;
      }
      if (audit !== undefined) await appendAuditWithin(c, audit);
      return { commit: true, value: ok(queued === undefined ? { tracker } : { tracker, queued }) };
    });
  }

  async hasVoted(processId: ProcessId, member: MemberId): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM voters_marked WHERE process = $1 AND member = $2', [processId, member]);
    return rowCount === 1;
  }

  async voteOf(processId: ProcessId, member: MemberId): Promise<MemberVote | null> {
    const { rows } = await this.pool.query<MemberVote>(`${VOTE_SELECT} WHERE v.process = $1 AND v.member = $2`, [processId, member]);
    return rows[0] ?? null;
  }

  async votesOf(member: MemberId): Promise<MemberVote[]> {
    const { rows } = await this.pool.query<MemberVote>(`${VOTE_SELECT} WHERE v.member = $1 ORDER BY v.process`, [member]);
    return rows;
  }

  async turnout(processId: ProcessId): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>('SELECT count(*) AS n FROM voters_marked WHERE process = $1', [processId]);
    return Number(rows[0].n);
  }

  async turnoutGroups(processId: ProcessId): Promise<TurnoutGroup[]> {
    const { rows } = await this.pool.query<TurnoutGroupRow>(turnoutGroupsSql(['$1', '$1'], 'e.eligible'), [processId]);
    return turnoutGroupsOf(rows);
  }

  async ballots(processId: ProcessId): Promise<CastBallot[]> {
    const { rows } = await this.pool.query<{ ranking: string[]; tracker: string }>(
      'SELECT ranking, tracker FROM cast_ballots WHERE process = $1 ORDER BY key',
      [processId],
    );
    return rows.map((r) => ({ ranking: r.ranking, tracker: r.tracker }));
  }
}
