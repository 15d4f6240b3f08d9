/** The forms of an officer's steps that carry more than the step's name: a nomination, the lists chosen, and the ballot's opening times. */
import { z } from 'zod';
import { NOMINATE_FIELDS } from '../../presenters/process.js';
import { checkTimeOfDay } from '../../../domain/local-time.js';
import { CANDIDATES_FIELD, CLOSES_AT_FIELD, OPENS_AT_FIELD } from '../../views/process.js';
import { requiredText, text } from './fields.js';

const NAME_MAX = 120;
const GENDER_MAX = 40;

export const nominationForm = z.object({
  [NOMINATE_FIELDS.name]: requiredText(NAME_MAX, 'Enter the candidate’s name.'),
  [NOMINATE_FIELDS.gender]: text(GENDER_MAX),
});

/** The candidates ticked for a longlist or a shortlist: at least one. */
export const chosenCandidatesForm = z.object({
  [CANDIDATES_FIELD]: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : typeof v === 'string' ? [v] : v))
    .pipe(z.array(z.string()).min(1, 'Choose at least one candidate.')),
});

/** The opening and closing times as sent: each at most once (the form has one of each). */
export const openingTimesSentOnce = z.object({ [OPENS_AT_FIELD]: z.string().optional(), [CLOSES_AT_FIELD]: z.string().optional() });

/** A time of day such as 09:00, or empty for the day's own start or end. */
function timeOfDay(what: string) {
  return z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim())
    .superRefine((v, ctx) => {
      const checked = v === '' ? null : checkTimeOfDay(v, what);
      if (checked && !checked.ok) ctx.addIssue({ code: 'custom', message: checked.error.message });
    });
}

export const openingTimesForm = z.object({ [OPENS_AT_FIELD]: timeOfDay('The opening time'), [CLOSES_AT_FIELD]: timeOfDay('The closing time') });
