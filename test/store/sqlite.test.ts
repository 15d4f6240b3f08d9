/** The SQLite adapter: the contract on a temporary file, plus what only SQLite has (a file several processes share). */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { memberId, processId, unitId } from '../../src/domain/ids.js';
import { isoDate } from '../../src/domain/time.js';
import { ok } from '../../src/domain/result.js';
import { openStore, storeTarget } from '../../src/store/index.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { runAdministrationContract } from './administration-contract.js';
import { runAuditContract } from './audit-contract.js';
import { runDocumentContract } from './documents-contract.js';
import { runStoreContract, type Catalog } from './contract.js';
import { runIntegrityContract } from './integrity-contract.js';
import { runOutboxContract } from './outbox-contract.js';
import { runTurnoutContract } from './turnout-contract.js';
import { sqliteTraces } from './integrity-traces.js';

const dir = mkdtempSync(join(tmpdir(), 'hustings-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = join(dir, 'contract.db');

/** What SQLite says of the tables in `path`. A column is a counter when it is the rowid under another name. */
function sqliteCatalog(path: string): Catalog {
  const read = <T>(body: (db: Database.Database) => T): T => {
    const db = new Database(path, { readonly: true });
    try {
      return body(db);
    } finally {
      db.close();
    }
  };
  const hasRowid = (db: Database.Database, table: string): boolean => {
    const listed = db.prepare('SELECT wr FROM pragma_table_list WHERE name = ?').get(table) as { wr: number } | undefined;
    return listed !== undefined && listed.wr === 0;
  };
  return {
    columns: async (table) =>
      read((db) => {
        const columns = db.prepare('SELECT name, type, pk FROM pragma_table_info(?)').all(table) as { name: string; type: string; pk: number }[];
        const keyed = columns.filter((c) => c.pk > 0);
        const rowidAlias = hasRowid(db, table) && keyed.length === 1 && keyed[0].type.toUpperCase() === 'INTEGER' ? keyed[0].name : null;
        return columns.map((c) => ({ name: c.name, counter: c.name === rowidAlias }));
      }),
    rowCounter: async (table) => read((db) => hasRowid(db, table)),
  };
}

runStoreContract(
  'sqlite',
  () => openStore(`sqlite:${file}`),
  () => sqliteCatalog(file),
);
runIntegrityContract(
  'sqlite',
  () => openStore(`sqlite:${file}`),
  () => sqliteCatalog(file),
  () => sqliteTraces(file),
);
runTurnoutContract('sqlite', () => openStore(`sqlite:${file}`));
let auditFiles = 0;
runAuditContract(
  'sqlite',
  async () => {
    const path = join(dir, `audit-${++auditFiles}.db`);
    return {
      url: `sqlite:${path}`,
      sql: async (statements) => {
        const db = new Database(path);
        try {
          db.exec(statements);
        } finally {
          db.close();
        }
      },
      unguard: 'DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete',
    };
  },
  openStore,
);
let administrationFiles = 0;
runAdministrationContract('sqlite', async () => `sqlite:${join(dir, `administration-${++administrationFiles}.db`)}`, openStore);
let outboxFiles = 0;
runOutboxContract('sqlite', async () => `sqlite:${join(dir, `outbox-${++outboxFiles}.db`)}`, openStore);
let documentFiles = 0;
runDocumentContract(
  'sqlite',
  async () => {
    const path = join(dir, `documents-${++documentFiles}.db`);
    return {
      url: `sqlite:${path}`,
      sql: async (statements) => {
        const db = new Database(path);
        try {
          db.exec(statements);
        } finally {
          db.close();
        }
      },
    };
  },
  openStore,
);

describe('sqlite: store URLs', () => {
  it('reads sqlite: URLs and bare paths as SQLite, postgres URLs as PostgreSQL', () => {
    expect(storeTarget('sqlite:data/party.db')).toEqual({ dialect: 'sqlite', path: 'data/party.db' });
    expect(storeTarget('sqlite:///var/lib/hustings.db')).toEqual({ dialect: 'sqlite', path: '/var/lib/hustings.db' });
    expect(storeTarget('sqlite::memory:')).toEqual({ dialect: 'sqlite', path: ':memory:' });
    expect(storeTarget(':memory:')).toEqual({ dialect: 'sqlite', path: ':memory:' });
    expect(storeTarget('./party.db')).toEqual({ dialect: 'sqlite', path: './party.db' });
    expect(storeTarget('C:\\data\\party.db')).toEqual({ dialect: 'sqlite', path: 'C:\\data\\party.db' });
    expect(storeTarget('postgres://u@db/hustings')).toEqual({ dialect: 'postgres', url: 'postgres://u@db/hustings' });
    expect(storeTarget('postgresql://u@db:5433/h?sslmode=require')).toEqual({ dialect: 'postgres', url: 'postgresql://u@db:5433/h?sslmode=require' });
    expect(() => storeTarget('mysql://u@db/h')).toThrow(/unsupported store URL/);
    expect(() => storeTarget('sqlite:')).toThrow(/no file/);
    expect(() => storeTarget('')).toThrow(/no store/);
  });

  it('opens an in-memory database', async () => {
    const s = await openStore('sqlite::memory:');
    expect(s.dialect).toBe('sqlite');
    expect(await s.countMembers()).toBe(0);
    await s.close();
  });
});

describe('sqlite: the schema check', () => {
  it('sees a rowid and a column that counts rows, where a table has them', async () => {
    const path = join(dir, 'catalog.db');
    await (await openStore(path)).close();
    const db = new Database(path);
    db.exec('CREATE TABLE counted (n INTEGER PRIMARY KEY, ranking TEXT)');
    db.close();
    const catalog = sqliteCatalog(path);
    expect(await catalog.columns('counted')).toEqual([
      { name: 'n', counter: true },
      { name: 'ranking', counter: false },
    ]);
    expect(await catalog.rowCounter('counted')).toBe(true);
    // Sign-in attempts are not ballots: an ordinary table, with a rowid.
    expect(await catalog.rowCounter('login_attempts')).toBe(true);
    expect(await catalog.rowCounter('cast_ballots')).toBe(false);
    expect(await catalog.columns('no_such_table')).toEqual([]);
  });
});

describe('sqlite: the file', () => {
  it('is in WAL mode with a busy timeout, and records each migration once', async () => {
    const path = join(dir, 'wal.db');
    const stores = await Promise.all([openStore(path), openStore(path), openStore(`sqlite:${path}`)]);
    await Promise.all(stores.map((s) => s.close()));
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual(
      MIGRATIONS.map((m) => ({ version: m.version, name: m.name })),
    );
    db.close();
  });

  it('refuses a database whose schema is newer than this code', async () => {
    const path = join(dir, 'newer.db');
    await (await openStore(path)).close();
    const db = new Database(path);
    db.prepare("INSERT INTO schema_migrations (version, name) VALUES (999, 'from the future')").run();
    db.close();
    await expect(openStore(path)).rejects.toThrow(/newer than this Hustings knows/);
  });

  it('serialises changes from several processes writing to one file (busy timeout and BEGIN IMMEDIATE)', async () => {
    const path = join(dir, 'processes.db');
    const store = await openStore(path);
    const id = processId('shared');
    expect(
      (
        await store.createProcess(
          { id, kind: 'trigger-ballot', constituency: null, rulebook: 'r@1', state: { items: [] } },
          { event: {}, at: '2024-01-01T00:00:00Z' },
        )
      ).ok,
    ).toBe(true);
    const writers = 3;
    const each = 40;
    const child = resolve(import.meta.dirname, 'sqlite-writer.ts');
    const runs = Array.from(
      { length: writers },
      (_, w) =>
        new Promise<string>((done, fail) => {
          const p = spawn(process.execPath, ['--import', 'tsx', child, path, id, `w${w}`, String(each)], { stdio: ['ignore', 'pipe', 'pipe'] });
          let out = '';
          p.stdout.on('data', (d) => (out += d));
          p.stderr.on('data', (d) => (out += d));
          p.on('error', fail);
          p.on('exit', (code) => (code === 0 ? done(out) : fail(new Error(`writer ${w} exited with ${code}: ${out}`))));
        }),
    );
    // This process writes too, while the others do.
    for (let i = 0; i < each; i++) {
      await store.updateProcess(id, (cur) =>
        ok({ state: { items: [...(cur.state as { items: string[] }).items, `main-${i}`] }, event: { item: `main-${i}` }, at: '2024-01-01T00:00:00Z' }),
      );
      await new Promise((r) => setTimeout(r, 2));
    }
    await Promise.all(runs);
    const final = await store.getProcess(id);
    const items = (final!.state as { items: string[] }).items;
    expect(final?.version).toBe(1 + (writers + 1) * each);
    expect(items.length).toBe((writers + 1) * each);
    expect(new Set(items).size).toBe(items.length);
    for (let w = 0; w < writers; w++) {
      // Each writer's own changes keep their order.
      expect(items.filter((x) => x.startsWith(`w${w}-`))).toEqual(Array.from({ length: each }, (_, i) => `w${w}-${i}`));
    }
    expect((await store.processEvents(id)).map((e) => e.version)).toEqual(Array.from({ length: 1 + (writers + 1) * each }, (_, i) => i + 1));
    await store.close();
  });
});

describe('sqlite: reads kept between changes (sqlite-unchanged.ts)', () => {
  const at = '2024-01-01T00:00:00Z';
  const member = (id: string) => ({
    id: memberId(id),
    name: id,
    email: `${id}@example.org`,
    branch: unitId('b1'),
    joined: isoDate('2020-01-01'),
    statusHistory: [{ from: isoDate('2020-01-01'), status: 'current' as const }],
    gender: null,
  });

  it('never serve a session, member, office or process from before a change, whoever made it', async () => {
    const path = join(dir, 'kept.db');
    const [a, b] = [await openStore(path), await openStore(path)];
    await a.putUnits([{ id: unitId('b1'), kind: 'branch', name: 'B1', parent: null, constituency: null }]);
    await a.putMembers([member('ana')]);
    await a.putSession({ tokenHash: 'tok', member: memberId('ana'), createdAt: at, expiresAt: '2024-01-02T00:00:00Z' });
    const id = processId('kept');
    await a.createProcess({ id, kind: 'trigger-ballot', constituency: null, rulebook: 'r@1', state: { n: 1 } }, { event: {}, at });
    const now = '2024-01-01T01:00:00Z';
    // Read (and so kept) by `a`…
    expect((await a.signedIn('tok', now))?.offices).toEqual([]);
    expect((await a.getProcess(id))?.state).toEqual({ n: 1 });
    // …then changed through another connection to the same file: `a` sees each change at once.
    await b.putOffice({ unit: unitId('b1'), role: 'secretary', member: memberId('ana') });
    expect((await a.signedIn('tok', now))?.offices).toEqual([{ unit: 'b1', role: 'secretary', member: 'ana' }]);
    await b.putMembers([{ ...member('ana'), name: 'Ana Renamed' }]);
    expect((await a.signedIn('tok', now))?.member.name).toBe('Ana Renamed');
    await b.updateProcess(id, () => ok({ state: { n: 2 }, event: {}, at }));
    expect((await a.getProcess(id))?.state).toEqual({ n: 2 });
    await b.deleteSessionsOf(memberId('ana'));
    expect(await a.signedIn('tok', now)).toBeNull();
    // And through its own connection, by any path (sessions are deleted outside a transaction).
    await a.putSession({ tokenHash: 'tok2', member: memberId('ana'), createdAt: at, expiresAt: '2024-01-02T00:00:00Z' });
    expect((await a.signedIn('tok2', now))?.member.id).toBe('ana');
    await a.deleteSession('tok2');
    expect(await a.signedIn('tok2', now)).toBeNull();
    await a.removeOffice({ unit: unitId('b1'), role: 'secretary', member: memberId('ana') });
    await a.putSession({ tokenHash: 'tok3', member: memberId('ana'), createdAt: at, expiresAt: '2024-01-01T02:00:00Z' });
    expect((await a.signedIn('tok3', now))?.offices).toEqual([]);
    // A session kept from an earlier read still expires on time.
    expect(await a.signedIn('tok3', '2024-01-01T02:00:00Z')).toBeNull();
    await Promise.all([a.close(), b.close()]);
  });

  it('casting ballots does not clear them, and does not hide a change made meanwhile', async () => {
    const path = join(dir, 'kept-casting.db');
    const [a, b] = [await openStore(path), await openStore(path)];
    await a.putUnits([{ id: unitId('b1'), kind: 'branch', name: 'B1', parent: null, constituency: null }]);
    await a.putMembers([member('ana'), member('ben')]);
    await a.putSession({ tokenHash: 'tok', member: memberId('ana'), createdAt: at, expiresAt: '2024-01-02T00:00:00Z' });
    const id = processId('ballot');
    await a.createProcess({ id, kind: 'internal-election', constituency: null, rulebook: 'r@1', state: { open: true } }, { event: {}, at });
    await a.freezeElectorate(id, [
      { member: memberId('ana'), eligible: true, reason: 'a member' },
      { member: memberId('ben'), eligible: true, reason: 'a member' },
    ]);
    const now = '2024-01-01T01:00:00Z';
    const before = await a.signedIn('tok', now);
    expect((await a.castBallot(id, memberId('ana'), { ranking: ['x'], tracker: 'T1' })).ok).toBe(true);
    // The very same kept value: the cast moved nothing a kept read depends on.
    expect(await a.signedIn('tok', now)).toBe(before);
    await b.putOffice({ unit: unitId('b1'), role: 'chair', member: memberId('ana') });
    expect((await a.castBallot(id, memberId('ben'), { ranking: ['x'], tracker: 'T2' })).ok).toBe(true);
    expect((await a.signedIn('tok', now))?.offices.map((o) => o.role)).toEqual(['chair']);
    await Promise.all([a.close(), b.close()]);
  });
});
