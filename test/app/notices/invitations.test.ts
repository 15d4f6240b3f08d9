/**
 * A ballot that opens invites its electorate: the invitation and the last-day reminder are stored with
 * the step that opens it; the sender delivers, through a real SMTP server, one mail per eligible member
 * with an address, in their language, with the candidates, the close and a one-time link; the link signs
 * the member in once, straight to the booth; the reminder, when due, goes to those who have not voted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainOutbox } from '../../../src/app/notices/drain.js';
import { BALLOT_INVITATION, BALLOT_REMINDER } from '../../../src/app/notices/ballot-notices.js';
import { noticeTemplates } from '../../../src/app/notices/templates.js';
import { addDays } from '../../../src/domain/calendar.js';
import type { MemberId, ProcessId } from '../../../src/domain/ids.js';
import { LABOUR_2021 } from '../../../src/domain/presets.js';
import { fixedClock } from '../../../src/domain/time.js';
import { smtpTransport } from '../../../src/runtime/mail-transport.js';
import { applyStep, freezeElectorate, openElection } from '../steps.js';
import { buildWorld, Client, TODAY, type World } from '../../web/server/fixture.js';
import { startSmtp, type TestSmtp } from './smtp-server.js';

const SITE = 'http://hustings.test';
let world: World;
let smtp: TestSmtp;
let transport: ReturnType<typeof smtpTransport>;
let ballot: ProcessId;
let welsh: MemberId;

beforeAll(async () => {
  world = await buildWorld();
  smtp = await startSmtp();
  transport = smtpTransport(smtp.url, 'The Party <ballots@party.example>', { maxConnections: 2 });
  const a = { store: world.store, clock: world.clock, actor: world.people.nationalOfficer.member!.id };
  const opened = await openElection(
    a,
    LABOUR_2021,
    'Treasurer 2024',
    { nominationsClose: TODAY, freezeDate: TODAY, ballotOpens: TODAY, ballotCloses: addDays(TODAY, 7) },
    undefined,
    { seats: 1, method: 'irv', minWomen: null },
  );
  ballot = opened.id;
  for (const name of ['Rhian Evans', 'Ann Abbott']) await applyStep(a, ballot, 'internal-election', { type: 'nominate', name, gender: 'woman' });
  // One member reads Welsh: their invitation is in Welsh.
  welsh = world.people.voter.member!.id;
  await world.store.setMemberLanguage(welsh, 'cy');
  await freezeElectorate(a, ballot, 'internal-election');
  await applyStep(a, ballot, 'internal-election', { type: 'open-ballot', timeZone: 'Europe/London' });
}, 180_000);

afterAll(async () => {
  await transport?.close();
  await smtp?.close();
  await world?.cleanup();
});

const drain = (at: Date) =>
  drainOutbox({
    store: world.store,
    transport,
    render: noticeTemplates(world.store, { organisation: 'The Party', contact: 'ballots@party.example', siteUrl: SITE }),
    clock: fixedClock(at),
    worker: 'test',
    once: true,
    batch: 200,
  });

describe('opening a ballot', () => {
  it('stores the invitation, fanned out at once to every eligible member with an address, and the last-day reminder, scheduled', async () => {
    const notices = await world.store.noticesOf(ballot);
    const eligible = (await world.store.electorate(ballot)).filter((e) => e.eligible);
    const members = await world.store.membersById(eligible.map((e) => e.member));
    const withEmail = members.filter((m) => m.email !== null && m.email !== '').length;
    expect(notices.map((n) => [n.kind, n.state, n.private])).toEqual([
      [BALLOT_INVITATION, 'queued', true],
      [BALLOT_REMINDER, 'scheduled', true],
    ]);
    expect(notices[0]!.recipients).toBe(withEmail);
    expect(notices[0]!.queued).toBe(withEmail);
    // The reminder goes on the morning of the last day, and until then nobody is listed for it.
    expect(notices[1]!.recipients).toBe(0);
    expect(notices[1]!.sendAt < (notices[1]!.params as { closesAt: string }).closesAt).toBe(true);
    // The audit log keeps that the invitation went to so many members, never to whom.
    const logged = (await world.store.auditEntriesOf(ballot, 'notice.queued')).map((e) => [e.actor, e.data]);
    expect(logged).toEqual([[world.people.nationalOfficer.member!.id, { process: ballot, kind: BALLOT_INVITATION, recipients: withEmail }]]);
  });

  it('sends each member one invitation, in their language, with the candidates, the close, a one-time link and the organisation', async () => {
    // The demo party's own ballots opened with invitations too: the sender sends theirs as well.
    const tally = await drain(world.clock.now());
    const invitation = (await world.store.noticesOf(ballot))[0]!;
    expect(tally.sent).toBeGreaterThanOrEqual(invitation.recipients);
    expect(invitation).toMatchObject({ sent: invitation.recipients, failed: 0, queued: 0 });
    const mine = smtp.arrived.filter((m) => m.subject.includes('Treasurer 2024'));
    expect(mine).toHaveLength(invitation.recipients);
    const english = mine.find((m) => m.subject === 'Your ballot is open: Treasurer 2024')!;
    expect(english.text).toContain('Voting is open in Treasurer 2024. It closes at midnight at the end of');
    expect(english.text).toContain('The candidates are: Ann Abbott and Rhian Evans.');
    // The link names the mail's language, so that the pages it opens speak it too.
    expect(english.text).toMatch(new RegExp(`${SITE}/sign-in/link/[A-Za-z0-9_-]{43}\\?lang=en-GB\n`));
    expect(english.text).toContain('Questions? Contact ballots@party.example.');
    expect(english.html).toMatch(/<a href="http:\/\/hustings\.test\/sign-in\/link\/[A-Za-z0-9_-]{43}\?lang=en-GB">/);
    const voter = (await world.store.getMember(welsh))!;
    const cymraeg = mine.find((m) => m.to.includes(voter.email!))!;
    expect(cymraeg.subject).toBe('Mae eich pleidlais ar agor: Treasurer 2024');
    expect(cymraeg.text).toContain('Yr ymgeiswyr yw: Ann Abbott a Rhian Evans.');
    expect(cymraeg.text).toMatch(new RegExp(`${SITE}/sign-in/link/[A-Za-z0-9_-]{43}\\?lang=cy\n`));
    // Every link differs: each is bound to its member.
    const links = mine.map((m) => /sign-in\/link\/([A-Za-z0-9_-]{43})/.exec(m.text ?? '')![1]);
    expect(new Set(links).size).toBe(links.length);
  });

  it('the link signs its member in once, straight to the booth; used again, or made up, it is refused in the same words', async () => {
    const voter = (await world.store.getMember(welsh))!;
    const mail = smtp.arrived.find((m) => m.to.includes(voter.email!) && m.subject.includes('Treasurer 2024'))!;
    const path = /\/sign-in\/link\/[A-Za-z0-9_-]{43}/.exec(mail.text!)![0];
    const c = new Client(world);
    // The link from a Welsh mail opens its page in Welsh, and the browser keeps that language.
    const shown = await c.get(`${path}?lang=cy`);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('<html lang="cy"');
    expect(shown.text).toContain('Mewngofnodi a mynd at fy mhapur pleidleisio');
    expect(shown.text).toContain('<form method="post"');
    expect(shown.text).toContain(`action="${path}"`);
    const used = await c.post(path, {});
    expect(used.status).toBe(303);
    expect(used.headers.get('location')).toBe(`/ballots/${ballot}`);
    const booth = await c.get(`/ballots/${ballot}`);
    expect(booth.status).toBe(200);
    expect(booth.text).toContain('Rhian Evans');
    expect(booth.text).toContain('<html lang="cy"');
    // A ballot of the whole party says so in Welsh.
    expect(booth.text).toContain('Y blaid gyfan.');
    expect(booth.text).not.toContain('The whole party');

    const again = new Client(world);
    await again.get(path);
    const refused = await again.post(path, {});
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('This link has been used already, has expired, or is not a link we sent.');
    const madeUp = new Client(world);
    await madeUp.get('/sign-in/link/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect((await madeUp.post('/sign-in/link/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', {})).status).toBe(400);
  });

  it('reminds, when due, exactly those who have not voted, and keeps no list of them once sent', async () => {
    const eligible = (await world.store.electorate(ballot)).filter((e) => e.eligible).map((e) => e.member);
    const voted = eligible.slice(0, 3);
    for (const [i, m] of voted.entries()) {
      const r = await world.store.castBallot(ballot, m, { ranking: ['c1'], tracker: `R-${i}` });
      expect(r.ok).toBe(true);
    }
    const reminder = (await world.store.noticesOf(ballot)).find((n) => n.kind === BALLOT_REMINDER)!;
    // The non-voters with an address, worked out here from the members: what the store must reach, no more, no fewer.
    const members = await world.store.membersById(eligible);
    const notVoted = members.filter((m) => m.email && !voted.includes(m.id)).map((m) => m.email!);
    expect(await world.store.reminderReach(ballot)).toBe(notVoted.length);
    // The officer sees that count beside the reminder, and no one's address.
    const officer = await new Client(world).actAs(world.people.nationalOfficer.member!);
    const page = await officer.get(`/processes/${ballot}/notices`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`would reach ${notVoted.length.toLocaleString('en-GB')} members if it went now`);
    for (const m of members) expect(page.text).not.toContain(m.email ?? '\u0000');
    const before = smtp.arrived.length;
    await drain(new Date(new Date(reminder.sendAt).getTime() + 60_000));
    const sent = (await world.store.noticesOf(ballot)).find((n) => n.kind === BALLOT_REMINDER)!;
    const invitation = (await world.store.noticesOf(ballot)).find((n) => n.kind === BALLOT_INVITATION)!;
    expect(sent.recipients).toBe(invitation.recipients - voted.length);
    expect(sent).toMatchObject({ sent: sent.recipients, queued: 0 });
    const reminded = smtp.arrived.slice(before).filter((m) => /^(You have not voted yet|Nid ydych wedi pleidleisio eto): Treasurer 2024$/.test(m.subject));
    expect(reminded).toHaveLength(sent.recipients);
    const votedAddresses = (await world.store.membersById(voted)).map((m) => m.email);
    for (const m of reminded) for (const a of votedAddresses) expect(m.to).not.toContain(a);
    // Exactly the non-voters with an address, each once.
    const to = reminded.flatMap((m) => notVoted.filter((a) => m.to.includes(a)));
    expect(to).toHaveLength(reminded.length);
    expect([...to].sort()).toEqual([...notVoted].sort());
    // Once sent, the page says how many it went to, as for any notice: counts, still no one's address.
    const after = await officer.get(`/processes/${ballot}/notices`);
    const row = /<tr><th scope="row">Reminder to those who have not voted<\/th><td>sent from[^<]*<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/.exec(after.text);
    expect(row?.slice(1)).toEqual([sent.recipients.toLocaleString('en-GB'), sent.recipients.toLocaleString('en-GB')]);
    for (const m of members) expect(after.text).not.toContain(m.email ?? '\u0000');
    const logged = (await world.store.auditEntriesOf(ballot, 'notice.queued')).map((e) => [e.actor, e.data]);
    expect(logged.at(-1)).toEqual(['outbox', { process: ballot, kind: BALLOT_REMINDER, recipients: sent.recipients }]);
    // Nothing in the outbox names anyone any more.
    expect(await world.store.claimMessages('peek', 10, '2100-01-01T00:00:00.000Z', 1)).toEqual([]);
  });

  it('a link not yet used is refused once its ballot has closed, in the same words', async () => {
    const voter = (await world.store.getMember(welsh))!;
    const mail = smtp.arrived.find((m) => m.subject === 'Your ballot is open: Treasurer 2024' && !m.to.includes(voter.email!))!;
    const path = /\/sign-in\/link\/[A-Za-z0-9_-]{43}/.exec(mail.text!)![0];
    const invitation = (await world.store.noticesOf(ballot)).find((n) => n.kind === BALLOT_INVITATION)!;
    const closes = new Date((invitation.params as { closesAt: string }).closesAt);
    const was = world.clock.now();
    world.clock.set(new Date(closes.getTime() + 60_000).toISOString());
    try {
      const late = new Client(world);
      await late.get(path);
      const refused = await late.post(path, {});
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('This link has been used already, has expired, or is not a link we sent.');
      expect(refused.text).toContain('Sign in with a code');
      // No session was opened: the booth still asks the member to sign in.
      const booth = await late.get(`/ballots/${ballot}`);
      expect(booth.status).toBe(303);
      expect(booth.headers.get('location')).toMatch(/^\/sign-in/);
    } finally {
      world.clock.set(was.toISOString());
    }
  });
});
