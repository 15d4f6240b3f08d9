/**
 * Casting load over loopback: 20,000 ballots cast through the real web app,
 * 200 voters at a time, on SQLite and on PostgreSQL.
 *
 * The server is the real one in its own process (`node dist/bin/main.js serve`,
 * production mode, its outbox sender off: invitations go by `hustings outbox
 * drain`, apart from the servers voters use), over a demo party with a national ballot open to every
 * member: `hustings demo`, then `hustings election open / nominate / freeze /
 * open-ballot`, all through the command line. Each ballot is cast by a
 * different member with a signed-in session of their own, the way a browser
 * does it: GET the booth (which carries the form's CSRF token and the
 * candidates), then POST the cast with that token and a ranking. 200 voters
 * are in flight at any moment; when one has cast, the next member starts.
 * The voters' requests go through undici's Pool (one kept-alive connection per
 * voter), a leaner client than node:http's, since here the voters share the
 * server's two cores.
 *
 * This measures casting, not signing in: the sessions are put into the store
 * beforehand (a random token per member, only its hash stored, exactly what
 * signing in leaves behind), because 20,000 sign-ins from one address are,
 * rightly, throttled by the sign-in rate limit.
 *
 * Printed: ballots per second (successful casts over the time from the first
 * request to the last answer) and the p50/p99 latency of the cast request (the
 * booth request's too), and whether what was stored matches what was
 * acknowledged. Goal (issue 4): on SQLite at least 1,500 ballots/s with the
 * cast's p99 under 100 ms. PostgreSQL runs in a fresh schema, dropped
 * afterwards; without a server it is skipped with a notice.
 *
 * Settings (environment):
 *   BENCH_CASTING_BALLOTS=20000                           ballots (and members casting them)
 *   BENCH_CASTING_VOTERS=200                              voters in flight at once
 *   BENCH_CASTING_MEMBERS=<ballots × 1.2>                 the party's size (larger, to see what a cast costs in a big party)
 *   BENCH_CASTING_LIMIT_S=600                             time limit for each backend's load
 *   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/test  the PostgreSQL server
 *   BENCH_CASTING_CPU_PROF=<dir>                          the server writes a CPU profile (node --cpu-prof) there
 */
import type { ProcessId } from '../src/domain/ids.js';
import { envWholeNumber, progress } from './context.js';
import { count, seconds, table } from './format.js';
import {
  castAll,
  cpuOfPid,
  inFreshSchema,
  inTempSqlite,
  latency,
  openBallot,
  prepareSessions,
  startServer,
  storedBallots,
  type Latency,
  type LoadResult,
  type Server,
} from './voters.js';

/** The demo gives about 89% of its members a vote in a national ballot; a fifth more members than ballots leaves room. */
const MEMBERS_PER_BALLOT = 1.2;
const GOAL = { ballotsPerSecond: 1500, p99Ms: 100 } as const;

export interface CastingBackend {
  readonly dialect: 'sqlite' | 'postgres';
  readonly skipped?: string;
  /** Why the run failed before or during the load. */
  readonly failure?: string;
  /** Setting up: demo party, ballot opened and electorate frozen, sessions stored. */
  readonly setupMs?: number;
  readonly eligible?: number;
  readonly acknowledged?: number;
  readonly errors?: number;
  /** A few refused or failed casts, as the server answered them. */
  readonly errorSamples?: readonly string[];
  readonly loadMs?: number;
  /** CPU used during the load by the server process and by this process (the voters' side), where the platform tells. */
  readonly serverCpuMs?: number;
  readonly clientCpuMs?: number;
  readonly ballotsPerSecond?: number;
  readonly cast?: Latency;
  readonly booth?: Latency;
  /** Read back from the store after the server stopped. */
  readonly stored?: { readonly turnout: number; readonly ballots: number };
}

