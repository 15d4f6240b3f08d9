/**
 * Ballot integrity in the PostgreSQL store: votes recorded from paper, the
 * ballot box's counts, and sealing it at the close.
 *
 * Every row PostgreSQL writes carries the id of the transaction that wrote it
 * (the hidden column xmin) and sits where it was appended (ctid). A cast writes
 * the voter's mark and the ballot in one transaction — it must, or a crash
 * could count a ballot with no voter or spend a vote with no ballot — so until
 * the seal the two rows share an xmin, and ballots lie in the table in the
 * order they were cast. Transaction ids also count up, so xmin is a clock.
 *
 * The seal rewrites every ballot of the process in one transaction: copied
 * aside, deleted, and inserted again in the order of their random keys. Each
 * then has the seal's xmin (the same for all of them, and no mark's) and a
 * place given by its key. The marks (`voters_marked`, and `offline_votes` for
 * paper votes) keep the order in which members voted the same way, by xmin
 * and by place, so they are rewritten too, in member order, inside a
 * savepoint: rows written there carry the savepoint's own transaction id, so
 * the rewritten marks do not share one with the rewritten ballots either. The superseded versions, which still hold the cast
 * xmins, are dead but remain in the table's pages until vacuumed, and their
 * bytes could be read from the files (or a physical backup) after a plain
 * VACUUM, which frees space without clearing it; so the seal then runs VACUUM
 * FULL, which writes the tables and their indexes anew and drops the old files.
 *
 * VACUUM FULL must keep a superseded version while any transaction that began
 * before the seal might still read it, so the seal first waits (a while) for
 * the sessions it can see to move past the seal; if one has not, the traces
 * count as not yet cleared and the next seal call tries again. VACUUM FULL also
 * locks the ballot table (casts in other processes wait), so it gives up after
 * a few seconds if it cannot get that lock, with the same result.
 */
import type pg from 'pg';
import type { AuditRecord } from '../../audit/index.js';
import type { MemberId, ProcessId } from '../../domain/ids.js';
import type { IsoDate } from '../../domain/time.js';
import { err, ok, type Result } from '../../domain/result.js';
import { ballotBoxFromRow, checkPaperChannel, paperVoteDay, sealForgettingSignIns, type BallotBoxRow } from '../casting.js';
import { PAPER_VOTE_OWED_SQL, paperVoteNoticeOf } from '../notice-rows.js';
import { inTransaction, withClient } from './transaction.js';
import { BOX_LOCK_KEY, type PostgresVoting } from './voting.js';
import type {
  AuthStore,
  BallotBox,
  CastBallot,
  CastEncryptedBallot,
  IntegrityStore,
  KeptCount,
  MemberVote,
  OfflineChannel,
  PaperVoteNotice,
} from '../store.js';

/** How long the clearing VACUUM FULL waits for casts in other processes to let go of the ballot table. */
const CLEAR_LOCK_TIMEOUT = '5s';
/** How long, and how often, the seal looks for transactions older than itself to finish before clearing. */
const OLDER_WAIT_MS = 10_000;
const OLDER_POLL_MS = 100;

/**
 * Sessions (of those this role may see) whose snapshot or transaction began
 * before transaction `$1` ended, so that VACUUM must keep what `$1` superseded.
 */
const OLDER_SESSIONS = `SELECT count(*)::int AS n FROM pg_stat_activity
  WHERE datname = current_database() AND pid <> pg_backend_pid()
    AND ((backend_xmin IS NOT NULL AND age(backend_xmin) >= age($1::xid)) OR (backend_xid IS NOT NULL AND age(backend_xid) >= age($1::xid)))`;

