/**
 * Every check of docs/verifiable-ballots.md §11 on an encrypted board, in its order. Like the
 * specification's reference verifier it stops at the first stage that fails and names every failure
 * of that stage, so two verifiers can be compared failure by failure.
 */
import {
  BASE,
  digest,
  encodingOf,
  type GroupPoint,
  generator,
  hashToScalar,
  IDENTITY,
  type Item,
  Malformed,
  ORDER,
  modL,
  pointOf,
  scalarBytes,
  scalarOf,
  shortHash,
  sumOf,
  times,
  u32,
} from './group.js';
import { integerToRanking, pointsToInteger, widthOf } from './ranking.js';

export interface BoardFailure {
  /** The code of §11, e.g. `mix-proof`. */
  readonly code: string;
  /** Where on the board, e.g. `ballot 3` or `mix 2 (trustee 4)`. */
  readonly where: string;
  readonly message: string;
}

export interface BoardVerdict {
  readonly failures: readonly BoardFailure[];
  /** The decrypted rankings for the recount (null: an invalid ballot); only when nothing failed. */
  readonly rankings: readonly (readonly number[] | null)[] | null;
}

type Json = Record<string, unknown>;
type Cipher = readonly (readonly [GroupPoint, GroupPoint])[];

class Stage {
  readonly failures: BoardFailure[] = [];
  fail(code: string, where: string, message: string): void {
    this.failures.push({ code, where, message });
  }
  /** Runs `check`, turning a malformed value into a failure with `code`; false when it failed. */
  guard(code: string, where: string, check: () => void): boolean {
    const before = this.failures.length;
    try {
      check();
    } catch (e) {
      if (!(e instanceof Malformed)) throw e;
      this.fail(code, where, e.message);
    }
    return this.failures.length === before;
  }
}

const objectOf = (v: unknown, what: string): Json => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Malformed(`${what} is not an object`);
  return v as Json;
};
const listOf = (v: unknown, what: string, length?: number): unknown[] => {
  if (!Array.isArray(v)) throw new Malformed(`${what} is not a list`);
  if (length !== undefined && v.length !== length) throw new Malformed(`${what} has ${v.length} entries, not ${length}`);
  return v;
};
const wholeOf = (v: unknown, what: string): number => {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= 2 ** 32) throw new Malformed(`${what} is not a whole number`);
  return v;
};
const pointsOf = (v: unknown, what: string, length?: number): GroupPoint[] => listOf(v, what, length).map((p, i) => pointOf(p, `${what}[${i}]`));
const scalarsOf = (v: unknown, what: string, length?: number): bigint[] => listOf(v, what, length).map((s, i) => scalarOf(s, `${what}[${i}]`));

function cipherOf(v: unknown, m: number, what: string): Cipher {
  return listOf(v, what, m).map((pair, j) => {
    const [a, b] = pointsOf(pair, `${what}[${j}]`, 2);
    return [a!, b!] as const;
  });
}

/** §6: c = Hs(T, context…, X, s·G − c·X). */
function schnorrHolds(tag: string, context: readonly Item[], key: GroupPoint, proof: unknown, what: string): boolean {
  const p = objectOf(proof, what);
  const c = scalarOf(p.challenge, `${what}.challenge`);
  const s = scalarOf(p.response, `${what}.response`);
  const commitment = times(BASE, s).subtract(times(key, c));
  return hashToScalar(tag, [...context, key, commitment]) === c;
}

interface Election {
  readonly id: string;
  readonly candidates: number;
  readonly threshold: number;
  readonly trustees: number;
  readonly width: number;
}

