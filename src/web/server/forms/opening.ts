/** The opening forms' schemas: a trigger ballot, a selection and a national internal election, each dated from `today`. */
import { z } from 'zod';
import { METHODS } from '../../../count/methods/index.js';
import { longDate } from '../../../domain/calendar.js';
import type { IsoDate } from '../../../domain/time.js';
import { contestChoices, electionRulebooks } from '../../presenters/opening.js';
import { ELECTION_FIELDS, LEADERSHIP_FIELDS, RULEBOOK_METHOD, SELECTION_FIELDS, TRIGGER_FIELDS, contestSeatsField } from '../../views/opening.js';
import { encryptionFields, missingEncryptionFields } from './encryption.js';
import { choice, date, optionalWhole, repeatable, requiredText, text, ticked } from './fields.js';

const TITLE_MAX = 120;
/** More seats than any body elects; a bound so that a typo is caught. */
const SEATS_MAX = 999;

export const triggerForm = (today: IsoDate) =>
  z.object({
    [TRIGGER_FIELDS.closes]: date(today),
  });

export const selectionForm = (today: IsoDate) =>
  z
    .object({
      [SELECTION_FIELDS.title]: requiredText(TITLE_MAX, 'Enter the selection’s title.'),
      [SELECTION_FIELDS.allWomen]: ticked(),
      [SELECTION_FIELDS.applicationsClose]: date(today),
      [SELECTION_FIELDS.nominationsClose]: date(today),
      [SELECTION_FIELDS.freezeDate]: date(),
      [SELECTION_FIELDS.ballotOpens]: date(today),
      [SELECTION_FIELDS.ballotCloses]: date(today),
      ...encryptionFields,
    })
    .superRefine(missingEncryptionFields);

export const electionForm = (today: IsoDate) =>
  z
    .object({
      [ELECTION_FIELDS.title]: requiredText(TITLE_MAX, 'Enter the election’s title.'),
      [ELECTION_FIELDS.seats]: optionalWhole(1, SEATS_MAX),
      // No method sent (a form posted by a script) means the rulebook's, as the form's default does.
      [ELECTION_FIELDS.method]: choice([RULEBOOK_METHOD, ...METHODS.map((m) => m.id)], 'Choose a counting method, or the rulebook’s.', RULEBOOK_METHOD),
      [ELECTION_FIELDS.minWomen]: optionalWhole(0, SEATS_MAX),
      [ELECTION_FIELDS.nominationsClose]: date(today),
      [ELECTION_FIELDS.freezeDate]: date(),
      [ELECTION_FIELDS.ballotOpens]: date(today),
      [ELECTION_FIELDS.ballotCloses]: date(today),
      [ELECTION_FIELDS.contests]: repeatable,
      ...Object.fromEntries(contestChoices(electionRulebooks()).map((c) => [contestSeatsField(c.id), optionalWhole(1, SEATS_MAX)])),
      ...encryptionFields,
    })
    .superRefine(missingEncryptionFields);

/** A national election's dates in the order the domain requires, each problem beside the later field (the form kept). */
function electionDatesInOrder(v: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const f = ELECTION_FIELDS;
  const at = (name: string) => v[name] as IsoDate;
  const rules: readonly [string, string, string][] = [
    [f.ballotOpens, f.nominationsClose, 'The ballot cannot open before nominations close'],
    [f.ballotOpens, f.freezeDate, 'The ballot cannot open before the freeze date'],
    [f.ballotCloses, f.ballotOpens, 'The ballot cannot close before it opens'],
  ];
  for (const [later, earlier, words] of rules) {
    if (at(later) < at(earlier)) ctx.addIssue({ code: 'custom', path: [later], message: `${words} (${longDate(at(earlier))}).` });
  }
}

const NAME_MAX = 120;

export const leadershipForm = (today: IsoDate) =>
  z
    .object({
      [LEADERSHIP_FIELDS.title]: requiredText(TITLE_MAX, 'Enter the election’s title.'),
      [LEADERSHIP_FIELDS.kind]: choice(['vacancy', 'challenge'] as const, 'Choose a vacancy or a challenge.', 'vacancy'),
      [LEADERSHIP_FIELDS.leaderName]: text(NAME_MAX),
      [LEADERSHIP_FIELDS.leader]: text(NAME_MAX),
      [LEADERSHIP_FIELDS.deputy]: ticked(),
      [LEADERSHIP_FIELDS.deputyKind]: choice(['vacancy', 'challenge'] as const, 'Choose a vacancy or a challenge for deputy leader.', 'vacancy'),
      [LEADERSHIP_FIELDS.deputyName]: text(NAME_MAX),
      [LEADERSHIP_FIELDS.deputyMember]: text(NAME_MAX),
      [LEADERSHIP_FIELDS.nominationsClose]: date(today),
      [LEADERSHIP_FIELDS.freezeDate]: date(),
      [LEADERSHIP_FIELDS.ballotOpens]: date(today),
      [LEADERSHIP_FIELDS.ballotCloses]: date(today),
      ...encryptionFields,
    })
    .superRefine((v, ctx) => {
      electionDatesInOrder(v, ctx);
      missingEncryptionFields(v, ctx);
      if (v[LEADERSHIP_FIELDS.kind] === 'challenge' && !v[LEADERSHIP_FIELDS.leaderName] && !v[LEADERSHIP_FIELDS.leader])
        ctx.addIssue({ code: 'custom', path: [LEADERSHIP_FIELDS.leaderName], message: 'A challenge needs the sitting leader: enter their name.' });
      if (
        v[LEADERSHIP_FIELDS.deputy] &&
        v[LEADERSHIP_FIELDS.deputyKind] === 'challenge' &&
        !v[LEADERSHIP_FIELDS.deputyName] &&
        !v[LEADERSHIP_FIELDS.deputyMember]
      )
        ctx.addIssue({
          code: 'custom',
          path: [LEADERSHIP_FIELDS.deputyName],
          message: 'A challenge to the deputy leader needs the sitting deputy: enter their name.',
        });
    });
