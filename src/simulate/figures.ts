/**
 * The charts of a simulation: the same figures for the command line, the
 * README and the web page, built from results by `lineChartSvg`.
 */
import { present } from '../count/checked.js';
import { lineChartSvg, type ChartMarker, type ChartOptions, type ChartSeries, type LineChart } from './charts.js';
import type { PartyRunResult, ShareSummary } from './montecarlo.js';
import { FLIP_SHARE, SWEEP_WORDS, type FlipPoint, type SweepPoint, type SweepResult } from './sweep.js';

/** Bands with fewer constituencies than this (over all runs) are left out of the chart: their share is mostly noise. */
export const MIN_BAND_CONSTITUENCIES = 30;

const pct = (x: number, places = 1): string => `${(x * 100).toFixed(places)}%`;

/** "flips at 41.2%", "always half or more", "never half". */
export function flipWords(f: FlipPoint): string {
  if (f.status === 'always') return 'half or more at any support';
  if (f.status === 'never') return 'fewer than half triggered even with full support';
  return `flips at ${pct((f.low + f.high) / 2)} support`;
}

/** The members' support at which a rulebook flips, as a point on a chart (null when it never does). */
function flipY(f: FlipPoint): number | null {
  if (f.status === 'always') return 0;
  if (f.status === 'never') return null;
  return (f.low + f.high) / 2;
}

/** Rulebook i's result at a point of a sweep: a point has one for each rulebook. */
function resultOf(p: SweepPoint, i: number): ShareSummary {
  return present(p.results[i], 'a rulebook’s result');
}

/** Rulebook i's flip point, of a sweep or of one of its points: there is one for each rulebook. */
function flipOf(flips: readonly FlipPoint[] | undefined, i: number): FlipPoint {
  return present(flips?.[i], 'a rulebook’s flip point');
}

function partyWords(r: PartyRunResult): string {
  return `a synthetic party of ${r.model.constituencies.toLocaleString('en-GB')} constituencies, ${r.runs.toLocaleString('en-GB')} runs, seed ${r.seed}`;
}

/** How the share triggered moves with the members' support in the constituency, one line per rulebook. */
export function partyChart(r: PartyRunResult): LineChart {
  const series: ChartSeries[] = r.rulebooks.map((rb, i) => ({
    label: rb.name,
    note: `${pct(rb.mean)} overall`,
    points: r.bands.map((b) => {
      const y = present(b.triggered[i], 'a rulebook’s share in a band');
      return { x: (b.from + b.to) / 2, y: y === null || b.constituencies < MIN_BAND_CONSTITUENCIES ? null : y };
    }),
  }));
  const lines = r.rulebooks.map((rb, i) => {
    const firstHalf = r.bands.find((b) => b.constituencies >= MIN_BAND_CONSTITUENCIES && (b.triggered[i] ?? 0) >= FLIP_SHARE);
    return `${rb.name}: ${pct(rb.mean)} of incumbents triggered overall (95% of runs between ${pct(rb.low)} and ${pct(rb.high)}); ${
      firstHalf
        ? `half or more triggered where support is ${pct(firstHalf.from, 0)}–${pct(firstHalf.to, 0)}${firstHalf.from > 0 ? ' and above' : ''}`
        : 'fewer than half triggered at every level of support'
    }.`;
  });
  return {
    title: 'Incumbents triggered, by members’ support in the constituency',
    description: `Share of incumbents facing a full selection under each rulebook, against the members' support for a selection in their constituency (bands of 10 points), in ${partyWords(r)}. ${lines.join(' ')}`,
    x: { label: 'Members’ support for a selection in the constituency', min: 0, max: 1, format: 'percent' },
    y: { label: 'Incumbents triggered', min: 0, max: 1, format: 'percent' },
    series,
    reference: { y: FLIP_SHARE, label: 'half' },
  };
}

