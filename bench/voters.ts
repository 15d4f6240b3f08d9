/**
 * What the casting benches share: a national ballot put before a demo party
 * through the command line, sessions stored beforehand as signing in leaves
 * them, the real server (`node dist/bin/main.js serve`) in its own process, and
 * the voters' loop (GET the booth, POST a ranking with the page's CSRF token),
 * spread over one server or several sharing a store. Used by bench/casting.ts,
 * bench/national.ts and the reliability suite.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { Pool } from 'undici';
import { openStore } from '../src/store/index.js';
import type { MemberId, ProcessId } from '../src/domain/ids.js';
import { newSessionToken, sessionTokenHash } from '../src/web/server/tokens.js';
import { CLI, DATA_DIR, ROOT, progress, runHustings } from './context.js';
import { count, percentile, seconds } from './format.js';
import type { RunResult } from './measure.js';
import { Prng } from './prng.js';

const SEED = 11;
/** Twelve nominees for the nine seats of labour-2021's national executive section. */
const NOMINEES = 12;

export interface Latency {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export const inDays = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

/** The real command line; a failure is thrown with what the command said. */
export async function hustingsOk(args: readonly string[], timeoutMs = 900_000): Promise<RunResult> {
  const r = await runHustings(args, { timeoutMs });
  if (r.exitCode !== 0)
    throw new Error(`hustings ${args.slice(0, 2).join(' ')} failed (exit ${r.exitCode ?? r.signal}): ${(r.stderr || r.stdout).trim().slice(0, 500)}`);
  return r;
}

/** The steps of putting a ballot before the members, each one or more runs of the command line. */
export type BallotStep = 'demo' | 'open' | 'freeze' | 'open-ballot';

export interface BallotOptions {
  /** The process id after "el-". */
  readonly stem?: string;
  readonly title?: string;
  /** The last day of voting (YYYY-MM-DD); a week from today unless given. */
  readonly ballotCloses?: string;
  /** The organisation's time zone, which places the closing moment (midnight at the end of the last day). */
  readonly timeZone?: string;
  /** Told of each step as it is done, with the command runs it took (for timing). */
  readonly onStep?: (step: BallotStep, runs: readonly RunResult[]) => void;
}

/** The ballot: a national election open to every member of a demo party, opened today through the command line. */
export async function openBallot(db: string, members: number, options: BallotOptions = {}): Promise<ProcessId> {
  const step = async (name: BallotStep, runs: () => Promise<RunResult[]>): Promise<RunResult[]> => {
    const done = await runs();
    options.onStep?.(name, done);
    return done;
  };
  // Every step acts at the moment the run began, so a run that crosses midnight still finds nominations open on its day.
  const at = new Date().toISOString();
  const day = at.slice(0, 10);
  await step('demo', async () => [await hustingsOk(['demo', '--members', String(members), '--seed', String(SEED), '--db', db])]);
  let id = '';
  await step('open', async () => {
    const opened = await hustingsOk([
      'election',
      'open',
      options.title ?? 'Casting load',
      '--id',
      options.stem ?? 'casting',
      '--nominations-close',
      day,
      '--freeze-date',
      day,
      '--ballot-opens',
      day,
      '--ballot-closes',
      options.ballotCloses ?? inDays(7),
      '--now',
      at,
      '--db',
      db,
    ]);
    id = /Opened (\S+):/.exec(opened.stdout)?.[1] ?? '';
    if (!id) throw new Error(`hustings election open did not name the process: ${opened.stdout}`);
    const runs = [opened];
    for (let i = 1; i <= NOMINEES; i++) {
      runs.push(
        await hustingsOk([
          'election',
          'nominate',
          id,
          '--name',
          `Nominee ${String.fromCharCode(64 + i)}`,
          '--gender',
          i % 2 === 1 ? 'woman' : 'man',
          '--now',
          at,
          '--db',
          db,
        ]),
      );
    }
    return runs;
  });
  await step('freeze', async () => [await hustingsOk(['election', 'freeze', id, '--now', at, '--db', db])]);
  const zone = options.timeZone === undefined ? [] : ['--time-zone', options.timeZone];
  await step('open-ballot', async () => [await hustingsOk(['election', 'open-ballot', id, ...zone, '--now', at, '--db', db])]);
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

/** What the store holds for the ballot afterwards, read after the servers stopped. */
export async function storedBallots(db: string, ballot: ProcessId): Promise<{ turnout: number; ballots: number }> {
  const store = await openStore(db);
  try {
    return { turnout: await store.turnout(ballot), ballots: (await store.ballots(ballot)).length };
  } finally {
    await store.close();
  }
}

/** User + system CPU of a process so far, from /proc (Linux); undefined elsewhere. */
export function cpuOfPid(pid: number | undefined): number | undefined {
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

/** The kernel's high-water mark of a live process's resident memory (VmHWM), in bytes; undefined where there is no /proc. */
export function peakRssOfPid(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export interface Server {
  readonly url: string;
  readonly child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** `hustings serve` in production on a free port of its own; `env` adds to its settings (the national bench's HUSTINGS_OUTBOX_SENDER=off). */
export function startServer(db: string, env: Readonly<Record<string, string>> = {}): Promise<Server> {
  return new Promise((resolve, reject) => {
    // BENCH_CASTING_CPU_PROF=<dir>: the server writes a CPU profile there as it stops, for `node --cpu-prof`'s readers.
    const profile = process.env.BENCH_CASTING_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CASTING_CPU_PROF] : [];
    const child = spawn(process.execPath, [...profile, CLI, 'serve', '--port', '0', '--db', db], {
      cwd: ROOT,
      env: { ...process.env, HUSTINGS_ENV: 'production', HUSTINGS_URL: 'http://127.0.0.1', ...env },
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

export function latency(ms: readonly number[]): Latency {
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

export interface LoadResult {
  readonly acknowledged: number;
  readonly errors: number;
  readonly errorSamples: string[];
  readonly loadMs: number;
  readonly castMs: number[];
  readonly boothMs: number[];
}

/**
 * `voters` at a time, each member once: GET the booth, read its CSRF token and
 * candidates, POST a ranking. With several servers (`bases`), voter k stays with
 * server k mod n throughout, as a load balancer with sticky connections would.
 */
export async function castAll(bases: readonly string[], ballot: ProcessId, tokens: readonly string[], voters: number, limitMs: number): Promise<LoadResult> {
  // A lean client, as load generators are, so that the voters' side takes as little as it can of the
  // CPU the servers share with it here: one kept-alive connection per voter.
  const agents = bases.map((base) => new Pool(base, { connections: Math.ceil(voters / bases.length) }));
  const booth = new URL(`/ballots/${encodeURIComponent(ballot)}`, 'http://x');
  const castUrl = new URL(`/ballots/${encodeURIComponent(ballot)}/cast`, 'http://x');
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
  const voter = async (k: number): Promise<void> => {
    const agent = agents[k % agents.length];
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
  await Promise.all(Array.from({ length: voters }, (_, k) => voter(k)));
  const loadMs = performance.now() - t0;
  await Promise.all(agents.map((a) => a.close()));
  if (next < tokens.length)
    fail(`stopped at the time limit of ${seconds(limitMs)} with ${count(tokens.length - Math.min(next, tokens.length))} members not yet started`);
  return { acknowledged, errors, errorSamples, loadMs, castMs, boothMs };
}

/** Runs `body` with a fresh SQLite store in bench/.data/, removed afterwards. */
export async function inTempSqlite<T>(name: string, body: (url: string) => Promise<T>): Promise<T> {
  mkdirSync(DATA_DIR, { recursive: true });
  const file = path.join(DATA_DIR, `${name}-${process.pid}.db`);
  const remove = (): void => {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  };
  remove();
  try {
    return await body(`sqlite:${file}`);
  } finally {
    remove();
  }
}

/**
 * Runs `body` with a PostgreSQL URL whose search path is a fresh schema, dropped
 * afterwards (`admin` is a connection outside it, to measure it by); without a
 * server answering, returns `skip(why)` and says so on stderr.
 */
export async function inFreshSchema<T>(
  section: string,
  body: (url: string, admin: pg.Client, schema: string) => Promise<T>,
  skip: (why: string) => T,
): Promise<T> {
  const url = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (e) {
    const skipped = `skipped: no PostgreSQL server answered at ${url.replace(/:[^:@/]*@/, ':***@')} (${e instanceof Error ? e.message : String(e)}); set BENCH_PG_URL to use another`;
    process.stderr.write(`NOTICE: ${section} bench on PostgreSQL ${skipped}\n`);
    await admin.end().catch(() => undefined);
    return skip(skipped);
  }
  const schema = `hustings_${section}_${process.pid}_${Date.now()}`;
  progress(`${section}: PostgreSQL in schema ${schema}, dropped afterwards`);
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
    const u = new URL(url);
    u.searchParams.set('options', `-c search_path=${schema}`);
    return await body(u.toString(), admin, schema);
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
  }
}
