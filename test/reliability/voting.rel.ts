/**
 * Issue 5, "Prove it": double voting, a crash under load, and access, against the real server
 * (`node dist/bin/main.js serve`) in its own process on a SQLite store.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import type { MemberId, ProcessId } from '../../src/domain/ids.js';
import { newSessionToken, sessionTokenHash } from '../../src/web/server/tokens.js';
import { HustingsServer, ensureBuilt } from '../browser/harness.js';
import { trackerOf } from '../integrity/helpers.js';
import { PRODUCTION, acknowledged, booth, cast, castForm, isBooth, openBallot, prepareSessions, request, tempDb } from './common.js';
import { note, scale } from './summary.js';

const SMALL = scale() === 'small';
const LOAD = SMALL ? 1_000 : 10_000;
const DOUBLE = 1_000;
const IN_FLIGHT = 100;

describe('casting under attack and a crash', () => {
  const db = tempDb();
  let ballot: ProcessId;
  let tokens: string[];
  let server: HustingsServer;

  beforeAll(async () => {
    ensureBuilt();
    ballot = await openBallot(db, Math.ceil(LOAD * 1.2) + 50);
    tokens = (await prepareSessions(db, ballot, LOAD + 10)).tokens;
    server = await HustingsServer.start(db, PRODUCTION);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it(`${DOUBLE} concurrent casts with one credential store exactly one ballot`, async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });
    const token = tokens[LOAD];
    const b = await booth(agent, server.url, ballot, token);
    if (!isBooth(b)) throw new Error(`booth refused: ${b.status}`);
    const answers = await Promise.all(Array.from({ length: DOUBLE }, () => cast(agent, server.url, ballot, token, castForm(b, 1))));
    agent.destroy();
    const ok = answers.filter((a) => acknowledged(a) !== undefined);
    const fivexx = answers.filter((a) => a.status >= 500);
    expect(fivexx.length).toBe(0);
    expect(ok.length).toBe(1);
    const store = await openStore(db);
    try {
      const box = (await store.ballotBox(ballot))!;
      expect(box.voters).toBe(1);
      expect(box.ballots).toBe(1);
    } finally {
      await store.close();
    }
    note({
      section: 'load',
      text: `double voting: ${DOUBLE} parallel casts with one credential → ${ok.length} acknowledged, ${DOUBLE - ok.length} refused (4xx), 1 ballot stored`,
    });
  });

  it('an online cast racing a postal vote for the same member: exactly one counts', async () => {
    const agent = new http.Agent({ keepAlive: true });
    const token = tokens[LOAD + 1];
    const b = await booth(agent, server.url, ballot, token);
    if (!isBooth(b)) throw new Error(`booth refused: ${b.status}`);
    const store = await openStore(db);
    try {
      const member = await memberOfToken(store, token);
      const before = (await store.ballotBox(ballot))!;
      const [online, postal] = await Promise.all([
        cast(agent, server.url, ballot, token, castForm(b, 2)),
        store.recordOfflineVote(ballot, member, 'postal', { ranking: [b.candidates[0]], tracker: trackerOf(900_001) }),
      ]);
      const wins = (acknowledged(online) !== undefined ? 1 : 0) + (postal.ok ? 1 : 0);
      expect(online.status).toBeLessThan(500);
      expect(wins).toBe(1);
      const after = (await store.ballotBox(ballot))!;
      expect(after.voters - before.voters).toBe(1);
      expect(after.ballots - before.ballots).toBe(1);
      note({ section: 'load', text: `online vs postal for one member, raced: ${postal.ok ? 'postal' : 'online'} won, the other refused, 1 ballot stored` });
    } finally {
      agent.destroy();
      await store.close();
    }
  });

  it(`SIGKILL in the middle of a ${LOAD}-ballot load loses no acknowledged ballot`, async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
    const acked = new Set<string>();
    let next = 0;
    let killed = false;
    let failedAfterKill = 0;
    const t0 = performance.now();
    const killAt = Math.floor(LOAD / 2);
    const voter = async (): Promise<void> => {
      for (let i = next++; i < LOAD && !killed; i = next++) {
        try {
          const b = await booth(agent, server.url, ballot, tokens[i]);
          if (!isBooth(b)) throw new Error(`booth ${b.status}`);
          const a = await cast(agent, server.url, ballot, tokens[i], castForm(b, i));
          const t = acknowledged(a);
          if (t !== undefined) acked.add(t);
          else if (!killed) throw new Error(`cast refused before the crash: ${a.status} ${a.body.slice(0, 200)}`);
          if (!killed && acked.size >= killAt) {
            killed = true;
            await server.kill();
          }
        } catch (e) {
          if (!killed) throw e;
          failedAfterKill++;
        }
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, voter));
    const loadMs = performance.now() - t0;
    agent.destroy();
    expect(killed).toBe(true);

    // Restarted on the same file, it takes casts again.
    server = await HustingsServer.start(db, PRODUCTION);
    const agent2 = new http.Agent({ keepAlive: true });
    const b = await booth(agent2, server.url, ballot, tokens[LOAD + 2]);
    if (!isBooth(b)) throw new Error(`booth after restart refused: ${b.status}`);
    const after = await cast(agent2, server.url, ballot, tokens[LOAD + 2], castForm(b, 3));
    agent2.destroy();
    expect(acknowledged(after)).toBeDefined();
    await server.stop();

    const store = await openStore(db);
    try {
      const sealed = await store.sealBallots(ballot);
      if (!sealed.ok) throw new Error(sealed.error.message);
      const stored = (await store.ballots(ballot)).map((x) => x.tracker);
      const storedSet = new Set(stored);
      const lost = [...acked].filter((t) => !storedSet.has(t));
      expect(lost).toEqual([]);
      expect(storedSet.size).toBe(stored.length);
      const box = (await store.ballotBox(ballot))!;
      expect(box.voters).toBe(box.ballots);
      expect(box.ballots).toBe(stored.length);
      note({
        section: 'load',
        text: `load: ${acked.size} ballots acknowledged by ${IN_FLIGHT} voters at a time in ${(loadMs / 1000).toFixed(1)} s (${Math.round(acked.size / (loadMs / 1000))} ballots/s) before the kill`,
      });
      note({
        section: 'faults',
        text: `SIGKILL of the server after ${acked.size} of ${LOAD} ballots (${failedAfterKill} casts cut off): restarted on the same SQLite file; ${stored.length} stored (2 earlier tests + restart cast included), every acknowledged one there, none twice, voters marked ${box.voters} = ballots ${box.ballots}`,
        lost: lost.length,
      });
    } finally {
      await store.close();
    }
    server = await HustingsServer.start(db, PRODUCTION);
  });

  it("access: ineligible voter, spent credential, board before close, another unit's meeting — all refused, nothing stored", async () => {
    const store = await openStore(db);
    const agent = new http.Agent({ keepAlive: true });
    try {
      await store.sealBallots(ballot).catch(() => undefined);
      const outsider = (await store.electorate(ballot)).find((e) => !e.eligible)?.member as MemberId | undefined;
      expect(outsider).toBeDefined();
      const token = newSessionToken();
      const now = new Date();
      await store.putSession({
        tokenHash: sessionTokenHash(token),
        member: outsider!,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + 3_600_000).toISOString(),
      });
      const before = (await store.ballotBox(ballot))!;
      const headBefore = await store.auditHead();
      const results: string[] = [];

      const outsiderBooth = await booth(agent, server.url, ballot, token);
      expect(isBooth(outsiderBooth)).toBe(false);
      if (!isBooth(outsiderBooth)) {
        expect(outsiderBooth.status).toBeGreaterThanOrEqual(400);
        expect(outsiderBooth.status).toBeLessThan(500);
        results.push(`booth for a member outside the electorate ${outsiderBooth.status}`);
      }
      const forged = await cast(agent, server.url, ballot, token, 'action=cast&rank-x=1');
      expect(forged.status).toBeGreaterThanOrEqual(400);
      expect(forged.status).toBeLessThan(500);
      results.push(`cast by them ${forged.status}`);

      const spent = await cast(agent, server.url, ballot, tokens[0], 'action=cast&rank-x=1');
      expect(spent.status).toBeGreaterThanOrEqual(400);
      expect(spent.status).toBeLessThan(500);
      results.push(`spent credential ${spent.status}`);

      const board = await request(agent, new URL(`/results/${encodeURIComponent(ballot)}/board.json`, server.url), 'GET', {});
      expect(board.status).toBeGreaterThanOrEqual(400);
      expect(board.status).toBeLessThan(500);
      results.push(`board before close ${board.status}`);

      const unit = (await store.listUnits())[0].id;
      const meeting = await request(
        agent,
        new URL(`/units/${encodeURIComponent(unit)}/processes/${encodeURIComponent(ballot)}/meeting`, server.url),
        'POST',
        { Cookie: `hustings=${token}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        'for=3&against=1',
      );
      expect(meeting.status).toBeGreaterThanOrEqual(400);
      expect(meeting.status).toBeLessThan(500);
      results.push(`another unit's meeting ${meeting.status}`);

      const after = (await store.ballotBox(ballot))!;
      expect(after.voters).toBe(before.voters);
      expect(after.ballots).toBe(before.ballots);
      expect((await store.auditHead())?.seq).toBe(headBefore?.seq);
      note({ section: 'access', text: `refused: ${results.join('; ')}; nothing stored, audit head unchanged` });
    } finally {
      agent.destroy();
      await store.close();
    }
  });
});

async function memberOfToken(store: Awaited<ReturnType<typeof openStore>>, token: string): Promise<MemberId> {
  const s = await store.getSession(sessionTokenHash(token), new Date().toISOString());
  if (!s) throw new Error('no session for the token');
  return s.member;
}
