/**
 * What both adapters share: turning domain values into column values and back,
 * and checking that what a process change hands the store is JSON data.
 */
import type { MemberId, ProcessId, UnitId } from '../domain/ids.js';
import type { Incumbent, MemberLanguage, Member, MemberStatus, OfficeRole, StatusChange, Unit, UnitKind } from '../domain/organisation.js';
import { isProcessKind, type ProcessKind } from '../domain/processes/documents.js';
import type { ElectorateEntry, SignedIn, StoredProcess } from './store.js';
import type { IsoDate } from '../domain/time.js';

/** Members are read in pages of this many, so a national electorate is never held in memory at once. */
export const MEMBER_PAGE = 5_000;

/**
 * A status history as one column: `since:status;since:status…`, oldest first.
 * Dates and statuses never contain `:` or `;`.
 */
export function decodeHistory(text: string | null): StatusChange[] {
  if (text === null || text === '') return [];
  return text.split(';').map((entry) => {
    const colon = entry.indexOf(':');
    return { from: entry.slice(0, colon) as IsoDate, status: entry.slice(colon + 1) as MemberStatus };
  });
}

export interface MemberRow {
  readonly id: string;
  readonly name: string;
  readonly email: string | null;
  readonly branch: string;
  readonly joined: string;
  readonly gender: string | null;
  /** Migration 9: date of birth, membership class, self-identified characteristics (see selfIdentifiedText). */
  readonly born: string | null;
  readonly membership_class: string | null;
  readonly self_identified: string | null;
  /** Migration 13: the member's chosen language, null when never chosen. */
  readonly language: string | null;
  readonly history: string | null;
}

/** A session joined to its member, with the member's offices as JSON text ([[unit, role], …]). */
export interface SignedInRow extends MemberRow {
  readonly token_hash: string;
  readonly created_at: string;
  readonly expires_at: string;
  readonly offices: string;
}

export function signedInFromRow(row: SignedInRow): SignedIn {
  const member = memberFromRow(row);
  const offices = (JSON.parse(row.offices) as [string, string][]).map(([unit, role]) => ({
    unit: unit as UnitId,
    role: role as OfficeRole,
    member: member.id,
  }));
  return { session: { tokenHash: row.token_hash, member: member.id, createdAt: row.created_at, expiresAt: row.expires_at }, member, offices };
}

export function memberFromRow(row: MemberRow): Member {
  return {
    id: row.id as MemberId,
    name: row.name,
    email: row.email,
    branch: row.branch as UnitId,
    joined: row.joined as IsoDate,
    statusHistory: decodeHistory(row.history),
    gender: row.gender,
    // Left out when the record has none, so a member stored without them reads back as it was put.
    ...(row.born === null ? {} : { born: row.born as IsoDate }),
    ...(row.membership_class === null ? {} : { membershipClass: row.membership_class }),
    ...(row.self_identified === null ? {} : { selfIdentified: row.self_identified.split(',') }),
    ...(row.language === null ? {} : { language: row.language as MemberLanguage }),
  };
}

/** Self-identified characteristics as one column: sorted, without repeats, comma-separated; null for none. */
export function selfIdentifiedText(characteristics: readonly string[]): string | null {
  for (const c of characteristics) {
    if (c === '' || c.includes(',')) throw new TypeError(`a self-identified characteristic must be a word with no comma, got ${JSON.stringify(c)}`);
  }
  const list = [...new Set(characteristics)].sort();
  return list.length === 0 ? null : list.join(',');
}

/**
 * The columns of migration 9 as a put writes them. A field the member leaves out (undefined) is
 * not "none" but "not given": an import whose file has no such column keeps what is stored, so a
 * member's own declaration outlives the next import of a file that knows nothing of it.
 */
export function memberAttributeColumns(m: Member): {
  readonly born: string | null;
  readonly bornGiven: boolean;
  readonly membershipClass: string | null;
  readonly classGiven: boolean;
  readonly selfIdentified: string | null;
  readonly selfGiven: boolean;
  /** Migration 13: null when not given, which keeps what is stored. */
  readonly language: MemberLanguage | null;
} {
  return {
    born: m.born ?? null,
    bornGiven: m.born !== undefined,
    membershipClass: m.membershipClass ?? null,
    classGiven: m.membershipClass !== undefined,
    selfIdentified: m.selfIdentified === undefined ? null : selfIdentifiedText(m.selfIdentified),
    selfGiven: m.selfIdentified !== undefined,
    language: m.language ?? null,
  };
}

/** JSON text of a state or event; the store keeps only JSON data, so anything else is a bug in the caller. */
export function jsonText(value: unknown, what: string): string {
  const text = JSON.stringify(value);
  if (typeof text !== 'string') throw new TypeError(`a process ${what} must be JSON data, got ${typeof value}`);
  return text;
}

export function checkInstant(at: unknown): string {
  if (typeof at !== 'string' || at === '') throw new TypeError(`a process event needs its instant as an ISO string, got ${JSON.stringify(at)}`);
  return at;
}

