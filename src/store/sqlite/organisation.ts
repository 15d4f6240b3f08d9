/** Units, members, offices and incumbents in the SQLite store. */
import type Database from 'better-sqlite3';
import type { MemberId, UnitId } from '../../domain/ids.js';
import type { Incumbent, MemberLanguage, Member, Office, OfficeRole, Unit } from '../../domain/organisation.js';
import {
  MEMBER_PAGE,
  memberAttributeColumns,
  memberFromRow,
  selfIdentifiedText,
  incumbentFromRow,
  unitFromRow,
  type IncumbentRow,
  type MemberRow,
  type StoredUnitRow,
  UNIT_ROW_COLUMNS,
  unitAffiliationColumns,
} from '../rows.js';
import type { StatementCache } from './statements.js';
import { findLimit, nameWordPatterns } from '../name-search.js';
import type { OrganisationSettingName, OrganisationStore, UnitFilter } from '../store.js';

/** A member's columns, with their status history as one (see decodeHistory): read by sign-in too. */
export const SQLITE_MEMBER_COLUMNS = `m.id, m.name, m.email, m.branch, m.joined, m.gender, m.born, m.membership_class, m.self_identified, m.language,
  (SELECT group_concat(s.since || ':' || s.status, ';' ORDER BY s.seq) FROM member_status s WHERE s.member = m.id) AS history`;

export class SqliteOrganisation implements OrganisationStore {
  readonly #db: Database.Database;
  readonly #statements: StatementCache;
  readonly #q;

  constructor(db: Database.Database, statements: StatementCache) {
    this.#db = db;
    this.#statements = statements;
    const p = (sql: string) => db.prepare(sql);
    this.#q = {
      // An affiliation not given keeps what is stored (an import of units does not carry it).
      putUnit: p(`INSERT INTO units (id, kind, name, parent, constituency, affiliated_membership, trade_union)
        VALUES (@id, @kind, @name, @parent, @constituency, @membership, @tradeUnion)
        ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, parent = excluded.parent, constituency = excluded.constituency,
          affiliated_membership = CASE WHEN @given THEN excluded.affiliated_membership ELSE units.affiliated_membership END,
          trade_union = CASE WHEN @given THEN excluded.trade_union ELSE units.trade_union END`),
      getUnit: p(`SELECT ${UNIT_ROW_COLUMNS} FROM units WHERE id = ?`),
      // An attribute not given keeps what is stored (see memberAttributeColumns).
      putMember: p(`INSERT INTO members (id, name, email, branch, joined, gender, born, membership_class, self_identified, language)
        VALUES (@id, @name, @email, @branch, @joined, @gender, @born, @membershipClass, @selfIdentified, @language)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, email = excluded.email, branch = excluded.branch, joined = excluded.joined, gender = excluded.gender,
          language = coalesce(excluded.language, members.language),
          born = CASE WHEN @bornGiven THEN excluded.born ELSE members.born END,
          membership_class = CASE WHEN @classGiven THEN excluded.membership_class ELSE members.membership_class END,
          self_identified = CASE WHEN @selfGiven THEN excluded.self_identified ELSE members.self_identified END`),
      setSelfIdentified: p('UPDATE members SET self_identified = ? WHERE id = ?'),
      setLanguage: p('UPDATE members SET language = ? WHERE id = ?'),
      // An address that is no longer the member's is no longer theirs to correct.
      clearFailure: p('DELETE FROM mail_failures WHERE member = ? AND address IS NOT ?'),
      clearStatus: p('DELETE FROM member_status WHERE member = ?'),
      putStatus: p('INSERT INTO member_status (member, seq, since, status) VALUES (?, ?, ?, ?)'),
      getMember: p(`SELECT ${SQLITE_MEMBER_COLUMNS} FROM members m WHERE m.id = ?`),
      membersById: p(`SELECT ${SQLITE_MEMBER_COLUMNS} FROM members m WHERE m.id IN (SELECT value FROM json_each(?)) ORDER BY m.id`),
      countIn: p('SELECT count(*) FROM members WHERE branch IN (SELECT value FROM json_each(?))').pluck(),
      // Two ways to read the same pages. Through the branch index: finds few
      // members fast, but each page sorts everything left after it. Along the
      // id (the unary + keeps SQLite off the branch index): reads every member
      // once over all pages, with no sort. See membersOf.
      pageByBranch: p(`SELECT ${SQLITE_MEMBER_COLUMNS} FROM members m WHERE m.branch IN (SELECT value FROM json_each(?)) AND m.id > ? ORDER BY m.id LIMIT ?`),
      pageById: p(`SELECT ${SQLITE_MEMBER_COLUMNS} FROM members m WHERE +m.branch IN (SELECT value FROM json_each(?)) AND m.id > ? ORDER BY m.id LIMIT ?`),
      countMembers: p('SELECT count(*) FROM members').pluck(),
      putOffice: p('INSERT INTO offices (unit, role, member) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
      removeOffice: p('DELETE FROM offices WHERE unit = ? AND role = ? AND member = ?'),
      putIncumbent: p(`INSERT INTO incumbents (constituency, name, member, gender, suspended, parental_leave_ended) VALUES (?, ?, ?, ?, ?, ?)
        ON CONFLICT (constituency) DO UPDATE SET name = excluded.name, member = excluded.member, gender = excluded.gender,
          suspended = excluded.suspended, parental_leave_ended = excluded.parental_leave_ended`),
      getIncumbent: p('SELECT * FROM incumbents WHERE constituency = ?'),
      listIncumbents: p('SELECT * FROM incumbents ORDER BY constituency'),
      getSetting: p('SELECT value FROM organisation_settings WHERE name = ?').pluck(),
      putSetting: p('INSERT INTO organisation_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value'),
    };
  }

