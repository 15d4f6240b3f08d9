import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { election, ranksOf, type Election } from '../../src/count/ballots.js';
import { irv } from '../../src/count/methods/irv.js';
import { OptionError, type OptionValue } from '../../src/count/options.js';
import { INACTIVE_REASONS } from '../../src/count/ballot-rules.js';
import { parseCsvCvr } from '../../src/formats/csv-cvr/index.js';
import type { CountRecord } from '../../src/count/record.js';
import { eventsOf, runner, type BallotSpec } from './helpers.js';

const count = runner(irv);

const make = (candidates: string[], ballots: BallotSpec[], extra: { withdrawn?: number[]; seats?: number } = {}): Election =>
  election({ candidates, ballots, ...extra });

const tallies = (r: CountRecord): Record<number, string>[] => r.stages.map((s) => s.tally);

/** Checks invariants every IRV record must satisfy. */
function checkShape(r: CountRecord): void {
  const total = BigInt(r.totalBallots);
  const out = new Set<number>();
  const won = r.stages.findIndex((s) => s.elected.length > 0);
  r.stages.forEach((s, k) => {
    expect(s.number).toBe(k + 1);
    const sum = Object.values(s.tally).reduce((a, v) => a + BigInt(v), 0n) + INACTIVE_REASONS.reduce((a, why) => a + BigInt(s.inactive[why]), 0n);
    expect(sum).toBe(total);
    for (const c of out) expect(s.tally[c]).toBeUndefined();
    // Threshold: more than half of the active votes, as floor(active / 2) + 1, until someone wins;
    // then (continuing until two remain) RCTab keeps the winning round's.
    const active = Object.values(s.tally).reduce((a, v) => a + BigInt(v), 0n);
    if (won < 0 || k <= won) expect(s.threshold).toBe(String(active / 2n + 1n));
    else expect(s.threshold).toBe(r.stages[won]!.threshold);
    if (k === won && k < r.stages.length - 1) {
      // The winning round excludes no one: the next round counts the same votes again.
      expect(s.action).toBeUndefined();
      expect(s.excluded).toEqual([]);
      expect(r.stages[k + 1]!.tally).toEqual(s.tally);
    } else if (s.action) {
      expect(s.action.kind).toBe('exclusion');
      expect(s.action.candidates).toEqual(s.excluded);
      const moved =
        Object.values(s.action.transfers).reduce((a, v) => a + BigInt(v), 0n) + Object.values(s.action.inactive).reduce((a, v) => a + BigInt(v ?? '0'), 0n);
      expect(moved).toBe(0n);
      expect(s.action.lost).toBe('0');
      for (const c of s.excluded) out.add(c);
    } else {
      expect(k).toBe(r.stages.length - 1);
    }
  });
  expect(r.elected).toHaveLength(1);
  expect(r.stages.at(-1)!.tally[r.elected[0]]).toBeDefined();
  expect(r.seats).toBe(1);
  expect(r.arithmetic).toBe('fixed(0)');
}

describe('irv: rounds and record', () => {
  // A 4, B 3, C 2 (C's voters prefer B next): C goes, B reaches 5 of 9.
  const e = make(
    ['A', 'B', 'C'],
    [
      { ranks: [0], weight: 4 },
      { ranks: [1], weight: 3 },
      { ranks: [2, 1], weight: 2 },
    ],
  );

  it('excludes the lowest and elects on a majority of active votes', () => {
    const r = count(e);
    checkShape(r);
    expect(tallies(r)).toEqual([
      { 0: '4', 1: '3', 2: '2' },
      { 0: '4', 1: '5' },
    ]);
    expect(r.stages.map((s) => s.threshold)).toEqual(['5', '5']);
    expect(r.stages[0].excluded).toEqual([2]);
    expect(r.stages[0].action).toEqual({ kind: 'exclusion', candidates: [2], transfers: { 1: '2', 2: '-2' }, inactive: {}, lost: '0' });
    expect(r.stages[1].elected).toEqual([1]);
    expect(r.elected).toEqual([1]);
    expect(eventsOf(r, 'exclude')).toEqual([{ type: 'exclude', stage: 1, candidates: [2], reason: 'lowest' }]);
    expect(eventsOf(r, 'elect')).toEqual([{ type: 'elect', stage: 2, candidate: 1, reason: 'majority', votes: '5' }]);
    expect(eventsOf(r, 'tie')).toEqual([]);
  });

  it('records every option in force, defaults included', () => {
    const r = count(e);
    expect(r.method).toBe('irv');
    expect(r.candidates).toEqual(['A', 'B', 'C']);
    expect(r.totalBallots).toBe('9');
    expect(r.options).toEqual({
      seats: 1,
      overvoteRule: 'exhaustImmediately',
      maxSkippedRanks: null,
      exhaustOnDuplicate: false,
      batchElimination: false,
      continueUntilTwoRemain: false,
      tieHistory: 'backward',
      tieBreak: 'lot',
      seed: 1,
      tieOrder: null,
    });
  });

  it('elects on a first-round majority without any exclusion', () => {
    const r = count(
      make(
        ['A', 'B', 'C'],
        [
          { ranks: [0], weight: 5 },
          { ranks: [1], weight: 3 },
          { ranks: [2], weight: 1 },
        ],
      ),
    );
    expect(r.stages).toHaveLength(1);
    expect(r.stages[0].threshold).toBe('5');
    expect(r.elected).toEqual([0]);
  });

  it('needs more than half: exactly half is not a majority', () => {
    // A 4 of 8 at first; C's 1 vote exhausts, so A's 4 of 7 wins in round 2.
    const r = count(make(['A', 'B', 'C'], [{ ranks: [0], weight: 4 }, { ranks: [1], weight: 3 }, { ranks: [2] }]));
    checkShape(r);
    expect(r.stages[0].threshold).toBe('5');
    expect(r.stages[0].elected).toEqual([]);
    expect(r.stages[1].threshold).toBe('4');
    expect(r.stages[1].inactive.exhausted).toBe('1');
    expect(r.stages[1].action).toBeUndefined();
    expect(r.elected).toEqual([0]);
  });

  it('a lone standing candidate wins as the last continuing', () => {
    const r = count(make(['A', 'B'], [{ ranks: [1, 0], weight: 2 }, { ranks: [] }], { withdrawn: [1] }));
    expect(r.stages).toHaveLength(1);
    expect(r.stages[0].tally).toEqual({ 0: '2' });
    expect(eventsOf(r, 'elect')).toEqual([{ type: 'elect', stage: 1, candidate: 0, reason: 'last continuing', votes: '2' }]);
  });
});

