/**
 * The two verifiers of encrypted boards agree: src/verifiable's `verifyEncryptedBoard` and the
 * independent one in verifier/ (written from docs/verifiable-ballots.md alone). An honest board
 * passes both with the same rankings; each tampering fails both, with the same failure codes, and
 * both name the one the tampering should cause.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { castEncryptedBallot, encryptPaperBallot, makeCredential, signBallot } from '../../src/verifiable/ballot.js';
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
/** The same voters, three of whom voted on paper (entered by an officer, under their public credentials). */
let withPaper: EncryptedBoard;
const PAPER = new Map([
  [2, 'postal'],
  [7, 'in-person'],
  [13, 'postal'],
] as const);

type Board = any;
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
  withPaper = runEncryptedElection({
    id: 'verifiers-agree-paper',
    candidates: CANDIDATES,
    threshold: 2,
    trustees: 3,
    rankings: RANKINGS,
    mixers: [2, 3],
    decryptors: [3, 1],
    paper: PAPER,
    random,
  }).board;
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

describe('both verifiers on an honest board with paper ballots', () => {
  it('pass it, with every vote of both channels among the rankings, and the credentials each channel spent', () => {
    const reference = verifyEncryptedBoard(withPaper);
    const independent = verifyBoard(withPaper);
    expect(reference.failures).toEqual([]);
    expect(independent.failures).toEqual([]);
    expect(withPaper.ballots).toHaveLength(17);
    expect(withPaper.paperBallots?.map((b) => b.channel)).toEqual(['postal', 'in-person', 'postal']);
    expect(withPaper.spent).toEqual({ online: 17, postal: 2, 'in-person': 1 });
    expect(independent.rankings).toEqual(reference.decrypted);
    expect(independent.rankings?.map((r) => JSON.stringify(r)).sort()).toEqual(RANKINGS.map((r) => JSON.stringify(r)).sort());
  });

  it('and a board of the first version, with neither paper ballots nor counts per channel, still passes both', () => {
    expect(honest).not.toHaveProperty('paperBallots');
    expect(honest).not.toHaveProperty('spent');
    expect(verifyBoard(honest).failures).toEqual([]);
  });
});

const paperCopy = (): Board => structuredClone(withPaper);

/** A tampering: what is done, the failure both verifiers must name, and the board it makes. */
type Tampering = readonly [what: string, code: string, tamper: () => Board];
/** A tampering that alters a fresh copy of a board in place. */
const tamperingOf =
  (original: () => EncryptedBoard) =>
  (what: string, code: string, change: (b: Board) => void): Tampering => [
    what,
    code,
    () => {
      const b: Board = structuredClone(original());
      change(b);
      return b;
    },
  ];
const tampering = tamperingOf(() => honest);
const paperTampering = tamperingOf(() => withPaper);

