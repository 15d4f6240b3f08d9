/**
 * Line charts as SVG text, written here rather than by a charting library: a
 * chart is small, and this way it is the same on the command line, in the
 * README and inline in the web page (where the content security policy allows
 * no inline styles, so only presentation attributes are used).
 *
 * Accessible by construction: role="img" with a <title> and <desc> (which
 * says what the chart shows in words), every line told apart by colour, dash
 * pattern and point marker, a legend, and each line labelled at its end.
 */
import { present } from '../count/checked.js';

export interface ChartPoint {
  readonly x: number;
  /** null: no value here (the line breaks). */
  readonly y: number | null;
  /** An interval around y, drawn as a faint band. */
  readonly low?: number;
  readonly high?: number;
}

export interface ChartSeries {
  readonly label: string;
  readonly points: readonly ChartPoint[];
  /** Added to the legend entry, e.g. "flips at 41%". */
  readonly note?: string;
}

export interface ChartMarker {
  /** Index of the series whose style the marker takes. */
  readonly series: number;
  readonly x: number;
  readonly y: number;
}

export type AxisFormat = 'percent' | 'number';

export interface ChartAxis {
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly format: AxisFormat;
}

export interface LineChart {
  readonly title: string;
  /** What the chart shows, in a sentence or two (read by screen readers). */
  readonly description: string;
  readonly x: ChartAxis;
  readonly y: ChartAxis;
  readonly series: readonly ChartSeries[];
  /** A dashed horizontal line, e.g. at 50%. */
  readonly reference?: { readonly y: number; readonly label: string };
  /** Hollow rings, e.g. where each line crosses the reference. */
  readonly markers?: readonly ChartMarker[];
}

export interface ChartOptions {
  /** Prefix of the ids inside the SVG: unique per page when several charts are inline. */
  readonly id?: string;
  readonly width?: number;
  readonly height?: number;
}

/** Colours with at least 3:1 contrast on white (darkened Okabe–Ito), then dash patterns and markers, so no line depends on colour alone. */
export const SERIES_COLOURS = ['#0072B2', '#C14800', '#00805A', '#A63D8A', '#4D4D4D', '#7A6500', '#3B3BA8', '#9E1B1B'] as const;
export const SERIES_DASHES = ['', '9 4', '2 4', '12 4 3 4', '5 3', '16 5', '3 3 9 3', '1 3'] as const;
type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'down' | 'cross' | 'plus' | 'ring';
const MARKERS: readonly MarkerShape[] = ['circle', 'square', 'triangle', 'diamond', 'down', 'cross', 'plus', 'ring'];
/** Series i's marker: the shapes repeat once every one is used. */
const markerOf = (i: number): MarkerShape => present(MARKERS[i % MARKERS.length], 'a marker shape');

const FONT = 'DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif';
const INK = '#1a1a1a';
const GRID = '#d9d9d9';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);
}

/** A number for an attribute: at most 2 decimals, no trailing zeros. */
const n2 = (v: number): string => String(Math.round(v * 100) / 100);

/** Round tick values covering [min, max]: steps of 1, 2, 2.5 or 5 times a power of ten, about `target` of them. */
export function niceTicks(min: number, max: number, target = 6): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / Math.max(1, target - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const first = Math.ceil(min / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = first; v <= max + step * 1e-9; v += step) ticks.push(Math.round(v / step) * step);
  return ticks.map((t) => Number(t.toPrecision(12)));
}

/** "40%", "12.5%", "1,234", "0.25". */
export function formatValue(v: number, format: AxisFormat, places?: number): string {
  if (format === 'percent') {
    const p = v * 100;
    const d = places ?? (Number.isInteger(Math.round(p * 1e6) / 1e6) ? 0 : Math.abs(p * 10 - Math.round(p * 10)) < 1e-6 ? 1 : 2);
    return `${p.toFixed(d)}%`;
  }
  if (Number.isInteger(v)) return v.toLocaleString('en-GB');
  return String(Number(v.toFixed(places ?? 3)));
}