export class PostgresIntegrity implements IntegrityStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly voting: PostgresVoting,
    private readonly auth: Pick<AuthStore, 'forgetLoginAttempts'>,
  ) {}

  async recordOfflineVote(
    processId: ProcessId,
    member: MemberId,
    channel: OfflineChannel,
    ballot: CastBallot | { readonly encrypted: CastEncryptedBallot },
    audit?: AuditRecord,
    day?: IsoDate,
    notice?: PaperVoteNotice,
  ): Promise<Result<{ readonly tracker: string; readonly queued?: number }>> {
    checkPaperChannel(channel);
    const stored = notice === undefined ? undefined : paperVoteNoticeOf(processId, member, notice);
    return this.voting.cast(processId, member, ballot, channel, day ?? paperVoteDay(audit?.at), audit, stored);
  }

  async untoldPaperVotes(member: MemberId): Promise<MemberVote[]> {
    const { rows } = await this.pool.query<MemberVote>(
      `SELECT n.process, o.channel, v.day FROM paper_vote_notices n
         JOIN offline_votes o ON o.process = n.process AND o.member = n.member
         JOIN voters_marked v ON v.process = n.process AND v.member = n.member
       WHERE n.member = $1 AND ${PAPER_VOTE_OWED_SQL} ORDER BY n.process`,
      [member],
    );
    return rows;
  }

  async markPaperVoteShown(processId: ProcessId, member: MemberId): Promise<boolean> {
    const { rowCount } = await this.pool.query(`UPDATE paper_vote_notices SET told = 'shown' WHERE process = $1 AND member = $2 AND told IS NULL`, [
      processId,
      member,
    ]);
    return rowCount === 1;
  }

  async ballotBox(processId: ProcessId): Promise<BallotBox | null> {
    const { rows } = await this.pool.query<BallotBoxRow>(
      `SELECT
         (SELECT count(*)::int FROM voters_marked v WHERE v.process = p.id) AS voters,
         (SELECT count(*)::int FROM cast_ballots b WHERE b.process = p.id) AS ballots,
         (SELECT count(*)::int FROM offline_votes o WHERE o.process = p.id AND o.channel = 'postal') AS postal,
         (SELECT count(*)::int FROM offline_votes o WHERE o.process = p.id AND o.channel = 'in-person') AS in_person,
         s.voters AS seal_voters, s.ballots AS seal_ballots, s.traces_cleared,
          (SELECT count(*)::int FROM set_aside_boxes a WHERE a.process = p.id) AS set_aside
       FROM processes p LEFT JOIN ballot_seals s ON s.process = p.id WHERE p.id = $1`,
      [processId],
    );
    const row = rows[0];
    if (row === undefined) return null;
    return ballotBoxFromRow(row);
  }

  async sealBallots(processId: ProcessId): Promise<Result<BallotBox>> {
    return sealForgettingSignIns(
      () => this.ballotBox(processId),
      () => this.#seal(processId),
      () => this.auth.forgetLoginAttempts(),
    );
  }

  async keptCount(processId: ProcessId): Promise<KeptCount | null> {
    const { rows } = await this.pool.query<{ process: string; record: string; sha256: string; counted_at: string }>(
      'SELECT process, record, sha256, counted_at FROM count_records WHERE process = $1',
      [processId],
    );
    return rows.length === 0 ? null : { process: rows[0].process as ProcessId, record: rows[0].record, sha256: rows[0].sha256, countedAt: rows[0].counted_at };
  }

  async #seal(processId: ProcessId): Promise<Result<BallotBox>> {
    let sealXid = '';
    const state = await inTransaction<'missing' | 'sealed' | 'cleared'>(this.pool, async (c) => {
      // Exclusive: waits for every cast holding the box's lock to commit or roll back; casts that
      // come after wait for this transaction, then see the seal.
      await c.query(`SELECT pg_advisory_xact_lock(${BOX_LOCK_KEY})`, [processId]);
      const found = await c.query<{ traces_cleared: boolean | null }>(
        'SELECT s.traces_cleared FROM processes p LEFT JOIN ballot_seals s ON s.process = p.id WHERE p.id = $1',
        [processId],
      );
      if (found.rows.length === 0) return { commit: false, value: 'missing' };
      const cleared = found.rows[0].traces_cleared;
      if (cleared !== null) return { commit: false, value: cleared ? 'cleared' : 'sealed' };
      await this.#rewrite(c, processId);
      sealXid = (await c.query<{ xid: string }>('SELECT pg_current_xact_id()::xid::text AS xid')).rows[0].xid;
      return { commit: true, value: 'sealed' };
    });
    if (state === 'missing') return err('not-found', `there is no process with the id "${processId}"`);
    if (state === 'sealed' && (await this.#olderTransactionsEnded(sealXid)) && (await this.#clearTraces())) {
      await this.pool.query('UPDATE ballot_seals SET traces_cleared = true WHERE process = $1', [processId]);
    }
    return ok((await this.ballotBox(processId))!);
  }

  /** Deletes the process's ballots and inserts them again in the order of their random keys, and records the seal. */
  async #rewrite(c: pg.PoolClient, processId: ProcessId): Promise<void> {
    // Kept in this session only, and dropped at commit; "C" so it sorts keys as cast_ballots does.
    await c.query('CREATE TEMPORARY TABLE hustings_sealing (key text COLLATE "C" NOT NULL, ranking json NOT NULL, tracker text NOT NULL) ON COMMIT DROP');
    await c.query('INSERT INTO hustings_sealing (key, ranking, tracker) SELECT key, ranking, tracker FROM cast_ballots WHERE process = $1', [processId]);
    await c.query('DELETE FROM cast_ballots WHERE process = $1', [processId]);
    const stored = await c.query(
      'INSERT INTO cast_ballots (process, key, ranking, tracker) SELECT $1::text, key, ranking, tracker FROM hustings_sealing ORDER BY key',
      [processId],
    );
    // Encrypted ballots likewise, so none keeps its cast's transaction id, which is also its mark's.
    await c.query(
      'CREATE TEMPORARY TABLE hustings_sealing_encrypted (key text COLLATE "C" NOT NULL, credential text NOT NULL, ballot text NOT NULL) ON COMMIT DROP',
    );
    await c.query('INSERT INTO hustings_sealing_encrypted SELECT key, credential, ballot FROM encrypted_ballots WHERE process = $1', [processId]);
    await c.query('DELETE FROM encrypted_ballots WHERE process = $1', [processId]);
    await c.query(
      'INSERT INTO encrypted_ballots (process, key, credential, ballot) SELECT $1::text, key, credential, ballot FROM hustings_sealing_encrypted ORDER BY key',
      [processId],
    );
    await c.query('SAVEPOINT hustings_marks');
    await c.query('CREATE TEMPORARY TABLE hustings_sealing_marks (member text COLLATE "C" NOT NULL, channel text, day text) ON COMMIT DROP');
    await c.query('INSERT INTO hustings_sealing_marks (member, day) SELECT member, day FROM voters_marked WHERE process = $1', [processId]);
    await c.query('DELETE FROM voters_marked WHERE process = $1', [processId]);
    await c.query('INSERT INTO voters_marked (process, member, day) SELECT $1::text, member, day FROM hustings_sealing_marks ORDER BY member', [processId]);
    await c.query('TRUNCATE hustings_sealing_marks');
    await c.query('INSERT INTO hustings_sealing_marks (member, channel) SELECT member, channel FROM offline_votes WHERE process = $1', [processId]);
    await c.query('DELETE FROM offline_votes WHERE process = $1', [processId]);
    await c.query('INSERT INTO offline_votes (process, member, channel) SELECT $1::text, member, channel FROM hustings_sealing_marks ORDER BY member', [
      processId,
    ]);
    await c.query('RELEASE SAVEPOINT hustings_marks');
    await c.query(
      'INSERT INTO ballot_seals (process, ballots, voters, traces_cleared) SELECT $1::text, $2::int, count(*), false FROM voters_marked WHERE process = $1',
      [processId, stored.rowCount ?? 0],
    );
  }

  /**
   * Waits, up to OLDER_WAIT_MS, until no session this role can see began before transaction `xid`
   * ended. A retry of an earlier seal has no such transaction at hand: it waits past one of its own,
   * which began after that seal.
   */
  async #olderTransactionsEnded(xid: string): Promise<boolean> {
    const past = xid !== '' ? xid : (await this.pool.query<{ xid: string }>('SELECT pg_current_xact_id()::xid::text AS xid')).rows[0].xid;
    const until = Date.now() + OLDER_WAIT_MS;
    for (;;) {
      const { rows } = await this.pool.query<{ n: number }>(OLDER_SESSIONS, [past]);
      if (rows[0].n === 0) return true;
      if (Date.now() >= until) return false;
      await new Promise((resolve) => setTimeout(resolve, OLDER_POLL_MS));
    }
  }

  /** VACUUM FULL of the ballot and mark tables; false if it could not get their locks in time. */
  #clearTraces(): Promise<boolean> {
    return withClient(this.pool, async (c, discard) => {
      await c.query(`SET lock_timeout = '${CLEAR_LOCK_TIMEOUT}'`);
      try {
        await c.query('VACUUM (FULL) cast_ballots, encrypted_ballots, voters_marked, offline_votes');
        return true;
      } catch (e) {
        // 55P03 lock_not_available: another transaction holds the table; the traces wait for the next seal call.
        if ((e as { code?: unknown }).code === '55P03') return false;
        throw e;
      } finally {
        await c.query('RESET lock_timeout').catch(discard);
      }
    });
  }
}
