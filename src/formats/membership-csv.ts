/**
 * What the membership-system CSV readers (units, members) share: a header of
 * named columns in any order, one record per row, and every problem collected
 * as `line N: field: problem` rather than stopping at the first, so a dry run
 * can list them all.
 */
import { InputError } from './errors.js';
import { csvRecordTexts, parseCsvRecord } from './csv.js';

/** One thing wrong with one row (or the header). */
export interface RowProblem {
  readonly line: number;
  /** The column, or `header` / `row` / `csv` for problems not about one cell. */
  readonly field: string;
  readonly problem: string;
}

export const formatProblem = (p: RowProblem): string => `line ${p.line}: ${p.field}: ${p.problem}`;

/** Every row, or every problem: never some of the rows. */
export type TableResult<T> = { readonly ok: true; readonly rows: readonly T[] } | { readonly ok: false; readonly problems: readonly RowProblem[] };

export interface ColumnSpec {
  readonly required: readonly string[];
  readonly optional: readonly string[];
  /** Sets of optional columns of which the header must have at least one. */
  readonly atLeastOneOf?: readonly (readonly string[])[];
  /** Other names a membership system's export gives a column ("date of birth", "dob"), lowercase, by the column they stand for. */
  readonly aliases?: Readonly<Record<string, string>>;
}

/** A data row: its line and its cells by column name (trimmed; a missing optional column reads as ''). */
export interface Row {
  readonly line: number;
  get(column: string): string;
  /** Whether the header has the column: an optional column left out is "not given", not blank. */
  has(column: string): boolean;
}

/**
 * Splits `text` into records and reads the header; calls `row` for each data
 * row. Problems with the header stop there (no row can be read without it);
 * a badly quoted record is reported and the next one read.
 */
export function readTable(text: string, columns: ColumnSpec, problems: RowProblem[], row: (r: Row) => void): void {
  const known = [...columns.required, ...columns.optional];
  let header: { index: Map<string, number>; width: number } | null = null;
  for (const record of records(text)) {
    let cells: string[];
    try {
      cells = parseCsvRecord(record.text, '', record.line).map((c) => c.trim());
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push({ line: e.line ?? record.line, field: header === null ? 'header' : 'csv', problem: e.problem });
      if (header === null) return;
      continue;
    }
    if (header === null) {
      const index = new Map<string, number>();
      const before = problems.length;
      cells.forEach((name, i) => {
        const spelt = name.toLowerCase().replace(/\s+/g, ' ');
        const column = columns.aliases?.[spelt] ?? spelt;
        if (!known.includes(column))
          problems.push({ line: record.line, field: 'header', problem: `unknown column "${name}" (the columns are ${known.join(', ')})` });
        else if (index.has(column)) problems.push({ line: record.line, field: 'header', problem: `column "${column}" appears twice` });
        else index.set(column, i);
      });
      for (const column of columns.required) {
        if (!index.has(column)) problems.push({ line: record.line, field: 'header', problem: `missing column "${column}"` });
      }
      for (const set of columns.atLeastOneOf ?? []) {
        if (!set.some((c) => index.has(c)))
          problems.push({ line: record.line, field: 'header', problem: `missing column ${set.map((c) => `"${c}"`).join(' or ')}` });
      }
      if (problems.length > before) return;
      header = { index, width: cells.length };
      continue;
    }
    if (cells.length !== header.width) {
      problems.push({ line: record.line, field: 'row', problem: `${cells.length} cell${cells.length === 1 ? '' : 's'}, but the header has ${header.width}` });
      continue;
    }
    const { index } = header;
    row({ line: record.line, get: (column) => (index.has(column) ? cells[index.get(column)!] : ''), has: (column) => index.has(column) });
  }
  if (header === null) problems.push({ line: 1, field: 'header', problem: `the file is empty: expected a header row such as ${columns.required.join(',')}` });
}

/** Records and their first line numbers; lines of nothing but spaces count as blank and are skipped too. */
function* records(text: string): Generator<{ text: string; line: number }> {
  for (const record of csvRecordTexts(text)) if (record.text.trim() !== '') yield record;
}
