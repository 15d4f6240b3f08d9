/** A member's application to stand for selection: how they describe their gender (optional), and their consent. */
import { z } from 'zod';
import { APPLY_FIELDS } from '../../views/candidacy.js';
import { text, ticked } from './fields.js';
import { statementText } from './nominations.js';

const GENDER_MAX = 40;

export const applicationForm = z.object({
  [APPLY_FIELDS.gender]: text(GENDER_MAX),
  [APPLY_FIELDS.statement]: statementText(false),
  [APPLY_FIELDS.consent]: ticked('Tick the box to confirm that you wish to stand and that your name may be shown.'),
});