describe('irv: withdrawn candidates', () => {
  it('never counts a withdrawn candidate; their marks pass to the next choice', () => {
    const e = make(
      ['A', 'B', 'C'],
      [
        { ranks: [1, 2], weight: 3 },
        { ranks: [0], weight: 4 },
        { ranks: [2], weight: 2 },
      ],
      { withdrawn: [1] },
    );
    const r = count(e);
    checkShape(r);
    expect(tallies(r)).toEqual([{ 0: '4', 2: '5' }]);
    expect(r.elected).toEqual([2]);
    expect(r.events.some((ev) => 'candidate' in ev && ev.candidate === 1)).toBe(false);
  });
});

describe('irv: seats', () => {
  const e = make(['A', 'B'], [{ ranks: [0] }], { seats: 2 });
  it('refuses --seats other than 1', () => {
    expect(() => count(e, { seats: 2 })).toThrow(OptionError);
    expect(() => count(e, { seats: '3' })).toThrow(/--seats must be 1/);
  });
  it('counts a file that declares more seats for one seat, and notes it in the record', () => {
    const r = count(e);
    expect(r.elected).toEqual([0]);
    expect(r.seats).toBe(1);
    expect(r.events).toContainEqual({ type: 'note', stage: 1, text: 'the file declares 2 seats; IRV elects one candidate' });
    expect(count(e, { seats: 1 }).events.filter((ev) => ev.type === 'note')).toEqual([]);
  });
  it('rejects options it does not have', () => {
    expect(() => count(e, { seats: 1, minimum: 'gender=woman:1' })).toThrow(OptionError);
  });
});

describe('irv: overvote rules', () => {
  // A 5, B 4, C 3 (1 plain, 2 ranking [C, {B, D}]), D 1. D goes first, then C;
  // by then D is out, so {B, D} has one continuing candidate.
  const e = make(
    ['A', 'B', 'C', 'D'],
    [{ ranks: [0], weight: 5 }, { ranks: [1], weight: 4 }, { ranks: [2] }, { ranks: [2, [1, 3]], weight: 2 }, { ranks: [3] }],
  );

  it('exhaustImmediately: the overvote ends the ballot', () => {
    const r = count(e, { overvoteRule: 'exhaustImmediately' });
    checkShape(r);
    expect(tallies(r)).toEqual([
      { 0: '5', 1: '4', 2: '3', 3: '1' },
      { 0: '5', 1: '4', 2: '3' },
      { 0: '5', 1: '4' },
    ]);
    expect(r.stages[2].inactive).toEqual({ exhausted: '2', overvote: '2', skippedRanks: '0', repeatedRanking: '0' });
    expect(r.stages[1].action!.inactive).toEqual({ exhausted: '1', overvote: '2' });
    expect(r.elected).toEqual([0]);
  });

  it('alwaysSkipToNextRank: the overvoted rank is passed over', () => {
    const r = count(e, { overvoteRule: 'always-skip-to-next-rank' });
    checkShape(r);
    expect(r.stages[2].inactive).toEqual({ exhausted: '4', overvote: '0', skippedRanks: '0', repeatedRanking: '0' });
    expect(r.elected).toEqual([0]);
  });

  it('exhaustIfMultipleContinuing: counts for the one continuing candidate of the rank', () => {
    const r = count(e, { overvoteRule: 'exhaustIfMultipleContinuing' });
    checkShape(r);
    expect(tallies(r)[2]).toEqual({ 0: '5', 1: '6' });
    expect(r.stages[2].inactive.overvote).toBe('0');
    expect(r.elected).toEqual([1]);
  });

  it('exhaustIfMultipleContinuing: exhausts when two of the rank are continuing', () => {
    const r = count(make(['A', 'B', 'C'], [{ ranks: [[0, 1], 2], weight: 2 }, { ranks: [0], weight: 3 }, { ranks: [1], weight: 2 }, { ranks: [2] }]), {
      overvoteRule: 'exhaustIfMultipleContinuing',
    });
    checkShape(r);
    expect(r.stages[0].inactive.overvote).toBe('2');
    expect(r.stages[0].tally).toEqual({ 0: '3', 1: '2', 2: '1' });
  });

  it('an overvote at the first rank is inactive from round 1 under exhaustImmediately', () => {
    const r = count(make(['A', 'B'], [{ ranks: [[0, 1], 1] }, { ranks: [0], weight: 2 }]));
    expect(r.stages[0].inactive.overvote).toBe('1');
    expect(r.stages[0].tally).toEqual({ 0: '2', 1: '0' });
  });
});

