/** ElGamal over ristretto255 (docs/verifiable-ballots.md §5), for vectors of m components. */
import { BASE, type GroupElement, mulBase, mulSecret, type RandomBytes, randomScalar } from './group.js';

/** One ElGamal pair (a, b) = (r·G, M + r·Y). */
export interface ElGamalPair {
  readonly a: GroupElement;
  readonly b: GroupElement;
}

/** A ballot ciphertext: one pair per encoded point. */
export type CiphertextVector = readonly ElGamalPair[];

/** A public key with a precomputed table (it is multiplied once per component of every ballot). */
export function preparedKey(key: GroupElement): GroupElement {
  return key.equals(BASE) ? BASE : key.precompute(8, false);
}

export function encryptPoint(key: GroupElement, message: GroupElement, r: bigint): ElGamalPair {
  return { a: mulBase(r), b: message.add(mulSecret(key, r)) };
}

/** Encrypts points, returning the ciphertexts and the randomness used (kept for the proof, or revealed to audit). */
export function encryptPoints(key: GroupElement, messages: readonly GroupElement[], random: RandomBytes): { ciphertexts: ElGamalPair[]; randomness: bigint[] } {
  const randomness = messages.map(() => randomScalar(random));
  return { ciphertexts: messages.map((m, j) => encryptPoint(key, m, randomness[j]!)), randomness };
}

export function reencryptPair(key: GroupElement, pair: ElGamalPair, s: bigint): ElGamalPair {
  return { a: pair.a.add(mulBase(s)), b: pair.b.add(mulSecret(key, s)) };
}

/** Decryption with the whole secret key (only in tests and in the trustees' own checks). */
export function decryptPair(secret: bigint, pair: ElGamalPair): GroupElement {
  return pair.b.subtract(mulSecret(pair.a, secret));
}
