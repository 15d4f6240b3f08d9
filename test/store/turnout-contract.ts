/**
 * The turnout contract every adapter must pass: a process's eligible electorate counted by place
 * (the constituency and region of each member's branch, an affiliated branch's through the
 * constituency it is attached to) and by whether, how and on which day they voted, in one read.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { memberId, processId, unitId, type MemberId } from '../../src/domain/ids.js';
import type { Unit } from '../../src/domain/organisation.js';
import { isoDate } from '../../src/domain/time.js';
import type { Store, TurnoutGroup } from '../../src/store/store.js';

let prefixes = 0;
const run = Math.random().toString(36).slice(2, 8);
const fresh = (): string => `t${run}${++prefixes}-`;
const at = '2024-01-01T12:00:00.000Z';

/** A group as a line, so a whole read compares as a sorted list. */
const line = (g: TurnoutGroup): string =>
  [g.constituency?.name ?? '-', g.region?.name ?? '-', g.vote ? `${g.vote.channel}@${g.vote.day ?? '?'}` : 'not voted', g.members].join(' | ');

export function runTurnoutContract(name: string, open: () => Promise<Store>): void {
  describe(`${name}: turnout by place, channel and day`, () => {
    const opened: Store[] = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    it('counts the eligible electorate by constituency and region, and votes by channel and day, never the ineligible', async () => {
      const p = fresh();
      const s = await open();
      opened.push(s);
      const u = (id: string, kind: Unit['kind'], name: string, parent: string | null, constituency: string | null = null): Unit => ({
        id: unitId(p + id),
        kind,
        name: `${p}${name}`,
        parent: parent === null ? null : unitId(p + parent),
        constituency: constituency === null ? null : unitId(p + constituency),
      });
      await s.putUnits([
        u('party', 'party', 'Party', null),
        u('north', 'region', 'North', 'party'),
        u('south', 'region', 'South', 'party'),
        u('c1', 'constituency', 'Aston', 'north'),
        u('c2', 'constituency', 'Barton', 'north'),
        u('c3', 'constituency', 'Carlton', 'south'),
        u('b1', 'branch', 'Aston East', 'c1'),
        u('b2', 'branch', 'Aston West', 'c1'),
        u('b3', 'branch', 'Barton', 'c2'),
        u('b4', 'branch', 'Carlton', 'c3'),
        u('aff', 'affiliate', 'Union', 'party'),
        u('ab', 'affiliated-branch', 'Union Carlton', 'aff', 'c3'),
        u('lost', 'branch', 'Nowhere', null),
      ]);
      // Members by branch: b1 ×4, b2 ×3, b3 ×5, b4 ×3, ab ×2, lost ×1.
      const plan: [string, number][] = [
        ['b1', 4],
        ['b2', 3],
        ['b3', 5],
        ['b4', 3],
        ['ab', 2],
        ['lost', 1],
      ];
      const members: { id: MemberId; branch: string }[] = [];
      for (const [branch, n] of plan) for (let i = 0; i < n; i++) members.push({ id: memberId(`${p}${branch}-${i}`), branch });
      await s.putMembers(
        members.map((m) => ({
          id: m.id,
          name: m.id,
          email: null,
          branch: unitId(p + m.branch),
          joined: isoDate('2020-01-01'),
          statusHistory: [{ from: isoDate('2020-01-01'), status: 'current' as const }],
          gender: null,
        })),
      );
      const id = processId(`${p}ballot`);
      expect(
        (
          await s.createProcess(
            { id, kind: 'internal-election', constituency: null, rulebook: 'labour-2021@1', state: { phase: 'ballot-open' } },
            { event: {}, at },
          )
        ).ok,
      ).toBe(true);
      expect(await s.turnoutGroups(id)).toEqual([]);
      // The last member of Aston West is not eligible: they are in no group, and their vote cannot be taken.
      const ineligible = memberId(`${p}b2-2`);
      expect(
        (
          await s.freezeElectorate(
            id,
            members.map((m) => ({ member: m.id, eligible: m.id !== ineligible, reason: 'test' })),
          )
        ).ok,
      ).toBe(true);
      const day1 = isoDate('2024-03-01');
      const day2 = isoDate('2024-03-02');
      const vote = (m: string, d = day1) => s.castBallot(id, memberId(p + m), { ranking: ['x'], tracker: `${p}${m}` }, d);
      for (const r of await Promise.all([vote('b1-0'), vote('b1-1', day2), vote('b2-0'), vote('b3-0', day2), vote('ab-0')])) expect(r.ok).toBe(true);
      expect((await s.recordOfflineVote(id, memberId(`${p}b1-2`), 'postal', { ranking: ['x'], tracker: `${p}post` }, undefined, day2)).ok).toBe(true);
      expect((await s.recordOfflineVote(id, memberId(`${p}b4-0`), 'in-person', { ranking: ['x'], tracker: `${p}hall` }, undefined, day1)).ok).toBe(true);

      const groups = await s.turnoutGroups(id);
      expect(groups.map(line).sort()).toEqual(
        [
          // Aston: b1 (4) and b2 (2 eligible) together.
          `${p}Aston | ${p}North | online@2024-03-01 | 2`,
          `${p}Aston | ${p}North | online@2024-03-02 | 1`,
          `${p}Aston | ${p}North | postal@2024-03-02 | 1`,
          `${p}Aston | ${p}North | not voted | 2`,
          `${p}Barton | ${p}North | online@2024-03-02 | 1`,
          `${p}Barton | ${p}North | not voted | 4`,
          // Carlton: its branch (3) and the affiliated branch attached to it (2).
          `${p}Carlton | ${p}South | in-person@2024-03-01 | 1`,
          `${p}Carlton | ${p}South | online@2024-03-01 | 1`,
          `${p}Carlton | ${p}South | not voted | 3`,
          // A branch whose ancestry names no constituency.
          `- | - | not voted | 1`,
        ].sort(),
      );
      const aston = groups.find((g) => g.constituency?.name === `${p}Aston`)!;
      expect(aston.constituency?.id).toBe(`${p}c1`);
      expect(aston.region).toEqual({ id: `${p}north`, name: `${p}North` });
      // Every eligible member is counted once.
      expect(groups.reduce((n, g) => n + g.members, 0)).toBe(members.length - 1);
      expect(groups.filter((g) => g.vote !== null).reduce((n, g) => n + g.members, 0)).toBe(await s.turnout(id));
    });
  });
}
