import { describe, expect, it } from 'vitest';
import { auditEncryption, ballotTracker, castEncryptedBallot, checkBallot, makeCredential } from '../../src/verifiable/ballot.js';
import { checkDecryptionShares, combineShares, decryptionShares, lagrangeAtZero } from '../../src/verifiable/decryption.js';
import { checkKeyGeneration, dealKeyShares, electionKeyOf, openKeyShares, trusteeEncryptionKey, verificationKeyOf } from '../../src/verifiable/dkg.js';
import { decryptPair, encryptPoints, reencryptPair } from '../../src/verifiable/elgamal.js';
import {
  BASE,
  GROUP_ORDER,
  hashToScalar,
  mulBase,
  mulBasePublic,
  mulPublic,
  multiScalar,
  pointFromHex,
  pointHex,
  randomScalar,
  scalarFromHex,
  scalarHex,
  schnorrCommitment,
} from '../../src/verifiable/group.js';
import { checkDiscreteLog, proveDiscreteLog, type SchnorrEquation, schnorrEquationsHold, schnorrHolds } from '../../src/verifiable/proofs.js';
import { seededRandom } from '../../src/verifiable/random.js';
import { decodeRanking, encodeRanking } from '../../src/verifiable/ranking.js';

describe('encodings and hashes', () => {
  it('reads back points and scalars, and refuses non-canonical ones', () => {
    const p = mulBase(12345n);
    expect(pointFromHex(pointHex(p))!.equals(p)).toBe(true);
    expect(pointFromHex(pointHex(p).toUpperCase())).toBeNull();
    expect(pointFromHex('ff'.repeat(32))).toBeNull();
    expect(scalarFromHex(scalarHex(GROUP_ORDER - 1n))).toBe(GROUP_ORDER - 1n);
    const order = GROUP_ORDER.toString(16).padStart(64, '0').match(/../g)!.reverse().join('');
    expect(scalarFromHex(order)).toBeNull();
  });

  it('separates domains: the tag and the framing both change the hash', () => {
    expect(hashToScalar('a', ['bc'])).not.toBe(hashToScalar('a', ['b', 'c']));
    expect(hashToScalar('a', ['b'])).not.toBe(hashToScalar('b', ['b']));
  });
});

describe('a Schnorr commitment in one multiplication', () => {
  it('is s·G − c·X as two multiplications make it, for random and extreme scalars', () => {
    const random = seededRandom('straus');
    const extremes = [0n, 1n, 2n, GROUP_ORDER - 1n, GROUP_ORDER - 2n, (1n << 252n) - 1n, 1n << 252n];
    const pairs: [bigint, bigint][] = [
      ...extremes.flatMap((s) => extremes.map((c): [bigint, bigint] => [s, c])),
      ...Array.from({ length: 40 }, (): [bigint, bigint] => [randomScalar(random), randomScalar(random)]),
    ];
    for (const [i, [s, c]] of pairs.entries()) {
      const x = mulBase(randomScalar(random) + BigInt(i));
      expect(pointHex(schnorrCommitment(s, c, x))).toBe(pointHex(mulBasePublic(s).subtract(mulPublic(x, c))));
    }
    expect(schnorrCommitment(5n, 5n, BASE).equals(mulBase(0n))).toBe(true);
  });
});

describe('a sum of multiples', () => {
  it('is the sum of the plain multiplications, with scalars either side of L/2, by Straus and by buckets', () => {
    const random = seededRandom('multi-scalar');
    const half = GROUP_ORDER >> 1n;
    const extremes = [0n, 1n, half - 1n, half, half + 1n, GROUP_ORDER - 1n, GROUP_ORDER - (1n << 128n), 1n << 128n, GROUP_ORDER + 5n, -3n];
    for (const n of [2, 10, 64, 65, 300]) {
      const points = Array.from({ length: n }, (_, i) => mulBase(randomScalar(random) + BigInt(i)));
      const scalars = points.map((_, i) => (i < extremes.length ? extremes[i]! : i % 2 ? randomScalar(random) : GROUP_ORDER - (randomScalar(random) >> 125n)));
      const plain = points.reduce((sum, p, i) => sum.add(mulPublic(p, scalars[i]!)), mulBase(0n));
      expect(pointHex(multiScalar(points, scalars))).toBe(pointHex(plain));
    }
  });
});

