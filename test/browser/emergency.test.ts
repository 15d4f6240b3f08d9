/**
 * A snap election in real Chromium: on a demo store with two reviews and a selection under way, a
 * national officer follows the "Emergencies" link, declares a snap election (first without a reason,
 * refused beside the field) and reads what happened to each process; resumes the paused selection's
 * timetable; endorses one MP and refuses another (first without a reason); opens an emergency
 * selection for the refused seat, whose panel adds two applicants, shortlists both and selects one
 * with its reasons. Every page is checked (axe, 320 px, console) and screenshotted under /tmp.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSelectionIn, openTrigger } from '../../src/app/open-process.js';
import { defaultSelectionTimetable } from '../../src/domain/processes/timetable-defaults.js';
import type { ProcessId } from '../../src/domain/ids.js';
import type { Unit } from '../../src/domain/organisation.js';
import { LABOUR_2021 } from '../../src/domain/presets.js';
import { addDays } from '../../src/domain/calendar.js';
import { dateOf, fixedClock } from '../../src/domain/time.js';
import { BrowserStory, browserUnavailable, freeSeats, mainText, soleNationalOfficer } from './harness.js';

const unavailable = browserUnavailable();
if (unavailable !== null) console.warn(`NOTICE: ${unavailable}`);
const SCREENSHOTS = '/tmp/hustings-emergency-screens';

describe.skipIf(unavailable !== null)('a snap election and an emergency selection in real Chromium', () => {
  const story = new BrowserStory(SCREENSHOTS);
  let national = '';
  const reviews: { id: ProcessId; mp: string; seat: Unit }[] = [];
  let selection = '' as ProcessId;
  const today = dateOf(new Date());

  beforeAll(async () => {
    const store = await story.demo('hustings-emergency-', 9000, 3);
    const a = { store, clock: fixedClock(new Date()), actor: 'officer' };
    // Two seats whose MPs are under review, and a third choosing its candidate: none with anything under way yet.
    const free = await freeSeats(store, 3);
    expect(free).toHaveLength(3);
    const mps = ['Morgan Hale', 'Rhiannon Pryce'];
    for (const [i, seat] of free.slice(0, 2).entries()) {
      if (!(await store.getIncumbent(seat.id)))
        await store.putIncumbent({ constituency: seat.id, name: mps[i]!, member: null, gender: 'woman', suspended: false, parentalLeaveEnded: null });
      const opened = await openTrigger(a, seat, LABOUR_2021, addDays(today, 30));
      if (!opened.ok) throw new Error(opened.error.message);
      reviews.push({ id: opened.value.id as ProcessId, mp: opened.value.state.incumbent.name, seat });
    }
    const sel = await openSelectionIn(a, free[2]!, LABOUR_2021, { timetable: defaultSelectionTimetable(today) });
    if (!sel.ok) throw new Error(sel.error.message);
    selection = sel.value.process.id as ProcessId;
    national = (await soleNationalOfficer(store)).email;
    await story.browse();
  }, 300_000);

  afterAll(() => story.end(), 60_000);

  const submit = async (page: Page, button: string) => {
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: button }).click()]);
  };

  it('declares a snap election, endorses one MP and refuses another, and the panel selects a candidate for the refused seat', async () => {
    const page = await story.signedIn(national, false);
    await Promise.all([page.waitForURL(/\/emergency$/), page.getByRole('link', { name: 'Emergencies' }).click()]);
    await story.checks.check(page, 'emergencies');

    // Declared without a reason: refused beside the field, nothing paused.
    await submit(page, 'Declare a snap election');
    await story.checks.check(page, 'snap election without a reason');
    expect(await page.locator('.field-error').first().textContent()).toContain('Say why');
    expect(((await story.store.processDocument(selection))?.state as { paused?: unknown } | undefined)?.paused ?? null).toBeNull();
    await page.getByLabel('Why').first().fill('The Prime Minister has called a general election for 2 July.');
    await submit(page, 'Declare a snap election');
    await story.checks.check(page, 'what the snap election did');
    const declared = await mainText(page);
    for (const r of reviews)
      expect(declared).toContain(
        `The review is cancelled: ${r.mp} is to be readopted, waiting for the National Executive Committee to endorse the readoption.`,
      );
    expect(declared).toContain('Paused until it resumes.');
    expect(declared).not.toContain('awaiting-endorsement');

    // The paused selection: its page says so; a national officer resumes it on its timetable page.
    await page.goto(`${story.server.url}/processes/${selection}`);
    await story.checks.check(page, 'a paused selection');
    expect(await mainText(page)).toContain('Paused since');
    await Promise.all([page.waitForURL(/\/timetable$/), page.getByRole('link', { name: 'Resume the timetable' }).click()]);
    await story.checks.check(page, 'the paused timetable');
    await page.getByLabel('Why').fill('The general election is over.');
    await Promise.all([page.waitForURL(new RegExp(`/processes/${selection}$`)), page.getByRole('button', { name: 'Resume the timetable' }).click()]);
    await story.checks.check(page, 'the selection resumed');
    expect(await mainText(page)).not.toContain('Paused since');

    // One MP endorsed; the other refused, at first without a reason.
    const [endorsed, refused] = reviews as [(typeof reviews)[0], (typeof reviews)[0]];
    await page.goto(`${story.server.url}/processes/${endorsed.id}`);
    await story.checks.check(page, 'a review waiting for endorsement');
    expect(await mainText(page)).toContain('Waiting for the National Executive Committee to endorse');
    await page.goto(`${story.server.url}/processes/${endorsed.id}/endorsement`);
    await story.checks.check(page, 'the endorsement form');
    await page.getByLabel('Endorse the readoption').check();
    await page.getByLabel('Reason').fill('Stands again with the support of the constituency party.');
    await Promise.all([page.waitForURL(/\/emergency$/), page.getByRole('button', { name: 'Record the decision' }).click()]);
    await story.checks.check(page, 'endorsed');
    expect(await mainText(page)).toContain(`${endorsed.mp}’s readoption is endorsed`);

    await page.goto(`${story.server.url}/processes/${refused.id}/endorsement`);
    await page.getByLabel('Refuse to endorse it').check();
    await submit(page, 'Record the decision');
    await story.checks.check(page, 'refusal without a reason');
    expect(await page.locator('.field-error').first().textContent()).toContain('Give the reason');
    await page.getByLabel('Reason').fill('The member is under investigation by the party.');
    await Promise.all([page.waitForURL(/\/emergency$/), page.getByRole('button', { name: 'Record the decision' }).click()]);
    await story.checks.check(page, 'refused, the seat without a candidate');
    const after = await mainText(page);
    expect(after).toContain(`Endorsement of ${refused.mp} is refused`);
    expect(after).toContain(`the National Executive Committee refused to endorse the readoption of ${refused.mp}.`);

    // The emergency selection for the refused seat, applications closing today; the panel decides.
    await page.getByLabel('Constituency').selectOption(refused.seat.id);
    await page.getByLabel('The panel').fill('NEC panel: A. Jones (chair), B. Smith, C. Patel');
    await page.getByLabel('Why').nth(1).fill('The NEC refused to endorse the sitting MP.');
    await page.getByLabel('Applications close (optional)').fill(today);
    await Promise.all([page.waitForURL(/\/panel$/), page.getByRole('button', { name: 'Open the emergency selection' }).click()]);
    await story.checks.check(page, 'the emergency selection’s panel');
    for (const [name, gender] of [
      ['Ada Lovelace', 'woman'],
      ['Ben Okri', 'man'],
    ] as const) {
      await page.getByLabel('Name').fill(name);
      await page.getByLabel('Gender (optional)').fill(gender);
      await submit(page, 'Add the applicant');
    }
    await story.checks.check(page, 'two applicants');
    await page.getByLabel('Ada Lovelace').check();
    await page.getByLabel('Ben Okri').check();
    await submit(page, 'Set the shortlist');
    await story.checks.check(page, 'the panel’s shortlist');
    await page.getByLabel('Ada Lovelace').check();
    await page.getByLabel('The panel’s reasons').fill('Local, experienced, and ready for a campaign of six weeks.');
    await Promise.all([page.waitForURL(/\/processes\/[^/]+$/), page.getByRole('button', { name: 'Record the panel’s decision' }).click()]);
    await story.checks.check(page, 'the panel’s decision');
    const decided = await mainText(page);
    expect(decided).toContain('Ada Lovelace is selected by the panel.');
    expect(decided).toContain('Local, experienced, and ready for a campaign of six weeks.');
    expect(decided).toContain('Run by NEC panel: A. Jones (chair), B. Smith, C. Patel');

    // Everything audited.
    const log = await story.store.auditEntries({ limit: 100_000 });
    const types = new Set(log.map((e) => e.type));
    for (const t of [
      'emergency.snap-election',
      'trigger.endorsed',
      'trigger.endorsement-refused',
      'selection.timetable-paused',
      'selection.timetable-resumed',
      'selection.panel-decided',
    ])
      expect(types.has(t), t).toBe(true);
    expect(story.checks.problems).toEqual([]);
  }, 240_000);
});
