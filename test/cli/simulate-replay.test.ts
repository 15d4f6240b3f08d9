import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABOUR_1990 } from '../../src/domain/presets.js';
import { ROOT, ensureBuilt, hustings } from './built.js';

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'hustings-replay-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

function rows(constituency: string, cls: string, decision: string, n: number, prefix: string): string[] {
  return Array.from({ length: n }, (_, i) => `${constituency},${prefix} ${i + 1},${cls},${decision}`);
}

const ILFORD_CSV = join(ROOT, 'examples/real-cases/ilford-south-2022.csv');
const ILFORD_NAME = 'Ilford South 2022: 10 of 10 branches; 3 of 21 affiliates (1 abstaining)';

/** Two constituencies, their rows interleaved, with the same unit names in each. */
const TWO = [
  'constituency,unit,class,decision',
  ...rows('Northtown', 'branch', 'yes', 2, 'Ward'),
  ...rows('Southtown', 'branch', 'yes', 4, 'Ward'),
  ...rows('Northtown', 'branch', 'no', 4, 'Ward no'),
  'Northtown,Ward away,branch,absent',
  ...rows('Southtown', 'affiliate', 'yes', 1, 'Union'),
  ...rows('Southtown', 'affiliate', 'no', 3, 'Union no'),
  '',
].join('\n');

