/**
 * A leadership election with a deputy leadership contest, on the web, in real Chromium against the
 * real server (issue 14, "Leadership elections").
 *
 * A national officer opens the election (a vacancy, with a deputy's contest): a first try with the
 * ballot opening before nominations close is shown again with the problem beside the field. The
 * demo party's four MPs sign in and nominate once in each contest; the officer records the
 * constituency parties' and affiliates' nominations; the live page shows who qualifies and who does
 * not (a candidate with an MP but no constituency party nor affiliates); the qualified accept; the
 * officer freezes the electorates and opens both ballots at once; members vote in the one booth
 * for both contests (some without JavaScript); the officer closes, counts and declares both, and the
 * public results give the leader (elected in the second round of the alternative vote) and the
 * deputy.
 *
 * Written to be extended step by step: each stage is its own `step`, sharing the people found at
 * the start. A registered supporters' stage (applications, the officers' queue, supporters voting)
 * goes between "the qualified candidates accept" and "the officer freezes…".
 *
 * Every page is screenshotted (under the system's temporary directory), scanned by axe-core,
 * measured at 320 px and searched for internals.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { parliamentaryParty } from '../../src/app/leadership.js';
import { judgeEligibility } from '../../src/domain/eligibility.js';
import { statusOn, type Unit } from '../../src/domain/organisation.js';
import { LABOUR_2021 } from '../../src/domain/presets.js';
import type { InternalElectionState } from '../../src/domain/processes/index.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';
import {
  HustingsServer,
  PageChecker,
  browserUnavailable,
  checkedStep,
  ensureBuilt,
  hustingsOk,
  launchChromium,
  person,
  signIn,
  takeStep,
  today,
  voteInElectionBooth,
  type PaperCandidate,
  type Person,
} from './harness.js';

const unavailable = browserUnavailable();
if (unavailable !== null) console.warn(`NOTICE: ${unavailable}`);

const SCREENSHOTS = process.env.HUSTINGS_LEADERSHIP_SCREENSHOTS ?? path.join(tmpdir(), 'hustings-leadership-story');
/** 10,000 members: 12 constituencies, four of them with a sitting MP (the parliamentary party), a dozen affiliates. */
const DEMO = ['--members', '10000', '--seed', '7'];
const TITLE = 'Leadership election 2027';
const LEADER = 'Leader';
const DEPUTY = 'Deputy leader';

/**
 * Twelve voters, each ranking the leader's candidates (by their letter: a, b, g) and the deputy's (d, e). First preferences
 * for leader a 5, b 4, g 3: nobody has more than half, g is excluded and g's three go to b, who wins 7 to 5. For deputy, d 7
 * and e 5: d wins in the first round.
 */
const VOTES: readonly [string, string][] = [
  ['a b', 'd'],
  ['a', 'd e'],
  ['a g', 'e d'],
  ['a b g', 'd'],
  ['a', 'e'],
  ['b a', 'd'],
  ['b', 'd e'],
  ['b g', 'e'],
  ['b', 'e d'],
  ['g b', 'd'],
  ['g b a', 'd'],
  ['g b', 'e'],
];
const withoutJs = (i: number): boolean => i % 4 === 1;

