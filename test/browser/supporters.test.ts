/**
 * A leadership election's registered supporters in real Chromium: on a demo store, a leadership
 * election under labour-2018 (a challenge, so the sitting leader stands without nominations). The
 * national officer signs in and sets the window and the fee on the queue page; two people, not
 * signed in, apply on the public form (one first with a mistyped postcode, refused beside the
 * field); the officer rejects one ("Not on the electoral register") and accepts the other with
 * reasons; each applicant reads the decision on their private status page. The electorate is
 * frozen: the accepted supporter is in it as a registered supporter, the rejected one is not; once
 * the ballot opens the supporter signs in with a code like any member and finds the ballot. Every
 * page is checked (axe, 320 px, console) and screenshotted under /tmp/hustings-supporters.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLeadershipElection } from '../../src/app/leadership.js';
import { addDays } from '../../src/domain/calendar.js';
import type { MemberId, ProcessId } from '../../src/domain/ids.js';
import { LABOUR_2018 } from '../../src/domain/presets.js';
import { dateOf, fixedClock } from '../../src/domain/time.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';
import { applyStep, freezeElectorate } from '../app/steps.js';
import { HustingsServer, PageChecker, browserUnavailable, closeAll, ensureBuilt, hustingsOk, launchChromium, signIn } from './harness.js';

const unavailable = browserUnavailable();
if (unavailable !== null) console.warn(`NOTICE: ${unavailable}`);
const SCREENSHOTS = path.join(tmpdir(), 'hustings-supporters');

describe.skipIf(unavailable !== null)('registered supporters of a leadership election in real Chromium', () => {
  let dir = '';
  let db = '';
  let store: Store;
  let server: HustingsServer;
  let browser: Browser;
  let checks: PageChecker;
  const contexts: BrowserContext[] = [];
  let id = '' as ProcessId;
  let officerEmail = '';
  const today = dateOf(new Date());
  const statusPages: Record<string, string> = {};

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'hustings-supporters-'));
    db = `sqlite:${path.join(dir, 'h.db')}`;
    await hustingsOk(['demo', '--members', '5000', '--seed', '1', '--db', db]);
    store = await openStore(db);
    const a = { store, clock: fixedClock(new Date()), actor: 'officer' };
    const mp = (await store.listIncumbents()).find((i) => i.member !== null && !i.suspended)!;
    const opened = await openLeadershipElection(
      a,
      LABOUR_2018,
      'Leadership election',
      { nominationsClose: today, freezeDate: today, ballotOpens: today, ballotCloses: addDays(today, 14) },
      mp.member as MemberId,
    );
    if (!opened.ok) throw new Error(opened.error.message);
    id = opened.value.id as ProcessId;
    const office = (await store.listOffices()).find((o) => o.role === 'national-officer')!;
    officerEmail = (await store.getMember(office.member))!.email!;
    server = await HustingsServer.start(db);
    browser = await launchChromium();
    checks = new PageChecker(browser, server.url, SCREENSHOTS, { internals: true });
  }, 300_000);

  afterAll(async () => {
    if (checks) for (const p of checks.problems) console.log(p);
    if (server) writeFileSync(path.join(SCREENSHOTS, 'server-console.txt'), server.console());
    await store?.close();
    await closeAll({ contexts, checks, browser, server, dir });
  }, 60_000);

  const submit = async (page: Page, button: string, within = page.locator('main')) => {
    await Promise.all([page.waitForLoadState('load'), within.getByRole('button', { name: button, exact: true }).click()]);
  };
  const officerPage = async () => {
    const { context, page } = await checks.person(true);
    contexts.push(context);
    await signIn(page, server, officerEmail);
    return page;
  };

  it('the officer sets the window; two people apply; one is rejected and one accepted, with reasons they read', async () => {
    const officer = await officerPage();
    await officer.goto(`${server.url}/elections/${id}/supporters`);
    await checks.check(officer, 'the queue before the window');
    await officer.getByLabel('Applications open on').fill(today);
    await officer.getByLabel('Last day for applications').fill(today);
    await officer.getByLabel('Registered supporters’ fee, in pounds').fill('25');
    await submit(officer, 'Set the window');
    await checks.check(officer, 'the queue with its window');
    expect(await officer.locator('.flash').textContent()).toContain('The window for supporters’ applications is set.');

    // Two people apply, not signed in.
    for (const [who, email, ref] of [
      ['Rosa Lane', 'rosa.lane@example.net', 'BACS-2207'],
      ['Tom Field', 'tom.field@example.net', 'BACS-2208'],
    ] as const) {
      const { context, page } = await checks.person(false);
      contexts.push(context);
      await page.goto(`${server.url}/elections/${id}/supporters/apply`);
      if (who === 'Rosa Lane') await checks.check(page, 'the public form');
      await page.getByLabel('As a registered supporter').check();
      await page.getByLabel('Full name').fill(who);
      await page.getByLabel('Email address').fill(email);
      await page.getByLabel('Postcode').fill(who === 'Tom Field' ? 'nowhere' : 'M1 1AA');
      await page.getByLabel('Registered supporters: the reference of your fee payment').fill(ref);
      await page.getByLabel(/I support the party's aims and values/).check();
      await submit(page, 'Apply');
      if (who === 'Tom Field') {
        await checks.check(page, 'a mistyped postcode');
        expect(await page.locator('.field-error').first().textContent()).toContain('Enter the postcode');
        expect(await page.getByLabel('Full name').inputValue()).toBe('Tom Field');
        await page.getByLabel('Postcode').fill('LS1 4AP');
        await page.getByLabel(/I support the party's aims and values/).check();
        await submit(page, 'Apply');
      }
      expect(page.url()).toMatch(/\/supporters\/status\//);
      await checks.check(page, `${who}'s status, waiting`);
      expect(await page.locator('main').textContent()).toContain('Waiting for the party to check it');
      statusPages[who] = page.url();
    }

    // The queue: each application with its details; Tom rejected, Rosa accepted.
    await officer.goto(`${server.url}/elections/${id}/supporters`);
    await checks.check(officer, 'the queue with two applications');
    const tom = officer.locator('section', { has: officer.getByRole('heading', { name: 'S-0002: Tom Field' }) });
    await submit(officer, 'Reject', tom);
    await checks.check(officer, 'a rejection without a reason');
    expect(await officer.locator('.field-error').first().textContent()).toContain('Give the reason for the decision');
    await officer
      .locator('section', { has: officer.getByRole('heading', { name: 'S-0002: Tom Field' }) })
      .getByLabel('Reason for your decision on S-0002')
      .fill('Not on the electoral register at the postcode given');
    await submit(officer, 'Reject', officer.locator('section', { has: officer.getByRole('heading', { name: 'S-0002: Tom Field' }) }));
    const rosa = officer.locator('section', { has: officer.getByRole('heading', { name: 'S-0001: Rosa Lane' }) });
    await rosa.getByLabel('Reason for your decision on S-0001').fill('On the electoral register; fee received (BACS-2207)');
    await submit(officer, 'Accept', rosa);
    await checks.check(officer, 'the queue decided');
    const main = await officer.locator('main').textContent();
    expect(main).toContain('No application is waiting.');
    expect(main).toContain('1 registered supporter, 0 affiliated supporters');

    // Each applicant reads the decision and its reason.
    const { context, page } = await checks.person(false);
    contexts.push(context);
    await page.goto(statusPages['Rosa Lane']!);
    await checks.check(page, 'Rosa’s status, accepted');
    expect(await page.locator('main').textContent()).toContain('On the electoral register; fee received (BACS-2207)');
    await page.goto(statusPages['Tom Field']!);
    await checks.check(page, 'Tom’s status, rejected');
    expect(await page.locator('main').textContent()).toContain('Not on the electoral register at the postcode given');
    expect(checks.problems).toEqual([]);
  }, 240_000);

  it('the accepted supporter is in the frozen electorate as a registered supporter, and signs in to find the ballot', async () => {
    const a = { store, clock: fixedClock(new Date()), actor: 'officer' };
    const frozen = await freezeElectorate(a, id, 'internal-election');
    expect(frozen.classes?.['registered-supporter']).toBe(1);
    const apps = await store.supporterApplications(id);
    const rosa = apps.find((x) => x.name === 'Rosa Lane')!;
    const tom = apps.find((x) => x.name === 'Tom Field')!;
    const electorate = await store.electorate(id);
    expect(electorate.find((e) => e.member === rosa.member)).toMatchObject({
      eligible: true,
      reason: expect.stringMatching(/^registered supporter, accepted on /),
    });
    expect(tom.member).toBe(null);
    await applyStep(a, id, 'internal-election', { type: 'open-ballot' });

    const officer = await officerPage();
    await officer.goto(`${server.url}/elections/${id}/supporters`);
    await checks.check(officer, 'the queue after the freeze');
    expect(await officer.locator('main').textContent()).toContain('The electorate is frozen');
    await officer.goto(`${server.url}/processes/${id}/electorate`);
    await checks.check(officer, 'the frozen electorate');
    const counts = frozen.classes!;
    expect(await officer.locator('main').textContent()).toContain(
      `eligible: ${counts.member.toLocaleString('en-GB')} members, 0 affiliated supporters and 1 registered supporter.`,
    );

    const { context, page } = await checks.person(true);
    contexts.push(context);
    await signIn(page, server, 'rosa.lane@example.net', checks, ' (the supporter)');
    await page.goto(`${server.url}/ballots`);
    await checks.check(page, 'the supporter’s ballots');
    expect(await page.locator('main').textContent()).toContain('Leadership election');
    expect(checks.problems).toEqual([]);
    expect(checks.internals).toEqual([]);
  }, 240_000);
});
