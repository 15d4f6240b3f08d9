/**
 * A trustee's command checks the board's ballots on threads (src/app/ceremony/ballot-checks.ts, run
 * by the worker pool on src/cli/ballot-check-worker.ts): the board's verification with their answers names
 * exactly the failures, and gives exactly the lists to mix, that it does checking every ballot itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BallotCheckJob, type BallotCheckThreads, type BallotFaults, ballotFaultsOnThreads } from '../../src/app/ceremony/ballot-checks.js';
import { workerPool } from '../../src/runtime/worker-pool.js';
import type { EncryptedBoard } from '../../src/verifiable/board.js';
import { verifyEncryptedBoard } from '../../src/verifiable/board.js';
import { runEncryptedElection } from '../../src/verifiable/election.js';
import { pointHex } from '../../src/verifiable/group.js';
import { seededRandom } from '../../src/verifiable/random.js';

const pool = workerPool<BallotCheckJob, BallotFaults>({
  script: new URL('../../src/cli/ballot-check-worker.ts', import.meta.url),
  size: 2,
  queue: 2,
  timeoutMs: 600_000,
});
afterAll(() => pool.close());
const threads: BallotCheckThreads = {
  threads: 2,
  run: async (job) => {
    const done = await pool.run(job);
    return done.ok ? done.value : null;
  },
};

let honest: EncryptedBoard;
beforeAll(() => {
  const random = seededRandom('ballot-checks');
  const rankings = Array.from({ length: 70 }, (_, i) => [i % 4, (i + 1) % 4].slice(0, 1 + (i % 2)));
  honest = runEncryptedElection({ id: 'ballot-checks', candidates: 4, threshold: 2, trustees: 3, rankings, mixers: [1, 3], decryptors: [2, 3], random }).board;
}, 120_000);

/** The board as far as the mixes go, verified in this thread alone and with the threads' checks. */
async function both(board: EncryptedBoard) {
  const faults = await ballotFaultsOnThreads(board, threads);
  expect(faults).toHaveLength(board.ballots.length);
  const alone = verifyEncryptedBoard(board, 'mixes');
  const shared = verifyEncryptedBoard(board, 'mixes', faults);
  return { alone, shared };
}

const mixedHex = (v: ReturnType<typeof verifyEncryptedBoard>) => v.mixed?.ciphertexts.map((c) => c.map((p) => [pointHex(p.a), pointHex(p.b)]));

describe('ballots checked on threads', () => {
  it('an honest board: no failure either way, and the same lists to mix', async () => {
    const { alone, shared } = await both(honest);
    expect(shared.failures).toEqual([]);
    expect(alone.failures).toEqual([]);
    expect(mixedHex(shared)).toEqual(mixedHex(alone));
  }, 120_000);

  it('a forged signature, a ballot copied under another credential and a malformed ballot: named alike', async () => {
    const board = structuredClone(honest) as { -readonly [K in keyof EncryptedBoard]: EncryptedBoard[K] };
    const ballots = [...board.ballots];
    ballots[3] = { ...ballots[3]!, signature: { ...ballots[3]!.signature, response: ballots[4]!.signature.response } };
    ballots[40] = { ...ballots[41]!, credential: ballots[40]!.credential };
    ballots[66] = { ...ballots[66]!, ciphertexts: [] };
    board.ballots = ballots;
    const { alone, shared } = await both(board);
    expect(alone.failures.map((f) => f.code)).toEqual(['ballot-signature', 'ballot-signature', 'ballot-encoding']);
    expect(shared.failures).toEqual(alone.failures);
  }, 120_000);

  it('leaves a few ballots, or a board whose key is not a point, to the verification itself', async () => {
    expect(await ballotFaultsOnThreads({ ...honest, ballots: honest.ballots.slice(0, 10) }, threads)).toBeUndefined();
    expect(await ballotFaultsOnThreads({ ...honest, electionKey: 'not a point' }, threads)).toBeUndefined();
    expect(await ballotFaultsOnThreads(honest, { ...threads, threads: 1 })).toBeUndefined();
  });
});
