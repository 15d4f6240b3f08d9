/**
 * A whole encrypted election, 3 of 5 trustees and 3 mixes, verified from its board; then the board
 * tampered with in each way a dishonest operator or trustee might, each caught and named.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { castEncryptedBallot, makeCredential, signBallot } from '../../src/verifiable/ballot.js';
import { type EncryptedBoard, verifyEncryptedBoard } from '../../src/verifiable/board.js';
import { runEncryptedElection } from '../../src/verifiable/election.js';
import { mulBase, pointFromHex, pointHex, scalarHex } from '../../src/verifiable/group.js';
import { seededRandom } from '../../src/verifiable/random.js';

const RANKINGS = [[0, 1, 2], [2], [], [1, 0, 3, 4, 2], [4, 3], [3, 2, 1, 0, 4], [0]];

let honest: EncryptedBoard;
let secrets: readonly string[];

/** A deep copy to tamper with. */
const copy = (): { -readonly [K in keyof EncryptedBoard]: EncryptedBoard[K] } => structuredClone(honest) as never;
const codes = (board: EncryptedBoard) => verifyEncryptedBoard(board).failures.map((f) => f.code);
const context = () => ({ electionId: honest.election.id, electionKey: pointFromHex(honest.electionKey)!, candidates: honest.election.candidates });

beforeAll(() => {
  const run = runEncryptedElection({
    id: 'board-test',
    candidates: 5,
    threshold: 3,
    trustees: 5,
    rankings: RANKINGS,
    mixers: [2, 5, 1],
    decryptors: [1, 3, 4],
    random: seededRandom('board-test'),
  });
  honest = run.board;
  secrets = run.credentialSecrets;
});

describe('an honest board', () => {
  it('verifies, and its rankings are the cast ones, shuffled', () => {
    const result = verifyEncryptedBoard(honest);
    expect(result.failures).toEqual([]);
    expect(result.decrypted).toEqual(honest.rankings);
    const key = (r: readonly number[] | null) => JSON.stringify(r);
    expect(honest.rankings.map(key).sort()).toEqual(RANKINGS.map(key).sort());
  });

  it('survives a round trip through JSON', () => {
    expect(verifyEncryptedBoard(JSON.parse(JSON.stringify(honest))).failures).toEqual([]);
  });
});

