/** A counted ballot's results page: the kept count record, where to download it, and the turnout when the electorate is known. */
import type { CountRecord } from '../../count/record.js';
import type { ProcessDocument } from '../../domain/processes/documents.js';
import { paths } from '../views/paths.js';
import type { ResultsView } from '../views/results.js';
import type { BallotState } from '../../app/ballot-paper.js';

export function resultsView(
  proc: Pick<ProcessDocument, 'id'>,
  state: BallotState,
  record: CountRecord,
  undeclared: boolean,
  voted: number | null,
  /** The name of whoever declared it, when the declaration says who. */
  declarer: string | null = null,
): ResultsView {
  const base = paths.results(proc.id);
  const electorate = state.electorate?.eligible;
  const d = state.declaration;
  return {
    ...(d ? { declared: { by: declarer, on: d.at.slice(0, 10), ...(d.figures ? { figures: d.figures } : {}) } } : {}),
    process: { id: proc.id, title: state.title },
    record,
    undeclared,
    downloads: { csv: `${base}/count.csv`, urcvt: `${base}/count.json`, blt: `${base}/ballots.blt` },
    trackerUrl: paths.tracker(proc.id),
    ...(electorate !== undefined && voted !== null ? { turnout: { voted, electorate } } : {}),
  };
}
