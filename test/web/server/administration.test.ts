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

/** A form with a file, as a browser sends it (multipart/form-data). */
function multipart(fields: Record<string, string>, file?: { readonly name: string; readonly text: string }): { body: string; type: string } {
  const boundary = '----hustings-test-boundary';
  let body = '';
  for (const [k, v] of Object.entries(fields)) body += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  if (file) body += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n${file.text}\r\n`;
  return { body: `${body}--${boundary}--\r\n`, type: `multipart/form-data; boundary=${boundary}` };
}

describe('importing from the membership system on the web', () => {
  const send = async (c: Client, fields: Record<string, string>, file?: { name: string; text: string }) => {
    const { body, type } = multipart({ _csrf: c.csrf, ...fields }, file);
    return c.post('/admin/import', body, { contentType: type });
  };

  it('checks a file (every bad row listed, nothing written), then imports a good one all at once, showing and logging its effect', async () => {
    const c = await as('administrator');
    const form = await c.get('/admin/import');
    expect(form.status).toBe(200);
    checkAccessibleStructure(form.text);
    expect(form.text).toContain('enctype="multipart/form-data"');

    const branch = (await world.store.listUnits({ kind: 'branch' }))[0];
    const stored = world.people.outsider.member!;
    const header = 'member_id,name,email,branch_id,joined,status,status_since\n';
    const bad = `${header}W1,Wendy New,wendy@example.org,${branch.id},2024-01-01,current,\nW2,,,${branch.id},2024-01-01,current,\nW3,Will Third,,no-such-branch,2024-13-01,current,\n`;
    const before = { members: await world.store.countMembers(), head: (await world.store.auditHead())!.seq };
    for (const run of ['check', 'import']) {
      const refused = await send(c, { what: 'members', run }, { name: 'export.csv', text: bad });
      expect(refused.status).toBe(422);
      checkAccessibleStructure(refused.text);
      expect(refused.text).toContain('export.csv: nothing was imported');
      // Every bad row, by line and field.
      expect(refused.text).toMatch(/<th scope="row">3<\/th><td>name<\/td>/);
      expect(refused.text).toMatch(/<th scope="row">4<\/th><td>branch_id<\/td>/);
      expect(refused.text).toMatch(/<th scope="row">4<\/th><td>joined<\/td>/);
    }
    expect(await world.store.countMembers()).toBe(before.members);
    expect(await world.store.getMember('W1' as never)).toBeNull();

    // The refused real run is logged as started and refused; the check is not logged.
    const refusedLog = await world.store.auditEntries({ after: before.head });
    expect(refusedLog.map((e) => e.type)).toEqual(['import.started', 'import.finished']);
    expect(refusedLog[1].data).toMatchObject({ outcome: 'refused', problems: 3, added: null });

    const lapsing = `${stored.id},${stored.name},${stored.email},${stored.branch},${stored.joined},lapsed,2024-05-01\n`;
    const good = `${header}W1,Wendy New,wendy@example.org,${branch.id},2024-01-01,current,\n${lapsing}`;
    const checked = await send(c, { what: 'members', run: 'check' }, { name: 'export.csv', text: good });
    expect(checked.status).toBe(200);
    expect(checked.text).toContain('export.csv: all 2 members are valid');
    expect(checked.text).toContain('Nothing was written.');
    expect(checked.text).toContain('1 added: Wendy New');
    expect(checked.text).toContain(`1 of them lapsed: ${stored.name}`);
    expect(await world.store.getMember('W1' as never)).toBeNull();

    const mark = (await world.store.auditHead())!.seq;
    const imported = await send(c, { what: 'members', run: 'import' }, { name: 'export.csv', text: good });
    expect(imported.status).toBe(200);
    expect(imported.text).toContain('export.csv: imported 2 members');
    expect(imported.text).toContain('1 changed: ' + stored.name);
    expect(await world.store.countMembers()).toBe(before.members + 1);
    expect((await world.store.getMember(stored.id))!.statusHistory.at(-1)).toEqual({ from: '2024-05-01', status: 'lapsed' });
    const [started, finished] = await world.store.auditEntries({ after: mark });
    expect(started).toMatchObject({ actor: world.people.administrator.member!.id, type: 'import.started', data: { what: 'members', file: 'export.csv' } });
    expect(finished.data).toMatchObject({ outcome: 'imported', rows: 2, added: 1, changed: 1, lapsed: 1 });
  });

  it('refuses a form without a file or a choice beside the field, and anyone but an administrator', async () => {
    const c = await as('administrator');
    await c.get('/admin/import');
    const none = await send(c, { run: 'check' });
    expect(none.status).toBe(400);
    expect(none.text).toContain('Choose the CSV file to send.');
    expect(none.text).toContain('Choose whether the file holds members or units.');
    checkAccessibleStructure(none.text);
    const officer = await as('nationalOfficer');
    expect((await officer.get('/admin/import')).status).toBe(403);
    // An upload larger than the limit is refused before it is read.
    const big = await world.app.request('/admin/import', {
      method: 'POST',
      headers: {
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': String(world.config.uploadLimit + 1),
        cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    expect(big.status).toBe(413);
  });
});

describe('the rulebook in force', () => {
  it('is the current Labour rulebook until an administrator names another, which is logged', async () => {
    const c = await as('administrator');
    const admin = await c.get('/admin');
    expect(admin.text).toContain('runs under <strong>Labour 2021</strong> (the default');
    const head = (await world.store.auditHead())!.seq;
    const set = await c.post('/admin/rulebook', { rulebook: 'labour-2018' });
    expect(set.status).toBe(303);
    const after = await c.get('/admin');
    expect(after.text).toContain('Labour 2018 is now the rulebook in force.');
    expect(after.text).toContain('runs under <strong>Labour 2018</strong>.');
    const [logged] = await world.store.auditEntries({ after: head });
    expect(logged).toMatchObject({ type: 'organisation.rulebook-set', data: { rulebook: 'labour-2018@1', previous: null } });
    expect((await c.post('/admin/rulebook', { rulebook: 'labour-2099' })).status).toBe(400);
    await c.post('/admin/rulebook', { rulebook: 'labour-2021' });
    expect(await world.store.organisationSetting('rulebook-in-force')).toBe('labour-2021@1');
  });
});
