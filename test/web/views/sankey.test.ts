import { describe, expect, it } from 'vitest';
import type { CountRecord } from '../../../src/count/record.js';
import { INACTIVE_REASONS } from '../../../src/count/ballot-rules.js';
import { dec, fmt, sub, sumDecimals, type Decimal } from '../../../src/count/decimal.js';
import { buildSankey, nodeId, type SankeyFlow } from '../../../src/web/views/sankey.js';
import { sankeySvg } from '../../../src/web/views/sankey-svg.js';
import { batchRecord, irvRecord, meekRecord, NASTY, stvRecord } from './fixtures.js';
import { all, parse } from './html-check.js';

const total = (flows: readonly SankeyFlow[]): Decimal => sumDecimals(flows.map((f) => dec(f.votes)));
const same = (a: Decimal, b: Decimal): boolean => sub(a, b).units === 0n;

const RECORDS: [string, () => CountRecord][] = [
  ['IRV with exhausted ballots', () => irvRecord()],
  ['Scottish STV with surpluses', () => stvRecord()],
  ['IRV batch exclusion (several givers)', batchRecord],
  ['Meek STV iteration', meekRecord],
];

describe.each(RECORDS)('Sankey of %s', (_name, make) => {
  const record = make();
  const model = buildSankey(record);

  it('has a node per candidate in the count at each stage, holding their tally', () => {
    for (const s of record.stages) {
      for (const [c, v] of Object.entries(s.tally)) {
        const node = model.nodes.find((n) => n.id === nodeId(s.number, Number(c)));
        expect(node?.votes).toBe(v);
        expect(node?.label).toBe(record.candidates[Number(c)]);
      }
    }
    expect(model.nodes.filter((n) => n.key !== 'inactive')).toHaveLength(record.stages.reduce((a, s) => a + Object.keys(s.tally).length, 0));
  });

  it("sends into each candidate exactly the action's transfer to them, and into the sink the votes made inactive or lost", () => {
    let checked = 0;
    for (const s of record.stages) {
      const a = s.action;
      if (!a) continue;
      const moves = model.flows.filter((f) => f.stage === s.number && f.kind === 'transfer');
      for (const [c, v] of Object.entries(a.transfers)) {
        if (dec(v).units <= 0n) continue;
        const into = moves.filter((f) => f.to === nodeId(s.number + 1, Number(c)));
        expect(fmt(total(into)), `stage ${s.number} to ${record.candidates[Number(c)]}`).toBe(fmt(dec(v)));
        checked++;
      }
      const inactive = sumDecimals([...Object.values(a.inactive).map((v) => dec(v ?? '0')), dec(a.lost)]);
      const sink = moves.filter((f) => f.to === nodeId(s.number + 1, 'inactive'));
      expect(same(total(sink), inactive), `stage ${s.number} sink`).toBe(true);
      // Nothing flows anywhere the action did not send votes.
      for (const f of moves) {
        const to = f.to.endsWith('inactive') ? 'inactive' : Number(f.to.split('-c')[1]);
        expect(to === 'inactive' ? inactive.units > 0n : dec(a.transfers[to] ?? '0').units > 0n).toBe(true);
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('takes from each giver what they lost, to within the rounding of a shared split', () => {
    for (let i = 0; i + 1 < record.stages.length; i++) {
      const s = record.stages[i];
      const next = record.stages[i + 1];
      const moves = model.flows.filter((f) => f.stage === s.number && f.kind === 'transfer');
      const givers = Object.keys(s.tally)
        .map(Number)
        .filter((c) => dec(next.tally[c] ?? '0').units < dec(s.tally[c]).units || !(c in next.tally));
      for (const c of givers) {
        const lost = sub(dec(s.tally[c]), dec(next.tally[c] ?? '0'));
        const out = total(moves.filter((f) => f.from === nodeId(s.number, c)));
        const diff = sub(out, lost);
        const recipients = new Set(moves.map((f) => f.to)).size;
        const slack = BigInt(recipients) * 10n ** BigInt(Math.max(0, diff.scale - lost.scale));
        expect(diff.units >= -slack && diff.units <= slack, `giver ${c} at stage ${s.number}: ${fmt(out)} vs ${fmt(lost)}`).toBe(true);
      }
      if (givers.length === 1) {
        const c = givers[0];
        expect(same(total(moves.filter((f) => f.from === nodeId(s.number, c))), sub(dec(s.tally[c]), dec(next.tally[c] ?? '0')))).toBe(true);
      }
    }
  });

  it('conserves votes through every node: what arrives at a node is its total', () => {
    for (const n of model.nodes) {
      if (n.stage === 1) continue;
      const into = model.flows.filter((f) => f.to === n.id);
      expect(same(total(into), dec(n.votes)), `${n.id}`).toBe(true);
    }
  });

  it('keeps the sink equal to the inactive and lost votes so far', () => {
    for (const s of record.stages) {
      const held = sumDecimals([...INACTIVE_REASONS.map((r) => dec(s.inactive[r])), dec(s.lost)]);
      const node = model.nodes.find((n) => n.id === nodeId(s.number, 'inactive'));
      if (held.units === 0n) expect(node).toBeUndefined();
      else expect(same(dec(node!.votes), held)).toBe(true);
    }
  });

  it('draws every node and flow, with a name for the image', () => {
    const svg = sankeySvg(model, { id: 'sk', title: 'Transfers', description: 'Described' }).toString();
    const root = parse(svg);
    expect(all(root, (e) => e.tag === 'rect' && (e.attrs.class ?? '').includes('sk-node'))).toHaveLength(model.nodes.length);
    expect(all(root, (e) => e.tag === 'path')).toHaveLength(model.flows.length);
    const el = all(root, (e) => e.tag === 'svg')[0];
    expect(el.attrs.role).toBe('img');
    expect(el.attrs['aria-labelledby']).toBe('sk-title');
    for (const p of all(root, (e) => e.tag === 'path')) expect(p.attrs.d).toMatch(/^M[\d.]+ [\d.]+C/);
  });
});

describe('Sankey details', () => {
  it('splits a batch exclusion among the givers in proportion to what each gave', () => {
    const record = batchRecord();
    const model = buildSankey(record);
    const toA = model.flows.filter((f) => f.stage === 1 && f.kind === 'transfer' && f.to === nodeId(2, 0));
    // The record keeps only net gains, so A's 6 is drawn as coming from C, D and E in proportion to what each gave (6 : 5 : 4).
    expect(fmt(total(toA))).toBe('6');
    expect(toA.map((f) => f.from).sort()).toEqual([nodeId(1, 2), nodeId(1, 3), nodeId(1, 4)].sort());
  });

  it('escapes candidate names in the drawing', () => {
    const model = buildSankey(irvRecord([NASTY, 'Bob', 'Chidi', 'Dana', 'Eve']));
    const svg = sankeySvg(model, { id: 'sk', title: NASTY, description: NASTY }).toString();
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;');
  });
});
