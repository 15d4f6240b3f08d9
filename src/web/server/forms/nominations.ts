/** The forms of nominations by bodies and of candidates' statements. */
import { z } from 'zod';
import { STATEMENT_DECISION_FIELDS, BODY_NOMINATION_FIELDS, STATEMENT_FIELDS } from '../../views/nominations.js';
import { choice, date, Problem, readField, requiredText, text } from './fields.js';

export const STATEMENT_MAX_CHARS = 20_000;
const REASON_MAX = 500;

export const bodyNominationForm = z.object({
  [BODY_NOMINATION_FIELDS.body]: requiredText(100, 'Choose the body that nominates.'),
  [BODY_NOMINATION_FIELDS.member]: requiredText(100, 'Choose the member the body nominates.'),
  [BODY_NOMINATION_FIELDS.meetingDate]: date(),
});

/** A statement: line breaks allowed (it is prose), its length in words checked by the rules; optional where `required` is false. */
export function statementText(required: boolean) {
  return readField((v): string | undefined | Problem => {
    if (v === '') return required ? new Problem('Write your statement before saving it.') : undefined;
    if (v.length > STATEMENT_MAX_CHARS) return new Problem(`Keep it to ${STATEMENT_MAX_CHARS.toLocaleString('en-GB')} characters or fewer.`);
    return v;
  });
}

export const statementForm = z.object({ [STATEMENT_FIELDS.text]: statementText(true).transform((v) => v as string) });

export const statementDecisionForm = z.object({
  [STATEMENT_DECISION_FIELDS.candidate]: requiredText(100, 'Choose the statement.'),
  [STATEMENT_DECISION_FIELDS.decision]: choice(['approve', 'return'] as const, 'Choose to approve the statement or return it.'),
  [STATEMENT_DECISION_FIELDS.reason]: text(REASON_MAX),
});
