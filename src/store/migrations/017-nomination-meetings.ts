/**
 * Migration 17 (nomination meetings): a constituency party's all-member nomination meeting is a
 * process of its own kind, "nomination-meeting", so the processes table's check of a process's kind
 * admits it. PostgreSQL replaces the check; SQLite cannot change a table's check, so the table is
 * rebuilt with the same columns and rows (SQLite's documented way: the runner turns foreign-key
 * enforcement off while migrating and checks every reference before the migrations commit).
 */
import type { Migration } from './index.js';

const PROCESS_KINDS = "'trigger-ballot', 'selection', 'internal-election', 'nomination-meeting'";

const sqlite = [
  `CREATE TABLE processes_017 (
    id TEXT NOT NULL PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN (${PROCESS_KINDS})),
    constituency TEXT,
    rulebook TEXT NOT NULL,
    state TEXT NOT NULL CHECK (json_valid(state)),
    version INTEGER NOT NULL CHECK (version >= 1),
    state_schema INTEGER NOT NULL DEFAULT 1 CHECK (state_schema >= 1)
  ) WITHOUT ROWID`,
  'INSERT INTO processes_017 (id, kind, constituency, rulebook, state, version, state_schema) SELECT id, kind, constituency, rulebook, state, version, state_schema FROM processes',
  'DROP TABLE processes',
  'ALTER TABLE processes_017 RENAME TO processes',
  'CREATE INDEX processes_by_constituency ON processes (constituency)',
];

const postgres = [
  'ALTER TABLE processes DROP CONSTRAINT processes_kind_check',
  `ALTER TABLE processes ADD CONSTRAINT processes_kind_check CHECK (kind IN (${PROCESS_KINDS}))`,
];

export const migration017: Migration = { version: 17, name: 'nomination-meetings', sqlite, postgres };
