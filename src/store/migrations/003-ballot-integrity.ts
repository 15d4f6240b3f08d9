/**
 * Migration 3: ballot integrity — votes recorded from paper, and sealing a
 * ballot box at the close.
 *
 * `offline_votes` is the voter side of a postal or in-person vote: the member
 * and how they voted (by post or in person), written in the same transaction
 * as their mark in `voters_marked`. It says nothing of what they voted, and
 * the ballot itself goes into `cast_ballots` like any other, with no channel:
 * a channel on the ballot would let anyone who knows who voted by post (the
 * officers who recorded it) read the few postal ballots of a small branch.
 * It is a separate table rather than a column of `voters_marked` so that the
 * row every online cast writes stays the two keys and nothing else.
 *
 * `ballot_seals` records that a process's box is sealed: no cast or recorded
 * vote is taken after it, and its ballots have been rewritten in random order
 * (see sealBallots in store.ts and "Ballot secrecy" in docs/architecture.md).
 * It keeps the counts at the seal, so a ballot removed later shows, and whether
 * the physical traces of the casting order have been cleared yet.
 */
import type { Migration } from './index.js';

const CHANNELS = "'postal', 'in-person'";

const sqlite = [
  `CREATE TABLE offline_votes (
    process TEXT NOT NULL,
    member TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN (${CHANNELS})),
    PRIMARY KEY (process, member)
  ) WITHOUT ROWID`,
  `CREATE TABLE ballot_seals (
    process TEXT NOT NULL PRIMARY KEY,
    ballots INTEGER NOT NULL CHECK (ballots >= 0),
    voters INTEGER NOT NULL CHECK (voters >= 0),
    traces_cleared INTEGER NOT NULL CHECK (traces_cleared IN (0, 1))
  ) WITHOUT ROWID`,
];

const ID = 'text COLLATE "C"';
const postgres = [
  `CREATE TABLE offline_votes (
    process ${ID} NOT NULL,
    member ${ID} NOT NULL,
    channel text NOT NULL CHECK (channel IN (${CHANNELS})),
    PRIMARY KEY (process, member)
  )`,
  `CREATE TABLE ballot_seals (
    process ${ID} NOT NULL PRIMARY KEY,
    ballots integer NOT NULL CHECK (ballots >= 0),
    voters integer NOT NULL CHECK (voters >= 0),
    traces_cleared boolean NOT NULL
  )`,
];

export const migration003: Migration = { version: 3, name: 'ballot integrity', sqlite, postgres };
