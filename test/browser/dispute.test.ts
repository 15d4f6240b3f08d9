/**
 * A dispute that voids a branch's trigger-ballot meeting and orders it re-run, which changes the
 * outcome, in real Chromium against the real server: a national officer opens the review of a
 * seat's incumbent; some of its branches' secretaries record their meetings, one branch short of a
 * trigger, the last branch voting against; the procedures secretary closes it: readopted. A member of that
 * branch lodges a dispute about its meeting (no notice was sent); an administrator appoints the
 * disputes panel's chair, who upholds it, voiding the meeting and ordering it held again today: the
 * review reopens. The branch's secretary records the re-run meeting, which now wants a selection;
 * the review closes again: triggered, on the review's page. The member who lodged the dispute sees
 * the decision and its reasons; a member of another constituency sees the decision but not the
 * grounds. Every page is screenshotted, scanned by axe-core and measured at 320 px.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import type { ProcessId } from '../../src/domain/ids.js';
import type { Unit } from '../../src/domain/organisation.js';
import { LABOUR_2021 } from '../../src/domain/presets.js';
import type { TriggerBallotState } from '../../src/domain/processes/index.js';
import { evaluateTrigger } from '../../src/domain/trigger-outcome.js';
import { constituencyUnits } from '../../src/app/processes-under-way.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';
import {
  HustingsServer,
  PageChecker,
  SCREENSHOT_DIR,
  browserUnavailable,
  checkedStep,
  ensureBuilt,
  hustingsOk,
  launchChromium,
  person,
  signIn,
  takeStep,
  today,
  type Person,
  type Secretary,
} from './harness.js';

const unavailable = browserUnavailable();
if (unavailable !== null) console.warn(`NOTICE: ${unavailable}`);

const DEMO = ['--members', '10000', '--seed', '7'];
const GROUNDS = 'No notice of the meeting was sent to the members of the branch, as rule 5.II.3 requires.';
const REASONS = 'The branch sent no notice of its meeting; the meeting is void and must be held again, properly notified.';

describe.skipIf(unavailable !== null)('a dispute voids a branch’s meeting and the re-run changes the outcome', () => {
  let dir = '';
  let store: Store;
  let server: HustingsServer;
  let browser: Browser;
  let checks: PageChecker;
  const contexts: BrowserContext[] = [];

  let constituency: Unit;
  /** The branches' secretaries, the disputed branch's last. */
  let secretaries: Secretary[] = [];
  let officer: Person;
  let national: Person;
  let administrator: Person;
  let complainant: Person;
  let bystander: Person;
  let chair: Person;
  let reviewId: ProcessId;

  const newPage = async (): Promise<Page> => {
    const p = await checks.person(true);
    contexts.push(p.context);
    return p.page;
  };
  const step = (name: string, body: () => Promise<void>, timeoutMs = 300_000): void => checkedStep(() => checks, name, body, timeoutMs);
  const review = async () => (await store.getProcess(reviewId))!.state as TriggerBallotState;
  const disputed = () => secretaries[secretaries.length - 1]!;

  /** How many of the branches before the disputed one want a selection (the rest of them vote against). */
  let wanting = 0;

  /**
   * The fewest of `branches` (in order) to record meetings, and how many of all but the last want a
   * selection (the others voting against), such that the review is readopted when the last votes
   * against and triggered when it votes for, under Labour 2021, every other unit not meeting; null if none.
   */
  const planFor = (units: Awaited<ReturnType<typeof constituencyUnits>>, branches: readonly string[]): { n: number; yes: number } | null => {
    const outcome = (decision: (id: string) => 'yes' | 'no' | 'absent') =>
      evaluateTrigger(
        LABOUR_2021,
        units.map((u) => ({ unit: u.id, class: u.class, decision: decision(u.id), ...(u.affiliate === null ? {} : { affiliate: u.affiliate }) })),
      ).outcome;
    for (let n = 2; n <= branches.length; n++)
      for (let yes = 0; yes < n; yes++) {
        const before = (id: string) => {
          const i = branches.indexOf(id);
          return i < 0 || i >= n ? 'absent' : i < yes ? 'yes' : 'no';
        };
        const last = branches[n - 1]!;
        const against = outcome((id) => (id === last ? 'no' : before(id)));
        const wants = outcome((id) => (id === last ? 'yes' : before(id)));
        if (against === 'readopted' && wants === 'triggered') return { n, yes };
      }
    return null;
  };

  /** A secretary records their branch's meeting: `yes` wants a selection. */
  const recordMeeting = async (s: Secretary, yes: boolean, label?: string): Promise<void> => {
    const page = s.page ?? (await newPage());
    if (!s.page) {
      s.page = page;
      await signIn(page, server, s.email);
    }
    await page.goto(`${server.url}/units/${encodeURIComponent(s.unit.id)}`);
    await page.getByRole('link', { name: `Record the meeting of ${s.unit.name}:`, exact: false }).click();
    await page.waitForURL(/\/meeting$/);
    if (label) await checks.check(page, label);
    await page.getByLabel('Votes for a selection', { exact: true }).fill(yes ? '9' : '2');
    await page.getByLabel('Votes against a selection', { exact: true }).fill(yes ? '2' : '9');
    await page.getByLabel('Abstentions', { exact: true }).fill('0');
    await page.getByLabel('Members present', { exact: true }).fill('11');
    await Promise.all([page.waitForURL(/\/units\/[^/]+$/), page.getByRole('button', { name: 'Record the vote' }).click()]);
    expect(await page.locator('.flash').getAttribute('class')).toContain('flash-success');
  };

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(path.join(tmpdir(), 'hustings-dispute-'));
    const db = `sqlite:${path.join(dir, 'h.db')}`;
    await hustingsOk(['demo', ...DEMO, '--db', db]);
    store = await openStore(db);
    // The administrator is a member named in HUSTINGS_ADMINS: found before the server starts.
    const offices = await store.listOffices();
    for (const o of offices.filter((x) => x.role === 'scrutineer')) {
      const p = await person(store, await store.getMember(o.member));
      if (p) {
        administrator = p;
        break;
      }
    }
    server = await HustingsServer.start(db, { HUSTINGS_ADMINS: administrator.member.id });
    browser = await launchChromium();
    checks = new PageChecker(browser, server.url);
  }, 300_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await checks?.close().catch(() => undefined);
    if (checks) {
      console.log(`dispute story: ${checks.checks.length} pages checked, ${checks.problems.length} with problems; screenshots in ${SCREENSHOT_DIR}`);
      for (const p of checks.problems) console.log(p);
    }
    await browser?.close().catch(() => undefined);
    if (server) {
      await server.stop();
      writeFileSync(path.join(SCREENSHOT_DIR, 'dispute-server-console.txt'), server.console());
    }
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  step('finds a seat whose deciding branches have secretaries who sign in, a procedures secretary, a national officer and two members', async () => {
    const processes = await store.listProcesses();
    const offices = await store.listOffices();
    const officers = new Set(offices.map((o) => o.member));
    for (const inc of await store.listIncumbents()) {
      const busy = processes.some(
        (p) =>
          p.constituency === inc.constituency &&
          ((p.kind === 'trigger-ballot' && (p.state as TriggerBallotState).phase === 'open') ||
            (p.kind === 'selection' && (p.state as { phase: string }).phase !== 'declared')),
      );
      if (inc.suspended || busy) continue;
      const units = await constituencyUnits(store, inc.constituency);
      const found: Secretary[] = [];
      for (const b of await store.listUnits({ kind: 'branch', parent: inc.constituency })) {
        const o = offices.find((x) => x.role === 'secretary' && x.unit === b.id);
        const p = o ? await person(store, await store.getMember(o.member)) : null;
        if (p && !found.some((f) => f.member.id === p.member.id)) found.push({ ...p, unit: b });
      }
      // The branches whose meetings decide it, as the rulebook counts them, each with a secretary who signs in.
      const plan = planFor(
        units,
        found.map((f) => f.unit.id),
      );
      const po = offices.find((x) => x.role === 'procedures-secretary' && x.unit === inc.constituency);
      const proc = po ? await person(store, await store.getMember(po.member)) : null;
      if (plan === null || !proc) continue;
      const chosen = found.slice(0, plan.n);
      wanting = plan.yes;
      // A member of the last branch, who holds no office, lodges the dispute.
      let member: Person | null = null;
      for await (const m of store.membersOf([chosen[chosen.length - 1]!.unit.id])) {
        if (officers.has(m.id) || m.id === inc.member) continue;
        member = await person(store, m);
        if (member) break;
      }
      if (!member) continue;
      constituency = (await store.getUnit(inc.constituency))!;
      secretaries = chosen;
      officer = proc;
      complainant = member;
      break;
    }
    expect(constituency, 'a seat that fits the story').toBeDefined();
    for (const o of offices.filter((x) => x.role === 'national-officer')) {
      const p = await person(store, await store.getMember(o.member));
      if (p && offices.filter((x) => x.member === p.member.id).length === 1) {
        national = p;
        break;
      }
    }
    // The panel's chair and a bystander: members elsewhere who hold no office.
    const elsewhere = (await store.listUnits({ kind: 'branch' })).filter((u) => u.parent !== constituency.id).map((u) => u.id);
    const found: Person[] = [];
    for await (const m of store.membersOf(elsewhere.slice(0, 20))) {
      if (officers.has(m.id) || m.id === administrator.member.id) continue;
      const p = await person(store, m);
      if (p) found.push(p);
      if (found.length === 2) break;
    }
    [chair, bystander] = found as [Person, Person];
    expect(national && chair && bystander).toBeTruthy();
  });

  step('the review opens; branches meet, one short of a trigger; the last votes against; closed: readopted', async () => {
    const page = await newPage();
    await signIn(page, server, national.email);
    await page.goto(`${server.url}/constituencies/${encodeURIComponent(constituency.id)}`);
    const incumbent = (await store.getIncumbent(constituency.id))!;
    await page.getByRole('link', { name: `Open a trigger ballot on ${incumbent.name}` }).click();
    await page.waitForURL(/\/trigger-ballots\/new$/);
    await page.getByLabel('Last day for unit meetings', { exact: true }).fill(today());
    await Promise.all([page.waitForURL(/\/processes\/[^/]+$/), page.getByRole('button', { name: 'Open the trigger ballot' }).click()]);
    reviewId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!) as ProcessId;

    for (const [i, s] of secretaries.entries()) await recordMeeting(s, i < wanting, i === 0 ? 'trigger meeting form' : undefined);

    const po = await newPage();
    await signIn(po, server, officer.email);
    await po.goto(`${server.url}/processes/${encodeURIComponent(reviewId)}`);
    await takeStep(po, 'Close the trigger ballot');
    await checks.check(po, 'review closed: readopted');
    expect((await review()).phase).toBe('readopted');
    expect(await po.locator('main').textContent()).toMatch(/readopted/i);
  });

  step('a member of the branch lodges a dispute about its meeting', async () => {
    const page = await newPage();
    await signIn(page, server, complainant.email);
    await page.goto(`${server.url}/processes/${encodeURIComponent(reviewId)}/disputes`);
    await checks.check(page, 'disputes page (a member, before lodging)');
    await page.getByLabel('What it is about', { exact: true }).selectOption({ label: `The meeting of ${disputed().unit.name}` });
    await page.getByLabel('Grounds', { exact: true }).fill(GROUNDS);
    await page.getByLabel('Evidence (optional)', { exact: true }).fill('The branch’s mailing list shows no notice was sent.');
    await Promise.all([page.waitForURL(/\/disputes$/), page.getByRole('button', { name: 'Lodge the dispute' }).click()]);
    expect(await page.locator('.flash').textContent()).toContain('Dispute 1 is lodged');
    await checks.check(page, 'disputes page (a member, dispute lodged)');
    expect((await review()).disputes?.[0]).toMatchObject({ subject: { kind: 'unit-meeting', unit: disputed().unit.id }, role: 'member' });
  });

  step('an administrator appoints the panel’s chair, who upholds the dispute: the meeting is void and the review reopens', async () => {
    const admin = await newPage();
    await signIn(admin, server, administrator.email);
    await admin.goto(`${server.url}/admin/disputes-panel`);
    await admin.getByLabel('Member number', { exact: true }).fill(chair.member.id);
    await admin.getByLabel('Make chair of the panel', { exact: true }).check();
    await Promise.all([admin.waitForURL(/\/admin\/disputes-panel$/), admin.getByRole('button', { name: 'Save the change' }).click()]);
    await checks.check(admin, 'disputes panel (administrator)');
    expect(await admin.locator('main').textContent()).toContain(`${chair.member.name} (chair)`);

    const page = await newPage();
    await signIn(page, server, chair.email);
    await page.goto(`${server.url}/processes/${encodeURIComponent(reviewId)}/disputes`);
    await checks.check(page, 'disputes page (the panel’s chair)');
    expect(await page.locator('main').textContent()).toContain(GROUNDS);
    const form = page.locator('section.dispute');
    await form.getByLabel('Upheld', { exact: true }).check();
    await form.getByLabel('Reasons', { exact: true }).fill(REASONS);
    await form.getByLabel("Void a unit's meeting and order it held again", { exact: true }).check();
    await form.getByLabel('Unit whose meeting is void', { exact: true }).selectOption({ label: disputed().unit.name });
    await form.getByLabel('Date', { exact: true }).fill(today());
    await Promise.all([page.waitForURL(/\/disputes$/), form.getByRole('button', { name: 'Record the decision' }).click()]);
    expect(await page.locator('.flash').textContent()).toContain('Dispute 1 is upheld. The review is open again until the unit meets.');
    await checks.check(page, 'disputes page (decision recorded)');
    const s = await review();
    expect(s.phase).toBe('open');
    expect(s.outcome).toBeNull();
    expect(s.units.find((u) => u.id === disputed().unit.id)?.result).toBeNull();
    const logged = (await store.auditEntries({ types: ['trigger.dispute-decided'] })).map((e) => e.data);
    expect(logged).toEqual([expect.objectContaining({ process: reviewId, outcome: 'upheld', reasons: REASONS })]);
  });

  step('the branch’s secretary records the re-run meeting, which wants a selection; closed again: triggered', async () => {
    await recordMeeting(disputed(), true, 'trigger meeting form (the re-run)');
    const po = await newPage();
    await signIn(po, server, officer.email);
    await po.goto(`${server.url}/processes/${encodeURIComponent(reviewId)}`);
    await takeStep(po, 'Close the trigger ballot');
    await checks.check(po, 'review closed again: triggered');
    const s = await review();
    expect(s.phase).toBe('triggered');
    expect(s.units.find((u) => u.id === disputed().unit.id)?.voided).toHaveLength(1);
    expect(await po.locator('main').textContent()).toMatch(/triggered/i);
  });

  step('the member who lodged it sees the decision and its reasons; a member elsewhere sees the decision, not the grounds', async () => {
    const page = await newPage();
    await signIn(page, server, complainant.email);
    await page.goto(`${server.url}/processes/${encodeURIComponent(reviewId)}/disputes`);
    await checks.check(page, 'disputes page (the member who lodged it, decided)');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Upheld by the disputes panel.');
    expect(text).toContain(REASONS);
    expect(text).toContain(GROUNDS);
    expect(text).toContain(`The meeting of ${disputed().unit.name} is void`);

    const other = await newPage();
    await signIn(other, server, bystander.email);
    await other.goto(`${server.url}/processes/${encodeURIComponent(reviewId)}/disputes`);
    await checks.check(other, 'disputes page (a member elsewhere)');
    const seen = (await other.locator('main').textContent()) ?? '';
    expect(seen).toContain('Upheld by the disputes panel.');
    expect(seen).not.toContain(GROUNDS);
  });
});
