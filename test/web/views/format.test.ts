/** The one formatter of people's pages: en-GB dates and moments, thousands separators, and exact percentages rounded half up. */
import { describe, expect, it } from 'vitest';
import { dayText, momentText, numberText, percentOf } from '../../../src/web/views/format.js';

describe('dates and moments', () => {
  it('writes a calendar date, or a stored timestamp’s date, as "7 December 2026"', () => {
    expect(dayText('2026-12-07')).toBe('7 December 2026');
    expect(dayText('2026-12-07T09:30:00.000Z')).toBe('7 December 2026');
    expect(dayText('soon')).toBe('soon');
  });

  it('writes an instant in the organisation’s time zone, saying which', () => {
    // 17:00 UTC in June is 6pm in London (summer time).
    expect(momentText('2026-06-01T17:00:00.000Z', 'Europe/London')).toBe('6pm on Monday 1 June 2026 (UK time)');
    expect(momentText(new Date('2026-12-07T23:00:00.000Z'), 'Europe/London')).toBe('11pm on Monday 7 December 2026 (UK time)');
  });
});

describe('numbers', () => {
  it('separates thousands with commas, whole or decimal, and drops a decimal count’s trailing zeros', () => {
    expect(numberText(12345)).toBe('12,345');
    expect(numberText(999)).toBe('999');
    expect(numberText(1_000_000n)).toBe('1,000,000');
    expect(numberText('1234.50000')).toBe('1,234.5');
    expect(numberText('5.000000')).toBe('5');
    expect(numberText(-4321)).toBe('-4,321');
  });
});

describe('percentages', () => {
  it('works from the exact fraction and rounds to one place half up', () => {
    expect(percentOf(1, 3)).toBe('33.3%');
    expect(percentOf(2, 3)).toBe('66.7%');
    expect(percentOf(1, 8)).toBe('12.5%');
    // Exactly half a tenth rounds up (half up, not half even: 0.05% → 0.1%, 0.25% → 0.3%).
    expect(percentOf(1, 2000)).toBe('0.1%');
    expect(percentOf(1, 400)).toBe('0.3%');
    // Just under half a tenth rounds down: 0.0499…%.
    expect(percentOf(4999n, 10_000_000n)).toBe('0.0%');
    expect(percentOf(0, 7)).toBe('0.0%');
    expect(percentOf(7, 7)).toBe('100.0%');
    expect(percentOf(123_456, 123_456)).toBe('100.0%');
  });

  it('takes a count record’s decimal text without float rounding', () => {
    // 0.1 + 0.2 as floats is 0.30000000000000004; here the values are exact decimals.
    expect(percentOf('0.15', '0.30')).toBe('50.0%');
    expect(percentOf('33.33333', '100.00000')).toBe('33.3%');
    expect(percentOf('1.05', '1000')).toBe('0.1%');
    expect(percentOf('12345678901234567890.5', '24691357802469135781')).toBe('50.0%');
  });

  it('has no share of nothing', () => {
    expect(percentOf(0, 0)).toBeNull();
    expect(percentOf('0.000', '0')).toBeNull();
  });
});
