/**
 * The SQLite file holds who voted and, until the seal, what joins them to their
 * ballots: it and every file SQLite keeps beside it are readable by their owner only.
 */
import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberId, processId } from '../../src/domain/ids.js';
import { openStore } from '../../src/store/index.js';
import type { Store } from '../../src/store/store.js';

const dir = mkdtempSync(join(tmpdir(), 'hustings-modes-'));
let umask = 0;
// The laxest umask there is: the modes below must not depend on the one the operator happens to have.
beforeAll(() => {
  umask = process.umask(0);
});
afterAll(() => {
  process.umask(umask);
  rmSync(dir, { recursive: true, force: true });
});

const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);
/** The modes of the database and of whichever of its companion files exist now. */
const modes = (path: string): Record<string, string> =>
  Object.fromEntries(['', '-wal', '-shm', '-journal'].filter((s) => existsSync(path + s)).map((s) => [`db${s}`, mode(path + s)]));

async function ballotWithVotes(store: Store, n: number): Promise<ReturnType<typeof processId>> {
  const id = processId('modes-ballot');
  const at = '2024-01-01T12:00:00.000Z';
  const created = await store.createProcess(
    { id, kind: 'selection', constituency: null, rulebook: 'labour-2021@1', state: { phase: 'ballot-open' } },
    { event: { type: 'opened' }, at },
  );
  if (!created.ok) throw new Error(created.error.message);
  const voters = Array.from({ length: n }, (_, i) => memberId(`modes-v${i}`));
  const frozen = await store.freezeElectorate(
    id,
    voters.map((member) => ({ member, eligible: true, reason: 'a member in good standing' })),
  );
  if (!frozen.ok) throw new Error(frozen.error.message);
  for (const [i, member] of voters.entries()) expect((await store.castBallot(id, member, { ranking: ['c1'], tracker: `MODE-${i}` })).ok).toBe(true);
  return id;
}

describe('sqlite: the file’s permissions', () => {
  it('creates the database, its write-ahead log and its shared memory readable by the owner only, and keeps them so through casting and the seal', async () => {
    const path = join(dir, 'party.db');
    const store = await openStore(`sqlite:${path}`);
    try {
      expect(modes(path)).toMatchObject({ db: '600' });
      const id = await ballotWithVotes(store, 20);
      // Casting writes to the log, so both companions exist now.
      expect(modes(path)).toEqual({ db: '600', 'db-wal': '600', 'db-shm': '600' });
      const sealed = await store.sealBallots(id);
      expect(sealed.ok && sealed.value.tracesCleared).toBe(true);
      expect(modes(path)).toEqual({ db: '600', 'db-wal': '600', 'db-shm': '600' });
    } finally {
      await store.close();
    }
  });

  it('narrows a database and log that an earlier version left readable by others', async () => {
    const path = join(dir, 'older.db');
    await (await openStore(`sqlite:${path}`)).close();
    chmodSync(path, 0o644);
    writeFileSync(`${path}-wal`, '');
    chmodSync(`${path}-wal`, 0o664);
    const store = await openStore(`sqlite:${path}`);
    try {
      expect(mode(path)).toBe('600');
      expect(mode(`${path}-wal`)).toBe('600');
    } finally {
      await store.close();
    }
  });

  it('still opens a database in memory, and reports a missing directory in SQLite’s words', async () => {
    const memory = await openStore('sqlite::memory:');
    await memory.close();
    await expect(openStore(`sqlite:${join(dir, 'no-such-dir', 'x.db')}`)).rejects.toThrow(/directory does not exist/);
    expect(existsSync(join(dir, 'no-such-dir'))).toBe(false);
  });
});
