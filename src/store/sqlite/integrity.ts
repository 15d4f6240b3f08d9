/**
 * Ballot integrity in the SQLite store: votes recorded from paper, the ballot
 * box's counts, and sealing it at the close.
 *
 * SQLite keeps no transaction id on a row, and ballots live in a table without
 * rowid under a random key, so a stored row carries nothing of its cast. The
 * order of casting survives elsewhere until the seal: in the write-ahead log,
 * which holds each committed cast (the pages of its mark and of its ballot) in
 * commit order until a checkpoint copies them back and the log is reset — and
 * even then old frames stay in the file until overwritten — and in where a
 * ballot's bytes sit inside its page (SQLite fills a page's free space in the
 * order rows arrive). The seal deletes the process's ballots and inserts them
 * again in key order with secure_delete on (deleted bytes are zeroed), so the
 * pages are laid out by random key; then writes the whole file anew (VACUUM,
 * still with secure_delete on), since a page split while votes came in keeps
 * stale bytes of its earlier cells in its unused space; then checkpoints with
 * TRUNCATE, leaving the log empty.
 */
import type Database from 'better-sqlite3';
import type { AuditRecord } from '../../audit/index.js';
import type { MemberId, ProcessId } from '../../domain/ids.js';
import type { IsoDate } from '../../domain/time.js';
import { err, ok, type Result } from '../../domain/result.js';
import { ballotBoxFromRow, checkPaperChannel, paperVoteDay, sealForgettingSignIns, type BallotBoxRow } from '../casting.js';
import { PAPER_VOTE_OWED_SQL, paperVoteNoticeOf } from '../notice-rows.js';
import type { SqliteOutbox } from './outbox.js';
import type { SqliteAudit } from './audit.js';
import type { SqliteVoting } from './voting.js';
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

interface BallotRow {
  key: string;
  ranking: string;
  tracker: string;
}

/** How often a box sealed earlier whose traces are not yet cleared may have its clearing retried. */
const RETRY_EVERY_MS = 60_000;

export class SqliteIntegrity implements IntegrityStore {
  private readonly q;
  /** When each box's clearing was last retried (see mayRetry). */
  private readonly retried = new Map<ProcessId, number>();

  constructor(
    private readonly db: Database.Database,
    private readonly voting: SqliteVoting,
    private readonly audit: SqliteAudit,
    private readonly auth: Pick<AuthStore, 'forgetLoginAttempts'>,
    private readonly outbox: SqliteOutbox,
  ) {
    const p = (sql: string) => db.prepare(sql);
    this.q = {
      keptCount: p('SELECT process, record, sha256, counted_at FROM count_records WHERE process = ?'),
      box: p(`SELECT
          (SELECT count(*) FROM voters_marked v WHERE v.process = p.id) AS voters,
          (SELECT count(*) FROM cast_ballots b WHERE b.process = p.id) AS ballots,
          (SELECT count(*) FROM offline_votes o WHERE o.process = p.id AND o.channel = 'postal') AS postal,
          (SELECT count(*) FROM offline_votes o WHERE o.process = p.id AND o.channel = 'in-person') AS in_person,
          s.voters AS seal_voters, s.ballots AS seal_ballots, s.traces_cleared,
          (SELECT count(*) FROM set_aside_boxes a WHERE a.process = p.id) AS set_aside
        FROM processes p LEFT JOIN ballot_seals s ON s.process = p.id WHERE p.id = ?`),
      sealed: p('SELECT traces_cleared FROM ballot_seals WHERE process = ?').pluck(),
      ballotsByKey: p('SELECT key, ranking, tracker FROM cast_ballots WHERE process = ? ORDER BY key'),
      removeBallots: p('DELETE FROM cast_ballots WHERE process = ?'),
      putBallot: p('INSERT INTO cast_ballots (process, key, ranking, tracker) VALUES (?, ?, ?, ?)'),
      encryptedByKey: p('SELECT key, credential, ballot FROM encrypted_ballots WHERE process = ? ORDER BY key'),
      removeEncrypted: p('DELETE FROM encrypted_ballots WHERE process = ?'),
      putEncrypted: p('INSERT INTO encrypted_ballots (process, key, credential, ballot) VALUES (?, ?, ?, ?)'),
      marksByMember: p('SELECT member, day FROM voters_marked WHERE process = ? ORDER BY member'),
      removeMarks: p('DELETE FROM voters_marked WHERE process = ?'),
      putMark: p('INSERT INTO voters_marked (process, member, day) VALUES (?, ?, ?)'),
      offlineByMember: p('SELECT member, channel FROM offline_votes WHERE process = ? ORDER BY member'),
      removeOffline: p('DELETE FROM offline_votes WHERE process = ?'),
      putOffline: p('INSERT INTO offline_votes (process, member, channel) VALUES (?, ?, ?)'),
      seal: p('INSERT INTO ballot_seals (process, ballots, voters, traces_cleared) VALUES (?, ?, ?, 0)'),
      cleared: p('UPDATE ballot_seals SET traces_cleared = 1 WHERE process = ?'),
      untold: p(`SELECT n.process, o.channel, v.day FROM paper_vote_notices n
        JOIN offline_votes o ON o.process = n.process AND o.member = n.member
        JOIN voters_marked v ON v.process = n.process AND v.member = n.member
        WHERE n.member = ? AND ${PAPER_VOTE_OWED_SQL} ORDER BY n.process`),
      shown: p(`UPDATE paper_vote_notices SET told = 'shown' WHERE process = ? AND member = ? AND told IS NULL`),
      recipients: p('SELECT recipients FROM notices WHERE id = ?').pluck(),
    };
  }

