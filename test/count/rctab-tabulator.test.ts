// Each RCTab rule on a small contest whose figures are worked out by hand in the comments, from RCTab's
// documented rules (its Tabulator's behaviour); the field names are RCTab's summary JSON's.
import { describe, expect, it } from 'vitest';
import { fmt } from '../../src/count/decimal.js';
import {
  OVERVOTE_MARK,
  RctabCountError,
  tabulateRctab,
  UNDECLARED_WRITE_INS,
  type RctabBallot,
  type RctabCandidate,
  type RctabRules,
} from '../../src/count/methods/rctab-tabulator.js';
import { rctabSummary } from '../../src/report/rctab-summary.js';
import { RCTAB_RULES as RULES } from './rctab-rules.js';

/** "A>B=C>_>#": ranks separated by >, = joins marks at one rank, _ a blank rank, # the overvote label. `n*` repeats. */
function ballots(names: readonly string[], ...specs: string[]): RctabBallot[] {
  const out: RctabBallot[] = [];
  for (const spec of specs) {
    const m = /^(\d+)\*(.*)$/.exec(spec);
    const times = m ? Number(m[1]) : 1;
    const text = m ? m[2]! : spec;
    const ranks: number[] = [];
    const choices: number[][] = [];
    if (text !== '') {
      text.split('>').forEach((cell, i) => {
        if (cell === '_') return;
        ranks.push(i + 1);
        choices.push(cell.split('=').map((n) => (n === '#' ? OVERVOTE_MARK : names.indexOf(n))));
      });
    }
    for (let i = 0; i < times; i++) out.push({ ranks, choices });
  }
  return out;
}

function cands(names: string, excluded = ''): RctabCandidate[] {
  return names.split(',').map((name) => ({ name, excluded: excluded.split(',').includes(name) }));
}

function summary(candidates: RctabCandidate[], specs: string[], rules: Partial<RctabRules> = {}, pass = 0) {
  const result = tabulateRctab(
    candidates,
    ballots(
      candidates.map((c) => c.name),
      ...specs,
    ),
    { ...RULES, ...rules },
  );
  return rctabSummary(candidates, result.passes[pass]!, { contest: 'c', date: '', jurisdiction: '', office: '', generatedBy: 'test' }) as any;
}

