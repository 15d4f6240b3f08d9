/**
 * Each ballot's own checks (its signature and proof of knowledge, docs/verifiable-ballots.md §11
 * item 4) spread over threads: a trustee verifies every ballot before mixing or decrypting, and the
 * ballots' checks are independent of one another, so on a machine of several cores they run side by
 * side. Whoever runs the command gives the threads (the command line starts them with
 * src/runtime/worker-pool.ts, running src/cli/ballot-check-worker.ts); this module cuts the ballots into
 * slices and puts the threads' answers back in order. The board's verification then takes them in
 * place of checking each ballot itself, and names each failure as it would have.
 */
import { type BallotFault, checkBallot, type EncryptedBallot } from '../../verifiable/ballot.js';
import type { EncryptedBoard } from '../../verifiable/board.js';
import { pointFromHex } from '../../verifiable/group.js';

/** One slice of ballots to check, as plain data that crosses to a thread. */
export interface BallotCheckJob {
  readonly electionId: string;
  readonly electionKey: string;
  readonly candidates: number;
  readonly ballots: readonly EncryptedBallot[];
}

/** What `checkBallot` found for each ballot of a slice, in order (null: it passed). */
export type BallotFaults = readonly (BallotFault | null)[];

/** Threads to check slices on; `run` answers null when a thread could not (the caller then checks in its own). */
export interface BallotCheckThreads {
  readonly threads: number;
  run(job: BallotCheckJob): Promise<BallotFaults | null>;
}

/** Below this many ballots a thread's start costs more than the checks it would share. */
const FEWEST_TO_SHARE = 64;

/** A slice's checks: what a thread runs. */
export function checkBallotSlice(job: BallotCheckJob): (BallotFault | null)[] {
  const key = pointFromHex(job.electionKey);
  if (key === null) throw new RangeError('the election key of a slice of ballots is not a point');
  const context = { electionId: job.electionId, electionKey: key, candidates: job.candidates };
  return job.ballots.map((ballot) => checkBallot(context, ballot).fault);
}

/**
 * Every ballot's checks on the threads, or undefined when they are not worth sharing (few ballots, one
 * thread), cannot be made (the board's election key is not a point: its verification stops before the
 * ballots), or a thread failed: the board's verification then checks the ballots itself.
 */
export async function ballotFaultsOnThreads(board: EncryptedBoard, threads: BallotCheckThreads | undefined): Promise<BallotFaults | undefined> {
  const ballots = Array.isArray(board.ballots) ? board.ballots : [];
  if (threads === undefined || threads.threads < 2 || ballots.length < FEWEST_TO_SHARE) return undefined;
  if (typeof board.electionKey !== 'string' || pointFromHex(board.electionKey) === null) return undefined;
  const size = Math.ceil(ballots.length / threads.threads);
  const slices: EncryptedBallot[][] = [];
  for (let from = 0; from < ballots.length; from += size) slices.push(ballots.slice(from, from + size));
  const e = board.election;
  const answers = await Promise.all(
    slices.map((slice) => threads.run({ electionId: e.id, electionKey: board.electionKey, candidates: e.candidates, ballots: slice })),
  );
  if (answers.some((a, i) => a === null || a.length !== slices[i]!.length)) return undefined;
  return answers.flatMap((a) => a!);
}
