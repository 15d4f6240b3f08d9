/**
 * A member declaring and withdrawing the characteristics they self-identify with, on their own
 * page: stored on their record only, logged without saying which, never shown to anyone else;
 * refused (nothing written) without the CSRF token or with a word not on the list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Member } from '../../../src/domain/organisation.js';
import { readAuditLog } from '../../../src/store/audit-rows.js';
import { checkAccessibleStructure } from '../views/html-check.js';
import { buildWorld, Client, type World } from './fixture.js';

let world: World;
/** Two members with nothing declared: one who declares, and another who must never see it. */
let declarer: Member;
let other: Member;

beforeAll(async () => {
  world = await buildWorld();
  const officers = new Set((await world.store.listOffices()).map((o) => o.member as string));
  const plain: Member[] = [];
  for await (const m of world.store.membersOf((await world.store.listUnits({ kind: 'branch' })).map((b) => b.id))) {
    if (!officers.has(m.id) && (m.selfIdentified ?? []).length === 0) plain.push(m);
    if (plain.length === 2) break;
  }
  [declarer, other] = plain;
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

const PAGE = '/eligibility/self-identification';
const as = (m: Member | null) => new Client(world).actAs(m);
const auditLength = async () => (await readAuditLog(world.store)).length;

describe('the member’s own self-identification page', () => {
  it('is linked from their eligibility page, says it is private and what the freeze date means, and shows nothing declared', async () => {
    const c = await as(declarer);
    expect((await c.get('/eligibility')).text).toContain(`href="${PAGE}"`);
    const page = await c.get(PAGE);
    expect(page.status).toBe(200);
    checkAccessibleStructure(page.text);
    expect(page.text).toContain('This is private.');
    expect(page.text).toContain('does not change that contest’s frozen electorate');
    expect(page.text).toContain('Nothing: you have not said that you self-identify with any of these.');
    expect(page.text).toContain('name="characteristic" value="disabled"');
    expect(page.text).not.toMatch(/value="disabled" checked/);
  });

  it('declares characteristics: stored on the member’s record, logged as changed without saying which, shown back ticked', async () => {
    const c = await as(declarer);
    await c.get(PAGE);
    const before = await auditLength();
    const saved = await c.post(PAGE, { characteristic: ['disabled', 'bame'] });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(PAGE);
    expect((await world.store.getMember(declarer.id))?.selfIdentified).toEqual(['bame', 'disabled']);
    const log = await readAuditLog(world.store);
    expect(log.length).toBe(before + 1);
    const entry = log.at(-1)!;
    expect([entry.type, entry.actor, entry.data]).toEqual(['member.self-identification-updated', declarer.id, {}]);
    expect(JSON.stringify(entry)).not.toMatch(/disabled|bame/i);

    const page = await c.get(PAGE);
    expect(page.text).toContain('Your answers are saved.');
    expect(page.text).toContain('You self-identify as: Disabled; Black, Asian or minority ethnic (BAME).');
    expect(page.text).toMatch(/value="disabled" checked/);
    expect(page.text).toMatch(/value="bame" checked/);
    expect(page.text).not.toMatch(/value="lgbt\+" checked/);
  });

  it('saving the same answers again writes and logs nothing', async () => {
    const c = await as(declarer);
    await c.get(PAGE);
    const before = await auditLength();
    expect((await c.post(PAGE, { characteristic: ['bame', 'disabled'] })).status).toBe(303);
    expect(await auditLength()).toBe(before);
    expect((await c.get(PAGE)).text).toContain('nothing changed');
  });

  it('is only ever the member’s own: another member sees their own empty record, and a member field in the form changes nobody else', async () => {
    const c = await as(other);
    const page = await c.get(PAGE);
    expect(page.text).toContain('Nothing: you have not said that you self-identify with any of these.');
    expect(page.text).not.toContain(declarer.name);
    expect((await c.post(PAGE, { characteristic: 'lgbt+', member: declarer.id })).status).toBe(303);
    expect((await world.store.getMember(declarer.id))?.selfIdentified).toEqual(['bame', 'disabled']);
    expect((await world.store.getMember(other.id))?.selfIdentified).toEqual(['lgbt+']);
    // Withdrawn again, so this member's record is as it was.
    expect((await c.post(PAGE, {})).status).toBe(303);
    expect((await world.store.getMember(other.id))?.selfIdentified).toBeUndefined();
  });

  it('the audit log page shows officers that a member changed their answers, never what they are', async () => {
    const scrutineer = await as(world.people.scrutineer.member);
    const log = await scrutineer.get('/audit');
    expect(log.status).toBe(200);
    expect(log.text).toContain('member.self-identification-updated');
    expect(log.text).not.toMatch(/"disabled"|"bame"|lgbt\+/);
  });

  it('refuses without the CSRF token, or with a word not on the list (kept beside the field); nothing is written', async () => {
    const c = await as(declarer);
    await c.get(PAGE);
    const before = await auditLength();
    const forged = await c.post(PAGE, { characteristic: 'lgbt+' }, { csrf: null });
    expect(forged.status).toBe(403);
    const wrongToken = await c.post(PAGE, { characteristic: 'lgbt+' }, { csrf: 'not-the-token' });
    expect(wrongToken.status).toBe(403);
    await c.get(PAGE);
    const unknown = await c.post(PAGE, { characteristic: ['disabled', 'martian'] });
    expect(unknown.status).toBe(400);
    checkAccessibleStructure(unknown.text);
    expect(unknown.text).toContain('“martian” is not one of the choices');
    expect(unknown.text).toContain('Nothing was saved.');
    expect(unknown.text).toMatch(/value="disabled" checked/);
    expect(unknown.text).not.toMatch(/value="bame" checked/);
    expect((await world.store.getMember(declarer.id))?.selfIdentified).toEqual(['bame', 'disabled']);
    expect(await auditLength()).toBe(before);
  });

  it('withdraws every answer when none is ticked', async () => {
    const c = await as(declarer);
    await c.get(PAGE);
    const before = await auditLength();
    expect((await c.post(PAGE, {})).status).toBe(303);
    expect((await world.store.getMember(declarer.id))?.selfIdentified).toBeUndefined();
    expect(await auditLength()).toBe(before + 1);
    expect((await c.get(PAGE)).text).toContain('Nothing: you have not said that you self-identify with any of these.');
  });

  it('cannot be reached signed out', async () => {
    const c = await as(null);
    expect((await c.get(PAGE)).status).toBe(303);
    expect((await c.post(PAGE, { characteristic: 'bame' })).status).toBe(401);
  });
});
