/**
 * The outbox's sender inside `hustings serve` (started with the server, stopped with it), a server
 * that leaves the sending to another process (HUSTINGS_OUTBOX_SENDER=off, --outbox-sender off), and
 * `hustings outbox drain`: notices put in the store by anyone reach a real SMTP server.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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

/** `hustings serve --port 0` on the store, sending to `smtpUrl`; its output so far, and its exit status once stopped. */
function serveChild(url: string, smtpUrl: string, extraEnv: NodeJS.ProcessEnv = {}, flags: readonly string[] = []) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HUSTINGS_SMTP_URL: smtpUrl,
    HUSTINGS_MAIL_FROM: 'ballots@party.example',
    HUSTINGS_LOG_LEVEL: 'silent',
    ...extraEnv,
  };
  delete env.HUSTINGS_URL;
  if (!('HUSTINGS_OUTBOX_SENDER' in extraEnv)) delete env.HUSTINGS_OUTBOX_SENDER;
  const child = spawn(process.execPath, [MAIN, 'serve', '--port', '0', '--db', url, ...flags], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((r) => child.on('exit', r));
  return { child, output: () => out, exited };
}

/** `hustings outbox drain --once` on the store, sending to `smtpUrl`: its exit status and output. */
function drainOnce(url: string, smtpUrl: string): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [MAIN, 'outbox', 'drain', '--once', '--db', url], {
      cwd: ROOT,
      env: { ...process.env, HUSTINGS_SMTP_URL: smtpUrl, HUSTINGS_LOG_LEVEL: 'silent' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('exit', (code) => done({ code, out }));
  });
}

describe('the outbox sender in hustings serve', () => {
  it('sends notices as they are stored, and stops with the server', async () => {
    const url = `sqlite:${join(dir, 'serve.db')}`;
    const smtp = await startSmtp();
    const store = await openStore(url);
    try {
      const now = new Date().toISOString();
      await ballotParty(store, 5, now);
      const { child, output, exited } = serveChild(url, smtp.url);
      await until(() => /Press Ctrl\+C/.test(output()), 'the server to start');
      expect(output()).toContain(`Notices to members (invitations, reminders) are sent by this server, to SMTP at ${new URL(smtp.url).host}.`);
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

describe('hustings serve with the outbox sent by another process', () => {
  for (const [how, env, flags] of [
    ['HUSTINGS_OUTBOX_SENDER=off', { HUSTINGS_OUTBOX_SENDER: 'off' }, []],
    ['--outbox-sender off', { HUSTINGS_OUTBOX_SENDER: 'on' }, ['--outbox-sender', 'off']],
  ] as const) {
    it(`${how}: queued notices wait until hustings outbox drain sends them`, async () => {
      const url = `sqlite:${join(dir, `${flags.length > 0 ? 'flag' : 'env'}-off.db`)}`;
      const smtp = await startSmtp();
      const store = await openStore(url);
      try {
        const now = new Date().toISOString();
        await ballotParty(store, 5, now);
        // Due before the server starts: a sender beside it would send them at once.
        await store.putNotice(invitation(now), now);
        const { child, output, exited } = serveChild(url, smtp.url, env, flags);
        await until(() => /Press Ctrl\+C/.test(output()), 'the server to start');
        expect(output()).toContain(
          `Notices to members (invitations, reminders) wait in the outbox for another process to send them (hustings outbox drain): this server does not (${how}).`,
        );
        // Longer than a sender's wait between looks at the outbox (2 s), and it sends the first look's at once.
        await new Promise((r) => setTimeout(r, 3_000));
        expect(smtp.received()).toBe(0);
        expect(await store.notice('invitation')).toMatchObject({ sent: 0 });
        expect(await drainOnce(url, smtp.url)).toEqual({ code: 0, out: 'Sent 5, failed 0, waiting to be tried again 0.\n' });
        expect(smtp.arrived.map((a) => a.to[0]).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `voter${i}@example.org`));
        expect(await store.notice('invitation')).toMatchObject({ sent: 5, queued: 0 });
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      } finally {
        await store.close();
        await smtp.close();
      }
    });
  }

  it('refuses a value other than on or off, from the flag or the environment, before opening the store', () => {
    const db = `sqlite:${join(dir, 'never-opened.db')}`;
    expect(hustings(['serve', '--port', '0', '--outbox-sender', 'no', '--db', db])).toMatchObject({
      status: 2,
      stdout: '',
      stderr: 'hustings: --outbox-sender must be on (this server sends the notices) or off (another process, hustings outbox drain, sends them), not "no"\n',
    });
    expect(hustings(['serve', '--port', '0', '--db', db], { HUSTINGS_OUTBOX_SENDER: 'false' })).toMatchObject({
      status: 2,
      stdout: '',
      stderr:
        'hustings: HUSTINGS_OUTBOX_SENDER must be on (this server sends the notices) or off (another process, hustings outbox drain, sends them), not "false"\n',
    });
    expect(existsSync(join(dir, 'never-opened.db'))).toBe(false);
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
      const r = await drainOnce(url, smtp.url);
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
