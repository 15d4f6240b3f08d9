/**
 * The web app's operational log, through the app with a memory logger: the
 * requests around a vote are logged, and a cast, a paper vote and the seal
 * leave no line at all, not even that a request came; nothing ever logged
 * holds a sign-in code, a session token, a tracker or an email address.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SelectionState } from '../../src/domain/processes/index.js';
import { memoryLogger, type LogLine } from '../../src/runtime/logger.js';
import { createApp } from '../../src/web/server/app.js';
import { buildWorld, Client, type World } from '../web/server/fixture.js';

let world: World;
let logged: World;
const logger = memoryLogger();
const secrets: string[] = [];

beforeAll(async () => {
  world = await buildWorld();
  logged = { ...world, app: createApp({ store: world.store, clock: world.clock, mailer: world.outbox, config: world.config, logger }) };
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

const TRACKER = /<code>([A-Z2-9]{4}(?:-[A-Z2-9]{4}){4})<\/code>/;
const settle = () => new Promise((r) => setTimeout(r, 50));

/** Runs `body` and answers the lines logged meanwhile (after the mail queue has had its turn). */
async function linesDuring(body: () => Promise<void>): Promise<LogLine[]> {
  const from = logger.lines.length;
  await body();
  await settle();
  return logger.lines.slice(from);
}

async function signIn(email: string): Promise<Client> {
  const c = await new Client(logged, '192.0.2.80').actAs(null);
  const sent = await c.post('/sign-in', { email });
  expect(sent.status).toBe(303);
  await c.get(sent.headers.get('location')!);
  const mail = world.outbox.messages().find((m) => m.to === email)!;
  const code = /code to sign in to Hustings is (\d{8})/.exec(mail.text)![1]!;
  secrets.push(code, email);
  const r = await c.post('/sign-in/code', { email, code });
  expect(r.status).toBe(303);
  secrets.push(...c.cookies.values());
  return c;
}