describe('RCTab single-winner majority', () => {
  it('eliminates the last, moves its ballots, and elects on a majority of continuing ballots', () => {
    // A 4, B 3, C 3 of 10: threshold ⌊10/2⌋ + 1 = 6. B and C tie last; useCandidateOrder eliminates the
    // later-listed, C. C's ballots: 2 to B, 1 exhausted. Round 2: A 4, B 5 of 9 active: threshold 5, B elected.
    const s = summary(cands('A,B,C'), ['4*A>B', '3*B>C', '2*C>B', '1*C']);
    expect(s.results).toHaveLength(2);
    expect(s.results[0].tally).toEqual({ A: '4', B: '3', C: '3' });
    expect(s.results[0].threshold).toBe('6');
    expect(s.results[0].tallyResults).toEqual([{ eliminated: 'C', transfers: { B: '2', exhausted: '1' } }]);
    expect(s.results[1].tally).toEqual({ A: '4', B: '5' });
    expect(s.results[1].threshold).toBe('5');
    expect(s.results[1].inactiveBallots.exhaustedChoices).toBe('1');
    expect(s.results[1].tallyResults).toEqual([{ elected: 'B', transfers: {} }]);
    expect(s.summary).toEqual({ finalThreshold: '5', numCandidates: 3, numWinners: 1, totalNumBallots: '10', undervotes: 0 });
  });

  it('stops after stopTabulationEarlyAfterRound rounds', () => {
    const s = summary(cands('A,B,C'), ['4*A>B', '3*B>C', '2*C>B', '1*C'], { stopTabulationEarlyAfterRound: 1 });
    expect(s.results).toHaveLength(1);
  });

  it('counts a ballot that ranks only excluded candidates as exhausted from round 1, and only a blank ballot as an undervote', () => {
    const s = summary(cands('A,B,X', 'X'), ['X', '', '2*A', 'B']);
    expect(s.results[0].tally).toEqual({ A: '2', B: '1' });
    expect(s.results[0].inactiveBallots.exhaustedChoices).toBe('1');
    expect(s.summary.undervotes).toBe(1);
    expect(s.summary.totalNumBallots).toBe('5');
    expect(s.summary.numCandidates).toBe(3);
  });

  it('counts an overvote as an overvote even when one of its candidates is excluded', () => {
    const s = summary(cands('A,B,X', 'X'), ['A=X>B', 'B']);
    expect(s.results[0].inactiveBallots.overvotes).toBe('1');
    expect(s.results[0].tally).toEqual({ A: '0', B: '1' });
  });

  it('under alwaysSkipToNextRank with exhaustOnDuplicateCandidate, exhausts "A=B, A" as a repeated ranking', () => {
    const s = summary(cands('A,B,C'), ['A=B>A', 'C'], { overvoteRule: 'alwaysSkipToNextRank', exhaustOnDuplicateCandidate: true });
    expect(s.results[0].inactiveBallots.repeatedRankings).toBe('1');
    expect(s.results[0].inactiveBallots.overvotes).toBe('0');
  });

  it('reads one candidate marked twice at one rank ("A=A") as RCTab does: a repeated ranking under exhaustOnDuplicateCandidate, else an overvote', () => {
    // RCTab's tabulator reads a rank mark by mark (the second A is a candidate already seen) and counts
    // both marks when it asks whether the rank is an overvote.
    const dup = summary(cands('A,B,C'), ['A=A>B', '2*B', 'C'], { exhaustOnDuplicateCandidate: true });
    expect(dup.results[0].inactiveBallots.repeatedRankings).toBe('1');
    expect(dup.results[0].inactiveBallots.overvotes).toBe('0');
    expect(dup.results[0].tally).toEqual({ A: '0', B: '2', C: '1' });
    const over = summary(cands('A,B,C'), ['A=A>B', '2*B', 'C']);
    expect(over.results[0].inactiveBallots.overvotes).toBe('1');
    expect(over.results[0].inactiveBallots.repeatedRankings).toBe('0');
    const skip = summary(cands('A,B,C'), ['A=A>B', '2*B', 'C'], { overvoteRule: 'alwaysSkipToNextRank' });
    expect(skip.results[0].tally).toEqual({ A: '0', B: '3', C: '1' });
  });

  it('skips an overvote and exhausts a ballot whose last rank is an overvote under alwaysSkipToNextRank', () => {
    const s = summary(cands('A,B,C'), ['A=B>C', 'A=B', '2*A'], { overvoteRule: 'alwaysSkipToNextRank' });
    expect(s.results[0].tally).toEqual({ A: '2', B: '0', C: '1' });
    expect(s.results[0].inactiveBallots.exhaustedChoices).toBe('1');
  });

  it('exhausts on an overvote only when two of its candidates continue under exhaustIfMultipleContinuing', () => {
    // Round 1: A=B with both continuing exhausts; C>A=B goes to C. C (1) is eliminated: C>A=B reaches A=B, still both continuing: overvote.
    const s = summary(cands('A,B,C'), ['A=B', 'C>A=B', '2*A', '2*B'], { overvoteRule: 'exhaustIfMultipleContinuing' });
    expect(s.results[0].inactiveBallots.overvotes).toBe('1');
    expect(s.results[0].tallyResults).toEqual([{ eliminated: 'C', transfers: { exhausted: '1' } }]);
    expect(s.results[1].inactiveBallots.overvotes).toBe('2');
  });

  it('treats the overvote label as an overvote', () => {
    const s = summary(cands('A,B'), ['#>A', '2*B'], { overvoteRule: 'exhaustImmediately' });
    expect(s.results[0].inactiveBallots.overvotes).toBe('1');
    const skip = summary(cands('A,B'), ['#>A', '2*B'], { overvoteRule: 'alwaysSkipToNextRank' });
    expect(skip.results[0].tally).toEqual({ A: '1', B: '2' });
  });

  it('exhausts a ballot after more than maxSkippedRanksAllowed blank ranks', () => {
    const s = summary(cands('A,B'), ['_>_>A', '_>B', '2*B'], { maxSkippedRanksAllowed: 1 });
    expect(s.results[0].inactiveBallots.skippedRankings).toBe('1');
    expect(s.results[0].tally).toEqual({ A: '0', B: '3' });
  });

  it('continues until two remain with the threshold fixed at the winner’s round, and a round that elects eliminates no one', () => {
    // A wins round 1 with 6 of 10 (threshold 6). Round 2 eliminates D (tied with C; the later listed); D's ballot
    // exhausts; round 3 still has threshold 6 although 9 ballots are active, and eliminates C; round 4 has A and B.
    const s = summary(cands('A,B,C,D'), ['6*A', '2*B', 'C', 'D'], { continueUntilTwoCandidatesRemain: true });
    expect(s.results.map((r: { threshold: string }) => r.threshold)).toEqual(['6', '6', '6', '6']);
    expect(s.results[0].tallyResults).toEqual([{ elected: 'A', transfers: {} }]);
    expect(s.results[1].tallyResults).toEqual([{ eliminated: 'D', transfers: { exhausted: '1' } }]);
    expect(s.results[2].tallyResults).toEqual([{ eliminated: 'C', transfers: { exhausted: '1' } }]);
    expect(s.results[3].tally).toEqual({ A: '6', B: '2' });
  });

  it('batch-eliminates every candidate whose votes, with all below them, are fewer than the next', () => {
    // D 1, C 2, B 5, A 6: 1 < 2 and 1 + 2 < 5, so D and C go together. A 7, B 7: a tie for the last seat, useCandidateOrder elects A.
    const s = summary(cands('A,B,C,D'), ['6*A', '5*B', '2*C>B', 'D>A'], { batchElimination: true });
    expect(s.results[0].tallyResults).toEqual([
      { eliminated: 'D', transfers: { A: '1' } },
      { eliminated: 'C', transfers: { B: '2' } },
    ]);
    expect(s.results[1].tallyResults).toEqual([{ elected: 'A', transfers: {} }]);
  });

  it('eliminates undeclared write-ins first, and elects no one while they have votes', () => {
    const candidates = cands(`A,B,${UNDECLARED_WRITE_INS}`);
    // A has 4 of 7, the threshold, but write-ins have votes: they go first (though B has fewer).
    const s = summary(candidates, ['4*A', 'B', `2*${UNDECLARED_WRITE_INS}>B`]);
    expect(s.results[0].tallyResults).toEqual([{ eliminated: UNDECLARED_WRITE_INS, transfers: { B: '2' } }]);
    expect(s.results[1].tallyResults).toEqual([{ elected: 'A', transfers: {} }]);
  });

  it('keeps the first round’s threshold with doesFirstRoundDetermineThreshold', () => {
    // 10 ballots: threshold 6. C's 3 ballots exhaust; round 2 has 7 active ballots but the threshold stays 6.
    const s = summary(cands('A,B,C'), ['5*A', '2*B', '3*C'], { doesFirstRoundDetermineThreshold: true });
    expect(s.results[0].threshold).toBe('6');
    expect(s.results[1].threshold).toBe('6');
  });

  it('computes the Hare quota rounding up, and a non-integer threshold at decimalPlacesForVoteArithmetic', () => {
    expect(summary(cands('A,B,C'), ['4*A', '2*B', 'C'], { hareQuota: true }).results[0].threshold).toBe('7');
    expect(summary(cands('A,B,C'), ['4*A', '2*B', 'C'], { nonIntegerWinningThreshold: true }).results[0].threshold).toBe('3.5001');
  });

  it('settles a tie on earlier rounds with previousRoundCountsThenRandom', () => {
    // Round 1: D 1 goes, to B. Round 2: B 3, C 3 tie last; in round 1 B had 2, C 3: B is eliminated.
    const s = summary(cands('A,B,C,D'), ['5*A', '2*B', '3*C', 'D>B'], { tiebreakMode: 'previousRoundCountsThenRandom', randomSeed: 7n });
    expect(s.results[1].tallyResults[0].eliminated).toBe('B');
  });

  it('refuses a tie it would have to ask about', () => {
    const candidates = cands('A,B,C');
    const b = ballots(['A', 'B', 'C'], '4*A>B', '3*B>C', '2*C>B', '1*C');
    expect(() => tabulateRctab(candidates, b, { ...RULES, tiebreakMode: 'stopCountingAndAsk' })).toThrow(RctabCountError);
    expect(() => tabulateRctab(candidates, b, { ...RULES, tiebreakMode: 'stopCountingAndAsk' })).toThrow(/cannot ask/);
  });

  it('draws the same lot for the same seed', () => {
    const candidates = cands('A,B,C');
    const b = ballots(['A', 'B', 'C'], '4*A>B', '3*B>C', '2*C>B', '1*C');
    const once = tabulateRctab(candidates, b, { ...RULES, tiebreakMode: 'random', randomSeed: 42n });
    const again = tabulateRctab(candidates, b, { ...RULES, tiebreakMode: 'random', randomSeed: 42n });
    expect(once.passes[0]!.rounds[0]!.decisions).toEqual(again.passes[0]!.rounds[0]!.decisions);
  });
});

