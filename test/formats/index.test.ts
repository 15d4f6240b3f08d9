import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ranksOf, type Election } from '../../src/count/ballots.js';
import { formatOf, parseBlt, readElectionFile, writeBlt } from '../../src/formats/index.js';
import { errorOf } from './cvr/helpers.js';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'formats');
const fixture = (name: string): string => path.join(FIXTURES, name);
const tmp = mkdtempSync(path.join(tmpdir(), 'hustings-formats-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ballots = (e: Election): string[] =>
  Array.from({ length: e.ballots.size }, (_, i) => {
    const ranks = ranksOf(e.ballots, i)
      .map((r) => (r.length === 0 ? '-' : r.map((c) => e.candidates[c].name).join('=')))
      .join(' > ');
    return `${e.ballots.weights[i]}: ${ranks}`;
  }).sort();

describe('formatOf', () => {
  it('knows the extensions', () => {
    expect(formatOf('a/b.BLT')).toBe('blt');
    expect(formatOf('x.csv')).toBe('csv');
    for (const ext of ['soi', 'soc', 'toi', 'toc']) expect(formatOf(`x.${ext}`)).toBe('preflib');
    expect(formatOf('x.txt')).toBeUndefined();
    expect(formatOf('blt')).toBeUndefined();
  });
});

describe('readElectionFile', () => {
  it('reads BLT', async () => {
    const e = await readElectionFile(fixture('sample.blt'));
    expect(e.title).toBe('Branch officers 2025');
    expect(e.seats).toBe(2);
    expect(e.withdrawn).toEqual([3]);
    expect(e.candidates.map((c) => c.name)).toEqual(['Alice Smith', 'Bob "Bobby" Jones', 'Carol, Q.', 'Dan']);
    expect(ballots(e)).toEqual([
      '1: Alice Smith > Carol, Q. > - > Bob "Bobby" Jones',
      '1: Dan > Alice Smith',
      '2: Bob "Bobby" Jones=Carol, Q. > Alice Smith',
      '3: Alice Smith > Bob "Bobby" Jones',
    ]);
  });

  it('reads CSV with rank columns and an id column', async () => {
    const e = await readElectionFile(fixture('ranks.csv'));
    expect(e.title).toBe('ranks');
    expect(e.seats).toBeUndefined();
    expect(e.candidates.map((c) => c.name)).toEqual(['Alice Smith', 'Bob Jones', 'Carol Q']);
    expect(ballots(e)).toEqual([
      '1: Alice Smith=Bob Jones=Carol Q > Alice Smith',
      '1: Bob Jones > Alice Smith > Carol Q',
      '1: Carol Q > - > Alice Smith',
      '2: Alice Smith > Bob Jones',
    ]);
  });

  it('reads CSV with one column per candidate', async () => {
    const e = await readElectionFile(fixture('candidates.csv'));
    expect(ballots(e)).toEqual(['1: Bob Jones > Alice Smith > Carol Q', '1: Bob Jones=Carol Q', '2: Alice Smith > Bob Jones']);
  });

  it('reads PrefLib in both layouts', async () => {
    const toc = await readElectionFile(fixture('sample.toc'));
    expect(toc.title).toBe('Sample with ties');
    expect(ballots(toc)).toEqual(['1: Carol Q > Alice Smith=Bob Jones', '2: Bob Jones=Carol Q > Alice Smith', '3: Alice Smith > Bob Jones > Carol Q']);
    const soi = await readElectionFile(fixture('legacy.soi'));
    expect(soi.title).toBe('legacy');
    expect(ballots(soi)).toEqual(['1: Carol Q > Alice Smith > Bob Jones', '2: Bob Jones', '3: Alice Smith > Bob Jones']);
  });

  it('takes the format from the options when the extension does not say', async () => {
    const file = path.join(tmp, 'ballots.txt');
    writeFileSync(file, writeBlt(parseBlt('2 1\n4 1 2 0\n0\nA\nB\nT\n', 'x.blt')));
    expect((await readElectionFile(file, { format: 'blt' })).ballots.total).toBe(4n);
    expect(await errorOf(readElectionFile(file))).toBe(
      `${file}: cannot tell the format from the name (.blt, .csv, .soi, .soc, .toi, .toc, .json, .xml, .xlsx, or a Dominion or Hart folder): give it with --input-format blt|csv|preflib|cdf|dominion|ess|hart|clear-ballot`,
    );
    expect(await errorOf(readElectionFile(file, { format: 'csv' }))).toBe(
      `${file}:1: unknown layout: the first row "2 1" looks like data, not a header (expected rank1,rank2,… or candidate names)`,
    );
  });

  it('adds candidate attributes', async () => {
    const e = await readElectionFile(fixture('ranks.csv'), { attributes: fixture('attributes.csv') });
    expect(e.candidates.map((c) => c.attributes)).toEqual([
      { gender: 'woman', region: 'North' },
      { gender: 'man', region: 'South' },
      { gender: 'woman', region: '' },
    ]);
    const missing = path.join(tmp, 'missing.csv');
    expect(await errorOf(readElectionFile(fixture('ranks.csv'), { attributes: missing }))).toBe(`${missing}: cannot read the file (ENOENT)`);
  });

  it('passes a candidate list to the CSV reader, and refuses it for other formats', async () => {
    const e = await readElectionFile(fixture('ranks.csv'), { candidates: ['Carol Q', 'Bob Jones', 'Alice Smith', 'Dev'] });
    expect(e.candidates.map((c) => c.name)).toEqual(['Carol Q', 'Bob Jones', 'Alice Smith', 'Dev']);
    expect(await errorOf(readElectionFile(fixture('sample.blt'), { candidates: ['A'] }))).toBe(
      `${fixture('sample.blt')}: a candidate list is only used with CSV files`,
    );
  });

  it('reports progress up to the whole file', async () => {
    const rows = ['rank1,rank2'];
    for (let i = 0; i < 300_000; i++) rows.push(i % 2 === 0 ? 'Alice,Bob' : 'Bob,');
    const file = path.join(tmp, 'big.csv');
    writeFileSync(file, rows.join('\n') + '\n');
    const calls: [number, number][] = [];
    const e = await readElectionFile(file, { onProgress: (done, total) => calls.push([done, total]) });
    expect(e.ballots.total).toBe(300_000n);
    expect(calls.length).toBeGreaterThan(1);
    const size = calls[0][1];
    expect(calls[calls.length - 1]).toEqual([size, size]);
    expect(calls.every(([done], k) => k === 0 || done > calls[k - 1][0])).toBe(true);
  });

  it('reports files it cannot open', async () => {
    const missing = path.join(tmp, 'nope.blt');
    expect(await errorOf(readElectionFile(missing))).toBe(`${missing}: cannot open the file (no such file or folder)`);
    const dir = path.join(tmp, 'dir.blt');
    rmSync(dir, { force: true, recursive: true });
    mkdirSync(dir);
    expect(await errorOf(readElectionFile(dir))).toMatch(
      new RegExp(`^${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot (open|read) the file \\(it is a folder, not a file\\)$`),
    );
  });

  // Small regular files are opened and read in one go; a pipe must still be opened without holding up
  // the process, or the writer below could never start and the read would wait for ever.
  it.skipIf(process.platform === 'win32')('reads a named pipe whose writer starts after the read has begun', async () => {
    const fifo = path.join(tmp, 'pipe.blt');
    rmSync(fifo, { force: true });
    execFileSync('mkfifo', [fifo]);
    const reading = readElectionFile(fifo);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const writer = createWriteStream(fifo);
    writer.end('2 1\n3 1 0\n2 2 1 0\n0\n"Ann"\n"Bo"\n"Piped"\n');
    const e = await reading;
    expect(e.title).toBe('Piped');
    expect(ballots(e)).toEqual(['2: Bo > Ann', '3: Ann']);
  });

  it('reports errors with the path as given', async () => {
    const file = path.join(tmp, 'bad.blt');
    writeFileSync(file, '3 1\n1 1 0\n2 1 5 0\n0\nA\nB\nC\nT\n');
    expect(await errorOf(readElectionFile(file))).toBe(`${file}:3: candidate number 5 is out of range: there are 3 candidates`);
  });

  it('streams BLT across chunk ends, including multi-byte characters', async () => {
    const lines = ['3 1'];
    for (let i = 0; i < 120_000; i++) lines.push(`${(i % 5) + 1} ${(i % 3) + 1} 0`);
    lines.push('0', '"Renée"', '"HÖFER-FRANZ"', '"Łukasz ""Ł"""', '"Wahl 2025 – Süd"');
    const file = path.join(tmp, 'long.blt');
    writeFileSync(file, lines.join('\n'));
    const e = await readElectionFile(file);
    expect(e.candidates.map((c) => c.name)).toEqual(['Renée', 'HÖFER-FRANZ', 'Łukasz "Ł"']);
    expect(e.title).toBe('Wahl 2025 – Süd');
    let total = 0n;
    for (let i = 0; i < 120_000; i++) total += BigInt((i % 5) + 1);
    expect(e.ballots.total).toBe(total);
  });
});
