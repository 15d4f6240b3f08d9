/** The header row: which of the two layouts a file has, and how many leading id columns it skips. */

const ID_COLUMNS = new Set([
  'id',
  'ballot',
  'ballotid',
  'ballotnumber',
  'ballotno',
  'cvr',
  'cvrid',
  'cvrnumber',
  'record',
  'recordid',
  'rowid',
  'voterid',
  'precinct',
  'precinctid',
  'precinctname',
  'precinctportion',
  'batch',
  'batchid',
  'tabulator',
  'tabulatorid',
  'ward',
  'pollingstation',
  'pollingdistrict',
  'ballotstyle',
]);
const RANK_COLUMN = /^(?:rank|choice|preference)[\s_-]*(\d+)$/i;

export type Layout =
  | { readonly kind: 'ranks'; readonly idCells: number; readonly ranks: number }
  | { readonly kind: 'candidates'; readonly idCells: number; readonly names: readonly string[] };

function normaliseColumn(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

/**
 * The layout the header's (trimmed) cells declare. `fixedCandidates`: a candidate list was given,
 * which only rank columns can use. Every problem goes to `fail`, as the header's line.
 */
export function layoutOf(cells: readonly string[], fixedCandidates: boolean, fail: (problem: string) => never): Layout {
  let idCells = 0;
  while (idCells < cells.length && ID_COLUMNS.has(normaliseColumn(cells[idCells]))) idCells++;
  const rest = cells.slice(idCells);
  if (rest.length === 0) fail(`unknown layout: the header has no rank or candidate columns (${JSON.stringify(cells.join(','))})`);
  if (RANK_COLUMN.test(rest[0])) {
    rest.forEach((cell, k) => {
      const m = RANK_COLUMN.exec(cell);
      if (!m)
        fail(`unknown layout: column ${idCells + k + 1} ${JSON.stringify(cell)} is not a rank column, but the header starts with rank columns (rank1,rank2,…)`);
      if (Number(m[1]) !== k + 1)
        fail(`unknown layout: column ${idCells + k + 1} is ${JSON.stringify(cell)}, expected rank ${k + 1} (rank columns are numbered 1, 2, … in order)`);
    });
    return { kind: 'ranks', idCells, ranks: rest.length };
  }
  if (fixedCandidates) {
    fail('a candidate list is only used with rank columns (rank1,rank2,…); this header has one column per candidate');
  }
  const seen = new Map<string, number>();
  rest.forEach((cell, k) => {
    const col = idCells + k + 1;
    if (cell === '') fail(`unknown layout: column ${col} of the header is empty (expected rank1,rank2,… or one candidate name per column)`);
    if (RANK_COLUMN.test(cell)) fail(`unknown layout: column ${col} ${JSON.stringify(cell)} is a rank column, but the header starts with a candidate column`);
    if (ID_COLUMNS.has(normaliseColumn(cell))) fail(`unknown layout: id column ${JSON.stringify(cell)} must come before the candidate columns`);
    const before = seen.get(cell);
    if (before !== undefined) fail(`unknown layout: candidate ${JSON.stringify(cell)} has two columns (${before} and ${col})`);
    seen.set(cell, col);
  });
  if (rest.every((cell) => /^[\d\s.+-]+$/.test(cell))) {
    fail(`unknown layout: the first row ${JSON.stringify(cells.join(','))} looks like data, not a header (expected rank1,rank2,… or candidate names)`);
  }
  return { kind: 'candidates', idCells, names: rest };
}