/** Each tampering fails both verifiers, both naming the failure it must cause, with the same failures. */
function bothFailEach(title: string, tamperings: readonly Tampering[]): void {
  describe(title, () => {
    for (const [what, code, tamper] of tamperings) {
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
}
const paperContext = () => ({ electionId: withPaper.election.id, electionKey: pointFromHex(withPaper.electionKey)!, candidates: CANDIDATES });

/** Tamperings of the board with paper ballots, and the failure each must cause. */
const PAPER_TAMPERINGS: readonly Tampering[] = [
  paperTampering('a paper ballot under a credential also used online', 'paper-ballot-credential-reused', (b) => {
    b.paperBallots.push(encryptPaperBallot(paperContext(), b.ballots[4].credential, 'postal', [1, 0], random).ballot);
    b.spent.postal += 1;
  }),
  paperTampering('two paper ballots under one credential', 'paper-ballot-credential-reused', (b) => {
    b.paperBallots.push(encryptPaperBallot(paperContext(), b.paperBallots[0].credential, 'in-person', [3], random).ballot);
    b.spent['in-person'] += 1;
  }),
  paperTampering('a paper ballot under an unpublished credential', 'paper-ballot-credential-unknown', (b) => {
    b.paperBallots.push(encryptPaperBallot(paperContext(), makeCredential(random).publicCredential, 'postal', [2], random).ballot);
    b.spent.postal += 1;
  }),
  paperTampering('a channel count that lies (one postal vote counted as in person)', 'spent-count', (b) => {
    b.spent.postal -= 1;
    b.spent['in-person'] += 1;
  }),
  paperTampering('a paper ballot dropped, the counts unchanged', 'spent-count', (b) => {
    b.paperBallots.splice(1, 1);
  }),
  paperTampering('paper ballots without the counts per channel', 'spent-count', (b) => {
    delete b.spent;
  }),
  paperTampering('a paper ballot moved to the other paper channel', 'paper-ballot-proof', (b) => {
    b.paperBallots[0].channel = 'in-person';
    b.spent.postal -= 1;
    b.spent['in-person'] += 1;
  }),
  paperTampering("an online ballot's ciphertexts and proof entered again as a paper ballot under an abstainer's credential", 'paper-ballot-proof', (b) => {
    const { ciphertexts, proof } = b.ballots[0];
    const spentCredentials = new Set([...b.ballots, ...b.paperBallots].map((x: { credential: string }) => x.credential));
    const abstainer = makeCredential(random).publicCredential;
    b.credentials = [...b.credentials, abstainer].sort();
    expect(spentCredentials.has(abstainer)).toBe(false);
    b.paperBallots.push({ credential: abstainer, channel: 'postal', ciphertexts, proof });
    b.spent.postal += 1;
  }),
  paperTampering('a paper ballot changed on the board', 'paper-ballot-proof', (b) => {
    b.paperBallots[2].ciphertexts[0] = b.paperBallots[1].ciphertexts[0];
  }),
  paperTampering('a paper ballot with no channel', 'paper-ballot-encoding', (b) => {
    delete b.paperBallots[1].channel;
  }),
];

/** Values of the wrong kind, for each field of a paper ballot and for the counts per channel. */
const WRONG_KINDS: readonly unknown[] = [null, 7, 'zz', []];

describe('both verifiers on paper ballots and counts of the wrong kind', () => {
  it('never throw, and agree failure code by failure code', () => {
    const fields = ['credential', 'channel', 'ciphertexts', 'proof'];
    for (const wrong of WRONG_KINDS) {
      const boards: Board[] = [];
      for (const field of fields) {
        const b = paperCopy();
        b.paperBallots[1][field] = wrong;
        boards.push(b);
      }
      const proof = paperCopy();
      proof.paperBallots[0].proof.responses = wrong;
      const list = paperCopy();
      list.paperBallots = wrong;
      const spent = paperCopy();
      spent.spent = wrong;
      const count = paperCopy();
      count.spent.postal = wrong;
      boards.push(proof, list, spent, count);
      for (const board of boards) {
        const reference = referenceCodes(board);
        expect(reference.length).toBeGreaterThan(0);
        expect(independentCodes(board)).toEqual(reference);
      }
    }
  });
});

bothFailEach('both verifiers on a tampered board with paper ballots', PAPER_TAMPERINGS);

/** Each tampering, and the failure it must cause. */
const TAMPERINGS: readonly Tampering[] = [
  ...[0, 1].flatMap((m): Tampering[] => [
    tampering(`two ciphertexts swapped in mix ${m + 1}`, 'mix-proof', (b) => {
      const out = b.mixes[m].ciphertexts;
      [out[2], out[7]] = [out[7], out[2]];
    }),
    tampering(`a ciphertext dropped from mix ${m + 1}`, 'mix-length', (b) => {
      b.mixes[m].ciphertexts.splice(4, 1);
    }),
    tampering(`a ciphertext added to mix ${m + 1}`, 'mix-length', (b) => {
      b.mixes[m].ciphertexts.push(b.mixes[m].ciphertexts[0]);
    }),
    tampering(`a ciphertext of mix ${m + 1} replaced by a copy of another`, 'mix-proof', (b) => {
      b.mixes[m].ciphertexts[3] = b.mixes[m].ciphertexts[5];
    }),
  ]),
  tampering('a wrong decryption share', 'decryption-proof', (b) => {
    b.decryptions[1].shares[6][0].share = b.decryptions[1].shares[9][0].share;
  }),
  tampering('a ballot signed with a forged credential (a key that is not the published one)', 'ballot-signature', (b) => {
    const { signature: _, ...unsigned } = b.ballots[5];
    b.ballots[5] = signBallot(context(), makeCredential(random).secret, unsigned, random);
  }),
  tampering('a second ballot with a credential already used', 'ballot-credential-reused', (b) => {
    b.ballots.push(castEncryptedBallot(context(), secrets[0]!, [4, 3], random).ballot);
  }),
  tampering('a ballot with an unpublished credential', 'ballot-credential-unknown', (b) => {
    b.ballots.push(castEncryptedBallot(context(), makeCredential(random).secret, [4, 3], random).ballot);
  }),
  tampering("a ballot copied from another voter (their ciphertexts and proof, signed with one's own credential)", 'ballot-proof', (b) => {
    const voter = 8;
    const { ciphertexts, proof } = b.ballots[3];
    b.ballots[voter] = signBallot(context(), secrets[voter]!, { credential: b.ballots[voter].credential, ciphertexts, proof }, random);
  }),
  tampering('a ballot changed on the board', 'ballot-signature', (b) => {
    b.ballots[11].ciphertexts[0] = b.ballots[12].ciphertexts[0];
  }),
  tampering('a decrypted ranking altered before counting', 'ranking-mismatch', (b) => {
    b.rankings[4] = b.rankings[4]?.length === 1 && b.rankings[4][0] === 2 ? [3] : [2];
  }),
  tampering('a plaintext altered', 'plaintext-mismatch', (b) => {
    b.plaintexts[2] = b.plaintexts[10];
  }),
];

bothFailEach('both verifiers on a tampered board', TAMPERINGS);
