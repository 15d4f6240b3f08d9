import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { urcvtProblems } from '../report/urcvt-check.js';
import { ROOT, SCOTLAND, ensureBuilt, hustings } from './built.js';

const SAMPLE = [
  'count',
  'examples/nec-2024-sample.blt',
  '--method',
  'stv-droop',
  '--attributes',
  'examples/nec-2024-sample-candidates.csv',
  '--minimum',
  'gender=woman:4',
];
const WOMEN = new Set(
  readFileSync(join(ROOT, 'examples/nec-2024-sample-candidates.csv'), 'utf8')
    .split('\n')
    .filter((l) => l.split(',')[1] === 'woman')
    .map((l) => l.split(',')[0]),
);

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'hustings-cli-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The names listed under "Elected" in a table. */
function electedNames(table: string): string[] {
  const section = table.slice(table.indexOf('\nElected\n') + 9, table.indexOf('\n\nTies'));
  return [...section.matchAll(/^ +\d+\. (.+?) \(stage \d+/gm)].map((m) => m[1]);
}

/** Splits RFC 4180 CSV (the writer's own output: CRLF rows, quoted cells without line breaks). */
function csvRows(text: string): string[][] {
  return text
    .split('\r\n')
    .filter((l) => l !== '')
    .map((line) => {
      const cells: string[] = [];
      const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
      let m: RegExpExecArray | null;
      while ((m = re.exec(line)) !== null) {
        const raw = m[1];
        cells.push(raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw);
        if (m[2] === '') break;
      }
      return cells;
    });
}

describe('hustings count on the bundled sample (npm start)', () => {
  it('prints the round-by-round table, electing 9 with at least 4 women', async () => {
    const r = hustings(SAMPLE);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/\x1b\[/);
    const elected = electedNames(r.stdout);
    expect(elected).toHaveLength(9);
    expect(elected.filter((n) => WOMEN.has(n)).length).toBeGreaterThanOrEqual(4);
    expect(r.stdout).toContain('Minimum representation');
    await expect(r.stdout).toMatchFileSnapshot('golden/nec-2024-sample.table.txt');
  });

  it('writes the same count as CSV', async () => {
    const r = hustings([...SAMPLE, '--format', 'csv']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const rows = csvRows(r.stdout);
    const width = rows[0].length;
    for (const row of rows) expect(row).toHaveLength(width);
    expect(rows[0][0]).toBe('Stage');
    expect(rows[0][width - 1]).toBe('Result');
    const candidates = rows.filter((row) => /^(elected|excluded|not elected)/.test(row[width - 1]));
    expect(candidates).toHaveLength(20);
    expect(candidates.filter((row) => row[width - 1].startsWith('elected'))).toHaveLength(9);
    await expect(r.stdout).toMatchFileSnapshot('golden/nec-2024-sample.csv');
  });

  it('writes URCVT JSON that balances and that rcvis can read', async () => {
    const r = hustings([...SAMPLE, '--format', 'urcvt']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    // stv-droop counts in exact fractions shown to 6 places, rounded down: a round may fall short by that.
    expect(urcvtProblems(doc, { allNamed: true, slack: '0.000100' })).toEqual([]);
    expect(doc.summary).toMatchObject({ numWinners: 9, numCandidates: 20, totalNumBallots: '3800.000000', undervotes: 0 });
    const elected = doc.results.flatMap((round: { tallyResults: { elected?: string }[] }) => round.tallyResults.filter((t) => t.elected).map((t) => t.elected));
    expect(elected).toHaveLength(9);
    expect(doc.config.generatedBy).toBe(`Hustings ${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}`);
    await expect(r.stdout).toMatchFileSnapshot('golden/nec-2024-sample.urcvt.json');
  });
});

describe('hustings count, each method', () => {
  it('plurality and block count marks', () => {
    const p = hustings(['count', 'examples/mayor.csv', '--method', 'plurality']);
    expect(p.status).toBe(0);
    expect(p.stdout).toMatch(/1\. Asha Patel \(stage 1, most votes, 22\)/);
    const b = hustings(['count', 'examples/nec-2024-sample.blt', '--method', 'block']);
    expect(b.status).toBe(0);
    expect(electedNames(b.stdout)).toHaveLength(9);
  });

  it('irv: ballot-rule options change the winner of the mayor example', () => {
    const plain = hustings(['count', 'examples/mayor.csv', '--method', 'irv']);
    expect(plain.status).toBe(0);
    expect(plain.stdout).toMatch(/1\. Ben Carter/);
    const ruled = hustings(['count', 'examples/mayor.csv', '--method', 'irv', '--overvote-rule', 'exhaust-if-multiple-continuing', '--max-skipped-ranks', '1']);
    expect(ruled.status).toBe(0);
    expect(ruled.stdout).toMatch(/1\. Asha Patel/);
    expect(ruled.stdout).toMatch(/--overvote-rule +exhaust-if-multiple-continuing/);
    expect(ruled.stdout).toMatch(/--max-skipped-ranks +1/);
  });

  it('irv: booleans as bare flags or with =false', () => {
    const on = hustings(['count', 'examples/mayor.csv', '--method', 'irv', '--continue-until-two-remain']);
    expect(on.status).toBe(0);
    expect(on.stdout).toMatch(/--continue-until-two-remain +true/);
    const off = hustings(['count', 'examples/mayor.csv', '--method', 'irv', '--batch-elimination=false']);
    expect(off.status).toBe(0);
    expect(off.stdout).toMatch(/--batch-elimination +false/);
    const bad = hustings(['count', 'examples/mayor.csv', '--method', 'irv', '--batch-elimination=maybe']);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe('hustings: --batch-elimination takes true or false, not "maybe"\n');
  });

  it('stv-ers97 and stv-meek count the sample', () => {
    for (const method of ['stv-ers97', 'stv-meek']) {
      const r = hustings(['count', 'examples/nec-2024-sample.blt', '--method', method]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(electedNames(r.stdout)).toHaveLength(9);
      const doc = JSON.parse(hustings(['count', 'examples/nec-2024-sample.blt', '--method', method, '--format', 'urcvt']).stdout);
      expect(urcvtProblems(doc, { allNamed: false, slack: '0.001' })).toEqual([]);
    }
  });

  it('a seeded lot is reproducible', () => {
    const a = hustings(['count', 'examples/nec-2024-sample.blt', '--method', 'stv-droop', '--tie-break', 'lot', '--seed', '7']);
    const b = hustings(['count', 'examples/nec-2024-sample.blt', '--method', 'stv-droop', '--tie-break', 'lot', '--seed', '7']);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(/--seed +7/);
  });

  const ward = join(SCOTLAND, '2017/aberdeen_ward1.blt');
  if (!existsSync(ward)) console.warn(`skipping the Scottish ward example: ${ward} is absent (see README, "Data")`);
  describe.skipIf(!existsSync(ward))('stv-scottish on a real ward', () => {
    it('elects the four councillors of Aberdeen 2017 ward 1, in URCVT too', () => {
      const file = relative(ROOT, ward);
      const r = hustings(['count', file, '--method', 'stv-scottish']);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/quota 1322\.00000/);
      expect(electedNames(r.stdout)).toEqual(expect.arrayContaining([]));
      expect(electedNames(r.stdout)).toHaveLength(4);
      const doc = JSON.parse(hustings(['count', file, '--method', 'stv-scottish', '--format', 'urcvt']).stdout);
      expect(urcvtProblems(doc, { allNamed: true })).toEqual([]);
      expect(doc.summary.totalNumBallots).toBe('6608');
    });
  });
});

describe("hustings count --method irv reads ballots as RCTab defines its settings (issue 16's edge cases)", () => {
  /** Counts a BLT file written from `lines` by irv with `flags`, as URCVT JSON. */
  function irvUrcvt(name: string, lines: readonly string[], flags: readonly string[] = []) {
    const file = join(tmp, `${name}.blt`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const r = hustings(['count', file, '--method', 'irv', '--format', 'urcvt', ...flags]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(urcvtProblems(doc, { allNamed: true })).toEqual([]);
    return doc;
  }
  const names = ['"A"', '"B"', '"C"', '"Edge cases"'];

  it('a ballot whose marks are all unusable is exhausted from round 1; only a blank ballot is an undervote', () => {
    // B withdrawn (-2): 2 ballots rank only B, 1 ranks only the overvote A=C (skipped), 1 is blank.
    const doc = irvUrcvt(
      'unusable',
      ['3 1', '-2', '3 1 0', '2 3 0', '2 2 0', '1 1=3 0', '1 0', '0', ...names],
      ['--overvote-rule', 'always-skip-to-next-rank'],
    );
    expect(doc.summary.undervotes).toBe(1);
    expect(doc.results[0].inactiveBallots.exhaustedChoices).toBe('3');
  });

  it('continuing until two remain: the winning round eliminates no one and the threshold stays', () => {
    const doc = irvUrcvt('until-two', ['3 1', '6 1 0', '3 2 0', '2 3 0', '0', ...names], ['--continue-until-two-remain']);
    expect(doc.results.map((r: { tally: unknown }) => r.tally)).toEqual([
      { A: '6', B: '3', C: '2' },
      { A: '6', B: '3', C: '2' },
      { A: '6', B: '3' },
    ]);
    expect(doc.results.map((r: { threshold: string }) => r.threshold)).toEqual(['6', '6', '6']);
    expect(doc.results[0].tallyResults).toEqual([{ elected: 'A', transfers: {} }]);
    expect(doc.results[1].tallyResults).toEqual([{ eliminated: 'C', transfers: { exhausted: '2' } }]);
  });

  it('under always-skip with exhaust-on-duplicate, "A=B, A" is a repeated ranking', () => {
    const doc = irvUrcvt(
      'repeat',
      ['3 1', '2 1=2 1 0', '3 1 0', '4 3 0', '0', ...names],
      ['--overvote-rule', 'always-skip-to-next-rank', '--exhaust-on-duplicate'],
    );
    expect(doc.results[0].inactiveBallots.repeatedRankings).toBe('2');
    expect(doc.results[0].tally).toEqual({ A: '3', B: '0', C: '4' });
  });

  it('an overvote that includes a withdrawn candidate is still an overvote', () => {
    const doc = irvUrcvt('withdrawn-overvote', ['3 1', '-2', '2 1=2 3 0', '3 1 0', '3 3 0', '0', ...names]);
    expect(doc.results[0].inactiveBallots.overvotes).toBe('2');
    expect(doc.results[0].tally).toEqual({ A: '3', C: '3' });
  });
});

describe('hustings count, mistakes', () => {
  it('an option the method does not have: exit 2, its options listed, nothing on stdout', () => {
    const r = hustings(['count', 'examples/mayor.csv', '--method', 'irv', '--minimum', 'gender=woman:1']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      /^hustings: --minimum is not an option of irv \(its options: --seats, --overvote-rule, .*--tie-break, --seed, --tie-order; see hustings help count --method irv\)\n$/,
    );
    const typo = hustings(['count', 'examples/mayor.csv', '--method', 'irv', '--overvote', 'x']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toMatch(/^hustings: --overvote is not an option of irv/);
  });

  it('a bad option value: exit 2', () => {
    const r = hustings(['count', 'examples/mayor.csv', '--method', 'irv', '--overvote-rule', 'sometimes']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'hustings: --overvote-rule must be one of exhaust-immediately, always-skip-to-next-rank, exhaust-if-multiple-continuing, not "sometimes"\n',
    );
  });

  it('a mistake in the file: file:line: problem on stderr, exit 1, nothing on stdout', () => {
    const bad = join(tmp, 'bad.blt');
    writeFileSync(bad, '3 1\n2 1 2 0\n1 4 0\n0\n"A"\n"B"\n"C"\n"Title"\n');
    const r = hustings(['count', bad, '--method', 'irv']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: [^\\n]+\\n$`));
  });

  it('a missing file: exit 1, one line', () => {
    const r = hustings(['count', 'nosuch.blt', '--method', 'irv']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('hustings: nosuch.blt: no such file\n');
  });

  it('a directory instead of a file: exit 1, one line, no stack', () => {
    const r = hustings(['count', 'examples', '--method', 'irv', '--input-format', 'blt']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown method: exit 2, the methods listed', () => {
    const r = hustings(['count', 'examples/mayor.csv', '--method', 'borda']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'hustings: unknown method "borda" (methods: plurality, block, irv, stv-scottish, stv-ers97, stv-meek, stv-droop, stv-mpls, stv-wigm)\n',
    );
  });

  it('no method, no file, two files, an unknown command: exit 2', () => {
    for (const args of [
      ['count', 'examples/mayor.csv'],
      ['count', '--method', 'irv'],
      ['count', 'a.csv', 'b.csv', '--method', 'irv'],
      ['tally', 'x'],
    ]) {
      const r = hustings(args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^hustings: .+\n$/);
    }
  });

  it('a rule that cannot be met is refused before counting: exit 2', () => {
    const r = hustings([...SAMPLE.slice(0, -1), 'gender=woman:12']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^hustings: --minimum gender=woman:12 cannot be met/);
  });

  it('an unreadable attributes file points at its own line', () => {
    const attrs = join(tmp, 'attrs.csv');
    writeFileSync(attrs, 'name,gender\nNobody Atall,woman\n');
    const r = hustings(['count', 'examples/nec-2024-sample.blt', '--method', 'stv-droop', '--attributes', attrs]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(`${attrs}:`)).toBe(true);
  });
});

describe('hustings help', () => {
  it('count --help lists the methods and exit statuses', () => {
    const r = hustings(['count', '--help']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    for (const m of ['plurality', 'block', 'irv', 'stv-scottish', 'stv-ers97', 'stv-meek', 'stv-droop']) expect(r.stdout).toContain(`  ${m} `);
    expect(r.stdout).toContain('Exit status:');
  });

  it('help count --method irv lists its options with defaults and help', () => {
    for (const args of [
      ['help', 'count', '--method', 'irv'],
      ['count', '--method', 'irv', '--help'],
    ]) {
      const r = hustings(args);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/--overvote-rule <choice> +default: exhaust-immediately/);
      expect(r.stdout).toContain('choices: exhaust-immediately, always-skip-to-next-rank, exhaust-if-multiple-continuing');
      expect(r.stdout).toMatch(/--max-skipped-ranks <n\|unlimited> +default: unlimited/);
      expect(r.stdout).toMatch(/--batch-elimination +default: false/);
      expect(r.stdout).toMatch(/--seed <n> +default: 1/);
    }
  });

  it('--version prints the package version; no arguments prints usage and exits 2', () => {
    const v = hustings(['--version']);
    expect(v.status).toBe(0);
    expect(v.stdout).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version + '\n');
    const none = hustings([]);
    expect(none.status).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('Usage:');
    const help = hustings(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('hustings count <file> --method <method>');
  });
});
