/**
 * A minimum representation says what it did: each exclusion it decides names the
 * minimum and whom it protected, and the result says whether the minimum changed
 * who was elected, in every rendering (table, CSV, URCVT, web page).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { count } from '../../src/count/methods/index.js';
import type { CountRecord } from '../../src/count/record.js';
import { readElectionFile } from '../../src/formats/index.js';
import { renderCsv } from '../../src/report/csv.js';
import { buildSheet } from '../../src/report/sheet.js';
import { renderTable } from '../../src/report/table.js';
import { toUrcvt } from '../../src/report/urcvt.js';
import { resultsPage } from '../../src/web/views/results.js';
import { eventsOf, makeElection, man, woman } from '../count/helpers.js';
import { ctxFor, member } from '../web/views/fixtures.js';
import { checkAccessibleStructure } from '../web/views/html-check.js';

const ROOT = join(import.meta.dirname, '..', '..');
const candidates = [man('Ken Lowe'), man('Raj Mehta'), man('Tom Baker'), woman('Joanna Wills')];
const binding = makeElection(candidates, 3, [
  { ranks: [0], weight: 30 },
  { ranks: [1], weight: 25 },
  { ranks: [2], weight: 20 },
  { ranks: [3], weight: 10 },
]);
// Joanna Wills wins the last seat on her own votes; the minimum still binds after two men are elected.
const harmless = makeElection(candidates, 3, [
  { ranks: [0], weight: 30 },
  { ranks: [1], weight: 25 },
  { ranks: [2], weight: 20 },
  { ranks: [3], weight: 22 },
]);

const CHANGED = 'The minimum of 1 woman changed the result: Joanna Wills was elected in place of Tom Baker.';
const EXCLUDED = 'Stage 1: Tom Baker excluded under the minimum of 1 woman; Joanna Wills, with fewer votes, protected.';

describe.each(['stv-droop', 'stv-scottish', 'stv-ers97', 'stv-meek', 'block'])('%s under a minimum that binds', (method) => {
  const record = count(binding, method, { minimum: 'gender=woman:1' });

  it("records the exclusion as the minimum's, with whom it protected", () => {
    const tom = eventsOf(record, 'exclude').find((e) => e.candidates.includes(2))!;
    expect(tom).toMatchObject({ reason: 'constraint', underMinimum: { rules: [0], protected: [3] } });
    expect(record.elected).toContain(3);
  });

  it('records that the minimum changed who was elected, and whom it displaced', () => {
    expect(record.constraint?.effect).toMatchObject({ gained: [3], displaced: [2] });
    expect(record.constraint?.effect?.electedWithout).toEqual(count(binding, method).elected);
  });

  it('every rendering says so in words', () => {
    const table = renderTable(record, { width: 200 });
    expect(table).toContain(CHANGED);
    expect(table).toContain(EXCLUDED);
    expect(table).not.toMatch(/Tom Baker[^\n]*lowest votes/);
    const csv = renderCsv(record);
    expect(csv).toContain(`Minimum representation,${CHANGED}`);
    expect(csv).toContain(`Minimum representation,"${EXCLUDED}"`);
    expect(buildSheet(record).candidates[2].result).toMatch(/^excluded at stage 1 under the minimum of 1 woman$|^not elected$/);
    expect(toUrcvt(record).summary.notes).toEqual([EXCLUDED, CHANGED]);
  });
});

describe('a minimum that binds but changes nothing', () => {
  it('says it did not change who was elected', () => {
    const record = count(harmless, 'stv-droop', { minimum: 'gender=woman:1' });
    expect(record.elected).toEqual(count(harmless, 'stv-droop').elected);
    expect(record.constraint?.effect).toMatchObject({ gained: [], displaced: [] });
    expect(renderTable(record)).toContain('The minimum of 1 woman did not change who was elected.');
    // Tom Baker goes under the minimum, but nobody with fewer votes was kept in his place.
    expect(eventsOf(record, 'exclude')[0]).toMatchObject({ candidates: [2], reason: 'constraint', underMinimum: { rules: [0], protected: [] } });
    expect(renderTable(record)).toContain('Stage 1: Tom Baker excluded under the minimum of 1 woman.');
  });

  it('a count without a minimum says nothing about one', () => {
    const record = count(binding, 'stv-droop');
    expect(record.constraint).toBeUndefined();
    expect(renderTable(record)).not.toMatch(/Minimum representation|under the minimum/);
    expect(toUrcvt(record).summary.notes).toBeUndefined();
  });
});

describe('the bundled NEC sample (at least 4 women of 9)', async () => {
  const election = await readElectionFile(join(ROOT, 'examples/nec-2024-sample.blt'), { attributes: join(ROOT, 'examples/nec-2024-sample-candidates.csv') });
  const record: CountRecord = count(election, 'stv-droop', { minimum: 'gender=woman:4' });
  const names = (cs: readonly number[]): string[] => cs.map((c) => record.candidates[c]);

  it('names Joanna Wills as protected where a man with more votes is excluded, never "lowest votes"', () => {
    const protecting = eventsOf(record, 'exclude').filter((e) => e.underMinimum);
    expect(protecting.map((e) => names(e.candidates))).toEqual([["Sean O'Leary"], ['Robert McAllister'], ['Peter Lang'], ['Gareth Llewellyn']]);
    for (const e of protecting) expect(names(e.underMinimum!.protected)).toContain('Joanna Wills');
    const table = renderTable(record);
    expect(table).toContain(
      "Votes of Sean O'Leary transferred after exclusion (under the minimum of 4 women; Joanna Wills,\n      with fewer votes, protected).",
    );
  });

  it('states that the minimum elected Joanna Wills in place of Gareth Llewellyn', () => {
    const without = count(election, 'stv-droop');
    expect(names(without.elected)).toContain('Gareth Llewellyn');
    expect(names(without.elected)).not.toContain('Joanna Wills');
    expect(buildSheet(record).minimumEffect).toBe('The minimum of 4 women changed the result: Joanna Wills was elected in place of Gareth Llewellyn.');
  });

  it('the web results page says it beside who was elected, and lists the exclusions', () => {
    const root = checkAccessibleStructure(resultsPage({ process: { id: 'nec', title: 'NEC 2024' }, record, downloads: {} }, ctxFor(member)));
    expect(root.text).toContain('The minimum of 4 women changed the result: Joanna Wills was elected in place of Gareth Llewellyn.');
    expect(root.text).toContain("Stage 13: Sean O'Leary excluded under the minimum of 4 women; Joanna Wills, with fewer votes, protected.");
    expect(root.text).toContain('excluded at stage 17 under the minimum of 4 women');
    expect(root.text).not.toMatch(/Gareth Llewellyn transferred after exclusion \(lowest votes\)/);
  });
});
