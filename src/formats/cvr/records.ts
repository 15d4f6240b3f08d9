/**
 * Cast-vote records as vendors' files hold them, before a contest's rules read
 * them. Each vendor's reader (CDF JSON and XML, Dominion, ES&S, Hart, Clear
 * Ballot, RCTab's CSV) turns its files into these records, streamed one at a
 * time; the contest's reading of an RCTab configuration (candidates, aliases,
 * the overvote, undervote and write-in labels, excluded candidates) then turns
 * the labels into candidates. Keeping the two apart lets one reader serve both
 * `hustings count --rctab-config` and a plain `hustings count` of a CVR file.
 */

/** Which reader a source needs, in RCTab's words (`provider` in its configuration). */
export type CvrProvider = 'cdf' | 'clearBallot' | 'dominion' | 'ess' | 'hart' | 'csv';

/** One entry of an RCTab configuration's `cvrFileSources`, its path already resolved. */
export interface CvrSource {
  readonly provider: CvrProvider;
  /** A file (CDF, Clear Ballot, ES&S, CSV) or a folder (Dominion, Hart). */
  readonly path: string;
  /** The contest to read, as the file names it (every provider but ES&S). */
  readonly contestId?: string | undefined;
  /** ES&S and CSV: 1-based column of the first rank, row of the first record, column of the record's id, precinct and batch. */
  readonly firstVoteColumnIndex?: number | undefined;
  readonly firstVoteRowIndex?: number | undefined;
  readonly idColumnIndex?: number | undefined;
  readonly precinctColumnIndex?: number | undefined;
  readonly batchColumnIndex?: number | undefined;
  /** ES&S: splits a cell naming several candidates at one rank. */
  readonly overvoteDelimiter?: string | undefined;
  readonly overvoteLabel?: string | undefined;
  readonly undervoteLabel?: string | undefined;
  readonly undeclaredWriteInLabel?: string | undefined;
  /** ES&S: a blank cell is a vote for an undeclared write-in. */
  readonly treatBlankAsUndeclaredWriteIn?: boolean | undefined;
  /**
   * The contest's most ranks (RCTab's `maxRankingsAllowed`), where a reader needs it: ES&S reads
   * no rank column past it (and fills blank ones up to it with undeclared write-ins when
   * `treatBlankAsUndeclaredWriteIn`); Clear Ballot reads no choice column past it. Undefined: all.
   */
  readonly maxRankings?: number | undefined;
}

/** A mark on a record: the rank (1 = first) and the label the file gives the choice there. */
export interface CvrMark {
  readonly rank: number;
  /**
   * What RCTab's reader of the same file hands its tabulator: a candidate's
   * name or code as the configuration lists them, or one of the source's
   * special labels (overvote, undervote, undeclared write-in). Several marks
   * may share a rank (an overvote).
   */
  readonly label: string;
}

export interface CastVoteRecord {
  /** Where the record is, for messages: `file:line`, or the file and the record's number or id. */
  readonly where: string;
  /** The record's own id in the source, when it has one. */
  readonly id: string | undefined;
  readonly precinct: string | undefined;
  readonly batch: string | undefined;
  readonly marks: readonly CvrMark[];
}

/** What a source says of its candidates, where its files name them (CDF, Dominion's manifests, Hart, Clear Ballot). */
export interface CvrDeclaredCandidate {
  /** The label marks use for this candidate. */
  readonly code: string;
  readonly name: string;
}

export interface CvrSourceSummary {
  readonly records: number;
  readonly declaredCandidates: readonly CvrDeclaredCandidate[];
}
