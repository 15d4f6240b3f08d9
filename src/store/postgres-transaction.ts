/** Transactions on the PostgreSQL pool, shared by the adapter's modules. */
import pg from 'pg';

/**
 * Runs `body` in a transaction on one connection. It commits unless `body`
 * asks for a rollback (an expected failure) or throws (then it rolls back and
 * rethrows).
 */
export async function inTransaction<T>(pool: pg.Pool, body: (c: pg.PoolClient) => Promise<{ commit: boolean; value: T }>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    let outcome: { commit: boolean; value: T };
    try {
      outcome = await body(client);
    } catch (e) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => {
        broken = rollbackError;
      });
      throw e;
    }
    await client.query(outcome.commit ? 'COMMIT' : 'ROLLBACK');
    return outcome.value;
  } finally {
    // A connection that could not even roll back is in an unknown state: discard it rather than reuse it.
    client.release(broken);
  }
}

export const isUniqueViolation = (e: unknown): e is pg.DatabaseError => e instanceof pg.DatabaseError && e.code === '23505';
