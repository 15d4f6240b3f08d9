/**
 * One encrypted election end to end (issue 15), in a child of its own so that its peak memory is its
 * own: the trustees' key generation (3 of 5), N ballots of C candidates encrypted, proved and signed,
 * 3 mixers each shuffling and proving, threshold decryption by 3 trustees, the shares combined and
 * decoded, the count (IRV by the existing engine), and the verification of the whole board from its
 * public data. Times are this process's CPU time (user + system), and wall time beside it: the
 * phases are single-threaded, so on a loaded machine wall exceeds CPU by what others took.
 *
 * Arguments: the repository root (whose dist/ is imported), N, C. Prints one JSON report line.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, ballotsArg, candidatesArg] = process.argv.slice(2);
const load = async <T>(rel: string): Promise<T> => (await import(pathToFileURL(path.join(root!, 'dist', rel)).href)) as T;
const { runEncryptedElection } = await load<typeof import('../../src/verifiable/election.js')>('verifiable/election.js');
const { verifyEncryptedBoard } = await load<typeof import('../../src/verifiable/board.js')>('verifiable/board.js');
const { countRanked } = await load<typeof import('../../src/count/index.js')>('count/index.js');

const ballots = Number(ballotsArg);
const candidates = Number(candidatesArg);

let peak = 0;
/** The wall clock at each reading of the CPU clock, so each phase has both. */
const walls: number[] = [];
const cpu = () => {
  peak = Math.max(peak, process.memoryUsage().rss);
  walls.push(performance.now());
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** A random ranking of some of the candidates (at least one). */
function ranking(): number[] {
  const pool = Array.from({ length: candidates }, (_, i) => i);
  const length = 1 + Math.floor(Math.random() * candidates);
  return Array.from({ length }, () => pool.splice(Math.floor(Math.random() * pool.length), 1)[0]!);
}

const rankings = Array.from({ length: ballots }, ranking);
const run = runEncryptedElection({
  id: `bench-${ballots}-${candidates}`,
  candidates,
  threshold: 3,
  trustees: 5,
  rankings,
  mixers: [1, 2, 3],
  decryptors: [3, 4, 5],
  random: (n) => new Uint8Array(randomBytes(n)),
  now: cpu,
});

const electionWalls = walls.slice(1).map((w, i) => w - walls[i]!);
let t = cpu();
const names = Array.from({ length: candidates }, (_, i) => ({ id: `c${i}`, name: `Candidate ${i + 1}`, withdrawn: false }));
const record = countRanked(
  { title: 'bench', candidates: names, seats: 1, ballots: run.board.rankings.flatMap((r) => (r === null ? [] : [{ ranking: r.map((i) => `c${i}`) }])) },
  'irv',
  {},
);
const countMs = cpu() - t;

t = cpu();
const countWall = walls[walls.length - 1]! - walls[walls.length - 2]!;
const verified = verifyEncryptedBoard(run.board);
const verifyMs = cpu() - t;
const verifyWall = walls[walls.length - 1]! - walls[walls.length - 2]!;
// The election's laps in order: keys, ballots, each mix, each decryption, the combination.
const mixes = run.mixTimings.length;
const decryptions = run.decryptionTimings.length;
const same = JSON.stringify(verified.decrypted?.map((r) => JSON.stringify(r)).sort()) === JSON.stringify(rankings.map((r) => JSON.stringify(r)).sort());

console.log(
  JSON.stringify({
    ballots,
    candidates,
    keysMs: run.timings.keys,
    ballotsMs: run.timings.ballots,
    mixMs: run.mixTimings,
    decryptionMs: run.decryptionTimings,
    combinationMs: run.timings.combination,
    countMs,
    verifyMs,
    wall: {
      keysMs: electionWalls[0],
      ballotsMs: electionWalls[1],
      mixMs: electionWalls.slice(2, 2 + mixes),
      decryptionMs: electionWalls.slice(2 + mixes, 2 + mixes + decryptions),
      combinationMs: electionWalls[2 + mixes + decryptions],
      countMs: countWall,
      verifyMs: verifyWall,
    },
    verified: verified.failures.length === 0 && same,
    failures: verified.failures.slice(0, 3).map((f) => `${f.code}: ${f.detail}`),
    elected: record.elected,
    boardBytes: JSON.stringify(run.board).length,
    peakRssBytes: Math.max(peak, process.resourceUsage().maxRSS * 1024),
  }),
);
