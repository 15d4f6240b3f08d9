/**
 * Scottish STV against real elections: every council ward in ../shared/data/scotland
 * is counted and checked stage by stage, and published official counts are matched
 * to the last of five decimal places.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixed } from '../../src/count/arithmetic.js';
import type { Election } from '../../src/count/ballots.js';
import { scottishStv } from '../../src/count/methods/stv-scottish.js';
import { resolveOptions } from '../../src/count/options.js';
import type { CountRecord } from '../../src/count/record.js';
import { readElectionFile } from '../../src/formats/index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DATA = path.resolve(repo, '..', 'shared', 'data', 'scotland');
const haveData = existsSync(DATA);
if (!haveData) console.warn(`[skip] ${DATA} is absent: Scottish STV is not checked against real elections in this run.`);

const ar = fixed(5);
const stv = (e: Election): CountRecord => scottishStv.count(e, resolveOptions(scottishStv.options, {}, scottishStv.id));
const value = (rec: CountRecord, stage: number, c: number): string => rec.stages[stage].tally[c] ?? '0.00000';

function wardFiles(): string[] {
  const out: string[] = [];
  for (const dir of ['2007', '2012', '2017', '2022', 'by-elections']) {
    const d = path.join(DATA, dir);
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d).sort()) if (f.endsWith('.blt')) out.push(path.join(dir, f));
  }
  return out;
}

/** Reads a markdown table of official stage totals: | candidate | stage 1 | … |. */
function officialTable(md: string): { names: string[]; stages: string[][]; elected: string[] } {
  const rows = md.split('\n').filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l));
  const body = rows.slice(1).map((l) =>
    l
      .split('|')
      .slice(1, -1)
      .map((x) => x.trim()),
  );
  const names = body.map((r) => r[0]);
  const stageCount = body[0].length - 1;
  const stages = Array.from({ length: stageCount }, (_, k) => body.map((r) => r[k + 1]));
  const electedLine = md.split('\n').find((l) => l.startsWith('Elected, in order:')) ?? '';
  const elected = electedLine
    .replace('Elected, in order:', '')
    .replace(/\.$/, '')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
  return { names, stages, elected };
}

describe.skipIf(!haveData)('Scottish STV reproduces the official count', () => {
  it('Aberdeen City 2017, ward 1 (Dyce/Bucksburn/Danestone): every stage total and the elected, in order', async () => {
    const md = readFileSync(path.join(DATA, 'EXAMPLE-aberdeen-2017-ward1.md'), 'utf8');
    const official = officialTable(md);
    const e = await readElectionFile(path.join(DATA, '2017', 'aberdeen_ward1.blt'));
    const rec = stv(e);
    const index = official.names.map((n) => rec.candidates.indexOf(n));
    expect(index.every((i) => i >= 0)).toBe(true);
    expect(rec.stages[0].threshold).toBe('1322.00000');
    expect(rec.stages).toHaveLength(official.stages.length);
    official.stages.forEach((stage, k) => {
      expect(
        index.map((c) => value(rec, k, c)),
        `stage ${k + 1}`,
      ).toEqual(stage);
    });
    expect(rec.elected.map((c) => rec.candidates[c])).toEqual(official.elected);
  });

  const fixtureDir = path.join(repo, 'test', 'fixtures', 'scottish-official');
  const fixtures = existsSync(fixtureDir)
    ? readdirSync(fixtureDir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
  for (const f of fixtures) {
    const sheet = JSON.parse(readFileSync(path.join(fixtureDir, f), 'utf8')) as {
      source: string;
      blt: string;
      quota: string;
      candidates: string[];
      bltNames: string[];
      stages: string[][];
      elected: string[];
    };
    it(`${f.replace(/\.json$/, '')}: matches the published sheet (${sheet.source})`, async () => {
      const e = await readElectionFile(path.join(DATA, sheet.blt));
      const rec = stv(e);
      const index = sheet.bltNames.map((n) => rec.candidates.indexOf(n));
      expect(
        index.every((i) => i >= 0),
        `names ${sheet.bltNames.join(', ')}`,
      ).toBe(true);
      expect(ar.parse(rec.stages[0].threshold)).toBe(ar.parse(sheet.quota));
      sheet.stages.forEach((stage, k) => {
        expect(
          index.map((c) => value(rec, k, c)),
          `stage ${k + 1}`,
        ).toEqual(stage.map((v) => ar.format(ar.parse(v))));
      });
      const toBlt = (n: string): string => sheet.bltNames[sheet.candidates.indexOf(n)] ?? n;
      expect(rec.elected.map((c) => rec.candidates[c])).toEqual(sheet.elected.map(toBlt));
    });
  }
});

describe.skipIf(!haveData)('Scottish STV over every ward of 2007–2022: invariants at every stage', () => {
  const files = haveData ? wardFiles() : [];
  it(`finds the ward files (${files.length})`, () => {
    expect(files.length).toBeGreaterThan(1000);
  });
  it('counts every ward; votes + non-transferable + loss = valid poll at every stage; nobody elected below quota unless the seats left equal the candidates left', async () => {
    const problems: string[] = [];
    let counted = 0;
    for (const f of files) {
      let e: Election;
      try {
        e = await readElectionFile(path.join(DATA, f));
      } catch (err) {
        // The one known malformed by-election file must fail with a located message, never a crash.
        expect(String((err as Error).message)).toMatch(/\.blt:\d+: /);
        continue;
      }
      const rec = stv(e);
      counted++;
      const seats = rec.seats;
      const valid = e.ballots.total;
      const quota = ar.int(valid / BigInt(seats + 1) + 1n);
      if (ar.parse(rec.stages[0].threshold) !== quota) problems.push(`${f}: quota ${rec.stages[0].threshold}`);
      if (rec.elected.length !== seats) problems.push(`${f}: elected ${rec.elected.length} of ${seats}`);
      for (const s of rec.stages) {
        const votes = Object.values(s.tally).reduce((a, v) => a + ar.parse(v), 0n);
        const inactive = Object.values(s.inactive).reduce((a, v) => a + ar.parse(v), 0n);
        if (votes + inactive + ar.parse(s.lost) !== ar.int(valid)) problems.push(`${f}: stage ${s.number} does not add up`);
        if (ar.parse(s.lost) < 0n) problems.push(`${f}: stage ${s.number} negative loss`);
      }
      for (const ev of rec.events) {
        if (ev.type !== 'elect') continue;
        if (ev.reason === 'quota' && ar.parse(ev.votes) < quota) problems.push(`${f}: ${rec.candidates[ev.candidate]} elected on quota below it`);
        if (ev.reason !== 'quota' && ev.reason !== 'remaining seats') problems.push(`${f}: elected by ${ev.reason}`);
      }
      // Someone elected without the quota: only when the continuing candidates fill the seats left.
      const byRemaining = rec.events.filter((ev) => ev.type === 'elect' && ev.reason === 'remaining seats');
      if (byRemaining.length > 0) {
        const last = rec.stages[rec.stages.length - 1];
        const stillIn = Object.keys(last.tally).length;
        if (stillIn !== seats) problems.push(`${f}: ${stillIn} candidates left in the count for ${seats} seats`);
      }
      // An elected candidate whose surplus has moved shows exactly the quota from then on.
      for (const s of rec.stages) {
        if (s.action?.kind === 'surplus') {
          const next = rec.stages[s.number];
          if (next && ar.parse(next.tally[s.action.candidates[0]]) !== quota) problems.push(`${f}: stage ${next.number} elected candidate not at quota`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(counted).toBeGreaterThan(1000);
  });
});
