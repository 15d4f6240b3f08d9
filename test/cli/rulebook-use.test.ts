/** `hustings rulebook use`: the organisation's rulebook in force, named once (and logged), and the opening commands run under it unless told otherwise. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { hustingsIn, scratch } from './store-cli.js';

const tmp = scratch('rulebook-use');
afterAll(() => tmp.cleanup());
const DB = tmp.db('rulebook-use.db');
const h = (...args: string[]) => hustingsIn([...args, '--db', DB]);

describe('hustings rulebook use', () => {
  it('says the default until one is named; names one, logged; opening commands then run under it', async () => {
    const units = join(tmp.dir, 'units.csv');
    writeFileSync(
      units,
      'unit_id,kind,name,parent_id\nLAB,party,Demo Party,\nR1,region,North West,LAB\nC1,constituency,Wigtown,R1\nB1,branch,Wigtown Central,C1\nC2,constituency,Elsewhere,R1\nB2,branch,Elsewhere Central,C2\n',
    );
    expect((await h('import', 'units', units)).status).toBe(0);

    const before = await h('rulebook', 'use');
    expect(before.stderr).toBe('');
    expect(before.stdout).toBe('The rulebook in force is Labour 2021 (labour-2021@1), the default: none has been named.\n');

    const set = await h('rulebook', 'use', 'labour-2018');
    expect(set.status).toBe(0);
    expect(set.stdout).toBe('The rulebook in force is now Labour 2018 (labour-2018@1).\n');
    expect((await h('rulebook', 'use', 'labour-2018')).stdout).toBe('Labour 2018 (labour-2018@1) was already the rulebook in force; nothing changed.\n');
    expect((await h('rulebook', 'use')).stdout).toBe('The rulebook in force is Labour 2018 (labour-2018@1).\n');

    const opened = await h('selection', 'open', 'C1');
    expect(opened.stderr).toBe('');
    expect(opened.stdout).toContain('under labour-2018@1');
    const chosen = await h('selection', 'open', 'C2', '--rulebook', 'labour-2021');
    expect(chosen.stdout).toContain('under labour-2021@1');

    const store = await openStore(DB);
    const logged = (await store.auditEntries()).filter((e) => e.type === 'organisation.rulebook-set');
    await store.close();
    expect(logged.map((e) => e.data)).toEqual([{ rulebook: 'labour-2018@1', previous: null }]);
  });

  it('refuses a rulebook that is not bundled, changing nothing', async () => {
    const r = await h('rulebook', 'use', 'labour-2099');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('There is no bundled rulebook "labour-2099"');
    expect((await h('rulebook', 'use')).stdout).toBe('The rulebook in force is Labour 2018 (labour-2018@1).\n');
  });
});
