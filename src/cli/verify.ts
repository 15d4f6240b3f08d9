/**
 * `hustings verify <board.json>`: checks a published bulletin board from what
 * it holds alone (src/integrity/verify.ts) — no store, no network. The report
 * of what was checked goes to standard output; each problem is listed there
 * too, and a one-line summary goes to standard error, with exit status 1.
 */
import { readFileSync } from 'node:fs';
import { parseHead, type AuditEntry } from '../audit/index.js';
import { checkAgainstLog } from '../integrity/anchor.js';
import { parseAuditExport } from '../integrity/audit-export.js';
import { readBoard } from '../integrity/board.js';
import { readAuditLog } from '../store/audit-rows.js';
import { verifyBoard } from '../integrity/verify.js';
import { UsageError, optionLines, type FlagSpec } from './args.js';
import type { Io } from './run.js';
import { DB_FLAG, guarded, parseCommand, positionals, stringFlag, withStore, CommandError, settled } from './store-common.js';
import { isEncryptedBoard, readEncryptedBoardFile } from '../app/ceremony/board-file.js';
import { verifyEncryptedElection } from '../app/ceremony/verify-encrypted.js';

const FLAGS: readonly FlagSpec[] = [
  DB_FLAG,
  { flag: 'audit', takesValue: true, value: '<log.json>', help: 'an audit log export (hustings audit export) to check the board against' },
  { flag: 'head', takesValue: true, value: '<seq:hash>', help: 'the head of the audit log written down earlier (hustings audit verify prints it)' },
];

export const VERIFY_HELP = `Usage: hustings verify <board.json> [(--audit <log.json> | --db <url>) --head <seq:hash>]

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

A board rebuilt consistently (ballots and record forged together) passes those checks, so check it
against the audit log as well: --audit <log.json> (from "hustings audit export [--process P]") or
--db <url> (the store itself), with --head <seq:hash> the head you wrote down earlier (printed by
"hustings audit verify"), which pins the log. The log's seal entry of the process must hold the
board's ballot count, ballots' SHA-256, voters by channel and seed of the lot, and its count entry
the SHA-256 of the board's count record.

Options:
${optionLines(FLAGS).join('\n')}

An encrypted board (an election with encrypted ballots, docs/verifiable-ballots.md) is checked
from its proofs alone: the trustees' key generation, every ballot's signature by a published
credential (each used once) and its proof, every mix's proof of shuffle, every decryption share's
proof, the decryption and decoding of each ballot; then the decrypted rankings are recounted under
the board's method and compared with the declared result as above. Each failure is named in words
with its code in brackets, e.g. "a mix's proof of shuffle fails (…): mix 2 (by trustee 4): the
re-encryption (component 1) equation fails [mix-proof]". A board not yet decrypted (while the ballot
is open, or between mixes) is checked as far as it goes.

Every difference is named, e.g. "stage 3: Ann 120.00000 declared, 118.00000 recounted" or
"ballot with tracker X appears twice".

Exit status: 0 the board verifies; 1 it does not (every problem is listed), or the file cannot be
read or is not a bulletin board; 2 the command line is wrong.
`;

