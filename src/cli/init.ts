/** `hustings init [--db URL]`: creates the store, or brings an existing one's schema up to date, and says where it is. */
import { describeStore, sourceText } from '../runtime/store-location.js';
import { LATEST_SCHEMA, MIGRATIONS } from '../store/index.js';
import { optionLines, type FlagSpec } from './args.js';
import type { Io } from './run.js';
import { DB_FLAG, guarded, parseCommand, positionals, withStore } from './store-common.js';

const FLAGS: readonly FlagSpec[] = [DB_FLAG];

export const INIT_HELP = `Usage: hustings init [--db <url>]

Creates the store (an SQLite file, or the tables in a PostgreSQL database) or, if it exists,
applies any migrations it lacks, then prints where it is and what it holds. Every command that
uses the store does the same on start, so init is only needed to choose and check the place.

${optionLines(FLAGS).join('\n')}
`;

export async function init(argv: readonly string[], io: Io): Promise<number> {
  const p = parseCommand(argv, FLAGS, 'init');
  if (p.flags.has('help')) {
    io.stdout.write(INIT_HELP);
    return 0;
  }
  positionals(p, [], 'hustings init [--db <url>]');
  return guarded(io, () =>
    withStore(p, io, async (store, where) => {
      const [members, units, processes] = await Promise.all([store.countMembers(), store.listUnits(), store.listProcesses()]);
      io.stdout.write(
        [
          `Store ready: ${describeStore(where.url)} (${sourceText(where)})`,
          `Schema version ${LATEST_SCHEMA} (${MIGRATIONS[MIGRATIONS.length - 1].name})`,
          `Holds ${units.length} units, ${members} members, ${processes.length} processes`,
        ].join('\n') + '\n',
      );
      return 0;
    }),
  );
}
