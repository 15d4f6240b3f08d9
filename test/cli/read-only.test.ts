/**
 * Commands that only read never create a store: a mistyped --db is one line naming the file (exit 1)
 * and leaves no file behind, and an empty audit log is reported as empty, not as intact. On
 * PostgreSQL, a read-only command does not create the schema either.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { hustingsIn, scratch } from './store-cli.js';
import { inSchema, postgresAvailable, Schemas } from '../store/postgres-server.js';

const tmp = scratch('read-only');
afterAll(() => tmp.cleanup());

const READ_ONLY: readonly (readonly string[])[] = [
  ['audit', 'verify'],
  ['audit', 'list'],
  ['audit', 'list', '--format', 'json'],
  ['audit', 'replay'],
  ['board', 'sel-1'],
  ['trigger', 'status', 'tb-1'],
  ['trigger', 'list'],
  ['selection', 'status', 'sel-1'],
  ['selection', 'list'],
  ['selection', 'electorate', 'sel-1'],
  ['election', 'status', 'el-1'],
  ['election', 'list'],
  ['election', 'electorate', 'el-1'],
];

describe('read-only commands on a store that does not exist', () => {
  for (const args of READ_ONLY) {
    it(`hustings ${args.join(' ')} names the missing file, exits 1 and creates nothing`, async () => {
      const path = join(tmp.dir, `missing-${args.join('-')}.db`);
      const r = await hustingsIn([...args, '--db', `sqlite:${path}`]);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`hustings: cannot open the store at SQLite file ${path} (from --db): there is no file ${path} (nothing was created)\n`);
      expect(existsSync(path)).toBe(false);
      expect(existsSync(`${path}-wal`)).toBe(false);
    });
  }

  it('says plainly when the file is not a Hustings store', async () => {
    const path = join(tmp.dir, 'notes.txt');
    writeFileSync(path, 'not a database at all, just some notes\n'.repeat(200));
    const r = await hustingsIn(['audit', 'verify', '--db', `sqlite:${path}`]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `hustings: cannot open the store at SQLite file ${path} (from --db): ${path} is not a Hustings store (it is not an SQLite database)\n`,
    );
  });
});

describe('an empty audit log', () => {
  it('is reported as empty (exit 1), not as intact', async () => {
    const db = tmp.db('fresh.db');
    expect((await hustingsIn(['init', '--db', db])).status).toBe(0);
    const r = await hustingsIn(['audit', 'verify', '--db', db]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^The audit log is empty: SQLite file .*fresh\.db records no administrative action, so there is nothing to verify\.\nHead: none/);
    expect(r.stdout).not.toContain('intact');
    expect(r.stderr).toBe('hustings: the audit log is empty\n');
  });
});

describe('read-only commands on PostgreSQL', async () => {
  const available = await postgresAvailable('read-only commands on PostgreSQL');
  const schemas = new Schemas();
  afterAll(() => schemas.dropAll());

  it.skipIf(!available)('do not create the schema: an empty one is reported plainly, and stays empty', async () => {
    const schema = await schemas.create('empty');
    const url = inSchema(schema);
    const r = await hustingsIn(['audit', 'verify', '--db', url]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^hustings: cannot open the store at PostgreSQL .*: the database has no Hustings tables in schema ${schema} \\(create them with hustings init\\)\\n$`,
      ),
    );
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const tables = await client.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1`, [schema]);
      expect(tables.rows[0].n).toBe(0);
    } finally {
      await client.end();
    }
  });
});
