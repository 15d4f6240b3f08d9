/**
 * The officers' paper-vote pages in real Chromium, against the real server on
 * a demo party whose selection has its ballot open: a procedures secretary
 * signs in, follows the process page's link, finds a member, enters a postal
 * vote in the number boxes (first wrongly: two candidates ranked 1), reviews
 * and records it, and looks the member up again — without JavaScript, as the
 * pages must work, and once more with it for the in-person path.
 *
 * Every page is screenshotted at 1024 px and 320 px wide, scanned by axe-core
 * for WCAG 2.1 A/AA violations and measured for sideways scroll, and kept in
 * test-artifacts/screenshots-paper-votes (apart from the story's, which its
 * own run clears).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberId, ProcessId } from '../../src/domain/ids.js';
import type { SelectionState } from '../../src/domain/processes/index.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';
import { HustingsServer, PageChecker, ROOT, browserUnavailable, ensureBuilt, hustingsOk, launchChromium, signIn } from './harness.js';

const unavailable = browserUnavailable();
if (unavailable !== null) console.warn(`NOTICE: ${unavailable}`);

const SCREENSHOTS = path.join(ROOT, 'test-artifacts', 'screenshots-paper-votes');

describe.skipIf(unavailable !== null)('paper votes in real Chromium', () => {
  let dir = '';
  let db = '';
  let store: Store;
  let server: HustingsServer;
  let browser: Browser;
  let checks: PageChecker;
  const contexts: BrowserContext[] = [];

  let ballot: ProcessId;
  let officerEmail = '';
  const voters: { id: MemberId; name: string }[] = [];
  let candidates: { id: string; name: string }[] = [];

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'hustings-paper-'));
    db = `sqlite:${path.join(dir, 'h.db')}`;
    await hustingsOk(['demo', '--members', '5000', '--seed', '1', '--db', db]);
    store = await openStore(db);
    server = await HustingsServer.start(db);
    browser = await launchChromium();
    checks = new PageChecker(browser, server.url, SCREENSHOTS);

    const open = (await store.listProcesses()).find((p) => p.kind === 'selection' && (p.state as SelectionState).phase === 'ballot-open');
    if (!open?.constituency) throw new Error('the demo party has no selection with its ballot open');
    ballot = open.id;
    const s = open.state as SelectionState;
    candidates = (s.shortlist ?? []).map((id) => ({ id, name: s.candidates.find((c) => c.id === id)!.name }));
    const offices = await store.listOffices();
    for (const o of offices.filter((x) => x.role === 'procedures-secretary' && x.unit === open.constituency)) {
      const m = await store.getMember(o.member);
      if (m?.email && (await store.memberByEmail(m.email))?.id === m.id) officerEmail = m.email;
    }
    if (officerEmail === '') throw new Error(`no procedures secretary of ${open.constituency} signs in by their own email`);
    const officers = new Set(offices.map((o) => o.member as string));
    for (const e of await store.electorate(ballot)) {
      if (e.eligible && !officers.has(e.member) && !(await store.hasVoted(ballot, e.member)))
        voters.push({ id: e.member, name: (await store.getMember(e.member))!.name });
      if (voters.length === 2) break;
    }
  }, 300_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await checks?.close().catch(() => undefined);
    if (checks) {
      console.log(
        `paper votes: ${checks.checks.length} pages checked, ${checks.problems.length} with problems; screenshots and ${path.relative(process.cwd(), checks.writeSummary())}`,
      );
      for (const p of checks.problems) console.log(p);
    }
    await browser?.close().catch(() => undefined);
    if (server) {
      await server.stop();
      writeFileSync(path.join(SCREENSHOTS, 'server-console.txt'), server.console());
    }
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  /** Console errors, less the one the deliberate mistake brings: Chromium logs the 400 of the form sent back with its errors. */
  const unexpectedConsoleErrors = (): string[] =>
    checks.consoleErrors.filter((e) => !/\/paper-votes\/review: Failed to load resource: the server responded with a status of 400 \(Bad Request\)$/.test(e));

  async function officer(javaScript: boolean, label: string): Promise<Page> {
    const { context, page } = await checks.person(javaScript);
    contexts.push(context);
    await signIn(page, server, officerEmail, undefined, label);
    await page.goto(`${server.url}/processes/${encodeURIComponent(ballot)}`);
    await checks.check(page, `process page${label}`);
    await Promise.all([page.waitForURL(/\/paper-votes$/), page.getByRole('link', { name: 'Record votes made on paper (by post or in person)' }).click()]);
    await checks.check(page, `paper votes: find the member${label}`);
    return page;
  }

  async function find(page: Page, member: string): Promise<void> {
    await page.getByLabel('Membership number').fill(member);
    await Promise.all([page.waitForURL(/\?member=/), page.getByRole('button', { name: 'Find the member' }).click()]);
  }

  it('without JavaScript: finds the member, refuses two 1s next to the boxes, reviews, records, and a later lookup does not show whether they voted', async () => {
    const page = await officer(false, ' (no JavaScript)');
    const [a, b, c] = candidates;
    const voter = voters[0];
    await find(page, voter.id);
    await checks.check(page, 'paper votes: the member found, the form');
    expect(await page.locator('main').textContent()).toContain(voter.name);

    await page.getByLabel('By post').check();
    await page.getByLabel(`Rank for ${a.name}`).fill('1');
    await page.getByLabel(`Rank for ${b.name}`).fill('1');
    await Promise.all([page.waitForURL(/\/paper-votes\/review$/), page.getByRole('button', { name: 'Review the vote' }).click()]);
    await checks.check(page, 'paper votes: a ranking with two 1s');
    expect(await page.locator('.error-summary').textContent()).toContain(`1 is also given to ${b.name}`);

    await page.getByLabel(`Rank for ${b.name}`).fill('2');
    if (c) await page.getByLabel(`Rank for ${c.name}`).fill('');
    await Promise.all([page.waitForURL(/\/paper-votes\/review$/), page.getByRole('button', { name: 'Review the vote' }).click()]);
    await checks.check(page, 'paper votes: review');
    expect(await page.locator('.review-list').textContent()).toMatch(new RegExp(`${a.name}[\\s\\S]*${b.name}`));

    await Promise.all([page.waitForURL(/\/paper-votes$/), page.getByRole('button', { name: 'Record this vote' }).click()]);
    await checks.check(page, 'paper votes: recorded, the tracker code');
    const tracker = (await page.locator('.tracker code').textContent())!.trim();
    expect(tracker).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){4}$/);
    expect(await page.locator('main').textContent()).not.toContain(voter.name);
    expect((await store.ballots(ballot)).find((x) => x.tracker === tracker)?.ranking).toEqual([a.id, b.id]);

    await Promise.all([page.waitForURL(/\/paper-votes$/), page.getByRole('link', { name: 'Record another paper vote' }).click()]);
    await find(page, voter.id);
    await checks.check(page, 'paper votes: a member who has voted');
    // A bare lookup does not say whether the member has voted: only trying to record finds out.
    expect(await page.locator('main').textContent()).not.toMatch(/already voted|not yet voted|voted in this ballot/i);
    expect(await page.getByLabel(`Rank for ${a.name}`).count()).toBe(1);

    expect(checks.problems, 'pages that failed their checks').toEqual([]);
    expect(unexpectedConsoleErrors()).toEqual([]);
  }, 300_000);

  it('with JavaScript: an in-person blank paper, changed once before it is recorded', async () => {
    const page = await officer(true, ' (JavaScript)');
    const voter = voters[1];
    await find(page, voter.id);
    await page.getByLabel('In person, at a meeting').check();
    await page.getByLabel('The paper has no preference marked (a blank paper)').check();
    await Promise.all([page.waitForURL(/\/paper-votes\/review$/), page.getByRole('button', { name: 'Review the vote' }).click()]);
    await checks.check(page, 'paper votes: review of a blank paper');
    await Promise.all([page.waitForURL(/\/paper-votes$/), page.getByRole('button', { name: 'Change it' }).click()]);
    expect(await page.getByLabel('The paper has no preference marked (a blank paper)').isChecked()).toBe(true);
    await Promise.all([page.waitForURL(/\/paper-votes\/review$/), page.getByRole('button', { name: 'Review the vote' }).click()]);
    await Promise.all([page.waitForURL(/\/paper-votes$/), page.getByRole('button', { name: 'Record this vote' }).click()]);
    expect(await page.locator('main').textContent()).toContain('A vote in person has been recorded');
    expect(await store.hasVoted(ballot, voter.id)).toBe(true);
    const entries = await store.auditEntries({ newestFirst: true, limit: 2, types: ['vote.paper-recorded'] });
    expect(entries.map((e) => e.data)).toEqual([
      { process: ballot, member: voter.id, channel: 'in-person' },
      { process: ballot, member: voters[0].id, channel: 'postal' },
    ]);
    expect(checks.problems, 'pages that failed their checks').toEqual([]);
    expect(unexpectedConsoleErrors()).toEqual([]);
  }, 300_000);
});
