/**
 * The storage contract: every adapter must pass all of it.
 *
 * `open` opens a new store instance on the same database each time it is
 * called (so two instances can race, like two app servers). Tests share that
 * database, so each works under its own id prefix and counts by difference.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { memberId, processId, unitId, type ProcessId } from '../../src/domain/ids.js';
import type { Incumbent, Member, MemberStatus, Unit, UnitKind } from '../../src/domain/organisation.js';
import { err, ok } from '../../src/domain/result.js';
import { auditRecord } from '../../src/audit/index.js';
import { isoDate } from '../../src/domain/time.js';
import type { CastBallot, ElectorateEntry, ProcessChange, Store, StoredProcess } from '../../src/store/store.js';

/** What a test may learn of the database's own description of a table (SQLite: PRAGMAs; PostgreSQL: its catalog). */
export interface Catalog {
  /** The table's columns, and for each whether its values come from a counter (a rowid alias, a serial, an identity). */
  columns(table: string): Promise<{ readonly name: string; readonly counter: boolean }[]>;
  /** Whether the table keeps a row counter of its own besides its columns (SQLite: a rowid; PostgreSQL: a sequence it owns). */
  rowCounter(table: string): Promise<boolean>;
}

let prefixes = 0;
const run = Math.random().toString(36).slice(2, 8);
/** A prefix no other test (in this run or an earlier one on the same database) uses. */
const fresh = (): string => `t${run}${++prefixes}-`;

const unit = (id: string, kind: UnitKind, parent: string | null, extra: Partial<Unit> = {}): Unit => ({
  id: unitId(id),
  kind,
  name: `Unit ${id}`,
  parent: parent === null ? null : unitId(parent),
  constituency: null,
  ...extra,
});

const member = (id: string, branch: string, extra: Partial<Member> = {}): Member => ({
  id: memberId(id),
  name: `Member ${id}`,
  email: `${id}@example.org`,
  branch: unitId(branch),
  joined: isoDate('2020-01-15'),
  statusHistory: [{ from: isoDate('2020-01-15'), status: 'current' }],
  gender: null,
  ...extra,
});

/** Byte order of the UTF-8 encoding: how both databases compare ids. */
const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const at = (n: number): string => new Date(Date.UTC(2024, 0, 1, 12, 0, n)).toISOString();

/** A change that appends `item` to the state's list. */
const append =
  (item: unknown): ProcessChange =>
  (p) => {
    const state = p.state as { items: unknown[]; closed?: boolean };
    if (state.closed) return err('invalid-transition', 'the process is closed');
    return ok({ state: { ...state, items: [...state.items, item] }, event: { type: 'appended', item }, at: at(p.version) });
  };

