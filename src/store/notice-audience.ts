/**
 * Who an electorate notice goes to, written once for both stores and for both the fan-out and the
 * count of how many a reminder would reach (reminderReach), so the two cannot drift: the process's
 * eligible members with an address, less (unless `everyone` holds) those marked as voted by any
 * channel. The clause starts at FROM, with the electorate as `e` and the member as `m`. Each store
 * passes its own bind parameter for the process, its own SQL for "the whole electorate" (true for an
 * invitation, false for a reminder) and its own test of an eligible entry (SQLite keeps a boolean as
 * 1, PostgreSQL as true).
 */
export function electorateAudienceSql(o: { readonly process: string; readonly everyone: string; readonly eligible: string }): string {
  return `FROM electorates e JOIN members m ON m.id = e.member
    WHERE e.process = ${o.process} AND ${o.eligible} AND m.email IS NOT NULL AND m.email <> ''
      AND (${o.everyone} OR NOT EXISTS (SELECT 1 FROM voters_marked v WHERE v.process = e.process AND v.member = e.member))`;
}
