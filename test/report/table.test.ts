import { describe, expect, it } from 'vitest';
import { renderTable } from '../../src/report/table.js';
import { longRecord, sequentialSurplusRecord } from './fixtures.js';

describe('terminal table', () => {
  const text = renderTable(sequentialSurplusRecord());
  const lines = text.split('\n');

  it('heads each stage with what produced it', () => {
    const heads = lines.slice(4, 7).join('\n');
    expect(heads).toMatch(/Stage 1 +Stage 2 +Stage 3 +Stage 4/);
    expect(heads).toMatch(/First +Surplus of +Surplus of +Exclusion of/);
    expect(heads).toMatch(/preferences +Ann Able +Bob Baker +Eve Eddy/);
  });

  it('shows one row per candidate, marking elections and exclusions, with a dash once out', () => {
    expect(lines.find((l) => l.startsWith('Ann Able'))).toMatch(/^Ann Able +40\.00000 \* +26\.00000 +26\.00000 +26\.00000$/);
    expect(lines.find((l) => l.startsWith('Eve Eddy'))).toMatch(/^Eve Eddy +5\.00000 +7\.00000 +7\.50000 x +—$/);
    expect(lines.find((l) => l.startsWith('Cat'))).toMatch(/28\.00000 \*$/);
  });

  it('adds non-transferable votes, loss by fractions, total and quota rows', () => {
    expect(lines.find((l) => l.startsWith('Non-transferable: exhausted'))).toMatch(/0\.00000 +0\.99990 +1\.99990 +3\.99990$/);
    expect(lines.find((l) => l.startsWith('Loss by fractions'))).toMatch(/0\.00010$/);
    expect(lines.find((l) => l.startsWith('Total'))).toMatch(/^Total +100\.00000 +100\.00000 +100\.00000 +100\.00000$/);
    expect(lines.find((l) => l.startsWith('Quota'))).toMatch(/26\.00000$/);
    expect(text).not.toMatch(/Non-transferable: overvote/);
  });

  it('aligns every number column', () => {
    const rows = lines.filter((l) => /^(Ann|Bob|Dan|Total|Quota)/.test(l));
    const ends = rows.map((l) => [...l.matchAll(/\d(?= |$)/g)].map((m) => m.index));
    for (const e of ends) expect(e).toEqual(ends[0]);
  });

  it('lists stages, the elected, ties with their rule, and the options in force', () => {
    expect(text).toContain('2. Surplus of Ann Able (14.00000) transferred at a value of 0.35000; 0.00010 lost to fractions.');
    expect(text).toMatch(/Elected\n {2}1\. Ann Able \(stage 1, reached the quota, 40\.00000\)\n {2}2\. Bob Baker/);
    expect(text).toContain('Stage 3, exclusion: Dan Dee and Eve Eddy tied; Eve Eddy chosen by lowest votes at the most recent');
    expect(text).toMatch(
      /Options in force\n {2}--seats +3 \(from the file\)\n {2}--tie-break +lot\n {2}--seed +1\n {2}--tie-order +none\n {2}--overvote-rule +exhaust-immediately\n {2}--max-skipped-ranks +unlimited\n$/,
    );
  });

  it('has no colour unless asked, and no trailing spaces', () => {
    expect(text).not.toMatch(/\x1b\[/);
    for (const l of lines) expect(l).toBe(l.trimEnd());
    expect(renderTable(sequentialSurplusRecord(), { colour: true })).toMatch(/\x1b\[1;32mAnn Able/);
  });

  it('wraps a wide count into blocks that fit the width', () => {
    const long = renderTable(longRecord());
    const table = long.slice(0, long.indexOf('* elected'));
    for (const l of table.split('\n')) expect([...l].length).toBeLessThanOrEqual(100);
    const blocks = table.match(/^Stages? \d+(–\d+)? of 15$/gm) ?? [];
    expect(blocks.length).toBeGreaterThan(2);
    expect(blocks[0]).toBe('Stages 1–5 of 15');
    // Every stage heading appears exactly once.
    for (let k = 1; k <= 15; k++) expect(table.match(new RegExp(`Stage ${k}(?!\\d)`, 'g'))?.length).toBe(1);
    // Candidates out of the count for a whole later block are left out of it.
    expect(table).toMatch(/\(\d+ candidates out of the count before stage \d+ not shown\)/);
    const narrow = renderTable(longRecord(), { width: 60 });
    for (const l of narrow.slice(0, narrow.indexOf('* elected')).split('\n')) expect([...l].length).toBeLessThanOrEqual(60);
  });
});
