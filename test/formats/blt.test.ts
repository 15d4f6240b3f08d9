import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { election, ranksOf, type Election } from '../../src/count/ballots.js';
import { bltLines, parseBlt, writeBlt } from '../../src/formats/blt.js';
import { InputError } from '../../src/formats/errors.js';

const ballots = (e: Election): [string, bigint][] =>
  Array.from({ length: e.ballots.size }, (_, i) => [
    ranksOf(e.ballots, i)
      .map((r) => (r.length === 0 ? '-' : r.map((c) => c + 1).join('=')))
      .join(' '),
    e.ballots.weights[i],
  ]);

function errorOf(text: string, file = 'e.blt'): string {
  try {
    parseBlt(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('parseBlt', () => {
  it('reads the classic format: candidates, seats, weighted ballots, names and title', () => {
    const e = parseBlt('4 2\n3 1 3 4 0\n4 1 3 2 0\n2 4 1 3 0\n1 2 0\n0\n"Adam"\n"Basil"\n"Charlotte"\n"Donald"\n"Title"\n', 'a.blt');
    expect(e.title).toBe('Title');
    expect(e.seats).toBe(2);
    expect(e.candidates.map((c) => c.name)).toEqual(['Adam', 'Basil', 'Charlotte', 'Donald']);
    expect(e.candidates[0].attributes).toEqual({});
    expect(e.withdrawn).toEqual([]);
    expect(ballots(e)).toEqual([
      ['1 3 4', 3n],
      ['1 3 2', 4n],
      ['4 1 3', 2n],
      ['2', 1n],
    ]);
    expect(e.ballots.total).toBe(10n);
  });

  it('merges identical rankings and keeps empty ballots', () => {
    const e = parseBlt('2 1\n3 1 2 0\n4 1 2 0\n2 0\n0\nA\nB\nT', 'a.blt');
    expect(ballots(e)).toEqual([
      ['1 2', 7n],
      ['', 2n],
    ]);
    expect(e.ballots.total).toBe(9n);
  });

  it('reads withdrawn candidates on one or more lines after the first', () => {
    const e = parseBlt('5 2\n-2 -5\n-3\n1 1 2 0\n0\nA\nB\nC\nD\nE\nT\n', 'a.blt');
    expect(e.withdrawn).toEqual([1, 4, 2]);
  });

  it('reads equal rankings, skipped ranks and ballot ids', () => {
    const e = parseBlt('4 1\n2 1=2 3 0\n1 - 4 0\n(b-17) 1 3 0\n(ballot 18) 1 3 0\n1 2=3=4 - 1 0\n0\nA\nB\nC\nD\nT\n', 'a.blt');
    expect(ballots(e)).toEqual([
      ['1=2 3', 2n],
      ['- 4', 1n],
      ['3', 2n],
      ['2=3=4 - 1', 1n],
    ]);
  });

  it('skips comments and blank lines anywhere, and trailing comments on number lines', () => {
    const text =
      '# header comment\n\n3 1 # three candidates\n# before ballots\n2 1 2 0 # a ballot\n\n1 3 0\n0 # end\n# after the end\n"A" # first\nB\n  C  \n# before the title\n"The title"\n# last\n';
    const e = parseBlt(text, 'a.blt');
    expect(e.candidates.map((c) => c.name)).toEqual(['A', 'B', 'C']);
    expect(e.title).toBe('The title');
    expect(ballots(e)).toEqual([
      ['1 2', 2n],
      ['3', 1n],
    ]);
  });

  it('accepts CRLF line ends and a byte-order mark', () => {
    const e = parseBlt('\uFEFF2 1\r\n1 1 2 0\r\n0\r\n"A"\r\nB\r\nT\r\n', 'a.blt');
    expect(e.candidates.map((c) => c.name)).toEqual(['A', 'B']);
    expect(e.title).toBe('T');
    const bytes = new TextEncoder().encode('\uFEFF2 1\r\n1 1 2 0\r\n0\r\nA\r\nB\r\nT');
    expect(parseBlt(bytes, 'a.blt').candidates.map((c) => c.name)).toEqual(['A', 'B']);
  });

  it('reads quoted names with CSV-style doubled quotes as a person would read them', () => {
    const text = [
      '3 1',
      '1 1 0',
      '0',
      '"Gill AL-SAMARAI ""Scottish National Party (SNP)"""',
      '"Lab ""Barney CROCKETT"" "',
      '"Bob "Bobby" Smith"',
      '"Ward 1 - Dyce, Bucksburn # Danestone"',
    ].join('\n');
    const e = parseBlt(text, 'a.blt');
    expect(e.candidates.map((c) => c.name)).toEqual(['Gill AL-SAMARAI "Scottish National Party (SNP)"', 'Lab "Barney CROCKETT"', 'Bob "Bobby" Smith']);
    expect(e.title).toBe('Ward 1 - Dyce, Bucksburn # Danestone');
  });

  it('keeps unquoted names whole, including # and commas', () => {
    const e = parseBlt('2 1\n1 1 0\n0\nTeam #1\nSmith, Jo\nTitle\n', 'a.blt');
    expect(e.candidates.map((c) => c.name)).toEqual(['Team #1', 'Smith, Jo']);
  });

  it('takes names from # ALTERNATIVE NAME comments when there are no name lines (Glasgow 2007)', () => {
    const text =
      '3 2\n5 1 2 0\n2 3 0\n0\n# ALTERNATIVE NAME 1: Nina Baker (Grn)\n# ALTERNATIVE NAME 2: Erin Boyle (Con)\n# ALTERNATIVE NAME 3: Philip Braat (Lab)\nAnderson ward';
    const e = parseBlt(text, 'glasgow.blt');
    expect(e.candidates.map((c) => c.name)).toEqual(['Nina Baker (Grn)', 'Erin Boyle (Con)', 'Philip Braat (Lab)']);
    expect(e.title).toBe('Anderson ward');
    expect(e.ballots.total).toBe(7n);
  });

  it('prefers name lines to ALTERNATIVE NAME comments, and allows comments without a title', () => {
    expect(parseBlt('2 1\n1 1 0\n0\n# ALTERNATIVE NAME 1: X\n# ALTERNATIVE NAME 2: Y\nA\nB\nT\n', 'a.blt').candidates.map((c) => c.name)).toEqual(['A', 'B']);
    const e = parseBlt('2 1\n1 1 0\n0\n# ALTERNATIVE NAME 2: Y\n# ALTERNATIVE NAME 1: X\n', 'a.blt');
    expect(e.candidates.map((c) => c.name)).toEqual(['X', 'Y']);
    expect(e.title).toBe('');
  });

  it('reads the one-column spreadsheet dialect whose lines all end in a comma (perth_kinross_2016_by_election_ward9)', () => {
    const text = '3 1,\n786 1 0,\n87 1 2 0,\n3 3 2 1 0,\n0,\nKathleen BAIRD,\nWilma,LUMSDEN\nDave MACKENZIE,\nWard 9 - Almond and Earn,';
    const e = parseBlt(text, 'perth.blt');
    expect(e.candidates.map((c) => c.name)).toEqual(['Kathleen BAIRD', 'Wilma,LUMSDEN', 'Dave MACKENZIE']);
    expect(e.title).toBe('Ward 9 - Almond and Earn');
    expect(ballots(e)).toEqual([
      ['1', 786n],
      ['1 2', 87n],
      ['3 2 1', 3n],
    ]);
  });

  it('rejects a trailing comma outside that dialect', () => {
    expect(errorOf('3 1\n786 1 0,\n0\nA\nB\nC\nT\n')).toBe('e.blt:2: "0," is not a candidate number, an equal ranking such as 1=2, or - for a skipped rank');
  });
});

describe('parseBlt errors', () => {
  const names = '0\nA\nB\nC\nT\n';
  const cases: [string, string, string][] = [
    ['an empty file', '', 'e.blt:1: the file is empty: expected the number of candidates and the number of seats'],
    ['a file of comments', '# nothing\n\n', 'e.blt:2: the file is empty: expected the number of candidates and the number of seats'],
    ['a bad first line', '3\n', 'e.blt:1: expected the number of candidates and the number of seats (e.g. "5 2"), found "3"'],
    ['a non-numeric first line', 'three 1\n', 'e.blt:1: expected the number of candidates and the number of seats (e.g. "5 2"), found "three 1"'],
    ['no candidates', '0 0\n', 'e.blt:1: there must be at least one candidate'],
    ['no seats', '3 0\n', 'e.blt:1: the number of seats must be at least 1'],
    ['seats > candidates', '2 3\n', 'e.blt:1: 3 seats but only 2 candidates'],
    ['a withdrawn candidate out of range', '3 1\n-4\n' + names, 'e.blt:2: withdrawn candidate -4 is out of range: there are 3 candidates'],
    ['a candidate withdrawn twice', '3 1\n-2 -2\n' + names, 'e.blt:2: candidate 2 is withdrawn twice'],
    ['a mixed withdrawn line', '3 1\n-2 x\n' + names, 'e.blt:2: expected withdrawn candidates as negative numbers (e.g. "-2 -5"), found "x"'],
    [
      'withdrawn after ballots',
      '3 1\n1 1 0\n-2\n' + names,
      'e.blt:3: withdrawn candidates (-2) must be listed on the lines straight after the first line, before any ballot',
    ],
    ['a candidate number out of range', '3 1\n1 1 0\n2 1 4 0\n' + names, 'e.blt:3: candidate number 4 is out of range: there are 3 candidates'],
    ['an equal ranking out of range', '3 1\n2 1=7 0\n' + names, 'e.blt:2: candidate number 7 is out of range: there are 3 candidates'],
    ['a negative candidate number', '3 1\n2 1 -3 0\n' + names, 'e.blt:2: -3 is not a candidate number'],
    ['a non-numeric token', '3 1\n2 1 x 0\n' + names, 'e.blt:2: "x" is not a candidate number, an equal ranking such as 1=2, or - for a skipped rank'],
    ['an incomplete equal ranking', '3 1\n2 1= 0\n' + names, 'e.blt:2: "1=" is not a candidate number, an equal ranking such as 1=2, or - for a skipped rank'],
    ['a non-integer weight', '3 1\n1.5 1 2 0\n' + names, 'e.blt:2: a ballot weight must be a whole number, found 1.5'],
    ['a zero weight with a ranking', '3 1\n0 1 2 0\n' + names, 'e.blt:2: a ballot weight must be at least 1 (a line holding only 0 ends the ballots)'],
    ['a weight alone', '3 1\n2\n' + names, 'e.blt:2: a ballot of weight 2 names no candidate: an empty ballot is written "2 0"'],
    ['text after the 0', '3 1\n2 1 0 2 0\n' + names, 'e.blt:2: text after the 0 that ends the ballot: "2 0"'],
    ['an unclosed ballot id', '3 1\n(b1 1 2 0\n' + names, 'e.blt:2: a ballot id opened with "(" is not closed with ")"'],
    ['a ballot id alone', '3 1\n(b1)\n' + names, 'e.blt:2: a ballot id must be followed by a ballot (weight, candidate numbers, 0)'],
    [
      'a missing 0 line',
      '3 1\n2 1 2 0\nA\nB\nC\nT\n',
      'e.blt:3: expected a ballot (weight, candidate numbers, 0) or a line holding 0 to end the ballots, found "A"',
    ],
    ['a file ending in the ballots', '3 1\n2 1 2 0\n', 'e.blt:2: the file ends before the line holding 0 that ends the ballots'],
    [
      'fewer names than candidates',
      '3 1\n1 1 0\n0\nA\nB\nT\n',
      'e.blt:6: fewer names than candidates: 3 candidates need 3 names and then a title, found 3 lines',
    ],
    [
      'no names at all',
      '3 1\n1 1 0\n0\nT\n',
      'e.blt:4: no candidate names: expected 3 name lines and a title after the 0 line (or "# ALTERNATIVE NAME k: name" comments)',
    ],
    [
      'some ALTERNATIVE NAME comments missing',
      '3 1\n1 1 0\n0\n# ALTERNATIVE NAME 1: X\n# ALTERNATIVE NAME 3: Z\nT\n',
      'e.blt:6: no name for candidate 2: the "# ALTERNATIVE NAME" comments name only some candidates',
    ],
    [
      'an ALTERNATIVE NAME out of range',
      '2 1\n1 1 0\n0\n# ALTERNATIVE NAME 3: Z\nA\nB\nT\n',
      'e.blt:4: ALTERNATIVE NAME 3 is out of range: there are 2 candidates',
    ],
    [
      'a candidate named twice in comments',
      '2 1\n1 1 0\n0\n# ALTERNATIVE NAME 1: X\n# ALTERNATIVE NAME 1: Y\nT\n',
      'e.blt:5: candidate 1 is named twice by "# ALTERNATIVE NAME" comments',
    ],
    ['an unclosed quoted name', '2 1\n1 1 0\n0\n"A\nB\nT\n', 'e.blt:4: the quote that opens this name is never closed'],
    ['text after a quoted name', '2 1\n1 1 0\n0\n"A" B\nB\nT\n', 'e.blt:4: unexpected text after the quoted name: "B"'],
    ['an unclosed quoted title', '2 1\n1 1 0\n0\nA\nB\n"T\n', 'e.blt:6: the quote that opens this title is never closed'],
    ['an empty quoted name', '2 1\n1 1 0\n0\n""\nB\nT\n', 'e.blt:4: empty candidate name'],
  ];
  it.each(cases)('%s', (_, text, message) => {
    expect(errorOf(text)).toBe(message);
  });

  it('carries the file and line on the error', () => {
    try {
      parseBlt('3 1\n1 9 0\n', 'dir/x.blt');
      expect.unreachable();
    } catch (err) {
      const e = err as InputError;
      expect(e.file).toBe('dir/x.blt');
      expect(e.line).toBe(2);
      expect(e.problem).toBe('candidate number 9 is out of range: there are 3 candidates');
    }
  });
});

describe('plain ballot lines', () => {
  it('read exactly as the general reader reads them (a line with an id always takes the general reader)', () => {
    const token = fc.constantFrom('1', '2', '3', '4', '0', '00', '01', '-', '1=2', '2=4=1', '1=0', '5', '=', 'x', '-3', '1.5', '3=', '# c');
    const line = fc.tuple(
      fc.constantFrom('1', '2', '0', '00', '07', '1.5', '', '12345678901234567'),
      fc.array(token, { maxLength: 6 }),
      fc.constantFrom(' ', '  ', '\t'),
    );
    const outcome = (text: string): string => {
      try {
        return JSON.stringify(ballots(parseBlt(text, 'p.blt')), (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
      } catch (err) {
        return (err as Error).message;
      }
    };
    fc.assert(
      fc.property(line, ([weight, tokens, sep]) => {
        const body = [weight, ...tokens].join(sep).trim();
        // An empty line, a comment line and the 0 line mean something else without an id.
        const parts = body.split('#')[0].trim().split(/\s+/);
        if (body === '' || body.startsWith('#') || (/^0+$/.test(parts[0]) && parts.length === 1)) return;
        const head = '4 2\n1 1 0\n';
        const tail = '\n0\nA\nB\nC\nD\nT\n';
        expect(outcome(head + body + tail)).toBe(outcome(head + '(b) ' + body + tail));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('writeBlt', () => {
  const sample = election({
    title: 'Ward "7", Leith # Walk',
    candidates: ['Gill AL-SAMARAI "SNP"', 'Smith, Jo', 'Team #1', 'Ann'],
    seats: 2,
    withdrawn: [3],
    ballots: [{ ranks: [0, 1, 2], weight: 3 }, { ranks: [[0, 1], 2] }, { ranks: [[], 3, 1], weight: 2n }, { ranks: [], weight: 5 }],
  });

  it('writes weights, equal ranks, skipped ranks, withdrawn candidates and quoted names', () => {
    expect(writeBlt(sample)).toBe(
      [
        '4 2',
        '-4',
        '3 1 2 3 0',
        '1 1=2 3 0',
        '2 - 4 2 0',
        '5 0',
        '0',
        '"Gill AL-SAMARAI ""SNP"""',
        '"Smith, Jo"',
        '"Team #1"',
        '"Ann"',
        '"Ward ""7"", Leith # Walk"',
        '',
      ].join('\n'),
    );
  });

  it('round-trips', () => {
    expect(parseBlt(writeBlt(sample), 'x.blt')).toEqual(sample);
  });

  it('streams lines', () => {
    expect([...bltLines(sample)].length).toBe(12);
  });

  it('takes seats from the options when the election has none, and refuses what BLT cannot hold', () => {
    const noSeats = election({ candidates: ['A', 'B'], ballots: [{ ranks: [0] }] });
    expect(() => writeBlt(noSeats)).toThrow(/needs the number of seats/);
    expect(writeBlt(noSeats, { seats: 1 }).split('\n')[0]).toBe('2 1');
    expect(() => writeBlt(noSeats, { seats: 3 })).toThrow(/cannot write 3 seats for 2 candidates/);
    expect(() => writeBlt(election({ candidates: ['A\nB'], seats: 1, ballots: [] }))).toThrow(/line break/);
    expect(() => writeBlt(election({ candidates: [' '], seats: 1, ballots: [] }))).toThrow(/empty candidate name/);
  });

  it('round-trips any election (property)', () => {
    const name = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !/[\r\n]/.test(s) && s.trim() === s && s !== '');
    const spec = fc.integer({ min: 1, max: 6 }).chain((n) =>
      fc.record({
        title: fc.string({ maxLength: 15 }).filter((s) => !/[\r\n]/.test(s) && s.trim() === s),
        names: fc.array(name, { minLength: n, maxLength: n }),
        seats: fc.integer({ min: 1, max: n }),
        withdrawn: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: n }),
        ballots: fc.array(
          fc.record({
            ranks: fc.array(fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 3 }), { maxLength: 5 }),
            weight: fc.bigInt({ min: 1n, max: 10n ** 15n }),
          }),
          { maxLength: 20 },
        ),
      }),
    );
    fc.assert(
      fc.property(spec, (s) => {
        const e = election({ title: s.title, candidates: s.names, seats: s.seats, withdrawn: s.withdrawn, ballots: s.ballots });
        expect(parseBlt(writeBlt(e), 'p.blt')).toEqual(e);
      }),
      { numRuns: 300 },
    );
  });
});

describe("parseBlt: Droop's option lines and OpenTally's ballot lines", () => {
  const names = '0\nA\nB\nC\nT\n';

  it('reads [nick]: ballots, equal rankings, [tie] and [withdrawn] may name candidates by nickname', () => {
    const e = parseBlt('3 2\n[nick a b c]\n[tie c b a] [withdrawn b]\n5 a b 0\n1 b=c 0\n3 c 2 0\n0\n"A"\n"B"\n"C"\n"eq"\n', 'n.blt');
    expect(e.nicknames).toEqual(['a', 'b', 'c']);
    expect(e.tieOrder).toEqual([2, 1, 0]);
    expect(e.withdrawn).toEqual([1]);
    expect(ballots(e)).toEqual([
      ['1 2', 5n],
      ['2=3', 1n],
      ['3 2', 3n],
    ]);
  });

  it('reads [withdrawn] beside -n lines, and options after the 0 line before the names', () => {
    const e = parseBlt('4 1\n-1\n[withdrawn 3]\n1 1 2 0\n0\n[tie 4 3 2 1]\n[droop meek precision=18]\nA\nB\nC\nD\nT\n', 'w.blt');
    expect(e.withdrawn).toEqual([0, 2]);
    expect(e.tieOrder).toEqual([3, 2, 1, 0]);
    expect(e.countOptions).toEqual(['meek', 'precision=18']);
    expect(e.candidates.map((c) => c.name)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('reads ballot lines without their closing 0, as OpenTally writes them', () => {
    const e = parseBlt('3 1\n2 1 2\n1 3=2 - 1\n(b7) 4 2\n1 1 2 0\n0\nA\nB\nC\nT\n', 'o.blt');
    expect(ballots(e)).toEqual([
      ['1 2', 3n],
      ['3=2 - 1', 1n],
      ['2', 4n],
    ]);
  });

  it('ignores lines after the title (Droop’s source and comment strings)', () => {
    const e = parseBlt('2 1\n1 1 0\n0\n"A"\n"B"\n"T"\n"Source: the returning officer"\n"A comment"\nanything else\n', 't.blt');
    expect(e.title).toBe('T');
    expect(e.candidates.map((c) => c.name)).toEqual(['A', 'B']);
  });

  it('writes [nick], [tie] and [droop] back so the file reads the same', () => {
    const e = parseBlt('3 1\n[nick x y z]\n[tie 2 3 1]\n[droop meek]\n2 x y 0\n0\nA\nB\nC\nT\n', 'r.blt');
    const again = parseBlt(writeBlt(e), 'r2.blt');
    expect(again.nicknames).toEqual(['x', 'y', 'z']);
    expect(again.tieOrder).toEqual([1, 2, 0]);
    expect(again.countOptions).toEqual(['meek']);
    expect(ballots(again)).toEqual(ballots(e));
  });

  const cases: [string, string, string][] = [
    [
      'an unknown option',
      '3 1\n[elected 3]\n' + names,
      'e.blt:2: unknown option [elected]: the options are [nick …], [withdrawn …], [tie …], [droop …], [undeclared …]',
    ],
    ['an unclosed option', '3 1\n[tie 1 2 3\n' + names, 'e.blt:2: the option "[tie 1 2 3" is not closed with "]" on its line'],
    ['text after an option', '3 1\n[tie 1 2 3] 4 1 0\n' + names, 'e.blt:2: expected an option in brackets such as [tie 2 1 3], found "4 1 0"'],
    ['an empty option', '3 1\n[]\n' + names, 'e.blt:2: an empty option "[]": expected one of [nick …], [withdrawn …], [tie …], [droop …], [undeclared …]'],
    ['too few nicknames', '3 1\n[nick a b]\n' + names, 'e.blt:2: [nick] gives 2 nicknames for 3 candidates: give one for each, in order'],
    ['a nickname twice', '3 1\n[nick a b a]\n' + names, 'e.blt:2: nickname "a" is given to two candidates'],
    ['a nickname with =', '3 1\n[nick a b=c c]\n' + names, 'e.blt:2: nickname "b=c" cannot be used: a nickname cannot be "-" or contain = ( ) # or "'],
    ['a number as another’s nickname', '3 1\n[nick 2 b c]\n' + names, 'e.blt:2: nickname 2 for candidate 1 would read as candidate number 2'],
    ['a second [nick]', '3 1\n[nick a b c]\n[nick d e f]\n' + names, 'e.blt:3: a second [nick] line: the nicknames are already given'],
    [
      'an unknown nickname in a ballot',
      '3 1\n[nick a b c]\n2 a d 0\n' + names,
      'e.blt:3: "d" is not a candidate number, a nickname from [nick], an equal ranking such as 1=2, or - for a skipped rank',
    ],
    ['a nickname without [nick]', '3 1\n[tie a b c]\n' + names, 'e.blt:2: [tie]: "a" is not a candidate number (no [nick] line gives nicknames)'],
    [
      'an unknown nickname in [tie]',
      '3 1\n[nick a b c]\n[tie a b d]\n' + names,
      'e.blt:3: [tie]: "d" is neither a candidate number nor a nickname from [nick]',
    ],
    ['a [tie] missing a candidate', '3 1\n[tie 3 1]\n' + names, 'e.blt:2: [tie] must list every candidate once; missing: 2'],
    ['a [tie] naming one twice', '3 1\n[tie 3 1 3]\n' + names, 'e.blt:2: [tie] lists candidate 3 twice'],
    ['a [tie] out of range', '3 1\n[tie 3 1 4]\n' + names, 'e.blt:2: [tie]: candidate number 4 is out of range: there are 3 candidates'],
    ['a second [tie]', '3 1\n[tie 3 1 2]\n[tie 1 2 3]\n' + names, 'e.blt:3: a second [tie] line: the tie-break order is already given'],
    ['withdrawn twice, two ways', '3 1\n-2\n[withdrawn 2]\n' + names, 'e.blt:3: candidate 2 is withdrawn twice'],
    ['an empty [withdrawn]', '3 1\n[withdrawn]\n' + names, 'e.blt:2: [withdrawn] names no candidate'],
  ];
  it.each(cases)('refuses %s at its line', (_, text, message) => {
    expect(errorOf(text)).toBe(message);
  });
});
