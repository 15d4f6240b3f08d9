/**
 * A synthetic party, deterministic from a seed: regions, constituencies and
 * their branches, invented affiliates with branches attached to constituencies,
 * members with plausible join dates, status histories, dates of birth,
 * membership classes and (for a few) self-identified characteristics, officers
 * and incumbents. Pure: no I/O, no clock (the date the party is "as of" is an
 * input).
 *
 * Units, offices and incumbents are small and built at once; members (550,000
 * by default) are produced in batches, each branch from its own seeded stream,
 * so they never need to be held together and every pass yields the same people.
 */
import { memberId, unitId, type MemberId, type UnitId } from '../domain/ids.js';
import type { Incumbent, Member, MemberStatus, Office, StatusChange, Unit } from '../domain/organisation.js';
import type { IsoDate } from '../domain/time.js';
import { daysFromCivil, dayNumber, isoOfDays } from '../domain/calendar.js';
import { AFFILIATES, EMAIL_DOMAINS, MEN, REGIONS, SURNAMES, WOMEN, constituencyName, slug, wardNames } from './names.js';
import { Prng, cumulate, weightedIndex } from '../count/prng.js';

/** Affiliated members for each point of an affiliate's weight (the largest union, 22 points, has 1,100,000). */
const AFFILIATED_MEMBERS_PER_WEIGHT = 50_000;
export const DEFAULT_MEMBERS = 550_000;
export const FULL_CONSTITUENCIES = 650;
export const FULL_INCUMBENTS = 200;
export const PARTY_ID = unitId('party');
/** Member ids have seven digits, so that their text order is their number order. */
export const MAX_MEMBERS = 9_999_999;

export interface DemoOptions {
  readonly seed: number;
  /** Members in all; the number of constituencies scales with it up to 650 (about 846 members each). */
  readonly members: number;
  /** The date the party is as of: no one joins, and no status changes, after it. */
  readonly today: IsoDate;
}

/** Where one branch's members sit in the id sequence. */
export interface BranchPlan {
  readonly id: UnitId;
  readonly constituency: UnitId;
  /** Index (0-based) of its first member; its members are first … first + count - 1. */
  readonly first: number;
  readonly count: number;
}

export interface ConstituencyPlan {
  readonly id: UnitId;
  readonly name: string;
  readonly region: UnitId;
  readonly branches: readonly UnitId[];
  readonly affiliatedBranches: readonly UnitId[];
}

export interface DemoParty {
  readonly options: DemoOptions;
  readonly units: readonly Unit[];
  readonly constituencies: readonly ConstituencyPlan[];
  readonly branches: readonly BranchPlan[];
  readonly offices: readonly Office[];
  readonly incumbents: readonly Incumbent[];
  readonly memberTotal: number;
  /** Every member, in id order, in batches of at most `batchSize`. */
  members(batchSize?: number): Generator<Member[]>;
  /** The members of one branch (by its index in `branches`). */
  membersOfBranch(index: number): Member[];
}

/** "m0000001": zero-padded, so the store's id order is the generation order. */
export function demoMemberId(index: number): MemberId {
  return memberId('m' + String(index + 1).padStart(7, '0'));
}

/** How many constituencies a party of `members` gets: 650 at full size, fewer (at least one) for a smaller party. */
export function constituencyCount(members: number): number {
  return Math.max(1, Math.min(FULL_CONSTITUENCIES, Math.round((members * FULL_CONSTITUENCIES) / DEFAULT_MEMBERS)));
}

/** A member whose details are fixed by the structure: an officer or an incumbent, current and long-standing. */
interface Special {
  readonly given: string;
  readonly family: string;
  readonly gender: string | null;
  readonly joined: IsoDate;
  readonly history: readonly StatusChange[];
}

/** Share of members by year joined, as seen on today's roll: steady, with the 1994–97 and 2015–17 and 2020 surges. */
function joinWeight(year: number): number {
  if (year < 1980) return 0.25;
  if (year < 1994) return 0.5;
  if (year < 1998) return 2;
  if (year < 2010) return 0.6;
  if (year < 2015) return 1;
  if (year === 2015) return 6;
  if (year === 2016) return 9;
  if (year === 2017) return 5;
  if (year < 2020) return 2;
  if (year === 2020) return 3.5;
  return 1.2;
}

const FIRST_YEAR = 1950;

