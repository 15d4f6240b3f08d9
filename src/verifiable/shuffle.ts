/**
 * The mixnet (docs/verifiable-ballots.md §9): re-encrypt and permute a list of ballot ciphertexts,
 * and the Terelius–Wikström proof of shuffle made non-interactive by Fiat–Shamir, with its check.
 *
 * The mixer runs on a trustee's own device, so its multiplications use the faster variable-time
 * routines; nothing else observes their timing. Its chain and chain commitments are built from
 * their exponents in G and H_0 (both with precomputed tables), not one from the last, which would
 * cost a variable-base multiplication each.
 */
import type { ElGamalPair } from './elgamal.js';
import {
  BASE,
  type FrameItem,
  type GroupElement,
  hashFrame,
  hashToScalar,
  hashToShort,
  IDENTITY,
  independentGenerators,
  modL,
  mulPublic,
  multiScalar,
  pointBytes,
  pointHex,
  type RandomBytes,
  randomScalar,
  scalarBytes,
  scalarHex,
  mulBasePublic,
  withTable,
} from './group.js';
import { type PairHex, pairToHex, pointsFromHex, scalarsFromHex, vectorFromHex } from './proofs.js';

/** The proof of a shuffle, as published (hex). */
export interface ShuffleProof {
  readonly commitments: readonly string[];
  readonly chain: readonly string[];
  readonly t1: string;
  readonly t2: string;
  readonly t3: string;
  readonly t4: readonly PairHex[];
  readonly tHat: readonly string[];
  readonly s1: string;
  readonly s2: string;
  readonly s3: string;
  readonly s4: readonly string[];
  readonly sHat: readonly string[];
  readonly sPrime: readonly string[];
}

/** A mix on the board: who mixed, the re-encrypted and permuted list, and the proof. */
export interface MixMessage {
  readonly mixer: number;
  readonly ciphertexts: readonly (readonly PairHex[])[];
  readonly proof: ShuffleProof;
}

/** A uniformly random whole number below n (rejection sampling on 32 random bits). */
function randomBelow(n: number, random: RandomBytes): number {
  const limit = Math.floor(2 ** 32 / n) * n;
  for (;;) {
    const b = random(4);
    const v = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
    if (v < limit) return v % n;
  }
}

/** ψ: output i comes from input ψ[i] (Fisher–Yates). */
function randomPermutation(n: number, random: RandomBytes): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = randomBelow(i + 1, random);
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

const pairsBytes = (list: readonly (readonly ElGamalPair[])[]): Uint8Array[] => list.flatMap((v) => v.flatMap((p) => [pointBytes(p.a), pointBytes(p.b)]));

interface Challenges {
  readonly seed: Uint8Array;
  readonly u: bigint[];
}

function shuffleChallenges(
  electionId: string,
  mixer: number,
  key: GroupElement,
  width: number,
  inputBytes: readonly Uint8Array[],
  outputBytes: readonly Uint8Array[],
  commitments: readonly GroupElement[],
): Challenges {
  const n = commitments.length;
  const seed = hashFrame('shuffle-seed', [electionId, mixer, key, n, width, ...inputBytes, ...outputBytes, ...commitments]);
  const u = Array.from({ length: n }, (_, i) => hashToShort('shuffle-u', [seed, i + 1]));
  return { seed, u };
}

const challengeItems = (
  seed: Uint8Array,
  chain: readonly GroupElement[],
  t1: GroupElement,
  t2: GroupElement,
  t3: GroupElement,
  t4: readonly ElGamalPair[],
  tHat: readonly GroupElement[],
): FrameItem[] => [seed, ...chain, t1, t2, t3, ...t4.flatMap((p) => [p.a, p.b]), ...tHat];

/**
 * Re-encrypts and permutes `inputs` (N vectors of width m) under `key`, proving it. Needs N ≥ 1.
 */
