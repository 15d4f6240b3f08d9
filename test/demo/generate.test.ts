import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, dayNumber, isoOfDays } from '../../src/domain/calendar.js';
import { DEFAULT_MEMBERS, constituencyCount, demoMemberId, generateParty } from '../../src/demo/generate.js';
import { Prng } from '../../src/count/prng.js';
import { PARENT_KIND, statusOn, type Member, type Unit } from '../../src/domain/organisation.js';
import { isIsoDate, isoDate } from '../../src/domain/time.js';

const TODAY = isoDate('2024-06-01');

function digest(values: Iterable<unknown>): string {
  const h = createHash('sha256');
  for (const v of values) h.update(JSON.stringify(v));
  return h.digest('hex');
}

function allMembers(party: ReturnType<typeof generateParty>, batchSize?: number): Member[] {
  const out: Member[] = [];
  for (const batch of party.members(batchSize)) out.push(...batch);
  return out;
}

describe('days', () => {
  it('round-trips every day from 1900 to 2100 through ISO dates', () => {
    const start = dayNumber('1900-01-01');
    const end = dayNumber('2100-12-31');
    const wrong: string[] = [];
    for (let d = start; d <= end; d++) {
      const iso = isoOfDays(d);
      if (new Date(d * 86_400_000).toISOString().slice(0, 10) !== iso || dayNumber(iso) !== d) wrong.push(`${d}: ${iso}`);
    }
    expect(wrong).toEqual([]);
  });

  it('adds months and days, holding to the end of a shorter month', () => {
    expect(addMonths(isoDate('2024-08-31'), 6)).toBe('2025-02-28');
    expect(addMonths(isoDate('2023-08-31'), 6)).toBe('2024-02-29');
    expect(addMonths(isoDate('2024-03-15'), -3)).toBe('2023-12-15');
    expect(addDays(isoDate('2024-02-28'), 1)).toBe('2024-02-29');
    expect(addDays(isoDate('2024-03-01'), -1)).toBe('2024-02-29');
  });
});

describe('Prng', () => {
  it('is a pure function of seed and stream', () => {
    const a = new Prng(7, 3);
    const b = new Prng(7, 3);
    const c = new Prng(7, 4);
    const xs = Array.from({ length: 20 }, () => a.uint32());
    expect(Array.from({ length: 20 }, () => b.uint32())).toEqual(xs);
    expect(Array.from({ length: 20 }, () => c.uint32())).not.toEqual(xs);
  });
});