function sweepAxisLabel(r: SweepResult): string {
  const words = SWEEP_WORDS[r.param];
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The triggered share under each rulebook across the sweep, with the middle 95% of runs as a band. */
export function sweepChart(r: SweepResult): LineChart {
  const series: ChartSeries[] = r.rulebooks.map((rb, i) => ({
    label: rb.name,
    ...(r.flips ? { note: flipWords(flipOf(r.flips, i)) } : rb.unaffected ? { note: 'unaffected' } : {}),
    points: r.points.map((p) => {
      const result = resultOf(p, i);
      return { x: p.value, y: result.mean, low: result.low, high: result.high };
    }),
  }));
  const markers: ChartMarker[] = (r.flips ?? []).flatMap((f, i) => (f.status === 'flips' ? [{ series: i, x: (f.low + f.high) / 2, y: FLIP_SHARE }] : []));
  const first = present(r.points[0], 'the first value of a sweep');
  const last = present(r.points.at(-1), 'the last value of a sweep');
  const lines = r.rulebooks.map(
    (rb, i) =>
      `${rb.name}: ${pct(resultOf(first, i).mean)} triggered at ${pct(first.value)}, ${pct(resultOf(last, i).mean)} at ${pct(last.value)}${r.flips ? `; ${flipWords(flipOf(r.flips, i))}` : ''}${rb.unaffected ? ` (${rb.unaffected})` : ''}.`,
  );
  return {
    title: `Incumbents triggered as ${SWEEP_WORDS[r.param]} changes`,
    description: `Mean share of incumbents facing a full selection under each rulebook as ${SWEEP_WORDS[r.param]} goes from ${pct(r.from)} to ${pct(r.to)}, with a faint band where 95% of runs fall, in a synthetic party of ${r.model.constituencies.toLocaleString('en-GB')} constituencies (${r.runs.toLocaleString('en-GB')} runs per value, seed ${r.seed}). ${lines.join(' ')}`,
    x: { label: sweepAxisLabel(r), min: Math.min(r.from, r.to), max: Math.max(r.from, r.to), format: 'percent' },
    y: { label: 'Incumbents triggered', min: 0, max: 1, format: 'percent' },
    series,
    reference: { y: FLIP_SHARE, label: 'half' },
    markers,
  };
}

/** For a sweep of another parameter than the support: the members' support each rulebook needs before half of incumbents are triggered. */
export function flipChart(r: SweepResult): LineChart | null {
  if (!r.points.every((p) => p.flips)) return null;
  const series: ChartSeries[] = r.rulebooks.map((rb, i) => {
    const atPoints = r.points.map((p) => ({ value: p.value, flip: flipOf(p.flips, i) }));
    const flips = atPoints.map((a) => a.flip);
    const never = atPoints.filter((a) => a.flip.status === 'never').map((a) => pct(a.value, 0));
    const note = flips.every((f) => f.status === 'always')
      ? 'half or more at any support'
      : never.length > 0
        ? `never half at ${never.length === 1 ? never[0] : `${never[0]}–${never[never.length - 1]}`}`
        : rb.unaffected
          ? 'unaffected'
          : undefined;
    return { label: rb.name, ...(note ? { note } : {}), points: atPoints.map((a) => ({ x: a.value, y: flipY(a.flip) })) };
  });
  const lines = r.rulebooks.map((rb, i) => {
    const first = present(r.points[0], 'the first value of a sweep');
    const last = present(r.points.at(-1), 'the last value of a sweep');
    return `${rb.name}: at ${pct(first.value)}, ${flipWords(flipOf(first.flips, i))}; at ${pct(last.value)}, ${flipWords(flipOf(last.flips, i))}.`;
  });
  return {
    title: 'Members’ support at which half of incumbents are triggered',
    description: `For each rulebook, the members' mean support for a selection at which half of incumbents face a full selection (found by bisection), as ${SWEEP_WORDS[r.param]} goes from ${pct(r.from)} to ${pct(r.to)}; a rulebook that triggers half even with no support is drawn at 0%, one that never does is left out. ${lines.join(' ')}`,
    x: { label: sweepAxisLabel(r), min: Math.min(r.from, r.to), max: Math.max(r.from, r.to), format: 'percent' },
    y: { label: 'Support needed to trigger half', min: 0, max: 1, format: 'percent' },
    series,
  };
}

export const partySvg = (r: PartyRunResult, o?: ChartOptions): string => lineChartSvg(partyChart(r), o);
export const sweepSvg = (r: SweepResult, o?: ChartOptions): string => lineChartSvg(sweepChart(r), o);
export function flipSvg(r: SweepResult, o?: ChartOptions): string | null {
  const c = flipChart(r);
  return c ? lineChartSvg(c, o) : null;
}
