/**
 * A file of scanned postal voting papers: a header `paper` followed by one column per candidate,
 * named as on the paper, and a line per paper: its number, and what is in each candidate's box
 * (a cross, or a preference 1, 2, 3…; empty for nothing). Columns may come in any order. A line that
 * cannot be read is reported by its line number and the others are still read; a header that does
 * not name every candidate exactly once refuses the whole file.
 */
import { err, ok, type Result } from '../domain/result.js';
import { csvRecordTexts, parseCsvRecord } from './csv.js';
import { InputError } from './errors.js';

export interface ScannedPaper {
  readonly line: number;
  /** The number as written (checked when it is entered). */
  readonly number: string;
  /** Each candidate's box, by candidate id. */
  readonly boxes: Readonly<Record<string, string>>;
}

export interface ScannedPapers {
  readonly papers: readonly ScannedPaper[];
  readonly problems: readonly { readonly line: number; readonly message: string }[];
}

const fold = (s: string): string => s.trim().replace(/\s+/g, ' ').toLowerCase();

export function readScannedPapers(text: string, candidates: readonly { readonly id: string; readonly name: string }[]): Result<ScannedPapers> {
  const records = csvRecordTexts(text);
  const head = records.next();
  if (head.done) return err('invalid-input', 'The file is empty: its first line names the columns (paper, then each candidate).');
  let header: string[];
  try {
    header = parseCsvRecord(head.value.text, 'the file', head.value.line).map(fold);
  } catch (e) {
    if (e instanceof InputError) return err('invalid-input', `Line ${head.value.line}: ${e.message}`);
    throw e;
  }
  if (header[0] !== 'paper')
    return err('invalid-input', `Line ${head.value.line}: the first column must be "paper" (the number on each paper), not "${header[0] ?? ''}".`);
  const columns: (string | null)[] = [null];
  for (const name of header.slice(1)) {
    const c = candidates.find((x) => fold(x.name) === name);
    if (!c)
      return err(
        'invalid-input',
        `Line ${head.value.line}: "${name}" is not a candidate on this paper (candidates: ${candidates.map((x) => x.name).join(', ')}).`,
      );
    if (columns.includes(c.id)) return err('invalid-input', `Line ${head.value.line}: ${c.name} has two columns.`);
    columns.push(c.id);
  }
  const missing = candidates.filter((c) => !columns.includes(c.id));
  if (missing.length > 0) return err('invalid-input', `Line ${head.value.line}: no column for ${missing.map((c) => c.name).join(', ')}.`);
  const papers: ScannedPaper[] = [];
  const problems: { line: number; message: string }[] = [];
  for (const record of records) {
    let cells: string[];
    try {
      cells = parseCsvRecord(record.text, 'the file', record.line);
    } catch (e) {
      if (e instanceof InputError) {
        problems.push({ line: record.line, message: e.message });
        continue;
      }
      throw e;
    }
    if (cells.length !== columns.length) {
      problems.push({ line: record.line, message: `${cells.length} cells where the header has ${columns.length}.` });
      continue;
    }
    const boxes: Record<string, string> = {};
    columns.forEach((id, i) => {
      if (id !== null) boxes[id] = cells[i];
    });
    papers.push({ line: record.line, number: cells[0], boxes });
  }
  return ok({ papers, problems });
}
