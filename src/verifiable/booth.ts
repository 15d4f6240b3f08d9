/**
 * What a browser's booth needs from the protocol, in the JSON-friendly shape a page can hold
 * (hex in, hex out): encrypt a ranking (a voter's, or a paper vote an officer enters), audit an encryption the voter chose not to cast, and find a
 * ballot's tracker. Bundled for the browser (scripts/copy-static.mjs) as /static/verifiable.js.
 */
import {
  auditEncryption,
  ballotTracker,
  castEncryptedBallot,
  encryptPaperBallot,
  type EncryptedBallot,
  type PaperBallot,
  type PaperChannel,
} from './ballot.js';
import { pointFromHex, type RandomBytes, scalarFromHex, scalarHex } from './group.js';
import type { Ranking } from './ranking.js';

/** The election as the booth page states it. */
export interface BoothElection {
  readonly electionId: string;
  /** The election key, hex. */
  readonly electionKey: string;
  readonly candidates: number;
}

/** An encryption the voter may cast or audit: the ballot, its randomness (hex) and its tracker. */
export interface BoothEncryption {
  readonly ballot: EncryptedBallot;
  readonly randomness: readonly string[];
  readonly tracker: string;
}

function contextOf(election: BoothElection) {
  const key = pointFromHex(election.electionKey);
  if (key === null) throw new RangeError('the election key is not a point');
  return { electionId: election.electionId, electionKey: key, candidates: election.candidates };
}

export function boothEncrypt(election: BoothElection, credentialSecret: string, ranking: Ranking, random: RandomBytes): BoothEncryption {
  const made = castEncryptedBallot(contextOf(election), credentialSecret, ranking, random);
  return { ballot: made.ballot, randomness: made.randomness.map(scalarHex), tracker: made.tracker };
}

/**
 * A member's paper vote as an officer's page encrypts it (§7.1): under the member's public
 * credential (hex), bound to the channel it came by; the page posts the ballot, never the ranking.
 */
export function paperEncrypt(
  election: BoothElection,
  publicCredential: string,
  channel: PaperChannel,
  ranking: Ranking,
  random: RandomBytes,
): { readonly ballot: PaperBallot; readonly tracker: string } {
  return encryptPaperBallot(contextOf(election), publicCredential, channel, ranking, random);
}

/** True when the revealed randomness makes exactly this ballot's ciphertexts from this ranking. */
export function boothAudit(election: BoothElection, encryption: BoothEncryption, ranking: Ranking): boolean {
  const randomness = encryption.randomness.map(scalarFromHex);
  if (randomness.some((r) => r === null)) return false;
  return auditEncryption(contextOf(election), encryption.ballot, ranking, randomness as bigint[]);
}

/** The trackers of the ballots on a board, in its order (null for a malformed one). */
export function boardTrackers(ballots: readonly EncryptedBallot[]): (string | null)[] {
  return ballots.map(ballotTracker);
}
