/**
 * NIST SP 1500-103 cast-vote records (the Common Data Format), as RCTab's CDF
 * reader reads them, from JSON or XML alike once each piece is a plain object:
 * the contest is the Election's Contest named by the source's contest id (its
 * Name, as RCTab matches it, or its id); each CVR's current snapshot gives its
 * selections for that contest, a rank on the selection or on each of its
 * positions; a position without an indication or not allocable marks nothing;
 * a selection that needs adjudication is passed over; a write-in selection or
 * position is an undeclared write-in; a candidate named as the overvote label
 * is RCTab's overvote; the precinct is the ballot style unit's name.
 */
import { InputError } from '../errors.js';
import { EXPLICIT_OVERVOTE, UNDECLARED_WRITE_IN } from './labels.js';
import type { CastVoteRecord, CvrDeclaredCandidate, CvrMark, CvrSource } from './records.js';

/** A CDF object as JSON gives it, or as the XML reader builds it (ids under `@id`, single children unwrapped). */
export type CdfObject = { readonly [key: string]: unknown };

/** A field that the format allows once or many times, as a list. */
export function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function objects(value: unknown): CdfObject[] {
  return list(value).filter((v): v is CdfObject => typeof v === 'object' && v !== null && !Array.isArray(v));
}

/** What the report's Election and GpUnit parts say, ready to read each CVR against. */
export interface CdfContest {
  readonly contestObjectId: string;
  /** ContestSelection id to the label its marks carry. */
  readonly selections: ReadonlyMap<string, string>;
  readonly gpUnits: ReadonlyMap<string, string>;
  readonly declared: readonly CvrDeclaredCandidate[];
}

/** Finds the source's contest among the Elections, with its selections' labels. */
export function cdfContest(source: CvrSource, elections: readonly CdfObject[], gpUnitList: readonly CdfObject[]): CdfContest {
  const file = source.path;
  // A Candidate may lack a Name: Unisyn lists its write-in slots as bare `<Candidate ObjectId="WI_…"/>`,
  // reached only through write-in selections; RCTab reads such a file, so only a use of the name is refused.
  const candidates = new Map<string, string | undefined>();
  const contests: CdfObject[] = [];
  for (const election of elections) {
    for (const candidate of objects(election.Candidate)) {
      const id = text(candidate['@id']);
      const name = text(candidate.Name);
      if (id === undefined) throw new InputError(file, null, 'a Candidate has no @id');
      if (candidates.has(id)) throw new InputError(file, null, `two Candidates have the id ${JSON.stringify(id)}`);
      candidates.set(id, name);
    }
    contests.push(...objects(election.Contest));
  }
  const wanted = source.contestId;
  let contest: CdfObject | undefined;
  if (wanted === undefined) {
    if (contests.length !== 1) {
      const names = contests.map((c) => JSON.stringify(text(c.Name) ?? text(c['@id']) ?? '?')).join(', ');
      throw new InputError(
        file,
        null,
        contests.length === 0 ? 'the report has no Contest' : `the report has ${contests.length} contests (${names}): choose one with --contest`,
      );
    }
    contest = contests[0];
  } else {
    contest = contests.find((c) => text(c.Name) === wanted) ?? contests.find((c) => text(c['@id']) === wanted);
    if (contest === undefined) throw new InputError(file, null, `the report has no contest named ${JSON.stringify(wanted)}`);
  }
  const contestObjectId = text(contest?.['@id']);
  if (contest === undefined || contestObjectId === undefined) throw new InputError(file, null, 'the contest has no @id');
  const selections = new Map<string, string>();
  const declared: CvrDeclaredCandidate[] = [];
  for (const selection of objects(contest.ContestSelection)) {
    const id = text(selection['@id']);
    if (id === undefined) throw new InputError(file, null, 'a ContestSelection has no @id');
    if (selections.has(id)) throw new InputError(file, null, `two ContestSelections have the id ${JSON.stringify(id)}`);
    if (text(selection.IsWriteIn) === 'true') {
      selections.set(id, UNDECLARED_WRITE_IN);
      continue;
    }
    // XML may hold the ids as one space-separated list; RCTab reads the first (party tickets aside, there is one).
    const candidateId = text(list(selection.CandidateIds)[0] ?? list(selection.CandidateId)[0])
      ?.trim()
      .split(/\s+/)[0];
    if (candidateId === undefined) throw new InputError(file, null, `ContestSelection ${JSON.stringify(id)} has no CandidateIds`);
    if (!candidates.has(candidateId))
      throw new InputError(file, null, `ContestSelection ${JSON.stringify(id)} names candidate ${JSON.stringify(candidateId)}, which no Candidate has`);
    const name = candidates.get(candidateId);
    if (name === undefined)
      throw new InputError(
        file,
        null,
        `ContestSelection ${JSON.stringify(id)} names candidate ${JSON.stringify(candidateId)}, whose Candidate has no Name (and the selection is not a write-in)`,
      );
    if (name === source.overvoteLabel) selections.set(id, EXPLICIT_OVERVOTE);
    else {
      selections.set(id, name);
      declared.push({ code: name, name });
    }
  }
  const gpUnits = new Map<string, string>();
  for (const unit of gpUnitList) {
    const id = text(unit['@id']);
    if (id !== undefined) gpUnits.set(id, text(unit.Name) ?? id);
  }
  return { contestObjectId, selections, gpUnits, declared };
}

