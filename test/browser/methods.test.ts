/**
 * An election of every counting method the web app can run, in real Chromium
 * against the real server: for each method a national officer opens an
 * internal election on the web with that method (several seats where the
 * method fills several; a minimum of women for the Droop-quota STV of Labour's
 * NEC), nominates four candidates on its page, freezes the electorate and opens
 * the ballot; five members vote in the booth (three with its script, two
 * without); the officer closes the ballot, runs the count and declares the
 * result. Then the results page, its CSV, JSON and BLT downloads and the
 * bulletin board are fetched: each answers 200, names the winners that the
 * counting library gives for the same ballots (counted here, independently of
 * the server), raises no "tell the scrutineers" alarm, has no WCAG 2.1 A/AA
 * violation and does not scroll sideways at 320 px.
 *
 * One server, one browser, one sign-in per person: the seven elections run side
 * by side, and each voter votes in all of them. Each election's ballots are
 * chosen so that no tie arises (the test checks), so the winners do not depend
 * on the lot. Screenshots go to a temporary directory, named in the output.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { election, ranksOf, type Election } from '../../src/count/ballots.js';
import { count, methodById } from '../../src/count/methods/index.js';
import type { OptionValue } from '../../src/count/options.js';
import type { MemberId, ProcessId } from '../../src/domain/ids.js';
import type { InternalElectionState } from '../../src/domain/processes/index.js';
import { parseBlt } from '../../src/formats/blt.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';
import { andList } from '../../src/web/views/common.js';
import {
  HustingsServer,
  PageChecker,
  browserUnavailable,
  ensureBuilt,
  hustingsOk,
  launchChromium,
  signIn,
  stepSection,
  checkedStep,
  takeStep,
} from './harness.js';

const unavailable = browserUnavailable();
if (unavailable !== null) console.warn(`NOTICE: ${unavailable}`);

/** A small party: a national officer and enough members for the electorate, judged in moments. */
const DEMO = ['--members', '1000', '--seed', '3'];
const SCREENSHOTS = path.join(tmpdir(), 'hustings-methods-screenshots');

/** Every election's ballot paper, in this order: A and C are women, B and D men, so a minimum of women has someone to protect. */
const PAPER = [
  { letter: 'A', name: 'Ann Ward', gender: 'woman' },
  { letter: 'B', name: 'Bob Hale', gender: 'man' },
  { letter: 'C', name: 'Cath Lee', gender: 'woman' },
  { letter: 'D', name: 'Dev Shah', gender: 'man' },
] as const;

interface Case {
  readonly method: string;
  readonly seats: number;
  readonly minWomen: number;
  /** The five voters' ballots, by letter, first choice first. */
  readonly ballots: readonly string[];
}

/** One election per counting method; the comment says what the ballots make happen. */
const CASES: readonly Case[] = [
  // A has 3 of 5 first marks.
  { method: 'plurality', seats: 1, minWomen: 0, ballots: ['A', 'B', 'A', 'C', 'A'] },
  // Two marks at most: A 3, B 3, C 2, D 1.
  { method: 'block', seats: 2, minWomen: 0, ballots: ['A B', 'A C', 'B', 'A D', 'C B'] },
  // A 2, B 2, C 1: C is excluded and B wins on C's transfer.
  { method: 'irv', seats: 1, minWomen: 0, ballots: ['A', 'A B', 'B', 'B C', 'C B'] },
  // A passes the quota of 2 at once; D's exclusion elects C.
  { method: 'stv-scottish', seats: 2, minWomen: 0, ballots: ['A B', 'A C', 'A', 'C B', 'D C'] },
  { method: 'stv-ers97', seats: 2, minWomen: 0, ballots: ['A B', 'A B', 'A C', 'C', 'D C'] },
  { method: 'stv-meek', seats: 2, minWomen: 0, ballots: ['B A', 'B A', 'B C', 'C D', 'D C'] },
  // Without the minimum B and D (two men) are elected; at least one woman must be, so C takes D's place.
  { method: 'stv-droop', seats: 2, minWomen: 1, ballots: ['B D', 'B D', 'B D', 'D B', 'C A'] },
];
const VOTERS = 5;
/** The second and fourth voters have no JavaScript. */
const withoutJs = (i: number): boolean => i === 1 || i === 3;

const today = (): string => new Date().toISOString().slice(0, 10);

/** The winners, in order of election, that the counting library gives for `ballots` (letters), and its record of ties. */
function expectedCount(c: Case, ballots: readonly (readonly string[])[]): { winners: string[]; ties: number } {
  return countedWinners(paperElection(c, ballots), c);
}

