/**
 * The ballot-integrity contract every adapter must pass: one credential per
 * voter whatever the channel (online, postal, in person), sealing the box at
 * the close, and secrecy by construction — after the seal nothing stored can
 * join a ballot to the voter list, which each adapter proves with its own
 * look at the database underneath (`Traces`).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { auditRecord } from '../../src/audit/index.js';
import { memberId, processId, type MemberId, type ProcessId } from '../../src/domain/ids.js';
import { isoDate } from '../../src/domain/time.js';
import type { BallotBox, CastBallot, Store } from '../../src/store/store.js';
import type { Catalog } from './contract.js';

/**
 * What an adapter's test can see beneath the store: the database's own traces
 * of the order in which ballots were cast.
 */
export interface Traces {
  /**
   * How many of these ballots the database still holds something of that was written with the
   * voter's mark: on PostgreSQL, ballot rows whose transaction id (xmin) is a mark's; on SQLite,
   * trackers still in the write-ahead log, which keeps each cast's pages (mark and ballot) in commit order.
   */
  castTraces(processId: ProcessId, trackers: readonly string[]): Promise<number>;
  /**
   * Kendall's tau between the order the process's ballots lie in storage and the order they were
   * cast: ±1 when one gives the other, near 0 when unrelated. PostgreSQL: the rows' physical order
   * (ctid); SQLite: the order of the rows' bytes within each page of the file.
   */
  castOrderCorrelation(processId: ProcessId, castOrder: readonly string[]): Promise<number>;
  /**
   * Copies of these trackers in the database files beyond those the live data holds (the ballot
   * rows and the tracker index as it would be built afresh): bytes of superseded or deleted rows.
   * Null when the test cannot read the files (e.g. PostgreSQL without superuser rights), said with a warning.
   */
  staleCopies(trackers: readonly string[]): Promise<number | null>;
  /**
   * Kendall's tau between the order the process's marks (who voted) lie in storage and the order
   * the members voted, `castOrder` being member ids: PostgreSQL, the marks' ctid; SQLite, the
   * order of their bytes within each page of the mark table.
   */
  markOrderCorrelation(processId: ProcessId, castOrder: readonly MemberId[]): Promise<number>;
  /**
   * How closely (|tau|) the marks follow member order once the seal has rewritten them: exactly on
   * PostgreSQL, which appends the rewritten rows; nearly on SQLite, whose file the seal writes anew
   * in key order (a page split while it is written keeps some cells in the other direction: 0.97).
   */
  readonly memberOrderAfterSeal: number;
  /**
   * Copies of these members' ids in the database files beyond those a copy of the live data written
   * afresh holds: bytes of deleted or moved marks. Null where the test does not look (PostgreSQL,
   * whose VACUUM FULL after the seal writes the mark tables anew).
   */
  staleMarkCopies(members: readonly MemberId[]): Promise<number | null>;
  /** How many distinct transaction ids the process's marks carry (xmin on PostgreSQL); null where rows carry none (SQLite). */
  markTransactions(processId: ProcessId): Promise<number | null>;
  /** How many of the process's marks share a transaction id with one of its ballots; null where rows carry none. */
  marksSharingBallotTransactions(processId: ProcessId): Promise<number | null>;
}

/** Kendall's tau of two rankings of the same items, over the pairs `comparable` admits (all by default). */
export function kendallTau(order: readonly string[], reference: readonly string[], comparable: (a: string, b: string) => boolean = () => true): number {
  const at = new Map(reference.map((t, i) => [t, i]));
  let concordant = 0;
  let pairs = 0;
  for (let i = 0; i < order.length; i++) {
    for (let j = i + 1; j < order.length; j++) {
      if (!comparable(order[i], order[j])) continue;
      pairs++;
      if (at.get(order[i])! < at.get(order[j])!) concordant++;
    }
  }
  return pairs === 0 ? 0 : (2 * concordant) / pairs - 1;
}

