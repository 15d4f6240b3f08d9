/**
 * The whole story of issue 4 in real Chromium, against the real server in a
 * child process: three unit secretaries record trigger votes that trigger a
 * selection; the selection is opened, the secretaries nominate, an officer
 * longlists, shortlists, freezes the electorate and opens the ballot; twenty
 * members sign in and vote (eight in a browser context without JavaScript,
 * typing numbers into the boxes; twelve with the booth's script, ranking with
 * the keyboard); the ballot closes, the count runs, the result is declared,
 * and the results page shows the winner and the Sankey diagram.
 *
 * Every page visited is screenshotted (test-artifacts/screenshots), scanned by
 * axe-core for WCAG 2.1 A/AA violations and measured at 320 px wide — each page
 * once for each kind of visitor: the twenty voters go through the same five
 * pages, so the first voter with JavaScript and the first without are checked
 * on each of them, and the other eighteen are not scanned again. Every page of
 * every visitor is watched for script errors and refused resources.
 *
 * Every step is taken in the browser: a national officer finds the seat on the
 * constituencies page and opens the review (the trigger ballot), and opens a
 * national internal election besides; the procedures
 * secretary opens the selection from the constituency page; three members
 * apply to stand from their "Stand for selection" page. The demo party is
 * generated for today, and the story's timetable is all today, because the
 * server runs on the real clock.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { election } from '../../src/count/ballots.js';
import { count } from '../../src/count/methods/index.js';
import type { MemberId, ProcessId, UnitId } from '../../src/domain/ids.js';
import type { Unit } from '../../src/domain/organisation.js';
import type { SelectionState, TriggerBallotState } from '../../src/domain/processes/index.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';
import {
  HustingsServer,
  PageChecker,
  browserUnavailable,
  ensureBuilt,
  hustingsOk,
  launchChromium,
  rankInBooth,
  reviewAndCast,
  signIn,
  takeStep,
  SCREENSHOT_DIR,
  checkedStep,
  findApplicants,
  person,
  today,
  type Person,
  type Secretary,
} from './harness.js';

const unavailable = browserUnavailable();
if (unavailable !== null) console.warn(`NOTICE: ${unavailable}`);

/** Enough members for the demo to hold a seat with an incumbent and no process under way (10,000 members: 12 constituencies, 4 incumbents). */
const DEMO = ['--members', '10000', '--seed', '7'];
const VOTERS = 20;
/** Which voters have no JavaScript: 8 of the 20, spread through the list. */
const withoutJs = (i: number): boolean => i % 5 < 2;

/**
 * The twenty ballots, by shortlist position (A is the first candidate on the
 * paper, …). First preferences A 7, B 6, C 4, D 3: D is excluded (2 to C, 1 to
 * B: A 7, B 7, C 6), then C (3 to B, 1 to A, 1 with no further choice, and
 * D→C→B's to B): A 8, B 11, 1 exhausted. B wins although A led the first round.
 */
const BALLOTS: readonly string[] = [
  'A',
  'B',
  'C B',
  'D C B',
  'A B',
  'B A',
  'A C',
  'C B A',
  'B C',
  'D C',
  'A',
  'B A C',
  'C B',
  'A D',
  'B',
  'D B',
  'A B C',
  'C A',
  'B C D',
  'A',
];

