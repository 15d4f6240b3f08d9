/**
 * An election of several contests on the web: a national officer ticks the rulebook's contests to
 * hold together (seats editable), each opens as its own contest linked to the election, and a
 * refused form keeps what was ticked and stores nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contestsOf, openElectionContests } from '../../../src/app/open-process.js';
import { LABOUR_2021 } from '../../../src/domain/presets.js';
import { ageOn } from '../../../src/domain/segment.js';
import { addDays } from '../../../src/domain/calendar.js';
import { checkAccessibleStructure } from '../views/html-check.js';
import { buildWorld, Client, TODAY, type World } from './fixture.js';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

const officer = () => new Client(world).actAs(world.people.nationalOfficer.member);
const form = (over: Record<string, string | string[]> = {}) => ({
  title: 'NEC elections',
  rulebook: 'labour-2021',
  'nominations-close': addDays(TODAY, 20),
  'freeze-date': TODAY,
  'ballot-opens': addDays(TODAY, 30),
  'ballot-closes': addDays(TODAY, 50),
  ...over,
});

describe('a national officer opens an election of several contests', () => {
  it("offers the rulebook's contests with who each is for and its seats, none ticked", async () => {
    const c = await officer();
    const f = await c.get('/elections/new');
    checkAccessibleStructure(f.text);
    expect(f.text).toContain('<label for="contest-youth">Youth representative</label>');
    expect(f.text).toContain('1 seat by the alternative vote, for members under 27 on the freeze date.');
    expect(f.text).toMatch(/name="seats-nec-clp"[^>]*value="9"|value="9"[^>]*name="seats-nec-clp"/);
    expect(f.text).not.toMatch(/name="contests" value="[a-z-]+" checked/);
  });

  it('opens the ticked contests with the seats given, linked to one election', async () => {
    const c = await officer();
    await c.get('/elections/new');
    const r = await c.post('/elections', form({ contests: ['nec-clp', 'youth', 'bame'], 'seats-nec-clp': '6' }));
    expect(r.status, r.text.slice(0, 800)).toBe(303);
    expect(r.headers.get('location')).toBe('/elections/el-nec-elections-1');
    const contests = await contestsOf({ store: world.store }, 'el-nec-elections-1');
    expect(contests.map((p) => [p.state.title, p.state.seats])).toEqual([
      ['NEC constituency section', 6],
      ['Youth representative', 1],
      ['BAME representative', 1],
    ]);
    const shown = await c.get(r.headers.get('location')!);
    expect(shown.text).toContain(
      'Opened NEC elections, under Labour 2021, with 3 contests: NEC constituency section, Youth representative, BAME representative.',
    );
  });

  it("lands on the election's page: its contests in order, each with its stage, candidates and electorate, linked to its page; /elections groups them", async () => {
    const c = await officer();
    await c.get('/elections/new');
    const r = await c.post('/elections', form({ title: 'Reserved places', contests: ['youth', 'disabled'], 'nominations-close': TODAY }));
    expect(r.status, r.text.slice(0, 800)).toBe(303);
    const [youth, disabled] = await contestsOf({ store: world.store }, 'el-reserved-places-1');
    expect((await c.post(`/processes/${youth!.id}/steps/nominate`, { name: 'Ann Ward', gender: 'woman' })).status).toBe(303);
    expect((await c.post(`/processes/${youth!.id}/steps/freeze-electorate`, {})).status).toBe(303);
    const page = await c.get(r.headers.get('location')!);
    expect(page.status).toBe(200);
    checkAccessibleStructure(page.text);
    const text = page.text.replace(/&#39;|&#x27;/g, "'");
    const frozen = (await world.store.processDocument(youth!.id))!;
    const e = frozen.kind === 'internal-election' ? frozen.state.electorate! : null;
    const row = (id: string, title: string) => `<tr><th scope="row"><a href="/processes/${id}">${title}</a></th>`;
    expect(text).toContain(
      `${row(youth!.id, 'Youth representative')}<td>Electorate frozen, ballot not yet open</td><td>Ann Ward</td><td>${e!.eligible.toLocaleString('en-GB')} of ${e!.total.toLocaleString('en-GB')}</td><td>voting not open yet</td></tr>`,
    );
    expect(text).toContain(
      `${row(disabled!.id, "Disabled members' representative")}<td>Taking nominations</td><td>none yet</td><td>not frozen yet</td><td>voting not open yet</td></tr>`,
    );
    expect(text.indexOf('Youth representative')).toBeLessThan(text.indexOf("Disabled members' representative"));
    const list = await c.get('/elections');
    expect(list.text).toContain('<caption><a href="/elections/el-reserved-places-1">Reserved places</a></caption>');
    expect((await c.get('/elections/no-such-election')).status).toBe(404);
  });

  it('refuses seats or a method above with contests ticked, and a contest that could not be counted, keeping the ticks and storing nothing', async () => {
    const c = await officer();
    await c.get('/elections/new');
    const before = (await world.store.listProcesses()).length;
    const both = await c.post('/elections', form({ contests: ['youth', 'wales'], seats: '3' }));
    expect(both.status).toBe(400);
    expect(both.text).toContain('leave the seats, method and minimum above as they are, or tick no contest');
    expect(both.text).toMatch(/id="contest-wales" name="contests" value="wales" checked/);
    const tooFew = await c.post('/elections', form({ contests: ['nec-clp', 'youth'], 'seats-nec-clp': '3' }));
    expect(tooFew.status).toBe(422);
    expect(tooFew.text).toContain('NEC constituency section: At least 4 women must be elected, but there are only 3 seats.');
    expect((await world.store.listProcesses()).length).toBe(before);
  });
});

describe('a member sees, per contest, whether they may vote and why', () => {
  it("judges each contest's segment on the eligibility page before the freeze, and names the contest under its election", async () => {
    const voter = world.people.voter.member!;
    const a = { store: world.store, clock: world.clock, actor: world.people.nationalOfficer.member!.id };
    const timetable = {
      nominationsClose: addDays(TODAY, 20),
      freezeDate: addDays(TODAY, 20),
      ballotOpens: addDays(TODAY, 30),
      ballotCloses: addDays(TODAY, 50),
    };
    const opened = await openElectionContests(a, LABOUR_2021, 'Members’ places 2024', timetable, [
      { contest: 'youth' },
      { contest: 'wales' },
      { contest: 'disabled' },
    ]);
    expect(opened.ok).toBe(true);
    const branch = (await world.store.getUnit(voter.branch))!;
    const constituency = (await world.store.getUnit(branch.parent!))!;
    const region = (await world.store.getUnit(constituency.parent!))!.name;

    const page = await (await new Client(world).actAs(voter)).get('/eligibility');
    expect(page.status).toBe(200);
    checkAccessibleStructure(page.text);
    const text = page.text.replace(/&#39;|&#x27;/g, "'");
    expect(text).toContain('Members’ places 2024: Youth representative');
    // The demo gives most members a date of birth; the reason says their age on the freeze date, or that there is none.
    const born = voter.born ?? null;
    const age = born === null ? null : ageOn(born, timetable.freezeDate);
    expect(text).toContain(
      age === null
        ? 'You may not vote in the Youth representative contest: there is no date of birth on your membership record (ask your membership secretary to add it), and it is for members under 27 on the freeze date.'
        : age < 27
          ? `You may vote: you were ${age} on the freeze date, and it is for members under 27.`
          : `You may not vote in the Youth representative contest: you were ${age} on the freeze date, and it is for members under 27 on the freeze date.`,
    );
    expect(text).toContain(
      region === 'Wales'
        ? 'You may vote: your branch is in Wales.'
        : `You may not vote in the Welsh representative contest: your branch is in ${region}, and it is for members whose branch is in Wales.`,
    );
    expect(text).toContain(
      (voter.selfIdentified ?? []).includes('disabled')
        ? 'You may vote: you self-identify as disabled.'
        : 'your record does not say you self-identify as disabled (you can declare it yourself before the freeze date)',
    );
  });
});

describe('a member votes in the contests of one election one after another', () => {
  it("leads from one contest's booth to the next the member may vote in, and from the last back to their ballots", async () => {
    const officerClient = await officer();
    await officerClient.get('/elections/new');
    const r = await officerClient.post('/elections', {
      title: 'Party offices',
      rulebook: 'labour-2021',
      contests: ['nec-clp', 'treasurer'],
      'seats-nec-clp': '4',
      'nominations-close': TODAY,
      'freeze-date': TODAY,
      'ballot-opens': TODAY,
      'ballot-closes': TODAY,
    });
    expect(r.status, r.text.slice(0, 400)).toBe(303);
    const [clp, treasurer] = ['el-party-offices-1-nec-clp', 'el-party-offices-1-treasurer'];
    for (const name of ['Ann Ward', 'Cath Lee', 'Eve Moss', 'Gwen Parr'])
      expect((await officerClient.post(`/processes/${clp}/steps/nominate`, { name, gender: 'woman' })).status).toBe(303);
    expect((await officerClient.post(`/processes/${treasurer}/steps/nominate`, { name: 'Tom Reed', gender: 'man' })).status).toBe(303);
    for (const id of [clp, treasurer])
      for (const step of ['freeze-electorate', 'open-ballot']) expect((await officerClient.post(`/processes/${id}/steps/${step}`, {})).status).toBe(303);

    const offices = new Set((await world.store.listOffices()).map((o) => o.member as string));
    const entry = (await world.store.electorate(clp as never)).find((e) => e.eligible && !offices.has(e.member))!;
    const voter = await new Client(world).actAs((await world.store.getMember(entry.member))!);
    const first = await voter.post(`/ballots/${clp}/cast`, { 'rank-c1': '1', 'rank-c2': '2', action: 'cast' });
    expect(first.status).toBe(200);
    expect(first.text).toContain(`<a class="button" href="/ballots/${treasurer}">Next: vote in Treasurer</a>`);
    const last = await voter.post(`/ballots/${treasurer}/cast`, { 'rank-c1': '1', action: 'cast' });
    expect(last.status).toBe(200);
    expect(last.text).not.toContain('Next: vote in');
    expect(await world.store.hasVoted(treasurer as never, entry.member)).toBe(true);
  });
});

describe('a national officer takes a step in every contest at once', () => {
  it('freezes and opens every contest that can, says what happened in each, and offers the steps to national officers alone', async () => {
    const c = await officer();
    await c.get('/elections/new');
    const r = await c.post('/elections', form({ title: 'All at once', contests: ['youth', 'treasurer'], 'nominations-close': TODAY, 'ballot-opens': TODAY }));
    expect(r.status, r.text.slice(0, 800)).toBe(303);
    const url = r.headers.get('location')!;
    const [youth, treasurer] = await contestsOf({ store: world.store }, url.split('/').at(-1)!);
    for (const name of ['Ann Ward', 'Bea Cole']) expect((await c.post(`/processes/${youth!.id}/steps/nominate`, { name })).status).toBe(303);

    const before = await c.get(url);
    checkAccessibleStructure(before.text);
    expect(before.text).toContain('<h2>Steps in every contest</h2>');
    // The treasurer's contest has nobody standing, so its electorate cannot be frozen: the youth contest's can.
    expect(before.text).toContain('1 of 2 contests can take this step now.');
    expect(before.text).toContain(`action="${url}/steps/freeze-electorate"`);

    const frozen = await c.post(`${url}/steps/freeze-electorate`, {});
    expect(frozen.status).toBe(303);
    const after = (await c.get(url)).text.replace(/&#39;|&#x27;/g, "'");
    expect(after).toMatch(/Freeze every contest’s electorate: electorate frozen in Youth representative; not in Treasurer: [^<]+\./);
    expect((await world.store.processDocument(youth!.id))!.state).toMatchObject({ phase: 'electorate-frozen' });
    expect((await world.store.processDocument(treasurer!.id))!.state).toMatchObject({ phase: 'nominations' });

    const opened = await c.post(`${url}/steps/open-ballot`, {});
    expect(opened.status).toBe(303);
    expect((await c.get(url)).text).toContain('Open every ballot: ballot opened in Youth representative; not in Treasurer: it has not reached this stage yet.');
    expect((await world.store.processDocument(youth!.id))!.state).toMatchObject({ phase: 'ballot-open' });

    // Opening again passes over the youth contest: its ballot is open already.
    await c.post(`${url}/steps/open-ballot`, {});
    expect((await c.get(url)).text).toContain(
      'Open every ballot: no contest could take it now; already done in Youth representative; not in Treasurer: it has not reached this stage yet.',
    );

    const scrutineer = await new Client(world).actAs(world.people.scrutineer.member!);
    const seen = await scrutineer.get(url);
    expect(seen.status).toBe(200);
    expect(seen.text).not.toContain('Steps in every contest');
    expect((await scrutineer.post(`${url}/steps/close-ballot`, {})).status).toBe(403);
    expect((await world.store.processDocument(youth!.id))!.state).toMatchObject({ phase: 'ballot-open' });
    expect((await c.post(`${url}/steps/nominate`, {})).status).toBe(404);
    expect((await c.post('/elections/no-such-election/steps/close-ballot', {})).status).toBe(404);
  });
});
