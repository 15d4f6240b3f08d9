// RCTab's rules as a plain single-winner contest sets them, for tests to change one setting at a time.
import type { RctabRules } from '../../src/count/methods/rctab-tabulator.js';

export const RCTAB_RULES: RctabRules = {
  winnerElectionMode: 'singleWinnerMajority',
  numberOfWinners: 1,
  decimalPlacesForVoteArithmetic: 4,
  tiebreakMode: 'useCandidateOrder',
  randomSeed: null,
  overvoteRule: 'exhaustImmediately',
  maxSkippedRanksAllowed: null,
  exhaustOnDuplicateCandidate: false,
  nonIntegerWinningThreshold: false,
  hareQuota: false,
  doesFirstRoundDetermineThreshold: false,
  batchElimination: false,
  continueUntilTwoCandidatesRemain: false,
  cutoffElimination: false,
  multiSeatBottomsUpPercentageThreshold: null,
  minimumVoteThreshold: { units: 0n, scale: 0 },
  stopTabulationEarlyAfterRound: null,
};
