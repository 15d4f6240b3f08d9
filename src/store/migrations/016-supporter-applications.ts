/**
 * Migration 16 (issue 14): the supporters of a leadership election.
 *
 * `supporter_windows`: one row per election that takes supporters' applications, with the window's
 * first and last day and the registered supporters' fee (pence), as its officer set them.
 *
 * `supporter_applications`: one row per application, numbered within its election (the applicant's
 * reference). `token_hash` is the SHA-256 of the applicant's private status link (the link itself is
 * never kept). `status` is the queue's decision with its `reason` and day; `member` is the
 * membership row an accepted supporter votes as.
 */
import type { Migration } from './index.js';

const CLASSES = "'registered-supporter', 'affiliated-supporter'";
const STATUSES = "'pending', 'accepted', 'rejected'";

const sqlite = [
  `CREATE TABLE supporter_windows (
    process TEXT NOT NULL PRIMARY KEY,
    opens TEXT NOT NULL,
    closes TEXT NOT NULL,
    fee_pence INTEGER NOT NULL CHECK (fee_pence >= 0),
    set_at TEXT NOT NULL
  ) WITHOUT ROWID`,
  `CREATE TABLE supporter_applications (
    process TEXT NOT NULL,
    number INTEGER NOT NULL CHECK (number >= 1),
    class TEXT NOT NULL CHECK (class IN (${CLASSES})),
    affiliate TEXT,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    postcode TEXT NOT NULL,
    payment_reference TEXT,
    applied_at TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN (${STATUSES})),
    reason TEXT,
    decided_on TEXT,
    member TEXT,
    PRIMARY KEY (process, number)
  ) WITHOUT ROWID`,
];

const postgres = [
  `CREATE TABLE supporter_windows (
    process text COLLATE "C" NOT NULL PRIMARY KEY,
    opens text NOT NULL,
    closes text NOT NULL,
    fee_pence integer NOT NULL CHECK (fee_pence >= 0),
    set_at text NOT NULL
  )`,
  `CREATE TABLE supporter_applications (
    process text COLLATE "C" NOT NULL,
    number integer NOT NULL CHECK (number >= 1),
    class text NOT NULL CHECK (class IN (${CLASSES})),
    affiliate text COLLATE "C",
    name text NOT NULL,
    email text NOT NULL,
    postcode text NOT NULL,
    payment_reference text,
    applied_at text NOT NULL,
    token_hash text NOT NULL UNIQUE,
    status text NOT NULL CHECK (status IN (${STATUSES})),
    reason text,
    decided_on text,
    member text COLLATE "C",
    PRIMARY KEY (process, number)
  )`,
];

export const migration016: Migration = { version: 16, name: 'supporter applications', sqlite, postgres };
