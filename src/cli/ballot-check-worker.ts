/**
 * A thread of `hustings trustee mix|decrypt` checking a slice of the board's ballots
 * (src/app/ceremony/ballot-checks.ts), one of the worker pool's (src/runtime/worker-pool.ts).
 */
import { checkBallotSlice } from '../app/ceremony/ballot-checks.js';
import { answerJobs } from '../runtime/worker-pool.js';

answerJobs(checkBallotSlice);
