/**
 * Several senders on one outbox, and a sender killed in the middle of a run: every message arrives,
 * none twice but those in flight at the kill (counted by their idempotency keys).
 * The killed sender is the real command, `node dist/bin/main.js outbox drain` (build first).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drainOutbox } from '../../../src/app/notices/drain.js';
import { systemClock } from '../../../src/runtime/system-clock.js';
import { smtpTransport } from '../../../src/runtime/mail-transport.js';
import { openStore } from '../../../src/store/index.js';
import { inSchema, postgresAvailable, Schemas } from '../../store/postgres-server.js';
import { ballotParty, invitation, testRender, voterId } from './ballot.js';
import { startSmtp, type TestSmtp } from './smtp-server.js';

const dir = mkdtempSync(join(tmpdir(), 'hustings-senders-'));
const schemas = new Schemas();
const pg = await postgresAvailable('Outbox senders on PostgreSQL');
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await schemas.dropAll();
});

const MAIN = resolve(import.meta.dirname, '../../../dist/bin/main.js');

function expectEachOnce(smtp: TestSmtp, voters: number): void {
  const counts = smtp.countsByKey();
  expect([...counts.keys()].sort()).toEqual(Array.from({ length: voters }, (_, i) => `invitation/${voterId(i)}`));
  expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
}

async function twoSenders(url: string): Promise<void> {
  const voters = 300;
  const [a, b] = [await openStore(url), await openStore(url)];
  const smtp = await startSmtp({ delayMs: 2 });
  const transports = [smtpTransport(smtp.url, 'ballots@party.example'), smtpTransport(smtp.url, 'ballots@party.example')];
  try {
    const now = systemClock.now().toISOString();
    await ballotParty(a, voters, now);
    await a.putNotice(invitation(now), now);
    const runs = await Promise.all(
      [a, b].map((store, i) =>
        drainOutbox({ store, transport: transports[i]!, render: testRender, clock: systemClock, worker: `sender-${i}`, once: true, batch: 10, concurrency: 4 }),
      ),
    );
    expect(runs[0]!.sent + runs[1]!.sent).toBe(voters);
    // Both took part.
    expect(runs.every((r) => r.sent > 0)).toBe(true);
    expectEachOnce(smtp, voters);
    expect(await a.notice('invitation')).toMatchObject({ sent: voters, failed: 0, queued: 0 });
  } finally {
    await Promise.all(transports.map((t) => t.close()));
    await smtp.close();
    await Promise.all([a.close(), b.close()]);
  }
}

function drainCommand(url: string, smtpUrl: string, extra: readonly string[]) {
  const child = spawn(process.execPath, [MAIN, 'outbox', 'drain', '--db', url, '--batch', '20', '--concurrency', '4', '--lease', '1', ...extra], {
    env: { ...process.env, HUSTINGS_SMTP_URL: smtpUrl, HUSTINGS_MAIL_FROM: 'ballots@party.example', HUSTINGS_LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((done) =>
    child.on('exit', (code, signal) => done({ code, signal, out })),
  );
  return { child, exited };
}

async function killedAndRestarted(url: string): Promise<void> {
  const voters = 200;
  const store = await openStore(url);
  const smtp = await startSmtp({ delayMs: 10 });
  try {
    const now = systemClock.now().toISOString();
    await ballotParty(store, voters, now);
    await store.putNotice(invitation(now), now);
    const first = drainCommand(url, smtp.url, []);
    while (smtp.arrived.length < 60) {
      await new Promise((r) => setTimeout(r, 5));
      expect(first.child.exitCode).toBeNull();
    }
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const beforeRestart = smtp.arrived.length;
    expect(beforeRestart).toBeLessThan(voters);
    // The dead sender's claims hold for a second (--lease 1); then they are anyone's.
    await new Promise((r) => setTimeout(r, 1_100));
    const second = drainCommand(url, smtp.url, ['--once']);
    const done = await second.exited;
    expect(done.code, done.out).toBe(0);
    const counts = smtp.countsByKey();
    expect(counts.size).toBe(voters);
    const duplicates = [...counts.values()].reduce((sum, n) => sum + (n - 1), 0);
    // Only what was in flight at the kill can go twice: at most one batch.
    expect(duplicates).toBeLessThanOrEqual(20);
    expect([...counts.values()].every((n) => n <= 2)).toBe(true);
    expect(await store.notice('invitation')).toMatchObject({ sent: voters, failed: 0, queued: 0 });
  } finally {
    await smtp.close();
    await store.close();
  }
}

describe('senders sharing an outbox', () => {
  it('two senders on one SQLite file: every message arrives exactly once', () => twoSenders(`sqlite:${join(dir, 'two.db')}`));
  it.skipIf(!pg)('two senders on one PostgreSQL database: every message arrives exactly once', async () =>
    twoSenders(inSchema(await schemas.create('outbox_two'))),
  );
  it('a sender killed mid-run and started again (SQLite): nothing lost, duplicates only of what was in flight', () =>
    killedAndRestarted(`sqlite:${join(dir, 'killed.db')}`));
  it.skipIf(!pg)('a sender killed mid-run and started again (PostgreSQL): nothing lost, duplicates only of what was in flight', async () =>
    killedAndRestarted(inSchema(await schemas.create('outbox_killed'))),
  );
});
