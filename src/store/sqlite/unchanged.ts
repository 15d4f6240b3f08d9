/**
 * Reads the SQLite store may answer again without going back to the file,
 * for as long as nothing that could change them has been written.
 *
 * Every signed-in request reads its session (with its member and offices) and
 * most read a process; over a ballot's busiest hour those reads are the same
 * few thousand rows again and again. A read is kept under a stamp of the file's
 * state and served while the stamp is unchanged. The stamp has two parts:
 *   - PRAGMA data_version, which moves whenever another connection (the
 *     command line, a second server) commits to the file;
 *   - this connection's own changes (total_changes()), less those made by
 *     casting ballots, which touch neither sessions, members, offices nor
 *     processes, and which would otherwise clear everything many times a second.
 * Any other write, by any path, moves the stamp, so nothing is ever served
 * from before it.
 */
import type Database from 'better-sqlite3';

export class Unchanged {
  private readonly dataVersion;
  private readonly totalChanges;
  /** Rows changed by casting ballots, which do not count as a change here. */
  private castChanges = 0;

  constructor(db: Database.Database) {
    this.dataVersion = db.prepare('PRAGMA data_version').pluck();
    this.totalChanges = db.prepare('SELECT total_changes()').pluck();
  }

  /** The state of the file as far as the kept reads are concerned. */
  stamp(): string {
    return `${this.dataVersion.get() as number}:${(this.totalChanges.get() as number) - this.castChanges}`;
  }

  /** Runs `cast`, a write of cast ballots only, without moving the stamp. */
  casting<T>(cast: () => T): T {
    const before = this.totalChanges.get() as number;
    try {
      return cast();
    } finally {
      this.castChanges += (this.totalChanges.get() as number) - before;
    }
  }
}

/** Values kept by key under a stamp; at most `limit` of them, the oldest forgotten first. */
export class KeptReads<V> {
  private readonly kept = new Map<string, { readonly stamp: string; readonly value: V }>();

  constructor(private readonly limit: number) {}

  /** The value kept for `key` under `stamp`, or the one `read` gives (then kept). */
  get(key: string, stamp: string, read: () => V): V {
    const hit = this.kept.get(key);
    if (hit !== undefined && hit.stamp === stamp) return hit.value;
    const value = read();
    if (hit !== undefined) this.kept.delete(key);
    else if (this.kept.size >= this.limit) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(key, { stamp, value });
    return value;
  }
}