describe('irv: maximum skipped ranks', () => {
  // C 5, B 4, A 3: 2 ballots [A, _, B], 1 ballot [A, _, _, B]. A goes first.
  const e = make(['A', 'B', 'C'], [{ ranks: [2], weight: 5 }, { ranks: [1], weight: 4 }, { ranks: [0, [], 1], weight: 2 }, { ranks: [0, [], [], 1] }]);

  it('unlimited: blank ranks are passed over', () => {
    const r = count(e, { maxSkippedRanks: 'unlimited' });
    checkShape(r);
    expect(tallies(r)[1]).toEqual({ 1: '7', 2: '5' });
    expect(r.elected).toEqual([1]);
  });

  it('1: one blank rank is allowed, two are not', () => {
    const r = count(e, { maxSkippedRanks: 1 });
    checkShape(r);
    expect(tallies(r)[1]).toEqual({ 1: '6', 2: '5' });
    expect(r.stages[1].inactive.skippedRanks).toBe('1');
    expect(r.stages[0].action!.inactive).toEqual({ skippedRanks: '1' });
    expect(r.elected).toEqual([1]);
  });

  it('0: any blank rank before a further mark exhausts the ballot', () => {
    const r = count(e, { maxSkippedRanks: 0 });
    checkShape(r);
    expect(tallies(r)[1]).toEqual({ 1: '4', 2: '5' });
    expect(r.stages[1].inactive.skippedRanks).toBe('3');
    expect(r.elected).toEqual([2]);
  });

  it('0: a blank first rank makes the ballot inactive from round 1', () => {
    const r = count(make(['A', 'B'], [{ ranks: [[], 0] }, { ranks: [1] }]), { maxSkippedRanks: 0 });
    expect(r.stages[0].inactive.skippedRanks).toBe('1');
    expect(r.stages[0].tally).toEqual({ 0: '0', 1: '1' });
  });
});

describe('irv: repeated rankings', () => {
  // C 5, B 4, and 3 ballots [A, A, B].
  const e = make(
    ['A', 'B', 'C'],
    [
      { ranks: [2], weight: 5 },
      { ranks: [1], weight: 4 },
      { ranks: [0, 0, 1], weight: 3 },
    ],
  );

  it('skip (default): the repeat is passed over and the ballot moves on', () => {
    const r = count(e, { exhaustOnDuplicate: false });
    checkShape(r);
    expect(tallies(r)[1]).toEqual({ 1: '7', 2: '5' });
    expect(r.elected).toEqual([1]);
  });

  it('exhaust: reaching the repeat makes the ballot inactive', () => {
    const r = count(e, { exhaustOnDuplicate: true });
    checkShape(r);
    expect(tallies(r)[1]).toEqual({ 1: '4', 2: '5' });
    expect(r.stages[1].inactive.repeatedRanking).toBe('3');
    expect(r.elected).toEqual([2]);
  });
});

