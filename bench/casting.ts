/**
 * Casting load over loopback: 20,000 ballots cast through the real web app,
 * 200 voters at a time, on SQLite and on PostgreSQL.
 *
 * The server is the real one in its own process (`node dist/bin/main.js serve`,
 * production mode), over a demo party with a national ballot open to every
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
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Pool } from 'undici';
import { openStore } from '../src/store/index.js';
import type { MemberId, ProcessId } from '../src/domain/ids.js';
import { newSessionToken, sessionTokenHash } from '../src/web/server/tokens.js';
import { CLI, DATA_DIR, ROOT, progress, runHustings } from './context.js';
import { count, percentile, seconds, table } from './format.js';
import { Prng } from './prng.js';

const SEED = 11;
/** The demo gives about 89% of its members a vote in a national ballot; a fifth more members than ballots leaves room. */
const MEMBERS_PER_BALLOT = 1.2;
/** Twelve nominees for the nine seats of labour-2021's national executive section. */
const NOMINEES = 12;
const GOAL = { ballotsPerSecond: 1500, p99Ms: 100 } as const;

export interface Latency {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

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

function envNumber(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, not "${v}"`);
  return n;
}

const today = (): string => new Date().toISOString().slice(0, 10);
const inDays = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function hustingsOk(args: readonly string[]): Promise<string> {
  const r = await runHustings(args, { timeoutMs: 900_000 });
  if (r.exitCode !== 0)
    throw new Error(`hustings ${args.slice(0, 2).join(' ')} failed (exit ${r.exitCode ?? r.signal}): ${(r.stderr || r.stdout).trim().slice(0, 500)}`);
  return r.stdout;
}

/** The ballot: a national election open to every member of a demo party, opened today through the command line. */
export async function openBallot(db: string, members: number): Promise<ProcessId> {
  await hustingsOk(['demo', '--members', String(members), '--seed', String(SEED), '--db', db]);
  const opened = await hustingsOk([
    'election',
    'open',
    'Casting load',
    '--id',
    'casting',
    '--nominations-close',
    today(),
    '--freeze-date',
    today(),
    '--ballot-opens',
    today(),
    '--ballot-closes',
    inDays(7),
    '--db',
    db,
  ]);
  const id = /Opened (\S+):/.exec(opened)?.[1];
  if (!id) throw new Error(`hustings election open did not name the process: ${opened}`);
  for (let i = 1; i <= NOMINEES; i++) {
    await hustingsOk(['election', 'nominate', id, '--name', `Nominee ${String.fromCharCode(64 + i)}`, '--gender', i % 2 === 1 ? 'woman' : 'man', '--db', db]);
  }
  await hustingsOk(['election', 'freeze', id, '--db', db]);
  await hustingsOk(['election', 'open-ballot', id, '--db', db]);
  return id as ProcessId;
}

/** A session for each of the first `n` eligible members, stored as signing in would store it; the tokens, for the cookies. */
export async function prepareSessions(db: string, ballot: ProcessId, n: number): Promise<{ tokens: string[]; eligible: number }> {
  const store = await openStore(db);
  try {
    const eligible = (await store.electorate(ballot)).filter((e) => e.eligible).map((e) => e.member);
    if (eligible.length < n) throw new Error(`only ${eligible.length} members are eligible, fewer than the ${n} ballots asked for`);
    const now = new Date();
    const createdAt = now.toISOString();
    const expiresAt = new Date(now.getTime() + 12 * 3_600_000).toISOString();
    const tokens: string[] = new Array(n);
    const put = async (i: number, member: MemberId): Promise<void> => {
      tokens[i] = newSessionToken();
      await store.putSession({ tokenHash: sessionTokenHash(tokens[i]), member, createdAt, expiresAt });
    };
    // PostgreSQL is a round trip per session: a few at once. SQLite is synchronous anyway.
    const lanes = store.dialect === 'postgres' ? 16 : 1;
    let next = 0;
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        for (let i = next++; i < n; i = next++) await put(i, eligible[i]);
      }),
    );
    return { tokens, eligible: eligible.length };
  } finally {
    await store.close();
  }
}

/** User + system CPU of a process so far, from /proc (Linux); undefined elsewhere. */
function cpuOfPid(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    // Fields after the command name (which is in parentheses): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS) * 1000;
  } catch {
    return undefined;
  }
}

/** Linux's USER_HZ, which /proc/<pid>/stat counts in; 100 on every mainstream build. */
const CLOCK_TICKS = 100;

interface Server {
  readonly url: string;
  readonly child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

function startServer(db: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    // BENCH_CASTING_CPU_PROF=<dir>: the server writes a CPU profile there as it stops, for `node --cpu-prof`'s readers.
    const profile = process.env.BENCH_CASTING_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CASTING_CPU_PROF] : [];
    const child = spawn(process.execPath, [...profile, CLI, 'serve', '--port', '0', '--db', db], {
      cwd: ROOT,
      env: { ...process.env, HUSTINGS_ENV: 'production', HUSTINGS_URL: 'http://127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let exited = false;
    // Should the bench end without stopping it, the server goes too.
    const orphaned = (): void => {
      child.kill('SIGKILL');
    };
    process.once('exit', orphaned);
    const done = new Promise<void>((r) =>
      child.once('exit', () => {
        exited = true;
        process.off('exit', orphaned);
        r();
      }),
    );
    const stop = async (): Promise<void> => {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await done;
      clearTimeout(timer);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hustings serve did not start within 60 s: ${out.slice(-500)}`));
    }, 60_000);
    const onData = (d: Buffer): void => {
      out += d.toString('utf8');
      const m = /Hustings is running at (http:\/\/[^\s,]+?)[\s,]/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1].replace(/[.)]+$/, ''), child, output: () => out, stop });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`hustings serve exited (${code ?? signal}) before listening: ${out.slice(-500)}`));
    });
  });
}

