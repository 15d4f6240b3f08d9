/**
 * Credentials, and ballots encrypted, proved and signed (docs/verifiable-ballots.md §7): the proof of
 * knowledge binds the ciphertexts to the election, its key and the credential; the Schnorr signature
 * by the credential's key lets the board hold only ballots of published credentials.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { type CiphertextVector, type ElGamalPair, encryptPoint, encryptPoints } from './elgamal.js';
import {
  type FrameItem,
  type GroupElement,
  hashToScalar,
  modL,
  mulBase,
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
  schnorrCommitment,
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

/** The proof's hash items (§7): an online ballot's, or a paper ballot's, which also binds its channel. */
function proofItems(
  context: BallotContext,
  credential: GroupElement,
  ciphertexts: CiphertextVector,
  commitments: readonly GroupElement[],
  channel?: PaperChannel,
): FrameItem[] {
  return [
    context.electionId,
    context.electionKey,
    credential,
    ...(channel === undefined ? [] : [channel]),
    ciphertexts.length,
    ...ciphertexts.flatMap((p) => [p.a, p.b]),
    ...commitments,
  ];
}

/** Encrypts a ranking with a proof of knowledge of its randomness: an online ballot's, or with a channel a paper ballot's. */
function encryptAndProve(
  context: BallotContext,
  credential: GroupElement,
  ranking: Ranking,
  random: RandomBytes,
  channel?: PaperChannel,
): { readonly ciphertexts: PairHex[]; readonly proof: { challenge: string; responses: string[] }; readonly randomness: bigint[] } {
  const { ciphertexts, randomness } = encryptPoints(context.electionKey, encodeRanking(ranking, context.candidates), random);
  const w = ciphertexts.map(() => randomScalar(random));
  const tag = channel === undefined ? 'ballot-proof' : 'paper-ballot-proof';
  const c = hashToScalar(tag, proofItems(context, credential, ciphertexts, w.map(mulBase), channel));
  const responses = w.map((wj, j) => modL(wj + c * randomness[j]!));
  return { ciphertexts: ciphertexts.map(pairToHex), proof: { challenge: scalarHex(c), responses: responses.map(scalarHex) }, randomness };
}

/** Whether a decoded proof of knowledge of the randomness holds (§7, or §7.1 for a paper ballot). */
function proofHolds(context: BallotContext, d: Omit<DecodedBallot, 'signatureChallenge' | 'signatureResponse'>, channel?: PaperChannel): boolean {
  const commitments = d.ciphertexts.map((p, j) => schnorrCommitment(d.responses[j]!, d.challenge, p.a));
  const tag = channel === undefined ? 'ballot-proof' : 'paper-ballot-proof';
  return hashToScalar(tag, proofItems(context, d.credential, d.ciphertexts, commitments, channel)) === d.challenge;
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
  const { ciphertexts, proof, randomness } = encryptAndProve(context, credential, ranking, random);
  const unsigned = { credential: pointHex(credential), ciphertexts, proof };
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
  const r = schnorrCommitment(d.signatureResponse, d.signatureChallenge, d.credential);
  if (hashToScalar('ballot-signature', [context.electionId, d.credential, body, r]) !== d.signatureChallenge) return { fault: 'signature' };
  if (!proofHolds(context, d)) return { fault: 'proof' };
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

// ---- Paper ballots (§7.1): entered by an officer, encrypted on the officer's device ----------------

/** The paper channels a paper ballot can come by (§7.1). */
export type PaperChannel = 'postal' | 'in-person';
export const PAPER_BALLOT_CHANNELS: readonly PaperChannel[] = ['postal', 'in-person'];

/**
 * A member's paper vote, encrypted by the officer who entered it: it spends the member's public
 * credential without its secret, so it carries no signature; its proof binds it to the election,
 * the credential and the channel.
 */
export interface PaperBallot {
  readonly credential: string;
  readonly channel: PaperChannel;
  readonly ciphertexts: readonly PairHex[];
  readonly proof: { readonly challenge: string; readonly responses: readonly string[] };
}

const isPaperChannel = (x: unknown): x is PaperChannel => (PAPER_BALLOT_CHANNELS as readonly unknown[]).includes(x);

/** A paper ballot of a ranking under a member's public credential (hex), and its tracker. */
export function encryptPaperBallot(
  context: BallotContext,
  publicCredential: string,
  channel: PaperChannel,
  ranking: Ranking,
  random: RandomBytes,
): { readonly ballot: PaperBallot; readonly tracker: string } {
  const credential = pointFromHex(publicCredential);
  if (credential === null) throw new RangeError('the public credential must be 64 lowercase hexadecimal digits of a point');
  const { ciphertexts, proof } = encryptAndProve(context, credential, ranking, random, channel);
  const ballot: PaperBallot = { credential: publicCredential, channel, ciphertexts, proof };
  return { ballot, tracker: paperBallotTracker(ballot) ?? '' };
}

function decodePaperBallot(ballot: PaperBallot, width: number): Omit<DecodedBallot, 'signatureChallenge' | 'signatureResponse'> | null {
  if (typeof ballot !== 'object' || ballot === null || !isPaperChannel(ballot.channel)) return null;
  const credential = pointFromHex(ballot.credential);
  const ciphertexts = vectorFromHex(ballot.ciphertexts, width);
  const challenge = scalarFromHex(ballot.proof?.challenge);
  const responses = scalarsFromHex(ballot.proof?.responses, width);
  if (credential === null || ciphertexts === null || challenge === null || responses === null) return null;
  return { credential, ciphertexts, challenge, responses };
}

/** A paper ballot's tracker: hex SHA-256 of its body and its channel's name (§7.1); null when malformed. */
export function paperBallotTracker(ballot: PaperBallot): string | null {
  const width = Array.isArray(ballot?.ciphertexts) ? ballot.ciphertexts.length : 0;
  const d = width > 0 ? decodePaperBallot(ballot, width) : null;
  if (d === null) return null;
  const body = ballotBody(d.credential, d.ciphertexts, d.challenge, d.responses);
  const channel = new TextEncoder().encode(ballot.channel);
  const all = new Uint8Array(body.length + channel.length);
  all.set(body);
  all.set(channel, body.length);
  return toHex(sha256(all));
}

/** Why a paper ballot fails its own checks (§11 item 4a, apart from its credential's standing), or null. */
export function checkPaperBallot(context: BallotContext, ballot: PaperBallot): { fault: 'encoding' | 'proof' } | { fault: null; ciphertexts: ElGamalPair[] } {
  const d = decodePaperBallot(ballot, rankingWidth(context.candidates));
  if (d === null) return { fault: 'encoding' };
  return proofHolds(context, d, ballot.channel) ? { fault: null, ciphertexts: d.ciphertexts } : { fault: 'proof' };
}