function checkParameters(board: Json, stage: Stage): Election | null {
  let election: Election | null = null;
  stage.guard('election-parameters', 'election', () => {
    if (board.version !== 1) throw new Malformed(`version is ${JSON.stringify(board.version)}, not 1`);
    const e = objectOf(board.election, 'election');
    if (typeof e.id !== 'string') throw new Malformed('election.id is not a string');
    const candidates = wholeOf(e.candidates, 'election.candidates');
    const threshold = wholeOf(e.threshold, 'election.threshold');
    const trustees = wholeOf(e.trustees, 'election.trustees');
    if (candidates < 1 || candidates > 60) throw new Malformed(`${candidates} candidates: must be 1 to 60`);
    if (threshold < 1 || threshold > trustees || trustees > 1000)
      throw new Malformed(`threshold ${threshold} of ${trustees} trustees: must be 1 ≤ k ≤ n ≤ 1000`);
    election = { id: e.id, candidates, threshold, trustees, width: widthOf(candidates) };
  });
  return election;
}

/** §8; returns the election key and each trustee's verification key Y_j (index j − 1). */
function checkKeyGeneration(board: Json, e: Election, stage: Stage): { key: GroupPoint; verification: GroupPoint[] } | null {
  let entries: unknown[] = [];
  if (!stage.guard('keygen-trustees', 'keyGeneration', () => void (entries = listOf(board.keyGeneration, 'keyGeneration', e.trustees)))) return null;
  const commitments: GroupPoint[][] = [];
  entries.forEach((raw, at) => {
    const i = at + 1;
    const where = `trustee ${i}`;
    stage.guard('keygen-encoding', where, () => {
      const t = objectOf(raw, `keyGeneration[${at}]`);
      if (t.trustee !== i) {
        stage.fail('keygen-trustees', where, `entry ${i} is for trustee ${JSON.stringify(t.trustee)}`);
        return;
      }
      const key = pointOf(t.key, 'key');
      const coefficients = pointsOf(t.commitments, 'commitments');
      if (!schnorrHolds('trustee-key', [e.id, u32(i)], key, t.keyProof, 'keyProof'))
        stage.fail('keygen-proof', where, 'the proof of the trustee key does not verify');
      if (coefficients.length !== e.threshold) {
        stage.fail('keygen-commitments', where, `${coefficients.length} commitments, not ${e.threshold}`);
        return;
      }
      if (!schnorrHolds('trustee-coefficient', [e.id, u32(i)], coefficients[0]!, t.coefficientProof, 'coefficientProof')) {
        stage.fail('keygen-proof', where, 'the proof of the constant coefficient does not verify');
      }
      stage.guard('keygen-shares', where, () => {
        const shares = listOf(t.shares, 'shares', e.trustees - 1);
        const others = Array.from({ length: e.trustees }, (_, j) => j + 1).filter((j) => j !== i);
        shares.forEach((s, n) => {
          const share = objectOf(s, `shares[${n}]`);
          if (share.to !== others[n]) throw new Malformed(`shares[${n}] is to ${JSON.stringify(share.to)}, not trustee ${others[n]}`);
          pointOf(share.ephemeral, `shares[${n}].ephemeral`);
          scalarOf(share.masked, `shares[${n}].masked`);
        });
      });
      commitments[at] = coefficients;
    });
  });
  if (stage.failures.length > 0) return null;
  const key = commitments.reduce((sum, c) => sum.add(c[0]!), IDENTITY);
  stage.guard('election-key', 'electionKey', () => {
    if (!pointOf(board.electionKey, 'electionKey').equals(key)) throw new Malformed('the election key is not the sum of the trustees’ constant commitments');
  });
  const verification = Array.from({ length: e.trustees }, (_, at) => {
    const j = BigInt(at + 1);
    return commitments.reduce(
      (sum, c) =>
        sum.add(
          sumOf(
            c,
            c.map((_, l) => j ** BigInt(l) % ORDER),
          ),
        ),
      IDENTITY,
    );
  });
  return stage.failures.length > 0 ? null : { key, verification };
}

