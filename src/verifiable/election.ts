/**
 * A whole encrypted election run with one random source: the key generation, credentials, ballots,
 * mixes, decryption and board. The trustees' and voters' steps are the same functions a real
 * election calls one device at a time; this puts them in sequence for test vectors, tests and benches.
 */
import { castEncryptedBallot, encryptPaperBallot, makeCredential, type PaperChannel } from './ballot.js';
import type { EncryptedBoard } from './board.js';
import { decryptionShares } from './decryption.js';
import { dealKeyShares, electionKeyOf, type KeyGenerationMessage, openKeyShares, trusteeEncryptionKey } from './dkg.js';
import type { ElGamalPair } from './elgamal.js';
import { preparedKey } from './elgamal.js';
import { type GroupElement, pointFromHex, pointHex, type RandomBytes } from './group.js';
import type { Ranking } from './ranking.js';
import { combineDecryptions } from './tally.js';
import { type MixMessage, shuffleAndProve } from './shuffle.js';

export interface EncryptedElectionRun {
  readonly board: EncryptedBoard;
  /** Each trustee's decryption key x_j (secret: for tests). */
  readonly decryptionKeys: readonly bigint[];
  /** Each voter's secret credential, in the order of `rankings`. */
  readonly credentialSecrets: readonly string[];
  /** Milliseconds per phase, measured with the clock passed in (or zeros). */
  readonly timings: Readonly<Record<'keys' | 'ballots' | 'mixes' | 'decryption' | 'combination', number>>;
  /** Each mix's time, and each decrypting trustee's (their shares and proofs). */
  readonly mixTimings: readonly number[];
  readonly decryptionTimings: readonly number[];
}

export interface EncryptedElectionPlan {
  readonly id: string;
  readonly candidates: number;
  readonly threshold: number;
  readonly trustees: number;
  /** Each voter's ranking, in casting order. */
  readonly rankings: readonly Ranking[];
  /** Who mixes, in turn (trustee numbers); who decrypts. */
  readonly mixers: readonly number[];
  readonly decryptors: readonly number[];
  /**
   * The voters (indexes into `rankings`) whose votes come on paper, and by which channel: an
   * officer encrypts them under the voter's public credential (§7.1). None: a board without paper ballots.
   */
  readonly paper?: ReadonlyMap<number, PaperChannel>;
  readonly random: RandomBytes;
  /** A clock for timings (milliseconds); none gives zeros. */
  readonly now?: () => number;
}

export function runEncryptedElection(plan: EncryptedElectionPlan): EncryptedElectionRun {
  const { id, random } = plan;
  const now = plan.now ?? (() => 0);
  let t = now();
  const lap = () => {
    const at = now();
    const d = at - t;
    t = at;
    return d;
  };
  const round1 = Array.from({ length: plan.trustees }, (_, i) => trusteeEncryptionKey(id, i + 1, random));
  const dealt = round1.map((own) =>
    dealKeyShares(
      id,
      own,
      plan.threshold,
      round1.map((k) => k.key),
      random,
    ),
  );
  const keyGeneration: KeyGenerationMessage[] = dealt.map((d) => d.message);
  const decryptionKeys = round1.map((own, i) => {
    const opened = openKeyShares(id, own, dealt[i]!.ownShare, keyGeneration);
    if (!('decryptionKey' in opened)) throw new Error(`trustee ${own.trustee} found bad shares from ${opened.faulty.join(', ')}`);
    return opened.decryptionKey;
  });
  const key: GroupElement = preparedKey(electionKeyOf(keyGeneration.map((m) => m.commitments.map((c) => pointFromHex(c)!))));
  const keys = lap();

  const credentials = plan.rankings.map(() => makeCredential(random));
  const context = { electionId: id, electionKey: key, candidates: plan.candidates };
  const paper = plan.paper;
  const ballots = plan.rankings.flatMap((r, i) => (paper?.has(i) ? [] : [castEncryptedBallot(context, credentials[i]!.secret, r, random).ballot]));
  const paperBallots = plan.rankings.flatMap((r, i) => {
    const channel = paper?.get(i);
    return channel === undefined ? [] : [encryptPaperBallot(context, credentials[i]!.publicCredential, channel, r, random).ballot];
  });
  const ballotTime = lap();

  const mixes: MixMessage[] = [];
  const mixTimings: number[] = [];
  let current: readonly (readonly ElGamalPair[])[] = [...ballots, ...paperBallots].map((b) =>
    b.ciphertexts.map((p) => ({ a: pointFromHex(p[0])!, b: pointFromHex(p[1])! })),
  );
  for (const mixer of plan.mixers) {
    const { message, outputs } = shuffleAndProve(id, mixer, key, current, random);
    mixes.push(message);
    current = outputs;
    mixTimings.push(lap());
  }
  const mixTime = mixTimings.reduce((a, b) => a + b, 0);

  const decryptionTimings: number[] = [];
  const decryptions = plan.decryptors.map((j) => {
    const message = decryptionShares(id, j, decryptionKeys[j - 1]!, current, random);
    decryptionTimings.push(lap());
    return message;
  });
  const { plaintexts, rankings } = combineDecryptions(current, decryptions, plan.candidates);
  const combination = lap();
  const board: EncryptedBoard = {
    version: 1,
    election: { id, candidates: plan.candidates, threshold: plan.threshold, trustees: plan.trustees },
    keyGeneration,
    electionKey: pointHex(key),
    credentials: credentials.map((c) => c.publicCredential).sort(),
    ballots,
    ...(paper === undefined
      ? {}
      : {
          paperBallots,
          spent: {
            online: ballots.length,
            postal: paperBallots.filter((b) => b.channel === 'postal').length,
            'in-person': paperBallots.filter((b) => b.channel === 'in-person').length,
          },
        }),
    mixes,
    decryptions,
    plaintexts,
    rankings,
  };
  return {
    board,
    decryptionKeys,
    credentialSecrets: credentials.map((c) => c.secret),
    timings: { keys, ballots: ballotTime, mixes: mixTime, decryption: decryptionTimings.reduce((a, b) => a + b, 0), combination },
    mixTimings,
    decryptionTimings,
  };
}
