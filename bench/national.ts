/**
 * A national ballot end to end, as one bench (issue 16): the 565,000-member
 * demo party loaded, a national election opened and its electorate frozen,
 * 100,000 ballots cast through two real app servers sharing one PostgreSQL
 * store (one server on SQLite), the box closed and sealed at the closing time,
 * counted, declared, its bulletin board published, and the board verified
 * against the audit log as a scrutineer does it.
 *
 * Every step a person would take is the real command line in its own process
 * (`node dist/bin/main.js …`): `demo`, `election open` and `nominate`, `freeze`,
 * `open-ballot`, `close-ballot`, `count`, `declare`, `board --out`, `audit
 * verify` (the head a scrutineer writes down) and `verify <board> --db --head`.
 * The servers are `hustings serve` in production mode, each its own process on
 * its own port, with HUSTINGS_OUTBOX_SENDER=off; voter k stays with server k
 * mod n. Beside them, for the casting, one `hustings outbox drain` sends the
 * ballot's invitations (one for each eligible member, queued as the ballot
 * opened) to a real SMTP server in this process (smtp-server, counting only),
 * as a deployment with several app servers would: a sender inside each server
 * would put half a million messages on the event loops that answer the voters.
 * It is stopped with SIGTERM when the casting ends (handing back what it had
 * claimed) and must exit cleanly. Casting is as in
 * bench/casting.ts (bench/voters.ts): sessions put into the store beforehand,
 * then each voter GETs the booth and POSTs a ranking. The ballot's last day is
 * tomorrow (UTC), so nobody's clock closes it while the voters are at it; it is
 * then closed with the command line's clock set to its closing moment, as the
 * timetable would close it.
 *
 * Printed per phase: wall time; the peak RSS of the command's process (GNU time,
 * else /proc), of the servers (their VmHWM, read before they stop) and of this
 * process (sampled every 25 ms); for the casting, ballots/s, the p50/p99 of the
 * cast and of the booth, and CPU per ballot; for the sender, the notices that
 * arrived during the casting, per second, its peak RSS and CPU. Checked: ballots stored and members
 * marked voted both equal the casts acknowledged, the count's total equals the
 * ballots cast, and the board verifies.
 *
 * It takes a quarter of an hour or more on 2 cores, so `npm run bench` runs it
 * only with BENCH_NATIONAL=1 (or BENCH_ONLY=national). Alone, after `npm run
 * build`: `npx tsx bench/national.ts`. PostgreSQL runs in a fresh schema,
 * dropped afterwards; without a server it is skipped with a notice.
 *
 * Settings (environment):
 *   BENCH_NATIONAL_MEMBERS=565000                         members in the demo party
 *   BENCH_NATIONAL_BALLOTS=100000                         ballots cast (each by a different member)
 *   BENCH_NATIONAL_VOTERS=200                             voters in flight at once
 *   BENCH_NATIONAL_BACKENDS=postgres,sqlite               which stores, in that order
 *   BENCH_NATIONAL_LIMIT_S=1800                           time limit for the casting, and for each command
 *   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/test  the PostgreSQL server
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProcessId } from '../src/domain/ids.js';
import { startSmtp, type TestSmtp } from '../test/app/notices/smtp-server.js';
import { envWholeNumber, progress } from './context.js';
import { count, megabytes, seconds, table } from './format.js';
import type { RunResult } from './measure.js';
import { drainChild } from './outbox.js';
import {
  castAll,
  cpuOfPid,
  hustingsOk,
  inDays,
  inFreshSchema,
  inTempSqlite,
  latency,
  openBallot,
  peakRssOfPid,
  prepareSessions,
  startServer,
  storedBallots,
  type BallotStep,
  type Latency,
  type Server,
} from './voters.js';

type Dialect = 'sqlite' | 'postgres';

export interface NationalPhase {
  readonly name: string;
  readonly wallMs: number;
  /** Peak RSS of the command's own process (the largest, where a phase is several commands). */
  readonly commandRssBytes?: number;
  /** Peak RSS of each app server over its life (the casting phase). */
  readonly serverRssBytes?: readonly number[];
  /** Peak RSS of this process during the phase, sampled. */
  readonly benchRssBytes?: number;
  /** What the phase gave, in a few words. */
  readonly said?: string;
}

