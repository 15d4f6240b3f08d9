/**
 * The round-by-round result sheet for a terminal. Stages that do not fit the
 * width are wrapped into blocks, each repeating the names of the candidates
 * still in the count, so a 30-stage count still reads on an 80- or 100-column
 * screen.
 */
import type { CountEvent, CountRecord } from '../count/record.js';
import { present } from '../count/checked.js';
import { flagOf } from '../count/options.js';
import { METHODS } from '../count/methods/index.js';
import { dec, sign } from '../count/decimal.js';
import { buildSheet, electReasonText, minimumExclusions, optionText, thresholdLabel, tieText, type Sheet } from './sheet.js';

export interface TableOptions {
  /** Line width to fit (default 100). */
  readonly width?: number;
  /** ANSI colour; only for a terminal. Default false. */
  readonly colour?: boolean;
}

const OUT = '—';
const GAP = 2;
const MIN_COL = 10;
const MAX_LABEL = 30;

interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  elected(s: string): string;
  excluded(s: string): string;
}

const plain: Paint = { bold: (s) => s, dim: (s) => s, elected: (s) => s, excluded: (s) => s };
const ansi: Paint = {
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
  elected: (s) => `\x1b[1;32m${s}\x1b[0m`,
  excluded: (s) => `\x1b[31m${s}\x1b[39m`,
};

/** Display width in terminal columns; treats every code point as one column, which holds for the names we print. */
function width(s: string): number {
  return [...s].length;
}

function clip(s: string, w: number): string {
  return width(s) <= w ? s : [...s].slice(0, Math.max(0, w - 1)).join('') + '…';
}

function padLeft(s: string, w: number): string {
  return ' '.repeat(Math.max(0, w - width(s))) + s;
}

function padRight(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - width(s)));
}

function cellText(value: string | null, mark: string): string {
  return (value ?? OUT) + ' ' + (mark || ' ');
}

export function renderTable(record: CountRecord, options: TableOptions = {}): string {
  const lineWidth = Math.max(40, options.width ?? 100);
  const p = options.colour ? ansi : plain;
  const sheet = buildSheet(record);
  const out: string[] = [];

  out.push(p.bold(record.title || 'Count'));
  out.push(
    ...wrap(
      `Method: ${record.methodName} [${record.method}]; ${record.seats} seat${record.seats === 1 ? '' : 's'}; ${record.candidates.length} candidates; arithmetic ${record.arithmetic}`,
      lineWidth,
      '  ',
    ),
  );
  const last = record.stages[record.stages.length - 1];
  const threshold = last && sign(dec(last.threshold)) !== 0 ? `; ${thresholdLabel(record).toLowerCase()} ${last.threshold}` : '';
  out.push(`Ballots: ${record.totalBallots}${threshold}`);
  out.push('');
  out.push(...renderBlocks(sheet, lineWidth, p));
  out.push('');
  out.push(...wrap(`* elected at this stage; x excluded at the end of this stage; ${OUT} no longer in the count`, lineWidth, '').map(p.dim));
  if (record.arithmetic === 'rational') {
    const places = last ? (last.threshold.split('.')[1] ?? '').length : 0;
    out.push(
      ...wrap(
        `Votes are exact fractions, shown rounded down to ${places} decimal places, so a total may fall short of the ballots in the last place.`,
        lineWidth,
        '',
      ).map(p.dim),
    );
  }
  out.push('');

  out.push(p.bold('Stages'));
  const numWidth = String(sheet.stages.length).length;
  for (const s of sheet.stages) out.push(...wrap(`  ${String(s.number).padStart(numWidth)}. ${s.description}.`, lineWidth, ' '.repeat(numWidth + 4)));
  out.push('');

  out.push(p.bold('Elected'));
  const elects = record.events.filter((e): e is Extract<CountEvent, { type: 'elect' }> => e.type === 'elect');
  if (record.elected.length === 0) out.push('  nobody');
  record.elected.forEach((c, i) => {
    const e = elects.find((x) => x.candidate === c);
    const how = e ? ` (stage ${e.stage}, ${electReasonText(e.reason)}, ${e.votes})` : '';
    const n = String(i + 1).padStart(String(record.elected.length).length);
    out.push(...wrap(`  ${n}. ${p.elected(present(record.candidates[c], 'an elected candidate’s name'))}${how}`, lineWidth, ' '.repeat(n.length + 4)));
  });
  if (sheet.minimumEffect) out.push(...wrap(`  ${sheet.minimumEffect}`, lineWidth, '  '));
  out.push('');

  const ties = record.events.filter((e): e is Extract<CountEvent, { type: 'tie' }> => e.type === 'tie');
  out.push(p.bold('Ties'));
  if (ties.length === 0) out.push('  none');
  for (const t of ties) out.push(...wrap(`  ${tieText(record, t)}.`, lineWidth, '    '));
  out.push('');

  if (record.constraint && record.constraint.rules.length > 0) {
    out.push(p.bold('Minimum representation'));
    for (const r of record.constraint.rules) out.push(`  at least ${r.minimum} of ${record.seats} seats to candidates with ${r.attribute}=${r.value}`);
    out.push(...wrap(`  Enforcement: ${record.constraint.enforcement}.`, lineWidth, '    '));
    for (const line of minimumExclusions(record)) out.push(...wrap(`  ${line}`, lineWidth, '    '));
    out.push('');
  }

  out.push(p.bold('Options in force'));
  const inForce = Object.entries(record.options);
  const specs = METHODS.find((m) => m.id === record.method)?.options ?? [];
  const keyWidth = Math.max(0, ...inForce.map(([k]) => flagOf(k).length + 2));
  for (const [k, v] of inForce) {
    const text =
      k === 'seats' && v === null
        ? `${record.seats} (from the file)`
        : optionText(
            v,
            specs.find((o) => o.name === k),
          );
    out.push(`  ${padRight('--' + flagOf(k), keyWidth)}  ${text}`);
  }
  if (inForce.length === 0) out.push('  none');

  return out.map((l) => l.replace(/ +$/, '')).join('\n') + '\n';
}

