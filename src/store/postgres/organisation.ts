/** Units, members, offices and incumbents in the PostgreSQL store. */
import type pg from 'pg';
import type { MemberId, UnitId } from '../../domain/ids.js';
import type { Incumbent, MemberLanguage, Member, Office, OfficeRole, Unit } from '../../domain/organisation.js';
import {
  lastWins,
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
import { findLimit, nameWordPatterns } from '../name-search.js';
import type { OrganisationSettingName, OrganisationStore, UnitFilter } from '../store.js';
import { BULK_BATCH, where } from './sql.js';
import { inTransaction } from './transaction.js';

// Dates are read through to_char so they come back as "YYYY-MM-DD" whatever
// the server's DateStyle; `pg` would otherwise turn them into local-time Dates.
/** A member's columns, with their status history as one (see decodeHistory): read by sign-in too. */
export const POSTGRES_MEMBER_COLUMNS = `m.id, m.name, m.email, m.branch, to_char(m.joined, 'YYYY-MM-DD') AS joined, m.gender,
  to_char(m.born, 'YYYY-MM-DD') AS born, m.membership_class, m.self_identified, m.language,
  (SELECT string_agg(to_char(s.since, 'YYYY-MM-DD') || ':' || s.status, ';' ORDER BY s.seq) FROM member_status s WHERE s.member = m.id) AS history`;
const INCUMBENT_COLUMNS = `constituency, name, member, gender, suspended, to_char(parental_leave_ended, 'YYYY-MM-DD') AS parental_leave_ended`;

export class PostgresOrganisation implements OrganisationStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  #write<T>(body: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    return inTransaction(this.#pool, async (c) => ({ commit: true, value: await body(c) }));
  }

  async putUnits(units: readonly Unit[]): Promise<void> {
    const all = lastWins(units);
    await this.#write(async (c) => {
      for (let i = 0; i < all.length; i += BULK_BATCH) {
        const batch = all
          .slice(i, i + BULK_BATCH)
          .map((u) => ({ id: u.id, kind: u.kind, name: u.name, parent: u.parent, constituency: u.constituency, ...unitAffiliationColumns(u) }));
        // An affiliation not given keeps what is stored (an import of units does not carry it).
        await c.query(
          `WITH r AS (
             SELECT * FROM json_to_recordset($1::json)
               AS r(id text, kind text, name text, parent text, constituency text, membership integer, "tradeUnion" boolean, given boolean))
           INSERT INTO units (id, kind, name, parent, constituency, affiliated_membership, trade_union)
           SELECT r.id, r.kind, r.name, r.parent, r.constituency, r.membership, r."tradeUnion" FROM r
           ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, parent = EXCLUDED.parent, constituency = EXCLUDED.constituency,
             affiliated_membership = CASE WHEN (SELECT r.given FROM r WHERE r.id = EXCLUDED.id) THEN EXCLUDED.affiliated_membership ELSE units.affiliated_membership END,
             trade_union = CASE WHEN (SELECT r.given FROM r WHERE r.id = EXCLUDED.id) THEN EXCLUDED.trade_union ELSE units.trade_union END`,
          [JSON.stringify(batch)],
        );
      }
    });
  }

  async getUnit(id: UnitId): Promise<Unit | null> {
    const { rows } = await this.#pool.query<StoredUnitRow>(`SELECT ${UNIT_ROW_COLUMNS} FROM units WHERE id = $1`, [id]);
    return rows.length === 0 ? null : unitFromRow(rows[0]);
  }

  async listUnits(filter: UnitFilter = {}): Promise<Unit[]> {
    const conditions: string[] = [];
    const params: string[] = [];
    if (filter.kind !== undefined) {
      params.push(filter.kind);
      conditions.push(`kind = $${params.length}`);
    }
    if (filter.parent !== undefined) {
      params.push(filter.parent);
      conditions.push(`parent = $${params.length}`);
    }
    if (filter.constituency !== undefined) {
      params.push(filter.constituency);
      conditions.push(`(constituency = $${params.length} OR (kind = 'branch' AND parent = $${params.length}))`);
    }
    const { rows } = await this.#pool.query<StoredUnitRow>(`SELECT ${UNIT_ROW_COLUMNS} FROM units${where(conditions)} ORDER BY id`, params);
    return rows.map(unitFromRow);
  }

  /**
   * Each batch is two statements: upsert the members (clearing the old status
   * histories of those that were already there), then insert the histories.
   * Rows travel as one JSON parameter per statement (json_to_recordset), far
   * faster than a bind parameter per value and with no limit on the number of rows.
   */
  async putMembers(members: readonly Member[]): Promise<void> {
    const all = lastWins(members);
    await this.#write(async (c) => {
      for (let i = 0; i < all.length; i += BULK_BATCH) {
        const batch = all.slice(i, i + BULK_BATCH);
        const rows = batch.map((m) => ({ m, a: memberAttributeColumns(m) }));
        // The attributes a member gives, for one already stored: set first, since the upsert's update below sees only the
        // table's columns, not whether a field was given. A new member is not there yet, and takes them from the insert.
        const given = rows.filter(({ a }) => a.bornGiven || a.classGiven || a.selfGiven);
        if (given.length > 0) {
          await c.query(
            `UPDATE members m SET born = CASE WHEN r.bg THEN r.b ELSE m.born END,
               membership_class = CASE WHEN r.cg THEN r.c ELSE m.membership_class END,
               self_identified = CASE WHEN r.sg THEN r.s ELSE m.self_identified END
             FROM json_to_recordset($1::json) AS r(id text, b date, bg boolean, c text, cg boolean, s text, sg boolean)
             WHERE m.id = r.id`,
            [
              JSON.stringify(
                given.map(({ m, a }) => ({
                  id: m.id,
                  b: a.born,
                  bg: a.bornGiven,
                  c: a.membershipClass,
                  cg: a.classGiven,
                  s: a.selfIdentified,
                  sg: a.selfGiven,
                })),
              ),
            ],
          );
        }
        // xmax is non-zero on a row the upsert updated rather than inserted.
        await c.query(
          `WITH upserted AS (
             INSERT INTO members (id, name, email, branch, joined, gender, born, membership_class, self_identified, language)
             SELECT r.id, r.name, r.email, r.branch, r.joined, r.gender, r.born, r.membership_class, r.self_identified, r.language
             FROM json_to_recordset($1::json)
               AS r(id text, name text, email text, branch text, joined date, gender text, born date, membership_class text, self_identified text, language text)
             ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, branch = EXCLUDED.branch, joined = EXCLUDED.joined, gender = EXCLUDED.gender,
               language = coalesce(EXCLUDED.language, members.language)
             RETURNING id, email, xmax <> 0 AS existed),
           unfailed AS (
             -- An address that is no longer the member's is no longer theirs to correct.
             DELETE FROM mail_failures f USING upserted u WHERE u.existed AND f.member = u.id AND f.address IS DISTINCT FROM u.email)
           DELETE FROM member_status WHERE member IN (SELECT id FROM upserted WHERE existed)`,
          [
            JSON.stringify(
              rows.map(({ m, a }) => ({
                id: m.id,
                name: m.name,
                email: m.email,
                branch: m.branch,
                joined: m.joined,
                gender: m.gender,
                born: a.born,
                membership_class: a.membershipClass,
                self_identified: a.selfIdentified,
                language: a.language,
              })),
            ),
          ],
        );
        const statuses: { m: string; n: number; d: string; s: string }[] = [];
        for (const m of batch)
          m.statusHistory.forEach((h, n) => {
            statuses.push({ m: m.id, n, d: h.from, s: h.status });
          });
        if (statuses.length > 0) {
          await c.query(
            `INSERT INTO member_status (member, seq, since, status)
             SELECT r.m, r.n, r.d, r.s FROM json_to_recordset($1::json) AS r(m text, n integer, d date, s text)`,
            [JSON.stringify(statuses)],
          );
        }
      }
      // After a large load the planner's statistics are stale until autovacuum
      // notices, and it may then scan every member to find one constituency's.
      if (all.length >= 10_000) await c.query('ANALYZE members, member_status');
    });
  }

  async setSelfIdentified(member: MemberId, characteristics: readonly string[]): Promise<boolean> {
    const { rowCount } = await this.#pool.query('UPDATE members SET self_identified = $1 WHERE id = $2', [selfIdentifiedText(characteristics), member]);
    return rowCount === 1;
  }

  async setMemberLanguage(member: MemberId, language: MemberLanguage): Promise<boolean> {
    const { rowCount } = await this.#pool.query('UPDATE members SET language = $1 WHERE id = $2', [language, member]);
    return rowCount === 1;
  }

  async getMember(id: MemberId): Promise<Member | null> {
    const { rows } = await this.#pool.query<MemberRow>(`SELECT ${POSTGRES_MEMBER_COLUMNS} FROM members m WHERE m.id = $1`, [id]);
    return rows.length === 0 ? null : memberFromRow(rows[0]);
  }

  async membersById(ids: readonly MemberId[]): Promise<Member[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.#pool.query<MemberRow>(`SELECT ${POSTGRES_MEMBER_COLUMNS} FROM members m WHERE m.id = ANY($1::text[]) ORDER BY m.id`, [
      [...ids],
    ]);
    return rows.map(memberFromRow);
  }

  /**
   * A page at a time (keyset on the id), so no connection is held while the
   * consumer works through a page. As in the SQLite adapter, a small part of
   * the party is found through the branch index, and a large part by walking
   * the members in id order, as sorting what is left on every page would make
   * a national walk quadratic (the `|| ''` keeps the planner off the branch
   * index). The statements are unnamed, so each is planned with its actual
   * branch list, which the planner can then hash.
   */
  async *membersOf(branches: readonly UnitId[]): AsyncIterable<Member> {
    if (branches.length === 0) return;
    const list = [...branches];
    const matching = Number((await this.#pool.query<{ n: string }>('SELECT count(*) AS n FROM members WHERE branch = ANY($1::text[])', [list])).rows[0].n);
    const byId = matching > MEMBER_PAGE && matching * 10 >= (await this.countMembers());
    const branchTest = byId ? `(m.branch || '') = ANY($1::text[])` : 'm.branch = ANY($1::text[])';
    const page = `SELECT ${POSTGRES_MEMBER_COLUMNS} FROM members m WHERE ${branchTest} AND m.id > $2 ORDER BY m.id LIMIT $3`;
    // Ids are never empty, so '' is before every one of them.
    let after = '';
    for (;;) {
      const { rows } = await this.#pool.query<MemberRow>(page, [list, after, MEMBER_PAGE]);
      for (const row of rows) yield memberFromRow(row);
      if (rows.length < MEMBER_PAGE) return;
      after = rows[rows.length - 1].id;
    }
  }

  async countMembers(): Promise<number> {
    const { rows } = await this.#pool.query<{ n: string }>('SELECT count(*) AS n FROM members');
    return Number(rows[0].n);
  }

  async putOffice(office: Office): Promise<void> {
    await this.#pool.query('INSERT INTO offices (unit, role, member) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [office.unit, office.role, office.member]);
  }

  async removeOffice(office: Office): Promise<void> {
    await this.#pool.query('DELETE FROM offices WHERE unit = $1 AND role = $2 AND member = $3', [office.unit, office.role, office.member]);
  }

  async listOffices(filter: { readonly unit?: UnitId; readonly member?: MemberId } = {}): Promise<Office[]> {
    const conditions: string[] = [];
    const params: string[] = [];
    if (filter.unit !== undefined) {
      params.push(filter.unit);
      conditions.push(`unit = $${params.length}`);
    }
    if (filter.member !== undefined) {
      params.push(filter.member);
      conditions.push(`member = $${params.length}`);
    }
    const { rows } = await this.#pool.query<{ unit: string; role: string; member: string }>(
      `SELECT unit, role, member FROM offices${where(conditions)} ORDER BY unit, role, member`,
      params,
    );
    return rows.map((r) => ({ unit: r.unit as UnitId, role: r.role as OfficeRole, member: r.member as MemberId }));
  }

  async putIncumbent(i: Incumbent): Promise<void> {
    await this.#pool.query(
      `INSERT INTO incumbents (constituency, name, member, gender, suspended, parental_leave_ended) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (constituency) DO UPDATE SET name = EXCLUDED.name, member = EXCLUDED.member, gender = EXCLUDED.gender,
         suspended = EXCLUDED.suspended, parental_leave_ended = EXCLUDED.parental_leave_ended`,
      [i.constituency, i.name, i.member, i.gender, i.suspended, i.parentalLeaveEnded],
    );
  }

  async getIncumbent(constituency: UnitId): Promise<Incumbent | null> {
    const { rows } = await this.#pool.query<IncumbentRow>(`SELECT ${INCUMBENT_COLUMNS} FROM incumbents WHERE constituency = $1`, [constituency]);
    return rows.length === 0 ? null : incumbentFromRow(rows[0]);
  }

  async listIncumbents(): Promise<Incumbent[]> {
    const { rows } = await this.#pool.query<IncumbentRow>(`SELECT ${INCUMBENT_COLUMNS} FROM incumbents ORDER BY constituency`);
    return rows.map(incumbentFromRow);
  }

  async findMembers(text: string, limit: number): Promise<Member[]> {
    const words = nameWordPatterns(text);
    if (words.length === 0) return [];
    const match = words.map((_, i) => `(' ' || lower(m.name)) LIKE $${i + 1}`).join(' AND ');
    const { rows } = await this.#pool.query<MemberRow>(
      `SELECT ${POSTGRES_MEMBER_COLUMNS} FROM members m WHERE ${match} ORDER BY lower(m.name) COLLATE "C", m.id LIMIT $${words.length + 1}`,
      [...words, findLimit(limit)],
    );
    return rows.map(memberFromRow);
  }

  async findUnits(text: string, limit: number): Promise<Unit[]> {
    const words = nameWordPatterns(text);
    if (words.length === 0) return [];
    const match = words.map((_, i) => `(' ' || lower(name)) LIKE $${i + 1}`).join(' AND ');
    const { rows } = await this.#pool.query<StoredUnitRow>(
      `SELECT ${UNIT_ROW_COLUMNS} FROM units WHERE ${match} ORDER BY lower(name) COLLATE "C", id LIMIT $${words.length + 1}`,
      [...words, findLimit(limit)],
    );
    return rows.map(unitFromRow);
  }

  async organisationSetting(name: OrganisationSettingName): Promise<string | null> {
    const { rows } = await this.#pool.query<{ value: string }>('SELECT value FROM organisation_settings WHERE name = $1', [name]);
    return rows.length === 0 ? null : rows[0].value;
  }

  async putOrganisationSetting(name: OrganisationSettingName, value: string): Promise<void> {
    await this.#pool.query('INSERT INTO organisation_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value', [
      name,
      value,
    ]);
  }
}
