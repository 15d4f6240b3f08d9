/**
 * Issue 13's invitations in real Chromium, through a real SMTP server: a national officer opens a
 * ballot in the browser; the server's outbox sends every eligible member an invitation as a real
 * MIME message; a member's invitation names the ballot, its close and its candidates, and carries a
 * one-time link (the same in the text and the HTML). The member follows it in a browser that has
 * never signed in, lands signed in in the ballot's booth, votes and reads the confirmation; the link
 * followed again is refused in plain words that offer the code instead. A member whose record says
 * Welsh gets the invitation in Welsh, and its link leads through a booth, review and confirmation in
 * Welsh. Last, the officer schedules a reminder for a minute or two ahead: it reaches members who have
 * not voted, and neither of the two who have.
 *
 * The server runs on the real clock, so a link used after its ballot has closed is refused in the
 * app's test (test/app/notices/invitations.test.ts), where the clock can be moved.
 *
 * Every page is screenshotted (test-artifacts/screenshots-invitations), scanned by axe-core and
 * measured at 320 px wide by the harness.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar.js';
import type { MemberId, ProcessId } from '../../src/domain/ids.js';
import { LABOUR_2021 } from '../../src/domain/presets.js';
import { fixedClock, isoDate, type IsoDate } from '../../src/domain/time.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';
import { startSmtp, type Arrived, type TestSmtp } from '../app/notices/smtp-server.js';
import { applyStep, freezeElectorate, openElection } from '../app/steps.js';
import {
  HustingsServer,
  PageChecker,
  ROOT,
  browserUnavailable,
  closeAll,
  eligibleVoters,
  ensureBuilt,
  hustingsOk,
  launchChromium,
  paperIn,
  person,
  rankInBooth,
  reviewAndCast,
  signIn,
  takeStep,
  today,
  type PaperCandidate,
} from './harness.js';

const unavailable = browserUnavailable();
if (unavailable !== null) console.warn(`NOTICE: ${unavailable}`);

const SCREENSHOTS = path.join(ROOT, 'test-artifacts', 'screenshots-invitations');
const TITLE = 'Treasurer 2027';
const morning = (d: IsoDate): string => `${d}T09:00:00.000Z`;
const LINK = /https?:\/\/[^\s"<>]+\/sign-in\/link\/[A-Za-z0-9_-]{43}[^\s"<>]*/;

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTHS_CY = ['Ionawr', 'Chwefror', 'Mawrth', 'Ebrill', 'Mai', 'Mehefin', 'Gorffennaf', 'Awst', 'Medi', 'Hydref', 'Tachwedd', 'Rhagfyr'];
/** "14 December 2026", or in Welsh "14 Rhagfyr 2026". */
const dayWords = (d: IsoDate, months: readonly string[]): string => {
  const [y, m, day] = d.split('-').map(Number) as [number, number, number];
  return `${day} ${months[m - 1]} ${y}`;
};

/** The English of the link page, booth, review and confirmation, none of which a Welsh reader should meet there. */
const ENGLISH = [
  'Sign in to vote',
  'Sign in and go to my ballot',
  'You followed the link',
  'Signed in as',
  'Voting closes at',
  'Rank the candidates',
  'Review my ballot',
  'Cast my ballot',
  'Ballot cast',
  'Your tracker code',
  'The whole party',
];