describe('a tampered board is caught and named', () => {
  it('a ciphertext swapped in a mix', () => {
    for (const at of [0, 1, 2]) {
      const board = copy();
      board.mixes = board.mixes.map((m, i) => (i === at ? { ...m, ciphertexts: [m.ciphertexts[1]!, m.ciphertexts[0]!, ...m.ciphertexts.slice(2)] } : m));
      const { failures } = verifyEncryptedBoard(board);
      expect(failures.map((f) => f.code)).toEqual(['mix-proof']);
      expect(failures[0]!.detail).toContain(`mix ${at + 1}`);
    }
  });

  it('a ciphertext dropped from, added to or replaced in a mix', () => {
    const dropped = copy();
    dropped.mixes = dropped.mixes.map((m, i) => (i === 1 ? { ...m, ciphertexts: m.ciphertexts.slice(1) } : m));
    expect(codes(dropped)).toEqual(['mix-length']);
    const added = copy();
    added.mixes = added.mixes.map((m, i) => (i === 1 ? { ...m, ciphertexts: [...m.ciphertexts, m.ciphertexts[0]!] } : m));
    expect(codes(added)).toEqual(['mix-length']);
    const replaced = copy();
    const fresh = castEncryptedBallot(context(), makeCredential(seededRandom('stuffer')).secret, [4], seededRandom('stuff')).ballot.ciphertexts;
    replaced.mixes = replaced.mixes.map((m, i) => (i === 2 ? { ...m, ciphertexts: [fresh, ...m.ciphertexts.slice(1)] } : m));
    expect(codes(replaced)).toEqual(['mix-proof']);
  });

  it('too few mixes, or a trustee mixing twice', () => {
    const fewer = copy();
    fewer.mixes = fewer.mixes.slice(0, 2);
    fewer.decryptions = [];
    expect(codes(fewer)).toContain('mix-count');
    const twice = copy();
    twice.mixes = twice.mixes.map((m, i) => (i === 2 ? { ...m, mixer: 2 } : m));
    expect(codes(twice)).toEqual(expect.arrayContaining(['mix-mixer', 'mix-proof']));
    const nonsense = copy();
    nonsense.mixes = nonsense.mixes.map((m, i) => (i === 0 ? { ...m, mixer: 'x' as never } : m));
    expect(codes(nonsense)).toEqual(['mix-mixer']);
  });

  it('a wrong decryption share', () => {
    const board = copy();
    board.decryptions = board.decryptions.map((d, i) =>
      i === 1 ? { ...d, shares: d.shares.map((s, at) => (at === 3 ? [{ ...s[0]!, share: pointHex(mulBase(7n)) }] : s)) } : d,
    );
    const { failures } = verifyEncryptedBoard(board);
    expect(failures.map((f) => f.code)).toEqual(['decryption-proof']);
    expect(failures[0]!.detail).toContain('trustee 3');
    expect(failures[0]!.detail).toContain('ciphertext 4');
  });

  it('decryption by fewer trustees than the threshold', () => {
    const board = copy();
    board.decryptions = board.decryptions.slice(0, 2);
    expect(codes(board)).toEqual(['decryption-count']);
  });

  it('a ballot with an unpublished credential (the server adding a ballot)', () => {
    const board = copy();
    const stuffed = castEncryptedBallot(context(), makeCredential(seededRandom('server')).secret, [0], seededRandom('s')).ballot;
    board.ballots = [...board.ballots, stuffed];
    expect(codes(board)).toEqual(['ballot-credential-unknown']);
  });

  it('a ballot with a forged credential: a published one, signed without its secret', () => {
    const board = copy();
    const forger = makeCredential(seededRandom('forger'));
    const { ballot } = castEncryptedBallot(context(), forger.secret, [0], seededRandom('f'));
    board.ballots = [...board.ballots.slice(1), { ...ballot, credential: honest.ballots[0]!.credential }];
    expect(codes(board)).toEqual(expect.arrayContaining(['ballot-signature']));
    expect(codes(board)).not.toContain('ballot-credential-unknown');
  });

  it('a reused credential', () => {
    const board = copy();
    const again = castEncryptedBallot(context(), secrets[2]!, [1, 2], seededRandom('again')).ballot;
    board.ballots = [...board.ballots, again];
    const { failures } = verifyEncryptedBoard(board);
    expect(failures.map((f) => f.code)).toEqual(['ballot-credential-reused']);
    expect(failures[0]!.detail).toContain('ballot 8 uses the credential of ballot 3');
  });

  it('a ballot copied from another voter, re-signed with their own credential', () => {
    const board = copy();
    const copier = secrets[1]!;
    const { signature: _, ...body } = honest.ballots[0]!;
    const copied = signBallot(context(), copier, { ...body, credential: honest.ballots[1]!.credential }, seededRandom('copy'));
    board.ballots = board.ballots.map((b, i) => (i === 1 ? copied : b));
    const { failures } = verifyEncryptedBoard(board);
    expect(failures.map((f) => f.code)).toEqual(['ballot-proof']);
    expect(failures[0]!.detail).toContain('ballot 2');
  });

  it('a ballot altered on the board', () => {
    const board = copy();
    const other = honest.ballots[4]!.ciphertexts;
    board.ballots = board.ballots.map((b, i) => (i === 5 ? { ...b, ciphertexts: other } : b));
    expect(codes(board)).toEqual(['ballot-signature']);
    const resigned = copy();
    resigned.ballots = resigned.ballots.map((b, i) => (i === 5 ? { ...b, proof: { ...b.proof, responses: [scalarHex(1n)] } } : b));
    expect(codes(resigned)).toEqual(['ballot-signature']);
  });

  it('a decrypted ranking altered before counting', () => {
    const board = copy();
    board.rankings = board.rankings.map((r, i) => (i === 2 ? [4, 3, 2, 1, 0] : r));
    const { failures } = verifyEncryptedBoard(board);
    expect(failures.map((f) => f.code)).toEqual(['ranking-mismatch']);
    expect(failures[0]!.detail).toContain('ranking 3');
    const dropped = copy();
    dropped.rankings = dropped.rankings.slice(1);
    expect(codes(dropped)).toEqual(['ranking-count']);
  });

  it('a plaintext that is not what the shares combine to', () => {
    const board = copy();
    board.plaintexts = board.plaintexts.map((p, i) => (i === 4 ? [pointHex(mulBase(9n))] : p));
    const { failures } = verifyEncryptedBoard(board);
    expect(failures.map((f) => f.code)).toEqual(['plaintext-mismatch']);
    expect(failures[0]!.detail).toContain('plaintext 5');
  });

  it('an election key that is not the trustees’', () => {
    const board = copy();
    board.electionKey = pointHex(mulBase(5n));
    expect(codes(board)).toEqual(['election-key']);
  });

  it('a credential listed twice', () => {
    const board = copy();
    board.credentials = [...board.credentials, board.credentials[0]!];
    expect(codes(board)).toEqual(['credential-duplicate']);
  });

  it('malformed parameters', () => {
    const board = copy();
    board.election = { ...board.election, threshold: 6 };
    expect(codes(board)).toEqual(['election-parameters']);
  });
});

describe('any one hex digit changed anywhere on the board', () => {
  /** Every path to a hex string on the board, but the encrypted key shares (only their recipients can check those). */
  function hexPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
    if (typeof value === 'string') return /^[0-9a-f]{64}$/.test(value) ? [path] : [];
    if (Array.isArray(value)) return value.flatMap((v, i) => hexPaths(v, [...path, i]));
    if (value !== null && typeof value === 'object') {
      return Object.entries(value).flatMap(([k, v]) => (path[0] === 'keyGeneration' && k === 'shares' ? [] : hexPaths(v, [...path, k])));
    }
    return [];
  }

  it('is caught, and the verifier never throws', () => {
    const paths = hexPaths(honest);
    expect(paths.length).toBeGreaterThan(200);
    const bytes = seededRandom('fuzz');
    const pick = (n: number) => ((bytes(1)[0]! << 8) | bytes(1)[0]!) % n;
    for (let round = 0; round < 12; round++) {
      const board = structuredClone(honest) as unknown as Record<string, unknown>;
      const path = paths[pick(paths.length)]!;
      let parent = board as Record<string | number, unknown>;
      for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
      const last = path[path.length - 1]!;
      const text = parent[last] as string;
      const at = pick(64);
      const digit = '0123456789abcdef'[(Number.parseInt(text[at]!, 16) + 1 + pick(15)) % 16]!;
      parent[last] = text.slice(0, at) + digit + text.slice(at + 1);
      const result = verifyEncryptedBoard(board as unknown as EncryptedBoard);
      expect(result.failures.length, `changed ${path.join('.')} at digit ${at}`).toBeGreaterThan(0);
    }
  });
});