function checkCredentials(board: Json, stage: Stage): Set<string> {
  const published = new Set<string>();
  stage.guard('credential-encoding', 'credentials', () => {
    listOf(board.credentials, 'credentials').forEach((q, n) => {
      if (!stage.guard('credential-encoding', `credential ${n + 1}`, () => void pointOf(q, 'the credential'))) return;
      if (published.has(q as string)) stage.fail('credential-duplicate', `credential ${n + 1}`, `${q} is published twice`);
      published.add(q as string);
    });
  });
  return published;
}

/** Where each spent credential was spent, e.g. `ballot 3` or `paper ballot 1`. */
type Spent = Map<string, string>;

/**
 * §7: a proof of knowledge of each ciphertext's randomness, published with its commitments A_j:
 * c = Hs(tag, items…, A_1, …, A_m) and s_j·G = A_j + c·a_j for every j.
 */
function proofHolds(tag: string, items: readonly Item[], cipher: Cipher, commitments: readonly GroupPoint[], responses: readonly bigint[]): boolean {
  const c = hashToScalar(tag, [...items, ...commitments]);
  return cipher.every(([a], j) => times(BASE, responses[j]!).equals(commitments[j]!.add(times(a, c))));
}

function checkBallots(board: Json, e: Election, key: GroupPoint, published: Set<string>, used: Spent, stage: Stage): Cipher[] {
  const ciphers: Cipher[] = [];
  let ballots: unknown[] = [];
  if (!stage.guard('ballot-encoding', 'ballots', () => void (ballots = listOf(board.ballots, 'ballots')))) return ciphers;
  ballots.forEach((raw, at) => {
    const where = `ballot ${at + 1}`;
    stage.guard('ballot-encoding', where, () => {
      const b = objectOf(raw, where);
      const q = pointOf(b.credential, 'credential');
      const cipher = cipherOf(b.ciphertexts, e.width, 'ciphertexts');
      const proof = objectOf(b.proof, 'proof');
      const commitments = pointsOf(proof.commitments, 'proof.commitments', e.width);
      const responses = scalarsOf(proof.responses, 'proof.responses', e.width);
      const signature = objectOf(b.signature, 'signature');
      const sigR = pointOf(signature.commitment, 'signature.commitment');
      const sigZ = scalarOf(signature.response, 'signature.response');
      ciphers[at] = cipher;
      const credential = b.credential as string;
      if (!published.has(credential)) stage.fail('ballot-credential-unknown', where, `credential ${credential} is not published`);
      const earlier = used.get(credential);
      if (earlier !== undefined) stage.fail('ballot-credential-reused', where, `credential ${credential} already signed ${earlier}`);
      else used.set(credential, where);
      const flat = cipher.flat();
      const body = new Uint8Array(32 * (1 + 2 * e.width + 2 * e.width));
      for (const [n, p] of [q, ...flat, ...commitments].entries()) body.set(encodingOf(p), 32 * n);
      for (const [n, s] of responses.entries()) body.set(scalarBytes(s), 32 * (1 + flat.length + commitments.length + n));
      const sigE = hashToScalar('ballot-signature', [e.id, q, body, sigR]);
      if (!times(BASE, sigZ).equals(sigR.add(times(q, sigE)))) {
        // The signature covers the proof: a ballot whose signature fails is not a ballot, so its proof is not checked.
        stage.fail('ballot-signature', where, 'the signature does not verify');
        return;
      }
      if (!proofHolds('ballot-proof', [e.id, key, q, u32(e.width), ...flat], cipher, commitments, responses)) {
        stage.fail('ballot-proof', where, 'the proof of knowledge of the encryption does not verify');
      }
    });
  });
  return ciphers;
}

const PAPER_CHANNELS = ['postal', 'in-person'];

