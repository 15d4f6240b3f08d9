/**
 * GET /simulate: the democracy review, public. The query string is the form;
 * an empty one shows the defaults and their results.
 *
 * One anonymous request must not be able to stall the server, so:
 *   - every request's cost is bounded before it starts, in unit draws (runs ×
 *     constituencies × units per constituency, plus the attendance's tables:
 *     src/simulate/cost.ts), and a request beyond a bound is a 400 naming it
 *     with the form kept;
 *   - the work runs in a worker thread (src/runtime/worker-pool.ts), never on
 *     the event loop that answers sign-ins and votes; the pool's queue is
 *     bounded (503 with Retry-After when full) and a job past its time limit
 *     is stopped;
 *   - one client address may start only so many simulations per window (429),
 *     counted as sign-in attempts are.
 * The results are pure functions of the parameters, so the last few are kept
 * and a repeated request (the default page above all) costs nothing and
 * counts against no one; one asked again while it runs waits for the same
 * answer.
 */
import { PRESETS } from '../../domain/presets.js';
import type { Rulebook } from '../../domain/rulebook.js';
import { DEFAULT_MODEL, MODEL_PARAMS, modelFrom, paramText, type PartyModel } from '../../simulate/model.js';
import { SWEEP_PARAMS, checkSweep, sweepSamplers, sweepWork, type SweepParam } from '../../simulate/sweep.js';
import { simulationCost } from '../../simulate/cost.js';
import { workerPool, type JobOutcome, type JobRunner } from '../../runtime/worker-pool.js';
import { SIMULATE_FIELDS as F, simulatePage, type SimulateLimits } from '../views/simulate.js';
import { simulateView, type SimulateOffer } from '../presenters/simulate.js';
import type { Handler } from './app.js';
import { clientNetwork } from './client-address.js';
import type { ServerConfig } from './config.js';
import { page, viewContext, type AppDeps, type Ctx } from './http.js';
import type { SimulationJob, SimulationOutcome } from './simulate-worker.js';
import { numberText } from '../views/format.js';

export const WEB_LIMITS: SimulateLimits & { readonly work: number } = {
  runs: 2000,
  constituencies: 1000,
  steps: 21,
  sweepRuns: 500,
  /** Branch draws per request, all parts together (src/simulate/cost.ts): a few seconds of one core. */
  work: 150_000_000,
};

/** Runs per bisection step of a support sweep's flip points on the web (the command line can afford more). */
const WEB_FLIP_RUNS = 50;

const DEFAULTS: Readonly<Record<string, string>> = {
  [F.runs]: '200',
  [F.seed]: '1',
  [F.sweep]: '',
  [F.from]: '0',
  [F.to]: '1',
  [F.steps]: '11',
  [F.sweepRuns]: '100',
  ...Object.fromEntries(MODEL_PARAMS.map((p) => [p.name, paramText(DEFAULT_MODEL, p)])),
};

const DEFAULT_RULEBOOKS = ['labour-1979', 'labour-1990', 'labour-2018', 'labour-2021'];

const OFFERED = PRESETS.filter((rb) => rb.incumbentReview.kind !== 'members-meeting');
const NOT_OFFERED = PRESETS.filter((rb) => rb.incumbentReview.kind === 'members-meeting').map((rb) => ({
  name: rb.name,
  reason: 'readopts at a members’ meeting, which the synthetic party does not model',
}));

const OFFER: SimulateOffer = { offered: OFFERED, notOffered: NOT_OFFERED, limits: WEB_LIMITS };

interface Request {
  readonly model: PartyModel;
  readonly rulebooks: readonly Rulebook[];
  readonly seed: number;
  readonly runs: number;
  readonly sweep: { readonly param: SweepParam; readonly from: number; readonly to: number; readonly steps: number; readonly runs: number } | null;
}

function whole(text: string, min: number, max: number): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
}

function share(text: string): number | null {
  const t = text.trim();
  const p = /^([0-9]*\.?[0-9]+)\s*%$/.exec(t);
  const n = p ? Number(p[1]) / 100 : /^[0-9]*\.?[0-9]+$/.test(t) ? Number(t) : NaN;
  return n >= 0 && n <= 1 ? n : null;
}

