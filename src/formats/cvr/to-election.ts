/**
 * From vendors' records to the count's Election: each source is read by its
 * provider's reader, and each record's marks become a ranking as RCTab's
 * tabulator reads them. Ranks run from 1 to the record's highest rank, a rank
 * nobody marked kept as a skipped rank; several candidates at one rank are an
 * overvote; RCTab's overvote label is an overvote whose candidates are unnamed,
 * recorded, as the CSV reader records one, as a rank marking every candidate,
 * which no overvote rule ever counts for anyone; an undeclared write-in is a
 * candidate of its own, `Undeclared Write-ins`, whose index is handed back so
 * RCTab's rules can drop it first and never elect it; excluded candidates are
 * withdrawn. A label that is no candidate's name, alias or code is an error
 * naming the record and the label, as RCTab refuses an unrecognised candidate.
 */
import { type BallotSet, BallotSetBuilder, type Election, type Rank, ranksOf } from '../../count/ballots.js';
import { InputError } from '../errors.js';
import { titleFromFile } from '../lines.js';
import { EXPLICIT_OVERVOTE, UNDECLARED_WRITE_IN } from './labels.js';
import { readCvrSource } from './providers.js';
import type { CastVoteRecord, CvrDeclaredCandidate, CvrSource, CvrSourceSummary } from './records.js';

export interface CvrContestCandidate {
  readonly name: string;
  /** Other labels the files use for this candidate (RCTab's aliases, or a vendor's candidate code). */
  readonly aliases?: readonly string[] | undefined;
  /** RCTab's `excluded`: the candidate is withdrawn, and no ballot counts for them. */
  readonly excluded?: boolean | undefined;
}

export interface CvrContest {
  readonly title?: string | undefined;
  /**
   * The contest's candidates, as an RCTab configuration lists them; or `declared`: the
   * candidates the files themselves declare (CDF, Dominion's manifest, Hart, Clear Ballot), in
   * the files' order, with any other label met becoming a candidate of that name.
   */
  readonly candidates: readonly CvrContestCandidate[] | 'declared';
  /** Also keep each precinct's ballots apart (for RCTab's tabulateByPrecinct); every record must then name its precinct. */
  readonly byPrecinct?: boolean | undefined;
}

export interface CvrElection {
  readonly election: Election;
  /** The index of the `Undeclared Write-ins` candidate, when there is one. */
  readonly undeclaredWriteIn: number | undefined;
  /** What each source held, in the order given. */
  readonly sources: readonly CvrSourceSummary[];
  /** Each precinct's ballots, in the order first met, when the contest asked for them. */
  readonly precincts: ReadonlyMap<string, BallotSet> | undefined;
}

/** Stands for an unnamed overvote (as if a candidate) until every candidate is known. */
const UNNAMED_OVERVOTE = 0x3fffffff;

