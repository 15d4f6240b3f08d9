/** The bulletin board's page: the count's outcome, and a page of the ballots, each candidate by name. */
import { methodPhrase } from '../../domain/rulebook-words.js';
import type { Board } from '../../integrity/board.js';
import type { BoardView } from '../views/board.js';
import { pageAt, rowsOf } from './pages.js';

const PAGE_SIZE = 500;

export function boardView(board: Board, asked: string | undefined): BoardView {
  const names = new Map(board.candidates.map((x) => [x.id, x.name]));
  const at = pageAt(board.ballots.length, asked, PAGE_SIZE);
  return {
    process: { id: board.process.id, title: board.process.title },
    closedOn: board.process.closedOn,
    method: methodPhrase(board.method),
    ballotsSha256: board.ballotsSha256,
    voters: board.voters,
    eligible: board.electorate?.eligible ?? null,
    elected: board.declared ? board.declared.elected.map((id) => names.get(id) ?? id) : null,
    ballots: rowsOf(board.ballots, at, PAGE_SIZE).map((b) => ({ tracker: b.tracker, ranking: b.ranking.map((id) => names.get(id) ?? id) })),
    total: board.ballots.length,
    blank: board.ballots.filter((b) => b.ranking.length === 0).length,
    first: (at.page - 1) * PAGE_SIZE + 1,
    page: at.page,
    pages: at.pages,
  };
}