describe('hustings simulate replay', () => {
  it('the Ilford South example under every rulebook: the table, the rules, what was not replayed, the arithmetic', () => {
    const r = hustings(['simulate', 'replay', ILFORD_CSV, '--rulebooks', 'all']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      [
        `${'constituency'.padEnd(ILFORD_NAME.length)}  labour-1979  labour-1990  labour-2018  labour-2021`,
        `${ILFORD_NAME}  triggered    readopted    triggered    triggered`,
        '',
        'Rules:',
        '  labour-1979  Labour 1979 holds a full selection every time (mandatory reselection).',
        '  labour-1990  Labour 1990 pools branches and affiliates and triggers if more than half of the',
        '               voting units want a selection.',
        '  labour-2018  Labour 2018 triggers if either branches or affiliates reach at least one third of',
        '               their voting units.',
        '  labour-2021  Labour 2021 combines branches and affiliates in a 50/50 electoral college and',
        '               triggers above 50%.',
        '',
        'Not replayed:',
        "  libdem-readoption: Liberal Democrat readoption readopts by a vote at a members' meeting, which the",
        "    units' decisions do not record.",
        "  conservative-readoption: Conservative readoption readopts by a vote at a members' meeting, which",
        "    the units' decisions do not record.",
        '',
        ILFORD_NAME,
        '  labour-1979: triggered',
        '    mandatory reselection: a full selection is held whatever the units decide: triggered',
        '  labour-1990: readopted',
        '    branches: 10 of 10 voting want a selection',
        '    affiliates: 3 of 20 voting want a selection (1 abstained)',
        '    pooled: 13 of 30 voting units = 13/30 (about 43.33%), not > 50%: readopted',
        '  labour-2018: triggered',
        '    branches: 10 of 10 voting want a selection = 100% ≥ 1/3',
        '    affiliates: 3 of 20 voting want a selection (1 abstained) = 15%, not ≥ 1/3',
        '    branches reach at least one third: triggered',
        '  labour-2021: triggered',
        '    branches: 10 of 10 voting want a selection = 100% × 50% = 50% of the college',
        '    affiliates: 3 of 20 voting want a selection (1 abstained) = 15% × 50% = 7.5% of the college',
        '    total 57.5% > 50%: triggered',
        '',
      ].join('\n'),
    );
    // --rulebooks all is the default.
    expect(hustings(['simulate', 'replay', ILFORD_CSV]).stdout).toBe(r.stdout);
  });

  it('--format json: {"constituencies": [{"constituency", "outcomes": {rulebook: outcome}}]}, extra keys beside it', () => {
    const r = hustings(['simulate', 'replay', ILFORD_CSV, '--rulebooks', 'all', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.constituencies).toEqual([
      {
        constituency: ILFORD_NAME,
        outcomes: { 'labour-1979': 'triggered', 'labour-1990': 'readopted', 'labour-2018': 'triggered', 'labour-2021': 'triggered' },
      },
    ]);
    expect(Object.keys(o.constituencies[0])).toEqual(['constituency', 'outcomes']);
    expect(o.notReplayed.map((n: { rulebook: string }) => n.rulebook)).toEqual(['libdem-readoption', 'conservative-readoption']);
    expect(o.arithmetic[0].rulebooks['labour-1990'].at(-1)).toBe('pooled: 13 of 30 voting units = 13/30 (about 43.33%), not > 50%: readopted');
  });

  it('many constituencies in one file, rows in any order, unit names reused across constituencies', () => {
    const r = hustings(['simulate', 'replay', file('two.csv', TWO), '--rulebooks', 'labour-1990,labour-2018,labour-2021', '-f', 'json']);
    expect(r.stderr).toBe('');
    // Northtown: branches 2 of 6 voting (1 absent): 1990 1/3 no; 2018 1/3 ≥ 1/3; 2021 branches alone 1/3 no.
    // Southtown: branches 4/4, affiliates 1/4: 1990 5/8 > 1/2; 2018 branches 100%; 2021 1/2 + 1/8 = 62.5%.
    expect(JSON.parse(r.stdout).constituencies).toEqual([
      { constituency: 'Northtown', outcomes: { 'labour-1990': 'readopted', 'labour-2018': 'triggered', 'labour-2021': 'readopted' } },
      { constituency: 'Southtown', outcomes: { 'labour-1990': 'triggered', 'labour-2018': 'triggered', 'labour-2021': 'triggered' } },
    ]);
    const text = hustings(['simulate', 'replay', file('two.csv', TWO), '--rulebooks', 'labour-1990', '--rulebooks', 'labour-2021']).stdout;
    expect(text.split('\n').slice(0, 5)).toEqual([
      'constituency  labour-1990  labour-2021',
      'Northtown     readopted    readopted',
      'Southtown     triggered    triggered',
      'triggered     1 of 2       1 of 2',
      '',
    ]);
    expect(text).not.toContain('Not replayed');
    expect(text).toContain(
      '\nSouthtown\n  labour-1990: triggered\n    branches: 4 of 4 voting want a selection\n    affiliates: 1 of 4 voting want a selection\n    pooled: 5 of 8 voting units = 62.5% > 50%: triggered\n',
    );
  });

  it("a members'-meeting rulebook named explicitly is set aside, and the output says so", () => {
    const r = hustings(['simulate', 'replay', ILFORD_CSV, '--rulebooks', 'labour-2021,libdem-readoption', '--format', 'json']);
    expect(r.status).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.constituencies[0].outcomes).toEqual({ 'labour-2021': 'triggered' });
    expect(o.notReplayed).toEqual([
      {
        rulebook: 'libdem-readoption',
        reason: "Liberal Democrat readoption readopts by a vote at a members' meeting, which the units' decisions do not record",
      },
    ]);
    expect(hustings(['simulate', 'replay', ILFORD_CSV, '-r', 'libdem-readoption,labour-2021']).stdout).toContain('Not replayed:\n  libdem-readoption: ');
  });

  it('a custom rulebook file beside the bundled ones', () => {
    const custom = JSON.parse(JSON.stringify(LABOUR_1990));
    custom.id = 'labour-1990-inclusive';
    custom.name = 'Labour 1990, exactly half triggers';
    custom.incumbentReview.combine.threshold.inclusive = true;
    const rb = file('inclusive.json', JSON.stringify(custom));
    const half = ['constituency,unit,class,decision', ...rows('Even', 'branch', 'yes', 3, 'Y'), ...rows('Even', 'branch', 'no', 3, 'N'), ''].join('\n');
    const r = hustings(['simulate', 'replay', file('half.csv', half), '--rulebooks', `labour-1990,${rb}`, '--format', 'json']);
    expect(r.stderr).toBe('');
    // 3 of 6 = 50%: not more than half under the bundled rule; at least half under the custom one.
    expect(JSON.parse(r.stdout).constituencies[0].outcomes).toEqual({ 'labour-1990': 'readopted', 'labour-1990-inclusive': 'triggered' });
  });

  it('the affiliate column, columns in any order, and a rulebook giving each affiliate one vote', () => {
    const custom = JSON.parse(JSON.stringify(LABOUR_1990));
    custom.id = 'per-affiliate';
    custom.name = 'One vote per union';
    custom.incumbentReview.affiliateCounting = 'per-affiliate';
    const rb = file('per-affiliate.json', JSON.stringify(custom));
    const csv = [
      'decision,affiliate,Constituency,class,unit',
      'yes,,Leeds,branch,Ward 1',
      'no,,Leeds,branch,Ward 2',
      'yes,Unite,Leeds,affiliate,"Unite, 1"',
      'yes,Unite,Leeds,affiliate,"Unite, 2"',
      'no,GMB,Leeds,affiliate,GMB 1',
      '',
    ].join('\r\n');
    const r = hustings(['simulate', 'replay', file('unions.csv', csv), '--rulebooks', `labour-1990,${rb}`, '--format', 'json']);
    expect(r.stderr).toBe('');
    // Per branch: 3 of 5 = 60% > 50%. Per affiliate: Unite yes, GMB no, so 2 of 4 = 50%, not more than half.
    expect(JSON.parse(r.stdout).constituencies).toEqual([{ constituency: 'Leeds', outcomes: { 'labour-1990': 'triggered', 'per-affiliate': 'readopted' } }]);
  });

  it('every example of real cases replays, with the outcomes of hustings simulate cases', () => {
    type CasesJson = { cases: { name: string; readings: { name: string; outcomes: Record<string, string> }[] }[] };
    const json = JSON.parse(hustings(['simulate', 'cases', '--format', 'json']).stdout) as CasesJson;
    const byName = new Map<string, Record<string, string>>();
    for (const c of json.cases) for (const r of c.readings) byName.set(`${c.name}: ${r.name}`, r.outcomes);
    let seen = 0;
    for (const id of ['barking-2019', 'hull-north-2019', 'ilford-south-2022']) {
      const r = hustings(['simulate', 'replay', join(ROOT, `examples/real-cases/${id}.csv`), '--format', 'json']);
      expect(r.status).toBe(0);
      for (const c of JSON.parse(r.stdout).constituencies) {
        expect(c.outcomes, c.constituency).toEqual(byName.get(c.constituency));
        seen++;
      }
    }
    expect(seen).toBe(byName.size);
    expect(seen).toBe(17);
  });
});

