/**
 * Opening processes through the web: a national officer opens a trigger
 * ballot, a procedures secretary opens their constituency's selection, a
 * national officer opens an internal election. The happy path stores the
 * process and its audit entry (by the officer); missing or malformed fields,
 * the wrong constituency, and a process already under way are refused with a
 * 4xx naming the field or the reason, and store nothing at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/audit/index.js';
import { addDays } from '../../../src/domain/calendar.js';
import type { Member, Unit } from '../../../src/domain/organisation.js';
import type { InternalElectionState, SelectionState, TriggerBallotState } from '../../../src/domain/processes/index.js';
import { readAuditLog } from '../../../src/store/audit-rows.js';
import { checkAccessibleStructure } from '../views/html-check.js';
import { buildWorld, Client, TODAY, type World } from './fixture.js';

let world: World;
/** A seat whose sitting representative has no review under way. */
let seat: Unit;
/** A constituency with no selection under way, and its procedures secretary. */
let open: Unit;
let secretary: Member;
/** A constituency with no sitting representative. */
let vacant: Unit;

beforeAll(async () => {
  world = await buildWorld();
  const processes = await world.store.listProcesses();
  const underWay = (kind: string, c: string) =>
    processes.some(
      (p) => p.kind === kind && p.constituency === c && !['triggered', 'readopted', 'exempt', 'declared'].includes((p.state as { phase: string }).phase),
    );
  const incumbents = await world.store.listIncumbents();
  const held = new Set(incumbents.map((i) => i.constituency as string));
  seat = (await world.store.getUnit(
    incumbents.find((i) => !underWay('trigger-ballot', i.constituency) && !underWay('selection', i.constituency) && !i.suspended)!.constituency,
  ))!;
  const constituencies = await world.store.listUnits({ kind: 'constituency' });
  const offices = await world.store.listOffices();
  open = constituencies.find(
    (c) => !underWay('selection', c.id) && c.id !== seat.id && offices.some((o) => o.role === 'procedures-secretary' && o.unit === c.id),
  )!;
  secretary = (await world.store.getMember(offices.find((o) => o.role === 'procedures-secretary' && o.unit === open.id)!.member))!;
  vacant = constituencies.find((c) => !held.has(c.id))!;
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

const as = (m: Member | null) => new Client(world).actAs(m);
const officer = () => as(world.people.nationalOfficer.member);

/** Everything a refused request must leave as it was: every process at its version, and the audit log's head. */
async function snapshot(): Promise<string> {
  const processes = (await world.store.listProcesses()).map((p) => `${p.id}@${p.version}`).join(',');
  return `${processes} | audit ${(await world.store.auditHead())?.seq}`;
}

async function lastEntry(): Promise<AuditEntry> {
  return (await readAuditLog(world.store)).at(-1)!;
}

describe('a national officer opens a trigger ballot', () => {
  const form = (over: Record<string, string> = {}) => ({ closes: addDays(TODAY, 30), ...over });

  it('is offered it on the seat’s page, and gets a form filled in with the defaults', async () => {
    const c = await officer();
    const page = await c.get(`/constituencies/${seat.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`href="/constituencies/${seat.id}/trigger-ballots/new"`);
    const f = await c.get(`/constituencies/${seat.id}/trigger-ballots/new`);
    expect(f.status).toBe(200);
    checkAccessibleStructure(f.text);
    expect(f.text).toContain(`value="${addDays(TODAY, 42)}"`);
    // The rulebook in force is named, not offered as a choice.
    expect(f.text).toContain('It runs under <strong>Labour 2021</strong>, the rulebook in force.');
    expect(f.text).not.toContain('name="rulebook"');
  });

  it('refuses a missing, malformed or past closing date, naming the field, storing nothing', async () => {
    const c = await officer();
    await c.get(`/constituencies/${seat.id}/trigger-ballots/new`);
    const before = await snapshot();
    const cases: [Record<string, string>, RegExp][] = [
      [form({ closes: '' }), /Last day for unit meetings: Enter a date/],
      [form({ closes: '2024-02-30' }), /Last day for unit meetings: “2024-02-30” is not a date/],
      [form({ closes: addDays(TODAY, -1) }), /Last day for unit meetings: It cannot be before today \(2024-06-01\)/],
    ];
    for (const [fields, message] of cases) {
      const r = await c.post(`/constituencies/${seat.id}/trigger-ballots`, fields);
      expect(r.status, JSON.stringify(fields)).toBe(400);
      expect(r.text).toMatch(message);
      checkAccessibleStructure(r.text);
    }
    const twice = await c.post(`/constituencies/${seat.id}/trigger-ballots`, { closes: [addDays(TODAY, 30), addDays(TODAY, 31)] });
    expect(twice.status).toBe(400);
    expect(twice.text).toContain('Last day for unit meetings: This field was sent more than once');
    // The form came back with what was typed.
    expect((await c.post(`/constituencies/${seat.id}/trigger-ballots`, form({ closes: '2024-02-30' }))).text).toContain('value="2024-02-30"');
    expect(await snapshot()).toBe(before);
  });

  it('refuses procedures secretaries (even of the seat), a seat with no representative, and anything not a constituency', async () => {
    const before = await snapshot();
    const seatSecretary = (await world.store.listOffices()).find((o) => o.role === 'procedures-secretary' && o.unit === seat.id);
    for (const m of [world.people.proceduresSecretary.member, seatSecretary ? await world.store.getMember(seatSecretary.member) : null].filter(
      (x): x is Member => x !== null,
    )) {
      const c = await as(m);
      expect((await c.get(`/constituencies/${seat.id}/trigger-ballots/new`)).status).toBe(403);
      expect((await c.post(`/constituencies/${seat.id}/trigger-ballots`, form())).status).toBe(403);
      // Their constituency page offers no such thing, and says who does.
      if (m.id === seatSecretary?.member) expect((await c.get(`/constituencies/${seat.id}`)).text).toContain('is opened by the party’s national officers');
    }
    const c = await officer();
    // The voting selection's seat was triggered and is choosing its candidate: no review until it is declared.
    expect(await world.store.getIncumbent(world.voting.constituency!)).not.toBeNull();
    const selecting = await c.post(`/constituencies/${world.voting.constituency}/trigger-ballots`, form());
    expect(selecting.status).toBe(409);
    expect(selecting.text).toContain(`A selection in ${(await world.store.getUnit(world.voting.constituency!))!.name} is under way (${world.voting.id}`);
    const none = await c.post(`/constituencies/${vacant.id}/trigger-ballots`, form());
    expect(none.status).toBe(409);
    expect(none.text).toContain('has no sitting representative on record');
    expect((await c.get(`/constituencies/${vacant.id}/trigger-ballots/new`)).status).toBe(409);
    expect((await c.post('/constituencies/no-such-seat/trigger-ballots', form())).status).toBe(404);
    const branch = (await world.store.listUnits({ kind: 'branch', parent: seat.id }))[0];
    expect((await c.post(`/constituencies/${encodeURIComponent(branch.id)}/trigger-ballots`, form())).status).toBe(404);
    expect((await c.post(`/constituencies/${seat.id}/trigger-ballots`, form(), { csrf: null })).status).toBe(403);
    expect(await snapshot()).toBe(before);
  });

  it('opens it: the review is stored under the rulebook in force, logged by the officer, and shown', async () => {
    const c = await officer();
    // An administrator has named Labour 2018 the rulebook in force.
    await world.store.putOrganisationSetting('rulebook-in-force', 'labour-2018@1');
    await c.get(`/constituencies/${seat.id}/trigger-ballots/new`);
    const r = await c.post(`/constituencies/${seat.id}/trigger-ballots`, form());
    await world.store.putOrganisationSetting('rulebook-in-force', 'labour-2021@1');
    expect(r.status, r.text.slice(0, 500)).toBe(303);
    const to = r.headers.get('location')!;
    expect(to).toMatch(/^\/processes\/tb-/);
    const id = decodeURIComponent(to.split('/').pop()!);
    const p = (await world.store.getProcess(id as never))!;
    const s = p.state as TriggerBallotState;
    expect([p.kind, p.constituency, s.rulebook, s.closes, s.phase, s.opened]).toEqual([
      'trigger-ballot',
      seat.id,
      'labour-2018@1',
      addDays(TODAY, 30),
      'open',
      TODAY,
    ]);
    expect(s.incumbent.name).toBe((await world.store.getIncumbent(seat.id))!.name);
    expect(s.units.length).toBeGreaterThan(0);
    const entry = await lastEntry();
    expect([entry.type, entry.actor]).toEqual(['trigger.opened', world.people.nationalOfficer.member!.id]);
    expect(entry.data).toMatchObject({
      process: id,
      version: 1,
      constituency: seat.id,
      rulebook: 'labour-2018@1',
      closes: addDays(TODAY, 30),
      units: s.units.length,
    });
    const shown = await c.get(to);
    expect(shown.text).toContain(`Opened ${id}: the review of ${s.incumbent.name} in ${seat.name} under Labour 2018.`);
    expect(shown.text).toContain(`${s.units.length} units may meet until ${addDays(TODAY, 30)}`);
  });

  it('refuses a second review while the first is under way, and no longer offers one', async () => {
    const c = await officer();
    const before = await snapshot();
    const again = await c.post(`/constituencies/${seat.id}/trigger-ballots`, form());
    expect(again.status).toBe(409);
    expect(again.text).toMatch(/already under way \(tb-/);
    expect((await c.get(`/constituencies/${seat.id}`)).text).not.toContain('/trigger-ballots/new');
    expect(await snapshot()).toBe(before);
  });
});

describe('a procedures secretary opens their constituency’s selection', () => {
  const form = (over: Record<string, string | string[]> = {}) => ({
    title: 'Selection for the next general election',
    'applications-close': addDays(TODAY, 10),
    'nominations-close': addDays(TODAY, 20),
    'freeze-date': addDays(TODAY, -30),
    'ballot-opens': addDays(TODAY, 30),
    'ballot-closes': addDays(TODAY, 40),
    ...over,
  });

  it('gets the form from the constituency page, filled in with the command line’s timetable', async () => {
    const c = await as(secretary);
    const page = await c.get(`/constituencies/${open.id}`);
    expect(page.text).toContain(`href="/constituencies/${open.id}/selections/new"`);
    const f = await c.get(`/constituencies/${open.id}/selections/new`);
    expect(f.status).toBe(200);
    checkAccessibleStructure(f.text);
    for (const d of [addDays(TODAY, 14), addDays(TODAY, 35), TODAY, addDays(TODAY, 49), addDays(TODAY, 63)]) expect(f.text).toContain(`value="${d}"`);
    expect(f.text).toContain(`value="Selection for ${open.name}"`);
  });

  it('refuses missing and malformed fields and a timetable out of order, naming what is wrong, storing nothing', async () => {
    const c = await as(secretary);
    await c.get(`/constituencies/${open.id}/selections/new`);
    const before = await snapshot();
    const cases: [Record<string, string | string[]>, number, RegExp][] = [
      [form({ title: '' }), 400, /Title: Enter the selection’s title/],
      [form({ title: 'x'.repeat(121) }), 400, /Title: Keep it to 120 characters or fewer \(this is 121\)/],
      [form({ 'ballot-opens': 'next week' }), 400, /Ballot opens: “next week” is not a date/],
      [form({ 'applications-close': addDays(TODAY, -1) }), 400, /Applications close: It cannot be before today/],
      [form({ 'all-women-shortlist': 'perhaps' }), 400, /All-women shortlist: A tick box sends “yes” or nothing/],
      // The form cannot know the order; the rules say which steps clash.
      [
        form({ 'nominations-close': addDays(TODAY, 35) }),
        422,
        /The timetable is out of order: nominations close \(2024-07-06\) must not be after the ballot opens \(2024-07-01\)/,
      ],
    ];
    for (const [fields, status, message] of cases) {
      const r = await c.post(`/constituencies/${open.id}/selections`, fields);
      expect(r.status, JSON.stringify(fields)).toBe(status);
      expect(r.text).toMatch(message);
      checkAccessibleStructure(r.text);
    }
    expect(await snapshot()).toBe(before);
  });

  it('may not open one while the seat’s review is under way: the review decides whether there is a selection', async () => {
    const before = await snapshot();
    const c = await officer();
    const r = await c.post(`/constituencies/${seat.id}/selections`, form());
    expect(r.status).toBe(409);
    expect(r.text).toMatch(/is under way \(tb-[^)]+\); a selection waits for its outcome/);
    expect((await c.get(`/constituencies/${seat.id}`)).text).toContain('A selection can be opened once the review under way');
    expect(await snapshot()).toBe(before);
  });

  it('may not open one in another constituency', async () => {
    const before = await snapshot();
    const c = await as(world.people.proceduresSecretary.member);
    const r = await c.post(`/constituencies/${open.id}/selections`, form());
    expect(r.status).toBe(403);
    expect(r.text).toContain(`You are not the procedures secretary of ${open.name}`);
    expect((await c.get(`/constituencies/${open.id}/selections/new`)).status).toBe(403);
    expect(await snapshot()).toBe(before);
  });

  it('opens it: stored with its timetable and all-women shortlist, logged by the secretary; a second is refused', async () => {
    const c = await as(secretary);
    await c.get(`/constituencies/${open.id}/selections/new`);
    const r = await c.post(`/constituencies/${open.id}/selections`, form({ 'all-women-shortlist': 'yes' }));
    expect(r.status, r.text.slice(0, 500)).toBe(303);
    const id = decodeURIComponent(r.headers.get('location')!.split('/').pop()!);
    const p = (await world.store.getProcess(id as never))!;
    const s = p.state as SelectionState;
    expect([p.kind, p.constituency, s.title, s.rulebook, s.phase, s.allWomenShortlist]).toEqual([
      'selection',
      open.id,
      'Selection for the next general election',
      'labour-2021@1',
      'applications',
      true,
    ]);
    expect(s.timetable).toEqual({
      applicationsClose: addDays(TODAY, 10),
      nominationsClose: addDays(TODAY, 20),
      freezeDate: addDays(TODAY, -30),
      ballotOpens: addDays(TODAY, 30),
      ballotCloses: addDays(TODAY, 40),
    });
    const entry = await lastEntry();
    expect([entry.type, entry.actor]).toEqual(['selection.opened', secretary.id]);
    expect(entry.data).toMatchObject({ process: id, constituency: open.id, allWomenShortlist: true, timetable: { applicationsClose: addDays(TODAY, 10) } });
    const shown = await c.get(r.headers.get('location')!);
    expect(shown.text).toContain(`Opened ${id}: Selection for the next general election, under Labour 2021, with an all-women shortlist.`);

    const before = await snapshot();
    const again = await c.post(`/constituencies/${open.id}/selections`, form());
    expect(again.status).toBe(409);
    expect(again.text).toContain(`already under way (${id}`);
    expect((await c.get(`/constituencies/${open.id}`)).text).toContain(`A selection is under way (${id})`);
    expect(await snapshot()).toBe(before);
  });
});

describe('a national officer opens an internal election', () => {
  const form = (over: Record<string, string> = {}) => ({
    title: 'Conference Arrangements Committee 2024',
    'nominations-close': addDays(TODAY, 20),
    'freeze-date': TODAY,
    'ballot-opens': addDays(TODAY, 30),
    'ballot-closes': addDays(TODAY, 50),
    ...over,
  });

  it('from the elections page, under the rulebook in force, named; one that sets no election opens none', async () => {
    const c = await officer();
    expect((await c.get('/elections')).text).toContain('href="/elections/new"');
    const f = await c.get('/elections/new');
    expect(f.status).toBe(200);
    checkAccessibleStructure(f.text);
    expect(f.text).toContain('It runs under <strong>Labour 2021</strong>, the rulebook in force.');
    expect(f.text).not.toContain('name="rulebook"');
    const before = await snapshot();
    await world.store.putOrganisationSetting('rulebook-in-force', 'libdem-readoption@1');
    const none = await c.get('/elections/new');
    expect(none.text).toContain('sets no rules for a national internal election, so none can be opened under it');
    expect(none.text).not.toContain('name="title"');
    expect((await c.post('/elections', form())).status).toBe(409);
    await world.store.putOrganisationSetting('rulebook-in-force', 'labour-2021@1');
    expect(await snapshot()).toBe(before);
    // Scrutineers see the elections but cannot open one.
    const s = await as(world.people.scrutineer.member);
    expect((await s.get('/elections')).text).not.toContain('/elections/new');
    expect((await s.get('/elections/new')).status).toBe(403);
  });

  it('refuses a missing title, bad dates, and a timetable out of order, storing nothing', async () => {
    const c = await officer();
    await c.get('/elections/new');
    const before = await snapshot();
    const cases: [Record<string, string>, number, RegExp][] = [
      [form({ title: '   ' }), 400, /Title: Enter the election’s title/],
      [form({ title: 'NEC\u0007' }), 400, /Title: Use ordinary text/],
      [form({ 'freeze-date': '01/06/2024' }), 400, /Freeze date: “01\/06\/2024” is not a date/],
      [form({ 'ballot-closes': addDays(TODAY, 25) }), 422, /out of order: the ballot opens \(2024-07-01\) must not be after the ballot closes \(2024-06-26\)/],
    ];
    for (const [fields, status, message] of cases) {
      const r = await c.post('/elections', fields);
      expect(r.status, JSON.stringify(fields)).toBe(status);
      expect(r.text).toMatch(message);
    }
    const secretaryTries = await (await as(secretary)).post('/elections', form());
    expect(secretaryTries.status).toBe(403);
    expect(await snapshot()).toBe(before);
  });

  it('opens it under the rulebook’s seats and method, logged by the officer', async () => {
    const c = await officer();
    await c.get('/elections/new');
    const r = await c.post('/elections', form());
    expect(r.status, r.text.slice(0, 500)).toBe(303);
    const id = decodeURIComponent(r.headers.get('location')!.split('/').pop()!);
    expect(id).toBe('el-conference-arrangements-1');
    const s = (await world.store.getProcess(id as never))!.state as InternalElectionState;
    expect([s.title, s.seats, s.method, s.minWomen, s.phase, s.timetable.ballotCloses]).toEqual([
      'Conference Arrangements Committee 2024',
      9,
      'stv-droop',
      4,
      'nominations',
      addDays(TODAY, 50),
    ]);
    const entry = await lastEntry();
    expect([entry.type, entry.actor]).toEqual(['election.opened', world.people.nationalOfficer.member!.id]);
    expect(entry.data).toMatchObject({ process: id, seats: 9, method: 'stv-droop', minWomen: 4 });
    expect((await c.get(r.headers.get('location')!)).text).toContain(
      `Opened ${id}: Conference Arrangements Committee 2024, under Labour 2021: 9 seats by stv-droop, at least 4 women.`,
    );
  });
});

describe('a national officer opens an internal election with its own seats, counting method and minimum of women', () => {
  const form = (over: Record<string, string> = {}) => ({
    title: 'Policy Committee',
    seats: '3',
    method: 'stv-scottish',
    'min-women': '1',
    'nominations-close': addDays(TODAY, 20),
    'freeze-date': TODAY,
    'ballot-opens': addDays(TODAY, 30),
    'ballot-closes': addDays(TODAY, 50),
    ...over,
  });

  it('offers every counting method, the rulebook’s chosen unless another is', async () => {
    const c = await officer();
    const f = await c.get('/elections/new');
    for (const m of ['plurality', 'block', 'irv', 'stv-scottish', 'stv-ers97', 'stv-meek', 'stv-droop']) expect(f.text).toContain(`value="${m}"`);
    expect(f.text).toMatch(/value="rulebook" checked/);
  });

  it('refuses a choice that could never be counted beside its field, storing nothing', async () => {
    const c = await officer();
    await c.get('/elections/new');
    const before = await snapshot();
    const cases: [Record<string, string>, number, RegExp][] = [
      [form({ seats: 'three' }), 400, /Seats: “three” is not a whole number/],
      [form({ seats: '0' }), 400, /Seats: Enter a whole number from 1 to 999 \(not 0\)/],
      [form({ method: 'borda' }), 400, /Counting method: “borda” is not one of the choices/],
      [form({ 'min-women': '-1' }), 400, /Minimum of women: “-1” is not a whole number/],
      [form({ method: 'irv', 'min-women': '0' }), 422, /Counting method: Alternative vote \(instant-runoff voting\) fills one seat, not 3/],
      [
        form({ method: 'plurality', 'min-women': '' }),
        422,
        /Minimum of women: At least 4 women must be elected, but Plurality \(first past the post\) cannot enforce a minimum of women/,
      ],
      [form({ 'min-women': '4' }), 422, /Minimum of women: At least 4 women must be elected, but there are only 3 seats/],
    ];
    for (const [fields, status, message] of cases) {
      const r = await c.post('/elections', fields);
      expect(r.status, JSON.stringify(fields)).toBe(status);
      expect(r.text).toMatch(message);
      // What was typed is kept.
      expect(r.text).toContain(`value="${fields.seats}"`);
    }
    expect(await snapshot()).toBe(before);
  });

  it('opens it with what was chosen, recorded in the audit log', async () => {
    const c = await officer();
    await c.get('/elections/new');
    const r = await c.post('/elections', form());
    expect(r.status, r.text.slice(0, 500)).toBe(303);
    const id = decodeURIComponent(r.headers.get('location')!.split('/').pop()!);
    const s = (await world.store.getProcess(id as never))!.state as InternalElectionState;
    expect([s.seats, s.method, s.minWomen, s.rulebook]).toEqual([3, 'stv-scottish', 1, 'labour-2021@1']);
    expect((await lastEntry()).data).toMatchObject({ process: id, seats: 3, method: 'stv-scottish', minWomen: 1 });
    // An empty seats field and a minimum of 0 take the rulebook's seats and no minimum.
    await c.get('/elections/new');
    const plain = await c.post('/elections', form({ title: 'Chair of the Party', seats: '', method: 'irv', 'min-women': '0' }));
    expect(plain.status, plain.text.slice(0, 500)).toBe(422);
    expect(plain.text).toMatch(/fills one seat, not 9/);
    const chair = await c.post('/elections', form({ title: 'Chair of the Party', seats: '1', method: 'irv', 'min-women': '0' }));
    expect(chair.status, chair.text.slice(0, 500)).toBe(303);
    const cs = (await world.store.getProcess(decodeURIComponent(chair.headers.get('location')!.split('/').pop()!) as never))!.state as InternalElectionState;
    expect([cs.seats, cs.method, cs.minWomen]).toEqual([1, 'irv', null]);
    expect((await c.get(chair.headers.get('location')!)).text).toContain(': 1 seat by irv. Nominations close');
    const one = await c.post('/elections', form({ title: 'Young Labour', 'min-women': '1' }));
    expect((await c.get(one.headers.get('location')!)).text).toContain(': 3 seats by stv-scottish, at least 1 woman. Nominations close');
  });
});

describe('a national officer nominates the candidates of an internal election on its page', () => {
  it('adds each to the ballot paper; a missing or repeated name is refused beside the field, the form kept, nothing stored', async () => {
    const c = await officer();
    await c.get('/elections/new');
    const opened = await c.post('/elections', {
      title: 'Disputes Panel',
      seats: '2',
      method: 'stv-ers97',
      'min-women': '1',
      'nominations-close': TODAY,
      'freeze-date': TODAY,
      'ballot-opens': addDays(TODAY, 1),
      'ballot-closes': addDays(TODAY, 2),
    });
    expect(opened.status, opened.text.slice(0, 500)).toBe(303);
    const here = opened.headers.get('location')!;
    const id = decodeURIComponent(here.split('/').pop()!);
    const page = await c.get(here);
    checkAccessibleStructure(page.text);
    expect(page.text).toContain(`action="/processes/${encodeURIComponent(id)}/steps/nominate"`);
    expect(page.text).toContain('At least 1 of the seats must go to women');
    // The officer sees what the election was opened with.
    expect(page.text).toMatch(/<dt>Seats<\/dt>\s*<dd>2<\/dd>/);
    expect(page.text).toMatch(/<dt>Counted by<\/dt>\s*<dd>ERS97 STV<\/dd>/);
    expect(page.text).toMatch(/<dt>Minimum of women<\/dt>\s*<dd>1<\/dd>/);

    const nominate = (name: string, gender: string) => c.post(`${here}/steps/nominate`, { name, gender });
    const first = await nominate('Ann Ward', 'woman');
    expect(first.status, first.text.slice(0, 500)).toBe(303);
    expect((await c.get(here)).text).toContain('Ann Ward is nominated: 1 standing for 2 seats.');
    expect((await nominate('Bob Hale', '')).status).toBe(303);

    const before = await snapshot();
    const blank = await nominate('  ', 'man');
    expect(blank.status).toBe(400);
    checkAccessibleStructure(blank.text);
    expect(blank.text).toMatch(/<title>Error: Disputes Panel/);
    expect(blank.text).toMatch(/Candidate’s name: Enter the candidate’s name\./);
    expect(blank.text).toContain('value="man"');
    const twice = await nominate('Ann Ward', 'woman');
    expect(twice.status).toBe(422);
    expect(twice.text).toMatch(/Candidate’s name: Ann Ward is already nominated \(as c1\)/);
    expect(await snapshot()).toBe(before);

    const s = (await world.store.getProcess(id as never))!.state as InternalElectionState;
    expect(s.candidates.map((x) => [x.id, x.name, x.gender])).toEqual([
      ['c1', 'Ann Ward', 'woman'],
      ['c2', 'Bob Hale', null],
    ]);
    expect((await lastEntry()).actor).toBe(world.people.nationalOfficer.member!.id);
    // A scrutineer sees the page but is offered no step, and cannot take one.
    const scrutineer = await as(world.people.scrutineer.member);
    expect((await scrutineer.get(here)).text).not.toContain('/steps/nominate');
    expect((await scrutineer.post(`${here}/steps/nominate`, { name: 'Cy Twin', gender: '' })).status).toBe(403);
  });
});

describe('the constituencies page', () => {
  it('lists every constituency for oversight roles, with a link to each and a filter', async () => {
    const c = await officer();
    const all = await world.store.listUnits({ kind: 'constituency' });
    const page = await c.get('/constituencies');
    expect(page.status).toBe(200);
    checkAccessibleStructure(page.text);
    for (const u of all) expect(page.text).toContain(`href="/constituencies/${u.id}"`);
    expect(page.text).toContain(`Showing ${all.length} of ${all.length} constituencies.`);
    const filtered = await c.get(`/constituencies?q=${encodeURIComponent(seat.name.toUpperCase())}`);
    expect(filtered.text).toContain(`href="/constituencies/${seat.id}"`);
    expect(filtered.text).toMatch(/Showing [1-9]\d* of/);
    expect(filtered.text).not.toContain(`href="/constituencies/${all.find((u) => !u.name.toLowerCase().includes(seat.name.toLowerCase()))!.id}"`);
    expect((await (await as(secretary)).get('/constituencies')).status).toBe(403);
  });
});