/** The ballots (candidate names, first choice first) as the counting library takes them. */
function paperElection(c: Case, ballots: readonly (readonly string[])[]): Election {
  return election({
    candidates: PAPER.map((p) => ({ name: p.name, attributes: { gender: p.gender } })),
    seats: c.seats,
    ballots: ballots.map((names) => ({ ranks: names.map((n) => PAPER.findIndex((p) => p.name === n)) })),
  });
}

/** A case's ballots as candidate names. */
const byName = (c: Case): string[][] => c.ballots.map((b) => b.split(' ').map((l) => PAPER.find((p) => p.letter === l)!.name));

function countedWinners(e: Election, c: Case): { winners: string[]; ties: number } {
  const options: Record<string, OptionValue> = { seats: c.seats };
  if (c.minWomen > 0) options.minimum = `gender=woman:${c.minWomen}`;
  const record = count(e, c.method, options);
  return { winners: record.elected.map((i) => e.candidates[i].name), ties: record.events.filter((ev) => ev.type === 'tie').length };
}

interface Running {
  readonly c: Case;
  readonly id: ProcessId;
  /** Candidate id on the ballot paper, by name. */
  readonly ids: ReadonlyMap<string, string>;
  readonly cast: { names: string[]; tracker: string }[];
}

describe.skipIf(unavailable !== null)('an election of every counting method, counted and published through the web app in real Chromium', () => {
  let dir = '';
  let store: Store;
  let server: HustingsServer;
  let browser: Browser;
  let checks: PageChecker;
  let officer: Page;
  let anonymous: Page;
  const contexts: BrowserContext[] = [];
  const running: Running[] = [];

  const newPerson = async (javaScript: boolean): Promise<{ context: BrowserContext; page: Page }> => {
    const p = await checks.person(javaScript);
    contexts.push(p.context);
    return p;
  };

  const step = (name: string, body: () => Promise<void>, timeoutMs = 240_000): void => checkedStep(() => checks, name, body, timeoutMs);

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'hustings-methods-'));
    const db = `sqlite:${path.join(dir, 'h.db')}`;
    await hustingsOk(['demo', ...DEMO, '--db', db]);
    store = await openStore(db);
    server = await HustingsServer.start(db);
    browser = await launchChromium();
    checks = new PageChecker(browser, server.url, SCREENSHOTS);
  }, 180_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await checks?.close().catch(() => undefined);
    if (checks) {
      console.log(
        `every method: ${checks.checks.length} pages checked, ${checks.problems.length} with problems; screenshots and ${checks.writeSummary()} in ${SCREENSHOTS}`,
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

  it('the cases cover every counting method, and their ballots elect without a tie', () => {
    expect(CASES.map((c) => c.method).sort()).toEqual(['block', 'irv', 'plurality', 'stv-droop', 'stv-ers97', 'stv-meek', 'stv-scottish']);
    for (const c of CASES) {
      expect(c.ballots).toHaveLength(VOTERS);
      expect(expectedCount(c, byName(c)).ties, c.method).toBe(0);
    }
    // Where a minimum of women is set, it changes the outcome, so the test sees it enforced.
    const droop = CASES.find((c) => c.minWomen > 0)!;
    expect(countedWinners(paperElection(droop, byName(droop)), { ...droop, minWomen: 0 }).winners).toEqual(['Bob Hale', 'Dev Shah']);
    expect(expectedCount(droop, byName(droop)).winners).toEqual(['Bob Hale', 'Cath Lee']);
  });

  step('a national officer opens an election of each method on the web, nominates four candidates, freezes the electorate and opens the ballot', async () => {
    const offices = await store.listOffices();
    const national = offices.find((o) => o.role === 'national-officer')!;
    const member = (await store.getMember(national.member))!;
    expect((await store.memberByEmail(member.email!))?.id, 'the national officer signs in with their own email').toBe(member.id);
    ({ page: officer } = await newPerson(true));
    await signIn(officer, server, member.email!);

    const d = today();
    for (const [k, c] of CASES.entries()) {
      const name = methodById(c.method).name;
      await officer.goto(`${server.url}/elections/new`);
      await officer.getByLabel('Title', { exact: true }).fill(`${name} committee`);
      await officer.getByLabel('Seats', { exact: true }).fill(String(c.seats));
      await officer.getByLabel(name, { exact: true }).check();
      await officer.getByLabel('Minimum of women', { exact: true }).fill(String(c.minWomen));
      for (const label of ['Nominations close', 'Freeze date', 'Ballot opens', 'Ballot closes']) await officer.getByLabel(label, { exact: true }).fill(d);
      if (k === CASES.length - 1) await checks.check(officer, 'open an internal election, filled in');
      await Promise.all([officer.waitForURL(/\/processes\/[^/]+$/), officer.getByRole('button', { name: 'Open the election' }).click()]);
      expect(await officer.locator('.flash').getAttribute('class'), (await officer.locator('.flash').textContent()) ?? '').toContain('flash-success');
      const id = decodeURIComponent(new URL(officer.url()).pathname.split('/').pop()!) as ProcessId;

      for (const p of PAPER) {
        await takeStep(officer, 'Nominate a candidate', async (section) => {
          await section.getByLabel('Candidate’s name', { exact: true }).fill(p.name);
          await section.getByLabel('Gender (optional)', { exact: true }).fill(p.gender);
        });
        expect(await officer.locator('.flash').textContent()).toContain(`${p.name} is nominated`);
      }
      if (k === CASES.length - 1) await checks.check(officer, 'election with four candidates nominated');
      await takeStep(officer, 'Freeze the electorate');
      await takeStep(officer, 'Open the ballot');
      // Nominating is still listed, but disabled with its reason: the ballot is open.
      expect(await stepSection(officer, 'Nominate a candidate').locator('button:not([disabled])').count()).toBe(0);

      const s = (await store.getProcess(id))!.state as InternalElectionState;
      expect([s.phase, s.method, s.seats, s.minWomen]).toEqual(['ballot-open', c.method, c.seats, c.minWomen > 0 ? c.minWomen : null]);
      expect(s.candidates.map((x) => [x.name, x.gender])).toEqual(PAPER.map((p) => [p.name, p.gender]));
      running.push({ c, id, ids: new Map(s.candidates.map((x) => [x.name, x.id])), cast: [] });
    }
  });

  step('five members vote in every election in the booth: three with its script, two without', async () => {
    expect(running).toHaveLength(CASES.length);
    const officers = new Set((await store.listOffices()).map((o) => o.member as string));
    const voters: { member: MemberId; email: string }[] = [];
    for (const e of await store.electorate(running[0].id)) {
      if (!e.eligible || officers.has(e.member)) continue;
      const m = await store.getMember(e.member);
      if (m?.email && (await store.memberByEmail(m.email))?.id === m.id) voters.push({ member: m.id, email: m.email });
      if (voters.length === VOTERS) break;
    }
    expect(voters).toHaveLength(VOTERS);

    const seen = new Set<string>();
    const checkOnce = async (page: Page, label: string): Promise<void> => {
      if (seen.has(label)) return;
      seen.add(label);
      await checks.check(page, label);
    };
    for (const [i, voter] of voters.entries()) {
      const javaScript = !withoutJs(i);
      const mode = javaScript ? 'with JavaScript' : 'without JavaScript';
      const { context, page } = await newPerson(javaScript);
      await signIn(page, server, voter.email);
      for (const r of running) {
        const names = byName(r.c)[i];
        const marksOnly = r.c.method === 'block' || r.c.method === 'plurality';
        await page.goto(`${server.url}/ballots/${encodeURIComponent(r.id)}`);
        if (javaScript) {
          await expect.poll(() => page.locator('.booth-enhanced').count()).toBe(1);
          for (const n of names) await page.getByRole('button', { name: `Add: ${n}` }).click();
          const order = await page
            .locator('ol.booth-ranked li[data-id]')
            .evaluateAll((lis) => lis.map((li) => (li as unknown as { dataset: { id: string } }).dataset.id));
          expect(order).toEqual(names.map((n) => r.ids.get(n)));
          // With as many marks as block vote or plurality allows, the script offers no more.
          const max = r.c.method === 'block' ? r.c.seats : r.c.method === 'plurality' ? 1 : null;
          if (max !== null && names.length === max) {
            for (const add of await page.getByRole('button', { name: /^Add: / }).all()) expect(await add.isDisabled()).toBe(true);
          }
        } else {
          for (const [k, n] of names.entries()) await page.getByLabel(`Rank for ${n}`, { exact: true }).fill(String(k + 1));
        }
        await checkOnce(page, `booth ${marksOnly ? `(${r.c.method}) ` : ''}${mode}`);
        await Promise.all([page.waitForURL(/\/review$/), page.getByRole('button', { name: 'Review my ballot' }).click()]);
        await checkOnce(page, `review ${mode}`);
        const reviewed = (await page.locator('ol.review-list li').allTextContents()).map((t) => t.replace(/^\s*\d+\s*/, '').trim());
        expect(reviewed).toEqual(names);
        await Promise.all([page.waitForURL(/\/cast$/), page.getByRole('button', { name: 'Cast my ballot' }).click()]);
        const tracker = (await page.locator('.tracker code').textContent())!.trim();
        expect(tracker).toMatch(/^[A-Z2-9]{4}(-[A-Z2-9]{4}){4}$/);
        r.cast.push({ names, tracker });
      }
      await context.close();
    }
    for (const r of running) {
      expect(await store.turnout(r.id)).toBe(VOTERS);
      const stored = (await store.ballots(r.id)).map((b) => `${b.tracker}:${b.ranking.join(',')}`).sort();
      expect(stored, r.c.method).toEqual(r.cast.map((x) => `${x.tracker}:${x.names.map((n) => r.ids.get(n)).join(',')}`).sort());
    }
  });

  step('the officer closes each ballot, runs the count and declares the result: the winners are those the counting library gives', async () => {
    for (const r of running) {
      await officer.goto(`${server.url}/processes/${encodeURIComponent(r.id)}`);
      await takeStep(officer, 'Close the ballot');
      await takeStep(officer, 'Run the count');
      await takeStep(officer, 'Declare the result');
      const s = (await store.getProcess(r.id))!.state as InternalElectionState;
      expect(s.phase).toBe('declared');
      expect(
        s.declaration!.elected.map((x) => x.name),
        r.c.method,
      ).toEqual(
        expectedCount(
          r.c,
          r.cast.map((x) => x.names),
        ).winners,
      );
    }
    await checks.check(officer, 'election declared');
    ({ page: anonymous } = await newPerson(false));
  });

  for (const c of CASES) {
    step(`${c.method}: the results page, its CSV, JSON and BLT and the bulletin board answer 200, name the winners and raise no alarm`, async () => {
      const r = running.find((x) => x.c === c)!;
      expect(r, 'the election was opened and counted').toBeDefined();
      const { winners, ties } = expectedCount(
        c,
        r.cast.map((x) => x.names),
      );
      expect(ties).toBe(0);
      const url = `${server.url}/results/${encodeURIComponent(r.id)}`;

      const response = await officer.goto(url);
      const main = (await officer.locator('main').textContent()) ?? '';
      expect(main).not.toMatch(/tell the scrutineers/i);
      expect(response?.status(), main.slice(0, 400)).toBe(200);
      expect(main).toContain(`Elected: ${andList(winners)}.`);
      // Block vote and plurality count in one stage: nothing moves, so there is no diagram of transfers; the rest draw one.
      const oneStage = c.method === 'block' || c.method === 'plurality';
      expect(await officer.locator('figure.sankey-figure svg').count()).toBe(oneStage ? 0 : 1);
      if (oneStage) expect(main).toContain('no votes moved');
      await checks.check(officer, `results ${c.method}`);

      const request = officer.context().request;
      const csv = await request.get(`${url}/count.csv`);
      expect(csv.status()).toBe(200);
      const csvText = await csv.text();
      for (const w of winners) expect(csvText).toContain(w);

      const json = await request.get(`${url}/count.json`);
      expect(json.status()).toBe(200);
      const urcvt = (await json.json()) as { results: { tallyResults: { elected?: string }[] }[] };
      expect(
        urcvt.results
          .flatMap((x) => x.tallyResults.map((t) => t.elected))
          .filter(Boolean)
          .sort(),
      ).toEqual([...winners].sort());

      // The published ballots are the ballots cast, and counted again here they elect the same.
      const blt = await request.get(`${url}/ballots.blt`);
      expect(blt.status()).toBe(200);
      const published = parseBlt(await blt.text(), 'ballots.blt');
      const rankings: string[] = [];
      for (let i = 0; i < published.ballots.size; i++) {
        const ranking = ranksOf(published.ballots, i)
          .map((rank) => rank.map((x) => published.candidates[x].name).join('='))
          .join(' > ');
        for (let w = 0n; w < published.ballots.weights[i]; w++) rankings.push(ranking);
      }
      expect(rankings.sort()).toEqual(r.cast.map((x) => x.names.join(' > ')).sort());
      const withGender = {
        ...published,
        candidates: published.candidates.map((x) => ({ name: x.name, attributes: { gender: PAPER.find((p) => p.name === x.name)!.gender } })),
      };
      expect(countedWinners(withGender, c).winners).toEqual(winners);

      // The bulletin board, as anyone without JavaScript sees it.
      const board = await anonymous.goto(`${url}/board`);
      const boardText = (await anonymous.locator('main').textContent()) ?? '';
      expect(board?.status(), boardText.slice(0, 400)).toBe(200);
      expect(boardText).not.toMatch(/tell the scrutineers/i);
      expect(boardText).toContain(`${winners.join(', ')} elected.`);
      for (const x of r.cast) expect(boardText).toContain(x.tracker);
      await checks.check(anonymous, `board ${c.method} (no JavaScript)`);
      expect((await anonymous.context().request.get(`${url}/board.json`)).status()).toBe(200);
    });
  }

  step('no page logged a script error', async () => {
    expect(checks.consoleErrors).toEqual([]);
  });
});
