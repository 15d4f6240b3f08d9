/** Appointing or removing an officer: the unit, the office and the member, each given once. */
import { z } from 'zod';
import { OFFICE_FIELDS } from '../../views/admin.js';
import { Problem, readField, sentTwice } from './fields.js';

const needed = (name: string) => readField((v): string | Problem => (v === '' ? new Problem(`The form needs a ${name}.`) : v), sentTwice(name));

export const officeForm = z.object({
  [OFFICE_FIELDS.unit]: needed(OFFICE_FIELDS.unit),
  [OFFICE_FIELDS.role]: needed(OFFICE_FIELDS.role),
  [OFFICE_FIELDS.member]: needed(OFFICE_FIELDS.member),
});
