import { describe, expect, it } from 'vitest';
import { ranksOf, type Election } from '../../src/count/ballots.js';
import { InputError } from '../../src/formats/errors.js';
import { parsePreflib, type PreflibOptions } from '../../src/formats/preflib.js';

const ballots = (e: Election): [string, bigint][] =>
  Array.from({ length: e.ballots.size }, (_, i) => [
    ranksOf(e.ballots, i)
      .map((r) => r.map((c) => c + 1).join('='))
      .join(' '),
    e.ballots.weights[i],
  ]);

function errorOf(text: string, file: string, options: PreflibOptions = {}): string {
  try {
    parsePreflib(text, file, options);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('expected an InputError');
}

const header = (type: string, n: number, voters: number, unique: number, names = ['Alice', 'Bob', 'Carol', 'Dan']): string =>
  [
    `# FILE NAME: 00001-00000001.${type}`,
    '# TITLE: 2002 Dublin North',
    '# DESCRIPTION: ',
    `# DATA TYPE: ${type}`,
    '# MODIFICATION TYPE: original',
    `# NUMBER ALTERNATIVES: ${n}`,
    `# NUMBER VOTERS: ${voters}`,
    `# NUMBER UNIQUE ORDERS: ${unique}`,
    ...names.slice(0, n).map((name, k) => `# ALTERNATIVE NAME ${k + 1}: ${name}`),
  ].join('\n');

describe('PrefLib current layout', () => {
  it('reads a .soi file: names, title, counts and incomplete orders', () => {
    const e = parsePreflib(`${header('soi', 4, 19, 3)}\n12: 1,2,3\n5: 3, 1\n2: 4\n`, 'dublin.soi');
    expect(e.title).toBe('2002 Dublin North');
    expect(e.candidates.map((c) => c.name)).toEqual(['Alice', 'Bob', 'Carol', 'Dan']);
    expect(e.seats).toBeUndefined();
    expect(ballots(e)).toEqual([
      ['1 2 3', 12n],
      ['3 1', 5n],
      ['4', 2n],
    ]);
    expect(e.ballots.total).toBe(19n);
  });

  it('reads ties in a .toc file as equal ranks', () => {
    const e = parsePreflib(`${header('toc', 4, 4, 2)}\n3: 1,{2,3},4\n1: {1,2,3,4}\n`, 'x.toc');
    expect(ballots(e)).toEqual([
      ['1 2=3 4', 3n],
      ['1=2=3=4', 1n],
    ]);
  });

  it('reads a .toi file and ignores unknown or blank header fields', () => {
    const text =
      '# DATA TYPE: \n# NUMBER ALTERNATIVES: 3\n# SOMETHING NEW: x\n# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n# ALTERNATIVE NAME 3: C\n2: {1,3}\n1: 2\n';
    const e = parsePreflib(text, 'dir/sample.toi');
    expect(e.title).toBe('sample');
    expect(ballots(e)).toEqual([
      ['1=3', 2n],
      ['2', 1n],
    ]);
  });

  it('takes the type from the options when the name does not say', () => {
    expect(errorOf('# NUMBER ALTERNATIVES: 2\n# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n1: 1\n', 'data.txt', { type: 'soc' })).toBe(
      'data.txt:4: a complete order (.soc) must rank all 2 alternatives; this one ranks 1',
    );
  });
});

describe('PrefLib legacy layout', () => {
  it('reads a .soi file', () => {
    const text = '3\n1,Cathal Boland F.G. \n2,Clare Daly, S.P.\n3,Mick Davis S.F.\n7,7,2\n4,1,2\n3,3\n';
    const e = parsePreflib(text, 'old.soi');
    expect(e.candidates.map((c) => c.name)).toEqual(['Cathal Boland F.G.', 'Clare Daly, S.P.', 'Mick Davis S.F.']);
    expect(e.title).toBe('old');
    expect(ballots(e)).toEqual([
      ['1 2', 4n],
      ['3', 3n],
    ]);
  });

  it('reads a .toc file with ties', () => {
    const e = parsePreflib('3\n1,A\n2,B\n3,C\n5,5,2\n3,{1,2},3\n2,3,1,2\n', 'old.toc');
    expect(ballots(e)).toEqual([
      ['1=2 3', 3n],
      ['3 1 2', 2n],
    ]);
  });
});

describe('PrefLib errors', () => {
  const names3 = '# NUMBER ALTERNATIVES: 3\n# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n# ALTERNATIVE NAME 3: C\n';
  const cases: [string, string, string, string][] = [
    ['an empty file', '', 'e.soi', 'e.soi:1: the file is empty'],
    ['an incomplete .soc order', `${names3}1: 1,2\n`, 'e.soc', 'e.soc:5: a complete order (.soc) must rank all 3 alternatives; this one ranks 2'],
    ['an incomplete .toc order', `${names3}1: {1,2}\n`, 'e.toc', 'e.toc:5: a complete order (.toc) must rank all 3 alternatives; this one ranks 2'],
    ['a tie in a .soi file', `${names3}1: {1,2},3\n`, 'e.soi', 'e.soi:5: a tie {1,2} in strict-order data (.soi); ties belong in .toi or .toc files'],
    ['a repeated alternative', `${names3}1: 1,2,1\n`, 'e.soi', 'e.soi:5: alternative 1 appears twice in one order'],
    ['an alternative out of range', `${names3}1: 1,4\n`, 'e.soi', 'e.soi:5: alternative 4 is out of range: there are 3 alternatives'],
    ['a non-numeric alternative', `${names3}1: 1,x\n`, 'e.soi', 'e.soi:5: "x" is not an alternative number'],
    ['an unclosed tie', `${names3}1: {1,2\n`, 'e.toi', 'e.toi:5: a tie opened with "{" is not closed with "}"'],
    ['an empty tie', `${names3}1: {}\n`, 'e.toi', 'e.toi:5: an empty tie {}'],
    ['a zero count', `${names3}0: 1\n`, 'e.soi', 'e.soi:5: the count of an order must be a positive whole number, found "0"'],
    ['a malformed order line', `${names3}1 1,2\n`, 'e.soi', 'e.soi:5: expected an order as "count: 1,2,{3,4}", found "1 1,2"'],
    ['a missing comma', `${names3}1: 1 2\n`, 'e.soi', 'e.soi:5: "1 2" is not an alternative number'],
    [
      'a missing name',
      '# NUMBER ALTERNATIVES: 3\n# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 3: C\n1: 1\n',
      'e.soi',
      'e.soi:1: no name for alternative 2 (# ALTERNATIVE NAME 2: …)',
    ],
    ['a name out of range', '# NUMBER ALTERNATIVES: 1\n# ALTERNATIVE NAME 2: B\n', 'e.soi', 'e.soi:2: alternative 2 is out of range: there are 1 alternatives'],
    ['an order before the alternatives', '# TITLE: x\n1: 1\n', 'e.soi', 'e.soi:2: an order before # NUMBER ALTERNATIVES'],
    ['no alternatives at all', '# TITLE: x\n', 'e.soi', 'e.soi:1: no # NUMBER ALTERNATIVES line'],
    ['a header after orders', `${names3}1: 1\n# NUMBER VOTERS: 1\n`, 'e.soi', 'e.soi:6: header lines ("# …") must come before the orders'],
    [
      'a wrong voter count',
      `${names3.replace('\n', '\n# NUMBER VOTERS: 5\n')}2: 1\n`,
      'e.soi',
      "e.soi:2: 5 voters declared, but the orders' counts add up to 2",
    ],
    ['a wrong unique-order count', `# NUMBER UNIQUE ORDERS: 2\n${names3}2: 1\n`, 'e.soi', 'e.soi:1: 2 unique orders declared, but the file has 1'],
    ['a type that disagrees with the name', '# DATA TYPE: toc\n', 'e.soi', "e.soi:1: DATA TYPE toc does not match the file's type soi"],
    ['a type that is not ordinal', '# DATA TYPE: wmd\n', 'e.soi', 'e.soi:1: DATA TYPE "wmd" is not an ordinal type this reader knows (soi, soc, toi, toc)'],
    [
      'legacy: a bad first line',
      'three\n',
      'e.soi',
      'e.soi:1: expected PrefLib data: "# " header lines, or the number of alternatives (legacy layout), found "three"',
    ],
    ['legacy: a bad name line', '2\n1,A\nB\n', 'e.soi', 'e.soi:3: expected an alternative as "number,name", found "B"'],
    [
      'legacy: a bad counts line',
      '1\n1,A\n3,3\n',
      'e.soi',
      'e.soi:3: expected "voters,sum of counts,number of unique orders" after the 1 alternatives, found "3,3"',
    ],
    ['legacy: a wrong sum', '1\n1,A\n3,3,1\n2,1\n', 'e.soi', "e.soi:3: 3 voters declared, but the orders' counts add up to 2"],
    ['legacy: missing names', '2\n1,A\n', 'e.soi', 'e.soi:2: the file ends before all 2 alternatives are named'],
    ['legacy: missing counts line', '1\n1,A\n', 'e.soi', 'e.soi:2: the file ends before the "voters,sum of counts,unique orders" line'],
  ];
  it.each(cases)('%s', (_, text, file, message) => {
    expect(errorOf(text, file)).toBe(message);
  });
});
