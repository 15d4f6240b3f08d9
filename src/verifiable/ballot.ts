/**
 * Credentials, and ballots encrypted, proved and signed (docs/verifiable-ballots.md §7): the proof of
 * knowledge binds the ciphertexts to the election, its key and the credential; the Schnorr signature
 * by the credential's key lets the board hold only ballots of published credentials.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { type CiphertextVector, type ElGamalPair, encryptPoint, encryptPoints } from './elgamal.js';
import {
  type GroupElement,
  hashToScalar,
  modL,
  mulBase,
  mulPublic,
  pointFromHex,
  pointBytes,
  pointHex,
  type RandomBytes,
  randomScalar,
  scalarBytes,
  scalarFromHex,
  scalarHex,
  toHex,
  fromHex,
  mulBasePublic,
} from './group.js';
import { type ChallengeResponse, type PairHex, pairToHex, scalarsFromHex, vectorFromHex } from './proofs.js';
import { encodeRanking, type Ranking, rankingWidth } from './ranking.js';

/** A credential as the authority makes it: the secret for the voter, the public one for the board. */
export interface VoterCredential {
  /** 64 hex digits, sent privately to the voter. */
  readonly secret: string;
  /** The public credential Q, hex. */
  readonly publicCredential: string;
}

/** x = Hs("credential", k) of a secret credential; null if it is not 64 hex digits. */
export function credentialSigningKey(secret: string): bigint | null {
  const bytes = fromHex(secret, 32);
  return bytes === null ? null : hashToScalar('credential', [bytes]);
}

export function makeCredential(random: RandomBytes): VoterCredential {
  const secret = toHex(random(32));
  return { secret, publicCredential: pointHex(mulBase(credentialSigningKey(secret)!)) };
}

/** A ballot as published on the board. */
export interface EncryptedBallot {
  readonly credential: string;
  readonly ciphertexts: readonly PairHex[];
  readonly proof: { readonly challenge: string; readonly responses: readonly string[] };
  readonly signature: ChallengeResponse;
}

/** What identifies the election in a ballot's proof. */
export interface BallotContext {
  readonly electionId: string;
  readonly electionKey: GroupElement;
  readonly candidates: number;
}

function proofItems(context: BallotContext, credential: GroupElement, ciphertexts: CiphertextVector, commitments: readonly GroupElement[]) {
  return [context.electionId, context.electionKey, credential, ciphertexts.length, ...ciphertexts.flatMap((p) => [p.a, p.b]), ...commitments];
}

function ballotBody(credential: GroupElement, ciphertexts: CiphertextVector, challenge: bigint, responses: readonly bigint[]): Uint8Array {
  const parts = [
    pointBytes(credential),
    ...ciphertexts.flatMap((p) => [pointBytes(p.a), pointBytes(p.b)]),
    scalarBytes(challenge),
    ...responses.map(scalarBytes),
  ];
  const out = new Uint8Array(32 * parts.length);
  for (const [i, p] of parts.entries()) out.set(p, 32 * i);
  return out;
}

/** A ballot of a ranking, encrypted to the election key, with its proof and signature, and the randomness (for a Benaloh audit). */
export function castEncryptedBallot(
  context: BallotContext,
  credentialSecret: string,
  ranking: Ranking,
  random: RandomBytes,
): { readonly ballot: EncryptedBallot; readonly randomness: readonly bigint[]; readonly tracker: string } {
  const x = credentialSigningKey(credentialSecret);
  if (x === null) throw new RangeError('the credential must be 64 hexadecimal digits');
  const credential = mulBase(x);
  const { ciphertexts, randomness } = encryptPoints(context.electionKey, encodeRanking(ranking, context.candidates), random);
  const w = ciphertexts.map(() => randomScalar(random));
  const c = hashToScalar('ballot-proof', proofItems(context, credential, ciphertexts, w.map(mulBase)));
  const responses = w.map((wj, j) => modL(wj + c * randomness[j]!));
  const unsigned = {
    credential: pointHex(credential),
    ciphertexts: ciphertexts.map(pairToHex),
    proof: { challenge: scalarHex(c), responses: responses.map(scalarHex) },
  };
  const ballot = signBallot(context, credentialSecret, unsigned, random);
  return { ballot, randomness, tracker: ballotTracker(ballot) ?? '' };
}

/**
 * Signs a ballot's body with a credential (the last step of casting). The body must carry that
 * credential's public key: a body copied from another voter's ballot keeps its proof bound to theirs.
 */
