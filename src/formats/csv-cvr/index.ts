/**
 * CSV cast-vote records: one ballot per row, RFC 4180 quoting, LF or CRLF.
 * The header row says which of two layouts the file has:
 *
 * (a) rank columns: `rank1,rank2,…` (also `Rank 1`, `rank_1`, `choice1`,
 *     `preference 1`; case does not matter; numbered 1, 2, … in order). Each
 *     cell names the candidate at that rank:
 *       - a blank cell (or `undervote`) is a skipped rank;
 *       - `Alice=Bob` or `Alice|Bob` marks several candidates at one rank (an
 *         overvote, or an equal ranking), so names cannot contain `=` or `|`;
 *       - `overvote` is an overvote whose candidates the file does not name. It
 *         is recorded as a rank marking every candidate, which each overvote
 *         rule treats as an overvote: it never counts for anyone while two or
 *         more candidates continue.
 *     Candidates are the names met, in order of first appearance; or, when a
 *     candidate list is given, exactly that list (a name outside it is an error,
 *     so a typo cannot become a candidate).
 * (b) one column per candidate: the header names the candidates and each cell
 *     holds the rank the voter gave them (1 = first; blank = unranked). Two
 *     candidates with the same number share that rank; a number nobody has is a
 *     skipped rank. Ranks run from 1 to the number of candidates.
 *
 * Leading columns that identify a ballot rather than rank candidates are
 * ignored in both layouts, but only these names (case, spaces, `_` and `-` do
 * not matter): id, ballot, ballot id, ballot number, ballot no, cvr, cvr id,
 * cvr number, record, record id, row id, voter id, precinct, precinct id,
 * precinct name, precinct portion, batch, batch id, tabulator, tabulator id,
 * ward, polling station, polling district, ballot style. Any other column
 * before or among rank columns is an error.
 *
 * Names and rank numbers are trimmed. Empty lines are skipped, so in a file with
 * a single rank column an empty ballot must be written `""`.
 *
 * Speed (a million rows must take a fraction of a second): nothing is decoded
 * per row. Bytes are matched against a small trie of the cells met so far,
 * so each cell becomes a small id in one table lookup per byte; a row is then
 * its sequence of cell ids, packed exactly into one number where they fit, and
 * counted in a hash table. Only the first copy of each distinct row is
 * interpreted, from its cells' cached meanings. Rows with quotes take a slower
 * path that parses them fully. The result is built straight into a BallotSet:
 * when no two cells mean the same, distinct rows are already distinct rankings;
 * otherwise rankings are merged over typed arrays, as BallotSetBuilder would,
 * but without a string key per ranking.
 *
 * The modules: `header.ts` (the layout a header declares), `cells.ts` (what a
 * cell means, a row's ranking tokens), `byte-strings.ts`, `cell-trie.ts` and
 * `id-rows.ts` (the byte-level tables of distinct cells and rows),
 * `rankings.ts` (distinct rows to a BallotSet) and `reader.ts` (the streaming
 * reader that drives them).
 */
import type { Election } from '../../count/ballots.js';
import { CsvCvrReader, type CsvCvrOptions } from './reader.js';

export { CsvCvrReader, type CsvCvrOptions };

/** Parses a CSV cast-vote record from a whole text or buffer; `file` is used in error messages. */
export function parseCsvCvr(input: string | Uint8Array, file: string, options: CsvCvrOptions = {}): Election {
  const reader = new CsvCvrReader(file, options);
  reader.push(typeof input === 'string' ? Buffer.from(input, 'utf8') : input);
  return reader.finish();
}
