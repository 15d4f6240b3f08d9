/** `hustings import units|members` into a temporary SQLite store: all rows or none, every bad row reported. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memberId } from '../../src/domain/ids.js';
import { openStore } from '../../src/store/index.js';
import { hustingsIn, scratch } from './store-cli.js';

const tmp = scratch('import');
afterAll(() => tmp.cleanup());
const DB = tmp.db('import.db');

function file(name: string, text: string): string {
  const p = join(tmp.dir, name);
  writeFileSync(p, text);
  return p;
}

const UNITS = file(
  'units.csv',
  [
    'unit_id,kind,name,parent_id,constituency_id',
    'LAB,party,Demo Party,,',
    'R-NW,region,North West,LAB,',
    'C-042,constituency,Wigtown,R-NW,',
    'B-042-1,branch,Wigtown Central,C-042,',
    'B-042-2,branch,Wigtown East,C-042,',
    'U-GWU,affiliate,General Workers Union,LAB,',
    'U-GWU-042,affiliated-branch,GWU Wigtown,U-GWU,C-042',
    '',
  ].join('\n'),
);

const MEMBERS = file(
  'members.csv',
  [
    'member_id,name,email,branch_id,joined,status,status_since,gender',
    'L0001,Ann Jones,ann@example.org,B-042-1,2016-05-02,current,,woman',
    'L0002,Bob Smith,,B-042-1,2019-11-20,arrears,2024-03-01,',
    'L0003,Cy Patel,cy@example.org,B-042-2,2021-01-10,current,,man',
    '',
  ].join('\n'),
);

const BAD_MEMBERS = file(
  'bad-members.csv',
  [
    'member_id,name,email,branch_id,joined,status,status_since,gender',
    'L0004,Dee Dunn,dee@example.org,B-042-1,2016-05-02,current,,woman',
    'L0005,Eve Ede,,B-999,2019-11-20,current,,',
    'L0006,Fay Fox,,B-042-2,2021-02-30,current,,',
    'L0007,Gus Gray,,B-042-2,2020-01-01,retired,,',
    '',
  ].join('\n'),
);

const h = (...args: string[]) => hustingsIn([...args, '--db', DB]);

describe('hustings import', () => {
  it('checks a units file without writing on --dry-run, then imports it', async () => {
    const dry = await h('import', 'units', UNITS, '--dry-run');
    expect(dry.stderr).toBe('');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toBe(`Dry run: all 7 units in ${UNITS} are valid; nothing was written. Importing them would leave 7 added, 0 changed, 0 unchanged.\n`);
    let store = await openStore(DB);
    expect(await store.listUnits()).toEqual([]);
    await store.close();

    const real = await h('import', 'units', UNITS);
    expect(real.status).toBe(0);
    expect(real.stdout).toContain(`Imported 7 units from ${UNITS} into SQLite file`);
    expect(real.stdout).toContain(': 7 added, 0 changed, 0 unchanged.');
    store = await openStore(DB);
    const units = await store.listUnits();
    await store.close();
    expect(units.map((u) => u.id).sort()).toEqual(['B-042-1', 'B-042-2', 'C-042', 'LAB', 'R-NW', 'U-GWU', 'U-GWU-042']);
    expect(units.find((u) => u.id === 'U-GWU-042')).toMatchObject({ kind: 'affiliated-branch', parent: 'U-GWU', constituency: 'C-042' });
  });

  it('imports members into the stored branches', async () => {
    const r = await h('import', 'members', MEMBERS);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Imported 3 members');
    expect(r.stdout).toContain(': 3 added, 0 changed (0 of them lapsed), 0 unchanged.');
    const store = await openStore(DB);
    const bob = await store.getMember(memberId('L0002'));
    expect(await store.countMembers()).toBe(3);
    await store.close();
    expect(bob?.statusHistory).toEqual([
      { from: '2019-11-20', status: 'current' },
      { from: '2024-03-01', status: 'arrears' },
    ]);
  });

  it('lists every bad row as "line N: field: problem", exits 1 and writes nothing, dry run or not', async () => {
    for (const args of [['--dry-run'], []]) {
      const r = await h('import', 'members', BAD_MEMBERS, ...args);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(
        lines.slice(0, -1).every((l) => /^line \d+: [a-z_]+: .+/.test(l)),
        r.stderr,
      ).toBe(true);
      expect(lines.some((l) => l.startsWith('line 3: branch_id: '))).toBe(true);
      expect(lines.some((l) => l.startsWith('line 4: joined: '))).toBe(true);
      expect(lines.some((l) => l.startsWith('line 5: status: '))).toBe(true);
      expect(lines.some((l) => l.startsWith('line 2:'))).toBe(false);
      expect(lines[lines.length - 1]).toBe(`hustings: ${BAD_MEMBERS}: 3 problems; nothing was imported`);
    }
    const store = await openStore(DB);
    // Not even the good row (Dee Dunn) was written.
    expect(await store.getMember(memberId('L0004'))).toBeNull();
    expect(await store.countMembers()).toBe(3);
    await store.close();
  });

  it('says so when the file is missing or the command is wrong', async () => {
    const missing = await h('import', 'members', join(tmp.dir, 'nope.csv'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('nope.csv: cannot read the file (no such file)');
    const what = await h('import', 'ballots', MEMBERS);
    expect(what.status).toBe(2);
    expect(what.stderr).toContain('unknown subcommand "import ballots"');
    const none = await h('import', 'units');
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('missing a CSV file');
  });
});
