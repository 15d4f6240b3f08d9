/** `hustings serve`: the app on a real port over loopback, the demo accounts the banner offers, and the command line. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, startServer, type Running } from '../../../src/cli/serve.js';
import { run } from '../../../src/cli/run.js';
import { buildWorld, type World } from './fixture.js';

let world: World;
let running: Running;
beforeAll(async () => {
  world = await buildWorld();
  running = await startServer({ store: world.store, config: world.config, mailer: world.outbox, clock: world.clock, port: 0, host: '127.0.0.1' });
}, 120_000);
afterAll(async () => {
  await running?.close();
  await world?.cleanup();
});

function capture() {
  let out = '';
  let err = '';
  return { io: { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: {} }, out: () => out, err: () => err };
}

describe('hustings serve', () => {
  it('serves over HTTP: pages, security headers, and a sign-in round trip', async () => {
    const home = await fetch(`${running.url}/`, { redirect: 'manual' });
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/sign-in');
    const page = await fetch(`${running.url}/sign-in`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const cookie = page.headers.getSetCookie()[0].split(';')[0];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
    const email = world.people.voter.member!.email!;
    const sent = await fetch(`${running.url}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, email }).toString(),
    });
    expect(sent.status).toBe(303);
    expect(world.outbox.messages()[0].to).toBe(email);
  });

  it('offers a demo member for each role, each of whom holds that role', async () => {
    const accounts = await demoAccounts(world.store, world.config.admins);
    const roles = accounts.map((a) => a.role.split(' (')[0]);
    expect(roles).toEqual(['member', 'unit secretary', 'procedures secretary', 'national officer', 'scrutineer', 'administrator']);
    for (const a of accounts) expect(await world.store.memberByEmail(a.email)).not.toBeNull();
  });

  it('has help, and refuses options it does not know', async () => {
    const help = capture();
    expect(await run(['serve', '--help'], help.io)).toBe(0);
    expect(help.out()).toContain('hustings serve [--port N]');
    const bad = capture();
    expect(await run(['serve', '--colour'], bad.io)).toBe(2);
    expect(bad.err()).toContain('--colour is not an option of serve');
    const orphan = capture();
    expect(await run(['serve', '--members', '500'], orphan.io)).toBe(2);
    expect(orphan.err()).toContain('--members and --seed go with --demo');
  });
});
