/**
 * Migration 12: the organisation's settings (first, the rulebook in force, named once for every
 * live form and command), and indexes for the audit log page's filters by actor and by event type
 * (each keeps the sequence, so a filtered page is read latest first without a sort).
 */
import type { Migration } from './index.js';

const sqlite = [
  'CREATE TABLE organisation_settings (name TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID',
  'CREATE INDEX audit_log_by_actor ON audit_log (actor, seq)',
  'CREATE INDEX audit_log_by_type ON audit_log (type, seq)',
];
const postgres = [
  'CREATE TABLE organisation_settings (name text COLLATE "C" NOT NULL PRIMARY KEY, value text NOT NULL)',
  'CREATE INDEX audit_log_by_actor ON audit_log (actor, seq)',
  'CREATE INDEX audit_log_by_type ON audit_log (type, seq)',
];

export const migration012: Migration = { version: 12, name: 'organisation settings', sqlite, postgres };
