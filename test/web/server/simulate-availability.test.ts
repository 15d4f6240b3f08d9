/**
 * One anonymous client must not be able to stall the server through the
 * democracy-review page: its requests are bounded by their real cost, run in
 * a worker thread while sign-ins are answered, wait in a bounded queue, are
 * stopped at a time limit, and are limited per client address.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type Running } from '../../../src/web/serve.js';
import { memberId, unitId } from '../../../src/domain/ids.js';
import { fixedClock, isoDate } from '../../../src/domain/time.js';
import { openStore } from '../../../src/store/index.js';
import type { Store } from '../../../src/store/store.js';
import { createApp } from '../../../src/web/server/app.js';
import { DEFAULTS, serverConfig, type ServerConfig, type SimulateSettings } from '../../../src/web/server/config.js';
import { devOutbox, type Outbox } from '../../../src/runtime/mailer.js';
import { simulationPool } from '../../../src/web/server/simulate-routes.js';
import { all, checkAccessibleStructure } from '../views/html-check.js';

/** The heaviest shape the form takes: 400 units a constituency, 500 members at each meeting. */
const HEAVY = 'constituencies=1000&branches=200-200&affiliated-branches=200-200&attendance=500-500';
/** The most runs of that shape one request may ask for (550 × 1,000 constituencies × 271 branch draws each, and the tables, under the bound of 150 million). */
const LARGEST_RUNS = 550;

