/**
 * The trustees' distributed key generation, k of n (docs/verifiable-ballots.md §8): Feldman VSS by
 * every trustee, shares encrypted to the other trustees' keys, the election key and each trustee's
 * verification key computed by anyone from the public commitments.
 */
import {
  type GroupElement,
  hashToScalar,
  IDENTITY,
  modL,
  mulBase,
  mulSecret,
  multiScalar,
  pointFromHex,
  pointHex,
  type RandomBytes,
  randomScalar,
  scalarFromHex,
  scalarHex,
  mulBasePublic,
} from './group.js';
import { type ChallengeResponse, checkDiscreteLog, pointsFromHex, proveDiscreteLog } from './proofs.js';

/** A trustee's round-one secret and its public key P_i with proof. */
export interface TrusteeEncryptionKey {
  readonly trustee: number;
  readonly secret: bigint;
  readonly key: string;
  readonly keyProof: ChallengeResponse;
}

/** Trustee i's message on the board (rounds one and two). */
export interface KeyGenerationMessage {
  readonly trustee: number;
  readonly key: string;
  readonly keyProof: ChallengeResponse;
  readonly commitments: readonly string[];
  readonly coefficientProof: ChallengeResponse;
  readonly shares: readonly { readonly to: number; readonly ephemeral: string; readonly masked: string }[];
}

export function trusteeEncryptionKey(electionId: string, trustee: number, random: RandomBytes): TrusteeEncryptionKey {
  const secret = randomScalar(random);
  const key = mulBase(secret);
  return { trustee, secret, key: pointHex(key), keyProof: proveDiscreteLog('trustee-key', [electionId, trustee], secret, key, random) };
}

/** f(t) for coefficients α_0…α_{k−1}. */
function evaluate(coefficients: readonly bigint[], at: number): bigint {
  let v = 0n;
  for (let l = coefficients.length - 1; l >= 0; l--) v = modL(v * BigInt(at) + coefficients[l]!);
  return v;
}

const maskOf = (electionId: string, from: number, to: number, ephemeral: GroupElement, shared: GroupElement) =>
  hashToScalar('share-mask', [electionId, from, to, ephemeral, shared]);

/**
 * Round two for trustee `own.trustee`: a random polynomial of degree threshold−1, its commitments and
 * proof, and a share for every other trustee encrypted to their key (`keys[j−1]` is P_j, hex).
 */
export function dealKeyShares(
  electionId: string,
  own: TrusteeEncryptionKey,
  threshold: number,
  keys: readonly string[],
  random: RandomBytes,
): { readonly message: KeyGenerationMessage; readonly ownShare: bigint } {
  const coefficients = Array.from({ length: threshold }, () => randomScalar(random));
  const commitments = coefficients.map(mulBase);
  const shares = keys.flatMap((hex, index) => {
    const to = index + 1;
    if (to === own.trustee) return [];
    const recipient = pointFromHex(hex);
    if (recipient === null) throw new RangeError(`trustee ${to}'s key is not a point`);
    const rho = randomScalar(random);
    const ephemeral = mulBase(rho);
    const mask = maskOf(electionId, own.trustee, to, ephemeral, mulSecret(recipient, rho));
    return [{ to, ephemeral: pointHex(ephemeral), masked: scalarHex(evaluate(coefficients, to) + mask) }];
  });
  const message: KeyGenerationMessage = {
    trustee: own.trustee,
    key: own.key,
    keyProof: own.keyProof,
    commitments: commitments.map(pointHex),
    coefficientProof: proveDiscreteLog('trustee-coefficient', [electionId, own.trustee], coefficients[0]!, commitments[0]!, random),
    shares,
  };
  return { message, ownShare: evaluate(coefficients, own.trustee) };
}

/** Σ_l j^l·C_l: the point a share for trustee j must be the logarithm of. */
function committedShare(commitments: readonly GroupElement[], j: number): GroupElement {
  const powers: bigint[] = [];
  let p = 1n;
  for (let l = 0; l < commitments.length; l++) {
    powers.push(p);
    p = modL(p * BigInt(j));
  }
  return multiScalar(commitments, powers);
}

/**
 * Trustee j's decryption key x_j from everyone's messages (its own included, whose own share the
 * dealer kept from `dealKeyShares`), or the trustees whose share to j does not match their commitments.
 */
