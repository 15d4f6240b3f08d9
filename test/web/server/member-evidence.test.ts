/**
 * A member's evidence of the votes recorded in their name, on the demo party: their ballots page
 * says, during the ballot and after it, whether a vote is recorded for them, how it came and on
 * which day (never what it was); a paper vote recorded by an officer (web or command line) is a
 * notice in the mail outbox, mailed to them in their language when it is drained through a real
 * SMTP server, or, when it cannot be delivered, told at their next sign-in, once; and a refused online vote says how and when the first vote came.
 */
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type Io } from '../../../src/cli/run.js';
import { longDate } from '../../../src/domain/calendar.js';
import type { MemberId } from '../../../src/domain/ids.js';
import type { Member } from '../../../src/domain/organisation.js';
import type { SelectionState } from '../../../src/domain/processes/index.js';
import { isoDate } from '../../../src/domain/time.js';
import { drainOutbox } from '../../../src/app/notices/drain.js';
import { noticeTemplates } from '../../../src/app/notices/templates.js';
import { smtpTransport } from '../../../src/runtime/mail-transport.js';
import { escapeHtml } from '../../../src/web/views/html.js';
import { buildWorld, Client, TODAY, type World } from './fixture.js';
import { startSmtp, type TestSmtp } from '../../app/notices/smtp-server.js';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

const desk = () => `/processes/${world.voting.id}/paper-votes`;
const booth = () => `/ballots/${world.voting.id}`;
const state = async (): Promise<SelectionState> => (await world.store.getProcess(world.voting.id))!.state as SelectionState;
const TODAY_TEXT = longDate(TODAY);
const TRACKER = /<code>([A-Z2-9]{4}(?:-[A-Z2-9]{4}){4})<\/code>/;

/** Eligible members of the open ballot with an email address, other than the test people and officers; each test takes its own. */
let pool: Member[] | undefined;
async function take(): Promise<Member> {
  if (!pool) {
    const officers = new Set((await world.store.listOffices()).map((o) => o.member as string));
    const candidates = ((await world.store.getProcess(world.voting.id))!.state as SelectionState).candidates.map((c) => c.member);
    const skip = new Set<string | null>([...officers, ...candidates, world.people.voter.member!.id]);
    pool = [];
    for (const e of await world.store.electorate(world.voting.id)) {
      if (!e.eligible || skip.has(e.member)) continue;
      const m = (await world.store.getMember(e.member))!;
      if (m.email) pool.push(m);
      if (pool.length >= 10) break;
    }
  }
  return pool.shift()!;
}

/** An officer records a postal vote for `m` and returns the answer. */
async function recordPostal(m: Member): Promise<{ status: number; text: string }> {
  const officer = await new Client(world).actAs(world.people.proceduresSecretary.member);
  const [first] = (await state()).shortlist!;
  await officer.get(`${desk()}?member=${m.id}`);
  return officer.post(desk(), { member: m.id, channel: 'postal', [`rank-${first}`]: '1', action: 'record' });
}

/** Signs `m` in through the sign-in form and the code mailed to the outbox; returns the client and the page it lands on. */
async function signIn(m: Member): Promise<{ client: Client; landed: string }> {
  const c = await new Client(world, '192.0.2.77').actAs(null);
  const sent = await c.post('/sign-in', { email: m.email! });
  expect(sent.status).toBe(303);
  await c.get(sent.headers.get('location')!);
  const mail = world.outbox.messages().find((x) => x.to === m.email && /sign in/i.test(x.text))!;
  const code = /(\d{8})/.exec(mail.text)![1];
  const r = await c.post('/sign-in/code', { email: m.email!, code });
  expect(r.status, r.text.slice(0, 400)).toBe(303);
  return { client: c, landed: (await c.get(r.headers.get('location')!)).text };
}

/** Sends everything due in the outbox through `smtp`, once, as the outbox's sender would. */
async function drainTo(smtp: TestSmtp): Promise<void> {
  const transport = smtpTransport(smtp.url, 'The Party <ballots@party.example>', { maxConnections: 2 });
  try {
    await drainOutbox({
      store: world.store,
      transport,
      render: noticeTemplates(world.store, { organisation: 'The Party', contact: null, siteUrl: 'http://hustings.test' }),
      clock: world.clock,
      worker: 'test',
      once: true,
      batch: 500,
      backoff: { maxTries: 1 },
    });
  } finally {
    await transport.close();
  }
}

