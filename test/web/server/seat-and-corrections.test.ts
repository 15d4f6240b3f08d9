/**
 * Through the web app in-process: a correction of a unit's recorded meeting
 * needs a reason and the constituency page shows when and why it was made; a
 * declared selection names the seat's candidate, and a trigger ballot on the
 * MP it replaced is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnitId } from '../../../src/domain/ids.js';
import type { SelectionState, TriggerBallotState } from '../../../src/domain/processes/index.js';
import { longDate } from '../../../src/domain/calendar.js';
import { buildWorld, Client, type World } from './fixture.js';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

const unitState = async () => ((await world.store.getProcess(world.trigger.id))!.state as TriggerBallotState).units.find((u) => u.id === world.triggerUnit)!;

describe('correcting a unit’s recorded meeting on the web', () => {
  it('refuses a correction without a reason: 400, the form kept, the message beside the field, nothing saved', async () => {
    const c = await new Client(world).actAs(world.people.triggerSecretary.member);
    const path = `/units/${world.triggerUnit}/processes/${world.trigger.id}/meeting`;
    const first = await c.post(path, { for: '3', against: '9', abstentions: '0', attendance: '14', date: '2024-05-30' });
    expect(first.status, first.text.slice(0, 400)).toBe(303);

    const form = await c.get(path);
    expect(form.text).toContain('name="reason"');
    const bare = await c.post(path, { for: '9', against: '3', abstentions: '0', attendance: '14', date: '2024-05-30', reason: '   ' });
    expect(bare.status).toBe(400);
    // The figures typed are kept, and the problem is stated at the reason field.
    expect(bare.text).toMatch(/<input id="f-for" name="for" type="number" value="9"/);
    expect(bare.text).toMatch(/id="f-reason-error"[^>]*>.*Say why the recorded meeting is being corrected/);
    expect(bare.text).toContain('aria-describedby="f-reason-hint f-reason-error"');
    const unchanged = await unitState();
    expect(unchanged.result).toMatchObject({ kind: 'meeting', for: 3, against: 9 });
    expect(unchanged.corrections).toEqual([]);

    // A request that leaves the field out altogether is refused the same way.
    const missing = await c.post(path, { for: '9', against: '3', abstentions: '0', attendance: '14', date: '2024-05-30' });
    expect(missing.status).toBe(400);
    expect((await unitState()).corrections).toEqual([]);
  });

  it('a correction with a reason is saved with it, and the constituency page says when and why', async () => {
    world.clock.set('2024-06-01T10:15:00.000Z');
    const c = await new Client(world).actAs(world.people.triggerSecretary.member);
    const path = `/units/${world.triggerUnit}/processes/${world.trigger.id}/meeting`;
    const reason = 'the secretary entered the votes the wrong way round';
    const r = await c.post(path, { for: '9', against: '3', abstentions: '0', attendance: '14', date: '2024-05-30', reason });
    expect(r.status, r.text.slice(0, 400)).toBe(303);
    const unit = await unitState();
    expect(unit.result).toMatchObject({ kind: 'meeting', for: 9, against: 3 });
    expect(unit.corrections).toHaveLength(1);
    expect(unit.corrections[0]).toMatchObject({ reason, by: world.people.triggerSecretary.member!.id, previous: { for: 3, against: 9 } });

    const page = await c.get(`/constituencies/${world.trigger.constituency}`);
    expect(page.status).toBe(200);
    const text = page.text.replace(/<[^>]+>/g, '');
    expect(text).toContain(`${unit.name}: corrected on ${longDate('2024-06-01' as never)} — ${reason}`);
  });
});

describe('a declared selection and the seat’s candidate', () => {
  it('names the winner as the seat’s candidate and refuses a trigger ballot on the MP replaced', async () => {
    const seat = world.counted.constituency as UnitId;
    const constituency = (await world.store.getUnit(seat))!;
    await world.store.putIncumbent({ constituency: seat, name: 'Sam Tarry', member: null, gender: 'man', suspended: false, parentalLeaveEnded: null });
    world.clock.set('2024-06-06T12:00:00.000Z');
    const officer = await new Client(world).actAs(world.people.nationalOfficer.member);

    // The fixture's selection is counted and declared (its results are public), so the seat has chosen.
    const s = (await world.store.getProcess(world.counted.id))!.state as SelectionState;
    expect(s.phase).toBe('declared');
    const winner = s.declaration!.name;
    const selectedOn = s.declaration!.at.slice(0, 10);

    const page = await officer.get(`/constituencies/${seat}`);
    const text = page.text.replace(/<[^>]+>/g, '');
    expect(text).toContain(`Hustings Demo Party candidate for ${constituency.name}: ${winner}, selected on ${longDate(selectedOn as never)}.`);
    // The MP stays the sitting representative until an election.
    expect(text).toContain('Sitting representative: Sam Tarry.');
    const refusal = `${constituency.name} has already selected ${winner} as its candidate; a trigger ballot on Sam Tarry is no longer possible`;
    expect(text).toContain(refusal);
    expect(page.text).not.toContain('Open a trigger ballot on Sam Tarry');

    const reviewsBefore = (await world.store.listProcesses({ kind: 'trigger-ballot', constituency: seat })).length;
    const form = await officer.get(`/constituencies/${seat}/trigger-ballots/new`);
    expect(form.status).toBe(409);
    expect(form.text).toContain(refusal);
    const post = await officer.post(`/constituencies/${seat}/trigger-ballots`, { rulebook: 'labour-2021', closes: '2024-08-01' });
    expect(post.status).toBe(409);
    expect(post.text).toContain(refusal);
    expect((await world.store.listProcesses({ kind: 'trigger-ballot', constituency: seat })).length).toBe(reviewsBefore);
  });
});
