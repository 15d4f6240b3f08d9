/**
 * The fields choosing encrypted ballots (an opening form's, and the process page's): read here, then
 * checked by the one use case (src/app/encryption-choice.ts) whose refusals are placed beside the
 * field they are about.
 */
import { z } from 'zod';
import type { BallotsChoice, EncryptionChoice } from '../../../app/encryption-choice.js';
import { memberId } from '../../../domain/ids.js';
import { ENCRYPTION_FIELDS } from '../../views/ballot-encryption.js';
import { choice, optionalWhole, text } from './fields.js';

/** More trustees than any ballot has; a bound so that a typo is caught before the use case's own bound. */
const THRESHOLD_MAX = 999;
const MEMBERS_MAX = 2000;
const MEMBER_MAX = 100;

export const encryptionFields = {
  [ENCRYPTION_FIELDS.ballots]: choice(['plain', 'encrypted'] as const, 'Choose plain or encrypted ballots.', 'plain'),
  [ENCRYPTION_FIELDS.trustees]: text(MEMBERS_MAX),
  [ENCRYPTION_FIELDS.threshold]: optionalWhole(1, THRESHOLD_MAX),
  [ENCRYPTION_FIELDS.authority]: text(MEMBER_MAX),
};

/** The process page's form: encrypted ballots, so every field is needed. */
export const encryptionForm = z
  .object({ ...encryptionFields, [ENCRYPTION_FIELDS.ballots]: choice(['encrypted'] as const, 'Choose encrypted ballots.', 'encrypted') })
  .superRefine(missingEncryptionFields);

type Read = { readonly [K in keyof typeof encryptionFields]: z.output<(typeof encryptionFields)[K]> };

/** The trustees' membership numbers as typed: separated by commas, spaces or new lines. */
const membersIn = (typed: string | undefined): string[] => (typed ?? '').split(/[\s,;]+/).filter((t) => t !== '');

/** Encrypted ballots chosen without saying who takes part: each missing field's problem beside it. */
export function missingEncryptionFields(v: Read, ctx: z.RefinementCtx): void {
  const f = ENCRYPTION_FIELDS;
  if (v[f.ballots] !== 'encrypted') return;
  if (membersIn(v[f.trustees]).length === 0)
    ctx.addIssue({ code: 'custom', path: [f.trustees], message: 'Enter the trustees’ membership numbers, separated by commas.' });
  if (v[f.threshold] === null)
    ctx.addIssue({ code: 'custom', path: [f.threshold], message: 'Enter how many of the trustees are needed to decrypt, for example 3.' });
  if (!v[f.authority]) ctx.addIssue({ code: 'custom', path: [f.authority], message: 'Enter the credential authority’s membership number.' });
}

/** The choice the fields make: plain ballots, or encrypted ones with who takes part. */
export const ballotsChoiceOf = (v: Read): BallotsChoice => (v[ENCRYPTION_FIELDS.ballots] === 'encrypted' ? encryptionChoiceOf(v) : 'plain');

/** Who takes part in encrypted ballots, as the fields name them (the process page's form, which takes encrypted ballots only). */
export function encryptionChoiceOf(v: Read): EncryptionChoice {
  const f = ENCRYPTION_FIELDS;
  return { trustees: membersIn(v[f.trustees]).map(memberId), threshold: v[f.threshold] ?? 0, authority: memberId(v[f.authority] ?? '') };
}

/** The field a refusal of the choice is about ('' for the choice as a whole). */
const REFUSAL_FIELDS: Readonly<Record<string, string>> = {
  'bad-threshold': ENCRYPTION_FIELDS.threshold,
  'trustee-twice': ENCRYPTION_FIELDS.trustees,
  'unknown-trustee': ENCRYPTION_FIELDS.trustees,
  'authority-is-trustee': ENCRYPTION_FIELDS.authority,
  'unknown-authority': ENCRYPTION_FIELDS.authority,
  'encryption-not-allowed': ENCRYPTION_FIELDS.ballots,
  'plain-not-allowed': ENCRYPTION_FIELDS.ballots,
};

/** Where the refusal with `reason` belongs in the form; null when it is not about the encryption choice. */
export const encryptionRefusalField = (reason: string): string | null => REFUSAL_FIELDS[reason] ?? null;