describe('generateParty', () => {
  const small = { seed: 42, members: 5000, today: TODAY };

  it('gives the same party for the same seed, and another for another seed', () => {
    const a = generateParty(small);
    const b = generateParty(small);
    expect(digest(a.units)).toBe(digest(b.units));
    expect(digest(a.offices)).toBe(digest(b.offices));
    expect(digest(a.incumbents)).toBe(digest(b.incumbents));
    expect(digest(allMembers(a))).toBe(digest(allMembers(b)));
    // Batching is presentation only: any batch size yields the same members in the same order.
    expect(digest(allMembers(a, 7))).toBe(digest(allMembers(a)));

    const c = generateParty({ ...small, seed: 43 });
    expect(digest(c.units)).not.toBe(digest(a.units));
    expect(digest(allMembers(c))).not.toBe(digest(allMembers(a)));
  });

  it('builds the full-size structure: 11 regions, 650 constituencies, 8–14 branches and 0–30 affiliated branches each, 200 incumbents', () => {
    // Units, offices and incumbents are built eagerly; members are not generated until asked for.
    const party = generateParty({ seed: 1, members: DEFAULT_MEMBERS, today: TODAY });
    const byKind = (k: Unit['kind']) => party.units.filter((u) => u.kind === k);
    expect(byKind('party')).toHaveLength(1);
    expect(byKind('region')).toHaveLength(11);
    expect(byKind('constituency')).toHaveLength(650);
    const affiliates = byKind('affiliate');
    expect(affiliates.length).toBeGreaterThanOrEqual(10);
    expect(affiliates.length).toBeLessThanOrEqual(14);
    expect(party.incumbents).toHaveLength(200);
    expect(party.memberTotal).toBe(DEFAULT_MEMBERS);
    expect(party.branches.reduce((a, b) => a + b.count, 0)).toBe(DEFAULT_MEMBERS);
    for (const c of party.constituencies) {
      expect(c.branches.length).toBeGreaterThanOrEqual(8);
      expect(c.branches.length).toBeLessThanOrEqual(14);
      expect(c.affiliatedBranches.length).toBeGreaterThanOrEqual(0);
      expect(c.affiliatedBranches.length).toBeLessThanOrEqual(30);
    }
    const names = byKind('constituency').map((u) => u.name);
    expect(new Set(names).size).toBe(names.length);
    // Every branch has members, and enough for its officers.
    for (const b of party.branches) expect(b.count).toBeGreaterThanOrEqual(4);
    // Every region has seats.
    for (const r of byKind('region')) expect(byKind('constituency').some((c) => c.parent === r.id)).toBe(true);
  });

  it('gives every unit a unique id and a parent of the right kind; affiliated branches are attached to a constituency', () => {
    const party = generateParty(small);
    const byId = new Map(party.units.map((u) => [u.id, u]));
    expect(byId.size).toBe(party.units.length);
    for (const u of party.units) {
      const want = PARENT_KIND[u.kind];
      if (want === null) {
        expect(u.parent).toBeNull();
        continue;
      }
      const parent = byId.get(u.parent!);
      expect(parent, `${u.id}'s parent ${u.parent}`).toBeDefined();
      expect(parent!.kind).toBe(want);
      if (u.kind === 'affiliated-branch') expect(byId.get(u.constituency!)?.kind).toBe('constituency');
      if (u.kind === 'branch') expect(u.constituency).toBe(u.parent);
    }
  });

  it('puts every member in an existing branch, with dates and statuses that make sense', () => {
    const party = generateParty(small);
    const branches = new Set(party.units.filter((u) => u.kind === 'branch').map((u) => u.id));
    const members = allMembers(party);
    expect(members).toHaveLength(small.members);
    const ids = new Set<string>();
    const status: Record<string, number> = {};
    let women = 0;
    let surge = 0;
    members.forEach((m, i) => {
      expect(m.id).toBe(demoMemberId(i));
      ids.add(m.id);
      expect(branches.has(m.branch), m.branch).toBe(true);
      expect(isIsoDate(m.joined)).toBe(true);
      expect(m.joined <= TODAY).toBe(true);
      expect(m.statusHistory[0]).toEqual({ from: m.joined, status: 'current' });
      for (let k = 1; k < m.statusHistory.length; k++) {
        expect(m.statusHistory[k].from > m.statusHistory[k - 1].from).toBe(true);
        expect(m.statusHistory[k].from <= TODAY).toBe(true);
      }
      const now = statusOn(m, TODAY)!;
      status[now] = (status[now] ?? 0) + 1;
      if (m.gender === 'woman') women++;
      if (m.joined >= '2015-01-01' && m.joined <= '2017-12-31') surge++;
      if (m.email !== null) expect(m.email).toMatch(/^[a-z]+\.[a-z]+\.\d+@example\.(org|com|net)$/);
    });
    expect(ids.size).toBe(members.length);
    const n = members.length;
    expect(status.current / n).toBeGreaterThan(0.8);
    for (const s of ['arrears', 'lapsed', 'suspended']) expect(status[s] ?? 0, s).toBeGreaterThan(0);
    expect(women / n).toBeGreaterThan(0.4);
    expect(women / n).toBeLessThan(0.55);
    // The 2015–17 surge: three years holding far more than three years' share of the roll.
    expect(surge / n).toBeGreaterThan(0.25);
  });

  it('gives members dates of birth (some under 27), membership classes and a few self-identified characteristics, from a stream of their own', () => {
    const party = generateParty(small);
    const members = allMembers(party);
    // Every other field is what the seed gave before these were drawn (the digest of seed 42's members then).
    const before = members.map(({ born: _b, membershipClass: _c, selfIdentified: _s, ...rest }) => rest);
    expect(digest(before)).toBe('adac7753cbc9080d178cdbb66d2a491af7a562b08a1df314bb12c8d8d081c9e6');
    const under27 = addMonths(TODAY, -27 * 12);
    let young = 0;
    let unknown = 0;
    const classes: Record<string, number> = {};
    const declared: Record<string, number> = {};
    for (const m of members) {
      if (m.born === null || m.born === undefined) unknown++;
      else {
        expect(isIsoDate(m.born)).toBe(true);
        // Nobody joined before the age of 14.
        expect(m.born <= addMonths(m.joined, -14 * 12), `${m.id} born ${m.born}, joined ${m.joined}`).toBe(true);
        if (m.born > under27) {
          young++;
          expect(m.membershipClass).toBe('youth');
        }
      }
      classes[m.membershipClass ?? 'none'] = (classes[m.membershipClass ?? 'none'] ?? 0) + 1;
      for (const c of m.selfIdentified ?? []) declared[c] = (declared[c] ?? 0) + 1;
    }
    const n = members.length;
    expect(young / n).toBeGreaterThan(0.03);
    expect(young / n).toBeLessThan(0.15);
    expect(unknown / n).toBeLessThan(0.1);
    expect(Object.keys(classes).sort()).toEqual(['retired', 'standard', 'unwaged', 'youth']);
    for (const c of ['disabled', 'bame', 'lgbt+']) {
      expect(declared[c] / n, c).toBeGreaterThan(0.01);
      expect(declared[c] / n, c).toBeLessThan(0.1);
    }
    expect(party.units.some((u) => u.kind === 'region' && u.name === 'Wales')).toBe(true);
  });

  it('gives each branch and each affiliated branch a secretary and each constituency a procedures secretary, all current members', () => {
    const party = generateParty(small);
    const members = new Map(allMembers(party).map((m) => [m.id as string, m]));
    const units = new Map(party.units.map((u) => [u.id as string, u]));
    const secretaries = party.offices.filter((o) => o.role === 'secretary');
    const affiliated = party.constituencies.flatMap((c) => c.affiliatedBranches);
    expect(secretaries).toHaveLength(party.branches.length + affiliated.length);
    // An affiliated branch's secretary is a branch secretary of its constituency, so some hold several units.
    const branchSecretaries = new Set(secretaries.filter((o) => units.get(o.unit)!.kind === 'branch').map((o) => o.member as string));
    for (const ab of affiliated) {
      const o = secretaries.find((x) => x.unit === ab)!;
      expect(branchSecretaries.has(o.member), ab).toBe(true);
      expect(units.get(members.get(o.member)!.branch)!.parent).toBe(units.get(ab)!.constituency);
    }
    expect(party.offices.filter((o) => o.role === 'procedures-secretary')).toHaveLength(party.constituencies.length);
    for (const o of party.offices) {
      const m = members.get(o.member);
      expect(m, o.member).toBeDefined();
      expect(statusOn(m!, TODAY)).toBe('current');
      const unit = units.get(o.unit)!;
      if (o.role === 'secretary' && unit.kind === 'branch') expect(m!.branch).toBe(o.unit);
      if (o.role === 'procedures-secretary') expect(units.get(m!.branch)!.parent).toBe(unit.id);
      if (o.role === 'national-officer' || o.role === 'scrutineer') expect(unit.kind).toBe('party');
    }
  });

  it('scales the number of constituencies and incumbents with the members', () => {
    expect(constituencyCount(DEFAULT_MEMBERS)).toBe(650);
    expect(constituencyCount(2_000_000)).toBe(650);
    expect(constituencyCount(55_000)).toBe(65);
    expect(constituencyCount(10)).toBe(1);
    const party = generateParty({ seed: 3, members: 55_000, today: TODAY });
    expect(party.constituencies).toHaveLength(65);
    expect(party.incumbents).toHaveLength(20);
    const members = new Map(allMembers(party).map((m) => [m.id as string, m]));
    for (const inc of party.incumbents) {
      const m = members.get(inc.member!)!;
      expect(m.name).toBe(inc.name);
      expect(m.gender).toBe(inc.gender);
      expect(party.constituencies.find((c) => c.id === inc.constituency)!.branches).toContain(m.branch);
      if (inc.suspended) expect(statusOn(m, TODAY)).toBe('suspended');
      if (inc.parentalLeaveEnded !== null) expect(inc.parentalLeaveEnded < TODAY).toBe(true);
    }
  });

  it('copes with a party smaller than its branches', () => {
    const party = generateParty({ seed: 9, members: 5, today: TODAY });
    expect(allMembers(party)).toHaveLength(5);
    expect(party.constituencies).toHaveLength(1);
    expect(() => generateParty({ seed: 9, members: 0, today: TODAY })).toThrow(/from 1 to 9999999/);
    expect(() => generateParty({ seed: 9, members: 10_000_000, today: TODAY })).toThrow(/from 1 to 9999999/);
  });
});
