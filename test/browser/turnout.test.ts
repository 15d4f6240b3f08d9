/**
 * Turnout as it happens, in real Chromium: a national officer watches a national election's
 * turnout while voting is open (small figures hidden, the chart beside its table), sees votes cast
 * elsewhere arrive without a reload, and once the ballot has closed anyone, signed out and without
 * JavaScript, reads the exact figures. Each page is screenshot at 1024 and 320 pixels wide, scanned
 * for accessibility problems and measured for sideways scroll by the harness.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBallot } from '../../src/app/close-ballot.js';
import { addDays } from '../../src/domain/calendar.js';
import type { MemberId, UnitId } from '../../src/domain/ids.js';
import { LABOUR_2021 } from '../../src/domain/presets.js';
import { fixedClock, isoDate, type IsoDate } from '../../src/domain/time.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';
import { applyStep, freezeElectorate, openElection } from '../app/steps.js';
import { HustingsServer, PageChecker, ROOT, closeAll, browserUnavailable, ensureBuilt, hustingsOk, launchChromium, person, signIn, today } from './harness.js';

const unavailable = browserUnavailable();
if (unavailable !== null) console.warn(`NOTICE: ${unavailable}`);

const SCREENSHOTS = path.join(ROOT, 'test-artifacts', 'screenshots-turnout');
const morning = (d: IsoDate): string => `${d}T09:00:00.000Z`;

describe.skipIf(unavailable !== null)('turnout as it happens in real Chromium', () => {
  let dir = '';
  let db = '';
  let server: HustingsServer;
  let browser: Browser;
  let checks: PageChecker;
  const contexts: BrowserContext[] = [];
  let election = '';
  let officerEmail = '';
  /** Eligible members not yet voted, by constituency. */
  let waiting: Map<string, MemberId[]>;
  const T = isoDate(today());
  let trackers = 0;

  async function withStore<R>(body: (s: Store) => Promise<R>): Promise<R> {
    const s = await openStore(db);
    try {
      return await body(s);
    } finally {
      await s.close();
    }
  }

  /** `n` online votes on `day` from the members of the `k`-th constituency still waiting. */
  async function vote(s: Store, k: number, n: number, day: IsoDate, channel: 'online' | 'postal' = 'online'): Promise<void> {
    const queue = [...waiting.values()][k]!;
    for (const m of queue.splice(0, n)) {
      const ballot = { ranking: ['c1'], tracker: `TURNOUT-${++trackers}` };
      const r =
        channel === 'online'
          ? await s.castBallot(election as never, m, ballot, day)
          : await s.recordOfflineVote(election as never, m, channel, ballot, undefined, day);
      if (!r.ok) throw new Error(r.error.message);
    }
  }

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'hustings-turnout-'));
    db = `sqlite:${path.join(dir, 'h.db')}`;
    await hustingsOk(['demo', '--members', '12000', '--seed', '7', '--db', db]);
    await withStore(async (store) => {
      // A national election whose ballot opened three days ago, with three candidates.
      const clock = fixedClock(morning(addDays(T, -5)));
      const a = { store, clock, actor: 'test' };
      const opened = await openElection(
        a,
        LABOUR_2021,
        'Treasurer',
        {
          nominationsClose: addDays(T, -4),
          freezeDate: addDays(T, -4),
          ballotOpens: addDays(T, -3),
          ballotCloses: addDays(T, 7),
        },
        undefined,
        { seats: 1, method: 'irv', minWomen: null },
      );
      election = opened.id;
      const branches = await store.listUnits({ kind: 'branch' });
      const nominees: { id: MemberId; name: string; gender: string | null }[] = [];
      for await (const m of store.membersOf(branches.slice(0, 3).map((b) => b.id))) {
        if (nominees.length < 3 && m.statusHistory.length === 1) nominees.push({ id: m.id, name: m.name, gender: m.gender });
      }
      for (const m of nominees) await applyStep(a, election, 'internal-election', { type: 'nominate', name: m.name, gender: m.gender, member: m.id });
      clock.set(morning(addDays(T, -4)));
      await freezeElectorate(a, election, 'internal-election');
      clock.set(morning(addDays(T, -3)));
      await applyStep(a, election, 'internal-election', { type: 'open-ballot' });

      const constituencyOf = new Map(branches.map((b) => [b.id as string, b.parent as UnitId]));
      const eligible = new Set((await store.electorate(election as never)).filter((e) => e.eligible).map((e) => e.member as string));
      waiting = new Map();
      for await (const m of store.membersOf(branches.map((b) => b.id))) {
        if (!eligible.has(m.id)) continue;
        const c = constituencyOf.get(m.branch)!;
        waiting.set(c, [...(waiting.get(c) ?? []), m.id]);
      }
      // Most constituencies vote in numbers over three days; one has only 2 votes so far, and a few go by post.
      const places = waiting.size;
      for (let k = 0; k < places; k++) {
        if (k === 1) {
          await vote(store, k, 2, addDays(T, -2));
          continue;
        }
        await vote(store, k, 20 + 7 * k, addDays(T, -3));
        await vote(store, k, 10 + 3 * k, addDays(T, -1));
      }
      await vote(store, 0, 3, addDays(T, -1), 'postal');

      const officer = (await store.listOffices()).filter((o) => o.role === 'national-officer');
      for (const o of officer) {
        const p = await person(store, await store.getMember(o.member));
        if (p) {
          officerEmail = p.email;
          break;
        }
      }
    });
    if (officerEmail === '') throw new Error('the demo party has no national officer who can sign in');
    server = await HustingsServer.start(db);
    browser = await launchChromium();
    checks = new PageChecker(browser, server.url, SCREENSHOTS, { internals: true });
  }, 300_000);

  afterAll(() => closeAll({ contexts, checks, browser, server, dir }), 60_000);

  it('an officer watches it while voting is open: small figures hidden, votes cast elsewhere arriving without a reload', async () => {
    const { context, page } = await checks.person(true);
    contexts.push(context);
    await signIn(page, server, officerEmail);
    await page.clock.install();
    await page.goto(`${server.url}/processes/${encodeURIComponent(election)}`);
    await page.getByRole('link', { name: 'Turnout as it happens' }).click();
    await checks.check(page, 'turnout while voting is open (JavaScript)');
    const headline = page.locator('#turnout-live .turnout-headline');
    const before = (await headline.textContent())!;
    const [voted] = /^([\d,]+) of/
      .exec(before)!
      .slice(1)
      .map((x) => Number(x.replace(/,/g, '')));
    expect(await page.getByRole('table', { name: /^Turnout by constituency/ }).textContent()).toContain('fewer than 5');
    expect(await page.getByRole('table', { name: /^Votes by channel/ }).textContent()).toContain('fewer than 5');
    expect(await page.getByRole('img', { name: 'Votes by day' }).count()).toBe(1);

    await withStore((s) => vote(s, 2, 30, T));
    // The page's timer is run on: each turn it fetches the figures again, which the server reads afresh
    // once those it last read are a few seconds old (src/app/turnout.ts).
    await expect
      .poll(
        async () => {
          await page.clock.runFor(16_000);
          return headline.textContent();
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toContain(`${(voted! + 30).toLocaleString('en-GB')} of`);
    expect(await page.locator('#turnout-live-status').textContent()).toMatch(/^Updated at .+\. [\d,]+ of [\d,]+ eligible members have voted so far/);
    await checks.check(page, 'turnout after votes cast elsewhere (JavaScript)');
    expect(checks.problems).toEqual([]);
    expect(checks.internals).toEqual([]);
  }, 120_000);

  it('once the ballot has closed, anyone reads the exact figures, without JavaScript', async () => {
    await withStore((store) =>
      closeBallot({ store, clock: fixedClock(morning(addDays(T, 8))), rulebook: LABOUR_2021, actor: 'test' }, { id: election as never }),
    );
    const { context, page } = await checks.person(false);
    contexts.push(context);
    await page.goto(`${server.url}/processes/${encodeURIComponent(election)}/turnout`);
    await checks.check(page, 'turnout after the close (signed out, no JavaScript)');
    const text = (await page.locator('main').textContent())!;
    expect(text).toContain('Voting has closed, so every figure on this page is exact');
    expect(text).not.toContain('fewer than 5');
    expect(text).not.toContain('not shown');
    const post = page
      .getByRole('table', { name: /^Votes by channel/ })
      .getByRole('row', { name: /By post/ })
      .getByRole('cell');
    expect((await post.allTextContents()).map((x) => x.trim())).toEqual(['3', '0.0%']);
    expect(checks.problems).toEqual([]);
    expect(checks.internals).toEqual([]);
  }, 120_000);
});
