/**
 * A stored process whose state does not fit its kind's schema reaches the operator as one line
 * naming the process and the field, with the exit status of a refusal, never as a stack trace.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessId } from '../../src/domain/ids.js';
import { openStore } from '../../src/store/index.js';
import { hustingsIn, scratch } from './store-cli.js';

const s = scratch('unreadable');
const db = s.db('party.db');
afterAll(() => s.cleanup());

beforeAll(async () => {
  expect((await hustingsIn(['init', '--db', db])).status).toBe(0);
  const store = await openStore(db);
  try {
    // A selection as no release of Hustings writes one: it names no constituency, among much else.
    const state = { kind: 'selection', rulebook: 'labour-2021@1', title: 'Broken' };
    const created = await store.createProcess(
      { id: 'sel-broken-1' as ProcessId, kind: 'selection', constituency: null, rulebook: 'labour-2021@1', state },
      { event: { type: 'opened' }, at: '2024-06-01T09:00:00.000Z' },
    );
    expect(created.ok).toBe(true);
  } finally {
    await store.close();
  }
});

describe('a stored state this release cannot read', () => {
  it('is one line on stderr naming the process and the field, with exit status 1', async () => {
    const r = await hustingsIn(['selection', 'status', 'sel-broken-1', '--db', db]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^hustings: process "sel-broken-1" cannot be read: .* at constituency /);
  });

  it('is refused the same way by a step', async () => {
    const r = await hustingsIn(['selection', 'close-applications', 'sel-broken-1', '--db', db]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^hustings: process "sel-broken-1" cannot be read/);
    expect(r.stderr).not.toContain('internal error');
  });
});