let dir: string;
let store: Store;
const configs: ServerConfig[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hustings-simulate-availability-'));
  store = await openStore(`sqlite:${join(dir, 'empty.db')}`);
});
afterAll(async () => {
  for (const c of configs) await simulationPool(c).close();
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** An app over the shared empty store; `at` is its clock, so that the rate limit's window can start afresh. */
function appWith(simulate: Partial<SimulateSettings> = {}, at = '2024-06-01T09:00:00.000Z'): { app: ReturnType<typeof createApp>; config: ServerConfig } {
  const config = serverConfig({ env: 'production', secret: Buffer.alloc(32, 5), simulate: { ...DEFAULTS.simulate, ...simulate } });
  configs.push(config);
  return { app: createApp({ store, clock: fixedClock(at), mailer: devOutbox(), config }), config };
}

/** Resolves once the pool of `config` is running `running` jobs with `waiting` more queued (the requests have reached it). */
async function poolReaches(config: ServerConfig, running: number, waiting = 0): Promise<void> {
  for (;;) {
    const load = simulationPool(config).load();
    if (load.running >= running && load.waiting >= waiting) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

function fieldValue(html: string, name: string): string | undefined {
  return all(checkAccessibleStructure(html), (e) => e.tag === 'input' && e.attrs.name === name)[0]?.attrs.value;
}

describe('the democracy review’s bound counts the real work', () => {
  it('refuses the red team’s request (2,000 runs of 1,000 constituencies of 400 units) with 400, the form kept and what to lower', async () => {
    const { app } = appWith();
    const r = await app.request(`/simulate?runs=2000&${HEAVY}&seed=77`);
    expect(r.status).toBe(400);
    const text = await r.text();
    expect(text).toMatch(
      /That would simulate about 542 million decisions of branches and affiliated branches .* more than the 150 million one request may here: lower the runs, the constituencies, the branches or affiliated branches per constituency/,
    );
    expect(fieldValue(text, 'runs')).toBe('2000');
    expect(fieldValue(text, 'branches')).toBe('200-200');
    expect(fieldValue(text, 'attendance')).toBe('500-500');
    // Runs × constituencies alone (2,000,000) was within the old bound: the units are what made it heavy.
    expect((await app.request(`/simulate?runs=${LARGEST_RUNS + 5}&${HEAVY}&seed=77`)).status).toBe(400);
  });

  it('counts the meetings’ sizes too: near the bound, meetings of 1 to 500 members go over it where meetings of 500 do not', async () => {
    // A short time limit: the narrow request is accepted and started, then stopped, which is all this test needs to know.
    const { app } = appWith({ timeoutSeconds: 0.05 });
    const near = `runs=525&${HEAVY.replace('attendance=500-500', '')}`;
    const wide = await app.request(`/simulate?${near}&attendance=1-500&seed=3`);
    expect(wide.status).toBe(400);
    expect(await wide.text()).toContain('more than the 150 million one request may here');
    const narrow = await app.request(`/simulate?${near}&attendance=500-500&seed=3`);
    expect(narrow.status).toBe(503);
    expect(await narrow.text()).toContain('That simulation took longer than 0.05 seconds');
  });
});

describe('a simulation runs off the request thread', () => {
  let running: Running;
  let config: ServerConfig;
  let outbox: Outbox;
  const EMAIL = 'ada@example.org';

  beforeAll(async () => {
    // One member, so that the sign-in really sends a code.
    await store.putUnits([
      { id: unitId('party'), kind: 'party', name: 'The Party', parent: null, constituency: null },
      { id: unitId('region'), kind: 'region', name: 'A Region', parent: unitId('party'), constituency: null },
      { id: unitId('seat'), kind: 'constituency', name: 'A Seat', parent: unitId('region'), constituency: null },
      { id: unitId('ward'), kind: 'branch', name: 'A Ward', parent: unitId('seat'), constituency: null },
    ]);
    await store.putMembers([
      {
        id: memberId('m-ada'),
        name: 'Ada Member',
        email: EMAIL,
        branch: unitId('ward'),
        joined: isoDate('2020-01-01'),
        statusHistory: [{ from: isoDate('2020-01-01'), status: 'current' }],
        gender: null,
      },
    ]);
    config = serverConfig({ env: 'production', secret: Buffer.alloc(32, 6) });
    configs.push(config);
    outbox = devOutbox();
    running = await startServer({ store, config, mailer: outbox, port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await running?.close();
  });

  it('answers a sign-in (the form, then the request for a code) while the largest allowed simulation runs', async () => {
    const events: string[] = [];
    const simulation = fetch(`${running.url}/simulate?runs=${LARGEST_RUNS}&${HEAVY}&seed=${Date.now() % 1e9}`).then(async (r) => {
      const text = await r.text();
      events.push('simulation answered');
      return { status: r.status, text };
    });
    await poolReaches(config, 1);

    const form = await fetch(`${running.url}/sign-in`);
    expect(form.status).toBe(200);
    const cookie = form.headers.getSetCookie()[0].split(';')[0];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
    events.push('sign-in form answered');
    const sent = await fetch(`${running.url}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, email: EMAIL }).toString(),
    });
    expect(sent.status).toBe(303);
    events.push('code request answered');

    const sim = await simulation;
    expect(sim.status).toBe(200);
    expect(sim.text).toContain('Share of incumbents triggered');
    expect(events).toEqual(['sign-in form answered', 'code request answered', 'simulation answered']);
    expect(outbox.messages().map((m) => m.to)).toContain(EMAIL);
  });
});

describe('the pool’s bounds', () => {
  it('answers 503 with Retry-After, the form kept, when every thread is busy and the queue is full', async () => {
    const { app, config } = appWith({ workers: 1, queue: 1 });
    const first = app.request(`/simulate?runs=${LARGEST_RUNS}&${HEAVY}&seed=11`);
    await poolReaches(config, 1);
    const second = app.request(`/simulate?runs=${LARGEST_RUNS}&${HEAVY}&seed=12`);
    await poolReaches(config, 1, 1);
    const third = await app.request(`/simulate?runs=5&constituencies=20&seed=13`);
    expect(third.status).toBe(503);
    expect(third.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
    const text = await third.text();
    expect(text).toContain('Too many simulations are running just now. Please try again in a minute');
    expect(fieldValue(text, 'runs')).toBe('5');
    await simulationPool(config).close();
    expect((await first).status).toBe(503);
    expect((await second).status).toBe(503);
  });

  it('stops a simulation past its time limit, says so plainly, and runs the next one on a new thread', async () => {
    const { app, config } = appWith({ timeoutSeconds: 0.5 });
    const slow = await app.request(`/simulate?runs=${LARGEST_RUNS}&${HEAVY}&seed=21`);
    expect(slow.status).toBe(503);
    const text = await slow.text();
    expect(text).toContain('That simulation took longer than 0.5 seconds, the most one may run here, and was stopped. Lower the runs');
    expect(fieldValue(text, 'runs')).toBe(String(LARGEST_RUNS));
    expect(simulationPool(config).load()).toEqual({ running: 0, waiting: 0 });
    // The time limit counts from when the thread is ready, so a small simulation fits in it on the thread that replaces the stopped one.
    expect((await app.request('/simulate?runs=5&constituencies=20&seed=22')).status).toBe(200);
  });

  it('limits how many simulations one client address may start; a kept result is still served', async () => {
    // A month after the other tests' requests, so that only this test's count in the window.
    const { app } = appWith({ perAddress: 2 }, '2024-07-01T09:00:00.000Z');
    const q = (seed: number) => `/simulate?runs=5&constituencies=20&seed=${seed}`;
    expect((await app.request(q(31))).status).toBe(200);
    expect((await app.request(q(32))).status).toBe(200);
    const third = await app.request(q(33));
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe(String(DEFAULTS.simulate.windowMinutes * 60));
    const text = await third.text();
    expect(text).toContain(`You have asked for 2 simulations in the last ${DEFAULTS.simulate.windowMinutes} minutes, the most one network may here.`);
    expect(fieldValue(text, 'seed')).toBe('33');
    // The same question again costs nothing, so it is answered from the kept results.
    expect((await app.request(q(31))).status).toBe(200);
  });

  it('runs a question asked twice at once only once, and counts it once', async () => {
    const { app } = appWith({ perAddress: 1 }, '2024-08-01T09:00:00.000Z');
    const q = '/simulate?runs=50&constituencies=200&seed=41';
    const [a, b] = await Promise.all([app.request(q), app.request(q)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const main = (t: string): string => t.slice(t.indexOf('<main'), t.indexOf('</main>'));
    expect(main(await b.text())).toBe(main(await a.text()));
    expect((await app.request('/simulate?runs=50&constituencies=200&seed=42')).status).toBe(429);
  });
});