describe('irv: batch elimination', () => {
  // A 10, B 8, C 3 (→A), D 2 (→B), E 1. E+D+C = 6 < 8, so all three go at once.
  const e = make(
    ['A', 'B', 'C', 'D', 'E'],
    [{ ranks: [0], weight: 10 }, { ranks: [1], weight: 8 }, { ranks: [2, 0], weight: 3 }, { ranks: [3, 1], weight: 2 }, { ranks: [4] }],
  );

  it('off: one exclusion per round', () => {
    const r = count(e, { batchElimination: false });
    checkShape(r);
    expect(r.stages.map((s) => s.excluded)).toEqual([[4], [3], [2], []]);
    expect(tallies(r)[2]).toEqual({ 0: '10', 1: '10', 2: '3' });
    expect(r.elected).toEqual([0]);
  });

  it('on: excludes together everyone who cannot overtake the next candidate', () => {
    const r = count(e, { batchElimination: true });
    checkShape(r);
    expect(r.stages).toHaveLength(2);
    expect(r.stages[0].excluded).toEqual([4, 3, 2]);
    expect(eventsOf(r, 'exclude')).toEqual([{ type: 'exclude', stage: 1, candidates: [4, 3, 2], reason: 'batch' }]);
    expect(r.stages[0].action).toEqual({
      kind: 'exclusion',
      candidates: [4, 3, 2],
      transfers: { 0: '3', 1: '2', 2: '-3', 3: '-2', 4: '-1' },
      inactive: { exhausted: '1' },
      lost: '0',
    });
    expect(tallies(r)[1]).toEqual({ 0: '13', 1: '10' });
    expect(r.stages[1].threshold).toBe('12');
    expect(r.elected).toEqual([0]);
  });

  it('on: a sum equal to the next total does not let that candidate go', () => {
    // E 1 < D 2 and 1 + 2 < C 4, so E and D go; 1 + 2 + 4 = 7 = B, so C stays.
    const r = count(
      make(
        ['A', 'B', 'C', 'D', 'E'],
        [{ ranks: [0], weight: 12 }, { ranks: [1], weight: 7 }, { ranks: [2], weight: 4 }, { ranks: [3], weight: 2 }, { ranks: [4] }],
      ),
      {
        batchElimination: true,
      },
    );
    expect(r.stages[0].excluded).toEqual([4, 3]);
  });

  it('on: falls back to the lowest when the batch would be a single candidate', () => {
    const r = count(
      make(
        ['A', 'B', 'C'],
        [
          { ranks: [0], weight: 5 },
          { ranks: [1], weight: 4 },
          { ranks: [2], weight: 2 },
        ],
      ),
      { batchElimination: true },
    );
    expect(eventsOf(r, 'exclude')[0]).toEqual({ type: 'exclude', stage: 1, candidates: [2], reason: 'lowest' });
  });

  it('on: candidates with no votes go together', () => {
    const r = count(
      make(
        ['A', 'B', 'C', 'D'],
        [
          { ranks: [0], weight: 3 },
          { ranks: [1], weight: 3 },
        ],
      ),
      { batchElimination: true },
    );
    expect(r.stages[0].excluded).toEqual([2, 3]);
    expect(eventsOf(r, 'tie').filter((t) => t.purpose === 'exclusion')).toEqual([]);
  });
});

describe('irv: continue until two remain', () => {
  // A has a majority at once: 10 of 16.
  const e = make(['A', 'B', 'C', 'D'], [{ ranks: [0], weight: 10 }, { ranks: [1], weight: 3 }, { ranks: [2], weight: 2 }, { ranks: [3, 1] }]);

  it('off: the count stops at the first majority', () => {
    const r = count(e);
    expect(r.stages).toHaveLength(1);
    expect(r.elected).toEqual([0]);
  });

  // Changed from the old behaviour (the winning round also excluded, the threshold was recomputed):
  // RCTab's rule repeats the winning round and keeps its threshold.
  it('on: the winning round excludes no one and its threshold stays, as RCTab: exclusions go on until two remain', () => {
    const r = count(e, { continueUntilTwoRemain: true });
    checkShape(r);
    expect(tallies(r)).toEqual([
      { 0: '10', 1: '3', 2: '2', 3: '1' },
      { 0: '10', 1: '3', 2: '2', 3: '1' },
      { 0: '10', 1: '4', 2: '2' },
      { 0: '10', 1: '4' },
    ]);
    expect(r.stages.map((s) => s.elected)).toEqual([[0], [], [], []]);
    expect(r.stages.map((s) => s.excluded)).toEqual([[], [3], [2], []]);
    expect(r.stages[0].action).toBeUndefined();
    expect(r.stages.map((s) => s.threshold)).toEqual(['9', '9', '9', '9']);
    expect(eventsOf(r, 'elect')).toEqual([{ type: 'elect', stage: 1, candidate: 0, reason: 'majority', votes: '10' }]);
    expect(eventsOf(r, 'note').map((n) => n.stage)).toEqual([2]);
  });

  it('on: the threshold stays fixed after the win even when ballots exhaust later, as RCTab', () => {
    // A 6, B 3, C 2 (C's ballots rank no one else): 11 active, threshold 6. C's 2 exhaust when C goes,
    // so round 3 has 9 active, yet the threshold stays 6 (recomputed it would be 5).
    const r = count(
      make(
        ['A', 'B', 'C'],
        [
          { ranks: [0], weight: 6 },
          { ranks: [1], weight: 3 },
          { ranks: [2], weight: 2 },
        ],
      ),
      { continueUntilTwoRemain: true },
    );
    checkShape(r);
    expect(tallies(r)).toEqual([
      { 0: '6', 1: '3', 2: '2' },
      { 0: '6', 1: '3', 2: '2' },
      { 0: '6', 1: '3' },
    ]);
    expect(r.stages.map((s) => s.threshold)).toEqual(['6', '6', '6']);
    expect(r.stages[2].inactive.exhausted).toBe('2');
  });

  it('on, with batch elimination: never leaves the winner alone', () => {
    // A 20, B 9, C 2, D 1, E 1: batch would take E, D, C and B (13 < 20); it stops at E, D, C.
    const r = count(
      make(['A', 'B', 'C', 'D', 'E'], [{ ranks: [0], weight: 20 }, { ranks: [1], weight: 9 }, { ranks: [2], weight: 2 }, { ranks: [3] }, { ranks: [4] }]),
      {
        continueUntilTwoRemain: true,
        batchElimination: true,
      },
    );
    checkShape(r);
    expect(r.stages[0].elected).toEqual([0]);
    expect(r.stages[1].excluded).toEqual([3, 4, 2]);
    expect(eventsOf(r, 'exclude')[0]).toMatchObject({ stage: 2, reason: 'batch' });
    expect(tallies(r)[2]).toEqual({ 0: '20', 1: '9' });
    expect(r.stages).toHaveLength(3);
  });

  it('on, with batch elimination: a batch of one after the guard falls back to the lowest', () => {
    const r = count(e, { continueUntilTwoRemain: true, batchElimination: true });
    expect(eventsOf(r, 'exclude').map((x) => x.reason)).toEqual(['lowest', 'lowest']);
  });
});

