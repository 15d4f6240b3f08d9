/**
 * Migration 9 (members' records for segmented electorates): a member's date of birth, membership
 * class and self-identified characteristics, which contests reserved to part of the party (under
 * 27 at the freeze date, disabled members, a membership class) judge their electorates by.
 *
 * All three are columns of `members`, read with the rest of the member, because judging an
 * electorate streams the members and must not make a read per member. Who may see them is a matter
 * for the pages, not the table: every reader of a member is server code, and no page but the
 * member's own shows `self_identified`. It holds the characteristics as one text, sorted and
 * comma-separated ("bame,disabled"), or null when the member has none; the vocabulary is the
 * domain's (SELF_IDENTIFIED), not a CHECK here, so a word added later never needs a migration and a
 * stored word the code no longer knows still reads. Members stored before this migration have
 * none of the three (null).
 */
import type { Migration } from './index.js';

const sqlite = [
  `ALTER TABLE members ADD COLUMN born TEXT CHECK (born IS NULL OR born GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')`,
  'ALTER TABLE members ADD COLUMN membership_class TEXT',
  `ALTER TABLE members ADD COLUMN self_identified TEXT CHECK (self_identified IS NULL OR self_identified <> '')`,
];

const postgres = [
  'ALTER TABLE members ADD COLUMN born date',
  'ALTER TABLE members ADD COLUMN membership_class text',
  `ALTER TABLE members ADD COLUMN self_identified text CHECK (self_identified <> '')`,
];

export const migration009: Migration = { version: 9, name: 'member attributes', sqlite, postgres };
