/**
 * Administration on the web, through the real app on a demo party: appointing and removing officers
 * by finding the member and the unit by name (no id typed or shown; the member's email shown to the
 * administrator; confirmations in names; refusals beside the field, nothing written).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Member, Unit } from '../../../src/domain/organisation.js';
import { checkAccessibleStructure } from '../views/html-check.js';
import { buildWorld, Client, type PersonaKey, type World } from './fixture.js';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

const as = (who: PersonaKey) => new Client(world).actAs(world.people[who].member);
/** What a person reads: the page without its tags (and so without the values of its fields). */
const words = (page: string): string => page.replace(/<[^>]*>/g, ' ');
const radioValue = (page: string, name: string, label: string): string => {
  const m = new RegExp(
    `<input type="radio" id="([^"]+)" name="${name}" value="([^"]+)"[^>]*>\\s*<label for="\\1">${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}</label>`,
  ).exec(page);
  if (!m) throw new Error(`no choice "${label}" for ${name}`);
  return m[2];
};

describe('appointing an officer by name', () => {
  it('finds the member and the unit by name, appoints, confirms in names, logs it, and removes likewise', async () => {
    const c = await as('administrator');
    const member: Member = world.people.outsider.member!;
    const branch: Unit = (await world.store.listUnits({ kind: 'branch' }))[3];
    const constituency = (await world.store.getUnit(branch.parent!))!;
    const region = (await world.store.getUnit(constituency.parent!))!;

    const found = await c.get(`/admin?member-name=${encodeURIComponent(member.name.toUpperCase())}&unit-name=${encodeURIComponent(branch.name.toLowerCase())}`);
    expect(found.status).toBe(200);
    checkAccessibleStructure(found.text);
    const text = words(found.text);
    expect(text).toContain(member.name);
    expect(text).toContain(member.email!);
    expect(text).toContain(`${branch.name}, ${constituency.name}, ${region.name}`);
    expect(text).not.toContain(member.id);
    expect(text).not.toContain(branch.id);

    const memberValue = radioValue(found.text, 'member', member.name);
    const unitValue = radioValue(found.text, 'unit', `${branch.name}, ${constituency.name}, ${region.name}`);
    const before = (await world.store.auditHead())!.seq;
    const r = await c.post('/admin/offices', { member: memberValue, unit: unitValue, role: 'secretary', 'member-name': member.name, 'unit-name': branch.name });
    expect(r.status, r.text.slice(0, 400)).toBe(303);
    const after = await c.get(r.headers.get('location')!);
    expect(after.text).toContain(`${member.name} is now secretary of ${branch.name}.`);
    expect(await world.store.listOffices({ member: member.id })).toEqual([{ member: member.id, unit: branch.id, role: 'secretary' }]);
    const [logged] = await world.store.auditEntries({ after: before });
    expect(logged).toMatchObject({ type: 'office.appointed', data: { member: member.id, unit: branch.id, role: 'secretary' } });
    // The table names them in words, with the member's email.
    expect(words(after.text)).toMatch(
      new RegExp(`${member.name}\\s+${member.email!.replace(/[.+]/g, '\\$&')}\\s+secretary\\s+${branch.name}, ${constituency.name}`),
    );

    const removed = await c.post('/admin/offices/remove', { member: member.id, unit: branch.id, role: 'secretary' });
    expect(removed.status).toBe(303);
    expect((await c.get('/admin')).text).toContain(`${member.name} is no longer secretary of ${branch.name}.`);
    expect(await world.store.listOffices({ member: member.id })).toEqual([]);
  });

  it('says when nothing matches, and lists several matches to choose from', async () => {
    const c = await as('administrator');
    const none = await c.get('/admin?member-name=Zzyzx&unit-name=');
    expect(none.text).toContain('No member has a name with words beginning “Zzyzx”');
    const surname = world.people.voter.member!.name.split(' ').pop()!;
    const many = await c.get(`/admin?member-name=${encodeURIComponent(surname)}`);
    expect([...many.text.matchAll(/name="member" value=/g)].length).toBeGreaterThan(1);
    expect(many.text).toContain('Find the unit by name first.');
  });

  it('refuses an office on the wrong kind of unit, or no member chosen, beside the field, keeping the search, writing nothing', async () => {
    const c = await as('administrator');
    const member = world.people.outsider.member!;
    const branch = (await world.store.listUnits({ kind: 'branch' }))[3];
    await c.get('/admin');
    const head = await world.store.auditHead();
    const wrong = await c.post('/admin/offices', {
      member: member.id,
      unit: branch.id,
      role: 'scrutineer',
      'member-name': member.name,
      'unit-name': branch.name,
    });
    expect(wrong.status).toBe(422);
    checkAccessibleStructure(wrong.text);
    expect(wrong.text).toContain(`A scrutineer is appointed to the party, and ${branch.name} is not one.`);
    // The search is shown again, the choices kept.
    expect(wrong.text).toMatch(new RegExp(`name="member" value="${member.id}" checked`));
    const none = await c.post('/admin/offices', { unit: branch.id, role: 'secretary', 'member-name': member.name });
    expect(none.status).toBe(400);
    expect(none.text).toContain('Choose the member from those found by name.');
    expect(await world.store.auditHead()).toEqual(head);
    expect(await world.store.listOffices({ member: member.id })).toEqual([]);
  });
});
