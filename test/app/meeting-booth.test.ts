/**
 * An online nomination meeting's booth through the use cases, on SQLite and on PostgreSQL: the chair
 * opens each round, members present who may vote cast one vote each (a second refused, two at once
 * counted once, a provisional member and a vote after the close refused), the chair sees only how
 * many have voted, and closing counts the round through the exhaustive-ballot rules: two dropped
 * together in round 1, the lowest in round 2, a majority in round 3. Opening and closing are audited.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { boothRoundOf, castBoothVote, closeBoothRound, openBoothRound } from '../../src/app/meeting-booth.js';
import { confirmDecision, enterRound, recordAttendance } from '../../src/app/nomination-meetings.js';
import type { DocumentOfKind } from '../../src/app/load-process.js';
import { memberId, processId, unitId } from '../../src/domain/ids.js';
import type { Member } from '../../src/domain/organisation.js';
import { LABOUR_2021 } from '../../src/domain/presets.js';
import { callNominationMeeting, meetingWinner } from '../../src/domain/processes/index.js';
import { fixedClock, isoDate } from '../../src/domain/time.js';
import { processStepRecord } from '../../src/audit/index.js';
import { readAuditLog } from '../../src/store/audit-rows.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';
import { admin, inSchema, postgresAvailable, Schemas } from '../store/postgres-server.js';

type Meeting = DocumentOfKind<'nomination-meeting'>;

const DAY = isoDate('2026-06-20');
const clock = fixedClock(new Date(`${DAY}T19:00:00.000Z`));

const member = (id: string, joined: string): Member => ({
  id: memberId(id),
  name: `Member ${id}`,
  email: `${id}@example.org`,
  branch: unitId('north'),
  joined: isoDate(joined),
  statusHistory: [{ from: isoDate(joined), status: 'current' }],
  gender: null,
});
const CANDIDATES = ['ca', 'cb', 'cc', 'cd', 'ce'].map((id, i) => ({ member: id, name: `Candidate ${'ABCDE'[i]}` }));
const VOTERS = ['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8'];

const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const reasonOf = (r: { ok: boolean; error?: { reason: string } }) => (r.ok ? 'ok' : r.error!.reason);

async function onlineMeeting(store: Store): Promise<Meeting> {
  await store.putUnits([
    { id: unitId('party'), kind: 'party', name: 'The Party', parent: null, constituency: null },
    { id: unitId('seat'), kind: 'constituency', name: 'Seat CLP', parent: unitId('party'), constituency: null },
    { id: unitId('north'), kind: 'branch', name: 'North', parent: unitId('seat'), constituency: null },
  ]);
  // Eight members of long standing, and one who joined three weeks before the meeting (inside the 8-week provisional period).
  await store.putMembers([...VOTERS.map((v) => member(v, '2015-01-01')), member('p1', '2026-05-30')]);
  const ctx = { rulebook: LABOUR_2021, clock, actor: 'chair' };
  const step = must(
    callNominationMeeting(
      {
        title: 'Seat CLP: nomination meeting',
        body: { id: 'seat', name: 'Seat CLP' },
        election: { process: 'leader-2026', title: 'Leader 2026', nominationsClose: isoDate('2026-07-20') },
        date: DAY,
        place: 'online',
        candidates: CANDIDATES,
        seed: 7,
        voting: 'online',
      },
      ctx,
    ),
  );
  const id = processId('meeting-seat');
  const audit = processStepRecord({ process: id, kind: 'nomination-meeting', version: 1, event: step.event }, 'chair', step.event.at);
  must(
    await store.createProcess(
      { id, kind: 'nomination-meeting', constituency: unitId('seat'), rulebook: step.state.rulebook, state: step.state },
      { event: step.event, at: step.event.at, audit },
    ),
  );
  const doc = (await store.processDocument(id)) as Meeting;
  return must(await recordAttendance({ store, clock, actor: 'chair' }, doc, [...VOTERS, 'p1']));
}

/** Each voter's choice in a round, by candidate id: `ballot('ca', 3)` is three votes for A. */
const ballot = (...tallies: [string, number][]) => tallies.flatMap(([c, n]) => Array<string>(n).fill(c));