export interface CastingResult {
  readonly ballots: number;
  readonly voters: number;
  readonly members: number;
  readonly goal: typeof GOAL;
  readonly backends: readonly CastingBackend[];
  /** PASS or MISS on SQLite; absent when SQLite did not run to the end. */
  readonly verdict?: 'PASS' | 'MISS';
}

async function run(dialect: 'sqlite' | 'postgres', db: string, ballots: number, voters: number, limitMs: number): Promise<CastingBackend> {
  const members = membersFor(ballots);
  const s0 = performance.now();
  let ballot: ProcessId;
  let prepared: { tokens: string[]; eligible: number };
  try {
    progress(`casting: ${dialect}: demo party of ${count(members)} members, a national ballot opened, electorate frozen`);
    ballot = await openBallot(db, members);
    progress(`casting: ${dialect}: ${count(ballots)} sessions put into the store`);
    prepared = await prepareSessions(db, ballot, ballots);
  } catch (e) {
    return { dialect, failure: `setting up: ${e instanceof Error ? e.message : String(e)}` };
  }
  const setupMs = performance.now() - s0;
  let server: Server;
  try {
    // As where casting is heaviest: the ballot's invitations are sent by another process
    // (hustings outbox drain), not by the server the voters use.
    server = await startServer(db, { HUSTINGS_OUTBOX_SENDER: 'off' });
  } catch (e) {
    return { dialect, setupMs, eligible: prepared.eligible, failure: e instanceof Error ? e.message : String(e) };
  }
  let load: LoadResult;
  let serverCpuMs: number | undefined;
  let clientCpuMs: number;
  try {
    progress(`casting: ${dialect}: ${count(ballots)} ballots, ${voters} voters at a time, against ${server.url}`);
    const server0 = cpuOfPid(server.child.pid);
    const client0 = process.cpuUsage();
    load = await castAll([server.url], ballot, prepared.tokens, voters, limitMs);
    const client = process.cpuUsage(client0);
    clientCpuMs = (client.user + client.system) / 1000;
    const server1 = cpuOfPid(server.child.pid);
    if (server0 !== undefined && server1 !== undefined) serverCpuMs = server1 - server0;
  } finally {
    await server.stop();
  }
  const stored = await storedBallots(db, ballot);
  return {
    dialect,
    setupMs,
    eligible: prepared.eligible,
    acknowledged: load.acknowledged,
    errors: load.errors,
    errorSamples: load.errorSamples,
    loadMs: load.loadMs,
    ...(serverCpuMs !== undefined ? { serverCpuMs } : {}),
    clientCpuMs,
    ballotsPerSecond: load.acknowledged / (load.loadMs / 1000),
    ...(load.castMs.length > 0 ? { cast: latency(load.castMs) } : {}),
    ...(load.boothMs.length > 0 ? { booth: latency(load.boothMs) } : {}),
    stored,
  };
}

function sqlite(ballots: number, voters: number, limitMs: number): Promise<CastingBackend> {
  return inTempSqlite('casting-bench', (db) => run('sqlite', db, ballots, voters, limitMs));
}

function postgres(ballots: number, voters: number, limitMs: number): Promise<CastingBackend> {
  return inFreshSchema(
    'casting',
    (db) => run('postgres', db, ballots, voters, limitMs),
    (skipped) => ({ dialect: 'postgres', skipped }),
  );
}

/** The party's size: by default just enough members for the ballots, or BENCH_CASTING_MEMBERS, never fewer than that. */
const membersFor = (ballots: number): number => Math.max(Math.ceil(ballots * MEMBERS_PER_BALLOT), envWholeNumber('BENCH_CASTING_MEMBERS', 0));

