/**
 * Migration 21 (issue 14): mail to supporters' applicants.
 *
 * `supporter_applications.language` is the language the applicant read the form in ('en' or 'cy';
 * null for an application made before this migration, which means English): their mail is written in it.
 *
 * `supporter_status_links` keeps the SHA-256 of each further status link an applicant's mail carries.
 * The link in a mail is made as the mail is written (the outbox keeps no body), so neither the outbox
 * nor the store ever holds a status link that works; each opens the same application as the one shown
 * on the page after applying, whose digest stays in `supporter_applications.token_hash`.
 */
import type { Migration } from './index.js';

const sqlite = [
  `ALTER TABLE supporter_applications ADD COLUMN language TEXT CHECK (language IN ('en', 'cy'))`,
  `CREATE TABLE supporter_status_links (
    token_hash TEXT NOT NULL PRIMARY KEY,
    process TEXT NOT NULL,
    number INTEGER NOT NULL,
    FOREIGN KEY (process, number) REFERENCES supporter_applications (process, number)
  ) WITHOUT ROWID`,
];

const postgres = [
  `ALTER TABLE supporter_applications ADD COLUMN language text CHECK (language IN ('en', 'cy'))`,
  `CREATE TABLE supporter_status_links (
    token_hash text NOT NULL PRIMARY KEY,
    process text COLLATE "C" NOT NULL,
    number integer NOT NULL,
    FOREIGN KEY (process, number) REFERENCES supporter_applications (process, number)
  )`,
];

export const migration021: Migration = { version: 21, name: 'supporter mail', sqlite, postgres };
