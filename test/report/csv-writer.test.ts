import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from '../../src/report/csv-writer.js';

describe('the CSV writer', () => {
  it('writes a field a spreadsheet would run as a formula as text', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+44 20')).toBe("'+44 20");
    expect(csvField('-1+1')).toBe("'-1+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('\rx')).toBe(`"'\rx"`);
  });

  it('leaves numbers and ordinary text as they are', () => {
    expect(csvField('-1.5')).toBe('-1.5');
    expect(csvField('+2')).toBe('+2');
    expect(csvField('Ann Able')).toBe('Ann Able');
    expect(csvField('a - b')).toBe('a - b');
  });

  it('ends a row in CRLF unless told LF', () => {
    expect(csvLine(['a', 'b,c'])).toBe('a,"b,c"\r\n');
    expect(csvLine(['a', 'b'], '\n')).toBe('a,b\n');
  });
});
