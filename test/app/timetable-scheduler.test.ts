/**
 * The timetable's scheduler on its own stores: a server started after a
 * ballot's closing moment closes and seals it before it serves anyone, and two
 * servers sharing one PostgreSQL database close it once between them (one audit
 * entry), each seeing it closed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sealBallotBox } from '../../src/app/seal-ballot-box.js';
import { auditRecord } from '../../src/audit/index.js';
import { TimetableScheduler } from '../../src/app/timetable-scheduler.js';
import { startServer } from '../../src/web/serve.js';
import { generateParty } from '../../src/demo/generate.js';
import { populate } from '../../src/app/populate-demo.js';
import { LABOUR_2021 } from '../../src/domain/presets.js';
import { votingWindow, type SelectionState } from '../../src/domain/processes/index.js';
import { fixedClock, isoDate } from '../../src/domain/time.js';
import { openStore } from '../../src/store/index.js';
import type { Store, StoredProcess } from '../../src/store/store.js';
import { serverConfig } from '../../src/web/server/config.js';
import { devOutbox } from '../../src/runtime/mailer.js';
import { inSchema, postgresAvailable, Schemas } from '../store/postgres-server.js';

const TODAY = isoDate('2024-06-01');

/** A small demo party, which has a selection whose ballot is open; returns that ballot and its closing moment. */
async function partyWithOpenBallot(store: Store): Promise<{ ballot: StoredProcess; closes: Date }> {
  await populate(store, generateParty({ seed: 1, members: 400, today: TODAY }), LABOUR_2021);
  const ballot = (await store.listProcesses()).find((p) => p.kind === 'selection' && (p.state as SelectionState).phase === 'ballot-open');
  if (!ballot) throw new Error('the demo party has no open ballot');
  return { ballot, closes: votingWindow(ballot.state as SelectionState).closes };
}

const closedByTimetable = async (store: Store) => (await store.auditEntries()).filter((e) => e.type === 'ballot.closed-by-timetable');

describe('a server started after the closing moment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hustings-timetable-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('closes and seals the ballot before it listens, with the audit entry naming the moment', async () => {
    const store = await openStore(`sqlite:${join(dir, 'party.db')}`);
    try {
      const { ballot, closes } = await partyWithOpenBallot(store);
      // The server was down at the moment; it starts an hour and a half later.
      const clock = fixedClock(new Date(closes.getTime() + 90 * 60_000));
      const running = await startServer({
        store,
        config: serverConfig({ env: 'development', secret: Buffer.alloc(32, 1) }),
        mailer: devOutbox(),
        clock,
        port: 0,
        host: '127.0.0.1',
      });
      try {
        const after = (await store.getProcess(ballot.id))!.state as SelectionState;
        expect(after.phase).toBe('closed');
        expect(after.ballot?.closedByTimetable).toBe(true);
        expect(await store.ballotBox(ballot.id)).toMatchObject({ sealed: true });
        const entries = await closedByTimetable(store);
        expect(entries).toHaveLength(1);
        expect(entries[0].data).toMatchObject({ process: ballot.id, closingMoment: closes.toISOString() });
      } finally {
        await running.close();
      }
    } finally {
      await store.close();
    }
  }, 120_000);
});

const pgUp = await postgresAvailable('the timetable scheduler on PostgreSQL');

describe.skipIf(!pgUp)('two servers sharing one PostgreSQL database', () => {
  const schemas = new Schemas();
  afterAll(() => schemas.dropAll());

  it('close the ballot once: one audit entry, and each sees it closed and sealed', async () => {
    const url = inSchema(await schemas.create('timetable'));
    const first = await openStore(url);
    const second = await openStore(url);
    try {
      const { ballot, closes } = await partyWithOpenBallot(first);
      const clock = fixedClock(closes);
      const seen: string[][] = [[], []];
      const schedulers = [first, second].map((store, i) => new TimetableScheduler({ store, clock, onClosed: (p) => seen[i].push(p.id) }));
      // Both look at the same moment; the row lock lets one close, the other finds it closed.
      await Promise.all(schedulers.map((s) => s.closeDue()));
      expect(await closedByTimetable(first)).toHaveLength(1);
      // And one seal, with one seed: the second server's seal finds the first's.
      expect(await first.auditEntriesOf(ballot.id, 'box.sealed')).toHaveLength(1);
      for (const store of [first, second]) {
        expect(((await store.getProcess(ballot.id))!.state as SelectionState).phase).toBe('closed');
        expect(await store.ballotBox(ballot.id)).toMatchObject({ sealed: true });
      }
      expect(seen.flat().filter((id) => id === ballot.id).length).toBeGreaterThanOrEqual(1);
      // Looking again changes nothing.
      await Promise.all(schedulers.map((s) => s.closeDue()));
      expect(await closedByTimetable(second)).toHaveLength(1);
      expect(await second.auditEntriesOf(ballot.id, 'box.sealed')).toHaveLength(1);
    } finally {
      await first.close();
      await second.close();
    }
  }, 180_000);

  it('seal a box once, however many seal it at the same moment: one entry, one seed for all', async () => {
    const url = inSchema(await schemas.create('seal_race'));
    const stores = [await openStore(url), await openStore(url)];
    try {
      const { ballot } = await partyWithOpenBallot(stores[0]);
      const at = new Date().toISOString();
      const seals = await Promise.all(Array.from({ length: 8 }, (_, i) => sealBallotBox(stores[i % 2], ballot.id, 'test', at)));
      const seeds = new Set(seals.map((r) => (r.ok ? r.value.seal.seed : null)));
      expect(seeds.size).toBe(1);
      expect([...seeds][0]).not.toBeNull();
      expect(await stores[0].auditEntriesOf(ballot.id, 'box.sealed')).toHaveLength(1);
      // The store itself refuses a second seal entry for the box, whatever the timing of the seals.
      const [entry] = await stores[1].auditEntriesOf(ballot.id, 'box.sealed');
      await expect(
        stores[1].appendAudit(auditRecord('test', 'box.sealed', { ...(entry.data as Record<string, unknown>), seed: 7 } as never, at)),
      ).rejects.toThrow();
      expect(await stores[0].auditEntriesOf(ballot.id, 'box.sealed')).toHaveLength(1);
    } finally {
      for (const s of stores) await s.close();
    }
  }, 180_000);
});
