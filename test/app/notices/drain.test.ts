/**
 * The outbox's sender against a real SMTP server in this process (smtp-server) and a real store:
 * what arrives (To, both parts, Message-ID and the idempotency key, each member's language); a
 * server that refuses an address for good (recorded, not tried again) or for now (tried again later,
 * then delivered), that drops the connection in the middle of a message, and that answers slowly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { drainOutbox, IDEMPOTENCY_HEADER, messageIdFor, type DrainOptions } from '../../../src/app/notices/drain.js';
import { fixedClock } from '../../../src/domain/time.js';
import { smtpTransport } from '../../../src/runtime/mail-transport.js';
import { memoryLogger } from '../../../src/runtime/logger.js';
import { openStore } from '../../../src/store/index.js';
import type { Store } from '../../../src/store/store.js';
import { ballotParty, BALLOT, invitation, testRender, voterId } from './ballot.js';
import { startSmtp } from './smtp-server.js';

const dir = mkdtempSync(join(tmpdir(), 'hustings-outbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const T0 = '2026-06-01T09:00:00.000Z';
let files = 0;
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function setUp(voters: number, smtpBehaviour: Parameters<typeof startSmtp>[0] = {}) {
  const store = await openStore(`sqlite:${join(dir, `drain-${++files}.db`)}`);
  const smtp = await startSmtp(smtpBehaviour);
  const transport = smtpTransport(smtp.url, 'The Party <ballots@party.example>', { maxConnections: 3 });
  cleanup.push(
    () => store.close(),
    () => smtp.close(),
    () => transport.close(),
  );
  await ballotParty(store, voters, T0);
  const clock = fixedClock(T0);
  const drain = (extra: Partial<DrainOptions> = {}) =>
    drainOutbox({ store, transport, render: testRender, clock, worker: 'test', once: true, batch: 10, backoff: { firstMs: 60_000 }, ...extra });
  return { store, smtp, transport, clock, drain };
}

const keyOf = (i: number) => `invitation/${voterId(i)}`;
const addressOf = (i: number) => `voter${i}@example.org`;
const outboxEmpty = async (store: Store) => expect(await store.claimMessages('peek', 10, '2100-01-01T00:00:00.000Z', 1)).toEqual([]);

describe('the outbox sender, through a real SMTP server', () => {
  it('delivers each message once, to its member, in their language, with both parts and the headers that name it', async () => {
    const { store, smtp, drain } = await setUp(12);
    await store.putNotice(invitation(T0), T0);
    const logger = memoryLogger();
    const tally = await drain({ log: logger });
    expect(tally).toMatchObject({ claimed: 12, sent: 12, failed: 0, retrying: 0 });
    expect(smtp.arrived.length).toBe(12);
    expect([...smtp.countsByKey().values()].every((n) => n === 1)).toBe(true);
    const first = smtp.arrived.find((a) => a.key === keyOf(1))!;
    expect(first.to).toEqual([addressOf(1)]);
    expect(first.headers.get('to')).toBe(addressOf(1));
    expect(first.headers.get('from')).toBe('The Party <ballots@party.example>');
    expect(first.subject).toBe('Invitation: National Executive');
    expect(first.headers.get('message-id')).toBe(messageIdFor(keyOf(1), 'party.example'));
    expect(first.headers.get(IDEMPOTENCY_HEADER.toLowerCase())).toBe(keyOf(1));
    expect(first.headers.get('content-type')).toMatch(/^multipart\/alternative/);
    expect(first.text).toBe('Dear Voter 1\n\nYour ballot is open.\n');
    expect(first.html).toContain('<p>Dear Voter 1</p><p>Your ballot is open.</p>');
    // Every fifth voter reads Welsh.
    const welsh = smtp.arrived.find((a) => a.key === keyOf(5))!;
    expect(welsh.subject).toBe('Gwahoddiad: National Executive — â ŵ ŷ');
    expect(welsh.text).toBe('Annwyl Voter 5\n\nMae eich pleidlais ar agor. Diolch yn fawr — â ŵ ŷ\n');
    expect(await store.notice('invitation')).toMatchObject({ recipients: 12, sent: 12, failed: 0, queued: 0 });
    await outboxEmpty(store);
    // The log has counts, never an address or a text.
    const lines = JSON.stringify(logger.lines);
    expect(lines).toContain('outbox.batch');
    expect(lines).not.toMatch(/example\.org|Voter|Dear/);
  });

  it('records an address the server refuses for good against it, and tries it no more; the others are delivered', async () => {
    const { store, smtp, drain } = await setUp(6, { refuse: (address) => (address === addressOf(3) ? 550 : null) });
    await store.putNotice(invitation(T0), T0);
    expect(await drain()).toMatchObject({ sent: 5, failed: 1, retrying: 0 });
    expect(smtp.arrived.map((a) => a.key).sort()).toEqual([0, 1, 2, 4, 5].map(keyOf));
    expect(await store.notice('invitation')).toMatchObject({ sent: 5, failed: 1, queued: 0 });
    const failing = await store.failingAddresses();
    expect(failing).toEqual([expect.objectContaining({ member: voterId(3), name: 'Voter 3', address: addressOf(3), count: 1, lastAt: T0 })]);
    expect(failing[0]!.reason).toMatch(/^550/);
    await outboxEmpty(store);
  });

  it('tries an address the server turns away for now again after the backoff, then delivers it', async () => {
    const { store, smtp, clock, drain } = await setUp(4, { refuse: (address, attempt) => (address === addressOf(2) && attempt <= 2 ? 451 : null) });
    await store.putNotice(invitation(T0), T0);
    expect(await drain()).toMatchObject({ sent: 3, retrying: 1 });
    // Not due before the first wait (a minute) is over.
    clock.set('2026-06-01T09:00:59.000Z');
    expect(await drain()).toMatchObject({ claimed: 0 });
    clock.set('2026-06-01T09:01:00.000Z');
    expect(await drain()).toMatchObject({ claimed: 1, retrying: 1 });
    // The second wait is twice the first.
    clock.set('2026-06-01T09:02:59.000Z');
    expect(await drain()).toMatchObject({ claimed: 0 });
    clock.set('2026-06-01T09:03:00.000Z');
    expect(await drain()).toMatchObject({ claimed: 1, sent: 1 });
    expect(smtp.countsByKey().get(keyOf(2))).toBe(1);
    expect(await store.notice('invitation')).toMatchObject({ sent: 4, failed: 0 });
    expect(await store.failingAddresses()).toEqual([]);
  });

  it('gives a message up after the most tries, and records the address', async () => {
    const { store, clock, drain } = await setUp(2, { refuse: (address) => (address === addressOf(0) ? 421 : null) });
    await store.putNotice(invitation(T0), T0);
    for (let i = 0; i < 3; i++) {
      await drain({ backoff: { firstMs: 1_000, maxTries: 3 } });
      clock.set(new Date(Date.parse(clock.now().toISOString()) + 10_000));
    }
    expect(await store.notice('invitation')).toMatchObject({ sent: 1, failed: 1, queued: 0 });
    const [failing] = await store.failingAddresses();
    expect(failing?.reason).toMatch(/gave up after 3 tries/);
  });

  it('sends again a message whose connection dropped mid-message: every message arrives, each once', async () => {
    const { store, smtp, clock, drain } = await setUp(8, { disconnect: (address, attempt) => address === addressOf(4) && attempt === 1 });
    await store.putNotice(invitation(T0), T0);
    const first = await drain();
    expect(first.retrying + first.sent).toBe(8);
    expect(first.retrying).toBeGreaterThanOrEqual(1);
    clock.set('2026-06-01T09:10:00.000Z');
    await drain();
    const counts = smtp.countsByKey();
    expect([...counts.keys()].sort()).toEqual(Array.from({ length: 8 }, (_, i) => keyOf(i)));
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(await store.notice('invitation')).toMatchObject({ sent: 8, failed: 0, queued: 0 });
  });

  it('completes against a slow server', async () => {
    const { store, smtp, drain } = await setUp(10, { delayMs: 150 });
    await store.putNotice(invitation(T0), T0);
    expect(await drain({ concurrency: 3 })).toMatchObject({ sent: 10, failed: 0 });
    expect(smtp.arrived.length).toBe(10);
  });

  it('fans out a reminder when it falls due, to those who have not voted then, and only them', async () => {
    const { store, smtp, clock, drain } = await setUp(6);
    await store.putNotice(invitation(T0, { id: 'reminder', kind: 'ballot-reminder', audience: { notVoted: true }, sendAt: '2026-06-05T09:00:00.000Z' }), T0);
    expect(await drain()).toMatchObject({ fannedOut: 0, claimed: 0 });
    expect((await store.castBallot(BALLOT, voterId(0), { ranking: ['a'], tracker: 'T-0' })).ok).toBe(true);
    expect((await store.recordOfflineVote(BALLOT, voterId(1), 'postal', { ranking: ['a'], tracker: 'T-1' })).ok).toBe(true);
    clock.set('2026-06-05T09:00:00.000Z');
    expect(await drain()).toMatchObject({ fannedOut: 4, sent: 4 });
    expect(smtp.arrived.map((a) => a.to[0]).sort()).toEqual([2, 3, 4, 5].map(addressOf));
    await outboxEmpty(store);
    expect(await store.notice('reminder')).toMatchObject({ recipients: 4, sent: 4 });
  });

  it('hands back, untried, the claimed messages it has not started when stopped', async () => {
    const { store, smtp, transport, clock } = await setUp(20, { delayMs: 50 });
    await store.putNotice(invitation(T0), T0);
    const stop = new AbortController();
    const running = drainOutbox({ store, transport, render: testRender, clock, worker: 'w', batch: 20, concurrency: 1, signal: stop.signal, idleMs: 10 });
    while (smtp.arrived.length < 3) await new Promise((r) => setTimeout(r, 10));
    stop.abort();
    const tally = await running;
    expect(tally.sent + tally.released).toBe(20);
    expect(tally.released).toBeGreaterThan(0);
    expect((await store.claimMessages('next', 100, T0, 60_000)).length).toBe(tally.released);
  });
});
