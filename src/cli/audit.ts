/**
 * `hustings audit verify|list|replay|events`: checking and reading the audit log of
 * administrative actions. Both `verify` and `list` print the head (the latest
 * sequence number and hash) for scrutineers to write down; `verify
 * --expect-head` then also detects entries cut off the end since.
 */
import {
  auditEventsMarkdown,
  auditEventsText,
  canonicalJson,
  formatHead,
  parseHead,
  replayAudit,
  verifyChain,
  type AuditEntry,
  type AuditHead,
  type ChainReport,
} from '../audit/index.js';
import { describeStore } from '../runtime/store-location.js';
import { sha256Hex } from '../integrity/sha256.js';
import { readAuditLog } from '../store/audit-rows.js';
import { UsageError, groupOptionLines, type FlagSpec, type Parsed } from './args.js';
import type { CommandHandler } from './process-commands.js';
import type { Io } from './run.js';
import { AUDIT_EXTRACT_FORMAT } from '../integrity/anchor.js';
import { EXIT_REFUSED } from './exit-status.js';
import {
  CommandError,
  DB_FLAG,
  FORMAT_FLAG,
  formatFlag,
  guarded,
  optionalPositive,
  parseCommand,
  positionals,
  stringFlag,
  withExistingStore,
  withStore,
  writeJson,
} from './store-common.js';

const EXPECT_HEAD: FlagSpec = {
  flag: 'expect-head',
  takesValue: true,
  value: '<seq:hash>',
  help: 'verify: the head written down earlier, which the log must still reach unchanged',
};
const VERIFY_FLAGS: readonly FlagSpec[] = [DB_FLAG, EXPECT_HEAD];
const LIST_FLAGS: readonly FlagSpec[] = [
  DB_FLAG,
  FORMAT_FLAG,
  { flag: 'after', takesValue: true, value: 'SEQ', help: 'list: only the entries after this sequence number' },
  { flag: 'last', takesValue: true, value: 'N', help: 'list: only the last N entries' },
];
const EVENTS_FLAGS: readonly FlagSpec[] = [formatFlag('text', 'markdown')];
const EXPORT_FLAGS: readonly FlagSpec[] = [
  DB_FLAG,
  { flag: 'process', takesValue: true, value: 'P', help: "export: only the run of entries from this process's first entry to the head" },
];

export const AUDIT_HELP = `Usage:
  hustings audit verify [--expect-head <seq:hash>] [--db <url>]
  hustings audit list [--after SEQ] [--last N] [--format text|json] [--db <url>]
  hustings audit replay [--db <url>]
  hustings audit events [--format text|markdown]
  hustings audit export [--process P] [--db <url>] > log.json

The audit log records every administrative action (opening and closing processes, recording
meetings, freezing electorates, counts, imports, appointments to offices…): who, what, when. It never
records a ballot or how anyone voted. Each entry carries the hash of the one before it, so any entry
edited, removed or moved breaks the chain.

verify   recomputes every hash and link and names each entry that is wrong and how: edited (its
         content no longer matches its hash), replaced (edited and re-hashed), missing (a gap in the
         sequence), moved (written at another place: entries reordered). Entries cut off the end
         leave a valid chain behind, so that is only detected against a head written down earlier:
         --expect-head <seq:hash> (as printed by verify and list) also checks that the log still
         reaches that entry, unchanged.
list     prints the entries in order (all, or those after --after, or the --last N), then the head.
replay   rebuilds each process from the log's step entries (each unit's meeting, the candidates, the
         lists, the frozen electorate, the count, the declaration, its version) and names every
         difference from the stored processes: a meeting changed in the database behind the log's
         back is found. Exit 0 when all match, 1 when any differ. Run verify first: replay trusts
         the log's entries.
events   lists every kind of entry and the data it carries.
export   writes the log as JSON, hash-chained and ending at the head, for \`hustings verify --audit\`:
         all of it, or with --process P the run of entries from P's first entry to the head (each
         entry's hash and link can still be checked, up to the head written down).

Every command here only reads: a store that does not exist is an error, never created. An empty log
is reported as empty, not as intact.

Options:
${groupOptionLines([VERIFY_FLAGS, LIST_FLAGS, EVENTS_FLAGS, EXPORT_FLAGS]).join('\n')}

Exit status: 0 the chain is intact (replay: everything matches); 1 a problem was found (each is printed), the log is empty, or the
store cannot be opened; 2 the command line is wrong.
`;