/** The query read into a request, or the problems by field. */
export function readQuery(c: Ctx): { values: Record<string, string>; chosen: string[]; request: Request | null; errors: Record<string, string> } {
  const q = (name: string): string | undefined => c.req.query(name);
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(DEFAULTS)) values[k] = (q(k) ?? v).slice(0, 200);
  const given = c.req.queries(F.rulebook);
  // A link may leave the rulebooks out and get the defaults; the form always says it was sent, and then none ticked is none.
  const chosen = given !== undefined ? [...new Set(given)] : q(F.submitted) === undefined ? DEFAULT_RULEBOOKS : [];
  const errors: Record<string, string> = {};

  const rulebooks = chosen.map((id) => OFFERED.find((rb) => rb.id === id));
  if (chosen.length === 0) errors[F.rulebook] = 'Choose at least one rulebook.';
  else {
    const missing = chosen.find((_, i) => rulebooks[i] === undefined);
    const meeting = PRESETS.find((rb) => rb.id === missing);
    if (meeting) errors[F.rulebook] = `${meeting.name} readopts at a members’ meeting, which the synthetic party does not model: choose another rulebook.`;
    else if (missing !== undefined) errors[F.rulebook] = `There is no rulebook “${missing}” to simulate.`;
  }

  const runs = whole(values[F.runs], 1, Number.MAX_SAFE_INTEGER);
  if (runs === null) errors[F.runs] = 'Enter a whole number of runs, at least 1.';
  else if (runs > WEB_LIMITS.runs)
    errors[F.runs] =
      `At most ${numberText(WEB_LIMITS.runs)} runs per request here (you asked for ${numberText(runs)}); the command line hustings simulate party has no such limit.`;
  const seed = whole(values[F.seed], 0, 2 ** 32 - 1);
  if (seed === null) errors[F.seed] = 'Enter a whole number from 0 to 4,294,967,295.';

  const model = modelFrom(Object.fromEntries(MODEL_PARAMS.map((p) => [p.name, values[p.name]])));
  if (!model.ok) {
    for (const line of model.error.message.split('\n')) {
      const name = line.slice(0, line.indexOf(':'));
      errors[name] =
        line
          .slice(line.indexOf(':') + 1)
          .trim()
          .replace(/^./, (ch) => ch.toUpperCase()) + '.';
    }
  } else if (model.value.constituencies > WEB_LIMITS.constituencies) {
    errors.constituencies = `At most ${numberText(WEB_LIMITS.constituencies)} constituencies here.`;
  }

  let sweepReq: Request['sweep'] = null;
  const param = values[F.sweep].trim();
  if (param !== '') {
    if (!(SWEEP_PARAMS as readonly string[]).includes(param)) errors[F.sweep] = `Choose a parameter to sweep from the list, not “${param}”.`;
    const from = share(values[F.from]);
    const to = share(values[F.to]);
    const steps = whole(values[F.steps], 2, Number.MAX_SAFE_INTEGER);
    const sweepRuns = whole(values[F.sweepRuns], 1, Number.MAX_SAFE_INTEGER);
    if (from === null) errors[F.from] = 'Enter a share from 0 to 1, or a percentage.';
    if (to === null) errors[F.to] = 'Enter a share from 0 to 1, or a percentage.';
    if (steps === null) errors[F.steps] = 'Enter a whole number of values, at least 2.';
    else if (steps > WEB_LIMITS.steps) errors[F.steps] = `At most ${WEB_LIMITS.steps} values here.`;
    if (sweepRuns === null) errors[F.sweepRuns] = 'Enter a whole number of runs, at least 1.';
    else if (sweepRuns > WEB_LIMITS.sweepRuns) errors[F.sweepRuns] = `At most ${numberText(WEB_LIMITS.sweepRuns)} runs per value here.`;
    if (param === 'threshold' && from !== null && to !== null && Math.min(from, to) <= 0)
      errors[F.from] = 'A threshold of 0 would trigger every incumbent: start above 0.';
    if (Object.keys(errors).length === 0) {
      sweepReq = { param: param as SweepParam, from: from!, to: to!, steps: steps!, runs: sweepRuns! };
      const checked = checkSweep({ ...sweepReq, flipRuns: 0 });
      if (!checked.ok) errors[F.sweep] = checked.error.message;
    }
  }

  if (Object.keys(errors).length > 0 || !model.ok) return { values, chosen, request: null, errors };
  const request: Request = { model: model.value, rulebooks: rulebooks as Rulebook[], seed: seed!, runs: runs!, sweep: sweepReq };
  const work = workOf(request);
  if (work > WEB_LIMITS.work) {
    const millions = (n: number): string => `${numberText(Math.round(n / 1e6))} million`;
    errors[''] =
      `That would simulate about ${millions(work)} decisions of branches and affiliated branches (runs × constituencies × branches and affiliated branches in each, more with a sweep or a wide range of members at a meeting), more than the ${millions(WEB_LIMITS.work)} one request may here: lower the runs, the constituencies, the branches or affiliated branches per constituency, or the sweep’s values or runs per value (or use hustings simulate on the command line, which has no such limit).`;
    return { values, chosen, request: null, errors };
  }
  return { values, chosen, request, errors };
}

function flipRunsOf(s: NonNullable<Request['sweep']>): number {
  return s.param === 'support-mean' ? Math.min(s.runs, WEB_FLIP_RUNS) : 0;
}

function workOf(r: Request): number {
  const draws = r.runs * r.model.constituencies;
  if (!r.sweep) return simulationCost(r.model, r.rulebooks.length, draws, 1);
  const s = { model: r.model, rulebooks: r.rulebooks, runs: r.sweep.runs, param: r.sweep.param, steps: r.sweep.steps, flipRuns: flipRunsOf(r.sweep) };
  return simulationCost(r.model, r.rulebooks.length, draws + sweepWork(s), 1 + sweepSamplers(s));
}

