/**
 * Casting ballots in the PostgreSQL store.
 *
 * A member's online cast joins a group commit: the casts that reach this app server while the
 * previous group is committing are gathered and written in one transaction, with one multi-row
 * statement for the voters' marks and one for the ballots, and each cast is answered only once that
 * transaction's COMMIT has returned. A paper vote (with its audit entry and notice) is a transaction
 * of its own, as before.
 *
 * One vote per member across app servers is the database's: the voter's mark is a unique row, so of
 * two casts by one member at once (in two servers' groups) the second waits on the first's
 * uncommitted mark; if the first commits, the second's insert does nothing and that cast alone is
 * refused; if the first rolls back, the second goes ahead. A cast refused within a group (its mark
 * was there already, its tracker or credential taken) has its own mark taken back, never the
 * group's. Marks are written in member order, so two servers' groups take the same rows in the same
 * order and cannot deadlock on them; ballots in the order of their random keys, so the place of a
 * ballot in the table says nothing about whose mark it came with.
 *
 * Each cast first takes its process's ballot-box lock in shared mode (many
 * casts hold it at once); sealing the box takes it exclusively
 * (postgres-integrity.ts), so a seal waits for the casts under way, and a cast
 * that starts later sees the seal and stores nothing.
 */
import pg from 'pg';
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
  type Kept,
  type PendingCast,
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

/**
 * The most casts one group carries: enough that the casts of a busy minute take few transactions,
 * few enough that no group holds its marks' row locks (which a second server's cast by the same
 * member waits on) for long.
 */
const MAX_GROUP = 500;

/**
 * How often a group that lost a deadlock is tried again. Marks are taken in one order by every
 * server, but two groups can still cross on ballots (a tracker or credential sent twice): PostgreSQL
 * then rolls one group back whole, and trying it again settles it, one way or the other.
 */
const DEADLOCK_RETRIES = 3;

const isDeadlock = (e: unknown): boolean => e instanceof pg.DatabaseError && e.code === '40P01';

const keyOf = (processId: ProcessId, member: MemberId): string => `${processId}\u0000${member}`;

/** Comparing by UTF-16 code units: the same order on every server, whatever its locale. */
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The rows of a group's casts as one array per column, for unnest(). */
const columns = <T>(rows: readonly T[], ...pick: ((r: T) => string)[]): string[][] => pick.map((f) => rows.map(f));

const trackerOf = (kept: Kept): string => ('encrypted' in kept ? kept.encrypted.tracker : kept.tracker);

export class PostgresVoting implements VotingStore {
  constructor(private readonly pool: pg.Pool) {}

  private pending: PendingCast[] = [];
  /** The group being committed, if any; the next gathers meanwhile. */
  private committing: Promise<void> | null = null;
  private scheduled = false;

  async castBallot(processId: ProcessId, member: MemberId, ballot: CastBallot, day?: IsoDate): Promise<Result<{ readonly tracker: string }>> {
    return this.#enqueue(processId, member, { ranking: rankingText(ballot.ranking), tracker: checkTracker(ballot.tracker) }, day);
  }

  async castEncryptedBallot(processId: ProcessId, member: MemberId, ballot: CastEncryptedBallot, day?: IsoDate): Promise<Result<{ readonly tracker: string }>> {
    checkTracker(ballot.tracker);
    return this.#enqueue(processId, member, { encrypted: ballot }, day);
  }

  /** Resolves once every cast made so far has been answered: the store waits for it before it closes. */
  async settle(): Promise<void> {
    while (this.committing !== null || this.pending.length > 0) {
      if (this.committing === null) this.#commitNext();
      await this.committing;
    }
  }

