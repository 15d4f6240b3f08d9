/**
 * Disputes about a review on the web: an administrator appoints the disputes panel and its chair; a
 * member of the review's constituency lodges a dispute about a unit's meeting (a form with a problem
 * is kept, the problem beside its field); a member outside it may not; the chair upholds it and voids
 * the meeting, which the review then shows as not recorded; the party appeals, and the national
 * officers decide. Grounds are shown to the parties and the panel, never to a bystander.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../src/domain/calendar.js';
import type { UnitId } from '../../../src/domain/ids.js';
import type { Member } from '../../../src/domain/organisation.js';
import type { TriggerBallotState } from '../../../src/domain/processes/index.js';
import { publishedDecisions } from '../../../src/web/server/dispute-routes.js';
import { publishedDecisionsPage } from '../../../src/web/views/results.js';
import { LABOUR_2018, LABOUR_2021 } from '../../../src/domain/presets.js';
import { openLeadershipElection } from '../../../src/app/leadership.js';
import { applyAsSupporter, decideSupporterApplication, setSupporterWindow, supporterElection } from '../../../src/app/supporters.js';
import { lodgeDispute } from '../../../src/app/disputes.js';
import { localDate } from '../../../src/domain/local-time.js';
import { DISPUTE_REMEDY_KINDS } from '../../../src/domain/rulebook.js';
import type { DisputedDocument } from '../../../src/app/disputes.js';
import type { ProcessId } from '../../../src/domain/ids.js';
import { checkAccessibleStructure } from '../views/html-check.js';
import { buildWorld, Client, type World } from './fixture.js';

let world: World;
/** A member of a branch in the review's constituency, and one of a branch elsewhere. */
let insider: Member;
let bystander: Member;
/** A unit of the review that has recorded its meeting. */
let recorded: { id: string; name: string };

