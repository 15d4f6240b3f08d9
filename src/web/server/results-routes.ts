/**
 * Results, once a ballot has been counted: the round-by-round table, the
 * Sankey diagram, inactive ballots by reason, and downloads (the result sheet
 * as CSV, the record as URCVT JSON, the anonymised ballots as BLT). Before the
 * count every one of these is refused: nothing about the ballots is shown while
 * voting could still be going on. Between the count and the declaration only
 * the officers who run the process and scrutineers see them, marked "counted,
 * not yet declared"; everyone else gets the ordinary "no results yet" answer.
 *
 * What is shown is the record kept when the count was recorded, never a
 * recount: it is served only while its digest matches the audit log's
 * `count.recorded` entry (src/app/kept-results.ts), and otherwise the page says
 * so in words.
 */
import type { DisputedDocument } from '../../app/disputes.js';
import { rulebookOf } from '../../app/rulebook-of.js';
import { publishedDecisions } from './dispute-routes.js';
import { keptRecord } from '../../app/kept-results.js';
import { listPublicResults } from '../../app/declared-results.js';
import { resultsIndexView } from '../presenters/results-index.js';
import { resultsIndexPage } from '../views/results-index.js';
import { checkSealedBox } from '../../app/seal-ballot-box.js';
import { rankedElection } from '../../count/ranked.js';
import type { CountRecord } from '../../count/record.js';
import type { MemberId, ProcessId } from '../../domain/ids.js';
import { paperCandidates } from '../../domain/processes/index.js';
import { writeBlt } from '../../formats/blt.js';
import { renderCsv, renderUrcvt } from '../../report/index.js';
import { resultsPage } from '../views/results.js';
import { TRACKER_FIELD, trackerPage } from '../views/booth.js';
import { readFileSync } from 'node:fs';
import type { Handler } from './app.js';
import { firstProblem } from './forms/fields.js';
import { httpStatusOf } from './http-status.js';
import { trackerForm } from './forms/tracker.js';
import { trackerKey } from './tokens.js';
import { resultsView } from '../presenters/results.js';
import { errorResponse, page, requestLanguage, viewContext, type AppDeps, type Ctx, param } from './http.js';
import { wordsIn } from '../../app/language/index.js';
import { mayViewUndeclaredResult } from './permissions.js';
import { ballotPaper, ballotState, isBallotProcess, type BallotDocument, type BallotState } from '../../app/ballot-paper.js';

interface Counted {
  readonly process: BallotDocument;
  readonly state: BallotState;
  readonly record: CountRecord;
  /** Counted, not yet declared: shown only to officers and scrutineers. */
  readonly undeclared: boolean;
}

/** The counted ballot process named in the path with its kept count record; or the refusal. */
async function counted(c: Ctx, deps: AppDeps): Promise<Counted | Response> {
  const id = param(c, 'process') as ProcessId;
  const proc = await deps.store.processDocument(id);
  if (!proc || !isBallotProcess(proc)) return errorResponse(c, 404, wordsIn(requestLanguage(c)).t('refuse.noBallot', { id }));
  const state = ballotState(proc);
  const summary = state.count;
  const undeclared = state.phase === 'counted';
  const shown = state.phase === 'declared' || (undeclared && mayViewUndeclaredResult(c.get('who'), proc));
  if (summary === null || !shown) {
    return errorResponse(c, 409, wordsIn(requestLanguage(c)).t('refuse.noResults', { title: state.title }));
  }
  const record = await keptRecord(deps.store, proc.id, state.title);
  if (!record.ok) return errorResponse(c, 409, record.error.message);
  return { process: proc, state, record: record.value, undeclared };
}

