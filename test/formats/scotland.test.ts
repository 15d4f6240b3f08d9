/**
 * Every Scottish council ward BLT in ../shared/data/scotland is read: weights,
 * names and titles are checked against a deliberately plain second reading of
 * each file.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readElectionFile } from '../../src/formats/index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DATA = path.resolve(repo, '..', 'shared', 'data', 'scotland');
const haveData = existsSync(DATA);
if (!haveData) console.warn(`[skip] ${DATA} is absent: the BLT reader is not checked against the Scottish ward files in this run.`);

const FOLDERS = ['2007', '2012', '2017', '2022', 'by-elections'];
const MALFORMED = 'by-elections/perth_kinross_2016_by_election_ward9.blt';

function files(): string[] {
  const out: string[] = [];
  for (const dir of FOLDERS) {
    const d = path.join(DATA, dir);
    if (existsSync(d)) for (const f of readdirSync(d).sort()) if (f.endsWith('.blt')) out.push(`${dir}/${f}`);
  }
  return out;
}

/** The candidate count, the sum of ballot weights and the lines after the ballots, read as plainly as possible. */
function plainReading(text: string): { candidates: number; total: bigint; after: string[]; comments: string[] } {
  const lines = text
    .split('\n')
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l.trim() !== '');
  const comments = lines.filter((l) => l.startsWith('#'));
  const body = lines.filter((l) => !l.startsWith('#')).map((l) => l.replace(/,$/, ''));
  const candidates = Number(body[0].split(/\s+/)[0]);
  let total = 0n;
  let k = 1;
  for (; body[k].trim() !== '0'; k++) {
    if (body[k].startsWith('-')) continue;
    total += BigInt(body[k].trim().split(/\s+/)[0]);
  }
  return { candidates, total, after: body.slice(k + 1), comments };
}

/** A name or title line: a quoted one loses its outer quotes and one level of doubled quotes (several 2022 files have two). */
function unescapeField(line: string): string {
  const t = line.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replaceAll('""', '"').trim() : t;
}

describe.skipIf(!haveData)('every Scottish ward BLT', () => {
  const all = haveData ? files() : [];

  it('finds the files of every folder', () => {
    for (const dir of FOLDERS) expect(all.filter((f) => f.startsWith(dir + '/')).length, dir).toBeGreaterThan(0);
    expect(all).toContain(MALFORMED);
  });

  it('reads each one: ballots add up, every candidate has a name, and the title is read', async () => {
    for (const file of all) {
      const e = await readElectionFile(path.join(DATA, file));
      const plain = plainReading(readFileSync(path.join(DATA, file), 'utf8'));
      expect(e.candidates.length, file).toBe(plain.candidates);
      expect(e.ballots.total, file).toBe(plain.total);
      expect(
        e.ballots.weights.reduce((a, b) => a + b, 0n),
        file,
      ).toBe(plain.total);
      expect(e.seats, file).toBeGreaterThanOrEqual(1);
      expect(e.seats!, file).toBeLessThanOrEqual(e.candidates.length);
      expect(e.withdrawn, file).toEqual([]);
      expect(e.title, file).not.toBe('');
      for (const c of e.candidates) expect(c.name, file).not.toBe('');
      if (plain.after.length === 1) {
        // No name lines: the names are the "# ALTERNATIVE NAME k:" comments.
        expect(
          e.candidates.map((c) => c.name),
          file,
        ).toEqual(plain.comments.map((l) => l.replace(/^# ALTERNATIVE NAME \d+: /, '').trim()));
      } else {
        expect(plain.after.length, file).toBe(plain.candidates + 1);
        expect(
          e.candidates.map((c) => c.name),
          file,
        ).toEqual(plain.after.slice(0, -1).map(unescapeField));
      }
      expect(e.title, file).toBe(unescapeField(plain.after[plain.after.length - 1]));
    }
  });

  it('gives the 2007 Glasgow files names from ALTERNATIVE NAME comments', async () => {
    const glasgow = all.filter((f) => f.startsWith('2007/'));
    expect(glasgow.length).toBeGreaterThan(0);
    const e = await readElectionFile(path.join(DATA, '2007', 'glasgow_anderston.blt'));
    expect(e.candidates.map((c) => c.name)).toEqual([
      'Nina Baker (Grn)',
      'Erin Boyle (Con)',
      'Philip Braat (Lab)',
      'Dave Holladay (Ind)',
      'Akhtar Khan (Sol)',
      'Ann Laird (LD)',
      'Craig Mackay (SNP)',
      'Gordon Matheson (Lab)',
      'Peter Murray (Soc)',
    ]);
    expect(e.title).toBe('Anderson ward');
  });

  it('reads CSV-escaped quoted names as a person would read them', async () => {
    const y2022 = await readElectionFile(path.join(DATA, '2022', 'aberdeen_ward1.blt'));
    expect(y2022.candidates[0].name).toBe('Gill AL-SAMARAI "Scottish National Party (SNP)"');
    expect(y2022.title).toBe('Dyce-Bucksburn-Danestone Ward');
    const y2012 = await readElectionFile(path.join(DATA, '2012', 'aberdeen_ward1.blt'));
    expect(y2012.candidates[0].name).toBe('Lab "Barney CROCKETT"');
    const y2017 = await readElectionFile(path.join(DATA, '2017', 'aberdeen_ward1.blt'));
    expect(y2017.candidates[0].name).toBe('Barney CROCKETT (Lab)');
    expect(y2017.ballots.total).toBe(6608n);
    expect(y2017.seats).toBe(4);
    // Some 2022 files quote their names twice over; one level is undone, as for every other file.
    const twice = await readElectionFile(path.join(DATA, '2022', 'aberdeenshire_ward1.blt'));
    expect(twice.candidates[0].name).toBe('" St ew ar t AD AM S" " Scottish Conservative and Unionist"');
  });

  it('reads the malformed Perth & Kinross by-election, whose every line ends in a comma, keeping names as written', async () => {
    const e = await readElectionFile(path.join(DATA, MALFORMED));
    expect(e.candidates.map((c) => c.name)).toEqual(['Kathleen BAIRD', 'Denise BAYKAL', 'George HAYTON', 'Wilma,LUMSDEN', 'Dave MACKENZIE']);
    expect(e.title).toBe('Ward 9 - Almond and Earn');
    expect(e.seats).toBe(1);
    expect(e.ballots.total).toBe(3431n);
  });
});
