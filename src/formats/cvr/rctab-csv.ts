/**
 * RCTab's own CSV provider: the first row names the candidates from
 * `firstVoteColumnIndex` on; each record (from row `firstVoteRowIndex`) holds
 * in each candidate's column the rank the voter gave them, blank for none; the
 * column named as the undeclared write-in label is undeclared write-ins; the id
 * and precinct columns are optional.
 */
import { parseCsvRecord } from '../csv.js';
import { InputError } from '../errors.js';
import { LineSplitter } from '../lines.js';
import { eachChunk } from './files.js';
import { UNDECLARED_WRITE_IN } from './labels.js';
import type { CastVoteRecord, CvrMark, CvrSource, CvrSourceSummary } from './records.js';

export async function readRctabCsv(source: CvrSource, onRecord: (r: CastVoteRecord) => void): Promise<CvrSourceSummary> {
  const file = source.path;
  const firstColumn = (source.firstVoteColumnIndex ?? 1) - 1;
  const firstRow = source.firstVoteRowIndex ?? 2;
  if (firstColumn < 0 || firstRow < 2)
    throw new InputError(file, null, 'firstVoteColumnIndex must be 1 or more and firstVoteRowIndex 2 or more (row 1 names the candidates)');
  const idColumn = source.idColumnIndex === undefined ? undefined : source.idColumnIndex - 1;
  const precinctColumn = source.precinctColumnIndex === undefined ? undefined : source.precinctColumnIndex - 1;
  const batchColumn = source.batchColumnIndex === undefined ? undefined : source.batchColumnIndex - 1;
  let line = 0;
  let names: string[] | null = null;
  let records = 0;
  const splitter = new LineSplitter((text) => {
    line++;
    if (names === null) {
      const header = parseCsvRecord(text, file, line);
      names = header.slice(firstColumn).map((n, k) => {
        if (n.trim() === '') throw new InputError(file, line, `the candidate name at the top of column ${firstColumn + k + 1} is empty`);
        return n === source.undeclaredWriteInLabel ? UNDECLARED_WRITE_IN : n;
      });
      return;
    }
    if (line < firstRow || text.trim() === '') return;
    const cells = parseCsvRecord(text, file, line);
    const marks: CvrMark[] = [];
    for (let col = firstColumn; col < cells.length; col++) {
      const cell = (cells[col] as string).trim();
      if (cell === '') continue;
      const label = names[col - firstColumn];
      if (label === undefined) throw new InputError(file, line, `column ${col + 1} has a rank but no candidate at the top`);
      if (!/^\d+$/.test(cell)) throw new InputError(file, line, `column ${col + 1} (${label}) holds ${JSON.stringify(cell)}, expected a rank number`);
      marks.push({ rank: Number(cell), label });
    }
    // RCTab's CSV reader names a blank precinct or batch so, and its results by precinct or batch keep them together.
    const precinct = precinctColumn === undefined ? undefined : cells[precinctColumn]?.trim() || 'no precinct id';
    const batch = batchColumn === undefined ? undefined : cells[batchColumn]?.trim() || 'no batch id';
    records++;
    onRecord({ where: `${file}:${line}`, id: idColumn === undefined ? undefined : cells[idColumn], precinct, batch, marks });
  });
  const decoder = new TextDecoder('utf-8');
  await eachChunk(file, (chunk) => splitter.push(decoder.decode(chunk, { stream: true })));
  splitter.push(decoder.decode());
  splitter.end();
  if (names === null) throw new InputError(file, 1, 'the file is empty: expected a header row naming the candidates');
  return { records, declaredCandidates: (names as string[]).filter((n) => n !== UNDECLARED_WRITE_IN).map((n) => ({ code: n, name: n })) };
}