const PAGE = 10_000;

function helpWanted(p: Parsed, io: Io): boolean {
  if (!p.flags.has('help')) return false;
  io.stdout.write(AUDIT_HELP);
  return true;
}

export function headLine(head: AuditHead | null): string {
  return head === null ? 'Head: none (the log is empty)' : `Head: ${formatHead(head)}`;
}

/** The report of `verify`, as printed. */
export function verifyText(report: ChainReport, expected: AuditHead | undefined): string {
  const lines: string[] = [];
  const span = report.head === null ? 'no entries' : `${report.entries} entr${report.entries === 1 ? 'y' : 'ies'}, the last seq ${report.head.seq}`;
  if (report.ok) {
    lines.push(`The audit log is intact: ${span}; every entry matches its hash and follows the one before it.`);
    if (expected !== undefined) lines.push(`It still reaches the head written down (${formatHead(expected)}), unchanged.`);
  } else {
    lines.push(`The audit log has been tampered with: ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'} in ${span}.`);
    for (const p of report.problems) lines.push(`  ${p.kind}: ${p.message}`);
  }
  lines.push(headLine(report.head));
  if (expected === undefined && report.ok)
    lines.push('Write the head down: entries cut off the end can only be detected against it (hustings audit verify --expect-head <seq:hash>).');
  return lines.join('\n') + '\n';
}

async function verify(argv: readonly string[], io: Io): Promise<number> {
  const p = parseCommand(argv, VERIFY_FLAGS, 'audit verify');
  if (helpWanted(p, io)) return 0;
  positionals(p, [], 'hustings audit verify [--expect-head <seq:hash>]');
  const given = stringFlag(p, 'expect-head');
  const expected = given === undefined ? undefined : parseHead(given);
  if (expected === null)
    throw new UsageError(
      `--expect-head must be written <seq>:<hash> (a sequence number, a colon and 64 hex digits, as printed by hustings audit verify), not "${given}"`,
    );
  return withExistingStore(p, io, async (store, where) => {
    const report = verifyChain(await readAuditLog(store), { digest: sha256Hex, ...(expected ? { expectHead: expected } : {}) });
    if (report.head === null && expected === undefined) {
      // An empty log proves nothing: it is what a wrong store, or one whose log was emptied, would show.
      io.stdout.write(
        `The audit log is empty: ${describeStore(where.url)} records no administrative action, so there is nothing to verify.\n${headLine(null)}\n`,
      );
      io.stderr.write('hustings: the audit log is empty\n');
      return EXIT_REFUSED;
    }
    io.stdout.write(verifyText(report, expected));
    if (report.ok) return 0;
    io.stderr.write(`hustings: the audit log failed verification (${report.problems.map((x) => `${x.kind} at seq ${x.seq}`).join(', ')})\n`);
    return EXIT_REFUSED;
  });
}

function entryLine(e: AuditEntry): string {
  let data: string;
  try {
    data = canonicalJson(e.data);
  } catch {
    data = String(e.data);
  }
  return `${String(e.seq).padStart(6)}  ${e.at}  ${e.actor}  ${e.type}  ${data}`;
}

async function list(argv: readonly string[], io: Io): Promise<number> {
  const p = parseCommand(argv, LIST_FLAGS, 'audit list');
  if (helpWanted(p, io)) return 0;
  positionals(p, [], 'hustings audit list [--after SEQ] [--last N]');
  const format = p.flags.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json')
    throw new UsageError(format === true ? '--format needs a value' : `--format must be text or json, not "${format}"`);
  const afterText = stringFlag(p, 'after');
  if (afterText !== undefined && !/^\d+$/.test(afterText)) throw new UsageError(`--after must be a sequence number (0 or more), not "${afterText}"`);
  const last = optionalPositive(p, 'last');
  if (last !== undefined && afterText !== undefined) throw new UsageError('--after and --last cannot go together');
  return withExistingStore(p, io, async (store, where) => {
    let entries: AuditEntry[];
    if (last !== undefined) {
      entries = [];
      let before: number | undefined;
      while (entries.length < last) {
        const page = await store.auditEntries({ newestFirst: true, limit: Math.min(PAGE, last - entries.length), ...(before !== undefined ? { before } : {}) });
        entries.push(...page);
        if (page.length === 0) break;
        before = page[page.length - 1].seq;
      }
      entries.reverse();
    } else {
      entries = await readAuditLog(store, afterText === undefined ? 0 : Number(afterText));
    }
    const head = await store.auditHead();
    if (format === 'json') {
      writeJson(io, { head: head === null ? null : { seq: head.seq, hash: head.hash, text: formatHead(head) }, entries });
      return 0;
    }
    const lines =
      entries.length === 0
        ? [`No audit entries${afterText !== undefined ? ` after seq ${afterText}` : ''} in ${describeStore(where.url)}.`]
        : entries.map(entryLine);
    lines.push(headLine(head));
    io.stdout.write(lines.join('\n') + '\n');
    return 0;
  });
}

