import { describe, expect, it } from 'vitest';
import { LABOUR_1979, LABOUR_1990, LABOUR_2018, LABOUR_2021 } from '../../src/domain/presets.js';
import { escapeXml, formatValue, lineChartSvg, niceTicks, spreadLabels, type LineChart } from '../../src/simulate/charts.js';
import { flipChart, partyChart, partySvg, sweepChart, sweepSvg } from '../../src/simulate/figures.js';
import { DEFAULT_MODEL } from '../../src/simulate/model.js';
import { simulateParty } from '../../src/simulate/montecarlo.js';
import { svgToPng } from '../../src/simulate/png.js';
import { sweep } from '../../src/simulate/sweep.js';
import { all, byTag, parse, type El } from '../web/views/html-check.js';

const LABOUR = [LABOUR_1979, LABOUR_1990, LABOUR_2018, LABOUR_2021];
const SMALL = { ...DEFAULT_MODEL, constituencies: 60 };

/** Parses an SVG document strictly (every tag closed and nested) and returns its root <svg>. */
function svgRoot(svg: string): El {
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  const root = parse(svg.trim());
  expect(root.children).toHaveLength(1);
  return root.children[0];
}

/** Every "&" begins an entity: the text is well-formed XML, not only forgiving HTML. */
function entitiesWellFormed(svg: string): void {
  expect(svg.match(/&(?!(amp|lt|gt|quot|#39);)/g)).toBeNull();
}

function lines(svg: El): El[] {
  return all(svg, (e) => e.tag === 'path' && e.attrs.class === 'line');
}

describe('line charts', () => {
  const chart: LineChart = {
    title: 'Triggered <by> support & more',
    description: 'A test chart: "quoted" & <escaped>.',
    x: { label: 'Support', min: 0, max: 1, format: 'percent' },
    y: { label: 'Triggered', min: 0, max: 1, format: 'percent' },
    series: [
      {
        label: 'A & B',
        points: [
          { x: 0, y: 0 },
          { x: 0.5, y: 0.4, low: 0.3, high: 0.5 },
          { x: 1, y: 1, low: 0.9, high: 1 },
        ],
      },
      {
        label: 'C <one>',
        note: 'flips at 40%',
        points: [
          { x: 0, y: 0.1 },
          { x: 0.5, y: null },
          { x: 1, y: 0.9 },
        ],
      },
      {
        label: 'D',
        points: [
          { x: 0, y: 0.2 },
          { x: 1, y: 0.95 },
        ],
      },
    ],
    reference: { y: 0.5, label: 'half' },
    markers: [{ series: 0, x: 0.55, y: 0.5 }],
  };

  it('is well-formed SVG with one line per series, a title and a description it is labelled by', () => {
    const text = lineChartSvg(chart, { id: 'c1' });
    entitiesWellFormed(text);
    const svg = svgRoot(text);
    expect(svg.attrs.role).toBe('img');
    expect(svg.attrs['aria-labelledby']).toBe('c1-title c1-desc');
    expect(byTag(svg, 'title')[0].attrs.id).toBe('c1-title');
    expect(byTag(svg, 'title')[0].text).toBe('Triggered <by> support & more');
    expect(all(svg, (e) => e.tag === 'desc' && e.attrs.id === 'c1-desc')[0].text).toBe('A test chart: "quoted" & <escaped>.');
    expect(lines(svg)).toHaveLength(3);
    expect(lines(svg).map((l) => l.attrs['data-series'])).toEqual(['0', '1', '2']);
    // Told apart by more than colour: every line has its own colour and dash pattern.
    expect(new Set(lines(svg).map((l) => l.attrs.stroke)).size).toBe(3);
    expect(new Set(lines(svg).map((l) => l.attrs['stroke-dasharray'] ?? 'solid')).size).toBe(3);
    // The band is drawn where intervals are given, only for the first series.
    expect(all(svg, (e) => e.tag === 'polygon' && e.attrs.class === 'band').map((b) => b.attrs['data-series'])).toEqual(['0']);
    expect(all(svg, (e) => e.tag === 'circle' && e.attrs.class === 'marker')).toHaveLength(1);
  });

  it('breaks a line where a value is missing, labels every line and has a legend entry for each', () => {
    const svg = svgRoot(lineChartSvg(chart));
    const d = lines(svg)[1].attrs.d;
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d).not.toContain('L');
    const endLabels = all(svg, (e) => e.tag === 'g' && e.attrs.class === 'end-labels')[0];
    expect(byTag(endLabels, 'text').map((t) => t.text)).toEqual(['A & B', 'C <one>', 'D']);
    const legend = all(svg, (e) => e.tag === 'g' && e.attrs.class === 'legend')[0];
    expect(byTag(legend, 'text').map((t) => t.text)).toEqual(['A & B', 'C <one> (flips at 40%)', 'D']);
    const ticks = all(svg, (e) => e.tag === 'g' && e.attrs.class === 'ticks')[0];
    // y in fifths, then x in tenths.
    expect(byTag(ticks, 'text').map((t) => t.text)).toEqual([
      '0%',
      '20%',
      '40%',
      '60%',
      '80%',
      '100%',
      ...[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((p) => `${p}%`),
    ]);
  });

  it('has round ticks, readable numbers, labels pushed apart and text escaped', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.1, 0.9, 5)).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(0, 650, 6)).toEqual([0, 200, 400, 600]);
    expect(niceTicks(0, 650, 8)).toEqual([0, 100, 200, 300, 400, 500, 600]);
    expect(formatValue(0.125, 'percent')).toBe('12.5%');
    expect(formatValue(0.4, 'percent')).toBe('40%');
    expect(formatValue(1234, 'number')).toBe('1,234');
    const ys = spreadLabels([100, 101, 102, 300], 15, 0, 400);
    expect(ys[1] - ys[0]).toBeGreaterThanOrEqual(15);
    expect(ys[2] - ys[1]).toBeGreaterThanOrEqual(15);
    expect(ys[3]).toBe(300);
    const bottom = spreadLabels([398, 399, 400], 15, 0, 400);
    expect(Math.max(...bottom)).toBeLessThanOrEqual(400);
    expect(escapeXml(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;');
  });
});

describe('the simulation’s charts', () => {
  const party = simulateParty({ model: SMALL, rulebooks: LABOUR, seed: 1, runs: 20 });
  const swept = sweep({ model: SMALL, rulebooks: LABOUR, seed: 1, runs: 10, param: 'support-mean', from: 0, to: 1, steps: 6, flipRuns: 5 });

  it('draw one path per rulebook, named by the rulebook, with the figures in the description', () => {
    for (const text of [partySvg(party), sweepSvg(swept)]) {
      entitiesWellFormed(text);
      const svg = svgRoot(text);
      expect(lines(svg)).toHaveLength(LABOUR.length);
      expect(lines(svg).map((l) => byTag(l, 'title')[0].text)).toEqual(LABOUR.map((rb) => rb.name));
    }
    const desc = partyChart(party).description;
    for (const rb of party.rulebooks) expect(desc).toContain(`${rb.name}: ${(rb.mean * 100).toFixed(1)}% of incumbents triggered overall`);
    expect(sweepChart(swept).description).toMatch(/Labour 2018: .* flips at \d+\.\d% support/);
    // A support sweep marks its flip points on the chart, and has no per-value flip chart.
    expect(sweepChart(swept).markers?.length).toBe(swept.flips!.filter((f) => f.status === 'flips').length);
    expect(flipChart(swept)).toBeNull();
  });

  it('chart the flip point at every value of another parameter', () => {
    const t = sweep({ model: SMALL, rulebooks: [LABOUR_1979, LABOUR_2018], seed: 1, runs: 5, param: 'threshold', from: 0.2, to: 0.6, steps: 3, flipRuns: 5 });
    const c = flipChart(t)!;
    expect(c.series.map((s) => s.points.length)).toEqual([3, 3]);
    // Mandatory reselection needs no support at all.
    expect(c.series[0].points.every((p) => p.y === 0)).toBe(true);
    const ys = c.series[1].points.map((p) => p.y as number);
    expect(ys[2]).toBeGreaterThan(ys[0]);
  });

  it('rasterise to a PNG at twice the size', async () => {
    const png = await svgToPng(partySvg(party));
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    expect(view.getUint32(16)).toBe(1520);
    expect(view.getUint32(20)).toBe(960);
  });
});
