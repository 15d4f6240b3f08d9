/**
 * `hustings selection electorate <process>` and `hustings election electorate
 * <process>`: the frozen electorate, for scrutineers — every member judged at
 * the freeze, whether they may vote and why. Never whether or how anyone voted:
 * the listing reads the electorate and the members, and nothing else.
 * A contest for members who self-identify is given only as counts (see privateElectorateNote).
 */
import type { MemberId, UnitId } from '../domain/ids.js';
import { csvLine } from '../report/csv-writer.js';
import type { ProcessDocument, ProcessKind } from '../domain/processes/documents.js';
import type { Store } from '../store/store.js';
import { UsageError } from './args.js';
import { ELECTORATE_FLAGS, helpOnly, type CommandHandler } from './process-commands.js';
import type { Io } from './run.js';
import { loadProcess } from '../app/load-process.js';
import { privateElectorateNote } from '../app/electorate-entry.js';
import { CommandError, guarded, parseCommand, positionals, settled, withExistingStore, writeJson } from './store-common.js';

interface Row {
  readonly member: string;
  readonly name: string;
  readonly eligible: boolean;
  readonly reason: string;
}

/** Members' names, read branch by branch (one pass over the members), then one by one for any who have moved since. */
async function names(store: Store, proc: ProcessDocument, members: readonly MemberId[]): Promise<Map<string, string>> {
  const wanted = new Set<string>(members);
  const found = new Map<string, string>();
  const branches: UnitId[] =
    proc.constituency === null
      ? (await store.listUnits({ kind: 'branch' })).map((u) => u.id)
      : (await store.listUnits({ kind: 'branch', parent: proc.constituency })).map((u) => u.id);
  for await (const m of store.membersOf(branches)) if (wanted.has(m.id)) found.set(m.id, m.name);
  for (const id of members) {
    if (found.has(id)) continue;
    found.set(id, (await store.getMember(id))?.name ?? '(no longer in the membership list)');
  }
  return found;
}

/**
 * A contest for members who self-identify: the counts and why there is nothing more, in the format
 * asked for, so no listing or export names who is on it.
 */
function writePrivateElectorate(
  io: Io,
  format: 'text' | 'csv' | 'json',
  proc: ProcessDocument,
  summary: { readonly freezeDate: string; readonly eligible: number; readonly total: number },
  hidden: string,
): void {
  const { freezeDate, eligible, total } = summary;
  if (format === 'json') writeJson(io, { process: proc.id, freezeDate, eligible, total, members: null, note: hidden });
  else if (format === 'csv')
    io.stdout.write(
      [
        ['eligible', 'total', 'note'],
        [String(eligible), String(total), hidden],
      ]
        .map((cells) => csvLine(cells, '\n'))
        .join(''),
    );
  else {
    const title = proc.kind === 'trigger-ballot' ? proc.id : proc.state.title;
    io.stdout.write(
      `Electorate of ${title} (${proc.id}), frozen at ${freezeDate}: ${eligible.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} members eligible.\n\n${hidden}\n`,
    );
  }
}

export function electorateHandler(group: string, kind: ProcessKind, help: string): CommandHandler {
  return (argv: readonly string[], io: Io) =>
    guarded(io, async () => {
      const p = parseCommand(argv, ELECTORATE_FLAGS, `${group} electorate`);
      if (helpOnly(p, io, help)) return 0;
      const [id] = positionals(p, ['a process id'], `hustings ${group} electorate <process> [--format text|csv|json]`);
      const format = p.flags.get('format') ?? 'text';
      if (format !== 'text' && format !== 'csv' && format !== 'json')
        throw new UsageError(format === true ? '--format needs a value' : `--format must be text, csv or json, not "${format}"`);
      return withExistingStore(p, io, async (store) => {
        const proc = settled(await loadProcess(store, id, kind));
        const summary = proc.kind === 'trigger-ballot' || proc.kind === 'nomination-meeting' ? null : proc.state.electorate;
        if (!summary) throw new CommandError(`the electorate of ${proc.id} has not been frozen yet (see hustings ${group} freeze)`);
        const hidden = privateElectorateNote(proc);
        if (hidden !== null) {
          writePrivateElectorate(io, format, proc, summary, hidden);
          return 0;
        }
        const entries = await store.electorate(proc.id);
        const named = await names(
          store,
          proc,
          entries.map((e) => e.member),
        );
        const rows: Row[] = entries.map((e) => ({ member: e.member, name: named.get(e.member)!, eligible: e.eligible, reason: e.reason }));
        if (format === 'json') {
          writeJson(io, { process: proc.id, freezeDate: summary.freezeDate, eligible: summary.eligible, total: summary.total, members: rows });
        } else if (format === 'csv') {
          io.stdout.write(
            [['member', 'name', 'eligible', 'reason'], ...rows.map((r) => [r.member, r.name, r.eligible ? 'yes' : 'no', r.reason])]
              .map((cells) => csvLine(cells, '\n'))
              .join(''),
          );
        } else {
          const idWidth = Math.max(6, ...rows.map((r) => r.member.length));
          const nameWidth = Math.min(32, Math.max(4, ...rows.map((r) => r.name.length)));
          const title = proc.kind === 'trigger-ballot' ? proc.id : proc.state.title;
          const lines = [
            `Electorate of ${title} (${proc.id}), frozen at ${summary.freezeDate}: ${summary.eligible.toLocaleString('en-GB')} of ${summary.total.toLocaleString('en-GB')} members eligible.`,
            '',
            `${'member'.padEnd(idWidth)}  ${'name'.padEnd(nameWidth)}  eligible  reason`,
            ...rows.map((r) => `${r.member.padEnd(idWidth)}  ${r.name.padEnd(nameWidth)}  ${(r.eligible ? 'yes' : 'no').padEnd(8)}  ${r.reason}`),
          ];
          io.stdout.write(lines.join('\n') + '\n');
        }
        return 0;
      });
    });
}