function jobOf(r: Request): SimulationJob {
  return {
    model: r.model,
    rulebooks: r.rulebooks.map((rb) => rb.id),
    seed: r.seed,
    runs: r.runs,
    sweep: r.sweep ? { ...r.sweep, flipRuns: flipRunsOf(r.sweep) } : null,
  };
}

/** The last few results, by their request: every result is a pure function of it. */
const CACHE_SIZE = 16;
const cache = new Map<string, SimulationOutcome>();

function cached(key: string): SimulationOutcome | undefined {
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
  }
  return hit;
}

function keep(key: string, out: SimulationOutcome): void {
  cache.set(key, out);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
}

/** The worker's module beside this one: built, or (run from the sources, as the tests do) TypeScript. */
const WORKER_SCRIPT = new URL(import.meta.url.endsWith('.ts') ? './simulate-worker.ts' : './simulate-worker.js', import.meta.url);

/** One pool per app configuration, started with its first simulation. */
const pools = new WeakMap<ServerConfig, JobRunner<SimulationJob, SimulationOutcome>>();

export function simulationPool(config: ServerConfig): JobRunner<SimulationJob, SimulationOutcome> {
  let pool = pools.get(config);
  if (!pool) {
    const s = config.simulate;
    pool = workerPool<SimulationJob, SimulationOutcome>({ script: WORKER_SCRIPT, size: s.workers, queue: s.queue, timeoutMs: s.timeoutSeconds * 1000 });
    pools.set(config, pool);
  }
  return pool;
}

/** Stops the pool of this configuration's app, if it has started one (when the server stops). */
export async function closeSimulationPool(config: ServerConfig): Promise<void> {
  const pool = pools.get(config);
  pools.delete(config);
  await pool?.close();
}

/** Simulations under way, by request: the same question asked again meanwhile waits for the same answer instead of running twice. */
type Attempt = JobOutcome<SimulationOutcome> | { readonly limited: string };
const inflight = new Map<string, Promise<Attempt>>();

/** Counts this simulation against the client's address; the message if it is over its limit (the caller adds Retry-After). */
async function overLimit(c: Ctx, deps: AppDeps): Promise<string | null> {
  const { store, clock, config } = deps;
  const { windowMinutes, perAddress } = config.simulate;
  const now = clock.now();
  const since = new Date(now.getTime() - windowMinutes * 60_000).toISOString();
  const made = await store.countLoginAttempt(`simulate:address:${clientNetwork(c, config.trustProxy)}`, now.toISOString(), since);
  if (made <= perAddress) return null;
  return `You have asked for ${perAddress} simulations in the last ${windowMinutes} minutes, the most one network may here. Wait ${windowMinutes} minutes and try again, or run hustings simulate on the command line, which has no such limit.`;
}

const simulate: Handler = async (c, deps) => {
  const { values, chosen, request, errors } = readQuery(c);
  const form = { chosen, values, errors };
  if (!request) return page(c, simulatePage(simulateView(OFFER, form), viewContext(c)), 400);
  const refuse = (status: 400 | 429 | 503, message: string) => page(c, simulatePage(simulateView(OFFER, form, undefined, message), viewContext(c)), status);
  const job = jobOf(request);
  const key = JSON.stringify({ ...job, rulebooks: request.rulebooks.map((rb) => `${rb.id}@${rb.version}`) });
  let out = cached(key);
  if (!out) {
    let running = inflight.get(key);
    if (!running) {
      // Registered before its first await, so that a second asking meanwhile finds it.
      running = overLimit(c, deps).then((limited): Attempt | Promise<Attempt> => (limited !== null ? { limited } : simulationPool(deps.config).run(job)));
      inflight.set(key, running);
      const settled = (): void => void inflight.delete(key);
      running.then(settled, settled);
    }
    const done = await running;
    if ('limited' in done) {
      c.header('Retry-After', String(deps.config.simulate.windowMinutes * 60));
      return refuse(429, done.limited);
    }
    if (!done.ok) {
      const { timeoutSeconds } = deps.config.simulate;
      if (done.reason === 'busy') {
        c.header('Retry-After', String(Math.max(1, Math.ceil(Math.min(60, timeoutSeconds)))));
        return refuse(503, 'Too many simulations are running just now. Please try again in a minute; nothing you entered is lost.');
      }
      if (done.reason === 'timeout')
        return refuse(
          503,
          `That simulation took longer than ${timeoutSeconds} seconds, the most one may run here, and was stopped. Lower the runs, the constituencies or the branches per constituency and try again, or use hustings simulate on the command line.`,
        );
      console.error(`hustings: GET /simulate failed in its worker: ${done.message}`);
      return refuse(503, 'The simulation could not be finished. Please try again; if it keeps happening, tell the party’s administrators.');
    }
    out = done.value;
    keep(key, out);
  }
  return page(c, simulatePage(simulateView(OFFER, form, out), viewContext(c)));
};

export const simulateHandlers: Readonly<Record<string, Handler>> = {
  simulate,
};
