import { describe, expect, it } from 'vitest';
import {
  affiliateRouteStandingWords,
  constituencyWords,
  judgeLeadershipNominations,
  leadershipStandings,
  neededFor,
  parliamentaryWords,
  type LeadershipContestFacts,
  type LeadershipNominationEntry,
} from '../../src/domain/leadership-nominations.js';
import { LABOUR_1990, LABOUR_2018, LABOUR_2021 } from '../../src/domain/presets.js';
import { reachesShare } from '../../src/domain/processes/common.js';
import { fraction } from '../../src/domain/rulebook.js';

const RULES_2021 = LABOUR_2021.leadership!.nominations;
const RULES_2018 = LABOUR_2018.leadership!.nominations;
const RULES_1990 = LABOUR_1990.leadership!.nominations;

/** 198 MPs, 600 constituency parties, 2,000,000 affiliated members. */
const WHOLES = { mps: 198, constituencies: 600, affiliatedMembership: 2_000_000 };

const mps = (n: number, candidate = 'ann'): LeadershipNominationEntry[] =>
  Array.from({ length: n }, (_, i) => ({ route: 'parliamentary', by: `mp${i}`, candidate }));
const clps = (n: number, candidate = 'ann'): LeadershipNominationEntry[] =>
  Array.from({ length: n }, (_, i) => ({ route: 'constituency', by: `clp${i}`, candidate }));
const affiliate = (by: string, membership: number, tradeUnion: boolean, candidate = 'ann'): LeadershipNominationEntry => ({
  route: 'affiliate',
  by,
  candidate,
  affiliate: { membership, tradeUnion },
});

const vacancy = (nominations: LeadershipNominationEntry[], wholes = WHOLES): LeadershipContestFacts => ({
  vacancy: true,
  incumbent: null,
  wholes,
  nominations,
});

describe('whole-number shares: "at least", never a rounded decimal', () => {
  it('20% of 198 is 39.6, so 40 are needed: 39 fails, 40 passes', () => {
    expect(neededFor(fraction(20, 100), 198)).toBe(40);
    expect(reachesShare(39, 198, fraction(20, 100))).toBe(false);
    expect(reachesShare(40, 198, fraction(20, 100))).toBe(true);
  });

  it('an exact share is enough: 20% of 200 is 40', () => {
    expect(neededFor(fraction(20, 100), 200)).toBe(40);
    expect(reachesShare(40, 200, fraction(20, 100))).toBe(true);
    expect(reachesShare(39, 200, fraction(20, 100))).toBe(false);
  });

  it('large wholes stay exact (5% of 3,333,333 affiliated members is 166,666.65, so 166,667)', () => {
    expect(neededFor(fraction(5, 100), 3_333_333)).toBe(166_667);
    expect(reachesShare(166_666, 3_333_333, fraction(5, 100))).toBe(false);
    expect(reachesShare(166_667, 3_333_333, fraction(5, 100))).toBe(true);
  });
});

