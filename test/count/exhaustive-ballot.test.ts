import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  countExhaustiveBallot,
  dropGroup,
  majorityOf,
  MeetingRoundError,
  type ExhaustiveBallotRules,
  type MeetingRound,
} from '../../src/count/exhaustive-ballot.js';

const NAMES = ['Ash', 'Birch', 'Cedar', 'Damson', 'Elder'];
const LOT: ExhaustiveBallotRules = { tie: { kind: 'lot', seed: 7 } };

/** A round from votes in candidate order (undefined: not standing). */
function round(votes: readonly (number | undefined)[], extra: Partial<Omit<MeetingRound, 'votes'>> = {}): MeetingRound {
  const m = new Map<number, bigint>();
  votes.forEach((v, c) => {
    if (v !== undefined) m.set(c, BigInt(v));
  });
  return { votes: m, ...extra };
}

function meeting(rounds: readonly MeetingRound[], rules: ExhaustiveBallotRules = LOT, candidates = NAMES) {
  return countExhaustiveBallot({ title: 'Nomination for leader', candidates, rounds, rules });
}

describe('the exhaustive ballot: a majority of the votes cast in the round', () => {
  it('elects a candidate with more than half at once, and only then', () => {
    // 21 cast: 11 is more than half; 10 is not.
    const won = meeting([round([11, 6, 4])], LOT, NAMES.slice(0, 3));
    expect(won.verdict).toEqual({ kind: 'elected', candidate: 0, round: 1 });
    expect(won.record.stages[0]!.threshold).toBe('11');
    const short = meeting([round([10, 7, 4])], LOT, NAMES.slice(0, 3));
    expect(short.verdict).toEqual({ kind: 'another round', round: 2, standing: [0, 1] });
  });

  it('does not count exactly half as a majority', () => {
    const half = meeting([round([5, 5, 0])], LOT, NAMES.slice(0, 3));
    expect(half.record.elected).toEqual([]);
    expect(half.verdict).toMatchObject({ kind: 'another round', standing: [0, 1] });
  });

  it('leaves blank and spoilt papers out of the votes cast, and says how many there were', () => {
    // 10 for candidates and 3 spoilt: 6 of 10 is a majority though 6 of 13 would not be.
    const r = meeting([round([6, 4], { spoilt: 3n })], LOT, NAMES.slice(0, 2));
    expect(r.verdict).toMatchObject({ kind: 'elected', candidate: 0 });
    expect(r.record.events).toContainEqual({ type: 'note', stage: 1, text: '3 papers were blank or spoilt' });
  });

  it('holds for any tallies: elected exactly when some candidate has more than half', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 2, maxLength: 5 }), (votes) => {
        fc.pre(votes.some((v) => v > 0));
        const cast = votes.reduce((a, b) => a + b, 0);
        const r = meeting([round(votes)], LOT, NAMES.slice(0, votes.length));
        const majority = votes.findIndex((v) => 2 * v > cast);
        if (majority >= 0) expect(r.verdict).toEqual({ kind: 'elected', candidate: majority, round: 1 });
        else expect(r.record.events.some((e) => e.type === 'exclude')).toBe(true);
      }),
    );
  });
});

describe('dropping the lowest', () => {
  it('drops the lowest alone when it is below the next', () => {
    const r = meeting([round([9, 7, 6, 3])], LOT, NAMES.slice(0, 4));
    expect(r.record.events).toContainEqual({ type: 'exclude', stage: 1, candidates: [3], reason: 'lowest' });
    expect(r.verdict).toMatchObject({ standing: [0, 1, 2] });
  });

  it('drops several at once when together they are below the next, the largest such group', () => {
    const votes = (v: readonly number[]) => new Map(v.map((x, c) => [c, BigInt(x)]));
    // 2 + 3 = 5 < 6, and 2 + 3 + 6 = 11 is not below 10.
    expect(dropGroup([0, 1, 2, 3, 4], votes([12, 10, 6, 3, 2]), true)).toEqual([4, 3]);
    // 2 + 3 = 5 is not below 5: only the lowest goes.
    expect(dropGroup([0, 1, 2, 3, 4], votes([12, 10, 5, 3, 2]), true)).toEqual([4]);
    // 1 + 2 + 3 = 6 < 7 though 1 + 2 = 3 is not below 3: the group of three goes.
    expect(dropGroup([0, 1, 2, 3, 4, 5], votes([20, 12, 7, 3, 2, 1]), true)).toEqual([5, 4, 3]);
    const r = meeting([round([12, 10, 6, 3, 2])]);
    expect(r.record.events).toContainEqual({ type: 'exclude', stage: 1, candidates: [4, 3], reason: 'batch' });
  });

  it('drops one a round when batch dropping is off', () => {
    const r = meeting([round([12, 10, 6, 3, 2])], { ...LOT, batch: false });
    expect(r.record.events).toContainEqual({ type: 'exclude', stage: 1, candidates: [4], reason: 'lowest' });
    expect(r.verdict).toMatchObject({ standing: [0, 1, 2, 3] });
  });

  it('drops tied candidates together when together they are below the next', () => {
    const r = meeting([round([20, 15, 9, 3, 3])]);
    expect(r.record.events).toContainEqual({ type: 'exclude', stage: 1, candidates: [3, 4], reason: 'batch' });
    expect(r.record.events.some((e) => e.type === 'tie')).toBe(false);
  });
});

