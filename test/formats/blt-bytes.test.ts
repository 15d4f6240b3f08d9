import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { BltReader, parseBlt } from '../../src/formats/blt.js';
import { readElectionFile } from '../../src/formats/index.js';
import { ByteLineFeeder } from '../../src/formats/lines.js';

/** An election, or the message of the error reading it, as comparable text. */
function outcome(read: () => unknown): string {
  try {
    return JSON.stringify(read(), (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  } catch (err) {
    return `error: ${(err as Error).message}`;
  }
}

/** Feeds bytes to a BLT reader in the given chunk sizes, as readElectionFile does with a file. */
function fed(bytes: Uint8Array, sizes: readonly number[], file: string): unknown {
  const feeder = new ByteLineFeeder(new BltReader(file));
  let at = 0;
  for (let k = 0; at < bytes.length; k++) {
    const n = Math.min(sizes[k % sizes.length]!, bytes.length - at);
    feeder.space(n).set(bytes.subarray(at, at + n));
    feeder.commit(n);
    at += n;
  }
  return feeder.end();
}

// Mostly good tokens, so that most documents read to the end; a few of every kind of mistake.
const ballotToken = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('1', '2', '3', '4', '-', '1=2', '2=4=1') },
  { weight: 1, arbitrary: fc.constantFrom('0', '00', '5', 'x', '-3', 'a', 'b=c', '# c', '1=', 'é', '01') },
);
const ballotLine = fc
  .tuple(
    fc.oneof(
      { weight: 8, arbitrary: fc.constantFrom('1', '2', '17') },
      { weight: 1, arbitrary: fc.constantFrom('0', '1.5', '(id)', ' 3', '999999999999999', '9999999999999999', '12345678901234567') },
    ),
    fc.array(ballotToken, { maxLength: 5 }),
    fc.constantFrom(' ', '\t', '  '),
    fc.constantFrom(' 0', ' 0', ''),
  )
  .map(([w, ts, sep, close]) => [w, ...ts].join(sep) + close);
const nameLine = fc.constantFrom('"Ann ""A"" Lee"', 'Bob', '"Cy" # note', '"Di', 'Élise Ŵ', '', '# ALTERNATIVE NAME 1: X', '[tie 2 1 3 4]', '"T"');
const document = fc.record({
  bom: fc.boolean(),
  header: fc.oneof({ weight: 8, arbitrary: fc.constant('4 2') }, { weight: 1, arbitrary: fc.constantFrom('4 2,', ' 4 2 ', '4', '[nick a b c d]') }),
  early: fc.array(fc.constantFrom('-2', '-1 -4', '[withdrawn 3]', '[nick a b c d]', '# a comment', '', '[droop meek]'), { maxLength: 2 }),
  ballots: fc.array(fc.oneof({ weight: 6, arbitrary: ballotLine }, { weight: 1, arbitrary: fc.constantFrom('', '# c', '1 1 2 0 ', '1 1 2 0\r', '1 1 2 0,') })),
  end: fc.oneof({ weight: 4, arbitrary: fc.constant(['0']) }, { weight: 1, arbitrary: fc.constantFrom(['0 '], []) }),
  // Mostly a full set of names, so that the ballots read are compared, not only the error at the end.
  names: fc.oneof({ weight: 3, arbitrary: fc.constant(['A', '"B ""b"""', 'C', 'D', 'T']) }, { weight: 1, arbitrary: fc.array(nameLine, { maxLength: 7 }) }),
  eol: fc.constantFrom('\n', '\r\n'),
  last: fc.constantFrom('', '\n', '\r\n', '\r'),
});

describe('BLT read from bytes', () => {
  it('reads every document exactly as the text reader does: the same election, or the same error at the same line', () => {
    let elections = 0;
    fc.assert(
      fc.property(document, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 4 }), (d, sizes) => {
        const lines = [d.header, ...d.early, ...d.ballots, ...d.end, ...d.names];
        const text = (d.bom ? '\uFEFF' : '') + lines.join(d.eol) + d.last;
        const bytes = new TextEncoder().encode(text);
        const expected = outcome(() => parseBlt(text, 'd.blt'));
        if (!expected.startsWith('error:')) elections++;
        expect(outcome(() => parseBlt(bytes, 'd.blt'))).toBe(expected);
        expect(outcome(() => fed(bytes, sizes, 'd.blt'))).toBe(expected);
      }),
      { numRuns: 3000 },
    );
    // The comparison is worth something only if many documents read to an election.
    expect(elections).toBeGreaterThan(500);
  });
});

describe('readElectionFile on a BLT file larger than one read', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hustings-blt-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // About 3 MB, so ballot lines straddle the 1 MB reads; CRLF and LF lines mixed.
  const ballotLines: string[] = [];
  for (let k = 0; k < 200_000; k++)
    ballotLines.push(`${1 + (k % 7)} ${1 + (k % 5)} ${1 + ((k * 3) % 5)}=${1 + ((k * 7) % 5)} - ${1 + (k % 3)} 0${k % 11 === 0 ? '\r' : ''}`);
  const head = '\uFEFF5 2\n[nick a b c d e]\n-4\n';
  const tail = '0\n"Ann"\n"Bob ""B"" Ray"\nCy\nDi\nÉd\n"Title"\nsource\n';

  it('reads the same election as the text reader', async () => {
    const text = head + ballotLines.join('\n') + '\n' + tail;
    const file = path.join(dir, 'big.blt');
    writeFileSync(file, text);
    const read = await readElectionFile(file);
    expect(read.ballots.total).toBe(799_994n);
    expect(outcome(() => read)).toBe(outcome(() => parseBlt(text, file)));
  });

  it('names the line of a mistake far into the file', async () => {
    const lines = [...ballotLines];
    lines[150_000] = '1 2 9 0';
    const file = path.join(dir, 'bad.blt');
    writeFileSync(file, head + lines.join('\n') + '\n' + tail);
    await expect(readElectionFile(file)).rejects.toThrow(`${file}:${150_004}: candidate number 9 is out of range: there are 5 candidates`);
  });
});
