/**
 * Sign-in that others cannot sabotage or guess: codes bound to the browser
 * that asked for them (so one person's wrong guesses never lock the owner of
 * the inbox out), one live code per browser, stored as an HMAC under the
 * server's secret; the client's network taken from the right hop of
 * X-Forwarded-For and counted per /64 for IPv6; `next` kept on this site.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkOf } from '../../../src/web/server/client-address.js';
import { configFromEnv, keptSecretConfig } from '../../../src/web/server/config.js';
import { buildWorld, Client, type World } from './fixture.js';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
}, 120_000);
afterAll(async () => {
  await world?.cleanup();
});

/** The code in the newest email to `to`. */
function latestCode(to: string): string {
  const m = world.outbox.messages().find((x) => x.to === to);
  if (!m) throw new Error(`no mail to ${to}`);
  return /code to sign in to Hustings is (\d{8})/.exec(m.text)![1];
}

const wrongOf = (code: string, i: number): string => String((Number(code) + 1 + i) % 100_000_000).padStart(8, '0');

/** Moves the world's clock past every rate-limit window, so tests do not share counts. */
function later(): void {
  world.clock.set(new Date(world.clock.now().getTime() + 60 * 60_000));
}

describe('a code is bound to the browser that asked for it', () => {
  it('an attacker failing again and again in their own browser never stops the owner signing in', async () => {
    later();
    const email = world.people.voter.member!.email!;
    const attacker = await new Client(world, '203.0.113.66').actAs(null);
    expect((await attacker.post('/sign-in', { email })).status).toBe(303);
    const attackersCode = latestCode(email);
    const owner = await new Client(world, '192.0.2.44').actAs(null);
    expect((await owner.post('/sign-in', { email })).status).toBe(303);
    const ownersCode = latestCode(email);

    const statuses: number[] = [];
    for (let i = 0; i < 12; i++)
      statuses.push((await attacker.post('/sign-in/code', { email, code: wrongOf(ownersCode === attackersCode ? ownersCode : attackersCode, i) })).status);
    // Five wrong codes, then the attacker's own code is retired and every later try refused.
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    // Even the right code for the attacker's browser no longer works there: it was retired.
    const retired = await attacker.post('/sign-in/code', { email, code: attackersCode });
    expect(retired.status).toBe(429);
    expect(retired.text).toContain('no longer works');
    // The owner's code, in the owner's browser, still does.
    const ok = await owner.post('/sign-in/code', { email, code: ownersCode });
    expect(ok.status).toBe(303);
    expect((await owner.get('/ballots')).text).toContain(world.people.voter.member!.name);
  });

  it('the owner’s code does not work in another browser, even given the right code', async () => {
    later();
    const email = world.people.scrutineer.member!.email!;
    const owner = await new Client(world, '192.0.2.45').actAs(null);
    await owner.post('/sign-in', { email });
    const code = latestCode(email);
    const thief = await new Client(world, '192.0.2.45').actAs(null);
    const stolen = await thief.post('/sign-in/code', { email, code });
    expect(stolen.status).toBe(400);
    expect(stolen.text).toContain('works only in the browser that asked for it');
    // A thief with a cookie of their own (from asking for a code) is no better off.
    await thief.post('/sign-in', { email: 'someone-else@example.invalid' });
    expect((await thief.post('/sign-in/code', { email, code })).status).toBe(400);
    expect((await owner.post('/sign-in/code', { email, code })).status).toBe(303);
  });

  it('the owner who mistypes five times just asks for a new code', async () => {
    later();
    const email = world.people.nationalOfficer.member!.email!;
    const c = await new Client(world, '192.0.2.46').actAs(null);
    await c.post('/sign-in', { email });
    const first = latestCode(email);
    for (let i = 0; i < 5; i++) expect((await c.post('/sign-in/code', { email, code: wrongOf(first, i) })).status).toBe(400);
    expect((await c.post('/sign-in/code', { email, code: first })).status).toBe(429);
    await c.post('/sign-in', { email });
    expect((await c.post('/sign-in/code', { email, code: latestCode(email) })).status).toBe(303);
  });

  it('a member and a stranger get the same answer and the same cookies', async () => {
    later();
    const a = await new Client(world, '192.0.2.47').actAs(null);
    const b = await new Client(world, '192.0.2.48').actAs(null);
    const member = await a.post('/sign-in', { email: world.people.outsider.member!.email! });
    const stranger = await b.post('/sign-in', { email: 'nobody-at-all@example.invalid' });
    expect(stranger.status).toBe(member.status);
    const names = (r: typeof member) =>
      r.headers
        .getSetCookie()
        .map((l) => l.split('=')[0])
        .sort();
    expect(names(stranger)).toEqual(names(member));
    expect(stranger.headers.get('location')!.replace(/email=[^&]*/, '')).toBe(member.headers.get('location')!.replace(/email=[^&]*/, ''));
  });
});

describe('one live code per browser, stored as an HMAC', () => {
  it('a new code makes the earlier one fail, and the store holds neither code nor its SHA-256', async () => {
    later();
    const email = world.people.proceduresSecretary.member!.email!;
    const c = await new Client(world, '192.0.2.49').actAs(null);
    await c.post('/sign-in', { email });
    const older = latestCode(email);
    await c.post('/sign-in', { email });
    const newer = latestCode(email);
    expect(newer).not.toBe(older);

    const db = new Database(join(world.dir, 'party.db'), { readonly: true });
    const stored = db.prepare('SELECT code_hash FROM login_codes WHERE member = ?').pluck().all(world.people.proceduresSecretary.member!.id) as string[];
    db.close();
    expect(stored).toHaveLength(1);
    const sha = (t: string) => [createHash('sha256').update(t).digest('hex'), createHash('sha256').update(t).digest('base64url')];
    for (const code of [older, newer]) {
      for (const form of [code, `code\0${world.people.proceduresSecretary.member!.id}\0${code}`]) expect(sha(form)).not.toContain(stored[0]);
      expect(stored[0]).not.toContain(code);
    }

    expect((await c.post('/sign-in/code', { email, code: older })).status).toBe(400);
    expect((await c.post('/sign-in/code', { email, code: newer })).status).toBe(303);
  });
});

