/**
 * The outbox's sender inside `hustings serve` (started with the server, stopped with it) and as
 * `hustings outbox drain`: notices put in the store by anyone reach a real SMTP server.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { ballotParty, invitation } from '../app/notices/ballot.js';
import { startSmtp } from '../app/notices/smtp-server.js';
import { MAIN, ROOT, ensureBuilt, hustings } from './built.js';

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'hustings-serve-outbox-'));
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function until(test: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1_500 && !test(); i++) await new Promise((r) => setTimeout(r, 20));
  if (!test()) throw new Error(`waited 30 s for ${what}`);
}

describe('the outbox sender in hustings serve', () => {
  it('sends notices as they are stored, and stops with the server', async () => {
    const url = `sqlite:${join(dir, 'serve.db')}`;
    const smtp = await startSmtp();
    const store = await openStore(url);
    try {
      const now = new Date().toISOString();
      await ballotParty(store, 5, now);
      const env: NodeJS.ProcessEnv = { ...process.env, HUSTINGS_SMTP_URL: smtp.url, HUSTINGS_MAIL_FROM: 'ballots@party.example', HUSTINGS_LOG_LEVEL: 'silent' };
      delete env.HUSTINGS_URL;
      const child = spawn(process.execPath, [MAIN, 'serve', '--port', '0', '--db', url], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      const exited = new Promise<number | null>((r) => child.on('exit', r));
      await until(() => /running at/.test(out), 'the server to start');
      await store.putNotice(invitation(now), now);
      await until(() => smtp.arrived.length === 5, 'five invitations');
      // The server's own address, in each member's language (voter 0 reads Welsh).
      expect(smtp.arrived.filter((a) => /There is news for you at http:\/\/127\.0\.0\.1:\d+/.test(a.text ?? '')).length).toBe(4);
      expect(smtp.arrived.filter((a) => /Mae newyddion i chi yn http:\/\/127\.0\.0\.1:\d+/.test(a.text ?? '')).length).toBe(1);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(await store.notice('invitation')).toMatchObject({ sent: 5, queued: 0 });
    } finally {
      await store.close();
      await smtp.close();
    }
  });
});

describe('hustings outbox drain', () => {
  it('--once sends what is due and says how it went', async () => {
    const url = `sqlite:${join(dir, 'drain.db')}`;
    const smtp = await startSmtp({ refuse: (address) => (address === 'voter1@example.org' ? 550 : null) });
    const store = await openStore(url);
    try {
      const now = new Date().toISOString();
      await ballotParty(store, 3, now);
      await store.putNotice(invitation(now), now);
      await store.close();
      const r = await new Promise<{ code: number | null; out: string }>((done) => {
        const child = spawn(process.execPath, [MAIN, 'outbox', 'drain', '--once', '--db', url], {
          cwd: ROOT,
          env: { ...process.env, HUSTINGS_SMTP_URL: smtp.url, HUSTINGS_LOG_LEVEL: 'silent' },
        });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.on('exit', (code) => done({ code, out }));
      });
      expect(r).toEqual({ code: 0, out: 'Sent 2, failed 1, waiting to be tried again 0.\n' });
      expect(smtp.arrived.length).toBe(2);
    } finally {
      await store.close();
      await smtp.close();
    }
  });

  it('refuses a bad rate in one line, and a store that does not exist', () => {
    expect(hustings(['outbox', 'drain', '--once', '--rate', 'fast', '--db', `sqlite:${join(dir, 'x.db')}`])).toMatchObject({
      status: 2,
      stderr: 'hustings: --rate must be a number of messages per second above 0, not "fast"\n',
    });
    expect(hustings(['outbox', 'drain', '--once', '--db', `sqlite:${join(dir, 'x.db')}`], { HUSTINGS_MAIL_RATE: '0' })).toMatchObject({
      status: 2,
      stderr: 'hustings: HUSTINGS_MAIL_RATE must be a number of messages per second above 0, up to 100,000, not "0"\n',
    });
    const missing = hustings(['outbox', 'drain', '--once', '--db', `sqlite:${join(dir, 'missing.db')}`]);
    expect(missing.stderr).toMatch(/^hustings: cannot open the store at .*missing\.db/);
    expect(missing.status).not.toBe(0);
  });
});