export function openKeyShares(
  electionId: string,
  own: TrusteeEncryptionKey,
  ownShare: bigint,
  messages: readonly KeyGenerationMessage[],
): { readonly decryptionKey: bigint } | { readonly faulty: readonly number[] } {
  const j = own.trustee;
  let total = ownShare;
  const faulty: number[] = [];
  for (const m of messages) {
    if (m.trustee === j) continue;
    const share = m.shares.find((s) => s.to === j);
    const ephemeral = share ? pointFromHex(share.ephemeral) : null;
    const masked = share ? scalarFromHex(share.masked) : null;
    const commitments = pointsFromHex(m.commitments, m.commitments?.length ?? 0);
    if (ephemeral === null || masked === null || commitments === null) {
      faulty.push(m.trustee);
      continue;
    }
    const value = modL(masked - maskOf(electionId, m.trustee, j, ephemeral, mulSecret(ephemeral, own.secret)));
    if (!mulBasePublic(value).equals(committedShare(commitments, j))) faulty.push(m.trustee);
    else total = modL(total + value);
  }
  return faulty.length > 0 ? { faulty } : { decryptionKey: total };
}

/** Why a key-generation transcript fails (§11 item 2), with the trustee concerned. */
export interface KeyGenerationFault {
  readonly code: 'keygen-trustees' | 'keygen-encoding' | 'keygen-proof' | 'keygen-commitments' | 'keygen-shares';
  readonly trustee: number | null;
  readonly detail: string;
}

/** The commitments of each trustee 1…n decoded, or the faults found. */
export function checkKeyGeneration(
  electionId: string,
  threshold: number,
  trustees: number,
  messages: readonly KeyGenerationMessage[],
): { readonly faults: readonly KeyGenerationFault[]; readonly commitments: readonly (readonly GroupElement[])[] } {
  const faults: KeyGenerationFault[] = [];
  const commitments: GroupElement[][] = [];
  const numbers = Array.isArray(messages) ? messages.map((m) => m?.trustee) : [];
  const expected = Array.from({ length: trustees }, (_, i) => i + 1);
  if (numbers.length !== trustees || expected.some((i) => numbers[i - 1] !== i)) {
    faults.push({
      code: 'keygen-trustees',
      trustee: null,
      detail: `expected one message from each trustee 1 to ${trustees} in order, found ${JSON.stringify(numbers)}`,
    });
    return { faults, commitments };
  }
  for (const m of messages) {
    const checked = checkKeyGenerationMessage(electionId, threshold, trustees, m);
    faults.push(...checked.faults);
    commitments.push(checked.commitments ?? Array.from({ length: threshold }, () => IDENTITY));
  }
  return { faults, commitments };
}

/**
 * One trustee's message alone (rounds one and two): its key and commitments decode, its proofs
 * verify, it has k commitments and one well-formed encrypted share for each other trustee in order.
 * Its commitments are null when they do not decode.
 */
export function checkKeyGenerationMessage(
  electionId: string,
  threshold: number,
  trustees: number,
  m: KeyGenerationMessage,
): { readonly faults: readonly KeyGenerationFault[]; readonly commitments: GroupElement[] | null } {
  const faults: KeyGenerationFault[] = [];
  const i = m.trustee;
  const key = pointFromHex(m.key);
  const points = pointsFromHex(m.commitments, Array.isArray(m.commitments) ? m.commitments.length : -1);
  if (key === null || points === null) {
    faults.push({ code: 'keygen-encoding', trustee: i, detail: `trustee ${i}'s key or commitments are not points` });
    return { faults, commitments: null };
  }
  if (points.length !== threshold)
    faults.push({ code: 'keygen-commitments', trustee: i, detail: `trustee ${i} published ${points.length} commitments, not ${threshold}` });
  if (!checkDiscreteLog('trustee-key', [electionId, i], key, m.keyProof))
    faults.push({ code: 'keygen-proof', trustee: i, detail: `trustee ${i}'s key proof fails` });
  if (points.length > 0 && !checkDiscreteLog('trustee-coefficient', [electionId, i], points[0]!, m.coefficientProof)) {
    faults.push({ code: 'keygen-proof', trustee: i, detail: `trustee ${i}'s coefficient proof fails` });
  }
  const to = Array.isArray(m.shares) ? m.shares.map((s) => s?.to) : [];
  const others = Array.from({ length: trustees }, (_, j) => j + 1).filter((j) => j !== i);
  const sharesOk =
    to.length === others.length &&
    others.every((j, at) => to[at] === j) &&
    m.shares.every((s) => pointFromHex(s.ephemeral) !== null && scalarFromHex(s.masked) !== null);
  if (!sharesOk)
    faults.push({
      code: 'keygen-shares',
      trustee: i,
      detail: `trustee ${i} did not publish one well-formed encrypted share for each other trustee in order`,
    });
  return { faults, commitments: points };
}

/** Y = Σ_i C_{i,0}. */
export function electionKeyOf(commitments: readonly (readonly GroupElement[])[]): GroupElement {
  return commitments.reduce((sum, c) => sum.add(c[0] ?? IDENTITY), IDENTITY);
}

/** Y_j = Σ_i Σ_l j^l·C_{i,l}: trustee j's verification key. */
export function verificationKeyOf(commitments: readonly (readonly GroupElement[])[], j: number): GroupElement {
  return commitments.reduce((sum, c) => sum.add(committedShare(c, j)), IDENTITY);
}
