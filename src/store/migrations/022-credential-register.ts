/**
 * Migration 22 (issue 15, paper votes in an encrypted ballot): the credential authority's register,
 * which public credential is whose, uploaded with the public list (docs/verifiable-ballots.md §7.1,
 * §13.1). It lets an officer's paper ballot spend that member's own credential; it holds no secret,
 * and is never published. Each member has at most one credential and each credential one member.
 *
 * A paper ballot is kept in `encrypted_ballots` as its JSON, beside the online ones (its `channel`
 * field tells them apart), so the one-ballot-per-credential constraint holds across both channels.
 */
import type { Migration } from './index.js';

const sqlite = [
  `CREATE TABLE encrypted_register (
    process TEXT NOT NULL,
    member TEXT NOT NULL,
    credential TEXT NOT NULL CHECK (length(credential) = 64),
    PRIMARY KEY (process, member),
    UNIQUE (process, credential),
    FOREIGN KEY (process, credential) REFERENCES encrypted_credentials (process, credential)
  ) WITHOUT ROWID`,
];

const postgres = [
  `CREATE TABLE encrypted_register (
    process text COLLATE "C" NOT NULL,
    member text COLLATE "C" NOT NULL,
    credential text COLLATE "C" NOT NULL CHECK (length(credential) = 64),
    PRIMARY KEY (process, member),
    UNIQUE (process, credential),
    FOREIGN KEY (process, credential) REFERENCES encrypted_credentials (process, credential)
  )`,
];

export const migration022: Migration = { version: 22, name: 'credential-register', sqlite, postgres };
