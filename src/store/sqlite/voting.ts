/**
 * Casting ballots in the SQLite store. A cast is one BEGIN IMMEDIATE
 * transaction: it holds the file's write lock from the eligibility check to
 * the commit, so of two casts by one member (from this process or another on
 * the same file) the second sees the first's mark and stores nothing, and a
 * cast either comes before a seal of the box (sqlite-integrity.ts) or sees it
 * and stores nothing.
 */
import type Database from 'better-sqlite3';
import type { MemberId, ProcessId } from '../../domain/ids.js';
import { ok, type Result } from '../../domain/result.js';
import type { IsoDate } from '../../domain/time.js';
import {
  alreadyVoted,
  checkChannel,
  credentialUnknown,
  credentialUsed,
  newBallotKey,
  refusalOf,
  trackerTaken,
  type Standing,
  checkTracker,
  voteDay,
  type Kept,
  type PendingCast,
} from '../casting.js';
import { rankingText } from '../rows.js';
import type { Unchanged } from './unchanged.js';
import type { CastBallot, CastEncryptedBallot, MemberVote, TurnoutGroup, VoteChannel, VotingStore } from '../store.js';
import { turnoutGroupsOf, turnoutGroupsSql, type TurnoutGroupRow } from '../turnout-groups.js';

/** Thrown inside a cast's transaction to roll back the voter's mark; carries the refusal out. */
class Refused extends Error {
  constructor(readonly result: Result<never>) {
    super(result.ok ? '' : result.error.message);
  }
}

/** A row of voteOf and votesOf: already the MemberVote's shape. */
type VoteRow = MemberVote;

type Outcome = { readonly ok: true; readonly result: Result<{ readonly tracker: string }> } | { readonly ok: false; readonly error: unknown };

/** The most casts one group commit carries, so that no transaction holds the write lock for long. */
const MAX_GROUP = 256;

export class SqliteVoting implements VotingStore {
  private readonly q;
  private readonly castTransaction;
  private readonly groupTransaction;
  private pending: PendingCast[] = [];
  private flushScheduled = false;