/** Wraps at spaces; `text` keeps its own leading indent, continuation lines get `indent`. */
function wrap(text: string, w: number, indent: string): string[] {
  const lead = /^ */.exec(text)?.[0] ?? '';
  const words = text.slice(lead.length).split(' ');
  const lines: string[] = [];
  let line = lead;
  let empty = true;
  for (const word of words) {
    if (!empty && width(line) + 1 + width(word) > w) {
      lines.push(line);
      line = indent + word;
    } else {
      line = empty ? line + word : line + ' ' + word;
    }
    empty = false;
  }
  if (!empty) lines.push(line);
  return lines;
}

function renderBlocks(sheet: Sheet, lineWidth: number, p: Paint): string[] {
  const n = sheet.stages.length;
  // Every row has one cell per stage, and every stage a column: k is always a stage's index.
  const at = <T>(xs: readonly T[], k: number): T => present(xs[k], 'a stage’s column');
  // Long candidate names are clipped (the lists below the table give them whole); row labels never are.
  const nameWidth = Math.min(MAX_LABEL, Math.max(0, ...sheet.candidates.map((r) => width(r.name))));
  const labelWidth = Math.max(nameWidth, ...sheet.totals.map((r) => width(r.label)));

  const colWidths = sheet.stages.map((s, k) => {
    const cells = [...sheet.candidates.map((r) => cellText(at(r.cells, k).value, 'x')), ...sheet.totals.map((r) => cellText(at(r.cells, k), ''))];
    // A short name in the heading is shown whole; a long one is clipped (the stage notes give it in full).
    return Math.max(MIN_COL, width(s.what), Math.min(width(s.who), 12), `Stage ${s.number}`.length, ...cells.map(width));
  });

  // Greedy fill: as many stages per block as the width allows, at least one.
  const blocks: number[][] = [];
  let current: number[] = [];
  let used = labelWidth;
  for (let k = 0; k < n; k++) {
    const need = GAP + at(colWidths, k);
    if (current.length > 0 && used + need > lineWidth) {
      blocks.push(current);
      current = [];
      used = labelWidth;
    }
    current.push(k);
    used += need;
  }
  if (current.length > 0) blocks.push(current);

  const lines: string[] = [];
  blocks.forEach((block, b) => {
    if (b > 0) lines.push('');
    if (blocks.length > 1) {
      const first = at(block, 0) + 1;
      const lastStage = at(block, block.length - 1) + 1;
      lines.push(p.dim(first === lastStage ? `Stage ${first} of ${n}` : `Stages ${first}–${lastStage} of ${n}`));
    }
    const row = (label: string, cells: string[]): string =>
      padRight(clip(label, labelWidth), labelWidth) + cells.map((cell) => ' '.repeat(GAP) + cell).join('');
    lines.push(
      p.bold(
        row(
          '',
          block.map((k) => padLeft(`Stage ${k + 1}`, at(colWidths, k))),
        ),
      ),
    );
    lines.push(
      row(
        '',
        block.map((k) => padLeft(at(sheet.stages, k).what, at(colWidths, k))),
      ),
    );
    if (block.some((k) => at(sheet.stages, k).who !== '')) {
      lines.push(
        row(
          '',
          block.map((k) => padLeft(clip(at(sheet.stages, k).who, at(colWidths, k)), at(colWidths, k))),
        ),
      );
    }
    const rule = '-'.repeat(labelWidth + block.reduce((t, k) => t + GAP + at(colWidths, k), 0));
    lines.push(p.dim(rule));
    let hidden = 0;
    for (const r of sheet.candidates) {
      // Past the first block, a candidate out of the count throughout it is only clutter.
      if (b > 0 && block.every((k) => at(r.cells, k).value === null)) {
        hidden++;
        continue;
      }
      const cells = block.map((k) => {
        const c = at(r.cells, k);
        const text = padLeft(cellText(c.value, c.elected ? '*' : c.excluded ? 'x' : ''), at(colWidths, k));
        if (c.elected) return p.elected(text);
        if (c.excluded) return p.excluded(text);
        return c.value === null ? p.dim(text) : text;
      });
      const name = padRight(clip(r.name, labelWidth), labelWidth);
      lines.push((r.status === 'elected' ? p.elected(name) : name) + cells.map((c) => ' '.repeat(GAP) + c).join(''));
    }
    lines.push(p.dim(rule));
    for (const t of sheet.totals) {
      lines.push(
        row(
          t.label,
          block.map((k) => padLeft(cellText(at(t.cells, k), ''), at(colWidths, k))),
        ),
      );
    }
    if (hidden > 0) lines.push(p.dim(`(${hidden} candidate${hidden === 1 ? '' : 's'} out of the count before stage ${at(block, 0) + 1} not shown)`));
  });
  return lines;
}