async function voteRound(store: Store, m: Meeting, choices: readonly string[]): Promise<void> {
  // All at once, as members in the booth would: the store takes each once.
  const results = await Promise.all(choices.map((c, i) => castBoothVote(store, m, memberId(VOTERS[i]!), c)));
  for (const r of results) must(r);
}

const pg = await postgresAvailable('the online meeting booth on PostgreSQL');
const schemas = new Schemas();
afterAll(() => schemas.dropAll());

let schemaNo = 0;
const stores: [string, boolean, () => Promise<Store>][] = [
  ['sqlite', true, () => openStore('sqlite::memory:')],
  ['postgres', pg, async () => openStore(inSchema(await schemas.create(`booth${++schemaNo}`)))],
];

for (const [dialect, available, open] of stores) {
  describe.skipIf(!available)(`an online nomination meeting's booth (${dialect})`, () => {
    it('three rounds of secret votes, counted by the exhaustive ballot, one vote a member a round', async () => {
      const store = await open();
      try {
        const a = { store, clock, actor: 'chair' };
        let m = await onlineMeeting(store);
        expect(m.state.voting).toBe('online');
        // Before a round is open nobody votes, and the chair cannot enter tallies by hand.
        expect(reasonOf(await castBoothVote(store, m, memberId('v1'), 'ca'))).toBe('closed');
        expect(reasonOf(await enterRound(a, m, { ca: 1, cb: 0, cc: 0, cd: 0, ce: 0 }, 0))).toBe('invalid-transition');

        m = must(await openBoothRound(a, m));
        expect(m.state.openRound?.round).toBe(1);
        expect(reasonOf(await openBoothRound(a, m))).toBe('invalid-transition');
        expect(reasonOf(await castBoothVote(store, m, memberId('p1'), 'ca'))).toBe('not-eligible');
        expect(reasonOf(await castBoothVote(store, m, memberId('outsider'), 'ca'))).toBe('not-eligible');
        expect(reasonOf(await castBoothVote(store, m, memberId('v1'), 'nobody'))).toBe('invalid-input');
        // Round 1: A 3, B 2, C 2, D 1, E 0. D and E together (1) are fewer than the next (2): both go.
        await voteRound(store, m, ballot(['ca', 3], ['cb', 2], ['cc', 2], ['cd', 1]));
        // A second vote is refused; two at once from one member count once.
        expect(reasonOf(await castBoothVote(store, m, memberId('v1'), 'cb'))).toBe('already-voted');
        const view = await boothRoundOf(store, m, memberId('v1'));
        expect(view).toMatchObject({ round: 1, voted: 8, youVoted: true });
        expect(Object.keys(view!)).not.toContain('votes');
        expect(reasonOf(await confirmDecision(a, m, false, 'no one'))).toBe('invalid-transition');
        m = must(await closeBoothRound(a, m));
        expect(m.state.openRound).toBeNull();
        expect(m.state.rounds[0]?.votes).toEqual({ ca: 3, cb: 2, cc: 2, cd: 1, ce: 0 });
        // A vote after the close is not taken.
        expect(
          reasonOf(await castBoothVote(store, { ...m, state: { ...m.state, openRound: { round: 1, openedAt: '', by: null } } }, memberId('v2'), 'ca')),
        ).toBe('closed');

        // Round 2, between A, B and C: A 3, B 3, C 2 — C goes. Each member votes afresh.
        m = must(await openBoothRound(a, m));
        expect((await boothRoundOf(store, m, memberId('v1')))?.candidates.map((c) => c.member)).toEqual(['ca', 'cb', 'cc']);
        expect(reasonOf(await castBoothVote(store, m, memberId('v1'), 'cd'))).toBe('invalid-input');
        const twice = await Promise.all([castBoothVote(store, m, memberId('v8'), 'cc'), castBoothVote(store, m, memberId('v8'), 'ca')]);
        expect(twice.map(reasonOf).sort()).toEqual(['already-voted', 'ok']);
        const first = twice[0]!.ok ? 'cc' : 'ca';
        const rest = ballot(['ca', 3], ['cb', 3], ['cc', 2]);
        rest.splice(rest.indexOf(first), 1);
        await voteRound(store, m, rest);
        expect((await boothRoundOf(store, m, null))?.voted).toBe(8);
        m = must(await closeBoothRound(a, m));
        expect(m.state.rounds[1]?.votes).toEqual({ ca: 3, cb: 3, cc: 2 });
        expect(meetingWinner(m.state)).toBeNull();

        // Round 3, A against B: A 5 of 7 cast (one member does not vote) is more than half.
        m = must(await openBoothRound(a, m));
        await voteRound(store, m, ballot(['ca', 5], ['cb', 2]));
        expect(await boothRoundOf(store, m, memberId('v8'))).toMatchObject({ voted: 7, youVoted: false });
        m = must(await closeBoothRound(a, m));
        expect(meetingWinner(m.state)).toMatchObject({ member: 'ca', round: 3 });
        expect(reasonOf(await openBoothRound(a, m))).toBe('invalid-transition');

        const log = await readAuditLog(store);
        const types = log.map((e) => e.type);
        expect(types.filter((t) => t === 'meeting.round-opened')).toHaveLength(3);
        expect(types.filter((t) => t === 'meeting.round-closed')).toHaveLength(3);
        const closed = log.filter((e) => e.type === 'meeting.round-closed');
        expect(closed[0]?.data).toMatchObject({ round: 1, turnout: 8 });
        // The log never says who voted.
        for (const e of log.filter((x) => x.type.startsWith('meeting.round'))) for (const v of VOTERS) expect(JSON.stringify(e)).not.toContain(`"${v}"`);
      } finally {
        await store.close();
      }
    }, 60_000);
  });
}

