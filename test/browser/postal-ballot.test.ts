/**
 * A union executive's statutory postal ballot in real Chromium, from packs to the scrutineer's
 * report: on a demo store, an election under the union-executive-statutory rulebook with its
 * register frozen and its ballot open; the scrutineer signs in, follows the election page's link to
 * the postal ballot, issues the numbered papers, prints the packs (the command line), logs papers
 * coming back (one mistyped number refused beside the field, one duplicate, one late), spoils and
 * replaces one, enters the marks, records a complaint; once the ballot has closed they count, and
 * read the report as a page and as a PDF, rendered to PNG with pdftoppm. Without JavaScript: the
 * pages must work without it. Every page is checked (axe, 320 px, console) and screenshotted in
 * test-artifacts/screenshots-postal.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBallot } from '../../src/app/close-ballot.js';
import { openElection } from '../../src/app/open-process.js';
import { addDays } from '../../src/domain/calendar.js';
import type { ProcessId } from '../../src/domain/ids.js';
import { UNION_EXECUTIVE_STATUTORY } from '../../src/domain/presets.js';
import { dateOf, fixedClock } from '../../src/domain/time.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';
import { applyStep, freezeElectorate } from '../app/steps.js';
import { HustingsServer, PageChecker, ROOT, browserUnavailable, closeAll, ensureBuilt, hustingsOk, launchChromium, signIn } from './harness.js';

const unavailable = browserUnavailable();
if (unavailable !== null) console.warn(`NOTICE: ${unavailable}`);
const SCREENSHOTS = path.join(ROOT, 'test-artifacts', 'screenshots-postal');

describe.skipIf(unavailable !== null)('a union executive postal ballot in real Chromium', () => {
  let dir = '';
  let db = '';
  let store: Store;
  let server: HustingsServer;
  let browser: Browser;
  let checks: PageChecker;
  const contexts: BrowserContext[] = [];
  let id = '' as ProcessId;
  let email = '';
  const today = dateOf(new Date());

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'hustings-postal-'));
    db = `sqlite:${path.join(dir, 'h.db')}`;
    await hustingsOk(['demo', '--members', '1000', '--seed', '2', '--db', db]);
    store = await openStore(db);
    const a = { store, clock: fixedClock(new Date()), actor: 'officer' };
    const opened = await openElection(
      a,
      UNION_EXECUTIVE_STATUTORY,
      'National Executive Council',
      { nominationsClose: today, freezeDate: today, ballotOpens: today, ballotCloses: addDays(today, 14) },
      'nec-union',
      { seats: 2, method: 'block' },
    );
    if (!opened.ok) throw new Error(opened.error.message);
    id = opened.value.id as ProcessId;
    for (const name of ['Priya Shah', 'Tom Hughes', 'Grace Okafor']) await applyStep(a, id, 'internal-election', { type: 'nominate', name, gender: null });
    await freezeElectorate(a, id, 'internal-election');
    await applyStep(a, id, 'internal-election', { type: 'open-ballot' });
    // A scrutineer appointed for the union (a member who holds no other office), with an address of their own to sign in with.
    const party = (await store.listUnits()).find((u) => u.kind === 'party')!;
    const officers = new Set((await store.listOffices()).map((o) => o.member as string));
    const entry = (await store.electorate(id)).find((e) => !officers.has(e.member))!;
    const m = (await store.getMember(entry.member))!;
    email = 'independent.scrutineer@example.org';
    await store.putMembers([{ ...m, email }]);
    await store.putOffice({ unit: party.id, role: 'scrutineer', member: m.id });
    server = await HustingsServer.start(db);
    browser = await launchChromium();
    checks = new PageChecker(browser, server.url, SCREENSHOTS);
  }, 300_000);

  afterAll(async () => {
    if (checks) for (const p of checks.problems) console.log(p);
    if (server) writeFileSync(path.join(SCREENSHOTS, 'server-console.txt'), server.console());
    await store?.close();
    await closeAll({ contexts, checks, browser, server, dir });
  }, 60_000);

  const submit = async (page: Page, button: string) => {
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: button }).click()]);
  };
  const section = (page: Page, heading: string) => page.locator('section', { has: page.getByRole('heading', { name: heading }) });

  it('runs from the numbered papers and packs to the scrutineer’s report', async () => {
    const { context, page } = await checks.person(false);
    contexts.push(context);
    await signIn(page, server, email);
    await page.goto(`${server.url}/processes/${id}`);
    await checks.check(page, 'the election’s page');
    await Promise.all([page.waitForURL(/\/postal\//), page.getByRole('link', { name: /The postal ballot: papers, returns and count/ }).click()]);
    await checks.check(page, 'the postal desk before the papers');

    // Issue: first without the scrutineer's name, refused beside the field with the address kept.
    const issue = section(page, 'Issue the voting papers');
    await issue.getByLabel('Return address').fill('Freepost RTXX-ABCD, London N1 1AA');
    await submit(page, 'Issue the papers');
    await checks.check(page, 'issuing without a scrutineer');
    expect(await page.locator('.field-error').first().textContent()).toContain('Name the independent scrutineer');
    await section(page, 'Issue the voting papers').getByLabel('Independent scrutineer').fill('Civica Election Services');
    await submit(page, 'Issue the papers');
    await checks.check(page, 'the papers issued');
    const papers = (await store.postalBallot(id))!.figures.issued;
    expect(await page.locator('main').textContent()).toContain(`${papers.toLocaleString('en-GB')} numbered papers were issued.`);

    // The packs for the printer, from the command line, rendered and looked at.
    const packs = path.join(dir, 'packs');
    await hustingsOk(['postal', 'packs', id, '--out', packs, '--db', db]);
    expect(readdirSync(packs)).toContain('papers-0001.pdf');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', path.join(packs, 'papers-0001.pdf'), path.join(SCREENSHOTS, 'pack-paper')]);

    // Returns: numbers the scrutineer reads from the register.
    const register = await store.postalRegister(id, { limit: 6 });
    const [p1, p2, p3, p4, p5] = register.map((l) => String(l.number));
    await Promise.all([page.waitForURL(/\/register/), page.getByRole('link', { name: 'The register of paper numbers' }).click()]);
    await checks.check(page, 'the register of paper numbers');
    await page.goBack();
    const log = async (n: string, day?: string) => {
      const s = section(page, 'Log a paper that came back');
      await s.getByLabel('Paper number').fill(n);
      if (day) await s.getByLabel('Day it arrived').fill(day);
      await submit(page, 'Log the paper');
    };
    await log('1O');
    await checks.check(page, 'a mistyped paper number');
    expect(await page.locator('.field-error').first().textContent()).toContain('is not a paper number');
    await log(p1!);
    await checks.check(page, 'a paper received');
    expect(await page.locator('.flash').textContent()).toContain(`Paper ${p1}: received in time: it will be counted.`);
    await log(p1!);
    expect(await page.locator('.flash').textContent()).toContain(`Paper ${p1}: already returned: recorded again, not counted twice.`);
    await log(p2!);
    await log(p3!);
    await log(p4!, addDays(today, 15));
    expect(await page.locator('.flash').textContent()).toContain(`Paper ${p4}: received after the last day for return: recorded, not counted.`);
    await section(page, 'Spoilt paper: make it void and issue a new one').getByLabel('Paper number').fill(p5!);
    await submit(page, 'Replace the paper');
    expect(await page.locator('.flash').textContent()).toMatch(new RegExp(`Paper ${p5} is void; its member is issued paper \\d+\\.`));

    // Marks: crosses for up to two of the three.
    const marks = async (n: string, crosses: readonly string[]) => {
      const s = section(page, 'Enter the marks on a paper received in time');
      await s.getByLabel('Paper number').fill(n);
      for (const name of crosses) await s.getByLabel(name).fill('X');
      await submit(page, 'Enter the marks');
    };
    await marks(p1!, ['Priya Shah', 'Grace Okafor']);
    await checks.check(page, 'marks entered');
    await marks(p2!, ['Priya Shah']);
    await marks(p3!, ['Priya Shah', 'Tom Hughes', 'Grace Okafor']);
    expect(await page.locator('.flash').textContent()).toContain('an invalid paper (3 crosses for 2 seats), not counted');
    await section(page, 'Record a complaint').getByLabel('Complaint').fill('A member of the Leeds branch says her paper arrived a week after the others.');
    await submit(page, 'Record the complaint');

    // The ballot closes (its last day passes); the scrutineer counts.
    const later = fixedClock(`${addDays(today, 15)}T09:00:00.000Z`);
    const closed = await closeBallot({ store, clock: later, rulebook: UNION_EXECUTIVE_STATUTORY, actor: 'officer' }, { id });
    if (!closed.ok) throw new Error(closed.error.message);
    await page.reload();
    await submit(page, 'Count');
    await page.waitForURL(/\/report$/);
    await checks.check(page, 'the scrutineer’s report');
    const report = (await page.locator('main').textContent())!;
    expect(report).toMatch(/Received in time\s*3/);
    expect(report).toMatch(/Received late \(not counted\)\s*1/);
    expect(report).toMatch(/Returned twice \(not counted again\)\s*1/);
    expect(report).toMatch(/Spoilt or otherwise invalid papers\s*1/);
    expect(report).toContain('Elected: Priya Shah, Grace Okafor.');
    expect(report).toContain('A member of the Leeds branch says her paper arrived a week after the others.');
    const pdf = await page.request.get(`${server.url}/postal/${id}/report.pdf`);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const file = path.join(dir, 'report.pdf');
    writeFileSync(file, await pdf.body());
    execFileSync('pdftoppm', ['-png', '-r', '60', file, path.join(SCREENSHOTS, 'report-pdf')]);
    expect(readdirSync(SCREENSHOTS).some((f) => f.startsWith('report-pdf'))).toBe(true);
    expect(checks.problems).toEqual([]);
  }, 240_000);
});
