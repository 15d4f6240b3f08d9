/** `hustings election open --contests`: an election of several of the rulebook's contests, each then run by its own id. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { CONTEST_DATES as dates, partyMember as member, partyUnit as unit } from './contest-party.js';
import { hustingsIn, scratch } from './store-cli.js';

const tmp = scratch('contests');
const DB = tmp.db('party.db');
afterAll(() => tmp.cleanup());

beforeAll(async () => {
  const store = await openStore(DB);
  await store.putUnits([
    unit('party', 'party', 'Test Party', null),
    unit('wales', 'region', 'Wales', 'party'),
    unit('north', 'region', 'North', 'party'),
    unit('car', 'constituency', 'Cardiff Central', 'wales'),
    unit('car:cathays', 'branch', 'Cathays', 'car'),
    unit('ash', 'constituency', 'Ashford North', 'north'),
    unit('ash:abbey', 'branch', 'Abbey', 'ash'),
  ]);
  await store.putMembers([member(1, 'car:cathays'), member(2, 'car:cathays'), member(3, 'ash:abbey')]);
  await store.close();
});

const h = (...args: string[]) => hustingsIn([...args, '--db', DB]);

describe('hustings election open --contests', () => {
  it('opens the named contests, each a process of its own, and freezes one by its segment', async () => {
    const opened = await h('election', 'open', 'NEC 2026', '--id', 'nec', '--contests', 'wales,youth', '--now', '2026-03-01', ...dates);
    expect(opened.stderr).toBe('');
    expect(opened.stdout).toBe(
      [
        'Opened el-nec-1: NEC 2026, under labour-2021@1, 2 contests:',
        '  el-nec-1-youth: Youth representative, 1 seat by irv, for members under 27 on the freeze date.',
        '  el-nec-1-wales: Welsh representative, 1 seat by irv, for members whose branch is in Wales.',
        'Nominations close 2026-03-10; freeze date 2026-03-10; ballot 2026-03-20 to 2026-03-30.',
        '',
      ].join('\n'),
    );
    expect((await h('election', 'nominate', 'el-nec-1-wales', '--name', 'Rhian Jones', '--gender', 'woman', '--now', '2026-03-02')).status).toBe(0);
    const frozen = await h('election', 'freeze', 'el-nec-1-wales', '--now', '2026-03-11');
    expect(frozen.stderr).toBe('');
    expect(frozen.stdout).toContain('2 of 3');
  });

  it('refuses --seats with --contests, and a contest the rulebook lacks', async () => {
    const both = await h('election', 'open', 'NEC', '--contests', 'youth', '--seats', '2', '--now', '2026-03-01', ...dates);
    expect(both.status).toBe(2);
    const unknown = await h('election', 'open', 'NEC', '--contests', 'scotland', '--now', '2026-03-01', ...dates);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('has no contest "scotland"');
  });
});
