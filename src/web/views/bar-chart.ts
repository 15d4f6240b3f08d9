/**
 * A horizontal bar chart as inline SVG: one row per group, its label and figure in words above a
 * bar. Rows stack downwards, so the chart reads at any width (a phone's 320 pixels too) without
 * text squeezed beside the bars. The SVG is an image with a title and a one-sentence description;
 * the table beside it on the page holds every figure, for screen readers and for reading exactly.
 * A row whose figure is hidden has no bar, only its words.
 */
import { escapeHtml, html, trusted, type Html } from './html.js';

export interface Bar {
  readonly label: string;
  /** The figure in words, written after the label ("1,234 (45.6%)", "fewer than 5"). */
  readonly text: string;
  /** The bar's length as a share of the longest possible (0…1); null: no bar (the figure is hidden). */
  readonly length: number | null;
}

// The SVG scales with its box, text and all: 300 units wide, at most 24rem (CSS), keeps its 13-unit text
// between about 12 px (a 320 px phone) and 17 px (a desktop).
const WIDTH = 300;
const ROW = 38;
const BAR_H = 12;
const TEXT_Y = 14;
const BAR_Y = 20;
/** A label longer than this is cut short in the chart (the table has it whole), so no row runs past the edge. */
const LABEL_MAX = 26;

const px = (n: number): string => (Math.round(n * 100) / 100).toString();
const shorten = (s: string): string => (s.length > LABEL_MAX ? `${s.slice(0, LABEL_MAX - 1)}…` : s);

export function barChart(o: { readonly id: string; readonly title: string; readonly description: string; readonly bars: readonly Bar[] }): Html {
  const height = Math.max(ROW, o.bars.length * ROW);
  const rows = o.bars
    .map((b, i) => {
      const y = i * ROW;
      const bar =
        b.length === null
          ? ''
          : `<rect class="bar-track" x="0" y="${y + BAR_Y}" width="${WIDTH}" height="${BAR_H}"/>` +
            `<rect class="bar-fill" x="0" y="${y + BAR_Y}" width="${px(Math.min(1, Math.max(0, b.length)) * WIDTH)}" height="${BAR_H}"/>`;
      return `<text class="bar-label" x="0" y="${y + TEXT_Y}">${escapeHtml(shorten(b.label))}: <tspan class="bar-figure">${escapeHtml(b.text)}</tspan></text>${bar}`;
    })
    .join('');
  // Only numbers and escaped text go into the markup above.
  return html`<svg class="bar-chart" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${o.id}-title ${o.id}-desc" focusable="false">
<title id="${o.id}-title">${o.title}</title>
<desc id="${o.id}-desc">${o.description}</desc>
${trusted(rows)}
</svg>`;
}
