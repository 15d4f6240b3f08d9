import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BallotSetBuilder, ranksOf, type BallotSet, type Election } from '../../src/count/ballots.js';
import { CsvCvrReader, parseCsvCvr, type CsvCvrOptions } from '../../src/formats/csv-cvr/index.js';
import { InputError } from '../../src/formats/errors.js';

/** Ballots as "A>B=C>->D" strings (- a skipped rank) with their weights, sorted. */
function ballots(e: Election): [string, bigint][] {
  const out: [string, bigint][] = [];
  for (let i = 0; i < e.ballots.size; i++) {
    const text = ranksOf(e.ballots, i)
      .map((r) => (r.length === 0 ? '-' : r.map((c) => e.candidates[c].name).join('=')))
      .join('>');
    out.push([text, e.ballots.weights[i]]);
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

const names = (e: Election): string[] => e.candidates.map((c) => c.name);

function errorOf(text: string, options: CsvCvrOptions = {}): string {
  try {
    parseCsvCvr(text, 'v.csv', options);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('rank columns', () => {
  it('reads names by rank, merging identical ballots; candidates in order of first appearance', () => {
    const e = parseCsvCvr('rank1,rank2,rank3\nBob,Alice,\nAlice,Bob,Carol\nBob,Alice,\nCarol,,\n', 'votes.csv');
    expect(names(e)).toEqual(['Bob', 'Alice', 'Carol']);
    expect(ballots(e)).toEqual([
      ['Alice>Bob>Carol', 1n],
      ['Bob>Alice', 2n],
      ['Carol', 1n],
    ]);
    expect(e.ballots.total).toBe(4n);
    expect(e.title).toBe('votes');
    expect(e.seats).toBeUndefined();
    expect(e.withdrawn).toEqual([]);
  });

  it('keeps inner blank cells as skipped ranks and drops trailing ones; reads undervote as blank', () => {
    const e = parseCsvCvr('rank1,rank2,rank3,rank4\nA,,B,\n,A,,\nA,undervote,B,\n', 'v.csv');
    expect(ballots(e)).toEqual([
      ['->A', 1n],
      ['A>->B', 2n],
    ]);
  });

  it('reads several candidates at one rank, joined by = or |', () => {
    const e = parseCsvCvr('rank1,rank2\nA=B,C\nA|B,C\nC, A = B \n', 'v.csv');
    expect(ballots(e)).toEqual([
      ['A=B>C', 2n],
      ['C>A=B', 1n],
    ]);
  });

  it('reads the overvote keyword as a rank marking every candidate', () => {
    const e = parseCsvCvr('rank1,rank2\nOVERVOTE,A\nB,C\nB,overvote\n', 'v.csv');
    expect(names(e)).toEqual(['A', 'B', 'C']);
    expect(ballots(e)).toEqual([
      ['A=B=C>A', 1n],
      ['B>A=B=C', 1n],
      ['B>C', 1n],
    ]);
  });

  it('merges rows that differ only in spacing or keywords', () => {
    const e = parseCsvCvr('rank1,rank2\nA,B\n A , B \nA,B\nA,undervote\nA,\n', 'v.csv');
    expect(ballots(e)).toEqual([
      ['A', 2n],
      ['A>B', 3n],
    ]);
    expect(e.ballots.size).toBe(2);
  });

  it('accepts header variants and ignores leading id columns', () => {
    for (const header of ['Rank 1,Rank 2', 'RANK1,rank_2', 'choice_1,Choice 2', 'preference-1,preference2']) {
      expect(ballots(parseCsvCvr(`${header}\nA,B\n`, 'v.csv'))).toEqual([['A>B', 1n]]);
    }
    const e = parseCsvCvr('Ballot ID,precinct,rank1,rank2\n1001,North,A,B\n1002,South,A,B\n1003,"North, East",B,\n', 'v.csv');
    expect(ballots(e)).toEqual([
      ['A>B', 2n],
      ['B', 1n],
    ]);
  });

  it('uses a given candidate list: its order, candidates nobody ranked, and no other names', () => {
    const e = parseCsvCvr('rank1,rank2\nB,A\n', 'v.csv', { candidates: ['A', 'B', 'C'] });
    expect(names(e)).toEqual(['A', 'B', 'C']);
    expect(ballots(e)).toEqual([['B>A', 1n]]);
    expect(errorOf('rank1,rank2\nB,A\nA,Bobb\n', { candidates: ['A', 'B'] })).toBe('v.csv:3: unknown candidate "Bobb" (not in the candidate list)');
    expect(() => parseCsvCvr('rank1\nA\n', 'v.csv', { candidates: ['A', 'A'] })).toThrow('v.csv: the candidate list names "A" twice');
    expect(errorOf('A,B\n1,2\n', { candidates: ['A', 'B'] })).toBe(
      'v.csv:1: a candidate list is only used with rank columns (rank1,rank2,…); this header has one column per candidate',
    );
  });

  it('takes a title from the options', () => {
    expect(parseCsvCvr('rank1\nA\n', 'dir/x.y.csv').title).toBe('x.y');
    expect(parseCsvCvr('rank1\nA\n', 'x.csv', { title: 'Leader 2025' }).title).toBe('Leader 2025');
  });
});

describe('candidate columns', () => {
  it('reads each candidate’s rank number', () => {
    const e = parseCsvCvr('Alice,Bob,Carol\n1,2,3\n2,1,\n,1,2\n1,2,3\n', 'v.csv');
    expect(names(e)).toEqual(['Alice', 'Bob', 'Carol']);
    expect(ballots(e)).toEqual([
      ['Alice>Bob>Carol', 2n],
      ['Bob>Alice', 1n],
      ['Bob>Carol', 1n],
    ]);
  });

  it('reads shared numbers as equal rankings and gaps as skipped ranks', () => {
    const e = parseCsvCvr('A,B,C,D\n1,1,2,\n1,,3,\n,, 2 ,04\n,,,\n', 'v.csv');
    expect(ballots(e)).toEqual([
      ['', 1n],
      ['->C>->D', 1n],
      ['A=B>C', 1n],
      ['A>->C', 1n],
    ]);
  });

  it('ignores leading id columns', () => {
    const e = parseCsvCvr('id,A,B\n7,1,2\n8,2,1\n9,1,2\n', 'v.csv');
    expect(names(e)).toEqual(['A', 'B']);
    expect(ballots(e)).toEqual([
      ['A>B', 2n],
      ['B>A', 1n],
    ]);
  });
});

describe('CSV quoting', () => {
  it('reads quoted cells with commas, doubled quotes and line breaks, and CRLF line ends', () => {
    const text = 'rank1,rank2\r\n"Smith, Jo","Bob ""Bobby"" Jones"\r\n"Smith, Jo",Ann\r\n"Multi\nLine",Ann\r\nAnn,"Smith, Jo"\r\nAnn,bad\n"x\n';
    expect(() => parseCsvCvr(text, 'q.csv')).toThrow('q.csv:8: unterminated quoted cell: the quote that opens it is never closed');
    const e = parseCsvCvr(text.slice(0, text.indexOf('Ann,bad')), 'q.csv');
    expect(names(e)).toEqual(['Smith, Jo', 'Bob "Bobby" Jones', 'Ann', 'Multi\nLine']);
    expect(ballots(e)).toEqual([
      ['Ann>Smith, Jo', 1n],
      ['Multi\nLine>Ann', 1n],
      ['Smith, Jo>Ann', 1n],
      ['Smith, Jo>Bob "Bobby" Jones', 1n],
    ]);
  });

  it('counts physical lines inside quoted cells for later errors', () => {
    expect(errorOf('rank1,rank2\n"a\nb\nc",B\nA,B,C\n')).toBe('v.csv:5: expected 2 cells (as in the header), found 3');
  });

  it('reads quoted candidate names in the header', () => {
    const e = parseCsvCvr('"Smith, Jo","Ann ""A"""\n2,1\n', 'v.csv');
    expect(names(e)).toEqual(['Smith, Jo', 'Ann "A"']);
    expect(ballots(e)).toEqual([['Ann "A">Smith, Jo', 1n]]);
  });

  it('reads a byte-order mark, a last row without a line end, and skips empty lines', () => {
    const e = parseCsvCvr('\uFEFF\nrank1,rank2\n\nA,B\n\r\nB,A', 'v.csv');
    expect(ballots(e)).toEqual([
      ['A>B', 1n],
      ['B>A', 1n],
    ]);
  });
});

describe('CSV errors', () => {
  const cases: [string, string, string][] = [
    ['an empty file', '', 'v.csv:1: the file is empty: expected a header row (rank1,rank2,… or one column per candidate)'],
    ['only id columns', 'id,precinct\n1,2\n', 'v.csv:1: unknown layout: the header has no rank or candidate columns ("id,precinct")'],
    [
      'rank columns then another column',
      'rank1,rank2,notes\nA,B,x\n',
      'v.csv:1: unknown layout: column 3 "notes" is not a rank column, but the header starts with rank columns (rank1,rank2,…)',
    ],
    [
      'rank columns out of order',
      'rank1,rank3\nA,B\n',
      'v.csv:1: unknown layout: column 2 is "rank3", expected rank 2 (rank columns are numbered 1, 2, … in order)',
    ],
    [
      'a rank column among candidates',
      'A,rank1\n1,2\n',
      'v.csv:1: unknown layout: column 2 "rank1" is a rank column, but the header starts with a candidate column',
    ],
    [
      'an empty header cell',
      'A,,C\n1,2,3\n',
      'v.csv:1: unknown layout: column 2 of the header is empty (expected rank1,rank2,… or one candidate name per column)',
    ],
    ['a repeated candidate column', 'A,B,A\n1,2,3\n', 'v.csv:1: unknown layout: candidate "A" has two columns (1 and 3)'],
    ['an id column after candidates', 'A,id\n1,2\n', 'v.csv:1: unknown layout: id column "id" must come before the candidate columns'],
    [
      'a header that looks like data',
      '1,2,3\n2,1,3\n',
      'v.csv:1: unknown layout: the first row "1,2,3" looks like data, not a header (expected rank1,rank2,… or candidate names)',
    ],
    ['too many cells', 'rank1,rank2\nA,B\nA,B,C\n', 'v.csv:3: expected 2 cells (as in the header), found 3'],
    ['too few cells', 'rank1,rank2\nA,B\nA\n', 'v.csv:3: expected 2 cells (as in the header), found 1'],
    ['too few cells for the id columns', 'id,precinct,rank1\n1,N,A\n2\n', 'v.csv:3: expected 3 cells (as in the header), found 1'],
    ['too many candidate cells', 'A,B\n1,2\n1,2,3\n', 'v.csv:3: expected 2 cells (as in the header), found 3'],
    ['a zero rank', 'A,B\n1,2\n0,1\n', 'v.csv:3: rank "0" is not a positive whole number (leave the cell blank for an unranked candidate)'],
    ['a negative rank', 'A,B\n-1,1\n', 'v.csv:2: rank "-1" is not a positive whole number (leave the cell blank for an unranked candidate)'],
    ['a fractional rank', 'A,B\n1.5,1\n', 'v.csv:2: rank "1.5" is not a positive whole number (leave the cell blank for an unranked candidate)'],
    ['a word as a rank', 'A,B\n1,x\n', 'v.csv:2: rank "x" is not a positive whole number (leave the cell blank for an unranked candidate)'],
    ['a rank beyond the candidates', 'A,B\n1,3\n', 'v.csv:2: rank 3 is more than the number of candidates (2)'],
    ['an empty name in an overvote', 'rank1\nA=\n', 'v.csv:2: "A=" has an empty name (separate several candidates at one rank with = or |)'],
    ['a keyword inside an overvote', 'rank1\nA=overvote\n', 'v.csv:2: "A=overvote" mixes overvote with candidate names'],
    ['an unterminated quote', 'rank1,rank2\nA,B\n"A,B\nC,D\n', 'v.csv:3: unterminated quoted cell: the quote that opens it is never closed'],
    [
      'text after a closing quote',
      'rank1,rank2\n"A" x,B\n',
      'v.csv:2: unexpected text after a quoted cell: "x,B" (a closing quote must be followed by a comma or the end of the row; write a quote inside a quoted cell as "")',
    ],
    [
      'a quote inside an unquoted cell',
      'rank1,rank2\nA,Bob "B" Jones\n',
      'v.csv:2: a quote inside an unquoted cell: "Bob \\"B\\" Jones" (put the whole cell in quotes and double the quote: "a ""b"" c")',
    ],
    ['an unterminated quote in the header', '"rank1,rank2\nA,B\n', 'v.csv:1: unterminated quoted cell: the quote that opens it is never closed'],
  ];
  it.each(cases)('%s', (_, text, message) => {
    expect(errorOf(text)).toBe(message);
  });

  it('reports the earliest bad line', () => {
    expect(errorOf('A,B\n1,2\n1,2\n1,9\n1,2,3\n')).toBe('v.csv:4: rank 9 is more than the number of candidates (2)');
  });

  it('needs two candidates for an unnamed overvote', () => {
    expect(errorOf('rank1\novervote\n', { candidates: ['A'] })).toBe('v.csv:2: an overvote needs at least two candidates');
  });
});

/** A straightforward reading of the same files, to check the fast reader against. */
function reference(text: string): Map<string, bigint> {
  const rows = text.split(/\r?\n/).filter((l) => l !== '');
  const header = rows[0].split(',');
  const out = new Map<string, bigint>();
  const ranksLayout = /^rank/.test(header[0]);
  for (const row of rows.slice(1)) {
    const cells = row.split(',').map((c) => c.trim());
    let ranks: string[];
    if (ranksLayout) {
      ranks = cells.map((c) => c.split('=').sort().join('='));
      while (ranks.length > 0 && ranks[ranks.length - 1] === '') ranks.pop();
      ranks = ranks.map((r) => (r === '' ? '-' : r));
    } else {
      const by: string[][] = [];
      cells.forEach((c, k) => {
        if (c !== '') (by[Number(c) - 1] ??= []).push(header[k]);
      });
      ranks = Array.from(by, (x) => (x === undefined ? '-' : x.sort().join('=')));
    }
    const key = ranks.join('>');
    out.set(key, (out.get(key) ?? 0n) + 1n);
  }
  return out;
}

/** The same file fed row by row through BallotSetBuilder, with the candidates in order of first appearance. */
function viaBuilder(text: string): { names: string[]; ballots: BallotSet } {
  const rows = text.split(/\r?\n/).filter((l) => l !== '');
  const header = rows[0].split(',');
  const ranksLayout = /^rank/.test(header[0]);
  const names: string[] = ranksLayout ? [] : header;
  const index = (name: string): number => {
    if (!names.includes(name)) names.push(name);
    return names.indexOf(name);
  };
  const b = new BallotSetBuilder();
  for (const row of rows.slice(1)) {
    const cells = row.split(',').map((c) => c.trim());
    if (ranksLayout) b.add(cells.map((c) => (c === '' ? [] : c.split('=').map((n) => index(n.trim())))));
    else {
      const by: number[][] = [];
      cells.forEach((c, k) => {
        if (c !== '') (by[Number(c) - 1] ??= []).push(k);
      });
      b.add(Array.from(by, (x) => x ?? []));
    }
  }
  return { names, ballots: b.build() };
}

function normalised(e: Election): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const [text, w] of ballots(e)) {
    const key = text
      .split('>')
      .map((r) => r.split('=').sort().join('='))
      .join('>');
    out.set(key, (out.get(key) ?? 0n) + w);
  }
  return out;
}

describe('streaming', () => {
  const names5 = ['Ann', 'Bo', 'Cy', 'Dee Dee', 'Édith'];
  const rankRow = fc.array(fc.constantFrom('', ...names5, 'Ann=Bo', ' Cy '), { minLength: 3, maxLength: 3 });
  const rankFile = fc
    .tuple(fc.array(rankRow, { minLength: 1, maxLength: 60 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
    .map(([rows, eol, last]) => 'rank1,rank2,rank3' + eol + rows.map((r) => r.join(',')).join(eol) + (last ? eol : ''));
  const candRow = fc.array(fc.constantFrom('', '1', '2', '3', '4', '5'), { minLength: 5, maxLength: 5 });
  const candFile = fc
    .tuple(fc.array(candRow, { minLength: 1, maxLength: 60 }), fc.constantFrom('\n', '\r\n'))
    .map(([rows, eol]) => names5.join(',') + eol + rows.map((r) => r.join(',')).join(eol) + eol);

  it('gives the same ballots as a straightforward reading, whatever the chunk sizes', () => {
    fc.assert(
      fc.property(fc.oneof(rankFile, candFile), fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }), (text, sizes) => {
        const bytes = Buffer.from(text, 'utf8');
        const whole = parseCsvCvr(bytes, 'p.csv');
        const reader = new CsvCvrReader('p.csv');
        let p = 0;
        for (let k = 0; p < bytes.length; k++) {
          const n = sizes[k % sizes.length];
          reader.push(bytes.subarray(p, p + n));
          p += n;
        }
        const chunked = reader.finish();
        expect(chunked).toEqual(whole);
        expect(normalised(whole)).toEqual(reference(text));
        const built = viaBuilder(text);
        expect(names(whole)).toEqual(built.names);
        expect(whole.ballots).toEqual(built.ballots);
        expect(whole.ballots.total).toBe(BigInt(text.split(/\r?\n/).filter((l) => l !== '').length - 1));
      }),
      { numRuns: 300 },
    );
  });

  it('reads long files in small chunks, with quoted rows across chunk ends', () => {
    const rows = ['id,rank1,rank2'];
    for (let i = 0; i < 3000; i++) rows.push(i % 7 === 0 ? `${i},"Smith, Jo","Ann\nB"` : `${i},${i % 3 === 0 ? 'Ann' : 'Bo'},Cy`);
    const bytes = Buffer.from(rows.join('\n') + '\n');
    const reader = new CsvCvrReader('long.csv');
    for (let p = 0; p < bytes.length; p += 97) reader.push(bytes.subarray(p, p + 97));
    const e = reader.finish();
    expect(e.ballots.total).toBe(3000n);
    expect(ballots(e)).toEqual([
      ['Ann>Cy', 857n],
      ['Bo>Cy', 1714n],
      ['Smith, Jo>Ann\nB', 429n],
    ]);
  });

  it('does not merge rows that only hash alike', () => {
    // Many distinct rows over a small vocabulary exercise the packed row keys and table growth.
    const letters = 'ABCDEFGHIJKLM'.split('');
    const rows = ['rank1,rank2,rank3,rank4,rank5'];
    for (let i = 0; i < 20000; i++) {
      const r = [i % 13, (i * 7) % 13, (i * 11) % 13, (i >> 3) % 13, (i >> 6) % 13].map((k) => letters[k]);
      rows.push(r.join(','));
    }
    const text = rows.join('\n');
    expect(normalised(parseCsvCvr(text, 'd.csv'))).toEqual(reference(text));
  });

  it('handles more distinct cells than a packed row key can hold', () => {
    const header = Array.from({ length: 30 }, (_, k) => `C${k}`).join(',');
    const rows = [header];
    for (let i = 0; i < 500; i++) rows.push(Array.from({ length: 30 }, (_, k) => ((i + k) % 31 === 0 ? '' : String(((i + k) % 30) + 1))).join(','));
    const text = rows.join('\n');
    const e = parseCsvCvr(text, 'wide.csv');
    expect(e.ballots.total).toBe(500n);
    expect(normalised(e)).toEqual(reference(text));
  });
});
