/** The forms of an officer's steps that carry more than the step's name: a nomination, the lists chosen, and the ballot's opening times. */
import { z } from 'zod';
import { DECISION_FIELDS, NOMINATE_FIELDS } from '../../presenters/process.js';
import { ARRIVAL_MEANS, type ArrivalMeans } from '../../../domain/processes/index.js';
import { isIsoDate, type IsoDate } from '../../../domain/time.js';
import { checkTimeOfDay } from '../../../domain/local-time.js';
import { CANDIDATES_FIELD, CLOSES_AT_FIELD, OPENS_AT_FIELD } from '../../views/process.js';
import { choice, date, Problem, readField, requiredText, text } from './fields.js';

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

const DECISION_NOTE_MAX = 300;
const figure = readField((v): number | undefined | Problem =>
  v === '' ? undefined : /^\d{1,7}$/.test(v) ? Number(v) : new Problem('Enter a whole number, 0 or more.'),
);
const F = DECISION_FIELDS;

/**
 * A unit's decision as it arrived: which unit, whether it met (and then its figures and the meeting's date), how
 * it came and when. The figures are asked for only when it met; each missing one is a problem beside its field.
 */
export const unitDecisionForm = z
  .object({
    [F.unit]: requiredText(100, 'Choose the unit whose decision this is.'),
    [F.met]: choice(['met', 'did-not-meet'] as const, 'Say whether the unit met and voted, or did not meet.'),
    [F.via]: choice<ArrivalMeans>(ARRIVAL_MEANS, 'Say whether the decision arrived by letter or by email.'),
    [F.received]: date(),
    [F.for]: figure,
    [F.against]: figure,
    [F.abstentions]: figure,
    [F.attendance]: figure,
    [F.date]: readField((v): IsoDate | undefined | Problem =>
      v === '' ? undefined : isIsoDate(v) ? v : new Problem('Enter the date of the meeting, like 2025-03-21.'),
    ),
    [F.note]: text(DECISION_NOTE_MAX),
  })
  .superRefine((v, ctx) => {
    if (v[F.met] !== 'met') return;
    const missing: [string, string][] = [
      [F.for, 'Enter the votes for holding a selection.'],
      [F.against, 'Enter the votes against.'],
      [F.abstentions, 'Enter the abstentions (0 if none).'],
      [F.attendance, 'Enter the number of members present.'],
      [F.date, 'Enter the date of the meeting, like 2025-03-21.'],
    ];
    for (const [name, message] of missing) if (v[name as keyof typeof v] === undefined) ctx.addIssue({ code: 'custom', path: [name], message });
  });
