/**
 * Choosing encrypted ballots on the web, in real Chromium at a phone's width: a national officer opens
 * a selection choosing encrypted, verifiable ballots, names more trustees needed to decrypt than there
 * are (refused beside that field, the form kept, nothing opened), puts it right, and the selection
 * opens with its trustees and credential authority, named on its page. Every page is checked (axe,
 * 320 px, console) and screenshotted under /tmp.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processId } from '../../src/domain/ids.js';
import type { Unit } from '../../src/domain/organisation.js';
import { BrowserStory, browserUnavailable, freeSeats, mainText, soleNationalOfficer } from './harness.js';

const unavailable = browserUnavailable();
if (unavailable !== null) console.warn(`NOTICE: ${unavailable}`);
const SCREENSHOTS = '/tmp/hustings-encrypted-opening-screens';
const PHONE = { width: 390, height: 844 };

describe.skipIf(unavailable !== null)('opening a selection with encrypted ballots in real Chromium, on a phone', () => {
  const story = new BrowserStory(SCREENSHOTS);
  let national = '';
  let seat: Unit | undefined;
  const members: string[] = [];

  beforeAll(async () => {
    const store = await story.demo('hustings-encrypted-opening-', 3000, 5);
    [seat] = await freeSeats(store, 1);
    expect(seat).toBeDefined();
    for await (const m of store.membersOf((await store.listUnits({ kind: 'branch' })).map((b) => b.id))) {
      members.push(m.id);
      if (members.length === 4) break;
    }
    national = (await soleNationalOfficer(store)).email;
    await story.browse();
  }, 300_000);

  afterAll(() => story.end(), 60_000);

  it('refuses more trustees needed than named, beside the field, then opens the selection with its trustees and authority', async () => {
    const page = await story.signedIn(national, true, { viewport: PHONE });
    await page.goto(`${story.server.url}/constituencies/${seat!.id}/selections/new`);
    await story.checks.check(page, 'the selection form');
    const [t1, t2, t3, authority] = members as [string, string, string, string];
    await page.getByLabel('Encrypted, verifiable ballots').check();
    await page.getByLabel('Trustees', { exact: true }).fill(`${t1}, ${t2}, ${t3}`);
    await page.getByLabel('Trustees needed to decrypt').fill('4');
    await page.getByLabel('Credential authority').fill(authority);
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Open the selection' }).click()]);
    await story.checks.check(page, 'k greater than n, refused');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-refused.png'), fullPage: true });
    await page
      .locator('fieldset', { hasText: 'Plain or encrypted ballots' })
      .first()
      .screenshot({ path: path.join(SCREENSHOTS, 'phone-refused-choice.png') });
    const beside = page.locator('.field-error', { has: page.getByLabel('Trustees needed to decrypt') });
    expect(await beside.textContent()).toContain('must be a whole number from 1 to the number of trustees (3)');
    // The form is kept: encrypted still chosen, the trustees as typed.
    expect(await page.getByLabel('Encrypted, verifiable ballots').isChecked()).toBe(true);
    expect(await page.getByLabel('Trustees', { exact: true }).inputValue()).toBe(`${t1}, ${t2}, ${t3}`);
    expect(await story.store.processDocuments({ constituency: seat!.id })).toEqual([]);

    await page.getByLabel('Trustees needed to decrypt').fill('2');
    await Promise.all([page.waitForURL(/\/processes\/[^/]+$/), page.getByRole('button', { name: 'Open the selection' }).click()]);
    await story.checks.check(page, 'the selection opened with encrypted ballots');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'phone-opened.png'), fullPage: true });
    const text = await mainText(page);
    expect(text).toContain('This process uses encrypted, verifiable ballots: any 2 of its 3 trustees together can decrypt them');
    for (const m of [t1, t2, t3, authority]) expect(text).toContain(`membership number ${m}`);
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    expect(await story.store.encryptedElectionOf(processId(id))).toMatchObject({ threshold: 2, trustees: [t1, t2, t3], authority });
    expect(story.checks.problems).toEqual([]);
    // The refusal's own 422 is the only thing the console reports.
    expect(story.checks.consoleErrors.filter((e) => !/\/selections: Failed to load resource: the server responded with a status of 422/.test(e))).toEqual([]);
  }, 300_000);
});
