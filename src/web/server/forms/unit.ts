/**
 * A unit secretary's forms: the figures of a trigger-ballot meeting (with a
 * reason when they correct figures already recorded), and a selection's
 * nominations. A field sent twice refuses the whole form; any other problem is
 * shown beside its field.
 */
import { z } from 'zod';
import { isIsoDate, type IsoDate } from '../../../domain/time.js';
import { MEETING_FIELDS, NOMINATION_DATE_FIELD, NOMINEE_FIELD } from '../../views/secretary.js';
import { Problem, once, readField, repeatable } from './fields.js';

/** A reason is a sentence or two; more is kept out of the record and the page. */
const REASON_MAX = 500;

const count = readField((v): number | Problem => (/^\d{1,7}$/.test(v) ? Number(v) : new Problem('Enter a whole number, 0 or more.')));
const meetingDate = readField((v): IsoDate | Problem => (isIsoDate(v) ? v : new Problem('Enter the date of the meeting, like 2024-03-21.')));

export const meetingSentOnce = z.object({
  [MEETING_FIELDS.for]: once(MEETING_FIELDS.for),
  [MEETING_FIELDS.against]: once(MEETING_FIELDS.against),
  [MEETING_FIELDS.abstentions]: once(MEETING_FIELDS.abstentions),
  [MEETING_FIELDS.attendance]: once(MEETING_FIELDS.attendance),
  [MEETING_FIELDS.date]: once(MEETING_FIELDS.date),
});

export const meetingFiguresForm = z.object({
  [MEETING_FIELDS.for]: count,
  [MEETING_FIELDS.against]: count,
  [MEETING_FIELDS.abstentions]: count,
  [MEETING_FIELDS.attendance]: count,
  [MEETING_FIELDS.date]: meetingDate,
});

/** A correction changes a result others have seen, so, as on the command line, it needs a reason in words. */
export const correctionSentOnce = z.object({ [MEETING_FIELDS.reason]: once(MEETING_FIELDS.reason) });

export const correctionForm = z.object({
  [MEETING_FIELDS.reason]: readField((v): string | Problem => {
    if (v === '') return new Problem('Say why the recorded meeting is being corrected, for example: the votes were entered the wrong way round.');
    if (v.length > REASON_MAX) return new Problem(`Keep the reason to ${REASON_MAX} characters or fewer (this one has ${v.length}).`);
    return v;
  }),
});

export const nominationsSentOnce = z.object({ [NOMINATION_DATE_FIELD]: once(NOMINATION_DATE_FIELD) });

/** The candidates the meeting nominated, and its date: not after `today`. */
export const nominatedForm = (today: IsoDate) =>
  z.object({
    [NOMINATION_DATE_FIELD]: readField((v): IsoDate | Problem => {
      if (!isIsoDate(v)) return new Problem('Enter the date of the meeting, like 2024-03-21.');
      if (v > today) return new Problem(`The meeting cannot be after today (${today}).`);
      return v;
    }),
    [NOMINEE_FIELD]: repeatable.pipe(z.array(z.string()).min(1, 'Choose at least one candidate the meeting nominated.')),
  });