/** The last entry for each id wins, as "inserts or replaces" promises. */
export function lastWins<T extends { readonly id: string }>(items: readonly T[]): readonly T[] {
  const index = new Map<string, number>();
  let duplicates = false;
  for (let i = 0; i < items.length; i++) {
    if (index.has(items[i].id)) duplicates = true;
    index.set(items[i].id, i);
  }
  if (!duplicates) return items;
  const out: T[] = [];
  for (let i = 0; i < items.length; i++) if (index.get(items[i].id) === i) out.push(items[i]);
  return out;
}

/**
 * An instant as the store keeps it: always `YYYY-MM-DDTHH:MM:SS.sssZ` (UTC),
 * the one form in which comparing the text compares the times. Sign-in and
 * session times are compared in SQL, so an instant written another way (an
 * offset, no milliseconds) is brought to that form rather than compared wrongly.
 */
export function instant(value: unknown, what: string): string {
  const time = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) throw new TypeError(`${what} must be an ISO instant, got ${JSON.stringify(value)}`);
  return new Date(time).toISOString();
}

/** JSON text of a cast ranking, which must be a list of candidate ids. */
export function rankingText(ranking: unknown): string {
  if (!Array.isArray(ranking) || !ranking.every((c) => typeof c === 'string')) {
    throw new TypeError(`a ballot's ranking must be a list of candidate ids, got ${JSON.stringify(ranking)}`);
  }
  return JSON.stringify(ranking);
}

/** A process's kind as stored; any other text is a row written behind the store's back. */
export function processKind(text: string): ProcessKind {
  if (!isProcessKind(text)) throw new Error(`the processes table holds a process of unknown kind "${text}"`);
  return text;
}

/** The columns a unit is read from, in both dialects. */
export const UNIT_ROW_COLUMNS = 'id, kind, name, parent, constituency, affiliated_membership, trade_union';

export interface StoredUnitRow {
  id: string;
  kind: string;
  name: string;
  parent: string | null;
  constituency: string | null;
  affiliated_membership: number | null;
  /** PostgreSQL reads a boolean; SQLite stores 0 or 1. */
  trade_union: boolean | number | null;
}

/** A unit's affiliation as columns, and whether it was given at all (an absent one keeps what is stored). */
export function unitAffiliationColumns(u: Unit): { membership: number | null; tradeUnion: boolean | null; given: boolean } {
  if (u.affiliation === undefined) return { membership: null, tradeUnion: null, given: false };
  return { membership: u.affiliation?.membership ?? null, tradeUnion: u.affiliation?.tradeUnion ?? null, given: true };
}

export const unitFromRow = (r: StoredUnitRow): Unit => ({
  id: r.id as UnitId,
  kind: r.kind as UnitKind,
  name: r.name,
  parent: r.parent as UnitId | null,
  constituency: r.constituency as UnitId | null,
  ...(r.affiliated_membership === null
    ? {}
    : { affiliation: { membership: Number(r.affiliated_membership), tradeUnion: r.trade_union === true || r.trade_union === 1 } }),
});

export interface IncumbentRow {
  constituency: string;
  name: string;
  member: string | null;
  gender: string | null;
  /** PostgreSQL reads a boolean column as a boolean; SQLite has none and stores 0 or 1. */
  suspended: boolean | number;
  parental_leave_ended: string | null;
}

export const incumbentFromRow = (r: IncumbentRow): Incumbent => ({
  constituency: r.constituency as UnitId,
  name: r.name,
  member: r.member as MemberId | null,
  gender: r.gender,
  suspended: r.suspended === true || r.suspended === 1,
  parentalLeaveEnded: r.parental_leave_ended as IsoDate | null,
});

/** A process's row; `S` is how the driver hands over the state column (PostgreSQL parses json, SQLite gives its text). */
export interface StoredProcessRow<S> {
  id: string;
  kind: string;
  constituency: string | null;
  rulebook: string;
  state: S;
  /** The schema version the state was written at (migration 8). */
  state_schema: number;
  version: number;
}

export const PROCESS_COLUMNS = 'id, kind, constituency, rulebook, state, state_schema, version';

/** The stored process of a row, with its state already parsed by the caller. */
export const processFromRow = (r: StoredProcessRow<unknown>, state: unknown): StoredProcess => ({
  id: r.id as ProcessId,
  kind: processKind(r.kind),
  constituency: r.constituency as UnitId | null,
  rulebook: r.rulebook,
  state,
  version: r.version,
});

/** A photo's bytes as both drivers bind a binary column: a Buffer over the same memory, not a copy. */
export const photoColumn = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** A row of electorates as either dialect returns it: SQLite keeps the flag as 0 or 1, PostgreSQL as a boolean. */
export interface ElectorateRow {
  readonly member: string;
  readonly eligible: number | boolean;
  readonly reason: string;
}
export const entryOf = (r: ElectorateRow): ElectorateEntry => ({
  member: r.member as MemberId,
  eligible: r.eligible === 1 || r.eligible === true,
  reason: r.reason,
});
