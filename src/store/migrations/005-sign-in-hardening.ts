/**
 * Migration 5: sign-in codes bound to the browser that asked for them, and the
 * server's kept secret.
 *
 * A code row is keyed by (member, client): the client is a digest of a random
 * cookie set on the browser that asked, so a new code replaces only that
 * browser's earlier one, and nobody else's asking or failing can touch it. A
 * used code is deleted, not marked. The codes table of migration 2 is dropped
 * rather than altered: its codes live ten minutes, so losing the ones pending
 * at the upgrade costs a member one more request.
 *
 * `server_secrets` keeps the secret the web app signs and hashes with when
 * HUSTINGS_SECRET is not set, so every app server on one database, and the
 * same server after a restart, use the same one.
 */
import type { Migration } from './index.js';

const sqlite = [
  `DROP TABLE login_codes`,
  `CREATE TABLE login_codes (
    member TEXT NOT NULL,
    client TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    PRIMARY KEY (member, client)
  ) WITHOUT ROWID`,
  `CREATE TABLE server_secrets (
    name TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID`,
];

const ID = 'text COLLATE "C"';
const INSTANT = 'text COLLATE "C"';
const postgres = [
  `DROP TABLE login_codes`,
  `CREATE TABLE login_codes (
    member ${ID} NOT NULL,
    client text NOT NULL,
    code_hash text NOT NULL,
    expires_at ${INSTANT} NOT NULL,
    PRIMARY KEY (member, client)
  )`,
  `CREATE TABLE server_secrets (
    name text NOT NULL PRIMARY KEY,
    value text NOT NULL
  )`,
];

export const migration005: Migration = { version: 5, name: 'sign-in hardening', sqlite, postgres };
