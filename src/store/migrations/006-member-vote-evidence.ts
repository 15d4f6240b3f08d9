/**
 * Migration 6 (member's evidence of their own vote): the day each vote was recorded, and whether
 * the member has been told of a paper vote recorded in their name.
 *
 * `voters_marked.day` is the day (YYYY-MM-DD) a member's vote was recorded, by any channel, so
 * that they can see it on their ballots page and in the refusal of a second vote ("a postal vote
 * was recorded in your name on 3 March"). It is on the voter side only: a ballot still carries no
 * time, so the day joins nothing to a ballot. A day, not an instant: it says no more of the casting
 * order than the member needs. Marks made before this migration have no day (null).
 *
 * `paper_vote_notices` holds one row per paper vote recorded for a member, written in the vote's
 * own transaction, until the member has been told of it: by email (`told = 'mailed'`), or, where
 * no email could be sent, on their next sign-in (`told = 'shown'`). Like `offline_votes` it says
 * who voted on paper and nothing of what.
 */
import type { Migration } from './index.js';

const DAY = "day IS NULL OR day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'";

const sqlite = [
  `ALTER TABLE voters_marked ADD COLUMN day TEXT CHECK (${DAY})`,
  `CREATE TABLE paper_vote_notices (
    process TEXT NOT NULL,
    member TEXT NOT NULL,
    told TEXT CHECK (told IN ('mailed', 'shown')),
    PRIMARY KEY (process, member)
  ) WITHOUT ROWID`,
  `CREATE INDEX paper_vote_notices_by_member ON paper_vote_notices (member) WHERE told IS NULL`,
];

const ID = 'text COLLATE "C"';
const postgres = [
  `ALTER TABLE voters_marked ADD COLUMN day text CHECK (day ~ '^\\d{4}-\\d{2}-\\d{2}$')`,
  `CREATE TABLE paper_vote_notices (
    process ${ID} NOT NULL,
    member ${ID} NOT NULL,
    told text CHECK (told IN ('mailed', 'shown')),
    PRIMARY KEY (process, member)
  )`,
  `CREATE INDEX paper_vote_notices_by_member ON paper_vote_notices (member) WHERE told IS NULL`,
];

export const migration006: Migration = { version: 6, name: 'member vote evidence', sqlite, postgres };
