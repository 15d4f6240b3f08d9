/** `hustings serve`: the app on a real port over loopback, the demo accounts the banner offers, and the command line. */
import http from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoAccounts, startServer, type Running } from '../../../src/web/serve.js';
import { hustings as run } from '../../../src/bin/hustings.js';
import { serverConfig } from '../../../src/web/server/config.js';
import { devOutbox } from '../../../src/runtime/mailer.js';
import { HustingsServer, ensureBuilt } from '../../browser/harness.js';
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

  /** Asks for a sign-in code for the voter at `url`, as the sign-in page does. */
  async function askForCode(url: string): Promise<void> {
    const page = await fetch(`${url}/sign-in`);
    const cookie = page.headers.getSetCookie()[0].split(';')[0];
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1];
    const sent = await fetch(`${url}/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, email: world.people.voter.member!.email! }).toString(),
    });
    expect(sent.status).toBe(303);
  }

  it('on a port the system picks, the sign-in email links to that port', async () => {
    const outbox = devOutbox();
    // What `serve --port 0` passes when HUSTINGS_URL is not set: the public address is where it listens.
    const picked = await startServer({
      store: world.store,
      config: (url) => serverConfig({ ...world.config, publicUrl: url }),
      mailer: outbox,
      clock: world.clock,
      port: 0,
      host: '127.0.0.1',
    });
    try {
      expect(picked.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
      expect(picked.config.publicUrl).toBe(picked.url);
      await askForCode(picked.url);
      expect(outbox.messages()[0].text).toContain(`${picked.url}/sign-in/code?`);
    } finally {
      await picked.close();
    }
  });

  it('the command `hustings serve --port 0` mails links to the port it listens on, not to port 0', async () => {
    ensureBuilt();
    const server = await HustingsServer.start(`sqlite:${join(world.dir, 'party.db')}`);
    try {
      expect(server.url).toMatch(/:[1-9]\d*$/);
      await askForCode(server.url);
      const mail = await server.waitForMail(world.people.voter.member!.email!, 0);
      expect(mail.code).toMatch(/^\d{8}$/);
      const link = /(http\S+\/sign-in\/code\?\S+)/.exec(server.console())![1];
      expect(new URL(link).port).toBe(new URL(server.url).port);
      expect(link).not.toContain(':0/');
    } finally {
      await server.stop();
    }
  });

  it('reads forms from the socket: a body over the limit sent in chunks is a 413 with its reason, bad UTF-8 a 400, and the server serves on', async () => {
    const url = new URL(`${running.url}/sign-in`);
    const post = (chunks: readonly Buffer[]): Promise<{ status: number; body: string; connection: string | undefined }> =>
      new Promise((resolve, reject) => {
        // No Content-Length: chunked, so the limit is met while reading, not from a header.
        const req = http.request(
          { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } },
          (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (d: string) => (body += d));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body, connection: res.headers.connection }));
          },
        );
        req.on('error', reject);
        for (const c of chunks) req.write(c);
        req.end();
      });
    const chunk = Buffer.alloc(16 * 1024, 'a');
    const big = await post(Array.from({ length: Math.ceil(world.config.bodyLimit / chunk.length) + 2 }, () => chunk));
    expect(big.status).toBe(413);
    expect(big.body).toContain('larger than 64 KB');
    expect(big.connection).toBe('close');
    const garbled = await post([Buffer.from('email=a%40b.org&x='), Buffer.from([0xc3, 0x28])]);
    expect(garbled.status).toBe(400);
    expect(garbled.body).toContain('not valid UTF-8');
    expect((await fetch(`${running.url}/sign-in`)).status).toBe(200);
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
