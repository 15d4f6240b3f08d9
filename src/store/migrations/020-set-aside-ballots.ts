/**
 * Migration 20 (a ballot voided and held again): the votes of a voided ballot are set aside, not
 * deleted, so the record of what was voided stays; and the live tables are left empty for the
 * ballot held again, in which every member of the electorate may vote afresh.
 *
 * `set_aside_boxes` says which rounds of a process's ballot were voided, with their counts.
 * `set_aside_ballots` and `set_aside_marks` hold the voided round's ballots and voter marks exactly
 * as the live tables held them (a ballot under its random key, with no member; a mark with no
 * ballot), so setting them aside makes no link between a voter and a ballot. A voided round's kept
 * count moves to `set_aside_counts`.
 *
 * A box is sealed once a round: the one-seal index now keys on the round the seal entry names (a
 * seal entry without one is of the first round, as every seal made before this migration is).
 */
import type { Migration } from './index.js';

const sqlite = [
  `CREATE TABLE set_aside_boxes (
    process TEXT NOT NULL,
    round INTEGER NOT NULL CHECK (round >= 1),
    voters INTEGER NOT NULL CHECK (voters >= 0),
    ballots INTEGER NOT NULL CHECK (ballots >= 0),
    set_aside_at TEXT NOT NULL,
    PRIMARY KEY (process, round)
  ) WITHOUT ROWID`,
  `CREATE TABLE set_aside_ballots (
    process TEXT NOT NULL,
    round INTEGER NOT NULL,
    key TEXT NOT NULL CHECK (length(key) = 32),
    ranking TEXT NOT NULL CHECK (json_valid(ranking)),
    tracker TEXT NOT NULL,
    PRIMARY KEY (process, round, key)
  ) WITHOUT ROWID`,
  `CREATE TABLE set_aside_marks (
    process TEXT NOT NULL,
    round INTEGER NOT NULL,
    member TEXT NOT NULL,
    day TEXT,
    channel TEXT CHECK (channel IN ('postal', 'in-person')),
    told TEXT CHECK (told IN ('mailed', 'shown')),
    PRIMARY KEY (process, round, member)
  ) WITHOUT ROWID`,
  `CREATE TABLE set_aside_counts (
    process TEXT NOT NULL,
    round INTEGER NOT NULL,
    record TEXT NOT NULL CHECK (json_valid(record)),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    counted_at TEXT NOT NULL,
    PRIMARY KEY (process, round)
  ) WITHOUT ROWID`,
  'DROP INDEX audit_log_one_seal',
  `CREATE UNIQUE INDEX audit_log_one_seal ON audit_log (json_extract(data, '$.process'), coalesce(json_extract(data, '$.round'), 1)) WHERE type = 'box.sealed'`,
];

const ID = 'text COLLATE "C"';
const postgres = [
  `CREATE TABLE set_aside_boxes (
    process ${ID} NOT NULL,
    round integer NOT NULL CHECK (round >= 1),
    voters integer NOT NULL CHECK (voters >= 0),
    ballots integer NOT NULL CHECK (ballots >= 0),
    set_aside_at text COLLATE "C" NOT NULL,
    PRIMARY KEY (process, round)
  )`,
  `CREATE TABLE set_aside_ballots (
    process ${ID} NOT NULL,
    round integer NOT NULL,
    key ${ID} NOT NULL CHECK (length(key) = 32),
    ranking json NOT NULL,
    tracker text NOT NULL,
    PRIMARY KEY (process, round, key)
  )`,
  `CREATE TABLE set_aside_marks (
    process ${ID} NOT NULL,
    round integer NOT NULL,
    member ${ID} NOT NULL,
    day text,
    channel text CHECK (channel IN ('postal', 'in-person')),
    told text CHECK (told IN ('mailed', 'shown')),
    PRIMARY KEY (process, round, member)
  )`,
  `CREATE TABLE set_aside_counts (
    process ${ID} NOT NULL,
    round integer NOT NULL,
    record text NOT NULL,
    sha256 text COLLATE "C" NOT NULL CHECK (length(sha256) = 64),
    counted_at text COLLATE "C" NOT NULL,
    PRIMARY KEY (process, round)
  )`,
  'DROP INDEX audit_log_one_seal',
  `CREATE UNIQUE INDEX audit_log_one_seal ON audit_log ((data ->> 'process'), coalesce(data ->> 'round', '1')) WHERE type = 'box.sealed'`,
];

export const migration020: Migration = { version: 20, name: 'set-aside ballots', sqlite, postgres };
