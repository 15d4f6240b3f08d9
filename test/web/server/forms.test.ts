import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  choice,
  date,
  firstProblem,
  once,
  optionalWhole,
  parseForm,
  repeatable,
  requiredText,
  text,
  ticked,
  unlessRepeated,
} from '../../../src/web/server/forms/fields.js';
import { isoDate } from '../../../src/domain/time.js';

describe('form schemas (web/server/forms)', () => {
  const schema = z.object({
    title: requiredText(10, 'Enter a title.'),
    note: text(10),
    on: date(isoDate('2025-03-01')),
    kind: choice(['a', 'b'], 'Choose a kind.', 'a'),
    seats: optionalWhole(1, 9),
    agree: ticked('Tick to agree.'),
  });

  it('reads typed values, trimmed, with what was typed kept to show back', () => {
    const r = parseForm(schema, { title: '  Hello ', on: '2025-03-02', seats: '3', agree: 'yes' });
    expect(r).toEqual({
      ok: true,
      value: { title: 'Hello', note: undefined, on: '2025-03-02', kind: 'a', seats: 3, agree: true },
      form: { values: { title: 'Hello', note: '', on: '2025-03-02', kind: '', seats: '3', agree: 'yes' }, errors: {} },
    });
  });

  it('puts each field’s first problem beside it, in the schema’s order, and keeps what was typed', () => {
    const r = parseForm(schema, { title: 'far too long a title', note: 'a\u0007b', on: '2025-02-28', kind: 'c', seats: '10', agree: 'no' });
    expect(r.ok).toBe(false);
    expect(Object.entries(r.form.errors)).toEqual([
      ['title', 'Keep it to 10 characters or fewer (this is 20).'],
      ['note', 'Use ordinary text, without line breaks or control characters.'],
      ['on', 'It cannot be before today (2025-03-01).'],
      ['kind', '“c” is not one of the choices. Choose a kind.'],
      ['seats', 'Enter a whole number from 1 to 9 (not 10), or leave it empty.'],
      ['agree', 'A tick box sends “yes” or nothing, not “no”.'],
    ]);
    expect(r.form.values.title).toBe('far too long a title');
  });

  it('refuses an empty required field, a missing date and an unticked box, and a field sent twice as a problem of its own', () => {
    const r = parseForm(schema, { title: ['a', 'b'], on: '' });
    expect(r.form.errors).toEqual({
      title: 'This field was sent more than once; send it once.',
      on: 'Enter a date, like 2025-03-21.',
      agree: 'Tick to agree.',
    });
    expect('title' in r.form.values).toBe(false);
  });

  it('has fields for forms that refuse the whole request over a repeat, ignore a repeat, or take a list', () => {
    const whole = z.object({ email: once('email'), next: unlessRepeated, ticks: repeatable });
    const twice = whole.safeParse({ email: ['a', 'b'] });
    expect(twice.success).toBe(false);
    if (!twice.success) expect(firstProblem(twice.error)).toBe('The field "email" was sent more than once.');
    expect(whole.parse({ email: ' a ', next: ['/x', '/y'], ticks: 'c1' })).toEqual({ email: ' a ', next: undefined, ticks: ['c1'] });
    expect(whole.parse({})).toEqual({ email: undefined, next: undefined, ticks: [] });
  });
});
