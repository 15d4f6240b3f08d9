/**
 * A trustee's steps at the close, on their own machine (docs/verifiable-ballots.md §9–10 and
 * §13.3): each first verifies the board as published so far (a trustee builds on nothing that
 * fails), then mixes the last list with a proof of shuffle, or decrypts it with proofs.
 */
import { type DecryptionMessage, decryptionShares } from '../../verifiable/decryption.js';
import { verifyEncryptedBoard } from '../../verifiable/board.js';
import { preparedKey } from '../../verifiable/elgamal.js';
import { pointHex, type RandomBytes, scalarFromHex } from '../../verifiable/group.js';
import { type MixMessage, shuffleAndProve } from '../../verifiable/shuffle.js';
import { type AppResult, refusal } from '../app-error.js';
import { boardRefusal, readEncryptedBoardFile } from './board-file.js';
import { ceremonyJson, refuseExisting, writeNewFile } from './files.js';
import { readTrusteeSecret, sameElection } from './trustee-secret.js';

export interface MixRequest {
  readonly board: string;
  readonly trustee: number;
  readonly out: string;
  readonly random: RandomBytes;
}

/** Re-encrypts and permutes the board's last list (the ballots, or the last mix's output), with its proof. */
export function mixBoard(request: MixRequest): AppResult<MixMessage> {
  const free = refuseExisting([request.out]);
  if (!free.ok) return free;
  const read = readEncryptedBoardFile(request.board);
  if (!read.ok) return read;
  const board = read.value;
  const e = board.election;
  if (!Number.isInteger(request.trustee) || request.trustee < 1 || request.trustee > e.trustees)
    return refusal('malformed', 'not-a-trustee', `the trustee number must be from 1 to ${e.trustees}, not ${request.trustee}`);
  if ((board.mixes ?? []).some((m) => m?.mixer === request.trustee))
    return refusal('conflict', 'already-mixed', `trustee ${request.trustee} has already mixed on this board: each trustee mixes once`);
  if ((board.decryptions ?? []).length > 0) return refusal('conflict', 'decrypting', 'the trustees have begun to decrypt this board: no more mixes');
  const v = verifyEncryptedBoard({ ...board, mixes: board.mixes ?? [] }, 'mixes');
  if (v.mixed === null) return boardRefusal(request.board, v.failures, 'there is nothing safe to mix');
  const { message } = shuffleAndProve(e.id, request.trustee, preparedKey(v.mixed.key), v.mixed.ciphertexts, request.random);
  writeNewFile(request.out, ceremonyJson(message), false);
  return { ok: true, value: message };
}

export interface DecryptRequest {
  readonly board: string;
  /** The trustee's private file from `hustings trustee keygen finish`. */
  readonly key: string;
  readonly out: string;
  readonly random: RandomBytes;
}

/** This trustee's decryption shares of the last mix's output, each with its Chaum–Pedersen proof. */
export function decryptBoard(request: DecryptRequest): AppResult<DecryptionMessage> {
  const free = refuseExisting([request.out]);
  if (!free.ok) return free;
  const secret = readTrusteeSecret(request.key, 'share');
  if (!secret.ok) return secret;
  const read = readEncryptedBoardFile(request.board);
  if (!read.ok) return read;
  const board = read.value;
  const e = board.election;
  const same = sameElection(secret.value, e, request.key);
  if (!same.ok) return same;
  const j = secret.value.trustee;
  if ((board.decryptions ?? []).some((d) => d?.trustee === j))
    return refusal('conflict', 'already-decrypted', `trustee ${j}'s decryption shares are already on this board`);
  const mixes = board.mixes ?? [];
  if (mixes.length < e.threshold)
    return refusal(
      'conflict',
      'too-few-mixes',
      `${request.board} has ${mixes.length} mix${mixes.length === 1 ? '' : 'es'}; decryption waits for at least ${e.threshold}`,
    );
  const v = verifyEncryptedBoard({ ...board, mixes }, 'mixes');
  if (v.mixed === null) return boardRefusal(request.board, v.failures, 'it is not safe to decrypt it');
  if (pointHex(v.mixed.verificationKeys[j - 1]!) !== secret.value.verificationKey || pointHex(v.mixed.key) !== secret.value.electionKey)
    return refusal('conflict', 'other-key', `${request.key}: your key is not the one this board's key generation gives trustee ${j}`);
  const message = decryptionShares(e.id, j, scalarFromHex(secret.value.decryptionKey!)!, v.mixed.ciphertexts, request.random);
  writeNewFile(request.out, ceremonyJson(message), false);
  return { ok: true, value: message };
}
