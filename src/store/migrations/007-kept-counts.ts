/**
 * Migration 7: kept count records, and finding a process's audit entries.
 *
 * `count_records` keeps the full record of a process's count, made once when
 * the count is recorded (in the same transaction as the step), as canonical
 * JSON with its SHA-256. The results, their downloads and the bulletin board
 * serve this copy instead of counting again; the audit log's `count.recorded`
 * entry carries the same digest, so a record changed in this table afterwards
 * shows (the page then says the kept result does not match the audit log).
 *
 * The index finds a process's seal and count entries in the audit log without
 * reading the whole log. A box is sealed once: a second `box.sealed` entry for
 * the same process (two servers sealing at the same moment) is refused by a
 * unique index, so the log never holds two seals with two different seeds.
 */
import type { Migration } from './index.js';

const sqlite = [
  `CREATE TABLE count_records (
    process TEXT NOT NULL PRIMARY KEY REFERENCES processes (id),
    record TEXT NOT NULL CHECK (json_valid(record)),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    counted_at TEXT NOT NULL
  ) WITHOUT ROWID`,
  `CREATE INDEX audit_log_by_process ON audit_log (json_extract(data, '$.process'), type)`,
  `CREATE UNIQUE INDEX audit_log_one_seal ON audit_log (json_extract(data, '$.process')) WHERE type = 'box.sealed'`,
];

const ID = 'text COLLATE "C"';
// `text`, not `json`: the record reads back byte for byte as written, so its digest can be checked.
const postgres = [
  `CREATE TABLE count_records (
    process ${ID} NOT NULL PRIMARY KEY REFERENCES processes (id),
    record text NOT NULL,
    sha256 text COLLATE "C" NOT NULL CHECK (length(sha256) = 64),
    counted_at text COLLATE "C" NOT NULL
  )`,
  `CREATE INDEX audit_log_by_process ON audit_log ((data ->> 'process'), type)`,
  `CREATE UNIQUE INDEX audit_log_one_seal ON audit_log ((data ->> 'process')) WHERE type = 'box.sealed'`,
];

export const migration007: Migration = { version: 7, name: 'kept count records', sqlite, postgres };
