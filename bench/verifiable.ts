/**
 * Encrypted ballots end to end (issue 15), in one process: the trustees' key generation (3 of 5), N
 * ballots of C candidates encrypted, proved and signed, 3 mixers each shuffling and proving, threshold
 * decryption by 3 trustees, and the verification of the whole board from its public data.
 *
 * Printed per phase: CPU time and CPU time per ballot, and the peak resident memory seen at the
 * phases' ends; the mixes
 * each on their own line. Not part of `npm run bench` yet.
 *
 * Settings (environment):
 *   BENCH_VERIFIABLE_BALLOTS=1000        N
 *   BENCH_VERIFIABLE_CANDIDATES=10,30    C, one run each
 *
 * Run: npx tsx bench/verifiable.ts
 */
import { randomBytes } from 'node:crypto';
import { verifyEncryptedBoard } from '../src/verifiable/board.js';
import { runEncryptedElection } from '../src/verifiable/election.js';

const BALLOTS = Number(process.env.BENCH_VERIFIABLE_BALLOTS ?? 1000);
const CANDIDATES = (process.env.BENCH_VERIFIABLE_CANDIDATES ?? '10,30').split(',').map(Number);

/**
 * The clock: this process's CPU time in milliseconds (user and system), since on a shared machine wall
 * time mostly measures the neighbours; the phases are single-threaded, so CPU time is what they would
 * take alone. Peak resident memory is sampled at each phase's end (the phases are synchronous, so no
 * timer could run).
 */
let peak = 0;
const now = () => {
  peak = Math.max(peak, process.memoryUsage().rss);
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** A random ranking of some of the candidates (about half of them, at least one). */
function ranking(candidates: number): number[] {
  const pool = Array.from({ length: candidates }, (_, i) => i);
  const length = 1 + Math.floor(Math.random() * candidates);
  return Array.from({ length }, () => pool.splice(Math.floor(Math.random() * pool.length), 1)[0]!);
}

const line = (phase: string, ms: number, per: number) =>
  console.log(`${phase.padEnd(34)} ${(ms / 1000).toFixed(2).padStart(9)} s   ${(ms / per).toFixed(2).padStart(8)} ms per ballot (CPU)`);

for (const candidates of CANDIDATES) {
  const rankings = Array.from({ length: BALLOTS }, () => ranking(candidates));
  console.log(`\nencrypted election: ${BALLOTS} ballots of ${candidates} candidates, 3 of 5 trustees, 3 mixes`);
  const run = runEncryptedElection({
    id: `bench-${candidates}`,
    candidates,
    threshold: 3,
    trustees: 5,
    rankings,
    mixers: [1, 2, 3],
    decryptors: [3, 4, 5],
    random: (n) => new Uint8Array(randomBytes(n)),
    now,
  });
  line('key generation (3 of 5)', run.timings.keys, BALLOTS);
  line('ballots encrypted, proved, signed', run.timings.ballots, BALLOTS);
  for (const [i, ms] of run.mixTimings.entries()) line(`mix ${i + 1}: shuffle and proof`, ms, BALLOTS);
  for (const [i, ms] of run.decryptionTimings.entries()) line(`trustee ${i + 1}: decryption shares`, ms, BALLOTS);
  line('shares combined, rankings decoded', run.timings.combination, BALLOTS);
  const start = now();
  const verified = verifyEncryptedBoard(run.board);
  const verifyMs = now() - start;
  line('verification of the whole board', verifyMs, BALLOTS);
  const ok =
    verified.failures.length === 0 &&
    JSON.stringify(verified.decrypted?.map((r) => JSON.stringify(r)).sort()) === JSON.stringify(rankings.map((r) => JSON.stringify(r)).sort());
  console.log(`verified: ${ok ? 'yes, and the decrypted rankings are the cast ones' : `NO: ${JSON.stringify(verified.failures.slice(0, 3))}`}`);
  console.log(`board: ${(JSON.stringify(run.board).length / 1e6).toFixed(1)} MB of JSON; peak memory ${(peak / 2 ** 20).toFixed(0)} MiB`);
}