function markerPath(shape: MarkerShape, x: number, y: number, r: number): string {
  switch (shape) {
    case 'circle':
    case 'ring':
      return `M${n2(x - r)},${n2(y)}a${n2(r)},${n2(r)} 0 1,0 ${n2(2 * r)},0a${n2(r)},${n2(r)} 0 1,0 ${n2(-2 * r)},0Z`;
    case 'square':
      return `M${n2(x - r)},${n2(y - r)}h${n2(2 * r)}v${n2(2 * r)}h${n2(-2 * r)}Z`;
    case 'triangle':
      return `M${n2(x)},${n2(y - r * 1.2)}L${n2(x + r * 1.15)},${n2(y + r * 0.9)}L${n2(x - r * 1.15)},${n2(y + r * 0.9)}Z`;
    case 'down':
      return `M${n2(x)},${n2(y + r * 1.2)}L${n2(x + r * 1.15)},${n2(y - r * 0.9)}L${n2(x - r * 1.15)},${n2(y - r * 0.9)}Z`;
    case 'diamond':
      return `M${n2(x)},${n2(y - r * 1.3)}L${n2(x + r * 1.3)},${n2(y)}L${n2(x)},${n2(y + r * 1.3)}L${n2(x - r * 1.3)},${n2(y)}Z`;
    case 'cross':
      return `M${n2(x - r)},${n2(y - r)}L${n2(x + r)},${n2(y + r)}M${n2(x + r)},${n2(y - r)}L${n2(x - r)},${n2(y + r)}`;
    case 'plus':
      return `M${n2(x - r * 1.2)},${n2(y)}H${n2(x + r * 1.2)}M${n2(x)},${n2(y - r * 1.2)}V${n2(y + r * 1.2)}`;
  }
}

/** Whether a marker shape is drawn by its outline only. */
const stroked = (shape: MarkerShape): boolean => shape === 'cross' || shape === 'plus' || shape === 'ring';

/** Rough width of a text at a font size, for layout (DejaVu Sans averages a little over half an em). */
const textWidth = (text: string, size: number): number => text.length * size * 0.58;

/** Spreads label positions apart by at least `gap`, keeping them within [lo, hi] and as near their wishes as possible. */
export function spreadLabels(wanted: readonly number[], gap: number, lo: number, hi: number): number[] {
  const order = wanted.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i);
  const ys = order.map((o) => Math.min(hi, Math.max(lo, o.y)));
  // Every k below is within ys by its loop's bounds; ys and order have the same length.
  for (let k = 1; k < ys.length; k++) ys[k] = Math.max(ys[k]!, ys[k - 1]! + gap);
  // Pushed past the bottom: shift the tail back up.
  const overflow = (ys.at(-1) ?? hi) - hi;
  if (overflow > 0) {
    ys[ys.length - 1] = hi;
    for (let k = ys.length - 2; k >= 0; k--) ys[k] = Math.min(ys[k]!, ys[k + 1]! - gap);
  }
  const out = new Array<number>(wanted.length);
  order.forEach((o, k) => {
    out[o.i] = ys[k]!;
  });
  return out;
}

