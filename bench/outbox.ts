/**
 * Issue 13's outbox at national scale, on SQLite and PostgreSQL side by side:
 *   1. the demo party at full size (`hustings demo`, then `hustings election freeze` of its national
 *      executive election): the setting, not a figure;
 *   2. the invitations fanned out as the ballot's step is stored (one process change carrying one
 *      notice to the whole electorate, in a child process of its own: wall, CPU, peak RSS);
 *   3. draining them through a real SMTP server (smtp-server, in this process) with the real
 *      `hustings outbox drain`: messages per second over the first BENCH_OUTBOX_DRAIN messages
 *      (then the sender is stopped with SIGTERM, handing back what it had claimed);
 *   4. a sender killed (SIGKILL) mid-run and started again (`--once`) on a notice to
 *      BENCH_OUTBOX_KILL named members: every message arrives; duplicates (by idempotency key) are
 *      counted and must be no more than the messages in flight (the sender's concurrency).
 * Settings (environment): BENCH_OUTBOX_MEMBERS (default: the demo's full size), BENCH_OUTBOX_DRAIN
 * (50,000), BENCH_OUTBOX_KILL (20,000), BENCH_OUTBOX_QUICK=1 (20,000 members, 5,000 and 2,000: a
 * check that it all works, in a minute), BENCH_PG_URL, BENCH_OUTBOX_LIMIT_S (900, per step).
 * Alone: `npx tsx bench/outbox.ts [--quick]` (after npm run build).
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { memberId } from '../src/domain/ids.js';
import { openStore } from '../src/store/index.js';
import { startSmtp, type TestSmtp } from '../test/app/notices/smtp-server.js';
import { compileBench } from './compile.js';
import { BENCH_DIR, CLI, DATA_DIR, JS_DIR, ROOT, envWholeNumber, progress, runChild, runHustings } from './context.js';
import { count, megabytes, seconds, table } from './format.js';
import { cpuOf, measured, type Measured } from './sections/common.js';

const AS_OF = '2024-06-01';
const FREEZE_AT = '2024-06-20';
const OPENS_AT = '2024-06-21T09:00:00.000Z';
const ELECTION = `el-nec-${AS_OF.slice(0, 4)}-1`;
const BATCH = 500;
/** Messages one sender has in flight at once: at most these can go twice when it is killed. */
const CONCURRENCY = 32;

export interface DrainRun {
  readonly messages: number;
  /** From the sender's start to the last of `messages` arriving (Node's start-up and the first claim included). */
  readonly wallMs: number;
  /** From the first message arriving to the last: the steady rate. */
  readonly steadyMs: number;
  readonly maxRssBytes?: number;
  /** CPU the sender used (user + system) until the last of `messages` arrived. */
  readonly cpuMs?: number;
}

export interface KillRun {
  readonly recipients: number;
  readonly beforeKill: number;
  readonly arrived: number;
  readonly distinct: number;
  readonly duplicates: number;
  readonly inFlight: number;
  readonly sentCounted: number;
}

export interface OutboxBackend {
  readonly dialect: 'sqlite' | 'postgres';
  readonly skipped?: string;
  readonly failure?: string;
  readonly electorate?: number;
  readonly fanOut?: Measured & { readonly recipients: number; readonly changeMs: number };
  readonly drain?: DrainRun;
  readonly kill?: KillRun;
}

export interface OutboxResult {
  readonly members: number | 'demo default';
  readonly drainSample: number;
  readonly killSet: number;
  readonly backends: readonly OutboxBackend[];
}

/** CPU the process has used so far (user + system), from /proc/<pid>/stat, in ms. */
const cpuMs = (pid: number): number | undefined => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ');
    // utime and stime are the 12th and 13th fields after the command, in clock ticks (100 a second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
};

const vmHwm = (pid: number): number | undefined => {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? undefined : Number(kb) * 1024;
  } catch {
    return undefined;
  }
};

/**
 * `hustings outbox drain` as a child, with the SMTP server's address; `ready` resolves once it is sending
 * (or has exited), `exited` when it exits, with the end of its output.
 */
