/**
 * Draws a SankeyModel as inline SVG. Pure layout arithmetic on numbers (pixel
 * positions only; the amounts shown in words are the model's exact strings).
 * The SVG is an image with a title and description; the round-by-round table
 * and the list of transfers in words say the same thing in text.
 */
import { wordsIn, type Words } from '../../app/language/index.js';
import { html, type Html } from './html.js';
import type { SankeyFlow, SankeyModel, SankeyNode } from './sankey.js';

const COL_GAP = 170;
const NODE_W = 14;
const LEFT = 150;
const RIGHT = 190;
const TOP = 34;
const HEIGHT = 360;
const NODE_GAP = 10;
const PALETTE = 8;

interface Box {
  readonly x: number;
  readonly y: number;
  readonly h: number;
}

const shorten = (s: string, n = 22): string => (s.length > n ? s.slice(0, n - 1) + '…' : s);
const px = (n: number): string => (Math.round(n * 100) / 100).toString();

function colourClass(n: SankeyNode): string {
  return n.key === 'inactive' ? 'sk-inactive' : `sk-c${n.key % PALETTE}`;
}

function layoutNodes(model: SankeyModel): { boxes: Map<string, Box>; scale: number } {
  const byStage = new Map<number, SankeyNode[]>();
  for (const n of model.nodes) byStage.set(n.stage, [...(byStage.get(n.stage) ?? []), n]);
  const most = Math.max(1, ...[...byStage.values()].map((ns) => ns.length));
  const total = Math.max(Number(model.total), ...[...byStage.values()].map((ns) => ns.reduce((a, n) => a + Number(n.votes), 0)), 1e-9);
  const scale = (HEIGHT - NODE_GAP * (most - 1)) / total;
  const boxes = new Map<string, Box>();
  for (const [stage, ns] of byStage) {
    let y = TOP;
    for (const n of ns) {
      const h = Math.max(1, Number(n.votes) * scale);
      boxes.set(n.id, { x: LEFT + (stage - 1) * COL_GAP, y, h });
      y += h + NODE_GAP;
    }
  }
  return { boxes, scale };
}

interface Band {
  readonly flow: SankeyFlow;
  readonly y0: number;
  readonly y1: number;
  readonly h: number;
}

/** Stacks each node's outgoing flows by where they go and incoming flows by where they come from, so bands cross as little as possible. */
function layoutFlows(model: SankeyModel, boxes: Map<string, Box>, scale: number): Band[] {
  const drawable = model.flows.filter((f) => boxes.has(f.from) && boxes.has(f.to));
  const outY = new Map<SankeyFlow, number>();
  const inY = new Map<SankeyFlow, number>();
  const stack = (key: (f: SankeyFlow) => string, order: (f: SankeyFlow) => number, into: Map<SankeyFlow, number>) => {
    const groups = new Map<string, SankeyFlow[]>();
    for (const f of drawable) groups.set(key(f), [...(groups.get(key(f)) ?? []), f]);
    for (const [id, fs] of groups) {
      let y = boxes.get(id)!.y;
      for (const f of [...fs].sort((a, b) => order(a) - order(b))) {
        into.set(f, y);
        y += Number(f.votes) * scale;
      }
    }
  };
  stack(
    (f) => f.from,
    (f) => boxes.get(f.to)!.y,
    outY,
  );
  stack(
    (f) => f.to,
    (f) => boxes.get(f.from)!.y,
    inY,
  );
  return drawable.map((f) => ({ flow: f, y0: outY.get(f)!, y1: inY.get(f)!, h: Number(f.votes) * scale }));
}

function bandPath(b: Band, boxes: Map<string, Box>): string {
  const x0 = boxes.get(b.flow.from)!.x + NODE_W;
  const x1 = boxes.get(b.flow.to)!.x;
  const xm = (x0 + x1) / 2;
  const h = Math.max(b.h, 0.5);
  return `M${px(x0)} ${px(b.y0)}C${px(xm)} ${px(b.y0)} ${px(xm)} ${px(b.y1)} ${px(x1)} ${px(b.y1)}L${px(x1)} ${px(b.y1 + h)}C${px(xm)} ${px(b.y1 + h)} ${px(xm)} ${px(b.y0 + h)} ${px(x0)} ${px(b.y0 + h)}Z`;
}

export interface SankeySvgOptions {
  /** Id prefix, unique on the page. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** The words of the stages, bands and bars, in the page's language (English when absent). */
  readonly words?: Words;
}

export function sankeySvg(model: SankeyModel, opts: SankeySvgOptions): Html {
  const { boxes, scale } = layoutNodes(model);
  const bands = layoutFlows(model, boxes, scale);
  const nodeById = new Map(model.nodes.map((n) => [n.id, n]));
  const width = LEFT + (model.stages - 1) * COL_GAP + NODE_W + RIGHT;
  const height = TOP + HEIGHT + 20;
  const titleId = `${opts.id}-title`;
  const descId = `${opts.id}-desc`;
  const stageLabels = Array.from({ length: model.stages }, (_, i) => i + 1);
  const w = opts.words ?? wordsIn('en-GB');
  return html`<svg class="sankey" id="${opts.id}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${titleId}" aria-describedby="${descId}">
<title id="${titleId}">${opts.title}</title>
<desc id="${descId}">${opts.description}</desc>
${stageLabels.map((s) => html`<text class="sk-stage" x="${px(LEFT + (s - 1) * COL_GAP + NODE_W / 2)}" y="18" text-anchor="middle">${w.t('results.stage', { stage: s })}</text>`)}
<g class="sk-flows">
${bands.map((b) => {
  const from = nodeById.get(b.flow.from)!;
  const to = nodeById.get(b.flow.to)!;
  const words =
    b.flow.kind === 'stay'
      ? w.t('sankey.keeps', { name: from.label, votes: b.flow.votes, from: from.stage, to: to.stage })
      : w.t('sankey.moves', { votes: b.flow.votes, from: from.label, to: to.label, fromStage: from.stage, toStage: to.stage });
  return html`<path class="sk-flow sk-${b.flow.kind} ${colourClass(from)}" d="${bandPath(b, boxes)}"><title>${words}</title></path>`;
})}
</g>
<g class="sk-nodes">
${model.nodes.map((n) => {
  const b = boxes.get(n.id)!;
  const first = n.stage === 1;
  const last = n.stage === model.stages;
  const label = first
    ? html`<text class="sk-label" x="${px(b.x - 6)}" y="${px(b.y + b.h / 2)}" text-anchor="end" dominant-baseline="middle">${shorten(n.label)} ${n.votes}</text>`
    : last
      ? html`<text class="sk-label" x="${px(b.x + NODE_W + 6)}" y="${px(b.y + b.h / 2)}" dominant-baseline="middle">${shorten(n.label)} ${n.votes}</text>`
      : '';
  return html`<g><rect class="sk-node ${colourClass(n)}" x="${px(b.x)}" y="${px(b.y)}" width="${NODE_W}" height="${px(b.h)}"><title>${w.t('sankey.node', { name: n.label, stage: n.stage, votes: n.votes })}</title></rect>${label}</g>`;
})}
</g>
</svg>`;
}