describe('ElGamal and proofs of knowledge', () => {
  const random = seededRandom('primitives');

  it('encrypts, re-encrypts and decrypts a ranking', () => {
    const x = randomScalar(random);
    const y = mulBase(x);
    const { ciphertexts } = encryptPoints(y, encodeRanking([3, 1, 4], 10), random);
    const again = ciphertexts.map((c) => reencryptPair(y, c, randomScalar(random)));
    expect(again[0]!.a.equals(ciphertexts[0]!.a)).toBe(false);
    expect(
      decodeRanking(
        again.map((c) => decryptPair(x, c)),
        10,
      ),
    ).toEqual([3, 1, 4]);
  });

  it('a Schnorr proof verifies only in its own context', () => {
    const x = randomScalar(random);
    const proof = proveDiscreteLog('t', ['election'], x, mulBase(x), random);
    expect(checkDiscreteLog('t', ['election'], mulBase(x), proof)).toBe(true);
    expect(checkDiscreteLog('t', ['other election'], mulBase(x), proof)).toBe(false);
    expect(checkDiscreteLog('t', ['election'], mulBase(x + 1n), proof)).toBe(false);
  });
});

describe('ballots', () => {
  const random = seededRandom('ballots');
  const key = mulBase(randomScalar(random));
  const context = { electionId: 'e1', electionKey: key, candidates: 30 };
  const voter = makeCredential(random);

  it('casts a ballot that verifies, with a tracker that is a hash of it', () => {
    const { ballot, tracker } = castEncryptedBallot(context, voter.secret, [29, 0, 7], random);
    expect(checkBallot(context, ballot).fault).toBeNull();
    expect(tracker).toMatch(/^[0-9a-f]{64}$/);
    expect(ballotTracker(ballot)).toBe(tracker);
    expect(ballot.credential).toBe(voter.publicCredential);
  });

  it('is bound to its election and key', () => {
    const { ballot } = castEncryptedBallot(context, voter.secret, [1], random);
    expect(checkBallot({ ...context, electionId: 'e2' }, ballot).fault).toBe('signature');
    expect(checkBallot({ ...context, electionKey: BASE }, ballot).fault).toBe('proof');
  });

  it('passes a Benaloh audit of the ranking shown, and fails one of another', () => {
    const { ballot, randomness } = castEncryptedBallot(context, voter.secret, [4, 5, 6], random);
    expect(auditEncryption(context, ballot, [4, 5, 6], randomness)).toBe(true);
    expect(auditEncryption(context, ballot, [4, 6, 5], randomness)).toBe(false);
  });

  it('refuses a credential that is not 64 hex digits', () => {
    expect(() => castEncryptedBallot(context, 'xyz', [1], random)).toThrow(/64 hexadecimal/);
  });
});