export interface NationalCasting {
  readonly acknowledged: number;
  readonly errors: number;
  readonly errorSamples: readonly string[];
  readonly loadMs: number;
  readonly ballotsPerSecond: number;
  readonly cast?: Latency;
  readonly booth?: Latency;
  /** CPU of each server during the load, and of this process (the voters' side). */
  readonly serverCpuMs: readonly (number | undefined)[];
  readonly clientCpuMs: number;
}

/** The one `hustings outbox drain` that ran beside the servers during the casting. */
export interface NationalSender {
  /** Messages that arrived at the SMTP server while it ran. */
  readonly sent: number;
  /** From its start to its exit after SIGTERM. */
  readonly wallMs: number;
  readonly rssBytes?: number;
  readonly cpuMs?: number;
  /** Its own last line: what it sent, failed, and handed back as it stopped. */
  readonly said: string;
}

export interface NationalBackend {
  readonly dialect: Dialect;
  readonly servers: number;
  readonly skipped?: string;
  readonly failure?: string;
  readonly phases: readonly NationalPhase[];
  readonly eligible?: number;
  readonly casting?: NationalCasting;
  readonly sender?: NationalSender;
  /** Read back from the store after the servers stopped. */
  readonly stored?: { readonly turnout: number; readonly ballots: number };
  /** Ballots in the count, from `hustings election count`. */
  readonly counted?: number;
  /** Whether `hustings verify` passed the board against the audit log. */
  readonly verified?: boolean;
  /** The 1-minute load average as the run began, as the casting began and as it ended: other work on the machine slows every phase. */
  readonly load: readonly number[];
}

export interface NationalResult {
  readonly members: number;
  readonly ballots: number;
  readonly voters: number;
  readonly backends: readonly NationalBackend[];
}

/** The highest RSS of this process since the last take(), sampled: Node keeps no per-interval peak of its own. */
function rssSampler(): { take(): number; stop(): void } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 25);
  timer.unref();
  return {
    take() {
      const p = Math.max(peak, process.memoryUsage.rss());
      peak = process.memoryUsage.rss();
      return p;
    },
    stop: () => clearInterval(timer),
  };
}

const STEP_NAMES: Record<BallotStep, string> = {
  demo: 'load the demo party: demo',
  open: 'open the election, 12 nominated: election open, nominate',
  freeze: 'freeze the electorate: election freeze',
  'open-ballot': 'open the ballot: election open-ballot',
};

/** The servers leave the outbox to this. */
const SERVERS_DO_NOT_SEND = { HUSTINGS_OUTBOX_SENDER: 'off' } as const;

/** One `hustings outbox drain` on the store, into an SMTP server in this process; stop() ends it with SIGTERM, as an operator would. */
async function startSender(db: string): Promise<{ stop(): Promise<NationalSender>; kill(): Promise<void> }> {
  const smtp: TestSmtp = await startSmtp({ keep: false });
  const t0 = performance.now();
  const run = drainChild(db, smtp, []);
  await run.ready;
  const pid = run.child.pid;
  let stopped = false;
  return {
    async stop() {
      // Read before it exits: /proc forgets a process once it is gone.
      const rssBytes = peakRssOfPid(pid);
      const cpuMs = cpuOfPid(pid);
      run.child.kill('SIGTERM');
      const exit = await run.exited;
      const wallMs = performance.now() - t0;
      stopped = true;
      const sent = smtp.received();
      await smtp.close();
      if (exit.code !== 0) throw new Error(`hustings outbox drain stopped with ${exit.code ?? exit.signal}: ${exit.err.slice(-500)}`);
      return {
        sent,
        wallMs,
        ...(rssBytes === undefined ? {} : { rssBytes }),
        ...(cpuMs === undefined ? {} : { cpuMs }),
        said: exit.out.trim().split('\n').at(-1) ?? '',
      };
    },
    async kill() {
      if (stopped) return;
      stopped = true;
      run.child.kill('SIGKILL');
      await run.exited;
      await smtp.close();
    },
  };
}

