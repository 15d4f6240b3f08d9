/**
 * The bulletin board, for everyone, once voting has closed: a page listing
 * every ballot with its tracker code, and the export `board.json` that
 * `hustings verify` checks (format: src/integrity/board.ts). Before the close
 * both are refused (409) and say when they will be published. A ballot whose ballots are encrypted
 * also has its encrypted board, public at every stage (docs/verifiable-ballots.md §11).
 */
import type { ProcessId } from '../../domain/ids.js';
import { boardJson } from '../../integrity/board.js';
import { publishBoard } from '../../app/publish-board.js';
import { boardPage } from '../views/board.js';
import { boardView } from '../presenters/board.js';
import type { Handler } from './app.js';
import { errorResponse, page, param, viewContext, type AppDeps, type Ctx } from './http.js';
import { mayViewUndeclaredResult } from './permissions.js';
import { isBallotProcess } from '../../app/ballot-paper.js';
import { encryptedBoardOf } from '../../app/encrypted-ballots.js';

async function published(c: Ctx, deps: AppDeps) {
  const id = param(c, 'process') as ProcessId;
  const proc = await deps.store.processDocument(id);
  if (!proc || !isBallotProcess(proc)) return errorResponse(c, 404, `There is no ballot "${id}".`);
  const board = await publishBoard(deps.store, proc, {
    actor: 'system',
    at: deps.clock.now().toISOString(),
    withUndeclared: mayViewUndeclaredResult(c.get('who'), proc),
  });
  if (!board.ok) {
    // A box or record that no longer matches the audit log is a conflict to report in words, not a server fault.
    const status = board.error.code === 'not-found' ? 404 : board.error.code === 'rulebook-missing' ? 500 : 409;
    return errorResponse(c, status, board.error.message);
  }
  return board.value;
}

const bulletinBoard: Handler = async (c, deps) => {
  const board = await published(c, deps);
  if (board instanceof Response) return board;
  return page(c, boardPage(boardView(board, c.req.query('page')), viewContext(c)));
};

const boardExport: Handler = async (c, deps) => {
  const board = await published(c, deps);
  if (board instanceof Response) return board;
  c.header('Content-Type', 'application/json; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="${board.process.id.replace(/[^A-Za-z0-9._-]/g, '_')}-board.json"`);
  c.header('Cache-Control', 'no-store');
  return c.body(boardJson(board), 200);
};

/**
 * The encrypted board of a ballot whose ballots are encrypted, as it stands: the trustees'
 * key-generation messages, the credentials, every ballot as it arrives (while voting is open, so a
 * voter can find their tracker), then the mixes, decryptions and rankings. Trustees download it to
 * take their next step; anyone may verify it. It holds only what the protocol publishes.
 */
const encryptedBoardExport: Handler = async (c, deps) => {
  const id = param(c, 'process') as ProcessId;
  const proc = await deps.store.processDocument(id);
  if (!proc || !isBallotProcess(proc)) return errorResponse(c, 404, `There is no ballot "${id}".`);
  const board = await encryptedBoardOf(deps.store, proc, proc.state);
  if (!board.ok) return errorResponse(c, 404, board.error.message);
  c.header('Content-Type', 'application/json; charset=utf-8');
  c.header('Cache-Control', 'no-store');
  return c.body(`${JSON.stringify(board.value, null, 1)}\n`, 200);
};

export const boardHandlers: Readonly<Record<string, Handler>> = {
  'results.board': bulletinBoard,
  'results.board.json': boardExport,
  'results.encrypted-board.json': encryptedBoardExport,
};
