/**
 * `votes` (lzear/votes): `new InstantRunoff({ candidates, ballots })` with one
 * `{ ranking: [[name], …], weight: 1 }` per CSV row, as its README shows.
 * Its IRV eliminates every candidate tied for last each round and runs until
 * none is left; `ranking()[0]` holds the last survivor, the winner.
 */
import { InstantRunoff } from 'votes';
import { readRankCsv, report } from './read.js';

const file = process.argv[2];
const t0 = performance.now();
const { candidates, rows } = readRankCsv(file);
const ballots = rows.map((names) => ({ ranking: names.map((n) => [n]), weight: 1 }));
const t1 = performance.now();
const ranking = new InstantRunoff({ candidates, ballots }).ranking();
const t2 = performance.now();
report({ winners: ranking[0] ?? [], readMs: t1 - t0, countMs: t2 - t1 });
