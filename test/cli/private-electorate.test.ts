/**
 * `hustings election electorate` for a contest for members who self-identify (disabled members):
 * text, CSV and JSON give only the counts and why, never who. Two parties alike but for which member
 * self-identifies give the same output, word for word, from freeze to listing.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { CONTEST_DATES as dates, partyMember, partyUnit as unit } from './contest-party.js';
import { hustingsIn, scratch } from './store-cli.js';

const tmp = scratch('private-electorate');
afterAll(() => tmp.cleanup());

/** A party of three members in which only member `who` self-identifies as disabled; every command's output from opening to listing. */
async function party(who: number): Promise<string[]> {
  const db = tmp.db(`party-${who}.db`);
  const store = await openStore(db);
  await store.putUnits([
    unit('party', 'party', 'Test Party', null),
    unit('north', 'region', 'North', 'party'),
    unit('ash', 'constituency', 'Ashford North', 'north'),
    unit('ash:abbey', 'branch', 'Abbey', 'ash'),
  ]);
  await store.putMembers([1, 2, 3].map((n) => partyMember(n, 'ash:abbey', n === who ? { selfIdentified: ['disabled'] } : {})));
  await store.close();
  const h = (...args: string[]) => hustingsIn([...args, '--db', db]);
  const runs = [
    await h('election', 'open', 'Reserved 2026', '--id', 'res', '--contests', 'disabled', '--now', '2026-03-01', ...dates),
    await h('election', 'nominate', 'el-res-1-disabled', '--name', 'Ann Ward', '--gender', 'woman', '--now', '2026-03-02'),
    await h('election', 'freeze', 'el-res-1-disabled', '--now', '2026-03-11'),
    ...(await Promise.all(['text', 'csv', 'json'].map((f) => h('election', 'electorate', 'el-res-1-disabled', '--format', f)))),
  ];
  for (const r of runs) expect(r.stderr).toBe('');
  return runs.map((r) => r.stdout);
}

describe('hustings election electorate, for a contest for members who self-identify', () => {
  it('gives only the counts and why, and the same output whichever member self-identifies', async () => {
    const first = await party(1);
    const [, , frozen, text, csv, json] = first;
    expect(frozen).toContain('1 of 3');
    expect(text).toContain('1 of 3 members eligible.');
    expect(text).toContain('the electorate is given only as counts');
    expect(csv!.split('\n')[0]).toBe('eligible,total,note');
    expect(JSON.parse(json!)).toMatchObject({ eligible: 1, total: 3, members: null });
    for (const out of [text, csv, json]) expect(out).not.toMatch(/\bm[123]\b|Member [123]/);
    expect(await party(2)).toEqual(first);
  });
});