describe('the operational log', () => {
  it('tells the requests of signing in, by route pattern, and the code mail by its kind alone', async () => {
    const lines = await linesDuring(async () => {
      await signIn(world.people.voter.member!.email!);
    });
    expect(lines.filter((l) => l.event === 'request').map((l) => `${l.fields.method} ${l.fields.route} ${l.fields.status}`)).toEqual(
      expect.arrayContaining(['GET /sign-in 200', 'POST /sign-in 303', 'GET /sign-in/code 200', 'POST /sign-in/code 303']),
    );
    expect(lines.find((l) => l.event === 'mail.sent')).toEqual({ level: 'info', event: 'mail.sent', fields: { kind: 'sign-in-code', tries: 1 } });
    for (const l of lines) expect(typeof l.fields.ms === 'number' || l.event.startsWith('mail.')).toBe(true);
  });

  it('writes not a line while a ballot is reviewed and cast, though the booth page before them is logged', async () => {
    const voter = await signIn(world.people.voter.member!.email!);
    const booth = `/ballots/${world.voting.id}`;
    const page = await linesDuring(async () => {
      expect((await voter.get(booth)).status).toBe(200);
    });
    expect(page.map((l) => [l.event, l.fields.route])).toEqual([['request', '/ballots/:process']]);

    const s = (await world.store.getProcess(world.voting.id))!.state as SelectionState;
    const first = s.shortlist![0]!;
    const quiet = await linesDuring(async () => {
      expect((await voter.post(`${booth}/review`, { [`rank-${first}`]: '1' })).status).toBe(200);
      const cast = await voter.post(`${booth}/cast`, { [`rank-${first}`]: '1', action: 'cast' });
      expect(cast.status).toBe(200);
      secrets.push(TRACKER.exec(cast.text)![1]!);
      // A second cast is refused: still nothing, as a refusal there tells who had voted.
      expect((await voter.post(`${booth}/cast`, { [`rank-${first}`]: '1', action: 'cast' })).status).toBe(409);
    });
    expect(quiet).toEqual([]);
  });

  it('writes not a line while a paper vote is reviewed and recorded, nor for the notice queued for the member', async () => {
    const officer = await new Client(logged).actAs(world.people.proceduresSecretary.member);
    const desk = `/processes/${world.voting.id}/paper-votes`;
    const page = await linesDuring(async () => {
      expect((await officer.get(desk)).status).toBe(200);
    });
    expect(page.map((l) => l.fields.route)).toEqual(['/processes/:process/paper-votes']);

    const officers = new Set((await world.store.listOffices()).map((o) => o.member as string));
    const voted = new Set((await world.store.electorate(world.voting.id)).filter((e) => officers.has(e.member)).map((e) => e.member as string));
    let member = '';
    for (const e of await world.store.electorate(world.voting.id)) {
      if (!e.eligible || voted.has(e.member) || (await world.store.hasVoted(world.voting.id, e.member))) continue;
      const m = await world.store.getMember(e.member);
      if (m?.email) {
        member = m.id;
        secrets.push(m.email);
        break;
      }
    }
    const s = (await world.store.getProcess(world.voting.id))!.state as SelectionState;
    const first = s.shortlist![0]!;
    const mailsBefore = world.outbox.messages().length;
    const quiet = await linesDuring(async () => {
      expect((await officer.post(`${desk}/review`, { member, channel: 'postal', [`rank-${first}`]: '1' })).status).toBe(200);
      const done = await officer.post(desk, { member, channel: 'postal', [`rank-${first}`]: '1', action: 'record' });
      expect(done.status, done.text.slice(0, 300)).toBe(200);
      secrets.push(TRACKER.exec(done.text)![1]!);
    });
    // The member's notice is queued in the durable outbox with the vote (its sender logs counts only), not handed to the mailer.
    expect(world.outbox.messages().length).toBe(mailsBefore);
    expect(await world.store.untoldPaperVotes(member as never)).toEqual([]);
    expect(quiet).toEqual([]);
  });

  it('logs a refused step and a page with the route and a code, and writes not a line for closing and sealing the ballot, tried or done', async () => {
    const voter = await new Client(logged).actAs(world.people.voter.member);
    const refused = await linesDuring(async () => {
      expect((await voter.post(`/processes/${world.nominating.id}/steps/close-nominations`, {})).status).toBe(403);
    });
    expect(refused).toEqual([
      {
        level: 'info',
        event: 'request.refused',
        fields: { method: 'POST', route: '/processes/:process/steps/:step', status: 403, ms: expect.any(Number), code: 'forbidden' },
      },
    ]);
    const missing = await linesDuring(async () => {
      expect((await voter.get(`/no-such-page?email=${encodeURIComponent(world.people.voter.member!.email!)}`)).status).toBe(404);
    });
    expect(missing).toEqual([
      { level: 'info', event: 'request.refused', fields: { method: 'GET', route: null, status: 404, ms: expect.any(Number), code: 'not-found' } },
    ]);
    const triedSeal = await linesDuring(async () => {
      expect((await voter.post(`/processes/${world.voting.id}/steps/close-ballot`, {})).status).toBe(403);
    });
    expect(triedSeal).toEqual([]);

    const officer = await new Client(logged).actAs(world.people.proceduresSecretary.member);
    const s = (await world.store.getProcess(world.voting.id))!.state as SelectionState;
    world.clock.set(`${s.timetable.ballotCloses}T18:00:00.000Z`);
    await officer.actAs(world.people.proceduresSecretary.member);
    const quiet = await linesDuring(async () => {
      expect((await officer.post(`/processes/${world.voting.id}/steps/close-ballot`, {})).status).toBe(303);
    });
    expect(quiet).toEqual([]);
    expect(((await world.store.getProcess(world.voting.id))!.state as SelectionState).phase).toBe('closed');

    const after = await linesDuring(async () => {
      expect((await officer.get(`/processes/${world.voting.id}`)).status).toBe(200);
      expect((await officer.post(`/processes/${world.voting.id}/steps/record-count`, {})).status).toBe(303);
    });
    expect(after.map((l) => [l.event, l.fields.route ?? l.fields.step])).toEqual([
      ['request', '/processes/:process'],
      ['request', '/processes/:process/steps/:step'],
      ['process.step', 'record-count'],
    ]);
    expect(after[2]!.fields).toEqual({ process: world.voting.id, step: 'record-count' });
  });

  it('reads a path with a broken %-escape without failing: the client is answered and the request is logged', async () => {
    const lines = await linesDuring(async () => {
      const r = await new Client(logged, '192.0.2.81').actAs(null).then((c) => c.get('/ballots/%E0%A4%A'));
      expect(r.status).toBeLessThan(500);
    });
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('never holds a sign-in code, a session token, a tracker or an email address', () => {
    expect(logger.lines.length).toBeGreaterThan(10);
    expect(secrets.length).toBeGreaterThan(6);
    const text = JSON.stringify(logger.lines);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/@/);
    expect(text).not.toMatch(/\?/);
  });
});
