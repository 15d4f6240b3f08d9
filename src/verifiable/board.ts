/**
 * The encrypted part of a board and its verification (docs/verifiable-ballots.md §11): every check a
 * verifier makes, each failure named by a code, and the rankings the count must receive.
 */
import {
  type BallotContext,
  type EncryptedBallot,
  PAPER_BALLOT_CHANNELS,
  type PaperBallot,
  type ReadBallot,
  readBallot,
  readBallotFault,
  readPaperBallot,
} from './ballot.js';
import { checkDecryptionShares, checkPlaintexts, type DecryptionMessage, lagrangeAtZero } from './decryption.js';
import { checkKeyGeneration, electionKeyOf, type KeyGenerationMessage, verificationKeyOf } from './dkg.js';
import type { ElGamalPair } from './elgamal.js';
import { type GroupElement, pointFromHex } from './group.js';
import { decodeRanking, MAX_ENCRYPTED_CANDIDATES, type Ranking, rankingWidth } from './ranking.js';
import { pointsFromHex, schnorrEquationsHold } from './proofs.js';
import { allShufflesHold, checkShuffle, type MixMessage } from './shuffle.js';

export interface EncryptedElectionParameters {
  readonly id: string;
  readonly candidates: number;
  readonly threshold: number;
  readonly trustees: number;
}

/**
 * What the count needs beyond the rankings (§11, `count`): ranking numbers index `candidates`. The
 * declared result is the plain board's `declared` (winners' ids and the count record), null until
 * it is declared. Carried as data here; src/integrity reads and checks it.
 */
export interface EncryptedCountTerms {
  readonly title: string;
  readonly candidates: readonly {
    readonly id: string;
    readonly name: string;
    readonly withdrawn: boolean;
    readonly attributes?: Readonly<Record<string, string>>;
  }[];
  readonly seats: number;
  readonly method: string;
  readonly options: Readonly<Record<string, string | number | boolean>>;
  readonly declared: { readonly elected: readonly string[]; readonly record: unknown } | null;
}

export interface EncryptedBoard {
  readonly version: 1;
  readonly election: EncryptedElectionParameters;
  /** How the rankings are counted and the declared result (absent from boards of the bare protocol, as in the test vectors). */
  readonly count?: EncryptedCountTerms;
  readonly keyGeneration: readonly KeyGenerationMessage[];
  readonly electionKey: string;
  readonly credentials: readonly string[];
  readonly ballots: readonly EncryptedBallot[];
  /** Ballots entered by officers from paper (§7.1); absent from boards without any paper channel. */
  readonly paperBallots?: readonly PaperBallot[];
  /** How many credentials each channel spent (§11 item 4b); present whenever `paperBallots` is. */
  readonly spent?: Readonly<Partial<Record<SpendingChannel, number>>>;
  readonly mixes: readonly MixMessage[];
  readonly decryptions: readonly DecryptionMessage[];
  /** The plaintext points of each ciphertext of the last mix, combined from the shares. */
  readonly plaintexts: readonly (readonly string[])[];
  readonly rankings: readonly (Ranking | null)[];
}

/** The channels by which a credential is spent: the booth's signed ballots, and the paper ones. */
export type SpendingChannel = 'online' | PaperBallot['channel'];
export const SPENDING_CHANNELS: readonly SpendingChannel[] = ['online', ...PAPER_BALLOT_CHANNELS];

export type VerificationCode =
  | 'election-parameters'
  | 'keygen-trustees'
  | 'keygen-encoding'
  | 'keygen-proof'
  | 'keygen-commitments'
  | 'keygen-shares'
  | 'election-key'
  | 'credential-encoding'
  | 'credential-duplicate'
  | 'ballot-encoding'
  | 'ballot-credential-unknown'
  | 'ballot-credential-reused'
  | 'ballot-signature'
  | 'ballot-proof'
  | 'paper-ballot-encoding'
  | 'paper-ballot-credential-unknown'
  | 'paper-ballot-credential-reused'
  | 'paper-ballot-proof'
  | 'spent-count'
  | 'mix-count'
  | 'mix-mixer'
  | 'mix-length'
  | 'mix-encoding'
  | 'mix-proof'
  | 'decryption-count'
  | 'decryption-encoding'
  | 'decryption-proof'
  | 'plaintext-encoding'
  | 'plaintext-mismatch'
  | 'ranking-count'
  | 'ranking-mismatch';

/** One failed check, with where it failed in plain words. */
export interface VerificationFailure {
  readonly code: VerificationCode;
  readonly detail: string;
}

