/**
 * Bad requests: a missing or wrong CSRF token, an oversized body, a wrong
 * method, a malformed form — each a 4xx with a clear message, and nothing
 * stored. And the rate limit on sign-in attempts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessId } from '../../../src/domain/ids.js';
import { buildWorld, Client, type Reply, type World } from './fixture.js';

let world: World;
beforeAll(async () => {
  world = await buildWorld({ config: { attempts: { windowMinutes: 15, perEmail: 5, perAddress: 8 } } });
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

/** Everything a rejected request could have changed: every process's version and history, the votes, the offices. */
async function snapshot(w: World): Promise<string> {
  const parts: unknown[] = [];
  for (const p of await w.store.listProcesses())
    parts.push(p.id, p.version, (await w.store.processEvents(p.id as ProcessId)).length, await w.store.turnout(p.id as ProcessId));
  parts.push((await w.store.listOffices()).length);
  return JSON.stringify(parts);
}

function meetingPath(w: World): string {
  return `/units/${w.triggerUnit}/processes/${w.trigger.id}/meeting`;
}
const GOOD_MEETING = { for: '10', against: '4', abstentions: '1', attendance: '16', date: '2024-05-31' };

describe('CSRF', () => {
  it('refuses a form without its token with 403 and stores nothing', async () => {
    const c = await new Client(world).actAs(world.people.triggerSecretary.member);
    const before = await snapshot(world);
    const r = await c.post(meetingPath(world), GOOD_MEETING, { csrf: null });
    expect(r.status).toBe(403);
    expect(r.text).toContain('without its security token');
    expect(await snapshot(world)).toBe(before);
  });

  it('refuses a wrong token, and another session’s token, with 403 and stores nothing', async () => {
    const mine = await new Client(world).actAs(world.people.triggerSecretary.member);
    const theirs = await new Client(world).actAs(world.people.triggerSecretary.member);
    const before = await snapshot(world);
    expect((await mine.post(meetingPath(world), GOOD_MEETING, { csrf: 'x'.repeat(43) })).status).toBe(403);
    const r = await mine.post(meetingPath(world), GOOD_MEETING, { csrf: theirs.csrf });
    expect(r.status).toBe(403);
    expect(r.text).toContain('does not match your session');
    expect(await snapshot(world)).toBe(before);
  });

  it('refuses a signed-out form whose token does not match its cookie', async () => {
    const a = await new Client(world, '203.0.113.50').actAs(null);
    const b = await new Client(world, '203.0.113.50').actAs(null);
    expect(a.csrf).not.toBe(b.csrf);
    const r = await a.post('/sign-in', { email: 'someone@example.org' }, { csrf: b.csrf });
    expect(r.status).toBe(403);
    expect(world.outbox.messages().filter((m) => m.to === 'someone@example.org')).toHaveLength(0);
  });

  it('accepts the same form with the right token (the check is not refusing everything)', async () => {
    const c = await new Client(world).actAs(world.people.triggerSecretary.member);
    const before = await world.store.getProcess(world.trigger.id);
    const r = await c.post(meetingPath(world), GOOD_MEETING);
    expect(r.status, r.text.slice(0, 500)).toBe(303);
    const after = await world.store.getProcess(world.trigger.id);
    expect(after!.version).toBe(before!.version + 1);
  });
});

