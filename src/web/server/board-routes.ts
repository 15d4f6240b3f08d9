/**
 * The bulletin board, for everyone, once voting has closed: a page listing
 * every ballot with its tracker code, and the export `board.json` that
 * `hustings verify` checks (format: src/integrity/board.ts). Before the close
 * both are refused (409) and say when they will be published.
 */
import type { ProcessId } from '../../domain/ids.js';
import { methodPhrase } from '../../domain/rulebook-words.js';
import { boardJson } from '../../integrity/board.js';
import { publishBoard } from '../../app/publish-board.js';
import { boardPage } from '../views/board.js';
import type { Handler } from './app.js';
import { errorResponse, page, param, viewContext, type AppDeps, type Ctx } from './http.js';
import { mayViewUndeclaredResult } from './permissions.js';
import { isBallotProcess } from '../../app/ballot-paper.js';

const PAGE_SIZE = 500;

async function published(c: Ctx, deps: AppDeps) {
  const id = param(c, 'process') as ProcessId;
  const process = await deps.store.processDocument(id);
  if (!process || !isBallotProcess(process)) return errorResponse(c, 404, `There is no ballot "${id}".`);
  const board = await publishBoard(deps.store, process, { actor: 'system', at: deps.clock.now().toISOString(), withUndeclared: mayViewUndeclaredResult(c.get('who'), process) });
  if (!board.ok) {
    // A box or record that no longer matches the audit log is a conflict to report in words, not a server fault.
    const status = board.error.code === 'not-found' ? 404 : board.error.code === 'rulebook-missing' ? 500 : 409;
    return errorResponse(c, status, board.error.message);
  }
  return board.value;
}

const boardView: Handler = async (c, deps) => {
  const board = await published(c, deps);
  if (board instanceof Response) return board;
  const names = new Map(board.candidates.map((x) => [x.id, x.name]));
  const pages = Math.max(1, Math.ceil(board.ballots.length / PAGE_SIZE));
  const n = Math.min(pages, Math.max(1, Number.parseInt(c.req.query('page') ?? '1', 10) || 1));
  const slice = board.ballots.slice((n - 1) * PAGE_SIZE, n * PAGE_SIZE);
  return page(
    c,
    boardPage(
      {
        process: { id: board.process.id, title: board.process.title },
        closedOn: board.process.closedOn,
        method: methodPhrase(board.method),
        ballotsSha256: board.ballotsSha256,
        voters: board.voters,
        eligible: board.electorate?.eligible ?? null,
        elected: board.declared ? board.declared.elected.map((id) => names.get(id) ?? id) : null,
        ballots: slice.map((b) => ({ tracker: b.tracker, ranking: b.ranking.map((id) => names.get(id) ?? id) })),
        total: board.ballots.length,
        blank: board.ballots.filter((b) => b.ranking.length === 0).length,
        first: (n - 1) * PAGE_SIZE + 1,
        page: n,
        pages,
      },
      viewContext(c),
    ),
  );
};

const boardExport: Handler = async (c, deps) => {
  const board = await published(c, deps);
  if (board instanceof Response) return board;
  c.header('Content-Type', 'application/json; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${board.process.id.replace(/[^A-Za-z0-9._-]/g, '_')}-board.json"`);
  c.header('Cache-Control', 'no-store');
  return c.body(boardJson(board), 200);
};

export const boardHandlers: Readonly<Record<string, Handler>> = {
  'results.board': boardView,
  'results.board.json': boardExport,
};