function commandPhase(name: string, runs: readonly RunResult[], benchRssBytes: number, said?: string): NationalPhase {
  const rss = runs.flatMap((r) => (r.maxRssBytes === undefined ? [] : [r.maxRssBytes]));
  return {
    name,
    wallMs: runs.reduce((t, r) => t + r.wallMs, 0),
    ...(rss.length > 0 ? { commandRssBytes: Math.max(...rss) } : {}),
    benchRssBytes,
    ...(said === undefined ? {} : { said }),
  };
}

async function endToEnd(
  dialect: Dialect,
  db: string,
  servers: number,
  members: number,
  ballots: number,
  voters: number,
  limitMs: number,
): Promise<NationalBackend> {
  const phases: NationalPhase[] = [];
  const rss = rssSampler();
  const name = dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  let eligible: number | undefined;
  let casting: NationalCasting | undefined;
  let sender: NationalSender | undefined;
  let stored: NationalBackend['stored'];
  let counted: number | undefined;
  let verified: boolean | undefined;
  const load = [os.loadavg()[0]];
  const done = (failure?: string): NationalBackend => ({
    dialect,
    servers,
    phases,
    load: [...load, os.loadavg()[0]],
    ...(failure === undefined ? {} : { failure }),
    ...(eligible === undefined ? {} : { eligible }),
    ...(casting === undefined ? {} : { casting }),
    ...(sender === undefined ? {} : { sender }),
    ...(stored === undefined ? {} : { stored }),
    ...(counted === undefined ? {} : { counted }),
    ...(verified === undefined ? {} : { verified }),
  });
  /** One phase of one or more commands, each run as a user would. */
  const command = async (label: string, argvs: readonly (readonly string[])[], said?: (out: string) => string | undefined): Promise<string> => {
    progress(`national: ${dialect}: ${label}`);
    const runs: RunResult[] = [];
    for (const argv of argvs) runs.push(await hustingsOk([...argv, '--db', db], limitMs));
    const out = runs.map((r) => r.stdout).join('\n');
    phases.push(commandPhase(label, runs, rss.take(), said?.(out)));
    return out;
  };
  const boardDir = mkdtempSync(path.join(os.tmpdir(), 'hustings-national-'));
  const running: Server[] = [];
  let drain: Awaited<ReturnType<typeof startSender>> | undefined;
  try {
    // The last day of voting is tomorrow in UTC, so the closing moment is midnight after it.
    const lastDay = inDays(1);
    const closingMoment = new Date(`${lastDay}T00:00:00Z`).getTime() + 86_400_000;
    progress(`national: ${dialect}: demo party of ${count(members)} members, a national ballot opened, electorate frozen`);
    const ballot: ProcessId = await openBallot(db, members, {
      stem: 'national',
      title: 'National ballot',
      ballotCloses: lastDay,
      timeZone: 'UTC',
      onStep: (step, runs) => {
        const said =
          step === 'demo'
            ? /([\d,]+ members)/.exec(runs[0].stdout)?.[1]
            : step === 'freeze'
              ? /([\d,]+ of [\d,]+ members eligible)/.exec(runs[0].stdout)?.[1]
              : undefined;
        phases.push(commandPhase(STEP_NAMES[step], runs, rss.take(), said));
      },
    });

    progress(`national: ${dialect}: ${count(ballots)} sessions put into the store`);
    let t = performance.now();
    const prepared = await prepareSessions(db, ballot, ballots);
    eligible = prepared.eligible;
    phases.push({ name: `store ${count(ballots)} sessions (this process)`, wallMs: performance.now() - t, benchRssBytes: rss.take() });

    progress(`national: ${dialect}: starting ${servers} server${servers === 1 ? '' : 's'}`);
    t = performance.now();
    for (let i = 0; i < servers; i++) running.push(await startServer(db, SERVERS_DO_NOT_SEND));
    phases.push({ name: `start ${servers} app server${servers === 1 ? '' : 's'}: serve`, wallMs: performance.now() - t, benchRssBytes: rss.take() });

    progress(`national: ${dialect}: one hustings outbox drain beside the servers, into an SMTP server in this process`);
    drain = await startSender(db);
    progress(`national: ${dialect}: ${count(ballots)} ballots, ${voters} voters at a time, against ${running.map((s) => s.url).join(' and ')}`);
    load.push(os.loadavg()[0]);
    const server0 = running.map((s) => cpuOfPid(s.child.pid));
    const client0 = process.cpuUsage();
    const cast = await castAll(
      running.map((s) => s.url),
      ballot,
      prepared.tokens,
      voters,
      limitMs,
    );
    const client = process.cpuUsage(client0);
    const serverCpuMs = running.map((s, i) => {
      const [a, b] = [server0[i], cpuOfPid(s.child.pid)];
      return a === undefined || b === undefined ? undefined : b - a;
    });
    const serverRss = running.flatMap((s) => {
      const p = peakRssOfPid(s.child.pid);
      return p === undefined ? [] : [p];
    });
    progress(`national: ${dialect}: stopping the outbox's sender`);
    sender = await drain.stop();
    casting = {
      acknowledged: cast.acknowledged,
      errors: cast.errors,
      errorSamples: cast.errorSamples,
      loadMs: cast.loadMs,
      ballotsPerSecond: cast.acknowledged / (cast.loadMs / 1000),
      ...(cast.castMs.length > 0 ? { cast: latency(cast.castMs) } : {}),
      ...(cast.boothMs.length > 0 ? { booth: latency(cast.boothMs) } : {}),
      serverCpuMs,
      clientCpuMs: (client.user + client.system) / 1000,
    };
    phases.push({
      name: `cast ${count(ballots)} ballots through ${servers === 1 ? 'the server' : `${servers} servers`}`,
      wallMs: cast.loadMs,
      serverRssBytes: serverRss,
      benchRssBytes: rss.take(),
      said: `${count(cast.acknowledged)} acknowledged, ${count(cast.errors)} errors`,
    });
    await Promise.all(running.splice(0).map((s) => s.stop()));
    stored = await storedBallots(db, ballot);

    const now = new Date(closingMoment).toISOString();
    await command('close and seal at the closing time: election close-ballot', [['election', 'close-ballot', ballot, '--now', now]], () => `--now ${now}`);
    const countOut = await command('count: election count', [['election', 'count', ballot]], (out) => /Counted ([\d,]+ ballots by \S+)/.exec(out)?.[1]);
    const n = /Counted ([\d,]+) ballots/.exec(countOut)?.[1];
    if (n !== undefined) counted = Number(n.replace(/,/g, ''));
    const board = path.join(boardDir, 'board.json');
    await command('declare, publish the board: election declare, board', [
      ['election', 'declare', ballot],
      ['board', ballot, '--out', board],
    ]);
    const audit = await command('check the audit log, note its head: audit verify', [['audit', 'verify']], (out) => {
      const seq = /^Head: (\d+):/m.exec(out)?.[1];
      return seq === undefined ? undefined : `head at entry ${seq}`;
    });
    const head = /^Head: (\S+)/m.exec(audit)?.[1];
    if (head === undefined) throw new Error(`hustings audit verify printed no head: ${audit.slice(0, 300)}`);
    try {
      const out = await command('verify the board against the log: verify --head', [['verify', board, '--head', head]], (o) =>
        /^Verified/m.test(o) ? 'verified' : undefined,
      );
      verified = /^Verified/m.test(out);
    } catch (e) {
      verified = false;
      throw e;
    }
    progress(`national: ${name}: done`);
    return done();
  } catch (e) {
    return done(e instanceof Error ? e.message : String(e));
  } finally {
    rss.stop();
    await drain?.kill();
    await Promise.all(running.map((s) => s.stop()));
    rmSync(boardDir, { recursive: true, force: true });
  }
}

