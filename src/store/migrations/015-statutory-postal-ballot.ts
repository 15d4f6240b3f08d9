/**
 * Migration 15 (issue 14): a union's statutory postal ballot.
 *
 * `postal_ballots`: one row per ballot, its setup (the scrutineer named on the papers, the return
 * address, the last day for return), complaints (JSON list), and when it was counted and destroyed;
 * `valid` and `invalid` are the papers' figures, fixed when the marks are taken from their numbers.
 *
 * `postal_papers`: one row per numbered paper. `member` is the register↔number link, which only the
 * scrutineer reads; it is set to null when the records are destroyed. A void paper names the number
 * that replaced it.
 *
 * `postal_returns`: the returns log, by number alone, in the order the papers were logged.
 *
 * `postal_marks`: a returned paper's marks by number, until the count; then `postal_counted` holds
 * them merged (a ranking and how many papers carry it), with no number and no order.
 */
import type { Migration } from './index.js';

const KINDS = "'received', 'late', 'duplicate', 'void'";

const sqlite = [
  `CREATE TABLE postal_ballots (
    process TEXT NOT NULL PRIMARY KEY,
    scrutineer TEXT NOT NULL,
    return_address TEXT NOT NULL,
    last_day TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    complaints TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(complaints)),
    counted_at TEXT,
    destroyed_at TEXT,
    valid INTEGER,
    invalid INTEGER
  ) WITHOUT ROWID`,
  `CREATE TABLE postal_papers (
    process TEXT NOT NULL,
    number INTEGER NOT NULL CHECK (number >= 1),
    member TEXT,
    state TEXT NOT NULL CHECK (state IN ('issued', 'void')),
    replaced_by INTEGER,
    PRIMARY KEY (process, number)
  ) WITHOUT ROWID`,
  `CREATE TABLE postal_returns (
    process TEXT NOT NULL,
    seq INTEGER NOT NULL,
    number INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN (${KINDS})),
    received_on TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (process, seq)
  ) WITHOUT ROWID`,
  'CREATE INDEX postal_returns_by_number ON postal_returns (process, number)',
  `CREATE TABLE postal_marks (
    process TEXT NOT NULL,
    number INTEGER NOT NULL,
    valid INTEGER NOT NULL CHECK (valid IN (0, 1)),
    ranking TEXT NOT NULL CHECK (json_valid(ranking)),
    PRIMARY KEY (process, number)
  ) WITHOUT ROWID`,
  `CREATE TABLE postal_counted (
    process TEXT NOT NULL,
    ranking TEXT NOT NULL CHECK (json_valid(ranking)),
    papers INTEGER NOT NULL,
    PRIMARY KEY (process, ranking)
  ) WITHOUT ROWID`,
];

const postgres = [
  `CREATE TABLE postal_ballots (
    process text COLLATE "C" NOT NULL PRIMARY KEY,
    scrutineer text NOT NULL,
    return_address text NOT NULL,
    last_day text NOT NULL,
    issued_at text NOT NULL,
    complaints jsonb NOT NULL DEFAULT '[]',
    counted_at text,
    destroyed_at text,
    valid integer,
    invalid integer
  )`,
  `CREATE TABLE postal_papers (
    process text COLLATE "C" NOT NULL,
    number integer NOT NULL CHECK (number >= 1),
    member text COLLATE "C",
    state text NOT NULL CHECK (state IN ('issued', 'void')),
    replaced_by integer,
    PRIMARY KEY (process, number)
  )`,
  `CREATE TABLE postal_returns (
    process text COLLATE "C" NOT NULL,
    seq integer NOT NULL,
    number integer NOT NULL,
    kind text NOT NULL CHECK (kind IN (${KINDS})),
    received_on text NOT NULL,
    recorded_at text NOT NULL,
    PRIMARY KEY (process, seq)
  )`,
  'CREATE INDEX postal_returns_by_number ON postal_returns (process, number)',
  `CREATE TABLE postal_marks (
    process text COLLATE "C" NOT NULL,
    number integer NOT NULL,
    valid boolean NOT NULL,
    ranking text NOT NULL,
    PRIMARY KEY (process, number)
  )`,
  `CREATE TABLE postal_counted (
    process text COLLATE "C" NOT NULL,
    ranking text NOT NULL,
    papers integer NOT NULL,
    PRIMARY KEY (process, ranking)
  )`,
];

export const migration015: Migration = { version: 15, name: 'statutory postal ballot', sqlite, postgres };
