/**
 * Officers run trigger ballots and selections from the process page, on the
 * demo party through the real app: a unit's decision entered as it arrived,
 * attributed to the officer; every step shown, those not possible now disabled
 * with the reason; a refused step back with a headline, the problem beside it
 * and the choices kept; a declaration recorded with who, when and the figures;
 * a member's own constituency as it goes; a secretary of several units.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longDate } from '../../../src/domain/calendar.js';
import type { ProcessId } from '../../../src/domain/ids.js';
import type { SelectionState, TriggerBallotState } from '../../../src/domain/processes/index.js';
import { isWoman } from '../../../src/domain/processes/index.js';
import { buildWorld, Client, type World } from './fixture.js';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

const stateOf = async <S>(id: string): Promise<S> => (await world.store.getProcess(id as ProcessId))!.state as S;
const officer = async () => new Client(world).actAs(world.people.nationalOfficer.member);

describe('a trigger ballot run from its page', () => {
  it('shows each unit’s standing and closing disabled with the reason while units are still to decide', async () => {
    const c = await officer();
    const page = await c.get(`/processes/${world.trigger.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Record a unit’s decision');
    expect(page.text).toContain('no decision yet');
    const s = await stateOf<TriggerBallotState>(world.trigger.id);
    const close = page.text.slice(page.text.indexOf('Close the trigger ballot</h3>'));
    expect(close).toMatch(/<button type="button" class="button" disabled/);
    expect(close).toContain(`The ballot closes on ${longDate(s.closes)}`);
    expect(page.text).not.toContain('ballot-open');
  });

  it('enters a decision as it arrived by letter, attributed to the officer in the state, the page and the audit log', async () => {
    const c = await officer();
    const here = `/processes/${world.trigger.id}`;
    const unit = world.triggerUnit;
    const missing = await c.post(`${here}/steps/record-meeting`, { unit, met: 'met', via: 'letter', received: '2024-06-01', for: '9', attendance: '14' });
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('Enter the votes against.');
    expect(missing.text).toMatch(/name="for" type="number" value="9"/);

    const r = await c.post(`${here}/steps/record-meeting`, {
      unit,
      met: 'met',
      via: 'letter',
      received: '2024-06-01',
      for: '9',
      against: '3',
      abstentions: '0',
      attendance: '14',
      'meeting-date': '2024-05-30',
    });
    expect(r.status, r.text.slice(0, 600)).toBe(303);
    const officerMember = world.people.nationalOfficer.member!;
    const result = (await stateOf<TriggerBallotState>(world.trigger.id)).units.find((u) => u.id === unit)!.result;
    expect(result).toMatchObject({ kind: 'meeting', for: 9, against: 3, by: officerMember.id, arrived: { via: 'letter', received: '2024-06-01' } });
    expect((await c.get(here)).text).toContain(`recorded by ${officerMember.name} from a letter received 1 June 2024`);
    const [entry] = (await world.store.auditEntriesOf(world.trigger.id as ProcessId, 'trigger.meeting-recorded')).slice(-1);
    expect(entry).toMatchObject({ actor: officerMember.id, data: { unit, arrivedBy: 'letter', received: '2024-06-01', for: 9 } });

    // A second decision for the same unit is refused beside the unit, with a headline in words, and nothing changes.
    const again = await c.post(`${here}/steps/record-meeting`, { unit, met: 'did-not-meet', via: 'email', received: '2024-06-01' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('The unit’s decision was not recorded');
    expect(again.text).toContain('already has a decision recorded: it met on 30 May 2024');
    expect(again.text).toMatch(/class="fieldset field field-error"|field field-error/);
    expect((await stateOf<TriggerBallotState>(world.trigger.id)).units.find((u) => u.id === unit)!.result).toMatchObject({ kind: 'meeting' });
  });

  it('records a unit that did not meet, from an email: neither for nor against', async () => {
    const c = await officer();
    const pending = (await stateOf<TriggerBallotState>(world.trigger.id)).units.find((u) => u.result === null)!;
    const r = await c.post(`/processes/${world.trigger.id}/steps/record-meeting`, {
      unit: pending.id,
      met: 'did-not-meet',
      via: 'email',
      received: '2024-06-01',
    });
    expect(r.status, r.text.slice(0, 600)).toBe(303);
    const after = (await stateOf<TriggerBallotState>(world.trigger.id)).units.find((u) => u.id === pending.id)!.result;
    expect(after).toMatchObject({ kind: 'absent', arrived: { via: 'email' } });
    expect((await c.get(`/processes/${world.trigger.id}`)).text).toContain(`${pending.name}: did not meet; recorded by`);
  });
});

describe('a selection run from its page', () => {
  it('shows each candidate’s standing, the longlist disabled until nominations close, and a step of a later stage refused with the step to take first', async () => {
    const c = await officer();
    const here = `/processes/${world.nominating.id}`;
    const s = await stateOf<SelectionState>(world.nominating.id);
    const page = await c.get(here);
    expect(page.text).toContain('applied on');
    expect(page.text).toMatch(/nominated by|not nominated/);
    const longlist = page.text.slice(page.text.indexOf('Set the longlist</h3>'));
    expect(longlist).toContain(`Nominations are open until ${longDate(s.timetable.nominationsClose)}`);
    expect(longlist).toMatch(/disabled/);

    const declare = await c.post(`${here}/steps/declare`, {});
    expect(declare.status).toBe(409);
    expect(declare.text).toContain('The result cannot be declared');
    expect(declare.text).toContain('Not possible yet: first, “Set the longlist”.');
    expect((await stateOf<SelectionState>(world.nominating.id)).phase).toBe('nominations');
  });

  it('refuses a longlist the rules do not allow with that headline, the problem beside the list and the boxes still ticked', async () => {
    const s = await stateOf<SelectionState>(world.nominating.id);
    world.clock.set(`${s.timetable.nominationsClose}T10:00:00.000Z`);
    const c = await officer();
    const men = s.candidates.filter((x) => x.withdrawn === null && !isWoman(x.gender) && !x.incumbent).map((x) => x.id);
    const chosen = men.length > 0 ? men : ['c999'];
    const r = await c.post(`/processes/${world.nominating.id}/steps/set-longlist`, { candidate: chosen });
    expect([409, 422]).toContain(r.status);
    expect(r.text).toContain('The rules do not allow this longlist');
    expect(r.text).toContain('Nothing was saved.');
    if (men.length > 0) for (const id of men) expect(r.text).toMatch(new RegExp(`value="${id}" checked`));
    expect((await stateOf<SelectionState>(world.nominating.id)).longlist).toBeNull();
  });
});

describe('declaring a result', () => {
  it('records who declared, when and the figures, shown on the public results page and in the audit log', async () => {
    const s = await stateOf<SelectionState>(world.voting.id);
    world.clock.set(`${s.timetable.ballotCloses}T18:00:00.000Z`);
    const c = await new Client(world).actAs(world.people.proceduresSecretary.member);
    const here = `/processes/${world.voting.id}`;
    expect((await c.post(`${here}/steps/close-ballot`, {})).status).toBe(303);
    expect((await c.post(`${here}/steps/record-count`, {})).status).toBe(303);
    expect((await c.get(here)).text).toContain('not yet declared');
    expect((await c.post(`${here}/steps/declare`, {})).status).toBe(303);

    const declared = await stateOf<SelectionState>(world.voting.id);
    const who = world.people.proceduresSecretary.member!;
    expect(declared.declaration).toMatchObject({ by: who.id, figures: { elected: [declared.declaration!.name] } });
    const anon = await new Client(world).actAs(null);
    const results = await anon.get(`/results/${world.voting.id}`);
    expect(results.status).toBe(200);
    expect(results.text).toContain(`Declared by ${who.name} on`);
    expect(results.text).toContain('Figures announced at the declaration');
    const [entry] = await world.store.auditEntriesOf(world.voting.id as ProcessId, 'selection.declared');
    expect(entry).toMatchObject({ actor: who.id, data: { winner: declared.declaration!.winner, ballots: declared.count!.ballots } });
    expect((entry!.data as { figures: string[] }).figures.length).toBe(declared.count!.candidates.length);
    // Finished: every step is shown disabled, and the page says there is nothing left to do.
    expect((await c.get(here)).text).toContain('None: this process has finished.');
  });
});

describe('members and secretaries', () => {
  it('a member sees their own constituency’s trigger ballot as it goes, from the navigation', async () => {
    const c = await new Client(world).actAs(world.people.triggerSecretary.member);
    const home = await c.get('/ballots');
    expect(home.text).toContain('href="/my-constituency"');
    const mine = await c.get('/my-constituency');
    expect(mine.status).toBe(200);
    expect(mine.text).toContain('Trigger ballot');
    expect(mine.text).toMatch(/\d+ of \d+ units have recorded a decision/);
    const voter = await new Client(world).actAs(world.people.voter.member);
    const theirs = await voter.get('/my-constituency');
    expect(theirs.status).toBe(200);
    expect(theirs.text).toContain('Selection');
  });

  it('a secretary of a branch and affiliated branches sees each of them on their unit page', async () => {
    const offices = (await world.store.listOffices()).filter((o) => o.role === 'secretary');
    const held = new Map<string, string[]>();
    for (const o of offices) held.set(o.member, [...(held.get(o.member) ?? []), o.unit]);
    const [member, units] = [...held].find(([, u]) => u.length > 1)!;
    const c = await new Client(world).actAs((await world.store.getMember(member as never))!);
    const page = await c.get(`/units/${encodeURIComponent(units[0]!)}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Your other units');
    const other = (await world.store.getUnit(units[1]! as never))!;
    expect(page.text).toContain(other.name);
    expect((await c.get(`/units/${encodeURIComponent(units[1]!)}`)).status).toBe(200);
  });
});

describe('a finished process', () => {
  it('says every step has been taken, with no disabled buttons of steps past', async () => {
    const c = await new Client(world).actAs(world.people.nationalOfficer.member);
    const page = await c.get(`/processes/${world.counted.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Every step of this process has been taken: it has finished.');
    expect(page.text).not.toContain('Not possible any more');
    expect(page.text).not.toMatch(/<button type="button" class="button" disabled/);
  });
});
