/**
 * Migration 2: sign-in (one-time codes, attempts for rate limiting, sessions)
 * and casting ballots.
 *
 * Ballot secrecy is in the shape of the tables. Who has voted (voters_marked)
 * and what was cast (cast_ballots) are kept apart, and a cast ballot has no
 * member, no time and no sequence: it is keyed by a random key drawn at
 * casting, so reading ballots in key order (or in the order the table stores
 * them) says nothing about who cast them or when. In SQLite the table has no
 * rowid (a rowid counts up, so it would record the casting order).
 *
 * Instants are ISO strings in one fixed form (see `instant` in rows.ts), so
 * comparing them as text (byte-wise: COLLATE "C" in PostgreSQL) compares the
 * times.
 */
import type { Migration } from './index.js';

const sqlite = [
  `CREATE INDEX members_by_email ON members (lower(email))`,
  `CREATE TABLE login_codes (
    member TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used INTEGER NOT NULL CHECK (used IN (0, 1)),
    PRIMARY KEY (member, code_hash)
  ) WITHOUT ROWID`,
  `CREATE TABLE login_attempts (
    key TEXT NOT NULL,
    at TEXT NOT NULL
  )`,
  `CREATE INDEX login_attempts_by_key ON login_attempts (key, at)`,
  `CREATE INDEX login_attempts_by_time ON login_attempts (at)`,
  `CREATE TABLE sessions (
    token_hash TEXT NOT NULL PRIMARY KEY,
    member TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
  ) WITHOUT ROWID`,
  `CREATE INDEX sessions_by_member ON sessions (member)`,
  `CREATE TABLE voters_marked (
    process TEXT NOT NULL,
    member TEXT NOT NULL,
    PRIMARY KEY (process, member)
  ) WITHOUT ROWID`,
  `CREATE TABLE cast_ballots (
    process TEXT NOT NULL,
    key TEXT NOT NULL CHECK (length(key) = 32),
    ranking TEXT NOT NULL CHECK (json_valid(ranking)),
    tracker TEXT NOT NULL,
    PRIMARY KEY (process, key),
    UNIQUE (process, tracker)
  ) WITHOUT ROWID`,
];

const ID = 'text COLLATE "C"';
const INSTANT = 'text COLLATE "C"';
const postgres = [
  `CREATE INDEX members_by_email ON members (lower(email))`,
  `CREATE TABLE login_codes (
    member ${ID} NOT NULL,
    code_hash text NOT NULL,
    expires_at ${INSTANT} NOT NULL,
    used boolean NOT NULL,
    PRIMARY KEY (member, code_hash)
  )`,
  `CREATE TABLE login_attempts (
    key text NOT NULL,
    at ${INSTANT} NOT NULL
  )`,
  `CREATE INDEX login_attempts_by_key ON login_attempts (key, at)`,
  `CREATE INDEX login_attempts_by_time ON login_attempts (at)`,
  `CREATE TABLE sessions (
    token_hash text NOT NULL PRIMARY KEY,
    member ${ID} NOT NULL,
    created_at ${INSTANT} NOT NULL,
    expires_at ${INSTANT} NOT NULL
  )`,
  `CREATE INDEX sessions_by_member ON sessions (member)`,
  `CREATE TABLE voters_marked (
    process ${ID} NOT NULL,
    member ${ID} NOT NULL,
    PRIMARY KEY (process, member)
  )`,
  `CREATE TABLE cast_ballots (
    process ${ID} NOT NULL,
    key ${ID} NOT NULL CHECK (length(key) = 32),
    ranking json NOT NULL,
    tracker text NOT NULL,
    PRIMARY KEY (process, key),
    UNIQUE (process, tracker)
  )`,
];

export const migration002: Migration = { version: 2, name: 'sign-in and ballots', sqlite, postgres };
