/**
 * The statutory postal ballot's print files: the packs in batches (papers with their numbers, the
 * candidates, the return instructions; the election addresses as written) and the scrutineer's
 * report, rendered to PNG with pdftoppm (poppler-utils) and read back with pdftotext.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countPostalBallot, enterMarks, issuePostalPapers, logReturn, scrutineerReport } from '../../src/app/postal-ballot.js';
import { printPacks, writeReportPdf } from '../../src/app/postal-pdf.js';
import { closeBallot } from '../../src/app/close-ballot.js';
import { UNION_EXECUTIVE_STATUTORY } from '../../src/domain/presets.js';
import { openStore } from '../../src/store/index.js';
import { createWriteStream } from 'node:fs';
import { applyStep } from './steps.js';
import { frozenPostalElection, noon } from './postal-fixture.js';

const must = <T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};

const hasPoppler = (() => {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const dir = process.env.HUSTINGS_KEEP_PDF ?? mkdtempSync(join(tmpdir(), 'hustings-postal-'));
afterAll(() => {
  if (!process.env.HUSTINGS_KEEP_PDF) rmSync(dir, { recursive: true, force: true });
});

const text = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
const render = (file: string, stem: string) => {
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, join(dir, stem)]);
  const png = readdirSync(dir).find((f) => f.startsWith(stem) && f.endsWith('.png'));
  expect(png, `${stem} rendered`).toBeDefined();
  expect(statSync(join(dir, png!)).size).toBeGreaterThan(2000);
};

describe.skipIf(!hasPoppler)('the postal ballot’s print files', () => {
  it('prints a pack per member in batches, the addresses as written, and the report', async () => {
    const store = await openStore('sqlite::memory:');
    try {
      const { id, clock, a } = await frozenPostalElection(store, { seats: 1, method: 'plurality' });
      must(
        await issuePostalPapers(store, clock, id, { scrutineer: 'Civica Election Services', returnAddress: 'Freepost RTXX-ABCD, London N1 1AA' }, 'scrutineer'),
      );
      // Batches of 4 (the rulebook's 500 would make one file of six).
      const printed = must(await printPacks(store, clock, id, dir, 'scrutineer', 4));
      expect(printed.papers).toBe(6);
      expect(printed.files.map((f) => f.slice(dir.length + 1))).toEqual(['election-addresses.pdf', 'papers-0001.pdf', 'papers-0002.pdf']);
      const first = text(join(dir, 'papers-0001.pdf'));
      const second = text(join(dir, 'papers-0002.pdf'));
      expect(first.match(/Paper number \d+/g)?.length).toBe(4);
      expect(second.match(/Paper number \d+/g)?.length).toBe(2);
      const numbers = [...`${first}${second}`.matchAll(/Paper number (\d+)/g)].map((m) => Number(m[1])).sort((x, y) => x - y);
      expect(numbers).toEqual([1, 2, 3, 4, 5, 6]);
      expect(first).toContain('Vote for ONE candidate only');
      expect(first).toContain('Civica Election Services');
      expect(first).toContain('1 March 2026');
      for (const name of ['Ann Ash', 'Bob Birch', 'Cy Cedar']) expect(first).toContain(name);
      const addresses = text(join(dir, 'election-addresses.pdf'));
      expect(addresses.replace(/\s+/g, ' ')).toContain('I have worked in the north-west for twenty years. I will fight for fair pay, safe staffing');
      expect(addresses).toContain('This candidate did not give an election address.');
      render(join(dir, 'papers-0001.pdf'), 'paper');
      render(join(dir, 'election-addresses.pdf'), 'addresses');
      expect((await store.auditEntriesOf(id, 'postal.packs-printed'))[0].data).toEqual({ process: id, papers: 6, files: 2 });

      clock.set(noon('2026-02-10'));
      await applyStep(a, id, 'internal-election', { type: 'open-ballot' });
      for (const n of ['1', '2', '3']) must(await logReturn(store, clock, id, n, '', 'scrutineer'));
      must(await enterMarks(store, clock, id, '1', { c1: 'X' }, 'scrutineer'));
      must(await enterMarks(store, clock, id, '2', { c1: 'X' }, 'scrutineer'));
      must(await enterMarks(store, clock, id, '3', { c2: 'X', c3: 'X' }, 'scrutineer'));
      clock.set(noon('2026-03-02'));
      must(await closeBallot({ store, clock, rulebook: UNION_EXECUTIVE_STATUTORY, actor: 'officer' }, { id }));
      must(await countPostalBallot(store, clock, id, 'scrutineer'));
      const report = must(await scrutineerReport(store, id));
      const file = join(dir, 'report.pdf');
      await writeReportPdf(report, createWriteStream(file));
      const words = text(file);
      expect(words).toContain("Scrutineer's report");
      expect(words).toMatch(/Members sent a voting paper\s+6/);
      expect(words).toMatch(/Spoilt or otherwise invalid papers\s+1/);
      expect(words).toMatch(/Turnout \(received in time, of members sent a paper\)\s+50\.0%/);
      expect(words).toMatch(/Ann Ash \(elected\)\s+2/);
      expect(words).toContain('None were made to the scrutineer.');
      render(file, 'report');
    } finally {
      await store.close();
    }
  });
});
