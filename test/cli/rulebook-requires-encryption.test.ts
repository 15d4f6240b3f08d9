/**
 * A rulebook of the organisation's own that requires encrypted ballots, through the commands an
 * officer runs on a real SQLite store: `hustings rulebook use <file>` keeps it and names it in force
 * (a file with a mistake, or changed without a new version, is refused and changes nothing); an
 * election opened under it runs under it; its ballot cannot open on plain ballots, refused in words
 * naming the rule with nothing written; once encrypted ballots are chosen, the process has them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberId, processId, unitId } from '../../src/domain/ids.js';
import type { Member, Unit } from '../../src/domain/organisation.js';
import { isoDate } from '../../src/domain/time.js';
import { openStore } from '../../src/store/index.js';
import { hustingsIn, scratch } from './store-cli.js';

const tmp = scratch('rulebook-requires-encryption');
const DB = tmp.db('party.db');
afterAll(() => tmp.cleanup());
const h = (...args: string[]) => hustingsIn([...args, '--db', DB]);

const unit = (id: string, kind: Unit['kind'], name: string, parent: string | null, constituency: string | null = null): Unit => ({
  id: unitId(id),
  kind,
  name,
  parent: parent === null ? null : unitId(parent),
  constituency: constituency === null ? null : unitId(constituency),
});
const member = (n: number): Member => ({
  id: memberId(`m${n}`),
  name: `Member ${n}`,
  email: null,
  branch: unitId('ash:abbey'),
  joined: isoDate('2010-05-01'),
  statusHistory: [{ from: isoDate('2010-05-01'), status: 'current' }],
  gender: n % 2 === 0 ? 'woman' : 'man',
});

/** Labour 2021's rules as a file of the organisation's own, requiring encrypted ballots (with `change` applied). */
let ownRules: (file: string, change?: (rules: Record<string, unknown>) => void) => string;

/** What the store holds that a refused command must leave as it was. */
async function snapshot(): Promise<string> {
  const store = await openStore(DB);
  try {
    const processes = (await store.listProcesses()).map((p) => `${p.id}@${p.version}`).join(',');
    return `${processes} | audit ${(await store.auditHead())?.seq}`;
  } finally {
    await store.close();
  }
}

beforeAll(async () => {
  const store = await openStore(DB);
  await store.putUnits([
    unit('party', 'party', 'Test Party', null),
    unit('north', 'region', 'North', 'party'),
    unit('ash', 'constituency', 'Ashford North', 'north'),
    unit('ash:abbey', 'branch', 'Abbey', 'ash', 'ash'),
  ]);
  await store.putMembers([1, 2, 3, 4, 5].map(member));
  await store.close();
  const shown = await hustingsIn(['rulebook', 'show', 'labour-2021', '--format', 'json']);
  expect(shown.status).toBe(0);
  ownRules = (file, change) => {
    const rules = { ...JSON.parse(shown.stdout), id: 'our-rules', name: 'Our Rules', ballots: { encryption: 'required' } };
    change?.(rules);
    const path = join(tmp.dir, file);
    writeFileSync(path, JSON.stringify(rules, null, 2));
    return path;
  };
});

describe('a rulebook of our own that requires encrypted ballots', () => {
  it('is refused with the field at fault when the file is wrong, and changes nothing', async () => {
    const before = await snapshot();
    const wrong = await h(
      'rulebook',
      'use',
      ownRules('wrong.json', (r) => (r.ballots = { encryption: 'always' })),
    );
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toBe('');
    expect(wrong.stderr).toMatch(/wrong\.json: ballots\.encryption: /);
    expect(wrong.stderr).not.toMatch(/\n\s+at /);
    const bundledId = await h(
      'rulebook',
      'use',
      ownRules('bundled-id.json', (r) => (r.id = 'labour-2021')),
    );
    expect(bundledId.status).toBe(1);
    expect(bundledId.stderr).toContain('has the id "labour-2021" of a bundled rulebook; give your rulebook an id of its own');
    expect(await snapshot()).toBe(before);
    expect((await h('rulebook', 'use')).stdout).toBe('The rulebook in force is Labour 2021 (labour-2021@1), the default: none has been named.\n');
  });

  it('is kept and named in force; a changed file needs a higher version', async () => {
    const named = await h('rulebook', 'use', ownRules('our-rules.json'));
    expect(named.stderr).toBe('');
    expect(named.status).toBe(0);
    expect(named.stdout).toBe('The rulebook in force is now Our Rules (our-rules@1).\n');
    expect((await h('rulebook', 'use')).stdout).toBe('The rulebook in force is Our Rules (our-rules@1).\n');

    const before = await snapshot();
    const changed = await h(
      'rulebook',
      'use',
      ownRules('changed.json', (r) => (r.statementWords = 100)),
    );
    expect(changed.status).toBe(1);
    expect(changed.stderr).toContain(
      'A different rulebook our-rules at version 1 was named before, and processes may run under it; give the changed rulebook a higher version.',
    );
    expect(await snapshot()).toBe(before);
  });

  it('runs an election opened under it; its ballot does not open on plain ballots, saying why, until encrypted ballots are chosen', async () => {
    const opened = await h(
      'election',
      'open',
      'Treasurer 2024',
      '--id',
      'treasurer',
      '--now',
      '2024-03-01',
      '--nominations-close',
      '2024-03-10',
      '--freeze-date',
      '2024-03-01',
      '--ballot-opens',
      '2024-03-20',
      '--ballot-closes',
      '2024-03-30',
      '--seats',
      '1',
      '--method',
      'irv',
      '--min-women',
      '0',
    );
    expect(opened.stderr).toBe('');
    expect(opened.stdout).toContain('Opened el-treasurer-1: Treasurer 2024, under our-rules@1: 1 seat by irv');
    for (const name of ['Ann Abbot', 'Ben Brook'])
      expect((await h('election', 'nominate', 'el-treasurer-1', '--name', name, '--now', '2024-03-05')).status).toBe(0);
    const frozen = await h('election', 'freeze', 'el-treasurer-1', '--now', '2024-03-11');
    expect(frozen.stderr).toBe('');
    expect(frozen.status).toBe(0);

    const before = await snapshot();
    const plain = await h('election', 'open-ballot', 'el-treasurer-1', '--now', '2024-03-20');
    expect(plain.status).toBe(1);
    expect(plain.stdout).toBe('');
    expect(plain.stderr).toBe(
      'hustings: Our Rules requires encrypted ballots, and none are set up, so the ballot cannot open. Choose encrypted ballots first (on the process\'s page, or with "hustings selection encrypt" or "hustings election encrypt"), naming the trustees and the credential authority.\n',
    );
    expect(await snapshot()).toBe(before);

    const encrypted = await h(
      'election',
      'encrypt',
      'el-treasurer-1',
      '--trustee',
      'm1',
      '--trustee',
      'm2',
      '--trustee',
      'm3',
      '--threshold',
      '2',
      '--authority',
      'm4',
    );
    expect(encrypted.stderr).toBe('');
    expect(encrypted.stdout).toContain('The ballots of el-treasurer-1 will be encrypted: any 2 of its 3 trustees can decrypt them together.');
    const store = await openStore(DB);
    try {
      expect(await store.encryptedElectionOf(processId('el-treasurer-1'))).toMatchObject({ threshold: 2, trustees: ['m1', 'm2', 'm3'], authority: 'm4' });
    } finally {
      await store.close();
    }
  });
});
