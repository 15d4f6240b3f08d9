/**
 * Whole journeys through the app: signing in by the code (and by the link) in
 * the development outbox, signing out and out everywhere, voting (review,
 * cast, tracker code, a second cast refused, the ballot stored with no link to
 * the voter), a secretary recording a meeting, and an officer closing the
 * ballot and running the count so the results appear.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SelectionState, TriggerBallotState } from '../../../src/domain/processes/index.js';
import { createApp } from '../../../src/web/server/app.js';
import { serverConfig } from '../../../src/web/server/config.js';
import { devOutbox } from '../../../src/runtime/mailer.js';
import { buildWorld, Client, type World } from './fixture.js';

let world: World;
/** The tracker code the voter was shown, checked after the count. */
let tracker = '';
beforeAll(async () => {
  world = await buildWorld();
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

function latestCode(w: World, to: string): { code: string; link: string } {
  const m = w.outbox.messages().find((x) => x.to === to);
  if (!m) throw new Error(`no mail to ${to}`);
  const code = /code to sign in to Hustings is (\d{8})/.exec(m.text)![1];
  const link = /(http\S+\/sign-in\/code\?\S+)/.exec(m.text)![1];
  return { code, link };
}

async function signIn(w: World, email: string, address = '192.0.2.10'): Promise<Client> {
  const c = await new Client(w, address).actAs(null);
  const sent = await c.post('/sign-in', { email });
  expect(sent.status).toBe(303);
  await c.get(sent.headers.get('location')!);
  const r = await c.post('/sign-in/code', { email, code: latestCode(w, email).code });
  expect(r.status, r.text.slice(0, 400)).toBe(303);
  await c.get('/ballots');
  return c;
}

describe('signing in', () => {
  it('sends a code to the outbox, signs in with it once, and never says whether an address is a member’s', async () => {
    const voter = world.people.voter.member!;
    const email = voter.email!;
    const c = await new Client(world).actAs(null);
    const sent = await c.post('/sign-in', { email: email.toUpperCase() });
    expect(sent.status).toBe(303);
    const stranger = await c.post('/sign-in', { email: 'stranger@example.invalid' });
    expect(stranger.status).toBe(303);
    expect(world.outbox.messages().some((m) => m.to === 'stranger@example.invalid')).toBe(false);
    const page = await c.get(sent.headers.get('location')!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('/dev/outbox');

    const { code } = latestCode(world, email);
    const wrong = await c.post('/sign-in/code', { email, code: code === '00000000' ? '00000001' : '00000000' });
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('not right, has been used, or has expired');
    const ok = await c.post('/sign-in/code', { email, code });
    expect(ok.status).toBe(303);
    const cookie = ok.headers.getSetCookie().find((l) => l.startsWith('hustings='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    const token = cookie.slice('hustings='.length).split(';')[0];
    // Only the hash is stored: the raw token is not a session id in the store.
    expect(await world.store.getSession(token, world.clock.now().toISOString())).toBeNull();
    const home = await c.get('/ballots');
    expect(home.status).toBe(200);
    expect(home.text).toContain(voter.name);

    const again = await new Client(world).actAs(null);
    const reuse = await again.post('/sign-in/code', { email, code });
    expect(reuse.status).toBe(400);
  });

  it('the emailed link fills in the code, and a code older than 10 minutes no longer works', async () => {
    const m = world.people.scrutineer.member!;
    const c = await new Client(world, '192.0.2.11').actAs(null);
    await c.post('/sign-in', { email: m.email! });
    const { code, link } = latestCode(world, m.email!);
    const url = new URL(link);
    const form = await c.get(url.pathname + url.search);
    expect(form.status).toBe(200);
    expect(form.text).toContain(code);
    world.clock.set(new Date(world.clock.now().getTime() + 11 * 60_000));
    const late = await c.post('/sign-in/code', { email: m.email!, code });
    expect(late.status).toBe(400);
    await c.post('/sign-in', { email: m.email! });
    const fresh = latestCode(world, m.email!).code;
    expect((await c.post('/sign-in/code', { email: m.email!, code: fresh })).status).toBe(303);
  });

  it('over https the session cookie is __Host- and Secure', async () => {
    const https = serverConfig({ env: 'production', publicUrl: 'https://vote.example.org', secret: Buffer.alloc(32, 1) });
    const outbox = devOutbox();
    const app = createApp({ store: world.store, clock: world.clock, mailer: outbox, config: https });
    const first = await app.request('https://vote.example.org/sign-in');
    const csrfCookie = first.headers.getSetCookie().find((l) => l.startsWith('__Host-hustings-csrf='))!;
    expect(csrfCookie).toMatch(/Secure/);
    expect(csrfCookie).toMatch(/Path=\//);
    const token = /name="_csrf" value="([^"]+)"/.exec(await first.text())![1];
    const email = world.people.nationalOfficer.member!.email!;
    const headers = { cookie: csrfCookie.split(';')[0], 'content-type': 'application/x-www-form-urlencoded' };
    const sent = await app.request('https://vote.example.org/sign-in', {
      method: 'POST',
      headers,
      body: new URLSearchParams({ _csrf: token, email }).toString(),
    });
    // The code is bound to this browser by a cookie of its own, as safe as the session's.
    const bound = sent.headers.getSetCookie().find((l) => l.startsWith('__Host-hustings-signin='))!;
    expect(bound).toMatch(/Secure/);
    expect(bound).toMatch(/HttpOnly/);
    expect(bound).toMatch(/SameSite=Strict/);
    const code = /is (\d{8})/.exec(outbox.messages()[0].text)![1];
    const withBinding = { ...headers, cookie: `${headers.cookie}; ${bound.split(';')[0]}` };
    const r = await app.request('https://vote.example.org/sign-in/code', {
      method: 'POST',
      headers: withBinding,
      body: new URLSearchParams({ _csrf: token, email, code }).toString(),
    });
    expect(r.status).toBe(303);
    const session = r.headers.getSetCookie().find((l) => l.startsWith('__Host-hustings='))!;
    expect(session).toMatch(/Secure/);
    expect(session).toMatch(/HttpOnly/);
    expect(r.headers.get('strict-transport-security')).toContain('max-age');
    // Production has no outbox page at all.
    expect((await app.request('https://vote.example.org/dev/outbox')).status).toBe(404);
  });
});

describe('signing out', () => {
  it('signs out one session, and signs out everywhere', async () => {
    const email = world.people.proceduresSecretary.member!.email!;
    const laptop = await signIn(world, email, '192.0.2.21');
    const phone = await signIn(world, email, '192.0.2.22');
    const tablet = await signIn(world, email, '192.0.2.23');
    expect((await laptop.post('/sign-out', {})).status).toBe(303);
    expect((await laptop.get('/ballots')).status).toBe(303);
    expect((await phone.get('/ballots')).status).toBe(200);
    const everywhere = await phone.post('/sign-out/everywhere', {});
    expect(everywhere.status).toBe(303);
    const next = await phone.get('/sign-in');
    expect(next.text).toContain('signed out everywhere (2 sessions ended)');
    expect((await tablet.get('/ballots')).status).toBe(303);
    expect((await tablet.get('/ballots')).headers.get('location')).toContain('/sign-in');
  });
});

describe('voting', () => {
  it('ranks, reviews, casts once with a tracker code shown once, and stores the ballot with no link to the voter', async () => {
    const voter = world.people.voter.member!;
    const c = await signIn(world, voter.email!, '192.0.2.30');
    const s = world.voting.state as SelectionState;
    const [first, second] = (s.shortlist ?? []).filter((id) => s.candidates.find((x) => x.id === id)?.withdrawn === null);
    const booth = await c.get(`/ballots/${world.voting.id}`);
    expect(booth.status).toBe(200);
    const review = await c.post(`/ballots/${world.voting.id}/review`, { [`rank-${first}`]: '2', [`rank-${second}`]: '1' });
    expect(review.status).toBe(200);
    const change = await c.post(`/ballots/${world.voting.id}/cast`, { [`rank-${second}`]: '1', [`rank-${first}`]: '2', action: 'change' });
    expect(change.status).toBe(200);
    expect(await world.store.turnout(world.voting.id)).toBe(0);
    const cast = await c.post(`/ballots/${world.voting.id}/cast`, { [`rank-${second}`]: '1', [`rank-${first}`]: '2', action: 'cast' });
    expect(cast.status).toBe(200);
    expect(cast.headers.get('cache-control')).toBe('no-store');
    tracker = /<code>([A-Z2-9-]{24})<\/code>/.exec(cast.text)![1];

    expect(await world.store.hasVoted(world.voting.id, voter.id)).toBe(true);
    const ballots = await world.store.ballots(world.voting.id);
    expect(ballots).toEqual([{ ranking: [second, first], tracker }]);

    const twice = await c.post(`/ballots/${world.voting.id}/cast`, { [`rank-${first}`]: '1', action: 'cast' });
    expect(twice.status).toBe(409);
    expect(twice.text).toContain('already voted');
    expect(twice.text).toContain('you voted online on');
    expect(await world.store.ballots(world.voting.id)).toHaveLength(1);
    expect((await c.get(`/ballots/${world.voting.id}`)).status).toBe(409);
    expect((await c.get('/ballots')).text).toContain('Voted');

    // The stored ballot has no member, session, time or order: its table has none of those columns.
    const db = new Database(join(world.dir, 'party.db'), { readonly: true });
    const columns = (db.prepare(`PRAGMA table_info(cast_ballots)`).all() as { name: string }[]).map((r) => r.name).sort();
    const row = db.prepare(`SELECT * FROM cast_ballots WHERE tracker = ?`).get(tracker) as Record<string, unknown>;
    db.close();
    expect(columns).toEqual(['key', 'process', 'ranking', 'tracker']);
    expect(JSON.stringify(row)).not.toContain(voter.id);
    const token = c.cookies.get('hustings')!;
    expect(JSON.stringify(row)).not.toContain(token);
  });

  it('refuses a member outside the electorate, even with a well-formed ballot', async () => {
    const c = await new Client(world).actAs(world.people.outsider.member);
    const r = await c.post(`/ballots/${world.voting.id}/cast`, { 'rank-c2': '1', action: 'cast' });
    expect(r.status).toBe(403);
    expect(await world.store.hasVoted(world.voting.id, world.people.outsider.member!.id)).toBe(false);
  });
});

describe('secretaries and officers', () => {
  it('a unit secretary records their unit’s meeting; the constituency page shows it', async () => {
    const c = await new Client(world).actAs(world.people.triggerSecretary.member);
    const path = `/units/${world.triggerUnit}/processes/${world.trigger.id}/meeting`;
    expect((await c.get(path)).status).toBe(200);
    const r = await c.post(path, { for: '9', against: '3', abstentions: '0', attendance: '14', date: '2024-05-30' });
    expect(r.status, r.text.slice(0, 400)).toBe(303);
    expect(r.headers.get('location')).toBe(`/units/${encodeURIComponent(world.triggerUnit)}`);
    const unit = ((await world.store.getProcess(world.trigger.id))!.state as TriggerBallotState).units.find((u) => u.id === world.triggerUnit)!;
    expect(unit.result).toMatchObject({ kind: 'meeting', for: 9, against: 3, attendance: 14, date: '2024-05-30' });
    const events = await world.store.processEvents(world.trigger.id);
    expect((events[events.length - 1].event as { by: string }).by).toBe(world.people.triggerSecretary.member!.id);
    const progress = await c.get(`/constituencies/${world.trigger.constituency}`);
    expect(progress.status).toBe(200);
    expect(progress.text).toContain('9 for, 3 against');
  });

  it('results are refused before the count; an officer closes the ballot and runs the count, then everyone sees them', async () => {
    const anon = await new Client(world).actAs(null);
    const hidden = await anon.post(`/results/${world.voting.id}/tracker`, { code: tracker });
    expect(hidden.text).toContain('after voting closes');
    expect(hidden.text).not.toContain('Found:');
    const early = await anon.get(`/results/${world.voting.id}`);
    expect(early.status).toBe(409);
    expect(early.text).toContain('not been counted');
    expect((await anon.get(`/results/${world.voting.id}/ballots.blt`)).status).toBe(409);

    const officer = await new Client(world).actAs(world.people.proceduresSecretary.member);
    const base = `/processes/${world.voting.id}`;
    const tooSoon = await officer.post(`${base}/steps/close-ballot`, {});
    expect(tooSoon.status).toBe(422);
    expect(tooSoon.text).toContain('cannot close early');
    const closes = (world.voting.state as SelectionState).timetable.ballotCloses;
    world.clock.set(`${closes}T18:00:00.000Z`);
    await officer.actAs(world.people.proceduresSecretary.member);
    expect((await officer.post(`${base}/steps/close-ballot`, {})).status).toBe(303);
    const voter = await new Client(world).actAs(world.people.voter.member);
    expect((await voter.get(`/ballots/${world.voting.id}`)).status).toBe(409);
    const counted = await officer.post(`${base}/steps/record-count`, {});
    expect(counted.status, counted.text.slice(0, 400)).toBe(303);
    const s = (await world.store.getProcess(world.voting.id))!.state as SelectionState;
    expect(s.phase).toBe('counted');
    expect(s.count!.ballots).toBe(1);

    // Counted, not yet declared: the officer sees the result, marked so; everyone else gets "no results yet".
    const undeclared = await officer.get(`/results/${world.voting.id}`);
    expect(undeclared.status).toBe(200);
    expect(undeclared.text).toContain('Counted, not yet declared');
    const notYet = await anon.get(`/results/${world.voting.id}`);
    expect(notYet.status).toBe(409);
    expect(notYet.text).not.toContain('Elected');
    expect((await anon.get(`/results/${world.voting.id}/count.csv`)).status).toBe(409);
    expect((await anon.get(`/results/${world.voting.id}/board.json`)).text).toContain('"declared": null');
    expect((await officer.post(`${base}/steps/declare`, {})).status).toBe(303);

    const results = await anon.get(`/results/${world.voting.id}`);
    expect(results.status).toBe(200);
    expect(results.text).not.toContain('Counted, not yet declared');
    const winner = s.candidates.find((x) => x.id === s.count!.elected[0])!.name;
    expect(results.text).toContain(`Elected: ${winner}`);
    // One ballot elects at the first stage: nothing moved, so there is no diagram of transfers.
    expect(results.text).toContain('The count ended at its first stage, so no votes moved.');
    const check = await anon.post(`/results/${world.voting.id}/tracker`, { code: tracker });
    expect(check.text).toContain('Found:');
    expect((await anon.post(`/results/${world.voting.id}/tracker`, { code: 'NOPE-NOPE' })).text).toContain('Not found:');
    const blt = await anon.get(`/results/${world.voting.id}/ballots.blt`);
    expect(blt.headers.get('content-disposition')).toContain('attachment');
    expect(blt.text.split('\n')[0]).toBe(`${s.shortlist!.length} 1`);
  });
});
