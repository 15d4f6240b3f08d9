/**
 * Posted forms read by zod schemas: each field kind below turns a field's text
 * into a typed value or into the message shown beside the field (named as the
 * form's labels name it), and `parseForm` reads a whole form with one schema,
 * keeping what was typed so the page can show the form again with every
 * problem beside its field and nothing stored.
 */
import { z } from 'zod';
import { isIsoDate, type IsoDate } from '../../../domain/time.js';
import type { FormState } from '../../views/context.js';
import type { FormFields } from '../form.js';

const SENT_TWICE = 'This field was sent more than once; send it once.';

/** What a field's reader answers when the text will not do. */
export class Problem {
  constructor(readonly message: string) {}
}

/** The sentence for a field sent twice, on the forms that refuse the whole request over it. */
export const sentTwice = (name: string): string => `The field "${name}" was sent more than once.`;

/** A field sent once, trimmed (absent reads as empty), then read by `read`: a field sent twice is a problem of its own (`twice`). */
export function readField<T>(read: (text: string) => T | Problem, twice = SENT_TWICE) {
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((sent, ctx): T => {
      if (Array.isArray(sent)) {
        ctx.addIssue({ code: 'custom', message: twice });
        return z.NEVER;
      }
      const got = read((sent ?? '').trim());
      if (got instanceof Problem) {
        ctx.addIssue({ code: 'custom', message: got.message });
        return z.NEVER;
      }
      return got;
    });
}

/** Text of at most `max` characters, without control characters; `missing` is the message when it is empty (else it is optional: undefined). */
export function text(max: number, missing?: string) {
  return readField((v): string | undefined | Problem => {
    if (v === '') return missing === undefined ? undefined : new Problem(missing);
    if (v.length > max) return new Problem(`Keep it to ${max} characters or fewer (this is ${v.length}).`);
    if (/[\u0000-\u001f\u007f]/.test(v)) return new Problem('Use ordinary text, without line breaks or control characters.');
    return v;
  });
}

/** Required text: as `text`, never undefined. */
export function requiredText(max: number, missing: string) {
  return text(max, missing).transform((v) => v as string);
}

/** A date written YYYY-MM-DD (what a date input sends), not before `notBefore` when given. */
export function date(notBefore?: IsoDate) {
  return readField((v): IsoDate | Problem => {
    if (v === '') return new Problem('Enter a date, like 2025-03-21.');
    if (!isIsoDate(v)) return new Problem(`“${v}” is not a date; enter one like 2025-03-21.`);
    if (notBefore !== undefined && v < notBefore) return new Problem(`It cannot be before today (${notBefore}).`);
    return v;
  });
}

/** One of `allowed`; `missing` is the message when none (or another value) was sent, unless there is a `fallback` for none. */
export function choice<T extends string>(allowed: readonly T[], missing: string, fallback?: T) {
  return readField((v): T | Problem => {
    if (v === '' && fallback !== undefined) return fallback;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    return new Problem(v === '' ? missing : `“${v}” is not one of the choices. ${missing}`);
  });
}

/** A whole number from `min` to `max`, or null when left empty (the field is optional). */
export function optionalWhole(min: number, max: number) {
  return readField((v): number | null | Problem => {
    if (v === '') return null;
    if (!/^\d{1,9}$/.test(v)) return new Problem(`“${v}” is not a whole number; enter one from ${min} to ${max}, or leave it empty.`);
    if (Number(v) < min || Number(v) > max) return new Problem(`Enter a whole number from ${min} to ${max} (not ${Number(v)}), or leave it empty.`);
    return Number(v);
  });
}

/** A tick box: ticked ("yes") or absent; `required` is the message when it must be ticked. */
export function ticked(required?: string) {
  return readField((v): boolean | Problem => {
    if (v !== '' && v !== 'yes') return new Problem(`A tick box sends “yes” or nothing, not “${v}”.`);
    if (v === '' && required !== undefined) return new Problem(required);
    return v === 'yes';
  });
}

/** A field as sent (untrimmed; undefined when absent) that must not be repeated: `sentTwice(name)` when it is. */
export function once(name: string) {
  return z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((sent, ctx): string | undefined => {
      if (Array.isArray(sent)) {
        ctx.addIssue({ code: 'custom', message: sentTwice(name) });
        return z.NEVER;
      }
      return sent;
    });
}

/** A field whose repeats are read as if it were absent (the page's own forms send it once; anything else gets the default). */
export const unlessRepeated = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((sent) => (typeof sent === 'string' ? sent : undefined));

/** A field that may be repeated (tick boxes): always a list. */
export const repeatable = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((sent) => (sent === undefined ? [] : typeof sent === 'string' ? [sent] : [...sent]));

/** The first problem of a form refused as a whole. */
export function firstProblem(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'The form could not be read.';
}

export type ParsedForm<T> = { readonly ok: true; readonly value: T; readonly form: FormState } | { readonly ok: false; readonly form: FormState };

/** Reads the schema's fields from the posted form: the typed values, or each field's first problem; either way what was typed, to show back. */
export function parseForm<S extends z.ZodObject>(schema: S, posted: FormFields): ParsedForm<z.output<S>> {
  const names = Object.keys(schema.shape);
  const values: Record<string, string> = {};
  for (const name of names) {
    const v = posted[name];
    if (typeof v === 'string') values[name] = v.trim();
    else if (v === undefined) values[name] = '';
  }
  const read = schema.safeParse(Object.fromEntries(names.map((name) => [name, posted[name]])));
  if (read.success) return { ok: true, value: read.data, form: { values, errors: {} } };
  return { ok: false, form: { values, errors: fieldErrors(read.error) } };
}

/** Each field's first problem, by field name, in the schema's order of fields. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const name = String(issue.path[0] ?? '');
    if (!(name in errors)) errors[name] = issue.message;
  }
  return errors;
}