describe("irv: RCTab's reading of a ballot (issue 16's edge cases)", () => {
  it('a ballot whose marks are all unusable is exhausted from round 1; only a ballot with no marks is an undervote', () => {
    // B withdrawn. 2 ballots rank only B; 1 ballot is only an overvote under always-skip; 1 ballot is blank.
    const e = make(['A', 'B', 'C'], [{ ranks: [0], weight: 3 }, { ranks: [2], weight: 2 }, { ranks: [1], weight: 2 }, { ranks: [[0, 2]] }, { ranks: [] }], {
      withdrawn: [1],
    });
    const r = count(e, { overvoteRule: 'alwaysSkipToNextRank' });
    checkShape(r);
    expect(r.stages[0].inactive).toEqual({ exhausted: '4', overvote: '0', skippedRanks: '0', repeatedRanking: '0' });
    expect(r.undervotes).toBe('1');
    expect(r.elected).toEqual([0]);
  });

  it('under alwaysSkipToNextRank with exhaustOnDuplicate, "A=B, A" is a repeated ranking (the skipped overvote still marked A)', () => {
    const e = make(
      ['A', 'B', 'C'],
      [
        { ranks: [[0, 1], 0], weight: 2 },
        { ranks: [0], weight: 3 },
        { ranks: [2], weight: 4 },
      ],
    );
    const r = count(e, { overvoteRule: 'alwaysSkipToNextRank', exhaustOnDuplicate: true });
    checkShape(r);
    expect(r.stages[0].inactive.repeatedRanking).toBe('2');
    expect(r.stages[0].tally).toEqual({ 0: '3', 1: '0', 2: '4' });
    // Without exhaustOnDuplicate the same ballots count for A once the overvote is skipped.
    expect(count(e, { overvoteRule: 'alwaysSkipToNextRank' }).stages[0].tally).toEqual({ 0: '5', 1: '0', 2: '4' });
  });

  it('with exhaustOnDuplicate, one candidate marked twice at one rank ("A=A") is a repeated ranking, as RCTab finds it', () => {
    // RCTab reads a rank mark by mark: the second A is a candidate already seen. Without the rule, A counts once.
    const e = make(
      ['A', 'B', 'C'],
      [
        { ranks: [[0, 0], 1], weight: 2 },
        { ranks: [1], weight: 3 },
        { ranks: [2], weight: 4 },
      ],
    );
    const r = count(e, { exhaustOnDuplicate: true });
    checkShape(r);
    expect(r.stages[0].inactive.repeatedRanking).toBe('2');
    expect(r.stages[0].inactive.overvote).toBe('0');
    expect(r.stages[0].tally).toEqual({ 0: '0', 1: '3', 2: '4' });
    expect(count(e, { exhaustOnDuplicate: false }).stages[0].tally).toEqual({ 0: '2', 1: '3', 2: '4' });
  });

  it('with exhaustOnDuplicate, an unnamed overvote cell is one mark of its own: it repeats only another overvote', () => {
    // As RCTab reads its overvote label, not as the rank marking every candidate that records it:
    // "overvote, A" skips to A (A was not ranked before); "overvote, overvote, B" repeats the overvote.
    const e = parseCsvCvr('rank1,rank2,rank3\novervote,A,\novervote,A,\novervote,overvote,B\nB,,\nC,,\nC,,\nC,,\n', 'v.csv');
    const [a, b, c] = ['A', 'B', 'C'].map((n) => e.candidates.findIndex((x) => x.name === n));
    const skip = count(e, { overvoteRule: 'alwaysSkipToNextRank', exhaustOnDuplicate: true });
    checkShape(skip);
    expect(skip.stages[0].tally).toEqual({ [a!]: '2', [b!]: '1', [c!]: '3' });
    expect(skip.stages[0].inactive.repeatedRanking).toBe('1');
    // Under exhaustImmediately, "B, overvote" reaches the overvote once B is excluded: an overvote, not a repeat of B.
    const f = parseCsvCvr('rank1,rank2\nB,overvote\nA,\nA,\nC,\nC,\nC,\n', 'v.csv');
    const exhaust = count(f, { overvoteRule: 'exhaustImmediately', exhaustOnDuplicate: true });
    checkShape(exhaust);
    expect(exhaust.stages[1].inactive.overvote).toBe('1');
    expect(exhaust.stages[1].inactive.repeatedRanking).toBe('0');
  });

  it('a withdrawn candidate alone at a repeated rank still repeats under exhaustOnDuplicate', () => {
    const r = count(make(['A', 'B'], [{ ranks: [1, 1, 0], weight: 2 }, { ranks: [0] }], { withdrawn: [1] }), { exhaustOnDuplicate: true });
    expect(r.stages[0].inactive.repeatedRanking).toBe('2');
  });

  it('an overvote that includes a withdrawn candidate is still an overvote', () => {
    // B withdrawn; 2 ballots rank {A, B} then C.
    const e = make(
      ['A', 'B', 'C'],
      [
        { ranks: [[0, 1], 2], weight: 2 },
        { ranks: [0], weight: 3 },
        { ranks: [2], weight: 3 },
      ],
      { withdrawn: [1] },
    );
    const immediately = count(e, { overvoteRule: 'exhaustImmediately' });
    checkShape(immediately);
    expect(immediately.stages[0].inactive.overvote).toBe('2');
    expect(immediately.stages[0].tally).toEqual({ 0: '3', 2: '3' });
    // Skipped, the ballots go on to C.
    expect(count(e, { overvoteRule: 'alwaysSkipToNextRank' }).stages[0].tally).toEqual({ 0: '3', 2: '5' });
    // A withdrawn candidate never continues, so under exhaustIfMultipleContinuing the rank counts for A.
    expect(count(e, { overvoteRule: 'exhaustIfMultipleContinuing' }).stages[0].tally).toEqual({ 0: '5', 2: '3' });
  });
});

