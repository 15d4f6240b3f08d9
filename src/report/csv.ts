/**
 * The result sheet as CSV, by the one CSV writer (CRLF line ends). One row per candidate and one column per
 * stage, as on the terminal table, with a last column giving each candidate's
 * result. Cells are empty once a candidate is out of the count.
 */
import type { CountRecord } from '../count/record.js';
import { csvLine } from './csv-writer.js';
import { buildSheet, minimumExclusions } from './sheet.js';

export function renderCsv(record: CountRecord): string {
  const sheet = buildSheet(record);
  const rows: string[][] = [];
  rows.push(['Stage', ...sheet.stages.map((s) => String(s.number)), 'Result']);
  rows.push(['Action', ...sheet.stages.map((s) => (s.who ? `${s.what} ${s.who}` : s.what)), '']);
  for (const r of sheet.candidates) rows.push([r.name, ...r.cells.map((c) => c.value ?? ''), r.result]);
  for (const t of sheet.totals) rows.push([t.label, ...t.cells, '']);
  rows.push(['Elected', ...sheet.electedAt.map((names) => names.join('; ')), '']);
  rows.push(['Excluded', ...sheet.excludedAt.map((names) => names.join('; ')), '']);
  // Notes span the sheet in their first cell; the padding keeps every row as wide as the sheet.
  const pad = sheet.stages.length;
  for (const note of minimumExclusions(record)) rows.push(['Minimum representation', note, ...Array<string>(pad).fill('')]);
  if (sheet.minimumEffect) rows.push(['Minimum representation', sheet.minimumEffect, ...Array<string>(pad).fill('')]);
  return rows.map((row) => csvLine(row)).join('');
}
