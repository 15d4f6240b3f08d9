import { describe, expect, it } from 'vitest';
import { isStoreUnavailable } from '../../../src/web/server/app.js';

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });

describe('a store that is briefly out of reach is a retryable 503, not a 500', () => {
  it('recognises connection failures, PostgreSQL shutdowns and SQLite busy errors', () => {
    expect(isStoreUnavailable(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isStoreUnavailable(withCode('terminating connection due to administrator command', '57P01'))).toBe(true);
    expect(isStoreUnavailable(withCode('the database system is starting up', '57P03'))).toBe(true);
    expect(isStoreUnavailable(withCode('connection failure', '08006'))).toBe(true);
    expect(isStoreUnavailable(withCode('database is locked', 'SQLITE_BUSY'))).toBe(true);
    expect(isStoreUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('leaves real bugs and refusals as they are', () => {
    expect(isStoreUnavailable(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isStoreUnavailable(withCode('duplicate key value violates unique constraint', '23505'))).toBe(false);
    expect(isStoreUnavailable('not an error')).toBe(false);
  });
});
