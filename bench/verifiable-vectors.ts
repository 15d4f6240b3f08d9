/**
 * Writes docs/verifiable-ballots-vectors.json: test vectors for docs/verifiable-ballots.md, made by the
 * reference implementation (src/verifiable) from fixed seeds.
 *
 * Run: npx tsx bench/verifiable-vectors.ts
 */
import { writeFileSync } from 'node:fs';
import { credentialSigningKey, makeCredential } from '../src/verifiable/ballot.js';
import { runEncryptedElection } from '../src/verifiable/election.js';
import { hashFrame, hashToScalar, hashToShort, independentGenerators, mulBase, pointHex, scalarHex, toHex } from '../src/verifiable/group.js';
import { seededRandom } from '../src/verifiable/random.js';
import { encodeRanking, rankingToInteger, rankingWidth } from '../src/verifiable/ranking.js';

const frames = [
  { tag: 'example', items: ['abc', 7] },
  { tag: 'credential', items: [new Uint8Array(32).fill(1)] },
].map(({ tag, items }) => ({
  tag,
  items: items.map((i) => (typeof i === 'number' ? { u32: i } : typeof i === 'string' ? { utf8: i } : { hex: toHex(i) })),
  sha512: toHex(hashFrame(tag, items)),
  hashToScalar: scalarHex(hashToScalar(tag, items)),
  shortHash: hashToShort(tag, items).toString(),
}));

const rankings = [
  { candidates: 5, ranking: [3, 0, 4] },
  { candidates: 5, ranking: [] },
  { candidates: 30, ranking: [29, 0, 15, 7] },
  { candidates: 53, ranking: Array.from({ length: 53 }, (_, i) => 52 - i) },
  { candidates: 60, ranking: Array.from({ length: 60 }, (_, i) => 59 - i) },
].map(({ candidates, ranking }) => ({
  candidates,
  ranking,
  width: rankingWidth(candidates),
  integer: rankingToInteger(ranking, candidates).toString(),
  points: encodeRanking(ranking, candidates).map(pointHex),
}));

const credential = makeCredential(seededRandom('vectors-credential'));
const run = runEncryptedElection({
  id: 'vectors-2026',
  candidates: 5,
  threshold: 3,
  trustees: 5,
  rankings: [[0, 1, 2], [4], [], [2, 3, 1, 0, 4]],
  mixers: [1, 3, 5],
  decryptors: [2, 3, 5],
  random: seededRandom('vectors-election'),
});

// Voters 2 and 4 (indexes 1 and 3) vote on paper, entered by an officer (§7.1).
const paperRun = runEncryptedElection({
  id: 'vectors-paper-2026',
  candidates: 5,
  threshold: 2,
  trustees: 3,
  rankings: [[1, 0], [4, 2], [3], [0, 1, 2, 3, 4], [2]],
  mixers: [2, 3],
  decryptors: [1, 3],
  paper: new Map([
    [1, 'postal'],
    [3, 'in-person'],
  ] as const),
  random: seededRandom('vectors-paper-election'),
});

const vectors = {
  about: 'Test vectors for docs/verifiable-ballots.md (version 1), made by src/verifiable from fixed seeds with bench/verifiable-vectors.ts.',
  frames,
  generators: independentGenerators(4).map(pointHex),
  rankings,
  credential: { secret: credential.secret, signingKey: scalarHex(credentialSigningKey(credential.secret)!), publicCredential: credential.publicCredential },
  election: {
    note: 'A whole board that verifies: 3 of 5 trustees, 4 ballots of 5 candidates, mixed by trustees 1, 3, 5 and decrypted by 2, 3, 5. The secrets are given so that each step can be recomputed.',
    secrets: {
      decryptionKeys: run.decryptionKeys.map(scalarHex),
      verificationKeys: run.decryptionKeys.map((x) => pointHex(mulBase(x))),
      credentialSecrets: run.credentialSecrets,
    },
    board: run.board,
  },
  paperElection: {
    note: 'A board with paper ballots (§7.1) that verifies: 2 of 3 trustees, 5 voters of 5 candidates, 3 online and 2 on paper (one postal, one in person), mixed by trustees 2, 3 and decrypted by 1, 3.',
    secrets: {
      decryptionKeys: paperRun.decryptionKeys.map(scalarHex),
      verificationKeys: paperRun.decryptionKeys.map((x) => pointHex(mulBase(x))),
      credentialSecrets: paperRun.credentialSecrets,
    },
    board: paperRun.board,
  },
};
writeFileSync(new URL('../docs/verifiable-ballots-vectors.json', import.meta.url), `${JSON.stringify(vectors, null, 1)}\n`);
console.log('wrote docs/verifiable-ballots-vectors.json');
