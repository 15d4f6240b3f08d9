import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/runtime/system-clock.js';
import { openStore } from '../../../src/store/index.js';
import { CommitOutcomeUnknown } from '../../../src/store/outcome-unknown.js';
import type { Store } from '../../../src/store/store.js';
import { createApp, isStoreUnavailable } from '../../../src/web/server/app.js';
import { serverConfig } from '../../../src/web/server/config.js';
import { devOutbox } from '../../../src/runtime/mailer.js';

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });

describe('a store that is briefly out of reach is a retryable 503, not a 500', () => {
  it('recognises connection failures, PostgreSQL shutdowns and SQLite busy errors', () => {
    expect(isStoreUnavailable(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(true);
    expect(isStoreUnavailable(withCode('terminating connection due to administrator command', '57P01'))).toBe(true);
    expect(isStoreUnavailable(withCode('the database system is starting up', '57P03'))).toBe(true);
    expect(isStoreUnavailable(withCode('connection failure', '08006'))).toBe(true);
    expect(isStoreUnavailable(withCode('database is locked', 'SQLITE_BUSY'))).toBe(true);
    expect(isStoreUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isStoreUnavailable(new CommitOutcomeUnknown(withCode('terminating connection due to administrator command', '57P01')))).toBe(true);
  });

  /** The app over a store whose every session lookup (the first thing a signed-in request reads) fails with `failure`. */
  async function appFailingWith(failure: Error): Promise<{ answer: Response; close: () => Promise<void> }> {
    const store = await openStore('sqlite::memory:');
    const failing = new Proxy(store, {
      get: (target, name, receiver) => (name === 'signedIn' ? () => Promise.reject(failure) : Reflect.get(target, name, receiver)),
    }) as Store;
    const app = createApp({ store: failing, clock: systemClock, mailer: devOutbox(), config: serverConfig({ env: 'production' }) });
    const answer = await app.request('/ballots', { headers: { cookie: 'hustings=some-session' } });
    return { answer, close: () => store.close() };
  }

  it('answers 503 with Retry-After and says nothing was saved when the store is out of reach', async () => {
    const { answer, close } = await appFailingWith(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'));
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(await answer.text()).toContain('nothing was saved. Please try again in a few seconds.');
    await close();
  });

  it('a write whose COMMIT went unanswered: 503, and it says it cannot tell whether it was saved, not that nothing was', async () => {
    const { answer, close } = await appFailingWith(new CommitOutcomeUnknown(new Error('Connection terminated unexpectedly')));
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    const text = await answer.text();
    expect(text).toContain('we cannot tell whether it was');
    expect(text).not.toContain('nothing was saved');
    await close();
  });

  it('leaves real bugs and refusals as they are', () => {
    expect(isStoreUnavailable(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isStoreUnavailable(withCode('duplicate key value violates unique constraint', '23505'))).toBe(false);
    expect(isStoreUnavailable('not an error')).toBe(false);
  });
});
