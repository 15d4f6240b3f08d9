import { describe, expect, it } from 'vitest';
import { election } from '../../src/count/ballots.js';
import { applyAttributes, parseAttributes } from '../../src/formats/attributes.js';
import { InputError } from '../../src/formats/errors.js';

const e = election({ candidates: ['Alice', 'Bob "B" Jones', 'Carol'], seats: 1, ballots: [{ ranks: [0] }] });

function errorOf(text: string, target = e): string {
  try {
    applyAttributes(target, parseAttributes(text, 'a.csv'));
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('candidate attributes', () => {
  it('attaches each column to the candidate named in the row', () => {
    const attrs = parseAttributes('Name, gender ,region\r\nCarol,woman,North\n"Bob ""B"" Jones", man ,\nAlice,woman,South\n', 'a.csv');
    expect(attrs.columns).toEqual(['gender', 'region']);
    const out = applyAttributes(e, attrs);
    expect(out.candidates).toEqual([
      { name: 'Alice', attributes: { gender: 'woman', region: 'South' } },
      { name: 'Bob "B" Jones', attributes: { gender: 'man', region: '' } },
      { name: 'Carol', attributes: { gender: 'woman', region: 'North' } },
    ]);
    expect(out.ballots).toBe(e.ballots);
    expect(out.seats).toBe(1);
  });

  it('keeps attributes the election already has unless the file gives the same one', () => {
    const withRegion = election({ candidates: [{ name: 'Alice', attributes: { region: 'N', gender: 'x' } }], ballots: [] });
    const out = applyAttributes(withRegion, parseAttributes('name,gender\nAlice,woman\n', 'a.csv'));
    expect(out.candidates[0].attributes).toEqual({ region: 'N', gender: 'woman' });
  });

  const cases: [string, string, string][] = [
    ['an empty file', '', 'a.csv:1: the file is empty: expected a header such as name,gender'],
    ['a header without name', 'candidate,gender\n', 'a.csv:1: the first column must be "name", found "candidate"'],
    ['a header without attributes', 'name\nAlice\n', 'a.csv:1: no attribute columns: expected a header such as name,gender'],
    ['a repeated column', 'name,gender,gender\n', 'a.csv:1: column "gender" appears twice'],
    ['an empty column name', 'name,,x\n', 'a.csv:1: an attribute column has an empty name'],
    ['a short row', 'name,gender\nAlice\n', 'a.csv:2: expected 2 cells (as in the header), found 1'],
    ['an empty name', 'name,gender\n,woman\n', 'a.csv:2: empty candidate name'],
    ['a repeated name', 'name,gender\nAlice,woman\nAlice,man\n', 'a.csv:3: "Alice" already has a row (line 2)'],
    ['an unknown name', 'name,gender\nAlice,woman\nAlicia,woman\n"Bob ""B"" Jones",man\nCarol,woman\n', 'a.csv:3: no candidate is named "Alicia"'],
    ['a candidate without a row', 'name,gender\nAlice,woman\nCarol,woman\n', 'a.csv:1: candidate "Bob \\"B\\" Jones" has no row'],
    ['a bad quote', 'name,gender\n"Alice,woman\n', 'a.csv:2: unterminated quoted cell: the quote that opens it is never closed'],
  ];
  it.each(cases)('rejects %s', (_, text, message) => {
    expect(errorOf(text)).toBe(message);
  });

  it('rejects a row naming two candidates with the same name', () => {
    const twins = election({ candidates: ['Sam', 'Sam'], ballots: [] });
    expect(errorOf('name,gender\nSam,woman\n', twins)).toBe('a.csv:2: two candidates are named "Sam", so this row is ambiguous');
  });
});
