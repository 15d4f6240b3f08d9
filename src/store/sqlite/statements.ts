/**
 * Prepared statements for SQL that is put together per call (a listing with
 * optional filters). Preparing is a parse and a plan; a listing asked for on
 * every request would pay it every time. The texts come only from the
 * adapter's own fixed fragments (values are always bound), so there are few
 * distinct ones; the cache is still bounded so no caller can grow it without
 * limit. A statement belongs to its connection, so each store keeps its own.
 */
import type Database from 'better-sqlite3';

/** More than the adapters can build (each listing has a handful of filter combinations). */
const MAX_STATEMENTS = 64;

export class StatementCache {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  get(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (s === undefined) {
      s = this.db.prepare(sql);
      if (this.statements.size >= MAX_STATEMENTS) this.statements.delete(this.statements.keys().next().value!);
      this.statements.set(sql, s);
    }
    return s;
  }
}