  constructor(
    db: Database.Database,
    private readonly unchanged: Unchanged,
  ) {
    const p = (sql: string) => db.prepare(sql);
    this.q = {
      standing: p(`SELECT
          (SELECT 1 FROM electorate_freezes f WHERE f.process = p.id) AS frozen,
          (SELECT e.eligible FROM electorates e WHERE e.process = p.id AND e.member = ?) AS eligible,
          (SELECT 1 FROM ballot_seals s WHERE s.process = p.id) AS sealed
        FROM processes p WHERE p.id = ?`),
      mark: p('INSERT INTO voters_marked (process, member, day) VALUES (?, ?, ?) ON CONFLICT (process, member) DO NOTHING'),
      markChannel: p('INSERT INTO offline_votes (process, member, channel) VALUES (?, ?, ?)'),
      notice: p('INSERT INTO paper_vote_notices (process, member, told) VALUES (?, ?, NULL)'),
      voteOf: p(`SELECT v.process, coalesce(o.channel, 'online') AS channel, v.day FROM voters_marked v
        LEFT JOIN offline_votes o ON o.process = v.process AND o.member = v.member WHERE v.process = ? AND v.member = ?`),
      votesOf: p(`SELECT v.process, coalesce(o.channel, 'online') AS channel, v.day FROM voters_marked v
        LEFT JOIN offline_votes o ON o.process = v.process AND o.member = v.member WHERE v.member = ? ORDER BY v.process`),
      store: p('INSERT INTO cast_ballots (process, key, ranking, tracker) VALUES (?, ?, ?, ?) ON CONFLICT (process, tracker) DO NOTHING'),
      storeEncrypted: p(`INSERT INTO encrypted_ballots (process, key, credential, ballot)
        SELECT @process, @key, @credential, @ballot WHERE EXISTS (SELECT 1 FROM encrypted_credentials c WHERE c.process = @process AND c.credential = @credential)
        ON CONFLICT (process, credential) DO NOTHING`),
      credentialPublished: p('SELECT 1 FROM encrypted_credentials WHERE process = ? AND credential = ?').pluck(),
      hasVoted: p('SELECT 1 FROM voters_marked WHERE process = ? AND member = ?').pluck(),
      turnout: p('SELECT count(*) FROM voters_marked WHERE process = ?').pluck(),
      turnoutGroups: p(turnoutGroupsSql(['?', '?'], 'e.eligible = 1')),
      ballots: p('SELECT ranking, tracker FROM cast_ballots WHERE process = ? ORDER BY key'),
    };
    this.castTransaction = db.transaction(this.#castWithin.bind(this));
    this.groupTransaction = db.transaction(this.#groupWithin.bind(this));
  }

  async castBallot(processId: ProcessId, member: MemberId, ballot: CastBallot, day?: IsoDate): Promise<Result<{ readonly tracker: string }>> {
    return this.#enqueue(processId, member, { ranking: rankingText(ballot.ranking), tracker: checkTracker(ballot.tracker) }, day);
  }

  async castEncryptedBallot(processId: ProcessId, member: MemberId, ballot: CastEncryptedBallot, day?: IsoDate): Promise<Result<{ readonly tracker: string }>> {
    checkTracker(ballot.tracker);
    return this.#enqueue(processId, member, { encrypted: ballot }, day);
  }

  #enqueue(processId: ProcessId, member: MemberId, kept: Kept, day?: IsoDate): Promise<Result<{ readonly tracker: string }>> {
    const on = voteDay(day);
    return new Promise((resolve, reject) => {
      this.pending.push({ process: processId, member, kept, day: on, resolve, reject });
      if (this.pending.length >= MAX_GROUP) this.flush();
      else if (!this.flushScheduled) {
        this.flushScheduled = true;
        // After the requests this round of the event loop brought have each reached their cast.
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits the casts waiting, as one transaction, then answers each. Also called before the store closes. */
  flush(): void {
    this.flushScheduled = false;
    const group = this.pending;
    if (group.length === 0) return;
    this.pending = [];
    let outcomes: Outcome[];
    try {
      outcomes = this.unchanged.casting(() => this.groupTransaction.immediate(group));
    } catch (e) {
      // The group could not begin or commit (e.g. the file is busy): none of it is stored.
      for (const c of group) c.reject(e);
      return;
    }
    group.forEach((c, i) => {
      const o = outcomes[i];
      if (o.ok) c.resolve(o.result);
      else c.reject(o.error);
    });
  }

  /** Each cast of a group in its own savepoint (better-sqlite3 nests a transaction function as one). */
  #groupWithin(group: readonly PendingCast[]): Outcome[] {
    return group.map((c): Outcome => {
      try {
        return { ok: true, result: this.castTransaction(c.process, c.member, c.kept, 'online', c.day) };
      } catch (e) {
        return e instanceof Refused ? { ok: true, result: e.result } : { ok: false, error: e };
      }
    });
  }

  /**
   * One vote by any channel: the member is marked and the ballot stored together or not at all.
   * A paper vote also notes its channel beside the mark; the ballot never carries it.
   */
  cast(
    processId: ProcessId,
    member: MemberId,
    ballot: CastBallot | { readonly encrypted: CastEncryptedBallot },
    channel: VoteChannel,
    day: IsoDate,
  ): Result<{ readonly tracker: string }> {
    const kept: Kept =
      'encrypted' in ballot
        ? { encrypted: { ...ballot.encrypted, tracker: checkTracker(ballot.encrypted.tracker) } }
        : { ranking: rankingText(ballot.ranking), tracker: checkTracker(ballot.tracker) };
    checkChannel(channel);
    try {
      return this.castTransaction.immediate(processId, member, kept, channel, voteDay(day));
    } catch (e) {
      if (e instanceof Refused) return e.result;
      throw e;
    }
  }

  /** The body of a cast's transaction (wrapped once, in the constructor, rather than on every cast). */
  #castWithin(processId: ProcessId, member: MemberId, kept: Kept, channel: VoteChannel, day: IsoDate): Result<{ readonly tracker: string }> {
    const standing = this.q.standing.get(member, processId) as Standing | undefined;
    const refusal = refusalOf(processId, member, standing);
    if (refusal !== null) return refusal;
    if (this.q.mark.run(processId, member, day).changes === 0) {
      return alreadyVoted(processId, member, (this.q.voteOf.get(processId, member) as VoteRow).channel);
    }
    if ('encrypted' in kept) {
      const { credential, ballot } = kept.encrypted;
      if (this.q.storeEncrypted.run({ process: processId, key: newBallotKey(), credential, ballot }).changes === 0)
        throw new Refused(this.q.credentialPublished.get(processId, credential) === undefined ? credentialUnknown(processId) : credentialUsed(processId));
    } else if (this.q.store.run(processId, newBallotKey(), kept.ranking, kept.tracker).changes === 0) {
      throw new Refused(trackerTaken(processId, kept.tracker));
    }
    const tracker = 'encrypted' in kept ? kept.encrypted.tracker : kept.tracker;
    if (channel !== 'online') {
      this.q.markChannel.run(processId, member, channel);
      this.q.notice.run(processId, member);
    }
    return ok({ tracker });
  }

  async hasVoted(processId: ProcessId, member: MemberId): Promise<boolean> {
    return this.q.hasVoted.get(processId, member) !== undefined;
  }

  async voteOf(processId: ProcessId, member: MemberId): Promise<MemberVote | null> {
    return (this.q.voteOf.get(processId, member) as VoteRow | undefined) ?? null;
  }

  async votesOf(member: MemberId): Promise<MemberVote[]> {
    return this.q.votesOf.all(member) as VoteRow[];
  }

  async turnout(processId: ProcessId): Promise<number> {
    return this.q.turnout.get(processId) as number;
  }

  async turnoutGroups(processId: ProcessId): Promise<TurnoutGroup[]> {
    return turnoutGroupsOf(this.q.turnoutGroups.all(processId, processId) as TurnoutGroupRow[]);
  }

  async ballots(processId: ProcessId): Promise<CastBallot[]> {
    return (this.q.ballots.all(processId) as { ranking: string; tracker: string }[]).map((r) => ({
      ranking: JSON.parse(r.ranking) as string[],
      tracker: r.tracker,
    }));
  }
}
