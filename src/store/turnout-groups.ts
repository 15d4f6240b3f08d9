/**
 * The grouped read behind turnout as it happens, shared by both adapters: the eligible electorate
 * of a process counted by place (constituency and region), and by whether, how and on which day each
 * member voted. It is one query over the electorate, however large: the members are first counted
 * by branch (one index walk of the electorate with a lookup of each member's branch), and only those
 * few thousand branch rows are joined to their constituency and region.
 *
 * Only the voter side is read (the marks, the paper channels and the day of each mark): nothing here
 * touches a ballot, so no count it gives can join a voter to what they voted.
 */
import type { UnitId } from '../domain/ids.js';
import type { IsoDate } from '../domain/time.js';
import type { TurnoutGroup, VoteChannel } from './store.js';

/** The query in a dialect: how the process is bound, and how an eligible entry is tested. */
export function turnoutGroupsSql(processParam: string, eligible: string): string {
  return `WITH by_branch AS (
    SELECT m.branch AS branch,
      CASE WHEN v.member IS NULL THEN 0 ELSE 1 END AS voted,
      CASE WHEN v.member IS NULL THEN NULL ELSE coalesce(o.channel, 'online') END AS channel,
      v.day AS day,
      count(*) AS n
    FROM electorates e
    LEFT JOIN members m ON m.id = e.member
    LEFT JOIN voters_marked v ON v.process = e.process AND v.member = e.member
    LEFT JOIN offline_votes o ON o.process = e.process AND o.member = e.member
    WHERE e.process = ${processParam} AND ${eligible}
    GROUP BY m.branch, CASE WHEN v.member IS NULL THEN 0 ELSE 1 END, CASE WHEN v.member IS NULL THEN NULL ELSE coalesce(o.channel, 'online') END, v.day
  )
  SELECT c.id AS constituency, c.name AS constituency_name, r.id AS region, r.name AS region_name,
    bb.voted AS voted, bb.channel AS channel, bb.day AS day, sum(bb.n) AS members
  FROM by_branch bb
  LEFT JOIN units b ON b.id = bb.branch
  LEFT JOIN units c ON c.kind = 'constituency' AND c.id = CASE WHEN b.kind = 'affiliated-branch' THEN b.constituency ELSE b.parent END
  LEFT JOIN units r ON r.kind = 'region' AND r.id = c.parent
  GROUP BY c.id, c.name, r.id, r.name, bb.voted, bb.channel, bb.day
  ORDER BY c.id, bb.voted, bb.channel, bb.day`;
}

/** A row of that query, as either driver returns it (PostgreSQL's sums come back as text). */
export interface TurnoutGroupRow {
  readonly constituency: string | null;
  readonly constituency_name: string | null;
  readonly region: string | null;
  readonly region_name: string | null;
  readonly voted: number | string;
  readonly channel: string | null;
  readonly day: string | null;
  readonly members: number | string;
}

export function turnoutGroupOf(row: TurnoutGroupRow): TurnoutGroup {
  const place = (id: string | null, name: string | null) => (id === null ? null : { id: id as UnitId, name: name ?? id });
  return {
    constituency: place(row.constituency, row.constituency_name),
    region: place(row.region, row.region_name),
    vote: Number(row.voted) === 1 ? { channel: (row.channel ?? 'online') as VoteChannel, day: row.day as IsoDate | null } : null,
    members: Number(row.members),
  };
}