/** §7.1 and §11 item 4a: paper ballots, unsigned, each proof bound to its credential and channel. */
function checkPaperBallots(board: Json, e: Election, key: GroupPoint, published: Set<string>, used: Spent, stage: Stage): Cipher[] {
  const ciphers: Cipher[] = [];
  if (board.paperBallots === undefined) return ciphers;
  let list: unknown[] = [];
  if (!stage.guard('paper-ballot-encoding', 'paperBallots', () => void (list = listOf(board.paperBallots, 'paperBallots')))) return ciphers;
  list.forEach((raw, at) => {
    const where = `paper ballot ${at + 1}`;
    stage.guard('paper-ballot-encoding', where, () => {
      const b = objectOf(raw, where);
      const channel = b.channel;
      if (typeof channel !== 'string' || !PAPER_CHANNELS.includes(channel)) throw new Malformed(`channel ${JSON.stringify(channel)} is not a paper channel`);
      const q = pointOf(b.credential, 'credential');
      const cipher = cipherOf(b.ciphertexts, e.width, 'ciphertexts');
      const proof = objectOf(b.proof, 'proof');
      const commitments = pointsOf(proof.commitments, 'proof.commitments', e.width);
      const responses = scalarsOf(proof.responses, 'proof.responses', e.width);
      const credential = b.credential as string;
      if (!published.has(credential)) stage.fail('paper-ballot-credential-unknown', where, `credential ${credential} is not published`);
      const earlier = used.get(credential);
      if (earlier !== undefined) stage.fail('paper-ballot-credential-reused', where, `credential ${credential} was already spent by ${earlier}`);
      else used.set(credential, where);
      if (!proofHolds('paper-ballot-proof', [e.id, key, q, channel, u32(e.width), ...cipher.flat()], cipher, commitments, responses))
        stage.fail('paper-ballot-proof', where, 'the proof of knowledge of the encryption does not verify for its credential and channel');
      else ciphers.push(cipher);
    });
  });
  return ciphers;
}

/** §11 item 4b: the credentials spent by each channel are the ballots of that channel on the board. */
function checkSpent(board: Json, stage: Stage): void {
  if (board.spent === undefined && board.paperBallots === undefined) return;
  stage.guard('spent-count', 'spent', () => {
    const spent = objectOf(board.spent, 'spent');
    const paper = Array.isArray(board.paperBallots) ? board.paperBallots : [];
    const onBoard: Record<string, number> = { online: Array.isArray(board.ballots) ? board.ballots.length : 0 };
    for (const channel of PAPER_CHANNELS) onBoard[channel] = paper.filter((p) => (p as Json | null)?.channel === channel).length;
    for (const name of Object.keys(spent)) if (!(name in onBoard)) stage.fail('spent-count', 'spent', `${JSON.stringify(name)} is not a channel`);
    for (const [channel, count] of Object.entries(onBoard)) {
      const said = spent[channel] ?? 0;
      if (said !== count) stage.fail('spent-count', `spent.${channel}`, `says ${JSON.stringify(said)}, the board holds ${count}`);
    }
  });
}

interface ShuffleProof {
  readonly commitments: GroupPoint[];
  readonly chain: GroupPoint[];
  readonly t1: GroupPoint;
  readonly t2: GroupPoint;
  readonly t3: GroupPoint;
  readonly t4: Cipher;
  readonly tHat: GroupPoint[];
  readonly s1: bigint;
  readonly s2: bigint;
  readonly s3: bigint;
  readonly s4: bigint[];
  readonly sHat: bigint[];
  readonly sPrime: bigint[];
}

function shuffleProofOf(v: unknown, n: number, m: number): ShuffleProof {
  const p = objectOf(v, 'proof');
  return {
    commitments: pointsOf(p.commitments, 'proof.commitments', n),
    chain: pointsOf(p.chain, 'proof.chain', n),
    t1: pointOf(p.t1, 'proof.t1'),
    t2: pointOf(p.t2, 'proof.t2'),
    t3: pointOf(p.t3, 'proof.t3'),
    t4: cipherOf(p.t4, m, 'proof.t4'),
    tHat: pointsOf(p.tHat, 'proof.tHat', n),
    s1: scalarOf(p.s1, 'proof.s1'),
    s2: scalarOf(p.s2, 'proof.s2'),
    s3: scalarOf(p.s3, 'proof.s3'),
    s4: scalarsOf(p.s4, 'proof.s4', m),
    sHat: scalarsOf(p.sHat, 'proof.sHat', n),
    sPrime: scalarsOf(p.sPrime, 'proof.sPrime', n),
  };
}

