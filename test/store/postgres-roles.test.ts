/**
 * Who may read the ballot tables on PostgreSQL: the SQL that docs/architecture.md
 * ("Who may read the ballot tables") gives the operator, run as written there on
 * a schema of the test's own. A role that may read the tables links every ballot
 * to its voter by xmin while the ballot is open; the reporting role those docs
 * create cannot read the ballot tables at all, and sees ballots only through a
 * view, once the box is sealed.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberId, processId } from '../../src/domain/ids.js';
import { openStore } from '../../src/store/index.js';
import { admin, inSchema, postgresAvailable, Schemas } from './postgres-server.js';

const available = await postgresAvailable('postgres-roles');

/** The operator's SQL from docs/architecture.md, the one `sql` block under "Who may read the ballot tables". */
function documentedSql(): string {
  const doc = readFileSync(fileURLToPath(new URL('../../docs/architecture.md', import.meta.url)), 'utf8');
  const section = doc.slice(doc.indexOf('#### Who may read the ballot tables'));
  const block = /```sql\n([\s\S]*?)```/.exec(section);
  if (block === null) throw new Error('docs/architecture.md has no sql block under "Who may read the ballot tables"');
  return block[1];
}

/** The documented SQL with the test's own schema and role names in place of the docs' hustings, reporting and hustings_reporting. */
function forTest(sql: string, names: { schema: string; reporting: string; role: string }): string {
  return sql
    .replace(/\bhustings_reporting\b/g, names.role)
    .replace(/\bhustings\./g, `${names.schema}.`)
    .replace(/\bSCHEMA hustings\b/g, `SCHEMA ${names.schema}`)
    .replace(/\breporting\./g, `${names.reporting}.`)
    .replace(/\bSCHEMA reporting\b/g, `SCHEMA ${names.reporting}`);
}

/** The xmin join the docs warn of: every ballot whose transaction id is a mark's, with the member. */
const LINK = (schema: string) =>
  `SELECT v.member, b.tracker FROM ${schema}.cast_ballots b JOIN ${schema}.voters_marked v ON v.process = b.process AND v.xmin = b.xmin`;

/** Runs `body` as `role` on one connection, whatever it throws; the error's SQLSTATE, or 'ok' and the rows. */
async function as<T extends pg.QueryResultRow>(c: pg.Client, role: string, sql: string): Promise<{ code: string; rows: T[] }> {
  await c.query(`SET ROLE ${role}`);
  try {
    const r = await c.query<T>(sql);
    return { code: 'ok', rows: r.rows };
  } catch (e) {
    return { code: String((e as { code?: unknown }).code), rows: [] };
  } finally {
    await c.query('RESET ROLE');
  }
}

