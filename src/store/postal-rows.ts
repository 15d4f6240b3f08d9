/** Rows of the statutory postal ballot's tables, as both adapters read them. */
import type { MemberId, ProcessId } from '../domain/ids.js';
import type { PostalFigures, PostalPaper, ReturnKind } from '../domain/postal-ballot.js';
import type { IsoDate } from '../domain/time.js';
import type { LoggedReturn, PostalBallotRecord, PostalComplaint, RegisterLine } from './store.js';

export interface PostalBallotRow {
  readonly process: string;
  readonly scrutineer: string;
  readonly return_address: string;
  readonly last_day: string;
  readonly issued_at: string;
  readonly complaints: string | readonly PostalComplaint[];
  readonly counted_at: string | null;
  readonly destroyed_at: string | null;
  readonly valid: number | null;
  readonly invalid: number | null;
}

/** The figures' counts as one query gives them (each a number or, from PostgreSQL, a numeric string). */
export interface PostalCounts {
  readonly issued: number | string;
  readonly void_papers: number | string;
  readonly returned: number | string;
  readonly received: number | string;
  readonly late: number | string;
  readonly duplicate: number | string;
  readonly void_returned: number | string;
  readonly valid_marks: number | string;
  readonly invalid_marks: number | string;
}

/**
 * The one query of a ballot's figures (`$1` its process), for both dialects: papers, returns by
 * kind, and the marks entered so far (the kept figures replace these once the marks are counted).
 */
export const POSTAL_COUNTS_SQL = (p: string, yes: string): string => `SELECT
  (SELECT count(*) FROM postal_papers WHERE process = ${p}) AS issued,
  (SELECT count(*) FROM postal_papers WHERE process = ${p} AND state = 'void') AS void_papers,
  (SELECT count(*) FROM postal_returns WHERE process = ${p}) AS returned,
  (SELECT count(*) FROM postal_returns WHERE process = ${p} AND kind = 'received') AS received,
  (SELECT count(*) FROM postal_returns WHERE process = ${p} AND kind = 'late') AS late,
  (SELECT count(*) FROM postal_returns WHERE process = ${p} AND kind = 'duplicate') AS duplicate,
  (SELECT count(*) FROM postal_returns WHERE process = ${p} AND kind = 'void') AS void_returned,
  (SELECT count(*) FROM postal_marks WHERE process = ${p} AND valid = ${yes}) AS valid_marks,
  (SELECT count(*) FROM postal_marks WHERE process = ${p} AND valid <> ${yes}) AS invalid_marks`;

export function postalBallotFromRow(row: PostalBallotRow, counts: PostalCounts): PostalBallotRecord {
  const n = (v: number | string) => Number(v);
  const issued = n(counts.issued);
  const spoilt = n(counts.void_papers);
  const figures: PostalFigures = {
    issued,
    spoilt,
    returned: n(counts.returned),
    received: n(counts.received),
    late: n(counts.late),
    duplicate: n(counts.duplicate),
    voidReturned: n(counts.void_returned),
    valid: row.valid ?? n(counts.valid_marks),
    invalid: row.invalid ?? n(counts.invalid_marks),
    register: issued - spoilt,
  };
  return {
    process: row.process as ProcessId,
    scrutineer: row.scrutineer,
    returnAddress: row.return_address,
    lastDay: row.last_day as IsoDate,
    issuedAt: row.issued_at,
    complaints: typeof row.complaints === 'string' ? (JSON.parse(row.complaints) as PostalComplaint[]) : row.complaints,
    countedAt: row.counted_at,
    destroyedAt: row.destroyed_at,
    figures,
  };
}

export interface PaperRow {
  readonly number: number;
  readonly member: string | null;
  readonly state: PostalPaper['state'];
  readonly replaced_by: number | null;
}

export const paperFromRow = (r: PaperRow): PostalPaper => ({ number: r.number, state: r.state, replacedBy: r.replaced_by });

export const registerLineFromRow = (r: PaperRow): RegisterLine => ({
  number: r.number,
  member: (r.member ?? '') as MemberId,
  state: r.state,
  replacedBy: r.replaced_by,
});

export interface ReturnRow {
  readonly seq: number;
  readonly number: number;
  readonly kind: ReturnKind;
  readonly received_on: string;
  readonly recorded_at: string;
}

export const returnFromRow = (r: ReturnRow): LoggedReturn => ({
  seq: r.seq,
  number: r.number,
  kind: r.kind,
  receivedOn: r.received_on as IsoDate,
  recordedAt: r.recorded_at,
});

/** Identical rankings merged in a canonical order (by their JSON), so neither entry order nor number survives. */
export function mergeRankings(
  rows: readonly { readonly ranking: string; readonly papers: number | string }[],
): { ranking: readonly string[]; count: number }[] {
  const byKey = new Map<string, number>();
  for (const r of rows) byKey.set(r.ranking, (byKey.get(r.ranking) ?? 0) + Number(r.papers));
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, count]) => ({ ranking: JSON.parse(k) as string[], count }));
}
