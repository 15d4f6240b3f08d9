/**
 * Migration 8: each process's state keeps the schema version it was written at.
 *
 * States are documents whose shape belongs to the domain and changes between releases. With the
 * version beside it, a state written by an earlier release is brought up to date by the upcasters
 * of its kind (src/store/documents) when read, rather than read as if it had today's shape; one
 * written by a later release is refused. Every state stored before this migration is of version 1.
 * The version is a column, not a field of the JSON, so the state's text stays as it was written.
 */
import type { Migration } from './index.js';

const sqlite = ['ALTER TABLE processes ADD COLUMN state_schema INTEGER NOT NULL DEFAULT 1 CHECK (state_schema >= 1)'];
const postgres = ['ALTER TABLE processes ADD COLUMN state_schema integer NOT NULL DEFAULT 1 CHECK (state_schema >= 1)'];

export const migration008: Migration = { version: 8, name: 'state schema versions', sqlite, postgres };
