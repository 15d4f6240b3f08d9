/**
 * `hustings board <process> [--out file.json]`: the bulletin board of a ballot
 * whose voting has closed, from the store — the same document the web app
 * serves at /results/<process>/board.json (both come from publishBoard and
 * boardJson), for scrutineers who read the database directly or want the
 * file without the web app. `hustings verify` checks it.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ProcessId } from '../domain/ids.js';
import { boardJson } from '../integrity/board.js';
import { publishBoard } from '../app/publish-board.js';
import { cliActor } from '../runtime/os-user.js';
import { UsageError, optionLines, type FlagSpec } from './args.js';
import type { Io } from './run.js';
import { CommandError, DB_FLAG, guarded, parseCommand, positionals, stringFlag, withExistingStore } from './store-common.js';

const FLAGS: readonly FlagSpec[] = [
  {
    flag: 'out',
    short: 'o',
    takesValue: true,
    value: '<file>',
    help: 'write the board to this file (written whole, or not at all) and say what it holds; without it, the board goes to standard output',
  },
  DB_FLAG,
];

export const BOARD_HELP = `Usage: hustings board <process> [--out <file.json>] [--db <url>]

Writes the bulletin board of a selection or internal election whose voting has closed: every
ballot with its tracker code and no names, in tracker order; the SHA-256 of the ballot list; the
voters by channel (online, by post, in person); and, once counted, the full count record. It is
the same document as GET /results/<process>/board.json in the web app. Check it with
"hustings verify <file.json>".

Nothing about the ballots is published before voting has closed: the command refuses until then.
If the box was not sealed at the close (a crash in between), it is sealed first, as the web app
does before publishing.

${optionLines(FLAGS).join('\n')}

Exit status: 0 written; 1 refused (no such ballot, voting not closed yet, or the stored ballots no
longer give the recorded count), and nothing is written; 2 the command line is wrong.
`;

/** Writes beside the target and renames over it, so a reader never finds half a board. */
function writeWhole(file: string, text: string): void {
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, text, { flag: 'wx' });
    renameSync(temporary, file);
  } catch (e) {
    rmSync(temporary, { force: true });
    throw new CommandError(`cannot write ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export async function board(argv: readonly string[], io: Io): Promise<number> {
  return guarded(io, async () => {
    const p = parseCommand(argv, FLAGS, 'board');
    if (p.flags.has('help')) {
      io.stdout.write(BOARD_HELP);
      return 0;
    }
    const [id] = positionals(p, ['a process id'], 'hustings board <process> [--out <file.json>]');
    const out = stringFlag(p, 'out');
    if (out === '') throw new UsageError('--out needs a file name');
    // Publishing seals the box, so it writes; but only to a store that already exists.
    return withExistingStore(
      p,
      io,
      async (store) => {
        const proc = await store.processDocument(id as ProcessId);
        if (!proc) throw new CommandError(`no selection or internal election "${id}" in the store`);
        const published = await publishBoard(store, proc, { actor: cliActor(), at: new Date().toISOString(), withUndeclared: true });
        if (!published.ok) throw new CommandError(published.error.message);
        const b = published.value;
        const text = boardJson(b);
        if (out === undefined) {
          io.stdout.write(text);
          return 0;
        }
        writeWhole(out, text);
        const counted = b.declared === null ? 'not counted yet' : `counted by ${b.method}`;
        io.stdout.write(
          `Wrote the bulletin board of ${b.process.title} (${b.process.id}) to ${out}: ${b.ballots.length} ballots, ${counted}; the ballots' SHA-256 is ${b.ballotsSha256}.\nCheck it with: hustings verify ${out}\n`,
        );
        return 0;
      },
      { readOnly: false },
    );
  });
}
