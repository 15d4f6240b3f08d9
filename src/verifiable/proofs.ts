/**
 * Schnorr proofs of knowledge of a discrete logarithm (docs/verifiable-ballots.md §6) and the hex
 * forms of the board's values.
 */
import type { ElGamalPair } from './elgamal.js';
import {
  BASE,
  type FrameItem,
  type GroupElement,
  hashFrame,
  hashToScalar,
  hashToShort,
  IDENTITY,
  modL,
  mulBase,
  multiScalar,
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

/** Weights for a random linear combination: 128-bit, from a hash of everything combined. */
export function batchWeights(tag: string, items: readonly FrameItem[], count: number): bigint[] {
  const seed = hashFrame(tag, items);
  return Array.from({ length: count }, (_, i) => hashToShort(`${tag}-weight`, [seed, i + 1]));
}

/**
 * s·G = T + c·X: what a Schnorr proof published with its commitment T (a ballot's proof of
 * knowledge, its signature) must satisfy, its challenge c recomputed from T by the caller.
 */
export interface SchnorrEquation {
  readonly commitment: GroupElement;
  readonly response: bigint;
  readonly challenge: bigint;
  readonly point: GroupElement;
}

export const schnorrHolds = (e: SchnorrEquation): boolean => schnorrCommitment(e.response, e.challenge, e.point).equals(e.commitment);

/**
 * Whether every equation holds, checked at once (§10, batch checking): Σ β_i·(s_i·G − T_i − c_i·X_i)
 * is the identity, with weights β_i from a hash of all of them, in one multi-scalar multiplication.
 * A false answer says only that some equation fails; `schnorrHolds` then finds which.
 */
export function schnorrEquationsHold(tag: string, equations: readonly SchnorrEquation[]): boolean {
  if (equations.length === 0) return true;
  if (equations.length === 1) return schnorrHolds(equations[0]!);
  const weights = batchWeights(
    tag,
    equations.flatMap((e) => [e.commitment, { scalar: e.response }, { scalar: e.challenge }, e.point]),
    equations.length,
  );
  const points: GroupElement[] = [BASE];
  const scalars: bigint[] = [0n];
  let base = 0n;
  for (const [i, e] of equations.entries()) {
    const beta = weights[i]!;
    base += beta * e.response;
    points.push(e.commitment, e.point);
    scalars.push(modL(-beta), modL(-beta * e.challenge));
  }
  scalars[0] = modL(base);
  return multiScalar(points, scalars).equals(IDENTITY);
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