export function drainChild(db: string, smtp: TestSmtp, extra: readonly string[]) {
  const child = spawn(
    process.execPath,
    [CLI, 'outbox', 'drain', '--db', db, '--batch', String(BATCH), '--concurrency', String(CONCURRENCY), '--connections', '8', ...extra],
    {
      cwd: ROOT,
      env: { ...process.env, HUSTINGS_SMTP_URL: smtp.url, HUSTINGS_MAIL_FROM: 'ballots@party.example', HUSTINGS_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let err = '';
  let out = '';
  let started: () => void = () => {};
  // Until it says it is sending it has not yet taken over SIGTERM: a stop before then would kill it outright.
  const ready = new Promise<void>((done) => (started = done));
  child.stderr.on('data', (d) => (err = (err + d).slice(-4000)));
  child.stdout.on('data', (d) => {
    out = (out + d).slice(-4000);
    if (out.includes('Press Ctrl+C to stop')) started();
  });
  const exited = new Promise<{ code: number | null; signal: string | null; err: string; out: string }>((done) =>
    child.on('close', (code, signal) => {
      started();
      done({ code, signal, err, out });
    }),
  );
  return { child, exited, ready };
}

async function until(test: () => boolean, limitMs: number, what: string, tick?: () => void): Promise<void> {
  const deadline = performance.now() + limitMs;
  while (!test()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    tick?.();
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function drainRate(db: string, sample: number, limitMs: number): Promise<DrainRun> {
  const smtp = await startSmtp({ keep: false });
  try {
    const t0 = performance.now();
    const run = drainChild(db, smtp, []);
    let firstAt = 0;
    let rss: number | undefined;
    await until(
      () => smtp.received() >= sample,
      limitMs,
      `${sample} messages`,
      () => {
        if (firstAt === 0 && smtp.received() > 0) firstAt = performance.now();
        rss = vmHwm(run.child.pid!) ?? rss;
      },
    );
    const doneAt = performance.now();
    rss = vmHwm(run.child.pid!) ?? rss;
    const cpu = cpuMs(run.child.pid!);
    run.child.kill('SIGTERM');
    const exit = await run.exited;
    if (exit.code !== 0) throw new Error(`the sender stopped with ${exit.code ?? exit.signal}: ${exit.err}`);
    return {
      messages: smtp.received(),
      wallMs: doneAt - t0,
      steadyMs: doneAt - (firstAt || t0),
      ...(rss === undefined ? {} : { maxRssBytes: rss }),
      ...(cpu === undefined ? {} : { cpuMs: cpu }),
    };
  } finally {
    await smtp.close();
  }
}

/** Arrivals of the named notice's messages, by idempotency key: the demo's processes queue notices of their own. */
function killMessages(smtp: TestSmtp): Map<string, number> {
  return new Map([...smtp.countsByKey()].filter(([key]) => key.startsWith('bench-kill/')));
}

async function killAndRestart(db: string, killSet: number, limitMs: number): Promise<KillRun> {
  const store = await openStore(db);
  let recipients: number;
  try {
    // The rest of the invitations are dropped, and a notice to named members stands in for a fresh run.
    await store.cancelNotice('bench-invitation');
    const ids = (await store.electorate(ELECTION as never))
      .filter((e) => e.eligible)
      .slice(0, killSet)
      .map((e) => memberId(e.member));
    const notice = await store.putNotice(
      { id: 'bench-kill', kind: 'ballot-reminder', process: null, audience: { members: ids }, params: {}, sendAt: OPENS_AT, private: true, createdBy: 'bench' },
      new Date().toISOString(),
    );
    recipients = notice.recipients;
  } finally {
    await store.close();
  }
  const smtp = await startSmtp({ keep: false });
  try {
    const first = drainChild(db, smtp, ['--lease', '2']);
    await until(() => killMessages(smtp).size >= Math.floor(recipients / 3), limitMs, 'a third of the messages');
    first.child.kill('SIGKILL');
    await first.exited;
    const beforeKill = killMessages(smtp).size;
    // The dead sender's claims hold for two seconds (--lease 2).
    await new Promise((r) => setTimeout(r, 2_100));
    const second = drainChild(db, smtp, ['--lease', '2', '--once']);
    const exit = await second.exited;
    if (exit.code !== 0) throw new Error(`the restarted sender stopped with ${exit.code ?? exit.signal}: ${exit.err}`);
    const counts = killMessages(smtp);
    const arrived = [...counts.values()].reduce((sum, n) => sum + n, 0);
    const duplicates = [...counts.values()].reduce((sum, n) => sum + n - 1, 0);
    const after = await openStore(db);
    const sentCounted = (await after.notice('bench-kill'))?.sent ?? 0;
    await after.close();
    return { recipients, beforeKill, arrived, distinct: counts.size, duplicates, inFlight: CONCURRENCY, sentCounted };
  } finally {
    await smtp.close();
  }
}

async function backend(
  dialect: 'sqlite' | 'postgres',
  db: string,
  o: { members?: number; sample: number; killSet: number; limitMs: number },
): Promise<OutboxBackend> {
  const name = dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  progress(`outbox: ${name}: the demo party${o.members ? ` (${count(o.members)} members)` : ''} and its national electorate`);
  const demo = await runHustings(['demo', ...(o.members ? ['--members', String(o.members)] : []), '--seed', '1', '--now', AS_OF, '--db', db], {
    timeoutMs: o.limitMs,
    discardStdout: true,
  });
  if (measured(demo, o.limitMs).failure) return { dialect, failure: `hustings demo: ${measured(demo, o.limitMs).failure}` };
  const freeze = await runHustings(['election', 'freeze', ELECTION, '--now', FREEZE_AT, '--db', db], { timeoutMs: o.limitMs });
  if (measured(freeze, o.limitMs).failure) return { dialect, failure: `hustings election freeze: ${measured(freeze, o.limitMs).failure}` };
  const electorate = Number((/([\d,]+) of [\d,]+ members eligible/.exec(freeze.stdout)?.[1] ?? '0').replace(/,/g, ''));
  progress(`outbox: ${name}: fanning out ${count(electorate)} invitations as the ballot's step is stored`);
  const fan = await runChild('children/outbox-fanout.ts', [db, ELECTION, OPENS_AT], { timeoutMs: o.limitMs });
  const fanMeasured = measured(fan, o.limitMs);
  if (fanMeasured.failure) return { dialect, electorate, failure: `fan-out: ${fanMeasured.failure}` };
  const said = JSON.parse(fan.stdout.trim()) as { ms: number; recipients: number };
  progress(`outbox: ${name}: draining the first ${count(o.sample)} through a local SMTP server`);
  const drain = await drainRate(db, o.sample, o.limitMs);
  progress(`outbox: ${name}: a sender killed mid-run and started again, ${count(o.killSet)} messages`);
  const kill = await killAndRestart(db, o.killSet, o.limitMs);
  return { dialect, electorate, fanOut: { ...fanMeasured, recipients: said.recipients, changeMs: said.ms }, drain, kill };
}

async function sqlite(o: Parameters<typeof backend>[2]): Promise<OutboxBackend> {
  const file = path.join(DATA_DIR, `outbox-bench-${process.pid}.db`);
  const remove = () => {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  };
  remove();
  try {
    return await backend('sqlite', `sqlite:${file}`, o);
  } catch (e) {
    return { dialect: 'sqlite', failure: e instanceof Error ? e.message : String(e) };
  } finally {
    remove();
  }
}

async function postgres(o: Parameters<typeof backend>[2]): Promise<OutboxBackend> {
  const url = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (e) {
    const skipped = `skipped: no PostgreSQL server answered (${e instanceof Error ? e.message : String(e)}); set BENCH_PG_URL to use another`;
    process.stderr.write(`NOTICE: outbox bench on PostgreSQL ${skipped}\n`);
    await admin.end().catch(() => undefined);
    return { dialect: 'postgres', skipped };
  }
  const schema = `hustings_bench_outbox_${process.pid}_${Date.now()}`;
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
    const u = new URL(url);
    u.searchParams.set('options', `-c search_path=${schema}`);
    return await backend('postgres', u.toString(), o);
  } catch (e) {
    return { dialect: 'postgres', failure: e instanceof Error ? e.message : String(e) };
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
  }
}

export async function outbox(quick = process.env.BENCH_OUTBOX_QUICK === '1'): Promise<OutboxResult> {
  const members = quick ? 20_000 : process.env.BENCH_OUTBOX_MEMBERS ? envWholeNumber('BENCH_OUTBOX_MEMBERS', 1) : undefined;
  const o = {
    ...(members === undefined ? {} : { members }),
    sample: quick ? 5_000 : envWholeNumber('BENCH_OUTBOX_DRAIN', 50_000),
    killSet: quick ? 2_000 : envWholeNumber('BENCH_OUTBOX_KILL', 20_000),
    limitMs: envWholeNumber('BENCH_OUTBOX_LIMIT_S', 900) * 1000,
  };
  const backends = [await sqlite(o), await postgres(o)];
  return { members: members ?? 'demo default', drainSample: o.sample, killSet: o.killSet, backends };
}

export function renderOutbox(res: OutboxResult): string {
  const lines = [
    `The mail outbox · the demo party (${typeof res.members === 'number' ? `${count(res.members)} members` : 'full size'}): its national election's invitations · SQLite beside PostgreSQL`,
    `  fan-out: one process change carrying the invitation, in its own process (\`node\`, the built store): wall from spawn to exit, peak RSS of that process`,
    `  drain: \`hustings outbox drain\` (batch ${BATCH}, ${CONCURRENCY} at once, 8 SMTP connections) into smtp-server in the bench's own process, over loopback, on the same 2 cores`,
    `  load average (1 min) as the section began: ${os.loadavg()[0].toFixed(2)} (wall-clock rates fall when other processes share the cores; CPU per message does not)`,
    '',
  ];
  const rows: string[][] = [];
  const at = (b: OutboxBackend | undefined, f: (b: OutboxBackend) => string): string =>
    !b ? '—' : b.skipped ? 'skipped' : b.failure && !b.fanOut ? 'FAILED' : f(b);
  const [lite, post] = [res.backends.find((b) => b.dialect === 'sqlite'), res.backends.find((b) => b.dialect === 'postgres')];
  const row = (label: string, f: (b: OutboxBackend) => string) => rows.push([label, at(lite, f), at(post, f)]);
  row('eligible members (the electorate)', (b) => count(b.electorate ?? 0));
  row('invitations queued', (b) => count(b.fanOut?.recipients ?? 0));
  row('fan-out: wall (process)', (b) => seconds(b.fanOut?.wallMs));
  row('fan-out: the step and its notice alone', (b) => seconds(b.fanOut?.changeMs));
  row('fan-out: CPU', (b) => (b.fanOut ? seconds(cpuOf(b.fanOut)) : '—'));
  row('fan-out: peak RSS', (b) => megabytes(b.fanOut?.maxRssBytes));
  row('drain: messages measured', (b) => count(b.drain?.messages ?? 0));
  row('drain: messages per second (start to last)', (b) => (b.drain ? count(Math.round((b.drain.messages * 1000) / b.drain.wallMs)) : '—'));
  row('drain: messages per second (first to last)', (b) => (b.drain ? count(Math.round((b.drain.messages * 1000) / b.drain.steadyMs)) : '—'));
  row('drain: messages per CPU second of the sender', (b) =>
    b.drain?.cpuMs ? `${count(Math.round((b.drain.messages * 1000) / b.drain.cpuMs))} (${seconds(b.drain.cpuMs)} CPU)` : '—',
  );
  row('drain: peak RSS of the sender', (b) => megabytes(b.drain?.maxRssBytes));
  row('killed and restarted: messages', (b) => count(b.kill?.recipients ?? 0));
  row('  arrived before the kill', (b) => count(b.kill?.beforeKill ?? 0));
  row('  distinct arrived in all (lost: recipients − distinct)', (b) =>
    b.kill ? `${count(b.kill.distinct)} (lost ${count(b.kill.recipients - b.kill.distinct)})` : '—',
  );
  row('  sent twice (by idempotency key; at most those in flight)', (b) => (b.kill ? `${count(b.kill.duplicates)} (≤ ${b.kill.inFlight})` : '—'));
  row('  counted sent in the store', (b) => count(b.kill?.sentCounted ?? 0));
  lines.push(table(['', 'SQLite', 'PostgreSQL'], rows));
  for (const b of res.backends) if (b.failure) lines.push(`  ${b.dialect}: FAILED: ${b.failure}`);
  lines.push(
    '  goals (issue 13): fan-out under 60 s and 300 MB; at least 500 messages a second from one sender; no loss, duplicates only of what was in flight',
  );
  lines.push("  (PostgreSQL CPU is the client process only; the server's own work shows in the wall time)");
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  compileBench(BENCH_DIR, JS_DIR);
  const res = await outbox(process.argv.includes('--quick') || process.env.BENCH_OUTBOX_QUICK === '1');
  process.stdout.write(renderOutbox(res) + '\n');
}