describe('Labour 2021, a vacancy: 20% of MPs, then 5% of CLPs or the affiliates route', () => {
  it('the MPs stage: 39 of 198 MPs fails, 40 passes (with the CLP route met)', () => {
    const short = judgeLeadershipNominations(RULES_2021, vacancy([...mps(39), ...clps(30)]), 'ann');
    expect(short.parliamentary).toMatchObject({ have: 39, of: 198, needed: 40, met: false, short: 1 });
    expect(short.secondStage).toBe(true);
    expect(short.valid).toBe(false);
    expect(parliamentaryWords(short.parliamentary)).toBe('needs 1 more MP (39 of 198; 40 needed)');
    const enough = judgeLeadershipNominations(RULES_2021, vacancy([...mps(40), ...clps(30)]), 'ann');
    expect(enough.valid).toBe(true);
    expect(parliamentaryWords(enough.parliamentary)).toBe('has enough MPs (40 of 198; 40 needed)');
  });

  it('the CLP route: 5% of 600 is exactly 30; 29 fails, 30 passes', () => {
    const short = judgeLeadershipNominations(RULES_2021, vacancy([...mps(40), ...clps(29)]), 'ann');
    expect(short.constituency).toMatchObject({ have: 29, needed: 30, met: false });
    expect(short.valid).toBe(false);
    expect(constituencyWords(short.constituency!)).toBe('needs 1 more constituency party (29 of 600; 30 needed)');
    expect(judgeLeadershipNominations(RULES_2021, vacancy([...mps(40), ...clps(30)]), 'ann').valid).toBe(true);
  });

  it('5% of 601 CLPs is 30.05, so 31 are needed', () => {
    const facts = vacancy([...mps(40), ...clps(30)], { ...WHOLES, constituencies: 601 });
    const s = judgeLeadershipNominations(RULES_2021, facts, 'ann');
    expect(s.constituency).toMatchObject({ needed: 31, met: false, short: 1 });
  });

  it('the affiliates route: 3 affiliates with 2 unions pass; 3 with 1 union fail', () => {
    const twoUnions = [affiliate('u1', 50_000, true), affiliate('u2', 40_000, true), affiliate('s1', 10_000, false)];
    const ok = judgeLeadershipNominations(RULES_2021, vacancy([...mps(40), ...twoUnions]), 'ann');
    expect(ok.affiliates).toMatchObject({ affiliates: { have: 3, needed: 3 }, unions: { have: 2, needed: 2 }, met: true });
    expect(ok.constituency?.met).toBe(false);
    expect(ok.valid).toBe(true);
    const oneUnion = [affiliate('u1', 80_000, true), affiliate('s1', 10_000, false), affiliate('s2', 10_000, false)];
    const no = judgeLeadershipNominations(RULES_2021, vacancy([...mps(40), ...oneUnion]), 'ann');
    expect(no.affiliates).toMatchObject({ unions: { have: 1, needed: 2 }, met: false });
    expect(no.valid).toBe(false);
    expect(affiliateRouteStandingWords(no.affiliates!)).toBe(
      'needs 1 more trade union (3 affiliates, 1 trade union, 100,000 of 2,000,000 affiliated members; 100,000 needed)',
    );
  });

  it('2 affiliates, both unions, holding far more than 5%, are not enough: the route needs 3', () => {
    const s = judgeLeadershipNominations(RULES_2021, vacancy([...mps(40), affiliate('u1', 500_000, true), affiliate('u2', 500_000, true)]), 'ann');
    expect(s.affiliates?.met).toBe(false);
    expect(affiliateRouteStandingWords(s.affiliates!)).toMatch(/^needs 1 more affiliate \(/);
  });

  it('5% of affiliated membership exactly passes; one member fewer fails', () => {
    const at = [affiliate('u1', 50_000, true), affiliate('u2', 40_000, true), affiliate('s1', 10_000, false)];
    expect(judgeLeadershipNominations(RULES_2021, vacancy([...mps(40), ...at]), 'ann').affiliates?.membership).toMatchObject({
      have: 100_000,
      needed: 100_000,
      met: true,
    });
    const below = [affiliate('u1', 50_000, true), affiliate('u2', 40_000, true), affiliate('s1', 9_999, false)];
    const s = judgeLeadershipNominations(RULES_2021, vacancy([...mps(40), ...below]), 'ann');
    expect(s.affiliates).toMatchObject({ membership: { have: 99_999, met: false, short: 1 }, met: false });
    expect(s.valid).toBe(false);
    expect(affiliateRouteStandingWords(s.affiliates!)).toBe(
      'needs 1 more affiliated member (3 affiliates, 2 trade unions, 99,999 of 2,000,000 affiliated members; 100,000 needed)',
    );
  });

  it('a body counts once, by its first nomination; nominations of someone else do not count', () => {
    const twice = [...mps(39), { route: 'parliamentary' as const, by: 'mp0', candidate: 'ann' }, ...clps(30), ...mps(5, 'bob')];
    const s = judgeLeadershipNominations(RULES_2021, vacancy(twice), 'ann');
    expect(s.parliamentary.have).toBe(39);
  });
});

describe('earlier presets and challenges', () => {
  it('Labour 2018 (the 2020 election): 10% of 212 (MPs and MEPs) is 21.2, so 22; 21 fails', () => {
    const wholes = { ...WHOLES, mps: 212 };
    expect(judgeLeadershipNominations(RULES_2018, vacancy([...mps(21), ...clps(30)], wholes), 'ann').valid).toBe(false);
    expect(judgeLeadershipNominations(RULES_2018, vacancy([...mps(22), ...clps(30)], wholes), 'ann').valid).toBe(true);
  });

  it('Labour 1990 (the 2015 rules): 15% of MPs and no second stage; 15% of 232 is 34.8, so 35', () => {
    const wholes = { ...WHOLES, mps: 232 };
    const short = judgeLeadershipNominations(RULES_1990, vacancy(mps(34), wholes), 'ann');
    expect(short).toMatchObject({ constituency: null, affiliates: null, secondStage: null, valid: false });
    expect(judgeLeadershipNominations(RULES_1990, vacancy(mps(35), wholes), 'ann').valid).toBe(true);
  });

  it('a challenge: the challenger needs 20% of MPs alone, and the sitting leader stands without nominations', () => {
    const facts = (n: number): LeadershipContestFacts => ({ vacancy: false, incumbent: 'lee', wholes: WHOLES, nominations: mps(n) });
    const short = leadershipStandings(RULES_2018, facts(39));
    expect(short.map((s) => [s.candidate, s.incumbent, s.valid])).toEqual([
      ['lee', true, true],
      ['ann', false, false],
    ]);
    // Under Labour 2018 a vacancy needs 10%; the challenge needs 20% whatever the vacancy share.
    expect(short[1]!.parliamentary).toMatchObject({ needed: 40, short: 1 });
    expect(short[1]).toMatchObject({ constituency: null, affiliates: null, secondStage: null });
    expect(leadershipStandings(RULES_2018, facts(40))[1]!.valid).toBe(true);
  });
});