/** §9's equations; the names of those that fail. */
function shuffleFailures(e: Election, key: GroupPoint, mixer: number, input: readonly Cipher[], output: readonly Cipher[], p: ShuffleProof): string[] {
  const n = input.length;
  const m = e.width;
  const seed = digest('shuffle-seed', [e.id, u32(mixer), key, u32(n), u32(m), ...input.flat(2), ...output.flat(2), ...p.commitments]);
  const u = Array.from({ length: n }, (_, i) => shortHash('shuffle-u', [seed, u32(i + 1)]));
  const gamma = hashToScalar('shuffle-challenge', [seed, ...p.chain, p.t1, p.t2, p.t3, ...p.t4.flat(), ...p.tHat]);
  const h = Array.from({ length: n }, (_, i) => generator(i + 1));
  const bigU = u.reduce((acc, x) => (acc * x) % ORDER, 1n);
  const failed: string[] = [];
  const holds = (left: GroupPoint, right: GroupPoint, name: string) => {
    if (!left.equals(right)) failed.push(name);
  };
  const sumC = p.commitments.reduce((s, c) => s.add(c), IDENTITY);
  const sumH = h.reduce((s, x) => s.add(x), IDENTITY);
  holds(times(BASE, p.s1), p.t1.add(times(sumC.subtract(sumH), gamma)), 'the permutation commitment');
  const chainEnd = n === 0 ? generator(0) : p.chain[n - 1]!;
  holds(times(BASE, p.s2), p.t2.add(times(chainEnd.subtract(times(generator(0), bigU)), gamma)), 'the end of the chain');
  holds(times(BASE, p.s3).add(sumOf(h, p.sPrime)), p.t3.add(times(sumOf(p.commitments, u), gamma)), 'the committed exponents');
  for (let j = 0; j < m; j++) {
    const [ta, tb] = p.t4[j]!;
    const outA = output.map((c) => c[j]![0]);
    const outB = output.map((c) => c[j]![1]);
    const inA = input.map((c) => c[j]![0]);
    const inB = input.map((c) => c[j]![1]);
    holds(sumOf(outA, p.sPrime).subtract(times(BASE, p.s4[j]!)), ta.add(times(sumOf(inA, u), gamma)), `the re-encryption of component ${j + 1} (a)`);
    holds(sumOf(outB, p.sPrime).subtract(times(key, p.s4[j]!)), tb.add(times(sumOf(inB, u), gamma)), `the re-encryption of component ${j + 1} (b)`);
  }
  for (let i = 0; i < n; i++) {
    const previous = i === 0 ? generator(0) : p.chain[i - 1]!;
    holds(times(BASE, p.sHat[i]!).add(times(previous, p.sPrime[i]!)), p.tHat[i]!.add(times(p.chain[i]!, gamma)), `chain link ${i + 1}`);
  }
  return failed;
}