  #enqueue(processId: ProcessId, member: MemberId, kept: Kept, day?: IsoDate): Promise<Result<{ readonly tracker: string }>> {
    const on = voteDay(day);
    return new Promise((resolve, reject) => {
      this.pending.push({ process: processId, member, kept, day: on, resolve, reject });
      if (this.committing === null && !this.scheduled) {
        this.scheduled = true;
        // After the requests this round of the event loop brought have each reached their cast.
        setImmediate(() => {
          this.scheduled = false;
          if (this.committing === null) this.#commitNext();
        });
      }
    });
  }

  /**
   * Takes the casts waiting (a member's second cast waits for the next group, so that within a group
   * each member's cast is alone) and commits them; when that is done, the next group, if any.
   */
  #commitNext(): void {
    if (this.pending.length === 0) return;
    const group: PendingCast[] = [];
    const later: PendingCast[] = [];
    const members = new Set<string>();
    for (const c of this.pending) {
      const key = keyOf(c.process, c.member);
      if (group.length >= MAX_GROUP || members.has(key)) later.push(c);
      else {
        members.add(key);
        group.push(c);
      }
    }
    this.pending = later;
    this.committing = this.#commitGroup(group).finally(() => {
      this.committing = null;
      this.#commitNext();
    });
  }

  async #commitGroup(group: readonly PendingCast[]): Promise<void> {
    let outcomes: Result<{ readonly tracker: string }>[];
    for (let attempt = 0; ; attempt++) {
      try {
        outcomes = await inTransaction(this.pool, async (c) => ({ commit: true, value: await this.#groupWithin(c, group) }));
        break;
      } catch (e) {
        if (isDeadlock(e) && attempt < DEADLOCK_RETRIES) continue;
        // The server refused the group and rolled it back (one cast's bad row fails the statement
        // that carries them all): each cast is tried alone, so only the one at fault fails.
        if (e instanceof pg.DatabaseError && group.length > 1) {
          await Promise.all(group.map((c) => this.#commitGroup([c])));
          return;
        }
        // Rolled back, or its COMMIT's outcome unknown: no cast of the group is acknowledged.
        for (const c of group) c.reject(e);
        return;
      }
    }
    group.forEach((c, i) => {
      c.resolve(outcomes[i]);
    });
  }

  /** A group's casts in one transaction: each cast's outcome, in the group's order. */
  async #groupWithin(c: pg.PoolClient, group: readonly PendingCast[]): Promise<Result<{ readonly tracker: string }>[]> {
    const outcomes: (Result<{ readonly tracker: string }> | undefined)[] = group.map(() => undefined);
    const processes = [...new Set(group.map((g) => g.process))].sort(byCodeUnits);
    // Its own statement, before the reads (see cast).
    await c.query(`SELECT pg_advisory_xact_lock_shared(${BOX_LOCK_KEY.replace('$1', 'p')}) FROM unnest($1::text[]) AS p`, [processes]);
    const { rows: standings } = await c.query<Standing & { found: unknown }>(
      `SELECT
         (SELECT 1 FROM processes p WHERE p.id = m.process) AS found,
         (SELECT 1 FROM electorate_freezes f WHERE f.process = m.process) AS frozen,
         (SELECT e.eligible FROM electorates e WHERE e.process = m.process AND e.member = m.member) AS eligible,
         (SELECT 1 FROM ballot_seals s WHERE s.process = m.process) AS sealed
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS m(process, member, i) ORDER BY m.i`,
      columns(
        group,
        (g) => g.process,
        (g) => g.member,
      ),
    );
    const admitted: number[] = [];
    group.forEach((g, i) => {
      const s = standings[i];
      const refusal = refusalOf(g.process, g.member, s.found === null ? undefined : s);
      if (refusal !== null) outcomes[i] = refusal;
      else admitted.push(i);
    });
    admitted.sort((a, b) => byCodeUnits(group[a].process, group[b].process) || byCodeUnits(group[a].member, group[b].member));
    const { rows: marked } = await c.query<{ process: ProcessId; member: MemberId }>(
      `INSERT INTO voters_marked (process, member, day)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
       ON CONFLICT (process, member) DO NOTHING RETURNING process, member`,
      columns(
        admitted.map((i) => group[i]),
        (g) => g.process,
        (g) => g.member,
        (g) => g.day,
      ),
    );
    const newlyMarked = new Set(marked.map((r) => keyOf(r.process, r.member)));
    const votedBefore = admitted.filter((i) => !newlyMarked.has(keyOf(group[i].process, group[i].member)));
    if (votedBefore.length > 0) {
      const { rows: paper } = await c.query<{ process: ProcessId; member: MemberId; channel: VoteChannel }>(
        'SELECT o.process, o.member, o.channel FROM offline_votes o JOIN unnest($1::text[], $2::text[]) AS m(process, member) ON o.process = m.process AND o.member = m.member',
        columns(
          votedBefore.map((i) => group[i]),
          (g) => g.process,
          (g) => g.member,
        ),
      );
      const channels = new Map(paper.map((r) => [keyOf(r.process, r.member), r.channel]));
      for (const i of votedBefore)
        outcomes[i] = alreadyVoted(group[i].process, group[i].member, channels.get(keyOf(group[i].process, group[i].member)) ?? 'online');
    }
    // Each ballot under a fresh random key, written in key order: unrelated to the marks' order.
    const ballots = admitted
      .filter((i) => newlyMarked.has(keyOf(group[i].process, group[i].member)))
      .map((i) => ({ i, key: newBallotKey() }))
      .sort((a, b) => byCodeUnits(a.key, b.key));
    const refused = await this.#storeBallots(c, group, ballots, outcomes);
    if (refused.length > 0) {
      // Only the refused casts' own marks are taken back; written in this transaction, they were never seen elsewhere.
      await c.query(
        'DELETE FROM voters_marked v USING unnest($1::text[], $2::text[]) AS m(process, member) WHERE v.process = m.process AND v.member = m.member',
        columns(
          refused.map((i) => group[i]),
          (g) => g.process,
          (g) => g.member,
        ),
      );
    }
    return outcomes.map((o, i) => o ?? ok({ tracker: trackerOf(group[i].kept) }));
  }

  /**
   * Stores the group's ballots of the members just marked, plain and encrypted; sets the outcome of
   * each ballot refused (tracker taken, credential unknown or used) and returns their indexes.
   */
  async #storeBallots(
    c: pg.PoolClient,
    group: readonly PendingCast[],
    ballots: readonly { readonly i: number; readonly key: string }[],
    outcomes: (Result<{ readonly tracker: string }> | undefined)[],
  ): Promise<number[]> {
    const refused: number[] = [];
    const plain = ballots.filter((b) => !('encrypted' in group[b.i].kept));
    const encrypted = ballots.filter((b) => 'encrypted' in group[b.i].kept);
    const ranking = (b: { i: number }) => group[b.i].kept as { ranking: string; tracker: string };
    const sealed = (b: { i: number }) => (group[b.i].kept as { encrypted: CastEncryptedBallot }).encrypted;
    if (plain.length > 0) {
      const { rows } = await c.query<{ key: string }>(
        `INSERT INTO cast_ballots (process, key, ranking, tracker)
         SELECT b.process, b.key, b.ranking::json, b.tracker FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS b(process, key, ranking, tracker)
         ON CONFLICT (process, tracker) DO NOTHING RETURNING key`,
        columns(
          plain,
          (b) => group[b.i].process,
          (b) => b.key,
          (b) => ranking(b).ranking,
          (b) => ranking(b).tracker,
        ),
      );
      const stored = new Set(rows.map((r) => r.key));
      for (const b of plain) {
        if (stored.has(b.key)) continue;
        outcomes[b.i] = trackerTaken(group[b.i].process, ranking(b).tracker);
        refused.push(b.i);
      }
    }
    if (encrypted.length > 0) {
      const { rows } = await c.query<{ key: string }>(
        `INSERT INTO encrypted_ballots (process, key, credential, ballot)
         SELECT b.process, b.key, b.credential, b.ballot FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS b(process, key, credential, ballot)
         WHERE EXISTS (SELECT 1 FROM encrypted_credentials c WHERE c.process = b.process AND c.credential = b.credential)
         ON CONFLICT (process, credential) DO NOTHING RETURNING key`,
        columns(
          encrypted,
          (b) => group[b.i].process,
          (b) => b.key,
          (b) => sealed(b).credential,
          (b) => sealed(b).ballot,
        ),
      );
      const stored = new Set(rows.map((r) => r.key));
      const unstored = encrypted.filter((b) => !stored.has(b.key));
      if (unstored.length > 0) {
        const { rows: known } = await c.query<{ process: ProcessId; credential: string }>(
          'SELECT c.process, c.credential FROM encrypted_credentials c JOIN unnest($1::text[], $2::text[]) AS u(process, credential) ON c.process = u.process AND c.credential = u.credential',
          columns(
            unstored,
            (b) => group[b.i].process,
            (b) => sealed(b).credential,
          ),
        );
        const published = new Set(known.map((r) => `${r.process}\u0000${r.credential}`));
        for (const b of unstored) {
          const processId = group[b.i].process;
          outcomes[b.i] = published.has(`${processId}\u0000${sealed(b).credential}`) ? credentialUsed(processId) : credentialUnknown(processId);
          refused.push(b.i);
        }
      }
    }
    return refused;
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
