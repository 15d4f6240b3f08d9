// RCTab configurations as RCTab saves them (text numbers, "" for unset) and as older versions did (numbers), and
// each mistake refused with its JSON path.
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fmt } from '../../src/count/decimal.js';
import { parseRctabConfig } from '../../src/formats/rctab-config.js';

const FILE = '/elections/city/mayor_config.json';

function config(over: { rules?: object; top?: object; source?: object; candidates?: object[] } = {}): string {
  return JSON.stringify({
    tabulatorVersion: '1.3.999',
    outputSettings: { contestName: 'Mayor', outputDirectory: 'output', contestDate: '2024-11-05', contestJurisdiction: 'City', contestOffice: 'Mayor' },
    cvrFileSources: [
      { filePath: 'cvr/mayor.json', contestId: 'mayor', provider: 'cdf', overvoteLabel: '', skippedRankLabel: '', undeclaredWriteInLabel: '', ...over.source },
    ],
    candidates: over.candidates ?? [
      { name: 'Ann', code: 'A1', excluded: false, aliases: ['ANN'] },
      { name: 'Bob', excluded: false, aliases: [] },
    ],
    rules: {
      tiebreakMode: 'useCandidateOrder',
      overvoteRule: 'exhaustImmediately',
      winnerElectionMode: 'singleWinnerMajority',
      randomSeed: '',
      numberOfWinners: '1',
      multiSeatBottomsUpPercentageThreshold: '',
      decimalPlacesForVoteArithmetic: '4',
      minimumVoteThreshold: '0',
      maxSkippedRanksAllowed: 'unlimited',
      maxRankingsAllowed: 'max',
      nonIntegerWinningThreshold: false,
      hareQuota: false,
      batchElimination: false,
      continueUntilTwoCandidatesRemain: false,
      stopTabulationEarlyAfterRound: '',
      exhaustOnDuplicateCandidate: false,
      ...over.rules,
    },
    ...over.top,
  });
}

function refusal(text: string): string {
  try {
    parseRctabConfig(text, FILE);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('accepted');
}

describe('parseRctabConfig', () => {
  it('reads a configuration, resolving CVR paths against its folder and taking codes and aliases as labels', () => {
    const c = parseRctabConfig(config(), FILE, (p) => resolve(dirname(FILE), p));
    expect(c.sources[0]).toMatchObject({ provider: 'cdf', path: resolve('/elections/city/cvr/mayor.json'), contestId: 'mayor' });
    expect(c.candidates[0]).toEqual({ name: 'Ann', aliases: ['A1', 'ANN'], excluded: false });
    expect(c.rules).toMatchObject({
      winnerElectionMode: 'singleWinnerMajority',
      numberOfWinners: 1,
      maxSkippedRanksAllowed: null,
      stopTabulationEarlyAfterRound: null,
    });
    expect(c.maxRankingsAllowed).toBeNull();
    expect(c.output.contestName).toBe('Mayor');
  });

  it('reads the numbers older versions wrote as numbers, and genericCsv as the CSV provider', () => {
    const c = parseRctabConfig(
      config({
        rules: { numberOfWinners: 1, decimalPlacesForVoteArithmetic: 4, maxRankingsAllowed: 3, maxSkippedRanksAllowed: 1 },
        source: { provider: 'genericCsv' },
      }),
      FILE,
    );
    expect(c.maxRankingsAllowed).toBe(3);
    expect(c.rules.maxSkippedRanksAllowed).toBe(1);
    expect(c.sources[0]!.provider).toBe('csv');
  });

  it('keeps a bottoms-up percentage as RCTab does: its places plus two', () => {
    const c = parseRctabConfig(
      config({ rules: { winnerElectionMode: 'bottomsUpUsingPercentageThreshold', numberOfWinners: '0', multiSeatBottomsUpPercentageThreshold: '15' } }),
      FILE,
    );
    expect(fmt(c.rules.multiSeatBottomsUpPercentageThreshold!)).toBe('0.15');
  });

  it('refuses each mistake naming its JSON path', () => {
    expect(refusal('{')).toMatch(/^\/elections\/city\/mayor_config.json: not JSON/);
    expect(refusal(config({ top: { tabulatorVersion: '' } }))).toContain('$.tabulatorVersion: is missing');
    expect(refusal(config({ source: { provider: 'paper' } }))).toContain('$.cvrFileSources[0].provider: must be one of');
    expect(refusal(config({ rules: { winnerElectionMode: 'borda' } }))).toContain('$.rules.winnerElectionMode: must be one of');
    expect(refusal(config({ rules: { tiebreakMode: 'whatever' } }))).toContain('$.rules.tiebreakMode');
    expect(refusal(config({ rules: { numberOfWinners: '2' } }))).toContain('$.rules.numberOfWinners: must be 1 for singleWinnerMajority');
    expect(refusal(config({ rules: { decimalPlacesForVoteArithmetic: -1 } }))).toContain('$.rules.decimalPlacesForVoteArithmetic: must be from 1 to 20');
    expect(refusal(config({ rules: { batchElimination: 'True' } }))).toContain('$.rules.batchElimination: must be true or false, not "True"');
    expect(refusal(config({ rules: { tiebreakMode: 'random' } }))).toContain('$.rules.randomSeed: is needed by tiebreakMode random');
    expect(refusal(config({ rules: { maxSkippedRanksAllowed: -3 } }))).toContain('$.rules.maxSkippedRanksAllowed: must be from 0');
    expect(refusal(config({ rules: { hareQuota: true, nonIntegerWinningThreshold: true } }))).toContain('$.rules.hareQuota');
    expect(
      refusal(
        config({
          candidates: [
            { name: 'Ann', aliases: ['X'] },
            { name: 'Bob', aliases: ['X'] },
          ],
        }),
      ),
    ).toContain('$.candidates[1].aliases: "X" already names Ann');
    expect(refusal(config({ candidates: [{ name: 'Ann', excluded: true }] }))).toContain('$.candidates: every candidate is excluded');
    expect(refusal(config({ source: { overvoteLabel: 'OVER' }, rules: { overvoteRule: 'exhaustIfMultipleContinuing' } }))).toContain('$.rules.overvoteRule');
  });
});
