/**
 * The PostgreSQL adapter: the contract in a schema of its own (created for this
 * run, dropped afterwards), plus what only PostgreSQL has (servers starting at
 * once, a shared pool). Skipped, with a notice, when no server answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberId, processId, unitId } from '../../src/domain/ids.js';
import { ok } from '../../src/domain/result.js';
import { isoDate } from '../../src/domain/time.js';
import { openPostgresStore, openStore } from '../../src/store/index.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { runStoreContract } from './contract.js';
import { admin, inSchema, postgresAvailable, Schemas } from './postgres-server.js';

const available = await postgresAvailable('PostgreSQL store tests');
const schemas = new Schemas();
const newSchema = (name: string) => schemas.create(name);

describe.skipIf(!available)('postgres', () => {
  let contractUrl = '';
  beforeAll(async () => {
    contractUrl = inSchema(await newSchema('contract'));
  });
  afterAll(() => schemas.dropAll());

  runStoreContract('postgres', () => openStore(contractUrl));

  describe('postgres: the database', () => {
    it('applies the migrations once when several app servers start at once on a new database', async () => {
      const schema = await newSchema('startup');
      const stores = await Promise.all(Array.from({ length: 5 }, () => openStore(inSchema(schema))));
      expect(stores.every((s) => s.dialect === 'postgres')).toBe(true);
      await Promise.all(stores.map((s) => s.close()));
      const rows = await admin(async (c) => (await c.query(`SELECT version, name FROM ${schema}.schema_migrations ORDER BY version`)).rows);
      expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    });

    it('refuses a database whose schema is newer than this code', async () => {
      const schema = await newSchema('newer');
      await (await openStore(inSchema(schema))).close();
      await admin((c) => c.query(`INSERT INTO ${schema}.schema_migrations (version, name) VALUES (999, 'from the future')`));
      await expect(openStore(inSchema(schema))).rejects.toThrow(/newer than this Hustings knows/);
    });

    it('reads dates back as YYYY-MM-DD whatever the server DateStyle', async () => {
      const schema = await newSchema('datestyle');
      const s = await openStore(inSchema(schema, ' -c DateStyle=SQL,DMY'));
      const m = {
        id: memberId('m1'),
        name: 'A',
        email: null,
        branch: unitId('b'),
        joined: isoDate('2020-02-29'),
        statusHistory: [{ from: isoDate('2020-02-29'), status: 'current' as const }, { from: isoDate('2021-12-01'), status: 'lapsed' as const }],
        gender: null,
      };
      await s.putMembers([m]);
      expect(await s.getMember(m.id)).toEqual(m);
      const inc = { constituency: unitId('c'), name: 'I', member: null, gender: null, suspended: false, parentalLeaveEnded: isoDate('2023-07-04') };
      await s.putIncumbent(inc);
      expect(await s.getIncumbent(inc.constituency)).toEqual(inc);
      await s.close();
    });

    it('serialises concurrent changes through a pool smaller than the number of callers', async () => {
      const schema = await newSchema('smallpool');
      const s = await openPostgresStore(inSchema(schema), { maxConnections: 2 });
      const id = processId('p');
      await s.createProcess({ id, kind: 'selection', constituency: null, rulebook: 'r@1', state: { n: 0 } }, { event: {}, at: '2024-01-01T00:00:00Z' });
      const results = await Promise.all(
        Array.from({ length: 30 }, () => s.updateProcess(id, (cur) => ok({ state: { n: (cur.state as { n: number }).n + 1 }, event: {}, at: '2024-01-01T00:00:00Z' }))),
      );
      expect(results.every((r) => r.ok)).toBe(true);
      expect(await s.getProcess(id)).toMatchObject({ version: 31, state: { n: 30 } });
      await s.close();
    });
  });
});