describe.skipIf(unavailable !== null)('invitations to vote, through real SMTP, in real Chromium', () => {
  let dir = '';
  let store: Store;
  let smtp: TestSmtp;
  let server: HustingsServer;
  let browser: Browser;
  let checks: PageChecker;
  const contexts: BrowserContext[] = [];
  let ballot: ProcessId;
  let officerEmail = '';
  let officerPage: Page;
  let candidates: string[] = [];
  /** An English reader, a Welsh reader, and a member who does not vote (for the reminder). */
  let english = '';
  let welsh = '';
  let idle = '';
  let englishLink = '';
  const T = isoDate(today());
  const closes = addDays(T, 7);

  const newPerson = async (javaScript: boolean): Promise<Page> => {
    const p = await checks.person(javaScript);
    contexts.push(p.context);
    return p.page;
  };

  /** The first message to arrive for `to` whose subject `wanted` accepts. */
  async function messageTo(to: string, wanted: (subject: string) => boolean, timeoutMs = 60_000): Promise<Arrived> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = smtp.arrived.find((a) => a.to.some((t) => t.toLowerCase() === to.toLowerCase()) && wanted(a.subject));
      if (m) return m;
      if (Date.now() > deadline) throw new Error(`no message to ${to} within ${timeoutMs / 1000} s; the server's console ends:\n${server.tail()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The one-time link in a message: from its text part, and the same in its HTML part's link. */
  function linkIn(m: Arrived): string {
    const link = LINK.exec(m.text ?? '')?.[0];
    expect(link, `a one-time link in the text of "${m.subject}"`).toBeDefined();
    expect(link!.startsWith(`${server.url}/sign-in/link/`)).toBe(true);
    const escaped = link!.replace(/&/g, '&amp;');
    expect(m.html).toContain(`<a href="${escaped}">`);
    return link!;
  }

  /**
   * Follows an invitation's link in a browser never signed in (with JavaScript): the link's page, in
   * the mail's language, whose button lands signed in in the ballot's booth, in that language too.
   */
  async function followToBooth(
    link: string,
    words: { readonly lang: string; readonly title: string; readonly button: string; readonly label: string },
  ): Promise<Page> {
    const page = await newPerson(true);
    await page.goto(link);
    await checks.check(page, `the invitation link${words.label}`);
    expect(await page.locator('html').getAttribute('lang')).toBe(words.lang);
    expect(await page.locator('h1').textContent()).toBe(words.title);
    await Promise.all([
      page.waitForURL((u) => u.pathname === `/ballots/${encodeURIComponent(ballot)}`),
      page.getByRole('button', { name: words.button }).click(),
    ]);
    await expect.poll(() => page.locator('.booth-enhanced').count()).toBe(1);
    await checks.check(page, `the booth${words.label}, reached by the link`);
    expect(await page.locator('html').getAttribute('lang')).toBe(words.lang);
    return page;
  }

  /** A part of the page's text (what is hidden too), its spaces and line breaks made single spaces. */
  const textOf = async (page: Page, part: 'main' | 'body'): Promise<string> => ((await page.locator(part).textContent()) ?? '').replace(/\s+/g, ' ');

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'hustings-invitations-'));
    const db = `sqlite:${path.join(dir, 'h.db')}`;
    // A small party (about 700 eligible): every invitation and reminder is a real message the test receives.
    await hustingsOk(['demo', '--members', '800', '--seed', '1', '--db', db]);
    store = await openStore(db);
    // A national election whose electorate was frozen yesterday, with three candidates, its ballot to open today.
    const clock = fixedClock(morning(addDays(T, -2)));
    const a = { store, clock, actor: 'test' };
    const opened = await openElection(
      a,
      LABOUR_2021,
      TITLE,
      { nominationsClose: addDays(T, -1), freezeDate: addDays(T, -1), ballotOpens: T, ballotCloses: closes },
      undefined,
      { seats: 1, method: 'irv', minWomen: null },
    );
    ballot = opened.id;
    const branches = await store.listUnits({ kind: 'branch' });
    const nominees: { id: MemberId; name: string; gender: string | null }[] = [];
    for await (const m of store.membersOf(branches.slice(0, 3).map((b) => b.id))) {
      if (nominees.length < 3 && m.statusHistory.length === 1) nominees.push({ id: m.id, name: m.name, gender: m.gender });
    }
    for (const m of nominees) await applyStep(a, ballot, 'internal-election', { type: 'nominate', name: m.name, gender: m.gender, member: m.id });
    candidates = nominees.map((n) => n.name);
    clock.set(morning(addDays(T, -1)));
    await freezeElectorate(a, ballot, 'internal-election');

    for (const o of (await store.listOffices()).filter((x) => x.role === 'national-officer')) {
      const p = await person(store, await store.getMember(o.member));
      if (p) {
        officerEmail = p.email;
        break;
      }
    }
    if (officerEmail === '') throw new Error('the demo party has no national officer who can sign in');
    [english, welsh, idle] = await eligibleVoters(store, ballot, 3);
    await store.setMemberLanguage((await store.memberByEmail(english))!.id, 'en');
    await store.setMemberLanguage((await store.memberByEmail(welsh))!.id, 'cy');

    smtp = await startSmtp();
    server = await HustingsServer.start(db, { HUSTINGS_ORGANISATION: 'The Party', HUSTINGS_CONTACT: 'ballots@party.example' }, { smtp });
    browser = await launchChromium();
    checks = new PageChecker(browser, server.url, SCREENSHOTS, { internals: true });
  }, 300_000);

  afterAll(async () => {
    if (checks) for (const p of checks.problems) console.log(p);
    await store?.close();
    await closeAll({ contexts, checks, browser, server, dir });
    await smtp?.close();
  }, 60_000);

  it('an officer opens the ballot in the browser (signing in with a code that came by SMTP)', async () => {
    officerPage = await newPerson(true);
    await signIn(officerPage, server, officerEmail);
    await officerPage.goto(`${server.url}/processes/${encodeURIComponent(ballot)}`);
    await takeStep(officerPage, 'Open the ballot');
    await checks.check(officerPage, 'the ballot opened');
    expect((await store.processDocument(ballot))?.state.phase).toBe('ballot-open');
  }, 120_000);

  it('the invitation arrives as a MIME message naming the ballot, its close and its candidates, with a one-time link', async () => {
    const m = await messageTo(english, (s) => s === `Your ballot is open: ${TITLE}`);
    expect(m.headers.get('content-type')).toMatch(/^multipart\/alternative/);
    const text = m.text!.replace(/\s+/g, ' ');
    expect(text).toContain(`Voting is open in ${TITLE}. It closes at midnight at the end of`);
    expect(text).toContain(dayWords(closes, MONTHS_EN));
    for (const name of candidates) expect(text).toContain(name);
    expect(text).toMatch(/The candidates are: [^.]+ and [^.]+\./);
    expect(text).toContain(`sign in at ${server.url}/sign-in with this email address, and we will send you a code`);
    expect(text).toContain('Questions? Contact ballots@party.example.');
    englishLink = linkIn(m);
    for (const name of candidates) expect(m.html).toContain(name);
  }, 120_000);

  it('the link, in a browser never signed in, lands signed in in the booth; the member votes and reads the confirmation', async () => {
    const page = await followToBooth(englishLink, { lang: 'en-GB', title: 'Sign in to vote', button: 'Sign in and go to my ballot', label: '' });
    const shown = await textOf(page, 'body');
    expect(shown).toContain(`Signed in as ${(await store.memberByEmail(english))!.name}.`);
    expect(shown).toContain(TITLE);
    const paper: PaperCandidate[] = await paperIn(page);
    expect(paper.map((c) => c.name).sort()).toEqual([...candidates].sort());
    const ranking = [paper[1]!, paper[0]!];
    await rankInBooth(page, ranking, true);
    const tracker = await reviewAndCast(page, ranking, (label) => checks.check(page, label).then(() => undefined));
    expect(await page.locator('h1').textContent()).toBe('Ballot cast');
    expect((await store.ballots(ballot)).find((b) => b.tracker === tracker)?.ranking).toEqual(ranking.map((c) => c.id));
  }, 180_000);

  it('the same link again, in another fresh browser, is refused in plain words that offer a code instead', async () => {
    const page = await newPerson(false);
    await page.goto(englishLink);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Sign in and go to my ballot' }).click(),
    ]);
    expect(response.status()).toBe(400);
    await page.waitForLoadState('load');
    await checks.check(page, 'the link used again');
    expect(await textOf(page, 'main')).toContain(
      'This link has been used already, has expired, or is not a link we sent. Sign in with your email address instead: we will send you a code.',
    );
    expect(await textOf(page, 'main')).not.toContain(TITLE);
    await Promise.all([page.waitForURL((u) => u.pathname === '/sign-in'), page.getByRole('link', { name: 'Sign in with a code' }).click()]);
    expect(await page.getByLabel('Email address').count()).toBe(1);
  }, 120_000);

  it('a member whose record says Welsh gets the invitation in Welsh, and its link leads through the booth in Welsh to the end', async () => {
    const m = await messageTo(welsh, (s) => s.includes(TITLE));
    expect(m.subject).toBe(`Mae eich pleidlais ar agor: ${TITLE}`);
    const text = m.text!.replace(/\s+/g, ' ');
    expect(text).toContain(`Mae’r bleidlais ar agor yn ${TITLE}. Mae’n cau am`);
    expect(text).toContain(dayWords(closes, MONTHS_CY));
    expect(text).toMatch(/Yr ymgeiswyr yw: [^.]+ a [^.]+\./);
    for (const name of candidates) expect(text).toContain(name);
    for (const sentence of ['Voting is open', 'The candidates are', 'To vote, open this link', 'It closes at']) expect(text).not.toContain(sentence);
    const link = linkIn(m);

    const page = await followToBooth(link, {
      lang: 'cy',
      title: 'Mewngofnodi i bleidleisio',
      button: 'Mewngofnodi a mynd at fy mhapur pleidleisio',
      label: ', in Welsh',
    });
    const booth = await textOf(page, 'body');
    expect(booth).toContain(`Wedi mewngofnodi fel ${(await store.memberByEmail(welsh))!.name}.`);
    expect(booth).toContain('Bydd y pleidleisio’n cau am');
    expect(booth).toContain(dayWords(closes, MONTHS_CY));
    expect(await page.locator('.booth-enhanced h2').textContent()).toBe('Rhowch yr ymgeiswyr yn nhrefn eich dewis');
    for (const sentence of ENGLISH) expect(booth).not.toContain(sentence);

    const paper: PaperCandidate[] = await paperIn(page);
    const ranking = [paper[2]!, paper[0]!];
    for (const c of ranking) await page.getByRole('button', { name: `Ychwanegu: ${c.name}` }).click();
    await Promise.all([page.waitForURL(/\/review$/), page.getByRole('button', { name: 'Adolygu fy mhleidlais' }).click()]);
    await checks.check(page, 'review, in Welsh');
    const review = await textOf(page, 'body');
    for (const sentence of ENGLISH) expect(review).not.toContain(sentence);
    expect((await page.locator('ol.review-list li').allTextContents()).map((t) => t.replace(/^\s*\d+\s*/, '').trim())).toEqual(ranking.map((c) => c.name));
    await Promise.all([page.waitForURL(/\/cast$/), page.getByRole('button', { name: 'Bwrw fy mhleidlais' }).click()]);
    await checks.check(page, 'ballot cast, in Welsh');
    expect(await page.locator('h1').textContent()).toBe('Pleidlais wedi’i bwrw');
    const cast = await textOf(page, 'body');
    for (const sentence of ENGLISH) expect(cast).not.toContain(sentence);
    const tracker = (await page.locator('.tracker code').textContent())!.trim();
    expect((await store.ballots(ballot)).find((b) => b.tracker === tracker)?.ranking).toEqual(ranking.map((c) => c.id));
  }, 180_000);

  it('a reminder the officer schedules reaches members who have not voted, and neither of the two who have', async () => {
    // The next whole minute at least ten seconds ahead, in the organisation's time (the demo's is Europe/London).
    const at = new Date(Math.ceil((Date.now() + 10_000) / 60_000) * 60_000);
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(at);
    await officerPage.goto(`${server.url}/processes/${encodeURIComponent(ballot)}/notices`);
    await officerPage.getByLabel('Day').fill(day);
    await officerPage.getByLabel('Time').fill(local);
    await Promise.all([officerPage.waitForURL(/\/notices$/), officerPage.getByRole('button', { name: 'Schedule the reminder' }).click()]);
    const flash = officerPage.locator('.flash');
    expect(await flash.getAttribute('class'), (await flash.textContent()) ?? '').toContain('flash-success');
    await checks.check(officerPage, 'a reminder scheduled');

    const subject = (s: string): boolean => s === `You have not voted yet: ${TITLE}` || s === `Nid ydych wedi pleidleisio eto: ${TITLE}`;
    // The member who has not voted gets one once it falls due …
    const reminder = await messageTo(idle, subject, 180_000);
    expect(reminder.subject).toBe(`You have not voted yet: ${TITLE}`);
    expect(reminder.text).toContain(`You have not yet voted in ${TITLE}.`);
    const sent = async () =>
      (await store.noticesOf(ballot)).find((n) => n.kind === 'ballot-reminder' && n.state !== 'scheduled' && n.sendAt === at.toISOString());
    await expect.poll(async () => (await sent())?.queued, { timeout: 60_000, interval: 250 }).toBe(0);
    const notice = (await sent())!;
    const reminded = smtp.arrived.filter((m) => subject(m.subject));
    expect(reminded).toHaveLength(notice.recipients);
    const invited = (await store.noticesOf(ballot)).find((n) => n.kind === 'ballot-invitation')!;
    // Everyone invited but those who voted above (each story's voter, unless their step failed) …
    const voted: string[] = [];
    for (const voter of [english, welsh]) if (await store.hasVoted(ballot, (await store.memberByEmail(voter))!.id)) voted.push(voter);
    expect(voted).toContain(english);
    expect(notice.recipients).toBe(invited.recipients - voted.length);
    // … who get none.
    for (const voter of voted) expect(reminded.filter((m) => m.to.some((t) => t.toLowerCase() === voter.toLowerCase()))).toEqual([]);
  }, 300_000);

  it('no page broke its accessibility checks, showed an internal, or logged a script error', () => {
    expect(checks.problems).toEqual([]);
    expect(checks.internals).toEqual([]);
    // The refused link answers 400, which Chromium logs as a failed resource.
    expect(checks.consoleErrors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
