/**
 * Threshold decryption (docs/verifiable-ballots.md §10): each trustee's shares D = x_j·a with
 * Chaum–Pedersen proofs, and their Lagrange combination by any k trustees.
 */
import type { ElGamalPair } from './elgamal.js';
import {
  type GroupElement,
  hashToScalar,
  IDENTITY,
  invertScalar,
  modL,
  mulBase,
  mulPublic,
  mulSecret,
  multiScalar,
  pointFromHex,
  pointHex,
  type RandomBytes,
  randomScalar,
  scalarFromHex,
  scalarHex,
} from './group.js';

/** One decryption share with its proof, as published. */
export interface DecryptionShare {
  readonly share: string;
  readonly challenge: string;
  readonly response: string;
}

/** A trustee's shares for every component of every ciphertext of the last mix. */
export interface DecryptionMessage {
  readonly trustee: number;
  readonly shares: readonly (readonly DecryptionShare[])[];
}

const items = (
  electionId: string,
  trustee: number,
  verificationKey: GroupElement,
  a: GroupElement,
  d: GroupElement,
  commitA: GroupElement,
  commitB: GroupElement,
) => [electionId, trustee, verificationKey, a, d, commitA, commitB];

export function decryptionShares(
  electionId: string,
  trustee: number,
  decryptionKey: bigint,
  ciphertexts: readonly (readonly ElGamalPair[])[],
  random: RandomBytes,
): DecryptionMessage {
  const verificationKey = mulBase(decryptionKey);
  const shares = ciphertexts.map((vector) =>
    vector.map(({ a }) => {
      const d = mulSecret(a, decryptionKey);
      const w = randomScalar(random);
      const c = hashToScalar('decryption', items(electionId, trustee, verificationKey, a, d, mulBase(w), mulSecret(a, w)));
      return { share: pointHex(d), challenge: scalarHex(c), response: scalarHex(modL(w + c * decryptionKey)) };
    }),
  );
  return { trustee, shares };
}

/** The share D if it decodes and its proof verifies against the trustee's verification key; else null. */
export function checkDecryptionShare(
  electionId: string,
  trustee: number,
  verificationKey: GroupElement,
  a: GroupElement,
  share: DecryptionShare,
): GroupElement | null {
  const d = pointFromHex(share?.share);
  const c = scalarFromHex(share?.challenge);
  const s = scalarFromHex(share?.response);
  if (d === null || c === null || s === null) return null;
  const commitA = mulBase(s).subtract(mulPublic(verificationKey, c));
  const commitB = multiScalar([a, d], [s, modL(-c)]);
  return hashToScalar('decryption', items(electionId, trustee, verificationKey, a, d, commitA, commitB)) === c ? d : null;
}

/** λ_j for each trustee of the set (Lagrange coefficients at 0). */
export function lagrangeAtZero(trustees: readonly number[]): bigint[] {
  return trustees.map((j) => {
    let num = 1n;
    let den = 1n;
    for (const l of trustees) {
      if (l === j) continue;
      num = modL(num * BigInt(l));
      den = modL(den * BigInt(l - j));
    }
    return modL(num * invertScalar(den));
  });
}

/** M = b − Σ λ_j·D_j. */
export function combineShares(b: GroupElement, shares: readonly GroupElement[], lagrange: readonly bigint[]): GroupElement {
  return b.subtract(shares.length === 0 ? IDENTITY : multiScalar(shares, lagrange));
}
