/**
 * Assembling a process's bulletin board from the store: the one part of
 * src/integrity that reads anything, and only through the store's port.
 *
 * A board exists once voting has closed. Publishing seals the ballot box first
 * (idempotent: normally the close already did), so nothing can be cast into a
 * published box and no stored ballot keeps a trace of its casting. Once the
 * ballot is counted, the board carries the full count record: the process
 * keeps only a summary of its count, so the record is counted again from the
 * stored ballots under the same rule, seed and options, and must give exactly
 * the summary's rounds and winners — if it does not, the ballots have changed
 * since the count and nothing is published.
 */
import { election } from '../count/ballots.js';
import { count } from '../count/methods/index.js';
import type { OptionValue } from '../count/options.js';
import type { CountRecord } from '../count/record.js';
import { genderAttribute, type CountSummary, type InternalElectionState, type SelectionState } from '../domain/processes/index.js';
import { presetById } from '../domain/presets.js';
import { err, ok, type Result } from '../domain/result.js';
import type { Store, StoredProcess } from '../store/store.js';
import { makeBoard, type Board, type BoardCandidate, type BoardOptionValue } from './board.js';

type BallotState = SelectionState | InternalElectionState;

/** Phases in which the ballots are published. */
export const PUBLISHED_PHASES: readonly string[] = ['closed', 'counted', 'declared'];

interface PaperCandidate {
  readonly id: string;
  readonly name: string;
  readonly gender: string | null;
  readonly withdrawn: boolean;
}

/** The ballot paper: a selection's shortlist or an election's candidates, in order. */
function paperOf(s: BallotState): PaperCandidate[] {
  if (s.kind === 'selection') {
    return (s.shortlist ?? []).flatMap((id) => {
      const c = s.candidates.find((x) => x.id === id);
      return c ? [{ id: c.id, name: c.name, gender: c.gender, withdrawn: c.withdrawn !== null }] : [];
    });
  }
  return s.candidates.map((c) => ({ id: c.id, name: c.name, gender: c.gender, withdrawn: c.withdrawn !== null }));
}

/** The counting rule of a process not yet counted: the rulebook's for a selection, the election's own otherwise. */
function methodOf(process: StoredProcess, s: BallotState): string | null {
  if (s.kind === 'internal-election') return s.method;
  const at = process.rulebook.lastIndexOf('@');
  const rb = presetById(at < 0 ? process.rulebook : process.rulebook.slice(0, at));
  if (!rb || (at >= 0 && rb.version !== Number(process.rulebook.slice(at + 1)))) return null;
  return rb.selection.method;
}

/**
 * The process's bulletin board. Errors: 'not-found' (no ballot process of that id), 'not-published'
 * (voting has not closed), 'mismatch' (the stored ballots no longer give the recorded count),
 * 'rulebook-missing' (a selection under a rulebook this Hustings does not bundle, not yet counted).
 */
