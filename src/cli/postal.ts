/**
 * `hustings postal packs <election> --out <dir>` and `hustings postal report <election> --out
 * <file.pdf>`: the statutory postal ballot's print files and the scrutineer's report, from the
 * store, for the independent scrutineer (the same use cases as the web desk). The packs are
 * written in batches of the rulebook's size, page by page, so a national register is printed
 * without holding it in memory.
 */
import { createWriteStream, existsSync, mkdirSync, readdirSync } from 'node:fs';
import type { ProcessId } from '../domain/ids.js';
import { scrutineerReport } from '../app/postal-ballot.js';
import { printPacks, writeReportPdf } from '../app/postal-pdf.js';
import { systemClock } from '../runtime/system-clock.js';
import { cliActor } from '../runtime/os-user.js';
import { UsageError, optionLines, type FlagSpec } from './args.js';
import type { Io } from './run.js';
import { CommandError, DB_FLAG, guarded, parseCommand, positionals, stringFlag, withExistingStore } from './store-common.js';

const FLAGS: readonly FlagSpec[] = [
  {
    flag: 'out',
    short: 'o',
    takesValue: true,
    value: '<path>',
    help: 'packs: the directory to write the print files into (new or empty); report: the PDF file to write',
  },
  DB_FLAG,
];

export const POSTAL_HELP = `Usage: hustings postal packs <election> --out <dir> [--db <url>]
       hustings postal report <election> --out <file.pdf> [--db <url>]

For the independent scrutineer of a union's statutory postal ballot (an internal election under a
rulebook with a statutory postal ballot, such as union-executive-statutory), once its numbered
papers are issued:

  packs    writes the print files: election-addresses.pdf (the candidates' addresses as they
           wrote them, one insert for every pack) and papers-0001.pdf, papers-0002.pdf… (one
           page per member: the address panel, the paper with its number and the candidates,
           how to vote and where to send it back), the rulebook's batch of papers a file.
           The files tie members to paper numbers: they are for the scrutineer and the printer.
  report   writes the scrutineer's report: papers issued, returned, valid and invalid, late
           and duplicate; turnout; complaints; the result once counted.

${optionLines(FLAGS).join('\n')}

Exit status: 0 written; 1 refused (no such election, not a statutory postal ballot, or no papers
issued yet); 2 the command line is wrong.
`;

export async function postal(argv: readonly string[], io: Io): Promise<number> {
  return guarded(io, async () => {
    const p = parseCommand(argv, FLAGS, 'postal');
    if (p.flags.has('help')) {
      io.stdout.write(POSTAL_HELP);
      return 0;
    }
    const [what, id] = positionals(p, ['packs or report', 'an election id'], 'hustings postal packs|report <election> --out <path>');
    if (what !== 'packs' && what !== 'report') throw new UsageError(`hustings postal takes "packs" or "report", not "${what}"`);
    const out = stringFlag(p, 'out');
    if (out === undefined || out === '') throw new UsageError(`--out needs ${what === 'packs' ? 'a directory' : 'a file name'}`);
    return withExistingStore(
      p,
      io,
      async (store) => {
        if (what === 'packs') {
          if (existsSync(out) && readdirSync(out).length > 0) throw new CommandError(`${out} is not empty: give a new or empty directory for the print files`);
          mkdirSync(out, { recursive: true });
          const r = await printPacks(store, systemClock, id as ProcessId, out, cliActor());
          if (!r.ok) throw new CommandError(r.error.message, r.error.code);
          io.stdout.write(
            `Wrote ${r.value.papers.toLocaleString('en-GB')} voting papers in ${r.value.files.length - 1} files, and the election addresses, to ${out}:\n${r.value.files.map((f) => `  ${f}\n`).join('')}`,
          );
          return 0;
        }
        const r = await scrutineerReport(store, id as ProcessId);
        if (!r.ok) throw new CommandError(r.error.message, r.error.code);
        await writeReportPdf(r.value, createWriteStream(out));
        io.stdout.write(`Wrote the scrutineer's report of ${r.value.title} to ${out}.\n`);
        return 0;
      },
      { readOnly: false },
    );
  });
}
