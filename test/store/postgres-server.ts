/**
 * The PostgreSQL server the tests use: HUSTINGS_TEST_POSTGRES, by default
 * postgres://postgres@127.0.0.1:5432/test. Each test file works in schemas of
 * its own, created for the run and dropped afterwards.
 */
import pg from 'pg';

export const server = process.env.HUSTINGS_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether a server answers; if not, says so once, so a skipped suite is never silent. */
export async function postgresAvailable(what: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: server, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    console.warn(`${what}: skipped, no PostgreSQL server answers at ${server} (set HUSTINGS_TEST_POSTGRES to point at one)`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function admin<T>(body: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

/** Creates and later drops uniquely named schemas. */
export class Schemas {
  private readonly tag = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  private readonly created: string[] = [];

  async create(name: string): Promise<string> {
    const schema = `hustings_test_${this.tag}_${name}`;
    await admin((c) => c.query(`CREATE SCHEMA ${schema}`));
    this.created.push(schema);
    return schema;
  }

  async dropAll(): Promise<void> {
    const schemas = this.created.splice(0);
    await admin(async (c) => {
      for (const schema of schemas) await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    });
  }
}

/** A URL whose connections work in `schema` (set through the startup `options`), with any further settings. */
export function inSchema(schema: string, settings = ''): string {
  const url = new URL(server);
  url.searchParams.set('options', `-c search_path=${schema}${settings}`);
  return url.toString();
}
