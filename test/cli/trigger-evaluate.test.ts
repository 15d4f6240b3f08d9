import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABOUR_2018 } from '../../src/domain/presets.js';
import { ensureBuilt, hustings } from './built.js';

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'hustings-trigger-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

function rows(cls: string, decision: string, n: number, prefix: string): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix} ${i + 1},${cls},${decision}`);
}

/** Ilford South 2022: 10 of 10 branches, 3 of 20 voting affiliated branches, 1 abstaining. */
const ILFORD = [
  'unit,class,decision',
  ...rows('branch', 'yes', 10, 'Ward'),
  ...rows('affiliate', 'yes', 3, 'Aff'),
  ...rows('affiliate', 'no', 17, 'Aff no'),
  'Aff abstaining,affiliate,abstain',
  '',
].join('\n');

describe('hustings trigger evaluate', () => {
  it('Ilford South 2022 under labour-2021: triggered, with the arithmetic', () => {
    const r = hustings(['trigger', 'evaluate', file('ilford.csv', ILFORD), '--rulebook', 'labour-2021']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      [
        'Labour 2021 (labour-2021, version 1) combines branches and affiliates in a 50/50 electoral college and triggers above 50%.',
        '',
        '  branches: 10 of 10 voting want a selection = 100% × 50% = 50% of the college',
        '  affiliates: 3 of 20 voting want a selection (1 abstained) = 15% × 50% = 7.5% of the college',
        '  total 57.5% > 50%: triggered',
        '',
        'Outcome: triggered. A selection will be held, with the incumbent shortlisted automatically.',
        '',
      ].join('\n'),
    );
  });

  it('--format json: an object whose outcome is triggered or readopted, with the arithmetic and class figures', () => {
    const path = file('ilford.csv', ILFORD);
    const r = hustings(['trigger', 'evaluate', path, '--rulebook', 'labour-2021', '--format', 'json']);
    expect(r.status).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(o.outcome).toBe('triggered');
    expect(o.score).toEqual({ num: 23, den: 40 });
    expect(o.arithmetic.at(-1)).toBe('total 57.5% > 50%: triggered');
    expect(o.classes.affiliate).toEqual({ votes: 21, yes: 3, no: 17, abstain: 1, absent: 0, voting: 20, share: { num: 3, den: 20 } });
    const pooled = JSON.parse(hustings(['trigger', 'evaluate', path, '--rulebook', 'labour-1990', '--format', 'json']).stdout);
    expect(pooled.outcome).toBe('readopted');
    expect(pooled.score).toEqual({ num: 13, den: 30 });
  });

  it('the 2018 worked check: 9 branches, 6 vote, 2 want a selection: triggered', () => {
    const csv = ['unit,class,decision', ...rows('branch', 'yes', 2, 'Yes'), ...rows('branch', 'no', 4, 'No'), ...rows('branch', 'absent', 3, 'Away')].join(
      '\n',
    );
    const r = hustings(['trigger', 'evaluate', file('2018.csv', csv), '--rulebook', 'labour-2018']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('  branches: 2 of 6 voting want a selection (3 did not vote) = 1/3 (about 33.33%) ≥ 1/3\n');
    expect(r.stdout).toContain('Outcome: triggered.');
  });

  it('mandatory reselection is always triggered; a pooled tie is readopted', () => {
    const csv = ['unit,class,decision', ...rows('branch', 'no', 5, 'No')].join('\n');
    const path = file('all-no.csv', csv);
    expect(JSON.parse(hustings(['trigger', 'evaluate', path, '-r', 'labour-1979', '-f', 'json']).stdout).outcome).toBe('triggered');
    expect(JSON.parse(hustings(['trigger', 'evaluate', path, '-r', 'labour-2021', '-f', 'json']).stdout).outcome).toBe('readopted');
    const half = ['unit,class,decision', ...rows('branch', 'yes', 2, 'Y'), ...rows('affiliate', 'no', 2, 'N')].join('\n');
    const r = hustings(['trigger', 'evaluate', file('half.csv', half), '--rulebook', 'labour-1990']);
    expect(r.stdout).toContain('  pooled: 2 of 4 voting units = 50%, not > 50%: readopted\n');
    expect(r.stdout).toContain('Outcome: readopted. The incumbent is the candidate without a selection.');
  });

  it('a custom rulebook counting one vote per affiliate, with the affiliate column; quoted cells and CRLF line ends', () => {
    const custom = JSON.parse(JSON.stringify(LABOUR_2018));
    custom.id = 'per-affiliate';
    custom.name = 'One vote per union';
    custom.incumbentReview.affiliateCounting = 'per-affiliate';
    const rb = file('per-affiliate.json', JSON.stringify(custom));
    const csv = [
      'unit,class,decision,affiliate',
      'Ward 1,branch,no,',
      'Ward 2,branch,no,',
      'Ward 3,branch,no,',
      '"Unite, Ilford 1",affiliate,yes,Unite',
      '"Unite, Ilford 2",affiliate,yes,Unite',
      'GMB Ilford,affiliate,no,GMB',
      'Unison Ilford,affiliate,no,Unison',
      '',
    ].join('\r\n');
    const r = hustings(['trigger', 'evaluate', file('affiliates.csv', csv), '--rulebook', rb, '--format', 'json']);
    expect(r.stderr).toBe('');
    const o = JSON.parse(r.stdout);
    expect(o.classes.affiliate).toMatchObject({ votes: 3, yes: 1, no: 2, voting: 3 });
    expect(o.affiliates.map((a: { affiliate: string; decision: string }) => [a.affiliate, a.decision])).toEqual([
      ['Unite', 'yes'],
      ['GMB', 'no'],
      ['Unison', 'no'],
    ]);
    expect(o.outcome).toBe('triggered');
  });

  it('the header may come in any order and case; cells are trimmed', () => {
    const csv = 'Decision, Class ,UNIT\n yes ,Branch,Ward 1\nNO,branch,Ward 2\n';
    const o = JSON.parse(hustings(['trigger', 'evaluate', file('order.csv', csv), '--rulebook', 'labour-2021', '--format', 'json']).stdout);
    expect(o.classes.branch).toMatchObject({ yes: 1, no: 1 });
  });
});

describe('bad CSV: file:line: problem on stderr, exit 1, nothing on stdout', () => {
  const cases: [string, string, string][] = [
    ['bad-decision.csv', 'unit,class,decision\nWard 1,branch,yes\nWard 2,branch,maybe\n', '3: decision: "maybe" is not yes, no, abstain or absent'],
    ['bad-class.csv', 'unit,class,decision\nWard 1,ward,yes\n', '2: class: "ward" is not branch or affiliate'],
    ['no-header.csv', 'Ward 1,branch,yes\n', '1: unknown column "Ward 1" (columns: unit, class, decision and optionally affiliate)'],
    ['missing-column.csv', 'unit,decision\nWard 1,yes\n', '1: the header needs "class" (columns: unit, class, decision and optionally affiliate)'],
    ['twice.csv', 'unit,class,decision\nWard 1,branch,yes\n\nWard 1,branch,no\n', '4: unit "Ward 1" is listed twice (first on line 2)'],
    ['cells.csv', 'unit,class,decision\nWard 1,branch\n', '2: expected 3 cells (unit,class,decision), found 2'],
    ['empty-unit.csv', 'unit,class,decision\n,branch,yes\n', '2: unit: empty (each row names a branch or affiliated branch)'],
    ['quote.csv', 'unit,class,decision\n"Ward 1,branch,yes\n', '2: unterminated quoted cell: the quote that opens it is never closed'],
    [
      'branch-affiliate.csv',
      'unit,class,decision,affiliate\nWard 1,branch,yes,Unite\n',
      '2: affiliate: "Unite" given for a branch (only affiliated branches belong to an affiliate)',
    ],
    ['header-only.csv', 'unit,class,decision\n', '1: no unit results below the header'],
    ['empty.csv', '', '1: empty file: the first line must be the header unit,class,decision'],
    ['dup-column.csv', 'unit,class,decision,unit\n', '1: the column "unit" appears twice'],
  ];
  for (const [name, text, problem] of cases) {
    it(problem, () => {
      const path = file(name, text);
      const r = hustings(['trigger', 'evaluate', path, '--rulebook', 'labour-2021']);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`${path}:${problem}\n`);
    });
  }

  it('a missing file', () => {
    const path = join(tmp, 'nowhere.csv');
    const r = hustings(['trigger', 'evaluate', path, '--rulebook', 'labour-2021']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`hustings: ${path}: no such file\n`);
  });
});

describe('command-line mistakes: exit 2', () => {
  it('no rulebook, an unknown one, a members-meeting one, no file, a bad format', () => {
    const path = file('ok.csv', 'unit,class,decision\nWard 1,branch,yes\n');
    const cases: [string[], RegExp][] = [
      [['trigger', 'evaluate', path], /needs --rulebook/],
      [['trigger', 'evaluate', path, '--rulebook', 'labour-2030'], /no rulebook "labour-2030"/],
      [['trigger', 'evaluate', path, '--rulebook', 'libdem-readoption'], /members' meeting.*no unit votes/],
      [['trigger', 'evaluate', '--rulebook', 'labour-2021'], /needs a results file/],
      [['trigger', 'evaluate', path, '--rulebook', 'labour-2021', '--format', 'yaml'], /--format must be text or json, not "yaml"/],
      [['trigger', 'evaluate', path, '--rulebook', 'labour-2021', '--seats', '3'], /--seats is not an option of trigger evaluate/],
    ];
    for (const [args, message] of cases) {
      const r = hustings(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^hustings: .+\n$/);
      expect(r.stderr).toMatch(message);
    }
  });

  it('--help', () => {
    const r = hustings(['trigger', 'evaluate', '--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: hustings trigger evaluate <results.csv> --rulebook <id|file.json>');
  });
});
