import { describe, expect, it } from 'vitest';
import { renderCsv } from '../../src/report/csv.js';
import { csvField } from '../../src/report/csv-writer.js';
import { sequentialSurplusRecord } from './fixtures.js';

/** A strict RFC 4180 reader, to check the writer against. */
function parse(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (ch === '"') {
        quoted = false;
        i++;
      } else {
        field += ch;
        i++;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
      i++;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else {
      expect(ch).not.toMatch(/["\r\n]/);
      field += ch;
      i++;
    }
  }
  expect(field).toBe('');
  return rows;
}

describe('CSV result sheet', () => {
  const text = renderCsv(sequentialSurplusRecord());
  const rows = parse(text);

  it('is rectangular with CRLF line ends', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    for (const r of rows) expect(r.length).toBe(6);
  });

  it('has the stages, actions, candidates with results, totals and who was elected or excluded', () => {
    expect(rows[0]).toEqual(['Stage', '1', '2', '3', '4', 'Result']);
    expect(rows[1]).toEqual(['Action', 'First preferences', 'Surplus of Ann Able', 'Surplus of Bob Baker', 'Exclusion of Eve Eddy', '']);
    expect(rows[2]).toEqual(['Ann Able', '40.00000', '26.00000', '26.00000', '26.00000', 'elected at stage 1']);
    expect(rows[4]).toEqual(['Cat "Kit" Cole, Jr', '16.00000', '24.00000', '25.50000', '28.00000', 'elected at stage 4']);
    expect(rows[6]).toEqual(['Eve Eddy', '5.00000', '7.00000', '7.50000', '', 'excluded at stage 3']);
    expect(rows.find((r) => r[0] === 'Total')).toEqual(['Total', '100.00000', '100.00000', '100.00000', '100.00000', '']);
    expect(rows.find((r) => r[0] === 'Quota')?.slice(1, 5)).toEqual(['26.00000', '26.00000', '26.00000', '26.00000']);
    expect(rows.find((r) => r[0] === 'Elected')).toEqual(['Elected', 'Ann Able; Bob Baker', '', '', 'Cat "Kit" Cole, Jr', '']);
    expect(rows.find((r) => r[0] === 'Excluded')).toEqual(['Excluded', '', '', 'Eve Eddy', '', '']);
  });

  it('quotes only what RFC 4180 requires', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(text).toContain('"Cat ""Kit"" Cole, Jr",16.00000');
  });
});
