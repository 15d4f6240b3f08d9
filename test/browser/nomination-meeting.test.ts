/**
 * A constituency party's all-member nomination meeting in real Chromium: on a demo store, a
 * leadership election for a vacancy with five members nominated by other constituency parties; the
 * party's procedures secretary signs in, calls the meeting from the election's meetings page, ticks
 * the members who attended from the party's list (one joined three weeks ago and may not vote), and
 * enters three rounds of the exhaustive ballot as the chair — a first try with more papers than the
 * members who may vote refused beside the form, the form kept; round 1 drops two candidates at once,
 * round 2 one, and in round 3 one has more than half — then confirms the decision, which appears as
 * the party's nomination on the leadership election's public page. The rounds are shown as a count
 * with its downloads. Every page is checked (axe, 320 px, console) and screenshotted in
 * /tmp/hustings-meeting-screenshots.
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
const SCREENSHOTS = path.join(tmpdir(), 'hustings-meeting-screenshots');

describe.skipIf(unavailable !== null)('a constituency party’s nomination meeting in real Chromium', () => {
  let dir = '';
  let db = '';
  let store: Store;
  let server: HustingsServer;
  let browser: Browser;
  let checks: PageChecker;
  const contexts: BrowserContext[] = [];
  let election = '' as ProcessId;
  let clp: Unit;
  let email = '';
  let candidates: Member[] = [];
  let attendees: Member[] = [];
  const recentName = 'Nia Newcomer';
  const today = dateOf(new Date());

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'hustings-meeting-'));
    db = `sqlite:${path.join(dir, 'h.db')}`;
    await hustingsOk(['demo', '--members', '10000', '--seed', '3', '--db', db]);
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
    // The meeting's party: a constituency with a procedures secretary, who signs in with an address of their own.
    const offices = await store.listOffices();
    const secretary = offices.find((o) => o.role === 'procedures-secretary')!;
    clp = (await store.getUnit(secretary.unit))!;
    const sec = (await store.getMember(secretary.member))!;
    email = 'clp.secretary@example.org';
    await store.putMembers([{ ...sec, email }]);
    // Five members stand, each nominated by another constituency party.
    const officers = new Set(offices.map((o) => o.member as string));
    const others = (await store.listUnits({ kind: 'constituency' })).filter((u) => u.id !== clp.id);
    const mpIds = new Set((await parliamentaryParty(store)).map((x) => x.member));
    for await (const m of store.membersOf((await store.listUnits({ kind: 'branch' })).map((b) => b.id))) {
      if (!officers.has(m.id) && !mpIds.has(m.id) && statusOn(m, today) === 'current' && m.joined < '2018-01-01' && m.name.includes(' ')) candidates.push(m);
      if (candidates.length === 5) break;
    }
    // Nominated by other constituency parties while there are any, then by MPs.
    const mps = await parliamentaryParty(store);
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
    // The party's members who attend: 17 long-standing members, and one who joined three weeks ago.
    const branches = (await store.listUnits({ kind: 'branch', parent: clp.id })).map((b) => b.id);
    const members: Member[] = [];
    for await (const m of store.membersOf(branches)) if (statusOn(m, today) === 'current' && m.joined < '2022-01-01') members.push(m);
    attendees = members.sort((x, y) => x.name.localeCompare(y.name, 'en-GB')).slice(0, 17);
    const joined = addDays(today, -21);
    const recent: Member = {
      ...attendees[0]!,
      id: 'newcomer-1' as MemberId,
      name: recentName,
      email: null,
      joined,
      statusHistory: [{ from: joined, status: 'current' }],
    };
    await store.putMembers([recent]);
    attendees.push(recent);
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

  /** Enters one round: each candidate's votes by name, and the blank or spoilt papers. */
  async function enterRound(page: Page, votes: Readonly<Record<string, number>>, spoilt = 0) {
    for (const [name, n] of Object.entries(votes)) await page.getByLabel(name, { exact: true }).fill(String(n));
    await page.getByLabel('Blank or spoilt papers').fill(String(spoilt));
    await submit(page, /^Enter round/);
  }

  it('runs from calling the meeting to the party’s nomination on the leadership page', async () => {
    const { context, page } = await checks.person(false);
    contexts.push(context);
    await signIn(page, server, email);
    await page.goto(`${server.url}/elections/${election}/meetings`);
    await checks.check(page, 'the election’s nomination meetings');
    await page.getByRole('radio', { name: clp.name }).check();
    await page.getByLabel('Date of the meeting').fill(today);
    await page.getByLabel('Place', { exact: true }).fill('Trades Hall, upstairs room');
    await submit(page, 'Call the meeting');
    await page.waitForURL(/\/meetings\//);
    const meetingId = page.url().split('/').pop()!.split('?')[0]!;
    await checks.check(page, 'the meeting called');

    // Attendance, ticked from the party's list.
    await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: 'List the party’s members' }).click()]);
    await checks.check(page, 'the party’s members to tick');
    for (const m of attendees)
      await page
        .getByRole('checkbox', { name: new RegExp(`^${m.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`) })
        .first()
        .check();
    await submit(page, 'Record them as present');
    await checks.check(page, 'attendance recorded');
    expect(await main(page)).toContain('18 present, of whom 17 may vote.');
    expect(await main(page)).toContain(`${recentName} may not vote: a member since`);
    expect(await main(page)).toContain('3 weeks (21 days) before the meeting, within the 8-week provisional period'.replace(' (21 days)', ''));

    const [a, b, c, d, e] = candidates.map((x) => x.name) as [string, string, string, string, string];
    // Round 1, mistyped: 18 papers, more than the 17 who may vote. Refused, the form kept.
    await enterRound(page, { [a]: 7, [b]: 5, [c]: 3, [d]: 1, [e]: 1 }, 1);
    await checks.check(page, 'round 1 with too many papers');
    expect(await main(page)).toContain('The round has 18 papers, more than the 17 members present who may vote: check the tallies.');
    expect(await page.getByLabel(a, { exact: true }).inputValue()).toBe('7');
    // Round 1: the two lowest together (2) are below the next (3): both dropped at once.
    await enterRound(page, { [a]: 6, [b]: 5, [c]: 3, [d]: 1, [e]: 1 });
    await checks.check(page, 'after round 1');
    const after1 = await main(page);
    expect(after1).toContain('No candidate has more than half of the 16 votes cast in round 1 (9 needed).');
    expect(after1).toContain(`are dropped together: their combined votes are fewer than the next candidate's`);
    // Round 2: the lowest dropped.
    await enterRound(page, { [a]: 7, [b]: 5, [c]: 4 }, 1);
    await checks.check(page, 'after round 2');
    expect(await main(page)).toContain(`${c} has the fewest votes and is dropped.`);
    // Round 3: a majority.
    await enterRound(page, { [a]: 9, [b]: 7 });
    await checks.check(page, 'after round 3');
    expect(await main(page)).toContain(`${a} has 9 of the 16 votes cast in round 3, more than half (9 needed)`);

    // The rounds as a count.
    await Promise.all([page.waitForLoadState('load'), page.getByRole('link', { name: 'The rounds as a count: table and downloads' }).click()]);
    await checks.check(page, 'the rounds as a count');
    expect(await main(page)).toContain('Each round was a fresh vote');
    await page.goBack();

    // The decision: the party's nomination.
    await submit(page, `Confirm: ${clp.name} nominates ${a}`);
    await checks.check(page, 'the decision confirmed');
    expect(await main(page)).toContain(`Decided: ${clp.name} nominates ${a}`);
    const state = (await store.getProcess(election))!.state as InternalElectionState;
    expect(state.nominations.filter((n) => n.body === clp.id).map((n) => [n.route, n.bodyName])).toEqual([['constituency', clp.name]]);
    const meeting = (await store.getProcess(meetingId as ProcessId))!.state as NominationMeetingState;
    expect(meeting.rounds).toHaveLength(3);

    // The public leadership page lists the party among the constituency parties that nominated the winner.
    const visitor = await checks.person(false);
    contexts.push(visitor.context);
    await visitor.page.goto(`${server.url}/elections/${election}/leadership`);
    await checks.check(visitor.page, 'the leadership page with the party’s nomination');
    expect(await main(visitor.page)).toContain(clp.name);
    await visitor.page.goto(`${server.url}/meetings/${meetingId}/results`);
    await checks.check(visitor.page, 'the meeting’s count, public once decided');
  }, 300_000);

  it('every page passed its checks', () => {
    expect(checks.problems).toEqual([]);
  });
});
