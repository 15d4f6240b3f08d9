/**
 * A trustee's private file (docs/verifiable-ballots.md §13.2): what one round of the key generation
 * leaves for the next, and at the end the decryption key the trustee keeps until the count. Written
 * with mode 0600, never overwritten, never sent anywhere.
 */
import type { EncryptedElectionParameters } from '../../verifiable/board.js';
import { pointFromHex, scalarFromHex } from '../../verifiable/group.js';
import { type AppResult, refusal } from '../app-error.js';
import { readJsonFile } from './files.js';

export const TRUSTEE_SECRET_FORMAT = 'hustings-trustee-secret';

/** `key`: after round one; `dealt`: after round two; `share`: the decryption key, after round three. */
export type TrusteeStage = 'key' | 'dealt' | 'share';

export interface TrusteeSecret {
  readonly format: typeof TRUSTEE_SECRET_FORMAT;
  readonly version: 1;
  readonly stage: TrusteeStage;
  readonly election: EncryptedElectionParameters;
  readonly trustee: number;
  /** P_i, the trustee's public key for the shares (hex). */
  readonly key: string;
  /** z_i (hex): stages key and dealt. */
  readonly secret?: string;
  /** f_i(i) and the commitments C_{i,0…k−1} this trustee published (hex): stage dealt. */
  readonly ownShare?: string;
  readonly commitments?: readonly string[];
  /** x_i, Y_i = x_i·G and the election key Y (hex): stage share. */
  readonly decryptionKey?: string;
  readonly verificationKey?: string;
  readonly electionKey?: string;
}

const NEEDS: Readonly<Record<TrusteeStage, readonly (keyof TrusteeSecret)[]>> = {
  key: ['secret'],
  dealt: ['secret', 'ownShare', 'commitments'],
  share: ['decryptionKey', 'verificationKey', 'electionKey'],
};

const WRITTEN_BY: Readonly<Record<TrusteeStage, string>> = {
  key: 'hustings trustee keygen start',
  dealt: 'hustings trustee keygen deal',
  share: 'hustings trustee keygen finish',
};

/** The trustee's file of the stage wanted, checked for form, or a refusal saying which file is needed. */
export function readTrusteeSecret(file: string, stage: TrusteeStage): AppResult<TrusteeSecret> {
  const read = readJsonFile(file, 'a trustee’s private file');
  if (!read.ok) return read;
  const s = read.value as Partial<TrusteeSecret> | null;
  const wrong = (why: string) => refusal('malformed', 'bad-trustee-file', `${file}: ${why}`);
  if (typeof s !== 'object' || s === null || s.format !== TRUSTEE_SECRET_FORMAT || s.version !== 1)
    return wrong(`not a trustee’s private file (format "${TRUSTEE_SECRET_FORMAT}", version 1)`);
  if (s.stage !== stage)
    return wrong(
      `this is the file "${WRITTEN_BY[s.stage as TrusteeStage] ?? 'an unknown command'}" wrote; this step needs the one "${WRITTEN_BY[stage]}" writes`,
    );
  const e = s.election;
  if (typeof e?.id !== 'string' || !Number.isInteger(s.trustee) || pointFromHex(s.key ?? '') === null)
    return wrong('its election, trustee number or key is missing or malformed');
  for (const field of NEEDS[stage]) {
    const v = s[field];
    const good = Array.isArray(v) ? v.every((p) => pointFromHex(p) !== null) : typeof v === 'string' && (scalarFromHex(v) !== null || pointFromHex(v) !== null);
    if (!good) return wrong(`its "${field}" is missing or malformed`);
  }
  return { ok: true, value: s as TrusteeSecret };
}

/** Refuses a board of another election than the trustee's file. */
export function sameElection(secret: TrusteeSecret, election: EncryptedElectionParameters, file: string): AppResult<void> {
  const a = secret.election;
  if (a.id !== election.id || a.threshold !== election.threshold || a.trustees !== election.trustees || a.candidates !== election.candidates)
    return refusal(
      'conflict',
      'other-election',
      `${file} is for election "${a.id}" (${a.threshold} of ${a.trustees} trustees, ${a.candidates} candidates), but the board is for "${election.id}" (${election.threshold} of ${election.trustees}, ${election.candidates} candidates)`,
    );
  return { ok: true, value: undefined };
}
