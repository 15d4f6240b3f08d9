/**
 * The administrators' list of members whose address refuses mail, through the real app on a demo
 * party: failures recorded through the store's outbox (a notice, its messages claimed, each failing
 * for good), listed by name with the address, why in plain words, the days and how many times,
 * and nothing about which notice or process; for administrators only. Correcting an address takes
 * the member off the list and is logged; a refused correction keeps the form with the problem
 * beside the field and saves nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemberId } from '../../../src/domain/ids.js';
import type { Member } from '../../../src/domain/organisation.js';
import { checkAccessibleStructure } from '../views/html-check.js';
import { buildWorld, Client, type PersonaKey, type World } from './fixture.js';

let world: World;
/** Members with an address and no office, none of them a persona: the ones whose mail fails. */
const spare: Member[] = [];

beforeAll(async () => {
  world = await buildWorld();
  const taken = new Set<string>([
    ...(await world.store.listOffices()).map((o) => o.member),
    ...Object.values(world.people).flatMap((p) => (p.member ? [p.member.id] : [])),
  ]);
  for await (const m of world.store.membersOf((await world.store.listUnits({ kind: 'branch' })).map((b) => b.id))) {
    if (m.email && !taken.has(m.id)) spare.push(m);
    if (spare.length === 60) break;
  }
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

const PAGE = '/admin/mail-failures';
const as = (who: PersonaKey) => new Client(world).actAs(world.people[who].member);
/** What a person reads: the page without its tags (and so without the values of its fields). */
const words = (page: string): string => page.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');

let notices = 0;
/** Mail to `members` refused for good with `reason` at `at`: a notice for them, its messages claimed and failed through the store's outbox. */
async function refuse(members: readonly Member[], reason: string, at: string): Promise<void> {
  const id = `test-failing-${++notices}`;
  await world.store.putNotice(
    {
      id,
      kind: 'ballot-reminder',
      process: world.voting.id,
      audience: { members: members.map((m) => m.id as MemberId) },
      params: {},
      sendAt: at,
      private: false,
      createdBy: 'test',
    },
    at,
  );
  const mine = [];
  for (;;) {
    const claimed = await world.store.claimMessages(`test-${id}`, 1000, at, 600_000);
    mine.push(...claimed.filter((m) => m.notice === id));
    if (claimed.length === 0 || mine.length === members.length) break;
  }
  expect(mine.length).toBe(members.length);
  for (const m of mine) expect(await world.store.messageFailed(m.id, { permanent: true, reason, at })).toBe(true);
}

describe('the list of addresses that refuse mail', () => {
  it('says plainly when no address refuses mail, and is linked from the administration page', async () => {
    const c = await as('administrator');
    expect((await c.get('/admin')).text).toContain(`href="${PAGE}"`);
    const empty = await c.get(PAGE);
    expect(empty.status).toBe(200);
    checkAccessibleStructure(empty.text);
    expect(words(empty.text)).toContain('Every member’s address is taking mail: no mail to any member has been refused.');
  });

  it('lists each failing member by name with the address, why in plain words, the days and how many times; nothing about the notice or process', async () => {
    const [a, b] = spare;
    await refuse([a!], '550 5.1.1 <someone@example.org>: Recipient address rejected: User unknown', '2024-05-20T10:00:00.000Z');
    await refuse([a!], '550 5.1.1 <someone@example.org>: Recipient address rejected: User unknown', '2024-05-31T23:30:00.000Z');
    await refuse([b!], 'gave up after 8 tries: 452 4.2.2 Mailbox full', '2024-05-30T09:00:00.000Z');
    const c = await as('administrator');
    const listed = await c.get(PAGE);
    expect(listed.status).toBe(200);
    checkAccessibleStructure(listed.text);
    const text = words(listed.text);
    expect(text).toContain('Members whose address refuses mail (2)');
    // The second failure was late on 31 May in UTC: 1 June in the UK, where the organisation reads its days.
    expect(text).toContain(
      `${a!.name} ${a!.email} There is no mailbox at this address. The mail server said: “550 5.1.1 &lt;someone@example.org&gt;: Recipient address rejected: User unknown” 20 May 2024 1 June 2024 twice`,
    );
    expect(text).toContain(`${b!.name} ${b!.email} Mail kept failing and was given up after 8 tries. The mailbox is full.`);
    expect(text).toContain('30 May 2024 30 May 2024 once');
    // Nothing says which notice or process the mail was, so nothing hints at who has voted.
    const title = (world.voting.state as { title: string }).title;
    for (const secret of [world.voting.id, title, 'test-failing', 'ballot-reminder', 'voted']) expect(listed.text).not.toContain(secret);
    expect(text).not.toContain(a!.id);
  });

  it('is for administrators only: refused to national officers, scrutineers and members; sends the signed-out to sign in', async () => {
    for (const who of ['nationalOfficer', 'scrutineer', 'voter', 'proceduresSecretary'] as const) {
      const c = await as(who);
      expect((await c.get(PAGE)).status, who).toBe(403);
      expect((await c.post(PAGE, { member: spare[0]!.id, email: 'stolen@example.org' })).status, who).toBe(403);
    }
    const anonymous = new Client(world);
    await anonymous.actAs(null);
    const r = await anonymous.get(PAGE);
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toMatch(/^\/sign-in/);
    expect((await anonymous.post(PAGE, { member: spare[0]!.id, email: 'stolen@example.org' })).status).toBe(401);
    expect((await world.store.getMember(spare[0]!.id))!.email).toBe(spare[0]!.email);
  });
});

describe('correcting an address', () => {
  it('refuses what is not an address, the address already failing, and another member’s, beside the field, keeping what was typed, saving nothing', async () => {
    const [a] = spare;
    const c = await as('administrator');
    await c.get(PAGE);
    const head = await world.store.auditHead();
    const before = await world.store.failingAddresses();
    const cases = [
      { typed: 'not an address', status: 400, problem: '“not an address” is not an email address; enter one like name@example.org.' },
      { typed: '', status: 400, problem: 'Enter the member’s new email address.' },
      { typed: a!.email!.toUpperCase(), status: 422, problem: 'That is the address already stored, which is the one failing; enter the corrected address.' },
      {
        typed: world.people.voter.member!.email!,
        status: 409,
        problem: `${world.people.voter.member!.name} already has the address ${world.people.voter.member!.email!}; each member needs their own to sign in.`,
      },
    ];
    for (const k of cases) {
      const r = await c.post(PAGE, { member: a!.id, email: k.typed, page: '1' });
      expect(r.status, k.typed).toBe(k.status);
      checkAccessibleStructure(r.text);
      expect(r.text).toContain('<title>Error: Addresses that refuse mail');
      // The problem beside the member's own field, and in the summary linking to it; what was typed kept.
      const row = r.text.slice(r.text.indexOf(`value="${a!.id}"`));
      const fieldAt = row.indexOf('name="email"');
      expect(row.slice(0, fieldAt)).toContain(`${k.problem} Nothing was saved.`);
      expect(row.slice(fieldAt, row.indexOf('>', fieldAt))).toContain(k.typed === '' ? 'aria-invalid="true"' : `value="${k.typed}"`);
      expect(r.text).toMatch(/<div class="error-summary"[\s\S]*href="#f-email-\d+"/);
    }
    expect(await world.store.auditHead()).toEqual(head);
    expect(await world.store.failingAddresses()).toEqual(before);
    expect((await world.store.getMember(a!.id))!.email).toBe(a!.email);
  });

  it('refuses a member whose address is not on the list', async () => {
    const c = await as('administrator');
    await c.get(PAGE);
    const r = await c.post(PAGE, { member: world.people.voter.member!.id, email: 'voter-new@example.org' });
    expect(r.status).toBe(404);
    expect(r.text).toContain('is not on the list of addresses that refuse mail');
    expect((await world.store.getMember(world.people.voter.member!.id))!.email).toBe(world.people.voter.member!.email);
  });

  it('corrects an address: the member is off the list, the new address stored, the administrator’s correction logged naming neither address', async () => {
    const [a, b] = spare;
    const c = await as('administrator');
    await c.get(PAGE);
    const head = (await world.store.auditHead())!.seq;
    const r = await c.post(PAGE, { member: a!.id, email: ' corrected.address@example.org ', page: '1' });
    expect(r.status, r.text.slice(0, 500)).toBe(303);
    expect(r.headers.get('location')).toBe(PAGE);
    const after = await c.get(r.headers.get('location')!);
    expect(words(after.text)).toContain(`${a!.name}’s address is now corrected.address@example.org, and they are off the list.`);
    expect(words(after.text)).toContain('Members whose address refuses mail (1)');
    expect(words(after.text)).not.toContain(a!.email!);
    expect((await world.store.getMember(a!.id))!.email).toBe('corrected.address@example.org');
    expect((await world.store.failingAddresses()).map((f) => f.member)).toEqual([b!.id]);
    const logged = await world.store.auditEntries({ after: head });
    expect(logged.map((e) => [e.type, e.actor, e.data])).toEqual([['member.email-corrected', world.people.administrator.member!.id, { member: a!.id }]]);
    // Pressed again, the member is no longer on the list: nothing more is saved.
    const again = await c.post(PAGE, { member: a!.id, email: 'other@example.org' });
    expect(again.status).toBe(404);
    expect((await world.store.getMember(a!.id))!.email).toBe('corrected.address@example.org');
  });

  it('shows a long list a page at a time, and a correction goes back to its page', async () => {
    await refuse(spare.slice(2, 60), '550 5.7.1 Message rejected as spam', '2024-05-31T08:00:00.000Z');
    const c = await as('administrator');
    const first = await c.get(PAGE);
    const total = (await world.store.failingAddresses()).length;
    expect(total).toBe(59);
    expect(words(first.text)).toContain('Page 1 of 2.');
    expect(first.text).toContain(`href="${PAGE}?page=2"`);
    expect([...first.text.matchAll(/name="email"/g)].length).toBe(50);
    const second = await c.get(`${PAGE}?page=2`);
    checkAccessibleStructure(second.text);
    expect([...second.text.matchAll(/name="email"/g)].length).toBe(9);
    expect(words(second.text)).toContain('The mail server refused our mail by its own rules (as unwanted, or blocked).');
    const member = /name="member" value="([^"]+)"/.exec(second.text)![1]!;
    const r = await c.post(PAGE, { member, email: 'page-two@example.org', page: '2' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe(`${PAGE}?page=2`);
    expect(await world.store.failingAddresses()).toHaveLength(58);
  });
});
