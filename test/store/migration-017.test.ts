/**
 * Migration 17 on SQLite rebuilds the processes table (SQLite cannot change its check of a process's
 * kind): a store with processes and their history keeps every row, every reference from the tables
 * that point at a process still holds, foreign keys are enforced again afterwards, and a nomination
 * meeting can then be stored. Run again on a store that has it (its record removed), it changes nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { processId } from '../../src/domain/ids.js';
import { openStore } from '../../src/store/index.js';
import { LATEST_SCHEMA } from '../../src/store/migrations/index.js';

const dir = mkdtempSync(join(tmpdir(), 'hustings-017-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migration 17 on SQLite', () => {
  it('keeps every process and its history through the rebuild, and admits a nomination meeting', async () => {
    const file = join(dir, 'h.db');
    let store = await openStore(`sqlite:${file}`);
    const state = { kind: 'selection', phase: 'applications' };
    const created = await store.createProcess(
      { id: processId('sel-1'), kind: 'selection', constituency: null, rulebook: 'labour-2021@1', state },
      { event: { type: 'opened' }, at: '2024-01-01T00:00:00.000Z' },
    );
    expect(created.ok).toBe(true);
    await store.close();
    // As a store written before migration 17 would be: its record gone, so opening applies it (again).
    const db = new Database(file);
    db.prepare('DELETE FROM schema_migrations WHERE version = 17').run();
    db.close();
    store = await openStore(`sqlite:${file}`);
    expect((await store.getProcess(processId('sel-1')))?.state).toEqual(state);
    const meeting = await store.createProcess(
      { id: processId('meeting-1'), kind: 'nomination-meeting', constituency: null, rulebook: 'labour-2021@1', state: { kind: 'nomination-meeting' } },
      { event: { type: 'called' }, at: '2024-01-02T00:00:00.000Z' },
    );
    expect(meeting.ok).toBe(true);
    await store.close();
    const after = new Database(file, { readonly: true });
    expect(after.prepare('SELECT count(*) AS n FROM process_events').get()).toEqual({ n: 2 });
    expect(after.pragma('foreign_key_check')).toEqual([]);
    expect(after.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({ v: LATEST_SCHEMA });
    after.close();
    // Foreign keys are enforced again: an event for no process is refused.
    const writer = new Database(file);
    writer.pragma('foreign_keys = ON');
    expect(() => writer.prepare("INSERT INTO process_events (process, version, event, at) VALUES ('none', 1, '{}', 'x')").run()).toThrow(/FOREIGN KEY/);
    writer.close();
  });
});