  async untoldPaperVotes(member: MemberId): Promise<MemberVote[]> {
    return this.q.untold.all(member) as MemberVote[];
  }

  async markPaperVoteShown(processId: ProcessId, member: MemberId): Promise<boolean> {
    return this.q.shown.run(processId, member).changes === 1;
  }

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
    const on = day ?? paperVoteDay(audit?.at);
    if (audit === undefined && notice === undefined) return this.voting.cast(processId, member, ballot, channel, on);
    const stored = notice === undefined ? undefined : paperVoteNoticeOf(processId, member, notice);
    // The cast's own transaction runs inside this one as a savepoint, so the vote, its notice and its entry commit together.
    return this.db
      .transaction((): Result<{ readonly tracker: string; readonly queued?: number }> => {
        const recorded = this.voting.cast(processId, member, ballot, channel, on);
        if (!recorded.ok) return recorded;
        if (audit !== undefined) this.audit.appendWithin(audit);
        if (stored === undefined) return recorded;
        this.outbox.putWithin(stored, stored.sendAt);
        return ok({ ...recorded.value, queued: this.q.recipients.get(stored.id) as number });
      })
      .immediate();
  }

  async ballotBox(processId: ProcessId): Promise<BallotBox | null> {
    const row = this.q.box.get(processId) as BallotBoxRow | undefined;
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
    const row = this.q.keptCount.get(processId) as { process: string; record: string; sha256: string; counted_at: string } | undefined;
    return row === undefined ? null : { process: row.process as ProcessId, record: row.record, sha256: row.sha256, countedAt: row.counted_at };
  }

  async #seal(processId: ProcessId): Promise<Result<BallotBox>> {
    const found = this.db.transaction((): 'missing' | 'sealed now' | 'sealed' | 'cleared' => {
      if (this.q.box.get(processId) === undefined) return 'missing';
      const already = this.q.sealed.get(processId) as number | undefined;
      if (already !== undefined) return already === 1 ? 'cleared' : 'sealed';
      this.#rewrite(processId);
      return 'sealed now';
    });
    // Zeroes what the rewrite deletes, and the pages the VACUUM writes. A setting of the connection, not
    // of the file, and better-sqlite3 is synchronous, so nothing else runs on this connection while it is on.
    const secure = this.db.pragma('secure_delete', { simple: true }) as number;
    this.db.pragma('secure_delete = ON');
    let state: 'missing' | 'sealed now' | 'sealed' | 'cleared';
    let vacuumed = false;
    try {
      state = found.immediate();
      if (state === 'sealed now' || (state === 'sealed' && this.#mayRetry(processId))) vacuumed = this.#vacuum();
    } finally {
      this.db.pragma(`secure_delete = ${secure}`);
    }
    if (state === 'missing') return err('not-found', `there is no process with the id "${processId}"`);
    if (vacuumed && (await this.#checkpointSoon())) {
      this.db.transaction(() => this.q.cleared.run(processId)).immediate();
      // Only the seal's own page is in the log now; empty it too.
      await this.#checkpointSoon();
    }
    return ok((await this.ballotBox(processId))!);
  }

  /**
   * Whether to retry clearing a box sealed earlier whose traces are not cleared yet. Every page of
   * the board and every tracker lookup seals again, and the VACUUM holds this thread while it runs,
   * so anonymous requests must not set one off each: at most one retry a minute for each box.
   */
  #mayRetry(processId: ProcessId): boolean {
    const now = Date.now();
    const last = this.retried.get(processId);
    if (last !== undefined && now - last < RETRY_EVERY_MS) return false;
    this.retried.set(processId, now);
    return true;
  }

  /**
   * Deletes the process's ballots and stores them again in the order of their random keys, does the
   * same for who voted (and by which paper channel) in member order, and records the seal.
   */
  #rewrite(processId: ProcessId): void {
    const rows = this.q.ballotsByKey.all(processId) as BallotRow[];
    this.q.removeBallots.run(processId);
    for (const r of rows) this.q.putBallot.run(processId, r.key, r.ranking, r.tracker);
    const encrypted = this.q.encryptedByKey.all(processId) as { key: string; credential: string; ballot: string }[];
    this.q.removeEncrypted.run(processId);
    for (const r of encrypted) this.q.putEncrypted.run(processId, r.key, r.credential, r.ballot);
    // The day of each vote stays with its mark: the member's own evidence of how and when a vote was recorded in their name.
    const marks = this.q.marksByMember.all(processId) as { member: string; day: string | null }[];
    this.q.removeMarks.run(processId);
    for (const m of marks) this.q.putMark.run(processId, m.member, m.day);
    const offline = this.q.offlineByMember.all(processId) as { member: string; channel: string }[];
    this.q.removeOffline.run(processId);
    for (const o of offline) this.q.putOffline.run(processId, o.member, o.channel);
    this.q.seal.run(processId, rows.length, marks.length);
  }

  /**
   * Writes the whole file anew. A page split while votes came in keeps stale bytes of the cells it
   * held in its unused space, in the places they had, which the rewrite (zeroing only the cells it
   * deletes) leaves; only a file written afresh has none, and with secure_delete on its new pages
   * start zeroed. False if it could not run (another connection held the write lock past the busy
   * timeout, or the disk is full): the seal has committed all the same, and the traces wait for the
   * next seal call, as `tracesCleared` says.
   *
   * VACUUM builds the copy in a temporary file, which SQLite unlinks as soon as it has opened it;
   * the umask keeps it unreadable to others for that moment too. better-sqlite3 is synchronous, so
   * nothing else in this thread creates a file meanwhile.
   */
  #vacuum(): boolean {
    const umask = ownerOnlyUmask();
    try {
      this.db.exec('VACUUM');
      return true;
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (typeof code === 'string' && code.startsWith('SQLITE_')) return false;
      throw e;
    } finally {
      umask.restore();
    }
  }

  /** A reader (another connection, another process) can hold the log for a moment: try again a few times before giving up. */
  async #checkpointSoon(): Promise<boolean> {
    for (let attempt = 1; attempt <= 20; attempt++) {
      if (this.#checkpoint()) return true;
      await new Promise((resolve) => setTimeout(resolve, 25 * attempt));
    }
    return false;
  }

  /**
   * Copies the whole log into the file and truncates the log to nothing. Waits (up to the busy
   * timeout) for readers; false if one still holds part of the log, in which case the seal's
   * traces stay uncleared and sealing again retries.
   */
  #checkpoint(): boolean {
    const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    return result !== undefined && result.busy === 0;
  }
}

/** Sets the process umask to 077 until `restore`; a worker thread may not change it, and keeps the process's. */
function ownerOnlyUmask(): { restore(): void } {
  try {
    const before = process.umask(0o077);
    return { restore: () => void process.umask(before) };
  } catch {
    return { restore: () => undefined };
  }
}
