/**
 * Turnout as it happens: which figures may be shown while a ballot is open (small ones as "fewer
 * than 5", and enough others withheld that no hidden one comes back by subtraction), and the
 * figures themselves by constituency, region, channel and day.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPEN_FRESH_MS, turnoutFigures, turnoutOf } from '../../src/app/turnout.js';
import type { BallotDocument } from '../../src/app/ballot-paper.js';
import { SMALL_COUNT, suppress, type Shown, type Sum } from '../../src/app/turnout-suppression.js';
import { unitId } from '../../src/domain/ids.js';
import { isoDate } from '../../src/domain/time.js';
import type { TurnoutGroup, VoteChannel } from '../../src/store/store.js';

const counts = (o: Record<string, number>) => new Map(Object.entries(o));
const verdicts = (m: Map<string, Shown>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)));

/**
 * What a reader can tell of each small part of a sum whose parent is shown: its lowest and highest
 * possible value, knowing that small parts are 0…4, withheld ones at least 5, and what the shown ones add to.
 */
function narrowest(sum: Sum, c: ReadonlyMap<string, number>, v: ReadonlyMap<string, Shown>): { low: number; high: number } {
  const hidden = sum.parts.filter((k) => v.get(k) !== 'exact');
  const combined = c.get(sum.parent)! - sum.parts.filter((k) => v.get(k) === 'exact').reduce((n, k) => n + c.get(k)!, 0);
  const small = hidden.filter((k) => v.get(k) === 'small').length;
  const withheld = hidden.length - small;
  // One small part, the rest at their bounds.
  const high = Math.min(SMALL_COUNT - 1, combined - SMALL_COUNT * withheld);
  const low = withheld > 0 ? 0 : Math.max(0, combined - (SMALL_COUNT - 1) * (small - 1));
  return { low, high };
}

