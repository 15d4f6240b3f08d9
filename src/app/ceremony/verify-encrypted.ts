/**
 * Verifying an encrypted board (docs/verifiable-ballots.md §11): every cryptographic check, each
 * failure named in plain words with its code, then the decrypted rankings recounted by the counting
 * engine under the board's `count` terms and compared with the declared result, as for a plain
 * board. Pure: the caller reads the file.
 */
import { readCountTerms } from '../../integrity/board.js';
import { type CountedBallots, verifyCount } from '../../integrity/verify.js';
import { type EncryptedBoard, type VerificationCode, verifyEncryptedBoard } from '../../verifiable/board.js';

/** What each failure means, for a reader who does not know the protocol's words. */
const PLAIN: Readonly<Record<VerificationCode, string>> = {
  'election-parameters': 'the election’s parameters are wrong',
  'keygen-trustees': 'the key generation does not have one message from each trustee in order',
  'keygen-encoding': 'a trustee’s key-generation message is malformed',
  'keygen-proof': 'a trustee’s key-generation proof fails',
  'keygen-commitments': 'a trustee published the wrong number of commitments',
  'keygen-shares': 'a trustee did not deal one share to each other trustee',
  'election-key': 'the election key is not the one the trustees made',
  'credential-encoding': 'a public credential is malformed',
  'credential-duplicate': 'a public credential is listed twice',
  'ballot-encoding': 'a ballot is malformed',
  'ballot-credential-unknown': 'a ballot is signed with a credential that was never published (a ballot the credential authority did not allow)',
  'ballot-credential-reused': 'a credential was used for two ballots',
  'ballot-signature': 'a ballot’s signature is forged or the ballot was changed after it was signed',
  'ballot-proof': 'a ballot’s proof fails (a ballot copied from another voter, or changed)',
  'paper-ballot-encoding': 'a ballot entered from paper is malformed',
  'paper-ballot-credential-unknown': 'a ballot entered from paper spends a credential that was never published',
  'paper-ballot-credential-reused': 'a ballot entered from paper spends a credential already used, online or on paper',
  'paper-ballot-proof': 'a ballot entered from paper has a proof that fails (copied, changed, or moved to another channel)',
  'spent-count': 'the board’s count of credentials spent by each channel does not match the ballots it holds',
  'mix-count': 'too few trustees mixed the ballots',
  'mix-mixer': 'a mix was made by someone who is not a trustee, or by a trustee twice',
  'mix-length': 'a mix dropped or added ballots',
  'mix-encoding': 'a mix or its proof is malformed',
  'mix-proof': 'a mix’s proof of shuffle fails (ballots swapped, dropped, added or changed in the mix)',
  'decryption-count': 'too few trustees decrypted',
  'decryption-encoding': 'a trustee’s decryption shares are malformed or incomplete',
  'decryption-proof': 'a trustee’s decryption share is wrong',
  'plaintext-encoding': 'the decrypted ballots are malformed',
  'plaintext-mismatch': 'a decrypted ballot is not what the trustees’ shares give',
  'ranking-count': 'the number of published rankings is not the number of ballots decrypted',
  'ranking-mismatch': 'a published ranking was altered after decryption',
};

export interface EncryptedVerification {
  readonly problems: readonly string[];
  readonly checked: readonly string[];
  /** Whether a result has been declared (and so compared with the recount). */
  readonly declared: boolean;
  /** Whether the board was decrypted (else it was checked as far as its ceremony has gone). */
  readonly finished: boolean;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** Whether the trustees have begun to decrypt: before that, a board is checked as far as it goes. */
const decrypting = (board: EncryptedBoard): boolean =>
  [board.decryptions, board.plaintexts, board.rankings].some((list) => list !== undefined && (!Array.isArray(list) || list.length > 0)) ||
  (board.count?.declared ?? null) !== null;

export function verifyEncryptedElection(board: EncryptedBoard): EncryptedVerification {
  const whole = decrypting(board);
  const v = verifyEncryptedBoard(board, whole ? 'all' : 'mixes');
  const problems = v.failures.map((f) => `${PLAIN[f.code]}: ${f.detail} [${f.code}]`);
  const checked: string[] = [];
  if (v.mixed === null) return { problems, checked, declared: false, finished: whole };
  const e = board.election;
  const mixes = Array.isArray(board.mixes) ? board.mixes : [];
  checked.push(
    `the key generation: ${plural(e.trustees, 'trustee')}, any ${e.threshold} of whom can decrypt; every proof verifies and the election key is theirs`,
    `${plural(board.ballots.length, 'ballot')}: each signed by a different one of the ${plural(board.credentials.length, 'published credential')}, each with a proof bound to this election and its credential`,
    ...(board.paperBallots === undefined
      ? []
      : [
          `${plural(board.paperBallots.length, 'paper ballot')} entered by officers (${board.spent?.postal ?? 0} by post, ${board.spent?.['in-person'] ?? 0} in person): each under a published credential no other ballot spent, each with a proof bound to this election, its credential and its channel; the credentials spent by each channel are the ballots of that channel (whether each is what its paper said is for the papers' own scrutiny)`,
        ]),
    mixes.length === 0
      ? 'no mixes yet'
      : `${plural(mixes.length, 'mix', 'mixes')} (by trustees ${mixes.map((m) => m.mixer).join(', ')}): each proof of shuffle verifies`,
  );
  if (v.decrypted === null) {
    if (!whole) checked.push('the ballots are not yet decrypted, so there is nothing to count');
    return { problems, checked, declared: false, finished: whole };
  }
  checked.push(
    `decryption by trustees ${board.decryptions.map((d) => d.trustee).join(', ')}: every share's proof verifies, and the plaintexts are what the shares give`,
  );
  const invalid = v.decrypted.filter((r) => r === null).length;
  checked.push(
    `the ${plural(v.decrypted.length, 'decrypted ballot')} decode to the published rankings${invalid > 0 ? ` (${plural(invalid, 'invalid ballot')}, counted as ranking nobody)` : ''}`,
  );
  if (board.count === undefined) {
    problems.push('the board does not say how to count the rankings (it has no "count": candidates, seats, method): they cannot be recounted');
    return { problems, checked, declared: false, finished: true };
  }
  const terms = readCountTerms(board.count);
  if (!terms.ok) {
    problems.push(...terms.error.problems);
    return { problems, checked, declared: false, finished: true };
  }
  const t = terms.value;
  if (t.candidates.length !== e.candidates) {
    problems.push(`the count names ${plural(t.candidates.length, 'candidate')}, but the ballots rank ${e.candidates}`);
    return { problems, checked, declared: t.declared !== null, finished: true };
  }
  const counted: CountedBallots = {
    process: { title: t.title },
    candidates: t.candidates,
    seats: t.seats,
    method: t.method,
    options: t.options,
    declared: t.declared,
    ballots: v.decrypted.map((r, i) => ({ tracker: `decrypted ballot ${i + 1}`, ranking: (r ?? []).map((c) => t.candidates[c]!.id) })),
  };
  verifyCount(counted, problems, checked);
  return { problems, checked, declared: t.declared !== null, finished: true };
}