describe('RCTab multi-winner', () => {
  it('moves surpluses as fractions cut to decimalPlacesForVoteArithmetic, with residual and final-round surplus', () => {
    // 9 ballots, 2 seats: threshold 9/3 + 0.0001 = 3.0001. A 6: fraction 2.9999/6 → 0.4999; each A ballot keeps
    // 0.5001 and moves 0.4999: B 1 + 5 × 0.4999 = 3.4995, C 2 + 0.4999 = 2.4999. A keeps 6 × 0.5001 = 3.0006:
    // residual 0.0005. B elected: fraction 0.4994/3.4995 → 0.1427; B's own ballot moves 0.1427, each A>B ballot
    // 0.4999 × 0.1427 → 0.0713: 0.4992 in all, the final-round surplus; B keeps 0.8573 + 5 × 0.4286 = 3.0003.
    const s = summary(cands('A,B,C'), ['5*A>B', 'A>C', 'B', '2*C'], {
      winnerElectionMode: 'multiWinnerAllowMultipleWinnersPerRound',
      numberOfWinners: 2,
      nonIntegerWinningThreshold: true,
    });
    expect(s.results).toHaveLength(3);
    expect(s.results[0].threshold).toBe('3.0001');
    expect(s.results[0].tallyResults).toEqual([{ elected: 'A', transfers: { B: '2.4995', C: '0.4999', 'residual surplus': '0.0005' } }]);
    expect(s.results[1].tally).toEqual({ A: '3.0001', B: '3.4995', C: '2.4999' });
    expect(s.results[1].tallyResults).toEqual([{ elected: 'B', transfers: { exhausted: '0.4992', 'residual surplus': '0.0002' } }]);
    expect(s.results[2].tally).toEqual({ A: '3.0001', B: '3.0001', C: '2.4999' });
    expect(s.results[2].inactiveBallots.finalRoundSurplus).toBe('0.4992');
    expect(s.results[1].inactiveBallots.finalRoundSurplus).toBeUndefined();
  });

  it('elects one per round with multiWinnerAllowOnlyOneWinnerPerRound', () => {
    // 12 ballots, 2 seats: threshold 5. A 5 and B 5 both reach it; only the top (tied: A, listed first) is elected in round 1.
    const s = summary(cands('A,B,C'), ['5*A', '5*B', '2*C'], { winnerElectionMode: 'multiWinnerAllowOnlyOneWinnerPerRound', numberOfWinners: 2 });
    expect(s.results[0].tallyResults).toEqual([{ elected: 'A', transfers: {} }]);
    expect(s.results[1].tallyResults).toEqual([{ elected: 'B', transfers: {} }]);
  });

  it('eliminates down to the seats with bottomsUp, moving no surplus', () => {
    const s = summary(cands('A,B,C'), ['3*A', '2*B', 'C>B'], { winnerElectionMode: 'bottomsUp', numberOfWinners: 2 });
    expect(s.results[0].tallyResults).toEqual([{ eliminated: 'C', transfers: { B: '1' } }]);
    expect(s.results[1].tallyResults).toEqual([
      { elected: 'A', transfers: {} },
      { elected: 'B', transfers: {} },
    ]);
    expect(s.results[1].inactiveBallots.finalRoundSurplus).toBeUndefined();
  });

  it('eliminates until every continuing candidate passes the percentage with bottomsUpUsingPercentageThreshold', () => {
    // 10 ballots, 25% (0.25): threshold 2.50. C 1 goes (to B); then A 5, B 4, each above 25% of 9 = 2.25: both elected.
    const s = summary(cands('A,B,C'), ['5*A', '3*B', 'C>B', 'C'], {
      winnerElectionMode: 'bottomsUpUsingPercentageThreshold',
      numberOfWinners: 0,
      multiSeatBottomsUpPercentageThreshold: { units: 25n, scale: 2 },
    });
    expect(s.results[0].threshold).toBe('2.50');
    expect(s.results[0].tallyResults[0].eliminated).toBe('C');
    expect(s.results[1].threshold).toBe('2.25');
    expect(s.results[1].tallyResults.map((t: { elected: string }) => t.elected)).toEqual(['A', 'B']);
  });

  it('fills each seat by its own IRV count with multiPassIrv, earlier winners excluded', () => {
    const candidates = cands('A,B,C');
    const b = ballots(['A', 'B', 'C'], '3*A>B', '2*B', '2*C>B');
    const result = tabulateRctab(candidates, b, { ...RULES, winnerElectionMode: 'multiPassIrv', numberOfWinners: 2 });
    expect(result.passes.map((p) => p.winners.map((c) => candidates[c]!.name))).toEqual([['B'], ['A']]);
    const second = result.passes[1]!.rounds[0]!;
    // B's own two ballots rank only the first winner: exhausted from round 1 of the second pass.
    expect(fmt(second.inactive.exhaustedChoices)).toBe('2');
    expect(fmt(second.threshold)).toBe('3');
  });
});