/** Reads every source, in order, into one Election (streamed: one record at a time, identical rankings merged). */
export async function readCvrSources(sources: readonly CvrSource[], contest: CvrContest): Promise<CvrElection> {
  const names: string[] = [];
  const byLabel = new Map<string, number>();
  const excluded: number[] = [];
  const declared = contest.candidates === 'declared';
  const add = (name: string): number => {
    const c = names.length;
    names.push(name);
    byLabel.set(name, c);
    return c;
  };
  if (contest.candidates !== 'declared') {
    for (const candidate of contest.candidates) {
      const c = names.length;
      for (const label of [candidate.name, ...(candidate.aliases ?? [])]) {
        const before = byLabel.get(label);
        if (before !== undefined && before !== c) {
          throw new InputError('the contest', null, `${JSON.stringify(label)} names two candidates (${names[before]} and ${candidate.name})`);
        }
        byLabel.set(label, c);
      }
      names.push(candidate.name);
      if (candidate.excluded === true) excluded.push(c);
    }
  }
  // As RCTab lists it among the configuration's candidates; a plain count names it only when a ballot does.
  if (
    !declared &&
    !byLabel.has(UNDECLARED_WRITE_IN) &&
    sources.some((s) => (s.undeclaredWriteInLabel ?? '') !== '' || s.treatBlankAsUndeclaredWriteIn === true)
  ) {
    add(UNDECLARED_WRITE_IN);
  }

  const builder = new BallotSetBuilder();
  const precinctBuilders = contest.byPrecinct === true ? new Map<string, BallotSetBuilder>() : undefined;
  const ranks: number[][] = [];
  const onRecord = (record: CastVoteRecord): void => {
    ranks.length = 0;
    for (const mark of record.marks) {
      if (!Number.isInteger(mark.rank) || mark.rank < 1) {
        throw new InputError(record.where, null, `rank ${mark.rank} of ${JSON.stringify(mark.label)} is not a whole number from 1`);
      }
      let c: number;
      if (mark.label === EXPLICIT_OVERVOTE && !byLabel.has(EXPLICIT_OVERVOTE)) c = UNNAMED_OVERVOTE;
      else {
        const known = byLabel.get(mark.label);
        if (known !== undefined) c = known;
        else if (declared || mark.label === UNDECLARED_WRITE_IN) c = add(mark.label);
        else throw new InputError(record.where, null, `unknown candidate ${JSON.stringify(mark.label)} (not a candidate, alias or code of the contest)`);
      }
      while (ranks.length < mark.rank) ranks.push([]);
      const rank = ranks[mark.rank - 1] as number[];
      // A candidate marked twice at one rank stays so: the count's ballot rules decide what a repeat means
      // (RCTab's exhaustOnDuplicateCandidate finds it a repeated ranking). The overvote label twice is one.
      if (c === UNNAMED_OVERVOTE && rank[0] === c) continue;
      if (rank.length > 0 && (c === UNNAMED_OVERVOTE || rank[0] === UNNAMED_OVERVOTE)) {
        throw new InputError(
          record.where,
          null,
          `rank ${mark.rank} has the overvote label beside a candidate (the overvote label must be the rank's only mark)`,
        );
      }
      rank.push(c);
    }
    builder.add(ranks);
    if (precinctBuilders === undefined) return;
    if (record.precinct === undefined || record.precinct === '')
      throw new InputError(record.where, null, 'the record names no precinct, and the count was asked by precinct');
    let inPrecinct = precinctBuilders.get(record.precinct);
    if (inPrecinct === undefined) {
      inPrecinct = new BallotSetBuilder();
      precinctBuilders.set(record.precinct, inPrecinct);
    }
    inPrecinct.add(ranks);
  };

  const summaries: CvrSourceSummary[] = [];
  const declaredCandidates: CvrDeclaredCandidate[] = [];
  for (const source of sources) {
    const summary = await readCvrSource(source, onRecord);
    summaries.push(summary);
    declaredCandidates.push(...summary.declaredCandidates);
  }

  // The final order: in `declared` mode the files' candidates first, in their order, under their names.
  const order = names.map((_, c) => c);
  const finalNames = [...names];
  if (declared) {
    const seen = new Set<number>();
    const first: number[] = [];
    const nameOf = new Map<number, string>();
    for (const d of declaredCandidates) {
      let c = byLabel.get(d.code);
      if (c === undefined) c = add(d.code);
      if (seen.has(c)) continue;
      seen.add(c);
      first.push(c);
      nameOf.set(c, d.name);
    }
    const rest = names.map((_, c) => c).filter((c) => !seen.has(c));
    const sequence = [...first, ...rest];
    order.length = names.length;
    finalNames.length = 0;
    sequence.forEach((c, k) => {
      order[c] = k;
      finalNames.push(nameOf.get(c) ?? names[c] ?? '');
    });
    const clash = firstRepeat(finalNames);
    if (clash !== undefined) throw new InputError(sources[0]?.path ?? 'the contest', null, `two candidates are both named ${JSON.stringify(clash)}`);
  }
  const uwi = byLabel.get(UNDECLARED_WRITE_IN);
  const where = sources[0]?.path ?? 'the contest';
  const ballots = relabel(builder.build(), order, finalNames.length, where);
  const precincts =
    precinctBuilders === undefined
      ? undefined
      : new Map([...precinctBuilders].map(([name, b]) => [name, relabel(b.build(), order, finalNames.length, where)] as const));
  return {
    election: {
      title: contest.title ?? titleFromFile(sources[0]?.path ?? 'cast-vote records'),
      candidates: finalNames.map((name) => ({ name, attributes: {} })),
      seats: undefined,
      withdrawn: excluded.map((c) => order[c] as number),
      ballots,
    },
    undeclaredWriteIn: uwi === undefined ? undefined : order[uwi],
    sources: summaries,
    precincts,
  };
}

function firstRepeat(names: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) return n;
    seen.add(n);
  }
  return undefined;
}

/** The ballots with candidate `c` renumbered `order[c]` and each unnamed overvote marking all `n` candidates. */
function relabel(set: BallotSet, order: readonly number[], n: number, file: string): BallotSet {
  const identity = order.every((k, c) => k === c);
  let overvotes = false;
  for (const t of set.tokens) if (t === UNNAMED_OVERVOTE) overvotes = true;
  if (identity && !overvotes) return set;
  if (overvotes && n < 2) throw new InputError(file, null, 'a ballot has an overvote, but the contest has fewer than two candidates');
  const all: number[] = [];
  for (let c = 0; c < n; c++) all.push(c);
  const builder = new BallotSetBuilder();
  for (let i = 0; i < set.size; i++) {
    const ranks: Rank[] = ranksOf(set, i).map((rank) => (rank[0] === UNNAMED_OVERVOTE ? all : rank.map((c) => order[c] as number)));
    builder.add(ranks, set.weights[i]);
  }
  return builder.build();
}