/** §9; the last mix's output, or null when a mix failed. */
function checkMixes(board: Json, e: Election, key: GroupPoint, ballots: Cipher[], stage: Stage): Cipher[] | null {
  let mixes: unknown[] = [];
  if (!stage.guard('mix-count', 'mixes', () => void (mixes = listOf(board.mixes, 'mixes')))) return null;
  if (mixes.length < e.threshold) {
    stage.fail('mix-count', 'mixes', `${mixes.length} mixes, fewer than the threshold ${e.threshold}`);
    return null;
  }
  const mixers = new Set<number>();
  let input: Cipher[] = ballots;
  for (const [at, raw] of mixes.entries()) {
    let where = `mix ${at + 1}`;
    let output: Cipher[] = [];
    const ok = stage.guard('mix-encoding', where, () => {
      const mix = objectOf(raw, where);
      const mixer = mix.mixer;
      where = `mix ${at + 1} (trustee ${JSON.stringify(mixer)})`;
      if (typeof mixer !== 'number' || !Number.isInteger(mixer) || mixer < 1 || mixer > e.trustees) {
        stage.fail('mix-mixer', where, 'the mixer is not a trustee');
        return;
      }
      if (mixers.has(mixer)) stage.fail('mix-mixer', where, `trustee ${mixer} has already mixed`);
      mixers.add(mixer);
      const list = listOf(mix.ciphertexts, 'ciphertexts');
      if (list.length !== input.length || list.some((c) => !Array.isArray(c) || c.length !== e.width)) {
        stage.fail('mix-length', where, `the output has ${list.length} ciphertexts, the input ${input.length} (each of width ${e.width})`);
        return;
      }
      output = list.map((c, i) => cipherOf(c, e.width, `ciphertexts[${i}]`));
      const proof = shuffleProofOf(mix.proof, input.length, e.width);
      const failed = shuffleFailures(e, key, mixer, input, output, proof);
      if (failed.length > 0) stage.fail('mix-proof', where, `the proof of shuffle fails at ${failed.join(', ')}`);
    });
    if (!ok) return null;
    input = output;
  }
  return input;
}

function lagrangeAtZero(j: bigint, set: readonly bigint[]): bigint {
  let num = 1n;
  let den = 1n;
  for (const l of set) {
    if (l === j) continue;
    num = (num * l) % ORDER;
    den = (den * modL(l - j)) % ORDER;
  }
  return (num * inverse(den)) % ORDER;
}

function inverse(x: bigint): bigint {
  let [a, b, u, v] = [modL(x), ORDER, 1n, 0n];
  while (a !== 0n) {
    const q = b / a;
    [a, b, u, v] = [b - q * a, a, v - q * u, u];
  }
  return modL(v);
}

interface DecryptionShare {
  readonly trustee: number;
  /** shares[i][j] = x_trustee · a_{i,j}. */
  readonly shares: GroupPoint[][];
}

/** §10. */
function checkDecryptions(board: Json, e: Election, verification: GroupPoint[], last: Cipher[], stage: Stage): DecryptionShare[] {
  const out: DecryptionShare[] = [];
  let list: unknown[] = [];
  if (!stage.guard('decryption-encoding', 'decryptions', () => void (list = listOf(board.decryptions, 'decryptions')))) return out;
  const trustees = new Set<number>();
  list.forEach((raw, at) => {
    let where = `decryption ${at + 1}`;
    stage.guard('decryption-encoding', where, () => {
      const d = objectOf(raw, where);
      const j = d.trustee;
      where = `decryption ${at + 1} (trustee ${JSON.stringify(j)})`;
      if (typeof j !== 'number' || !Number.isInteger(j) || j < 1 || j > e.trustees) throw new Malformed('the trustee is not one of the election’s trustees');
      if (trustees.has(j)) {
        stage.fail('decryption-count', where, `trustee ${j} has already published shares`);
        return;
      }
      const yj = verification[j - 1]!;
      const rows = listOf(d.shares, 'shares', last.length);
      const shares = rows.map((row, i) =>
        listOf(row, `shares[${i}]`, e.width).map((s, c) => {
          const what = `shares[${i}][${c}]`;
          const share = objectOf(s, what);
          const dj = pointOf(share.share, `${what}.share`);
          const ag = pointOf(share.commitmentG, `${what}.commitmentG`);
          const aa = pointOf(share.commitmentA, `${what}.commitmentA`);
          const z = scalarOf(share.response, `${what}.response`);
          const a = last[i]![c]![0];
          const challenge = hashToScalar('decryption', [e.id, u32(j), yj, a, dj, ag, aa]);
          if (!times(BASE, z).equals(ag.add(times(yj, challenge))) || !times(a, z).equals(aa.add(times(dj, challenge)))) {
            stage.fail('decryption-proof', where, `the proof of ciphertext ${i + 1}, component ${c + 1} does not verify`);
          }
          return dj;
        }),
      );
      trustees.add(j);
      out.push({ trustee: j, shares });
    });
  });
  if (stage.failures.length === 0 && trustees.size < e.threshold)
    stage.fail('decryption-count', 'decryptions', `${trustees.size} trustees decrypted, fewer than ${e.threshold}`);
  return out;
}

