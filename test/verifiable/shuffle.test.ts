import { describe, expect, it } from 'vitest';
import { decryptPair, encryptPoints } from '../../src/verifiable/elgamal.js';
import { mulBase, randomScalar, scalarFromHex, scalarHex } from '../../src/verifiable/group.js';
import { seededRandom } from '../../src/verifiable/random.js';
import { decodeRanking, encodeRanking } from '../../src/verifiable/ranking.js';
import { checkShuffle, shuffleAndProve } from '../../src/verifiable/shuffle.js';

describe('the proof of shuffle', () => {
  const random = seededRandom('shuffle');
  const x = randomScalar(random);
  const key = mulBase(x);

  function ballots(candidates: number, rankings: readonly (readonly number[])[]) {
    return rankings.map((r) => encryptPoints(key, encodeRanking(r, candidates), random).ciphertexts);
  }

  it('proves a shuffle of ballots two elements wide (60 candidates), which decrypt to the same rankings', () => {
    const rankings = [[59, 0], [], [1, 2, 3], Array.from({ length: 60 }, (_, i) => i)];
    const inputs = ballots(60, rankings);
    const { message, outputs } = shuffleAndProve('e', 1, key, inputs, random);
    const checked = checkShuffle('e', key, inputs, JSON.parse(JSON.stringify(message)));
    expect(checked.fault).toBeNull();
    const out = outputs.map((v) =>
      decodeRanking(
        v.map((p) => decryptPair(x, p)),
        60,
      ),
    );
    expect(out.map((r) => JSON.stringify(r)).sort()).toEqual(rankings.map((r) => JSON.stringify(r)).sort());
  });

  it('proves a shuffle of a single ballot', () => {
    const inputs = ballots(5, [[1]]);
    const { message } = shuffleAndProve('e', 1, key, inputs, random);
    expect(checkShuffle('e', key, inputs, message).fault).toBeNull();
  });

  it('is bound to its election, mixer and input', () => {
    const inputs = ballots(5, [[1], [2], [3]]);
    const { message } = shuffleAndProve('e', 1, key, inputs, random);
    expect(checkShuffle('other', key, inputs, message).fault).toBe('mix-proof');
    expect(checkShuffle('e', key, inputs, { ...message, mixer: 2 }).fault).toBe('mix-proof');
    expect(checkShuffle('e', key, [inputs[1]!, inputs[0]!, inputs[2]!], message).fault).toBe('mix-proof');
  });

  it('names the equation a tampered response breaks', () => {
    const inputs = ballots(5, [[1], [2], [3], [4]]);
    const { message } = shuffleAndProve('e', 1, key, inputs, random);
    const bump = (hex: string) => scalarHex(scalarFromHex(hex)! + 1n);
    const sHat = message.proof.sHat.map((s, i) => (i === 2 ? bump(s) : s));
    const tampered = checkShuffle('e', key, inputs, { ...message, proof: { ...message.proof, sHat } });
    expect(tampered).toEqual({ fault: 'mix-proof', detail: 'the chain link 3 equation fails' });
    const s1 = checkShuffle('e', key, inputs, { ...message, proof: { ...message.proof, s1: bump(message.proof.s1) } });
    expect(s1).toEqual({ fault: 'mix-proof', detail: 'the permutation equation fails' });
    const bad = checkShuffle('e', key, inputs, { ...message, proof: { ...message.proof, chain: message.proof.chain.slice(1) } });
    expect(bad.fault).toBe('mix-encoding');
  });
});