export async function verify(argv: readonly string[], io: Io): Promise<number> {
  return guarded(io, async () => {
    const p = parseCommand(argv, FLAGS, 'verify');
    if (p.flags.has('help')) {
      io.stdout.write(VERIFY_HELP);
      return 0;
    }
    const [file] = positionals(p, ['a bulletin board file'], 'hustings verify <board.json>');
    if (file === '') throw new UsageError('verify needs a bulletin board file: hustings verify <board.json>');
    const auditFile = stringFlag(p, 'audit');
    const headText = stringFlag(p, 'head');
    const withLog = auditFile !== undefined || p.flags.has('db');
    if (auditFile !== undefined && p.flags.has('db')) throw new UsageError('give the audit log either as a file (--audit) or as a store (--db), not both');
    if (withLog && headText === undefined)
      throw new UsageError(
        'checking against the audit log needs --head <seq:hash>, the head you wrote down earlier: without it, a log rewritten along with the board would pass',
      );
    if (!withLog && headText !== undefined) throw new UsageError('--head goes with --audit <log.json> or --db <url>: the audit log to check the board against');
    const head = headText === undefined ? undefined : parseHead(headText);
    if (head === null)
      throw new UsageError(
        `--head must be written <seq>:<hash> (a sequence number, a colon and 64 hex digits, as printed by hustings audit verify), not "${headText}"`,
      );
    const text = readFileSync(file, 'utf8');
    if (isEncryptedBoard(parsedOrNull(text))) {
      if (withLog)
        throw new UsageError('--audit, --db and --head check a plain board against the audit log; an encrypted board is checked from its own proofs');
      return verifyEncrypted(file, io);
    }
    const read = readBoard(text);
    if (!read.ok) throw new CommandError(`${file}: ${read.error.message}`);
    const board = read.value;
    const v = verifyBoard(board);
    const checked = [...v.checked];
    const problems = [...v.problems];
    if (head !== undefined) {
      const entries = auditFile !== undefined ? readExtract(auditFile) : await withStore(p, io, async (store) => readAuditLog(store));
      const anchored = checkAgainstLog(board, entries, head);
      checked.push(...anchored.checked);
      problems.push(...anchored.problems);
    }
    const lines = [`Bulletin board of ${board.process.title} (${board.process.id})${board.process.closedOn ? `, closed on ${board.process.closedOn}` : ''}:`];
    for (const c of checked) lines.push(`  - ${c}`);
    if (problems.length === 0) {
      lines.push(
        board.declared === null
          ? 'Verified: the ballots are in order. Nothing has been declared yet to compare the recount with.'
          : 'Verified: the published ballots give the declared result, and its arithmetic holds.',
      );
      if (head !== undefined) lines.push(`The board matches the audit log up to the head ${headText}.`);
      io.stdout.write(lines.join('\n') + '\n');
      return 0;
    }
    lines.push(`Does not verify: ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}:`);
    for (const problem of problems) lines.push(`  ${problem}`);
    io.stdout.write(lines.join('\n') + '\n');
    io.stderr.write(`hustings: ${file} does not verify: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more; see above)` : ''}\n`);
    return 1;
  });
}

function parsedOrNull(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** An encrypted board: every proof, then the recount of the decrypted rankings. */
function verifyEncrypted(file: string, io: Io): number {
  const board = settled(readEncryptedBoardFile(file));
  const v = verifyEncryptedElection(board);
  const lines = [`Encrypted board of election ${board.election.id}${board.count ? ` (${board.count.title})` : ''}:`];
  for (const c of v.checked) lines.push(`  - ${c}`);
  if (v.problems.length === 0) {
    lines.push(
      !v.finished
        ? 'Verified as far as the ceremony has gone: every proof so far holds. The ballots are not yet decrypted.'
        : v.declared
          ? 'Verified: every proof holds, and the decrypted ballots give the declared result.'
          : 'Verified: every proof holds. Nothing has been declared yet to compare the recount with.',
    );
    io.stdout.write(lines.join('\n') + '\n');
    return 0;
  }
  lines.push(`Does not verify: ${v.problems.length} ${v.problems.length === 1 ? 'problem' : 'problems'}:`);
  for (const problem of v.problems) lines.push(`  ${problem}`);
  io.stdout.write(lines.join('\n') + '\n');
  io.stderr.write(`hustings: ${file} does not verify: ${v.problems[0]}${v.problems.length > 1 ? ` (and ${v.problems.length - 1} more; see above)` : ''}\n`);
  return 1;
}

/** The entries of an audit log export, or of `hustings audit list --format json`. */
function readExtract(file: string): readonly AuditEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CommandError(`${file}: not an audit log export (${e instanceof Error ? e.message : String(e)})`);
  }
  const read = parseAuditExport(text, file);
  if (!read.ok) throw new CommandError(read.error.message);
  return read.value;
}
