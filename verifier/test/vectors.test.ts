/** The independent verifier against the specification's test vectors (docs/verifiable-ballots-vectors.json). */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyBoard } from '../checks.js';
import { BASE, bytesOfHex, digest, generator, hashToScalar, hexOfBytes, type Item, pointOf, scalarBytes, scalarOf, shortHash, times, u32 } from '../group.js';
import { integerToPoints, integerToRanking, pointsToInteger, rankingToInteger, widthOf } from '../ranking.js';

const VECTORS = JSON.parse(readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/verifiable-ballots-vectors.json'), 'utf8'));

const itemOf = (item: { utf8?: string; u32?: number; hex?: string }): Item =>
  item.utf8 !== undefined ? item.utf8 : item.u32 !== undefined ? u32(item.u32) : bytesOfHex(item.hex!);

describe('the hashes and generators of §2–3', () => {
  for (const f of VECTORS.frames) {
    it(`frames "${f.tag}"`, () => {
      const items = f.items.map(itemOf);
      expect(hexOfBytes(digest(f.tag, items))).toBe(f.sha512);
      expect(hexOfBytes(scalarBytes(hashToScalar(f.tag, items)))).toBe(f.hashToScalar);
      expect(shortHash(f.tag, items).toString()).toBe(f.shortHash);
    });
  }

  it('derives H_0 … H_3', () => {
    expect(VECTORS.generators.map((_: string, i: number) => hexOfBytes(generator(i).toBytes()))).toEqual(VECTORS.generators);
  });
});

describe('the ranking encoding of §4', () => {
  for (const r of VECTORS.rankings) {
    it(`${r.candidates} candidates, ranking of ${r.ranking.length}`, () => {
      expect(widthOf(r.candidates)).toBe(r.width);
      expect(rankingToInteger(r.candidates, r.ranking).toString()).toBe(r.integer);
      const points = integerToPoints(r.candidates, BigInt(r.integer));
      expect(points.map((p) => hexOfBytes(p.toBytes()))).toEqual(r.points);
      expect(integerToRanking(r.candidates, pointsToInteger(points))).toEqual(r.ranking);
    });
  }

  it('rejects values out of range and digits after the end of a ranking', () => {
    expect(integerToRanking(5, 720n)).toBeNull();
    expect(integerToRanking(5, 719n)).not.toBeNull();
    // digit 0 = 0 (ranking ends), digit 1 = 1: invalid
    expect(integerToRanking(5, 6n)).toBeNull();
    expect(widthOf(53)).toBe(1);
    expect(widthOf(54)).toBe(2);
  });
});

describe('credentials and keys', () => {
  it('derives the signing key and public credential of §7', () => {
    const c = VECTORS.credential;
    const x = hashToScalar('credential', [bytesOfHex(c.secret)]);
    expect(hexOfBytes(scalarBytes(x))).toBe(c.signingKey);
    expect(hexOfBytes(times(BASE, x).toBytes())).toBe(c.publicCredential);
  });

  it("the vectors' secrets match their board", () => {
    const { secrets, board } = VECTORS.election;
    secrets.decryptionKeys.forEach((x: string, j: number) => {
      expect(times(BASE, scalarOf(x, 'key')).equals(pointOf(secrets.verificationKeys[j], 'key'))).toBe(true);
    });
    for (const k of secrets.credentialSecrets) {
      const q = hexOfBytes(times(BASE, hashToScalar('credential', [bytesOfHex(k)])).toBytes());
      expect(board.credentials).toContain(q);
    }
  });
});

describe('the board of the vectors', () => {
  const board = () => structuredClone(VECTORS.election.board);
  const codes = (b: unknown) => verifyBoard(b).failures.map((f) => f.code);

  it('verifies, and gives its rankings', () => {
    const verdict = verifyBoard(board());
    expect(verdict.failures).toEqual([]);
    expect(verdict.rankings).toEqual(VECTORS.election.board.rankings);
  });

  it('names what was changed', () => {
    const ranking = board();
    ranking.rankings[1] = [3];
    expect(codes(ranking)).toEqual(['ranking-mismatch']);
    const signature = board();
    signature.ballots[2].signature = structuredClone(signature.ballots[1].signature);
    expect(codes(signature)).toEqual(['ballot-signature']);
    const reused = board();
    reused.ballots[3].credential = reused.ballots[0].credential;
    expect(codes(reused)).toEqual(['ballot-credential-reused', 'ballot-signature']);
    const swapped = board();
    const out = swapped.mixes[1].ciphertexts;
    [out[0], out[1]] = [out[1], out[0]];
    expect(codes(swapped)).toEqual(['mix-proof']);
    const share = board();
    share.decryptions[0].shares[0][0].share = share.decryptions[0].shares[1][0].share;
    expect(codes(share)).toEqual(['decryption-proof']);
    const upper = board();
    upper.electionKey = upper.electionKey.toUpperCase();
    expect(codes(upper)).toEqual(['election-key']);
    expect(codes({ ...board(), version: 2 })).toEqual(['election-parameters']);
    const twice = board();
    twice.decryptions.push(structuredClone(twice.decryptions[0]));
    expect(codes(twice)).toEqual(['decryption-count']);
    expect(codes({ ...board(), mixes: board().mixes.slice(0, 2) })).toEqual(['mix-count']);
  });
});

describe('the board of the vectors with paper ballots (§7.1)', () => {
  const board = () => structuredClone(VECTORS.paperElection.board);
  const codes = (b: unknown) => verifyBoard(b).failures.map((f) => f.code);

  it('verifies, with both channels mixed together, and gives its rankings', () => {
    const verdict = verifyBoard(board());
    expect(verdict.failures).toEqual([]);
    expect(verdict.rankings).toEqual(VECTORS.paperElection.board.rankings);
    expect(board().spent).toEqual({ online: 3, postal: 1, 'in-person': 1 });
  });

  it('names what was changed', () => {
    const reused = board();
    reused.paperBallots[0].credential = reused.ballots[0].credential;
    expect(codes(reused)).toEqual(['paper-ballot-credential-reused', 'paper-ballot-proof']);
    const moved = board();
    moved.paperBallots[0].channel = 'in-person';
    expect(codes(moved)).toEqual(['paper-ballot-proof', 'spent-count', 'spent-count']);
    const lying = board();
    lying.spent.online = 4;
    expect(codes(lying)).toEqual(['spent-count']);
    const other = board();
    other.spent.kiosk = 0;
    expect(codes(other)).toEqual(['spent-count']);
  });
});