describe('ties for lowest', () => {
  it('looks back to the most recent round in which the tied candidates differed', () => {
    // Round 1: Cedar 5, Damson 4 (Elder dropped). Round 2: Cedar and Damson both 6, not below Birch's 9.
    const r = meeting([round([9, 8, 5, 4, 1]), round([10, 9, 6, 6])], LOT);
    const tie = r.record.events.find((e) => e.type === 'tie');
    expect(tie).toMatchObject({ stage: 2, purpose: 'exclusion', tied: [2, 3], chosen: 3 });
    expect(r.verdict).toMatchObject({ kind: 'another round', round: 3, standing: [0, 1, 2] });
  });

  it('without look-back, or when earlier rounds were equal, settles by the declared order or a reproducible lot', () => {
    const rounds = [round([9, 8, 5, 4, 1]), round([10, 9, 6, 6])];
    const ordered = meeting(rounds, { lookBack: false, tie: { kind: 'order', order: [0, 1, 3, 2, 4] } });
    // The declared order runs from most to least favoured: Cedar (listed after Damson) goes.
    expect(ordered.record.events.find((e) => e.type === 'tie')).toMatchObject({ chosen: 2, rule: 'declared candidate order' });
    const a = meeting(rounds, { lookBack: false, tie: { kind: 'lot', seed: 3 } });
    const b = meeting(rounds, { lookBack: false, tie: { kind: 'lot', seed: 3 } });
    expect(a.record.events).toEqual(b.record.events);
    expect([2, 3]).toContain((a.record.events.find((e) => e.type === 'tie') as { chosen: number }).chosen);
  });

  it('with two left on equal votes, drops one by the tie rule and elects the other', () => {
    const r = meeting([round([7, 6, 2]), round([8, 8])], LOT, NAMES.slice(0, 3));
    expect(r.record.events).toContainEqual(expect.objectContaining({ type: 'tie', stage: 2, tied: [0, 1], chosen: 1 }));
    expect(r.verdict).toEqual({ kind: 'elected', candidate: 0, round: 2 });
    expect(r.record.events).toContainEqual({ type: 'elect', stage: 2, candidate: 0, reason: 'last continuing', votes: '8' });
  });
});

describe('three rounds to a result, and the record', () => {
  it('records each round as a stage with its own fresh votes', () => {
    const r = meeting([round([9, 8, 6, 4, 1]), round([11, 9, 7]), round([12, 15])]);
    expect(r.record.stages.map((s) => s.tally)).toEqual([
      { 0: '9', 1: '8', 2: '6', 3: '4', 4: '1' },
      { 0: '11', 1: '9', 2: '7' },
      { 0: '12', 1: '15' },
    ]);
    // Round 1: 1 + 4 = 5 < 6 drops Elder and Damson together; round 2 drops Cedar; Birch wins round 3.
    expect(r.record.events.filter((e) => e.type === 'exclude').map((e) => e.candidates)).toEqual([[4, 3], [2]]);
    expect(r.verdict).toEqual({ kind: 'elected', candidate: 1, round: 3 });
    expect(r.record.elected).toEqual([1]);
    expect(r.record.stages.every((s) => s.action === undefined)).toBe(true);
  });
});

describe('rounds the rules cannot take', () => {
  const fail = (rounds: readonly MeetingRound[]) => {
    try {
      meeting(rounds);
    } catch (e) {
      expect(e).toBeInstanceOf(MeetingRoundError);
      return e as MeetingRoundError;
    }
    throw new Error('expected a refusal');
  };

  it('refuses votes for a dropped candidate, naming the round and the candidate', () => {
    const e = fail([round([9, 8, 6, 4, 1]), round([11, 9, 7, 1])]);
    expect(e.message).toBe('Damson is not standing in round 2, so cannot have votes in it.');
    expect([e.round, e.candidate]).toEqual([2, 3]);
  });

  it('refuses a round that leaves out a standing candidate', () => {
    expect(fail([round([9, 8, 6, 4, 1]), round([11, 9])]).message).toBe('Round 2 gives no votes for Cedar, who is standing in it.');
  });

  it('refuses a round after the winner, a round with no votes, and votes below zero', () => {
    expect(fail([round([20, 1, 1, 1, 1]), round([20, 1])]).message).toMatch(/^Round 2 comes after Ash was elected in round 1/);
    expect(fail([round([0, 0, 0, 0, 0])]).message).toBe('Round 1 has no votes for any candidate.');
    expect(fail([round([3, -1, 0, 0, 0])]).message).toBe("Birch's votes in round 1 are below zero.");
  });
});

describe('withdrawals between rounds', () => {
  it('records the withdrawal in the round the candidate no longer stands in', () => {
    const r = meeting([round([7, 6, 5, 1]), round([9, undefined, 8], { withdrew: [1] })], LOT, NAMES.slice(0, 4));
    expect(r.record.events).toContainEqual({ type: 'exclude', stage: 2, candidates: [1], reason: 'withdrawn' });
    expect(r.verdict).toEqual({ kind: 'elected', candidate: 0, round: 2 });
  });

  it('elects the one candidate left standing', () => {
    const r = meeting([round([7, 6, 5]), round([9, undefined, undefined], { withdrew: [1] })], LOT, NAMES.slice(0, 3));
    // Round 1 dropped Cedar; Birch withdrew; Ash is the last standing.
    expect(r.verdict).toEqual({ kind: 'elected', candidate: 0, round: 2 });
    expect(majorityOf(9n)).toBe(5n);
  });
});