async function replay(argv: readonly string[], io: Io): Promise<number> {
  const p = parseCommand(argv, [DB_FLAG], 'audit replay');
  if (helpWanted(p, io)) return 0;
  positionals(p, [], 'hustings audit replay');
  return withExistingStore(p, io, async (store, where) => {
    const entries = await readAuditLog(store);
    if (entries.length === 0) {
      io.stderr.write(`hustings: the audit log of ${describeStore(where.url)} is empty, so there is nothing to replay\n`);
      return EXIT_REFUSED;
    }
    const constituencies = new Map((await store.listUnits({ kind: 'constituency' })).map((u) => [u.id as string, u.name]));
    const report = replayAudit(entries, await store.listProcesses(), (id) => constituencies.get(id));
    const span = `${report.steps} step entr${report.steps === 1 ? 'y' : 'ies'} of ${report.processes} process${report.processes === 1 ? '' : 'es'}`;
    if (report.differences.length === 0) {
      io.stdout.write(`Replayed ${span}: every process in the store matches its audit log.\n`);
      return 0;
    }
    const n = report.differences.length;
    io.stdout.write(
      [
        `Replayed ${span}: ${n} difference${n === 1 ? '' : 's'} between the stored processes and the audit log.`,
        ...report.differences.map((d) => `  ${d}`),
      ].join('\n') + '\n',
    );
    io.stderr.write(`hustings: the stored processes differ from the audit log in ${n} place${n === 1 ? '' : 's'}\n`);
    return EXIT_REFUSED;
  });
}

function events(argv: readonly string[], io: Io): number {
  const p = parseCommand(argv, EVENTS_FLAGS, 'audit events');
  if (helpWanted(p, io)) return 0;
  positionals(p, [], 'hustings audit events [--format text|markdown]');
  const format = p.flags.get('format') ?? 'text';
  if (format === 'markdown') io.stdout.write(auditEventsMarkdown());
  else if (format === 'text') io.stdout.write(auditEventsText());
  else throw new UsageError(format === true ? '--format needs a value' : `--format must be text or markdown, not "${format}"`);
  return 0;
}

async function exportLog(argv: readonly string[], io: Io): Promise<number> {
  const p = parseCommand(argv, EXPORT_FLAGS, 'audit export');
  if (helpWanted(p, io)) return 0;
  positionals(p, [], 'hustings audit export [--process P]');
  const processId = stringFlag(p, 'process');
  if (processId === '') throw new UsageError('--process needs a process id');
  return withStore(p, io, async (store) => {
    const all = await readAuditLog(store);
    const from = processId === undefined ? 0 : all.findIndex((e) => (e.data as { process?: unknown } | null)?.process === processId);
    if (from < 0) throw new CommandError(`the audit log has no entry for a process "${processId}"`);
    const entries = all.slice(from);
    const last = entries.at(-1);
    writeJson(io, { format: AUDIT_EXTRACT_FORMAT, version: 1, head: last === undefined ? null : formatHead(last), entries });
    return 0;
  });
}

/** The subcommands of `hustings audit`, registered in run.ts. */
export const AUDIT_COMMANDS: Readonly<Record<string, CommandHandler>> = {
  verify: (argv, io) => guarded(io, () => verify(argv, io)),
  list: (argv, io) => guarded(io, () => list(argv, io)),
  replay: (argv, io) => guarded(io, () => replay(argv, io)),
  events: async (argv, io) => events(argv, io),
  export: (argv, io) => guarded(io, () => exportLog(argv, io)),
};
