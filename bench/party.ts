/**
 * The demo party at full size, stored, and a national electorate frozen over it:
 * SQLite and PostgreSQL side by side.
 *
 * Each step is the real command line (`node dist/bin/main.js …`) in its own
 * child process, so the peak RSS is that step's alone:
 *   1. `hustings demo --members N` into an empty store: generating the party,
 *      writing every unit, member (with status history), office and incumbent,
 *      and putting the demo's processes under way;
 *   2. `hustings election freeze` on the demo's national executive election:
 *      judging every member against the rulebook at the freeze date and storing
 *      each judgement with its reason;
 *   3. the turnout page's grouped read of that electorate (by constituency, region,
 *      channel and day: `turnoutGroups`), in this process, twice: the first read
 *      and one with the database's pages already in memory.
 * PostgreSQL runs in a fresh schema, dropped afterwards; without a server it is
 * skipped with a notice. Settings (environment):
 *   BENCH_PARTY_MEMBERS=550000                             members in the demo party
 *   BENCH_PG_URL=postgres://postgres@127.0.0.1:5432/test  the PostgreSQL server
 *   BENCH_PARTY_LIMIT_S=900                                time limit per step
 */
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { DATA_DIR, envWholeNumber, progress, runHustings } from './context.js';
import { count, megabytes, seconds, table } from './format.js';
import { measured, cpuOf, type Measured } from './sections/common.js';
import { openStore } from '../src/store/index.js';
import type { ProcessId } from '../src/domain/ids.js';
import { inFreshSchema } from './voters.js';

/** The demo's date, fixed so every run generates the same party. */
const AS_OF = '2024-06-01';
/** After the demo election's nominations close (two weeks after AS_OF), when its electorate may be frozen. */
const FREEZE_AT = '2024-06-20';
const ELECTION = `el-nec-${AS_OF.slice(0, 4)}-1`;
const SEED = 1;

export interface PartyStep {
  readonly run: Measured;
  /** What the command said, in brief (e.g. "550,000 members"; "492,311 of 550,000 members eligible"). */
  readonly said?: string | undefined;
}

export interface PartyBackend {
  readonly dialect: 'sqlite' | 'postgres';
  /** Why it was not run, if it was not. */
  readonly skipped?: string;
  readonly demo?: PartyStep;
  readonly freeze?: PartyStep;
  /** The grouped read of the turnout page over the frozen electorate: the first and a second read, and the groups it gave. */
  readonly turnout?: { readonly firstMs: number; readonly againMs: number; readonly groups: number; readonly members: number };
  /** Bytes the store took on disk after both steps (SQLite file and its WAL; PostgreSQL relations of the schema). */
  readonly storeBytes?: number;
}

export interface PartyResult {
  readonly members: number;
  readonly seed: number;
  readonly asOf: string;
  readonly backends: readonly PartyBackend[];
}

/** Times the turnout page's one grouped read of the national electorate (no votes yet: the whole electorate is walked all the same). */
async function turnoutRead(db: string): Promise<NonNullable<PartyBackend['turnout']>> {
  const store = await openStore(db);
  try {
    const timed = async () => {
      const t = performance.now();
      const groups = await store.turnoutGroups(ELECTION as ProcessId);
      return { ms: performance.now() - t, groups };
    };
    const first = await timed();
    const again = await timed();
    return { firstMs: first.ms, againMs: again.ms, groups: first.groups.length, members: first.groups.reduce((n, g) => n + g.members, 0) };
  } finally {
    await store.close();
  }
}

async function steps(
  db: string,
  members: number,
  limitMs: number,
): Promise<{ demo: PartyStep; freeze?: PartyStep; turnout?: NonNullable<PartyBackend['turnout']> }> {
  const demoRun = await runHustings(['demo', '--members', String(members), '--seed', String(SEED), '--now', AS_OF, '--db', db], { timeoutMs: limitMs });
  const demo: PartyStep = { run: measured(demoRun, limitMs), said: /([\d,]+ members)/.exec(demoRun.stdout)?.[1] };
  if (demo.run.failure !== undefined) return { demo };
  const freezeRun = await runHustings(['election', 'freeze', ELECTION, '--now', FREEZE_AT, '--db', db], { timeoutMs: limitMs });
  const freeze: PartyStep = { run: measured(freezeRun, limitMs), said: /([\d,]+ of [\d,]+ members eligible)/.exec(freezeRun.stdout)?.[1] };
  if (freeze.run.failure !== undefined) return { demo, freeze };
  return { demo, freeze, turnout: await turnoutRead(db) };
}

