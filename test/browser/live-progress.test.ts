/**
 * A trigger ballot's progress keeps itself up to date in real Chromium: a procedures secretary
 * has the constituency page open (with JavaScript) while a unit's meeting is recorded elsewhere
 * (here through the command line, another process on the same store); without a reload the
 * count of units, the gauges and the table show it, and the change is announced in the page's
 * status region. The page's timer is driven by Playwright's clock rather than waited for. Without
 * JavaScript the same page is static, as it was loaded.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TriggerBallotState } from '../../src/domain/processes/index.js';
import { openStore } from '../../src/store/index.js';
import type { StoredProcess } from '../../src/store/store.js';
import { HustingsServer, PageChecker, ROOT, closeAll, browserUnavailable, ensureBuilt, hustingsOk, launchChromium, signIn } from './harness.js';

const unavailable = browserUnavailable();
if (unavailable !== null) console.warn(`NOTICE: ${unavailable}`);

const SCREENSHOTS = path.join(ROOT, 'test-artifacts', 'screenshots-live-progress');

describe.skipIf(unavailable !== null)('live trigger-ballot progress in real Chromium', () => {
  let dir = '';
  let db = '';
  let server: HustingsServer;
  let browser: Browser;
  let checks: PageChecker;
  const contexts: BrowserContext[] = [];
  let review: StoredProcess;
  let secretaryEmail = '';
  let unrecorded: { id: string; name: string };

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'hustings-live-'));
    db = `sqlite:${path.join(dir, 'h.db')}`;
    // A party large enough to have reviews still open (the small demo's have all closed).
    await hustingsOk(['demo', '--members', '24000', '--seed', '11', '--db', db]);
    const store = await openStore(db);
    try {
      // An open review with a unit yet to record, in a constituency whose procedures secretary signs in by their own email.
      for (const p of await store.listProcesses({ kind: 'trigger-ballot' })) {
        const s = p.state as TriggerBallotState;
        const waiting = s.units.find((u) => u.result === null);
        if (s.phase !== 'open' || !waiting || !p.constituency) continue;
        for (const o of (await store.listOffices({ unit: p.constituency })).filter((x) => x.role === 'procedures-secretary')) {
          const m = await store.getMember(o.member);
          if (m?.email && (await store.memberByEmail(m.email))?.id === m.id) {
            review = p;
            secretaryEmail = m.email;
            unrecorded = { id: waiting.id, name: waiting.name };
          }
        }
        if (secretaryEmail !== '') break;
      }
    } finally {
      await store.close();
    }
    if (secretaryEmail === '')
      throw new Error('the demo party has no open trigger ballot with a unit yet to record and a procedures secretary who can sign in');
    server = await HustingsServer.start(db);
    browser = await launchChromium();
    checks = new PageChecker(browser, server.url, SCREENSHOTS);
  }, 300_000);

  afterAll(() => closeAll({ contexts, checks, browser, server, dir }), 60_000);

  it('shows a meeting recorded elsewhere without a reload, and says so', async () => {
    const { context, page } = await checks.person(true);
    contexts.push(context);
    await signIn(page, server, secretaryEmail);
    await page.clock.install();
    await page.goto(`${server.url}/constituencies/${encodeURIComponent(review.constituency!)}`);
    await checks.check(page, 'constituency with a review open (JavaScript)');
    const count = page.locator('#trigger-live > p').first();
    const before = (await count.textContent())!;
    const [done, total] = /(\d+) of (\d+) units/.exec(before)!.slice(1).map(Number);
    const row = page.getByRole('row', { name: new RegExp(unrecorded.name) });
    expect(await row.textContent()).toContain('Not recorded yet');

    const today = new Date().toISOString().slice(0, 10);
    await hustingsOk([
      'trigger',
      'record',
      review.id,
      '--unit',
      unrecorded.id,
      '--for',
      '7',
      '--against',
      '3',
      '--abstentions',
      '0',
      '--attendance',
      '10',
      '--date',
      today,
      '--db',
      db,
    ]);
    // The page has not been reloaded: its timer fires, it fetches the progress again and swaps it in.
    await page.clock.runFor(16_000);
    await expect.poll(() => count.textContent(), { timeout: 10_000 }).toBe(`${done + 1} of ${total} units have recorded a decision.`);
    expect(await row.textContent()).not.toContain('Not recorded yet');
    expect(await page.locator('#trigger-live-status').textContent()).toMatch(/^Updated at .+\. \d+ of \d+ units have recorded a decision\.$/);
    await checks.check(page, 'constituency after a meeting recorded elsewhere (JavaScript)');
    expect(checks.problems).toEqual([]);
  });
});
