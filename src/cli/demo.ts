/** `hustings demo [--seed N] [--members N]`: a synthetic party, generated deterministically into the configured store. */
import { loadDemoParty, partyHeld } from '../app/load-demo.js';
import { DEFAULT_MEMBERS, MAX_MEMBERS } from '../demo/generate.js';
import { LABOUR_2021 } from '../domain/presets.js';
import { dateOf } from '../domain/time.js';
import { cliActor } from '../runtime/os-user.js';
import { describeStore } from '../runtime/store-location.js';
import { UsageError, optionLines, type FlagSpec } from './args.js';
import type { Io } from './run.js';
import { CommandError, DB_FLAG, NOW_FLAG, clockFrom, guarded, parseCommand, positionals, stringFlag, withStore } from './store-common.js';

const FLAGS: readonly FlagSpec[] = [
  DB_FLAG,
  { ...NOW_FLAG, help: 'the date the party is "as of" (YYYY-MM-DD or an ISO instant; default: today)' },
  { flag: 'seed', takesValue: true, value: 'N', help: "the generator's seed (default 1)" },
  {
    flag: 'members',
    takesValue: true,
    value: 'N',
    help: `members in all (default ${DEFAULT_MEMBERS}, at least 100); fewer members give proportionally fewer constituencies (at least one), more give larger ones`,
  },
];

export const DEMO_HELP = `Usage: hustings demo [--seed N] [--members N] [--db <url>] [--now <date>]

Generates a realistic synthetic party into an empty store: 11 regions, about 650 constituencies
with 8-14 branches and 0-30 affiliated branches each (from a dozen invented unions and societies),
${DEFAULT_MEMBERS.toLocaleString('en-GB')} members with plausible join dates (surges in 1994-97, 2015-17 and 2020), statuses
and status histories, officers, incumbents in about 200 seats; then, through the same state
machines as the other commands, trigger ballots under way and closed, selections at three phases
and a national executive election taking nominations (rulebook labour-2021).

The same seed, member count and date always give the same party. Every name is invented and every
email address is at example.org, example.com or example.net.

${optionLines(FLAGS).join('\n')}
The store must hold no party yet.
`;

function wholeNumber(p: ReturnType<typeof parseCommand>, name: string, fallback: number, min: number): number {
  const v = stringFlag(p, name);
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v)) || Number(v) < min)
    throw new UsageError(`--${name} must be a whole number of ${min} or more, not "${v}"`);
  return Number(v);
}

const n = (x: number): string => x.toLocaleString('en-GB');

const MIN_MEMBERS = 100;

export async function demo(argv: readonly string[], io: Io): Promise<number> {
  const p = parseCommand(argv, FLAGS, 'demo');
  if (p.flags.has('help')) {
    io.stdout.write(DEMO_HELP);
    return 0;
  }
  positionals(p, [], 'hustings demo [--seed N] [--members N]');
  const seed = wholeNumber(p, 'seed', 1, 0);
  if (seed > 0xffffffff) throw new UsageError(`--seed must be at most ${0xffffffff}, not ${seed}`);
  // Fewer and the demo's selections could not find enough members to stand.
  const members = wholeNumber(p, 'members', DEFAULT_MEMBERS, MIN_MEMBERS);
  if (members > MAX_MEMBERS) throw new UsageError(`--members must be at most ${MAX_MEMBERS}, not ${members}`);
  const clock = clockFrom(p);
  const today = dateOf(clock.now());

  return guarded(io, () =>
    withStore(p, io, async (store, where) => {
      const held = await partyHeld(store);
      if (held !== null) {
        throw new CommandError(
          `the store at ${describeStore(where.url)} already holds a party (${n(held)} members); the demo needs an empty store (choose another with --db)`,
        );
      }
      const tty = io.stderr.isTTY === true;
      let lastDraw = 0;
      const summary = await loadDemoParty(store, { seed, members, today }, clock, cliActor(), (stage, done, total) => {
        if (!tty) return;
        const t = Date.now();
        if (t - lastDraw < 100 && done < total) return;
        lastDraw = t;
        io.stderr.write(`\r\x1b[2Kdemo: ${stage} ${n(done)}/${n(total)}`);
      });
      if (tty) io.stderr.write('\r\x1b[2K');

      const u = summary.units;
      const lines = [
        `Demo party (seed ${seed}, as of ${today}) written to ${describeStore(where.url)}:`,
        `  ${n(u.region ?? 0)} regions, ${n(u.constituency ?? 0)} constituencies, ${n(u.branch ?? 0)} branches, ${n(u.affiliate ?? 0)} affiliates with ${n(u['affiliated-branch'] ?? 0)} affiliated branches`,
        `  ${n(summary.members)} members, ${n(summary.offices)} officers, ${n(summary.incumbents)} incumbents`,
        '',
        `Processes under way (rulebook ${LABOUR_2021.id}):`,
      ];
      const idWidth = Math.max(...summary.processes.map((x) => x.id.length), 0);
      for (const pr of summary.processes) lines.push(`  ${pr.id.padEnd(idWidth)}  ${pr.kind.padEnd(17)}  ${pr.phase.padEnd(17)}  ${pr.detail}`);
      const first = (kind: string) => summary.processes.find((x) => x.kind === kind)?.id;
      const tb = first('trigger-ballot');
      const sel = first('selection');
      const db = where.source === 'flag' ? ` --db ${where.url}` : '';
      lines.push('', 'Look around:', `  hustings trigger list${db}`);
      if (tb) lines.push(`  hustings trigger status ${tb}${db}`);
      if (sel) lines.push(`  hustings selection status ${sel}${db}`);
      io.stdout.write(lines.join('\n') + '\n');
      return 0;
    }),
  );
}
