/** Connections and transactions on the PostgreSQL pool, shared by the adapter's modules. */
import pg from 'pg';
import { CommitOutcomeUnknown } from '../outcome-unknown.js';

/** Connections the server ended or broke, with why: read by the holder, so it neither trusts nor reuses them. */
const lostConnections = new WeakMap<pg.ClientBase, Error>();

/**
 * The adapter's connection pool. Every connection in it has an 'error' listener for as long as it
 * lives. `pg` reports a connection the server ends while no query is running on it (a restart:
 * "terminating connection due to administrator command") as an 'error' event on the client, and an
 * 'error' event nobody listens to brings the whole process down. The pool only listens to its idle
 * connections; and it hands a connection to the next waiting `connect()` while still reading what
 * the server sent on it, so a "terminating" message in the same read arrives before the new holder's
 * code has had a chance to run. Hence a listener of our own from the moment each connection opens.
 */
export function connectionPool(config: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(config);
  // An idle connection the server drops is removed by the pool; the next query simply gets a fresh one.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', (e: Error) => {
      if (!lostConnections.has(client)) lostConnections.set(client, e);
    });
  });
  return pool;
}

/**
 * Runs `body` on a connection of its own from the pool (made by `connectionPool`), then gives it
 * back, or has the pool discard it if it was lost meanwhile. `discard` lets the body say the same of
 * a connection it left in an unknown state; `lost` tells it whether the connection has gone, and why.
 */
export async function withClient<T>(
  pool: pg.Pool,
  body: (c: pg.PoolClient, discard: (e: Error) => void, lost: () => Error | undefined) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const discard = (e: Error): void => {
    broken ??= e;
  };
  const lost = (): Error | undefined => lostConnections.get(client);
  try {
    return await body(client, discard, lost);
  } finally {
    client.release(broken ?? lost());
  }
}

/** An error the server sent as its answer: the server was there and the statement failed, nothing more. */
const answeredBy = (e: unknown): boolean => e instanceof pg.DatabaseError && typeof e.code === 'string' && !/^(08|57P)/.test(e.code);

/**
 * Runs `body` in a transaction on one connection. It commits unless `body`
 * asks for a rollback (an expected failure) or throws (then it rolls back and
 * rethrows). If the connection is lost while the COMMIT is on its way, the
 * write may or may not have been saved: that is a CommitOutcomeUnknown.
 */
export function inTransaction<T>(pool: pg.Pool, body: (c: pg.PoolClient) => Promise<{ commit: boolean; value: T }>): Promise<T> {
  return withClient(pool, async (client, discard, lost) => {
    await client.query('BEGIN');
    let outcome: { commit: boolean; value: T };
    try {
      outcome = await body(client);
    } catch (e) {
      // A connection that could not even roll back is in an unknown state: discard it rather than reuse it.
      await client.query('ROLLBACK').catch(discard);
      throw e;
    }
    if (!outcome.commit) {
      await client.query('ROLLBACK');
      return outcome.value;
    }
    // Gone before the COMMIT could be sent: the server has rolled the transaction back, nothing was saved.
    const gone = lost();
    if (gone !== undefined) throw gone;
    try {
      await client.query('COMMIT');
    } catch (e) {
      if (answeredBy(e)) throw e;
      throw new CommitOutcomeUnknown(e);
    }
    return outcome.value;
  });
}

export const isUniqueViolation = (e: unknown): e is pg.DatabaseError => e instanceof pg.DatabaseError && e.code === '23505';