describe('irv: ties', () => {
  // Round 1: A 10, B 6, C 5, D 3, E 2 (→C). Round 2: B 6, C 7, D 3 (2 →B, 1 →C).
  // Round 3: B 8, C 8 tie for lowest. Round 2 says B is lower; round 1 says C is.
  const e = make(
    ['A', 'B', 'C', 'D', 'E'],
    [
      { ranks: [0], weight: 10 },
      { ranks: [1], weight: 6 },
      { ranks: [2], weight: 5 },
      { ranks: [3, 1], weight: 2 },
      { ranks: [3, 2] },
      { ranks: [4, 2], weight: 2 },
    ],
  );

  it('backward (default): the most recent round at which they differed', () => {
    const r = count(e);
    checkShape(r);
    expect(tallies(r)[2]).toEqual({ 0: '10', 1: '8', 2: '8' });
    const [tie] = eventsOf(r, 'tie');
    expect(tie).toEqual({
      type: 'tie',
      stage: 3,
      purpose: 'exclusion',
      tied: [1, 2],
      chosen: 1,
      rule: 'lowest votes at the most recent preceding stage at which the tied candidates differed (stage 2)',
    });
    expect(r.stages[2].excluded).toEqual([1]);
  });

  it('forward: the earliest round at which they differed', () => {
    const r = count(e, { tieHistory: 'forward' });
    const [tie] = eventsOf(r, 'tie');
    expect(tie.chosen).toBe(2);
    expect(tie.rule).toBe('lowest votes at the earliest stage at which the tied candidates differed (stage 1)');
  });

  it('none, then lot: a fixed seed always draws the same', () => {
    const a = count(e, { tieHistory: 'none', seed: 7 });
    const b = count(e, { tieHistory: 'none', seed: 7 });
    expect(eventsOf(a, 'tie')).toEqual(eventsOf(b, 'tie'));
    const [tie] = eventsOf(a, 'tie');
    expect(tie.rule).toBe('lot (seed 7, draw 1, among B, C)');
    expect([1, 2]).toContain(tie.chosen);
    // Both outcomes occur over a few seeds, so the lot really decides.
    const chosen = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((seed) => eventsOf(count(e, { tieHistory: 'none', seed }), 'tie')[0].chosen));
    expect(chosen).toEqual(new Set([1, 2]));
  });

  it('history first, then lot among those history cannot separate', () => {
    // Round 1: A 10, B 5, C 4, D 4, E 2 (1 → C, 1 → D). Round 2: B, C and D all have 5.
    // Round 1 puts C and D below B but level with each other: the lot decides between them.
    const e3 = make(
      ['A', 'B', 'C', 'D', 'E'],
      [{ ranks: [0], weight: 10 }, { ranks: [1], weight: 5 }, { ranks: [2], weight: 4 }, { ranks: [3], weight: 4 }, { ranks: [4, 2] }, { ranks: [4, 3] }],
    );
    const r = count(e3, { seed: 1 });
    checkShape(r);
    expect(tallies(r)[1]).toEqual({ 0: '10', 1: '5', 2: '5', 3: '5' });
    const [tie] = eventsOf(r, 'tie');
    expect(tie).toMatchObject({ stage: 2, purpose: 'exclusion', tied: [1, 2, 3] });
    expect(tie.rule).toBe('still tied after looking back (stage 1); lot (seed 1, draw 1, among C, D)');
    expect([2, 3]).toContain(tie.chosen);
    expect(r.stages[1].excluded).toEqual([tie.chosen]);
    expect(eventsOf(count(e3, { seed: 1 }), 'tie')[0].chosen).toBe(tie.chosen);
  });

  it('declared order: the tied candidate listed last goes', () => {
    const r = count(e, { tieHistory: 'none', tieBreak: 'order' });
    expect(eventsOf(r, 'tie')[0]).toMatchObject({ chosen: 2, rule: 'declared candidate order' });
    const s = count(e, { tieHistory: 'none', tieBreak: 'order', tieOrder: 'A,C,B,D,E' });
    expect(eventsOf(s, 'tie')[0].chosen).toBe(1);
  });

  it('two left level: the tie-break picks the winner, looking back first', () => {
    // Round 1: A 4, B 3, C 2 (1 → B, 1 exhausts). Round 2: A 4, B 4.
    const r = count(make(['A', 'B', 'C'], [{ ranks: [0], weight: 4 }, { ranks: [1], weight: 3 }, { ranks: [2, 1] }, { ranks: [2] }]));
    checkShape(r);
    expect(tallies(r)[1]).toEqual({ 0: '4', 1: '4' });
    expect(eventsOf(r, 'tie')).toEqual([
      {
        type: 'tie',
        stage: 2,
        purpose: 'election',
        tied: [0, 1],
        chosen: 0,
        rule: 'highest votes at the most recent preceding stage at which the tied candidates differed (stage 1)',
      },
    ]);
    expect(eventsOf(r, 'elect')).toEqual([{ type: 'elect', stage: 2, candidate: 0, reason: 'most votes', votes: '4' }]);
  });

  it('no ballots at all: ties settle everything and one candidate is still elected', () => {
    const r = count(make(['A', 'B', 'C'], []), { tieBreak: 'order' });
    checkShape(r);
    expect(r.stages).toHaveLength(2);
    expect(r.stages[0].excluded).toEqual([2]);
    expect(r.elected).toEqual([0]);
  });
});