export function signBallot(
  context: BallotContext,
  credentialSecret: string,
  unsigned: Omit<EncryptedBallot, 'signature'>,
  random: RandomBytes,
): EncryptedBallot {
  const x = credentialSigningKey(credentialSecret);
  const d = decodeBallot({ ...unsigned, signature: { challenge: scalarHex(0n), response: scalarHex(0n) } }, rankingWidth(context.candidates));
  if (x === null || d === null) throw new RangeError('the credential must be 64 hexadecimal digits and the ballot well formed');
  const body = ballotBody(d.credential, d.ciphertexts, d.challenge, d.responses);
  const k = randomScalar(random);
  const e = hashToScalar('ballot-signature', [context.electionId, d.credential, body, mulBase(k)]);
  return { ...unsigned, signature: { challenge: scalarHex(e), response: scalarHex(modL(k + e * x)) } };
}

/** A ballot decoded from the board, or null if malformed. */
export interface DecodedBallot {
  readonly credential: GroupElement;
  readonly ciphertexts: ElGamalPair[];
  readonly challenge: bigint;
  readonly responses: bigint[];
  readonly signatureChallenge: bigint;
  readonly signatureResponse: bigint;
}

/** `known`: public credentials already decoded (from the board's list), by their hex. */
export function decodeBallot(ballot: EncryptedBallot, width: number, known?: ReadonlyMap<string, GroupElement>): DecodedBallot | null {
  if (typeof ballot !== 'object' || ballot === null) return null;
  const credential = known?.get(ballot.credential) ?? pointFromHex(ballot.credential);
  const ciphertexts = vectorFromHex(ballot.ciphertexts, width);
  const challenge = scalarFromHex(ballot.proof?.challenge);
  const responses = scalarsFromHex(ballot.proof?.responses, width);
  const signatureChallenge = scalarFromHex(ballot.signature?.challenge);
  const signatureResponse = scalarFromHex(ballot.signature?.response);
  if (credential === null || ciphertexts === null || challenge === null || responses === null || signatureChallenge === null || signatureResponse === null)
    return null;
  return { credential, ciphertexts, challenge, responses, signatureChallenge, signatureResponse };
}

/** The tracker: hex SHA-256 of the body and signature; null for a malformed ballot. */
export function ballotTracker(ballot: EncryptedBallot): string | null {
  const width = Array.isArray(ballot?.ciphertexts) ? ballot.ciphertexts.length : 0;
  const d = width > 0 ? decodeBallot(ballot, width) : null;
  if (d === null) return null;
  const body = ballotBody(d.credential, d.ciphertexts, d.challenge, d.responses);
  const all = new Uint8Array(body.length + 64);
  all.set(body);
  all.set(scalarBytes(d.signatureChallenge), body.length);
  all.set(scalarBytes(d.signatureResponse), body.length + 32);
  return toHex(sha256(all));
}

/** Why a ballot fails its own checks (§11 item 4, apart from the credential's standing), or null. */
export type BallotFault = 'encoding' | 'signature' | 'proof';

export function checkBallot(
  context: BallotContext,
  ballot: EncryptedBallot,
  known?: ReadonlyMap<string, GroupElement>,
): { fault: BallotFault } | { fault: null; decoded: DecodedBallot } {
  const d = decodeBallot(ballot, rankingWidth(context.candidates), known);
  if (d === null) return { fault: 'encoding' };
  const body = ballotBody(d.credential, d.ciphertexts, d.challenge, d.responses);
  const r = mulBasePublic(d.signatureResponse).subtract(mulPublic(d.credential, d.signatureChallenge));
  if (hashToScalar('ballot-signature', [context.electionId, d.credential, body, r]) !== d.signatureChallenge) return { fault: 'signature' };
  const commitments = d.ciphertexts.map((p, j) => mulBasePublic(d.responses[j]!).subtract(mulPublic(p.a, d.challenge)));
  if (hashToScalar('ballot-proof', proofItems(context, d.credential, d.ciphertexts, commitments)) !== d.challenge) return { fault: 'proof' };
  return { fault: null, decoded: d };
}

/**
 * A Benaloh audit of an encryption the voter chose not to cast: with the randomness revealed, the
 * ciphertexts must be exactly the encryption of the ranking the booth showed.
 */
export function auditEncryption(context: BallotContext, ballot: EncryptedBallot, ranking: Ranking, randomness: readonly bigint[]): boolean {
  const d = decodeBallot(ballot, rankingWidth(context.candidates));
  if (d === null || randomness.length !== d.ciphertexts.length) return false;
  const points = encodeRanking(ranking, context.candidates);
  return points.every((m, j) => {
    const expected = encryptPoint(context.electionKey, m, randomness[j]!);
    return expected.a.equals(d.ciphertexts[j]!.a) && expected.b.equals(d.ciphertexts[j]!.b);
  });
}
