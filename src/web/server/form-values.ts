/**
 * Reading the fields of a posted form into typed values, collecting a message
 * for each field that is missing or wrong (named as the form's labels name it),
 * so a form can be shown again with every problem beside its field and
 * nothing stored. What was typed is kept, to be shown back.
 */
import { isIsoDate, type IsoDate } from '../../domain/time.js';
import { single, type FormFields } from './form.js';

export class FormReading {
  readonly values: Record<string, string> = {};
  readonly errors: Record<string, string> = {};

  constructor(readonly form: FormFields) {}

  get ok(): boolean {
    return Object.keys(this.errors).length === 0;
  }

  /** The field's text, trimmed; undefined (with an error) when sent twice. */
  private raw(name: string): string | undefined {
    const f = single(this.form, name);
    if (f.error) {
      this.errors[name] = 'This field was sent more than once; send it once.';
      return undefined;
    }
    const v = (f.value ?? '').trim();
    this.values[name] = v;
    return v;
  }

  /** Text of at most `max` characters, without control characters; `missing` is the message when it is empty (optional when absent). */
  text(name: string, max: number, missing?: string): string | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (v === '') {
      if (missing !== undefined) this.errors[name] = missing;
      return undefined;
    }
    if (v.length > max) this.errors[name] = `Keep it to ${max} characters or fewer (this is ${v.length}).`;
    else if (/[\u0000-\u001f\u007f]/.test(v)) this.errors[name] = 'Use ordinary text, without line breaks or control characters.';
    else return v;
    return undefined;
  }

  /** A date written YYYY-MM-DD (what a date input sends), not before `notBefore` when given. */
  date(name: string, notBefore?: IsoDate): IsoDate | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (v === '') this.errors[name] = 'Enter a date, like 2025-03-21.';
    else if (!isIsoDate(v)) this.errors[name] = `“${v}” is not a date; enter one like 2025-03-21.`;
    else if (notBefore !== undefined && v < notBefore) this.errors[name] = `It cannot be before today (${notBefore}).`;
    else return v;
    return undefined;
  }

  /** One of `allowed`; `missing` is the message when none (or another value) was sent, unless there is a `fallback` for none. */
  choice<T extends string>(name: string, allowed: readonly T[], missing: string, fallback?: T): T | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (v === '' && fallback !== undefined) return fallback;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    this.errors[name] = v === '' ? missing : `“${v}” is not one of the choices. ${missing}`;
    return undefined;
  }

  /** A whole number from `min` to `max`, or null when left empty (the field is optional). */
  optionalWhole(name: string, min: number, max: number): number | null | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (v === '') return null;
    if (!/^\d{1,9}$/.test(v)) this.errors[name] = `“${v}” is not a whole number; enter one from ${min} to ${max}, or leave it empty.`;
    else if (Number(v) < min || Number(v) > max) this.errors[name] = `Enter a whole number from ${min} to ${max} (not ${Number(v)}), or leave it empty.`;
    else return Number(v);
    return undefined;
  }

  /** A checkbox: ticked ("yes") or absent; `required` is the message when it must be ticked. */
  ticked(name: string, required?: string): boolean {
    const v = this.raw(name);
    if (v === undefined) return false;
    if (v !== '' && v !== 'yes') {
      this.errors[name] = `A tick box sends “yes” or nothing, not “${v}”.`;
      return false;
    }
    if (v === '' && required !== undefined) this.errors[name] = required;
    return v === 'yes';
  }
}
