/**
 * `election-js` (theLAZYmd/election): its IRV is the `Count` class in
 * lib/irv/Count, `new Count(candidateNames, votes)` with each vote an array of
 * names in preference order (its own test script builds it this way). In IRV
 * mode it eliminates until one candidate is left; `winners[0]` is that one.
 */
import { createRequire } from 'node:module';
import { readRankCsv, report } from './read.js';

interface CountInstance {
  readonly winners: string[];
}
type CountClass = new (candidates: string[], votes: string[][]) => CountInstance;

const require = createRequire(import.meta.url);
const Count = (require('election-js/lib/irv/Count.js') as { default: CountClass }).default;

const file = process.argv[2];
const t0 = performance.now();
const { candidates, rows } = readRankCsv(file);
const t1 = performance.now();
const result = new Count(candidates, rows);
const t2 = performance.now();
report({ winners: result.winners.slice(0, 1), readMs: t1 - t0, countMs: t2 - t1 });
