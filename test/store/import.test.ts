/** Importing units and members from CSV, into SQLite and (when a server answers) PostgreSQL. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberId, unitId } from '../../src/domain/ids.js';
import { isoDate } from '../../src/domain/time.js';
import { InputError } from '../../src/formats/errors.js';
import { importMembers, importUnits, type ImportResult } from '../../src/app/import-membership.js';
import { formatProblem } from '../../src/formats/membership-csv.js';
import { openStore, type Store } from '../../src/store/index.js';
import { inSchema, postgresAvailable, Schemas } from './postgres-server.js';

const dir = mkdtempSync(join(tmpdir(), 'hustings-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function csv(text: string): string {
  const path = join(dir, `file-${++files}.csv`);
  writeFileSync(path, text);
  return path;
}

function problemsOf(r: ImportResult): string[] {
  if (r.ok) throw new Error('expected the import to be refused');
  expect(r.error.code).toBe('invalid-rows');
  return r.error.problems.map(formatProblem);
}

let prefixes = 0;
const run = Math.random().toString(36).slice(2, 8);

function runImportTests(name: string, open: () => Promise<Store>): void {
  describe(`${name}: CSV import`, () => {
    let store: Store;
    // One party for the whole run (there is only ever one); each test builds its own units under it.
    const party = `i${run}-party`;
    beforeAll(async () => {
      store = await open();
      expect((await importUnits(store, csv(`unit_id,kind,name,parent_id\n${party},party,Labour Party,\n`))).ok).toBe(true);
    });
    afterAll(async () => store.close());

    /** A small organisation under prefix p: region, constituency, two branches, an affiliate and its branch. */
    const unitsFile = (p: string) =>
      'unit_id,kind,name,parent_id,constituency_id\n' +
      `${p}B2,branch,Wigan North,${p}C1,\n` +
      `${p}B1,branch,Wigan Central,${p}C1,\n` +
      `${p}C1,constituency,Wigan,${p}R1,\n` +
      `${p}R1,region,North West,${party},\n` +
      `${p}U,affiliate,Unite,${party},\n` +
      `${p}U1,affiliated-branch,Unite Wigan,${p}U,${p}C1\n`;

    it('imports units and then members; a dry run first reports and writes nothing', async () => {
      const p = `i${run}${++prefixes}-`;
      const units = csv(unitsFile(p));
      expect(await importUnits(store, units, { dryRun: true })).toMatchObject({
        ok: true,
        value: { rows: 6, written: false, effect: { added: 6, changed: 0, unchanged: 0, lapsed: 0 } },
      });
      expect(await store.getUnit(unitId(`${p}R1`))).toBeNull();
      expect(await importUnits(store, units)).toMatchObject({ ok: true, value: { rows: 6, written: true, effect: { added: 6 } } });
      expect(await importUnits(store, units, { dryRun: true })).toMatchObject({ ok: true, value: { effect: { added: 0, changed: 0, unchanged: 6 } } });
      expect(await store.getUnit(unitId(`${p}U1`))).toEqual({
        id: `${p}U1`,
        kind: 'affiliated-branch',
        name: 'Unite Wigan',
        parent: `${p}U`,
        constituency: `${p}C1`,
      });
      expect((await store.listUnits({ constituency: unitId(`${p}C1`) })).map((u) => u.id)).toEqual([`${p}B1`, `${p}B2`, `${p}U1`]);

      const before = await store.countMembers();
      const members = csv(
        'member_id,name,email,branch_id,joined,status,status_since,gender,history\n' +
          `${p}m1,Ann Jones,ann@example.org,${p}B1,2016-05-02,current,,woman,\n` +
          `${p}m2,"Smith, Bob",,${p}B2,2019-11-20,arrears,2024-03-01,,\n` +
          `${p}m3,Siân,,${p}B2,2019-01-02,,,,2019-01-02:current;2021-03-01:lapsed;2022-01-01:current\n`,
      );
      expect(await importMembers(store, members, { dryRun: true })).toEqual({
        ok: true,
        value: {
          rows: 3,
          written: false,
          effect: { added: 3, changed: 0, unchanged: 0, lapsed: 0, examples: { added: ['Ann Jones', 'Smith, Bob', 'Siân'], changed: [], lapsed: [] } },
        },
      });
      expect(await store.countMembers()).toBe(before);
      expect(await importMembers(store, members)).toMatchObject({ ok: true, value: { rows: 3, written: true, effect: { added: 3 } } });
      expect(await store.countMembers()).toBe(before + 3);
      expect(await store.getMember(memberId(`${p}m3`))).toEqual({
        id: `${p}m3`,
        name: 'Siân',
        email: null,
        branch: `${p}B2`,
        joined: '2019-01-02',
        statusHistory: [
          { from: '2019-01-02', status: 'current' },
          { from: '2021-03-01', status: 'lapsed' },
          { from: '2022-01-01', status: 'current' },
        ],
        gender: null,
      });

      // A second export replaces what it lists.
      const again = csv(
        'member_id,name,branch_id,joined,status,status_since,email,gender\n' +
          `${p}m3,Siân Jones,${p}B1,2019-01-02,suspended,,,\n` +
          `${p}m1,Ann Jones,${p}B1,2016-05-02,lapsed,2024-05-01,ann@example.org,woman\n` +
          `${p}m4,Dee Four,${p}B1,2024-01-01,current,,,\n`,
      );
      // What it would do, then what it did: the same.
      const effect = {
        added: 1,
        changed: 2,
        unchanged: 0,
        lapsed: 1,
        examples: { added: ['Dee Four'], changed: ['Siân Jones', 'Ann Jones'], lapsed: ['Ann Jones'] },
      };
      expect(await importMembers(store, again, { dryRun: true })).toMatchObject({ ok: true, value: { effect } });
      expect(await importMembers(store, again)).toMatchObject({ ok: true, value: { written: true, effect } });
      expect(await store.getMember(memberId(`${p}m3`))).toMatchObject({
        name: 'Siân Jones',
        branch: `${p}B1`,
        statusHistory: [{ from: '2019-01-02', status: 'suspended' }],
      });
      expect(await store.countMembers()).toBe(before + 4);
    });

    it('a file with bad rows is refused whole, dry run or not: every problem listed, nothing written', async () => {
      const p = `i${run}${++prefixes}-`;
      const units = csv(unitsFile(p) + `${p}B3,branch,Lost,${p}C9,\n` + `${p}B4,ward,Odd,${p}C1,\n`);
      const expected = [
        `line 8: parent_id: unknown unit "${p}C9": not in this file or the store`,
        'line 9: kind: unknown kind "ward" (one of party, region, constituency, branch, affiliate, affiliated-branch)',
      ];
      expect(problemsOf(await importUnits(store, units, { dryRun: true }))).toEqual(expected);
      const refused = await importUnits(store, units);
      expect(problemsOf(refused)).toEqual(expected);
      expect(!refused.ok && refused.error.message).toBe(`${units}: 2 problems; nothing was imported`);
      expect(await store.getUnit(unitId(`${p}R1`))).toBeNull();

      expect((await importUnits(store, csv(unitsFile(p)))).ok).toBe(true);
      const before = await store.countMembers();
      const rows = Array.from({ length: 20_000 }, (_, i) => `${p}m${i},Member ${i},,${i % 2 ? `${p}B1` : `${p}B2`},2018-04-01,current,`);
      rows[12_345] = `${p}m12345,Member,,${p}C1,2018-04-01,current,`;
      rows[17_000] = `${p}m17000,Member,,${p}B1,2018-04-31,current,`;
      const members = csv('member_id,name,email,branch_id,joined,status,status_since\n' + rows.join('\n') + '\n');
      const expectedMembers = [`line 12347: branch_id: "${p}C1" is a constituency, not a branch`, 'line 17002: joined: not a date (YYYY-MM-DD): "2018-04-31"'];
      expect(problemsOf(await importMembers(store, members, { dryRun: true }))).toEqual(expectedMembers);
      expect(problemsOf(await importMembers(store, members))).toEqual(expectedMembers);
      expect(await store.countMembers()).toBe(before);
      expect(await store.getMember(memberId(`${p}m0`))).toBeNull();
    });

    it('refuses members sharing an email address (ignoring case), in the file or with a stored member, naming both lines; nothing written', async () => {
      const p = `i${run}${++prefixes}-`;
      expect((await importUnits(store, csv(unitsFile(p)))).ok).toBe(true);
      const before = await store.countMembers();
      const header = 'member_id,name,email,branch_id,joined,status\n';
      const rows = Array.from({ length: 45 }, (_, i) => `${p}m${i},Member ${i},,${p}B1,2018-04-01,current`);
      rows[10] = `${p}m10,Anne Ames,anne-${p}@example.org,${p}B1,2018-04-01,current`;
      rows[38] = `${p}m38,Anne Other,Anne-${p}@Example.ORG,${p}B2,2018-04-01,current`;
      const twice = csv(header + rows.join('\n') + '\n');
      const expected = [`line 40: email: ${twice}:12 and ${twice}:40: the same email address Anne-${p}@Example.ORG`];
      expect(problemsOf(await importMembers(store, twice, { dryRun: true }))).toEqual(expected);
      expect(problemsOf(await importMembers(store, twice))).toEqual(expected);
      expect(await store.countMembers()).toBe(before);

      // Stored first, then a file giving another member that address.
      expect((await importMembers(store, csv(header + `${p}a1,Anne Ames,anne-${p}@example.org,${p}B1,2018-04-01,current\n`))).ok).toBe(true);
      const clash = csv(
        header + `${p}a2,Bea Bell,bea-${p}@example.org,${p}B1,2018-04-01,current\n${p}a3,Anne Impostor,ANNE-${p}@example.org,${p}B2,2018-04-01,current\n`,
      );
      expect(problemsOf(await importMembers(store, clash))).toEqual([
        `line 3: email: ${clash}:3: the same email address ANNE-${p}@example.org as member ${p}a1 (Anne Ames), already stored`,
      ]);
      expect(await store.getMember(memberId(`${p}a2`))).toBeNull();
      // The stored member's own row may keep or change the address, and another member may take the one she gives up.
      expect((await importMembers(store, csv(header + `${p}a1,Anne Ames,ANNE-${p}@example.org,${p}B1,2018-04-01,current\n`))).ok).toBe(true);
      expect(
        (
          await importMembers(
            store,
            csv(
              header +
                `${p}a1,Anne Ames,anne2-${p}@example.org,${p}B1,2018-04-01,current\n${p}a3,Anne Newcomer,anne-${p}@example.org,${p}B2,2018-04-01,current\n`,
            ),
          )
        ).ok,
      ).toBe(true);
    });

    it('members need their branches stored first', async () => {
      const p = `i${run}${++prefixes}-`;
      const members = csv('member_id,name,branch_id,joined,status\n' + `${p}m1,Ann,${p}B1,2016-05-02,current\n`);
      expect(problemsOf(await importMembers(store, members))).toEqual([
        `line 2: branch_id: unknown branch "${p}B1": not in the store (import the units first)`,
      ]);
    });

    it('imports dates of birth, membership classes and self-identified characteristics; a later file without those columns keeps them', async () => {
      const p = `i${run}${++prefixes}-`;
      expect((await importUnits(store, csv(unitsFile(p)))).ok).toBe(true);
      const today = isoDate('2026-12-07');
      const first = csv(
        'Member ID,Name,Branch_ID,Joined,Status,Date of birth,Membership class,Self-identified\n' +
          `${p}a,Ann Ames,${p}B1,2018-04-01,current,2001-06-30,Youth,Disabled;BAME\n` +
          `${p}b,Bob Bell,${p}B2,2018-04-01,current,1960-01-01,standard,\n`,
      );
      // "Member ID" is not a name the reader knows: the file is refused, naming it.
      expect(problemsOf(await importMembers(store, first, { today }))[0]).toMatch(/^line 1: header: unknown column "Member ID"/);
      const good = csv(
        'member_id,Name,Branch_ID,Joined,Status,Date of birth,Membership class,Self-identified\n' +
          `${p}a,Ann Ames,${p}B1,2018-04-01,current,2001-06-30,Youth,Disabled;BAME\n` +
          `${p}b,Bob Bell,${p}B2,2018-04-01,current,1960-01-01,standard,\n`,
      );
      expect(await importMembers(store, good, { today })).toMatchObject({ ok: true, value: { rows: 2, written: true } });
      expect(await store.getMember(memberId(`${p}a`))).toMatchObject({ born: '2001-06-30', membershipClass: 'youth', selfIdentified: ['bame', 'disabled'] });
      expect(await store.getMember(memberId(`${p}b`))).toMatchObject({ born: '1960-01-01', membershipClass: 'standard' });
      expect((await store.getMember(memberId(`${p}b`)))?.selfIdentified).toBeUndefined();

      expect((await importMembers(store, csv(`member_id,name,branch_id,joined,status\n${p}a,Ann Renamed,${p}B1,2018-04-01,current\n`), { today })).ok).toBe(
        true,
      );
      expect(await store.getMember(memberId(`${p}a`))).toMatchObject({ name: 'Ann Renamed', born: '2001-06-30', selfIdentified: ['bame', 'disabled'] });
    });

    it('refuses a file with a bad date of birth or an unknown characteristic, naming the file, line and field; nothing written', async () => {
      const p = `i${run}${++prefixes}-`;
      expect((await importUnits(store, csv(unitsFile(p)))).ok).toBe(true);
      const file = csv(
        'member_id,name,branch_id,joined,status,dob,self_identified\n' +
          `${p}a,Ann Ames,${p}B1,2018-04-01,current,2030-01-01,\n` +
          `${p}b,Bob Bell,${p}B1,2018-04-01,current,1990-01-01,disabled;martian\n` +
          `${p}c,Cat Cole,${p}B1,2018-04-01,current,01/02/1990,\n` +
          `${p}d,Dee Dunn,${p}B1,2018-04-01,current,1990-01-01,bame\n`,
      );
      const refused = await importMembers(store, file, { today: isoDate('2026-12-07') });
      expect(problemsOf(refused)).toEqual([
        'line 2: date_of_birth: 2030-01-01 is in the future (today is 2026-12-07)',
        'line 3: self_identified: unknown characteristic "martian" (one of disabled, bame, lgbt+, separated by semicolons)',
        'line 4: date_of_birth: not a date (YYYY-MM-DD): "01/02/1990"',
      ]);
      expect(!refused.ok && refused.error.message).toBe(`${file}: 3 problems; nothing was imported`);
      expect(await store.getMember(memberId(`${p}d`))).toBeNull();
    });

    it('a file that cannot be read is an input error', async () => {
      await expect(importUnits(store, join(dir, 'missing.csv'))).rejects.toThrow(InputError);
      await expect(importMembers(store, dir)).rejects.toThrow(/cannot read the file/);
    });
  });
}

runImportTests('sqlite', () => openStore(`sqlite:${join(dir, 'import.db')}`));

const pgAvailable = await postgresAvailable('PostgreSQL import tests');
const schemas = new Schemas();
describe.skipIf(!pgAvailable)('postgres', () => {
  let url = '';
  beforeAll(async () => {
    url = inSchema(await schemas.create('import'));
  });
  afterAll(() => schemas.dropAll());
  runImportTests('postgres', () => openStore(url));
});
