/** SQL pieces the PostgreSQL store's parts share. */

/** Rows per multi-row INSERT in bulk writes: large enough to amortise round trips, small enough to keep each message modest. */
export const BULK_BATCH = 5_000;

export function where(conditions: string[]): string {
  return conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
}
