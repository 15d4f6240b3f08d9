/**
 * A leadership election's nominations on the web, through the real app on a real store built from
 * the demo party (whose sitting MPs are the parliamentary party and whose affiliates hold affiliated
 * membership): an MP signed in finds a member by name and nominates them, once — a second
 * nomination is refused in plain words and nothing is stored; a member who is no MP may not; a
 * national officer records a constituency party's nomination on the bodies' form; and anyone sees,
 * on a page that refreshes itself while nominations are open, who has nominated whom and how far
 * each candidate is from each route's threshold. Every nomination is in the audit log as its actor's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nominatingBodies, openLeadershipElection, parliamentaryParty } from '../../../src/app/leadership.js';
import { addDays } from '../../../src/domain/calendar.js';
import { neededFor } from '../../../src/domain/leadership-nominations.js';
import { statusOn, type Member, type Unit } from '../../../src/domain/organisation.js';
import { LABOUR_2021 } from '../../../src/domain/presets.js';
import type { InternalElectionState } from '../../../src/domain/processes/index.js';
import type { ParliamentaryMember } from '../../../src/domain/processes/leadership-steps.js';
import { readAuditLog } from '../../../src/store/audit-rows.js';
import type { StoredProcess } from '../../../src/store/store.js';
import { checkAccessibleStructure } from '../views/html-check.js';
import { buildWorld, Client, TODAY, type World } from './fixture.js';

let world: World;
let election: StoredProcess;
let mps: ParliamentaryMember[];
let mp: Member;
let nominee: Member;
let clp: Unit;

beforeAll(async () => {
  world = await buildWorld();
  const opened = await openLeadershipElection(
    { store: world.store, clock: world.clock, actor: 'test' },
    LABOUR_2021,
    'Leadership election 2024',
    {
      nominationsClose: addDays(TODAY, 5),
      freezeDate: addDays(TODAY, 5),
      ballotOpens: addDays(TODAY, 7),
      ballotCloses: addDays(TODAY, 9),
    },
    null,
  );
  if (!opened.ok) throw new Error(opened.error.message);
  election = opened.value;
  mps = await parliamentaryParty(world.store);
  mp = (await world.store.getMember(mps[0]!.member as never))!;
  const officers = new Set((await world.store.listOffices()).map((o) => o.member as string));
  const mpIds = new Set(mps.map((m) => m.member));
  for await (const m of world.store.membersOf((await world.store.listUnits({ kind: 'branch' })).map((b) => b.id))) {
    if (!officers.has(m.id) && !mpIds.has(m.id) && statusOn(m, TODAY) === 'current' && m.joined < '2020-01-01' && m.name.includes(' ')) {
      nominee = m;
      break;
    }
  }
  clp = (await world.store.listUnits({ kind: 'constituency' }))[0]!;
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

const as = (m: Member | null) => new Client(world).actAs(m);
const formUrl = () => `/elections/${election.id}/mp-nominate`;
const publicUrl = () => `/elections/${election.id}/leadership`;
const state = async () => (await world.store.getProcess(election.id))!.state as InternalElectionState;

describe('the demo party’s nominating bodies', () => {
  it('has a parliamentary party of its sitting MPs, and affiliates with affiliated membership', async () => {
    const bodies = await nominatingBodies(world.store);
    expect(bodies.parliamentaryParty.length).toBeGreaterThanOrEqual(4);
    expect(bodies.constituencies).toBeGreaterThanOrEqual(10);
    expect(bodies.affiliatedMembership).toBeGreaterThan(1_000_000);
    const s = await state();
    expect(s.leadership).toMatchObject({ vacancy: true, constituencies: bodies.constituencies, affiliatedMembership: bodies.affiliatedMembership });
  });
});

describe('an MP nominates, once', () => {
  it('finds the member by name and nominates them, audited as the MP’s', async () => {
    const c = await as(mp);
    // Their landing page tells them they may nominate, and links to the form, until they have.
    const link = `href="${formUrl()}"`;
    expect((await c.get('/')).text).toContain(link);
    expect((await c.get('/')).text).toContain('As an MP, you may nominate a candidate in Leadership election 2024, once');
    const empty = await c.get(formUrl());
    expect(empty.status).toBe(200);
    checkAccessibleStructure(empty.text);
    expect(empty.text).toContain('a candidate needs at least 20% of the parliamentary party');
    const found = await c.get(`${formUrl()}?q=${encodeURIComponent(nominee.name)}`);
    expect(found.status).toBe(200);
    expect(found.text).toContain(nominee.name);
    const r = await c.post(formUrl(), { member: nominee.id, q: nominee.name });
    expect(r.status, r.text.slice(0, 400)).toBe(303);
    const s = await state();
    expect(s.nominations.map((n) => [n.route, n.body, n.member])).toEqual([['parliamentary', mp.id, nominee.id]]);
    const entry = (await readAuditLog(world.store)).at(-1)!;
    expect([entry.type, entry.actor]).toEqual(['election.leader-nominated', mp.id]);
    expect(entry.data).toMatchObject({ route: 'parliamentary', bodyName: mps[0]!.name, name: nominee.name, valid: false });
    expect((await c.get('/')).text).not.toContain(link);
  });

  it('refuses a second nomination in plain words, storing nothing; the form then says whom they nominated', async () => {
    const c = await as(mp);
    await c.get(formUrl());
    const again = await c.post(formUrl(), { member: mp.id, q: mp.name });
    expect(again.status).toBe(409);
    expect(again.text).toContain(`${mps[0]!.name} has already nominated ${nominee.name}; each MP nominates once`);
    expect((await state()).nominations).toHaveLength(1);
    const page = await c.get(formUrl());
    expect(page.text).toContain(`You have nominated ${nominee.name}. Each MP nominates once.`);
    expect(page.text).not.toContain('Search members');
  });

  it('an empty choice is refused beside the field', async () => {
    const c = await as((await world.store.getMember(mps[1]!.member as never))!);
    await c.get(formUrl());
    const r = await c.post(formUrl(), { member: '', q: 'x' });
    expect(r.status).toBe(400);
    expect(r.text).toContain('Choose the member you nominate.');
  });

  it('a member who is no MP may neither see the form nor nominate', async () => {
    const mpIds = new Set(mps.map((m) => m.member));
    const notMp = Object.values(world.people).find((p) => p.member !== null && !mpIds.has(p.member.id))!.member;
    const c = await as(notMp);
    expect((await c.get(formUrl())).status).toBe(403);
    const r = await c.post(formUrl(), { member: nominee.id });
    expect(r.status).toBe(403);
    expect(r.text).toContain('Only the MPs of the parliamentary party nominate');
    expect((await state()).nominations).toHaveLength(1);
  });
});

describe('who has nominated whom, seen live by anyone', () => {
  it('a national officer records a constituency party’s nomination on the bodies’ form', async () => {
    const officer = await as(world.people.nationalOfficer.member);
    const form = await officer.get(`/elections/${election.id}/nominate?q=${encodeURIComponent(nominee.name)}`);
    expect(form.status).toBe(200);
    expect(form.text).toContain(clp.name);
    const r = await officer.post(`/elections/${election.id}/nominate`, { body: clp.id, member: nominee.id, meetingDate: TODAY });
    expect(r.status, r.text.slice(0, 400)).toBe(303);
    expect((await state()).nominations.at(-1)).toMatchObject({ route: 'constituency', body: clp.id });
    // A second party nominates the first MP, whom no MP has nominated.
    const other = (await world.store.listUnits({ kind: 'constituency' }))[1]!;
    expect((await officer.post(`/elections/${election.id}/nominate`, { body: other.id, member: mp.id, meetingDate: TODAY })).status).toBe(303);
  });

  it('the public page names the nominating MP and party, and how far the candidate is from each route', async () => {
    const page = await (await as(null)).get(publicUrl());
    expect(page.status).toBe(200);
    checkAccessibleStructure(page.text);
    const s = await state();
    const wholes = s.leadership!;
    const neededMps = neededFor({ num: 20, den: 100 }, wholes.parliamentaryParty.length);
    const neededClps = neededFor({ num: 5, den: 100 }, wholes.constituencies);
    expect(page.text).toContain(nominee.name);
    // One MP and one constituency party: the page says how far each route is, in whole nominations.
    expect(page.text).toContain(`(1 of ${wholes.parliamentaryParty.length}; ${neededMps} needed)`);
    expect(page.text).toContain(`(1 of ${wholes.constituencies}; ${neededClps} needed)`);
    const valid = neededMps <= 1 && neededClps <= 1;
    expect(page.text).toContain(valid ? 'Validly nominated: on the ballot once they accept' : 'Not yet validly nominated');
    expect(page.text).toContain(mps[0]!.name);
    expect(page.text).toContain(clp.name);
    expect(page.text).toContain(`needs ${neededMps} more ${neededMps === 1 ? 'MP' : 'MPs'} (0 of ${wholes.parliamentaryParty.length}; ${neededMps} needed)`);
    expect(page.text).toMatch(/needs 3 affiliates|needs 2 more affiliates|needs 3 more affiliates/);
    // Refreshed while nominations are open, as the trigger ballot's gauges are.
    expect(page.text).toContain('data-live-refresh="15"');
    expect(page.text).toContain('/static/live.js');
    // No internal ids on the page.
    expect(page.text).not.toContain(nominee.id);
    expect(page.text).not.toContain(`>${clp.id}<`);
  });

  it('is no page for an election that is not a leadership election', async () => {
    const page = await (await as(null)).get(`/elections/${world.voting.id}/leadership`);
    expect(page.status).toBe(404);
  });
});
