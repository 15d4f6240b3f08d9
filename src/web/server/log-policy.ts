/**
 * What the web app tells the operational log, route by route. A request line
 * holds the method, the route's pattern (never the raw path or query: a
 * sign-in link carries its code there), the status and the time taken; a
 * refusal adds a code for its kind; a process step adds the process and the
 * step; a request slower than SLOW_REQUEST_MS is a warning.
 *
 * Around a vote and a seal the log says nothing at all, not even that a request
 * came: when a ballot was cast, in what order, and how long it took could link
 * a voter to a ballot in the box or on the bulletin board. Mail is told by its
 * kind alone, and the notice of a paper vote not at all, for the same reason.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Logger } from '../../runtime/logger.js';
import type { MailKind } from '../../runtime/mailer.js';
import { routePattern, type RouteSpec } from './permissions.js';

/** everything: every request; refusals: only requests refused, failed or slow; nothing: not a word, whatever happens. */
export type RouteLogging = 'everything' | 'refusals' | 'nothing';

/** Routes logged otherwise than 'everything'. */
export const ROUTE_LOGGING: Readonly<Record<string, RouteLogging>> = {
  'booth.review': 'nothing',
  'booth.cast': 'nothing',
  'paper-votes.review': 'nothing',
  'paper-votes.record': 'nothing',
  'paper-votes.encrypted': 'nothing',
  // The browser's CSS and scripts: a line per file would bury the requests that matter.
  static: 'refusals',
};

/** Steps of the process.step route that are as quiet as a vote: closing the ballot seals its box. */
export const SILENT_STEPS: readonly string[] = ['close-ballot'];

export const MAIL_LOGGING: Readonly<Record<MailKind, boolean>> = {
  'sign-in-code': true,
};

export const SLOW_REQUEST_MS = 2_000;

/** A refusal's code, by its status. */
export const REFUSAL_CODES: Readonly<Record<number, string>> = {
  400: 'bad-request',
  401: 'signed-out',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  408: 'request-timeout',
  409: 'conflict',
  413: 'too-large',
  422: 'invalid',
  429: 'too-many',
};

interface Matched {
  readonly spec: RouteSpec | null;
  readonly params: Readonly<Record<string, string>>;
}

/** Finds the route a request is for, by its method and path, with the pattern's named segments. */
function matcher(routes: readonly RouteSpec[]): (method: string, path: string) => Matched {
  const compiled = routes.map((spec) => ({ spec, ...routePattern(spec.path) }));
  return (method, path) => {
    const m = method === 'HEAD' ? 'GET' : method;
    for (const r of compiled) {
      if (r.spec.method !== m) continue;
      const hit = r.re.exec(path);
      if (hit) return { spec: r.spec, params: Object.fromEntries(r.names.map((n, i) => [n, decodedSegment(hit[i + 1]!)])) };
    }
    return { spec: null, params: {} };
  };
}

function loggingOf(m: Matched): RouteLogging {
  if (m.spec === null) return 'everything';
  if (m.spec.id === 'process.step' && SILENT_STEPS.includes(m.params.step ?? '')) return 'nothing';
  return ROUTE_LOGGING[m.spec.id] ?? 'everything';
}

export interface OperationalLog {
  /** The middleware that writes each request's line, once it is answered. */
  readonly requests: MiddlewareHandler;
  /** A request that failed (the app's error handler): logged unless its route says nothing. */
  failure(c: Context, event: string, error: unknown): void;
  /** What the mail queue reports, as the mail policy allows. */
  mail(kind: MailKind | undefined, outcome: 'sent' | 'retrying' | 'given-up' | 'dropped', tries: number, reason?: string): void;
}

export function operationalLog(routes: readonly RouteSpec[], logger: Logger, now: () => number = () => performance.now()): OperationalLog {
  const match = matcher(routes);
  const routeOf = (c: Context) => match(c.req.method, new URL(c.req.url).pathname);
  return {
    requests: async (c, next) => {
      const started = now();
      await next();
      const matched = routeOf(c);
      const logging = loggingOf(matched);
      if (logging === 'nothing') return;
      const ms = Math.round(now() - started);
      const status = c.res.status;
      const fields = { method: c.req.method, route: matched.spec?.path ?? null, status, ms };
      if (ms >= SLOW_REQUEST_MS) logger.warn('request.slow', fields);
      else if (status >= 400 && status < 500) logger.info('request.refused', { ...fields, code: REFUSAL_CODES[status] ?? 'refused' });
      else if (logging === 'everything' || status >= 500) logger.info('request', fields);
      if (matched.spec?.id === 'process.step' && status < 400)
        logger.info('process.step', { process: matched.params.process ?? null, step: matched.params.step ?? null });
    },
    failure: (c, event, error) => {
      const matched = routeOf(c);
      if (loggingOf(matched) === 'nothing') return;
      logger.error(event, { method: c.req.method, route: matched.spec?.path ?? null }, error);
    },
    mail: (kind, outcome, tries, reason) => {
      if (kind === undefined || !MAIL_LOGGING[kind]) return;
      const fields = { kind, tries, reason };
      if (outcome === 'sent') logger.info('mail.sent', fields);
      else logger.warn(`mail.${outcome}`, fields);
    },
  };
}

/** A path segment as the router reads it; a broken %-escape (any client may send one) is kept as sent, never thrown. */
function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
