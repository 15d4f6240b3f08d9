/**
 * Count records written by hand, so the renderers are tested apart from any
 * counting rule. The Scottish-style record moves one surplus per stage: Bob is
 * elected at stage 1 but his surplus waits until stage 2.
 */
import type { CountRecord, Stage } from '../../src/count/record.js';

const none = { exhausted: '0.00000', overvote: '0.00000', skippedRanks: '0.00000', repeatedRanking: '0.00000' };

/** 3 seats, 5 candidates, 100 ballots, quota 26. */
export function sequentialSurplusRecord(): CountRecord {
  const stages: Stage[] = [
    {
      number: 1,
      tally: { 0: '40.00000', 1: '30.00000', 2: '16.00000', 3: '9.00000', 4: '5.00000' },
      threshold: '26.00000',
      inactive: none,
      lost: '0.00000',
      elected: [0, 1],
      excluded: [],
      action: {
        kind: 'surplus',
        candidates: [0],
        transfers: { 0: '-14.00000', 2: '8.00000', 3: '3.00000', 4: '2.00000' },
        inactive: { exhausted: '0.99990' },
        lost: '0.00010',
        transferValues: ['0.35000'],
      },
    },
    {
      number: 2,
      tally: { 0: '26.00000', 1: '30.00000', 2: '24.00000', 3: '12.00000', 4: '7.00000' },
      threshold: '26.00000',
      inactive: { ...none, exhausted: '0.99990' },
      lost: '0.00010',
      elected: [],
      excluded: [],
      action: {
        kind: 'surplus',
        candidates: [1],
        transfers: { 1: '-4.00000', 2: '1.50000', 3: '1.00000', 4: '0.50000' },
        inactive: { exhausted: '1.00000' },
        lost: '0.00000',
        transferValues: ['0.13333'],
      },
    },
    {
      number: 3,
      tally: { 0: '26.00000', 1: '26.00000', 2: '25.50000', 3: '13.00000', 4: '7.50000' },
      threshold: '26.00000',
      inactive: { ...none, exhausted: '1.99990' },
      lost: '0.00010',
      elected: [],
      excluded: [4],
      action: {
        kind: 'exclusion',
        candidates: [4],
        transfers: { 4: '-7.50000', 2: '2.50000', 3: '3.00000' },
        inactive: { exhausted: '2.00000' },
        lost: '0.00000',
      },
    },
    {
      number: 4,
      tally: { 0: '26.00000', 1: '26.00000', 2: '28.00000', 3: '16.00000' },
      threshold: '26.00000',
      inactive: { ...none, exhausted: '3.99990' },
      lost: '0.00010',
      elected: [2],
      excluded: [],
    },
  ];
  return {
    method: 'stv-scottish',
    methodName: 'Scottish STV (SSI 2007/42)',
    title: 'Hand ward',
    candidates: ['Ann Able', 'Bob Baker', 'Cat "Kit" Cole, Jr', 'Dan Dee', 'Eve Eddy'],
    seats: 3,
    arithmetic: 'fixed(5)',
    options: { seats: null, tieBreak: 'lot', seed: 1, tieOrder: null, overvoteRule: 'exhaustImmediately', maxSkippedRanks: null },
    totalBallots: '100',
    stages,
    events: [
      { type: 'elect', stage: 1, candidate: 0, reason: 'quota', votes: '40.00000' },
      { type: 'elect', stage: 1, candidate: 1, reason: 'quota', votes: '30.00000' },
      { type: 'surplus', stage: 1, candidate: 0, surplus: '14.00000' },
      { type: 'surplus', stage: 2, candidate: 1, surplus: '4.00000' },
      {
        type: 'tie',
        stage: 3,
        purpose: 'exclusion',
        tied: [3, 4],
        chosen: 4,
        rule: 'lowest votes at the most recent preceding stage at which the tied candidates differed (stage 2)',
      },
      { type: 'exclude', stage: 3, candidates: [4], reason: 'lowest' },
      { type: 'elect', stage: 4, candidate: 2, reason: 'quota', votes: '28.00000' },
    ],
    elected: [0, 1, 2],
  };
}

/**
 * A long single-seat count: 16 candidates, excluded one per stage, so 15
 * stages; every excluded candidate's votes go half to the leader, half
 * inactive. Used to check that wide counts wrap into blocks.
 */
export function longRecord(): CountRecord {
  const n = 16;
  const candidates = Array.from({ length: n }, (_, i) => `Candidate number ${String(i + 1).padStart(2, '0')}`);
  let tally: Record<number, number> = {};
  for (let c = 0; c < n; c++) tally[c] = 100 + 10 * (n - c);
  let exhausted = 0;
  const stages: Stage[] = [];
  for (let k = 1; k < n; k++) {
    const loser = n - k;
    const strs: Record<number, string> = {};
    for (const [c, v] of Object.entries(tally)) strs[Number(c)] = String(v);
    const moved = tally[loser];
    stages.push({
      number: k,
      tally: strs,
      threshold: String(Math.floor(Object.values(tally).reduce((a, b) => a + b, 0) / 2) + 1),
      inactive: { exhausted: String(exhausted), overvote: '0', skippedRanks: '0', repeatedRanking: '0' },
      lost: '0',
      elected: k === n - 1 ? [0] : [],
      excluded: k === n - 1 ? [] : [loser],
      action:
        k === n - 1
          ? undefined
          : {
              kind: 'exclusion',
              candidates: [loser],
              transfers: { [loser]: String(-moved), 0: String(moved / 2) },
              inactive: { exhausted: String(moved / 2) },
              lost: '0',
            },
    });
    if (k < n - 1) {
      const next: Record<number, number> = { ...tally };
      delete next[loser];
      next[0] += moved / 2;
      exhausted += moved / 2;
      tally = next;
    }
  }
  return {
    method: 'irv',
    methodName: 'Alternative vote (IRV)',
    title: 'Long count',
    candidates,
    seats: 1,
    arithmetic: 'fixed(0)',
    options: {},
    totalBallots: String(Object.values(stages[0].tally).reduce((a, b) => a + Number(b), 0)),
    stages,
    events: [{ type: 'elect', stage: n - 1, candidate: 0, reason: 'majority', votes: stages[n - 2].tally[0] }],
    elected: [0],
  };
}
