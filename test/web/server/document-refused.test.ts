import { describe, expect, it } from 'vitest';
import type { ProcessId } from '../../../src/domain/ids.js';
import { systemClock } from '../../../src/runtime/system-clock.js';
import type { Logger } from '../../../src/runtime/logger.js';
import { devOutbox } from '../../../src/runtime/mailer.js';
import { openStore } from '../../../src/store/index.js';
import { createApp } from '../../../src/web/server/app.js';
import { serverConfig } from '../../../src/web/server/config.js';

describe('a stored process the store cannot read as its document', () => {
  it('is a 500 page naming the process, without the schema’s words or a stack', async () => {
    const store = await openStore('sqlite::memory:');
    const id = 'sel-broken-1' as ProcessId;
    // A selection state missing most of its fields: no release of Hustings writes that.
    const created = await store.createProcess(
      { id, kind: 'selection', constituency: null, rulebook: 'labour-2021@1', state: { kind: 'selection', phase: 42 } },
      { event: { type: 'open' }, at: '2024-06-01T00:00:00.000Z' },
    );
    expect(created.ok).toBe(true);
    const failures: unknown[] = [];
    const logger: Logger = { info: () => {}, warn: () => {}, error: (_event, _fields, error) => failures.push(error) };
    const app = createApp({ store, clock: systemClock, mailer: devOutbox(), config: serverConfig({ env: 'production' }), logger });
    const answer = await app.request(`/results/${id}`);
    expect(answer.status).toBe(500);
    const text = await answer.text();
    expect(text).toContain(`The stored record of process ${id} cannot be read`);
    expect(text).not.toContain('schema');
    expect(text).not.toContain('Invalid input');
    expect(text).not.toContain('DocumentRefused');
    expect(text).not.toMatch(/\bat .*\.ts:\d+/);
    // What the page leaves out, the operational log keeps: the field that failed.
    expect(String(failures[0])).toContain('does not fit the schema at');
    await store.close();
  });
});
