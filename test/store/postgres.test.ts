/**
 * The PostgreSQL adapter: the contract in a schema of its own (created for this
 * run, dropped afterwards), plus what only PostgreSQL has (servers starting at
 * once, a shared pool). Skipped, with a notice, when no server answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberId, processId, unitId, type ProcessId } from '../../src/domain/ids.js';
import { ok } from '../../src/domain/result.js';
import { isoDate } from '../../src/domain/time.js';
import { openPostgresStore, openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';
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

  describe('postgres: casts gathered into one transaction (group commit)', () => {
    const at = '2024-01-01T12:00:00.000Z';
    const voter = (i: number) => memberId(`v${String(i).padStart(4, '0')}`);
    const errorCode = (r: { ok: boolean; error?: { code: string } }): string => (r.ok ? 'ok' : (r.error?.code ?? '?'));

    /** A schema of its own with a ballot open to members v0000…; two stores on it, as two app servers. */
    async function twoServers(name: string, members: number): Promise<{ schema: string; a: Store; b: Store; id: ProcessId }> {
      const schema = await newSchema(name);
      const [a, b] = await Promise.all([openStore(inSchema(schema)), openStore(inSchema(schema))]);
      const id = processId('ballot');
      const created = await a.createProcess(
        { id, kind: 'selection', constituency: null, rulebook: 'labour-2021@1', state: { phase: 'ballot-open' } },
        { event: { type: 'opened' }, at },
      );
      if (!created.ok) throw new Error(created.error.message);
      const frozen = await a.freezeElectorate(
        id,
        Array.from({ length: members }, (_, i) => ({ member: voter(i), eligible: true, reason: 'a member in good standing' })),
      );
      if (!frozen.ok) throw new Error(frozen.error.message);
      return { schema, a, b, id };
    }

    it('two servers casting for the same members at once: one ballot per member, the other casts refused as already voted', async () => {
      const { schema, a, b, id } = await twoServers('group_race', 150);
      try {
        // Each member's cast is sent three times, through both servers, all at once: the groups on each
        // server hold many members, and each member is in a group of both servers.
        const tries = Array.from({ length: 150 * 3 }, (_, k) => {
          const i = k % 150;
          const s = (k + Math.floor(k / 150)) % 2 === 0 ? a : b;
          return s.castBallot(id, voter(i), { ranking: [`c${k % 4}`], tracker: `race-${k}` }).then((r) => ({ i, r }));
        });
        const results = await Promise.all(tries);
        for (let i = 0; i < 150; i++) {
          const mine = results.filter((x) => x.i === i).map((x) => errorCode(x.r));
          expect(mine.filter((c) => c === 'ok')).toHaveLength(1);
          expect(mine.filter((c) => c === 'already-voted')).toHaveLength(2);
        }
        const accepted = results.flatMap((x) => (x.r.ok ? [x.r.value.tracker] : [])).sort();
        expect((await b.ballots(id)).map((x) => x.tracker).sort()).toEqual(accepted);
        expect(await a.turnout(id)).toBe(150);
        // Gathered: the 150 marks were written by fewer transactions than casts.
        const transactions = await admin(
          async (c) => (await c.query<{ n: number }>(`SELECT count(DISTINCT xmin::text)::int AS n FROM ${schema}.voters_marked`)).rows[0].n,
        );
        expect(transactions).toBeLessThan(150);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('a cast refused within a group is refused alone: its mark is taken back, the others in the group are stored', async () => {
      const { a, b, id } = await twoServers('group_refusal', 20);
      try {
        expect((await a.castBallot(id, voter(0), { ranking: ['c1'], tracker: 'TAKEN' })).ok).toBe(true);
        const results = await Promise.all([
          ...Array.from({ length: 10 }, (_, i) => a.castBallot(id, voter(i + 1), { ranking: ['c1', 'c2'], tracker: `fine-${i}` })),
          a.castBallot(id, voter(11), { ranking: ['c2'], tracker: 'TAKEN' }),
          a.castBallot(id, voter(0), { ranking: ['c2'], tracker: 'again' }),
          a.castBallot(id, memberId('stranger'), { ranking: ['c2'], tracker: 'stranger' }),
          a.castBallot(processId('no-such-ballot'), voter(12), { ranking: ['c2'], tracker: 'nowhere' }),
        ]);
        expect(results.map(errorCode)).toEqual([...Array.from({ length: 10 }, () => 'ok'), 'tracker-taken', 'already-voted', 'not-eligible', 'not-found']);
        expect(await a.hasVoted(id, voter(11))).toBe(false);
        expect(await a.hasVoted(id, voter(12))).toBe(false);
        expect(await a.turnout(id)).toBe(11);
        expect((await a.ballots(id)).map((x) => x.tracker).sort()).toEqual(['TAKEN', ...Array.from({ length: 10 }, (_, i) => `fine-${i}`)].sort());
        // The member refused for a taken tracker may cast again with a new one.
        expect((await a.castBallot(id, voter(11), { ranking: ['c2'], tracker: 'fresh' })).ok).toBe(true);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('a group whose commit fails answers none of its casts as accepted and stores none of them; what is acknowledged is stored', async () => {
      const { schema, a, b, id } = await twoServers('group_failure', 120);
      try {
        // A check the database makes at COMMIT, failing while the table "refuse_commits" holds a row:
        // every transaction that writes a ballot then is rolled back at its COMMIT, however it was gathered.
        await admin((c) =>
          c.query(`SET search_path TO ${schema};
            CREATE TABLE refuse_commits (why text);
            CREATE FUNCTION refuse_commit() RETURNS trigger LANGUAGE plpgsql AS $$
              BEGIN IF EXISTS (SELECT 1 FROM refuse_commits) THEN RAISE EXCEPTION 'commit refused for the test'; END IF; RETURN NULL; END $$;
            CREATE CONSTRAINT TRIGGER refuse_commit AFTER INSERT ON cast_ballots DEFERRABLE INITIALLY DEFERRED
              FOR EACH ROW EXECUTE FUNCTION refuse_commit();
            INSERT INTO refuse_commits VALUES ('on');`),
        );
        const failing = await Promise.allSettled(
          Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? a : b).castBallot(id, voter(i), { ranking: ['c1'], tracker: `lost-${i}` })),
        );
        expect(failing.filter((r) => r.status === 'fulfilled' && r.value.ok)).toEqual([]);
        expect(failing.every((r) => r.status === 'rejected')).toBe(true);
        expect(await a.turnout(id)).toBe(0);
        expect(await a.ballots(id)).toEqual([]);

        await admin((c) => c.query(`DELETE FROM ${schema}.refuse_commits`));
        // A mix of casts that commit and casts refused: exactly what was acknowledged is stored.
        const results = await Promise.all(
          Array.from({ length: 120 }, (_, i) => (i % 3 === 0 ? a : b).castBallot(id, voter(i % 100), { ranking: ['c2'], tracker: `kept-${i}` })),
        );
        const accepted = results.flatMap((r) => (r.ok ? [r.value.tracker] : [])).sort();
        expect(accepted).toHaveLength(100);
        expect(results.filter((r) => !r.ok).map(errorCode)).toEqual(Array.from({ length: 20 }, () => 'already-voted'));
        expect((await a.ballots(id)).map((x) => x.tracker).sort()).toEqual(accepted);
        expect(await b.turnout(id)).toBe(100);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('the store answers the casts it has gathered before it closes', async () => {
      const { schema, a, b, id } = await twoServers('group_close', 40);
      await b.close();
      // Not yet handed to the database when the close begins: gathered for the next group.
      const casts = Array.from({ length: 40 }, (_, i) => a.castBallot(id, voter(i), { ranking: ['c1'], tracker: `closing-${i}` }));
      await a.close();
      expect((await Promise.all(casts)).every((r) => r.ok)).toBe(true);
      const again = await openStore(inSchema(schema));
      try {
        expect(await again.turnout(id)).toBe(40);
      } finally {
        await again.close();
      }
    });
  });

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