describe('bodies, methods and forms', () => {
  it('refuses a body over the limit with 413, by Content-Length or by what arrives, and stores nothing', async () => {
    const c = await new Client(world).actAs(world.people.nominatingSecretary.member);
    const path = `/units/${world.nominatingUnit}/processes/${world.nominating.id}/nominations`;
    const before = await snapshot(world);
    const big = await c.post(path, { date: '2024-05-31', nominee: 'c1', padding: 'x'.repeat(70 * 1024) });
    expect(big.status).toBe(413);
    expect(big.text).toContain('larger than 64 KB');
    // Streamed without a length: counted as it arrives.
    const stream = new ReadableStream<Uint8Array>({
      start(ctl) {
        for (let i = 0; i < 80; i++) ctl.enqueue(new TextEncoder().encode(`_csrf=${c.csrf}&pad=${'y'.repeat(1000)}&`));
        ctl.close();
      },
    });
    const res = await world.app.request(path, {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await snapshot(world)).toBe(before);
  });

  it('answers a wrong method with 405 and an Allow header', async () => {
    const c = await new Client(world).actAs(world.people.voter.member);
    const del = await world.app.request(`/ballots/${world.voting.id}`, { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(del.headers.get('allow')).toBe('GET, HEAD');
    const r = await c.post('/ballots', {});
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET, HEAD');
    expect(r.text).toContain('POST is not accepted at /ballots');
    const get = await c.get(`/ballots/${world.voting.id}/cast`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await c.get('/no/such/page')).status).toBe(404);
  });

  it('refuses malformed forms with 400 and a clear message, storing nothing', async () => {
    const c = await new Client(world).actAs(world.people.triggerSecretary.member);
    const before = await snapshot(world);
    const json = await c.post(meetingPath(world), JSON.stringify({ _csrf: c.csrf, ...GOOD_MEETING }), { contentType: 'application/json' });
    expect(json.status).toBe(400);
    expect(json.text).toContain('accepts a form');
    const broken = await c.post(meetingPath(world), `_csrf=${c.csrf}&for=%E0%A4%A&against=1`);
    expect(broken.status).toBe(400);
    expect(broken.text).toContain('malformed');
    const twice = await c.post(meetingPath(world), { ...GOOD_MEETING, for: ['1', '2'] });
    expect(twice.status).toBe(400);
    expect(twice.text).toContain('more than once');
    const words = await c.post(meetingPath(world), { ...GOOD_MEETING, attendance: 'lots' });
    expect(words.status).toBe(400);
    expect(words.text).toContain('Enter a whole number');
    // Figures the rules refuse (more votes than people present) are refused by the domain, with its message.
    // (with a reason, as the unit may have a meeting recorded already and this is then a correction)
    const tooMany = await c.post(meetingPath(world), { ...GOOD_MEETING, for: '30', attendance: '5', reason: 'figures re-entered' });
    expect(tooMany.status).toBe(422);
    expect(tooMany.text).toContain('more than the 5 members present');
    const voter = await new Client(world).actAs(world.people.voter.member);
    const ballot = await voter.post(`/ballots/${world.voting.id}/cast`, { 'rank-c2': '1', 'rank-c3': '1', action: 'cast' });
    expect(ballot.status).toBe(400);
    const unknown = await voter.post(`/ballots/${world.voting.id}/review`, { 'rank-zz': '1' });
    expect(unknown.status).toBe(400);
    expect(await snapshot(world)).toBe(before);
  });
});

describe('rate limits', () => {
  it('limits sign-in requests per email address from one network to 5 in 15 minutes (429), and from everywhere to a generous cap', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const c = await new Client(world, '192.0.2.100').actAs(null);
      statuses.push((await c.post('/sign-in', { email: 'limited@example.org' })).status);
    }
    expect(statuses).toEqual([303, 303, 303, 303, 303, 429, 429]);
    // Another network is not held up by the first…
    const elsewhere: number[] = [];
    for (let i = 0; i < 30; i++) {
      const c = await new Client(world, `198.51.100.${i}`).actAs(null);
      elsewhere.push((await c.post('/sign-in', { email: 'limited@example.org' })).status);
    }
    // …until the address's overall cap (30, counting the first network's 7) is reached.
    expect(elsewhere.filter((s) => s === 303).length).toBe(23);
    expect(elsewhere.slice(23).every((s) => s === 429)).toBe(true);
    world.clock.set(new Date(world.clock.now().getTime() + 16 * 60_000));
    const later = await new Client(world, '192.0.2.120').actAs(null);
    expect((await later.post('/sign-in', { email: 'limited@example.org' })).status).toBe(303);
  });

  it('limits code attempts per client address (429 with Retry-After), so codes cannot be guessed from one place', async () => {
    const c = await new Client(world, '192.0.2.200').actAs(null);
    const statuses: number[] = [];
    let last: Reply | undefined;
    for (let i = 0; i < 10; i++) {
      last = await c.post('/sign-in/code', { email: `guess${i}@example.org`, code: String(10_000_000 + i) });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 8).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(8)).toEqual([429, 429]);
    expect(last!.headers.get('retry-after')).toBe('900');
    expect(last!.text).toContain('too many sign-in attempts');
  });
});
