/**
 * Members applying to stand in a selection through the web: the page of
 * selections open to them, the application (stored with the member's id and
 * logged as their own step), what the officer then sees, and every refusal —
 * a member of another constituency, one not in good standing, a second
 * application, a selection past its applications, a form without consent —
 * each a 4xx with the reason, storing nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judgeEligibility } from '../../../src/domain/eligibility.js';
import type { Member, Unit } from '../../../src/domain/organisation.js';
import { statusOn } from '../../../src/domain/organisation.js';
import { LABOUR_2021 } from '../../../src/domain/presets.js';
import type { SelectionState } from '../../../src/domain/processes/index.js';
import { addDays, longDate } from '../../../src/domain/calendar.js';
import type { IsoDate } from '../../../src/domain/time.js';
import type { StoredProcess } from '../../../src/store/store.js';
import { readAuditLog } from '../../../src/store/audit-rows.js';
import { checkAccessibleStructure } from '../views/html-check.js';
import { buildWorld, Client, TODAY, type World } from './fixture.js';

let world: World;
/** The demo's selection taking applications, and its constituency. */
let applying: StoredProcess;
let seat: Unit;
/** Members of the seat's branches: one who may stand, one in arrears today, one who joined too recently. */
let applicant: Member;
let inArrears: Member;
let newcomer: Member;