interface Answer {
  readonly status: number;
  readonly body: string;
}

async function request(pool: Pool, url: URL, method: 'GET' | 'POST', headers: Record<string, string>, body?: string): Promise<Answer> {
  const res = await pool.request({ path: url.pathname, method, headers, ...(body === undefined ? {} : { body }) });
  return { status: res.statusCode, body: await res.body.text() };
}

function latency(ms: readonly number[]): Latency {
  return { p50Ms: percentile(ms, 50), p99Ms: percentile(ms, 99), maxMs: Math.max(...ms) };
}

/** The error page's message, short. */
function gist(a: Answer): string {
  const text = /<main[^>]*>([\s\S]*?)<\/main>/.exec(a.body)?.[1] ?? a.body;
  return `${a.status}: ${text
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 160)}`;
}

interface LoadResult {
  readonly acknowledged: number;
  readonly errors: number;
  readonly errorSamples: string[];
  readonly loadMs: number;
  readonly castMs: number[];
  readonly boothMs: number[];
}

/** `voters` at a time, each member once: GET the booth, read its CSRF token and candidates, POST a ranking. */
async function castAll(base: string, ballot: ProcessId, tokens: readonly string[], voters: number, limitMs: number): Promise<LoadResult> {
  // A lean client, as load generators are, so that the voters' side takes as little as it can of the
  // CPU the server shares with it here: one kept-alive connection per voter.
  const agent = new Pool(base, { connections: voters });
  const booth = new URL(`/ballots/${encodeURIComponent(ballot)}`, base);
  const castUrl = new URL(`/ballots/${encodeURIComponent(ballot)}/cast`, base);
  const rng = new Prng(SEED);
  const castMs: number[] = [];
  const boothMs: number[] = [];
  const errorSamples: string[] = [];
  let acknowledged = 0;
  let errors = 0;
  let next = 0;
  const t0 = performance.now();
  const deadline = t0 + limitMs;
  const fail = (what: string): void => {
    errors++;
    if (errorSamples.length < 5) errorSamples.push(what);
  };
  const voter = async (): Promise<void> => {
    for (let i = next++; i < tokens.length && performance.now() < deadline; i = next++) {
      const cookie = { Cookie: `hustings=${tokens[i]}` };
      try {
        const g0 = performance.now();
        const page = await request(agent, booth, 'GET', cookie);
        boothMs.push(performance.now() - g0);
        const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
        const candidates = [...page.body.matchAll(/name="rank-([^"]+)"/g)].map((m) => m[1]);
        if (page.status !== 200 || csrf === undefined || candidates.length === 0) {
          fail(`booth ${gist(page)}`);
          continue;
        }
        // A ranking of some of the candidates, in a random order.
        const order = [...candidates];
        for (let k = order.length - 1; k > 0; k--) {
          const j = rng.int(k + 1);
          [order[k], order[j]] = [order[j], order[k]];
        }
        const form = new URLSearchParams({ _csrf: csrf, action: 'cast' });
        order.slice(0, 1 + rng.int(order.length)).forEach((id, k) => {
          form.set(`rank-${id}`, String(k + 1));
        });
        const c0 = performance.now();
        const answer = await request(agent, castUrl, 'POST', { ...cookie, 'Content-Type': 'application/x-www-form-urlencoded' }, form.toString());
        castMs.push(performance.now() - c0);
        if (answer.status === 200 && answer.body.includes('class="tracker"')) acknowledged++;
        else fail(`cast ${gist(answer)}`);
      } catch (e) {
        fail(`request failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: voters }, voter));
  const loadMs = performance.now() - t0;
  await agent.close();
  if (next < tokens.length)
    fail(`stopped at the time limit of ${seconds(limitMs)} with ${count(tokens.length - Math.min(next, tokens.length))} members not yet started`);
  return { acknowledged, errors, errorSamples, loadMs, castMs, boothMs };
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
    server = await startServer(db);
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
    load = await castAll(server.url, ballot, prepared.tokens, voters, limitMs);
    const client = process.cpuUsage(client0);
    clientCpuMs = (client.user + client.system) / 1000;
    const server1 = cpuOfPid(server.child.pid);
    if (server0 !== undefined && server1 !== undefined) serverCpuMs = server1 - server0;
  } finally {
    await server.stop();
  }
  const store = await openStore(db);
  let stored: { turnout: number; ballots: number };
  try {
    stored = { turnout: await store.turnout(ballot), ballots: (await store.ballots(ballot)).length };
  } finally {
    await store.close();
  }
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

async function sqlite(ballots: number, voters: number, limitMs: number): Promise<CastingBackend> {
  const file = path.join(DATA_DIR, `casting-bench-${process.pid}.db`);
  const remove = (): void => {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  };
  remove();
  try {
    return await run('sqlite', `sqlite:${file}`, ballots, voters, limitMs);
  } finally {
    remove();
  }
}

async function postgres(ballots: number, voters: number, limitMs: number): Promise<CastingBackend> {
  const url = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (e) {
    const skipped = `skipped: no PostgreSQL server answered at ${url.replace(/:[^:@/]*@/, ':***@')} (${e instanceof Error ? e.message : String(e)}); set BENCH_PG_URL to use another`;
    process.stderr.write(`NOTICE: casting bench on PostgreSQL ${skipped}\n`);
    await admin.end().catch(() => undefined);
    return { dialect: 'postgres', skipped };
  }
  const schema = `hustings_casting_${process.pid}_${Date.now()}`;
  progress(`casting: PostgreSQL in schema ${schema}, dropped afterwards`);
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
    const u = new URL(url);
    u.searchParams.set('options', `-c search_path=${schema}`);
    return await run('postgres', u.toString(), ballots, voters, limitMs);
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
  }
}

/** The party's size: by default just enough members for the ballots, or BENCH_CASTING_MEMBERS, never fewer than that. */
const membersFor = (ballots: number): number => Math.max(Math.ceil(ballots * MEMBERS_PER_BALLOT), envNumber('BENCH_CASTING_MEMBERS', 0));

export async function casting(): Promise<CastingResult> {
  const ballots = envNumber('BENCH_CASTING_BALLOTS', 20_000);
  const voters = envNumber('BENCH_CASTING_VOTERS', 200);
  const limitMs = envNumber('BENCH_CASTING_LIMIT_S', 600) * 1000;
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