/** Largest-remainder apportionment of `total` among `weights`, with `floor` each first. */
function apportion(total: number, weights: readonly number[], floor: number): number[] {
  const n = weights.length;
  const base = Math.min(floor, Math.floor(total / Math.max(1, n)));
  const rest = total - base * n;
  const sum = weights.reduce((a, w) => a + w, 0);
  const out = new Array<number>(n);
  const remainders: { i: number; r: number }[] = [];
  let given = 0;
  for (let i = 0; i < n; i++) {
    const q = (rest * weights[i]) / sum;
    const f = Math.floor(q);
    out[i] = base + f;
    given += f;
    remainders.push({ i, r: q - f });
  }
  remainders.sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; k < rest - given; k++) out[remainders[k].i]++;
  return out;
}

const lower = (s: string): string => s.toLowerCase().replace(/[^a-z]/g, '');
const WOMEN_LOWER = WOMEN.map(lower);
const MEN_LOWER = MEN.map(lower);
const SURNAMES_LOWER = SURNAMES.map(lower);

export function generateParty(options: DemoOptions): DemoParty {
  const { seed, today } = options;
  const total = Math.floor(options.members);
  if (!Number.isSafeInteger(total) || total < 1 || total > MAX_MEMBERS) {
    throw new RangeError(`members must be a whole number from 1 to ${MAX_MEMBERS}, not ${options.members}`);
  }
  const todayDays = dayNumber(today);
  const todayYear = Number(today.slice(0, 4));
  const rng = new Prng(seed, 0);

  const units: Unit[] = [{ id: PARTY_ID, kind: 'party', name: 'Hustings Demo Party', parent: null, constituency: null }];

  // Regions, and how many seats each gets.
  const seatTotal = constituencyCount(total);
  const regionSeats = apportion(
    seatTotal,
    REGIONS.map((r) => r.seats),
    0,
  );
  const regionIds = REGIONS.map((r) => unitId(`region-${slug(r.name)}`));
  REGIONS.forEach((r, i) => {
    units.push({ id: regionIds[i], kind: 'region', name: r.name, parent: PARTY_ID, constituency: null });
  });

  // Affiliates.
  const affiliateIds = AFFILIATES.map((a) => unitId(`aff-${slug(a.abbr)}`));
  AFFILIATES.forEach((a, i) => {
    // Affiliated membership in proportion to the affiliate's weight (50,000 members a point): what a leadership election's affiliates route weighs.
    const affiliation = { membership: Math.round(a.weight * AFFILIATED_MEMBERS_PER_WEIGHT), tradeUnion: a.kind === 'union' };
    units.push({ id: affiliateIds[i], kind: 'affiliate', name: a.name, parent: PARTY_ID, constituency: null, affiliation });
  });
  const affiliateCumulative = cumulate(AFFILIATES.map((a) => a.weight));

  // Constituencies, branches and affiliated branches.
  const usedNames = new Set<string>();
  const usedIds = new Set<string>();
  const constituencies: ConstituencyPlan[] = [];
  const branchUnits: { id: UnitId; constituency: UnitId; weight: number }[] = [];
  const constituencyWeights: number[] = [];
  REGIONS.forEach((region, ri) => {
    for (let k = 0; k < regionSeats[ri]; k++) {
      let named = constituencyName(rng, region.style);
      while (usedNames.has(named.name)) named = constituencyName(rng, region.style);
      usedNames.add(named.name);
      let id = slug(named.name);
      for (let n = 2; usedIds.has(id); n++) id = `${slug(named.name)}-${n}`;
      usedIds.add(id);
      const cid = unitId(id);
      units.push({ id: cid, kind: 'constituency', name: named.name, parent: regionIds[ri], constituency: null });

      const branchCount = rng.int(8, 14);
      const branches: UnitId[] = [];
      for (const ward of wardNames(rng, branchCount, named.town)) {
        const bid = unitId(`${id}:${slug(ward)}`);
        branches.push(bid);
        units.push({ id: bid, kind: 'branch', name: ward, parent: cid, constituency: cid });
        branchUnits.push({ id: bid, constituency: cid, weight: 0.4 + rng.float() * 1.2 });
      }

      // 0–30 affiliated branches, most seats with between about 5 and 20.
      const affiliatedCount = Math.max(0, Math.min(30, Math.round(12 + rng.normal() * 6)));
      const perAffiliate = new Map<number, number>();
      const affiliatedBranches: UnitId[] = [];
      for (let j = 0; j < affiliatedCount; j++) {
        const ai = weightedIndex(affiliateCumulative, rng.float());
        const n = (perAffiliate.get(ai) ?? 0) + 1;
        perAffiliate.set(ai, n);
        const abid = unitId(`${id}:${slug(AFFILIATES[ai].abbr)}-${n}`);
        affiliatedBranches.push(abid);
        const name = `${AFFILIATES[ai].name}, ${named.town}${n > 1 ? ` no. ${n}` : ''} branch`;
        units.push({ id: abid, kind: 'affiliated-branch', name, parent: affiliateIds[ai], constituency: cid });
      }
      constituencies.push({ id: cid, name: named.name, region: regionIds[ri], branches, affiliatedBranches });
      constituencyWeights.push(Math.exp(rng.normal() * 0.35) * region.density);
    }
  });

  // Members per branch: each constituency's share, then each branch's within it; at least four per branch where possible
  // (the first few members of a constituency's first branch hold its offices).
  const perConstituency = apportion(total, constituencyWeights, 4 * 14);
  const branches: BranchPlan[] = [];
  let next = 0;
  let bi = 0;
  constituencies.forEach((c, ci) => {
    const mine = branchUnits.slice(bi, bi + c.branches.length);
    bi += c.branches.length;
    const counts = apportion(
      perConstituency[ci],
      mine.map((b) => b.weight),
      4,
    );
    mine.forEach((b, k) => {
      branches.push({ id: b.id, constituency: c.id, first: next, count: counts[k] });
      next += counts[k];
    });
  });

  // Officers and incumbents: fixed members at the start of branches.
  const specials = new Map<number, Special>();
  const offices: Office[] = [];
  const longStanding = (r: Prng, gender: string | null): Special => {
    const woman = gender === 'woman' || (gender !== 'man' && r.float() < 0.5);
    const given = woman ? r.pick(WOMEN) : r.pick(MEN);
    const family = r.pick(SURNAMES);
    const joinedDays = Math.min(todayDays - 800, daysFromCivil(r.int(1975, 2012), 1, 1) + r.int(0, 364));
    const joined = isoOfDays(joinedDays);
    return { given, family, gender, joined, history: [{ from: joined, status: 'current' }] };
  };
  const officerRng = new Prng(seed, 1);
  const genderOf = (r: Prng): string => (r.float() < 0.5 ? 'woman' : 'man');
  let cursor = 0;
  for (const c of constituencies) {
    const first = branches[cursor];
    for (let k = 0; k < c.branches.length; k++) {
      const b = branches[cursor + k];
      if (b.count > 0) {
        specials.set(b.first, longStanding(officerRng, genderOf(officerRng)));
        offices.push({ unit: b.id, role: 'secretary', member: demoMemberId(b.first) });
      }
    }
    if (first.count > 1) {
      specials.set(first.first + 1, longStanding(officerRng, genderOf(officerRng)));
      offices.push({ unit: c.id, role: 'procedures-secretary', member: demoMemberId(first.first + 1) });
    }
    cursor += c.branches.length;
  }
  const firstBranchOf = new Map<UnitId, BranchPlan>();
  for (const b of branches) if (!firstBranchOf.has(b.constituency)) firstBranchOf.set(b.constituency, b);

  // National officers and scrutineers: the fourth member of a few constituencies' first branches.
  const nationalPicks = officerRng.shuffled(constituencies.map((_, i) => i)).slice(0, 7);
  nationalPicks.forEach((ci, k) => {
    const b = firstBranchOf.get(constituencies[ci].id);
    if (!b || b.count < 4) return;
    specials.set(b.first + 3, longStanding(officerRng, genderOf(officerRng)));
    offices.push({ unit: PARTY_ID, role: k < 4 ? 'national-officer' : 'scrutineer', member: demoMemberId(b.first + 3) });
  });

  // Affiliated branches' secretaries: each is taken on by a branch secretary of its constituency, in turn, so some
  // secretaries hold several units (a branch and affiliated branches) as they do in life. Appended after every other
  // office and drawn from no random stream, so nothing generated before changes.
  cursor = 0;
  for (const c of constituencies) {
    const staffed = branches.slice(cursor, cursor + c.branches.length).filter((b) => b.count > 0);
    cursor += c.branches.length;
    if (staffed.length === 0) continue;
    for (const [j, ab] of c.affiliatedBranches.entries())
      offices.push({ unit: ab, role: 'secretary', member: demoMemberId(staffed[j % staffed.length]!.first) });
  }

  // Incumbents in about 200 of 650 seats; their member record is the third of the first branch.
  const incumbentRng = new Prng(seed, 2);
  const incumbentCount = Math.round((constituencies.length * FULL_INCUMBENTS) / FULL_CONSTITUENCIES);
  const seats = incumbentRng
    .shuffled(constituencies.map((_, i) => i))
    .slice(0, incumbentCount)
    .sort((a, b) => a - b);
  const incumbents: Incumbent[] = [];
  for (const ci of seats) {
    const c = constituencies[ci];
    const b = firstBranchOf.get(c.id);
    const gender = incumbentRng.float() < 0.52 ? 'woman' : 'man';
    const who = longStanding(incumbentRng, gender);
    const r = incumbentRng.float();
    const suspended = r < 0.015;
    // Parental leave ending within the last twenty months: some still inside a twelve-month exemption, some past it.
    const parentalLeaveEnded = r >= 0.015 && r < 0.04 ? isoOfDays(todayDays - incumbentRng.int(20, 600)) : null;
    let member: MemberId | null = null;
    if (b && b.count >= 3) {
      const history: StatusChange[] = suspended
        ? [
            { from: who.joined, status: 'current' },
            { from: isoOfDays(todayDays - incumbentRng.int(30, 300)), status: 'suspended' },
          ]
        : [...who.history];
      specials.set(b.first + 2, { ...who, history });
      member = demoMemberId(b.first + 2);
    }
    incumbents.push({ constituency: c.id, name: `${who.given} ${who.family}`, member, gender, suspended, parentalLeaveEnded });
  }

  // Join years, weighted, up to today's.
  const years: number[] = [];
  for (let y = FIRST_YEAR; y <= todayYear; y++) years.push(y);
  const yearCumulative = cumulate(years.map(joinWeight));
  const yearStart = years.map((y) => daysFromCivil(y, 1, 1));

  const memberAt = (r: Prng, index: number, branch: UnitId): Member => {
    const id = demoMemberId(index);
    const special = specials.get(index);
    if (special) {
      return {
        id,
        name: `${special.given} ${special.family}`,
        email: `${lower(special.given)}.${lower(special.family)}.${index + 1}@${EMAIL_DOMAINS[index % EMAIL_DOMAINS.length]}`,
        branch,
        joined: special.joined,
        statusHistory: special.history,
        gender: special.gender,
      };
    }
    const g = r.float();
    const gender = g < 0.47 ? 'woman' : g < 0.92 ? 'man' : g < 0.93 ? 'non-binary' : null;
    const woman = gender === 'woman' || (gender !== 'man' && r.float() < 0.5);
    const gi = Math.floor(r.float() * (woman ? WOMEN.length : MEN.length));
    const si = Math.floor(r.float() * SURNAMES.length);
    const given = woman ? WOMEN[gi] : MEN[gi];
    const givenLower = woman ? WOMEN_LOWER[gi] : MEN_LOWER[gi];

    const yi = weightedIndex(yearCumulative, r.float());
    const lastDay = yi === years.length - 1 ? todayDays : yearStart[yi] + 364;
    const joinedDays = Math.min(todayDays, yearStart[yi] + Math.floor(r.float() * (lastDay - yearStart[yi] + 1)));
    const joined = isoOfDays(joinedDays);
    const history = statusHistory(r, joined, joinedDays, todayDays);

    const email = r.float() < 0.88 ? `${givenLower}.${SURNAMES_LOWER[si]}.${index + 1}@${EMAIL_DOMAINS[si % EMAIL_DOMAINS.length]}` : null;
    return { id, name: `${given} ${SURNAMES[si]}`, email, branch, joined, statusHistory: history, gender };
  };

  const membersOfBranch = (index: number): Member[] => {
    const b = branches[index];
    // One stream per branch: a branch's members do not depend on how the others were generated.
    const r = new Prng(seed, 1000 + index);
    // The attributes of migration 9 from a stream of their own, so drawing them leaves every other draw (and so every
    // name, date and status a seed gave before) as it was.
    const ra = new Prng(seed, ATTRIBUTE_STREAMS + index);
    const out = new Array<Member>(b.count);
    for (let k = 0; k < b.count; k++) {
      const m = memberAt(r, b.first + k, b.id);
      out[k] = { ...m, ...memberAttributes(ra, dayNumber(m.joined), todayDays) };
    }
    return out;
  };

  function* members(batchSize = 10_000): Generator<Member[]> {
    let batch: Member[] = [];
    for (let i = 0; i < branches.length; i++) {
      for (const m of membersOfBranch(i)) {
        batch.push(m);
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
    }
    if (batch.length > 0) yield batch;
  }

  return { options: { ...options, members: total }, units, constituencies, branches, offices, incumbents, memberTotal: total, members, membersOfBranch };
}

/** Where the attribute streams start: past every branch's own stream (1000 + the branch's index). */
const ATTRIBUTE_STREAMS = 20_000_000;
/** Labour's youngest joining age: no one's date of birth is less than this many years before they joined. */
const YOUNGEST_JOINING = 14;
const DAYS_A_YEAR = 365.2425;

/**
 * A date of birth (unknown for a few), a membership class that follows from it, and, for a small
 * share, characteristics the member self-identifies with. About one member in eight is under 27.
 */
function memberAttributes(r: Prng, joinedDays: number, todayDays: number): Pick<Member, 'born' | 'membershipClass' | 'selfIdentified'> {
  const a = r.float();
  const ageToday = a < 0.12 ? r.int(15, 26) : a < 0.45 ? r.int(27, 44) : a < 0.8 ? r.int(45, 64) : r.int(65, 92);
  const latest = joinedDays - Math.ceil(YOUNGEST_JOINING * DAYS_A_YEAR);
  // Born within the year of that age, but never so late that they joined younger than 14 (then born 14 to 34 years before joining).
  let bornDays = todayDays - Math.floor(ageToday * DAYS_A_YEAR) - r.int(1, 364);
  if (bornDays > latest) bornDays = latest - r.int(0, 20 * 365);
  const known = r.float() >= 0.04;
  const age = Math.floor((todayDays - bornDays) / DAYS_A_YEAR);
  const c = r.float();
  const membershipClass = age < 27 ? 'youth' : age >= 65 && c < 0.5 ? 'retired' : c < 0.08 ? 'unwaged' : 'standard';
  const selfIdentified: string[] = [];
  if (r.float() < 0.05) selfIdentified.push('disabled');
  if (r.float() < 0.06) selfIdentified.push('bame');
  if (r.float() < 0.03) selfIdentified.push('lgbt+');
  return { born: known ? isoOfDays(bornDays) : null, membershipClass, ...(selfIdentified.length > 0 ? { selfIdentified } : {}) };
}

/**
 * Most members are simply current; some fell into arrears (and some of those
 * caught up), some lapsed six months after falling into arrears, a few are
 * suspended. Changes never precede joining or follow today.
 */
function statusHistory(r: Prng, joined: IsoDate, joinedDays: number, todayDays: number): StatusChange[] {
  const start: StatusChange = { from: joined, status: 'current' };
  const x = r.float();
  const change = (days: number, status: MemberStatus): StatusChange => ({ from: isoOfDays(days), status });
  if (x < 0.04) {
    const from = Math.max(joinedDays + 30, todayDays - Math.floor(r.float() * 540));
    return from <= todayDays ? [start, change(from, 'arrears')] : [start];
  }
  if (x < 0.085) {
    const earliest = joinedDays + 60;
    const latest = todayDays - 183;
    if (latest < earliest) return [start];
    const arrears = earliest + Math.floor(r.float() * (latest - earliest + 1));
    return [start, change(arrears, 'arrears'), change(arrears + 183, 'lapsed')];
  }
  if (x < 0.095) {
    const earliest = Math.max(joinedDays + 30, todayDays - 1200);
    if (earliest > todayDays) return [start];
    return [start, change(earliest + Math.floor(r.float() * (todayDays - earliest + 1)), 'suspended')];
  }
  if (x < 0.13) {
    const earliest = joinedDays + 60;
    const latest = todayDays - 180;
    if (latest < earliest) return [start];
    const arrears = earliest + Math.floor(r.float() * (latest - earliest + 1));
    return [start, change(arrears, 'arrears'), change(arrears + 20 + Math.floor(r.float() * 130), 'current')];
  }
  return [start];
}
