/**
 * A ballot's turnout as it happens (src/app/turnout.ts): while voting is open, for the officers
 * who may see the ballot's process and scrutineers, with small figures hidden; once it has closed,
 * for everyone, exact. Before voting opens there is nothing to show (409).
 */
import { isBallotProcess } from '../../app/ballot-paper.js';
import { turnoutIsPublic, turnoutOf } from '../../app/turnout.js';
import type { ProcessId } from '../../domain/ids.js';
import { turnoutView } from '../presenters/turnout.js';
import { paths } from '../views/paths.js';
import { turnoutPage } from '../views/turnout.js';
import type { Handler } from './app.js';
import { httpStatusOf } from './http-status.js';
import { errorResponse, page, param, viewContext } from './http.js';
import { mayViewProcess, mayViewResults } from './permissions.js';

const turnout: Handler = async (c, deps) => {
  const id = param(c, 'process') as ProcessId;
  const proc = await deps.store.processDocument(id);
  if (!proc || !isBallotProcess(proc)) return errorResponse(c, 404, `There is no ballot "${id}".`);
  const who = c.get('who');
  const officer = who !== null && mayViewProcess(who, proc);
  if (!turnoutIsPublic(proc) && !officer) {
    if (who === null) {
      // As the guard answers a page for the signed in: sign in, then back here.
      const here = new URL(c.req.url);
      return c.redirect(`${paths.signIn}?next=${encodeURIComponent(here.pathname + here.search)}`, 303);
    }
    return errorResponse(
      c,
      403,
      `You hold no office that lets you see the turnout of ${proc.state.title} while voting is open; everyone can see it once the ballot has closed.`,
    );
  }
  const figures = await turnoutOf(deps.store, proc, deps.clock.now());
  if (!figures.ok) return errorResponse(c, httpStatusOf(figures.error), figures.error.message);
  const links = {
    ...(officer ? { processUrl: paths.process(proc.id) } : {}),
    ...(mayViewResults(who, proc) ? { resultsUrl: paths.results(proc.id) } : {}),
  };
  return page(c, turnoutPage(turnoutView(proc, figures.value, links), viewContext(c)));
};

export const turnoutHandlers: Readonly<Record<string, Handler>> = { 'process.turnout': turnout };
