/**
 * A ballot's mail to its members on the web: the officers who run it see each notice's delivery in
 * counts, preview what members read in English and Welsh, and schedule or cancel reminders; those
 * with oversight look but do not change; everyone else is refused. Nothing names who has voted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../src/domain/calendar.js';
import { numberText } from '../../../src/web/views/format.js';
import { checkAccessibleStructure } from '../views/html-check.js';
import { buildWorld, Client, type World } from './fixture.js';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

const url = () => `/processes/${world.voting.id}/notices`;
const as = (who: keyof World['people']) => new Client(world).actAs(world.people[who].member);

describe("a ballot's mail to its members", () => {
  it('shows the invitation sent when the ballot opened and the last-day reminder, as counts, with previews in English and Welsh', async () => {
    const c = await as('proceduresSecretary');
    const process = await c.get(`/processes/${world.voting.id}`);
    expect(process.text).toContain(`href="${url()}"`);
    const page = await c.get(url());
    expect(page.status).toBe(200);
    checkAccessibleStructure(page.text);
    expect(page.text).toContain('<th scope="row">Invitation to vote</th>');
    expect(page.text).toContain('Schedule a reminder');
    const en = await c.get(`${url()}/preview?kind=invitation&lang=en`);
    expect(en.status).toBe(200);
    expect(en.text).toContain('Your ballot is open:');
    expect(en.text).toContain('It closes at');
    const cy = await c.get(`${url()}/preview?kind=reminder&lang=cy`);
    expect(cy.text).toContain('Nid ydych wedi pleidleisio eto:');
    expect(cy.text).toContain('lang="cy"');
    // The notice a member gets of a paper vote recorded in their name, in both languages.
    expect(page.text).toContain(`href="${url()}/preview?kind=paper-vote&amp;lang=cy"`);
    const paper = await c.get(`${url()}/preview?kind=paper-vote&lang=en`);
    expect(paper.status).toBe(200);
    expect(paper.text).toContain('A vote was recorded in your name:');
    expect(paper.text).toContain('A postal vote was recorded in your name in');
    expect(paper.text).toContain('never what it was');
    const paperCy = await c.get(`${url()}/preview?kind=paper-vote&lang=cy`);
    expect(paperCy.text).toContain('Cofnodwyd pleidlais yn eich enw:');
    expect(paperCy.text).toContain('Cofnodwyd pleidlais bost yn eich enw');
  });

  it('schedules a reminder while the ballot is open, refuses a moment past or after the close beside the field, and cancels one', async () => {
    const c = await as('proceduresSecretary');
    await c.get(url());
    const today = world.clock.now().toISOString().slice(0, 10);
    const past = await c.post(`${url()}/reminders`, { date: addDays(today as never, -1), time: '09:00' });
    expect(past.status).toBe(400);
    expect(past.text).toContain('That moment has passed');
    expect(past.text).toMatch(/value="\d{4}-\d\d-\d\d"/);
    const late = await c.post(`${url()}/reminders`, { date: addDays(today as never, 400), time: '09:00' });
    expect(late.status).toBe(400);
    expect(late.text).toContain('after the ballot closes');
    const badTime = await c.post(`${url()}/reminders`, { date: addDays(today as never, 1), time: 'noon' });
    expect(badTime.status).toBe(400);
    const before = (await world.store.noticesOf(world.voting.id)).length;
    const closes = (await world.store.noticesOf(world.voting.id)).find((n) => n.kind === 'ballot-invitation');
    const closing = (closes?.params as { closesAt: string } | undefined)?.closesAt ?? addDays(today as never, 2);
    // The day before the close, in the morning: within the ballot.
    const day = addDays(closing.slice(0, 10) as never, -1);
    const ok = await c.post(`${url()}/reminders`, { date: day, time: '08:30' });
    expect(ok.status, ok.text.slice(0, 500)).toBe(303);
    const after = await world.store.noticesOf(world.voting.id);
    expect(after.length).toBe(before + 1);
    const scheduled = after.find((n) => n.id.includes(':reminder:at-'))!;
    expect(scheduled.state).toBe('scheduled');
    const page = await c.get(url());
    expect(page.text).toContain('A reminder is scheduled for');
    const cancel = await c.post(`${url()}/${encodeURIComponent(scheduled.id)}/cancel`, {});
    expect(cancel.status).toBe(303);
    expect((await world.store.notice(scheduled.id))!.state).toBe('cancelled');
    const again = await c.post(`${url()}/${encodeURIComponent(scheduled.id)}/cancel`, {});
    expect(again.status).toBe(409);
    const audit = await world.store.auditEntriesOf(world.voting.id, 'notice.reminder-scheduled');
    expect(audit.length).toBeGreaterThan(0);
  });

  it('says how many a scheduled reminder would reach now, a number only: no name or address of any member who has not voted', async () => {
    const id = world.voting.id;
    const eligible = (await world.store.electorate(id)).filter((e) => e.eligible).map((e) => e.member);
    const members = await world.store.membersById(eligible);
    const withAddress = members.filter((m) => m.email);
    const voted = new Set<string>();
    for (const m of withAddress) if (await world.store.hasVoted(id, m.id)) voted.add(m.id);
    const notVoted = withAddress.filter((m) => !voted.has(m.id));
    expect(notVoted.length).toBeGreaterThanOrEqual(5);
    const c = await as('proceduresSecretary');
    await c.get(url());
    const closes = (await world.store.noticesOf(id)).find((n) => n.kind === 'ballot-invitation')!;
    const day = addDays(((closes.params as { closesAt: string }).closesAt ?? '').slice(0, 10) as never, -1);
    const scheduled = await c.post(`${url()}/reminders`, { date: day, time: '07:15' });
    expect(scheduled.status).toBe(303);
    const reach = `would reach ${numberText(notVoted.length)} members if it went now`;
    const page = await c.get(url());
    expect(page.status).toBe(200);
    // Said once after scheduling, and beside each reminder still to go.
    expect(page.text).toContain(`to the members who have not voted by then: it ${reach}.`);
    const rows = page.text.match(/<tr><th scope="row">Reminder to those who have not voted<\/th>.*?<\/tr>/g) ?? [];
    const waiting = rows.filter((r) => r.includes('scheduled for'));
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    for (const r of waiting) expect(r).toContain(`<td>${reach}</td>`);
    const viewer = world.people.proceduresSecretary.member!.id;
    for (const m of members.filter((x) => x.id !== viewer)) {
      expect(page.text).not.toContain(m.email ?? '\u0000');
      expect(page.text).not.toContain(`>${m.name}<`);
      expect(page.text).not.toContain(m.id);
    }
    // A member votes: the next look counts one fewer.
    const next = notVoted.find((m) => m.id !== world.people.voter.member!.id && m.id !== viewer)!;
    expect(
      (await world.store.castBallot(id, next.id, { ranking: [((world.voting.state as { shortlist?: string[] }).shortlist ?? [])[0]!], tracker: 'NOTICES-1' }))
        .ok,
    ).toBe(true);
    const later = await c.get(url());
    expect(later.text).toContain(`would reach ${numberText(notVoted.length - 1)} members if it went now`);
  });

  it('lets a scrutineer look but not schedule, and refuses a member', async () => {
    const s = await as('scrutineer');
    const page = await s.get(url());
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('Schedule a reminder');
    expect((await s.post(`${url()}/reminders`, { date: '2030-01-01', time: '09:00' })).status).toBe(403);
    const v = await as('voter');
    expect((await v.get(url())).status).toBe(403);
  });
});
