/**
 * The trustees' key generation on their own machines (docs/verifiable-ballots.md §8 and §13.2), in
 * three rounds, each reading the board as the server publishes it so far:
 *
 * 1. `startKeyGeneration`: the trustee's key P_i with its proof (public), z_i kept in a private file;
 * 2. `dealKeyGeneration`: once every trustee's key is on the board, the commitments and the shares
 *    dealt to the others, encrypted to their keys (public); the trustee's own share kept privately;
 * 3. `finishKeyGeneration`: once every trustee has dealt, the shares addressed to this trustee
 *    opened and checked against their dealers' commitments; the decryption key x_i saved to a file
 *    the trustee alone keeps.
 */
import type { EncryptedBoard, EncryptedElectionParameters } from '../../verifiable/board.js';
import {
  checkKeyGeneration,
  dealKeyShares,
  electionKeyOf,
  type KeyGenerationMessage,
  openKeyShares,
  type TrusteeEncryptionKey,
  trusteeEncryptionKey,
  verificationKeyOf,
} from '../../verifiable/dkg.js';
import { mulBase, pointFromHex, pointHex, type RandomBytes, scalarFromHex, scalarHex } from '../../verifiable/group.js';
import { checkDiscreteLog } from '../../verifiable/proofs.js';
import { type AppResult, refusal } from '../app-error.js';
import { readEncryptedBoardFile } from './board-file.js';
import { ceremonyJson, refuseExisting, writeNewFile, writeNewFiles } from './files.js';
import { readTrusteeSecret, sameElection, TRUSTEE_SECRET_FORMAT, type TrusteeSecret } from './trustee-secret.js';

/** Round one's public message: the first fields of a KeyGenerationMessage (§13.2). */
export type TrusteeKeyMessage = Pick<KeyGenerationMessage, 'trustee' | 'key' | 'keyProof'>;

export interface KeyGenerationFiles {
  readonly board: string;
  /** The private file the previous round wrote (rounds two and three). */
  readonly secretIn?: string;
  /** The private file this round writes. */
  readonly secretOut: string;
  /** The public message this round writes, for the server (rounds one and two). */
  readonly out?: string;
  readonly random: RandomBytes;
}

const secretFile = (
  election: EncryptedElectionParameters,
  trustee: number,
  fields: Omit<TrusteeSecret, 'format' | 'version' | 'election' | 'trustee'>,
): TrusteeSecret => ({
  format: TRUSTEE_SECRET_FORMAT,
  version: 1,
  election: { id: election.id, candidates: election.candidates, threshold: election.threshold, trustees: election.trustees },
  trustee,
  ...fields,
});

function outputsFree(files: KeyGenerationFiles): AppResult<void> {
  if (files.out !== undefined && files.out === files.secretOut)
    return refusal('malformed', 'same-file', 'the private file and the public message must be two different files');
  return refuseExisting(files.out === undefined ? [files.secretOut] : [files.secretOut, files.out]);
}

/** Round one for trustee `trustee` of the board's election. */
export function startKeyGeneration(files: KeyGenerationFiles & { readonly trustee: number; readonly out: string }): AppResult<TrusteeKeyMessage> {
  const free = outputsFree(files);
  if (!free.ok) return free;
  const board = readEncryptedBoardFile(files.board);
  if (!board.ok) return board;
  const e = board.value.election;
  if (!Number.isInteger(files.trustee) || files.trustee < 1 || files.trustee > e.trustees)
    return refusal(
      'malformed',
      'not-a-trustee',
      `the trustee number must be from 1 to ${e.trustees} (the election has ${e.trustees} trustees), not ${files.trustee}`,
    );
  const own = trusteeEncryptionKey(e.id, files.trustee, files.random);
  const message: TrusteeKeyMessage = { trustee: own.trustee, key: own.key, keyProof: own.keyProof };
  writeNewFiles([
    { file: files.secretOut, text: ceremonyJson(secretFile(e, own.trustee, { stage: 'key', key: own.key, secret: scalarHex(own.secret) })), secret: true },
    { file: files.out, text: ceremonyJson(message), secret: false },
  ]);
  return { ok: true, value: message };
}

/** Every trustee's key on the board, in order, each with a proof that verifies; or what is missing. */
function publishedKeys(board: EncryptedBoard, file: string): AppResult<readonly string[]> {
  const e = board.election;
  const entries = Array.isArray(board.keyGeneration) ? board.keyGeneration : [];
  const problems: string[] = [];
  for (let i = 1; i <= e.trustees; i++) {
    const m = entries[i - 1];
    const key = m?.trustee === i ? pointFromHex(m.key) : null;
    if (key === null) problems.push(`trustee ${i}'s key is not on the board (keyGeneration[${i - 1}])`);
    else if (!checkDiscreteLog('trustee-key', [e.id, i], key, m!.keyProof)) problems.push(`trustee ${i}'s key proof fails`);
  }
  if (problems.length > 0) return refusal('conflict', 'keys-missing', `${file}: ${problems.join('; ')}`);
  return { ok: true, value: entries.slice(0, e.trustees).map((m) => m.key) };
}