describe('bad results file: file:line: problem on stderr, exit 1, nothing on stdout', () => {
  const cases: [string, string, string][] = [
    [
      'no-constituency.csv',
      'unit,class,decision\nWard 1,branch,yes\n',
      '1: the header needs "constituency" (columns: constituency, unit, class, decision and optionally affiliate)',
    ],
    [
      'empty-constituency.csv',
      'constituency,unit,class,decision\nA,Ward 1,branch,yes\n ,Ward 2,branch,no\n',
      '3: constituency: empty (each row names its constituency)',
    ],
    [
      'twice.csv',
      'constituency,unit,class,decision\nA,Ward 1,branch,yes\nB,Ward 1,branch,yes\nA,Ward 1,branch,no\n',
      '4: unit "Ward 1" of constituency "A" is listed twice (first on line 2)',
    ],
    ['bad-decision.csv', 'constituency,unit,class,decision\nA,Ward 1,branch,maybe\n', '2: decision: "maybe" is not yes, no, abstain or absent'],
    [
      'unknown-column.csv',
      'constituency,unit,class,decision,ward\n',
      '1: unknown column "ward" (columns: constituency, unit, class, decision and optionally affiliate)',
    ],
    ['no-header.csv', 'A,Ward 1,branch,yes\n', '1: unknown column "A" (columns: constituency, unit, class, decision and optionally affiliate)'],
    ['empty.csv', '', '1: empty file: the first line must be the header constituency,unit,class,decision'],
    ['header-only.csv', 'constituency,unit,class,decision\n', '1: no unit results below the header'],
    ['dup-constituency.csv', 'constituency,unit,class,decision,Constituency\n', '1: the column "constituency" appears twice'],
    ['cells.csv', 'constituency,unit,class,decision\nA,Ward 1,branch\n', '2: expected 4 cells (constituency,unit,class,decision), found 3'],
  ];
  for (const [name, text, problem] of cases) {
    it(problem, () => {
      const path = file(name, text);
      const r = hustings(['simulate', 'replay', path, '--rulebooks', 'all']);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`${path}:${problem}\n`);
    });
  }

  it('a missing file', () => {
    const path = join(tmp, 'nowhere.csv');
    const r = hustings(['simulate', 'replay', path]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`hustings: ${path}: no such file\n`);
  });
});

