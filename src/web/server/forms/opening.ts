/** The opening forms' schemas: a trigger ballot, a selection and a national internal election, each dated from `today`. */
import { z } from 'zod';
import { METHODS } from '../../../count/methods/index.js';
import type { IsoDate } from '../../../domain/time.js';
import { ELECTION_FIELDS, RULEBOOK_METHOD, SELECTION_FIELDS, TRIGGER_FIELDS } from '../../views/opening.js';
import { choice, date, optionalWhole, requiredText, ticked } from './fields.js';

const TITLE_MAX = 120;
/** More seats than any body elects; a bound so that a typo is caught. */
const SEATS_MAX = 999;

export const triggerForm = (today: IsoDate) =>
  z.object({
    [TRIGGER_FIELDS.closes]: date(today),
  });

export const selectionForm = (today: IsoDate) =>
  z.object({
    [SELECTION_FIELDS.title]: requiredText(TITLE_MAX, 'Enter the selection’s title.'),
    [SELECTION_FIELDS.allWomen]: ticked(),
    [SELECTION_FIELDS.applicationsClose]: date(today),
    [SELECTION_FIELDS.nominationsClose]: date(today),
    [SELECTION_FIELDS.freezeDate]: date(),
    [SELECTION_FIELDS.ballotOpens]: date(today),
    [SELECTION_FIELDS.ballotCloses]: date(today),
  });

export const electionForm = (today: IsoDate) =>
  z.object({
    [ELECTION_FIELDS.title]: requiredText(TITLE_MAX, 'Enter the election’s title.'),
    [ELECTION_FIELDS.seats]: optionalWhole(1, SEATS_MAX),
    // No method sent (a form posted by a script) means the rulebook's, as the form's default does.
    [ELECTION_FIELDS.method]: choice([RULEBOOK_METHOD, ...METHODS.map((m) => m.id)], 'Choose a counting method, or the rulebook’s.', RULEBOOK_METHOD),
    [ELECTION_FIELDS.minWomen]: optionalWhole(0, SEATS_MAX),
    [ELECTION_FIELDS.nominationsClose]: date(today),
    [ELECTION_FIELDS.freezeDate]: date(),
    [ELECTION_FIELDS.ballotOpens]: date(today),
    [ELECTION_FIELDS.ballotCloses]: date(today),
  });
