/**
 * hustings/count: the counting library. Pure (no I/O, no dependencies): ballots
 * in, a record of the count out.
 */
export * from './arithmetic.js';
export type { Ratio } from './ratio.js';
export * from './ballots.js';
export * from './ballot-rules.js';
export * from './record.js';
export * from './ties.js';
export * from './options.js';
export * from './droop-options.js';
export * from './representation.js';
export type { CountMethod } from './method.js';
export { METHODS, methodById, count, countResolved } from './methods/index.js';
export { countRanked, rankedElection, UnknownCandidateError, type RankedCandidate, type RankedContest } from './ranked.js';
