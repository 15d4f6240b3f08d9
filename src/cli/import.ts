/**
 * `hustings import members|units <file.csv> [--dry-run]`: a membership system's export into the store, all rows or none.
 * A real import (not a dry run) is logged in the audit log as a long action: started, then finished with its outcome.
 */
import { effectWords, importMembership, type MembershipTable } from '../app/import-membership.js';
import { formatProblem } from '../formats/membership-csv.js';
import { cliActor } from '../runtime/os-user.js';
import { describeStore } from '../runtime/store-location.js';
import { systemClock } from '../runtime/system-clock.js';
import type { CommandHandler } from './process-commands.js';
import { optionLines, type FlagSpec } from './args.js';
import type { Io } from './run.js';
import { DB_FLAG, guarded, parseCommand, positionals, withStore } from './store-common.js';

const FLAGS: readonly FlagSpec[] = [DB_FLAG, { flag: 'dry-run', takesValue: false, help: 'check the rows and report them the same way, and write nothing' }];

export const IMPORT_HELP = `Usage:
  hustings import units <units.csv> [--dry-run] [--db <url>]
  hustings import members <members.csv> [--dry-run] [--db <url>]

Imports a membership system's export. Every row is checked first; if any is wrong, each problem is
listed on stderr as "line N: field: problem", nothing is written and the exit status is 1.
Otherwise all rows are written in one transaction (a unit or member already stored is replaced).
With --dry-run the rows are checked and reported the same way, and nothing is ever written.
Import the units before the members who belong to them.

units.csv    unit_id,kind,name,parent_id[,constituency_id]
             kind: party, region, constituency, branch, affiliate, affiliated-branch;
             constituency_id: for an affiliated branch, the constituency it is attached to
members.csv  member_id,name,branch_id,joined and status[,status_since] or history;
             optional email, gender. history: 2019-01-02:current;2021-03-01:arrears;…
             optional date_of_birth (or "Date of birth", DOB), membership_class,
             self_identified: disabled;bame;lgbt+ (private to the member)

Options:
${optionLines(FLAGS).join('\n')}
`;

const n = (x: number): string => x.toLocaleString('en-GB');

function importer(what: MembershipTable): CommandHandler {
  return (argv: readonly string[], io: Io) =>
    guarded(io, async () => {
      const p = parseCommand(argv, FLAGS, `import ${what}`);
      if (p.flags.has('help')) {
        io.stdout.write(IMPORT_HELP);
        return 0;
      }
      const [file] = positionals(p, ['a CSV file'], `hustings import ${what} <file.csv> [--dry-run]`);
      const dryRun = p.flags.has('dry-run');
      return withStore(p, io, async (store, where) => {
        const r = await importMembership(store, what, file, { dryRun, actor: cliActor(), clock: systemClock });
        if (!r.ok) {
          io.stderr.write(r.error.problems.map((x) => formatProblem(x) + '\n').join('') + `hustings: ${r.error.message}\n`);
          return 1;
        }
        const rows = `${n(r.value.rows)} ${r.value.rows === 1 ? what.slice(0, -1) : what}`;
        io.stdout.write(
          r.value.written
            ? `Imported ${rows} from ${file} into ${describeStore(where.url)}: ${effectWords(what, r.value.effect)}.\n`
            : `Dry run: all ${rows} in ${file} are valid; nothing was written. Importing them would leave ${effectWords(what, r.value.effect)}.\n`,
        );
        return 0;
      });
    });
}

/** The subcommands of `hustings import`, registered in run.ts. */
export const IMPORT_COMMANDS: Readonly<Record<string, CommandHandler>> = {
  units: importer('units'),
  members: importer('members'),
};