export interface NationalOptions {
  readonly members: number;
  readonly ballots: number;
  readonly voters: number;
  readonly limitMs: number;
  readonly backends: readonly Dialect[];
}

/** The settings from the environment (see the top of this file). */
export function nationalOptions(): NationalOptions {
  const backends = (process.env.BENCH_NATIONAL_BACKENDS ?? 'postgres,sqlite').split(',').map((s) => s.trim());
  for (const w of backends) if (w !== 'postgres' && w !== 'sqlite') throw new Error(`BENCH_NATIONAL_BACKENDS: unknown store "${w}" (postgres, sqlite)`);
  return {
    members: envWholeNumber('BENCH_NATIONAL_MEMBERS', 565_000),
    ballots: envWholeNumber('BENCH_NATIONAL_BALLOTS', 100_000),
    voters: envWholeNumber('BENCH_NATIONAL_VOTERS', 200),
    limitMs: envWholeNumber('BENCH_NATIONAL_LIMIT_S', 1800) * 1000,
    backends: backends as Dialect[],
  };
}

export async function national(o: NationalOptions = nationalOptions()): Promise<NationalResult> {
  const { members, ballots, voters, limitMs } = o;
  const backends: NationalBackend[] = [];
  for (const w of o.backends)
    backends.push(
      w === 'postgres'
        ? await inFreshSchema(
            'national',
            (db) => endToEnd('postgres', db, 2, members, ballots, voters, limitMs),
            (skipped) => ({ dialect: 'postgres', servers: 2, skipped, phases: [], load: [] }),
          )
        : await inTempSqlite('national-bench', (db) => endToEnd('sqlite', db, 1, members, ballots, voters, limitMs)),
    );
  return { members, ballots, voters, backends };
}