describe('irv: inactive ballots by reason', () => {
  it('keeps each reason apart and cumulative', () => {
    // D goes first: its ballots hit an overvote, a repeat, two blank ranks, or nothing.
    const e = make(
      ['A', 'B', 'C', 'D'],
      [
        { ranks: [0], weight: 9 },
        { ranks: [1], weight: 8 },
        { ranks: [2], weight: 10 },
        { ranks: [3, [0, 1]] },
        { ranks: [3, 3, 0], weight: 2 },
        { ranks: [3, [], [], 0], weight: 3 },
        { ranks: [3] },
        { ranks: [] },
      ],
    );
    const r = count(e, { exhaustOnDuplicate: true, maxSkippedRanks: 1 });
    checkShape(r);
    expect(r.stages[0].inactive).toEqual({ exhausted: '1', overvote: '0', skippedRanks: '0', repeatedRanking: '0' });
    expect(r.stages[0].action!.inactive).toEqual({ exhausted: '1', overvote: '1', repeatedRanking: '2', skippedRanks: '3' });
    expect(r.stages[1].inactive).toEqual({ exhausted: '2', overvote: '1', skippedRanks: '3', repeatedRanking: '2' });
    for (let k = 2; k < r.stages.length; k++) {
      for (const why of INACTIVE_REASONS) expect(BigInt(r.stages[k].inactive[why])).toBeGreaterThanOrEqual(BigInt(r.stages[k - 1].inactive[why]));
    }
  });
});

// ---- property tests ------------------------------------------------------------------

/**
 * A plain IRV that recounts every ballot from its first rank each round (default ballot rules, as RCTab
 * reads them: two or more marks at a rank are an overvote even when one of them has withdrawn).
 */