function rankOf(value: unknown, where: string): number {
  const t = text(value);
  const rank = t === undefined ? Number.NaN : Number(t);
  if (!Number.isInteger(rank) || rank < 1)
    throw new InputError(where, null, `rank ${t === undefined ? '(missing)' : JSON.stringify(t)} is not a whole number from 1`);
  return rank;
}

/** The record a CVR makes for the contest, or undefined when the CVR has no part in it. */
export function cdfRecord(cvr: CdfObject, contest: CdfContest, where: string): CastVoteRecord | undefined {
  const snapshots = objects(cvr.CVRSnapshot);
  const current = text(cvr.CurrentSnapshotId);
  const snapshot = current === undefined ? snapshots[0] : snapshots.find((s) => text(s['@id']) === current);
  if (snapshot === undefined) {
    throw new InputError(
      where,
      null,
      current === undefined ? 'the CVR has no CVRSnapshot' : `the CVR has no CVRSnapshot with the id ${JSON.stringify(current)} (its CurrentSnapshotId)`,
    );
  }
  const cvrContest = objects(snapshot.CVRContest).find((c) => text(c.ContestId) === contest.contestObjectId);
  if (cvrContest === undefined) return undefined;
  const marks: CvrMark[] = [];
  for (const selection of objects(cvrContest.CVRContestSelection)) {
    if (text(selection.Status) === 'needs-adjudication') continue;
    const selectionId = text(selection.ContestSelectionId);
    const chosen = selectionId === undefined ? undefined : contest.selections.get(selectionId);
    if (chosen === undefined)
      throw new InputError(where, null, `ContestSelection ${JSON.stringify(selectionId ?? '(missing)')} is not a selection of the contest`);
    if (selection.Rank !== undefined) {
      marks.push({ rank: rankOf(selection.Rank, where), label: chosen });
      continue;
    }
    let label = chosen;
    for (const position of objects(selection.SelectionPosition)) {
      if (position.CVRWriteIn !== undefined) label = UNDECLARED_WRITE_IN;
      if (text(position.HasIndication) === 'no' || text(position.IsAllocable) === 'no') continue;
      marks.push({ rank: rankOf(position.Rank, where), label });
    }
  }
  const unit = text(cvr.BallotStyleUnitId);
  let precinct: string | undefined;
  if (unit !== undefined) {
    precinct = contest.gpUnits.get(unit);
    if (precinct === undefined) throw new InputError(where, null, `BallotStyleUnitId ${JSON.stringify(unit)} is not a GpUnit of the report`);
  }
  return { where, id: text(cvr.BallotPrePrintedId) ?? text(cvr.UniqueId), precinct, batch: text(cvr.BatchSequenceId), marks };
}
