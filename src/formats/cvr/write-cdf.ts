/**
 * Writing ballots as a NIST SP 1500-103 CDF JSON cast-vote record report, as
 * RCTab's `generateCdfJson` does: one Election with the candidates and one
 * contest whose selections name them, one GpUnit, and one CVR per ballot (a
 * ranking carried by several ballots is written once per ballot), each with
 * one snapshot whose selections give their ranks on selection positions.
 * Skipped ranks are left out, several candidates at a rank share it, and a
 * candidate marked at several ranks (or twice at one) has a position for each.
 * CVRs are written one per line before the Election, as RCTab orders the
 * report, and streamed, so a million ballots never make one string. RCTab also
 * writes each ballot's round-by-round interpreted snapshots; this writes the
 * ballot as cast (the "original" snapshot) only.
 */
import { open, rename, rm } from 'node:fs/promises';
import { type Election, type Rank, ranksOf } from '../../count/ballots.js';
import { fileError } from '../errors.js';

const FLUSH_CHARS = 1 << 20;

export interface CdfWriteOptions {
  /** When the report was made (RCTab's GeneratedDate); a fixed value keeps the file reproducible. */
  readonly generatedDate?: string | undefined;
}

/** One cast-vote record to write: its ranks in order (`ranks[r]`: the candidates marked at rank r + 1; empty: skipped). */
export interface CdfRecord {
  /** The record's own id, written as its BallotPrePrintedId; its place in the report when undefined. */
  readonly id?: string | undefined;
  readonly ranks: readonly Rank[];
}

/** What a report holds: the contest's title and candidates, and its records in the order they are written. */
export interface CdfReport {
  readonly title: string;
  readonly candidates: readonly string[];
  readonly records: Iterable<CdfRecord>;
}

function selectionId(c: number): string {
  return `cs-${c + 1}`;
}

/** The CVR's snapshot and contest as JSON text, the same for every ballot with this ranking. */
function snapshotOf(ranks: readonly (readonly number[])[]): string {
  const bySelection = new Map<number, number[]>();
  ranks.forEach((rank, r) => {
    for (const c of rank) {
      const list = bySelection.get(c);
      if (list) list.push(r + 1);
      else bySelection.set(c, [r + 1]);
    }
  });
  const selections = [...bySelection].map(([c, rs]) => ({
    '@type': 'CVR.CVRContestSelection',
    ContestSelectionId: selectionId(c),
    SelectionPosition: rs.map((r) => ({ '@type': 'CVR.SelectionPosition', HasIndication: 'yes', IsAllocable: 'yes', NumberVotes: 1, Rank: r })),
  }));
  return JSON.stringify([{ '@type': 'CVR.CVRContest', CVRContestSelection: selections, ContestId: 'contest-1' }]);
}

/** Each ballot of `election`, once per ballot a ranking carries. */
function* recordsOf(election: Election): Generator<CdfRecord> {
  const set = election.ballots;
  for (let i = 0; i < set.size; i++) {
    const record = { ranks: ranksOf(set, i) };
    const copies = set.weights[i] ?? 0n;
    for (let k = 0n; k < copies; k++) yield record;
  }
}

/** Writes `election`'s ballots to `path` as CDF JSON; withdrawn candidates are written as candidates (CDF has no withdrawal). */
export async function writeCdfJson(election: Election, path: string, options: CdfWriteOptions = {}): Promise<void> {
  const report = { title: election.title, candidates: election.candidates.map((c) => c.name), records: recordsOf(election) };
  await writeCdfReport(report, path, options);
}

/** Writes a report's records to `path` as CDF JSON, in their order. */
export async function writeCdfReport(report: CdfReport, path: string, options: CdfWriteOptions = {}): Promise<void> {
  // Written beside the target and renamed at the end, so a failure leaves no half-written report.
  const part = `${path}.part`;
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(part, 'w');
  } catch (err) {
    throw fileError(path, 'write the file', err);
  }
  try {
    let pending = '';
    const put = async (text: string): Promise<void> => {
      pending += text;
      if (pending.length >= FLUSH_CHARS) {
        await handle.write(pending);
        pending = '';
      }
    };
    await put('{"@type":"CVR.CastVoteRecordReport","CVR":[');
    // A ranking met again (the ballots of one row of an Election) reuses its snapshot's text.
    let lastRanks: readonly Rank[] | undefined;
    let contest = '';
    let n = 0;
    for (const record of report.records) {
      if (record.ranks !== lastRanks) {
        contest = snapshotOf(record.ranks);
        lastRanks = record.ranks;
      }
      n++;
      const id = JSON.stringify(record.id ?? String(n));
      await put(
        `${n === 1 ? '' : ','}\n{"@type":"CVR","BallotPrePrintedId":${id},"BallotStyleUnitId":"gpu-1","CurrentSnapshotId":"ballot-${n}","CVRSnapshot":[{"@id":"ballot-${n}","@type":"CVR.CVRSnapshot","CVRContest":${contest},"Type":"original"}],"ElectionId":"election-1"}`,
      );
    }
    const candidates = report.candidates.map((name, k) => ({ '@id': `c-${k + 1}`, '@type': 'CVR.Candidate', Name: name }));
    const contestObject = {
      '@id': 'contest-1',
      '@type': 'CVR.CandidateContest',
      ContestSelection: report.candidates.map((_, k) => ({ '@id': selectionId(k), '@type': 'CVR.CandidateSelection', CandidateIds: [`c-${k + 1}`] })),
      Name: report.title,
    };
    const rest = {
      Election: [
        { '@id': 'election-1', '@type': 'CVR.Election', Candidate: candidates, Contest: [contestObject], ElectionScopeId: 'gpu-1', Name: report.title },
      ],
      GeneratedDate: options.generatedDate ?? new Date().toISOString(),
      GpUnit: [{ '@id': 'gpu-1', '@type': 'CVR.GpUnit', Name: report.title, Type: 'other' }],
      ReportGeneratingDeviceIds: ['rd-1'],
      ReportingDevice: [{ '@id': 'rd-1', '@type': 'CVR.ReportingDevice', Application: 'Hustings', Manufacturer: 'Hustings' }],
      Version: '1.0.0',
    };
    await put(`\n],${JSON.stringify(rest).slice(1)}\n`);
    await handle.write(pending);
    await handle.close();
    await rename(part, path);
  } catch (err) {
    await handle.close().catch(() => undefined);
    await rm(part, { force: true });
    throw fileError(path, 'write the file', err);
  }
}
