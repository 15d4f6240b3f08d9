/**
 * Credentials, and ballots encrypted, proved and signed (docs/verifiable-ballots.md §7): the proof of
 * knowledge binds the ciphertexts to the election, its key and the credential; the Schnorr signature
 * by the credential's key lets the board hold only ballots of published credentials. Both are
 * published with their commitments, so a verifier can check every ballot's at once.
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
} from './group.js';
import { type PairHex, pairToHex, pointsFromHex, type SchnorrEquation, schnorrHolds, scalarsFromHex, vectorFromHex } from './proofs.js';
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

/** A ballot's proof of knowledge of its encryption's randomness, as published: commitments A_j and responses s_j. */
export interface BallotProof {
  readonly commitments: readonly string[];
  readonly responses: readonly string[];
}

/** A ballot as published on the board. */
export interface EncryptedBallot {
  readonly credential: string;
  readonly ciphertexts: readonly PairHex[];
  readonly proof: BallotProof;
  readonly signature: { readonly commitment: string; readonly response: string };
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

const proofTag = (channel?: PaperChannel): string => (channel === undefined ? 'ballot-proof' : 'paper-ballot-proof');

/** Encrypts a ranking with a proof of knowledge of its randomness: an online ballot's, or with a channel a paper ballot's. */
function encryptAndProve(
  context: BallotContext,
  credential: GroupElement,
  ranking: Ranking,
  random: RandomBytes,
  channel?: PaperChannel,
): { readonly ciphertexts: PairHex[]; readonly proof: { commitments: string[]; responses: string[] }; readonly randomness: bigint[] } {
  const { ciphertexts, randomness } = encryptPoints(context.electionKey, encodeRanking(ranking, context.candidates), random);
  const w = ciphertexts.map(() => randomScalar(random));
  const commitments = w.map(mulBase);
  const c = hashToScalar(proofTag(channel), proofItems(context, credential, ciphertexts, commitments, channel));
  const responses = w.map((wj, j) => modL(wj + c * randomness[j]!));
  return { ciphertexts: ciphertexts.map(pairToHex), proof: { commitments: commitments.map(pointHex), responses: responses.map(scalarHex) }, randomness };
}

/** The parts of a ballot that its signature covers, decoded: the credential, ciphertexts and proof. */
export interface DecodedBody {
  readonly credential: GroupElement;
  readonly ciphertexts: ElGamalPair[];
  readonly commitments: GroupElement[];
  readonly responses: bigint[];
}

/** A ballot decoded from the board. */
export interface DecodedBallot extends DecodedBody {
  readonly signatureCommitment: GroupElement;
  readonly signatureResponse: bigint;
}

/** The equations a decoded proof of knowledge of the randomness must satisfy (§7, or §7.1 for a paper ballot). */
function proofEquations(context: BallotContext, d: DecodedBody, channel?: PaperChannel): SchnorrEquation[] {
  const c = hashToScalar(proofTag(channel), proofItems(context, d.credential, d.ciphertexts, d.commitments, channel));
  return d.ciphertexts.map((p, j) => ({ commitment: d.commitments[j]!, response: d.responses[j]!, challenge: c, point: p.a }));
}

/** body = Q || a_1 || b_1 || … || A_1 || … || s_1 || … (§7): what is signed and hashed for the tracker. */
function ballotBody(d: DecodedBody): Uint8Array {
  const parts = [
    pointBytes(d.credential),
    ...d.ciphertexts.flatMap((p) => [pointBytes(p.a), pointBytes(p.b)]),
    ...d.commitments.map(pointBytes),
    ...d.responses.map(scalarBytes),
  ];
  const out = new Uint8Array(32 * parts.length);
  for (const [i, p] of parts.entries()) out.set(p, 32 * i);
  return out;
}

/** The equation a ballot's signature must satisfy (§7). */
function signatureEquation(context: BallotContext, d: DecodedBallot): SchnorrEquation {
  const e = hashToScalar('ballot-signature', [context.electionId, d.credential, ballotBody(d), d.signatureCommitment]);
  return { commitment: d.signatureCommitment, response: d.signatureResponse, challenge: e, point: d.credential };
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
  const d = decodeBody(unsigned, rankingWidth(context.candidates));
  if (x === null || d === null) throw new RangeError('the credential must be 64 hexadecimal digits and the ballot well formed');
  const k = randomScalar(random);
  const r = mulBase(k);
  const e = hashToScalar('ballot-signature', [context.electionId, d.credential, ballotBody(d), r]);
  return { ...unsigned, signature: { commitment: pointHex(r), response: scalarHex(modL(k + e * x)) } };
}

/** The signed parts of a ballot (online or paper) decoded; null if any is malformed. */
function decodeBody(ballot: Omit<EncryptedBallot, 'signature'>, width: number, known?: ReadonlyMap<string, GroupElement>): DecodedBody | null {
  if (typeof ballot !== 'object' || ballot === null) return null;
  const credential = known?.get(ballot.credential) ?? pointFromHex(ballot.credential);
  const ciphertexts = vectorFromHex(ballot.ciphertexts, width);
  const commitments = pointsFromHex(ballot.proof?.commitments, width);
  const responses = scalarsFromHex(ballot.proof?.responses, width);
  if (credential === null || ciphertexts === null || commitments === null || responses === null) return null;
  return { credential, ciphertexts, commitments, responses };
}

/** `known`: public credentials already decoded (from the board's list), by their hex. */
export function decodeBallot(ballot: EncryptedBallot, width: number, known?: ReadonlyMap<string, GroupElement>): DecodedBallot | null {
  const body = decodeBody(ballot, width, known);
  const signatureCommitment = pointFromHex(ballot?.signature?.commitment);
  const signatureResponse = scalarFromHex(ballot?.signature?.response);
  if (body === null || signatureCommitment === null || signatureResponse === null) return null;
  return { ...body, signatureCommitment, signatureResponse };
}

/** The tracker: hex SHA-256 of the body and signature; null for a malformed ballot. */
export function ballotTracker(ballot: EncryptedBallot): string | null {
  const width = Array.isArray(ballot?.ciphertexts) ? ballot.ciphertexts.length : 0;
  const d = width > 0 ? decodeBallot(ballot, width) : null;
  return d === null ? null : trackerOf(d);
}

function trackerOf(d: DecodedBallot): string {
  const body = ballotBody(d);
  const all = new Uint8Array(body.length + 64);
  all.set(body);
  all.set(pointBytes(d.signatureCommitment), body.length);
  all.set(scalarBytes(d.signatureResponse), body.length + 32);
  return toHex(sha256(all));
}

/** Why a ballot fails its own checks (§11 item 4, apart from the credential's standing), or null. */
export type BallotFault = 'encoding' | 'signature' | 'proof';

/**
 * A well-formed ballot (online, or paper with `signature` null) read from the board: its ciphertexts
 * and the equations its signature and proof must satisfy, to be checked one by one or all at once.
 */
export interface ReadBallot {
  readonly ciphertexts: ElGamalPair[];
  readonly signature: SchnorrEquation | null;
  readonly proof: readonly SchnorrEquation[];
}

/** A ballot read from the board; null if it is malformed. */
export function readBallot(context: BallotContext, ballot: EncryptedBallot, known?: ReadonlyMap<string, GroupElement>): ReadBallot | null {
  const d = decodeBallot(ballot, rankingWidth(context.candidates), known);
  return d === null ? null : readDecoded(context, d);
}

const readDecoded = (context: BallotContext, d: DecodedBallot): ReadBallot => ({
  ciphertexts: d.ciphertexts,
  signature: signatureEquation(context, d),
  proof: proofEquations(context, d),
});

/**
 * Which of a read ballot's checks fails alone, or null: its signature first, then, only if that
 * holds, its proof (the signature covers the proof).
 */
export function readBallotFault(read: ReadBallot): 'signature' | 'proof' | null {
  if (read.signature !== null && !schnorrHolds(read.signature)) return 'signature';
  return read.proof.every(schnorrHolds) ? null : 'proof';
}

/** A ballot checked alone, as the server checks one at casting: decoded once for the checks and its tracker. */
export function checkBallot(
  context: BallotContext,
  ballot: EncryptedBallot,
  known?: ReadonlyMap<string, GroupElement>,
): { fault: BallotFault } | { fault: null; ciphertexts: ElGamalPair[]; tracker: string } {
  const d = decodeBallot(ballot, rankingWidth(context.candidates), known);
  if (d === null) return { fault: 'encoding' };
  const read = readDecoded(context, d);
  const fault = readBallotFault(read);
  return fault === null ? { fault: null, ciphertexts: read.ciphertexts, tracker: trackerOf(d) } : { fault };
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
  readonly proof: BallotProof;
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

function decodePaperBallot(ballot: PaperBallot, width: number, known?: ReadonlyMap<string, GroupElement>): DecodedBody | null {
  if (typeof ballot !== 'object' || ballot === null || !isPaperChannel(ballot.channel)) return null;
  return decodeBody(ballot, width, known);
}

/** A paper ballot's tracker: hex SHA-256 of its body and its channel's name (§7.1); null when malformed. */
export function paperBallotTracker(ballot: PaperBallot): string | null {
  const width = Array.isArray(ballot?.ciphertexts) ? ballot.ciphertexts.length : 0;
  const d = width > 0 ? decodePaperBallot(ballot, width) : null;
  return d === null ? null : paperTrackerOf(d, ballot.channel);
}

function paperTrackerOf(d: DecodedBody, channel: PaperChannel): string {
  const body = ballotBody(d);
  const name = new TextEncoder().encode(channel);
  const all = new Uint8Array(body.length + name.length);
  all.set(body);
  all.set(name, body.length);
  return toHex(sha256(all));
}

/** A paper ballot read from the board (its proof's equations, no signature); null if it is malformed. */
export function readPaperBallot(context: BallotContext, ballot: PaperBallot, known?: ReadonlyMap<string, GroupElement>): ReadBallot | null {
  const d = decodePaperBallot(ballot, rankingWidth(context.candidates), known);
  return d === null ? null : readPaperDecoded(context, d, ballot.channel);
}

const readPaperDecoded = (context: BallotContext, d: DecodedBody, channel: PaperChannel): ReadBallot => ({
  ciphertexts: d.ciphertexts,
  signature: null,
  proof: proofEquations(context, d, channel),
});

/**
 * Why a paper ballot fails its own checks (§11 item 4a, apart from its credential's standing), or
 * null with its tracker: decoded once for both, as the server checks one when an officer enters it.
 */
export function checkPaperBallot(
  context: BallotContext,
  ballot: PaperBallot,
): { fault: 'encoding' | 'proof' } | { fault: null; ciphertexts: ElGamalPair[]; tracker: string } {
  const d = decodePaperBallot(ballot, rankingWidth(context.candidates));
  if (d === null) return { fault: 'encoding' };
  const read = readPaperDecoded(context, d, ballot.channel);
  return readBallotFault(read) === null ? { fault: null, ciphertexts: read.ciphertexts, tracker: paperTrackerOf(d, ballot.channel) } : { fault: 'proof' };
}