describe.skipIf(unavailable !== null)('issue 14: a leadership election with a deputy’s contest, from nominations to the declared results', () => {
  let dir = '';
  let store: Store;
  let server: HustingsServer;
  let browser: Browser;
  let checks: PageChecker;
  const contexts: BrowserContext[] = [];

  let officer: Person;
  let officerPage: Page;
  const mps: Person[] = [];
  /** The leader's candidates a, b, c, g (c will not qualify) and the deputy's d, e. */
  const cand: Record<'a' | 'b' | 'c' | 'g' | 'd' | 'e', Person> = {} as never;
  let voters: Person[] = [];
  let clps: Unit[] = [];
  /** Three affiliates, two of them trade unions, holding at least 5% of the affiliated membership between them. */
  let affiliates: Unit[] = [];
  let leadershipUrl = '';
  let electionUrl = '';

  let networks = 0;
  const newPerson = async (javaScript: boolean, width = 1024): Promise<{ context: BrowserContext; page: Page }> => {
    networks += 1;
    const p = await checks.person(javaScript, {
      viewport: { width, height: 768 },
      extraHTTPHeaders: { 'X-Forwarded-For': `10.14.${Math.floor(networks / 250)}.${(networks % 250) + 1}` },
    });
    contexts.push(p.context);
    return p;
  };
  const seen = new Set<string>();
  const checkOnce = async (page: Page, label: string): Promise<void> => {
    if (seen.has(label)) return;
    seen.add(label);
    await checks.check(page, label);
  };
  const flash = async (page: Page): Promise<string> => (await page.locator('.flash').textContent()) ?? '';
  const step = (name: string, body: () => Promise<void>, timeoutMs = 600_000): void => checkedStep(() => checks, name, body, timeoutMs);
  const contestSection = (page: Page, office: string) => page.locator('main section').filter({ has: page.getByRole('heading', { name: office, exact: true }) });
  const candidateCard = (page: Page, office: string, p: Person) =>
    contestSection(page, office)
      .locator('section.card')
      .filter({ has: page.getByRole('heading', { name: p.member.name, exact: true }) });

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'hustings-leadership-'));
    const db = `sqlite:${path.join(dir, 'h.db')}`;
    await hustingsOk(['demo', ...DEMO, '--db', db]);
    store = await openStore(db);
    server = await HustingsServer.start(db, { HUSTINGS_TRUST_PROXY: '1' });
    browser = await launchChromium();
    checks = new PageChecker(browser, server.url, SCREENSHOTS, { internals: true });
  }, 300_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await checks?.close().catch(() => undefined);
    if (checks) {
      console.log(
        `leadership story: ${checks.checks.length} pages checked, ${checks.problems.length} with problems, ${checks.internals.length} showing internals; screenshots in ${SCREENSHOTS}`,
      );
      for (const p of [...checks.problems, ...checks.internals]) console.log(p);
      checks.writeSummary();
    }
    await browser?.close().catch(() => undefined);
    if (server) {
      await server.stop();
      writeFileSync(path.join(SCREENSHOTS, 'server-console.txt'), server.console());
    }
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  step('finds the people: a national officer, the four MPs, six candidates, twelve voters, constituency parties and affiliates', async () => {
    const offices = await store.listOffices();
    const holders = new Set(offices.map((o) => o.member as string));
    for (const o of offices.filter((x) => x.role === 'national-officer')) {
      const p = await person(store, await store.getMember(o.member));
      if (p && offices.filter((x) => x.member === o.member).length === 1) {
        officer = p;
        break;
      }
    }
    expect(officer, 'a national officer who signs in with their own email').toBeDefined();
    for (const mp of await parliamentaryParty(store)) {
      const p = await person(store, await store.getMember(mp.member as never));
      if (p) mps.push(p);
    }
    expect(mps.length, 'the demo party’s MPs, each signing in with their own email').toBe(4);
    const mpIds = new Set(mps.map((m) => m.member.id as string));
    const d = today();
    const people: Person[] = [];
    for await (const m of store.membersOf((await store.listUnits({ kind: 'branch' })).map((b) => b.id))) {
      if (holders.has(m.id) || mpIds.has(m.id) || statusOn(m, d as never) !== 'current') continue;
      if (!judgeEligibility(m, LABOUR_2021.eligibility, { freezeDate: d as never }).eligible) continue;
      const p = await person(store, m);
      // Names told apart at a glance: the search by name finds one member.
      if (!p || people.some((x) => x.member.name === m.name)) continue;
      if ((await store.findMembers(m.name, 3)).length !== 1) continue;
      people.push(p);
      if (people.length === 6 + VOTES.length) break;
    }
    expect(people).toHaveLength(6 + VOTES.length);
    for (const [i, k] of (['a', 'b', 'c', 'g', 'd', 'e'] as const).entries()) cand[k] = people[i]!;
    voters = people.slice(6);
    clps = (await store.listUnits({ kind: 'constituency' })).slice(0, 4);
    const all = (await store.listUnits({ kind: 'affiliate' })).sort((x, y) => (y.affiliation?.membership ?? 0) - (x.affiliation?.membership ?? 0));
    const unions = all.filter((u) => u.affiliation?.tradeUnion === true);
    const society = all.find((u) => u.affiliation?.tradeUnion !== true) ?? unions[2]!;
    affiliates = [unions[0]!, unions[1]!, society];
    const held = affiliates.reduce((s, u) => s + (u.affiliation?.membership ?? 0), 0);
    const total = all.reduce((s, u) => s + (u.affiliation?.membership ?? 0), 0);
    expect(held * 20, 'the three affiliates hold at least 5% of the affiliated membership').toBeGreaterThanOrEqual(total);
  });

  step(
    'a national officer opens the leadership election, a vacancy, with a deputy’s contest; a ballot opening before nominations close is shown beside its field',
    async () => {
      const { page } = await newPerson(true);
      officerPage = page;
      await signIn(page, server, officer.email, checks, ' (national officer)');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Internal elections', exact: true }).click();
      await page.waitForURL(/\/elections$/);
      await page.getByRole('link', { name: 'Open a leadership election', exact: true }).click();
      await page.waitForURL(/\/leadership-elections\/new$/);
      await checks.check(page, 'open a leadership election (national officer)');
      await page.getByLabel('Title', { exact: true }).fill(TITLE);
      await page.getByLabel('The post of leader is vacant', { exact: true }).check();
      await page.getByLabel('Elect a deputy leader in the same election', { exact: true }).check();
      const later = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
      await page.getByLabel('Nominations close', { exact: true }).fill(later);
      for (const label of ['Freeze date', 'Ballot opens', 'Ballot closes']) await page.getByLabel(label, { exact: true }).fill(today());
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Open the leadership election' }).click()]);
      // Refused, nothing stored: the problem beside the field, everything typed kept.
      expect(await page.locator('#f-ballot-opens-error').textContent()).toMatch(/cannot open before nominations close/);
      expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe(TITLE);
      expect(await page.getByLabel('Elect a deputy leader in the same election', { exact: true }).isChecked()).toBe(true);
      await checks.check(page, 'open a leadership election: the ballot before nominations close (national officer)');
      expect(
        (await store.processDocuments({ kind: 'internal-election' })).some((p) => (p.state as InternalElectionState).contest?.electionTitle === TITLE),
      ).toBe(false);

      await page.getByLabel('Nominations close', { exact: true }).fill(today());
      await Promise.all([page.waitForURL(/\/leadership$/), page.getByRole('button', { name: 'Open the leadership election' }).click()]);
      expect(await flash(page)).toContain(`Opened ${TITLE}`);
      expect(await flash(page)).toContain('with a deputy leadership contest');
      leadershipUrl = page.url();
      await checks.check(page, 'leadership nominations, nobody nominated (national officer)');
      for (const office of [LEADER, DEPUTY]) expect(await contestSection(page, office).textContent()).toContain('Nobody has been nominated yet.');
      const leader = (await store.processDocuments({ kind: 'internal-election' })).find(
        (p) => (p.state as InternalElectionState).contest?.electionTitle === TITLE && (p.state as InternalElectionState).title === LEADER,
      )!;
      electionUrl = `${server.url}/elections/${encodeURIComponent((leader.state as InternalElectionState).contest!.election)}`;
    },
  );

  step('the four MPs sign in and nominate once in each contest: a second nomination is refused', async () => {
    // Leader: a and b by one MP each, c and g by one each. Deputy: d by two MPs, e by two.
    const plan: [Person, Person][] = [
      [cand.a, cand.d],
      [cand.b, cand.e],
      [cand.c, cand.d],
      [cand.g, cand.e],
    ];
    for (const [i, mp] of mps.entries()) {
      const javaScript = i !== 1;
      const mode = javaScript ? '' : ' (no JavaScript)';
      const { context, page } = await newPerson(javaScript);
      await signIn(page, server, mp.email);
      for (const [office, nominee] of [
        [LEADER, plan[i]![0]],
        [DEPUTY, plan[i]![1]],
      ] as const) {
        await page.goto(leadershipUrl);
        await contestSection(page, office)
          .getByRole('link', { name: `Nominate for ${office.toLowerCase()} (MPs)`, exact: true })
          .click();
        await page.waitForURL(/\/mp-nominate$/);
        await checkOnce(page, `MP nominates for ${office.toLowerCase()}${mode}`);
        await page.getByLabel('Find the member to nominate, by name', { exact: true }).fill(nominee.member.name);
        await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Search members', exact: true }).click()]);
        await page.getByRole('radio', { name: new RegExp(`^${nominee.member.name} \\(`) }).check();
        await checkOnce(page, `MP nominates: the member found${mode}`);
        await Promise.all([page.waitForURL(/\/leadership$/), page.getByRole('button', { name: 'Nominate', exact: true }).click()]);
        expect(await flash(page)).toContain(`Your nomination of ${nominee.member.name}`);
      }
      if (i === 0) {
        // The nomination page now says whom they nominated, and offers no second.
        await contestSection(page, LEADER).getByRole('link', { name: 'Nominate for leader (MPs)', exact: true }).click();
        expect(await page.locator('main').textContent()).toContain(`You have nominated ${cand.a.member.name}.`);
        expect(await page.getByRole('button', { name: 'Search members' }).count()).toBe(0);
        await checks.check(page, 'MP has nominated for leader');
      }
      await context.close();
    }
    const page = officerPage;
    await page.goto(leadershipUrl);
    expect(await page.locator('main').textContent()).toContain('4 of 4 MPs have nominated for leader');
    expect(await page.locator('main').textContent()).toContain('4 of 4 MPs have nominated for deputy leader');
    await checks.check(page, 'leadership nominations after the MPs (national officer)');
  });

  step('the officer records the constituency parties’ and affiliates’ nominations; the live page shows who qualifies', async () => {
    const page = officerPage;
    /** Records `body`'s nomination of `p` in the contest whose section is `office`, on the bodies' nomination form. */
    const record = async (office: string, body: Unit, p: Person, check = false) => {
      await page.goto(leadershipUrl);
      const mpLink = await contestSection(page, office)
        .getByRole('link', { name: `Nominate for ${office.toLowerCase()} (MPs)` })
        .getAttribute('href');
      await page.goto(new URL(mpLink!.replace(/\/mp-nominate$/, '/nominate'), server.url).toString());
      await page.getByLabel('Find the member to nominate, by name', { exact: true }).fill(p.member.name);
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Search members', exact: true }).click()]);
      await page.getByRole('group', { name: 'Nominating body', exact: true }).getByLabel(body.name, { exact: true }).check();
      await page
        .getByRole('group', { name: 'Candidate', exact: true })
        .getByRole('radio', { name: new RegExp(`^${p.member.name} \\(`) })
        .check();
      await page.getByLabel('Date of the meeting that decided it', { exact: true }).fill(today());
      if (check) await checks.check(page, `a body’s nomination for ${office.toLowerCase()} (national officer)`);
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Record the nomination', exact: true }).click()]);
      expect(await page.locator('.flash').getAttribute('class'), await flash(page)).toContain('flash-success');
    };
    // Leader: a by a constituency party; b by three affiliates (two unions); g by a constituency party; c by none.
    await record(LEADER, clps[0]!, cand.a, true);
    for (const aff of affiliates) await record(LEADER, aff, cand.b);
    await record(LEADER, clps[1]!, cand.g);
    // Deputy: d and e by a constituency party each.
    await record(DEPUTY, clps[2]!, cand.d, true);
    await record(DEPUTY, clps[3]!, cand.e);

    await page.goto(leadershipUrl);
    await checks.check(page, 'leadership nominations: who qualifies (national officer)');
    for (const p of [cand.a, cand.b, cand.g])
      expect(await candidateCard(page, LEADER, p).textContent()).toContain('Validly nominated: on the ballot once they accept');
    const short = (await candidateCard(page, LEADER, cand.c).textContent()) ?? '';
    expect(short).toContain('Not yet validly nominated');
    expect(short).toContain('needs 1 more constituency party');
    expect(await candidateCard(page, LEADER, cand.b).textContent()).toContain('has enough affiliates');
    for (const p of [cand.d, cand.e]) expect(await candidateCard(page, DEPUTY, p).textContent()).toContain('Validly nominated');
    // The public, signed out and without JavaScript, see the same.
    const { page: anon } = await newPerson(false);
    await anon.goto(leadershipUrl);
    await checks.check(anon, 'leadership nominations (signed out, no JavaScript)');
    expect(await candidateCard(anon, LEADER, cand.c).textContent()).toContain('Not yet validly nominated');
  });

  step('the qualified candidates accept their nominations', async () => {
    for (const [i, [p, office]] of (
      [
        [cand.a, LEADER],
        [cand.b, LEADER],
        [cand.g, LEADER],
        [cand.d, DEPUTY],
        [cand.e, DEPUTY],
      ] as const
    ).entries()) {
      const { context, page } = await newPerson(i !== 1);
      await signIn(page, server, p.email);
      await page
        .getByRole('link', { name: /^Answer your nomination/ })
        .first()
        .click();
      await page.waitForURL(/\/standing$/);
      await checkOnce(page, `accept a nomination for ${office.toLowerCase()} (candidate)`);
      const entry = page.locator('section').filter({ has: page.getByRole('heading', { name: `You have been nominated for ${office}`, exact: true }) });
      await Promise.all([page.waitForNavigation(), entry.getByRole('button', { name: /^Accept the nomination/ }).click()]);
      expect(await entry.textContent()).toContain('You are on the ballot paper.');
      await context.close();
    }
    await officerPage.goto(leadershipUrl);
    for (const p of [cand.a, cand.b, cand.g])
      expect(await candidateCard(officerPage, LEADER, p).textContent()).toContain('Validly nominated and on the ballot');
  });

  // A registered supporters' stage (h/1's queue: applications, the officers' decisions, supporters on the electorate) goes here.

  step('the officer freezes both electorates and opens both ballots at once, on the election’s page', async () => {
    const page = officerPage;
    await page.goto(electionUrl);
    await checks.check(page, 'the leadership election’s contests (national officer)');
    await takeStep(page, 'Freeze every contest’s electorate');
    await takeStep(page, 'Open every ballot');
    expect(await flash(page)).toContain(`ballot opened in ${LEADER} and ${DEPUTY}`);
  });

  step(
    'twelve members vote in the one booth, for leader and for deputy leader; some without JavaScript',
    async () => {
      const paper = (ranks: string): PaperCandidate[] => ranks.split(' ').map((k) => ({ id: '', name: cand[k as keyof typeof cand].member.name }));
      // Opening both ballots mails every member twice ("Your ballot is open"): let the outbox finish before the voters sign in.
      let sent = -1;
      await expect
        .poll(
          () => {
            const now = server.mails().length;
            const settled = now === sent;
            sent = now;
            return settled;
          },
          { timeout: 300_000, interval: 5_000 },
        )
        .toBe(true);
      for (const [i, voter] of voters.entries()) {
        const javaScript = !withoutJs(i);
        const mode = javaScript ? '' : ' (no JavaScript)';
        const { context, page } = await newPerson(javaScript);
        await signIn(page, server, voter.email);
        const [leader, deputy] = VOTES[i]!;
        await voteInElectionBooth(
          page,
          `${electionUrl}/booth`,
          [
            [LEADER, paper(leader)],
            [DEPUTY, paper(deputy)],
          ],
          javaScript,
          (label) => checkOnce(page, `leadership ${label}${mode}`),
        );
        await context.close();
      }
    },
    900_000,
  );

  step('the officer closes, counts and declares both contests; the public results give the leader, elected at the second stage, and the deputy', async () => {
    const page = officerPage;
    await page.goto(electionUrl);
    for (const label of ['Close every ballot', 'Count every contest', 'Declare every result']) await takeStep(page, label);
    await checks.check(page, 'the leadership election declared (national officer)');
    const { page: anon } = await newPerson(false);
    await anon.goto(`${server.url}/results`);
    await checks.check(anon, 'public results with the leadership election (signed out)');
    const card = (office: string) =>
      anon
        .locator('li.card')
        .filter({ hasText: `${TITLE}: ${office}` })
        .first();
    expect(await card(LEADER).textContent()).toContain(`Elected: ${cand.b.member.name}`);
    expect(await card(DEPUTY).textContent()).toContain(`Elected: ${cand.d.member.name}`);
    await card(LEADER).getByRole('link').first().click();
    await anon.waitForURL(/\/results\//);
    await checks.check(anon, 'leader results (signed out)');
    const text = (await anon.locator('main').textContent()) ?? '';
    expect(text).toContain(`Elected: ${cand.b.member.name}.`);
    // g (third) is excluded after the first stage and g's three go to b.
    expect(text).toContain(`Stage 1 to 2: 3 from ${cand.g.member.name} to ${cand.b.member.name}.`);
  });

  step('no page showed an internal to a person, and every page passed its checks', async () => {
    expect(checks.internals).toEqual([]);
    expect(checks.problems).toEqual([]);
  });
});
