/**
 * Migration 1: the organisation (units, members and their status history,
 * offices, incumbents), processes with their event history, and frozen
 * electorates.
 *
 * An electorate row says only whether a member may vote and why: nothing about
 * whether or how they voted may ever be stored beside it (ballot secrecy).
 */
import type { Migration } from './index.js';

const UNIT_KINDS = "'party', 'region', 'constituency', 'branch', 'affiliate', 'affiliated-branch'";
const STATUSES = "'current', 'arrears', 'lapsed', 'suspended'";
const ROLES = "'secretary', 'procedures-secretary', 'chair', 'national-officer', 'scrutineer'";
const PROCESS_KINDS = "'trigger-ballot', 'selection', 'internal-election'";

// Parents are not foreign keys: units and members are written in bulk in any
// order (an import may list a branch before its constituency), and the import
// checks every reference before anything is written. Nor are a status's member
// and an electorate entry's freeze: each is only ever written together with
// what it refers to, in the same transaction, and checking the reference row
// by row took a third of a bulk load's time and over half a freeze's.
const sqlite = [
  `CREATE TABLE units (
    id TEXT NOT NULL PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN (${UNIT_KINDS})),
    name TEXT NOT NULL,
    parent TEXT,
    constituency TEXT
  ) WITHOUT ROWID`,
  `CREATE INDEX units_by_parent ON units (parent)`,
  `CREATE INDEX units_by_constituency ON units (constituency)`,
  `CREATE TABLE members (
    id TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT,
    branch TEXT NOT NULL,
    joined TEXT NOT NULL CHECK (joined GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    gender TEXT
  ) WITHOUT ROWID`,
  `CREATE INDEX members_by_branch ON members (branch, id)`,
  `CREATE TABLE member_status (
    member TEXT NOT NULL,
    seq INTEGER NOT NULL,
    since TEXT NOT NULL CHECK (since GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    status TEXT NOT NULL CHECK (status IN (${STATUSES})),
    PRIMARY KEY (member, seq)
  ) WITHOUT ROWID`,
  `CREATE TABLE offices (
    unit TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN (${ROLES})),
    member TEXT NOT NULL,
    PRIMARY KEY (unit, role, member)
  ) WITHOUT ROWID`,
  `CREATE INDEX offices_by_member ON offices (member)`,
  `CREATE TABLE incumbents (
    constituency TEXT NOT NULL PRIMARY KEY,
    name TEXT NOT NULL,
    member TEXT,
    gender TEXT,
    suspended INTEGER NOT NULL CHECK (suspended IN (0, 1)),
    parental_leave_ended TEXT
  ) WITHOUT ROWID`,
  `CREATE TABLE processes (
    id TEXT NOT NULL PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN (${PROCESS_KINDS})),
    constituency TEXT,
    rulebook TEXT NOT NULL,
    state TEXT NOT NULL CHECK (json_valid(state)),
    version INTEGER NOT NULL CHECK (version >= 1)
  ) WITHOUT ROWID`,
  `CREATE INDEX processes_by_constituency ON processes (constituency)`,
  `CREATE TABLE process_events (
    process TEXT NOT NULL REFERENCES processes (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    event TEXT NOT NULL CHECK (json_valid(event)),
    at TEXT NOT NULL,
    PRIMARY KEY (process, version)
  ) WITHOUT ROWID`,
  `CREATE TABLE electorate_freezes (
    process TEXT NOT NULL PRIMARY KEY REFERENCES processes (id),
    total INTEGER NOT NULL,
    eligible INTEGER NOT NULL
  ) WITHOUT ROWID`,
  `CREATE TABLE electorates (
    process TEXT NOT NULL,
    member TEXT NOT NULL,
    eligible INTEGER NOT NULL CHECK (eligible IN (0, 1)),
    reason TEXT NOT NULL,
    PRIMARY KEY (process, member)
  ) WITHOUT ROWID`,
];

// Ids sort byte-wise ("C" collation) so both adapters list things in the same
// order whatever the server's locale. Dates are `date`; JSON is `json`, not
// `jsonb`, so a state or event reads back exactly as it was written.
const ID = 'text COLLATE "C"';
const postgres = [
  `CREATE TABLE units (
    id ${ID} NOT NULL PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN (${UNIT_KINDS})),
    name text NOT NULL,
    parent ${ID},
    constituency ${ID}
  )`,
  `CREATE INDEX units_by_parent ON units (parent)`,
  `CREATE INDEX units_by_constituency ON units (constituency)`,
  `CREATE TABLE members (
    id ${ID} NOT NULL PRIMARY KEY,
    name text NOT NULL,
    email text,
    branch ${ID} NOT NULL,
    joined date NOT NULL,
    gender text
  )`,
  `CREATE INDEX members_by_branch ON members (branch, id)`,
  `CREATE TABLE member_status (
    member ${ID} NOT NULL,
    seq integer NOT NULL,
    since date NOT NULL,
    status text NOT NULL CHECK (status IN (${STATUSES})),
    PRIMARY KEY (member, seq)
  )`,
  `CREATE TABLE offices (
    unit ${ID} NOT NULL,
    role text NOT NULL CHECK (role IN (${ROLES})),
    member ${ID} NOT NULL,
    PRIMARY KEY (unit, role, member)
  )`,
  `CREATE INDEX offices_by_member ON offices (member)`,
  `CREATE TABLE incumbents (
    constituency ${ID} NOT NULL PRIMARY KEY,
    name text NOT NULL,
    member ${ID},
    gender text,
    suspended boolean NOT NULL,
    parental_leave_ended date
  )`,
  `CREATE TABLE processes (
    id ${ID} NOT NULL PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN (${PROCESS_KINDS})),
    constituency ${ID},
    rulebook text NOT NULL,
    state json NOT NULL,
    version integer NOT NULL CHECK (version >= 1)
  )`,
  `CREATE INDEX processes_by_constituency ON processes (constituency)`,
  `CREATE TABLE process_events (
    process ${ID} NOT NULL REFERENCES processes (id),
    version integer NOT NULL CHECK (version >= 1),
    event json NOT NULL,
    at text NOT NULL,
    PRIMARY KEY (process, version)
  )`,
  `CREATE TABLE electorate_freezes (
    process ${ID} NOT NULL PRIMARY KEY REFERENCES processes (id),
    total integer NOT NULL,
    eligible integer NOT NULL
  )`,
  `CREATE TABLE electorates (
    process ${ID} NOT NULL,
    member ${ID} NOT NULL,
    eligible boolean NOT NULL,
    reason text NOT NULL,
    PRIMARY KEY (process, member)
  )`,
];

export const migration001: Migration = { version: 1, name: 'organisation and processes', sqlite, postgres };