beforeAll(async () => {
  world = await buildWorld();
  const units = await world.store.listUnits();
  const inReview = new Set(units.filter((u) => u.constituency === world.trigger.constituency).map((u) => u.id));
  const first = async (branches: readonly UnitId[], ok: (m: Member) => boolean): Promise<Member> => {
    for await (const m of world.store.membersOf(branches)) if (ok(m)) return m;
    throw new Error('no such member in the demo party');
  };
  const branches = units.filter((u) => u.kind === 'branch');
  insider = await first(
    branches.filter((u) => inReview.has(u.id)).map((u) => u.id),
    (m) => m.email !== null,
  );
  bystander = await first(
    branches.filter((u) => !inReview.has(u.id)).map((u) => u.id),
    (m) => m.email !== null && m.id !== world.people.outsider.member!.id,
  );
  const state = (await world.store.getProcess(world.trigger.id))!.state as TriggerBallotState;
  const unit = state.units.find((u) => u.result !== null);
  if (!unit) throw new Error('the sample review has no unit that has recorded its meeting');
  recorded = { id: unit.id, name: unit.name };
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

const url = () => `/processes/${world.trigger.id}/disputes`;
const as = (m: Member) => new Client(world).actAs(m);
const review = async () => (await world.store.getProcess(world.trigger.id))!.state as TriggerBallotState;

describe('disputes about a review', () => {
  it('an administrator appoints the panel and its chair, and each change is audited', async () => {
    const admin = await as(world.people.administrator.member!);
    const page = await admin.get('/admin/disputes-panel');
    expect(page.status).toBe(200);
    checkAccessibleStructure(page.text);
    expect(page.text).toContain('No one sits on the panel yet.');
    const bad = await admin.post('/admin/disputes-panel', { member: 'no-such-member', change: 'appoint' });
    expect(bad.status).toBe(404);
    expect(bad.text).toContain('value="no-such-member"');
    const chair = world.people.outsider.member!;
    expect((await admin.post('/admin/disputes-panel', { member: chair.id, change: 'appoint-chair' })).status).toBe(303);
    expect((await admin.post('/admin/disputes-panel', { member: world.people.scrutineer.member!.id, change: 'appoint' })).status).toBe(303);
    const after = await admin.get('/admin/disputes-panel');
    expect(after.text).toContain(`${chair.name} (chair)`);
    const audit = await world.store.auditEntries({ types: ['disputes.panel-changed'] });
    expect(audit.map((e) => (e.data as { change: string }).change)).toEqual(expect.arrayContaining(['made chair', 'appointed']));
  });

  it('a member of the constituency lodges a dispute; a problem is kept beside its field; a member elsewhere may not', async () => {
    const me = await as(insider);
    const page = await me.get(url());
    expect(page.status).toBe(200);
    checkAccessibleStructure(page.text);
    expect(page.text).toContain('Lodge a dispute');
    expect(page.text).toContain(`The meeting of ${recorded.name}`);
    const missing = await me.post(url(), { about: `unit:${recorded.id}`, grounds: '', evidence: 'The minutes.' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Say which rule was broken, and how.');
    expect(missing.text).toContain('The minutes.');
    const lodged = await me.post(url(), { about: `unit:${recorded.id}`, grounds: 'Half the branch was not told of the meeting.', evidence: 'The minutes.' });
    expect(lodged.status, lodged.text.slice(0, 300)).toBe(303);
    expect((await review()).disputes?.[0]).toMatchObject({ role: 'member', subject: { kind: 'unit-meeting', unit: recorded.id }, lodgedBy: insider.id });

    const other = await as(bystander);
    const refused = await other.post(url(), { about: 'process', grounds: 'I object.' });
    expect(refused.status).toBe(403);
    expect((await review()).disputes).toHaveLength(1);
    // A bystander sees that a dispute was lodged and what it is about, not its grounds.
    const seen = await other.get(url());
    expect(seen.text).toContain(`Dispute 1: the meeting of ${recorded.name}`);
    expect(seen.text).not.toContain('Half the branch was not told');
    expect(seen.text).not.toContain('Lodge a dispute');
  });

  it('only the chair records the decision; upheld with a re-run, the meeting is void and the review shows it as not recorded', async () => {
    const officer = await as(world.people.nationalOfficer.member!);
    const notChair = await officer.post(`${url()}/1/decision`, { outcome: 'upheld', reasons: 'x' });
    expect(notChair.status).toBe(403);
    const chair = await as(world.people.outsider.member!);
    const page = await chair.get(url());
    expect(page.text).toContain('Half the branch was not told');
    expect(page.text).toContain('Record the decision');
    const today = world.clock.now().toISOString().slice(0, 10);
    const noUnit = await chair.post(`${url()}/1/decision`, {
      outcome: 'upheld',
      reasons: 'No notice.',
      remedy: 'void-unit-result',
      'remedy-date': addDays(today as never, 14),
    });
    expect(noUnit.status).toBe(400);
    expect(noUnit.text).toContain('Choose the unit whose meeting is void.');
    expect(noUnit.text).toContain('No notice.');
    const past = await chair.post(`${url()}/1/decision`, {
      outcome: 'upheld',
      reasons: 'No notice.',
      remedy: 'void-unit-result',
      'remedy-unit': recorded.id,
      'remedy-date': addDays(today as never, -3),
    });
    expect(past.status).toBe(422);
    expect(past.text).toContain('a day still to come');
    expect((await review()).units.find((u) => u.id === recorded.id)!.result).not.toBeNull();
    const upheld = await chair.post(`${url()}/1/decision`, {
      outcome: 'upheld',
      reasons: 'No notice was sent to half the branch.',
      remedy: 'void-unit-result',
      'remedy-unit': recorded.id,
      'remedy-date': addDays(today as never, 14),
    });
    expect(upheld.status, upheld.text.slice(0, 300)).toBe(303);
    const s = await review();
    expect(s.units.find((u) => u.id === recorded.id)!.result).toBeNull();
    expect(s.units.find((u) => u.id === recorded.id)!.voided).toHaveLength(1);
    expect(s.phase).toBe('open');
    const audit = await world.store.auditEntries({ types: ['trigger.dispute-decided'] });
    expect(audit[0]?.data).toMatchObject({ outcome: 'upheld', remedy: expect.stringContaining('is void and must be held again by') });
    const again = await chair.post(`${url()}/1/decision`, { outcome: 'dismissed', reasons: 'Changed my mind.' });
    expect(again.status).toBe(409);
  });

  it('a party appeals; a bystander may not; the national officers decide the appeal', async () => {
    const other = await as(bystander);
    expect((await other.post(`${url()}/1/appeal`, { 'appeal-grounds': 'I disagree.' })).status).toBe(403);
    const me = await as(insider);
    const empty = await me.post(`${url()}/1/appeal`, { 'appeal-grounds': '' });
    expect(empty.status).toBe(400);
    expect((await me.post(`${url()}/1/appeal`, { 'appeal-grounds': 'The remedy should have been a fresh timetable for every unit.' })).status).toBe(303);
    const officer = await as(world.people.nationalOfficer.member!);
    const page = await officer.get(url());
    expect(page.text).toContain('The decision on the appeal');
    const decided = await officer.post(`${url()}/1/appeal-decision`, { outcome: 'dismissed', reasons: 'The panel’s remedy was proportionate.' });
    expect(decided.status).toBe(303);
    const shown = await me.get(url());
    expect(shown.text).toContain('The appeal was dismissed.');
    expect((await review()).disputes?.[0]?.appeal?.decision?.outcome).toBe('dismissed');
  });

  it('speaks Welsh to a party to the dispute who chose it: its progress, the decision and the lodging form', async () => {
    const me = await as(insider);
    expect((await me.get(`/language?to=cy&next=${encodeURIComponent(url())}`)).status).toBe(303);
    const page = await me.get(url());
    expect(page.text).toContain('<html lang="cy">');
    checkAccessibleStructure(page.text);
    for (const words of [
      'Anghydfodau ynghylch',
      'Cyflwynwyd ar',
      'gan aelod',
      'Gwrthodwyd yr apêl.',
      'Penderfyniad y panel',
      'Y penderfyniad ar yr apêl',
      'Cyflwyno anghydfod',
      'Yr adolygiad cyfan',
      'Pa reol a dorrwyd, a sut.',
      'Cyflwyno’r anghydfod',
    ])
      expect(page.text, words).toContain(words);
    for (const english of ['Lodge a dispute', 'The appeal was dismissed.', 'Waiting for the disputes panel', 'Back to'])
      expect(page.text, english).not.toContain(english);
    // The words of what the dispute is about and of a remedy are English, and marked so.
    expect(page.text).toMatch(/<span lang="en-GB">the meeting of /);
  });
});

describe('disputes about a selection', () => {
  const selUrl = () => `/processes/${world.voting.id}/disputes`;

  it('a member left out of the electorate lodges one; the chair restores them, who are then in the electorate; an unknown member is refused beside its field', async () => {
    const entries = await world.store.electorate(world.voting.id as never);
    const units = await world.store.listUnits();
    const left = [];
    for (const e of entries.filter((x) => !x.eligible)) {
      const m = await world.store.getMember(e.member);
      const branch = units.find((u) => u.id === m?.branch);
      if (m && branch?.constituency === world.voting.constituency) left.push(m);
      if (left.length > 0) break;
    }
    const member = left[0]!;
    expect(member, 'a member of the constituency left out of the electorate').toBeDefined();
    const me = await as(member);
    const page = await me.get(selUrl());
    expect(page.status).toBe(200);
    checkAccessibleStructure(page.text);
    expect(page.text).toContain('I was left out of the electorate');
    const lodged = await me.post(selUrl(), { about: 'left-out', grounds: 'My membership was renewed before the freeze date.' });
    expect(lodged.status, lodged.text.slice(0, 300)).toBe(303);

    const chair = await as(world.people.outsider.member!);
    const form = await chair.get(selUrl());
    expect(form.text).toContain('Restore a member to the electorate');
    expect(form.text).toContain('Reinstate a candidate');
    expect(form.text).not.toContain("Void a unit's meeting");
    // A selection's ballot may be voided and held again, between the two days the panel sets.
    expect(form.text).toContain('Void the ballot and hold it again');
    expect(form.text).toContain('name="remedy-closes"');
    const undated = await chair.post(`${selUrl()}/1/decision`, {
      outcome: 'upheld',
      reasons: 'Wrong papers.',
      remedy: 'rerun-ballot',
      'remedy-date': '2030-01-06',
    });
    expect(undated.status).toBe(400);
    expect(undated.text).toContain('Enter the day the ballot held again closes');
    expect(undated.text).toContain('value="2030-01-06"');
    const unknown = await chair.post(`${selUrl()}/1/decision`, {
      outcome: 'upheld',
      reasons: 'Renewed in time.',
      remedy: 'restore-member',
      'remedy-member': 'no-such-member',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('There is no member no-such-member.');
    expect(unknown.text).toContain('value="no-such-member"');
    const restored = await chair.post(`${selUrl()}/1/decision`, {
      outcome: 'upheld',
      reasons: 'Renewed in time.',
      remedy: 'restore-member',
      'remedy-member': member.id,
    });
    expect(restored.status, restored.text.slice(0, 300)).toBe(303);
    expect((await world.store.electorate(world.voting.id as never)).find((e) => e.member === member.id)?.eligible).toBe(true);
    const shown = await me.get(selUrl());
    expect(shown.text).toContain('Upheld by the disputes panel.');
    expect(shown.text).toContain('A member left out of the electorate is restored to it.');
  });
});

describe('disputes about a leadership election that takes supporters', () => {
  it('offers reinstating a rejected application, by reference and name; without one chosen the problem is beside its field', async () => {
    const a = { store: world.store, clock: world.clock, actor: 'test' };
    const today = localDate(world.clock.now(), 'Europe/London');
    const opened = await openLeadershipElection(
      a,
      LABOUR_2018,
      'Leadership election 2024',
      {
        nominationsClose: addDays(today, 5),
        freezeDate: addDays(today, 5),
        ballotOpens: addDays(today, 7),
        ballotCloses: addDays(today, 9),
      },
      null,
    );
    if (!opened.ok) throw new Error(opened.error.message);
    const id = opened.value.id as ProcessId;
    const e = await supporterElection(world.store, id);
    if (!e.ok) throw new Error(e.error.message);
    expect((await setSupporterWindow(a, e.value, { opens: today, closes: addDays(today, 3), feePence: 2500 })).ok).toBe(true);
    const applied = await applyAsSupporter(world.store, world.clock.now(), 'Europe/London', e.value, {
      class: 'registered-supporter',
      affiliate: null,
      name: 'Rosa Lane',
      email: 'rosa.lane@example.net',
      postcode: 'M1 1AA',
      paymentReference: 'PAY-77',
      declared: true,
    });
    if (!applied.ok) throw new Error(applied.error.message);
    expect((await decideSupporterApplication(a, e.value, 1, { status: 'rejected', reason: 'Fee not found' }, 'Europe/London')).ok).toBe(true);
    const doc = (await world.store.processDocument(id)) as DisputedDocument;
    const lodged = await lodgeDispute(
      { ...a, actor: insider.id },
      doc,
      { member: insider.id, runsReview: false, nationalOfficer: false },
      {
        subject: { kind: 'process' },
        grounds: 'My supporter application was rejected though I paid.',
        evidence: null,
      },
    );
    expect(lodged.ok).toBe(true);

    const chair = await as(world.people.outsider.member!);
    const election = `/processes/${id}/disputes`;
    const form = await chair.get(election);
    expect(form.status).toBe(200);
    checkAccessibleStructure(form.text);
    expect(form.text).toContain('Reinstate a supporter&#39;s rejected application');
    expect(form.text).toContain('S-0001: Rosa Lane');
    const reinstating = (application: string) =>
      chair.post(`${election}/1/decision`, {
        outcome: 'upheld',
        reasons: 'The fee was paid.',
        remedy: 'reinstate-applicant',
        'remedy-application': application,
      });
    const unchosen = await reinstating('');
    expect(unchosen.status).toBe(400);
    expect(unchosen.text).toContain('Choose the rejected application to reinstate.');
    expect(unchosen.text).toContain('The fee was paid.');
    const reinstated = await reinstating('1');
    expect(reinstated.status, reinstated.text.slice(0, 300)).toBe(303);
    expect(await world.store.supporterApplication(id, 1)).toMatchObject({ status: 'accepted', reason: 'The fee was paid.' });
    expect((await chair.get(election)).text).toContain('S-0001 is reinstated and accepted.');
    // A selection takes no supporters: the form does not offer it.
    expect((await chair.get(`/processes/${world.voting.id}/disputes`)).text).not.toContain('rejected application');
  });
});

describe('published decisions', () => {
  it('an anonymous visitor finds no decisions page where the rulebook does not publish them', async () => {
    const visitor = new Client(world);
    const refused = await visitor.get(`/processes/${world.trigger.id}/decisions`);
    expect(refused.status).toBe(404);
    expect(refused.text).toContain('told to the parties and members, not published');
    expect(refused.text).not.toContain(recorded.name);
  });

  it('where the rulebook publishes them, the page shows decided disputes only — never who lodged one, its grounds or its evidence', async () => {
    // A second dispute, not yet decided: it is not shown.
    const me = await as(insider);
    expect((await me.post(url(), { about: 'process', grounds: 'The secretary favoured one side.', evidence: 'Emails.' })).status).toBe(303);
    const doc = (await world.store.processDocument(world.trigger.id as ProcessId)) as DisputedDocument;
    expect(doc.state.disputes).toHaveLength(2);
    const publishing = { ...LABOUR_2021, disputes: { remedies: DISPUTE_REMEDY_KINDS, publishDecisions: true } };
    expect(publishedDecisions(doc, LABOUR_2021)).toEqual([]);
    const shown = publishedDecisions(doc, publishing);
    expect(shown).toHaveLength(1);
    const page = publishedDecisionsPage({ title: 'The review', disputes: shown }, { user: null, csrfToken: 'token', path: '/processes/x/decisions' });
    checkAccessibleStructure(page);
    expect(page).toContain(`The meeting of ${recorded.name}`);
    expect(page).toContain('On appeal: dismissed on');
    expect(page).toContain('Reasons: The panel’s remedy was proportionate.');
    for (const secret of ['Half the branch was not told', 'The minutes.', 'The secretary favoured', 'Emails.', insider.name, insider.id])
      expect(page).not.toContain(secret);
  });
});
