import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABOUR_2018, LABOUR_2021, PRESETS } from '../../src/domain/presets.js';
import { diffRulebooks } from '../../src/domain/rulebook-diff.js';
import { ROOT, ensureBuilt, hustings } from './built.js';

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'hustings-rulebook-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

/** Text wrapped over lines and bullets, back to single spaces. */
const flat = (s: string): string => s.replace(/\n- /g, '\n').replace(/\s+/g, ' ');

describe('hustings rulebook list', () => {
  it('lists id, version and name of every bundled rulebook', () => {
    const r = hustings(['rulebook', 'list']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id +version +name$/);
    expect(lines.slice(1).map((l) => l.split(/ {2,}/))).toEqual(PRESETS.map((p) => [p.id, String(p.version), p.name]));
  });

  it('--format json', () => {
    const r = hustings(['rulebook', 'list', '--format', 'json']);
    expect(JSON.parse(r.stdout)).toEqual(PRESETS.map((p) => ({ id: p.id, version: p.version, name: p.name })));
  });
});

describe('hustings rulebook show', () => {
  it('a readable summary of a preset, uncertain values included', () => {
    const r = hustings(['rulebook', 'show', 'labour-2021']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe('Labour 2021 (labour-2021, version 1)');
    const text = flat(r.stdout);
    expect(text).toContain('It combines branches and affiliates in a 50/50 electoral college and triggers above 50%.');
    expect(text).toContain("It needs 6 months' continuous membership at the freeze date, bars members in arrears and bars suspended members.");
    expect(text).toContain('Uncertain values:');
    expect(text).toContain('incumbentReview.combine.silentClass:');
  });

  it('--format json prints the rulebook data', () => {
    const r = hustings(['rulebook', 'show', 'labour-2018', '--format', 'json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(LABOUR_2018);
  });

  it('a custom rulebook from a JSON file', () => {
    const custom = { ...JSON.parse(JSON.stringify(LABOUR_2021)), id: 'my-union', name: 'My union' };
    const path = file('my-union.json', JSON.stringify(custom));
    const r = hustings(['rulebook', 'show', path]);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('My union (my-union, version 1)');
  });

  it('an invalid rulebook file: every problem on stderr as file: path: problem, exit 1, nothing on stdout', () => {
    const bad = JSON.parse(JSON.stringify(LABOUR_2021));
    bad.incumbentReview.combine.threshold.share.den = 0;
    bad.incumbentReview.combine.weights.affiliate = { num: 1, den: 4 };
    const path = file('bad.json', JSON.stringify(bad, null, 2));
    const r = hustings(['rulebook', 'show', path]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `${path}: incumbentReview.combine.threshold.share.den: must be a positive whole number, not 0\n` +
        `${path}: incumbentReview.combine.weights: must add up to 1, not 1/2 + 1/4\n`,
    );
  });

  it('a file that is not JSON points at the line', () => {
    const path = file('broken.json', '{\n  "id": "x",\n  "version" 1\n}\n');
    const r = hustings(['rulebook', 'show', path]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: not valid JSON: .+\n$`));
  });

  it('a missing file, an unknown id, and wrong arguments', () => {
    const missing = hustings(['rulebook', 'show', join(tmp, 'absent.json')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(`hustings: ${join(tmp, 'absent.json')}: no such file\n`);
    const unknown = hustings(['rulebook', 'show', 'labour-2025']);
    expect(unknown.status).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toMatch(/^hustings: no rulebook "labour-2025" \(bundled: labour-1979, .*\)\n$/);
    for (const args of [
      ['rulebook', 'show'],
      ['rulebook', 'show', 'labour-2021', '--format', 'xml'],
      ['rulebook', 'frobnicate'],
      ['rulebook'],
      ['rulebook', 'list', '--verbose'],
    ]) {
      const r = hustings(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^hustings: .+\n$/);
    }
  });
});

describe('hustings rulebook diff', () => {
  it('explains the differences in words, presets or files', () => {
    const r = hustings(['rulebook', 'diff', 'labour-2018', 'labour-2021']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(flat(r.stdout)).toContain(
      'Labour 2018 triggers if either branches or affiliates reach at least one third of their voting units; Labour 2021 combines branches and affiliates in a 50/50 electoral college and triggers above 50%.',
    );
    const json = hustings(['rulebook', 'diff', 'labour-2018', 'labour-2021', '--format', 'json']);
    expect(JSON.parse(json.stdout)).toEqual({ a: 'labour-2018@1', b: 'labour-2021@1', differences: diffRulebooks(LABOUR_2018, LABOUR_2021) });
  });

  it('a preset against a custom file', () => {
    const custom = JSON.parse(JSON.stringify(LABOUR_2021));
    custom.name = 'Stricter';
    custom.eligibility.minMembershipMonths = 12;
    const path = file('stricter.json', JSON.stringify(custom));
    const r = hustings(['rulebook', 'diff', 'labour-2021', path, '--format', 'json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).differences).toEqual([
      "Labour 2021 needs 6 months' continuous membership at the freeze date; Stricter needs 12 months' continuous membership at the freeze date.",
    ]);
  });

  it('no differences', () => {
    const r = hustings(['rulebook', 'diff', 'labour-2021', 'labour-2021']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('labour-2021 and labour-2021 set the same rules.\n');
  });

  it('needs two rulebooks', () => {
    const r = hustings(['rulebook', 'diff', 'labour-2021']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('hustings: rulebook diff takes two rulebooks (ids or .json files), not 1\n');
  });
});

describe('hustings rulebook schema', () => {
  it('prints the JSON Schema of a rulebook file, as published in docs/', () => {
    const r = hustings(['rulebook', 'schema']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(readFileSync(join(ROOT, 'docs/rulebook.schema.json'), 'utf8'));
    expect(JSON.parse(r.stdout).properties.incumbentReview.oneOf).toHaveLength(3);
  });

  it('takes no arguments and no --format', () => {
    expect(hustings(['rulebook', 'schema', 'labour-2021']).stderr).toBe('hustings: rulebook schema takes no arguments, not: labour-2021\n');
    const r = hustings(['rulebook', 'schema', '--format', 'json']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('hustings: --format is not an option of rulebook schema (its options: none; see hustings rulebook --help)\n');
  });
});

describe('help', () => {
  it('hustings rulebook --help and hustings help rulebook', () => {
    for (const args of [
      ['rulebook', '--help'],
      ['help', 'rulebook'],
      ['rulebook', 'show', '--help'],
    ]) {
      const r = hustings(args);
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('hustings rulebook diff <A> <B>');
    }
  });
});