let prefixes = 0;
const run = Math.random().toString(36).slice(2, 8);
const fresh = (): string => `i${run}${++prefixes}-`;
const at = '2024-01-01T12:00:00.000Z';

/** Tracker codes look like the app's: random, so their order says nothing. */
const tracker = (): string => Array.from({ length: 4 }, () => Math.random().toString(36).slice(2, 6).toUpperCase().padEnd(4, 'Q')).join('-');

const errorCode = (r: { ok: boolean; error?: { code: string } }): string | undefined => (r.ok ? 'ok' : r.error?.code);

export function runIntegrityContract(name: string, open: () => Promise<Store>, catalog: () => Catalog, traces: () => Traces): void {
  describe(`${name}: the ballot-integrity contract`, () => {
    const opened: Store[] = [];
    const connect = async (): Promise<Store> => {
      const store = await open();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    const voter = (p: string, i: number): MemberId => memberId(`${p}v${String(i).padStart(4, '0')}`);

    /** A process whose frozen electorate is members 0…n-1 of `p`; every tenth is ineligible. */
    async function ballotFor(s: Store, p: string, n: number, name = 'ballot'): Promise<ProcessId> {
      const id = processId(`${p}${name}`);
      const created = await s.createProcess(
        { id, kind: 'selection', constituency: null, rulebook: 'labour-2021@1', state: { phase: 'ballot-open' } },
        { event: { type: 'opened' }, at },
      );
      if (!created.ok) throw new Error(created.error.message);
      const frozen = await s.freezeElectorate(
        id,
        Array.from({ length: n }, (_, i) => ({
          member: voter(p, i),
          eligible: i % 10 !== 9,
          reason: i % 10 !== 9 ? 'a member in good standing' : 'in arrears',
        })),
      );
      if (!frozen.ok) throw new Error(frozen.error.message);
      return id;
    }

    const box = async (s: Store, id: ProcessId): Promise<BallotBox> => {
      const b = await s.ballotBox(id);
      if (b === null) throw new Error(`no ballot box for ${id}`);
      return b;
    };

    describe('votes on paper', () => {
      it('records a postal and an in-person vote into the same box, spending the member’s one credential', async () => {
        const p = fresh();
        const s = await connect();
        const id = await ballotFor(s, p, 10);
        expect(await s.recordOfflineVote(id, voter(p, 0), 'postal', { ranking: ['c2', 'c1'], tracker: 'POST-1' })).toEqual({
          ok: true,
          value: { tracker: 'POST-1' },
        });
        expect(await s.recordOfflineVote(id, voter(p, 1), 'in-person', { ranking: ['c1'], tracker: 'HALL-1' })).toEqual({
          ok: true,
          value: { tracker: 'HALL-1' },
        });
        expect((await s.castBallot(id, voter(p, 2), { ranking: ['c3'], tracker: 'WEB-1' })).ok).toBe(true);
        expect(await s.hasVoted(id, voter(p, 0))).toBe(true);
        expect(await s.hasVoted(id, voter(p, 1))).toBe(true);
        expect(await s.turnout(id)).toBe(3);
        const b = await box(s, id);
        expect(b).toEqual({
          sealed: false,
          round: 1,
          voters: 3,
          byChannel: { online: 1, postal: 1, 'in-person': 1 },
          ballots: 3,
          atSeal: null,
          tracesCleared: false,
        });
        // One box, and a ballot says nothing of how it came.
        const stored = await s.ballots(id);
        expect(stored.map((x) => x.tracker).sort()).toEqual(['HALL-1', 'POST-1', 'WEB-1']);
        for (const x of stored) expect(Object.keys(x).sort()).toEqual(['ranking', 'tracker']);
      });

      it('a member who voted by post cannot vote online, and one who voted online cannot have a postal vote recorded', async () => {
        const p = fresh();
        const s = await connect();
        const id = await ballotFor(s, p, 10);
        expect((await s.recordOfflineVote(id, voter(p, 0), 'postal', { ranking: ['c1'], tracker: 'A' })).ok).toBe(true);
        const online = await s.castBallot(id, voter(p, 0), { ranking: ['c2'], tracker: 'B' });
        expect(errorCode(online)).toBe('already-voted');
        if (!online.ok) expect(online.error.message).toMatch(/already voted.*by post/);
        const inPerson = await s.recordOfflineVote(id, voter(p, 0), 'in-person', { ranking: ['c2'], tracker: 'C' });
        expect(errorCode(inPerson)).toBe('already-voted');

        expect((await s.castBallot(id, voter(p, 1), { ranking: ['c2'], tracker: 'D' })).ok).toBe(true);
        const postal = await s.recordOfflineVote(id, voter(p, 1), 'postal', { ranking: ['c1'], tracker: 'E' });
        expect(errorCode(postal)).toBe('already-voted');
        if (!postal.ok) expect(postal.error.message).toMatch(/already voted.*online/);

        expect((await s.ballots(id)).map((x) => x.tracker).sort()).toEqual(['A', 'D']);
        expect((await box(s, id)).byChannel).toEqual({ online: 1, postal: 1, 'in-person': 0 });
      });

      it('logs the officer’s entry with a recorded paper vote, in its transaction, and none with a refused one', async () => {
        const p = fresh();
        const s = await connect();
        const id = await ballotFor(s, p, 10);
        const entry = (member: MemberId, channel: 'postal' | 'in-person') =>
          auditRecord('officer-1', 'vote.paper-recorded', { process: id, member, channel }, at);
        expect((await s.recordOfflineVote(id, voter(p, 0), 'postal', { ranking: ['c1'], tracker: 'AU-1' }, entry(voter(p, 0), 'postal'))).ok).toBe(true);
        expect(errorCode(await s.recordOfflineVote(id, voter(p, 0), 'in-person', { ranking: ['c2'], tracker: 'AU-2' }, entry(voter(p, 0), 'in-person')))).toBe(
          'already-voted',
        );
        expect(errorCode(await s.recordOfflineVote(id, voter(p, 9), 'postal', { ranking: ['c2'], tracker: 'AU-3' }, entry(voter(p, 9), 'postal')))).toBe(
          'not-eligible',
        );
        // Refused after the member was marked: the mark, the ballot and the entry all go.
        expect(errorCode(await s.recordOfflineVote(id, voter(p, 1), 'postal', { ranking: ['c2'], tracker: 'AU-1' }, entry(voter(p, 1), 'postal')))).toBe(
          'tracker-taken',
        );
        expect(await s.hasVoted(id, voter(p, 1))).toBe(false);
        // An entry that cannot be logged (a bug in the caller) takes the vote with it.
        await expect(
          s.recordOfflineVote(id, voter(p, 2), 'in-person', { ranking: ['c1'], tracker: 'AU-4' }, { ...entry(voter(p, 2), 'in-person'), at: 'yesterday' }),
        ).rejects.toThrow(/ISO instant/);
        expect(await s.hasVoted(id, voter(p, 2))).toBe(false);

        const logged = (await s.auditEntries({ newestFirst: true, limit: 1_000 })).filter(
          (e) => e.type === 'vote.paper-recorded' && (e.data as { process?: string }).process === id,
        );
        expect(logged.map((e) => ({ actor: e.actor, data: e.data }))).toEqual([
          { actor: 'officer-1', data: { process: id, member: voter(p, 0), channel: 'postal' } },
        ]);
        expect(await s.turnout(id)).toBe(1);
        expect((await s.ballots(id)).map((b) => b.tracker)).toEqual(['AU-1']);
      });

      it('online and postal for the same voter at once: exactly one is counted', async () => {
        const p = fresh();
        const [a, b] = await Promise.all([connect(), connect()]);
        const id = await ballotFor(a, p, 10);
        const tries = await Promise.all(
          Array.from({ length: 40 }, (_, k) => {
            const s = k % 2 === 0 ? a : b;
            const ballot = { ranking: [`c${k % 3}`], tracker: `try-${k}` };
            return k % 4 === 0 ? s.castBallot(id, voter(p, 3), ballot) : s.recordOfflineVote(id, voter(p, 3), k % 4 === 1 ? 'postal' : 'in-person', ballot);
          }),
        );
        expect(tries.filter((r) => r.ok).length).toBe(1);
        expect(tries.filter((r) => errorCode(r) === 'already-voted').length).toBe(39);
        const stored = await a.ballots(id);
        expect(stored.length).toBe(1);
        const winner = tries.find((r) => r.ok);
        expect(winner?.ok && winner.value.tracker).toBe(stored[0].tracker);
        const counts = (await box(b, id)).byChannel;
        expect(counts.online + counts.postal + counts['in-person']).toBe(1);
      });

      it('refuses whoever may not vote, as casting does, storing nothing', async () => {
        const p = fresh();
        const s = await connect();
        const id = await ballotFor(s, p, 10);
        expect(errorCode(await s.recordOfflineVote(id, voter(p, 9), 'postal', { ranking: ['c1'], tracker: 'x1' }))).toBe('not-eligible');
        expect(errorCode(await s.recordOfflineVote(id, memberId(`${p}stranger`), 'in-person', { ranking: ['c1'], tracker: 'x2' }))).toBe('not-eligible');
        expect(errorCode(await s.recordOfflineVote(processId(`${p}none`), voter(p, 0), 'postal', { ranking: ['c1'], tracker: 'x3' }))).toBe('not-found');
        expect((await s.recordOfflineVote(id, voter(p, 0), 'postal', { ranking: ['c1'], tracker: 'same' })).ok).toBe(true);
        expect(errorCode(await s.recordOfflineVote(id, voter(p, 1), 'postal', { ranking: ['c2'], tracker: 'same' }))).toBe('tracker-taken');
        await expect(s.recordOfflineVote(id, voter(p, 2), 'online' as 'postal', { ranking: ['c1'], tracker: 'x4' })).rejects.toThrow(/postal or in-person/);
        await expect(s.recordOfflineVote(id, voter(p, 2), 'postal', { ranking: [7] as unknown as string[], tracker: 'x5' })).rejects.toThrow(/ranking/);
        expect(await box(s, id)).toMatchObject({ voters: 1, ballots: 1, byChannel: { online: 0, postal: 1, 'in-person': 0 } });
        expect(await s.hasVoted(id, voter(p, 1))).toBe(false);
        expect(await s.ballotBox(processId(`${p}none`))).toBeNull();
      });
    });

    describe('sealing the ballot box', () => {
      it('refuses every later cast and recorded vote, keeps every ballot, and records the counts at the seal', async () => {
        const p = fresh();
        const s = await connect();
        const id = await ballotFor(s, p, 20);
        const cast: CastBallot[] = [];
        // Member 9 may not vote.
        for (const [k, i] of [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12].entries()) {
          const ballot = { ranking: [`c${i % 3}`, `c${(i + 1) % 3}`], tracker: tracker() };
          const r = k % 4 === 0 ? await s.recordOfflineVote(id, voter(p, i), 'postal', ballot) : await s.castBallot(id, voter(p, i), ballot);
          expect(r.ok).toBe(true);
          cast.push(ballot);
        }
        const before = await s.ballots(id);
        const sealed = await s.sealBallots(id);
        expect(sealed).toEqual({
          ok: true,
          value: {
            sealed: true,
            round: 1,
            voters: 12,
            byChannel: { online: 9, postal: 3, 'in-person': 0 },
            ballots: 12,
            atSeal: { voters: 12, ballots: 12 },
            tracesCleared: true,
          },
        });
        // The same ballots, listed in the same (key) order as before.
        expect(await s.ballots(id)).toEqual(before);
        const byTracker = (xs: readonly CastBallot[]) => [...xs].sort((x, y) => (x.tracker < y.tracker ? -1 : 1));
        expect(byTracker(await s.ballots(id))).toEqual(byTracker(cast));

        const late = await s.castBallot(id, voter(p, 15), { ranking: ['c1'], tracker: 'late' });
        expect(errorCode(late)).toBe('closed');
        if (!late.ok) expect(late.error.message).toMatch(/closed|sealed/);
        expect(errorCode(await s.recordOfflineVote(id, voter(p, 16), 'in-person', { ranking: ['c1'], tracker: 'late-2' }))).toBe('closed');
        expect(await s.hasVoted(id, voter(p, 15))).toBe(false);
        expect(await s.turnout(id)).toBe(12);

        // Sealing again changes nothing.
        expect(await s.sealBallots(id)).toEqual(sealed);
        expect(await s.ballots(id)).toEqual(before);
        expect(errorCode(await s.sealBallots(processId(`${p}none`)))).toBe('not-found');
      });

      it('seals only its own process', async () => {
        const p = fresh();
        const s = await connect();
        const one = await ballotFor(s, `${p}1-`, 3);
        const two = await ballotFor(s, `${p}2-`, 3);
        expect((await s.sealBallots(one)).ok).toBe(true);
        expect((await s.castBallot(two, voter(`${p}2-`, 0), { ranking: ['c1'], tracker: 't' })).ok).toBe(true);
        expect(await box(s, two)).toMatchObject({ sealed: false, voters: 1, ballots: 1 });
        // An empty box seals too.
        expect(await box(s, one)).toMatchObject({ sealed: true, voters: 0, ballots: 0, atSeal: { voters: 0, ballots: 0 } });
      });

      it('forgets every sign-in attempt at the seal, so no attempt time can be set beside a cast', async () => {
        const p = fresh();
        const s = await connect();
        const id = await ballotFor(s, p, 3);
        await s.countLoginAttempt(`${p}send:email:ana@example.org`, at, '2024-01-01T11:45:00.000Z');
        await s.countLoginAttempt(`${p}send:email:ana@example.org`, at, '2024-01-01T11:45:00.000Z');
        expect((await s.castBallot(id, voter(p, 0), { ranking: ['c1'], tracker: tracker() })).ok).toBe(true);
        expect((await s.sealBallots(id)).ok).toBe(true);
        expect(await s.countLoginAttempt(`${p}send:email:ana@example.org`, at, '2024-01-01T11:45:00.000Z')).toBe(1);
        // Sealing a sealed box again (publishing the board does, for any visitor) forgets nothing.
        expect((await s.sealBallots(id)).ok).toBe(true);
        expect(await s.countLoginAttempt(`${p}send:email:ana@example.org`, at, '2024-01-01T11:45:00.000Z')).toBe(2);
      });

      it('a seal during a rush of casts from two instances: every cast before it is kept, every one after it refused', async () => {
        const p = fresh();
        const [a, b] = await Promise.all([connect(), connect()]);
        const id = await ballotFor(a, p, 200);
        const casts = Array.from({ length: 180 }, (_, i) => {
          const s = i % 2 === 0 ? a : b;
          const ballot = { ranking: [`c${i % 3}`], tracker: `rush-${i}` };
          return i % 9 === 0 ? s.recordOfflineVote(id, voter(p, i), 'postal', ballot) : s.castBallot(id, voter(p, i), ballot);
        });
        const seal = new Promise<void>((resolve) => setTimeout(resolve, 5)).then(() => b.sealBallots(id));
        const results = await Promise.all(casts);
        const sealed = await seal;
        expect(sealed.ok).toBe(true);
        const accepted = results.flatMap((r) => (r.ok ? [r.value.tracker] : []));
        for (const r of results) if (!r.ok) expect(['closed', 'not-eligible']).toContain(r.error.code);
        const stored = (await a.ballots(id)).map((x) => x.tracker).sort();
        expect(stored).toEqual([...accepted].sort());
        const final = await box(a, id);
        expect(final.voters).toBe(accepted.length);
        expect(final.ballots).toBe(accepted.length);
        if (sealed.ok) expect(sealed.value.atSeal).toEqual({ voters: accepted.length, ballots: accepted.length });
      });
    });

    describe('a member’s own vote: how and on which day, and the notice of a paper vote', () => {
      it('keeps the channel and the day of each vote for the member, unchanged by a refused second vote', async () => {
        const p = fresh();
        const s = await connect();
        const id = await ballotFor(s, p, 10);
        const entry = (member: MemberId) =>
          auditRecord('officer-1', 'vote.paper-recorded', { process: id, member, channel: 'postal' }, '2027-03-03T18:45:00.000Z');
        expect((await s.castBallot(id, voter(p, 0), { ranking: ['c1'], tracker: tracker() }, isoDate('2027-03-02'))).ok).toBe(true);
        expect((await s.recordOfflineVote(id, voter(p, 1), 'postal', { ranking: ['c2'], tracker: tracker() }, entry(voter(p, 1)))).ok).toBe(true);
        expect(await s.voteOf(id, voter(p, 0))).toEqual({ process: id, channel: 'online', day: '2027-03-02' });
        // A paper vote's day is the day its officer's entry was logged.
        expect(await s.voteOf(id, voter(p, 1))).toEqual({ process: id, channel: 'postal', day: '2027-03-03' });
        expect(await s.voteOf(id, voter(p, 2))).toBeNull();
        expect(await s.votesOf(voter(p, 1))).toEqual([{ process: id, channel: 'postal', day: '2027-03-03' }]);
        expect(await s.votesOf(voter(p, 2))).toEqual([]);

        const online = await s.castBallot(id, voter(p, 1), { ranking: ['c1'], tracker: tracker() }, isoDate('2027-03-04'));
        expect(errorCode(online)).toBe('already-voted');
        if (!online.ok) expect(online.error.message).toContain('(by post)');
        // The refusal changed nothing.
        expect(await s.voteOf(id, voter(p, 1))).toEqual({ process: id, channel: 'postal', day: '2027-03-03' });
      });

      it("lists a member's votes across ballots in process order, and no one else's", async () => {
        const p = fresh();
        const s = await connect();
        const [first, second] = [await ballotFor(s, p, 4, 'a'), await ballotFor(s, p, 4, 'b')];
        const entry = auditRecord('officer-1', 'vote.paper-recorded', { process: first, member: voter(p, 1), channel: 'postal' }, '2027-03-03T18:45:00.000Z');
        expect((await s.castBallot(second, voter(p, 1), { ranking: ['c1'], tracker: tracker() }, isoDate('2027-03-02'))).ok).toBe(true);
        expect((await s.recordOfflineVote(first, voter(p, 1), 'postal', { ranking: ['c2'], tracker: tracker() }, entry)).ok).toBe(true);
        for (const other of [0, 2])
          expect((await s.castBallot(first, voter(p, other), { ranking: ['c1'], tracker: tracker() }, isoDate('2027-03-01'))).ok).toBe(true);
        expect(await s.votesOf(voter(p, 1))).toEqual([
          { process: first, channel: 'postal', day: '2027-03-03' },
          { process: second, channel: 'online', day: '2027-03-02' },
        ]);
        expect(await s.votesOf(voter(p, 0))).toEqual([{ process: first, channel: 'online', day: '2027-03-01' }]);
        expect(await s.votesOf(voter(p, 3))).toEqual([]);
      });

      it('owes the member a notice of each paper vote in their name (recorded with no notice in the outbox), until shown once at sign-in', async () => {
        const p = fresh();
        const s = await connect();
        const id = await ballotFor(s, p, 10);
        expect((await s.castBallot(id, voter(p, 0), { ranking: ['c1'], tracker: tracker() }, isoDate('2027-03-02'))).ok).toBe(true);
        expect(await s.untoldPaperVotes(voter(p, 0))).toEqual([]);
        const entry = (member: MemberId) =>
          auditRecord('officer-1', 'vote.paper-recorded', { process: id, member, channel: 'in-person' }, '2027-03-05T10:00:00.000Z');
        expect((await s.recordOfflineVote(id, voter(p, 1), 'in-person', { ranking: [], tracker: tracker() }, entry(voter(p, 1)))).ok).toBe(true);
        // A refused paper vote owes no notice.
        expect(errorCode(await s.recordOfflineVote(id, voter(p, 0), 'postal', { ranking: [], tracker: tracker() }, entry(voter(p, 0))))).toBe('already-voted');
        expect(await s.untoldPaperVotes(voter(p, 0))).toEqual([]);
        expect(await s.untoldPaperVotes(voter(p, 1))).toEqual([{ process: id, channel: 'in-person', day: '2027-03-05' }]);
        const again = await connect();
        const told = await Promise.all([s.markPaperVoteShown(id, voter(p, 1)), again.markPaperVoteShown(id, voter(p, 1))]);
        expect(told.filter(Boolean)).toHaveLength(1);
        expect(await s.untoldPaperVotes(voter(p, 1))).toEqual([]);
        expect(await s.markPaperVoteShown(id, voter(p, 2))).toBe(false);
        // The notice holds who voted on paper (as offline_votes does) and whether they were told: no time, no order, no ballot.
        const columns = await catalog().columns('paper_vote_notices');
        expect(columns.map((c) => c.name).sort()).toEqual(['member', 'process', 'told']);
        expect(columns.filter((c) => c.counter)).toEqual([]);
        expect(await catalog().rowCounter('paper_vote_notices')).toBe(false);
      });
    });

    describe('secrecy by construction', () => {
      it('the tables added for paper votes and seals hold no time, no sequence, and no ballot beside a member', async () => {
        await connect();
        const offline = await catalog().columns('offline_votes');
        expect(offline.map((c) => c.name).sort()).toEqual(['channel', 'member', 'process']);
        expect(offline.filter((c) => c.counter)).toEqual([]);
        expect(await catalog().rowCounter('offline_votes')).toBe(false);
        const seals = await catalog().columns('ballot_seals');
        expect(seals.map((c) => c.name).sort()).toEqual(['ballots', 'process', 'traces_cleared', 'voters']);
        // The ballot table is still only the process, a random key, the ranking and the tracker.
        expect((await catalog().columns('cast_ballots')).map((c) => c.name).sort()).toEqual(['key', 'process', 'ranking', 'tracker']);
      });

      it('casting, recording and sealing write nothing to the process’s output', async () => {
        const p = fresh();
        const s = await connect();
        const id = await ballotFor(s, p, 5);
        const written: string[] = [];
        const spies = [
          vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
            written.push(String(chunk));
            return true;
          }),
          vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
            written.push(String(chunk));
            return true;
          }),
          ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((m) =>
            vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void written.push(args.map(String).join(' '))),
          ),
        ];
        try {
          expect((await s.castBallot(id, voter(p, 0), { ranking: ['c1', 'c2'], tracker: 'LOG-1' })).ok).toBe(true);
          expect((await s.recordOfflineVote(id, voter(p, 1), 'postal', { ranking: ['c2'], tracker: 'LOG-2' })).ok).toBe(true);
          expect(errorCode(await s.castBallot(id, voter(p, 1), { ranking: ['c1'], tracker: 'LOG-3' }))).toBe('already-voted');
          expect((await s.sealBallots(id)).ok).toBe(true);
        } finally {
          for (const spy of spies) spy.mockRestore();
        }
        expect(written).toEqual([]);
      });

      it('after the seal nothing stored joins a ballot to the voter list: no shared transaction trace, no casting order, no stale copies', async () => {
        const p = fresh();
        const s = await connect();
        const n = 300;
        const id = await ballotFor(s, p, n);
        const castOrder: string[] = [];
        for (let i = 0; i < n; i++) {
          if (i % 10 === 9) continue;
          const ballot = { ranking: ['c1', 'c2', 'c3'].slice(0, 1 + (i % 3)), tracker: tracker() };
          const r = i % 7 === 0 ? await s.recordOfflineVote(id, voter(p, i), 'in-person', ballot) : await s.castBallot(id, voter(p, i), ballot);
          expect(r.ok).toBe(true);
          castOrder.push(ballot.tracker);
        }
        // The gap the seal closes is real: until then the database holds the link.
        expect(await traces().castTraces(id, castOrder)).toBeGreaterThan(0);

        const sealed = await s.sealBallots(id);
        expect(sealed.ok && sealed.value.tracesCleared).toBe(true);
        expect(await traces().castTraces(id, castOrder)).toBe(0);
        // With 270 ballots, |tau| of two unrelated orders is above 0.15 by chance about once in 10^4 runs.
        expect(Math.abs(await traces().castOrderCorrelation(id, castOrder))).toBeLessThan(0.15);
        const stale = await traces().staleCopies(castOrder);
        if (stale === null) console.warn(`${name}: the database files cannot be read here, so stale copies of sealed ballots were not looked for`);
        else expect(stale).toBe(0);
        expect((await s.ballots(id)).length).toBe(castOrder.length);
      });

      it('after the seal the marks of who voted no longer keep the order they voted in: not by place, not by transaction id', async () => {
        const p = fresh();
        const s = await connect();
        const n = 300;
        const id = await ballotFor(s, p, n);
        // Members vote in an order unrelated to their ids, so the member order the seal leaves is not the casting order.
        const members = Array.from({ length: n }, (_, i) => i).filter((i) => i % 10 !== 9);
        for (let i = members.length - 1; i > 0; i--) {
          const j = Math.floor(Math.random() * (i + 1));
          [members[i], members[j]] = [members[j], members[i]];
        }
        const castOrder: MemberId[] = [];
        for (const [k, i] of members.entries()) {
          const ballot = { ranking: ['c1', 'c2'].slice(0, 1 + (k % 2)), tracker: tracker() };
          const r =
            k % 5 === 0
              ? await s.recordOfflineVote(id, voter(p, i), k % 2 === 0 ? 'postal' : 'in-person', ballot)
              : await s.castBallot(id, voter(p, i), ballot);
          expect(r.ok).toBe(true);
          castOrder.push(voter(p, i));
        }
        const memberOrder = [...castOrder].sort();
        // Until the seal the marks are not laid out by member. On PostgreSQL, which appends rows, they lie
        // in the order the members voted, each with its own transaction id; SQLite fills a page from its
        // end and rebuilds it in key order when it splits, which blurs the order without hiding it.
        expect(Math.abs(await traces().markOrderCorrelation(id, memberOrder))).toBeLessThan(0.8);
        const before = await traces().markTransactions(id);
        if (before !== null) {
          expect(before).toBe(castOrder.length);
          expect(await traces().markOrderCorrelation(id, castOrder)).toBeGreaterThan(0.9);
        }

        const sealed = await s.sealBallots(id);
        expect(sealed.ok && sealed.value).toMatchObject({
          tracesCleared: true,
          voters: castOrder.length,
          byChannel: { online: castOrder.length - 54, postal: 27, 'in-person': 27 },
        });
        // With 270 marks, |tau| of two unrelated orders is above 0.15 by chance about once in 10^4 runs.
        expect(Math.abs(await traces().markOrderCorrelation(id, castOrder))).toBeLessThan(0.15);
        // Rewritten in member order.
        expect(Math.abs(await traces().markOrderCorrelation(id, memberOrder))).toBeGreaterThan(traces().memberOrderAfterSeal);
        const after = await traces().markTransactions(id);
        if (after !== null) expect(after).toBe(1);
        const staleMarks = await traces().staleMarkCopies(castOrder);
        if (staleMarks !== null) expect(staleMarks).toBe(0);
        const shared = await traces().marksSharingBallotTransactions(id);
        if (shared !== null) expect(shared).toBe(0);
        for (const m of castOrder) expect(await s.hasVoted(id, m)).toBe(true);
      });
    });
  });
}
