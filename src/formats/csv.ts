/**
 * RFC 4180 cells, shared by the cast-vote-record and attribute readers.
 *
 * Strict where leniency would guess: a quote may only open a cell (spaces before
 * it are allowed), a doubled quote inside a quoted cell is one quote, and only a
 * comma or the end of the record may follow a closing quote.
 */
import { InputError } from './errors.js';

/**
 * Splits one record (which may span lines inside quoted cells) into its cells.
 * `line` is the record's first line; errors point at the line where the
 * offending quote is.
 */
export function parseCsvRecord(record: string, file: string, line: number): string[] {
  const cells: string[] = [];
  const n = record.length;
  let i = 0;
  for (;;) {
    let j = i;
    while (j < n && (record.charCodeAt(j) === 32 || record.charCodeAt(j) === 9)) j++;
    if (j < n && record.charCodeAt(j) === 34) {
      let cell = '';
      let k = j + 1;
      let closed = false;
      while (k <= n) {
        const q = record.indexOf('"', k);
        if (q < 0) break;
        cell += record.slice(k, q);
        if (record.charCodeAt(q + 1) === 34) {
          cell += '"';
          k = q + 2;
          continue;
        }
        k = q + 1;
        closed = true;
        break;
      }
      if (!closed) throw new InputError(file, lineAt(record, j, line), 'unterminated quoted cell: the quote that opens it is never closed');
      while (k < n && (record.charCodeAt(k) === 32 || record.charCodeAt(k) === 9)) k++;
      cells.push(cell);
      if (k >= n) return cells;
      if (record.charCodeAt(k) !== 44) {
        throw new InputError(
          file,
          lineAt(record, k, line),
          `unexpected text after a quoted cell: ${JSON.stringify(record.slice(k, k + 20))} (a closing quote must be followed by a comma or the end of the row; write a quote inside a quoted cell as "")`,
        );
      }
      i = k + 1;
      continue;
    }
    const comma = record.indexOf(',', i);
    const end = comma < 0 ? n : comma;
    const quote = record.indexOf('"', i);
    if (quote >= 0 && quote < end) {
      throw new InputError(
        file,
        lineAt(record, quote, line),
        `a quote inside an unquoted cell: ${JSON.stringify(record.slice(i, end))} (put the whole cell in quotes and double the quote: "a ""b"" c")`,
      );
    }
    cells.push(record.slice(i, end));
    if (comma < 0) return cells;
    i = comma + 1;
  }
}

function lineAt(record: string, index: number, first: number): number {
  let line = first;
  for (let p = record.indexOf('\n'); p >= 0 && p < index; p = record.indexOf('\n', p + 1)) line++;
  return line;
}

/** Splits a whole CSV text into records with their first line numbers; blank lines are skipped. */
export function* csvRecords(text: string, file: string): Generator<{ cells: string[]; line: number }> {
  for (const record of csvRecordTexts(text)) yield { cells: parseCsvRecord(record.text, file, record.line), line: record.line };
}

/**
 * The raw text of each record with its first line number, before any cell is
 * parsed (a newline inside quotes belongs to the cell; empty lines are skipped),
 * for readers that report a bad record and go on to the next.
 */
export function* csvRecordTexts(text: string): Generator<{ text: string; line: number }> {
  const n = text.length;
  let p = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (p < n) {
    let q = p;
    let inQuote = false;
    let newlines = 0;
    for (; q < n; q++) {
      const c = text.charCodeAt(q);
      if (c === 34) inQuote = !inQuote;
      else if (c === 10) {
        if (!inQuote) break;
        newlines++;
      }
    }
    let end = q;
    if (end > p && text.charCodeAt(end - 1) === 13) end--;
    if (end > p) yield { text: text.slice(p, end), line };
    line += newlines + 1;
    p = q + 1;
  }
}