const ms = (x: number | undefined): string => (x === undefined ? '—' : `${x.toFixed(x < 10 ? 1 : 0)} ms`);

function renderBackend(res: NationalResult, b: NationalBackend): string[] {
  const name = b.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  const head = `${name}, ${b.servers} app server${b.servers === 1 ? '' : 's'}`;
  if (b.skipped) return [`  ${head}: ${b.skipped}`];
  const rows = b.phases.map((p) => [
    p.name,
    seconds(p.wallMs),
    p.serverRssBytes ? p.serverRssBytes.map(megabytes).join(' + ') + (p.serverRssBytes.length > 1 ? ' (servers)' : ' (server)') : megabytes(p.commandRssBytes),
    megabytes(p.benchRssBytes),
    p.said ?? '',
  ]);
  const total = b.phases.reduce((t, p) => t + p.wallMs, 0);
  rows.push(['all phases', seconds(total), '', '', '']);
  const lines = [`  ${head}`, table(['phase (hustings command)', 'wall', 'peak RSS (command or servers)', 'peak RSS (bench)', 'gave'], rows, '    ')];
  const c = b.casting;
  if (c) {
    const cpu = c.serverCpuMs
      .map((x) => (x === undefined ? '—' : `${seconds(x)} (${((x / (c.acknowledged || 1)) * 1000).toFixed(0)} µs a ballot)`))
      .join(' + ');
    lines.push(
      `    casting: ${count(Math.round(c.ballotsPerSecond))} ballots/s; cast p50 ${ms(c.cast?.p50Ms)}, p99 ${ms(c.cast?.p99Ms)}, max ${ms(c.cast?.maxMs)}; booth p50 ${ms(c.booth?.p50Ms)}, p99 ${ms(c.booth?.p99Ms)}`,
      `    CPU during the casting: server${b.servers === 1 ? '' : 's'} ${cpu}; voters' side and the SMTP server (this process) ${seconds(c.clientCpuMs)}`,
    );
    for (const e of c.errorSamples) lines.push(`    error: ${e}`);
  }
  const s = b.sender;
  if (s) {
    const cpu = s.cpuMs === undefined ? '' : `, CPU ${seconds(s.cpuMs)}`;
    lines.push(
      `    outbox sender beside the casting (one hustings outbox drain; the servers send nothing): ${count(s.sent)} notices arrived in ${seconds(s.wallMs)} (${count(Math.round((s.sent * 1000) / s.wallMs))}/s), peak RSS ${megabytes(s.rssBytes)}${cpu}; stopped with SIGTERM, it said "${s.said}"`,
    );
  }
  const checks: string[] = [];
  if (c && b.stored) {
    const same = b.stored.ballots === c.acknowledged && b.stored.turnout === c.acknowledged;
    checks.push(
      `${count(b.stored.ballots)} ballots stored, ${count(b.stored.turnout)} members marked voted, ${count(c.acknowledged)} acknowledged: ${same ? 'equal' : 'MISMATCH'}`,
    );
  }
  if (c && b.counted !== undefined)
    checks.push(`the count's total ${count(b.counted)} ${b.counted === c.acknowledged ? '= the ballots cast' : `≠ ${count(c.acknowledged)} cast: MISMATCH`}`);
  if (b.verified !== undefined) checks.push(b.verified ? 'the board verifies against the audit log' : 'the board did NOT verify');
  if (checks.length > 0) lines.push(`    checks: ${checks.join('; ')}`);
  if (b.load.length > 0)
    lines.push(
      `    load average (1 min) at the start, as the casting began, at the end: ${b.load.map((l) => l.toFixed(2)).join(', ')} (2 cores: above 2, other work competed)`,
    );
  if (b.eligible !== undefined) lines.push(`    ${count(b.eligible)} members eligible; ${count(res.ballots)} of them vote`);
  if (b.failure !== undefined) lines.push(`    FAILED: ${b.failure}`);
  return lines;
}

