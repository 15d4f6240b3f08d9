/**
 * An online nomination meeting in real Chromium: on a demo store, a leadership election for a vacancy
 * with five members nominated; the party's procedures secretary calls the meeting choosing "Online",
 * records who attended (seven long-standing members, and one who joined three weeks ago and may not
 * vote), and runs three rounds from the meeting's page: opens each, sees only how many have voted
 * (never a running tally), and closes it. Seven members, each signed in in their own browser, vote in
 * the meeting's booth each round; one tries a second time from another tab and is refused; the
 * newcomer is turned away from the booth. Round 1 drops two at once, round 2 one, and in round 3 one
 * has more than half; the secretary confirms, and the party's nomination appears on the leadership
 * page. Every page is checked (axe, 320 px, console) and screenshotted in
 * /tmp/hustings-online-meeting-screenshots.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLeadershipElection, parliamentaryParty } from '../../src/app/leadership.js';
import { addDays } from '../../src/domain/calendar.js';
import type { MemberId, ProcessId } from '../../src/domain/ids.js';
import { statusOn, type Member, type Unit } from '../../src/domain/organisation.js';
import { LABOUR_2021 } from '../../src/domain/presets.js';
import type { InternalElectionState, NominationMeetingState } from '../../src/domain/processes/index.js';
import { dateOf, fixedClock } from '../../src/domain/time.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';
import { applyStep } from '../app/steps.js';
import { HustingsServer, PageChecker, browserUnavailable, closeAll, ensureBuilt, hustingsOk, launchChromium, signIn } from './harness.js';

const unavailable = browserUnavailable();
if (unavailable !== null) console.warn(`NOTICE: ${unavailable}`);
const SCREENSHOTS = path.join(tmpdir(), 'hustings-online-meeting-screenshots');

describe.skipIf(unavailable !== null)('an online nomination meeting in real Chromium', () => {
  let dir = '';
  let db = '';
  let store: Store;
  let server: HustingsServer;
  let browser: Browser;
  let checks: PageChecker;
  const contexts: BrowserContext[] = [];
  let election = '' as ProcessId;
  let clp: Unit;
  const email = 'clp.secretary@example.org';
  let candidates: Member[] = [];
  let voters: Member[] = [];
  let newcomer: Member;
  const today = dateOf(new Date());

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'hustings-online-meeting-'));
    db = `sqlite:${path.join(dir, 'h.db')}`;
    await hustingsOk(['demo', '--members', '10000', '--seed', '5', '--db', db]);
    store = await openStore(db);
    const a = { store, clock: fixedClock(new Date()), actor: 'officer' };
    const opened = await openLeadershipElection(
      a,
      LABOUR_2021,
      'Leadership election',
      { nominationsClose: addDays(today, 10), freezeDate: addDays(today, 10), ballotOpens: addDays(today, 12), ballotCloses: addDays(today, 20) },
      null,
    );
    if (!opened.ok) throw new Error(opened.error.message);
    election = opened.value.id as ProcessId;
    const offices = await store.listOffices();
    const secretary = offices.find((o) => o.role === 'procedures-secretary')!;
    clp = (await store.getUnit(secretary.unit))!;
    await store.putMembers([{ ...(await store.getMember(secretary.member))!, email }]);
    // Five members stand.
    const officers = new Set(offices.map((o) => o.member as string));
    const mps = await parliamentaryParty(store);
    const mpIds = new Set(mps.map((x) => x.member));
    for await (const m of store.membersOf((await store.listUnits({ kind: 'branch' })).map((b) => b.id))) {
      if (!officers.has(m.id) && !mpIds.has(m.id) && statusOn(m, today) === 'current' && m.joined < '2018-01-01' && m.name.includes(' ')) candidates.push(m);
      if (candidates.length === 5) break;
    }
    // Nominated by other constituency parties while there are any, then by MPs.
    const others = (await store.listUnits({ kind: 'constituency' })).filter((u) => u.id !== clp.id);
    for (const [i, m] of candidates.entries()) {
      const body = others[i];
      if (body)
        await applyStep(a, election, 'internal-election', {
          type: 'body-nominate',
          body: { id: body.id, name: body.name, kind: body.kind },
          candidate: m,
          meetingDate: today,
        });
      else await applyStep(a, election, 'internal-election', { type: 'mp-nominate', mp: mps[i - others.length]!.member, candidate: m });
    }
    candidates = [...candidates].sort((x, y) => x.name.localeCompare(y.name, 'en-GB'));
    // Seven long-standing members of the party, each with an address to sign in with, and one who joined three weeks ago.
    const branches = (await store.listUnits({ kind: 'branch', parent: clp.id })).map((b) => b.id);
    const members: Member[] = [];
    for await (const m of store.membersOf(branches))
      if (statusOn(m, today) === 'current' && m.joined < '2022-01-01' && !officers.has(m.id) && m.name.includes(' ')) members.push(m);
    // Names the secretary can tell apart on the party's list.
    const named = (m: Member) => members.filter((x) => x.name === m.name).length === 1;
    voters = members
      .filter(named)
      .sort((x, y) => x.name.localeCompare(y.name, 'en-GB'))
      .slice(0, 7)
      .map((m, i) => ({ ...m, email: `voter${i + 1}@example.org` }));
    const joined = addDays(today, -21);
    newcomer = {
      ...voters[0]!,
      id: 'newcomer-1' as MemberId,
      name: 'Nia Newcomer',
      email: 'newcomer@example.org',
      joined,
      statusHistory: [{ from: joined, status: 'current' }],
    };
    await store.putMembers([...voters, newcomer]);
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

  const submit = async (page: Page, button: string | RegExp) => {
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: button }).click()]);
  };
  const main = async (page: Page) => (await page.locator('main').textContent()) ?? '';

  it('runs three rounds of secret online voting to the party’s nomination', async () => {
    const { context, page } = await checks.person(false);
    contexts.push(context);
    await signIn(page, server, email);
    await page.goto(`${server.url}/elections/${election}/meetings`);
    await page.getByRole('radio', { name: clp.name }).check();
    await page.getByLabel('Date of the meeting').fill(today);
    await page.getByLabel('Place', { exact: true }).fill('online');
    await page.getByRole('radio', { name: 'Online' }).check();
    await checks.check(page, 'calling an online meeting');
    await submit(page, 'Call the meeting');
    await page.waitForURL(/\/meetings\//);
    const meetingId = page.url().split('/').pop()!.split('?')[0]!;
    const boothUrl = `${server.url}/meetings/${meetingId}/booth`;

    await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: 'List the party’s members' }).click()]);
    for (const m of [...voters, newcomer])
      await page
        .getByRole('checkbox', { name: new RegExp(`^${m.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`) })
        .first()
        .check();
    await submit(page, 'Record them as present');
    expect(await main(page)).toContain('8 present, of whom 7 may vote.');
    await checks.check(page, 'online meeting: attendance recorded');

    // Each voter signs in in a browser of their own; the newcomer is turned away from the booth.
    const booths: Page[] = [];
    for (const v of voters) {
      const person = await checks.person(false);
      contexts.push(person.context);
      await signIn(person.page, server, v.email!);
      booths.push(person.page);
    }
    const late = await checks.person(false);
    contexts.push(late.context);
    await signIn(late.page, server, newcomer.email!);
    const refused = await late.page.goto(boothUrl);
    expect(refused?.status()).toBe(403);
    expect(await main(late.page)).toContain('Only members recorded as present at the meeting who may vote there vote in its booth.');

    const [a, b, c, d, e] = candidates.map((x) => x.name) as [string, string, string, string, string];
    /** The chair opens the next round, each voter votes as listed, and the chair closes it. */
    async function round(n: number, choices: readonly string[], before: string) {
      await submit(page, `Open round ${n} for voting`);
      await booths[0]!.goto(boothUrl);
      await checks.check(booths[0]!, `round ${n}: the booth`);
      for (const [i, name] of choices.entries()) {
        const booth = booths[i]!;
        if (i > 0) await booth.goto(boothUrl);
        await booth.getByRole('radio', { name, exact: true }).check();
        await submit(booth, `Cast my vote in round ${n}`);
        expect(await main(booth)).toContain(`You have voted in round ${n}.`);
        if (i === 2) {
          // Part way through, the chair sees how many have voted, and nothing of how.
          await page.reload();
          const seen = await main(page);
          expect(seen).toContain(`3 of the 7 members present who may vote have voted.`);
          // The rounds table has only the rounds closed before this one.
          expect(
            await page
              .locator('table', { has: page.locator('caption', { hasText: 'Rounds entered' }) })
              .locator('tbody tr')
              .count(),
          ).toBe(n - 1);
          await checks.check(page, `round ${n}: the chair sees only how many have voted`);
        }
      }
      await checks.check(booths[0]!, `round ${n}: voted`);
      await page.reload();
      expect(await main(page)).toContain(`${choices.length} of the 7 members present who may vote have voted.`);
      await submit(page, `Close round ${n} and count the votes`);
      await checks.check(page, `after round ${n}`);
      expect(await main(page)).toContain(before);
    }

    // A second vote from another tab, opened while the round was open, is refused.
    await submit(page, 'Open round 1 for voting');
    const tab = await booths[6]!.context().newPage();
    await tab.goto(boothUrl);
    await booths[6]!.goto(boothUrl);
    await booths[6]!.getByRole('radio', { name: b, exact: true }).check();
    await submit(booths[6]!, 'Cast my vote in round 1');
    await tab.getByRole('radio', { name: a, exact: true }).check();
    await submit(tab, 'Cast my vote in round 1');
    expect(await main(tab)).toContain('You have already voted in round 1.');
    await checks.check(tab, 'a second vote refused');
    await tab.close();
    // Round 1 (already open; the seventh voter has voted for B): A 3, B 2, C 2, D 0, E 0 — D and E go together.
    for (const [i, name] of [a, a, a, b, c, c].entries()) {
      await booths[i]!.goto(boothUrl);
      await booths[i]!.getByRole('radio', { name, exact: true }).check();
      await submit(booths[i]!, 'Cast my vote in round 1');
    }
    await page.reload();
    expect(await main(page)).toContain('7 of the 7 members present who may vote have voted.');
    await submit(page, 'Close round 1 and count the votes');
    await checks.check(page, 'after round 1');
    const after1 = await main(page);
    expect(after1).toContain('No candidate has more than half of the 7 votes cast in round 1 (4 needed).');
    expect(after1).toContain('are dropped together');
    for (const x of [d, e]) expect(after1).toContain(x);
    // Round 2 between A, B and C: A 3, B 3, C 1 — C goes.
    await round(2, [a, a, a, b, b, b, c], `${c} has the fewest votes and is dropped.`);
    // Round 3, A against B: A 5 of 7.
    await round(3, [a, a, a, a, a, b, b], `${a} has 5 of the 7 votes cast in round 3, more than half (4 needed)`);
    await booths[0]!.goto(boothUrl);
    expect(await main(booths[0]!)).toContain(`${a} has more than half of the votes cast`);
    await checks.check(booths[0]!, 'the booth after the last round');

    await submit(page, `Confirm: ${clp.name} nominates ${a}`);
    await checks.check(page, 'online meeting: the decision confirmed');
    expect(await main(page)).toContain(`Decided: ${clp.name} nominates ${a}`);
    const state = (await store.getProcess(election))!.state as InternalElectionState;
    expect(state.nominations.filter((n) => n.body === clp.id).map((n) => n.route)).toEqual(['constituency']);
    const meeting = (await store.getProcess(meetingId as ProcessId))!.state as NominationMeetingState;
    expect(meeting.rounds.map((r) => r.votes)).toEqual([
      Object.fromEntries(candidates.map((x, i) => [x.id, [3, 2, 2, 0, 0][i]])),
      Object.fromEntries(candidates.slice(0, 3).map((x, i) => [x.id, [3, 3, 1][i]])),
      Object.fromEntries(candidates.slice(0, 2).map((x, i) => [x.id, [5, 2][i]])),
    ]);

    const visitor = await checks.person(false);
    contexts.push(visitor.context);
    await visitor.page.goto(`${server.url}/elections/${election}/leadership`);
    expect(await main(visitor.page)).toContain(clp.name);
    await visitor.page.goto(`${server.url}/meetings/${meetingId}/results`);
    await checks.check(visitor.page, 'the online meeting’s count');
  }, 600_000);

  it('every page passed its checks', () => {
    expect(checks.problems).toEqual([]);
  });
});
