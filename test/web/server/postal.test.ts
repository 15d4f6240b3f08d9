/**
 * A union's statutory postal ballot on the web: the independent scrutineer's desk, the register of
 * paper numbers (the scrutineer's alone: a national officer is refused it, and no page an officer
 * may see ties a member to a number), the returns log with its refusals beside the field, a file
 * of scanned papers with problems by line, and the report as a page and a PDF.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openElection } from '../../../src/app/open-process.js';
import { addDays } from '../../../src/domain/calendar.js';
import type { ProcessId } from '../../../src/domain/ids.js';
import { UNION_EXECUTIVE_STATUTORY } from '../../../src/domain/presets.js';
import { applyStep, freezeElectorate } from '../../app/steps.js';
import { checkAccessibleStructure } from '../views/html-check.js';
import { buildWorld, Client, TODAY, type World } from './fixture.js';

let world: World;
let id = '' as ProcessId;
beforeAll(async () => {
  world = await buildWorld();
  const a = { store: world.store, clock: world.clock, actor: 'officer' };
  const opened = await openElection(
    a,
    UNION_EXECUTIVE_STATUTORY,
    'Union executive',
    {
      nominationsClose: TODAY,
      freezeDate: TODAY,
      ballotOpens: addDays(TODAY, 1),
      ballotCloses: addDays(TODAY, 20),
    },
    'union',
    { seats: 1, method: 'plurality' },
  );
  if (!opened.ok) throw new Error(opened.error.message);
  id = opened.value.id as ProcessId;
  for (const name of ['Ann Ash', 'Bob Birch']) await applyStep(a, id, 'internal-election', { type: 'nominate', name, gender: null });
  await freezeElectorate(a, id, 'internal-election');
}, 180_000);
afterAll(async () => {
  await world?.cleanup();
});

const scrutineer = () => new Client(world).actAs(world.people.scrutineer.member);
const officer = () => new Client(world).actAs(world.people.nationalOfficer.member);

describe('the scrutineer’s postal ballot', () => {
  it('is reached from the election’s page: the desk by its scrutineer, the report by those with oversight', async () => {
    const s = await (await scrutineer()).get(`/processes/${id}`);
    expect(s.text).toContain(`<a href="/postal/${id}">The postal ballot: papers, returns and count (as its scrutineer)</a>`);
    const o = await (await officer()).get(`/processes/${id}`);
    expect(o.text).not.toContain(`href="/postal/${id}"`);
    expect(o.text).toContain(`<a href="/postal/${id}/report">`);
  });

  it('is not the paper-vote desk: an officer is sent to the scrutineer, in one sentence ending with one full stop, before nothing was saved', async () => {
    const r = await (await officer()).get(`/processes/${id}/paper-votes`);
    expect(r.status).toBe(409);
    expect(r.text).toContain('its numbered papers go back to the independent scrutineer, who logs them on the postal ballot&#39;s page. Nothing was saved.');
    expect(r.text).not.toContain('page.. Nothing');
  });

  it('issues the papers, keeping the form and saying what is wrong beside the field', async () => {
    const c = await scrutineer();
    const desk = await c.get(`/postal/${id}`);
    expect(desk.status).toBe(200);
    checkAccessibleStructure(desk.text);
    expect(desk.text).toContain('Issue the voting papers');
    const bad = await c.post(`/postal/${id}/act/issue`, { scrutineer: '', returnAddress: 'Freepost RTXX, London N1 1AA' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('Name the independent scrutineer');
    expect(bad.text).toContain('value="Freepost RTXX, London N1 1AA"');
    const good = await c.post(`/postal/${id}/act/issue`, { scrutineer: 'Civica Election Services', returnAddress: 'Freepost RTXX, London N1 1AA' });
    expect(good.status).toBe(303);
    const after = await c.get(`/postal/${id}`);
    expect(after.text).toMatch(/numbered papers were issued/);
    expect(after.text).toContain('Log a paper that came back');
  });

  it('shows the register to the scrutineer alone, logging each reading; never to an officer', async () => {
    const c = await scrutineer();
    const before = (await world.store.auditEntriesOf(id, 'postal.register-inspected')).length;
    const reg = await c.get(`/postal/${id}/register`);
    expect(reg.status).toBe(200);
    checkAccessibleStructure(reg.text);
    expect(reg.text).toMatch(/<tr><td>1<\/td><td>[^<]+<\/td><td>[^<]+<\/td><td>issued<\/td><\/tr>/);
    expect((await world.store.auditEntriesOf(id, 'postal.register-inspected')).length).toBe(before + 1);
    const o = await officer();
    for (const path of [`/postal/${id}/register`, `/postal/${id}`]) expect((await o.get(path)).status, path).toBe(403);
    expect((await o.post(`/postal/${id}/act/returns`, { number: '1' })).status).toBe(403);
  });

  it('logs returns by number: a mistyped or unknown number is refused beside the field; a second return is a duplicate', async () => {
    world.clock.set(`${addDays(TODAY, 1)}T09:00:00.000Z`);
    await applyStep({ store: world.store, clock: world.clock, actor: 'officer' }, id, 'internal-election', { type: 'open-ballot' });
    // Open, and still no paper-vote desk for officers: the papers go back to the scrutineer.
    expect((await (await officer()).get(`/processes/${id}`)).text).not.toContain('Record votes made on paper');
    const c = await scrutineer();
    await c.get(`/postal/${id}`);
    const typo = await c.post(`/postal/${id}/act/returns`, { number: 'l2', receivedOn: '' });
    expect(typo.status).toBe(422);
    expect(typo.text).toContain('&quot;l2&quot; is not a paper number');
    expect(typo.text).toContain('value="l2"');
    const unknown = await c.post(`/postal/${id}/act/returns`, { number: '99999999', receivedOn: '' });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('No paper numbered 99999999 was issued in this ballot');
    const first = await c.post(`/postal/${id}/act/returns`, { number: '1', receivedOn: '' });
    expect(first.status).toBe(303);
    expect((await c.get(`/postal/${id}`)).text).toContain('Paper 1: received in time: it will be counted.');
    await c.post(`/postal/${id}/act/returns`, { number: '1', receivedOn: '' });
    expect((await c.get(`/postal/${id}`)).text).toContain('Paper 1: already returned: recorded again, not counted twice.');
    await c.post(`/postal/${id}/act/returns`, { number: '2', receivedOn: '' });
    const spoilt = await c.post(`/postal/${id}/act/spoil`, { number: '3' });
    expect(spoilt.status).toBe(303);
    expect((await c.get(`/postal/${id}`)).text).toMatch(/Paper 3 is void; its member is issued paper \d+\./);
  });

  it('enters a file of scanned papers, listing the lines it could not enter', async () => {
    const c = await scrutineer();
    await c.get(`/postal/${id}`);
    const csv = 'paper,Bob Birch,Ann Ash\n1,,X\n2,X,X\n5,X,\n';
    const r = await c.postFiles(`/postal/${id}/scans`, {}, { file: { name: 'scan.csv', type: 'text/csv', bytes: new TextEncoder().encode(csv) } });
    expect(r.status).toBe(422);
    expect(r.text).toContain('2 papers were entered from scan.csv. These lines were not:');
    expect(r.text).toContain('Line 4: Paper 5 is not logged as received in time, so it has no marks to enter.');
  });

  it('gives officers the report, figures only (no member beside a number), as a page and a PDF', async () => {
    const o = await officer();
    const report = await o.get(`/postal/${id}/report`);
    expect(report.status).toBe(200);
    checkAccessibleStructure(report.text);
    expect(report.text).toContain('Received in time');
    expect(report.text).toContain('Returned twice (not counted again)');
    const register = await world.store.postalRegister(id, { limit: 5 });
    const names = await world.store.membersById(register.map((l) => l.member));
    for (const m of names) expect(report.text).not.toContain(m.name);
    const pdf = await o.getRaw(`/postal/${id}/report.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
  });
});