let hustingsVersion: string | undefined;
function version(): string {
  hustingsVersion ??= (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return hustingsVersion;
}

function fileName(p: Pick<BallotDocument, 'id'>, ext: string): string {
  return `${p.id.replace(/[^A-Za-z0-9._-]/g, '_')}.${ext}`;
}

function download(c: Ctx, body: string, type: string, name: string): Response {
  c.header('Content-Type', type);
  c.header('Content-Disposition', `attachment; filename="${name}"`);
  c.header('Cache-Control', 'no-store');
  return c.body(body, 200);
}

/** The public index: every declared result and decided trigger ballot, newest first, a page at a time. */
const index: Handler = async (c, deps) => {
  const listed = await listPublicResults(deps.store);
  if (!listed.ok) return errorResponse(c, httpStatusOf(listed.error), listed.error.message);
  return page(c, resultsIndexPage(resultsIndexView(listed.value, c.req.query('page'), deps.config.timeZone, wordsIn(requestLanguage(c))), viewContext(c)));
};

const results: Handler = async (c, deps) => {
  const r = await counted(c, deps);
  if (r instanceof Response) return r;
  const voted = r.state.electorate ? await deps.store.turnout(r.process.id) : null;
  const by = r.state.declaration?.by;
  const declarer = by ? ((await deps.store.membersById([by as MemberId]))[0]?.name ?? wordsIn(requestLanguage(c)).t('results.anOfficer')) : null;
  const rulebook = await rulebookOf(deps.store, r.process);
  const disputes = rulebook.ok ? publishedDecisions(r.process as DisputedDocument, rulebook.value) : [];
  return page(c, resultsPage({ ...resultsView(r.process, r.state, r.record, r.undeclared, voted, declarer), disputes }, viewContext(c)));
};

const csv: Handler = async (c, deps) => {
  const r = await counted(c, deps);
  if (r instanceof Response) return r;
  return download(c, renderCsv(r.record), 'text/csv; charset=utf-8', fileName(r.process, 'csv'));
};

const urcvt: Handler = async (c, deps) => {
  const r = await counted(c, deps);
  if (r instanceof Response) return r;
  const date = r.state.ballot?.closedAt?.slice(0, 10) ?? '';
  return download(
    c,
    renderUrcvt(r.record, { contest: r.state.title, date, generatedBy: `Hustings ${version()}` }),
    'application/json; charset=utf-8',
    fileName(r.process, 'json'),
  );
};

/** The anonymised ballots, from the box as sealed: refused if the box no longer matches its seal. */
const blt: Handler = async (c, deps) => {
  const r = await counted(c, deps);
  if (r instanceof Response) return r;
  const intact = await checkSealedBox(deps.store, r.process.id, r.state.title);
  if (!intact.ok) return errorResponse(c, 409, intact.error.message);
  const summary = r.state.count!;
  const paperById = new Map(ballotPaper(r.state).map((x) => [x.id, x]));
  const candidates = summary.candidates.map((cid) => paperById.get(cid) ?? { id: cid, name: cid, gender: null, withdrawn: false });
  const e = rankedElection({
    title: r.state.title,
    candidates: paperCandidates(candidates),
    seats: summary.seats,
    ballots: await deps.store.ballots(r.process.id),
  });
  return download(c, writeBlt(e), 'text/plain; charset=utf-8', fileName(r.process, 'blt'));
};

/** The ballot process named in the path, and whether its ballots are published (once voting has closed); or the refusal. */
async function trackedBallot(c: Ctx, deps: AppDeps): Promise<{ process: BallotDocument; state: BallotState; published: boolean } | Response> {
  const id = param(c, 'process') as ProcessId;
  const proc = await deps.store.processDocument(id);
  if (!proc || !isBallotProcess(proc)) return errorResponse(c, 404, wordsIn(requestLanguage(c)).t('refuse.noBallot', { id }));
  const state = ballotState(proc);
  return { process: proc, state, published: state.phase === 'closed' || state.phase === 'counted' || state.phase === 'declared' };
}

/**
 * The form where a voter checks their tracker code against the published ballots. A code in the
 * address (an old link, a bookmark) is not looked up: the lookup is a POST, so that the code, which
 * shows the ballot to whoever has it, stays out of addresses, proxy logs and browser history.
 */
const tracker: Handler = async (c, deps) => {
  const t = await trackedBallot(c, deps);
  if (t instanceof Response) return t;
  return page(c, trackerPage({ process: t.process.id, title: t.state.title, published: t.published }, viewContext(c)));
};

/** Looks a tracker code up among the published ballots: only once voting has closed, so nothing about the ballots shows while it is open. */
const trackerLookup: Handler = async (c, deps) => {
  const t = await trackedBallot(c, deps);
  if (t instanceof Response) return t;
  const view = { process: t.process.id, title: t.state.title, published: t.published };
  if (!t.published) return page(c, trackerPage(view, viewContext(c)));
  const sent = trackerForm.safeParse(c.get('form')!);
  const typed = ((sent.success ? sent.data[TRACKER_FIELD] : undefined) ?? '').trim();
  const error = !sent.success ? firstProblem(sent.error) : trackerKey(typed) === '' ? wordsIn(requestLanguage(c)).t('tracker.enter') : undefined;
  if (error !== undefined) return page(c, trackerPage({ ...view, code: typed, error }, viewContext(c)), 422);
  // Normally sealed at the close already; sealing again is a no-op, and makes sure no ballot is cast into a published box.
  await deps.store.sealBallots(t.process.id);
  const names = new Map(ballotPaper(t.state).map((x) => [x.id, x.name]));
  const key = trackerKey(typed);
  const found = (await deps.store.ballots(t.process.id)).find((b) => trackerKey(b.tracker) === key);
  return page(
    c,
    trackerPage({ ...view, code: found ? found.tracker : typed, ballot: found ? found.ranking.map((x) => names.get(x) ?? x) : null }, viewContext(c)),
  );
};

export const resultsHandlers: Readonly<Record<string, Handler>> = {
  'results.index': index,
  results,
  'results.tracker': tracker,
  'results.tracker.lookup': trackerLookup,
  'results.csv': csv,
  'results.urcvt': urcvt,
  'results.blt': blt,
};
