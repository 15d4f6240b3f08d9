/**
 * Each command's flags are declared once: the parser reads the command line by
 * that table and the command's help lists it. Driven in-process; the commands
 * and subcommands are found by asking the command line itself, so a new one is
 * checked without being listed here.
 */
import { describe, expect, it } from 'vitest';
import { UsageError, parseArgs } from '../../src/cli/args.js';
import { COUNT_FLAGS, run, type Io } from '../../src/cli/run.js';
import { PARTY_COMMAND_FLAGS, SWEEP_FLAGS } from '../../src/cli/simulate-party.js';

async function hustings(argv: readonly string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) }, env: {} };
  const status = await run(argv, io);
  return { status, stdout: out.join(''), stderr: err.join('') };
}

/** The names in a message's parenthesis after `label`, e.g. `(commands: count, init, …)`. */
function listed(message: string, label: RegExp): string[] {
  const names = label.exec(message)?.[1];
  expect(names, message).toBeDefined();
  return names?.split(', ') ?? [];
}

async function everyCommand(): Promise<string[][]> {
  const commands = listed((await hustings(['no-such-command'])).stderr, /\(commands: ([^)]*)\)/).filter((c) => c !== 'help');
  const found: string[][] = [];
  for (const command of commands) {
    // A flag no command has: a group names its subcommands, any other command refuses it, and nothing runs.
    const r = await hustings([command, '--no-such-flag']);
    expect(r.status, command).toBe(2);
    const subs = /\(subcommands of [a-z]+: ([^)]*)\)/.exec(r.stderr)?.[1];
    if (subs !== undefined) found.push(...subs.split(', ').map((sub) => [command, sub]));
    else found.push([command]);
  }
  return found;
}

describe('a flag that takes a value never takes another flag as it', () => {
  it('count --seats --method irv: --seats needs a value, a usage error', async () => {
    const r = await hustings(['count', 'examples/nec-2024-sample.blt', '--seats', '--method', 'irv']);
    expect(r).toEqual({ status: 2, stdout: '', stderr: 'hustings: --seats needs a value\n' });
  });

  it('election open --seats --method irv: the same, before the store is opened', async () => {
    const r = await hustings(['election', 'open', 'Committee', '--db', 'sqlite:/nonexistent/dir/x.db', '--seats', '--method', 'irv']);
    expect(r).toEqual({ status: 2, stdout: '', stderr: 'hustings: --seats needs a value\n' });
    const short = await hustings(['simulate', 'cases', '-f', '-c', 'x']);
    expect(short.stderr).toBe('hustings: -f needs a value\n');
  });

  it('a negative number, a lone "-" and --flag=-value are still values', () => {
    const specs = [
      { flag: 'from', takesValue: true, help: 'first value' },
      { flag: 'to', takesValue: true, help: 'last value' },
      { flag: 'note', takesValue: true, help: 'a note' },
    ];
    const unknown = (f: string) => new UsageError(`unknown ${f}`);
    const p = parseArgs(['--from', '-0.5', '--to', '-3', '--note=-x-', 'file', '-'], specs, unknown);
    expect([...p.flags]).toEqual([
      ['from', '-0.5'],
      ['to', '-3'],
      ['note', '-x-'],
    ]);
    expect(p.positionals).toEqual(['file', '-']);
    expect(() => parseArgs(['--note', '--'], specs, unknown)).toThrow('--note needs a value');
    expect(() => parseArgs(['--note', '-x'], specs, unknown)).toThrow('--note needs a value');
  });
});

describe("every command's help lists every flag its table declares", () => {
  it('finds the commands and subcommands', async () => {
    const all = await everyCommand();
    expect(all.length).toBeGreaterThan(40);
    expect(all).toContainEqual(['trigger', 'open']);
    expect(all).toContainEqual(['rulebook', 'schema']);
    expect(all).toContainEqual(['vote']);
  });

  it('each flag the "not an option" message lists is in the help', async () => {
    let checked = 0;
    for (const command of await everyCommand()) {
      const wrong = await hustings([...command, '--no-such-flag']);
      expect(wrong.status, command.join(' ')).toBe(2);
      const options = /\(its options: ([^;]*);/.exec(wrong.stderr)?.[1];
      if (options === undefined) continue;
      const help = await hustings([...command, '--help']);
      expect(help.status, command.join(' ')).toBe(0);
      for (const flag of options.split(', ').filter((f) => f !== 'none')) {
        expect(help.stdout, `${command.join(' ')} --help lists ${flag}`).toMatch(new RegExp(`(^|[\\s\\[(])${flag}\\b`, 'm'));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('count, simulate party and simulate sweep, whose messages do not list their flags', async () => {
    const tables: [string[], readonly { flag: string }[]][] = [
      [['count'], COUNT_FLAGS],
      [['simulate', 'party'], PARTY_COMMAND_FLAGS],
      [['simulate', 'sweep'], SWEEP_FLAGS],
    ];
    for (const [command, flags] of tables) {
      const help = (await hustings([...command, '--help'])).stdout;
      for (const { flag } of flags) expect(help, `${command.join(' ')} --help lists --${flag}`).toContain(`--${flag}`);
    }
  });
});
