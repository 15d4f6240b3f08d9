/**
 * Schnorr proofs of knowledge of a discrete logarithm (docs/verifiable-ballots.md §6) and the hex
 * forms of the board's values.
 */
import type { ElGamalPair } from './elgamal.js';
import {
  type FrameItem,
  type GroupElement,
  hashToScalar,
  modL,
  mulBase,
  pointFromHex,
  pointHex,
  type RandomBytes,
  randomScalar,
  scalarFromHex,
  scalarHex,
  schnorrCommitment,
} from './group.js';

/** A proof as published: challenge and response, scalars in hex. */
export interface ChallengeResponse {
  readonly challenge: string;
  readonly response: string;
}

/** PoK(T, context…; X = x·G): (c, s) with s = w + c·x. */
export function proveDiscreteLog(
  tag: string,
  context: readonly FrameItem[],
  secret: bigint,
  publicPoint: GroupElement,
  random: RandomBytes,
): ChallengeResponse {
  const w = randomScalar(random);
  const c = hashToScalar(tag, [...context, publicPoint, mulBase(w)]);
  return { challenge: scalarHex(c), response: scalarHex(modL(w + c * secret)) };
}

/** Whether a PoK verifies; false also for a malformed proof. */
export function checkDiscreteLog(tag: string, context: readonly FrameItem[], publicPoint: GroupElement, proof: ChallengeResponse): boolean {
  const c = scalarFromHex(proof?.challenge);
  const s = scalarFromHex(proof?.response);
  if (c === null || s === null) return false;
  const commitment = schnorrCommitment(s, c, publicPoint);
  return hashToScalar(tag, [...context, publicPoint, commitment]) === c;
}

/** An ElGamal pair as published: [a, b] in hex. */
export type PairHex = readonly [string, string];

export const pairToHex = (p: ElGamalPair): PairHex => [pointHex(p.a), pointHex(p.b)];

export function pairFromHex(hex: PairHex): ElGamalPair | null {
  if (!Array.isArray(hex) || hex.length !== 2) return null;
  const a = pointFromHex(hex[0]);
  const b = pointFromHex(hex[1]);
  return a === null || b === null ? null : { a, b };
}

/** Every element of a list of the given length decoded, or null if the list or any element is malformed. */
function allOrNull<T, U>(list: readonly T[], length: number, decode: (item: T) => U | null): U[] | null {
  if (!Array.isArray(list) || list.length !== length) return null;
  const out: U[] = [];
  for (const item of list) {
    const decoded = decode(item);
    if (decoded === null) return null;
    out.push(decoded);
  }
  return out;
}

/** A vector of pairs of the given width from hex; null if any is malformed. */
export const vectorFromHex = (hex: readonly PairHex[], width: number): ElGamalPair[] | null => allOrNull(hex, width, pairFromHex);

/** Points from hex, all of them or null. */
export const pointsFromHex = (hex: readonly string[], length: number): GroupElement[] | null => allOrNull(hex, length, pointFromHex);

/** Scalars from hex, all of them or null. */
export const scalarsFromHex = (hex: readonly string[], length: number): bigint[] | null => allOrNull(hex, length, scalarFromHex);
