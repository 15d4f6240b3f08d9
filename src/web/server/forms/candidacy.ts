/** A member's application to stand for selection: how they describe their gender (optional), their statement (optional), and their consent. */
import { z } from 'zod';
import type { Words } from '../../../app/language/index.js';
import { APPLY_FIELDS } from '../../views/candidacy.js';
import { Problem, readField } from './fields.js';
import { STATEMENT_MAX_CHARS } from './nominations.js';

const GENDER_MAX = 40;

/** Text of at most `max` characters (on one line when `oneLine`), or undefined when empty; its problems in `w`'s words. */
const optionalText = (w: Words, max: number, oneLine: boolean) =>
  readField((v): string | undefined | Problem => {
    if (v === '') return undefined;
    if (v.length > max) return new Problem(w.t('apply.tooLong', { max, length: v.length }));
    if (oneLine && /[\u0000-\u001f\u007f]/.test(v)) return new Problem(w.t('apply.plainText'));
    return v;
  }, w.t('apply.sentTwice'));

/** The application form, its problems said in the member's language. */
export const applicationFormIn = (w: Words) =>
  z.object({
    [APPLY_FIELDS.gender]: optionalText(w, GENDER_MAX, true),
    [APPLY_FIELDS.statement]: optionalText(w, STATEMENT_MAX_CHARS, false),
    [APPLY_FIELDS.consent]: readField((v): boolean | Problem => {
      if (v !== '' && v !== 'yes') return new Problem(w.t('apply.tickBox', { value: v }));
      if (v === '') return new Problem(w.t('apply.consentMissing'));
      return true;
    }, w.t('apply.sentTwice')),
  });
