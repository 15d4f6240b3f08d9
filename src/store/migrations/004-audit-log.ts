/**
 * Migration 4: the audit log, an append-only hash chain of administrative
 * actions (see src/audit/chain.ts for the hash).
 *
 * Entries are numbered 1, 2, 3… (`seq`, the primary key: two appends can never
 * take the same place, so the chain cannot fork even if the lock taken to
 * append were somehow bypassed). Triggers refuse any UPDATE, DELETE (and, on
 * PostgreSQL, TRUNCATE), so no ordinary code path can change an entry. Whoever
 * owns the database can drop the triggers; the chain is what then shows the
 * change (`hustings audit verify`).
 *
 * Nothing about ballots is ever stored here: see src/audit/events.ts.
 */
import type { Migration } from './index.js';

const REFUSAL = 'the audit log is append-only: entries are never changed or removed';

const sqlite = [
  `CREATE TABLE audit_log (
    seq INTEGER NOT NULL PRIMARY KEY CHECK (seq >= 1),
    prev TEXT NOT NULL CHECK (length(prev) = 64),
    actor TEXT NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL CHECK (json_valid(data)),
    at TEXT NOT NULL,
    hash TEXT NOT NULL CHECK (length(hash) = 64)
  )`,
  `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, '${REFUSAL}'); END`,
  `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, '${REFUSAL}'); END`,
];

// `json`, not `jsonb`: the data reads back as written. The function is created
// in the schema the store works in (the first on its search path).
const postgres = [
  `CREATE TABLE audit_log (
    seq bigint NOT NULL PRIMARY KEY CHECK (seq >= 1),
    prev text COLLATE "C" NOT NULL CHECK (length(prev) = 64),
    actor text NOT NULL,
    type text COLLATE "C" NOT NULL,
    data json NOT NULL,
    at text COLLATE "C" NOT NULL,
    hash text COLLATE "C" NOT NULL CHECK (length(hash) = 64)
  )`,
  `CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION '${REFUSAL}';
  END
  $$`,
  `CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()`,
  `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()`,
];

export const migration004: Migration = { version: 4, name: 'audit log', sqlite, postgres };