export interface BoardVerification {
  readonly failures: readonly VerificationFailure[];
  /** The rankings decrypted from the last mix (null: invalid ballot), when decryption could be checked. */
  readonly decrypted: readonly (Ranking | null)[] | null;
  /**
   * The election key and the last list of ciphertexts checked (the ballots', or the last mix's
   * output), when every check up to it passed: what the next mixer shuffles and the trustees decrypt.
   */
  readonly mixed: {
    readonly key: GroupElement;
    readonly ciphertexts: readonly (readonly ElGamalPair[])[];
    readonly verificationKeys: readonly GroupElement[];
  } | null;
}

/**
 * How far to verify: `all` (a finished board), or `mixes`: a board still in its ceremony, checked
 * up to the mixes published so far, however few (before a trustee mixes or decrypts).
 */
export type VerificationExtent = 'all' | 'mixes';

const whole = (x: unknown, from: number, to: number): x is number => Number.isInteger(x) && (x as number) >= from && (x as number) <= to;

const sameRanking = (a: Ranking | null | undefined, b: Ranking | null): boolean =>
  a === null || b === null ? a === b : Array.isArray(a) && a.length === b.length && a.every((x, i) => x === b[i]);

type Fail = (code: VerificationCode, detail: string) => void;

/** Which of a read ballot's checks fails: none if all the ballots' checks held at once, else its own. */
type FaultOf = (read: ReadBallot) => 'signature' | 'proof' | null;

/**
 * §11 item 4a: each paper ballot well formed, under a published credential that no ballot of either
 * channel used before it, with a proof that holds; their ciphertexts, to follow the ballots' into the first mix.
 */
function checkPaperBallots(
  paper: readonly PaperBallot[],
  read: readonly (ReadBallot | null)[],
  candidates: number,
  online: number,
  credentials: ReadonlyMap<string, GroupElement>,
  used: Map<string, number>,
  faultOf: FaultOf,
  fail: Fail,
): ElGamalPair[][] {
  const out: ElGamalPair[][] = [];
  for (const [i, ballot] of paper.entries()) {
    const n = i + 1;
    const checked = read[i];
    if (checked === null || checked === undefined) {
      fail('paper-ballot-encoding', `paper ballot ${n} is not a well-formed paper ballot (a channel, a credential and ${candidates} candidates' ciphertexts)`);
      continue;
    }
    const earlier = used.get(ballot.credential);
    if (!credentials.has(ballot.credential)) fail('paper-ballot-credential-unknown', `paper ballot ${n} spends a credential not published on the board`);
    else if (earlier !== undefined)
      fail(
        'paper-ballot-credential-reused',
        `paper ballot ${n} spends the credential of ${earlier <= online ? `ballot ${earlier}` : `paper ballot ${earlier - online}`}`,
      );
    else used.set(ballot.credential, online + n);
    if (faultOf(checked) !== null)
      fail('paper-ballot-proof', `paper ballot ${n}'s proof of knowledge does not verify (for this election, key, credential and channel)`);
    else out.push(checked.ciphertexts);
  }
  return out;
}

/** §11 item 4b: `spent` says, for each channel, how many ballots of that channel the board holds. */
function checkSpent(board: EncryptedBoard, fail: Fail): void {
  if (board.spent === undefined && board.paperBallots === undefined) return;
  const spent = board.spent as unknown;
  if (typeof spent !== 'object' || spent === null || Array.isArray(spent)) {
    fail('spent-count', 'the board has paper ballots but does not say how many credentials each channel spent');
    return;
  }
  const stated = spent as Record<string, unknown>;
  const paper = Array.isArray(board.paperBallots) ? board.paperBallots : [];
  const held: Record<SpendingChannel, number> = {
    online: Array.isArray(board.ballots) ? board.ballots.length : 0,
    postal: paper.filter((b) => b?.channel === 'postal').length,
    'in-person': paper.filter((b) => b?.channel === 'in-person').length,
  };
  for (const name of Object.keys(stated))
    if (!(SPENDING_CHANNELS as readonly string[]).includes(name)) fail('spent-count', `"${name}" is not a channel by which a credential is spent`);
  for (const channel of SPENDING_CHANNELS) {
    const n = stated[channel] ?? 0;
    if (n !== held[channel])
      fail('spent-count', `the board says ${JSON.stringify(n)} credentials were spent ${channel}, but it holds ${held[channel]} such ballots`);
  }
}