export function lineChartSvg(chart: LineChart, options: ChartOptions = {}): string {
  const id = (options.id ?? 'chart').replace(/[^A-Za-z0-9_-]/g, '-');
  const width = options.width ?? 760;
  const height = options.height ?? 480;
  const series = chart.series;

  // Legend entries flow in rows under the title.
  const legendSize = 13;
  const swatch = 34;
  const entries = series.map((s, i) => ({ i, text: s.note ? `${s.label} (${s.note})` : s.label }));
  const left = 70;
  const labelWidth = Math.min(170, Math.max(60, ...series.map((s) => textWidth(s.label, 12) + 16)));
  const right = width - labelWidth;
  let row: { i: number; text: string; x: number }[] = [];
  const rows = [row];
  let cursor = left;
  for (const e of entries) {
    const w = swatch + 6 + textWidth(e.text, legendSize) + 18;
    if (cursor + w > width - 10 && row.length > 0) {
      row = [];
      rows.push(row);
      cursor = left;
    }
    row.push({ ...e, x: cursor });
    cursor += w;
  }
  const titleY = 26;
  const legendTop = titleY + 16;
  const top = legendTop + rows.length * 20 + 14;
  const bottom = height - 58;

  const sx = (x: number): number => left + ((x - chart.x.min) / (chart.x.max - chart.x.min || 1)) * (right - left);
  const sy = (y: number): number => bottom - ((y - chart.y.min) / (chart.y.max - chart.y.min || 1)) * (bottom - top);
  const inX = (x: number): boolean => x >= chart.x.min - 1e-9 && x <= chart.x.max + 1e-9;

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="${FONT}" class="chart">`,
    `<title id="${id}-title">${escapeXml(chart.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(chart.description)}</desc>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${left}" y="${titleY}" font-size="16" font-weight="bold" fill="${INK}">${escapeXml(chart.title)}</text>`,
  );

  // Grid and axes.
  const yTicks = niceTicks(chart.y.min, chart.y.max, 6);
  const xTicks = niceTicks(chart.x.min, chart.x.max, 11);
  out.push(`<g class="grid" stroke="${GRID}" stroke-width="1">`);
  for (const t of yTicks) out.push(`<line x1="${left}" y1="${n2(sy(t))}" x2="${right}" y2="${n2(sy(t))}"/>`);
  for (const t of xTicks) out.push(`<line x1="${n2(sx(t))}" y1="${top}" x2="${n2(sx(t))}" y2="${bottom}"/>`);
  out.push('</g>');
  out.push(
    `<g class="axes" stroke="${INK}" stroke-width="1.2"><line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}"/><line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}"/></g>`,
  );
  out.push(`<g class="ticks" font-size="12" fill="${INK}">`);
  for (const t of yTicks) out.push(`<text x="${left - 8}" y="${n2(sy(t) + 4)}" text-anchor="end">${escapeXml(formatValue(t, chart.y.format))}</text>`);
  for (const t of xTicks) out.push(`<text x="${n2(sx(t))}" y="${bottom + 18}" text-anchor="middle">${escapeXml(formatValue(t, chart.x.format))}</text>`);
  out.push('</g>');
  out.push(
    `<text x="${n2((left + right) / 2)}" y="${height - 16}" text-anchor="middle" font-size="13" fill="${INK}">${escapeXml(chart.x.label)}</text>`,
    `<text transform="translate(18 ${n2((top + bottom) / 2)}) rotate(-90)" text-anchor="middle" font-size="13" fill="${INK}">${escapeXml(chart.y.label)}</text>`,
  );

  if (chart.reference) {
    const y = sy(chart.reference.y);
    out.push(
      `<g class="reference"><line x1="${left}" y1="${n2(y)}" x2="${right}" y2="${n2(y)}" stroke="${INK}" stroke-width="1" stroke-dasharray="3 3"/>`,
      `<text x="${left + 6}" y="${n2(y - 5)}" font-size="11" fill="${INK}">${escapeXml(chart.reference.label)}</text></g>`,
    );
  }

  // Intervals first, faint, so every line is drawn over every band.
  for (const [i, s] of series.entries()) {
    const pts = s.points.filter((p) => p.y !== null && p.low !== undefined && p.high !== undefined && inX(p.x));
    if (pts.length < 2) continue;
    const upper = pts.map((p) => `${n2(sx(p.x))},${n2(sy(p.high as number))}`);
    const lower = pts.map((p) => `${n2(sx(p.x))},${n2(sy(p.low as number))}`).reverse();
    out.push(
      `<polygon class="band" data-series="${i}" points="${[...upper, ...lower].join(' ')}" fill="${SERIES_COLOURS[i % SERIES_COLOURS.length]}" fill-opacity="0.1" stroke="none"/>`,
    );
  }

  const showMarkers = Math.max(0, ...series.map((s) => s.points.length)) <= 26;
  const endLabels: { i: number; y: number; x: number }[] = [];
  for (const [i, s] of series.entries()) {
    const colour = SERIES_COLOURS[i % SERIES_COLOURS.length];
    const dash = SERIES_DASHES[i % SERIES_DASHES.length];
    let d = '';
    let pen = false;
    let last: ChartPoint | null = null;
    for (const p of s.points) {
      if (p.y === null || !inX(p.x)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${n2(sx(p.x))},${n2(sy(p.y))}`;
      pen = true;
      last = p;
    }
    out.push(
      `<path class="line" data-series="${i}" d="${d}" fill="none" stroke="${colour}" stroke-width="2.5" stroke-linejoin="round" stroke-linecap="round"${dash ? ` stroke-dasharray="${dash}"` : ''}><title>${escapeXml(s.label)}</title></path>`,
    );
    if (showMarkers) {
      const shape = markerOf(i);
      const marks = s.points.filter((p) => p.y !== null && inX(p.x)).map((p) => markerPath(shape, sx(p.x), sy(p.y as number), 3.6));
      if (marks.length > 0) {
        out.push(
          `<path class="points" data-series="${i}" d="${marks.join('')}" ${stroked(shape) ? `fill="${shape === 'ring' ? '#ffffff' : 'none'}" stroke="${colour}" stroke-width="1.6"` : `fill="${colour}" stroke="#ffffff" stroke-width="0.8"`}/>`,
        );
      }
    }
    if (last && last.y !== null) endLabels.push({ i, y: sy(last.y), x: sx(last.x) });
  }

  for (const m of chart.markers ?? []) {
    if (!inX(m.x)) continue;
    const colour = SERIES_COLOURS[m.series % SERIES_COLOURS.length];
    out.push(
      `<circle class="marker" data-series="${m.series}" cx="${n2(sx(m.x))}" cy="${n2(sy(m.y))}" r="6.5" fill="none" stroke="${colour}" stroke-width="2"/>`,
    );
  }

  // Each line named at its end, the names pushed apart where lines end close together.
  const placed = spreadLabels(
    endLabels.map((l) => l.y),
    15,
    top + 6,
    bottom - 2,
  );
  out.push(`<g class="end-labels" font-size="12">`);
  for (const [k, l] of endLabels.entries()) {
    const colour = SERIES_COLOURS[l.i % SERIES_COLOURS.length];
    const y = placed[k]!; // one placed label for each end label
    // A leader line when the label had to move, or the line stops short of the right edge.
    if (Math.abs(y - l.y) > 2 || right - l.x > 4)
      out.push(`<line x1="${n2(l.x + 3)}" y1="${n2(l.y)}" x2="${n2(right + 6)}" y2="${n2(y - 4)}" stroke="${colour}" stroke-width="0.8"/>`);
    out.push(
      `<text x="${n2(right + 8)}" y="${n2(y)}" fill="${colour}" font-weight="bold">${escapeXml(present(series[l.i], 'a labelled series').label)}</text>`,
    );
  }
  out.push('</g>');

  out.push(`<g class="legend" font-size="${legendSize}" fill="${INK}">`);
  rows.forEach((row, r) => {
    const y = legendTop + r * 20;
    for (const e of row) {
      const colour = SERIES_COLOURS[e.i % SERIES_COLOURS.length];
      const dash = SERIES_DASHES[e.i % SERIES_DASHES.length];
      const shape = markerOf(e.i);
      out.push(
        `<line x1="${n2(e.x)}" y1="${y}" x2="${n2(e.x + swatch)}" y2="${y}" stroke="${colour}" stroke-width="2.5"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`,
        `<path d="${markerPath(shape, e.x + swatch / 2, y, 3.6)}" ${stroked(shape) ? `fill="${shape === 'ring' ? '#ffffff' : 'none'}" stroke="${colour}" stroke-width="1.6"` : `fill="${colour}"`}/>`,
        `<text x="${n2(e.x + swatch + 6)}" y="${y + 4}">${escapeXml(e.text)}</text>`,
      );
    }
  });
  out.push('</g>');
  out.push('</svg>');
  return out.join('\n') + '\n';
}