function checkPlaintexts(board: Json, e: Election, last: Cipher[], decryptions: DecryptionShare[], stage: Stage): GroupPoint[][] {
  const set = decryptions.map((d) => BigInt(d.trustee));
  const lambdas = set.map((j) => lagrangeAtZero(j, set));
  const plaintexts: GroupPoint[][] = [];
  stage.guard('plaintext-encoding', 'plaintexts', () => {
    listOf(board.plaintexts, 'plaintexts', last.length).forEach((row, i) => {
      stage.guard('plaintext-encoding', `plaintext ${i + 1}`, () => {
        const points = pointsOf(row, `plaintexts[${i}]`, e.width);
        points.forEach((point, c) => {
          const expected = last[i]![c]![1].subtract(
            sumOf(
              decryptions.map((d) => d.shares[i]![c]!),
              lambdas,
            ),
          );
          if (!expected.equals(point)) stage.fail('plaintext-mismatch', `plaintext ${i + 1}`, `component ${c + 1} is not what the decryption shares give`);
        });
        plaintexts[i] = points;
      });
    });
  });
  return plaintexts;
}

function checkRankings(board: Json, e: Election, plaintexts: GroupPoint[][], stage: Stage): (number[] | null)[] {
  const decoded = plaintexts.map((points) => integerToRanking(e.candidates, pointsToInteger(points)));
  stage.guard('ranking-count', 'rankings', () => {
    const list = listOf(board.rankings, 'rankings', plaintexts.length);
    list.forEach((r, i) => {
      const want = decoded[i]!;
      const same = want === null ? r === null : Array.isArray(r) && r.length === want.length && r.every((x, n) => x === want[n]);
      if (!same) stage.fail('ranking-mismatch', `ranking ${i + 1}`, `the board says ${JSON.stringify(r)}, the plaintexts decode to ${JSON.stringify(want)}`);
    });
  });
  return decoded;
}

/** Checks a board (the parsed JSON of §11). */
export function verifyBoard(json: unknown): BoardVerdict {
  const stop = (stage: Stage): BoardVerdict => ({ failures: stage.failures, rankings: null });
  const stage = new Stage();
  let board: Json = {};
  if (!stage.guard('election-parameters', 'board', () => void (board = objectOf(json, 'the board')))) return stop(stage);
  const e = checkParameters(board, stage);
  if (e === null) return stop(stage);
  const keys = checkKeyGeneration(board, e, stage);
  if (keys === null) return stop(stage);
  const published = checkCredentials(board, stage);
  if (stage.failures.length > 0) return stop(stage);
  const used: Spent = new Map();
  const ballots = checkBallots(board, e, keys.key, published, used, stage);
  ballots.push(...checkPaperBallots(board, e, keys.key, published, used, stage));
  checkSpent(board, stage);
  if (stage.failures.length > 0) return stop(stage);
  const last = checkMixes(board, e, keys.key, ballots, stage);
  if (last === null || stage.failures.length > 0) return stop(stage);
  const decryptions = checkDecryptions(board, e, keys.verification, last, stage);
  if (stage.failures.length > 0) return stop(stage);
  const plaintexts = checkPlaintexts(board, e, last, decryptions, stage);
  if (stage.failures.length > 0) return stop(stage);
  const rankings = checkRankings(board, e, plaintexts, stage);
  if (stage.failures.length > 0) return stop(stage);
  return { failures: [], rankings };
}
