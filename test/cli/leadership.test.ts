/** `hustings election open --leadership` and `--challenge`: a leadership election opened with the party's nominating bodies as they stand. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unitId } from '../../src/domain/ids.js';
import { openStore } from '../../src/store/index.js';
import { CONTEST_DATES as dates, partyMember as member, partyUnit as unit } from './contest-party.js';
import { hustingsIn, scratch } from './store-cli.js';

const tmp = scratch('leadership');
const DB = tmp.db('party.db');
afterAll(() => tmp.cleanup());

beforeAll(async () => {
  const store = await openStore(DB);
  await store.putUnits([
    unit('party', 'party', 'Test Party', null),
    unit('north', 'region', 'North', 'party'),
    unit('ash', 'constituency', 'Ashford North', 'north'),
    unit('ash:abbey', 'branch', 'Abbey', 'ash'),
    unit('bro', 'constituency', 'Broadmere', 'north'),
    unit('bro:bank', 'branch', 'Bank', 'bro'),
    { ...unit('gwu', 'affiliate', 'General Workers Union', 'party'), affiliation: { membership: 400_000, tradeUnion: true } },
    { ...unit('fab', 'affiliate', 'Fabian Society', 'party'), affiliation: { membership: 7_000, tradeUnion: false } },
  ]);
  await store.putMembers([member(1, 'ash:abbey'), member(2, 'bro:bank'), member(3, 'ash:abbey')]);
  for (const [c, m] of [
    ['ash', 'm1'],
    ['bro', 'm2'],
  ] as const)
    await store.putIncumbent({ constituency: unitId(c), name: `MP for ${c}`, member: m as never, gender: null, suspended: false, parentalLeaveEnded: null });
  await store.close();
});

const h = (...args: string[]) => hustingsIn([...args, '--db', DB]);

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
    const opened = await h('election', 'open', 'Challenge 2026', '--challenge', 'm3', '--now', '2026-03-01', ...dates);
    expect(opened.stderr).toBe('');
    expect(opened.stdout).toContain('a leadership election (a challenge to Member 3)');
    const status = await h('election', 'status', 'el-challenge-2026-1');
    expect(status.stdout).toContain('Member 3');
    expect(status.stdout).toContain('Nominations for leader: A challenge to Member 3: a challenger needs at least 20% of the MPs');
    expect(status.stdout).toContain('  Member 3: The sitting leader: on the ballot without nominations');
  });

  it('refuses --seats with --leadership', async () => {
    const both = await h('election', 'open', 'Leadership', '--leadership', '--seats', '2', '--now', '2026-03-01', ...dates);
    expect(both.status).toBe(2);
  });
});