describe.skipIf(!available)('postgres: who may read the ballot tables', () => {
  const schemas = new Schemas();
  const tag = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const role = `hustings_test_reporting_${tag}`;
  const naive = `hustings_test_reader_${tag}`;
  let schema = '';
  let reporting = '';
  beforeAll(async () => {
    schema = await schemas.create('roles');
    reporting = `${schema}_reporting`;
  });
  afterAll(async () => {
    await admin(async (c) => {
      await c.query(`DROP SCHEMA IF EXISTS ${reporting} CASCADE`);
      for (const r of [role, naive]) {
        const exists = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [r]);
        if (exists.rowCount === 0) continue;
        await c.query(`DROP OWNED BY ${r}`);
        await c.query(`DROP ROLE ${r}`);
      }
    });
    await schemas.dropAll();
  });

  it('the README’s statements are the documented ones', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    const section = readme.slice(readme.indexOf('**Who may read the ballot tables.**'));
    const block = /```sql\n([\s\S]*?)```/.exec(section);
    expect(block).not.toBeNull();
    const documented = documentedSql();
    for (const line of block![1].split('\n').filter((l) => l.trim() !== '')) expect(documented).toContain(line);
  });

  it('a role that can read the tables links voters to ballots while the ballot is open; the documented reporting role cannot, and sees ballots only once sealed', async () => {
    const store = await openStore(inSchema(schema));
    const id = processId('roles-ballot');
    const voters = Array.from({ length: 12 }, (_, i) => memberId(`roles-v${i}`));
    const trackers = voters.map((_, i) => `ROLE-${String(i).padStart(2, '0')}`);
    try {
      const created = await store.createProcess(
        { id, kind: 'selection', constituency: null, rulebook: 'labour-2021@1', state: { phase: 'ballot-open' } },
        { event: { type: 'opened' }, at: '2024-01-01T12:00:00.000Z' },
      );
      expect(created.ok).toBe(true);
      expect(
        (
          await store.freezeElectorate(
            id,
            voters.map((member) => ({ member, eligible: true, reason: 'a member in good standing' })),
          )
        ).ok,
      ).toBe(true);
      for (const [i, member] of voters.entries()) {
        const ballot = { ranking: i % 4 === 0 ? [] : ['c1', 'c2'].slice(0, 1 + (i % 2)), tracker: trackers[i] };
        const r = i % 3 === 0 ? await store.recordOfflineVote(id, member, 'postal', ballot) : await store.castBallot(id, member, ballot);
        expect(r.ok).toBe(true);
      }

      await admin(async (c) => {
        // The warning, shown: plain SELECT on the tables is enough to read every vote cast so far.
        await c.query(`CREATE ROLE ${naive} NOLOGIN`);
        await c.query(`GRANT USAGE ON SCHEMA ${schema} TO ${naive}; GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${naive}`);
        const linked = await as<{ member: string; tracker: string }>(c, naive, LINK(schema));
        expect(linked.code).toBe('ok');
        expect(new Map(linked.rows.map((r) => [r.member, r.tracker]))).toEqual(new Map(voters.map((m, i) => [m as string, trackers[i]])));

        // The docs' SQL, as written, as the tables' owner (the test's own role here).
        await c.query(forTest(documentedSql(), { schema, reporting, role }));
        for (const table of ['cast_ballots', 'voters_marked', 'offline_votes']) {
          expect((await as(c, role, `SELECT * FROM ${schema}.${table} LIMIT 1`)).code, table).toBe('42501');
        }
        expect((await as(c, role, LINK(schema))).code).toBe('42501');
        // The views carry no system columns to join by.
        expect((await as(c, role, `SELECT xmin FROM ${reporting}.sealed_ballots`)).code).toBe('42703');
        expect((await as(c, role, `SELECT * FROM ${reporting}.sealed_ballots`)).rows).toEqual([]);
        expect((await as(c, role, `SELECT * FROM ${reporting}.ballot_boxes`)).rows).toEqual([]);
      });

      const sealed = await store.sealBallots(id);
      expect(sealed.ok && sealed.value.tracesCleared).toBe(true);

      await admin(async (c) => {
        const published = await as<{ process: string; tracker: string; ranking: unknown }>(c, role, `SELECT * FROM ${reporting}.sealed_ballots`);
        expect(published.code).toBe('ok');
        expect(published.rows.map((r) => r.tracker)).toEqual([...trackers].sort());
        expect(published.rows.filter((r) => Array.isArray(r.ranking) && r.ranking.length === 0)).toHaveLength(3);
        expect((await as(c, role, `SELECT process, voters, ballots FROM ${reporting}.ballot_boxes`)).rows).toEqual([{ process: id, voters: 12, ballots: 12 }]);
        // Still no way into the ballot tables; and the seal removed the link even for the role that can read them.
        expect((await as(c, role, `SELECT * FROM ${schema}.cast_ballots LIMIT 1`)).code).toBe('42501');
        expect((await as(c, naive, LINK(schema))).rows).toEqual([]);
      });
    } finally {
      await store.close();
    }
  });
});