export function shuffleAndProve(
  electionId: string,
  mixer: number,
  key: GroupElement,
  inputs: readonly (readonly ElGamalPair[])[],
  random: RandomBytes,
): { readonly message: MixMessage; readonly outputs: readonly ElGamalPair[][] } {
  const n = inputs.length;
  if (n === 0) throw new RangeError('a mix needs at least one ciphertext');
  const width = inputs[0]!.length;
  const h = independentGenerators(n + 1);
  const psi = randomPermutation(n, random);
  const reenc = psi.map(() => Array.from({ length: width }, () => randomScalar(random)));
  const outputs = psi.map((from, i) =>
    inputs[from]!.map((p, j) => {
      const s = reenc[i]![j]!;
      return { a: p.a.add(mulBasePublic(s)), b: p.b.add(mulPublic(key, s)) };
    }),
  );
  const rho = Array.from({ length: n }, () => randomScalar(random));
  const commitments: GroupElement[] = new Array(n);
  psi.forEach((from, i) => {
    commitments[from] = mulBasePublic(rho[from]!).add(h[i + 1]!);
  });
  const inputBytes = pairsBytes(inputs);
  const outputBytes = pairsBytes(outputs);
  const { seed, u } = shuffleChallenges(electionId, mixer, key, width, inputBytes, outputBytes, commitments);
  const uPrime = psi.map((from) => u[from]!);

  const rhoHat = Array.from({ length: n }, () => randomScalar(random));
  // ĉ_i = ρ̂_i·G + u'_i·ĉ_{i−1} from ĉ_{−1} = H_0, held as x_i·G + y_i·H_0 (x_{−1} = 0, y_{−1} = 1).
  const h0 = withTable(h[0]!);
  const chainG: bigint[] = [];
  const chainH: bigint[] = [];
  for (let i = 0; i < n; i++) {
    chainG.push(modL(rhoHat[i]! + uPrime[i]! * (i === 0 ? 0n : chainG[i - 1]!)));
    chainH.push(modL(uPrime[i]! * (i === 0 ? 1n : chainH[i - 1]!)));
  }
  const chain = chainG.map((x, i) => mulBasePublic(x).add(mulPublic(h0, chainH[i]!)));
  const w1 = randomScalar(random);
  const w2 = randomScalar(random);
  const w3 = randomScalar(random);
  const w4 = Array.from({ length: width }, () => randomScalar(random));
  const wHat = Array.from({ length: n }, () => randomScalar(random));
  const wPrime = Array.from({ length: n }, () => randomScalar(random));
  const t1 = mulBasePublic(w1);
  const t2 = mulBasePublic(w2);
  const t3 = mulBasePublic(w3).add(multiScalar(h.slice(1), wPrime));
  const t4 = w4.map((w, j) => ({
    a: multiScalar(
      outputs.map((v) => v[j]!.a),
      wPrime,
    ).subtract(mulBasePublic(w)),
    b: multiScalar(
      outputs.map((v) => v[j]!.b),
      wPrime,
    ).subtract(mulPublic(key, w)),
  }));
  // t̂_i = ŵ_i·G + w'_i·ĉ_{i−1}, from the exponents of ĉ_{i−1}.
  const tHat = wHat.map((w, i) =>
    mulBasePublic(w + wPrime[i]! * (i === 0 ? 0n : chainG[i - 1]!)).add(mulPublic(h0, wPrime[i]! * (i === 0 ? 1n : chainH[i - 1]!))),
  );
  const gamma = hashToScalar('shuffle-challenge', challengeItems(seed, chain, t1, t2, t3, t4, tHat));

  let v = 1n;
  let chainSecret = 0n;
  for (let i = n - 1; i >= 0; i--) {
    chainSecret = modL(chainSecret + rhoHat[i]! * v);
    v = modL(v * uPrime[i]!);
  }
  const sumRho = rho.reduce((s, r) => modL(s + r), 0n);
  const weightedRho = rho.reduce((s, r, j) => modL(s + r * u[j]!), 0n);
  const proof: ShuffleProof = {
    commitments: commitments.map(pointHex),
    chain: chain.map(pointHex),
    t1: pointHex(t1),
    t2: pointHex(t2),
    t3: pointHex(t3),
    t4: t4.map(pairToHex),
    tHat: tHat.map(pointHex),
    s1: scalarHex(w1 + gamma * sumRho),
    s2: scalarHex(w2 + gamma * chainSecret),
    s3: scalarHex(w3 + gamma * weightedRho),
    s4: w4.map((w, j) => scalarHex(w + gamma * reenc.reduce((s, r, i) => modL(s + r[j]! * uPrime[i]!), 0n))),
    sHat: wHat.map((w, i) => scalarHex(w + gamma * rhoHat[i]!)),
    sPrime: wPrime.map((w, i) => scalarHex(w + gamma * uPrime[i]!)),
  };
  return { message: { mixer, ciphertexts: outputs.map((o) => o.map(pairToHex)), proof }, outputs };
}

/** Why a mix fails (§11 item 5), or its decoded output. */
export type ShuffleCheck =
  | { readonly fault: 'mix-length' | 'mix-encoding' | 'mix-proof'; readonly detail: string }
  | { readonly fault: null; readonly outputs: ElGamalPair[][] };

/** Checks a mix of `inputs` against its proof. */
export function checkShuffle(electionId: string, key: GroupElement, inputs: readonly (readonly ElGamalPair[])[], mix: MixMessage): ShuffleCheck {
  const batch = shuffleBatch(electionId, key, inputs, mix);
  if (batch.fault !== null) return batch;
  return multiScalar(batch.points, batch.scalars).equals(IDENTITY) ? { fault: null, outputs: batch.outputs } : batch.locate();
}

