/**
 * A member reads Hustings in Welsh, in real Chromium against the real server on a demo party whose
 * selection has its ballot open: they sign in, choose "Cymraeg" in the header, read their start
 * page, their ballots and their eligibility, vote in the booth (without JavaScript, typing numbers
 * into the boxes; with it, the reorderable list the script draws, in Welsh too), review and cast,
 * get a tracker code, read a declared result (each stage of its count in Welsh), their constituency,
 * its candidates and the page for standing for selection, and switch back to English.
 *
 * Every page is screenshotted, scanned by axe-core and measured for sideways scroll, and kept in
 * test-artifacts/screenshots-welsh.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessId } from '../../src/domain/ids.js';
import type { SelectionState } from '../../src/domain/processes/index.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';
import {
  HustingsServer,
  PageChecker,
  ROOT,
  browserUnavailable,
  eligibleVoters,
  ensureBuilt,
  hustingsOk,
  launchChromium,
  signIn,
  type PaperCandidate,
} from './harness.js';

const unavailable = browserUnavailable();
if (unavailable !== null) console.warn(`NOTICE: ${unavailable}`);

const SCREENSHOTS = path.join(ROOT, 'test-artifacts', 'screenshots-welsh');

describe.skipIf(unavailable !== null)('a member in Welsh, in real Chromium', () => {
  let dir = '';
  let store: Store;
  let server: HustingsServer;
  let browser: Browser;
  let checks: PageChecker;
  const contexts: BrowserContext[] = [];
  let ballot: ProcessId;
  let declared: ProcessId | null = null;
  let voters: string[] = [];

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'hustings-welsh-'));
    const db = `sqlite:${path.join(dir, 'h.db')}`;
    await hustingsOk(['demo', '--members', '3000', '--seed', '1', '--db', db]);
    store = await openStore(db);
    server = await HustingsServer.start(db);
    browser = await launchChromium();
    checks = new PageChecker(browser, server.url, SCREENSHOTS, { internals: true });
    const processes = await store.listProcesses();
    const open = processes.find((p) => p.kind === 'selection' && (p.state as SelectionState).phase === 'ballot-open');
    if (!open) throw new Error('the demo party has no selection with its ballot open');
    ballot = open.id;
    declared = processes.find((p) => p.kind === 'selection' && (p.state as SelectionState).phase === 'declared')?.id ?? null;
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

  const lang = (page: Page) => page.locator('html').getAttribute('lang');
  const main = async (page: Page) => (await page.locator('main').textContent()) ?? '';

  for (const javaScript of [false, true]) {
    const mode = javaScript ? ' (JavaScript)' : ' (no JavaScript)';
    it(`${mode.trim().slice(1, -1)}: signs in, switches to Welsh, votes, and switches back`, async () => {
      const { context, page } = await checks.person(javaScript);
      contexts.push(context);
      await signIn(page, server, voters[javaScript ? 1 : 0], undefined, mode);
      expect(await lang(page)).toBe('en-GB');

      // The switch in the header: the same page again, in Welsh.
      const here = new URL(page.url()).pathname;
      await Promise.all([page.waitForURL((u) => u.pathname === here), page.getByRole('link', { name: 'Cymraeg' }).click()]);
      expect(await lang(page)).toBe('cy');
      await checks.check(page, `start page${mode}`);
      expect(await page.locator('h1').textContent()).toBe('Beth sydd angen eich sylw nawr');

      await Promise.all([
        page.waitForURL(/\/ballots$/),
        page.getByRole('navigation', { name: 'Prif ddewislen' }).getByRole('link', { name: 'Eich pleidleisiau' }).click(),
      ]);
      await checks.check(page, `my ballots${mode}`);
      expect(await main(page)).toContain('Heb bleidleisio eto');

      await page.goto(`${server.url}/eligibility`);
      await checks.check(page, `my eligibility${mode}`);
      expect(await main(page)).toContain('Gallwch bleidleisio');
      expect(await main(page)).toMatch(
        /Barnwyd ar y dyddiad rhewi, \d+ (Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr) \d{4}/,
      );

      await page.goto(`${server.url}/ballots/${encodeURIComponent(ballot)}`);
      if (javaScript) await expect.poll(() => page.locator('.booth-enhanced').count()).toBe(1);
      await checks.check(page, `booth${mode}`);
      expect(await main(page)).toContain('Bydd y pleidleisio’n cau am');
      const candidates: PaperCandidate[] = await page.locator('li[data-candidate]').evaluateAll((lis) =>
        lis.map((li) => {
          const data = (li as unknown as { dataset: { candidate: string; name: string } }).dataset;
          return { id: data.candidate, name: data.name };
        }),
      );
      const ranking = candidates.slice(0, 2).reverse();
      if (javaScript) {
        expect(await page.locator('.booth-enhanced h2').textContent()).toBe('Rhowch yr ymgeiswyr yn nhrefn eich dewis');
        for (const c of ranking) await page.getByRole('button', { name: `Ychwanegu: ${c.name}` }).click();
        expect(await page.locator('.booth-enhanced').textContent()).toContain('Symud i fyny');
        await checks.check(page, `booth, two ranked${mode}`);
      } else {
        for (const [k, c] of ranking.entries()) await page.getByLabel(`Rhif ar gyfer ${c.name}`, { exact: true }).fill(String(k + 1));
      }

      await Promise.all([page.waitForURL(/\/review$/), page.getByRole('button', { name: 'Adolygu fy mhleidlais' }).click()]);
      await checks.check(page, `review${mode}`);
      expect((await page.locator('ol.review-list li').allTextContents()).map((t) => t.replace(/^\s*\d+\s*/, '').trim())).toEqual(ranking.map((c) => c.name));
      await Promise.all([page.waitForURL(/\/cast$/), page.getByRole('button', { name: 'Bwrw fy mhleidlais' }).click()]);
      await checks.check(page, `ballot cast${mode}`);
      expect(await page.locator('h1').textContent()).toBe('Pleidlais wedi’i bwrw');
      const tracker = (await page.locator('.tracker code').textContent())!.trim();
      expect(tracker).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){4}$/);
      expect((await store.ballots(ballot)).find((b) => b.tracker === tracker)?.ranking).toEqual(ranking.map((c) => c.id));

      await page.goto(`${server.url}/ballots`);
      expect(await main(page)).toContain('Wedi pleidleisio');

      if (declared !== null && !javaScript) {
        await page.goto(`${server.url}/results/${encodeURIComponent(declared)}`);
        await checks.check(page, `a declared result${mode}`);
        expect(await main(page)).toContain('Cyfran y bleidlais');
        expect(await main(page)).toContain('Beth ddigwyddodd ar bob cam');
        expect(await main(page)).toContain('Cam 1: Dewisiadau cyntaf.');
      }

      if (!javaScript) {
        // Their constituency, the candidates on its ballot paper, and standing for selection.
        await page.getByRole('navigation', { name: 'Prif ddewislen' }).getByRole('link', { name: 'Eich etholaeth' }).click();
        await page.waitForURL(/\/my-constituency$/);
        await checks.check(page, `my constituency${mode}`);
        expect(await main(page)).toContain('Amserlen y detholiad');
        expect(await main(page)).toContain('Mae’r bleidlais ar agor');
        await Promise.all([page.waitForURL(/\/candidates$/), page.getByRole('link', { name: 'Yr ymgeiswyr a’u datganiadau' }).click()]);
        await checks.check(page, `the candidates${mode}`);
        expect(await page.locator('h1').textContent()).toMatch(/^Ymgeiswyr: /);
        await page.goto(`${server.url}/candidacies`);
        await checks.check(page, `stand for selection${mode}`);
        expect(await page.locator('h1').textContent()).toBe('Sefyll i gael eich dethol');
        for (const english of ['Selection timetable', 'Stand for selection', 'Your applications']) expect(await main(page)).not.toContain(english);
        await page.goto(`${server.url}/ballots`);
      }

      await Promise.all([page.waitForURL(/\/ballots$/), page.getByRole('link', { name: 'English' }).click()]);
      expect(await lang(page)).toBe('en-GB');
      expect(await page.locator('h1').textContent()).toBe('My ballots');
    }, 120_000);
  }

  it('no page broke its accessibility checks, showed an internal, or logged a script error', () => {
    expect(checks.problems).toEqual([]);
    expect(checks.internals).toEqual([]);
    expect(checks.consoleErrors).toEqual([]);
  });
});
