/**
 * The two verifiers of encrypted boards agree: src/verifiable's `verifyEncryptedBoard` and the
 * independent one in verifier/ (written from docs/verifiable-ballots.md alone). An honest board
 * passes both with the same rankings; each tampering fails both, with the same failure codes, and
 * both name the one the tampering should cause.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { castEncryptedBallot, makeCredential, signBallot } from '../../src/verifiable/ballot.js';
import { type EncryptedBoard, verifyEncryptedBoard } from '../../src/verifiable/board.js';
import { runEncryptedElection } from '../../src/verifiable/election.js';
import { pointFromHex } from '../../src/verifiable/group.js';
import { seededRandom } from '../../src/verifiable/random.js';
import { verifyBoard } from '../../verifier/checks.js';

const CANDIDATES = 5;
const random = seededRandom('verifiers-agree');

/** 20 rankings of 5 candidates, some short, one blank. */
const RANKINGS = Array.from({ length: 20 }, (_, i) => {
  const pool = [0, 1, 2, 3, 4];
  const length = i % 6;
  return Array.from({ length }, (_, n) => pool.splice((i * 7 + n * 3) % pool.length, 1)[0]!);
});

let honest: EncryptedBoard;
let secrets: readonly string[];

type Board = any;
const copy = (): Board => structuredClone(honest);
const context = () => ({ electionId: honest.election.id, electionKey: pointFromHex(honest.electionKey)!, candidates: CANDIDATES });

const sorted = (codes: readonly string[]) => [...codes].sort();
const referenceCodes = (board: Board) => sorted(verifyEncryptedBoard(board).failures.map((f) => f.code));
const independentCodes = (board: Board) => sorted(verifyBoard(board).failures.map((f) => f.code));

beforeAll(() => {
  const run = runEncryptedElection({
    id: 'verifiers-agree',
    candidates: CANDIDATES,
    threshold: 2,
    trustees: 3,
    rankings: RANKINGS,
    mixers: [3, 1],
    decryptors: [1, 2],
    random,
  });
  honest = run.board;
  secrets = run.credentialSecrets;
});

describe('both verifiers on an honest board', () => {
  it('pass it, with the same rankings: the cast ones, shuffled', () => {
    const reference = verifyEncryptedBoard(honest);
    const independent = verifyBoard(honest);
    expect(reference.failures).toEqual([]);
    expect(independent.failures).toEqual([]);
    expect(independent.rankings).toEqual(reference.decrypted);
    expect(independent.rankings?.map((r) => JSON.stringify(r)).sort()).toEqual(RANKINGS.map((r) => JSON.stringify(r)).sort());
  });
});

/** Each tampering, and the failure it must cause. */
const TAMPERINGS: readonly (readonly [string, string, () => Board])[] = [
  ...[0, 1].flatMap((m): (readonly [string, string, () => Board])[] => [
    [
      `two ciphertexts swapped in mix ${m + 1}`,
      'mix-proof',
      () => {
        const b = copy();
        const out = b.mixes[m].ciphertexts;
        [out[2], out[7]] = [out[7], out[2]];
        return b;
      },
    ],
    [
      `a ciphertext dropped from mix ${m + 1}`,
      'mix-length',
      () => {
        const b = copy();
        b.mixes[m].ciphertexts.splice(4, 1);
        return b;
      },
    ],
    [
      `a ciphertext added to mix ${m + 1}`,
      'mix-length',
      () => {
        const b = copy();
        b.mixes[m].ciphertexts.push(b.mixes[m].ciphertexts[0]);
        return b;
      },
    ],
    [
      `a ciphertext of mix ${m + 1} replaced by a copy of another`,
      'mix-proof',
      () => {
        const b = copy();
        b.mixes[m].ciphertexts[3] = b.mixes[m].ciphertexts[5];
        return b;
      },
    ],
  ]),
  [
    'a wrong decryption share',
    'decryption-proof',
    () => {
      const b = copy();
      b.decryptions[1].shares[6][0].share = b.decryptions[1].shares[9][0].share;
      return b;
    },
  ],
  [
    'a ballot signed with a forged credential (a key that is not the published one)',
    'ballot-signature',
    () => {
      const b = copy();
      const { signature: _, ...unsigned } = b.ballots[5];
      b.ballots[5] = signBallot(context(), makeCredential(random).secret, unsigned, random);
      return b;
    },
  ],
  [
    'a second ballot with a credential already used',
    'ballot-credential-reused',
    () => {
      const b = copy();
      b.ballots.push(castEncryptedBallot(context(), secrets[0]!, [4, 3], random).ballot);
      return b;
    },
  ],
  [
    'a ballot with an unpublished credential',
    'ballot-credential-unknown',
    () => {
      const b = copy();
      b.ballots.push(castEncryptedBallot(context(), makeCredential(random).secret, [4, 3], random).ballot);
      return b;
    },
  ],
  [
    "a ballot copied from another voter (their ciphertexts and proof, signed with one's own credential)",
    'ballot-proof',
    () => {
      const b = copy();
      const voter = 8;
      const { ciphertexts, proof } = b.ballots[3];
      b.ballots[voter] = signBallot(context(), secrets[voter]!, { credential: b.ballots[voter].credential, ciphertexts, proof }, random);
      return b;
    },
  ],
  [
    'a ballot changed on the board',
    'ballot-signature',
    () => {
      const b = copy();
      b.ballots[11].ciphertexts[0] = b.ballots[12].ciphertexts[0];
      return b;
    },
  ],
  [
    'a decrypted ranking altered before counting',
    'ranking-mismatch',
    () => {
      const b = copy();
      b.rankings[4] = b.rankings[4]?.length === 1 && b.rankings[4][0] === 2 ? [3] : [2];
      return b;
    },
  ],
  [
    'a plaintext altered',
    'plaintext-mismatch',
    () => {
      const b = copy();
      b.plaintexts[2] = b.plaintexts[10];
      return b;
    },
  ],
];

describe('both verifiers on a tampered board', () => {
  for (const [what, code, tamper] of TAMPERINGS) {
    it(`${what}: both fail it, naming ${code}, with the same failures`, () => {
      const board = tamper();
      const reference = referenceCodes(board);
      const independent = independentCodes(board);
      expect(reference).toContain(code);
      expect(independent).toContain(code);
      expect(independent).toEqual(reference);
    });
  }
});
