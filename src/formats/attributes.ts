/**
 * Candidate attributes (e.g. gender, for a minimum-representation rule) from a
 * CSV file whose header is `name,<attribute>,…`:
 *
 *   name,gender
 *   Alice Smith,woman
 *   "Bob ""Bobby"" Jones",man
 *
 * Names must match the election's candidate names exactly (after trimming), and
 * every candidate needs exactly one row: a name the election does not have, or
 * a candidate with no row, is an error. Values are trimmed; a blank value is
 * kept as the empty string.
 */
import { readFile } from 'node:fs/promises';
import type { Candidate, Election } from '../count/ballots.js';
import { InputError } from './errors.js';
import { csvRecords } from './csv.js';
import { textOf } from './lines.js';

export interface AttributeRow {
  readonly line: number;
  readonly values: Readonly<Record<string, string>>;
}

export interface CandidateAttributes {
  readonly file: string;
  /** The attribute columns, in header order. */
  readonly columns: readonly string[];
  /** Rows by candidate name. */
  readonly rows: ReadonlyMap<string, AttributeRow>;
  readonly headerLine: number;
}

/** Parses an attribute CSV from a whole text or buffer; `file` is used in error messages. */
export function parseAttributes(input: string | Uint8Array, file: string): CandidateAttributes {
  let columns: string[] | null = null;
  let headerLine = 1;
  const rows = new Map<string, AttributeRow>();
  for (const { cells: raw, line } of csvRecords(textOf(input), file)) {
    const cells = raw.map((c) => c.trim());
    if (columns === null) {
      headerLine = line;
      if (cells[0].toLowerCase() !== 'name') throw new InputError(file, line, `the first column must be "name", found ${JSON.stringify(cells[0])}`);
      if (cells.length < 2) throw new InputError(file, line, 'no attribute columns: expected a header such as name,gender');
      columns = cells.slice(1);
      const seen = new Set<string>();
      for (const col of columns) {
        if (col === '') throw new InputError(file, line, 'an attribute column has an empty name');
        if (col.toLowerCase() === 'name' || seen.has(col)) throw new InputError(file, line, `column ${JSON.stringify(col)} appears twice`);
        seen.add(col);
      }
      continue;
    }
    if (cells.length !== columns.length + 1) {
      throw new InputError(file, line, `expected ${columns.length + 1} cells (as in the header), found ${cells.length}`);
    }
    const name = cells[0];
    if (name === '') throw new InputError(file, line, 'empty candidate name');
    const before = rows.get(name);
    if (before !== undefined) throw new InputError(file, line, `${JSON.stringify(name)} already has a row (line ${before.line})`);
    const values: Record<string, string> = {};
    columns.forEach((col, k) => {
      values[col] = cells[k + 1];
    });
    rows.set(name, { line, values });
  }
  if (columns === null) throw new InputError(file, 1, 'the file is empty: expected a header such as name,gender');
  return { file, columns, rows, headerLine };
}

/** Reads an attribute CSV file. */
export async function readAttributesFile(path: string): Promise<CandidateAttributes> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new InputError(path, null, `cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  return parseAttributes(bytes, path);
}

/** The election with each candidate's attributes added (a value from the file replaces one of the same name). */
export function applyAttributes(election: Election, attributes: CandidateAttributes): Election {
  const { file, rows } = attributes;
  const byName = new Map<string, number>();
  election.candidates.forEach((c, i) => {
    if (byName.has(c.name) && rows.has(c.name)) {
      throw new InputError(file, rows.get(c.name)!.line, `two candidates are named ${JSON.stringify(c.name)}, so this row is ambiguous`);
    }
    byName.set(c.name, i);
  });
  for (const [name, row] of rows) {
    if (!byName.has(name)) throw new InputError(file, row.line, `no candidate is named ${JSON.stringify(name)}`);
  }
  const candidates: Candidate[] = election.candidates.map((c) => {
    const row = rows.get(c.name);
    if (row === undefined) throw new InputError(file, attributes.headerLine, `candidate ${JSON.stringify(c.name)} has no row`);
    return { name: c.name, attributes: { ...c.attributes, ...row.values } };
  });
  return { ...election, candidates };
}