describe('key generation and threshold decryption, 3 of 5', () => {
  const random = seededRandom('dkg');
  const id = 'e-dkg';
  const round1 = [1, 2, 3, 4, 5].map((i) => trusteeEncryptionKey(id, i, random));
  const dealt = round1.map((own) =>
    dealKeyShares(
      id,
      own,
      3,
      round1.map((k) => k.key),
      random,
    ),
  );
  const messages = dealt.map((d) => d.message);
  const keys = round1.map((own, i) => openKeyShares(id, own, dealt[i]!.ownShare, messages));
  const x = keys.map((k) => ('decryptionKey' in k ? k.decryptionKey : 0n));
  const { faults, commitments } = checkKeyGeneration(id, 3, 5, messages);
  const y = electionKeyOf(commitments);

  it('gives every trustee a share whose verification key anyone computes', () => {
    expect(faults).toEqual([]);
    for (const [i, xj] of x.entries()) expect(mulBase(xj).equals(verificationKeyOf(commitments, i + 1))).toBe(true);
  });

  it('any 3 trustees decrypt; their shares verify and combine', () => {
    const { ciphertexts } = encryptPoints(y, encodeRanking([2, 0, 1], 5), random);
    for (const set of [
      [1, 2, 3],
      [2, 4, 5],
      [5, 1, 3],
      [1, 2, 3, 4, 5],
    ]) {
      const shares = set.map((j) => decryptionShares(id, j, x[j - 1]!, [ciphertexts], random));
      const points = shares.map((s, at) => {
        const checked = checkDecryptionShares(id, s, verificationKeyOf(commitments, set[at]!), [ciphertexts]);
        expect(checked.fault).toBeNull();
        return checked.fault === null ? checked.shares[0]![0]! : BASE;
      });
      const m = combineShares(ciphertexts[0]!.b, points, lagrangeAtZero(set));
      expect(decodeRanking([m], 5)).toEqual([2, 0, 1]);
    }
  });

  it('2 trustees cannot decrypt', () => {
    const { ciphertexts } = encryptPoints(y, encodeRanking([2, 0, 1], 5), random);
    const set = [1, 2];
    const shares = set.map((j) => decryptionShares(id, j, x[j - 1]!, [ciphertexts], random).shares[0]![0]!);
    const m = combineShares(
      ciphertexts[0]!.b,
      shares.map((s) => pointFromHex(s.share)!),
      lagrangeAtZero(set),
    );
    expect(decodeRanking([m], 5)).not.toEqual([2, 0, 1]);
  });

  it('a trustee names a dealer whose share does not match its commitments', () => {
    const bad = messages.map((m) =>
      m.trustee === 4 ? { ...m, shares: m.shares.map((s) => (s.to === 2 ? { ...s, masked: scalarHex(scalarFromHex(s.masked)! + 1n) } : s)) } : m,
    );
    expect(openKeyShares(id, round1[1]!, dealt[1]!.ownShare, bad)).toEqual({ faulty: [4] });
  });

  it('names a trustee with a forged coefficient proof or too few commitments', () => {
    const forged = messages.map((m) => (m.trustee === 3 ? { ...m, commitments: [pointHex(BASE), ...m.commitments.slice(1)] } : m));
    expect(checkKeyGeneration(id, 3, 5, forged).faults.map((f) => [f.code, f.trustee])).toEqual([['keygen-proof', 3]]);
    const short = messages.map((m) => (m.trustee === 5 ? { ...m, commitments: m.commitments.slice(0, 2) } : m));
    expect(checkKeyGeneration(id, 3, 5, short).faults.map((f) => [f.code, f.trustee])).toEqual([['keygen-commitments', 5]]);
    expect(checkKeyGeneration(id, 3, 5, messages.slice(0, 4)).faults.map((f) => f.code)).toEqual(['keygen-trustees']);
  });
});

describe('Schnorr equations checked at once', () => {
  const random = seededRandom('schnorr-batch');
  /** s·G = T + c·X made true, for random x, w and c. */
  const honest = (): SchnorrEquation => {
    const x = randomScalar(random);
    const w = randomScalar(random);
    const c = randomScalar(random);
    return { commitment: mulBase(w), response: (w + c * x) % GROUP_ORDER, challenge: c, point: mulBase(x) };
  };
  const equations = Array.from({ length: 70 }, honest);

  it('hold together when each holds alone, by Straus (few) and by buckets (many)', () => {
    expect(equations.every(schnorrHolds)).toBe(true);
    expect(schnorrEquationsHold('t', equations.slice(0, 5))).toBe(true);
    expect(schnorrEquationsHold('t', equations)).toBe(true);
    expect(schnorrEquationsHold('t', [])).toBe(true);
  });

  it('fail when any one fails, wherever it is', () => {
    for (const at of [0, 1, 34, 69]) {
      const wrong = equations.map((e, i) => (i === at ? { ...e, response: (e.response + 1n) % GROUP_ORDER } : e));
      expect(schnorrHolds(wrong[at]!)).toBe(false);
      expect(schnorrEquationsHold('t', wrong)).toBe(false);
      expect(schnorrEquationsHold('t', wrong.slice(Math.max(0, at - 1), at + 1))).toBe(false);
    }
  });

  it('fail when two wrong equations would cancel in a plain sum: the weights keep them apart', () => {
    const [a, b] = [equations[0]!, equations[1]!];
    // a's response one too high and b's one too low: Σ (s·G − T − c·X) is still the identity.
    const wrong = [{ ...a, response: a.response + 1n }, { ...b, response: b.response - 1n }, ...equations.slice(2, 10)];
    const plain = wrong.reduce((sum, e) => sum.add(mulBase(e.response).subtract(e.commitment).subtract(mulPublic(e.point, e.challenge))), mulBase(0n));
    expect(plain.equals(mulBase(0n))).toBe(true);
    expect(schnorrEquationsHold('t', wrong)).toBe(false);
  });
});
