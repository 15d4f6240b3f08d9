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
import { runAdministrationContract } from './administration-contract.js';
import { runAuditContract } from './audit-contract.js';
import { runDocumentContract } from './documents-contract.js';
import { runStoreContract, type Catalog } from './contract.js';
import { runIntegrityContract } from './integrity-contract.js';
import { runOutboxContract } from './outbox-contract.js';
import { runTurnoutContract } from './turnout-contract.js';
import { postgresTraces } from './integrity-traces.js';
import { admin, inSchema, postgresAvailable, Schemas } from './postgres-server.js';

const available = await postgresAvailable('PostgreSQL store tests');
const schemas = new Schemas();
const newSchema = (name: string) => schemas.create(name);

/** What PostgreSQL's catalog says of the tables in `schema`. A column is a counter when a sequence or an identity fills it. */
function postgresCatalog(schema: string): Catalog {
  return {
    columns: (table) =>
      admin(async (c) => {
        const { rows } = await c.query<{ name: string; counter: boolean }>(
          `SELECT column_name AS name, (coalesce(column_default, '') LIKE 'nextval(%' OR is_identity = 'YES') AS counter
           FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`,
          [schema, table],
        );
        return rows;
      }),
    rowCounter: (table) =>
      admin(async (c) => {
        const { rows } = await c.query(`SELECT 1 FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' WHERE d.refobjid = to_regclass($1)`, [
          `${schema}.${table}`,
        ]);
        return rows.length > 0;
      }),
  };
}

describe.skipIf(!available)('postgres', () => {
  let contractUrl = '';
  let contractSchema = '';
  beforeAll(async () => {
    contractSchema = await newSchema('contract');
    contractUrl = inSchema(contractSchema);
  });
  afterAll(() => schemas.dropAll());

  runStoreContract(
    'postgres',
    () => openStore(contractUrl),
    () => postgresCatalog(contractSchema),
  );
  runIntegrityContract(
    'postgres',
    () => openStore(contractUrl),
    () => postgresCatalog(contractSchema),
    () => postgresTraces(() => contractSchema),
  );
  runTurnoutContract('postgres', () => openStore(contractUrl));
  let auditSchemas = 0;
  runAuditContract(
    'postgres',
    async () => {
      const schema = await newSchema(`audit${++auditSchemas}`);
      return {
        url: inSchema(schema),
        sql: async (statements) => {
          await admin((c) => c.query(`SET search_path TO ${schema}; ${statements}`));
        },
        unguard: 'ALTER TABLE audit_log DISABLE TRIGGER USER',
      };
    },
    openStore,
  );
  let administrationSchemas = 0;
  runAdministrationContract('postgres', async () => inSchema(await newSchema(`administration${++administrationSchemas}`)), openStore);
  let outboxSchemas = 0;
  runOutboxContract('postgres', async () => inSchema(await newSchema(`outbox${++outboxSchemas}`)), openStore);
  let documentSchemas = 0;
  runDocumentContract(
    'postgres',
    async () => {
      const schema = await newSchema(`documents${++documentSchemas}`);
      return {
        url: inSchema(schema),
        sql: async (statements) => {
          await admin((c) => c.query(`SET search_path TO ${schema}; ${statements}`));
        },
      };
    },
    openStore,
  );

  describe('postgres: the database', () => {
    it('the schema check sees a column that counts rows, where a table has one', async () => {
      const schema = await newSchema('catalog');
      await (await openStore(inSchema(schema))).close();
      await admin((c) => c.query(`CREATE TABLE ${schema}.counted (n serial PRIMARY KEY, m integer GENERATED ALWAYS AS IDENTITY, ranking json)`));
      const catalog = postgresCatalog(schema);
      expect(await catalog.columns('counted')).toEqual([
        { name: 'n', counter: true },
        { name: 'm', counter: true },
        { name: 'ranking', counter: false },
      ]);
      expect(await catalog.rowCounter('counted')).toBe(true);
      expect(await catalog.rowCounter('cast_ballots')).toBe(false);
      expect((await catalog.columns('cast_ballots')).length).toBe(4);
      expect(await catalog.columns('no_such_table')).toEqual([]);
    });

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
        statusHistory: [
          { from: isoDate('2020-02-29'), status: 'current' as const },
          { from: isoDate('2021-12-01'), status: 'lapsed' as const },
        ],
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
        Array.from({ length: 30 }, () =>
          s.updateProcess(id, (cur) => ok({ state: { n: (cur.state as { n: number }).n + 1 }, event: {}, at: '2024-01-01T00:00:00Z' })),
        ),
      );
      expect(results.every((r) => r.ok)).toBe(true);
      expect(await s.getProcess(id)).toMatchObject({ version: 31, state: { n: 30 } });
      await s.close();
    });
  });
});