describe('command-line mistakes: exit 2, nothing on stdout', () => {
  it('replay: no file, two files, a wrong rulebook, a repeated one, only members-meeting ones, a bad format, an unknown option', () => {
    const path = file('ok.csv', 'constituency,unit,class,decision\nA,Ward 1,branch,yes\n');
    const cases: [string[], RegExp][] = [
      [['simulate', 'replay'], /needs a results file/],
      [['simulate', 'replay', path, path], /takes one results file, not 2/],
      [['simulate', 'replay', path, '--rulebooks', 'labour-2030'], /no rulebook "labour-2030"/],
      [['simulate', 'replay', path, '--rulebooks', 'labour-2021,labour-2021'], /--rulebooks names labour-2021 twice/],
      [['simulate', 'replay', path, '--rulebooks', 'all,labour-2018'], /labour-2018 has the id "labour-2018", which all already gives/],
      [['simulate', 'replay', path, '--rulebooks', 'labour-2021,'], /--rulebooks has an empty name/],
      [['simulate', 'replay', path, '--rulebooks'], /--rulebooks needs a value/],
      [['simulate', 'replay', path, '--rulebooks', 'libdem-readoption,conservative-readoption'], /none of the rulebooks can be replayed from unit decisions/],
      [['simulate', 'replay', path, '--format', 'yaml'], /--format must be text or json, not "yaml"/],
      [['simulate', 'replay', path, '--seed', '3'], /--seed is not an option of simulate replay \(its options: --rulebooks, --format/],
      [['simulate'], /simulate needs a subcommand \(replay, cases/],
      [['simulate', 'rerun'], /unknown subcommand "simulate rerun"/],
      [['simulate', 'cases', '--case', 'brighton-2019'], /no case "brighton-2019" \(cases: barking-2019, hull-north-2019, ilford-south-2022\)/],
      [['simulate', 'cases', '--format', 'yaml'], /--format must be text, json or csv, not "yaml"/],
      [['simulate', 'cases', 'extra.csv'], /simulate cases takes no file/],
    ];
    for (const [args, message] of cases) {
      const r = hustings(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^hustings: .+\n$/);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
  });

  it('a missing rulebook file is reported before the results file is read', () => {
    const r = hustings(['simulate', 'replay', join(tmp, 'no-results.csv'), '--rulebooks', join(tmp, 'no-rules.json')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`hustings: ${join(tmp, 'no-rules.json')}: no such file\n`);
  });
});

describe('help', () => {
  it('the group, each subcommand, and hustings help simulate', () => {
    const group = hustings(['simulate', '--help']);
    expect(group.status).toBe(0);
    expect(group.stdout).toContain('hustings simulate replay <results.csv> [--rulebooks all|<id,…>] [--format text|json]');
    expect(group.stdout).toContain('hustings simulate cases [--case <id,…>] [--format text|json|csv]');
    expect(hustings(['help', 'simulate']).stdout).toBe(group.stdout);
    const replay = hustings(['simulate', 'replay', '--help']);
    expect(replay.status).toBe(0);
    expect(replay.stdout).toMatch(/^Usage: hustings simulate replay <results\.csv> \[--rulebooks all\|<id,id,…>\] \[--format text\|json\]\n/);
    expect(replay.stdout).toContain('so they cannot be replayed: all leaves\nthem out, and the output lists them under "Not replayed"');
    expect(hustings(['simulate', 'cases', '-h']).stdout).toMatch(/^Usage: hustings simulate cases /);
    expect(hustings(['--help']).stdout).toContain('hustings simulate replay|cases');
  });
});

describe('the README shows true output', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it('of the Ilford South replay, whole', () => {
    const r = hustings(['simulate', 'replay', 'examples/real-cases/ilford-south-2022.csv', '--rulebooks', 'all']);
    expect(readme).toContain('```text\n' + r.stdout + '```');
  });

  it('of the Barking case, up to the assumption', () => {
    const lines = hustings(['simulate', 'cases', '--case', 'barking-2019']).stdout.split('\n');
    const upTo = lines.findIndex((l) => l.startsWith('  * assumed:'));
    expect(readme).toContain('```text\n' + lines.slice(0, upTo + 2).join('\n') + '\n…\n```');
  });
});

describe('hustings simulate cases', () => {
  it('text: every case × reading × era, marks and sources', () => {
    const r = hustings(['simulate', 'cases']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const heading of [
      'Barking 2019 (Margaret Hodge), held under labour-2018: triggered\n',
      'Hull North 2019 (Diana Johnson), held under labour-2018: triggered\n',
      'Ilford South 2022 (Sam Tarry), held under labour-2021: triggered\n',
    ]) {
      expect(r.stdout).toContain(heading);
    }
    expect(r.stdout).toContain('  *  5 of 11 branches; no affiliates voted             triggered    readopted    triggered    readopted\n');
    expect(r.stdout).toContain('     5 of 11 branches; affiliates all for a selection  triggered    triggered    triggered    triggered\n');
    expect(r.stdout).toContain('  *  10 of 10 branches; 3 of 21 affiliates (1 abstaining)  triggered    readopted    triggered    triggered\n');
    expect(r.stdout.endsWith('               triggers above 50%.\n')).toBe(true);
  });

  it('--case picks cases; --format csv prints the example files', () => {
    const one = hustings(['simulate', 'cases', '--case', 'ilford-south-2022']);
    expect(one.stdout.startsWith('Ilford South 2022 (Sam Tarry)')).toBe(true);
    expect(one.stdout).not.toContain('Barking');
    for (const id of ['barking-2019', 'hull-north-2019', 'ilford-south-2022']) {
      const csv = hustings(['simulate', 'cases', '--format', 'csv', '--case', id]);
      expect(csv.status).toBe(0);
      expect(csv.stdout).toBe(readFileSync(join(ROOT, `examples/real-cases/${id}.csv`), 'utf8'));
    }
    const both = hustings(['simulate', 'cases', '-f', 'csv', '-c', 'barking-2019', '-c', 'ilford-south-2022']).stdout;
    expect(both.split('\n').filter((l) => l !== '' && !l.startsWith('constituency,')).length).toBe(77 + 31);
  });
});
