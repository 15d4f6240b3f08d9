/**
 * `caritat`: `new Election({ candidates })`, `addBallot(names)` per CSV row,
 * then `irv(election, config)`, as its README shows.
 *
 * Two things a user has to work around, both documented here because they
 * shape the figures:
 * - its majority is taken over all ballots, exhausted ones included, so when
 *   exhausted ballots are many nobody reaches it, the last candidate is
 *   eliminated too, and `irv` then loops for ever. The log callback sees every
 *   elimination; once all but one are gone the survivor is the IRV winner, and
 *   we stop there.
 * - ties are broken by `_.sample` (random) unless a tiebreak is given; we pass
 *   a fixed one so runs are reproducible.
 */
import { createRequire } from 'node:module';
import { readRankCsv, report } from './read.js';

interface LogEvent {
  readonly type: 'elected' | 'eliminated' | 'tiebreak';
  readonly candidate: string;
}
interface CaritatElection {
  addBallot(votes: string[], count?: number): boolean;
}
interface Caritat {
  Election: new (config: { candidates: string[] }) => CaritatElection;
  irv(election: CaritatElection, config: { tiebreak: (tied: string[]) => string; log: (e: LogEvent) => void }): string;
}

const require = createRequire(import.meta.url);
const caritat = require('caritat') as Caritat;

class Decided {
  constructor(readonly winner: string) {}
}

const file = process.argv[2];
const t0 = performance.now();
const { candidates, rows } = readRankCsv(file);
const election = new caritat.Election({ candidates });
for (const names of rows) election.addBallot(names);
const t1 = performance.now();
let winner: string | undefined;
let note: string | undefined;
const remaining = new Set(candidates);
try {
  winner = caritat.irv(election, {
    tiebreak: (tied) => [...tied].sort()[0],
    log: (e) => {
      if (e.type !== 'eliminated') return;
      remaining.delete(e.candidate);
      if (remaining.size === 1) throw new Decided([...remaining][0]);
    },
  });
} catch (e) {
  if (!(e instanceof Decided)) throw e;
  winner = e.winner;
  note = 'no majority of all ballots (exhausted included); winner = last survivor';
}
const t2 = performance.now();
report({ winners: winner === undefined ? [] : [winner], readMs: t1 - t0, countMs: t2 - t1, ...(note ? { note } : {}) });