export function runStoreContract(name: string, open: () => Promise<Store>, catalog: () => Catalog): void {
  describe(`${name}: the store contract`, () => {
    const opened: Store[] = [];
    const connect = async (): Promise<Store> => {
      const store = await open();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    async function newProcess(store: Store, id: ProcessId, state: unknown = { items: [] }): Promise<StoredProcess> {
      const created = await store.createProcess(
        { id, kind: 'trigger-ballot', constituency: null, rulebook: 'labour-2021@1', state },
        { event: { type: 'opened' }, at: at(0) },
      );
      if (!created.ok) throw new Error(created.error.message);
      return created.value;
    }

    describe('opening', () => {
      it('opens the same database again, migrations already applied, data kept', async () => {
        const p = fresh();
        const a = await connect();
        await a.putUnits([unit(`${p}party`, 'party', null)]);
        const [b, c] = await Promise.all([connect(), connect()]);
        expect(await b.getUnit(unitId(`${p}party`))).toEqual(unit(`${p}party`, 'party', null));
        expect(await c.getUnit(unitId(`${p}party`))).toEqual(unit(`${p}party`, 'party', null));
        expect(['sqlite', 'postgres']).toContain(a.dialect);
      });

      it('closing twice is harmless', async () => {
        const s = await open();
        await s.close();
        await s.close();
      });
    });

    describe('units', () => {
      it('round-trips units, nulls and unicode, and replaces on a second put', async () => {
        const p = fresh();
        const s = await connect();
        const units = [
          unit(`${p}party`, 'party', null, { name: 'Parti Llafur Cymru — “Labour” 🌹' }),
          unit(`${p}region`, 'region', `${p}party`, { name: 'Gogledd Cymru' }),
          unit(`${p}con`, 'constituency', `${p}region`, { name: "Ynys Môn / Anglesey's" }),
          unit(`${p}br`, 'branch', `${p}con`, { name: 'Caergybi' }),
          unit(`${p}aff`, 'affiliate', `${p}party`, { name: 'Unite' }),
          unit(`${p}affbr`, 'affiliated-branch', `${p}aff`, { name: 'Unite Holyhead', constituency: unitId(`${p}con`) }),
        ];
        await s.putUnits(units);
        for (const u of units) expect(await s.getUnit(u.id)).toEqual(u);
        expect(await s.getUnit(unitId(`${p}none`))).toBeNull();
        await s.putUnits([{ ...units[3], name: 'Holyhead' }]);
        expect(await s.getUnit(units[3].id)).toEqual({ ...units[3], name: 'Holyhead' });
      });

      it('keeps an affiliate’s affiliated membership and trade-union flag; a put without them keeps them, a put of none clears them', async () => {
        const p = fresh();
        const s = await connect();
        const party = unit(`${p}party`, 'party', null);
        const unite = unit(`${p}unite`, 'affiliate', `${p}party`, { name: 'Unite', affiliation: { membership: 1_200_000, tradeUnion: true } });
        const fabians = unit(`${p}fabians`, 'affiliate', `${p}party`, { name: 'Fabian Society', affiliation: { membership: 7000, tradeUnion: false } });
        await s.putUnits([party, unite, fabians]);
        expect(await s.getUnit(unite.id)).toEqual(unite);
        expect((await s.listUnits({ parent: party.id })).map((u) => [u.name, u.affiliation])).toEqual([
          ['Fabian Society', { membership: 7000, tradeUnion: false }],
          ['Unite', { membership: 1_200_000, tradeUnion: true }],
        ]);
        expect((await s.findUnits('fabian', 5)).map((u) => u.affiliation)).toEqual([{ membership: 7000, tradeUnion: false }]);
        // A re-import of units (which carries no affiliation) renames but keeps the figures.
        const { affiliation: _kept, ...renamed } = { ...unite, name: 'Unite the Union' };
        await s.putUnits([renamed]);
        expect(await s.getUnit(unite.id)).toEqual({ ...unite, name: 'Unite the Union' });
        await s.putUnits([
          { ...fabians, affiliation: { membership: 7001, tradeUnion: false } },
          { ...unite, affiliation: null },
        ]);
        expect((await s.getUnit(fabians.id))?.affiliation).toEqual({ membership: 7001, tradeUnion: false });
        expect(await s.getUnit(unite.id)).toEqual({ ...renamed, name: 'Unite' });
      });

      it('lists units in id order, filtered by kind, parent and constituency', async () => {
        const p = fresh();
        const s = await connect();
        const u = (id: string, kind: UnitKind, parent: string | null, extra: Partial<Unit> = {}) =>
          unit(`${p}${id}`, kind, parent === null ? null : `${p}${parent}`, extra);
        // Put in an order that is not the id order, children before parents.
        const units = [
          u('c-b2', 'branch', 'c'),
          u('c-b1', 'branch', 'c'),
          u('d-b1', 'branch', 'd'),
          u('c', 'constituency', 'r'),
          u('d', 'constituency', 'r'),
          u('r', 'region', 'party'),
          u('party', 'party', null),
          u('aff', 'affiliate', 'party'),
          u('aff-c', 'affiliated-branch', 'aff', { constituency: unitId(`${p}c`) }),
          u('aff-d', 'affiliated-branch', 'aff', { constituency: unitId(`${p}d`) }),
          u('Z-upper', 'branch', 'd'),
        ];
        await s.putUnits(units);
        const mine = (list: Unit[]) => list.filter((x) => x.id.startsWith(p)).map((x) => x.id.slice(p.length));
        expect(mine(await s.listUnits())).toEqual(units.map((x) => x.id.slice(p.length)).sort((a, b) => byteOrder(a, b)));
        expect(mine(await s.listUnits())).toEqual(['Z-upper', 'aff', 'aff-c', 'aff-d', 'c', 'c-b1', 'c-b2', 'd', 'd-b1', 'party', 'r']);
        expect(mine(await s.listUnits({ kind: 'branch' }))).toEqual(['Z-upper', 'c-b1', 'c-b2', 'd-b1']);
        expect(mine(await s.listUnits({ parent: unitId(`${p}c`) }))).toEqual(['c-b1', 'c-b2']);
        expect(mine(await s.listUnits({ parent: unitId(`${p}party`) }))).toEqual(['aff', 'r']);
        expect(mine(await s.listUnits({ constituency: unitId(`${p}c`) }))).toEqual(['aff-c', 'c-b1', 'c-b2']);
        expect(mine(await s.listUnits({ constituency: unitId(`${p}d`), kind: 'branch' }))).toEqual(['Z-upper', 'd-b1']);
        expect(mine(await s.listUnits({ constituency: unitId(`${p}d`), kind: 'affiliated-branch' }))).toEqual(['aff-d']);
        expect(mine(await s.listUnits({ kind: 'region', parent: unitId(`${p}party`) }))).toEqual(['r']);
        expect(await s.listUnits({ parent: unitId(`${p}nothing`) })).toEqual([]);
      });

      it('puts all the units or none: a row the database refuses rolls back the whole put', async () => {
        const p = fresh();
        const s = await connect();
        const good = Array.from({ length: 6_000 }, (_, i) => unit(`${p}${i}`, 'branch', `${p}c`));
        await expect(s.putUnits([...good, unit(`${p}bad`, 'ward' as UnitKind, `${p}c`)])).rejects.toThrow();
        expect(await s.getUnit(good[0].id)).toBeNull();
        expect(await s.listUnits({ parent: unitId(`${p}c`) })).toEqual([]);
      });

      it('putting no units is a no-op', async () => {
        const s = await connect();
        await s.putUnits([]);
      });
    });

    describe('members', () => {
      it('round-trips members with their status history, nulls and unicode', async () => {
        const p = fresh();
        const s = await connect();
        const before = await s.countMembers();
        const history: { from: string; status: MemberStatus }[] = [
          { from: '2019-01-02', status: 'current' },
          { from: '2021-03-01', status: 'arrears' },
          { from: '2021-06-30', status: 'lapsed' },
          { from: '2022-02-28', status: 'current' },
          { from: '2024-02-29', status: 'suspended' },
        ];
        const members = [
          member(`${p}1`, `${p}b`, {
            name: 'Siân Ní Bhriain 🌹',
            gender: 'woman',
            joined: isoDate('2019-01-02'),
            statusHistory: history.map((h) => ({ from: isoDate(h.from), status: h.status })),
          }),
          member(`${p}2`, `${p}b`, { email: null, gender: null }),
          member(`${p}3`, `${p}c`, { name: 'Zoë "Zed" O\'Neil, Jr.', gender: 'non-binary', statusHistory: [] }),
        ];
        await s.putMembers(members);
        for (const m of members) expect(await s.getMember(m.id)).toEqual(m);
        expect(await s.getMember(memberId(`${p}none`))).toBeNull();
        expect(await s.countMembers()).toBe(before + 3);
      });

      it('reads members by their ids in one read, in id order, leaving out ids with no member', async () => {
        const p = fresh();
        const s = await connect();
        const members = [
          member(`${p}2`, `${p}b`, { statusHistory: [{ from: isoDate('2020-01-01'), status: 'lapsed' }] }),
          member(`${p}1`, `${p}b`),
          member(`${p}3`, `${p}c`),
        ];
        await s.putMembers(members);
        expect(await s.membersById([memberId(`${p}3`), memberId(`${p}none`), memberId(`${p}2`), memberId(`${p}1`)])).toEqual([
          members[1],
          members[0],
          members[2],
        ]);
        expect(await s.membersById([memberId(`${p}2`), memberId(`${p}2`)])).toEqual([members[0]]);
        expect(await s.membersById([])).toEqual([]);
      });

      it('replaces a member and the whole of their history on a second put; the last of duplicates wins', async () => {
        const p = fresh();
        const s = await connect();
        const before = await s.countMembers();
        const long = member(`${p}1`, `${p}b`, {
          statusHistory: [
            { from: isoDate('2020-01-15'), status: 'current' },
            { from: isoDate('2021-01-15'), status: 'arrears' },
            { from: isoDate('2022-01-15'), status: 'lapsed' },
          ],
        });
        await s.putMembers([long]);
        const short = member(`${p}1`, `${p}b2`, { name: 'Renamed', email: null, statusHistory: [{ from: isoDate('2020-01-15'), status: 'suspended' }] });
        await s.putMembers([short]);
        expect(await s.getMember(short.id)).toEqual(short);
        const third = { ...short, name: 'Third' };
        await s.putMembers([member(`${p}2`, `${p}b`), { ...short, name: 'ignored' }, third]);
        expect(await s.getMember(short.id)).toEqual(third);
        expect(await s.countMembers()).toBe(before + 2);
        await s.putMembers([]);
        expect(await s.countMembers()).toBe(before + 2);
      });

      it('keeps a member’s date of birth, membership class and self-identified characteristics, in every way a member is read', async () => {
        const p = fresh();
        const s = await connect();
        const full = member(`${p}1`, `${p}b`, { born: isoDate('2001-02-28'), membershipClass: 'youth', selfIdentified: ['disabled', 'bame'] });
        const bare = member(`${p}2`, `${p}b`);
        await s.putMembers([full, bare]);
        const read = { ...full, selfIdentified: ['bame', 'disabled'] };
        expect(await s.getMember(full.id)).toEqual(read);
        expect(await s.getMember(bare.id)).toEqual(bare);
        expect(await s.membersById([full.id, bare.id])).toEqual([read, bare]);
        expect(await collect(s.membersOf([unitId(`${p}b`)]))).toEqual([read, bare]);
        expect(await s.memberByEmail(`${p}1@example.org`)).toEqual(read);
        const token = `${p}token`;
        await s.putSession({ tokenHash: token, member: full.id, createdAt: at(0), expiresAt: '2999-01-01T00:00:00.000Z' });
        expect((await s.signedIn(token, at(1)))?.member).toEqual(read);
      });

      it('keeps the stored attributes a put leaves out, and clears those it gives as none', async () => {
        const p = fresh();
        const s = await connect();
        const full = member(`${p}1`, `${p}b`, { born: isoDate('1990-07-01'), membershipClass: 'standard', selfIdentified: ['lgbt+'] });
        await s.putMembers([full]);
        // A file with none of the columns: a new name, the attributes kept.
        await s.putMembers([member(`${p}1`, `${p}b`, { name: 'Renamed' })]);
        expect(await s.getMember(full.id)).toEqual({ ...full, name: 'Renamed' });
        // Given as none: cleared, and read back as absent.
        await s.putMembers([member(`${p}1`, `${p}b`, { born: null, membershipClass: null, selfIdentified: [] })]);
        expect(await s.getMember(full.id)).toEqual(member(`${p}1`, `${p}b`));
      });

      it('replaces a member’s self-identified characteristics alone, and says whether there was such a member', async () => {
        const p = fresh();
        const s = await connect();
        const m = member(`${p}1`, `${p}b`, { born: isoDate('2000-01-01'), membershipClass: 'youth' });
        await s.putMembers([m]);
        expect(await s.setSelfIdentified(m.id, ['disabled', 'disabled'])).toBe(true);
        expect(await s.getMember(m.id)).toEqual({ ...m, selfIdentified: ['disabled'] });
        expect(await s.setSelfIdentified(m.id, [])).toBe(true);
        expect(await s.getMember(m.id)).toEqual(m);
        expect(await s.setSelfIdentified(memberId(`${p}none`), ['bame'])).toBe(false);
        await expect(s.setSelfIdentified(m.id, ['a,b'])).rejects.toThrow(/no comma/);
      });

      it('puts all the members or none: a row the database refuses rolls back the whole put', async () => {
        const p = fresh();
        const s = await connect();
        const before = await s.countMembers();
        await s.putMembers([member(`${p}kept`, `${p}b`)]);
        const good = Array.from({ length: 12_000 }, (_, i) => member(`${p}${String(i).padStart(5, '0')}`, `${p}b`));
        const bad = member(`${p}bad`, `${p}b`, { statusHistory: [{ from: isoDate('2020-01-15'), status: 'expelled' as MemberStatus }] });
        const changed = member(`${p}kept`, `${p}b`, { name: 'Changed' });
        await expect(s.putMembers([changed, ...good, bad])).rejects.toThrow();
        expect(await s.countMembers()).toBe(before + 1);
        expect(await s.getMember(memberId(`${p}kept`))).toEqual(member(`${p}kept`, `${p}b`));
        expect(await s.getMember(good[0].id)).toBeNull();
      });

      it('streams the members of the given branches in id (byte) order', async () => {
        const p = fresh();
        const s = await connect();
        const ids = ['b', 'a', 'B', 'Z', '10', '9', 'é', 'e', 'ß', '日本', '~'];
        await s.putMembers([...ids.map((id, i) => member(`${p}${id}`, `${p}${['x', 'y', 'z'][i % 3]}`)), member(`${p}other`, `${p}elsewhere`)]);
        const inXY = ids.filter((_, i) => i % 3 !== 2).map((id) => `${p}${id}`);
        const got = await collect(s.membersOf([unitId(`${p}x`), unitId(`${p}y`), unitId(`${p}nowhere`)]));
        expect(got.map((m) => m.id)).toEqual([...inXY].sort(byteOrder));
        expect(got.every((m) => m.branch === `${p}x` || m.branch === `${p}y`)).toBe(true);
        expect(got[0]).toEqual(member(got[0].id, got[0].branch));
        expect(await collect(s.membersOf([]))).toEqual([]);
        expect(await collect(s.membersOf([unitId(`${p}nowhere`)]))).toEqual([]);
      });

      it('bulk-loads tens of thousands of members and streams them across many pages, for few branches and for all', async () => {
        const p = fresh();
        const s = await connect();
        const before = await s.countMembers();
        const branches = Array.from({ length: 70 }, (_, i) => unitId(`${p}b${String(i).padStart(2, '0')}`));
        const members: Member[] = [];
        for (let i = 0; i < 70_000; i++) {
          // Ids interleave the branches, so no branch is a contiguous run of ids.
          members.push(
            member(`${p}m${String(i).padStart(6, '0')}`, branches[(i * 13) % 70], {
              email: i % 3 === 0 ? null : `m${i}@example.org`,
              gender: i % 2 === 0 ? 'woman' : null,
              statusHistory:
                i % 5 === 0
                  ? [
                      { from: isoDate('2020-01-15'), status: 'current' },
                      { from: isoDate('2023-05-01'), status: 'arrears' },
                    ]
                  : [{ from: isoDate('2020-01-15'), status: 'current' }],
            }),
          );
        }
        await s.putMembers(members);
        expect(await s.countMembers()).toBe(before + 70_000);

        const all = await collect(s.membersOf(branches));
        expect(all.length).toBe(70_000);
        expect(all.map((m) => m.id)).toEqual(members.map((m) => m.id));
        expect(all[12_345]).toEqual(members[12_345]);
        expect(all[25]).toEqual(members[25]);

        // Six branches: more than a page, and a small part of everyone.
        const six = branches.slice(10, 16);
        const few = await collect(s.membersOf(six));
        expect(few.map((m) => m.id)).toEqual(members.filter((m) => six.includes(m.branch)).map((m) => m.id));
        expect(few.length).toBe(6_000);

        // Half of them: more than a page, and a large part of everyone.
        const half = branches.filter((_, i) => i % 2 === 1);
        const many = await collect(s.membersOf(half));
        expect(many.length).toBe(35_000);
        expect(many.map((m) => m.id)).toEqual(members.filter((m) => half.includes(m.branch)).map((m) => m.id));

        // One branch: under a page.
        expect((await collect(s.membersOf([branches[3]]))).length).toBe(1_000);
      });

      it('lets the consumer of a member stream write to the store between members', async () => {
        const p = fresh();
        const s = await connect();
        const branch = unitId(`${p}b`);
        await s.putMembers(Array.from({ length: 12_000 }, (_, i) => member(`${p}${String(i).padStart(5, '0')}`, branch)));
        let seen = 0;
        for await (const m of s.membersOf([branch])) {
          if (seen % 4_000 === 0) {
            await s.putOffice({ unit: branch, role: 'secretary', member: m.id });
            await s.putMembers([member(`${p}late-${seen}`, `${p}elsewhere`)]);
          }
          seen++;
        }
        expect(seen).toBe(12_000);
        expect((await s.listOffices({ unit: branch })).length).toBe(3);
      });

      it('stops reading when the consumer stops early', async () => {
        const p = fresh();
        const s = await connect();
        const branch = unitId(`${p}b`);
        await s.putMembers(Array.from({ length: 6_000 }, (_, i) => member(`${p}${String(i).padStart(5, '0')}`, branch)));
        let seen = 0;
        for await (const _ of s.membersOf([branch])) if (++seen === 10) break;
        expect(seen).toBe(10);
        expect(await s.getMember(memberId(`${p}00000`))).not.toBeNull();
      });
    });

    describe('offices', () => {
      it('puts (idempotently), lists with filters in order, and removes offices', async () => {
        const p = fresh();
        const s = await connect();
        const o = (u: string, role: 'secretary' | 'chair' | 'procedures-secretary', m: string) => ({
          unit: unitId(`${p}${u}`),
          role,
          member: memberId(`${p}${m}`),
        });
        await s.putOffice(o('b2', 'secretary', 'm1'));
        await s.putOffice(o('b1', 'secretary', 'm2'));
        await s.putOffice(o('b1', 'chair', 'm1'));
        await s.putOffice(o('b1', 'chair', 'm1'));
        await s.putOffice(o('b1', 'procedures-secretary', 'm3'));
        const mine = (await s.listOffices()).filter((x) => x.unit.startsWith(p));
        expect(mine).toEqual([o('b1', 'chair', 'm1'), o('b1', 'procedures-secretary', 'm3'), o('b1', 'secretary', 'm2'), o('b2', 'secretary', 'm1')]);
        expect(await s.listOffices({ unit: unitId(`${p}b1`) })).toEqual([
          o('b1', 'chair', 'm1'),
          o('b1', 'procedures-secretary', 'm3'),
          o('b1', 'secretary', 'm2'),
        ]);
        expect(await s.listOffices({ member: memberId(`${p}m1`) })).toEqual([o('b1', 'chair', 'm1'), o('b2', 'secretary', 'm1')]);
        expect(await s.listOffices({ unit: unitId(`${p}b2`), member: memberId(`${p}m1`) })).toEqual([o('b2', 'secretary', 'm1')]);
        await s.removeOffice(o('b1', 'chair', 'm1'));
        await s.removeOffice(o('b1', 'chair', 'm9'));
        expect(await s.listOffices({ member: memberId(`${p}m1`) })).toEqual([o('b2', 'secretary', 'm1')]);
      });
    });

    describe('incumbents', () => {
      it('puts, replaces, gets and lists incumbents with nulls and dates', async () => {
        const p = fresh();
        const s = await connect();
        const a: Incumbent = {
          constituency: unitId(`${p}c2`),
          name: 'Ann Émile',
          member: memberId(`${p}m1`),
          gender: 'woman',
          suspended: false,
          parentalLeaveEnded: isoDate('2024-02-29'),
        };
        const b: Incumbent = { constituency: unitId(`${p}c1`), name: 'Bob', member: null, gender: null, suspended: true, parentalLeaveEnded: null };
        await s.putIncumbent(a);
        await s.putIncumbent(b);
        expect(await s.getIncumbent(a.constituency)).toEqual(a);
        expect(await s.getIncumbent(b.constituency)).toEqual(b);
        expect(await s.getIncumbent(unitId(`${p}c3`))).toBeNull();
        expect((await s.listIncumbents()).filter((i) => i.constituency.startsWith(p))).toEqual([b, a]);
        const a2 = { ...a, suspended: true, parentalLeaveEnded: null, gender: null };
        await s.putIncumbent(a2);
        expect(await s.getIncumbent(a.constituency)).toEqual(a2);
      });
    });

    describe('processes', () => {
      it('creates a process at version 1 with its first event, and refuses a taken id', async () => {
        const p = fresh();
        const s = await connect();
        const id = processId(`${p}tb`);
        const state = {
          stage: 'open',
          units: [{ id: 'b1', for: 10, against: 3 }],
          note: 'Llandudno — “quoted” ✓',
          nothing: null,
          nested: [[1, 2], [], [{ x: -1.5 }]],
        };
        const created = await s.createProcess(
          { id, kind: 'trigger-ballot', constituency: unitId(`${p}c`), rulebook: 'labour-2021@1', state },
          { event: { type: 'opened', by: 'secretary' }, at: '2024-03-01T09:00:00Z' },
        );
        const expected: StoredProcess = { id, kind: 'trigger-ballot', constituency: unitId(`${p}c`), rulebook: 'labour-2021@1', state, version: 1 };
        expect(created).toEqual(ok(expected));
        expect(await s.getProcess(id)).toEqual(expected);
        expect(await s.processEvents(id)).toEqual([{ process: id, version: 1, event: { type: 'opened', by: 'secretary' }, at: '2024-03-01T09:00:00Z' }]);

        const again = await s.createProcess(
          { id, kind: 'selection', constituency: null, rulebook: 'other', state: {} },
          { event: { type: 'other' }, at: at(1) },
        );
        expect(again.ok).toBe(false);
        if (!again.ok) {
          expect(again.error.code).toBe('exists');
          expect(again.error.message).toContain(id);
        }
        expect(await s.getProcess(id)).toEqual(expected);
        expect((await s.processEvents(id)).length).toBe(1);
        expect(await s.getProcess(processId(`${p}none`))).toBeNull();
        expect(await s.processEvents(processId(`${p}none`))).toEqual([]);
      });

      it('creates a process with its encrypted ballot’s set-up and audit entry in one transaction; a set-up refused stores neither', async () => {
        const p = fresh();
        const s = await connect();
        const id = processId(`${p}enc`);
        const setup = {
          electionId: `${p}election`,
          threshold: 2,
          trustees: [memberId(`${p}t1`), memberId(`${p}t2`), memberId(`${p}t3`)],
          authority: memberId(`${p}a`),
        };
        const audit = (process: string) =>
          auditRecord(
            'officer',
            'encryption.set-up',
            { process, election: setup.electionId, threshold: 2, trustees: [...setup.trustees], authority: setup.authority },
            at(0),
          );
        const created = await s.createProcess(
          { id, kind: 'selection', constituency: null, rulebook: 'labour-2021@1', state: { phase: 'applications' } },
          { event: { type: 'opened' }, at: at(0), encryption: { setup, audit: audit(id) } },
        );
        expect(created.ok).toBe(true);
        expect(await s.encryptedElectionOf(id)).toEqual(setup);
        expect((await s.auditEntriesOf(id, 'encryption.set-up')).length).toBe(1);
        // The election id is taken, so the set-up cannot be stored: nor is the process, its event or either audit entry.
        const other = processId(`${p}enc2`);
        const head = (await s.auditHead())?.seq;
        await expect(
          s.createProcess(
            { id: other, kind: 'selection', constituency: null, rulebook: 'labour-2021@1', state: { phase: 'applications' } },
            { event: { type: 'opened' }, at: at(1), audit: audit(other), encryption: { setup, audit: audit(other) } },
          ),
        ).rejects.toThrow(/set up already/);
        expect(await s.getProcess(other)).toBeNull();
        expect(await s.processEvents(other)).toEqual([]);
        expect(await s.encryptedElectionOf(other)).toBeNull();
        expect((await s.auditHead())?.seq).toBe(head);
      });

      it('keeps states that are not objects: arrays, strings, numbers, null', async () => {
        const p = fresh();
        const s = await connect();
        for (const [i, state] of ([[1, 'two', null], 'just text 🗳', 42, null, true] as unknown[]).entries()) {
          const id = processId(`${p}${i}`);
          await newProcess(s, id, state);
          expect((await s.getProcess(id))?.state).toEqual(state);
        }
      });

      it('lists processes in id order, filtered by kind and constituency', async () => {
        const p = fresh();
        const s = await connect();
        const mk = (id: string, kind: 'trigger-ballot' | 'selection' | 'internal-election', constituency: string | null) =>
          s.createProcess(
            { id: processId(`${p}${id}`), kind, constituency: constituency === null ? null : unitId(`${p}${constituency}`), rulebook: 'r@1', state: { id } },
            { event: {}, at: at(0) },
          );
        await mk('c', 'selection', 'x');
        await mk('a', 'trigger-ballot', 'x');
        await mk('b', 'trigger-ballot', 'y');
        await mk('nec', 'internal-election', null);
        const mine = (list: StoredProcess[]) => list.filter((x) => x.id.startsWith(p)).map((x) => x.id.slice(p.length));
        expect(mine(await s.listProcesses())).toEqual(['a', 'b', 'c', 'nec']);
        expect(mine(await s.listProcesses({ kind: 'trigger-ballot' }))).toEqual(['a', 'b']);
        expect(await s.listProcesses({ constituency: unitId(`${p}x`) })).toEqual([
          { id: `${p}a`, kind: 'trigger-ballot', constituency: `${p}x`, rulebook: 'r@1', state: { id: 'a' }, version: 1 },
          { id: `${p}c`, kind: 'selection', constituency: `${p}x`, rulebook: 'r@1', state: { id: 'c' }, version: 1 },
        ]);
        expect(mine(await s.listProcesses({ kind: 'selection', constituency: unitId(`${p}y`) }))).toEqual([]);
        expect(mine(await s.listProcesses({ kind: 'internal-election' }))).toEqual(['nec']);
      });

      it('applies a change: the next version, the new state, its event, in order', async () => {
        const p = fresh();
        const s = await connect();
        const id = processId(`${p}tb`);
        await newProcess(s, id);
        let seen: StoredProcess | undefined;
        const r1 = await s.updateProcess(id, (cur) => {
          seen = cur;
          return append('first')(cur);
        });
        expect(seen).toMatchObject({ id, version: 1, state: { items: [] } });
        expect(r1).toEqual(ok({ id, kind: 'trigger-ballot', constituency: null, rulebook: 'labour-2021@1', state: { items: ['first'] }, version: 2 }));
        const r2 = await s.updateProcess(id, append({ unit: 'Côte', for: 3 }));
        expect(r2.ok && r2.value.version).toBe(3);
        expect(await s.getProcess(id)).toMatchObject({ version: 3, state: { items: ['first', { unit: 'Côte', for: 3 }] } });
        expect(await s.processEvents(id)).toEqual([
          { process: id, version: 1, event: { type: 'opened' }, at: at(0) },
          { process: id, version: 2, event: { type: 'appended', item: 'first' }, at: at(1) },
          { process: id, version: 3, event: { type: 'appended', item: { unit: 'Côte', for: 3 } }, at: at(2) },
        ]);
      });

      it('writes nothing when the change returns an error, and hands the error back', async () => {
        const p = fresh();
        const s = await connect();
        const id = processId(`${p}tb`);
        await newProcess(s, id);
        await s.updateProcess(id, append(1));
        const refused = await s.updateProcess(id, () => err('invalid-transition', 'the ballot is not open yet'));
        expect(refused).toEqual(err('invalid-transition', 'the ballot is not open yet'));
        expect(await s.getProcess(id)).toMatchObject({ version: 2, state: { items: [1] } });
        expect((await s.processEvents(id)).map((e) => e.version)).toEqual([1, 2]);
        expect((await s.updateProcess(id, append(2))).ok).toBe(true);
        expect((await s.processEvents(id)).map((e) => e.version)).toEqual([1, 2, 3]);
      });

      it('writes nothing when the change throws, and rethrows', async () => {
        const p = fresh();
        const s = await connect();
        const id = processId(`${p}tb`);
        await newProcess(s, id);
        await expect(
          s.updateProcess(id, () => {
            throw new Error('a bug in a transition');
          }),
        ).rejects.toThrow('a bug in a transition');
        await expect(s.updateProcess(id, () => ok({ state: undefined, event: {}, at: at(1) }))).rejects.toThrow(/JSON/);
        expect(await s.getProcess(id)).toMatchObject({ version: 1, state: { items: [] } });
        expect((await s.processEvents(id)).length).toBe(1);
        expect((await s.updateProcess(id, append('after'))).ok).toBe(true);
      });

      it('refuses to change a process that does not exist', async () => {
        const p = fresh();
        const s = await connect();
        let called = false;
        const r = await s.updateProcess(processId(`${p}none`), (cur) => {
          called = true;
          return append(1)(cur);
        });
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.error.code).toBe('not-found');
        expect(called).toBe(false);
      });

      it('serialises 50 concurrent changes: every one applied, versions 1..51 without gaps', async () => {
        const p = fresh();
        const s = await connect();
        const id = processId(`${p}tb`);
        await newProcess(s, id);
        const results = await Promise.all(Array.from({ length: 50 }, (_, i) => s.updateProcess(id, append(i))));
        expect(results.every((r) => r.ok)).toBe(true);
        expect(results.map((r) => (r.ok ? r.value.version : 0)).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
        const final = await s.getProcess(id);
        expect(final?.version).toBe(51);
        const items = (final!.state as { items: number[] }).items;
        expect([...items].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
        const events = await s.processEvents(id);
        expect(events.map((e) => e.version)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
        // The events replay to the final state, in version order.
        expect(events.slice(1).map((e) => (e.event as { item: number }).item)).toEqual(items);
      });

      it('serialises changes from two store instances (two app servers) on one database', async () => {
        const p = fresh();
        const [a, b] = await Promise.all([connect(), connect()]);
        const id = processId(`${p}tb`);
        await newProcess(a, id);
        const results = await Promise.all(
          Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).updateProcess(id, append(`${i % 2 === 0 ? 'a' : 'b'}${i}`))),
        );
        expect(results.every((r) => r.ok)).toBe(true);
        const final = await b.getProcess(id);
        expect(final?.version).toBe(41);
        expect((final!.state as { items: string[] }).items).toHaveLength(40);
        expect(new Set((final!.state as { items: string[] }).items).size).toBe(40);
        expect((await a.processEvents(id)).map((e) => e.version)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
      });

      it('a close racing records: every record lands before the close or is refused after it', async () => {
        const p = fresh();
        const [a, b] = await Promise.all([connect(), connect()]);
        const id = processId(`${p}tb`);
        await newProcess(a, id);
        const close: ProcessChange = (cur) =>
          ok({ state: { ...(cur.state as object), closed: true, closedAt: cur.version }, event: { type: 'closed' }, at: at(cur.version) });
        const jobs: Promise<{ kind: string; ok: boolean }>[] = [];
        for (let i = 0; i < 30; i++) {
          const store = i % 2 === 0 ? a : b;
          jobs.push(store.updateProcess(id, append(i)).then((r) => ({ kind: 'record', ok: r.ok })));
          if (i === 12) jobs.push(b.updateProcess(id, close).then((r) => ({ kind: 'close', ok: r.ok })));
        }
        const outcomes = await Promise.all(jobs);
        const final = (await a.getProcess(id))!;
        const state = final.state as { items: number[]; closed: boolean; closedAt: number };
        const recorded = outcomes.filter((o) => o.kind === 'record' && o.ok).length;
        expect(outcomes.find((o) => o.kind === 'close')?.ok).toBe(true);
        expect(state.closed).toBe(true);
        expect(state.items.length).toBe(recorded);
        // Records applied before the close, none after it.
        expect(state.closedAt).toBe(recorded + 1);
        expect(final.version).toBe(recorded + 2);
        const events = await a.processEvents(id);
        expect(events.map((e) => (e.event as { type: string }).type)).toEqual(['opened', ...Array(recorded).fill('appended'), 'closed']);
      });

      it('two instances creating one id at once: exactly one wins', async () => {
        const p = fresh();
        const [a, b] = await Promise.all([connect(), connect()]);
        const id = processId(`${p}tb`);
        const mk = (s: Store, who: string) =>
          s.createProcess({ id, kind: 'selection', constituency: null, rulebook: 'r@1', state: { who } }, { event: { who }, at: at(0) });
        const results = await Promise.all([mk(a, 'a'), mk(b, 'b'), mk(a, 'a2'), mk(b, 'b2')]);
        expect(results.filter((r) => r.ok).length).toBe(1);
        expect(results.filter((r) => !r.ok && r.error.code === 'exists').length).toBe(3);
        const winner = results.find((r) => r.ok);
        const stored = await a.getProcess(id);
        expect(winner?.ok && stored?.state).toEqual(winner?.ok && winner.value.state);
        expect((await b.processEvents(id)).length).toBe(1);
      });
    });

    describe('electorates', () => {
      const entries = (p: string, n: number): ElectorateEntry[] =>
        Array.from({ length: n }, (_, i) => ({
          member: memberId(`${p}m${String(i).padStart(5, '0')}`),
          eligible: i % 3 !== 0,
          reason: i % 3 !== 0 ? `joined 2 March, ${i} months before the freeze date` : 'in arrears since 1 May — more than the grace period',
        }));
      /** A fresh prefix, a store and two new processes under it. */
      const twoProcesses = async () => {
        const p = fresh();
        const s = await connect();
        const one = processId(`${p}1`);
        const two = processId(`${p}2`);
        await newProcess(s, one);
        await newProcess(s, two);
        return { p, s, one, two };
      };

      it('freezes an electorate once, in member order; a second freeze is refused and changes nothing', async () => {
        const p = fresh();
        const s = await connect();
        const id = processId(`${p}sel`);
        await newProcess(s, id);
        expect(await s.electorate(id)).toEqual([]);
        const list = entries(p, 30).reverse();
        expect(await s.freezeElectorate(id, list)).toEqual(ok({ eligible: 20, total: 30 }));
        const stored = await s.electorate(id);
        expect(stored).toEqual([...list].sort((x, y) => byteOrder(x.member, y.member)));
        // Only whether one may vote and why: nothing that could ever hold a vote.
        for (const e of stored) expect(Object.keys(e).sort()).toEqual(['eligible', 'member', 'reason']);
        const again = await s.freezeElectorate(id, entries(`${p}x`, 3));
        expect(again.ok).toBe(false);
        if (!again.ok) expect(again.error.code).toBe('exists');
        expect(await s.electorate(id)).toEqual(stored);
      });

      it("reads one member's entry by process and member: eligible or not with its reason, null for anyone not on it", async () => {
        const { p, s, one, two } = await twoProcesses();
        const list = entries(p, 6);
        expect(await s.electorateEntry(one, list[1].member)).toBeNull();
        await s.freezeElectorate(one, list);
        await s.freezeElectorate(two, list.slice(0, 2));
        expect(await s.electorateEntry(one, list[1].member)).toEqual(list[1]);
        expect(await s.electorateEntry(one, list[3].member)).toEqual({ ...list[3], eligible: false });
        expect(await s.electorateEntry(two, list[4].member)).toBeNull();
        expect(await s.electorateEntry(one, memberId(`${p}nobody`))).toBeNull();
        expect(await s.electorateEntry(processId(`${p}none`), list[1].member)).toBeNull();
      });

      it('an empty electorate is frozen too', async () => {
        const p = fresh();
        const s = await connect();
        const id = processId(`${p}sel`);
        await newProcess(s, id);
        expect(await s.freezeElectorate(id, [])).toEqual(ok({ eligible: 0, total: 0 }));
        expect((await s.freezeElectorate(id, entries(p, 1))).ok).toBe(false);
      });

      it('refuses an unknown process, and a member listed twice (writing nothing)', async () => {
        const p = fresh();
        const s = await connect();
        const none = await s.freezeElectorate(processId(`${p}none`), entries(p, 2));
        expect(none.ok).toBe(false);
        if (!none.ok) expect(none.error.code).toBe('not-found');
        const id = processId(`${p}sel`);
        await newProcess(s, id);
        const list = entries(p, 12_000);
        const twice = await s.freezeElectorate(id, [...list, { ...list[7_001], eligible: false }]);
        expect(twice.ok).toBe(false);
        if (!twice.ok) {
          expect(twice.error.code).toBe('duplicate');
          expect(twice.error.message).toContain(list[7_001].member);
        }
        expect(await s.electorate(id)).toEqual([]);
        expect(await s.freezeElectorate(id, list)).toEqual(ok({ eligible: 8_000, total: 12_000 }));
      });

      it('writes nothing when the source of entries fails part way, and can freeze afterwards', async () => {
        const p = fresh();
        const s = await connect();
        const id = processId(`${p}sel`);
        await newProcess(s, id);
        async function* failing(): AsyncIterable<ElectorateEntry> {
          yield* entries(p, 11_000);
          throw new Error('the membership export broke');
        }
        await expect(s.freezeElectorate(id, failing())).rejects.toThrow('the membership export broke');
        expect(await s.electorate(id)).toEqual([]);
        expect((await s.freezeElectorate(id, entries(p, 5))).ok).toBe(true);
      });

      it('freezes a large electorate streamed from the member stream of the same store', async () => {
        const p = fresh();
        const s = await connect();
        const branches = [unitId(`${p}b1`), unitId(`${p}b2`)];
        const freezeDate = isoDate('2024-08-01');
        await s.putMembers(
          Array.from({ length: 15_000 }, (_, i) =>
            member(`${p}${String(i).padStart(5, '0')}`, branches[i % 2], {
              joined: i % 4 === 0 ? isoDate('2024-05-01') : isoDate('2019-05-01'),
              statusHistory: [{ from: i % 4 === 0 ? isoDate('2024-05-01') : isoDate('2019-05-01'), status: 'current' }],
            }),
          ),
        );
        const id = processId(`${p}nec`);
        await newProcess(s, id);
        async function* judge(): AsyncIterable<ElectorateEntry> {
          for await (const m of s.membersOf(branches)) {
            const ok = m.joined <= '2024-02-01';
            yield {
              member: m.id,
              eligible: ok,
              reason: ok ? `joined ${m.joined}, at least 6 months before ${freezeDate}` : `joined ${m.joined}, under 6 months before ${freezeDate}`,
            };
          }
        }
        // Meanwhile, other writes go on.
        const [frozen, change] = await Promise.all([s.freezeElectorate(id, judge()), s.updateProcess(id, append('meanwhile'))]);
        expect(frozen).toEqual(ok({ eligible: 11_250, total: 15_000 }));
        expect(change.ok).toBe(true);
        const stored = await s.electorate(id);
        expect(stored.length).toBe(15_000);
        expect(stored[4]).toEqual({ member: `${p}00004`, eligible: false, reason: `joined 2024-05-01, under 6 months before 2024-08-01` });
      });

      it('two instances freezing one process at once: exactly one wins, the other changes nothing', async () => {
        const p = fresh();
        const [a, b] = await Promise.all([connect(), connect()]);
        const id = processId(`${p}sel`);
        await newProcess(a, id);
        const [ra, rb] = await Promise.all([a.freezeElectorate(id, entries(`${p}a`, 6_000)), b.freezeElectorate(id, entries(`${p}b`, 7_000))]);
        expect([ra.ok, rb.ok].filter(Boolean).length).toBe(1);
        const loser = ra.ok ? rb : ra;
        expect(!loser.ok && loser.error.code).toBe('exists');
        const stored = await b.electorate(id);
        expect(stored.length).toBe(ra.ok ? 6_000 : 7_000);
        expect(stored.every((e) => e.member.startsWith(ra.ok ? `${p}a` : `${p}b`))).toBe(true);
      });

      it('keeps each process its own electorate', async () => {
        const { p, s, one, two } = await twoProcesses();
        await s.freezeElectorate(one, entries(p, 3));
        await s.freezeElectorate(two, entries(p, 5).slice(2));
        expect((await s.electorate(one)).map((e) => e.member)).toEqual(entries(p, 3).map((e) => e.member));
        expect((await s.electorate(two)).map((e) => e.member)).toEqual(
          entries(p, 5)
            .slice(2)
            .map((e) => e.member),
        );
      });
    });

    /** An instant `minutes` after 10:00 on 1 March 2024, as the store keeps it. */
    const t = (minutes: number): string => new Date(Date.UTC(2024, 2, 1, 10, minutes)).toISOString();

    describe('sign-in', () => {
      it('finds a member by email whatever its case; nobody for an unknown address; the first by id when an address is shared', async () => {
        const p = fresh();
        const s = await connect();
        const ana = member(`${p}2-ana`, `${p}b`, { email: `Ana.Lopez+${p}@Example.ORG` });
        const noEmail = member(`${p}3-none`, `${p}b`, { email: null });
        const sharedLater = member(`${p}5-shared`, `${p}b`, { email: `home-${p}@example.org` });
        const sharedFirst = member(`${p}4-shared`, `${p}b`, { email: `Home-${p}@example.org` });
        await s.putMembers([ana, noEmail, sharedLater, sharedFirst]);
        expect(await s.memberByEmail(`ana.lopez+${p}@example.org`)).toEqual(ana);
        expect(await s.memberByEmail(`ANA.LOPEZ+${p}@EXAMPLE.ORG`)).toEqual(ana);
        expect(await s.memberByEmail(`nobody-${p}@example.org`)).toBeNull();
        expect(await s.memberByEmail('')).toBeNull();
        expect(await s.memberByEmail(`HOME-${p}@example.org`)).toEqual(sharedFirst);
        // A changed address is found at once, and the old one no longer is.
        await s.putMembers([{ ...ana, email: `ana-${p}@example.net` }]);
        expect((await s.memberByEmail(`Ana-${p}@Example.net`))?.id).toBe(ana.id);
        expect(await s.memberByEmail(`ana.lopez+${p}@example.org`)).toBeNull();
      });

      it('a login code works once, for its member, until it expires; a client’s new code replaces only its own earlier one', async () => {
        const p = fresh();
        const s = await connect();
        const ana = memberId(`${p}ana`);
        const ben = memberId(`${p}ben`);
        await s.putLoginCode({ member: ana, client: 'laptop', codeHash: 'h1', expiresAt: t(15) });
        await s.putLoginCode({ member: ana, client: 'phone', codeHash: 'h2', expiresAt: t(15) });
        await s.putLoginCode({ member: ben, client: 'laptop', codeHash: 'h3', expiresAt: t(15) });
        expect(await s.consumeLoginCode(ben, 'h1', t(1))).toBe(false);
        expect(await s.consumeLoginCode(ana, 'wrong', t(1))).toBe(false);
        expect(await s.consumeLoginCode(ana, 'h1', t(1))).toBe(true);
        expect(await s.consumeLoginCode(ana, 'h1', t(2))).toBe(false);
        // Another client's code of the same member is untouched by the first's use.
        expect(await s.consumeLoginCode(ana, 'h2', t(3))).toBe(true);
        expect(await s.consumeLoginCode(ana, 'h2', t(3))).toBe(false);
        // Expired: at the instant of expiry and after it.
        expect(await s.consumeLoginCode(ben, 'h3', t(15))).toBe(false);
        expect(await s.consumeLoginCode(ben, 'h3', t(16))).toBe(false);
        await s.putLoginCode({ member: ben, client: 'laptop', codeHash: 'h4', expiresAt: t(30) });
        expect(await s.consumeLoginCode(ben, 'h4', t(29))).toBe(true);
        // A second code for one client replaces the first; another client's code stays.
        await s.putLoginCode({ member: ana, client: 'laptop', codeHash: 'old', expiresAt: t(30) });
        await s.putLoginCode({ member: ana, client: 'phone', codeHash: 'other', expiresAt: t(30) });
        await s.putLoginCode({ member: ana, client: 'laptop', codeHash: 'new', expiresAt: t(30) });
        expect(await s.consumeLoginCode(ana, 'old', t(20))).toBe(false);
        expect(await s.consumeLoginCode(ana, 'new', t(20))).toBe(true);
        // Retiring one client's code leaves the other's.
        await s.putLoginCode({ member: ana, client: 'laptop', codeHash: 'again', expiresAt: t(30) });
        await s.retireLoginCode(ana, 'laptop');
        expect(await s.consumeLoginCode(ana, 'again', t(20))).toBe(false);
        expect(await s.consumeLoginCode(ana, 'other', t(20))).toBe(true);
      });

      it('compares instants as times whatever form they are written in', async () => {
        const p = fresh();
        const s = await connect();
        const ana = memberId(`${p}ana`);
        // 12:00 in UTC, written as 13:00 at +01:00, no milliseconds.
        await s.putLoginCode({ member: ana, client: 'c', codeHash: 'h', expiresAt: '2024-03-01T13:00:00+01:00' });
        expect(await s.consumeLoginCode(ana, 'h', '2024-03-01T12:00:00.000Z')).toBe(false);
        await s.putLoginCode({ member: ana, client: 'c', codeHash: 'h2', expiresAt: '2024-03-01T13:00:00+01:00' });
        expect(await s.consumeLoginCode(ana, 'h2', '2024-03-01T11:59:59.999Z')).toBe(true);
        await s.putSession({ tokenHash: `${p}tok`, member: ana, createdAt: '2024-03-01T11:00:00Z', expiresAt: '2024-03-01T13:00:00+01:00' });
        expect(await s.getSession(`${p}tok`, '2024-03-01T11:30:00Z')).toEqual({
          tokenHash: `${p}tok`,
          member: ana,
          createdAt: '2024-03-01T11:00:00.000Z',
          expiresAt: '2024-03-01T12:00:00.000Z',
        });
        await expect(s.putLoginCode({ member: ana, client: 'c', codeHash: 'h3', expiresAt: 'soon' })).rejects.toThrow(/ISO instant/);
      });

      it('fifty uses of one code at once, from two instances: exactly one signs in', async () => {
        const p = fresh();
        const [a, b] = await Promise.all([connect(), connect()]);
        const ana = memberId(`${p}ana`);
        await a.putLoginCode({ member: ana, client: 'c', codeHash: 'h', expiresAt: t(15) });
        const uses = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? a : b).consumeLoginCode(ana, 'h', t(1))));
        expect(uses.filter((u) => u).length).toBe(1);
      });

      it('counts sign-in attempts per key within the window, forgetting older ones', async () => {
        const p = fresh();
        const s = await connect();
        const key = `${p}ana@example.org`;
        expect(await s.countLoginAttempt(key, t(0), t(-15))).toBe(1);
        expect(await s.countLoginAttempt(key, t(1), t(-14))).toBe(2);
        expect(await s.countLoginAttempt(`${p}other`, t(1), t(-14))).toBe(1);
        expect(await s.countLoginAttempt(key, t(2), t(-13))).toBe(3);
        // Later, with the window from 2: the attempts at 0 and 1 are outside it, the one at 2 (its start) inside.
        expect(await s.countLoginAttempt(key, t(16), t(2))).toBe(2);
        // And they are gone: a wider window no longer finds them.
        expect(await s.countLoginAttempt(key, t(17), t(-60))).toBe(3);
        // Another key's attempts are kept within a day of any window…
        expect(await s.countLoginAttempt(`${p}other`, t(30), t(-60))).toBe(2);
        // …and forgotten once a window starts more than a day after them, even if that key is never tried again.
        await s.countLoginAttempt(`${p}third`, t(26 * 60), t(26 * 60 - 15));
        expect(await s.countLoginAttempt(`${p}other`, t(26 * 60), t(-60))).toBe(1);
      });

      it('forgets one key’s attempts, or every key’s', async () => {
        const p = fresh();
        const s = await connect();
        await s.countLoginAttempt(`${p}a`, t(0), t(-15));
        await s.countLoginAttempt(`${p}a`, t(1), t(-15));
        await s.countLoginAttempt(`${p}b`, t(1), t(-15));
        await s.forgetLoginAttempts(`${p}a`);
        expect(await s.countLoginAttempt(`${p}a`, t(2), t(-15))).toBe(1);
        expect(await s.countLoginAttempt(`${p}b`, t(2), t(-15))).toBe(2);
        await s.forgetLoginAttempts();
        expect(await s.countLoginAttempt(`${p}a`, t(3), t(-15))).toBe(1);
        expect(await s.countLoginAttempt(`${p}b`, t(3), t(-15))).toBe(1);
      });

      it('keeps the first secret offered under a name, and gives it to every instance', async () => {
        const p = fresh();
        const [a, b] = await Promise.all([connect(), connect()]);
        const [x, y] = await Promise.all([a.keptSecret(`${p}web`, 'first'), b.keptSecret(`${p}web`, 'second')]);
        expect(x).toBe(y);
        expect(await a.keptSecret(`${p}web`, 'third')).toBe(x);
        expect(await b.keptSecret(`${p}other`, 'fourth')).toBe('fourth');
      });

      it('fifty attempts under one key at once, from two instances, each get their own count', async () => {
        const p = fresh();
        const [a, b] = await Promise.all([connect(), connect()]);
        const counts = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? a : b).countLoginAttempt(`${p}key`, t(1), t(-15))));
        expect([...counts].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      });
    });

    describe('sessions', () => {
      it('finds a session until it expires, and not after it is deleted', async () => {
        const p = fresh();
        const s = await connect();
        const session = { tokenHash: `${p}tok`, member: memberId(`${p}ana`), createdAt: t(0), expiresAt: t(60) };
        await s.putSession(session);
        expect(await s.getSession(session.tokenHash, t(0))).toEqual(session);
        expect(await s.getSession(session.tokenHash, t(59))).toEqual(session);
        expect(await s.getSession(session.tokenHash, t(60))).toBeNull();
        expect(await s.getSession(`${p}other`, t(1))).toBeNull();
        await s.deleteSession(session.tokenHash);
        expect(await s.getSession(session.tokenHash, t(1))).toBeNull();
        await s.deleteSession(session.tokenHash);
      });

      it('reads a session with its member and their offices in one go, as getSession, getMember and listOffices do apart', async () => {
        const p = fresh();
        const s = await connect();
        const ana = member(`${p}ana`, `${p}b1`);
        const ben = member(`${p}ben`, `${p}b1`);
        await s.putMembers([ana, ben]);
        await s.putOffice({ unit: unitId(`${p}b2`), role: 'secretary', member: ana.id });
        await s.putOffice({ unit: unitId(`${p}b1`), role: 'secretary', member: ana.id });
        await s.putOffice({ unit: unitId(`${p}b1`), role: 'chair', member: ana.id });
        const session = { tokenHash: `${p}tok`, member: ana.id, createdAt: t(0), expiresAt: t(60) };
        await s.putSession(session);
        await s.putSession({ tokenHash: `${p}ben`, member: ben.id, createdAt: t(0), expiresAt: t(60) });
        await s.putSession({ tokenHash: `${p}ghost`, member: memberId(`${p}ghost`), createdAt: t(0), expiresAt: t(60) });

        const signed = await s.signedIn(session.tokenHash, t(1));
        expect(signed).toEqual({ session, member: await s.getMember(ana.id), offices: await s.listOffices({ member: ana.id }) });
        expect(signed?.offices.map((o) => `${o.unit} ${o.role}`)).toEqual([`${p}b1 chair`, `${p}b1 secretary`, `${p}b2 secretary`]);
        expect((await s.signedIn(`${p}ben`, t(1)))?.offices).toEqual([]);
        // Expired, unknown, or its member gone: nobody is signed in.
        expect(await s.signedIn(session.tokenHash, t(60))).toBeNull();
        expect(await s.signedIn(`${p}nothing`, t(1))).toBeNull();
        expect(await s.signedIn(`${p}ghost`, t(1))).toBeNull();
        await s.deleteSession(session.tokenHash);
        expect(await s.signedIn(session.tokenHash, t(1))).toBeNull();
      });

      it('signs a member out everywhere, and nobody else', async () => {
        const p = fresh();
        const s = await connect();
        const ana = memberId(`${p}ana`);
        const ben = memberId(`${p}ben`);
        for (let i = 0; i < 3; i++) await s.putSession({ tokenHash: `${p}ana${i}`, member: ana, createdAt: t(i), expiresAt: t(600) });
        await s.putSession({ tokenHash: `${p}ben`, member: ben, createdAt: t(0), expiresAt: t(600) });
        expect(await s.deleteSessionsOf(ana)).toBe(3);
        for (let i = 0; i < 3; i++) expect(await s.getSession(`${p}ana${i}`, t(5))).toBeNull();
        expect((await s.getSession(`${p}ben`, t(5)))?.member).toBe(ben);
        expect(await s.deleteSessionsOf(ana)).toBe(0);
      });

      it("forgets a member's expired sessions when they sign in again", async () => {
        const p = fresh();
        const s = await connect();
        const ana = memberId(`${p}ana`);
        await s.putSession({ tokenHash: `${p}old`, member: ana, createdAt: t(0), expiresAt: t(10) });
        await s.putSession({ tokenHash: `${p}live`, member: ana, createdAt: t(5), expiresAt: t(100) });
        await s.putSession({ tokenHash: `${p}new`, member: ana, createdAt: t(20), expiresAt: t(200) });
        // The expired one was removed; the live one and the new one remain.
        expect(await s.deleteSessionsOf(ana)).toBe(2);
      });
    });

    describe('casting ballots', () => {
      /** A process whose frozen electorate is members 0…n-1 of `p`; every fifth is ineligible. */
      async function ballotFor(s: Store, p: string, n: number): Promise<ProcessId> {
        const id = processId(`${p}ballot`);
        await newProcess(s, id);
        const frozen = await s.freezeElectorate(
          id,
          Array.from({ length: n }, (_, i) => ({
            member: voter(p, i),
            eligible: i % 5 !== 4,
            reason: i % 5 !== 4 ? 'a member in good standing' : 'in arrears',
          })),
        );
        if (!frozen.ok) throw new Error(frozen.error.message);
        return id;
      }
      const voter = (p: string, i: number) => memberId(`${p}v${String(i).padStart(4, '0')}`);
      const ballot = (i: number): CastBallot => ({ ranking: [`c${i % 3}`, `c${(i + 1) % 3}`], tracker: `trk-${i}` });
      const errorCode = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error?.code);

      it('casts a ballot, marks the voter, and refuses a second one', async () => {
        const p = fresh();
        const s = await connect();
        const id = await ballotFor(s, p, 5);
        const ranking = ['Siân Ní Bhriain', 'c-日本', 'Zoë'];
        expect(await s.hasVoted(id, voter(p, 0))).toBe(false);
        expect(await s.turnout(id)).toBe(0);
        expect(await s.castBallot(id, voter(p, 0), { ranking, tracker: 'ABCD-1234' })).toEqual(ok({ tracker: 'ABCD-1234' }));
        expect(await s.hasVoted(id, voter(p, 0))).toBe(true);
        expect(await s.hasVoted(id, voter(p, 1))).toBe(false);
        expect(await s.turnout(id)).toBe(1);
        expect(await s.ballots(id)).toEqual([{ ranking, tracker: 'ABCD-1234' }]);

        const again = await s.castBallot(id, voter(p, 0), { ranking: ['Zoë'], tracker: 'EFGH-5678' });
        expect(errorCode(again)).toBe('already-voted');
        expect(await s.ballots(id)).toEqual([{ ranking, tracker: 'ABCD-1234' }]);
        expect(await s.turnout(id)).toBe(1);

        // An empty ranking is a blank ballot, and is cast like any other.
        expect((await s.castBallot(id, voter(p, 1), { ranking: [], tracker: 'blank' })).ok).toBe(true);
        expect((await s.ballots(id)).find((b) => b.tracker === 'blank')).toEqual({ ranking: [], tracker: 'blank' });
      });

      it('refuses those who may not vote, and stores nothing for them', async () => {
        const p = fresh();
        const s = await connect();
        const id = await ballotFor(s, p, 5);
        expect(errorCode(await s.castBallot(id, voter(p, 4), ballot(4)))).toBe('not-eligible');
        expect(errorCode(await s.castBallot(id, memberId(`${p}stranger`), ballot(9)))).toBe('not-eligible');
        expect(errorCode(await s.castBallot(processId(`${p}none`), voter(p, 0), ballot(0)))).toBe('not-found');
        const unfrozen = processId(`${p}unfrozen`);
        await newProcess(s, unfrozen);
        expect(errorCode(await s.castBallot(unfrozen, voter(p, 0), ballot(0)))).toBe('not-eligible');
        expect(await s.hasVoted(id, voter(p, 4))).toBe(false);
        expect(await s.hasVoted(unfrozen, voter(p, 0))).toBe(false);
        expect(await s.turnout(id)).toBe(0);
        expect(await s.ballots(id)).toEqual([]);
        expect(await s.ballots(unfrozen)).toEqual([]);
      });

      it('refuses a tracker already used in the process without marking the voter, who can then cast with a new one', async () => {
        const p = fresh();
        const s = await connect();
        const id = await ballotFor(s, p, 5);
        expect((await s.castBallot(id, voter(p, 0), { ranking: ['a'], tracker: 'same' })).ok).toBe(true);
        expect(errorCode(await s.castBallot(id, voter(p, 1), { ranking: ['b'], tracker: 'same' }))).toBe('tracker-taken');
        expect(await s.hasVoted(id, voter(p, 1))).toBe(false);
        expect(await s.turnout(id)).toBe(1);
        expect(await s.ballots(id)).toEqual([{ ranking: ['a'], tracker: 'same' }]);
        expect((await s.castBallot(id, voter(p, 1), { ranking: ['b'], tracker: 'other' })).ok).toBe(true);
        expect(await s.turnout(id)).toBe(2);
      });

      it('casts sent at the same moment each get their own answer: one refused takes none of the others with it', async () => {
        const p = fresh();
        const s = await connect();
        const id = await ballotFor(s, p, 10);
        // Not awaited one by one: all are in flight together (the SQLite store commits such casts as a group).
        const answers = await Promise.all([
          s.castBallot(id, voter(p, 0), { ranking: ['a'], tracker: 't0' }),
          s.castBallot(id, voter(p, 4), { ranking: ['b'], tracker: 't4' }), // ineligible
          s.castBallot(id, voter(p, 1), { ranking: ['c'], tracker: 't1' }),
          s.castBallot(id, voter(p, 1), { ranking: ['a'], tracker: 't1-again' }), // the same member twice
          s.castBallot(id, voter(p, 2), { ranking: ['b'], tracker: 't0' }), // a tracker already taken
          s.castBallot(id, voter(p, 3), { ranking: [], tracker: 't3' }),
        ]);
        const codes = answers.map(errorCode);
        expect(codes[1]).toBe('not-eligible');
        expect(codes[5]).toBe('ok');
        // Which of two clashing casts comes first is the database's choice; exactly one of each pair wins.
        expect([codes[2], codes[3]].sort()).toEqual(['already-voted', 'ok']);
        expect([codes[0], codes[4]].sort()).toEqual(['ok', 'tracker-taken']);
        expect(await s.turnout(id)).toBe(3);
        const stored = await s.ballots(id);
        expect(stored.length).toBe(3);
        expect(stored.filter((b) => b.tracker === 't0').length).toBe(1);
        expect(stored.filter((b) => b.tracker.startsWith('t1')).length).toBe(1);
        expect(stored).toContainEqual({ ranking: [], tracker: 't3' });
        // The loser of the tracker clash is not marked as having voted.
        expect([await s.hasVoted(id, voter(p, 0)), await s.hasVoted(id, voter(p, 2))].filter(Boolean).length).toBe(1);
      });

      it('answers casts still in flight when the store closes, and keeps them', async () => {
        const p = fresh();
        const s = await connect();
        const id = await ballotFor(s, p, 5);
        const cast = s.castBallot(id, voter(p, 0), { ranking: ['a'], tracker: 'closing' });
        await s.close();
        expect(await cast).toEqual(ok({ tracker: 'closing' }));
        const again = await connect();
        expect(await again.ballots(id)).toEqual([{ ranking: ['a'], tracker: 'closing' }]);
        expect(await again.hasVoted(id, voter(p, 0))).toBe(true);
      });

      it('refuses a ranking that is not a list of candidate ids, storing nothing', async () => {
        const p = fresh();
        const s = await connect();
        const id = await ballotFor(s, p, 5);
        await expect(s.castBallot(id, voter(p, 0), { ranking: [1, 2] as unknown as string[], tracker: 'x' })).rejects.toThrow(/ranking/);
        await expect(s.castBallot(id, voter(p, 0), { ranking: ['a'], tracker: '' })).rejects.toThrow(/tracker/);
        expect(await s.hasVoted(id, voter(p, 0))).toBe(false);
      });

      it('keeps each process its own voters and ballots', async () => {
        const p = fresh();
        const s = await connect();
        const one = await ballotFor(s, `${p}1-`, 3);
        const two = processId(`${p}two`);
        await newProcess(s, two);
        await s.freezeElectorate(two, [{ member: voter(`${p}1-`, 0), eligible: true, reason: 'a member' }]);
        expect((await s.castBallot(one, voter(`${p}1-`, 0), { ranking: ['a'], tracker: 't' })).ok).toBe(true);
        expect(await s.hasVoted(two, voter(`${p}1-`, 0))).toBe(false);
        expect((await s.castBallot(two, voter(`${p}1-`, 0), { ranking: ['b'], tracker: 't' })).ok).toBe(true);
        expect(await s.ballots(one)).toEqual([{ ranking: ['a'], tracker: 't' }]);
        expect(await s.ballots(two)).toEqual([{ ranking: ['b'], tracker: 't' }]);
        expect([await s.turnout(one), await s.turnout(two)]).toEqual([1, 1]);
      });

      it('lists ballots in an order unrelated to the order they were cast in, with nothing but ranking and tracker', async () => {
        const p = fresh();
        const s = await connect();
        const id = await ballotFor(s, p, 250);
        const cast: string[] = [];
        for (let i = 0; i < 250; i++) {
          if (i % 5 === 4) continue;
          expect((await s.castBallot(id, voter(p, i), ballot(i))).ok).toBe(true);
          cast.push(ballot(i).tracker);
        }
        const listed = await s.ballots(id);
        for (const b of listed) expect(Object.keys(b).sort()).toEqual(['ranking', 'tracker']);
        const order = listed.map((b) => b.tracker);
        expect([...order].sort()).toEqual([...cast].sort());
        // With 200 ballots under random keys, the chance of either of these by accident is 2 in 200!.
        expect(order).not.toEqual(cast);
        expect(order).not.toEqual([...cast].reverse());
        // Nor is it sorted by tracker (which here would also be the order of casting within each run of digits).
        expect(order).not.toEqual([...cast].sort());
        // Listing again gives the same order: it is the order of the stored keys, not a shuffle at reading.
        expect((await s.ballots(id)).map((b) => b.tracker)).toEqual(order);
      });

      it('fifty casts by one member at once, from two instances: exactly one is stored', async () => {
        const p = fresh();
        const [a, b] = await Promise.all([connect(), connect()]);
        const id = await ballotFor(a, p, 3);
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? a : b).castBallot(id, voter(p, 1), { ranking: [`c${i}`], tracker: `try-${i}` })),
        );
        expect(results.filter((r) => r.ok).length).toBe(1);
        expect(results.filter((r) => !r.ok && r.error.code === 'already-voted').length).toBe(49);
        const stored = await b.ballots(id);
        expect(stored.length).toBe(1);
        const winner = results.find((r) => r.ok);
        expect(winner?.ok && winner.value.tracker).toBe(stored[0].tracker);
        expect(await a.turnout(id)).toBe(1);
      });

      it('many members casting at once, from two instances: every ballot stored once, voters marked equal ballots stored', async () => {
        const p = fresh();
        const [a, b] = await Promise.all([connect(), connect()]);
        const id = await ballotFor(a, p, 200);
        // Every member tries twice, from both instances.
        const results = await Promise.all(
          Array.from({ length: 400 }, (_, k) => {
            const i = k % 200;
            return (k % 2 === 0 ? a : b).castBallot(id, voter(p, i), { ranking: [`c${i % 3}`], tracker: `m${i}-${k < 200 ? 'first' : 'second'}` });
          }),
        );
        const eligible = Array.from({ length: 200 }, (_, i) => i).filter((i) => i % 5 !== 4);
        expect(results.filter((r) => r.ok).length).toBe(eligible.length);
        expect(results.filter((r) => !r.ok && r.error.code === 'already-voted').length).toBe(eligible.length);
        expect(results.filter((r) => !r.ok && r.error.code === 'not-eligible').length).toBe(80);
        const stored = await a.ballots(id);
        expect(stored.length).toBe(eligible.length);
        expect(await b.turnout(id)).toBe(eligible.length);
        // One ballot per eligible member, each under the tracker its successful cast returned.
        const trackers = results.flatMap((r) => (r.ok ? [r.value.tracker] : []));
        expect(stored.map((x) => x.tracker).sort()).toEqual(trackers.sort());
        expect(new Set(stored.map((x) => x.tracker.split('-')[0])).size).toBe(eligible.length);
        for (const i of eligible) expect(await b.hasVoted(id, voter(p, i))).toBe(true);
      });
    });

    describe('ballot secrecy in the schema', () => {
      it('stores a cast ballot with no member, no time and no sequence: only the process, a random key, the ranking and the tracker', async () => {
        await connect();
        const columns = await catalog().columns('cast_ballots');
        expect(columns.map((c) => c.name).sort()).toEqual(['key', 'process', 'ranking', 'tracker']);
        expect(columns.filter((c) => c.counter)).toEqual([]);
        expect(await catalog().rowCounter('cast_ballots')).toBe(false);
      });

      it('stores an encrypted ballot with no member, no time and no sequence: only the process, a random key, the credential and the ballot', async () => {
        await connect();
        const columns = await catalog().columns('encrypted_ballots');
        expect(columns.map((c) => c.name).sort()).toEqual(['ballot', 'credential', 'key', 'process']);
        expect(columns.filter((c) => c.counter)).toEqual([]);
        expect(await catalog().rowCounter('encrypted_ballots')).toBe(false);
      });

      it('marks who has voted with nothing but the process, the member and the day (for the member to see): no instant, no sequence', async () => {
        await connect();
        const columns = await catalog().columns('voters_marked');
        expect(columns.map((c) => c.name).sort()).toEqual(['day', 'member', 'process']);
        expect(columns.filter((c) => c.counter)).toEqual([]);
        expect(await catalog().rowCounter('voters_marked')).toBe(false);
      });
    });
  });
}