/** Round two: deals shares to every trustee whose key is on the board. */
export function dealKeyGeneration(files: KeyGenerationFiles & { readonly secretIn: string; readonly out: string }): AppResult<KeyGenerationMessage> {
  const free = outputsFree(files);
  if (!free.ok) return free;
  const secret = readTrusteeSecret(files.secretIn, 'key');
  if (!secret.ok) return secret;
  const board = readEncryptedBoardFile(files.board);
  if (!board.ok) return board;
  const s = secret.value;
  const same = sameElection(s, board.value.election, files.secretIn);
  if (!same.ok) return same;
  const keys = publishedKeys(board.value, files.board);
  if (!keys.ok) return keys;
  if (keys.value[s.trustee - 1] !== s.key)
    return refusal(
      'conflict',
      'key-replaced',
      `${files.board}: the key the board gives for trustee ${s.trustee} is not yours (${s.key}): do not deal until it is`,
    );
  const own: TrusteeEncryptionKey = {
    trustee: s.trustee,
    secret: scalarFromHex(s.secret!)!,
    key: s.key,
    keyProof: board.value.keyGeneration[s.trustee - 1]!.keyProof,
  };
  const { message, ownShare } = dealKeyShares(board.value.election.id, own, board.value.election.threshold, keys.value, files.random);
  const next = secretFile(board.value.election, s.trustee, {
    stage: 'dealt',
    key: s.key,
    secret: s.secret!,
    ownShare: scalarHex(ownShare),
    commitments: message.commitments,
  });
  writeNewFiles([
    { file: files.secretOut, text: ceremonyJson(next), secret: true },
    { file: files.out, text: ceremonyJson(message), secret: false },
  ]);
  return { ok: true, value: message };
}

export interface TrusteeShare {
  readonly trustee: number;
  readonly verificationKey: string;
  readonly electionKey: string;
}

/** Round three: opens and checks the shares dealt to this trustee and saves the decryption key. */
export function finishKeyGeneration(files: KeyGenerationFiles & { readonly secretIn: string }): AppResult<TrusteeShare> {
  const free = outputsFree(files);
  if (!free.ok) return free;
  const secret = readTrusteeSecret(files.secretIn, 'dealt');
  if (!secret.ok) return secret;
  const board = readEncryptedBoardFile(files.board);
  if (!board.ok) return board;
  const s = secret.value;
  const e = board.value.election;
  const same = sameElection(s, e, files.secretIn);
  if (!same.ok) return same;
  const checked = checkKeyGeneration(e.id, e.threshold, e.trustees, board.value.keyGeneration);
  if (checked.faults.length > 0)
    return refusal(
      'invalid',
      'keygen-fails',
      `${files.board}: the key generation does not verify: ${checked.faults.map((f) => `${f.detail} [${f.code}]`).join('; ')}`,
    );
  const mine = board.value.keyGeneration[s.trustee - 1]!;
  if (mine.key !== s.key || mine.commitments.join() !== s.commitments!.join())
    return refusal(
      'conflict',
      'message-replaced',
      `${files.board}: trustee ${s.trustee}'s message on the board is not the one you dealt: do not go on until it is`,
    );
  const own: TrusteeEncryptionKey = { trustee: s.trustee, secret: scalarFromHex(s.secret!)!, key: s.key, keyProof: mine.keyProof };
  const opened = openKeyShares(e.id, own, scalarFromHex(s.ownShare!)!, board.value.keyGeneration);
  if (!('decryptionKey' in opened))
    return refusal(
      'invalid',
      'bad-shares',
      `the share${opened.faulty.length === 1 ? '' : 's'} dealt to you by trustee${opened.faulty.length === 1 ? '' : 's'} ${opened.faulty.join(', ')} do${opened.faulty.length === 1 ? 'es' : ''} not match ${opened.faulty.length === 1 ? 'its' : 'their'} commitments: tell the returning officer; the key generation must start again without ${opened.faulty.length === 1 ? 'that trustee' : 'them'}`,
    );
  const verificationKey = verificationKeyOf(checked.commitments, s.trustee);
  const electionKey = pointHex(electionKeyOf(checked.commitments));
  // The sum of the shares must be the key the transcript says: a check of the arithmetic above, not of anyone.
  if (!mulBase(opened.decryptionKey).equals(verificationKey)) throw new Error('the decryption key does not match the verification key');
  if (typeof board.value.electionKey === 'string' && board.value.electionKey !== electionKey)
    return refusal(
      'invalid',
      'election-key',
      `${files.board}: the election key on the board is not the sum of the trustees' first commitments (${electionKey})`,
    );
  const share = secretFile(e, s.trustee, {
    stage: 'share',
    key: s.key,
    decryptionKey: scalarHex(opened.decryptionKey),
    verificationKey: pointHex(verificationKey),
    electionKey,
  });
  writeNewFile(files.secretOut, ceremonyJson(share), true);
  return { ok: true, value: { trustee: s.trustee, verificationKey: share.verificationKey!, electionKey } };
}
