/**
 * The grouped read behind turnout as it happens, shared by both adapters: the eligible electorate
 * of a process counted by place (constituency and region), and its voters by place, channel and day.
 * It is one query however large the electorate: the eligible members are counted by branch (one
 * walk of the electorate with a lookup of each member's branch), the voters likewise from the marks
 * of who voted, and only those few thousand branch rows are joined to their constituency and region.
 * Who has not voted is what is left of each place's electorate once its voters are taken away.
 *
 * Only the voter side is read (the electorate, the marks, the paper channels and the day of each
 * mark): nothing here touches a ballot, so no count it gives can join a voter to what they voted.
 */
import type { UnitId } from '../domain/ids.js';
import type { IsoDate } from '../domain/time.js';
import type { TurnoutGroup, VoteChannel } from './store.js';

/**
 * The grouped turnout query, written once for both stores. The process is bound in two places, so each
 * store passes its own two bind parameters (SQLite `?` and `?`, PostgreSQL `$1` and `$1`), and its own test
 * of an eligible entry (SQLite keeps a boolean as 1, PostgreSQL as true).
 */
export function turnoutGroupsSql(processParams: readonly [string, string], eligible: string): string {
  return `WITH by_branch AS (
    SELECT m.branch AS branch, 0 AS voted, NULL AS channel, NULL AS day, count(*) AS n
    FROM electorates e
    LEFT JOIN members m ON m.id = e.member
    WHERE e.process = ${processParams[0]} AND ${eligible}
    GROUP BY m.branch
    UNION ALL
    SELECT m.branch, 1, coalesce(o.channel, 'online'), v.day, count(*)
    FROM voters_marked v
    LEFT JOIN members m ON m.id = v.member
    LEFT JOIN offline_votes o ON o.process = v.process AND o.member = v.member
    WHERE v.process = ${processParams[1]}
    GROUP BY m.branch, coalesce(o.channel, 'online'), v.day
  )
  SELECT c.id AS constituency, c.name AS constituency_name, r.id AS region, r.name AS region_name,
    bb.voted AS voted, bb.channel AS channel, bb.day AS day, sum(bb.n) AS members
  FROM by_branch bb
  LEFT JOIN units b ON b.id = bb.branch
  LEFT JOIN units c ON c.kind = 'constituency' AND c.id = CASE WHEN b.kind = 'affiliated-branch' THEN b.constituency ELSE b.parent END
  LEFT JOIN units r ON r.kind = 'region' AND r.id = c.parent
  GROUP BY c.id, c.name, r.id, r.name, bb.voted, bb.channel, bb.day`;
}

/** A row of that query, as either driver returns it (PostgreSQL's sums come back as text). `voted` 0: the place's whole eligible electorate. */
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

/** The groups of the query's rows: each place's voters as they came, and its members who have not voted (those left), if any. */
export function turnoutGroupsOf(rows: readonly TurnoutGroupRow[]): TurnoutGroup[] {
  const place = (id: string | null, name: string | null) => (id === null ? null : { id: id as UnitId, name: name ?? id });
  const left = new Map<string, TurnoutGroup & { members: number }>();
  const out: TurnoutGroup[] = [];
  for (const row of rows) {
    const key = `${row.constituency ?? ''}\u0000${row.region ?? ''}`;
    const members = Number(row.members);
    const rest = left.get(key) ?? {
      constituency: place(row.constituency, row.constituency_name),
      region: place(row.region, row.region_name),
      vote: null,
      members: 0,
    };
    left.set(key, rest);
    if (Number(row.voted) === 0) {
      rest.members += members;
    } else {
      rest.members -= members;
      out.push({
        constituency: rest.constituency,
        region: rest.region,
        vote: { channel: (row.channel ?? 'online') as VoteChannel, day: row.day as IsoDate | null },
        members,
      });
    }
  }
  for (const rest of left.values()) if (rest.members > 0) out.push(rest);
  return out;
}
