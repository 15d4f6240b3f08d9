/**
 * `hustings selection encrypt` and `hustings election encrypt`: an officer chooses encrypted ballots
 * for a process before anyone votes, naming its trustees and its credential authority by membership
 * number; the set-up is stored and audited, and each mistake is refused with its reason and nothing
 * stored (a usage mistake exits 2, a refused set-up 1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processId } from '../../src/domain/ids.js';
import { openStore } from '../../src/store/index.js';
import { hustingsInProcess } from './in-process.js';
import { scratch } from './store-cli.js';

const tmp = scratch('encrypt');
const db = tmp.db('party.db');
afterAll(() => tmp.cleanup());

let members: string[] = [];

/** `hustings selection encrypt` on the process before its ballot, in the scratch store. */
const encrypt = (...args: string[]) => hustingsInProcess('selection', 'encrypt', notVoting, ...args, '--db', db);
const trustees = (...ids: string[]) => ids.flatMap((id) => ['--trustee', id]);
let notVoting = '';
beforeAll(async () => {
  const demo = await hustingsInProcess('demo', '--seed', '7', '--members', '3000', '--now', '2024-06-01', '--db', db);
  expect(demo.status).toBe(0);
  const store = await openStore(db);
  try {
    const selections = (await store.listProcesses()).filter((p) => p.kind === 'selection');
    const before = selections.find((p) => !['ballot-open', 'ballot-closed', 'counted', 'declared'].includes((p.state as { phase: string }).phase));
    if (!before) throw new Error('the demo party has no selection before its ballot');
    notVoting = before.id;
    // Members of the party, whichever process's frozen electorate lists them.
    for (const p of selections) if (members.length < 5) members = (await store.electorate(p.id)).map((e) => e.member).slice(0, 5);
    if (members.length < 5) throw new Error('the demo party has no frozen electorate to take members from');
  } finally {
    await store.close();
  }
}, 300_000);

describe('hustings selection encrypt', () => {
  it('refuses, storing nothing, a command line without trustees or authority, a bad threshold, the authority as a trustee and an unknown member', async () => {
    const [t1, t2, t3, authority] = members as [string, string, string, string];
    const noTrustees = await encrypt('--authority', authority);
    expect(noTrustees.status).toBe(2);
    expect(noTrustees.stderr).toMatch(/name the trustees, one --trustee for each/);
    const noAuthority = await encrypt(...trustees(t1));
    expect(noAuthority.status).toBe(2);
    expect(noAuthority.stderr).toMatch(/name the credential authority with --authority/);
    const words = await encrypt(...trustees(t1), '--threshold', 'two', '--authority', authority);
    expect(words.status).toBe(2);
    expect(words.stderr).toMatch(/--threshold must be a whole number of trustees, not "two"/);
    const tooMany = await encrypt(...trustees(t1, t2), '--threshold', '3', '--authority', authority);
    expect(tooMany.status).toBe(1);
    expect(tooMany.stderr).toMatch(/from 1 to the number of trustees \(2\)/);
    const both = await encrypt(...trustees(t1, t3), '--authority', t3);
    expect(both.status).toBe(1);
    expect(both.stderr).toMatch(/must not also be a trustee/);
    const unknown = await encrypt(...trustees(t1, 'no-such-member'), '--authority', authority);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/no member with the membership number "no-such-member"/);
    const store = await openStore(db);
    try {
      expect(await store.encryptedElectionOf(processId(notVoting))).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('sets up k of n trustees and the authority, audited, and refuses a second set-up', async () => {
    const [t1, t2, t3, authority] = members as [string, string, string, string];
    const r = await encrypt(...trustees(t1, t2, t3), '--threshold', '2', '--authority', authority);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/any 2 of its 3 trustees can decrypt them together/);
    const store = await openStore(db);
    try {
      const setup = await store.encryptedElectionOf(processId(notVoting));
      expect(setup).toMatchObject({ threshold: 2, trustees: [t1, t2, t3], authority });
      expect(r.stdout).toContain(`Election id for the ceremony: ${setup!.electionId}`);
      const audit = await store.auditEntriesOf(processId(notVoting), 'encryption.set-up');
      expect(audit.map((e) => (e.data as { threshold: number }).threshold)).toEqual([2]);
    } finally {
      await store.close();
    }
    const again = await encrypt(...trustees(t1, t2), '--authority', authority);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already has its encrypted ballot set up/);
  });
});
