/**
 * `hustings verify <board.json>`: checks a published bulletin board from what
 * it holds alone (src/integrity/verify.ts) — no store, no network. The report
 * of what was checked goes to standard output; each problem is listed there
 * too, and a one-line summary goes to standard error, with exit status 1.
 */
import { readFileSync } from 'node:fs';
import { readBoard } from '../integrity/board.js';
import { verifyBoard } from '../integrity/verify.js';
import { UsageError } from './args.js';
import type { Io } from './run.js';
import { guarded, parseCommand, positionals, CommandError } from './store-common.js';

export const VERIFY_HELP = `Usage: hustings verify <board.json>

Checks a bulletin board (GET /results/<process>/board.json in the web app, or the file that
"hustings board <process> --out <file>" writes; published once voting has closed) from what it
holds alone:
  - the ballots: each tracker code once, in tracker order, each ranking naming candidates on the
    paper once each; the SHA-256 of the ballot list as published; one ballot per member marked
    as voted;
  - the declared record's arithmetic: every stage adds up to the ballots, every transfer equals the
    change in the totals it joins, and the quota is the rule's formula;
  - an independent recount of the ballots by the board's counting method and options, compared
    stage by stage, candidate by candidate, with the declared record and winners.

Every difference is named, e.g. "stage 3: Ann 120.00000 declared, 118.00000 recounted" or
"ballot with tracker X appears twice".

Exit status: 0 the board verifies; 1 it does not (every problem is listed), or the file cannot be
read or is not a bulletin board; 2 the command line is wrong.
`;

export async function verify(argv: readonly string[], io: Io): Promise<number> {
  return guarded(io, async () => {
    const p = parseCommand(argv, [], 'verify');
    if (p.flags.has('help')) {
      io.stdout.write(VERIFY_HELP);
      return 0;
    }
    const [file] = positionals(p, ['a bulletin board file'], 'hustings verify <board.json>');
    if (file === '') throw new UsageError('verify needs a bulletin board file: hustings verify <board.json>');
    const read = readBoard(readFileSync(file, 'utf8'));
    if (!read.ok) throw new CommandError(`${file}: ${read.error.message}`);
    const board = read.value;
    const v = verifyBoard(board);
    const lines = [`Bulletin board of ${board.process.title} (${board.process.id})${board.process.closedOn ? `, closed on ${board.process.closedOn}` : ''}:`];
    for (const c of v.checked) lines.push(`  - ${c}`);
    if (v.problems.length === 0) {
      lines.push(board.declared === null ? 'Verified: the ballots are in order. Nothing has been declared yet to compare the recount with.' : 'Verified: the published ballots give the declared result, and its arithmetic holds.');
      io.stdout.write(lines.join('\n') + '\n');
      return 0;
    }
    lines.push(`Does not verify: ${v.problems.length} ${v.problems.length === 1 ? 'problem' : 'problems'}:`);
    for (const problem of v.problems) lines.push(`  ${problem}`);
    io.stdout.write(lines.join('\n') + '\n');
    io.stderr.write(`hustings: ${file} does not verify: ${v.problems[0]}${v.problems.length > 1 ? ` (and ${v.problems.length - 1} more; see above)` : ''}\n`);
    return 1;
  });
}
