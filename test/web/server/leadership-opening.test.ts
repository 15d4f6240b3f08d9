/**
 * Opening a leadership election on the web, through the real app on a real store built from the
 * demo party: a national officer chooses a vacancy or a challenge (finding the sitting leader by
 * name), the timetable, and whether a deputy leader is elected in the same election. Bad dates and a
 * challenge without its leader are shown again beside their fields with the form kept and nothing
 * stored; a deputy's contest opens with the leader's as two contests of one election, each with its
 * own nominations (an MP nominates once in each), both on one live page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLeaderAndDeputy, parliamentaryParty } from '../../../src/app/leadership.js';
import { addDays } from '../../../src/domain/calendar.js';
import type { Member } from '../../../src/domain/organisation.js';
import { LABOUR_2021 } from '../../../src/domain/presets.js';
import type { InternalElectionState } from '../../../src/domain/processes/index.js';
import type { Rulebook } from '../../../src/domain/rulebook.js';
import { checkAccessibleStructure } from '../views/html-check.js';
import { buildWorld, Client, TODAY, type World } from './fixture.js';

let world: World;

beforeAll(async () => {
  world = await buildWorld();
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

const as = async (m: Member | null) => {
  const c = await new Client(world).actAs(m);
  await c.get('/leadership-elections/new');
  return c;
};
const officer = () => as(world.people.nationalOfficer.member);

const DATES = {
  'nominations-close': addDays(TODAY, 7),
  'freeze-date': addDays(TODAY, 7),
  'ballot-opens': addDays(TODAY, 14),
  'ballot-closes': addDays(TODAY, 21),
};

const leadershipElections = async (title: string) =>
  (await world.store.processDocuments({ kind: 'internal-election' }))
    .map((p) => ({ id: p.id, state: p.state as InternalElectionState }))
    .filter((p) => (p.state.contest?.electionTitle ?? p.state.title) === title)
    .sort((x, y) => (x.state.contest?.order ?? 0) - (y.state.contest?.order ?? 0));

describe('the form', () => {
  it('is offered to national officers, filled in with the default timetable, a vacancy and no deputy', async () => {
    const c = await officer();
    const page = await c.get('/leadership-elections/new');
    expect(page.status).toBe(200);
    checkAccessibleStructure(page.text);
    expect(page.text).toContain('The post of leader is vacant');
    expect(page.text).toContain('Elect a deputy leader in the same election');
    expect(page.text).toContain('a candidate for deputy leader needs at least 20%');
    expect((await c.get('/elections')).text).toContain('href="/leadership-elections/new"');
  });

  it('keeps the form and says beside each field what is wrong: dates out of order, a challenge without its leader; nothing is stored', async () => {
    const c = await officer();
    const r = await c.post('/leadership-elections', {
      title: 'Bad dates',
      kind: 'challenge',
      deputy: 'yes',
      ...DATES,
      'ballot-opens': addDays(TODAY, 3),
      'ballot-closes': addDays(TODAY, 2),
    });
    expect(r.status).toBe(400);
    expect(r.text).toContain('The ballot cannot open before nominations close');
    expect(r.text).toContain('The ballot cannot close before it opens');
    expect(r.text).toContain('A challenge needs the sitting leader: enter their name.');
    expect(r.text).toMatch(/id="f-leader-name-error"/);
    expect(r.text).toContain('value="Bad dates"');
    expect(r.text).toMatch(/name="deputy" value="yes" checked/);
    expect(await leadershipElections('Bad dates')).toEqual([]);
  });

  it('a name matching no member is refused beside the field', async () => {
    const c = await officer();
    const r = await c.post('/leadership-elections', { title: 'Nobody', kind: 'challenge', 'leader-name': 'Zzyzx Qwerty', ...DATES });
    expect(r.status).toBe(400);
    expect(r.text).toContain('No member’s name matches “Zzyzx Qwerty”');
    expect(await leadershipElections('Nobody')).toEqual([]);
  });
});

describe('a challenge', () => {
  it('finds the sitting leader by name (choosing among several), and puts them on the ballot without nominations', async () => {
    const mps = await parliamentaryParty(world.store);
    const leader = (await world.store.getMember(mps[0]!.member as never))!;
    // A name several members may share: the form then asks which.
    const surname = leader.name;
    const matches = await world.store.findMembers(surname, 20);
    expect(matches.map((m) => m.id)).toContain(leader.id);
    const c = await officer();
    let r = await c.post('/leadership-elections', { title: 'Challenge 2025', kind: 'challenge', 'leader-name': surname, ...DATES });
    if (matches.length > 1) {
      expect(r.status).toBe(400);
      expect(r.text).toContain('choose the sitting leader');
      expect(r.text).toContain(leader.name);
      expect(await leadershipElections('Challenge 2025')).toEqual([]);
      r = await c.post('/leadership-elections', { title: 'Challenge 2025', kind: 'challenge', 'leader-name': surname, leader: leader.id, ...DATES });
    }
    expect(r.status, r.text.slice(0, 500)).toBe(303);
    // Part of a name that many members share: the form lists them to choose from, and stores nothing until one is chosen.
    const several = await c.post('/leadership-elections', { title: 'Challenge 2026', kind: 'challenge', 'leader-name': 'a', ...DATES });
    expect(several.status).toBe(400);
    expect(several.text).toMatch(/\d+ members’ names match “a”: choose the sitting leader\./);
    expect(several.text).toContain('Which of these members is the sitting leader?');
    expect(await leadershipElections('Challenge 2026')).toEqual([]);
    const [opened] = await leadershipElections('Challenge 2025');
    expect(opened!.state.leadership).toMatchObject({ vacancy: false, incumbent: { member: leader.id, name: leader.name } });
    expect(opened!.state.candidates.map((x) => x.name)).toEqual([leader.name]);
  });
});

describe('a vacancy with a deputy’s contest', () => {
  let leader: { id: string; state: InternalElectionState };
  let deputy: { id: string; state: InternalElectionState };

  it('opens two contests of one election: the leader’s and the deputy leader’s, each a vacancy', async () => {
    const c = await officer();
    const r = await c.post('/leadership-elections', { title: 'Leadership 2025', kind: 'vacancy', deputy: 'yes', ...DATES });
    expect(r.status, r.text.slice(0, 500)).toBe(303);
    const opened = await leadershipElections('Leadership 2025');
    expect(opened.map((p) => [p.state.title, p.state.contest?.contest, p.state.leadership?.office ?? 'leader'])).toEqual([
      ['Leader', 'leader', 'leader'],
      ['Deputy leader', 'deputy', 'deputy'],
    ]);
    [leader, deputy] = [opened[0]!, opened[1]!];
    expect(r.headers.get('location')).toBe(`/elections/${leader.id}/leadership`);
    expect(deputy.state.leadership).toMatchObject({ vacancy: true, incumbent: null });
  });

  it('an MP nominates once in each contest: the second nomination in a contest is refused', async () => {
    const mps = await parliamentaryParty(world.store);
    const mp = await as((await world.store.getMember(mps[0]!.member as never))!);
    const [x, y] = [mps[1]!, mps[2]!];
    expect((await mp.post(`/elections/${leader.id}/mp-nominate`, { member: x.member, q: x.name })).status).toBe(303);
    const first = await mp.post(`/elections/${deputy.id}/mp-nominate`, { member: y.member, q: y.name });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`/elections/${deputy.id}/leadership`);
    const again = await mp.post(`/elections/${deputy.id}/mp-nominate`, { member: x.member, q: x.name });
    expect(again.status).toBe(409);
    expect(again.text).toContain(`has already nominated ${y.name}; each MP nominates once for deputy leader`);
    const form = await mp.get(`/elections/${deputy.id}/mp-nominate`);
    expect(form.text).toContain(`You have nominated ${y.name} for deputy leader.`);
  });

  it('one live page shows both contests, each with its own rule and nominations', async () => {
    const page = await (await as(null)).get(`/elections/${deputy.id}/leadership`);
    expect(page.status).toBe(200);
    checkAccessibleStructure(page.text);
    expect(page.text).toContain('Nominations for leader and deputy leader: Leadership 2025');
    expect(page.text).toContain('The post of leader is vacant');
    expect(page.text).toContain('The post of deputy leader is vacant');
    expect(page.text).toContain('1 of');
    expect(page.text.indexOf('<h2 id="contest-')).toBeLessThan(page.text.lastIndexOf('<h2 id="contest-'));
  });
});

describe('a challenge to the sitting deputy leader', () => {
  it('needs the deputy’s name beside its field, then puts the sitting deputy on the deputy’s ballot without nominations', async () => {
    const mps = await parliamentaryParty(world.store);
    const sitting = (await world.store.getMember(mps[1]!.member as never))!;
    const c = await officer();
    const form = { title: 'Deputy challenge 2025', kind: 'vacancy', deputy: 'yes', 'deputy-kind': 'challenge', ...DATES };
    const bare = await c.post('/leadership-elections', form);
    expect(bare.status).toBe(400);
    expect(bare.text).toContain('A challenge to the deputy leader needs the sitting deputy: enter their name.');
    expect(bare.text).toMatch(/name="deputy-kind"[^>]*value="challenge"[^>]*checked|value="challenge"[^>]*name="deputy-kind"[^>]*checked/);
    const several = await c.post('/leadership-elections', { ...form, 'deputy-name': 'a' });
    expect(several.status).toBe(400);
    expect(several.text).toContain('Which of these members is the sitting deputy leader?');
    expect(await leadershipElections('Deputy challenge 2025')).toEqual([]);
    const r = await c.post('/leadership-elections', { ...form, 'deputy-name': sitting.name, 'deputy-member': sitting.id });
    expect(r.status, r.text.slice(0, 500)).toBe(303);
    const [leader, deputy] = await leadershipElections('Deputy challenge 2025');
    expect(leader!.state.leadership).toMatchObject({ vacancy: true, incumbent: null });
    expect(deputy!.state.leadership).toMatchObject({ office: 'deputy', vacancy: false, incumbent: { member: sitting.id, name: sitting.name } });
    expect(deputy!.state.candidates.map((x) => x.name)).toEqual([sitting.name]);
    const page = await (await as(null)).get(`/elections/${deputy!.id}/leadership`);
    expect(page.text).toContain(`A challenge to ${sitting.name}: a challenger needs at least`);
    expect(page.text).toContain('The sitting deputy leader: on the ballot without nominations');
  });
});

describe('a rulebook without a deputy’s contest', () => {
  it('opens neither contest, and says why', async () => {
    const { deputy: _, ...leadership } = LABOUR_2021.leadership!;
    const without: Rulebook = { ...LABOUR_2021, leadership };
    const before = (await world.store.processDocuments({ kind: 'internal-election' })).length;
    const r = await openLeaderAndDeputy(
      { store: world.store, clock: world.clock, actor: 'test' },
      without,
      'No deputy here',
      {
        nominationsClose: DATES['nominations-close'],
        freezeDate: DATES['freeze-date'],
        ballotOpens: DATES['ballot-opens'],
        ballotCloses: DATES['ballot-closes'],
      },
      null,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('sets no deputy leadership contest');
    expect((await world.store.processDocuments({ kind: 'internal-election' })).length).toBe(before);
  });
});
