/**
 * Whether a selection or internal election may, must or must not have encrypted ballots, and the
 * checks of an officer's choice of them (k of n trustees, the credential authority): the one set of
 * checks for a process being opened with encrypted ballots and for one choosing them later
 * (setUpEncryptedBallot). A rulebook that requires encryption is enforced when the ballot opens:
 * until then an officer may still choose it, as `hustings … encrypt` and the process's page allow;
 * an opening that asks for plain ballots outright is refused at once.
 */
import { randomBytes } from 'node:crypto';
import { type AuditRecord, auditRecord } from '../audit/index.js';
import type { MemberId, ProcessId } from '../domain/ids.js';
import { ballotEncryptionOf, type Rulebook } from '../domain/rulebook.js';
import type { Clock } from '../domain/time.js';
import type { EncryptedElectionSetup, Store } from '../store/store.js';
import { refusal, type AppError } from './app-error.js';

/** More trustees than a party's ceremony needs; the protocol allows up to 1000. */
export const MOST_TRUSTEES = 25;

export interface EncryptionChoice {
  /** k: how many trustees suffice to decrypt. */
  readonly threshold: number;
  /** The trustees' members, trustee 1 first. */
  readonly trustees: readonly MemberId[];
  readonly authority: MemberId;
}

/**
 * The ballots an opening asks for: plain ones said outright (an opening form's choice), or encrypted
 * ones with their set-up. An opening that says neither leaves the choice for later (the command line's).
 */
export type BallotsChoice = 'plain' | EncryptionChoice;

type Refused = { readonly ok: false; readonly error: AppError };

const isWhole = (x: unknown): x is number => Number.isSafeInteger(x);

/** The refusal of `choice` under `rb`, or null when it may be set up (whether anyone has voted is the caller's to check). */
export async function encryptionChoiceRefusal(store: Pick<Store, 'membersById'>, rb: Rulebook, choice: EncryptionChoice): Promise<Refused | null> {
  if (ballotEncryptionOf(rb) === 'never') return refusal('conflict', 'encryption-not-allowed', `${rb.name} takes plain ballots only.`);
  const { threshold, trustees, authority } = choice;
  const n = trustees.length;
  if (!isWhole(threshold) || threshold < 1 || threshold > n || n > MOST_TRUSTEES)
    return refusal(
      'invalid',
      'bad-threshold',
      `The number of trustees who can decrypt together must be a whole number from 1 to the number of trustees (${n}), and there may be at most ${MOST_TRUSTEES} trustees.`,
    );
  if (new Set(trustees).size !== n)
    return refusal('invalid', 'trustee-twice', 'A member is named as a trustee twice; each trustee must be a different member.');
  if (trustees.includes(authority))
    return refusal(
      'invalid',
      'authority-is-trustee',
      'The credential authority must not also be a trustee: one person holding both could cast ballots and read them.',
    );
  const members = new Set((await store.membersById([...trustees, authority])).map((m) => m.id));
  const unknown = [...trustees, authority].find((m) => !members.has(m));
  if (unknown !== undefined)
    return refusal('not-found', unknown === authority ? 'unknown-authority' : 'unknown-trustee', `There is no member with the membership number "${unknown}".`);
  return null;
}

/**
 * The refusal of an opening's `ballots` under `rb`, or null: plain ones are refused by a rulebook that
 * requires encrypted ones (an opening form posted before that rulebook was named in force, say), and
 * encrypted ones are checked as any choice of them is.
 */
export async function openingBallotsRefusal(store: Pick<Store, 'membersById'>, rb: Rulebook, ballots: BallotsChoice): Promise<Refused | null> {
  if (ballots !== 'plain') return encryptionChoiceRefusal(store, rb, ballots);
  if (ballotEncryptionOf(rb) !== 'required') return null;
  return refusal(
    'conflict',
    'plain-not-allowed',
    `${rb.name} requires encrypted ballots, so this ballot cannot have plain ones. Choose encrypted ballots, naming the trustees and the credential authority.`,
  );
}

/** A set-up for process `id` (a fresh election id for its ceremony) and its audit entry, by `how.actor`. */
export function newEncryptionSetup(
  id: ProcessId,
  choice: EncryptionChoice,
  how: { readonly clock: Clock; readonly actor: string },
): { readonly setup: EncryptedElectionSetup; readonly audit: AuditRecord } {
  const { threshold, trustees, authority } = choice;
  const setup: EncryptedElectionSetup = { electionId: `${id}-${randomBytes(8).toString('hex')}`, threshold, trustees, authority };
  const audit = auditRecord(
    how.actor,
    'encryption.set-up',
    { process: id, election: setup.electionId, threshold, trustees: [...trustees], authority },
    how.clock.now().toISOString(),
  );
  return { setup, audit };
}

/**
 * The refusal of opening the ballot of a process whose rulebook requires encrypted ballots while it
 * has none set up; null when it may open. The ballot's opening is the last moment the choice can be
 * made (no one has voted before it), so that is where the rule is held, for every caller of the step.
 */
export async function encryptionRequiredRefusal(store: Pick<Store, 'encryptedElectionOf'>, id: ProcessId, rb: Rulebook): Promise<Refused | null> {
  if (ballotEncryptionOf(rb) !== 'required' || (await store.encryptedElectionOf(id)) !== null) return null;
  return refusal(
    'conflict',
    'encryption-required',
    `${rb.name} requires encrypted ballots, and none are set up, so the ballot cannot open. Choose encrypted ballots first (on the process's page, or with "hustings selection encrypt" or "hustings election encrypt"), naming the trustees and the credential authority.`,
  );
}
