/**
 * Issue 5, "Prove it": a database fault. The real server (`hustings serve`, production mode) runs on
 * a PostgreSQL store in a fresh schema and takes a casting load while PostgreSQL goes away under it,
 * twice: a restart (fast shutdown: open transactions rolled back, connections cut) and a crash
 * (immediate shutdown, then crash recovery when it starts). Voters act as people at a browser do: a
 * refused cast is tried again after the wait the server asks for, with the same session, from a fresh
 * booth page. Nothing restarts the server: it has to find the database again by itself.
 *
 * It needs the PostgreSQL cluster on this machine that `pg_ctlcluster` (Debian's packaging) controls,
 * and the right to stop and start it (root, as on CI); otherwise it is skipped with a notice.
 * PostgreSQL is started again at the end, whatever happened.
 */
import { execFile } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessId } from '../../src/domain/ids.js';
import { openStore } from '../../src/store/index.js';
import { HustingsServer, ensureBuilt } from '../browser/harness.js';
import { Schemas, inSchema, postgresAvailable, server as POSTGRES } from '../store/postgres-server.js';
import { NoAnswer, PRODUCTION, acknowledged, booth, cast, castForm, isBooth, openBallot, prepareSessions, type Answer } from './common.js';
import { note, scale } from './summary.js';

const SMALL = scale() === 'small';
const LOAD = SMALL ? 1_000 : 5_000;
const IN_FLIGHT = 50;
/** How long PostgreSQL stays down in each fault: long enough for every voter in flight to run into it. */
const DOWN_MS = 3_000;
/** A voter who has been refused this many times gives up, and the run fails: the server did not recover. */
const MAX_ATTEMPTS = 40;
/** A refused connection is not a 503 and says nothing of when to come back; a browser user tries again after a moment. */
const RECONNECT_MS = 1_000;
/** How long the server may take to cast again once PostgreSQL is back before the run calls it stuck. */
const RECOVERY_LIMIT_MS = 120_000;

const exec = promisify(execFile);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Cluster {
  readonly version: string;
  readonly name: string;
}

/** The local cluster serving `url`, or why this run cannot restart it. */
async function clusterServing(url: string): Promise<Cluster | string> {
  const u = new URL(url);
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(u.hostname))
    return `the PostgreSQL server at ${u.hostname} is not on this machine, so it cannot be restarted`;
  let listed: string;
  try {
    listed = (await exec('pg_lsclusters', ['--no-header'])).stdout;
  } catch {
    return 'pg_lsclusters is not there (no Debian PostgreSQL cluster to restart)';
  }
  const port = u.port || '5432';
  // Ver Cluster Port Status Owner Data-directory Log-file
  const fields = listed
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find((f) => f[2] === port);
  if (!fields) return `no cluster listed by pg_lsclusters listens on port ${port}`;
  const owner = fields[4];
  if (process.getuid?.() !== 0 && os.userInfo().username !== owner) return `restarting cluster ${fields[0]}/${fields[1]} needs root or its owner, ${owner}`;
  return { version: fields[0], name: fields[1] };
}

async function pgctl(c: Cluster, action: 'start' | 'stop', mode?: 'fast' | 'immediate'): Promise<void> {
  await exec('pg_ctlcluster', [...(mode ? ['--mode', mode] : []), c.version, c.name, action], { timeout: 120_000 });
}

