/**
 * A blank ballot cast online in real Chromium, against the real server on a
 * demo party whose selection has its ballot open: with the booth's script and
 * without it, a voter who ranks nobody is refused, then chooses "I want to
 * cast a blank ballot", confirms it on its own page and gets a tracker code,
 * with the warning that the code shows the ballot to anyone it is given to.
 *
 * Every page is screenshotted, scanned by axe-core and measured for sideways
 * scroll, and kept in test-artifacts/screenshots-blank-ballot.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessId } from '../../src/domain/ids.js';
import type { SelectionState } from '../../src/domain/processes/index.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';
import { HustingsServer, PageChecker, ROOT, browserUnavailable, eligibleVoters, ensureBuilt, hustingsOk, launchChromium, signIn } from './harness.js';

const unavailable = browserUnavailable();
if (unavailable !== null) console.warn(`NOTICE: ${unavailable}`);

const SCREENSHOTS = path.join(ROOT, 'test-artifacts', 'screenshots-blank-ballot');

describe.skipIf(unavailable !== null)('a blank ballot online, in real Chromium', () => {
  let dir = '';
  let store: Store;
  let server: HustingsServer;
  let browser: Browser;
  let checks: PageChecker;
  const contexts: BrowserContext[] = [];
  let ballot: ProcessId;
  let voters: string[] = [];

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'hustings-blank-'));
    const db = `sqlite:${path.join(dir, 'h.db')}`;
    await hustingsOk(['demo', '--members', '3000', '--seed', '1', '--db', db]);
    store = await openStore(db);
    server = await HustingsServer.start(db);
    browser = await launchChromium();
    checks = new PageChecker(browser, server.url, SCREENSHOTS);
    const open = (await store.listProcesses()).find((p) => p.kind === 'selection' && (p.state as SelectionState).phase === 'ballot-open');
    if (!open) throw new Error('the demo party has no selection with its ballot open');
    ballot = open.id;
    voters = await eligibleVoters(store, ballot, 2);
  }, 300_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await checks?.close().catch(() => undefined);
    if (checks) for (const p of checks.problems) console.log(p);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  for (const javaScript of [false, true]) {
    const mode = javaScript ? ' (JavaScript)' : ' (no JavaScript)';
    it(`${mode.trim().slice(1, -1)}: empty boxes are refused; the blank choice is confirmed on its own page, then cast with a tracker code`, async () => {
      const { context, page } = await checks.person(javaScript);
      contexts.push(context);
      await signIn(page, server, voters[javaScript ? 1 : 0], undefined, mode);
      const before = (await store.ballotBox(ballot))!;
      await page.goto(`${server.url}/ballots/${encodeURIComponent(ballot)}`);
      if (javaScript) await expect.poll(() => page.locator('.booth-enhanced').count()).toBe(1);
      await checks.check(page, `booth${mode}`);

      // Nobody ranked, and no blank chosen: refused, with the way to a blank ballot named.
      await Promise.all([page.waitForURL(/\/review$/), page.getByRole('button', { name: 'Review my ballot' }).click()]);
      await checks.check(page, `booth: nobody ranked${mode}`);
      expect(await page.locator('.error-summary').textContent()).toContain('I want to cast a blank ballot');

      await Promise.all([page.waitForURL(/\/review$/), page.getByRole('button', { name: 'I want to cast a blank ballot' }).click()]);
      await page.getByText('You are about to cast a blank ballot').waitFor();
      await checks.check(page, `blank ballot: confirm${mode}`);
      expect(await store.ballotBox(ballot)).toEqual(before);

      await Promise.all([page.waitForURL(/\/cast$/), page.getByRole('button', { name: 'Cast a blank ballot' }).click()]);
      await checks.check(page, `blank ballot: cast${mode}`);
      const tracker = (await page.locator('.tracker code').textContent())!.trim();
      expect(tracker).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){4}$/);
      expect(await page.locator('main').textContent()).toContain('The code shows your ballot to anyone you give it to');
      expect((await store.ballots(ballot)).find((b) => b.tracker === tracker)?.ranking).toEqual([]);
      expect(await store.ballotBox(ballot)).toMatchObject({ voters: before.voters + 1, byChannel: { online: before.byChannel.online + 1 } });
    });
  }

  it('no page broke its accessibility checks or logged a script error', () => {
    expect(checks.problems).toEqual([]);
    // The refused booth is answered 400, which Chromium logs as a failed resource; nothing else.
    expect(checks.consoleErrors.filter((e) => !/\/review: Failed to load resource: the server responded with a status of 400/.test(e))).toEqual([]);
  });
});