export async function casting(): Promise<CastingResult> {
  const ballots = envWholeNumber('BENCH_CASTING_BALLOTS', 20_000);
  const voters = envWholeNumber('BENCH_CASTING_VOTERS', 200);
  const limitMs = envWholeNumber('BENCH_CASTING_LIMIT_S', 600) * 1000;
  const backends = [await sqlite(ballots, voters, limitMs), await postgres(ballots, voters, limitMs)];
  const lite = backends[0];
  const finished = lite.failure === undefined && lite.cast !== undefined && lite.ballotsPerSecond !== undefined;
  const met = finished && lite.errors === 0 && lite.ballotsPerSecond! >= GOAL.ballotsPerSecond && lite.cast!.p99Ms < GOAL.p99Ms;
  return { ballots, voters, members: membersFor(ballots), goal: GOAL, backends, ...(finished ? { verdict: met ? 'PASS' : 'MISS' } : {}) };
}

export function renderCasting(res: CastingResult): string {
  const lines = [
    `Casting load over loopback · ${count(res.ballots)} ballots, ${res.voters} voters at a time, each member casting once through the real server (its own process)`,
    `  each voter: GET the booth (CSRF token and candidates from the page) → POST the cast; sessions are stored beforehand, so this measures casting, not signing in`,
    '',
  ];
  const ms = (x: number | undefined): string => (x === undefined ? '—' : `${x.toFixed(x < 10 ? 1 : 0)} ms`);
  const rows = res.backends.map((b) => {
    const name = b.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    if (b.skipped) return [name, 'skipped', '', '', '', '', '', '', ''];
    if (b.failure !== undefined && b.acknowledged === undefined) return [name, 'FAILED', '', '', '', '', '', '', ''];
    const consistent = b.stored && b.stored.turnout === b.acknowledged && b.stored.ballots === b.acknowledged;
    return [
      name,
      b.ballotsPerSecond === undefined ? '—' : count(Math.round(b.ballotsPerSecond)),
      ms(b.cast?.p50Ms),
      ms(b.cast?.p99Ms),
      ms(b.cast?.maxMs),
      `${ms(b.booth?.p50Ms)} / ${ms(b.booth?.p99Ms)}`,
      `${count(b.acknowledged ?? 0)} in ${seconds(b.loadMs)}`,
      count(b.errors ?? 0),
      b.stored ? `${count(b.stored.ballots)} ballots, ${count(b.stored.turnout)} marked voted${consistent ? '' : ' — MISMATCH'}` : '—',
    ];
  });
  lines.push(table(['', 'ballots/s', 'cast p50', 'cast p99', 'cast max', 'booth p50 / p99', 'acknowledged', 'errors', 'in the store afterwards'], rows));
  for (const b of res.backends) {
    const name = b.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    if (b.skipped) lines.push(`  ${name}: ${b.skipped}`);
    if (b.failure !== undefined) lines.push(`  ${name}: FAILED: ${b.failure}`);
    for (const e of b.errorSamples ?? []) lines.push(`  ${name} error: ${e}`);
    if (b.loadMs !== undefined) {
      const per = (cpu: number | undefined): string =>
        cpu === undefined ? '—' : `${seconds(cpu)} (${((cpu / (b.acknowledged || 1)) * 1000).toFixed(0)} µs a ballot)`;
      lines.push(
        `  ${name}: CPU during the load: server ${per(b.serverCpuMs)}, voters' side (this process) ${per(b.clientCpuMs)}, over ${seconds(b.loadMs)} of wall time`,
      );
    }
    if (b.setupMs !== undefined)
      lines.push(`  ${name}: set-up (demo party, ballot, ${count(b.eligible ?? 0)} eligible, sessions) took ${seconds(b.setupMs)}, not counted`);
  }
  const lite = res.backends.find((b) => b.dialect === 'sqlite');
  const goal = `goal on SQLite: at least ${count(res.goal.ballotsPerSecond)} ballots/s with the cast's p99 under ${res.goal.p99Ms} ms`;
  lines.push(
    res.verdict === undefined
      ? `  ${goal}: not measured (SQLite did not run to the end)`
      : `  ${goal}: ${res.verdict} (${count(Math.round(lite!.ballotsPerSecond!))} ballots/s, p99 ${ms(lite!.cast!.p99Ms)}${lite!.errors ? `, ${count(lite!.errors)} errors` : ''})`,
  );
  return lines.join('\n');
}
