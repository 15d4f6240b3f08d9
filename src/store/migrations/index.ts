/**
 * Versioned schema migrations, applied in order when a store opens. Each has
 * its SQL for both dialects (where they differ they are written separately, so
 * neither is a translation of the other). A migration, once released, never
 * changes: a later change is a new migration with the next number.
 */
import { migration001 } from './001-organisation-and-processes.js';
import { migration002 } from './002-sign-in-and-ballots.js';
import { migration003 } from './003-ballot-integrity.js';
import { migration004 } from './004-audit-log.js';
import { migration005 } from './005-sign-in-hardening.js';
import { migration006 } from './006-member-vote-evidence.js';
import { migration007 } from './007-kept-counts.js';
import { migration008 } from './008-state-schema.js';
import { migration009 } from './009-member-attributes.js';
import { migration010 } from './010-candidate-photos.js';
import { migration012 } from './012-organisation-settings.js';
import { migration013 } from './013-notices-and-outbox.js';
import { migration014 } from './014-affiliations.js';
import { migration015 } from './015-statutory-postal-ballot.js';
import { migration016 } from './016-supporter-applications.js';
import { migration017 } from './017-nomination-meetings.js';
import { migration018 } from './018-meeting-booth.js';
import { migration019 } from './019-encrypted-ballots.js';
import { migration020 } from './020-set-aside-ballots.js';
import { migration021 } from './021-supporter-mail.js';
import { migration022 } from './022-credential-register.js';
import { migration023 } from './023-voter-marks-by-member.js';

export interface Migration {
  /** 1, 2, 3…: recorded in `schema_migrations` once applied. */
  readonly version: number;
  readonly name: string;
  /** Statements, run in order inside the migration's transaction. */
  readonly sqlite: readonly string[];
  readonly postgres: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  migration001,
  migration002,
  migration003,
  migration004,
  migration005,
  migration006,
  migration007,
  migration008,
  migration009,
  migration010,
  migration012,
  migration013,
  migration014,
  migration015,
  migration016,
  migration017,
  migration018,
  migration019,
  migration020,
  migration021,
  migration022,
  migration023,
];

// Numbers only increase; one may be left out (numbers are handed out to work in progress, and one
// that needed no migration leaves its number unused), as each is applied by its own number.
MIGRATIONS.forEach((m, i) => {
  const previous = i === 0 ? 0 : MIGRATIONS[i - 1].version;
  if (!Number.isSafeInteger(m.version) || m.version <= previous) throw new Error(`migration ${m.name} is numbered ${m.version}, not after ${previous}`);
});

/** The schema version a database has once every migration is applied. */
export const LATEST_SCHEMA = MIGRATIONS[MIGRATIONS.length - 1].version;

/** The migrations a database at `applied` versions still needs, or an error if it is newer than this code. */
export function pendingMigrations(applied: readonly number[]): readonly Migration[] {
  const latest = LATEST_SCHEMA;
  const newest = applied.length === 0 ? 0 : Math.max(...applied);
  if (newest > latest) {
    throw new Error(`the database's schema is at version ${newest}, newer than this Hustings knows (${latest}): upgrade Hustings before using this database`);
  }
  const done = new Set(applied);
  return MIGRATIONS.filter((m) => !done.has(m.version));
}
