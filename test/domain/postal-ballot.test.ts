/** The statutory postal ballot's rules: the returns log (received, duplicate, late, void, unknown), spoiling, marks, retention. */
import { describe, expect, it } from 'vitest';
import {
  checkDestroy,
  checkSpoil,
  destroyableFrom,
  judgeReturn,
  paperNumber,
  paperNumbers,
  readMarks,
  turnoutWords,
  type PostalPaper,
  type PostalReturn,
} from '../../src/domain/postal-ballot.js';
import { isoDate } from '../../src/domain/time.js';

const live: PostalPaper = { number: 7, state: 'issued', replacedBy: null };
const voided: PostalPaper = { number: 7, state: 'void', replacedBy: 12 };
const last = isoDate('2026-03-01');
const back = (kind: PostalReturn['kind'], day = '2026-02-20'): PostalReturn => ({ number: 7, kind, receivedOn: isoDate(day) });

describe('the returns log', () => {
  it('logs a live paper received on or before the last day as received, the day after as late', () => {
    expect(judgeReturn(live, 7, [], isoDate('2026-02-28'), last)).toEqual({ ok: true, value: 'received' });
    expect(judgeReturn(live, 7, [], isoDate('2026-03-01'), last)).toEqual({ ok: true, value: 'received' });
    expect(judgeReturn(live, 7, [], isoDate('2026-03-02'), last)).toEqual({ ok: true, value: 'late' });
  });

  it('logs a second return of a number as a duplicate, whether the first was in time or late', () => {
    expect(judgeReturn(live, 7, [back('received')], isoDate('2026-02-21'), last)).toEqual({ ok: true, value: 'duplicate' });
    expect(judgeReturn(live, 7, [back('late', '2026-03-03')], isoDate('2026-03-04'), last)).toEqual({ ok: true, value: 'duplicate' });
    // A duplicate after the close is still a duplicate (of a received paper), not a second late one.
    expect(judgeReturn(live, 7, [back('received'), back('duplicate')], isoDate('2026-03-09'), last)).toEqual({ ok: true, value: 'duplicate' });
  });

  it('logs a spoilt-and-replaced paper that comes back as void, and refuses a number never issued', () => {
    expect(judgeReturn(voided, 7, [], isoDate('2026-02-20'), last)).toEqual({ ok: true, value: 'void' });
    const unknown = judgeReturn(null, 9999, [], isoDate('2026-02-20'), last);
    expect(!unknown.ok && unknown.error).toEqual({
      code: 'unknown-paper',
      message: 'No paper numbered 9999 was issued in this ballot: check the number printed on the paper.',
    });
  });

  it('spoils a live paper not yet back; refuses one already void or already returned', () => {
    expect(checkSpoil(live, 7, [])).toEqual({ ok: true, value: true });
    const again = checkSpoil(voided, 7, []);
    expect(!again.ok && again.error.message).toBe('Paper 7 was already spoilt and replaced by paper 12.');
    const returned = checkSpoil(live, 7, [back('received')]);
    expect(!returned.ok && returned.error.code).toBe('already-returned');
    expect(!checkSpoil(null, 3, []).ok).toBe(true);
  });

  it('reads a paper number as typed, refusing anything but a whole number from 1', () => {
    expect(paperNumber(' 42 ')).toEqual({ ok: true, value: 42 });
    for (const bad of ['0', '-3', '4.5', 'abc', '', '1234567890']) expect(paperNumber(bad).ok).toBe(false);
  });
});

describe('numbering and marks', () => {
  it('hands out the consecutive numbers 1…n, each once, in the order of the random draw', () => {
    let draws = 0;
    const numbers = paperNumbers(6, (bound) => (draws++ * 7) % bound);
    expect([...numbers].sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(numbers).not.toEqual([1, 2, 3, 4, 5, 6]);
  });

  const a = { id: 'c1', name: 'Ann Ash' };
  const b = { id: 'c2', name: 'Bob Birch' };
  const c = { id: 'c3', name: 'Cy Cedar' };
  const boxes = (...marks: string[]) => [a, b, c].map((candidate, i) => ({ candidate, mark: marks[i] ?? '' }));

  it('reads crosses for first past the post: one per seat at most, more is an invalid paper', () => {
    expect(readMarks(boxes('', 'X', ''), 'plurality', 1)).toEqual({ ok: true, value: { valid: true, ranking: ['c2'] } });
    expect(readMarks(boxes('x', 'X', ''), 'plurality', 1)).toEqual({ ok: true, value: { valid: false, reason: '2 crosses for 1 seat' } });
    expect(readMarks(boxes('x', 'X', ''), 'block', 2)).toEqual({ ok: true, value: { valid: true, ranking: ['c1', 'c2'] } });
    expect(readMarks(boxes('', '', ''), 'plurality', 1)).toEqual({ ok: true, value: { valid: false, reason: 'no mark' } });
    const odd = readMarks(boxes('', 'yes', ''), 'plurality', 1);
    expect(!odd.ok && odd.error.message).toBe('"yes" beside Bob Birch is not a cross: write X for a marked box, or leave it empty.');
  });

  it('reads preferences for STV, stopping at a gap or a repeated number; no single first preference is invalid', () => {
    expect(readMarks(boxes('2', '1', '3'), 'stv-droop', 2)).toEqual({ ok: true, value: { valid: true, ranking: ['c2', 'c1', 'c3'] } });
    expect(readMarks(boxes('1', '', '3'), 'stv-droop', 2)).toEqual({ ok: true, value: { valid: true, ranking: ['c1'] } });
    expect(readMarks(boxes('1', '2', '2'), 'irv', 1)).toEqual({ ok: true, value: { valid: true, ranking: ['c1'] } });
    expect(readMarks(boxes('1', '1', ''), 'irv', 1)).toEqual({ ok: true, value: { valid: false, reason: 'no single first preference' } });
    expect(readMarks(boxes('X', '', ''), 'irv', 1).ok).toBe(false);
  });
});

describe('the report and retention', () => {
  it('states turnout to one decimal place', () => {
    expect(turnoutWords({ received: 1, register: 3 })).toBe('33.3%');
    expect(turnoutWords({ received: 0, register: 0 })).toBe('no papers were sent');
  });

  it('allows destruction from a year after the announcement, not a day before', () => {
    expect(destroyableFrom(isoDate('2026-03-05'), 12)).toBe('2027-03-05');
    expect(destroyableFrom(isoDate('2024-02-29'), 12)).toBe('2025-02-28');
    const early = checkDestroy(isoDate('2026-03-05'), 12, isoDate('2027-03-04'));
    expect(!early.ok && early.error.message).toBe(
      'The papers and the register must be kept until 5 March 2027 (12 months from the announcement on 5 March 2026); nothing was destroyed.',
    );
    expect(checkDestroy(isoDate('2026-03-05'), 12, isoDate('2027-03-05'))).toEqual({ ok: true, value: true });
    expect(checkDestroy(null, 12, isoDate('2030-01-01')).ok).toBe(false);
  });
});
