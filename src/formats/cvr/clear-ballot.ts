/**
 * Clear Ballot's CSV export, as RCTab's Clear Ballot reader reads it: ten
 * columns about the ballot (RowNumber … Remade), then one column per contest,
 * rank and choice, headed `Choice_…:<contest>:<rank>:<vote rule>:<choice>:<party>`;
 * a 1 in a row marks that choice at that rank. Only the source's contest is
 * read; the choice's name is its label; the ballot's id and precinct are
 * BallotID and PrecinctID.
 */
import { parseCsvRecord } from '../csv.js';
import { InputError } from '../errors.js';
import { LineSplitter } from '../lines.js';
import { eachChunk } from './files.js';
import { UNDECLARED_WRITE_IN } from './labels.js';
import type { CastVoteRecord, CvrDeclaredCandidate, CvrMark, CvrSource, CvrSourceSummary } from './records.js';

const CHOICES_BEGIN = 10;
const BALLOT_ID = 3;
const PRECINCT_ID = 4;

export async function readClearBallot(source: CvrSource, onRecord: (r: CastVoteRecord) => void): Promise<CvrSourceSummary> {
  const file = source.path;
  let line = 0;
  let columns: { col: number; rank: number; label: string }[] | null = null;
  let width = 0;
  const declared = new Map<string, CvrDeclaredCandidate>();
  let records = 0;
  const splitter = new LineSplitter((text) => {
    line++;
    if (columns === null) {
      const header = parseCsvRecord(text, file, line);
      if (header.length <= CHOICES_BEGIN)
        throw new InputError(file, line, `the header has no choice columns (Clear Ballot's first ${CHOICES_BEGIN} columns are RowNumber … Remade)`);
      width = header.length;
      const contests = new Set<string>();
      columns = [];
      for (let col = CHOICES_BEGIN; col < header.length; col++) {
        const fields = (header[col] as string).split(':');
        if (fields.length !== 6)
          throw new InputError(file, line, `column ${col + 1} ${JSON.stringify(header[col])} is not Choice_…:contest:rank:vote rule:choice:party`);
        const [, contest, rankText, , choice] = fields as [string, string, string, string, string, string];
        contests.add(contest);
        const wanted = source.contestId ?? contest;
        if (contest !== wanted) continue;
        if (source.contestId === undefined && contests.size > 1) {
          throw new InputError(
            file,
            line,
            `the file has several contests (${[...contests].map((c) => JSON.stringify(c)).join(', ')}): choose one with --contest`,
          );
        }
        const rank = Number(rankText);
        if (!Number.isInteger(rank) || rank < 1)
          throw new InputError(file, line, `column ${col + 1} has the rank ${JSON.stringify(rankText)}, not a whole number from 1`);
        if (source.maxRankings !== undefined && rank > source.maxRankings) continue;
        const label = choice === source.undeclaredWriteInLabel ? UNDECLARED_WRITE_IN : choice;
        if (label !== UNDECLARED_WRITE_IN && !declared.has(label)) declared.set(label, { code: label, name: label });
        columns.push({ col, rank, label });
      }
      if (source.contestId !== undefined && !contests.has(source.contestId)) {
        throw new InputError(file, line, `the file has no contest named ${JSON.stringify(source.contestId)}`);
      }
      return;
    }
    if (text.trim() === '') return;
    const cells = parseCsvRecord(text, file, line);
    if (cells.length !== width) throw new InputError(file, line, `expected ${width} cells (as in the header), found ${cells.length}`);
    const marks: CvrMark[] = [];
    for (const { col, rank, label } of columns) {
      const cell = (cells[col] as string).trim();
      if (cell === '1') marks.push({ rank, label });
      else if (cell !== '0' && cell !== '') throw new InputError(file, line, `column ${col + 1} holds ${JSON.stringify(cell)}, expected 1 (marked) or 0`);
    }
    records++;
    onRecord({ where: `${file}:${line}`, id: cells[BALLOT_ID], precinct: cells[PRECINCT_ID], batch: undefined, marks });
  });
  const decoder = new TextDecoder('utf-8');
  await eachChunk(file, (chunk) => splitter.push(decoder.decode(chunk, { stream: true })));
  splitter.push(decoder.decode());
  splitter.end();
  if (columns === null) throw new InputError(file, 1, 'the file is empty: expected Clear Ballot’s header row');
  return { records, declaredCandidates: [...declared.values()] };
}
