import { describe, expect, it } from 'vitest';
import { election } from '../../src/count/ballots.js';
import { irv } from '../../src/count/methods/irv.js';
import { resolveOptions, type OptionValue } from '../../src/count/options.js';
import { renderUrcvt, toUrcvt } from '../../src/report/urcvt.js';
import { longRecord, sequentialSurplusRecord } from './fixtures.js';
import { urcvtProblems } from './urcvt-check.js';

describe('URCVT (RCTab summary JSON)', () => {
  const doc = toUrcvt(sequentialSurplusRecord(), { generatedBy: 'Hustings test' });

  it('has RCTab top-level shape, config and summary', () => {
    expect(Object.keys(doc)).toEqual(['config', 'jsonFormatVersion', 'results', 'summary']);
    expect(doc.config).toEqual({ contest: 'Hand ward', date: '', generatedBy: 'Hustings test', jurisdiction: '', office: '', threshold: '26.00000' });
    expect(doc.summary).toEqual({ finalThreshold: '26.00000', numCandidates: 5, numWinners: 3, totalNumBallots: '100', undervotes: 0 });
  });

  it('gives round k the tally of stage k, with decimal strings as in the record', () => {
    expect(doc.results.map((r) => r.round)).toEqual([1, 2, 3, 4]);
    expect(doc.results[0].tally).toEqual({
      'Ann Able': '40.00000',
      'Bob Baker': '30.00000',
      'Cat "Kit" Cole, Jr': '16.00000',
      'Dan Dee': '9.00000',
      'Eve Eddy': '5.00000',
    });
    expect(doc.results[3].tally['Eve Eddy']).toBeUndefined();
    expect(doc.results[2].inactiveBallots).toEqual({
      exhaustedChoices: '1.99990',
      overvotes: '0.00000',
      repeatedRankings: '0.00000',
      skippedRankings: '0.00000',
    });
  });

  it('puts a surplus on the elected entry and a deferred surplus on the round it moves in', () => {
    expect(doc.results[0].tallyResults).toEqual([
      {
        elected: 'Ann Able',
        transfers: { 'Cat "Kit" Cole, Jr': '8.00000', 'Dan Dee': '3.00000', 'Eve Eddy': '2.00000', exhausted: '0.99990', 'residual surplus': '0.00010' },
      },
    ]);
    // Bob reached the quota at stage 1 but his surplus moves from stage 2: one entry, in round 2.
    expect(doc.results[1].tallyResults).toEqual([
      { elected: 'Bob Baker', transfers: { 'Cat "Kit" Cole, Jr': '1.50000', 'Dan Dee': '1.00000', 'Eve Eddy': '0.50000', exhausted: '1.00000' } },
    ]);
    expect(doc.results[2].tallyResults).toEqual([
      { eliminated: 'Eve Eddy', transfers: { 'Cat "Kit" Cole, Jr': '2.50000', 'Dan Dee': '3.00000', exhausted: '2.00000' } },
    ]);
    expect(doc.results[3].tallyResults).toEqual([{ elected: 'Cat "Kit" Cole, Jr', transfers: {} }]);
  });

  it('balances every round and elects each winner once', () => {
    expect(urcvtProblems(doc as never, { allNamed: true })).toEqual([]);
    expect(urcvtProblems(toUrcvt(longRecord()) as never, { allNamed: true })).toEqual([]);
  });

  it('never eliminates in the last round', () => {
    const r = sequentialSurplusRecord();
    const last = r.stages[r.stages.length - 1] as unknown as { excluded: number[] };
    last.excluded.push(3);
    const d = toUrcvt(r);
    expect(d.results[3].tallyResults.some((t) => 'eliminated' in t)).toBe(false);
  });

  it('splits a batch exclusion among the excluded in proportion, each destination exact', () => {
    const r = sequentialSurplusRecord();
    const s3 = r.stages[2] as unknown as { excluded: number[]; action: unknown };
    s3.excluded = [3, 4];
    // Dan (13) and Eve (7.5) out together: 20.5 moves, 17 to Cat (to 42.5) and 3.5 exhausted.
    s3.action = { kind: 'exclusion', candidates: [3, 4], transfers: {}, inactive: { exhausted: '3.50000' }, lost: '0.00000' };
    (r.stages as unknown[])[3] = {
      number: 4,
      tally: { 0: '26.00000', 1: '26.00000', 2: '42.50000' },
      threshold: '26.00000',
      inactive: { exhausted: '5.49990', overvote: '0.00000', skippedRanks: '0.00000', repeatedRanking: '0.00000' },
      lost: '0.00010',
      elected: [2],
      excluded: [],
    };
    const d = toUrcvt(r);
    const [dan, eve] = d.results[2].tallyResults;
    expect(dan).toEqual({ eliminated: 'Dan Dee', transfers: { 'Cat "Kit" Cole, Jr': '10.78048', exhausted: '2.21951' } });
    expect(eve).toEqual({ eliminated: 'Eve Eddy', transfers: { 'Cat "Kit" Cole, Jr': '6.21952', exhausted: '1.28049' } });
    expect(urcvtProblems(d as never, { allNamed: true })).toEqual([]);
  });

  it('names an excluded candidate moved in parcels once, in the round their last votes leave', () => {
    // ERS97-style: Eve is excluded at stage 3; her 7.5 votes move in two parcels (stages 3 and 4).
    const r = sequentialSurplusRecord();
    const stages = r.stages as unknown as Record<string, unknown>[];
    stages[2].action = { kind: 'exclusion', candidates: [4], transfers: {}, inactive: {}, lost: '0.00000', transferValues: ['1.00000'] };
    stages[3] = {
      number: 4,
      tally: { 0: '26.00000', 1: '26.00000', 2: '27.00000', 3: '13.00000', 4: '6.00000' },
      threshold: '26.00000',
      inactive: { exhausted: '1.99990', overvote: '0.00000', skippedRanks: '0.00000', repeatedRanking: '0.00000' },
      lost: '0.00010',
      elected: [2],
      excluded: [],
      action: { kind: 'exclusion', candidates: [4], transfers: {}, inactive: {}, lost: '0.00000', transferValues: ['0.50000'] },
    };
    stages[4] = {
      number: 5,
      tally: { 0: '26.00000', 1: '26.00000', 2: '27.00000', 3: '16.00000' },
      threshold: '26.00000',
      inactive: { exhausted: '4.99990', overvote: '0.00000', skippedRanks: '0.00000', repeatedRanking: '0.00000' },
      lost: '0.00010',
      elected: [],
      excluded: [],
    };
    const d = toUrcvt(r);
    // Round 3 moved Eve's first parcel, but Eve has only one entry: round 4, when her last votes go.
    expect(d.results[2].tallyResults).toEqual([]);
    expect(d.results[3].tallyResults).toEqual([
      { elected: 'Cat "Kit" Cole, Jr', transfers: {} },
      { eliminated: 'Eve Eddy', transfers: { 'Dan Dee': '3.00000', exhausted: '3.00000' } },
    ]);
    const problems = urcvtProblems(d as never, { allNamed: false });
    expect(problems).toEqual([]);
    expect(urcvtProblems(d as never, { allNamed: true })).toEqual(['round 3: Eve Eddy lose votes but have no entry']);
  });

  it("pools votes shed by an already-elected candidate into the round's named source", () => {
    // Meek-style: at stage 3 Eve is excluded and Ann, elected earlier, also gives up 1 vote.
    const r = sequentialSurplusRecord();
    const stages = r.stages as unknown as Record<string, unknown>[];
    stages[3] = { ...stages[3], tally: { 0: '25.00000', 1: '26.00000', 2: '29.00000', 3: '16.00000' } };
    const d = toUrcvt(r);
    expect(d.results[2].tallyResults).toEqual([
      { eliminated: 'Eve Eddy', transfers: { 'Cat "Kit" Cole, Jr': '3.50000', 'Dan Dee': '3.00000', exhausted: '2.00000' } },
    ]);
    expect(urcvtProblems(d as never, { allNamed: false })).toEqual([]);
  });

  it('renders as indented JSON ending in a newline', () => {
    const text = renderUrcvt(sequentialSurplusRecord());
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(toUrcvt(sequentialSurplusRecord()));
  });

  it('keeps JSON keys distinct when two candidates share a name', () => {
    const r = { ...sequentialSurplusRecord(), candidates: ['Ann Able', 'Ann Able', 'Cat', 'Dan', 'Eve'] };
    expect(Object.keys(toUrcvt(r).results[0].tally)).toEqual(['Ann Able #1', 'Ann Able #2', 'Cat', 'Dan', 'Eve']);
  });

  describe('from an IRV count read as RCTab reads ballots', () => {
    const countIrv = (e: ReturnType<typeof election>, opts: Record<string, OptionValue> = {}) => irv.count(e, resolveOptions(irv.options, opts, irv.id));

    it('counts only ballots with no marks as undervotes; ballots whose marks are all unusable are exhausted choices from round 1', () => {
      // B withdrawn: 2 ballots rank only B, 1 is blank.
      const e = election({
        candidates: ['A', 'B', 'C'],
        ballots: [{ ranks: [0], weight: 3 }, { ranks: [2], weight: 2 }, { ranks: [1], weight: 2 }, { ranks: [] }],
        withdrawn: [1],
      });
      const d = toUrcvt(countIrv(e));
      expect(d.summary.undervotes).toBe(1);
      expect(d.results[0]!.inactiveBallots.exhaustedChoices).toBe('2');
      expect(urcvtProblems(d as never, { allNamed: true })).toEqual([]);
    });

    it('shows the winning round with no elimination, then the same tallies again, as RCTab does when continuing until two remain', () => {
      const e = election({
        candidates: ['A', 'B', 'C'],
        ballots: [
          { ranks: [0], weight: 6 },
          { ranks: [1], weight: 3 },
          { ranks: [2, 1], weight: 2 },
        ],
      });
      const d = toUrcvt(countIrv(e, { continueUntilTwoRemain: true }));
      expect(d.results.map((r) => r.tallyResults)).toEqual([[{ elected: 'A', transfers: {} }], [{ eliminated: 'C', transfers: { B: '2' } }], []]);
      expect(d.results[1]!.tally).toEqual(d.results[0]!.tally);
      expect(d.results.map((r) => r.threshold)).toEqual(['6', '6', '6']);
      expect(urcvtProblems(d as never, { allNamed: true })).toEqual([]);
    });
  });
});
