/**
 * Migration 13 (issue 13): members' languages, notices and the durable mail outbox, addresses that
 * keep failing, and one-time sign-in links.
 *
 * `members.language` is the member's chosen language ('en' or 'cy'); null when never chosen, which
 * means English, so a member stored before this migration reads as they were put.
 *
 * `notices` holds one row per notice (an invitation, a reminder, a word to a candidate): what the
 * template needs (`params`), who it goes to (`audience`, JSON: the electorate, those of it who have
 * not voted, or named members), when (`send_at`), and how it went, in counts only. A notice is
 * fanned out into `outbox` once, when it is due (state 'scheduled' to 'queued'), by one INSERT …
 * SELECT, so a national electorate is queued without passing through the application's memory.
 *
 * `outbox` holds one row per message still to send. (notice, member) is unique: the idempotency key,
 * so fanning out twice never queues anyone twice. A row is deleted in the same transaction that
 * counts it sent or failed, so once a notice has gone, nothing says who it went to: for a reminder,
 * who had not voted. `id` counts up and is never reused (AUTOINCREMENT), so a sender whose lease ran
 * out can never act on another message under an old id. `next_try_at` is when the row may next be
 * claimed: for a queued row, its next try; for a row being sent, the end of its sender's lease, after
 * which a crashed sender's messages are claimed again.
 *
 * `mail_failures` is the administrator's list of addresses that refuse mail: by address, never by
 * notice or process. `sign_in_links` keeps the SHA-256 of each invitation's one-time link only.
 */
import type { Migration } from './index.js';

const NOTICE_STATES = "'scheduled', 'queued', 'cancelled'";
const MESSAGE_STATES = "'queued', 'sending'";

const sqlite = [
  `ALTER TABLE members ADD COLUMN language TEXT CHECK (language IN ('en', 'cy'))`,
  `CREATE TABLE notices (
    id TEXT NOT NULL PRIMARY KEY,
    kind TEXT NOT NULL,
    process TEXT,
    audience TEXT NOT NULL CHECK (json_valid(audience)),
    params TEXT NOT NULL CHECK (json_valid(params)),
    send_at TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN (${NOTICE_STATES})),
    private INTEGER NOT NULL CHECK (private IN (0, 1)),
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    recipients INTEGER NOT NULL DEFAULT 0,
    sent INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID`,
  `CREATE INDEX notices_by_process ON notices (process, send_at)`,
  `CREATE INDEX notices_due ON notices (send_at) WHERE state = 'scheduled'`,
  `CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    notice TEXT NOT NULL,
    member TEXT NOT NULL,
    address TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('en', 'cy')),
    state TEXT NOT NULL CHECK (state IN (${MESSAGE_STATES})),
    tries INTEGER NOT NULL DEFAULT 0,
    next_try_at TEXT NOT NULL,
    claimed_by TEXT,
    claimed_until TEXT,
    last_error TEXT,
    UNIQUE (notice, member)
  )`,
  `CREATE INDEX outbox_due ON outbox (next_try_at, id)`,
  `CREATE TABLE mail_failures (
    address TEXT NOT NULL PRIMARY KEY,
    member TEXT NOT NULL,
    reason TEXT NOT NULL,
    first_at TEXT NOT NULL,
    last_at TEXT NOT NULL,
    count INTEGER NOT NULL
  ) WITHOUT ROWID`,
  `CREATE INDEX mail_failures_by_member ON mail_failures (member)`,
  `CREATE TABLE sign_in_links (
    token_hash TEXT NOT NULL PRIMARY KEY,
    member TEXT NOT NULL,
    process TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
  ) WITHOUT ROWID`,
];

const ID = 'text COLLATE "C"';
const INSTANT = 'text COLLATE "C"';
const postgres = [
  `ALTER TABLE members ADD COLUMN language text CHECK (language IN ('en', 'cy'))`,
  `CREATE TABLE notices (
    id ${ID} NOT NULL PRIMARY KEY,
    kind text NOT NULL,
    process ${ID},
    audience json NOT NULL,
    params json NOT NULL,
    send_at ${INSTANT} NOT NULL,
    state text NOT NULL CHECK (state IN (${NOTICE_STATES})),
    private boolean NOT NULL,
    created_at ${INSTANT} NOT NULL,
    created_by text NOT NULL,
    recipients integer NOT NULL DEFAULT 0,
    sent integer NOT NULL DEFAULT 0,
    failed integer NOT NULL DEFAULT 0
  )`,
  `CREATE INDEX notices_by_process ON notices (process, send_at)`,
  `CREATE INDEX notices_due ON notices (send_at) WHERE state = 'scheduled'`,
  `CREATE TABLE outbox (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    notice ${ID} NOT NULL,
    member ${ID} NOT NULL,
    address text NOT NULL,
    language text NOT NULL CHECK (language IN ('en', 'cy')),
    state text NOT NULL CHECK (state IN (${MESSAGE_STATES})),
    tries integer NOT NULL DEFAULT 0,
    next_try_at ${INSTANT} NOT NULL,
    claimed_by text,
    claimed_until ${INSTANT},
    last_error text,
    UNIQUE (notice, member)
  )`,
  `CREATE INDEX outbox_due ON outbox (next_try_at, id)`,
  `CREATE TABLE mail_failures (
    address text NOT NULL PRIMARY KEY,
    member ${ID} NOT NULL,
    reason text NOT NULL,
    first_at ${INSTANT} NOT NULL,
    last_at ${INSTANT} NOT NULL,
    count integer NOT NULL
  )`,
  `CREATE INDEX mail_failures_by_member ON mail_failures (member)`,
  `CREATE TABLE sign_in_links (
    token_hash text NOT NULL PRIMARY KEY,
    member ${ID} NOT NULL,
    process ${ID} NOT NULL,
    expires_at ${INSTANT} NOT NULL,
    used_at ${INSTANT}
  )`,
];

export const migration013: Migration = { version: 13, name: 'notices and outbox', sqlite, postgres };