/** Whether every check of a backend that ran held: stored = acknowledged, counted = cast, verified, no errors. */
export function nationalHeld(b: NationalBackend): boolean {
  const c = b.casting;
  return (
    b.failure === undefined &&
    c !== undefined &&
    c.errors === 0 &&
    b.stored?.ballots === c.acknowledged &&
    b.stored.turnout === c.acknowledged &&
    b.counted === c.acknowledged &&
    b.verified === true
  );
}

export function renderNational(res: NationalResult): string {
  const lines = [
    `A national ballot end to end · demo party of ${count(res.members)} members · ${count(res.ballots)} ballots, ${res.voters} voters at a time over loopback`,
    '  each step is the real command line in its own process; the servers are `hustings serve` (production, HUSTINGS_OUTBOX_SENDER=off), one process each, sharing the store,',
    "  with one `hustings outbox drain` beside them for the casting, sending the ballot's invitations to an SMTP server in the bench's process",
    '  peak RSS: the command process (GNU time) or each server (VmHWM before it stops); the bench process sampled every 25 ms',
    '',
  ];
  for (const b of res.backends) lines.push(...renderBackend(res, b), '');
  const ran = res.backends.filter((b) => !b.skipped);
  lines.push(
    ran.length === 0
      ? '  no store ran'
      : `  every check held: ${ran.every(nationalHeld) ? 'yes' : 'NO'} (stored = acknowledged, counted = cast, verified, no errors)`,
  );
  lines.push("  (PostgreSQL's own processes are not in the RSS figures; its work shows in the wall times)");
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const res = await national();
  process.stdout.write(renderNational(res) + '\n');
  process.exitCode = res.backends.every((b) => b.skipped !== undefined || nationalHeld(b)) ? 0 : 1;
}
