/**
 * A connection the PostgreSQL server ends in the middle of a transaction (a restart, an
 * administrator's pg_terminate_backend). `pg` reports an end that comes while no query runs as an
 * 'error' event on the client; unheard, that event would take the whole server process down. The
 * transaction must fail instead, save nothing, and leave the pool working.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommitOutcomeUnknown } from '../../src/store/outcome-unknown.js';
import { connectionPool, inTransaction, withClient } from '../../src/store/postgres/transaction.js';
import { Schemas, admin, inSchema, postgresAvailable } from './postgres-server.js';

const available = await postgresAvailable('PostgreSQL transaction tests');

/** Ends the connection from the server's side and waits until this side has read all it had to say. */
async function terminate(c: pg.PoolClient): Promise<void> {
  const { rows } = await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  // Waiting on the socket itself, not on the client's 'error' event: a listener there would hide the very bug under test.
  const closed = new Promise<void>((resolve) => (c as unknown as pg.Client).connection.stream.once('close', () => resolve()));
  await admin((a) => a.query('SELECT pg_terminate_backend($1)', [rows[0].pid]));
  await closed;
}

describe.skipIf(!available)('transactions on a connection the server ends', () => {
  const schemas = new Schemas();
  let pool: pg.Pool;
  let url: string;
  const count = async (): Promise<number> => (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM t')).rows[0].n;

  beforeAll(async () => {
    url = inSchema(await schemas.create('tx'));
    pool = connectionPool({ connectionString: url, max: 2 });
    await pool.query('CREATE TABLE t (x integer NOT NULL)');
  });
  afterAll(async () => {
    await pool?.end();
    await schemas.dropAll();
  });

  it('ended between two queries: the transaction fails with the server’s reason, nothing is saved, the process and the pool carry on', async () => {
    const failure = await inTransaction(pool, async (c) => {
      await c.query('INSERT INTO t VALUES (1)');
      await terminate(c);
      return { commit: true, value: 'committed' };
    }).then(
      (v) => v,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(Error);
    // Known not to be saved (the COMMIT was never sent), so not "outcome unknown".
    expect(failure).not.toBeInstanceOf(CommitOutcomeUnknown);
    expect((failure as { code?: string }).code).toBe('57P01');
    expect(await count()).toBe(0);

    await inTransaction(pool, async (c) => {
      await c.query('INSERT INTO t VALUES (2)');
      return { commit: true, value: undefined };
    });
    expect(await count()).toBe(1);
  });

  it('ended while the body runs a query: that query fails, the transaction with it, and the connection is not reused', async () => {
    let pidBefore = 0;
    const failure = await inTransaction(pool, async (c) => {
      pidBefore = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      await c.query('INSERT INTO t VALUES (3)');
      await Promise.all([c.query('SELECT pg_sleep(30)'), admin((a) => a.query('SELECT pg_terminate_backend($1)', [pidBefore]))]);
      return { commit: true, value: undefined };
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect((failure as { code?: string } | null)?.code).toBe('57P01');
    expect(await count()).toBe(1);
    const pids = await Promise.all(
      [0, 1].map(() => withClient(pool, async (c) => (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid)),
    );
    expect(pids).not.toContain(pidBefore);
  });

  it('ended just as the pool hands the connection to the next waiting transaction: no crash, that transaction fails, the next one works', async () => {
    // One connection, so the second transaction waits for it. The pool hands it over while still
    // reading what the server sent; a "terminating" message in the same read reaches the connection
    // before the new holder's code has run. Replayed here by hand, at exactly that moment.
    const single = connectionPool({ connectionString: url, max: 1 });
    try {
      const first = await single.connect();
      const waiting = inTransaction(single, async (c) => {
        await c.query('INSERT INTO t VALUES (4)');
        return { commit: true, value: undefined };
      }).then(
        () => null,
        (e: unknown) => e,
      );
      await new Promise((r) => setImmediate(r));
      const terminating = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01', severity: 'FATAL' });
      first.release();
      expect(() => (first as unknown as pg.Client).connection.emit('errorMessage', terminating)).not.toThrow();
      expect(await waiting).toBeInstanceOf(Error);
      expect(await count()).toBe(1);
      await inTransaction(single, async (c) => {
        await c.query('INSERT INTO t VALUES (5)');
        return { commit: true, value: undefined };
      });
      expect(await count()).toBe(2);
    } finally {
      await single.end();
    }
  });
});
