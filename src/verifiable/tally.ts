/**
 * The plaintexts and rankings a board publishes once the trustees' decryption shares are in
 * (docs/verifiable-ballots.md §10–11): each plaintext point combined by Lagrange interpolation from
 * the shares of the trustees who decrypted, each ranking decoded from its points. Whoever assembles
 * the board calls this after checking the shares; a verifier recomputes and compares.
 */
import { combineShares, type DecryptionMessage, lagrangeAtZero } from './decryption.js';
import type { ElGamalPair } from './elgamal.js';
import { pointFromHex, pointHex } from './group.js';
import { decodeRanking, type Ranking } from './ranking.js';

export function combineDecryptions(
  ciphertexts: readonly (readonly ElGamalPair[])[],
  decryptions: readonly DecryptionMessage[],
  candidates: number,
): { readonly plaintexts: string[][]; readonly rankings: (Ranking | null)[] } {
  const lagrange = lagrangeAtZero(decryptions.map((d) => d.trustee));
  const points = ciphertexts.map((vector, i) =>
    vector.map((pair, c) =>
      combineShares(
        pair.b,
        decryptions.map((d) => {
          const share = pointFromHex(d.shares[i]?.[c]?.share ?? '');
          if (share === null) throw new RangeError(`trustee ${d.trustee}'s share of ciphertext ${i + 1} is not a point`);
          return share;
        }),
        lagrange,
      ),
    ),
  );
  return { plaintexts: points.map((p) => p.map(pointHex)), rankings: points.map((p) => decodeRanking(p, candidates)) };
}