export async function publishBoard(store: Store, process: StoredProcess): Promise<Result<Board>> {
  if (process.kind !== 'selection' && process.kind !== 'internal-election') return err('not-found', `${process.id} is a ${process.kind}, which has no ballot to publish`);
  const state = process.state as BallotState;
  if (!PUBLISHED_PHASES.includes(state.phase)) {
    return err('not-published', `The bulletin board of ${state.title} is published once voting has closed; it is in phase "${state.phase}", so nothing about its ballots is shown yet.`);
  }
  const sealed = await store.sealBallots(process.id);
  if (!sealed.ok) return sealed;
  const box = sealed.value;
  const summary = state.count;
  const paper = paperOf(state);
  const byId = new Map(paper.map((c) => [c.id, c]));
  const candidates: PaperCandidate[] = summary ? summary.candidates.map((id) => byId.get(id) ?? { id, name: id, gender: null, withdrawn: false }) : paper;
  const seats = summary ? summary.seats : state.kind === 'selection' ? 1 : state.seats;
  const method = summary ? summary.method : methodOf(process, state);
  if (method === null) return err('rulebook-missing', `${process.id} runs under rulebook ${process.rulebook}, which this version of Hustings does not bundle, so its counting rule is unknown.`);
  const minWomen = state.kind === 'internal-election' ? state.minWomen : null;
  const options: Record<string, BoardOptionValue> = { seats };
  if (summary) options.seed = summary.seed;
  if (minWomen !== null && minWomen > 0) options.minimum = `gender=woman:${minWomen}`;
  const withAttributes = options.minimum !== undefined;
  const boardCandidates: BoardCandidate[] = candidates.map((c) => ({
    id: c.id,
    name: c.name,
    withdrawn: c.withdrawn,
    ...(withAttributes ? { attributes: { gender: genderAttribute(c.gender) } } : {}),
  }));
  const ballots = await store.ballots(process.id);

  let declared: Board['declared'] = null;
  if (summary) {
    const record = recount(state.title, boardCandidates, seats, method, options, ballots);
    const differs = mismatch(record, summary);
    if (differs !== null) {
      return err('mismatch', `The stored ballots of ${state.title} no longer give the recorded count (${differs}), so its bulletin board is not published. Tell the scrutineers.`);
    }
    declared = { elected: summary.elected, record };
  }
  return ok(
    makeBoard({
      process: { id: process.id, kind: process.kind, title: state.title, rulebook: process.rulebook, closedOn: state.ballot?.closedAt?.slice(0, 10) ?? null },
      candidates: boardCandidates,
      seats,
      method,
      options,
      electorate: state.electorate ? { eligible: state.electorate.eligible, total: state.electorate.total, freezeDate: state.electorate.freezeDate } : null,
      voters: { total: box.voters, online: box.byChannel.online, postal: box.byChannel.postal, inPerson: box.byChannel['in-person'] },
      ballots,
      declared,
    }),
  );
}

function recount(
  title: string,
  candidates: readonly BoardCandidate[],
  seats: number,
  method: string,
  options: Readonly<Record<string, BoardOptionValue>>,
  ballots: readonly { readonly ranking: readonly string[] }[],
): CountRecord {
  const index = new Map(candidates.map((c, i) => [c.id, i]));
  const merged = new Map<string, { ranks: number[]; weight: number }>();
  for (const b of ballots) {
    const ranks = b.ranking.map((id) => index.get(id)).filter((i): i is number => i !== undefined);
    const key = ranks.join(',');
    const had = merged.get(key);
    if (had) had.weight++;
    else merged.set(key, { ranks, weight: 1 });
  }
  const e = election({
    title,
    candidates: candidates.map((c) => ({ name: c.name, attributes: { ...(c.attributes ?? {}) } })),
    seats,
    withdrawn: candidates.flatMap((c, i) => (c.withdrawn ? [i] : [])),
    ballots: [...merged.values()],
  });
  return count(e, method, options as Readonly<Record<string, OptionValue>>);
}

/** Where a record departs from the count summary kept by the process, in words; null if it does not. */
function mismatch(record: CountRecord, summary: CountSummary): string | null {
  const id = (i: number) => summary.candidates[i];
  if (record.totalBallots.split('.')[0] !== String(summary.ballots)) return `${summary.ballots} ballots counted then, ${record.totalBallots} now`;
  const elected = record.elected.map(id);
  if (elected.join(',') !== summary.elected.join(',')) return `elected then: ${summary.elected.join(', ')}; now: ${elected.join(', ')}`;
  if (record.stages.length !== summary.rounds.length) return `${summary.rounds.length} rounds then, ${record.stages.length} now`;
  for (const [k, stage] of record.stages.entries()) {
    const round = summary.rounds[k];
    const tally = Object.fromEntries(Object.entries(stage.tally).map(([i, v]) => [id(Number(i)), v]));
    if (JSON.stringify(Object.entries(tally).sort()) !== JSON.stringify(Object.entries(round.tally).sort()) || stage.threshold !== round.threshold) {
      return `round ${round.stage} differs`;
    }
  }
  return null;
}
