/** Canonical JSON: one text for one value, whatever order its keys were built in; fractions and non-data refused. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AuditDataError, canonicalJson } from '../../src/audit/index.js';

describe('canonical JSON', () => {
  it('sorts keys by UTF-16 code units at every depth, with no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, { d: 'x', c: 'y' }], A: 'upper' })).toBe('{"A":"upper","a":[true,null,{"c":"y","d":"x"}],"b":1}');
    // Code-unit order: "é" (U+00E9) before "😀" (a surrogate pair starting U+D83D) before "ｚ" (U+FF5A).
    expect(canonicalJson({ ｚ: 1, '😀': 2, é: 3 })).toBe('{"é":3,"😀":2,"ｚ":1}');
  });

  it('escapes strings as JSON does', () => {
    expect(canonicalJson('line\nbreak "quoted" \\ \u0001 ’')).toBe('"line\\nbreak \\"quoted\\" \\\\ \\u0001 ’"');
  });

  it('refuses fractions, non-finite numbers, undefined, and anything that is not plain data', () => {
    expect(() => canonicalJson({ x: 1.5 })).toThrow(AuditDataError);
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(/whole numbers/);
    expect(() => canonicalJson({ x: 2 ** 53 })).toThrow(/whole numbers/);
    expect(() => canonicalJson({ x: undefined })).toThrow(/undefined/);
    expect(() => canonicalJson({ x: new Date(0) })).toThrow(/not plain data/);
    expect(() => canonicalJson({ x: 1n })).toThrow(/bigint/);
    expect(canonicalJson(-0)).toBe('0');
  });

  const data = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.string(),
      fc.boolean(),
      fc.constant(null),
      fc.maxSafeInteger(),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
    ),
  })).value;

  it('reads back as the same value, and does not depend on the order keys were added', () => {
    fc.assert(
      fc.property(data, (value) => {
        const text = canonicalJson(value);
        expect(JSON.parse(text)).toEqual(value);
        const reversed = JSON.parse(text, (_k, v) =>
          v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v,
        );
        expect(canonicalJson(reversed)).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});
