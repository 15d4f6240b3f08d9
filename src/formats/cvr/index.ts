/**
 * Vendors' cast-vote records: one streamed reader per provider (CDF JSON and
 * XML, Dominion, ES&S, Hart, Clear Ballot, RCTab's CSV) turning files into
 * `CastVoteRecord`s, and `readCvrSources`, which turns a contest's records into
 * the count's Election as RCTab's tabulator reads them.
 */
export type { CastVoteRecord, CvrDeclaredCandidate, CvrMark, CvrProvider, CvrSource, CvrSourceSummary } from './records.js';
export { EXPLICIT_OVERVOTE, UNDECLARED_WRITE_IN } from './labels.js';
export { readCvrSource } from './providers.js';
export { readCvrSources, type CvrContest, type CvrContestCandidate, type CvrElection } from './to-election.js';
export { type CdfRecord, type CdfReport, type CdfWriteOptions, writeCdfJson, writeCdfReport } from './write-cdf.js';
