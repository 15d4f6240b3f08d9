/**
 * Migration 19 (encrypted ballots, docs/verifiable-ballots.md): a selection or internal election
 * whose ballots are encrypted in the voter's browser keeps its set-up (the election id bound into
 * every proof, k of n trustees and who they are, the credential
 * authority), the trustees' key-generation messages, the public credentials, the encrypted ballots,
 * the mixes and the decryption shares. Every message is kept as the JSON the board publishes.
 *
 * An encrypted ballot row, like a plain one (migration 2), has no member, time or sequence: it is
 * keyed by 128 random bits drawn at casting, and SQLite keeps it WITHOUT ROWID. Its credential is a
 * column only so that the database refuses a second ballot by one credential; a credential is not
 * tied to a member anywhere on the server (the authority sends it privately).
 */
import type { Migration } from './index.js';

const sqlite = [
  `CREATE TABLE encrypted_elections (
    process TEXT NOT NULL PRIMARY KEY,
    election_id TEXT NOT NULL UNIQUE,
    threshold INTEGER NOT NULL CHECK (threshold >= 1),
    trustees INTEGER NOT NULL CHECK (trustees >= threshold AND trustees <= 1000),
    authority TEXT NOT NULL
  ) WITHOUT ROWID`,
  `CREATE TABLE encrypted_trustees (
    process TEXT NOT NULL,
    trustee INTEGER NOT NULL CHECK (trustee >= 1),
    member TEXT NOT NULL,
    PRIMARY KEY (process, trustee),
    UNIQUE (process, member)
  ) WITHOUT ROWID`,
  `CREATE TABLE encrypted_key_generation (
    process TEXT NOT NULL,
    trustee INTEGER NOT NULL,
    round INTEGER NOT NULL CHECK (round IN (1, 2)),
    message TEXT NOT NULL CHECK (json_valid(message)),
    PRIMARY KEY (process, trustee, round)
  ) WITHOUT ROWID`,
  `CREATE TABLE encrypted_credentials (
    process TEXT NOT NULL,
    credential TEXT NOT NULL CHECK (length(credential) = 64),
    PRIMARY KEY (process, credential)
  ) WITHOUT ROWID`,
  `CREATE TABLE encrypted_ballots (
    process TEXT NOT NULL,
    key TEXT NOT NULL CHECK (length(key) = 32),
    credential TEXT NOT NULL,
    ballot TEXT NOT NULL CHECK (json_valid(ballot)),
    PRIMARY KEY (process, key),
    UNIQUE (process, credential)
  ) WITHOUT ROWID`,
  `CREATE TABLE encrypted_mixes (
    process TEXT NOT NULL,
    position INTEGER NOT NULL CHECK (position >= 1),
    mixer INTEGER NOT NULL,
    message TEXT NOT NULL CHECK (json_valid(message)),
    PRIMARY KEY (process, position),
    UNIQUE (process, mixer)
  ) WITHOUT ROWID`,
  `CREATE TABLE encrypted_decryptions (
    process TEXT NOT NULL,
    trustee INTEGER NOT NULL,
    message TEXT NOT NULL CHECK (json_valid(message)),
    PRIMARY KEY (process, trustee)
  ) WITHOUT ROWID`,
];

const ID = 'text COLLATE "C"';

const postgres = [
  `CREATE TABLE encrypted_elections (
    process ${ID} NOT NULL PRIMARY KEY,
    election_id ${ID} NOT NULL UNIQUE,
    threshold integer NOT NULL CHECK (threshold >= 1),
    trustees integer NOT NULL CHECK (trustees >= threshold AND trustees <= 1000),
    authority ${ID} NOT NULL
  )`,
  `CREATE TABLE encrypted_trustees (
    process ${ID} NOT NULL,
    trustee integer NOT NULL CHECK (trustee >= 1),
    member ${ID} NOT NULL,
    PRIMARY KEY (process, trustee),
    UNIQUE (process, member)
  )`,
  `CREATE TABLE encrypted_key_generation (
    process ${ID} NOT NULL,
    trustee integer NOT NULL,
    round integer NOT NULL CHECK (round IN (1, 2)),
    message text NOT NULL,
    PRIMARY KEY (process, trustee, round)
  )`,
  `CREATE TABLE encrypted_credentials (
    process ${ID} NOT NULL,
    credential ${ID} NOT NULL CHECK (length(credential) = 64),
    PRIMARY KEY (process, credential)
  )`,
  `CREATE TABLE encrypted_ballots (
    process ${ID} NOT NULL,
    key ${ID} NOT NULL CHECK (length(key) = 32),
    credential ${ID} NOT NULL,
    ballot text NOT NULL,
    PRIMARY KEY (process, key),
    UNIQUE (process, credential)
  )`,
  `CREATE TABLE encrypted_mixes (
    process ${ID} NOT NULL,
    position integer NOT NULL CHECK (position >= 1),
    mixer integer NOT NULL,
    message text NOT NULL,
    PRIMARY KEY (process, position),
    UNIQUE (process, mixer)
  )`,
  `CREATE TABLE encrypted_decryptions (
    process ${ID} NOT NULL,
    trustee integer NOT NULL,
    message text NOT NULL,
    PRIMARY KEY (process, trustee)
  )`,
];

export const migration019: Migration = { version: 19, name: 'encrypted-ballots', sqlite, postgres };