describe('the server’s secret', () => {
  it('without HUSTINGS_SECRET is drawn once and kept in the store, so a restart or a second server uses the same', async () => {
    const first = await keptSecretConfig(configFromEnv({}, 3000), {}, world.store);
    const second = await keptSecretConfig(configFromEnv({}, 3001), {}, world.store);
    expect(first.secret.length).toBeGreaterThanOrEqual(32);
    expect(second.secret.equals(first.secret)).toBe(true);
    const given = 'a secret of at least thirty-two characters';
    const configured = await keptSecretConfig(configFromEnv({ HUSTINGS_SECRET: given }, 3000), { HUSTINGS_SECRET: given }, world.store);
    expect(configured.secret.toString('utf8')).toBe(given);
  });
});

describe('the client’s network', () => {
  it('takes the hop the trusted proxy wrote, not the entries the client wrote before it', async () => {
    later();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      // Each request claims a different origin at the left; the proxy's entry at the right is the same.
      const c = await new Client(world, `10.${i}.0.1, 198.51.100.7`).actAs(null);
      statuses.push((await c.post('/sign-in', { email: 'spoofer@example.org' })).status);
    }
    expect(statuses).toEqual([303, 303, 303, 303, 303, 429, 429]);
  });

  it('counts IPv6 neighbours in one /64 as one network, and IPv4 written as IPv6 as itself', async () => {
    later();
    const send = async (address: string) => (await (await new Client(world, address).actAs(null)).post('/sign-in', { email: 'neighbours@example.org' })).status;
    const statuses: number[] = [];
    for (let i = 1; i <= 6; i++) statuses.push(await send(`2001:db8:1:2::${i.toString(16)}`));
    expect(statuses).toEqual([303, 303, 303, 303, 303, 429]);
    expect(await send('2001:db8:1:3::1')).toBe(303);

    const mapped: number[] = [];
    for (let i = 0; i < 3; i++) mapped.push(await send('192.0.2.77'));
    for (let i = 0; i < 3; i++) mapped.push(await send('::ffff:192.0.2.77'));
    expect(mapped).toEqual([303, 303, 303, 303, 303, 429]);
  });

  it('reads networks and proxy counts', () => {
    expect(networkOf('2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(networkOf('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(networkOf('::1')).toBe('0:0:0:0::/64');
    expect(networkOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(networkOf('::ffff:198.51.100.4')).toBe('198.51.100.4');
    expect(networkOf('::ffff:c633:6404')).toBe('198.51.100.4');
    expect(networkOf('198.51.100.4')).toBe('198.51.100.4');
    expect(networkOf('unknown')).toBe('unknown');
    expect(configFromEnv({}, 3000).trustProxy).toBe(0);
    expect(configFromEnv({ HUSTINGS_TRUST_PROXY: '1' }, 3000).trustProxy).toBe(1);
    expect(configFromEnv({ HUSTINGS_TRUST_PROXY: 'true' }, 3000).trustProxy).toBe(1);
    expect(configFromEnv({ HUSTINGS_TRUST_PROXY: '2' }, 3000).trustProxy).toBe(2);
    expect(() => configFromEnv({ HUSTINGS_TRUST_PROXY: 'yes please' }, 3000)).toThrow(/number of proxies/);
  });

  it('behind two proxies takes the second entry from the right', async () => {
    later();
    const { createApp } = await import('../../../src/web/server/app.js');
    const { serverConfig } = await import('../../../src/web/server/config.js');
    const app = createApp({ store: world.store, clock: world.clock, mailer: world.outbox, config: serverConfig({ ...world.config, trustProxy: 2 }) });
    const proxied = { ...world, app } as World;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const c = await new Client(proxied, `10.9.${i}.1, 198.51.100.8, 10.0.0.${i}`).actAs(null);
      statuses.push((await c.post('/sign-in', { email: 'two-proxies@example.org' })).status);
    }
    expect(statuses).toEqual([303, 303, 303, 303, 303, 429]);
  });
});

describe('where signing in leads', () => {
  const EVIL = [
    '//evil.example',
    '/\\evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\nSet-Cookie: x=1',
    '/%09/evil.example',
    '/%2F/evil.example',
    '/%5Cevil.example',
    '/%0d%0aLocation: https://evil.example',
    '\\\\evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    ' /ballots',
    '/ballots\u0000',
    '/\u0085evil',
    '/%E0%A4%A',
  ];

  it('goes to a path on this site, and to the default page for anything else', async () => {
    later();
    const email = world.people.triggerSecretary.member!.email!;
    for (const [i, next] of [...EVIL, '/ballots/x?y=1'].entries()) {
      const c = await new Client(world, `192.0.2.${150 + i}`).actAs(null);
      const form = await c.get(`/sign-in?next=${encodeURIComponent(next)}`);
      expect(form.status).toBe(200);
      const sent = await c.post('/sign-in', { email, next });
      expect(sent.status).toBe(303);
      const r = await c.post('/sign-in/code', { email, code: latestCode(email), next });
      expect(r.status, JSON.stringify(next)).toBe(303);
      expect(r.headers.get('location'), JSON.stringify(next)).toBe(next === '/ballots/x?y=1' ? next : '/');
    }
  });
});