/** Verifies a whole encrypted board from its public data alone. */
export function verifyEncryptedBoard(board: EncryptedBoard, extent: VerificationExtent = 'all'): BoardVerification {
  const failures: VerificationFailure[] = [];
  const fail: Fail = (code, detail) => void failures.push({ code, detail });
  const e = board?.election;
  if (
    board?.version !== 1 ||
    !e ||
    typeof e.id !== 'string' ||
    !whole(e.candidates, 1, MAX_ENCRYPTED_CANDIDATES) ||
    !whole(e.trustees, 1, 1000) ||
    !whole(e.threshold, 1, e.trustees)
  ) {
    fail('election-parameters', 'the version, election id, number of candidates (1 to 60) or threshold k of n trustees (1 ≤ k ≤ n) is wrong');
    return { failures, decrypted: null, mixed: null };
  }
  const width = rankingWidth(e.candidates);

  // Key generation and the election key.
  const keygen = checkKeyGeneration(e.id, e.threshold, e.trustees, board.keyGeneration);
  for (const f of keygen.faults) fail(f.code, f.detail);
  const key = pointFromHex(board.electionKey);
  if (keygen.faults.length > 0) return { failures, decrypted: null, mixed: null };
  if (key === null || !key.equals(electionKeyOf(keygen.commitments))) {
    fail('election-key', 'the election key is not the sum of the trustees’ first commitments');
    return { failures, decrypted: null, mixed: null };
  }

  // Credentials.
  const credentials = new Map<string, GroupElement>();
  for (const [i, q] of (Array.isArray(board.credentials) ? board.credentials : []).entries()) {
    const point = pointFromHex(q);
    if (point === null) fail('credential-encoding', `public credential ${i + 1} is not a point`);
    else if (credentials.has(q)) fail('credential-duplicate', `public credential ${i + 1} (${q}) is listed twice`);
    else credentials.set(q, point);
  }

  // Ballots, paper ones after them: each read, then every signature and proof checked at once; only
  // if that fails is each ballot checked alone, to name the ones that fail.
  const context: BallotContext = { electionId: e.id, electionKey: key, candidates: e.candidates };
  const used = new Map<string, number>();
  const ballots = Array.isArray(board.ballots) ? board.ballots : [];
  const paper = board.paperBallots === undefined ? [] : Array.isArray(board.paperBallots) ? board.paperBallots : null;
  const read = ballots.map((b) => readBallot(context, b, credentials));
  const readPaper = (paper ?? []).map((b) => readPaperBallot(context, b, credentials));
  const equations = [...read, ...readPaper].flatMap((r) => (r === null ? [] : r.signature === null ? r.proof : [r.signature, ...r.proof]));
  const allHold = schnorrEquationsHold('ballot-batch', equations);
  const faultOf: FaultOf = (r) => (allHold ? null : readBallotFault(r));
  const ballotCiphertexts: ElGamalPair[][] = [];
  for (const [i, ballot] of ballots.entries()) {
    const n = i + 1;
    const checked = read[i]!;
    if (checked === null) {
      fail('ballot-encoding', `ballot ${n} is not a well-formed ballot of ${width} ciphertext${width === 1 ? '' : 's'}`);
      continue;
    }
    if (!credentials.has(ballot.credential)) fail('ballot-credential-unknown', `ballot ${n} is signed with a credential not published on the board`);
    else if (used.has(ballot.credential)) fail('ballot-credential-reused', `ballot ${n} uses the credential of ballot ${used.get(ballot.credential)}`);
    else used.set(ballot.credential, n);
    const fault = faultOf(checked);
    if (fault === 'signature') fail('ballot-signature', `ballot ${n}'s signature does not verify with its credential`);
    if (fault === 'proof') fail('ballot-proof', `ballot ${n}'s proof of knowledge does not verify (for this election, key and credential)`);
    if (fault === null) ballotCiphertexts.push(checked.ciphertexts);
  }
  if (paper === null) fail('paper-ballot-encoding', 'the paper ballots are not a list');
  ballotCiphertexts.push(...checkPaperBallots(paper ?? [], readPaper, e.candidates, ballots.length, credentials, used, faultOf, fail));
  checkSpent(board, fail);
  if (failures.length > 0 || ballotCiphertexts.length === 0) {
    if (ballotCiphertexts.length === 0 && failures.length === 0) fail('ballot-encoding', 'the board holds no ballots to mix');
    return { failures, decrypted: null, mixed: null };
  }

  // Mixes.
  const mixes = Array.isArray(board.mixes) ? board.mixes : [];
  if (extent === 'all' && mixes.length < e.threshold)
    fail('mix-count', `${mixes.length} mix${mixes.length === 1 ? '' : 'es'}, fewer than the threshold of ${e.threshold}`);
  const mixers = new Set<number>();
  // All the mixes' proofs in one multiplication first; only if that fails is each checked alone.
  const fast = allShufflesHold(e.id, key, ballotCiphertexts, mixes);
  let current: ElGamalPair[][] = ballotCiphertexts;
  for (const [i, mix] of mixes.entries()) {
    const n = i + 1;
    if (!whole(mix?.mixer, 1, e.trustees) || mixers.has(mix.mixer))
      fail('mix-mixer', `mix ${n}'s mixer (${mix?.mixer}) is not a trustee who has not already mixed`);
    else mixers.add(mix.mixer);
    // A mixer that is not a whole number cannot be hashed: the mix cannot be checked at all.
    if (!whole(mix?.mixer, 0, 2 ** 32 - 1)) return { failures, decrypted: null, mixed: null };
    const checked = fast === null ? checkShuffle(e.id, key, current, mix) : { fault: null, outputs: fast[i]! };
    if (checked.fault !== null) {
      fail(checked.fault, `mix ${n} (by trustee ${mix?.mixer}): ${checked.detail}`);
      return { failures, decrypted: null, mixed: null };
    }
    current = checked.outputs;
  }
  if (failures.length > 0) return { failures, decrypted: null, mixed: null };
  const verificationKeys = Array.from({ length: e.trustees }, (_, j) => verificationKeyOf(keygen.commitments, j + 1));
  const mixed = { key, ciphertexts: current, verificationKeys };
  if (extent === 'mixes') return { failures, decrypted: null, mixed };

  // Decryption.
  const decryptions = Array.isArray(board.decryptions) ? board.decryptions : [];
  const trustees = decryptions.map((d) => d?.trustee);
  if (new Set(trustees).size !== trustees.length || trustees.some((t) => !whole(t, 1, e.trustees)) || trustees.length < e.threshold) {
    fail('decryption-count', `decryption shares from trustees ${JSON.stringify(trustees)}: need at least ${e.threshold} distinct trustees`);
    return { failures, decrypted: null, mixed: null };
  }
  const lagrange = lagrangeAtZero(trustees);
  const shares: GroupElement[][][] = [];
  for (const d of decryptions) {
    const checked = checkDecryptionShares(e.id, d, verificationKeys[d.trustee - 1]!, current);
    if (checked.fault === null) shares.push(checked.shares);
    else if (checked.fault === 'decryption-encoding')
      fail(
        checked.fault,
        `trustee ${d.trustee} did not publish ${width} well-formed share${width === 1 ? '' : 's'} for each of the ${current.length} ciphertexts`,
      );
    else
      fail(
        checked.fault,
        `trustee ${d.trustee}'s decryption share of ciphertext ${checked.ciphertext}${width > 1 ? ` (component ${checked.component})` : ''} does not verify`,
      );
  }
  if (failures.length > 0) return { failures, decrypted: null, mixed: null };
  const plaintexts: GroupElement[][] = [];
  for (const [i, hex] of (Array.isArray(board.plaintexts) && board.plaintexts.length === current.length ? board.plaintexts : [null]).entries()) {
    const points = hex === null ? null : pointsFromHex(hex, width);
    if (points === null) {
      fail(
        'plaintext-encoding',
        `the decrypted plaintexts are not ${width} point${width === 1 ? '' : 's'} for each of the ${current.length} ciphertexts (at ${i + 1})`,
      );
      return { failures, decrypted: null, mixed: null };
    }
    plaintexts.push(points);
  }
  const wrong = checkPlaintexts(current, plaintexts, shares, lagrange);
  if (wrong > 0) {
    fail('plaintext-mismatch', `plaintext ${wrong} is not what the trustees' shares decrypt ciphertext ${wrong} of the last mix to`);
    return { failures, decrypted: null, mixed: null };
  }
  const decrypted = plaintexts.map((points) => decodeRanking(points, e.candidates));

  // Rankings.
  const rankings = Array.isArray(board.rankings) ? board.rankings : [];
  if (rankings.length !== decrypted.length) fail('ranking-count', `${rankings.length} rankings published for ${decrypted.length} decrypted ballots`);
  else {
    for (const [i, r] of decrypted.entries()) {
      if (!sameRanking(rankings[i], r)) fail('ranking-mismatch', `ranking ${i + 1} is not what ciphertext ${i + 1} of the last mix decrypts to`);
    }
  }
  return { failures, decrypted, mixed };
}