describe('suppress: what may be shown while voting is open', () => {
  it('shows every figure when none is below 5', () => {
    const c = counts({ total: 30, a: 10, b: 20 });
    expect(verdicts(suppress(c, [{ parent: 'total', parts: ['a', 'b'] }]))).toEqual({ a: 'exact', b: 'exact', total: 'exact' });
  });

  it('hides a figure below 5, and withholds the smallest other part that keeps it from being worked out', () => {
    // The region's 100 less the others would give the 2. Withholding the 6 would leave 8 hidden, so the
    // 2 could only be 0…3; the 20 leaves 22, which says nothing about it.
    const c = counts({ region: 100, a: 2, b: 6, c: 20, d: 72 });
    expect(verdicts(suppress(c, [{ parent: 'region', parts: ['a', 'b', 'c', 'd'] }]))).toEqual({
      a: 'small',
      b: 'exact',
      c: 'withheld',
      d: 'exact',
      region: 'exact',
    });
  });

  it('counts zero as fewer than 5', () => {
    const c = counts({ total: 40, online: 40, postal: 0, 'in-person': 0 });
    const v = suppress(c, [{ parent: 'total', parts: ['online', 'postal', 'in-person'] }]);
    // Two zeros alone would add up to the total's remainder, 0: both known. The online figure goes too.
    expect(verdicts(v)).toEqual({ 'in-person': 'small', online: 'withheld', postal: 'small', total: 'exact' });
  });

  it('withholds the parent when no part can cover a small one, and then protects it in the sum above', () => {
    // North's two constituencies are both small: their sum, North's 6, would say each is 2…4. North is
    // not shown, in words that say nothing of it (not even that it is 5 or more, which would say each is
    // at least 1), so the national total less South would give it away: South goes too, and so one of its parts.
    const c = counts({ total: 60, north: 6, south: 54, n1: 3, n2: 3, s1: 30, s2: 24 });
    const sums: Sum[] = [
      { parent: 'total', parts: ['north', 'south'] },
      { parent: 'north', parts: ['n1', 'n2'] },
      { parent: 'south', parts: ['s1', 's2'] },
    ];
    const v = suppress(c, sums);
    expect(verdicts(v)).toEqual({ n1: 'small', n2: 'small', north: 'sheltering', s1: 'exact', s2: 'withheld', south: 'withheld', total: 'exact' });
  });

  it('hides everything when the total itself is below 5', () => {
    const c = counts({ total: 3, a: 1, b: 2, online: 3, postal: 0 });
    const v = suppress(c, [
      { parent: 'total', parts: ['a', 'b'] },
      { parent: 'total', parts: ['online', 'postal'] },
    ]);
    expect([...v.values()].every((x) => x === 'small')).toBe(true);
  });

  it('never lets a sum shown narrow a small part below 0…4 (random national tables)', () => {
    const table = fc.array(fc.array(fc.nat({ max: 40 }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(table, fc.array(fc.nat({ max: 30 }), { minLength: 3, maxLength: 3 }), (regions, channelShares) => {
        const c = new Map<string, number>();
        const sums: Sum[] = [];
        let total = 0;
        regions.forEach((parts, r) => {
          const keys = parts.map((n, i) => {
            c.set(`c${r}.${i}`, n);
            return `c${r}.${i}`;
          });
          const sum = parts.reduce((a, b) => a + b, 0);
          c.set(`r${r}`, sum);
          total += sum;
          sums.push({ parent: `r${r}`, parts: keys });
        });
        sums.push({ parent: 'total', parts: regions.map((_, r) => `r${r}`) });
        c.set('total', total);
        // Channels split the same total.
        const [a, b] = channelShares as [number, number, number];
        const online = Math.min(a, total);
        const postal = Math.min(b, total - online);
        c.set('online', online)
          .set('postal', postal)
          .set('in-person', total - online - postal);
        sums.push({ parent: 'total', parts: ['online', 'postal', 'in-person'] });
        const v = suppress(c, sums);
        for (const [k, n] of c) if (n < SMALL_COUNT) expect(v.get(k)).not.toBe('exact');
        for (const sum of sums) {
          // No hidden figure is alone in a sum shown: it would be the sum less the rest.
          if (v.get(sum.parent) === 'exact') expect(sum.parts.filter((k) => v.get(k) !== 'exact').length).not.toBe(1);
          if (v.get(sum.parent) !== 'exact' || !sum.parts.some((k) => v.get(k) === 'small')) continue;
          expect(narrowest(sum, c, v)).toEqual({ low: 0, high: SMALL_COUNT - 1 });
        }
        // A withheld sum is never the plain addition of shown parts.
        for (const sum of sums) if (v.get(sum.parent) !== 'exact') expect(sum.parts.some((k) => v.get(k) !== 'exact')).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});

/** What a reader knows of a figure from its words and, for a place, its eligible count shown beside it. */
function readerKnows(shown: Shown, v: number, e: number | undefined): { low: number; high: number } {
  const most = e ?? Number.POSITIVE_INFINITY;
  if (shown === 'exact') return { low: v, high: v };
  if (shown === 'small') return { low: 0, high: Math.min(4, most) };
  if (shown === 'nearly-all') return { low: most - 4, high: most };
  if (shown === 'tiny') return { low: 0, high: most };
  return { low: 5, high: most - 5 };
}

describe("suppress: a place's members who have not voted are guarded too", () => {
  it('shows 11 of 12 (and 12 of 12) as "all but fewer than 5", and withholds the figure that would give it away', () => {
    const c = counts({ region: 73, a: 11, b: 20, c: 30, d: 12 });
    const e = counts({ region: 124, a: 12, b: 40, c: 60, d: 12 });
    const sums: Sum[] = [{ parent: 'region', parts: ['a', 'b', 'c', 'd'] }];
    // a: one member of 12 has not voted; d: all 12 have. The region's 73 less b and c would give 23 for the two,
    // so a would be 11 or more; the smallest part that leaves each anywhere in 8…12 is withheld with them: b
    // (then a + b + d is 43, and a can be 8 to 12 whatever b is, from 5 to 35).
    expect(verdicts(suppress(c, sums, e))).toEqual({ a: 'nearly-all', b: 'withheld', c: 'exact', d: 'nearly-all', region: 'exact' });
    // Without the eligible counts on the page, 11 and 12 are nobody's business.
    expect(verdicts(suppress(c, sums))).toEqual({ a: 'exact', b: 'exact', c: 'exact', d: 'exact', region: 'exact' });
  });

  it('shows nothing of a place of fewer than 10 eligible members, where one side or the other is always below 5', () => {
    // Of 8, 7 voted: "all but fewer than 5" would say 5…8, "fewer than 5" 0…4; either is a half of a handful. Of 5, all 5:
    // "all but fewer than 5" could only be 5. Below 5 eligible, "fewer than 5" says no more than the eligible count.
    const c = counts({ total: 15, a: 7, b: 5, c: 3 });
    const e = counts({ total: 17, a: 8, b: 5, c: 4 });
    // The total, 15 of 17, is all but 2: guarded itself.
    expect(verdicts(suppress(c, [{ parent: 'total', parts: ['a', 'b', 'c'] }], e))).toEqual({ a: 'tiny', b: 'tiny', c: 'small', total: 'nearly-all' });
  });

  it("counts a withheld place's eligible members as its limit: a part withheld beside a small one must not be nearly its electorate", () => {
    // b's 95 of 100 is not "all but fewer than 5", so withheld it is 5…95; a = 99 − b would then be at least 4: a's 4 exactly.
    const c = counts({ total: 299, region: 99, a: 4, b: 95, other: 200 });
    const e = counts({ total: 550, region: 150, a: 50, b: 100, other: 400 });
    const sums: Sum[] = [
      { parent: 'total', parts: ['region', 'other'] },
      { parent: 'region', parts: ['a', 'b'] },
    ];
    expect(verdicts(suppress(c, sums))).toMatchObject({ a: 'small', b: 'withheld', region: 'exact' });
    // With the eligible counts shown, no part of the region can cover a: the region is not shown, and so the other beside it.
    expect(verdicts(suppress(c, sums, e))).toEqual({ a: 'small', b: 'withheld', region: 'sheltering', other: 'withheld', total: 'exact' });
  });

  it('keeps a whole electorate that all but fewer than 5 have voted from being added up from its channels', () => {
    const c = counts({ total: 18, online: 18, postal: 0, 'in-person': 0 });
    const v = suppress(c, [{ parent: 'total', parts: ['online', 'postal', 'in-person'] }], counts({ total: 20 }));
    expect(verdicts(v)).toEqual({ 'in-person': 'small', online: 'withheld', postal: 'small', total: 'nearly-all' });
  });

  // Found by the property below: a region of 10 eligible members whose constituencies are all guarded
  // cannot be shown as "not shown" in the ordinary way, which for 10 eligible could only mean 5; it is
  // shown in words that say nothing of it, and the national total is held back with it.
  it('keeps a region of 10 eligible members, not shown for its constituencies, from being worked out from the national total', () => {
    guardedTableHolds(
      [
        [
          { eligible: 9, voted: 4 },
          { eligible: 1, voted: 1 },
        ],
        [{ eligible: 10, voted: 5 }],
      ],
      0,
    );
  });

  it('never lets a sum shown narrow a guarded figure, of voters or of non-voters (random national tables)', () => {
    // A place has at least one eligible member: a group is read from the electorate's rows.
    const constituency = fc.tuple(fc.nat({ max: 40 }), fc.integer({ min: 1, max: 40 })).map(([a, b]) => ({ eligible: Math.max(a, b), voted: Math.min(a, b) }));
    const table = fc.array(fc.array(constituency, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 });
    fc.assert(fc.property(table, fc.nat({ max: 60 }), guardedTableHolds), { numRuns: 400 });
  });
});

const place = (id: string) => ({ id: unitId(id), name: id[0]!.toUpperCase() + id.slice(1) });
const group = (constituency: string | null, region: string | null, members: number, vote?: [VoteChannel, string | null]): TurnoutGroup => ({
  constituency: constituency === null ? null : place(constituency),
  region: region === null ? null : place(region),
  vote: vote ? { channel: vote[0], day: vote[1] === null ? null : isoDate(vote[1]) } : null,
  members,
});

describe('turnoutFigures', () => {
  const groups: TurnoutGroup[] = [
    group('aston', 'north', 40),
    group('aston', 'north', 30, ['online', '2027-03-01']),
    group('aston', 'north', 12, ['online', '2027-03-03']),
    group('aston', 'north', 2, ['postal', '2027-03-03']),
    group('barton', 'north', 60),
    group('barton', 'north', 3, ['online', '2027-03-01']),
    group('carlton', 'south', 50),
    group('carlton', 'south', 45, ['online', '2027-03-01']),
    group('carlton', 'south', 20, ['online', '2027-03-03']),
    group(null, null, 7),
  ];

  it('after the close: every figure exact, by region, constituency, channel and day (a quiet day included)', () => {
    const t = turnoutFigures(groups, false);
    expect(t.open).toBe(false);
    expect(t.total).toEqual({ label: 'All members', voted: { shown: 'exact', count: 112 }, eligible: 269 });
    expect(t.regions.map((r) => [r.label, r.voted, r.eligible])).toEqual([
      ['No region on record', { shown: 'exact', count: 0 }, 7],
      ['North', { shown: 'exact', count: 47 }, 147],
      ['South', { shown: 'exact', count: 65 }, 115],
    ]);
    expect(t.constituencies.map((c) => [c.label, c.region, c.voted, c.eligible])).toEqual([
      ['Aston', 'North', { shown: 'exact', count: 44 }, 84],
      ['Barton', 'North', { shown: 'exact', count: 3 }, 63],
      ['Carlton', 'South', { shown: 'exact', count: 65 }, 115],
      ['No constituency on record', 'No region on record', { shown: 'exact', count: 0 }, 7],
    ]);
    expect(t.channels.map((c) => [c.label, c.voted, c.eligible])).toEqual([
      ['Online', { shown: 'exact', count: 110 }, null],
      ['By post', { shown: 'exact', count: 2 }, null],
      ['In person', { shown: 'exact', count: 0 }, null],
    ]);
    expect(t.days.map((d) => [d.label, d.voted])).toEqual([
      ['1 March 2027', { shown: 'exact', count: 78 }],
      ['2 March 2027', { shown: 'exact', count: 0 }],
      ['3 March 2027', { shown: 'exact', count: 34 }],
    ]);
  });

  it('while open: small figures are "fewer than 5", and no hidden one can be had by subtraction', () => {
    const t = turnoutFigures(groups, true);
    expect(t.open).toBe(true);
    expect(t.total.voted).toEqual({ shown: 'exact', count: 112 });
    const shown = (lines: readonly { label: string; voted: { shown: string } }[]) => Object.fromEntries(lines.map((l) => [l.label, l.voted.shown]));
    // Barton's 3 is small; in North's 47 with Aston's 44 it would show: Aston is withheld.
    // The 7 members with no constituency are fewer than 10: their count is not shown at all ('tiny').
    expect(shown(t.constituencies)).toEqual({ Aston: 'withheld', Barton: 'small', Carlton: 'exact', 'No constituency on record': 'tiny' });
    // The 0 of no region: North's 47 is the smallest part that covers it.
    expect(shown(t.regions)).toEqual({ 'No region on record': 'tiny', North: 'withheld', South: 'exact' });
    expect(shown(t.channels)).toEqual({ Online: 'withheld', 'By post': 'small', 'In person': 'small' });
    expect(shown(t.days)).toEqual({ '1 March 2027': 'exact', '2 March 2027': 'small', '3 March 2027': 'withheld' });
    // The electorate is not secret: every group's size stays.
    expect(t.constituencies.map((c) => c.eligible)).toEqual([84, 63, 115, 7]);
  });

  it('while open: a place where fewer than 5 have not voted is "all but fewer than 5", its eligible count still shown', () => {
    const t = turnoutFigures(
      [
        group('aston', 'north', 1),
        group('aston', 'north', 11, ['online', '2027-03-01']),
        group('barton', 'north', 30),
        group('barton', 'north', 30, ['online', '2027-03-01']),
        group('carlton', 'north', 40),
        group('carlton', 'north', 25, ['online', '2027-03-02']),
      ],
      true,
    );
    const line = (label: string) => t.constituencies.find((c) => c.label === label)!;
    expect(line('Aston')).toMatchObject({ voted: { shown: 'nearly-all' }, eligible: 12 });
    // North's 66 less the others would give Aston's 11 (one of 12 not voted): the smallest part that covers it goes with it.
    expect(line('Carlton').voted).toEqual({ shown: 'withheld' });
    expect(line('Barton').voted).toEqual({ shown: 'exact', count: 30 });
    expect(t.total.voted).toEqual({ shown: 'exact', count: 66 });
    // After the close, every figure exact.
    expect(turnoutFigures([group('aston', 'north', 1), group('aston', 'north', 11, ['online', '2027-03-01'])], false).constituencies[0]!.voted).toEqual({
      shown: 'exact',
      count: 11,
    });
  });

  it('an electorate with no votes yet, and one not frozen', () => {
    const t = turnoutFigures([group('aston', 'north', 10)], true);
    expect(t.total).toEqual({ label: 'All members', voted: { shown: 'small' }, eligible: 10 });
    expect(t.days).toEqual([]);
    const none = turnoutFigures([], false);
    expect(none.total).toEqual({ label: 'All members', voted: { shown: 'exact', count: 0 }, eligible: 0 });
    expect(none.channels.map((c) => c.voted)).toEqual([
      { shown: 'exact', count: 0 },
      { shown: 'exact', count: 0 },
      { shown: 'exact', count: 0 },
    ]);
  });
});

describe('turnoutOf', () => {
  const ballot = (phase: string) => ({ id: 'el-x-1', kind: 'internal-election', state: { phase, title: 'Treasurer' } }) as unknown as BallotDocument;
  const counting = () => {
    const store = {
      reads: 0,
      turnoutGroups: async () => {
        store.reads++;
        return [group('aston', 'north', 10, ['online', '2027-03-01'])];
      },
    };
    return store;
  };

  it('is refused before voting opens', async () => {
    const r = await turnoutOf(counting(), ballot('electorate-frozen'), new Date());
    expect(r.ok ? null : r.error).toEqual({ code: 'conflict', reason: 'not-open', message: expect.stringContaining('has not opened yet') });
  });

  it('reads an open ballot at most once in a short while, and a closed one once (its sealed box cannot change)', async () => {
    const store = counting();
    const at = (s: number) => new Date(Date.UTC(2027, 2, 1, 9, 0, s));
    await turnoutOf(store, ballot('ballot-open'), at(0));
    await turnoutOf(store, ballot('ballot-open'), at(OPEN_FRESH_MS / 1000 - 1));
    expect(store.reads).toBe(1);
    await turnoutOf(store, ballot('ballot-open'), at(OPEN_FRESH_MS / 1000));
    expect(store.reads).toBe(2);
    // Closed a moment later: the open figures kept are not served as the final ones.
    const first = await turnoutOf(store, ballot('closed'), at(OPEN_FRESH_MS / 1000 + 1));
    expect(store.reads).toBe(3);
    const again = await turnoutOf(store, ballot('declared'), at(86_400 * 30));
    expect(store.reads).toBe(3);
    expect(again).toEqual(first);
    expect(first.ok && first.value.open).toBe(false);
    // Another store's ballot of the same id is its own.
    const other = counting();
    await turnoutOf(other, ballot('closed'), at(0));
    expect(other.reads).toBe(1);
  });
});

/** The property of a national table of constituencies in regions (voters and eligible members), with a postal share. */
function guardedTableHolds(regions: readonly (readonly { eligible: number; voted: number }[])[], postalShare: number): void {
  const c = new Map<string, number>();
  const e = new Map<string, number>();
  const sums: Sum[] = [];
  let total = 0;
  let electorate = 0;
  regions.forEach((parts, r) => {
    const keys = parts.map((p, i) => {
      c.set(`c${r}.${i}`, p.voted);
      e.set(`c${r}.${i}`, p.eligible);
      return `c${r}.${i}`;
    });
    const voted = parts.reduce((n, p) => n + p.voted, 0);
    const eligible = parts.reduce((n, p) => n + p.eligible, 0);
    c.set(`r${r}`, voted);
    e.set(`r${r}`, eligible);
    total += voted;
    electorate += eligible;
    sums.push({ parent: `r${r}`, parts: keys });
  });
  sums.push({ parent: 'total', parts: regions.map((_, r) => `r${r}`) });
  c.set('total', total);
  e.set('total', electorate);
  const postal = Math.min(postalShare, total);
  c.set('online', total - postal).set('postal', postal);
  sums.push({ parent: 'total', parts: ['online', 'postal'] });
  const v = suppress(c, sums, e);
  for (const [k, n] of c) {
    const of = e.get(k);
    if (of !== undefined && of < 2 * SMALL_COUNT) expect(v.get(k)).toBe(of < SMALL_COUNT ? 'small' : 'tiny');
    else if (n < SMALL_COUNT) expect(v.get(k)).toBe('small');
    else if (of !== undefined && of - n < SMALL_COUNT) expect(v.get(k)).toBe('nearly-all');
  }
  // A region not shown for its constituencies' sake says nothing itself: a reader adds up what their words allow.
  const knows = (k: string): { low: number; high: number } => {
    if (v.get(k) !== 'sheltering') return readerKnows(v.get(k)!, c.get(k)!, e.get(k));
    const parts = sums.find((s) => s.parent === k)!.parts.map(knows);
    return {
      low: parts.reduce((n, p) => n + p.low, 0),
      high: Math.min(
        e.get(k)!,
        parts.reduce((n, p) => n + p.high, 0),
      ),
    };
  };
  for (const sum of sums) {
    if (v.get(sum.parent) !== 'exact') {
      expect(sum.parts.some((k) => v.get(k) !== 'exact')).toBe(true);
      continue;
    }
    const hidden = sum.parts.filter((k) => v.get(k) !== 'exact');
    expect(hidden.length).not.toBe(1);
    const rest = c.get(sum.parent)! - sum.parts.filter((k) => v.get(k) === 'exact').reduce((n, k) => n + c.get(k)!, 0);
    for (const k of hidden) {
      if (v.get(k) === 'withheld') continue;
      const others = hidden.filter((o) => o !== k).map(knows);
      const low = Math.max(knows(k).low, rest - others.reduce((n, o) => n + o.high, 0));
      const high = Math.min(knows(k).high, rest - others.reduce((n, o) => n + o.low, 0));
      expect({ low, high }, `${k} in ${sum.parent}`).toEqual(knows(k));
    }
  }
}