beforeAll(async () => {
  world = await buildWorld();
  applying = (await world.store.listProcesses({ kind: 'selection' })).find((p) => (p.state as SelectionState).phase === 'applications')!;
  seat = (await world.store.getUnit(applying.constituency!))!;
  const s = applying.state as SelectionState;
  const branches = await world.store.listUnits({ kind: 'branch', parent: seat.id });
  const officers = new Set((await world.store.listOffices()).map((o) => o.member as string));
  const standing = new Set(s.candidates.map((c) => c.member));
  const eligibleAtFreeze = (m: Member) =>
    judgeEligibility(m, LABOUR_2021.eligibility, { freezeDate: s.timetable.freezeDate, unitBranches: new Set(branches.map((b) => b.id)) }).eligible;
  for await (const m of world.store.membersOf(branches.map((b) => b.id))) {
    if (officers.has(m.id) || standing.has(m.id)) continue;
    const today = statusOn(m, TODAY);
    if (!applicant && today === 'current' && eligibleAtFreeze(m)) applicant = m;
    if (!inArrears && today === 'arrears') inArrears = m;
    if (!newcomer && today === 'current' && m.joined > addDays(s.timetable.freezeDate, -180)) newcomer = m;
  }
  if (!applicant || !inArrears || !newcomer) throw new Error('the demo seat lacks the members this test needs');
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

const as = (m: Member | null) => new Client(world).actAs(m);
const applyUrl = () => `/selections/${applying.id}/apply`;

async function snapshot(): Promise<string> {
  const processes = (await world.store.listProcesses()).map((p) => `${p.id}@${p.version}`).join(',');
  return `${processes} | audit ${(await world.store.auditHead())?.seq}`;
}

describe('a member of the seat in good standing', () => {
  it('sees the selection on their page with a way to apply, and a form with their name and gender', async () => {
    const c = await as(applicant);
    const page = await c.get('/candidacies');
    expect(page.status).toBe(200);
    checkAccessibleStructure(page.text);
    expect(page.text).toContain('You can apply');
    expect(page.text).toContain(`href="${applyUrl()}"`);
    expect(page.text).toContain('You have not applied to stand in any selection.');
    const form = await c.get(applyUrl());
    expect(form.status).toBe(200);
    checkAccessibleStructure(form.text);
    expect(form.text).toContain(applicant.name);
    expect(form.text).toContain('You are in good standing today and on the selection');
    if (applicant.gender) expect(form.text).toContain(`value="${applicant.gender}"`);
  });

  it('must tick the consent and keep the gender short; nothing is stored until then', async () => {
    const c = await as(applicant);
    await c.get(applyUrl());
    const before = await snapshot();
    const noConsent = await c.post(applyUrl(), { gender: 'woman' });
    expect(noConsent.status).toBe(400);
    expect(noConsent.text).toContain('Consent: Tick the box to confirm that you wish to stand');
    checkAccessibleStructure(noConsent.text);
    const long = await c.post(applyUrl(), { gender: 'w'.repeat(41), consent: 'yes' });
    expect(long.status).toBe(400);
    expect(long.text).toContain('Gender: Keep it to 40 characters or fewer');
    const odd = await c.post(applyUrl(), { consent: 'sure' });
    expect(odd.status).toBe(400);
    expect(odd.text).toContain('Consent: A tick box sends “yes” or nothing');
    expect((await c.post(applyUrl(), { consent: 'yes' }, { csrf: null })).status).toBe(403);
    expect(await snapshot()).toBe(before);
  });

  it('applies: the candidate is stored with their member id, logged as their step, and shown to them and to the officer', async () => {
    const c = await as(applicant);
    await c.get(applyUrl());
    const r = await c.post(applyUrl(), { gender: 'non-binary', consent: 'yes' });
    expect(r.status, r.text.slice(0, 500)).toBe(303);
    expect(r.headers.get('location')).toBe('/candidacies');
    const s = (await world.store.getProcess(applying.id))!.state as SelectionState;
    const mine = s.candidates.find((x) => x.member === applicant.id)!;
    expect([mine.name, mine.gender, mine.incumbent, mine.withdrawn]).toEqual([applicant.name, 'non-binary', false, null]);
    const entry = (await readAuditLog(world.store)).at(-1)!;
    expect([entry.type, entry.actor]).toEqual(['selection.applied', applicant.id]);
    expect(entry.data).toMatchObject({ process: applying.id, candidate: mine.id, name: applicant.name, gender: 'non-binary' });

    const page = await c.get('/candidacies');
    expect(page.text).toContain(`You have applied to stand in ${s.title}. The constituency’s officers can now see your application.`);
    expect(page.text).not.toContain(`candidate ${mine.id}`);
    expect(page.text).toContain('application received');
    expect(page.text).not.toContain(`href="${applyUrl()}"`);

    // The officer sees the application on the process page, with the member it came from.
    const officerPage = await (await as(world.people.nationalOfficer.member)).get(`/processes/${applying.id}`);
    expect(officerPage.text).toContain(applicant.name);
    // How the application stands, in words: no candidate or member id where a person reads.
    expect(officerPage.text).toContain(`${applicant.name} <span class="small">(non-binary; applied on ${longDate(TODAY)}`);
    expect(officerPage.text).not.toContain(applicant.id);
  });

  it('cannot apply twice', async () => {
    const c = await as(applicant);
    const before = await snapshot();
    const again = await c.post(applyUrl(), { consent: 'yes' });
    expect(again.status).toBe(409);
    expect(again.text).toMatch(/You have already applied to stand in .*\. Nothing was saved\./);
    expect((await c.get(applyUrl())).status).toBe(409);
    expect(await snapshot()).toBe(before);
  });
});

describe('who may not apply', () => {
  it('a member of another constituency', async () => {
    const before = await snapshot();
    const c = await as(world.people.voter.member);
    const r = await c.post(applyUrl(), { consent: 'yes' });
    expect(r.status).toBe(403);
    expect(r.text).toContain(`is for members in ${seat.name}`);
    // Nor is it offered to them.
    expect((await c.get('/candidacies')).text).not.toContain(`href="${applyUrl()}"`);
    expect(await snapshot()).toBe(before);
  });

  it('a member in arrears today, or who joined too recently to vote in it, told why', async () => {
    const before = await snapshot();
    const arrears = await as(inArrears);
    const r = await arrears.post(applyUrl(), { consent: 'yes' });
    expect(r.status).toBe(403);
    expect(r.text).toContain(
      `Your membership is in arrears today (${TODAY.slice(8, 10).replace(/^0/, '')} June 2024); a candidate must be a member in good standing`,
    );
    expect((await arrears.get('/candidacies')).text).toContain('You cannot apply');
    const late = await (await as(newcomer)).post(applyUrl(), { consent: 'yes' });
    expect(late.status).toBe(403);
    expect(late.text).toContain('A candidate must be able to vote in the selection, and you could not');
    expect(late.text).toContain('6 months needed');
    expect(await snapshot()).toBe(before);
  });

  it('anyone, once applications have closed or the selection has moved on', async () => {
    const before = await snapshot();
    // The voting selection is past applications; its electorate's members are told so.
    const voter = await as(world.people.voter.member);
    const moved = await voter.post(`/selections/${world.voting.id}/apply`, { consent: 'yes' });
    expect(moved.status).toBe(409);
    expect(moved.text).toContain('is not taking applications: the ballot is open.');
    const s = applying.state as SelectionState;
    world.clock.set(`${addDays(s.timetable.applicationsClose as IsoDate, 1)}T09:00:00.000Z`);
    try {
      // Signed in on that day, since a session lasts hours, not days.
      const late = await (await as(newcomer)).post(applyUrl(), { consent: 'yes' });
      expect(late.status).toBe(409);
      expect(late.text).toContain(`closed on ${longDate(s.timetable.applicationsClose as IsoDate)}`);
    } finally {
      world.clock.set(`${TODAY}T09:00:00.000Z`);
    }
    const c = await as(newcomer);
    expect((await c.post('/selections/sel-nowhere-1/apply', { consent: 'yes' })).status).toBe(404);
    expect((await c.post(`/selections/${world.trigger.id}/apply`, { consent: 'yes' })).status).toBe(404);
    expect(await snapshot()).toBe(before);
  });
});
