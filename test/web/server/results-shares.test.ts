/**
 * Percentages on results pages: each candidate's share of the valid first preferences (and of the
 * last stage of a one-seat count), the turnout's share of the electorate, and in the public index
 * each trigger ballot's units by decision with their share — all from exact values, one decimal place.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SelectionState } from '../../../src/domain/processes/index.js';
import { all, byId, byTag, parse, type El } from '../views/html-check.js';
import { buildWorld, Client, type World } from './fixture.js';

let world: World;

beforeAll(async () => {
  world = await buildWorld();
}, 120_000);

afterAll(async () => {
  await world?.cleanup();
});

const cells = (row: El): string[] => row.children.filter((e) => e.tag === 'th' || e.tag === 'td').map((e) => e.text.replace(/\s+/g, ' ').trim());

describe('shares on results pages', () => {
  it('gives each candidate’s share of the valid first preferences, exactly, to one decimal place', async () => {
    const anon = await new Client(world).actAs(null);
    const res = await anon.get(`/results/${world.counted.id}`);
    expect(res.status).toBe(200);
    const table = all(parse(res.text), (e) => e.tag === 'table' && e.attrs.class === 'shares')[0]!;
    expect(byId(table, 'shares-caption')?.text).toMatch(/^Share of the vote/);
    const rows = byTag(byTag(table, 'tbody')[0]!, 'tr').map(cells);
    const s = world.counted.state as SelectionState;
    // The fixture's 25 ballots cycle five rankings: two put c1 first, two c2, one c3.
    const name = (id: string) => s.candidates.find((c) => c.id === id)!.name;
    const byName = new Map(rows.map((r) => [r[0], r]));
    expect(byName.get(name('c1'))!.slice(1, 3)).toEqual(['10', '40.0%']);
    expect(byName.get(name('c2'))!.slice(1, 3)).toEqual(['10', '40.0%']);
    expect(byName.get(name('c3'))!.slice(1, 3)).toEqual(['5', '20.0%']);
    // A one-seat count that went past its first stage also shows the last stage's shares, summing to 100%.
    if (rows[0]!.length > 3) {
      const last = rows.map((r) => r[4]).filter((x): x is string => x?.endsWith('%') === true);
      expect(last.reduce((sum, p) => sum + Number(p.slice(0, -1)) * 10, 0)).toBe(1000);
    }
    expect(res.text).toMatch(/25 of [\d,]+ eligible members voted \(\d+\.\d%\)/);
  });

  it('gives each class of unit’s decisions in a trigger ballot with their share, on the public index', async () => {
    const anon = await new Client(world).actAs(null);
    const res = await anon.get('/results');
    const main = byTag(parse(res.text), 'main')[0]!.text.replace(/\s+/g, ' ');
    expect(main).toMatch(/\d+ branch(?:es)?: \d+ for a selection \(\d+\.\d%\), \d+ against \(\d+\.\d%\)/);
  });
});
