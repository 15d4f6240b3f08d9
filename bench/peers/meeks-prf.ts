/**
 * `meeks-prf-js` (David Cary's implementation of the Proportional
 * Representation Foundation's reference Meek rule): `Meek.tabulate(seats,
 * candidates, ballotGroups, maxRankingLevels, tieBreaker, excluded, protected,
 * options)` from run/meek.js, as its README shows. The BLT file is parsed the
 * plain way, one `[weight, [names…]]` group per line; the library builds its
 * own ballot tree (its default `ballot_tree: dynamic`). Ties to defeat go to
 * the candidate listed first in the tie-breaker, which we give in file order.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { report } from './read.js';

interface MeekStatus {
  readonly status: string;
  readonly nbrRound: number;
  readonly votes: { toString(): string };
}
interface MeekResults {
  readonly elected: Set<string>;
  readonly statuses: Record<string, MeekStatus>;
}
interface MeekModule {
  tabulate(
    seats: number,
    candidates: string[],
    ballots: [number, string[]][],
    maxRankingLevels: number | null,
    tieBreaker: string[],
    excluded: string,
    protectedCandidates: string,
    options: Record<string, unknown>,
    progress: null,
  ): MeekResults;
}

const require = createRequire(import.meta.url);
const Meek = require('meeks-prf-js/run/meek.js') as MeekModule;

const file = process.argv[2];
const t0 = performance.now();
const lines = readFileSync(file, 'utf8').split('\n');
const [nCandidates, seats] = lines[0].trim().split(/\s+/).map(Number);
const raw: number[][] = [];
let i = 1;
for (; i < lines.length; i++) {
  const fields = lines[i].trim().split(/\s+/).map(Number);
  if (fields.length === 1 && fields[0] === 0) break;
  raw.push(fields);
}
const candidates = lines.slice(i + 1, i + 1 + nCandidates).map((l) => l.trim().replace(/^"|"$/g, ''));
const ballots: [number, string[]][] = raw.map((f) => [f[0], f.slice(1, -1).map((c) => candidates[c - 1])]);
const t1 = performance.now();
const results = Meek.tabulate(seats, candidates, ballots, null, candidates, '', '', {}, null);
const t2 = performance.now();
// Each candidate's fate and vote at that round, so a disagreement with Hustings can be explained.
const detail = Object.fromEntries(Object.entries(results.statuses).map(([c, st]) => [c, `${st.status} in round ${st.nbrRound} with ${st.votes.toString()}`]));
report({ winners: [...results.elected], readMs: t1 - t0, countMs: t2 - t1, detail });
