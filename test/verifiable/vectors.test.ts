/**
 * The published test vectors (docs/verifiable-ballots-vectors.json) still hold: the implementation
 * computes the same hashes, generators and encodings, and the board in them verifies. A change to
 * the protocol shows here first (regenerate with `npx tsx bench/verifiable-vectors.ts` and say so in
 * docs/verifiable-ballots.md).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { credentialSigningKey } from '../../src/verifiable/ballot.js';
import { type EncryptedBoard, verifyEncryptedBoard } from '../../src/verifiable/board.js';
import { fromHex, hashFrame, hashToScalar, hashToShort, independentGenerators, mulBase, pointHex, scalarHex, toHex } from '../../src/verifiable/group.js';
import { encodeRanking, rankingToInteger, rankingWidth } from '../../src/verifiable/ranking.js';

type Item = { u32: number } | { utf8: string } | { hex: string };
const vectors = JSON.parse(readFileSync(new URL('../../docs/verifiable-ballots-vectors.json', import.meta.url), 'utf8')) as {
  frames: { tag: string; items: Item[]; sha512: string; hashToScalar: string; shortHash: string }[];
  generators: string[];
  rankings: { candidates: number; ranking: number[]; width: number; integer: string; points: string[] }[];
  credential: { secret: string; signingKey: string; publicCredential: string };
  election: { board: EncryptedBoard; secrets: { decryptionKeys: string[]; verificationKeys: string[] } };
  paperElection: { board: EncryptedBoard };
};

describe('the published test vectors', () => {
  it('frames and hashes', () => {
    for (const f of vectors.frames) {
      const items = f.items.map((i) => ('u32' in i ? i.u32 : 'utf8' in i ? i.utf8 : fromHex(i.hex, i.hex.length / 2)!));
      expect(toHex(hashFrame(f.tag, items))).toBe(f.sha512);
      expect(scalarHex(hashToScalar(f.tag, items))).toBe(f.hashToScalar);
      expect(hashToShort(f.tag, items).toString()).toBe(f.shortHash);
    }
  });

  it('generators, ranking encodings and a credential', () => {
    expect(independentGenerators(vectors.generators.length).map(pointHex)).toEqual(vectors.generators);
    for (const r of vectors.rankings) {
      expect(rankingWidth(r.candidates)).toBe(r.width);
      expect(rankingToInteger(r.ranking, r.candidates).toString()).toBe(r.integer);
      expect(encodeRanking(r.ranking, r.candidates).map(pointHex)).toEqual(r.points);
    }
    const c = vectors.credential;
    expect(scalarHex(credentialSigningKey(c.secret)!)).toBe(c.signingKey);
    expect(pointHex(mulBase(credentialSigningKey(c.secret)!))).toBe(c.publicCredential);
  });

  it('a whole board that verifies', () => {
    const result = verifyEncryptedBoard(vectors.election.board);
    expect(result.failures).toEqual([]);
    expect(result.decrypted).toEqual(vectors.election.board.rankings);
  });

  it('a whole board with paper ballots that verifies', () => {
    const result = verifyEncryptedBoard(vectors.paperElection.board);
    expect(result.failures).toEqual([]);
    expect(result.decrypted).toEqual(vectors.paperElection.board.rankings);
    expect(vectors.paperElection.board.paperBallots?.map((b) => b.channel)).toEqual(['postal', 'in-person']);
  });
});
