/**
 * Cast-vote records to the rankings RCTab's tabulator reads: each label a
 * candidate (by name, `code` or alias, as the configuration lists them), the
 * source's overvote label an explicit overvote, its skipped-rank label no mark,
 * its undeclared write-in label RCTab's "Undeclared Write-ins". A label the
 * configuration does not know, or a rank above `maxRankingsAllowed`, is refused
 * naming the record, as RCTab refuses the files.
 */
import type { Rank } from '../count/ballots.js';
import { OVERVOTE_MARK, type RctabBallot, type RctabCandidate, type RctabSliceKind, UNDECLARED_WRITE_INS } from '../count/methods/rctab-tabulator.js';
import { EXPLICIT_OVERVOTE } from './cvr/labels.js';
import type { CastVoteRecord, CvrSource } from './cvr/records.js';
import type { CdfRecord, CdfReport } from './cvr/write-cdf.js';
import { InputError } from './errors.js';
import type { RctabConfig } from './rctab-config.js';

export interface RctabContest {
  /** The configuration's candidates in its order, then "Undeclared Write-ins" when a source has them. */
  readonly candidates: readonly RctabCandidate[];
  /** Candidate index of each name, code and alias. */
  readonly labels: ReadonlyMap<string, number>;
}

export function rctabContest(config: RctabConfig): RctabContest {
  const candidates: RctabCandidate[] = config.candidates.map((c) => ({ name: c.name, excluded: c.excluded }));
  const labels = new Map<string, number>();
  config.candidates.forEach((c, i) => {
    for (const label of [c.name, ...c.aliases]) labels.set(label, i);
  });
  if (config.sources.some((s) => s.undeclaredWriteInLabel || s.treatBlankAsUndeclaredWriteIn)) {
    labels.set(UNDECLARED_WRITE_INS, candidates.length);
    candidates.push({ name: UNDECLARED_WRITE_INS, excluded: false });
  }
  return { candidates, labels };
}

const TABULATE_BY_SETTING: Readonly<Record<RctabSliceKind, string>> = { precinct: 'tabulateByPrecinct', batch: 'tabulateByBatch' };

/**
 * One record's rankings (with its precinct and batch when the results are asked by them), or an InputError
 * naming the record (its `where`) and the label, rank or missing precinct or batch at fault.
 */
export function rctabBallot(
  record: CastVoteRecord,
  source: CvrSource,
  contest: RctabContest,
  maxRankingsAllowed: number | null,
  tabulateBy: readonly RctabSliceKind[] = [],
): RctabBallot {
  for (const kind of tabulateBy) {
    const id = record[kind];
    if (id === undefined || id === '')
      throw new InputError(record.where, null, `the record names no ${kind}, and the configuration asks for results by ${kind} (${TABULATE_BY_SETTING[kind]})`);
  }
  const byRank = new Map<number, number[]>();
  for (const mark of record.marks) {
    if (!Number.isInteger(mark.rank) || mark.rank < 1) throw new InputError(record.where, null, `rank ${mark.rank} is not a positive whole number`);
    if (source.undervoteLabel !== undefined && mark.label === source.undervoteLabel) continue;
    let choice: number;
    // RCTab's own readers hand over "overvote" for a source's overvote label.
    if ((source.overvoteLabel !== undefined && mark.label === source.overvoteLabel) || (mark.label === 'overvote' && !contest.labels.has('overvote'))) {
      choice = OVERVOTE_MARK;
    } else if (source.undeclaredWriteInLabel !== undefined && mark.label === source.undeclaredWriteInLabel) choice = contest.labels.get(UNDECLARED_WRITE_INS)!;
    else if (mark.label === UNDECLARED_WRITE_INS && !contest.labels.has(UNDECLARED_WRITE_INS)) {
      throw new InputError(record.where, null, `has an undeclared write-in, but no source of the configuration sets undeclaredWriteInLabel`);
    } else {
      const c = contest.labels.get(mark.label);
      if (c === undefined)
        throw new InputError(record.where, null, `ranks "${mark.label}", who is not a candidate (nor an alias of one) in the RCTab configuration`);
      choice = c;
    }
    if (maxRankingsAllowed !== null && mark.rank > maxRankingsAllowed) {
      throw new InputError(record.where, null, `has a ranking at rank ${mark.rank}, but the configuration's maxRankingsAllowed is ${maxRankingsAllowed}`);
    }
    let at = byRank.get(mark.rank);
    if (!at) byRank.set(mark.rank, (at = []));
    at.push(choice);
  }
  const ranks = [...byRank.keys()].sort((a, b) => a - b);
  const choices = ranks.map((r) => byRank.get(r)!);
  return tabulateBy.length === 0 ? { ranks, choices } : { ranks, choices, precinct: record.precinct, batch: record.batch };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The records read, as RCTab writes them into its CDF JSON (`generateCdfJson`): the contest's candidates
 * in alphabetical order, with "overvote" among them when a source has an overvote label (RCTab's explicit
 * overvote, which its CDF reader and Hustings's read back as one), and each record under its own id
 * (`ids[i]`, its place in the report when it has none). Its records are streamed, once.
 */
export function rctabCdfReport(config: RctabConfig, contest: RctabContest, ballots: readonly RctabBallot[], ids: readonly (string | undefined)[]): CdfReport {
  const names = contest.candidates.map((c) => c.name);
  const overvoted = config.sources.some((s) => (s.overvoteLabel ?? '') !== '') || ballots.some((b) => b.choices.some((m) => m.includes(OVERVOTE_MARK)));
  if (overvoted) names.push(EXPLICIT_OVERVOTE);
  const overvote = names.length - 1;
  const sorted = names.map((_, c) => c).sort((a, b) => compareText(names[a]!, names[b]!));
  const place: number[] = [];
  sorted.forEach((c, k) => {
    place[c] = k;
  });
  function* records(): Generator<CdfRecord> {
    for (const [i, { ranks, choices }] of ballots.entries()) {
      const out: Rank[] = [];
      ranks.forEach((rank, k) => {
        while (out.length < rank - 1) out.push([]);
        out.push(choices[k]!.map((c) => place[c === OVERVOTE_MARK ? overvote : c]!));
      });
      yield { id: ids[i], ranks: out };
    }
  }
  return { title: config.output.contestName, candidates: sorted.map((c) => names[c]!), records: records() };
}