async function isOnline(c: Cluster): Promise<boolean> {
  const { stdout } = await exec('pg_lsclusters', ['--no-header', c.version, c.name]);
  return stdout.trim().split(/\s+/)[3] === 'online';
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Starts the cluster if it is down and waits until it takes connections: the run never leaves PostgreSQL stopped. */
async function ensureRunning(c: Cluster, url: string): Promise<void> {
  if (!(await isOnline(c))) await pgctl(c, 'start');
  const until = Date.now() + 60_000;
  while (!(await answers(url))) {
    if (Date.now() > until) throw new Error(`PostgreSQL cluster ${c.version}/${c.name} was started but takes no connections at ${url}`);
    await sleep(250);
  }
}

const SKIP_WHAT = 'database restart under load';
const reachable = await postgresAvailable(`Reliability: ${SKIP_WHAT}`);
const cluster = reachable ? await clusterServing(POSTGRES) : `no PostgreSQL server answers at ${POSTGRES}`;
if (typeof cluster === 'string') {
  console.warn(`Reliability: ${SKIP_WHAT}: skipped, ${cluster}`);
  note({ section: 'faults', text: `${SKIP_WHAT}: ${cluster}`, skipped: true });
}

/** What the voters met, all together. */
interface Tally {
  /** Voter index → tracker, for every cast the server acknowledged. */
  readonly acked: Map<number, string>;
  /** Voters whose cast was refused or cut off, and who found on trying again that their vote had been counted. */
  readonly foundVoted: Set<number>;
  retryable503: number;
  /** Of those, the ones that said the write's outcome was unknown (the connection died with the COMMIT on its way). */
  outcomeUnknown: number;
  /** 503s without a Retry-After or a plain "try again": not what a voter can act on. */
  readonly unclear503: string[];
  /** Any other 5xx: a bug. */
  readonly fiveHundreds: string[];
  /** 4xx other than "already voted": nothing in this run should be refused outright. */
  readonly unexpected: string[];
  /** Requests answered by nobody within HANG_MS. */
  readonly hangs: string[];
  /** Connections refused or reset (retried). */
  connectionErrors: number;
}

const alreadyVoted = (a: Answer): boolean => a.status === 409 && /already voted/.test(a.body);

/** Plain text of an error page's main part, short. */
const gist = (a: Answer): string =>
  `${a.status} ${(/<main[^>]*>([\s\S]*?)<\/main>/.exec(a.body)?.[1] ?? a.body)
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 160)}`;

interface FaultReport {
  readonly what: string;
  readonly ackedBefore: number;
  readonly retryable503: number;
  readonly connectionErrors: number;
  /** From PostgreSQL taking connections again to the server's next acknowledged cast. */
  readonly recoveryMs: number;
}

describe.skipIf(typeof cluster === 'string')('PostgreSQL restarted and crashed under a casting load', () => {
  const pgCluster = cluster as Cluster;
  const schemas = new Schemas();
  let db: string;
  let ballot: ProcessId;
  let tokens: string[];
  let server: HustingsServer | undefined;

  beforeAll(async () => {
    ensureBuilt();
    db = inSchema(await schemas.create('dbfault'));
    ballot = await openBallot(db, Math.ceil(LOAD * 1.2) + 50);
    tokens = (await prepareSessions(db, ballot, LOAD + 1)).tokens;
    server = await HustingsServer.start(db, PRODUCTION);
  });

  afterAll(async () => {
    try {
      await server?.stop();
    } finally {
      await ensureRunning(pgCluster, POSTGRES);
      await schemas.dropAll();
    }
  });

  it(`a restart and a crash of PostgreSQL during a ${LOAD}-ballot load: retryable 503s only, nothing acknowledged lost, the server recovers by itself`, async () => {
    const base = server!.url;
    const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
    const tally: Tally = {
      acked: new Map(),
      foundVoted: new Set(),
      retryable503: 0,
      outcomeUnknown: 0,
      unclear503: [],
      fiveHundreds: [],
      unexpected: [],
      hangs: [],
      connectionErrors: 0,
    };

    /** What a voter does with a refusal: wait as told and try again (true), or stop (false). */
    const refused = async (a: Answer, where: string): Promise<boolean> => {
      if (a.status === 503) {
        const wait = Number(a.headers['retry-after']);
        if (!Number.isInteger(wait) || wait <= 0 || !/try again/i.test(a.body)) {
          tally.unclear503.push(`${where}: Retry-After ${String(a.headers['retry-after'])}, ${gist(a)}`);
          await sleep(RECONNECT_MS);
        } else {
          tally.retryable503++;
          if (/cannot tell whether/.test(a.body)) tally.outcomeUnknown++;
          await sleep(wait * 1000);
        }
        return true;
      }
      if (a.status >= 500) {
        tally.fiveHundreds.push(`${where}: ${gist(a)}`);
        await sleep(RECONNECT_MS);
        return true;
      }
      tally.unexpected.push(`${where}: ${gist(a)}`);
      return false;
    };

    const samples = (xs: readonly string[]): string => (xs.length === 0 ? '0' : `${xs.length} (${xs.slice(0, 3).join(' | ')})`);
    const tallyText = (): string =>
      `so far ${tally.acked.size} acknowledged, ${tally.foundVoted.size} found voted, ${tally.retryable503} retryable 503s, ${tally.connectionErrors} connection errors; other 5xx ${samples(tally.fiveHundreds)}; unclear 503s ${samples(tally.unclear503)}; refused outright ${samples(tally.unexpected)}; hangs ${samples(tally.hangs)}`;

    const vote = async (i: number): Promise<void> => {
      const token = tokens[i];
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        let answer: Answer;
        try {
          const b = await booth(agent, base, ballot, token);
          if (!isBooth(b)) {
            if (alreadyVoted(b)) {
              tally.foundVoted.add(i);
              return;
            }
            if (await refused(b, 'booth')) continue;
            return;
          }
          answer = await cast(agent, base, ballot, token, castForm(b, i));
        } catch (e) {
          if (e instanceof NoAnswer) tally.hangs.push(e.message);
          else tally.connectionErrors++;
          await sleep(RECONNECT_MS);
          continue;
        }
        const tracker = acknowledged(answer);
        if (tracker !== undefined) {
          tally.acked.set(i, tracker);
          return;
        }
        if (alreadyVoted(answer)) {
          tally.foundVoted.add(i);
          return;
        }
        if (!(await refused(answer, 'cast'))) return;
      }
      throw new Error(`voter ${i} was refused ${MAX_ATTEMPTS} times: the server did not recover; ${tallyText()}`);
    };

    let next = 0;
    let finished = false;
    const lanes = Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        for (let i = next++; i < LOAD; i = next++) await vote(i);
      }),
    ).finally(() => {
      finished = true;
    });

    const until = async (cond: () => boolean, what: string, limitMs = Infinity): Promise<void> => {
      const deadline = Date.now() + limitMs;
      while (!cond()) {
        if (finished) throw new Error(`the load ended before ${what}; ${tallyText()}`);
        if (Date.now() > deadline) throw new Error(`no sign within ${limitMs / 1000} s of ${what}; ${tallyText()}`);
        await sleep(20);
      }
    };

    const fault = async (what: string, mode: 'fast' | 'immediate', atAcked: number): Promise<FaultReport> => {
      await until(() => tally.acked.size >= atAcked, `${atAcked} acknowledged casts, when PostgreSQL was to go down (${what})`);
      const before = { acked: tally.acked.size, retryable503: tally.retryable503, connectionErrors: tally.connectionErrors };
      try {
        await pgctl(pgCluster, 'stop', mode);
        await sleep(DOWN_MS);
      } finally {
        await ensureRunning(pgCluster, POSTGRES);
      }
      const up = performance.now();
      const ackedAtStart = tally.acked.size;
      await until(() => tally.acked.size > ackedAtStart, `a cast acknowledged after PostgreSQL came back from the ${what}`, RECOVERY_LIMIT_MS);
      return {
        what,
        ackedBefore: before.acked,
        retryable503: tally.retryable503 - before.retryable503,
        connectionErrors: tally.connectionErrors - before.connectionErrors,
        recoveryMs: performance.now() - up,
      };
    };

    const t0 = performance.now();
    const faults = (async () => [await fault('restart', 'fast', Math.floor(LOAD / 4)), await fault('crash', 'immediate', Math.floor(LOAD / 2))])();
    // Both to the end before judging: a failed fault must not leave voters running against a server being stopped.
    const [faulted, voted] = await Promise.allSettled([faults, lanes]);
    if (faulted.status === 'rejected' || voted.status === 'rejected') {
      const reason: unknown = faulted.status === 'rejected' ? faulted.reason : (voted as PromiseRejectedResult).reason;
      throw new Error(`${reason instanceof Error ? reason.message : String(reason)}\nThe server's console ends:\n${server!.tail(4000)}`);
    }
    const reports = faulted.value;
    const loadMs = performance.now() - t0;
    const ackedInLoad = tally.acked.size;

    // The same server process, never restarted, takes a cast once the load is over.
    const last = LOAD;
    const b = await booth(agent, base, ballot, tokens[last]);
    if (!isBooth(b)) throw new Error(`the booth after the faults refused: ${gist(b)}`);
    const after = await cast(agent, base, ballot, tokens[last], castForm(b, last));
    agent.destroy();
    const afterTracker = acknowledged(after);
    expect(afterTracker, gist(after)).toBeDefined();
    tally.acked.set(last, afterTracker!);

    expect(tally.fiveHundreds).toEqual([]);
    expect(tally.unclear503).toEqual([]);
    expect(tally.hangs).toEqual([]);
    expect(tally.unexpected).toEqual([]);
    for (const r of reports) expect(r.retryable503, `503s while PostgreSQL was down in the ${r.what}`).toBeGreaterThan(0);
    expect(tally.acked.size + tally.foundVoted.size).toBe(LOAD + 1);

    await server!.stop();
    server = undefined;
    const store = await openStore(db);
    try {
      const stored = (await store.ballots(ballot)).map((x) => x.tracker);
      const storedSet = new Set(stored);
      const lost = [...tally.acked.values()].filter((t) => !storedSet.has(t));
      expect(lost).toEqual([]);
      expect(storedSet.size).toBe(stored.length);
      const marked = await store.turnout(ballot);
      expect(marked).toBe(stored.length);
      // Every voter is either acknowledged or found their vote counted on trying again: one ballot each, no more.
      expect(stored.length).toBe(tally.acked.size + tally.foundVoted.size);
      const members = (await store.electorate(ballot)).filter((e) => e.eligible).map((e) => e.member);
      for (const i of tally.foundVoted) expect(await store.hasVoted(ballot, members[i])).toBe(true);

      const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
      const n = (x: number): string => x.toLocaleString('en-GB');
      const cutOff = tally.foundVoted.size > 0 ? `, ${n(tally.foundVoted.size)} cut off but found counted on retrying` : '';
      note({
        section: 'load',
        text: `PostgreSQL, ${IN_FLIGHT} voters at a time: ${n(LOAD)} through two database faults in ${s(loadMs)}, ${n(ackedInLoad)} acknowledged${cutOff}`,
      });
      for (const r of reports) {
        const how = r.what === 'restart' ? 'fast shutdown' : 'immediate shutdown';
        const resets = r.connectionErrors > 0 ? `, ${n(r.connectionErrors)} connections reset` : '';
        note({
          section: 'faults',
          text: `PostgreSQL ${r.what} (${how}, ${DOWN_MS / 1000} s down) after ${n(r.ackedBefore)} casts: ${n(r.retryable503)} × 503 + Retry-After${resets}; casting again ${s(r.recoveryMs)} after`,
        });
      }
      const unknown = tally.outcomeUnknown > 0 ? `${n(tally.outcomeUnknown)} told "cannot tell whether it was saved"; ` : '';
      note({
        section: 'faults',
        text: `  → one server, never restarted: no 500, no hang; ${unknown}all acknowledged stored, none twice, marked ${n(marked)} = ballots ${n(stored.length)}`,
        lost: lost.length,
      });
    } finally {
      await store.close();
    }
  });
});