describe('RCTab tie-break modes that draw lots or ask', () => {
  // Round 1: A 4, B 3, C 3: B and C are tied for elimination, with no earlier round to look back on.
  const candidates = cands('A,B,C');
  const tied = ballots(['A', 'B', 'C'], '4*A>B', '3*B>C', '2*C>B', '1*C');
  const firstDecision = (rules: Partial<RctabRules>) => tabulateRctab(candidates, tied, { ...RULES, ...rules }).passes[0]!.rounds[0]!.decisions[0]!;

  it('draws each of the tied candidates for some seed with random, and the same one for the same seed', () => {
    const eliminated = new Set<number>();
    for (let seed = 1n; seed <= 40n; seed++) {
      const d = firstDecision({ tiebreakMode: 'random', randomSeed: seed });
      expect(d.kind).toBe('eliminated');
      expect([1, 2]).toContain(d.candidate);
      expect(d.tiebreak).toBe('drawn by lot among B, C');
      expect(firstDecision({ tiebreakMode: 'random', randomSeed: seed })).toEqual(d);
      eliminated.add(d.candidate);
    }
    expect(eliminated).toEqual(new Set([1, 2]));
  });

  it('with generatePermutation, eliminates whichever tied candidate comes latest in the permutation the seed draws', () => {
    const outcomes = new Set<number>();
    for (let seed = 1n; seed <= 40n; seed++) {
      const d = firstDecision({ tiebreakMode: 'generatePermutation', randomSeed: seed });
      expect(d.tiebreak).toMatch(/^(B|C) comes latest of B, C in the tie-break order$/);
      expect(d.tiebreak!.startsWith(candidates[d.candidate]!.name)).toBe(true);
      outcomes.add(d.candidate);
    }
    // One permutation per seed, so different seeds put B and C in either order.
    expect(outcomes).toEqual(new Set([1, 2]));
  });

  it('with generatePermutation, elects from a tie whichever of them comes earliest in the permutation', () => {
    // Two seats, one per round: A and B both pass the threshold on 6, so the permutation picks who is elected first.
    const elected = new Set<number>();
    for (let seed = 1n; seed <= 40n; seed++) {
      const d = tabulateRctab(cands('A,B,C'), ballots(['A', 'B', 'C'], '6*A', '6*B', '1*C'), {
        ...RULES,
        tiebreakMode: 'generatePermutation',
        randomSeed: seed,
        winnerElectionMode: 'multiWinnerAllowOnlyOneWinnerPerRound',
        numberOfWinners: 2,
      }).passes[0]!.rounds[0]!.decisions[0]!;
      expect(d.kind).toBe('elected');
      expect(d.tiebreak).toBe(`${['A', 'B'][d.candidate]} comes earliest of A, B in the tie-break order`);
      elected.add(d.candidate);
    }
    expect(elected).toEqual(new Set([0, 1]));
  });

  it('with previousRoundCountsThenAsk, settles a tie on an earlier round and refuses one that no round settles', () => {
    // As with previousRoundCountsThenRandom: round 2's tie of B and C goes back to round 1, where B had fewer.
    const s = summary(cands('A,B,C,D'), ['5*A', '2*B', '3*C', 'D>B'], { tiebreakMode: 'previousRoundCountsThenAsk' });
    expect(s.results[1].tallyResults[0].eliminated).toBe('B');
    expect(() => firstDecision({ tiebreakMode: 'previousRoundCountsThenAsk' })).toThrow(RctabCountError);
    expect(() => firstDecision({ tiebreakMode: 'previousRoundCountsThenAsk' })).toThrow(/B, C are tied on 3 votes.*cannot ask/);
  });
});
