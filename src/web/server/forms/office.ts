/** Appointing or removing an officer: the member and the unit chosen from a search by name, and the office; the searches typed, kept to show again. */
import { z } from 'zod';
import { OFFICE_ROLES } from '../../../domain/organisation.js';
import { OFFICE_FIELDS } from '../../views/admin.js';
import { choice, Problem, readField, text } from './fields.js';

const chosen = (what: string) => readField((v): string | Problem => (v === '' ? new Problem(`Choose the ${what} from those found by name.`) : v));

export const officeForm = z.object({
  [OFFICE_FIELDS.member]: chosen('member'),
  [OFFICE_FIELDS.unit]: chosen('unit'),
  [OFFICE_FIELDS.role]: choice(OFFICE_ROLES, 'Choose one of the offices listed.'),
  [OFFICE_FIELDS.memberText]: text(200),
  [OFFICE_FIELDS.unitText]: text(200),
});