/** Four votes in round 1, closed: what the tables then hold. */
async function votedAndClosed(store: Store): Promise<void> {
  const a = { store, clock, actor: 'chair' };
  let m = must(await openBoothRound(a, await onlineMeeting(store)));
  await voteRound(store, m, ballot(['ca', 2], ['cb', 2]));
  m = must(await closeBoothRound(a, m));
  expect(m.state.rounds[0]?.votes).toMatchObject({ ca: 2, cb: 2 });
}

describe('a vote in the booth is never linked to its voter', () => {
  it('on SQLite: a vote row has no member, no time, no rowid; the marks have no vote', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hustings-booth-'));
    try {
      const file = join(dir, 'h.db');
      const store = await openStore(`sqlite:${file}`);
      await votedAndClosed(store);
      await store.close();
      const db = new Database(file, { readonly: true });
      const columns = (t: string) => (db.pragma(`table_info(${t})`) as { name: string }[]).map((c) => c.name);
      expect(columns('meeting_round_votes')).toEqual(['process', 'round', 'key', 'candidate']);
      expect(columns('meeting_round_voters')).toEqual(['process', 'round', 'member']);
      // WITHOUT ROWID: no counting-up row number records the order of voting.
      expect(() => db.prepare('SELECT rowid FROM meeting_round_votes').all()).toThrow(/rowid/);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!pg)('on PostgreSQL: after the close no vote shares a transaction id with a mark, and votes lie in key order', async () => {
    const schema = await schemas.create(`booth${++schemaNo}`);
    const store = await openStore(inSchema(schema));
    try {
      await votedAndClosed(store);
    } finally {
      await store.close();
    }
    await admin(async (c) => {
      const columns = await c.query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = 'meeting_round_votes' ORDER BY ordinal_position`,
        [schema],
      );
      expect(columns.rows.map((r) => r.column_name)).toEqual(['process', 'round', 'key', 'candidate']);
      const shared = await c.query(`SELECT 1 FROM ${schema}.meeting_round_votes v JOIN ${schema}.meeting_round_voters m ON v.xmin::text = m.xmin::text`);
      expect(shared.rowCount).toBe(0);
      const ids = await c.query<{ n: string }>(`SELECT count(DISTINCT xmin::text) AS n FROM ${schema}.meeting_round_votes`);
      expect(ids.rows[0]?.n).toBe('1');
      const heap = await c.query<{ key: string }>(`SELECT key FROM ${schema}.meeting_round_votes ORDER BY ctid`);
      expect(heap.rows.map((r) => r.key)).toEqual(heap.rows.map((r) => r.key).sort());
    });
  });
});