/**
 * A mix's proof made one equation Σ scalars[i]·points[i] = O (after its two small equations, checked
 * at once), with `locate` to check its parts one by one and name the first that fails.
 */
type ShuffleBatch =
  | Exclude<ShuffleCheck, { fault: null }>
  | {
      readonly fault: null;
      readonly outputs: ElGamalPair[][];
      readonly points: GroupElement[];
      readonly scalars: bigint[];
      readonly seed: Uint8Array;
      readonly locate: () => ShuffleCheck;
    };

/**
 * The outputs of a sequence of mixes, each of the last's, when every one is well formed and all their
 * proofs hold together: one multiplication for all (a mix's outputs are the next one's inputs, so
 * their points are summed once), each mix's equation weighted by a 128-bit weight drawn from a hash
 * of all of them. Null when any does not: the caller then checks each alone to name what fails.
 */
export function allShufflesHold(
  electionId: string,
  key: GroupElement,
  inputs: readonly (readonly ElGamalPair[])[],
  mixes: readonly MixMessage[],
): ElGamalPair[][][] | null {
  const batches: Extract<ShuffleBatch, { fault: null }>[] = [];
  let current = inputs;
  for (const mix of mixes) {
    if (!Number.isInteger(mix?.mixer) || mix.mixer < 0 || mix.mixer >= 2 ** 32) return null;
    const batch = shuffleBatch(electionId, key, current, mix);
    if (batch.fault !== null) return null;
    batches.push(batch);
    current = batch.outputs;
  }
  const seed = hashFrame(
    'shuffle-batches',
    batches.map((b) => b.seed),
  );
  const index = new Map<GroupElement, number>();
  const points: GroupElement[] = [];
  const scalars: bigint[] = [];
  for (const [k, b] of batches.entries()) {
    const weight = hashToShort('shuffle-batches-weight', [seed, k + 1]);
    for (const [i, p] of b.points.entries()) {
      const at = index.get(p);
      if (at === undefined) {
        index.set(p, points.length);
        points.push(p);
        scalars.push(modL(weight * b.scalars[i]!));
      } else scalars[at] = modL(scalars[at]! + weight * b.scalars[i]!);
    }
  }
  return multiScalar(points, scalars).equals(IDENTITY) ? batches.map((b) => b.outputs) : null;
}

