/**
 * Threshold decryption (docs/verifiable-ballots.md §10): each trustee's shares D = x_j·a with
 * Chaum–Pedersen proofs published with their commitments (so a verifier checks them all at once by
 * a random linear combination), and their Lagrange combination by any k trustees.
 */
import type { ElGamalPair } from './elgamal.js';
import {
  BASE,
  type GroupElement,
  hashToScalar,
  IDENTITY,
  invertScalar,
  modL,
  mulBase,
  mulPublic,
  mulSecret,
  multiScalar,
  pointHex,
  type RandomBytes,
  randomScalar,
  scalarBytes,
  scalarFromHex,
  scalarHex,
  mulBasePublic,
} from './group.js';
import { batchWeights, pointsFromHex } from './proofs.js';

/** One decryption share D with its proof (A, B, s), as published. */
export interface DecryptionShare {
  readonly share: string;
  readonly commitmentG: string;
  readonly commitmentA: string;
  readonly response: string;
}

/** A trustee's shares for every component of every ciphertext of the last mix. */
export interface DecryptionMessage {
  readonly trustee: number;
  readonly shares: readonly (readonly DecryptionShare[])[];
}

const shareChallenge = (
  electionId: string,
  trustee: number,
  verificationKey: GroupElement,
  a: GroupElement,
  d: GroupElement,
  commitG: GroupElement,
  commitA: GroupElement,
) => hashToScalar('decryption', [electionId, trustee, verificationKey, a, d, commitG, commitA]);

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
      const commitG = mulBase(w);
      const commitA = mulSecret(a, w);
      const c = shareChallenge(electionId, trustee, verificationKey, a, d, commitG, commitA);
      return { share: pointHex(d), commitmentG: pointHex(commitG), commitmentA: pointHex(commitA), response: scalarHex(modL(w + c * decryptionKey)) };
    }),
  );
  return { trustee, shares };
}

/** A share decoded: D, A, B and s. */
interface DecodedShare {
  readonly d: GroupElement;
  readonly commitG: GroupElement;
  readonly commitA: GroupElement;
  readonly s: bigint;
}

function decodeShare(share: DecryptionShare): DecodedShare | null {
  const points = pointsFromHex([share?.share, share?.commitmentG, share?.commitmentA], 3);
  const s = scalarFromHex(share?.response);
  return points === null || s === null ? null : { d: points[0]!, commitG: points[1]!, commitA: points[2]!, s };
}

/** The outcome of checking one trustee's shares: the shares D (by ciphertext and component), or where they fail. */
export type ShareCheck =
  | { readonly fault: null; readonly shares: GroupElement[][] }
  | { readonly fault: 'decryption-encoding' | 'decryption-proof'; readonly ciphertext: number; readonly component: number };

/**
 * Checks a trustee's shares of the ciphertexts' first halves `a`, all in one multi-scalar
 * multiplication; if that fails, one by one to name the first share that does.
 */
export function checkDecryptionShares(
  electionId: string,
  message: DecryptionMessage,
  verificationKey: GroupElement,
  ciphertexts: readonly (readonly ElGamalPair[])[],
): ShareCheck {
  const width = ciphertexts[0]?.length ?? 0;
  const decoded: DecodedShare[][] = [];
  for (const [i, vector] of ciphertexts.entries()) {
    const row = message.shares?.[i];
    if (!Array.isArray(row) || row.length !== width) return { fault: 'decryption-encoding', ciphertext: i + 1, component: 1 };
    const out: DecodedShare[] = [];
    for (let j = 0; j < vector.length; j++) {
      const share = decodeShare(row[j]!);
      if (share === null) return { fault: 'decryption-encoding', ciphertext: i + 1, component: j + 1 };
      out.push(share);
    }
    decoded.push(out);
  }
  if (!Array.isArray(message.shares) || message.shares.length !== ciphertexts.length)
    return { fault: 'decryption-encoding', ciphertext: ciphertexts.length + 1, component: 1 };
  const flat = decoded.flat();
  const as = ciphertexts.flatMap((v) => v.map((p) => p.a));
  const challenges = flat.map((sh, i) => shareChallenge(electionId, message.trustee, verificationKey, as[i]!, sh.d, sh.commitG, sh.commitA));
  const weights = batchWeights(
    'decryption-batch',
    [electionId, message.trustee, ...challenges.map(scalarBytes), ...flat.map((sh) => scalarBytes(sh.s))],
    2 * flat.length,
  );
  const points: GroupElement[] = [BASE, verificationKey];
  const scalars: bigint[] = [0n, 0n];
  for (const [i, sh] of flat.entries()) {
    const beta = weights[2 * i]!;
    const betaA = weights[2 * i + 1]!;
    scalars[0] = modL(scalars[0]! + beta * sh.s);
    scalars[1] = modL(scalars[1]! - beta * challenges[i]!);
    points.push(sh.commitG, as[i]!, sh.commitA, sh.d);
    scalars.push(modL(-beta), modL(betaA * sh.s), modL(-betaA), modL(-betaA * challenges[i]!));
  }
  if (!multiScalar(points, scalars).equals(IDENTITY)) {
    for (const [i, sh] of flat.entries()) {
      const c = challenges[i]!;
      const good =
        mulBasePublic(sh.s).equals(sh.commitG.add(mulPublic(verificationKey, c))) && mulPublic(as[i]!, sh.s).equals(sh.commitA.add(mulPublic(sh.d, c)));
      if (!good) return { fault: 'decryption-proof', ciphertext: Math.floor(i / width) + 1, component: (i % width) + 1 };
    }
    return { fault: 'decryption-proof', ciphertext: 0, component: 0 };
  }
  return { fault: null, shares: decoded.map((row) => row.map((sh) => sh.d)) };
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

/**
 * Checks published plaintexts M against the ciphertexts' second halves and the trustees' shares
 * (M = b − Σ λ_j·D_j for every component) in one multi-scalar multiplication; returns the first
 * ciphertext (from 1) whose plaintext is wrong, or 0 if all are right.
 */
export function checkPlaintexts(
  ciphertexts: readonly (readonly ElGamalPair[])[],
  plaintexts: readonly (readonly GroupElement[])[],
  shares: readonly GroupElement[][][],
  lagrange: readonly bigint[],
): number {
  const flatB = ciphertexts.flatMap((v) => v.map((p) => p.b));
  const flatM = plaintexts.flat();
  const flatD = shares.map((s) => s.flat());
  const weights = batchWeights('plaintext-batch', [...flatB, ...flatM, ...flatD.flat()], flatB.length);
  const points: GroupElement[] = [...flatB, ...flatM, ...flatD.flat()];
  const scalars: bigint[] = [...weights, ...weights.map((w) => modL(-w)), ...lagrange.flatMap((l) => weights.map((w) => modL(-w * l)))];
  if (multiScalar(points, scalars).equals(IDENTITY)) return 0;
  const width = ciphertexts[0]?.length ?? 1;
  for (let i = 0; i < flatB.length; i++) {
    const m = combineShares(
      flatB[i]!,
      flatD.map((d) => d[i]!),
      lagrange,
    );
    if (!m.equals(flatM[i]!)) return Math.floor(i / width) + 1;
  }
  return 0;
}
