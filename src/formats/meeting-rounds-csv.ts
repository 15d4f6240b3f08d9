/**
 * A meeting's exhaustive ballot as the minutes record it: one row a candidate, one column a round.
 *
 *   candidate,round 1,round 2,round 3
 *   Ash,9,11,12
 *   Birch,8,9,15
 *   Cedar,6,withdrew,
 *   Damson,4,,
 *   blank or spoilt,0,2,0
 *
 * A number is the candidate's votes in that round; an empty cell means they were not standing in it
 * (dropped earlier); `withdrew` means they withdrew before that round. The optional row named
 * `blank or spoilt` gives the papers in each round that counted for nobody. Every mistake is reported
 * with its line and, where it is about one, the column: a cell that is not a whole number, a round
 * column that is not named `round N` in order, a candidate named twice.
 */
import type { MeetingRound } from '../count/exhaustive-ballot.js';
import { csvRecords } from './csv.js';
import { InputError } from './errors.js';
import { textOf } from './lines.js';

export interface MeetingRounds {
  readonly candidates: readonly string[];
  readonly rounds: readonly MeetingRound[];
  /** The line each candidate's row is on, for messages about a candidate. */
  readonly lines: readonly number[];
}

const SPOILT_ROW = 'blank or spoilt';
const WITHDREW = 'withdrew';

export function parseMeetingRounds(input: string | Uint8Array, file: string): MeetingRounds {
  const records = [...csvRecords(textOf(input), file)];
  const header = records[0];
  if (header === undefined) throw new InputError(file, null, 'the file is empty: expected a header "candidate,round 1,round 2,…"');
  const [first, ...roundColumns] = header.cells.map((c) => c.trim());
  if (first?.toLowerCase() !== 'candidate')
    throw new InputError(file, header.line, `the first column must be "candidate", not "${first ?? ''}" (header: candidate,round 1,round 2,…)`);
  if (roundColumns.length === 0) throw new InputError(file, header.line, 'the header names no round: expected "candidate,round 1,round 2,…"');
  roundColumns.forEach((name, i) => {
    if (name.toLowerCase() !== `round ${i + 1}`) throw new InputError(file, header.line, `column ${i + 2} must be "round ${i + 1}", not "${name}"`);
  });

  const candidates: string[] = [];
  const lines: number[] = [];
  const cells: string[][] = [];
  let spoilt: readonly string[] | undefined;
  let spoiltLine = header.line;
  for (const { cells: row, line } of records.slice(1)) {
    const [name = '', ...values] = row.map((c) => c.trim());
    if (values.length > roundColumns.length) throw new InputError(file, line, `${values.length} rounds given but the header names ${roundColumns.length}`);
    const padded = roundColumns.map((_, i) => values[i] ?? '');
    if (name === '') throw new InputError(file, line, 'the row names no candidate');
    if (name.toLowerCase() === SPOILT_ROW) {
      if (spoilt !== undefined) throw new InputError(file, line, `a second "${SPOILT_ROW}" row`);
      spoilt = padded;
      spoiltLine = line;
      continue;
    }
    const again = candidates.indexOf(name);
    if (again >= 0) throw new InputError(file, line, `${name} is named twice (first on line ${lines[again]})`);
    candidates.push(name);
    lines.push(line);
    cells.push(padded);
  }
  if (candidates.length < 2) throw new InputError(file, null, 'an exhaustive ballot needs at least two candidates');

  const whole = (text: string, line: number, round: number, what: string): bigint => {
    if (!/^\d+$/.test(text)) throw new InputError(file, line, `round ${round}: ${what} must be a whole number of votes, not "${text}"`);
    return BigInt(text);
  };
  const rounds: MeetingRound[] = roundColumns.map((_, r) => {
    const votes = new Map<number, bigint>();
    const withdrew: number[] = [];
    cells.forEach((row, c) => {
      const text = row[r] ?? '';
      const line = lines[c] ?? header.line;
      if (text === '') return;
      if (text.toLowerCase() === WITHDREW) withdrew.push(c);
      else votes.set(c, whole(text, line, r + 1, `${candidates[c]}'s votes`));
    });
    const spoiltText = spoilt?.[r] ?? '';
    return {
      votes,
      ...(withdrew.length > 0 ? { withdrew } : {}),
      ...(spoiltText === '' ? {} : { spoilt: whole(spoiltText, spoiltLine, r + 1, 'the blank or spoilt papers') }),
    };
  });
  return { candidates, rounds, lines };
}