describe('a paper vote recorded in a member’s name', () => {
  let smtp: TestSmtp;
  /** Addresses the mail server refuses for good. */
  const refused = new Set<string>();
  beforeAll(async () => {
    smtp = await startSmtp({ refuse: (address) => (refused.has(address) ? 550 : null) });
  });
  afterAll(async () => {
    await smtp?.close();
  });
  /** The paper-vote notices that reached `m` (the ballot's invitations go through the same outbox). */
  const mailTo = (m: Member) =>
    smtp.arrived.filter((x) => x.to.includes(m.email!) && /^(A vote was recorded in your name|Cofnodwyd pleidlais yn eich enw):/.test(x.subject));

  it('is a notice in the outbox, mailed to them alone (channel and day, nothing of the ballot), shown on their ballots page, and named when they try to vote online', async () => {
    const m = await take();
    const s = await state();
    const done = await recordPostal(m);
    expect(done.status, done.text.slice(0, 400)).toBe(200);
    const tracker = TRACKER.exec(done.text)![1];
    expect(done.text).toContain('The member is emailed that a vote was recorded in their name');
    // Queued in the vote's transaction: on its way, so nothing is owed at sign-in.
    expect(await world.store.untoldPaperVotes(m.id as MemberId)).toEqual([]);
    // The audit log says a notice was queued, never to whom.
    const logged = (await world.store.auditEntriesOf(world.voting.id, 'notice.queued')).filter((e) => (e.data as { kind: string }).kind === 'paper-vote');
    expect(logged.at(-1)?.data).toEqual({ process: world.voting.id, kind: 'paper-vote', recipients: 1 });
    expect(JSON.stringify(logged.at(-1))).not.toContain(m.id);

    const before = smtp.arrived.length;
    await drainTo(smtp);
    const mails = mailTo(m);
    expect(mails).toHaveLength(1);
    expect(smtp.arrived.slice(before).filter((x) => /recorded in your name/.test(x.subject))).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`A vote was recorded in your name: ${s.title}`);
    expect(mails[0]!.text).toContain(`Dear ${m.name},`);
    expect(mails[0]!.text).toContain(
      `A postal vote was recorded in your name in ${s.title} on ${TODAY_TEXT}. If you did not vote by post, tell the procedures secretary of `,
    );
    expect(mails[0]!.text).toContain('This message says only that a vote was recorded, never what it was.');
    // Nothing of the ballot: no candidate, no tracker code.
    expect(mails[0]!.text).not.toContain(tracker);
    for (const c of s.candidates) expect(mails[0]!.text).not.toContain(c.name);
    // Sent, so nothing waits for their sign-in.
    expect(await world.store.untoldPaperVotes(m.id as MemberId)).toEqual([]);

    const member = await new Client(world).actAs(m);
    const mine = await member.get('/ballots');
    expect(mine.status).toBe(200);
    expect(mine.text).toContain(`By post, ${TODAY_TEXT}`);
    expect(mine.text).toContain('If you did not vote by post, tell');

    const refusal = `You have already voted in ${escapeHtml(s.title)}: a postal vote was recorded in your name on ${TODAY_TEXT}. Each member votes once, so you cannot vote again.`;
    const seen = await member.get(booth());
    expect(seen.status).toBe(409);
    expect(seen.text).toContain(refusal);
    const [first] = s.shortlist!;
    const cast = await member.post(`${booth()}/cast`, { [`rank-${first}`]: '1', action: 'cast' });
    expect(cast.status).toBe(409);
    expect(cast.text).toContain(refusal);
    expect(cast.text).toContain('If you did not vote by post, tell the procedures secretary of');
    expect(cast.text).toContain('Nothing was saved');
  });

  it('reaches a member who reads Welsh in Welsh', async () => {
    const m = await take();
    const s = await state();
    expect(await world.store.setMemberLanguage(m.id, 'cy')).toBe(true);
    expect((await recordPostal(m)).status).toBe(200);
    await drainTo(smtp);
    const mails = mailTo(m);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe(`Cofnodwyd pleidlais yn eich enw: ${s.title}`);
    expect(mails[0]!.text).toContain(`Annwyl ${m.name},`);
    expect(mails[0]!.text).toContain('Cofnodwyd pleidlais bost yn eich enw');
    expect(mails[0]!.text).toContain('Os na wnaethoch chi bleidleisio drwy’r post');
  });

  it('when the mail fails for good, stands all the same, and is told at the member’s next sign-in, once', async () => {
    const m = await take();
    const s = await state();
    refused.add(m.email!);
    const done = await recordPostal(m);
    expect(done.status, done.text.slice(0, 400)).toBe(200);
    expect(await world.store.untoldPaperVotes(m.id as MemberId)).toEqual([]);
    await drainTo(smtp);
    expect(mailTo(m)).toEqual([]);
    expect(await world.store.voteOf(world.voting.id, m.id)).toEqual({ process: world.voting.id, channel: 'postal', day: TODAY });
    expect(await world.store.untoldPaperVotes(m.id as MemberId)).toHaveLength(1);
    refused.delete(m.email!);

    const first = await signIn(m);
    const notice = `Signed in as ${escapeHtml(m.name)}. A postal vote was recorded in your name in ${escapeHtml(s.title)} on ${TODAY_TEXT}. If you did not vote by post, tell`;
    expect(first.landed).toContain(notice);
    expect(await world.store.untoldPaperVotes(m.id as MemberId)).toEqual([]);
    const again = await signIn(m);
    expect(again.landed).toContain(`Signed in as ${escapeHtml(m.name)}.`);
    expect(again.landed).not.toContain(notice);
    // The ballots page still says it, as long as the member looks.
    expect((await again.client.get('/ballots')).text).toContain(`By post, ${TODAY_TEXT}`);
  });

  it('recorded from the command line, goes into the same outbox and is mailed to the member when it is drained', async () => {
    const m = await take();
    const [first] = (await state()).shortlist!;
    const out: string[] = [];
    const io: Io = { stdout: { write: (t: string) => out.push(t) > 0 }, stderr: { write: () => true }, env: {}, stdin: Readable.from([`${first}\n`]) };
    expect(
      await run(
        [
          'vote',
          world.voting.id,
          '--member',
          m.id,
          '--channel',
          'in-person',
          '--now',
          world.clock.now().toISOString(),
          '--db',
          `sqlite:${join(world.dir, 'party.db')}`,
        ],
        io,
      ),
    ).toBe(0);
    expect(out.join('')).toContain('The member will be emailed that a vote was recorded in their name (not what it was)');
    expect(out.join('')).not.toContain(m.id);
    expect(await world.store.untoldPaperVotes(m.id as MemberId)).toEqual([]);
    await drainTo(smtp);
    const mails = mailTo(m);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toMatch(/A vote in person was recorded in your name in .* on \d{1,2} \w+ \d{4}\. If you did not vote in person, tell/);
  });

  it('recorded for a member with no email address, is told at their next sign-in', async () => {
    const m = await take();
    const s = await state();
    // The address is gone by the time the vote is recorded (so the notice reaches nobody), and back for signing in.
    await world.store.putMembers([{ ...m, email: null }]);
    const done = await recordPostal(m);
    await world.store.putMembers([m]);
    expect(done.status, done.text.slice(0, 400)).toBe(200);
    expect(done.text).toContain('No email can be sent to the member, so they will be told of this vote when they next sign in.');
    expect(await world.store.untoldPaperVotes(m.id as MemberId)).toHaveLength(1);
    const { landed } = await signIn(m);
    expect(landed).toContain(`A postal vote was recorded in your name in ${escapeHtml(s.title)} on ${TODAY_TEXT}.`);
  });
});

