/**
 * The one CSV writer (RFC 4180): a field is quoted when it holds a comma, a
 * quote or a line break, and a row ends in CRLF unless an output has always
 * ended its rows in LF. A field a spreadsheet would run as a formula (starting
 * with = + - @, a tab or a carriage return) is written with a leading ' so it
 * reads as text: names and reasons come from members and officers. A number
 * ("-1.5") is left as it is, since a spreadsheet reads it as the number it is.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^[-+]?\d+(\.\d+)?$/;

export function csvField(s: string): string {
  const cell = FORMULA_START.test(s) && !NUMBER.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(cell) ? '"' + cell.replace(/"/g, '""') + '"' : cell;
}

export function csvLine(fields: readonly string[], lineEnd: '\r\n' | '\n' = '\r\n'): string {
  return fields.map(csvField).join(',') + lineEnd;
}