describe.skipIf(unavailable !== null)('the whole story in real Chromium', () => {
  let dir = '';
  let db = '';
  let store: Store;
  let server: HustingsServer;
  let browser: Browser;
  let checks: PageChecker;
  const contexts: BrowserContext[] = [];

  // What the story finds and makes, step by step.
  let constituency: Unit;
  let secretaries: Secretary[] = [];
  let officer: Person;
  let national: Person;
  let triggerId: ProcessId;
  let selectionId: ProcessId;
  let officerPage: Page;
  let paper: { id: string; name: string }[] = [];
  const cast: { ranking: string[]; tracker: string; javaScript: boolean }[] = [];
  /** Pages expected to answer with an error status (their "Failed to load resource" console line is expected). */
  const expectedErrorUrls = new Set<string>();

  const newPerson = async (javaScript: boolean): Promise<{ context: BrowserContext; page: Page }> => {
    const p = await checks.person(javaScript);
    contexts.push(p.context);
    return p;
  };

  const step = (name: string, body: () => Promise<void>, timeoutMs = 300_000): void => checkedStep(() => checks, name, body, timeoutMs);

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'hustings-browser-'));
    db = `sqlite:${path.join(dir, 'h.db')}`;
    await hustingsOk(['demo', ...DEMO, '--db', db]);
    store = await openStore(db);
    server = await HustingsServer.start(db);
    browser = await launchChromium();
    checks = new PageChecker(browser, server.url);
  }, 300_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await checks?.close().catch(() => undefined);
    if (checks) {
      console.log(
        `browser story: ${checks.checks.length} pages checked, ${checks.problems.length} with problems; screenshots and ${path.relative(process.cwd(), checks.writeSummary())} in ${path.relative(process.cwd(), SCREENSHOT_DIR)}`,
      );
      for (const p of checks.problems) console.log(p);
    }
    await browser?.close().catch(() => undefined);
    if (server) {
      const exit = await server.stop();
      writeFileSync(path.join(SCREENSHOT_DIR, 'server-console.txt'), server.console());
      if (exit.code !== 0 && exit.signal === null) console.warn(`hustings serve exited ${exit.code}`);
    }
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  step(
    'finds a seat in the demo party: an incumbent with no process under way, three branch secretaries, a procedures secretary and a national officer',
    async () => {
      const processes = await store.listProcesses();
      const busy = (c: UnitId): boolean =>
        processes.some(
          (p) =>
            p.constituency === c &&
            ((p.kind === 'trigger-ballot' && (p.state as TriggerBallotState).phase === 'open') ||
              (p.kind === 'selection' && (p.state as SelectionState).phase !== 'declared')),
        );
      const offices = await store.listOffices();
      const tried: string[] = [];
      for (const inc of await store.listIncumbents()) {
        if (busy(inc.constituency) || inc.suspended) {
          tried.push(`${inc.constituency}: busy or exempt`);
          continue;
        }
        const seat = await store.getUnit(inc.constituency);
        const branches = await store.listUnits({ kind: 'branch', parent: inc.constituency });
        const found: Secretary[] = [];
        for (const b of branches) {
          const o = offices.find((x) => x.role === 'secretary' && x.unit === b.id);
          const p = o ? await person(store, await store.getMember(o.member)) : null;
          // One branch each (they may also answer for affiliated branches), so the nav's "My unit" is this branch.
          const branchOffices = offices.filter((x) => x.member === p?.member.id && x.role === 'secretary' && branches.some((y) => y.id === x.unit));
          if (p && branchOffices.length === 1 && offices.every((x) => x.member !== p.member.id || x.role === 'secretary')) found.push({ ...p, unit: b });
          if (found.length === 3) break;
        }
        const po = offices.find((x) => x.role === 'procedures-secretary' && x.unit === inc.constituency);
        const proc = po ? await person(store, await store.getMember(po.member)) : null;
        if (seat && found.length === 3 && proc) {
          constituency = seat;
          secretaries = found;
          officer = proc;
          break;
        }
        tried.push(`${inc.constituency}: ${found.length} branch secretaries with their own email, procedures secretary ${proc ? 'found' : 'missing'}`);
      }
      expect(constituency, `no seat fits the story (${tried.join('; ')})`).toBeDefined();
      for (const o of offices.filter((x) => x.role === 'national-officer')) {
        const p = await person(store, await store.getMember(o.member));
        if (p && offices.filter((x) => x.member === p.member.id).length === 1) {
          national = p;
          break;
        }
      }
      expect(national, 'a national officer who signs in with their own email').toBeDefined();
    },
  );

  step('a national officer finds the seat and opens the trigger ballot, closing today, then opens an internal election', async () => {
    const { page } = await newPerson(true);
    await signIn(page, server, national.email);
    await page.getByRole('link', { name: 'Constituencies', exact: true }).click();
    await page.waitForURL(/\/constituencies$/);
    await checks.check(page, 'constituencies (national officer)');
    await page.getByLabel('Constituency or region name contains').fill(constituency.name);
    await Promise.all([page.waitForURL(/\/constituencies\?q=/), page.getByRole('button', { name: 'Filter' }).click()]);
    await page.getByRole('link', { name: constituency.name, exact: true }).click();
    await page.waitForURL(/\/constituencies\/[^/?]+$/);
    await checks.check(page, 'constituency page (national officer)');

    const incumbent = (await store.getIncumbent(constituency.id))!;
    await page.getByRole('link', { name: `Open a trigger ballot on ${incumbent.name}` }).click();
    await page.waitForURL(/\/trigger-ballots\/new$/);
    await checks.check(page, 'open a trigger ballot');
    // The form names the rulebook in force (there is no choice in a live form), and six weeks; the story's units meet today, so the officer closes it today.
    expect(await page.locator('main').textContent()).toContain('It runs under Labour 2021, the rulebook in force.');
    await page.getByLabel('Last day for unit meetings', { exact: true }).fill(today());
    await Promise.all([page.waitForURL(/\/processes\/[^/]+$/), page.getByRole('button', { name: 'Open the trigger ballot' }).click()]);
    const flash = (await page.locator('.flash').textContent()) ?? '';
    expect(flash).toContain(`the review of ${incumbent.name} in ${constituency.name}, under Labour 2021`);
    await checks.check(page, 'trigger ballot opened (national officer)');

    triggerId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!) as ProcessId;
    const tb = (await store.getProcess(triggerId))!.state as TriggerBallotState;
    expect(tb.phase).toBe('open');
    expect(tb.mode).toBe('trigger-ballot');
    expect(tb.closes).toBe(today());
    const opening = (await store.auditEntries({ newestFirst: true, limit: 20 })).filter(
      (e) => e.type === 'trigger.opened' && (e.data as { process?: string }).process === triggerId,
    );
    expect(opening.map((e) => e.actor)).toEqual([national.member.id]);

    // The same officer opens a national internal election from the elections page, on its default timetable.
    await page.getByRole('link', { name: 'Internal elections', exact: true }).click();
    await page.waitForURL(/\/elections$/);
    await page.getByRole('link', { name: 'Open an internal election' }).click();
    await page.waitForURL(/\/elections\/new$/);
    await checks.check(page, 'open an internal election');
    await page.getByLabel('Title', { exact: true }).fill('Conference Arrangements Committee');
    await Promise.all([page.waitForURL(/\/processes\/[^/]+$/), page.getByRole('button', { name: 'Open the election' }).click()]);
    expect(await page.locator('.flash').textContent()).toContain(
      'Conference Arrangements Committee, under Labour 2021: 9 seats counted by STV with a Droop quota, at least 4 women',
    );
    await checks.check(page, 'internal election opened');
  });

  step('three unit secretaries sign in and record meetings that want a selection', async () => {
    for (const [i, s] of secretaries.entries()) {
      // The second secretary's browser has no JavaScript: every form works without it.
      const javaScript = i !== 1;
      const mode = javaScript ? '' : ' (no JavaScript)';
      const { context, page } = await newPerson(javaScript);
      s.context = context;
      s.page = page;
      await signIn(page, server, s.email, i < 2 ? checks : undefined, i < 2 ? mode : '');
      expect(new URL(page.url()).pathname).toBe('/');
      if (i === 0) await checks.check(page, 'what needs you now (a unit secretary)');

      await page.getByRole('link', { name: `My unit: ${s.unit.name}`, exact: true }).click();
      await expect.poll(() => new URL(page.url()).pathname).toBe(`/units/${encodeURIComponent(s.unit.id)}`);
      if (i < 2) await checks.check(page, `unit page${mode}`);

      await page.getByRole('link', { name: `Record the meeting of ${s.unit.name}:`, exact: false }).click();
      await page.waitForURL(/\/meeting$/);
      if (i < 2) await checks.check(page, `trigger meeting form${mode}`);
      expect(await page.getByLabel('Date of the meeting', { exact: true }).inputValue()).toBe(today());
      await page.getByLabel('Votes for a selection', { exact: true }).fill(String(7 + i));
      await page.getByLabel('Votes against a selection', { exact: true }).fill('2');
      await page.getByLabel('Abstentions', { exact: true }).fill('1');
      await page.getByLabel('Members present', { exact: true }).fill(String(10 + i));
      await Promise.all([page.waitForURL(/\/units\/[^/]+$/), page.getByRole('button', { name: 'Record the vote' }).click()]);
      expect(await page.locator('.flash').textContent()).toContain(`${7 + i} for, 2 against`);
      if (i < 2) await checks.check(page, `unit page after recording${mode}`);
    }
    const tb = (await store.getProcess(triggerId))!.state as TriggerBallotState;
    expect(
      tb.units
        .filter((u) => u.result?.kind === 'meeting')
        .map((u) => u.id)
        .sort(),
    ).toEqual(secretaries.map((s) => s.unit.id).sort());

    // A secretary may follow their constituency's progress: three branches want a selection.
    const page = secretaries[2].page!;
    await page.goto(`${server.url}/constituencies/${encodeURIComponent(constituency.id)}`);
    await checks.check(page, 'constituency progress (a unit secretary)');
    expect(await page.getByText('Wants a selection').count()).toBeGreaterThanOrEqual(3);
  });

  step('the procedures secretary closes the trigger ballot: a selection is triggered', async () => {
    const { page } = await newPerson(true);
    officerPage = page;
    await signIn(page, server, officer.email);
    await page.getByRole('link', { name: `Constituency: ${constituency.name}`, exact: true }).click();
    await page.waitForURL(/\/constituencies\//);
    await checks.check(page, 'constituency progress (procedures secretary)');

    await page.goto(`${server.url}/processes/${encodeURIComponent(triggerId)}`);
    await checks.check(page, 'trigger ballot (procedures secretary)');
    await takeStep(page, 'Close the trigger ballot');
    await checks.check(page, 'trigger ballot closed');
    const closed = (await store.getProcess(triggerId))!.state as TriggerBallotState;
    expect(closed.phase, JSON.stringify({ outcome: closed.outcome, units: closed.units.map((u) => [u.id, u.result]) })).toBe('triggered');
    expect(await page.locator('main').textContent()).toMatch(/triggered/i);
  });

  step('the selection opens; the secretaries nominate; the officer longlists, shortlists, freezes the electorate and opens the ballot', async () => {
    // The procedures secretary opens it from the constituency page, on today's timetable: it follows the review just closed.
    const d = today();
    const page = officerPage;
    await page.goto(`${server.url}/constituencies/${encodeURIComponent(constituency.id)}`);
    await page.getByRole('link', { name: 'Open a selection', exact: true }).click();
    await page.waitForURL(/\/selections\/new$/);
    const incumbentName = (await store.getIncumbent(constituency.id))!.name;
    expect(await page.locator('main').textContent()).toContain(`It follows the triggered review of ${incumbentName}`);
    for (const label of ['Applications close', 'Nominations close', 'Freeze date', 'Ballot opens', 'Ballot closes'])
      await page.getByLabel(label, { exact: true }).fill(d);
    await checks.check(page, 'open a selection (procedures secretary)');
    await Promise.all([page.waitForURL(/\/processes\/[^/]+$/), page.getByRole('button', { name: 'Open the selection' }).click()]);
    expect(await page.locator('.flash').textContent()).toContain(`It follows the trigger ballot: ${incumbentName} stands`);
    selectionId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!) as ProcessId;
    expect(((await store.getProcess(selectionId))!.state as SelectionState).followsTrigger).toBe(triggerId);

    // Applicants: members of the seat's branches holding no office, current today and eligible to vote at the freeze date (today),
    // who sign in with their own email: two women and a man, besides the incumbent. They apply from their own page.
    const branchUnits = await store.listUnits({ kind: 'branch', parent: constituency.id });
    const branches = branchUnits.map((u) => u.id);
    const officers = new Set((await store.listOffices()).map((o) => o.member as string));
    const incumbent = (await store.getIncumbent(constituency.id))!;
    const applicants = await findApplicants(store, branches, new Set([...officers, incumbent.member ?? '']), d);
    expect(applicants).toHaveLength(3);
    for (const [i, a] of applicants.entries()) {
      // The second applicant has no JavaScript.
      const javaScript = i !== 1;
      const mode = javaScript ? '' : ' (no JavaScript)';
      const { context, page: p } = await newPerson(javaScript);
      await signIn(p, server, a.email);
      await p.getByRole('link', { name: 'Stand for selection', exact: true }).click();
      await p.waitForURL(/\/candidacies$/);
      if (i < 2) await checks.check(p, `stand for selection${mode}`);
      await p.getByRole('link', { name: /^Apply to stand/ }).click();
      await p.waitForURL(/\/apply$/);
      if (i < 2) await checks.check(p, `apply to stand${mode}`);
      await p.getByLabel(/^I wish to stand/).check();
      await Promise.all([p.waitForURL(/\/candidacies$/), p.getByRole('button', { name: 'Apply to stand' }).click()]);
      expect(await p.locator('.flash').textContent()).toContain('You have applied to stand');
      if (i === 0) await checks.check(p, 'stand for selection after applying');
      await context.close();
    }
    const applied = ((await store.getProcess(selectionId))!.state as SelectionState).candidates;
    expect(
      applied
        .filter((c) => !c.incumbent)
        .map((c) => c.member)
        .sort(),
    ).toEqual(applicants.map((a) => a.member.id).sort());

    const processUrl = `${server.url}/processes/${encodeURIComponent(selectionId)}`;
    await page.goto(processUrl);
    // Each application by name, and how it stands; no member number where a person reads.
    const applications = (await page.locator('main').textContent()) ?? '';
    for (const a of applicants) {
      expect(applications).toContain(a.member.name);
      expect(applications).not.toContain(a.member.id);
    }
    await checks.check(page, 'selection taking applications');
    await takeStep(page, 'Close applications');

    // Each secretary records their unit's nominations (the second, again, without JavaScript).
    const standing = ((await store.getProcess(selectionId))!.state as SelectionState).candidates;
    const woman = standing.filter((c) => c.gender === 'woman').map((c) => c.name);
    const choices = [[standing[0].name], [woman[0], standing.find((c) => c.gender === 'man')!.name], [woman[woman.length - 1]]];
    for (const [i, s] of secretaries.entries()) {
      const p = s.page!;
      const mode = i === 1 ? ' (no JavaScript)' : '';
      await p.goto(`${server.url}/units/${encodeURIComponent(s.unit.id)}`);
      await p.getByRole('link', { name: `Record nominations of ${s.unit.name}:`, exact: false }).click();
      await p.waitForURL(/\/nominations$/);
      if (i < 2) await checks.check(p, `nominations form${mode}`);
      for (const name of new Set(choices[i])) await p.getByLabel(name).check();
      await Promise.all([p.waitForURL(/\/units\/[^/]+$/), p.getByRole('button', { name: 'Record the nominations' }).click()]);
      expect(await p.locator('.flash').textContent()).toContain('nominations are recorded');
    }
    expect(((await store.getProcess(selectionId))!.state as SelectionState).nominations).toHaveLength(3);

    await page.goto(processUrl);
    await checks.check(page, 'selection taking nominations');
    const tickAll = async (section: Locator) => {
      for (const box of await section.getByRole('checkbox').all()) await box.check();
    };
    await takeStep(page, 'Set the longlist', tickAll);
    await checks.check(page, 'selection longlisted');
    await takeStep(page, 'Set the shortlist', tickAll);
    await takeStep(page, 'Freeze the electorate');
    await checks.check(page, 'selection with its electorate frozen');
    await takeStep(page, 'Open the ballot');
    await checks.check(page, 'selection ballot open');

    const s = (await store.getProcess(selectionId))!.state as SelectionState;
    expect(s.phase).toBe('ballot-open');
    paper = s.shortlist!.map((id) => ({ id, name: s.candidates.find((c) => c.id === id)!.name }));
    expect(paper).toHaveLength(4);
  });

  step('twenty members vote: eight without JavaScript in the number boxes, twelve with the keyboard in the script booth', async () => {
    const s = (await store.getProcess(selectionId))!.state as SelectionState;
    const officers = new Set((await store.listOffices()).map((o) => o.member as string));
    const standing = new Set(s.candidates.map((c) => c.member).filter((m): m is MemberId => m !== null));
    const voters: Person[] = [];
    for (const e of await store.electorate(selectionId)) {
      if (!e.eligible || officers.has(e.member) || standing.has(e.member)) continue;
      const p = await person(store, await store.getMember(e.member));
      if (p) voters.push(p);
      if (voters.length === VOTERS) break;
    }
    expect(voters).toHaveLength(VOTERS);

    const seen = new Set<string>();
    /** Checks a page the first time each kind of voter reaches it. */
    const checkOnce = async (page: Page, label: string): Promise<void> => {
      if (seen.has(label)) return;
      seen.add(label);
      await checks.check(page, label);
    };

    for (const [i, voter] of voters.entries()) {
      const javaScript = !withoutJs(i);
      const mode = javaScript ? ' (voter, JavaScript)' : ' (voter, no JavaScript)';
      const ranking = BALLOTS[i].split(' ').map((letter) => paper['ABCD'.indexOf(letter)]);
      const { context, page } = await newPerson(javaScript);
      await signIn(page, server, voter.email, seen.has(`what needs you now${mode}`) ? undefined : checks, mode);
      await checkOnce(page, `what needs you now${mode}`);
      await page.getByRole('link', { name: `Vote in ${s.title}` }).click();
      await page.waitForURL(/\/ballots\/[^/]+$/);
      await checkOnce(page, `booth${mode}`);

      // With the script the boxes give way to a list ranked with the keyboard; without it, numbers go in the boxes.
      await rankInBooth(page, ranking, javaScript);
      await checkOnce(page, javaScript ? 'booth ranked with the keyboard' : 'booth filled in without JavaScript');
      const tracker = await reviewAndCast(page, ranking, (label) => checkOnce(page, `${label}${mode}`));
      cast.push({ ranking: ranking.map((c) => c.id), tracker, javaScript });

      if (i === VOTERS - 1) {
        // Afterwards: "Voted" on my ballots, and the booth refuses a second ballot.
        await page.goto(`${server.url}/ballots`);
        expect(await page.getByText('Voted', { exact: true }).count()).toBe(1);
        await checks.check(page, 'my ballots after voting');
        const again = `${server.url}/ballots/${encodeURIComponent(selectionId)}`;
        expectedErrorUrls.add(again);
        const response = await page.goto(again);
        expect(response?.status()).toBe(409);
        expect(await page.locator('main').textContent()).toContain('already voted');
        await checks.check(page, 'booth refused after voting');
        await page.getByRole('link', { name: 'My eligibility' }).click();
        await page.waitForURL(/\/eligibility$/);
        await checks.check(page, 'my eligibility');
      }
      await context.close();
    }
    expect(cast.filter((c) => !c.javaScript)).toHaveLength(8);
    expect(await store.turnout(selectionId)).toBe(VOTERS);
    expect(new Set(cast.map((c) => c.tracker)).size).toBe(VOTERS);
    // What was stored is what was cast, ballot for ballot (in no particular order).
    const stored = (await store.ballots(selectionId)).map((b) => `${b.tracker}:${b.ranking.join(',')}`).sort();
    expect(stored).toEqual(cast.map((c) => `${c.tracker}:${c.ranking.join(',')}`).sort());
  });

  step('the ballot closes, the count runs, the result is declared, and the results page shows the winner and the Sankey', async () => {
    const page = officerPage;
    await page.goto(`${server.url}/processes/${encodeURIComponent(selectionId)}`);
    expect(await page.locator('main').textContent()).toContain(String(VOTERS));
    await takeStep(page, 'Close the ballot');
    await checks.check(page, 'selection ballot closed');
    await takeStep(page, 'Run the count');
    await checks.check(page, 'selection counted');
    await takeStep(page, 'Declare the result');
    await checks.check(page, 'selection declared');

    // The winner the counting engine gives for the ballots the voters cast.
    const names = paper.map((c) => c.name);
    const record = count(
      election({ candidates: names, seats: 1, ballots: cast.map((c) => ({ ranks: c.ranking.map((id) => paper.findIndex((p) => p.id === id)) })) }),
      'irv',
    );
    const winner = names[record.elected[0]];
    expect(winner).toBe(paper[1].name);

    await page.locator('main').getByRole('link', { name: 'Results' }).click();
    await page.waitForURL(/\/results\//);
    await checks.check(page, 'results (procedures secretary)');

    // Results are public: someone signed out, without JavaScript, sees the same.
    const { context, page: anon } = await newPerson(false);
    const url = `${server.url}/results/${encodeURIComponent(selectionId)}`;
    // A journalist, signed out, finds it from the public results index in the navigation.
    await anon.goto(`${server.url}/sign-in`);
    await anon.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Results' }).click();
    await anon.waitForURL(/\/results$/);
    await checks.check(anon, 'public results index (signed out, no JavaScript)');
    expect(await anon.locator('main').textContent()).toContain(`Elected: ${winner}`);
    const title = ((await store.getProcess(selectionId))!.state as SelectionState).title;
    await anon
      .locator('main')
      .getByRole('link', { name: `Full results of ${title}` })
      .click();
    await anon.waitForURL(url);
    await checks.check(anon, 'results (signed out, no JavaScript)');
    for (const p of [page, anon]) {
      expect(await p.locator('main').textContent()).toContain(`Elected: ${winner}.`);
      const sankey = p.locator('figure.sankey-figure svg');
      expect(await sankey.count()).toBe(1);
      expect(await sankey.locator('path').count()).toBeGreaterThan(0);
      expect(await sankey.boundingBox()).not.toBeNull();
    }

    // The downloads: the anonymised ballots recount to the same winner with the command line.
    const blt = await context.request.get(`${url}/ballots.blt`);
    expect(blt.status()).toBe(200);
    const bltFile = path.join(dir, 'published.blt');
    writeFileSync(bltFile, await blt.text());
    const recount = JSON.parse(await hustingsOk(['count', bltFile, '--method', 'irv', '--format', 'urcvt'])) as {
      results: { tallyResults: { elected?: string }[] }[];
    };
    expect(recount.results.flatMap((r) => r.tallyResults.map((t) => t.elected)).filter(Boolean)).toEqual([winner]);
    for (const file of ['count.csv', 'count.json']) expect((await context.request.get(`${url}/${file}`)).status()).toBe(200);

    // A voter finds their ballot by the tracker code the booth gave them.
    const mine = cast[3];
    await anon.goto(`${url}/tracker`);
    await anon.getByLabel('Tracker code').fill(mine.tracker);
    // Posted, so the code is in no address (history, proxy logs).
    await Promise.all([
      anon.waitForResponse((r) => r.request().method() === 'POST' && /\/tracker$/.test(r.url())),
      anon.getByRole('button', { name: 'Find my ballot' }).click(),
    ]);
    await anon.locator('.panel-success').waitFor();
    expect(anon.url()).not.toContain(mine.tracker);
    await checks.check(anon, 'tracker code found (no JavaScript)');
    const found = await anon.locator('.panel-success ol li').allTextContents();
    expect(found.map((t) => t.trim())).toEqual(mine.ranking.map((id) => paper.find((p) => p.id === id)!.name));
  });

  step('the development outbox page lists the codes sent, and no page logged a script error or a refused resource', async () => {
    const { page } = await newPerson(true);
    await page.goto(`${server.url}/dev/outbox`);
    await checks.check(page, 'development outbox');
    const last = server
      .mails()
      .filter((m) => m.code !== null)
      .at(-1)!;
    expect(await page.locator('main').textContent()).toContain(last.code!);

    const unexpected = checks.consoleErrors.filter((e) => ![...expectedErrorUrls].some((u) => e.startsWith(`${u}: Failed to load resource`)));
    expect(unexpected).toEqual([]);
    // The screenshots are where the report says.
    expect(readFileSync(checks.checks[0].screenshots[0]).subarray(1, 4).toString()).toBe('PNG');
  });
});
