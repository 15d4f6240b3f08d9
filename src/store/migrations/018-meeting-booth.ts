/**
 * Migration 18 (the online nomination meeting's booth): members of an online meeting vote round by
 * round, and the secrecy is in the shape of the tables, as for the ballot box (migrations 2 and 3).
 *
 * `meeting_rounds` is a round the chair has opened: its candidates, and whether it is closed (no vote
 * is taken after). Who has voted in a round (`meeting_round_voters`) and what was cast
 * (`meeting_round_votes`) are kept apart: a vote has no member, no time and no sequence, only a random
 * key drawn when it is cast, so reading votes in key order (or the order the table keeps them in)
 * says nothing about who cast them or when. In SQLite both tables have no rowid (a rowid counts up,
 * and would record the order of voting). The voter's row is the round's one vote per member: its
 * key refuses a second, and the vote is written in the same transaction or not at all.
 */
import type { Migration } from './index.js';

const sqlite = [
  `CREATE TABLE meeting_rounds (
    process TEXT NOT NULL REFERENCES processes (id),
    round INTEGER NOT NULL CHECK (round >= 1),
    candidates TEXT NOT NULL CHECK (json_valid(candidates)),
    closed INTEGER NOT NULL CHECK (closed IN (0, 1)),
    PRIMARY KEY (process, round)
  ) WITHOUT ROWID`,
  `CREATE TABLE meeting_round_voters (
    process TEXT NOT NULL,
    round INTEGER NOT NULL,
    member TEXT NOT NULL,
    PRIMARY KEY (process, round, member),
    FOREIGN KEY (process, round) REFERENCES meeting_rounds (process, round)
  ) WITHOUT ROWID`,
  `CREATE TABLE meeting_round_votes (
    process TEXT NOT NULL,
    round INTEGER NOT NULL,
    key TEXT NOT NULL CHECK (length(key) = 32),
    candidate TEXT NOT NULL,
    PRIMARY KEY (process, round, key),
    FOREIGN KEY (process, round) REFERENCES meeting_rounds (process, round)
  ) WITHOUT ROWID`,
];

const ID = 'text COLLATE "C"';
const postgres = [
  `CREATE TABLE meeting_rounds (
    process ${ID} NOT NULL REFERENCES processes (id),
    round integer NOT NULL CHECK (round >= 1),
    candidates json NOT NULL,
    closed boolean NOT NULL,
    PRIMARY KEY (process, round)
  )`,
  `CREATE TABLE meeting_round_voters (
    process ${ID} NOT NULL,
    round integer NOT NULL,
    member ${ID} NOT NULL,
    PRIMARY KEY (process, round, member),
    FOREIGN KEY (process, round) REFERENCES meeting_rounds (process, round)
  )`,
  `CREATE TABLE meeting_round_votes (
    process ${ID} NOT NULL,
    round integer NOT NULL,
    key ${ID} NOT NULL CHECK (length(key) = 32),
    candidate ${ID} NOT NULL,
    PRIMARY KEY (process, round, key),
    FOREIGN KEY (process, round) REFERENCES meeting_rounds (process, round)
  )`,
];

export const migration018: Migration = { version: 18, name: 'meeting booth', sqlite, postgres };