function shuffleBatch(electionId: string, key: GroupElement, inputs: readonly (readonly ElGamalPair[])[], mix: MixMessage): ShuffleBatch {
  const n = inputs.length;
  const width = inputs[0]?.length ?? 0;
  if (!Array.isArray(mix?.ciphertexts) || mix.ciphertexts.length !== n) {
    return { fault: 'mix-length', detail: `the mix has ${Array.isArray(mix?.ciphertexts) ? mix.ciphertexts.length : 'no'} ciphertexts, its input ${n}` };
  }
  const outputs: ElGamalPair[][] = [];
  for (const [i, hex] of mix.ciphertexts.entries()) {
    const v = vectorFromHex(hex, width);
    if (v === null) return { fault: 'mix-encoding', detail: `output ciphertext ${i + 1} is not ${width} pairs of points` };
    outputs.push(v);
  }
  const p = mix.proof;
  const commitments = pointsFromHex(p?.commitments, n);
  const chain = pointsFromHex(p?.chain, n);
  const tHat = pointsFromHex(p?.tHat, n);
  const ts = pointsFromHex([p?.t1, p?.t2, p?.t3], 3);
  const t4 = vectorFromHex(p?.t4, width);
  const s123 = scalarsFromHex([p?.s1, p?.s2, p?.s3], 3);
  const s4 = scalarsFromHex(p?.s4, width);
  const sHat = scalarsFromHex(p?.sHat, n);
  const sPrime = scalarsFromHex(p?.sPrime, n);
  if (
    commitments === null ||
    chain === null ||
    tHat === null ||
    ts === null ||
    t4 === null ||
    s123 === null ||
    s4 === null ||
    sHat === null ||
    sPrime === null
  ) {
    return { fault: 'mix-encoding', detail: `the proof's lists are not of ${n} and ${width} points and scalars` };
  }
  const [t1, t2, t3] = ts as [GroupElement, GroupElement, GroupElement];
  const [s1, s2, s3] = s123 as [bigint, bigint, bigint];
  const h = independentGenerators(n + 1);
  const { seed, u } = shuffleChallenges(electionId, mix.mixer, key, width, pairsBytes(inputs), pairsBytes(outputs), commitments);
  const gamma = hashToScalar('shuffle-challenge', challengeItems(seed, chain, t1, t2, t3, t4, tHat));
  const U = u.reduce((a, b) => modL(a * b), 1n);
  const failed = (equation: string): Exclude<ShuffleCheck, { fault: null }> => ({ fault: 'mix-proof', detail: `the ${equation} equation fails` });

  const sumC = commitments.reduce((s, c) => s.add(c), IDENTITY);
  const sumH = h.slice(1).reduce((s, x) => s.add(x), IDENTITY);
  if (!mulBasePublic(s1).equals(t1.add(mulPublic(sumC.subtract(sumH), gamma)))) return failed('permutation');
  if (!mulBasePublic(s2).equals(t2.add(mulPublic(chain[n - 1]!.subtract(mulPublic(h[0]!, U)), gamma)))) return failed('chain end');
  // The committed-exponents, re-encryption and chain-link equations, folded into one multiplication
  // by a random linear combination with 128-bit weights drawn from a hash of the whole proof,
  // responses included (one sum of 8N points costs less than their separate sums). Only when it
  // fails is each equation checked alone, in order, to name the first that does.
  const batchSeed = hashFrame('shuffle-batch', [
    seed,
    scalarBytes(gamma),
    scalarBytes(s3),
    ...s4.map(scalarBytes),
    ...sHat.map(scalarBytes),
    ...sPrime.map(scalarBytes),
  ]);
  const weights = Array.from({ length: n + 1 + 2 * width }, (_, i) => hashToShort('shuffle-batch-weight', [batchSeed, i + 1]));
  const beta = weights.slice(0, n);
  const alpha3 = weights[n]!;
  const alphaA = weights.slice(n + 1, n + 1 + width);
  const alphaB = weights.slice(n + 1 + width);
  const negGammaU = u.map((x) => modL(-gamma * x));
  let onBase = modL(alpha3 * s3 + beta.reduce((sum, b, i) => sum + b * sHat[i]!, 0n));
  let onKey = 0n;
  for (let j = 0; j < width; j++) {
    onBase -= alphaA[j]! * s4[j]!;
    onKey -= alphaB[j]! * s4[j]!;
  }
  const points: GroupElement[] = [BASE, key, t3, h[0]!];
  const scalars: bigint[] = [modL(onBase), modL(onKey), modL(-alpha3), modL(beta[0]! * sPrime[0]!)];
  for (let i = 0; i < n; i++) {
    points.push(h[i + 1]!, commitments[i]!, chain[i]!, tHat[i]!);
    scalars.push(
      modL(alpha3 * sPrime[i]!),
      modL(alpha3 * negGammaU[i]!),
      modL((i + 1 < n ? beta[i + 1]! * sPrime[i + 1]! : 0n) - beta[i]! * gamma),
      modL(-beta[i]!),
    );
  }
  for (let j = 0; j < width; j++) {
    points.push(t4[j]!.a, t4[j]!.b);
    scalars.push(modL(-alphaA[j]!), modL(-alphaB[j]!));
    for (let i = 0; i < n; i++) {
      points.push(outputs[i]![j]!.a, outputs[i]![j]!.b, inputs[i]![j]!.a, inputs[i]![j]!.b);
      scalars.push(modL(alphaA[j]! * sPrime[i]!), modL(alphaB[j]! * sPrime[i]!), modL(alphaA[j]! * negGammaU[i]!), modL(alphaB[j]! * negGammaU[i]!));
    }
  }
  const locate = (): ShuffleCheck => {
    const left3 = multiScalar([BASE, ...h.slice(1), ...commitments], [s3, ...sPrime, ...negGammaU]);
    if (!left3.equals(t3)) return failed('committed exponents');
    for (let j = 0; j < width; j++) {
      const a = multiScalar([BASE, ...outputs.map((o) => o[j]!.a), ...inputs.map((e) => e[j]!.a)], [modL(-s4[j]!), ...sPrime, ...negGammaU]);
      const b = multiScalar([key, ...outputs.map((o) => o[j]!.b), ...inputs.map((e) => e[j]!.b)], [modL(-s4[j]!), ...sPrime, ...negGammaU]);
      if (!a.equals(t4[j]!.a) || !b.equals(t4[j]!.b)) return failed(`re-encryption (component ${j + 1})`);
    }
    for (let i = 0; i < n; i++) {
      const left = mulBasePublic(sHat[i]!).add(mulPublic(i === 0 ? h[0]! : chain[i - 1]!, sPrime[i]!));
      if (!left.equals(tHat[i]!.add(mulPublic(chain[i]!, gamma)))) return failed(`chain link ${i + 1}`);
    }
    // Each equation holds alone yet not their combination: impossible unless the arithmetic is wrong.
    return failed('combined');
  };
  return { fault: null, outputs, points, scalars, seed: batchSeed, locate };
}