describe('an online vote', () => {
  it('shows on the ballots page as online with its day, and a second try says so, in the booth and at the cast', async () => {
    const voter = world.people.voter.member!;
    const s = await state();
    const member = await new Client(world).actAs(voter);
    const before = await member.get('/ballots');
    expect(before.text).toContain('Not voted yet');
    const [first] = s.shortlist!;
    expect((await member.post(`${booth()}/cast`, { [`rank-${first}`]: '1', action: 'cast' })).status).toBe(200);
    expect(await world.store.voteOf(world.voting.id, voter.id)).toEqual({ process: world.voting.id, channel: 'online', day: TODAY });
    expect((await member.get('/ballots')).text).toContain(`Online, ${TODAY_TEXT}`);
    const refusal = `You have already voted in ${escapeHtml(s.title)}: you voted online on ${TODAY_TEXT}. Each member votes once, so you cannot vote again.`;
    const seen = await member.get(booth());
    expect(seen.status).toBe(409);
    expect(seen.text).toContain(refusal);
    const again = await member.post(`${booth()}/cast`, { [`rank-${first}`]: '1', action: 'cast' });
    expect(again.status).toBe(409);
    expect(again.text).toContain(refusal);
    // No notice is owed for one's own online vote.
    expect(await world.store.untoldPaperVotes(voter.id)).toEqual([]);
  });
});

describe('the day of a vote', () => {
  it('is the organisation’s calendar day, not the UTC one: half past midnight in summer time is the next day', async () => {
    const before = world.clock.now().toISOString();
    const late = `${TODAY}T23:30:00.000Z`; // 00:30 the next day in London (BST)
    const next = new Date(Date.parse(`${TODAY}T12:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(Date.parse(`${(await state()).timetable.ballotCloses}T12:00:00.000Z`)).toBeGreaterThan(Date.parse(late));
    world.clock.set(late);
    try {
      const m = await take();
      expect((await recordPostal(m)).status).toBe(200);
      expect(await world.store.voteOf(world.voting.id, m.id)).toEqual({ process: world.voting.id, channel: 'postal', day: next });
    } finally {
      world.clock.set(before);
    }
  });
});

describe('after the close', () => {
  it('the ballots page still says how and when each vote in the member’s name was recorded', async () => {
    const m = await take();
    expect((await recordPostal(m)).status).toBe(200);
    const closes = (await state()).timetable.ballotCloses;
    world.clock.set(`${closes}T18:00:00.000Z`);
    const officer = await new Client(world).actAs(world.people.proceduresSecretary.member);
    expect((await officer.post(`/processes/${world.voting.id}/steps/close-ballot`, {})).status).toBe(303);
    const page = (await (await new Client(world).actAs(m)).get('/ballots')).text;
    expect(page).toContain(`${escapeHtml((await state()).title)}: your vote was recorded (By post, ${longDate(isoDate(TODAY))})`);
    const voter = (await (await new Client(world).actAs(world.people.voter.member)).get('/ballots')).text;
    expect(voter).toContain(`your vote was recorded (Online, ${TODAY_TEXT})`);
  });
});
