/**
 * `hustings election open --contests`: an election of several of the rulebook's contests, each then run by its own id; and
 * `--leadership` / `--challenge`: a leadership election opened with the party's nominating bodies as they stand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitId } from '../../src/domain/ids.js';
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
  // The leadership election's nominating bodies: two sitting MPs, and affiliates with their affiliated membership.
  await store.putUnits([
    { ...unit('gwu', 'affiliate', 'General Workers Union', 'party'), affiliation: { membership: 400_000, tradeUnion: true } },
    { ...unit('fab', 'affiliate', 'Fabian Society', 'party'), affiliation: { membership: 7_000, tradeUnion: false } },
  ]);
  for (const [c, m] of [
    ['car', 'm1'],
    ['ash', 'm3'],
  ] as const)
    await store.putIncumbent({ constituency: unitId(c), name: `MP for ${c}`, member: m as never, gender: null, suspended: false, parentalLeaveEnded: null });
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

describe('hustings election open --leadership', () => {
  it('opens a vacancy with the MPs, constituency parties and affiliated membership as they stand', async () => {
    const opened = await h('election', 'open', 'Leadership 2026', '--id', 'leader', '--leadership', '--now', '2026-03-01', ...dates);
    expect(opened.stderr).toBe('');
    expect(opened.stdout).toBe(
      [
        'Opened el-leader-1: Leadership 2026, under labour-2021@1: a leadership election (a vacancy), counted by irv.',
        'Nominating bodies: 2 MPs, 2 constituency parties, 407,000 affiliated members.',
        'Nominations close 2026-03-10; freeze date 2026-03-10; ballot 2026-03-20 to 2026-03-30.',
        '',
      ].join('\n'),
    );
  });

  it('opens a challenge with the sitting leader on the ballot', async () => {
    const opened = await h('election', 'open', 'Challenge 2026', '--challenge', 'm2', '--now', '2026-03-01', ...dates);
    expect(opened.stderr).toBe('');
    expect(opened.stdout).toContain('a leadership election (a challenge to Member 2)');
    const status = await h('election', 'status', 'el-challenge-2026-1');
    expect(status.stdout).toContain('Member 2');
    expect(status.stdout).toContain('Nominations for leader: A challenge to Member 2: a challenger needs at least 20% of the MPs');
    expect(status.stdout).toContain('  Member 2: The sitting leader: on the ballot without nominations');
  });

  it('opens a deputy leader’s contest in the same election with --deputy, and refuses --deputy alone', async () => {
    const opened = await h('election', 'open', 'Leaders 2026', '--id', 'leaders', '--leadership', '--deputy', '--now', '2026-03-01', ...dates);
    expect(opened.stderr).toBe('');
    expect(opened.stdout).toContain('Opened el-leaders-1-leader: Leader (a vacancy).');
    expect(opened.stdout).toContain('Opened el-leaders-1-deputy: Deputy leader (a vacancy).');
    const status = await h('election', 'status', 'el-leaders-1-deputy');
    expect(status.stdout).toContain('The post of deputy leader is vacant');
    const alone = await h('election', 'open', 'Deputy', '--deputy', '--now', '2026-03-01', ...dates);
    expect(alone.status).toBe(2);
  });

  it('challenges the sitting deputy leader with --deputy --challenge-deputy: the deputy on that ballot without nominations', async () => {
    const opened = await h(
      'election',
      'open',
      'Deputy challenge',
      '--id',
      'depch',
      '--leadership',
      '--deputy',
      '--challenge-deputy',
      'm3',
      '--now',
      '2026-03-01',
      ...dates,
    );
    expect(opened.stderr).toBe('');
    expect(opened.stdout).toContain('Opened el-depch-1-leader: Leader (a vacancy).');
    expect(opened.stdout).toContain('Opened el-depch-1-deputy: Deputy leader (a challenge to Member 3, who is on the ballot without nominations).');
    const status = await h('election', 'status', 'el-depch-1-deputy');
    expect(status.stdout).toMatch(
      /A challenge to Member 3: a challenger needs at least \d+% of the MPs; the sitting deputy leader is on the ballot without nominations/,
    );
    expect(status.stdout).toContain('  Member 3: The sitting deputy leader: on the ballot without nominations');
    const without = await h('election', 'open', 'Deputy', '--leadership', '--challenge-deputy', 'm3', '--now', '2026-03-01', ...dates);
    expect([without.status, without.stderr]).toEqual([2, expect.stringContaining('give --deputy too')]);
    const same = await h('election', 'open', 'Same', '--challenge', 'm3', '--deputy', '--challenge-deputy', 'm3', '--now', '2026-03-01', ...dates);
    expect([same.status, same.stderr]).toEqual([1, expect.stringContaining('two different people')]);
  });

  it('refuses --seats with --leadership', async () => {
    const both = await h('election', 'open', 'Leadership', '--leadership', '--seats', '2', '--now', '2026-03-01', ...dates);
    expect(both.status).toBe(2);
  });
});
