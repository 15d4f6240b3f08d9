/** `hustings demo` into temporary SQLite files: deterministic, complete, and only into an empty store. */
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { constituencyCount } from '../../src/demo/generate.js';
import type { ProcessId } from '../../src/domain/ids.js';
import { PARENT_KIND } from '../../src/domain/organisation.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';
import { hustingsIn, scratch } from './store-cli.js';

const tmp = scratch('demo');
afterAll(() => tmp.cleanup());

const MEMBERS = 30_000;
const demoArgs = (db: string, seed = 7) => ['demo', '--seed', String(seed), '--members', String(MEMBERS), '--now', '2024-06-01', '--db', db];

/** Everything the store holds, as one hash: units, members, offices, incumbents, processes with their events, electorates. */
async function fingerprint(store: Store): Promise<string> {
  const h = createHash('sha256');
  const units = await store.listUnits();
  h.update(JSON.stringify(units.sort((a, b) => (a.id < b.id ? -1 : 1))));
  for await (const m of store.membersOf(units.filter((u) => u.kind === 'branch').map((u) => u.id))) h.update(JSON.stringify(m));
  h.update(JSON.stringify((await store.listOffices()).sort((a, b) => (`${a.unit}/${a.role}/${a.member}` < `${b.unit}/${b.role}/${b.member}` ? -1 : 1))));
  h.update(JSON.stringify(await store.listIncumbents()));
  for (const p of await store.listProcesses()) {
    h.update(JSON.stringify(p));
    h.update(JSON.stringify(await store.processEvents(p.id as ProcessId)));
    h.update(JSON.stringify(await store.electorate(p.id as ProcessId)));
  }
  return h.digest('hex');
}

describe('hustings demo', () => {
  let summary = '';

  it('writes a synthetic party and puts processes under way, printing a summary', async () => {
    const r = await hustingsIn(demoArgs(tmp.db('a.db')));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    summary = r.stdout;
    const seats = constituencyCount(MEMBERS);
    expect(r.stdout).toContain('Demo party (seed 7, as of 2024-06-01) written to SQLite file');
    expect(r.stdout).toContain(`11 regions, ${seats} constituencies`);
    expect(r.stdout).toContain(`${MEMBERS.toLocaleString('en-GB')} members`);
    for (const phase of ['triggered', 'readopted', 'open', 'ballot-open', 'applications', 'nominations'])
      expect(r.stdout, phase).toMatch(new RegExp(`  ${phase} `));

    const store = await openStore(tmp.db('a.db'));
    try {
      expect(await store.countMembers()).toBe(MEMBERS);
      const units = await store.listUnits();
      const byId = new Map(units.map((u) => [u.id, u]));
      for (const u of units) if (u.parent !== null) expect(byId.get(u.parent)?.kind, u.id).toBe(PARENT_KIND[u.kind]);
      expect(units.filter((u) => u.kind === 'constituency')).toHaveLength(seats);

      // Every process is a state its machine reached: its stored version counts its events, and the last event is its latest step.
      const processes = await store.listProcesses();
      expect(processes.length).toBeGreaterThanOrEqual(8);
      for (const p of processes) {
        const events = await store.processEvents(p.id);
        expect(events.length, p.id).toBe(p.version);
      }
      const kinds = new Set(processes.map((p) => p.kind));
      expect(kinds).toEqual(new Set(['trigger-ballot', 'selection', 'internal-election']));

      // The selection with its ballot open has a frozen electorate of its constituency's members.
      const balloting = processes.find((p) => p.kind === 'selection' && (p.state as { phase: string }).phase === 'ballot-open')!;
      const electorate = await store.electorate(balloting.id);
      const state = balloting.state as { electorate: { eligible: number; total: number } };
      expect(electorate.length).toBe(state.electorate.total);
      expect(electorate.filter((e) => e.eligible).length).toBe(state.electorate.eligible);
      expect(state.electorate.eligible).toBeGreaterThan(0);
      expect(state.electorate.eligible).toBeLessThan(state.electorate.total);
    } finally {
      await store.close();
    }
  });

  it('gives exactly the same store for the same seed, members and date', async () => {
    const again = await hustingsIn(demoArgs(tmp.db('b.db')));
    expect(again.status).toBe(0);
    const dbless = (out: string) =>
      out
        .replaceAll(tmp.db('a.db'), '<db>')
        .replaceAll(tmp.db('b.db'), '<db>')
        .replace(/written to .*\n/, '\n');
    expect(dbless(again.stdout)).toBe(dbless(summary));
    const a = await openStore(tmp.db('a.db'));
    const b = await openStore(tmp.db('b.db'));
    try {
      expect(await fingerprint(b)).toBe(await fingerprint(a));
    } finally {
      await a.close();
      await b.close();
    }
    const other = await hustingsIn(demoArgs(tmp.db('c.db'), 8));
    expect(other.status).toBe(0);
    expect(other.stdout).not.toBe(summary);
  });

  it('lets the commands carry on with what it started', async () => {
    const db = tmp.db('a.db');
    const list = JSON.parse((await hustingsIn(['trigger', 'list', '--format', 'json', '--db', db])).stdout) as { process: string; phase: string }[];
    const open = list.find((p) => p.phase === 'open')!;
    const status = JSON.parse((await hustingsIn(['trigger', 'status', open.process, '--format', 'json', '--db', db])).stdout);
    const pending = status.units.find((u: { result: unknown }) => u.result === null);
    const r = await hustingsIn([
      'trigger',
      'record',
      open.process,
      '--unit',
      pending.id,
      '--for',
      '9',
      '--against',
      '4',
      '--abstentions',
      '1',
      '--attendance',
      '15',
      '--date',
      '2024-06-01',
      '--now',
      '2024-06-01T21:00:00Z',
      '--db',
      db,
    ]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('shows progress on stderr only on a terminal, and erases it', async () => {
    const r = await hustingsIn(['demo', '--members', '2000', '--now', '2024-06-01', '--db', tmp.db('tty.db')], {}, { stderrTTY: true });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('demo: members 2,000/2,000');
    expect(r.stderr.endsWith('\r\x1b[2K')).toBe(true);
    expect(r.stdout).toContain('2,000 members');
  });

  it('refuses a store that already holds a party, and bad options', async () => {
    const r = await hustingsIn(demoArgs(tmp.db('a.db')));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^hustings: the store at SQLite file .*a\.db already holds a party \(30,000 members\); the demo needs an empty store/);
    const bad = await hustingsIn(['demo', '--members', '99', '--db', tmp.db('d.db')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--members must be a whole number of 100 or more, not "99"');
    const seed = await hustingsIn(['demo', '--seed', 'x', '--db', tmp.db('d.db')]);
    expect(seed.status).toBe(2);
  });
});
