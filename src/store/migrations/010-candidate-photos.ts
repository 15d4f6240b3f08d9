/**
 * Migration 10: candidates' photos, kept beside their process. Each photo a candidate sends is a new
 * version for that process and member (earlier ones stay, so the statement an officer approved still
 * names the photo they saw); its digest is what the statement and the audit log record.
 */
import type { Migration } from './index.js';

const sqlite = [
  `CREATE TABLE candidate_photos (
    process TEXT NOT NULL REFERENCES processes (id),
    member TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    bytes BLOB NOT NULL,
    stored_at TEXT NOT NULL,
    PRIMARY KEY (process, member, version)
  ) WITHOUT ROWID`,
  'CREATE INDEX candidate_photos_by_digest ON candidate_photos (process, sha256)',
];
const postgres = [
  `CREATE TABLE candidate_photos (
    process text COLLATE "C" NOT NULL REFERENCES processes (id),
    member text COLLATE "C" NOT NULL,
    version integer NOT NULL CHECK (version >= 1),
    content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
    sha256 text COLLATE "C" NOT NULL CHECK (length(sha256) = 64),
    bytes bytea NOT NULL,
    stored_at text NOT NULL,
    PRIMARY KEY (process, member, version)
  )`,
  'CREATE INDEX candidate_photos_by_digest ON candidate_photos (process, sha256)',
];

export const migration010: Migration = { version: 10, name: 'candidate photos', sqlite, postgres };
