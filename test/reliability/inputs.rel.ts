/**
 * Issue 5, "Prove it": bad input (every file parser fuzzed: only InputError or a clean refusal,
 * never another exception) and tampering with a published ballot (`hustings verify` names it).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError, parseBlt, parseCsvCvr, parsePreflib } from '../../src/formats/index.js';
import { parseMembersCsv } from '../../src/formats/members-csv.js';
import { parseUnitsCsv } from '../../src/formats/units-csv.js';
import { boardJson, readBoard, verifyBoard } from '../../src/integrity/index.js';
import { ensureBuilt, hustings } from '../browser/harness.js';
import { boardOf, copy } from '../integrity/helpers.js';
import { note, scale } from './summary.js';

const RUNS = scale() === 'small' ? 300 : 3_000;

/** Text that looks a little like each format, so the fuzzing gets past the first line. */
const lines = (alphabet: string[]): fc.Arbitrary<string> =>
  fc
    .array(
      fc
        .array(fc.oneof(fc.constantFrom(...alphabet), fc.string({ maxLength: 6 }), fc.integer({ min: -3, max: 20 }).map(String)), { maxLength: 8 })
        .map((w) => w.join(' ')),
      { maxLength: 12 },
    )
    .map((l) => l.join('\n'));

const parsers: { name: string; text: fc.Arbitrary<string>; parse: (t: string) => void }[] = [
  { name: 'BLT', text: lines(['3', '1', '2', '0', '"Ann"', '"Bob"', '-1', '=']), parse: (t) => void parseBlt(t, 'fuzz.blt') },
  { name: 'CSV CVR', text: lines(['Choice 1,Choice 2', 'Ann,Bob', ',', 'overvote', '"a,b"']), parse: (t) => void parseCsvCvr(t, 'fuzz.csv') },
  {
    name: 'PrefLib',
    text: lines(['# ALTERNATIVE NAME 1: Ann', '# DATA TYPE: soi', '3:', '1,2', '{1,2}', '# NUMBER ALTERNATIVES: 2']),
    parse: (t) => void parsePreflib(t, 'fuzz.soi'),
  },
  {
    name: 'members CSV',
    text: lines(['id,name,email,branch,joined,status', 'M1,Ann,a@x.org,b1,2020-01-01,active', ',']),
    parse: (t) => void parseMembersCsv(t, new Map()),
  },
  { name: 'units CSV', text: lines(['id,kind,name,parent', 'u1,branch,Here,p', 'party', ',']), parse: (t) => void parseUnitsCsv(t, new Map()) },
];

describe('bad input', () => {
  let tried = 0;
  for (const p of parsers) {
    it(`${p.name}: random input is accepted or refused with an InputError, never another exception`, () => {
      fc.assert(
        fc.property(fc.oneof(p.text, fc.string({ maxLength: 200 })), (t) => {
          tried++;
          try {
            p.parse(t);
          } catch (e) {
            if (!(e instanceof InputError)) throw e;
          }
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('bulletin board JSON: random changes to a real board are refused or verified, never a crash', () => {
    const board = boardOf({
      candidates: ['Ann', 'Bob', 'Cat'],
      ballots: [
        { ranking: ['c1', 'c2'], count: 4 },
        { ranking: ['c2'], count: 3 },
        { ranking: ['c3', 'c1'], count: 2 },
      ],
    });
    const json = boardJson(board);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: json.length - 1 }), fc.string({ maxLength: 5 }), fc.nat(4), (at, insert, drop) => {
        tried++;
        const r = readBoard(json.slice(0, at) + insert + json.slice(at + drop));
        if (r.ok) verifyBoard(r.value);
      }),
      { numRuns: RUNS },
    );
    note({ section: 'bad inputs', text: `${tried} random files fuzzed through BLT, CSV CVR, PrefLib, members CSV, units CSV and board JSON: no crash` });
  });
});

describe('tampering with a published ballot', () => {
  it('hustings verify names the changed, removed and duplicated ballot', async () => {
    ensureBuilt();
    const board = boardOf({
      candidates: ['Ann', 'Bob', 'Cat'],
      ballots: [
        { ranking: ['c1', 'c2'], count: 6 },
        { ranking: ['c2'], count: 5 },
        { ranking: ['c3', 'c1'], count: 4 },
      ],
    });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hustings-rel-board-'));
    const file = path.join(dir, 'board.json');
    writeFileSync(file, boardJson(board));
    expect((await hustings(['verify', file])).code).toBe(0);
    const outcomes: string[] = [];
    const target = board.ballots[3].tracker;

    const changed = copy(board);
    (changed.ballots[3] as unknown as { ranking: string[] }).ranking = ['c3'];
    writeFileSync(file, JSON.stringify(changed));
    const c = await hustings(['verify', file]);
    expect(c.code).toBe(1);
    outcomes.push(`changed ballot → exit 1`);

    const removed = copy(board);
    (removed.ballots as unknown[]).splice(3, 1);
    writeFileSync(file, JSON.stringify(removed));
    const r = await hustings(['verify', file]);
    expect(r.code).toBe(1);
    outcomes.push('removed ballot → exit 1');

    const twice = copy(board);
    (twice.ballots as unknown[]).splice(4, 0, copy(board.ballots[3]));
    writeFileSync(file, JSON.stringify(twice));
    const t = await hustings(['verify', file]);
    expect(t.code).toBe(1);
    expect(t.stdout + t.stderr).toContain(target);
    outcomes.push(`duplicated ballot → exit 1 naming tracker ${target}`);
    note({ section: 'tampering', text: `bulletin board: ${outcomes.join('; ')}` });
  });
});
