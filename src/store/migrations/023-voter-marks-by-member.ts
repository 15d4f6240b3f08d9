/**
 * Migration 23: the voters' marks by member. A member's own votes (votesOf: their ballots page, the
 * things they have to do) were found by reading every mark of every ballot, since the marks are
 * keyed by process first: a whole-party ballot's half a million marks read for each such page.
 * SQLite's index carries the key's process, so a member's marks come in process order from it.
 */
import type { Migration } from './index.js';

const sqlite = ['CREATE INDEX voters_marked_by_member ON voters_marked (member)'];

const postgres = ['CREATE INDEX voters_marked_by_member ON voters_marked (member, process)'];

export const migration023: Migration = { version: 23, name: 'voter-marks-by-member', sqlite, postgres };