function reference(e: Election): { winner: number; rounds: Map<number, bigint>[] } {
  const C = e.candidates.length;
  const gone = new Set(e.withdrawn);
  const alive = new Set([...Array(C).keys()].filter((c) => !gone.has(c)));
  const ballots = [...Array(e.ballots.size).keys()].map((i) => ({ ranks: ranksOf(e.ballots, i), w: e.ballots.weights[i] }));
  const rounds: Map<number, bigint>[] = [];
  for (;;) {
    const t = new Map([...alive].map((c) => [c, 0n]));
    for (const b of ballots) {
      for (const rank of b.ranks) {
        const marks = [...new Set(rank)];
        if (marks.length > 1) break; // overvote: exhaust immediately
        if (marks.length === 1 && alive.has(marks[0])) {
          t.set(marks[0], t.get(marks[0])! + b.w);
          break;
        }
      }
    }
    rounds.push(t);
    const active = [...t.values()].reduce((a, v) => a + v, 0n);
    const order = [...alive].sort((a, b) => a - b);
    if (order.length === 1) return { winner: order[0], rounds };
    const top = order.find((c) => 2n * t.get(c)! > active);
    if (top !== undefined) return { winner: top, rounds };
    if (order.length === 2) return { winner: order[0], rounds }; // level: declared order favours the first
    const low = order.reduce((m, c) => (t.get(c)! < m ? t.get(c)! : m), t.get(order[0])!);
    const lowest = order.filter((c) => t.get(c) === low);
    alive.delete(lowest[lowest.length - 1]);
  }
}

const arbElection = fc
  .integer({ min: 1, max: 6 })
  .chain((C) =>
    fc.record({
      C: fc.constant(C),
      withdrawn: fc.subarray([...Array(C).keys()], { maxLength: C - 1 }),
      ballots: fc.array(
        fc.record({
          ranks: fc.array(
            fc.oneof(
              { weight: 6, arbitrary: fc.integer({ min: 0, max: C - 1 }).map((c) => [c]) },
              { weight: 1, arbitrary: fc.uniqueArray(fc.integer({ min: 0, max: C - 1 }), { maxLength: 2 }) },
            ),
            { maxLength: C + 1 },
          ),
          weight: fc.integer({ min: 1, max: 20 }),
        }),
        { maxLength: 40 },
      ),
    }),
  )
  .map(({ C, withdrawn, ballots }) =>
    make(
      [...Array(C).keys()].map((c) => String.fromCharCode(65 + c)),
      ballots,
      { withdrawn },
    ),
  );

const arbOptions = fc.record({
  overvoteRule: fc.constantFrom('exhaustImmediately', 'alwaysSkipToNextRank', 'exhaustIfMultipleContinuing'),
  maxSkippedRanks: fc.constantFrom<OptionValue>(null, 0, 1, 2),
  exhaustOnDuplicate: fc.boolean(),
  batchElimination: fc.boolean(),
  continueUntilTwoRemain: fc.boolean(),
  tieHistory: fc.constantFrom('none', 'backward', 'forward'),
  tieBreak: fc.constantFrom('lot', 'order'),
});

describe('irv: properties', () => {
  it('conserves votes and keeps the record consistent under every option', () => {
    fc.assert(
      fc.property(arbElection, arbOptions, (e, o) => {
        const r = count(e, o);
        checkShape(r);
        const standing = e.candidates.length - e.withdrawn.length;
        const last = r.stages.at(-1)!;
        if (o.continueUntilTwoRemain && standing >= 2) expect(Object.keys(last.tally)).toHaveLength(2);
        for (const w of e.withdrawn) for (const s of r.stages) expect(s.tally[w]).toBeUndefined();
      }),
      { numRuns: 400 },
    );
  });

  it('agrees round by round with a plain recount from the first rank', () => {
    fc.assert(
      fc.property(arbElection, (e) => {
        const r = count(e, { tieHistory: 'none', tieBreak: 'order' });
        const ref = reference(e);
        expect(r.elected).toEqual([ref.winner]);
        expect(r.stages).toHaveLength(ref.rounds.length);
        r.stages.forEach((s, k) => {
          expect(s.tally).toEqual(Object.fromEntries([...ref.rounds[k]].map(([c, v]) => [c, String(v)])));
        });
      }),
      { numRuns: 400 },
    );
  });

  it('relabelling candidates relabels the result', () => {
    fc.assert(
      fc.property(arbElection, fc.integer({ min: 0, max: 1000 }), (e, shift) => {
        const C = e.candidates.length;
        const perm = [...Array(C).keys()].map((c) => (c + shift) % C);
        const ballots = [...Array(e.ballots.size).keys()].map((i) => ({
          ranks: ranksOf(e.ballots, i).map((rank) => rank.map((c) => perm[c])),
          weight: e.ballots.weights[i],
        }));
        const names: string[] = [];
        e.candidates.forEach((cand, c) => {
          names[perm[c]] = cand.name;
        });
        const moved = election({ candidates: names, ballots, withdrawn: e.withdrawn.map((c) => perm[c]) });
        // Declared order follows the names, so ties are settled the same way after relabelling.
        const order = e.candidates.map((c) => c.name).join(',');
        const a = count(e, { tieBreak: 'order', tieOrder: order });
        const b = count(moved, { tieBreak: 'order', tieOrder: order });
        expect(b.elected.map((c) => names[c])).toEqual(a.elected.map((c) => a.candidates[c]));
        expect(b.stages.length).toBe(a.stages.length);
      }),
      { numRuns: 200 },
    );
  });
});