async function sqlite(members: number, limitMs: number): Promise<PartyBackend> {
  const file = path.join(DATA_DIR, `party-bench-${process.pid}.db`);
  const remove = (): void => {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  };
  remove();
  progress(`party: SQLite, demo of ${count(members)} members then a national freeze (${path.basename(file)})`);
  try {
    const r = await steps(`sqlite:${file}`, members, limitMs);
    let bytes = 0;
    for (const f of [file, `${file}-wal`]) {
      try {
        bytes += statSync(f).size;
      } catch {
        // No WAL left after a clean close.
      }
    }
    return { dialect: 'sqlite', ...r, storeBytes: bytes };
  } finally {
    remove();
  }
}

function postgres(members: number, limitMs: number): Promise<PartyBackend> {
  return inFreshSchema<PartyBackend>(
    'party',
    async (db, admin, schema) => {
      progress(`party: PostgreSQL, demo of ${count(members)} members then a national freeze`);
      const r = await steps(db, members, limitMs);
      const size = await admin.query<{ bytes: string | null }>(
        `SELECT sum(pg_total_relation_size(c.oid))::text AS bytes FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'm')`,
        [schema],
      );
      return { dialect: 'postgres', ...r, storeBytes: Number(size.rows[0]?.bytes ?? 0) };
    },
    (skipped) => ({ dialect: 'postgres', skipped }),
  );
}

export async function party(): Promise<PartyResult> {
  const members = envWholeNumber('BENCH_PARTY_MEMBERS', 550_000);
  const limitMs = envWholeNumber('BENCH_PARTY_LIMIT_S', 900) * 1000;
  const backends = [await sqlite(members, limitMs), await postgres(members, limitMs)];
  return { members, seed: SEED, asOf: AS_OF, backends };
}

function cell(step: PartyStep | undefined, pick: (m: Measured) => string): string {
  if (!step) return '—';
  if (step.run.failure !== undefined) return 'FAILED';
  return pick(step.run);
}

export function renderParty(res: PartyResult): string {
  const [lite, post] = [res.backends.find((b) => b.dialect === 'sqlite'), res.backends.find((b) => b.dialect === 'postgres')];
  const lines = [
    `Demo party and a national electorate · ${count(res.members)} members (seed ${res.seed}, as of ${res.asOf}) · SQLite beside PostgreSQL`,
    `  each step is \`node dist/bin/main.js …\` in its own process: wall from spawn to exit, peak RSS of that process alone`,
    '',
  ];
  const col = (b: PartyBackend | undefined, step: 'demo' | 'freeze', what: 'wall' | 'cpu' | 'rss'): string => {
    if (!b || b.skipped) return 'skipped';
    return cell(b[step], (m) => (what === 'wall' ? seconds(m.wallMs) : what === 'cpu' ? seconds(cpuOf(m)) : megabytes(m.maxRssBytes)));
  };
  const rows: string[][] = [];
  for (const [step, label] of [
    ['demo', 'hustings demo: generate and store the party, start its processes'],
    ['freeze', `hustings election freeze: judge every member, store the electorate`],
  ] as const) {
    rows.push([
      label,
      col(lite, step, 'wall'),
      col(lite, step, 'cpu'),
      col(lite, step, 'rss'),
      col(post, step, 'wall'),
      col(post, step, 'cpu'),
      col(post, step, 'rss'),
    ]);
  }
  const read = (b: PartyBackend | undefined): string[] =>
    !b || b.skipped || !b.turnout ? ['skipped', '', ''] : [`${seconds(b.turnout.firstMs)} (then ${seconds(b.turnout.againMs)})`, '', ''];
  rows.push(['turnout page: one grouped read of the electorate (in this process)', ...read(lite), ...read(post)]);
  rows.push(['store size on disk afterwards', megabytes(lite?.storeBytes), '', '', post?.skipped ? 'skipped' : megabytes(post?.storeBytes), '', '']);
  lines.push(table(['', 'SQLite wall', 'CPU', 'peak RSS', 'PostgreSQL wall', 'CPU', 'peak RSS'], rows));
  lines.push('');
  for (const b of res.backends) {
    const name = b.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    if (b.skipped) {
      lines.push(`  ${name}: ${b.skipped}`);
      continue;
    }
    const failed = [b.demo, b.freeze].find((s) => s?.run.failure !== undefined);
    if (failed) lines.push(`  ${name}: FAILED: ${failed.run.failure}`);
    else
      lines.push(
        `  ${name}: ${b.demo?.said ?? '?'} stored; ${b.freeze?.said ?? '?'} at the freeze date${b.turnout ? `; the turnout read gave ${count(b.turnout.groups)} groups of ${count(b.turnout.members)} members` : ''}`,
      );
  }
  lines.push("  (PostgreSQL CPU is the client process only; the server's own work shows in the wall time)");
  return lines.join('\n');
}
