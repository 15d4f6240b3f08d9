/**
 * Results-page time for a 100,000-ballot election: the demo party's national
 * executive election (stv-droop, 9 seats, at least 4 women), its electorate
 * frozen, 100,000 ballots put in its box, closed, counted and declared, then
 * GET /results/<election> through the web app in-process, timed over a few
 * requests (the first apart: it may warm caches).
 *
 * The ballots go into the store's tables directly, in one transaction (casting
 * them one by one is what bench/casting.ts measures); everything after is the
 * ordinary path. Written against the store, the demo and the web app only, so
 * the same file runs on older trees to give the "before" figure. Settings
 * (environment): BENCH_RESULTS_BALLOTS=100000, BENCH_RESULTS_REQUESTS=5.
 *
 *   npx tsx bench/results-page.ts
 */
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AppResult } from '../src/app/app-error.js';
import { applyStepTo } from '../src/app/apply-step.js';
import { freezeElectorate } from '../src/app/freeze-electorate.js';
import { recordCount } from '../src/app/record-count.js';
import { generateParty } from '../src/demo/generate.js';
import { populate } from '../src/app/populate-demo.js';
import { LABOUR_2021 } from '../src/domain/presets.js';
import { fixedClock, isoDate } from '../src/domain/time.js';
import { openStore } from '../src/store/index.js';
import { createApp } from '../src/web/server/app.js';
import { serverConfig } from '../src/web/server/config.js';
import { devOutbox } from '../src/runtime/mailer.js';

const BALLOTS = Number(process.env.BENCH_RESULTS_BALLOTS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_RESULTS_REQUESTS ?? 5);
const say = (s: string) => process.stderr.write(`${s}\n`);

const dir = mkdtempSync(join(tmpdir(), 'hustings-results-bench-'));
const file = join(dir, 'party.db');
const store = await openStore(`sqlite:${file}`);
// About one member in nine is not eligible (too recent, in arrears, suspended): enough members for every ballot.
const MEMBERS = Math.ceil(BALLOTS * 1.25);
try {
  say(`generating a party of ${MEMBERS} members…`);
  await populate(store, generateParty({ seed: 1, members: MEMBERS, today: isoDate('2024-06-01') }), LABOUR_2021);
  let nec = (await store.processDocuments({ kind: 'internal-election' })).flatMap((p) => (p.kind === 'internal-election' ? [p] : []))[0]!;
  const t = nec.state.timetable;
  const clock = fixedClock(`${t.nominationsClose}T12:00:00.000Z`);
  const a = { store, clock, actor: 'bench' };
  say('freezing the electorate…');
  nec = allowed(await freezeElectorate(a, nec.id, 'internal-election')).process;
  clock.set(`${t.ballotOpens}T09:00:00.000Z`);
  nec = allowed(await applyStepTo(a, nec.id, 'internal-election', { type: 'open-ballot' }));
  const ids = nec.state.candidates.map((c) => c.id);
  const voters = (await store.electorate(nec.id)).filter((e) => e.eligible).slice(0, BALLOTS);
  if (voters.length < BALLOTS) throw new Error(`only ${voters.length} eligible members`);
  say(`putting ${BALLOTS} ballots in the box…`);
  const db = new Database(file);
  const mark = db.prepare('INSERT INTO voters_marked (process, member) VALUES (?, ?)');
  const put = db.prepare('INSERT INTO cast_ballots (process, key, ranking, tracker) VALUES (?, ?, ?, ?)');
  let x = 12345;
  const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
  db.transaction(() => {
    for (const [i, v] of voters.entries()) {
      mark.run(nec.id, v.member);
      const ranking = Array.from({ length: 1 + (next() % 6) }, () => ids[next() % ids.length]).filter((c, k, all) => all.indexOf(c) === k);
      put.run(nec.id, randomBytes(16).toString('hex'), JSON.stringify(ranking), `B-${i}`);
    }
  })();
  db.close();
  clock.set(`${t.ballotCloses}T21:00:00.000Z`);
  nec = allowed(await applyStepTo(a, nec.id, 'internal-election', { type: 'close-ballot' }));

  say('counting…');
  const started = performance.now();
  const app = createApp({ store, clock, mailer: devOutbox(), config: serverConfig({ env: 'development' }) });
  allowed(await recordCount(store, clock, nec, LABOUR_2021, { kind: 'ballot-box' }, 'bench'));
  allowed(await applyStepTo(a, nec.id, 'internal-election', { type: 'declare' }));
  const countMs = performance.now() - started;

  const times: number[] = [];
  let status = 0;
  for (let k = 0; k < REQUESTS + 1; k++) {
    const t0 = performance.now();
    const res = await app.request(`/results/${nec.id}`);
    await res.text();
    times.push(performance.now() - t0);
    status = res.status;
  }
  const [first, ...rest] = times;
  rest.sort((p, q) => p - q);
  const median = rest[Math.floor(rest.length / 2)];
  process.stdout.write(
    `results page, ${BALLOTS.toLocaleString('en-GB')} ballots (stv-droop, 9 seats): HTTP ${status}; first request ${first.toFixed(1)} ms, median of the next ${REQUESTS} ${median.toFixed(1)} ms (count and declare: ${(countMs / 1000).toFixed(1)} s)\n`,
  );
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

/** A use case's value; the bench's own party allows every step, so a refusal is a broken bench. */
function allowed<T>(r: AppResult<T>): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
