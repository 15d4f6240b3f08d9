/**
 * What an encrypted ballot's ceremony needs now from one trustee (round one or two of the key
 * generation, a mix, decryption shares) or from its credential authority, and taking that person's
 * upload for it: the page a person works from names the one step, and the upload goes to the use
 * case of that step, which checks it.
 */
import type { MemberId } from '../domain/ids.js';
import type { Clock } from '../domain/time.js';
import type { Store, StoredProcess } from '../store/store.js';
import { refusal, type AppResult } from './app-error.js';
import { keyGenerationStanding, uploadDecryption, uploadKeyGeneration, uploadMix } from './encrypted-ballots.js';

type BallotProcess = Pick<StoredProcess, 'id' | 'kind' | 'rulebook'>;

/** A trustee's next step: one with a file to upload, or waiting (for other trustees, or for the close), or done. */
export type TrusteeStep =
  | { readonly kind: 'round-1' | 'round-2' | 'mix' | 'decrypt'; readonly trustee: number }
  | { readonly kind: 'finish-key'; readonly trustee: number; readonly sealed: boolean }
  | { readonly kind: 'waiting-keys' | 'waiting-mixes' | 'done'; readonly trustee: number };

export async function trusteeStepOf(store: Store, proc: BallotProcess, member: MemberId): Promise<AppResult<TrusteeStep>> {
  const standing = await keyGenerationStanding(store, proc, member);
  if (!standing.ok) return standing;
  const { trustee, nextRound, roundOne, roundTwo } = standing.value;
  const setup = (await store.encryptedElectionOf(proc.id))!;
  const n = setup.trustees.length;
  if (nextRound === 1) return { ok: true, value: { kind: 'round-1', trustee } };
  if (nextRound === 2) return { ok: true, value: { kind: roundOne === n ? 'round-2' : 'waiting-keys', trustee } };
  if (roundTwo < n) return { ok: true, value: { kind: 'waiting-keys', trustee } };
  const box = await store.ballotBox(proc.id);
  if (box === null || !box.sealed) return { ok: true, value: { kind: 'finish-key', trustee, sealed: false } };
  const mixers = (await store.mixes(proc.id)).map((m) => m.trustee);
  const decrypted = (await store.decryptions(proc.id)).map((d) => d.trustee);
  if (decrypted.includes(trustee)) return { ok: true, value: { kind: 'done', trustee } };
  if (mixers.length >= setup.threshold) return { ok: true, value: { kind: 'decrypt', trustee } };
  if (mixers.includes(trustee)) return { ok: true, value: { kind: 'waiting-mixes', trustee } };
  return { ok: true, value: { kind: 'mix', trustee } };
}

/** A trustee's file for the step the ceremony needs from them now, checked by that step's use case. */
export async function uploadTrusteeFile(store: Store, clock: Clock, proc: BallotProcess, member: MemberId, text: string): Promise<AppResult<TrusteeStep>> {
  const step = await trusteeStepOf(store, proc, member);
  if (!step.ok) return step;
  const kind = step.value.kind;
  const sent =
    kind === 'round-1' || kind === 'round-2'
      ? await uploadKeyGeneration(store, clock, proc, member, text)
      : kind === 'mix'
        ? await uploadMix(store, clock, proc, member, text)
        : kind === 'decrypt'
          ? await uploadDecryption(store, clock, proc, member, text)
          : refusal('conflict', 'nothing-to-send', 'There is nothing for you to send now.');
  if (!sent.ok) return sent;
  return trusteeStepOf(store, proc, member);
}