  /** Runs `body` as one BEGIN IMMEDIATE transaction: all of it is written or, if it throws, none. */
  #write<T>(body: () => T): T {
    return this.#db.transaction(body).immediate();
  }

  async putUnits(units: readonly Unit[]): Promise<void> {
    this.#write(() => {
      for (const u of units) this.#q.putUnit.run(unitParams(u));
    });
  }

  async getUnit(id: UnitId): Promise<Unit | null> {
    const row = this.#q.getUnit.get(id) as StoredUnitRow | undefined;
    return row === undefined ? null : unitFromRow(row);
  }

  async listUnits(filter: UnitFilter = {}): Promise<Unit[]> {
    const where: string[] = [];
    const params: string[] = [];
    if (filter.kind !== undefined) {
      where.push('kind = ?');
      params.push(filter.kind);
    }
    if (filter.parent !== undefined) {
      where.push('parent = ?');
      params.push(filter.parent);
    }
    if (filter.constituency !== undefined) {
      where.push("(constituency = ? OR (kind = 'branch' AND parent = ?))");
      params.push(filter.constituency, filter.constituency);
    }
    const sql = `SELECT ${UNIT_ROW_COLUMNS} FROM units${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
    return (this.#statements.get(sql).all(...params) as StoredUnitRow[]).map(unitFromRow);
  }

  async putMembers(members: readonly Member[]): Promise<void> {
    const { putMember, clearStatus, putStatus, clearFailure } = this.#q;
    this.#write(() => {
      for (const m of members) {
        const a = memberAttributeColumns(m);
        putMember.run({
          id: m.id,
          name: m.name,
          email: m.email,
          branch: m.branch,
          joined: m.joined,
          gender: m.gender,
          born: a.born,
          membershipClass: a.membershipClass,
          selfIdentified: a.selfIdentified,
          bornGiven: a.bornGiven ? 1 : 0,
          classGiven: a.classGiven ? 1 : 0,
          selfGiven: a.selfGiven ? 1 : 0,
          language: a.language,
        });
        clearFailure.run(m.id, m.email);
        clearStatus.run(m.id);
        const history = m.statusHistory;
        for (let i = 0; i < history.length; i++) putStatus.run(m.id, i, history[i].from, history[i].status);
      }
    });
  }

  async setSelfIdentified(member: MemberId, characteristics: readonly string[]): Promise<boolean> {
    const text = selfIdentifiedText(characteristics);
    return this.#write(() => this.#q.setSelfIdentified.run(text, member).changes === 1);
  }

  async setMemberLanguage(member: MemberId, language: MemberLanguage): Promise<boolean> {
    return this.#write(() => this.#q.setLanguage.run(language, member).changes === 1);
  }

  async getMember(id: MemberId): Promise<Member | null> {
    const row = this.#q.getMember.get(id) as MemberRow | undefined;
    return row === undefined ? null : memberFromRow(row);
  }

  async membersById(ids: readonly MemberId[]): Promise<Member[]> {
    if (ids.length === 0) return [];
    return (this.#q.membersById.all(JSON.stringify(ids)) as MemberRow[]).map(memberFromRow);
  }

  /**
   * Read a page at a time (keyset on the id) rather than through one open
   * statement: the connection is then free between pages, so the consumer may
   * use the store while iterating (e.g. freezing an electorate from this very
   * stream).
   */
  async *membersOf(branches: readonly UnitId[]): AsyncIterable<Member> {
    if (branches.length === 0) return;
    const list = JSON.stringify(branches);
    // Members are found through their branches when they are a small part of
    // the party (a constituency), and by walking all members in id order when
    // they are a large part (a region, a national electorate), where sorting
    // what is left on every page would make the walk quadratic.
    const matching = this.#q.countIn.get(list) as number;
    const byId = matching > MEMBER_PAGE && matching * 10 >= (this.#q.countMembers.get() as number);
    const pages = byId ? this.#q.pageById : this.#q.pageByBranch;
    // Ids are never empty, so '' is before every one of them.
    let after = '';
    for (;;) {
      const rows = pages.all(list, after, MEMBER_PAGE) as MemberRow[];
      for (const row of rows) yield memberFromRow(row);
      if (rows.length < MEMBER_PAGE) return;
      after = rows[rows.length - 1].id;
    }
  }

  async countMembers(): Promise<number> {
    return this.#q.countMembers.get() as number;
  }

  async putOffice(office: Office): Promise<void> {
    this.#write(() => this.#q.putOffice.run(office.unit, office.role, office.member));
  }

  async removeOffice(office: Office): Promise<void> {
    this.#write(() => this.#q.removeOffice.run(office.unit, office.role, office.member));
  }

  async listOffices(filter: { readonly unit?: UnitId; readonly member?: MemberId } = {}): Promise<Office[]> {
    const where: string[] = [];
    const params: string[] = [];
    if (filter.unit !== undefined) {
      where.push('unit = ?');
      params.push(filter.unit);
    }
    if (filter.member !== undefined) {
      where.push('member = ?');
      params.push(filter.member);
    }
    const sql = `SELECT unit, role, member FROM offices${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY unit, role, member`;
    return (this.#statements.get(sql).all(...params) as { unit: string; role: string; member: string }[]).map((r) => ({
      unit: r.unit as UnitId,
      role: r.role as OfficeRole,
      member: r.member as MemberId,
    }));
  }

  async putIncumbent(i: Incumbent): Promise<void> {
    this.#write(() => this.#q.putIncumbent.run(i.constituency, i.name, i.member, i.gender, i.suspended ? 1 : 0, i.parentalLeaveEnded));
  }

  async getIncumbent(constituency: UnitId): Promise<Incumbent | null> {
    const row = this.#q.getIncumbent.get(constituency) as IncumbentRow | undefined;
    return row === undefined ? null : incumbentFromRow(row);
  }

  async listIncumbents(): Promise<Incumbent[]> {
    return (this.#q.listIncumbents.all() as IncumbentRow[]).map(incumbentFromRow);
  }

  async findMembers(text: string, limit: number): Promise<Member[]> {
    const words = nameWordPatterns(text);
    if (words.length === 0) return [];
    const match = words.map(() => "(' ' || lower(m.name)) LIKE ? ESCAPE '\\'").join(' AND ');
    const sql = `SELECT ${SQLITE_MEMBER_COLUMNS} FROM members m WHERE ${match} ORDER BY lower(m.name), m.id LIMIT ?`;
    return (this.#statements.get(sql).all(...words, findLimit(limit)) as MemberRow[]).map(memberFromRow);
  }

  async findUnits(text: string, limit: number): Promise<Unit[]> {
    const words = nameWordPatterns(text);
    if (words.length === 0) return [];
    const match = words.map(() => "(' ' || lower(name)) LIKE ? ESCAPE '\\'").join(' AND ');
    const sql = `SELECT ${UNIT_ROW_COLUMNS} FROM units WHERE ${match} ORDER BY lower(name), id LIMIT ?`;
    return (this.#statements.get(sql).all(...words, findLimit(limit)) as StoredUnitRow[]).map(unitFromRow);
  }

  async organisationSetting(name: OrganisationSettingName): Promise<string | null> {
    return (this.#q.getSetting.get(name) as string | undefined) ?? null;
  }

  async putOrganisationSetting(name: OrganisationSettingName, value: string): Promise<void> {
    this.#write(() => this.#q.putSetting.run(name, value));
  }
}

/** A unit's named parameters; SQLite has no boolean, so the flags are 0 or 1. */
function unitParams(u: Unit) {
  const a = unitAffiliationColumns(u);
  return {
    id: u.id,
    kind: u.kind,
    name: u.name,
    parent: u.parent,
    constituency: u.constituency,
    membership: a.membership,
    tradeUnion: a.tradeUnion === null ? null : Number(a.tradeUnion),
    given: Number(a.given),
  };
}
