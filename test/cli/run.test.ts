/** The command driven in-process, with stand-in terminals: colour, width and the progress bar. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError, parseArgs } from '../../src/cli/args.js';
import { ProgressBar } from '../../src/cli/progress.js';
import { run, type Io } from '../../src/cli/run.js';

function io(opts: { stdoutTTY?: boolean; stderrTTY?: boolean; columns?: number; env?: Record<string, string> } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const value: Io = {
    stdout: { write: (s: string) => out.push(s), isTTY: opts.stdoutTTY ?? false, columns: opts.columns },
    stderr: { write: (s: string) => err.push(s), isTTY: opts.stderrTTY ?? false, columns: 80 },
    env: opts.env ?? {},
  };
  return { io: value, out: () => out.join(''), err: () => err.join(''), writes: () => out.length };
}

let tmp: string;
let big: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'hustings-run-'));
  big = join(tmp, 'big.blt');
  // Just over 6 MB of ballots: enough to earn a progress bar.
  const line = '1 1 2 3 0\n1 2 3 0\n1 3 1 0\n';
  writeFileSync(big, '3 1\n' + line.repeat(Math.ceil((6 * 1024 * 1024) / line.length)) + '0\n"Ann"\n"Bob"\n"Cy"\n"Big file"\n');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('parseArgs', () => {
  const specs = [
    { flag: 'method', short: 'm', takesValue: true, help: 'the rule' },
    { flag: 'batch', takesValue: false, help: 'in a batch' },
    { flag: 'minimum', takesValue: true, repeatJoin: ';', help: 'a minimum' },
  ];
  const unknown = (f: string) => new UsageError(`unknown ${f}`);

  it('reads values, bare flags, =values and positionals', () => {
    const p = parseArgs(['f.blt', '-m', 'irv', '--batch', '--minimum=a=b:1', '--', '--odd'], specs, unknown);
    expect(p.positionals).toEqual(['f.blt', '--odd']);
    expect([...p.flags]).toEqual([
      ['method', 'irv'],
      ['batch', true],
      ['minimum', 'a=b:1'],
    ]);
  });

  it('joins a repeatable flag and refuses other repeats, unknown flags and missing values', () => {
    expect(parseArgs(['--minimum', 'a=b:1', '--minimum', 'c=d:2'], specs, unknown).flags.get('minimum')).toBe('a=b:1;c=d:2');
    expect(() => parseArgs(['--batch', '--batch'], specs, unknown)).toThrow('--batch is given twice');
    expect(() => parseArgs(['--nope'], specs, unknown)).toThrow('unknown nope');
    expect(() => parseArgs(['--method'], specs, unknown)).toThrow('--method needs a value');
  });
});

describe('run', () => {
  const sample = ['count', 'examples/nec-2024-sample.blt', '--method', 'stv-droop'];

  it('writes the result in one piece, without colour unless stdout is a terminal', async () => {
    const plain = io();
    expect(await run(sample, plain.io)).toBe(0);
    expect(plain.writes()).toBe(1);
    expect(plain.out()).not.toMatch(/\x1b\[/);
    expect(plain.err()).toBe('');

    const tty = io({ stdoutTTY: true, columns: 120 });
    expect(await run(sample, tty.io)).toBe(0);
    expect(tty.out()).toMatch(/\x1b\[1;32m/);

    for (const off of [io({ stdoutTTY: true, env: { NO_COLOR: '1' } }), io({ stdoutTTY: true })]) {
      const args = off.io.env.NO_COLOR ? sample : [...sample, '--no-color'];
      expect(await run(args, off.io)).toBe(0);
      expect(off.out()).not.toMatch(/\x1b\[/);
    }
  });

  it("fits the table to a terminal's width", async () => {
    const narrow = io({ stdoutTTY: true, columns: 70, env: { NO_COLOR: '1' } });
    expect(await run(sample, narrow.io)).toBe(0);
    const table = narrow.out().slice(0, narrow.out().indexOf('* elected'));
    for (const l of table.split('\n')) expect([...l].length).toBeLessThanOrEqual(70);
  });

  it('shows a progress bar for a large file only when stderr is a terminal, and clears it', async () => {
    const quiet = io();
    expect(await run(['count', big, '--method', 'irv'], quiet.io)).toBe(0);
    expect(quiet.err()).toBe('');

    const shown = io({ stderrTTY: true });
    expect(await run(['count', big, '--method', 'irv'], shown.io)).toBe(0);
    expect(shown.err()).toMatch(/^\r.*big\.blt \[[#.]+\] +\d+% [\d.]+\/[\d.]+ MB/);
    expect(shown.err()).toContain('100%');
    expect(shown.err().endsWith('\r\x1b[2K')).toBe(true);
    expect(shown.out()).toBe(quiet.out());

    const small = io({ stderrTTY: true });
    expect(await run(sample, small.io)).toBe(0);
    expect(small.err()).toBe('');
  });

  it('clears the progress bar when reading fails, then reports one line', async () => {
    const bad = join(tmp, 'bad-big.blt');
    writeFileSync(bad, '3 1\n' + '1 1 2 3 0\n'.repeat(600_000) + '1 9 0\n0\n"A"\n"B"\n"C"\n"T"\n');
    const r = io({ stderrTTY: true });
    expect(await run(['count', bad, '--method', 'irv'], r.io)).toBe(1);
    expect(r.out()).toBe('');
    const err = r.err();
    const cleared = err.lastIndexOf('\r\x1b[2K');
    expect(cleared).toBeGreaterThan(0);
    expect(err.slice(cleared + 5)).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:600002: [^\\n]+\\n$`));
  });
});

describe('ProgressBar', () => {
  it('redraws at most every 100 ms, but always at the end', () => {
    const writes: string[] = [];
    let now = 0;
    const bar = new ProgressBar({ write: (s) => writes.push(s), columns: 60 }, 'f.csv', () => now);
    bar.update(1, 10);
    now = 50;
    bar.update(2, 10);
    now = 150;
    bar.update(3, 10);
    bar.update(10, 10);
    expect(writes).toHaveLength(3);
    for (const w of writes) expect(w.length).toBeLessThanOrEqual(61);
    bar.clear();
    expect(writes[3]).toBe('\r\x1b[2K');
  });
});
