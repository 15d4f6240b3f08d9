/**
 * ES&S cast-vote records: an xlsx workbook, one record per row of its first
 * sheet from `firstVoteRowIndex`, one rank per column from
 * `firstVoteColumnIndex`, read as RCTab's ES&S reader reads them: a cell may
 * name several candidates split by the overvote delimiter; the skipped-rank
 * (undervote) label and a blank cell mark nothing, or, with
 * `treatBlankAsUndeclaredWriteIn`, a blank cell is an undeclared write-in; the
 * overvote and undeclared write-in labels become RCTab's own.
 */
import { InputError } from '../errors.js';
import { EXPLICIT_OVERVOTE, UNDECLARED_WRITE_IN } from './labels.js';
import type { CastVoteRecord, CvrMark, CvrSource, CvrSourceSummary } from './records.js';
import { cellName, eachSheetRow } from './xlsx.js';

function oneBased(
  source: CvrSource,
  field: 'firstVoteColumnIndex' | 'firstVoteRowIndex' | 'idColumnIndex' | 'precinctColumnIndex' | 'batchColumnIndex',
): number | undefined {
  const value = source[field];
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1) throw new InputError(source.path, null, `${field} must be a whole number from 1 (it is ${value})`);
  return value - 1;
}

export async function readEss(source: CvrSource, onRecord: (r: CastVoteRecord) => void): Promise<CvrSourceSummary> {
  const file = source.path;
  let firstColumn = oneBased(source, 'firstVoteColumnIndex');
  const firstRow = oneBased(source, 'firstVoteRowIndex');
  if (firstRow === undefined) throw new InputError(file, null, 'an ES&S source needs firstVoteRowIndex');
  let idColumn = oneBased(source, 'idColumnIndex');
  let precinctColumn = oneBased(source, 'precinctColumnIndex');
  const batchColumn = oneBased(source, 'batchColumnIndex');
  // Without a configuration's column numbers, the header row names them (a plain count).
  const fromHeader = firstColumn === undefined;
  if (fromHeader && firstRow < 1) throw new InputError(file, null, 'an ES&S source without firstVoteColumnIndex needs a header row before the records');
  const maxRanks = source.maxRankings;
  const delimiter = source.overvoteDelimiter !== undefined && source.overvoteDelimiter.trim() !== '' ? source.overvoteDelimiter : undefined;
  const blank = source.treatBlankAsUndeclaredWriteIn === true;
  // RCTab's configurations write an unused label as "".
  const given = (label: string | undefined): string | undefined => (label === undefined || label === '' ? undefined : label);
  const skippedLabel = given(source.undervoteLabel);
  const overvoteLabel = given(source.overvoteLabel);
  const writeInLabel = given(source.undeclaredWriteInLabel);
  let records = 0;
  await eachSheetRow(file, (row, cells) => {
    if (fromHeader && row === 1) {
      firstColumn = cells.find((c) => /choice|rank/i.test(c.text))?.col;
      idColumn = cells.find((c) => /^(cast vote record|cvr|record|ballot)( ?id| ?number)?$|^id$/i.test(c.text.trim()))?.col;
      precinctColumn = cells.find((c) => /^precinct/i.test(c.text.trim()))?.col;
    }
    if (row <= firstRow) return;
    if (firstColumn === undefined) {
      throw new InputError(
        file,
        null,
        'cannot tell which columns hold the ranks: no header in row 1 names a choice or rank (give an RCTab configuration with firstVoteColumnIndex)',
      );
    }
    const first = firstColumn;
    records++;
    const where = `${file} row ${row}`;
    let id: string | undefined;
    let precinct: string | undefined;
    let batch: string | undefined;
    const marks: CvrMark[] = [];
    let lastRank = 0;
    const blanksUpTo = (rank: number): void => {
      for (let r = lastRank + 1; r < rank; r++) if (blank) marks.push({ rank: r, label: UNDECLARED_WRITE_IN });
    };
    for (const { col, text } of cells) {
      if (col === precinctColumn) precinct = text;
      else if (col === batchColumn) batch = text;
      else if (col === idColumn) id = text;
      else if (col >= first && (maxRanks === undefined || col < first + maxRanks)) {
        const rank = col - first + 1;
        blanksUpTo(rank);
        lastRank = rank;
        const cell = text.trim();
        if (cell === '') {
          if (blank) marks.push({ rank, label: UNDECLARED_WRITE_IN });
          continue;
        }
        const parts = delimiter === undefined ? [cell] : cell.split(delimiter).map((p) => p.trim());
        for (const part of parts) {
          if (parts.length > 1 && (part === '' || part === skippedLabel)) {
            throw new InputError(
              file,
              null,
              `row ${row}, cell ${cellName(col, row)}: ${JSON.stringify(cell)} splits into several candidates, so none of them may be blank or the skipped-rank label`,
            );
          }
          if (part === skippedLabel) continue;
          const label = part === overvoteLabel ? EXPLICIT_OVERVOTE : part === writeInLabel ? UNDECLARED_WRITE_IN : part;
          marks.push({ rank, label });
        }
      }
    }
    if (maxRanks !== undefined) blanksUpTo(maxRanks + 1);
    if (idColumn !== undefined && id === undefined) {
      throw new InputError(file, null, `row ${row}: the record's id (column ${cellName(idColumn, row).replace(/\d+$/, '')}) is missing`);
    }
    // RCTab's ES&S reader names a missing precinct or batch so, and its results by precinct or batch keep them together.
    onRecord({
      where,
      id,
      precinct: precinctColumn === undefined ? undefined : (precinct ?? 'missing_precinct_id'),
      batch: batchColumn === undefined ? undefined : (batch ?? 'missing_batch_id'),
      marks,
    });
  });
  return { records, declaredCandidates: [] };
}
