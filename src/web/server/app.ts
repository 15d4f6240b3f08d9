/**
 * The web app: `createApp({ store, clock, mailer, config })` returns a Hono app
 * that can be served (src/web/serve.ts) or called in-process (`app.request`).
 *
 * Every request goes through the same steps, in this order, and a refusal at
 * any step writes nothing:
 *   1. the session, from its cookie (only the token's hash is looked up);
 *   2. the route's entry in the permission table: signed out → sign in (401),
 *      no role that the table admits → 403;
 *   3. for a POST: the body, read as a form within the size limit (413, 400),
 *      and its CSRF token, checked against the session (403);
 *   4. the handler, which makes the per-resource check and validates the form.
 * A path served with another method is a 405 with Allow (the router's own match
 * of the path); anything else a 404.
 */
import { Hono } from 'hono';
import { anonymousCsrfToken, newNonce, sameText, sessionSecrets } from './tokens.js';
import { CSRF_FIELD } from '../views/forms.js';
import { CommitOutcomeUnknown } from '../../store/outcome-unknown.js';
import { DocumentRefused } from '../../store/documents/read.js';
import type { IncomingMessage } from 'node:http';
import { nodeBody, readForm, readUpload, requestBody, type UploadRead } from './form.js';
import { unlessRepeated } from './forms/fields.js';
import { consoleFailures } from '../../runtime/logger.js';
import { isMailQueue, mailQueue } from '../../runtime/mailer.js';
import { operationalLog } from './log-policy.js';
import {
  clearCookie,
  errorResponse,
  languageOf,
  nowIso,
  readCookie,
  requestLanguage,
  takeFlash,
  writeCookie,
  type AppDeps,
  type AppEnv,
  type Ctx,
} from './http.js';
import { andListIn, wordsIn, type Words } from '../../app/language/index.js';
import { ROUTES, admits, principalWith, type RouteSpec } from './permissions.js';
import { authHandlers } from './auth-routes.js';
import { memberHandlers } from './member-routes.js';
import { electionBoothHandlers } from './election-booth-routes.js';
import { encryptedBoothHandlers } from './encrypted-booth-routes.js';
import { unitHandlers } from './unit-routes.js';
import { officerHandlers } from './officer-routes.js';
import { resultsHandlers } from './results-routes.js';
import { boardHandlers } from './board-routes.js';
import { encryptedCeremonyHandlers } from './encrypted-ceremony-routes.js';
import { siteHandlers } from './site-routes.js';
import { adminHandlers } from './admin-routes.js';
import { auditHandlers } from './audit-routes.js';
import { simulateHandlers } from './simulate-routes.js';
import { openingHandlers } from './opening-routes.js';
import { candidacyHandlers } from './candidacy-routes.js';
import { nominationHandlers } from './nomination-routes.js';
import { leadershipHandlers } from './leadership-routes.js';
import { supporterHandlers } from './supporter-routes.js';
import { meetingHandlers } from './meeting-routes.js';
import { paperVoteHandlers } from './paper-vote-routes.js';
import { myConstituencyHandlers } from './my-constituency-routes.js';
import { languageHandlers } from './language-routes.js';
import { turnoutHandlers } from './turnout-routes.js';
import { noticeHandlers } from './notice-routes.js';
import { disputeHandlers } from './dispute-routes.js';
import { emergencyHandlers } from './emergency-routes.js';
import { postalHandlers } from './postal-routes.js';

/** The words of the request's language, for the refusals any page can meet. */
const said = (c: Ctx): Words => wordsIn(requestLanguage(c));

export type { AppDeps } from './http.js';

export type Handler = (c: Ctx, deps: AppDeps) => Response | Promise<Response>;

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // The sign-in link carries a code in its query: never send it on as a referrer.
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};
const SECURITY_HEADER_LIST = Object.entries(SECURITY_HEADERS);

export function createApp(given: AppDeps): Hono<AppEnv> {
  const routes = ROUTES.filter((r) => !r.developmentOnly || given.config.env === 'development');
  const log = operationalLog(routes, given.logger ?? consoleFailures);
  // Every email goes through a queue, so no handler waits for the mail server (see mailQueue); a logger hears of each as fields, in place of the queue's lines on the console.
  const deps: AppDeps = isMailQueue(given.mailer)
    ? given
    : { ...given, mailer: mailQueue(given.mailer, { report: log.mail, ...(given.logger ? { log: () => undefined } : {}) }) };
  const { store, clock, config } = deps;
  const app = new Hono<AppEnv>();
  const handlers: Readonly<Record<string, Handler>> = {
    ...authHandlers,
    ...postalHandlers,
    ...memberHandlers,
    ...electionBoothHandlers,
    ...encryptedBoothHandlers,
    ...unitHandlers,
    ...officerHandlers,
    ...resultsHandlers,
    ...meetingHandlers,
    ...boardHandlers,
    ...encryptedCeremonyHandlers,
    ...siteHandlers,
    ...adminHandlers,
    ...auditHandlers,
    ...simulateHandlers,
    ...openingHandlers,
    ...candidacyHandlers,
    ...nominationHandlers,
    ...leadershipHandlers,
    ...supporterHandlers,
    ...paperVoteHandlers,
    ...myConstituencyHandlers,
    ...languageHandlers,
    ...turnoutHandlers,
    ...noticeHandlers,
    ...disputeHandlers,
    ...emergencyHandlers,
  };
  for (const r of ROUTES) {
    if (!handlers[r.id]) throw new Error(`route ${r.id} (${r.method} ${r.path}) is in the permission table but has no handler`);
  }
  for (const id of Object.keys(handlers)) {
    if (!ROUTES.some((r) => r.id === id)) throw new Error(`handler ${id} has no entry in the permission table`);
  }

  app.use('*', log.requests);

  // Set before the handler runs, so that they go into the response as it is made: changing a finished
  // response's headers afterwards would turn Node's cheap response back into a full fetch-API one.
  app.use('*', async (c, next) => {
    for (const [k, v] of SECURITY_HEADER_LIST) c.header(k, v);
    if (config.secureCookies) c.header('Strict-Transport-Security', 'max-age=31536000');
    await next();
  });

  app.use('*', async (c, next) => {
    c.set('who', null);
    c.set('sessionToken', null);
    const token = readCookie(c, config, 'session');
    if (token !== undefined) {
      const signed = token.length <= 100 ? await store.signedIn(sessionSecrets(token).hash, nowIso(clock)) : null;
      if (signed) {
        c.set('who', await principalWith(store, signed.member, signed.offices, config.admins));
        c.set('sessionToken', token);
      } else {
        clearCookie(c, config, 'session');
      }
    }
    const sessionToken = c.get('sessionToken');
    if (sessionToken !== null) {
      c.set('csrfToken', sessionSecrets(sessionToken).csrf);
    } else {
      let nonce = readCookie(c, config, 'csrf');
      if (nonce === undefined || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce)) {
        nonce = newNonce();
        writeCookie(c, config, 'csrf', nonce);
      }
      c.set('csrfToken', anonymousCsrfToken(config.secret, nonce));
    }
    c.set('flash', c.req.method === 'GET' ? takeFlash(c, config) : undefined);
    c.set('lang', languageOf(c, config));
    await next();
  });

  for (const spec of routes) {
    const handler = handlers[spec.id];
    app.on(spec.method, spec.path, (c) => guarded(c, spec, handler, deps));
  }

  // Registered after every route, so the router reaches these only when no route serves the path with the request's method.
  const methodsAt = new Map<string, string[]>();
  for (const spec of routes) methodsAt.set(spec.path, [...(methodsAt.get(spec.path) ?? []), spec.method]);
  for (const [path, methods] of methodsAt) {
    const allowed = methods.includes('GET') ? [...methods, 'HEAD'] : methods;
    app.all(path, (c) => {
      c.header('Allow', allowed.join(', '));
      return errorResponse(
        c,
        405,
        said(c).t('refuse.method', { method: c.req.method, path: new URL(c.req.url).pathname, allowed: andListIn(said(c), allowed) }),
      );
    });
  }
  app.notFound((c) => errorResponse(c, 404, said(c).t('refuse.noPage', { path: new URL(c.req.url).pathname })));

  app.onError((e, c) => {
    // A database restart fails every request in flight at once: one line each, not a stack trace each.
    if (isStoreUnavailable(e)) log.failure(c, 'request.store-unavailable', e instanceof Error ? e.message : String(e));
    else log.failure(c, 'request.failed', e);
    if (e instanceof CommitOutcomeUnknown) {
      // Lost on the way back from the database: it may have been saved. Going back shows which (a voter's booth says "already voted").
      c.header('Retry-After', '5');
      return errorResponse(c, 503, said(c).t('refuse.commitUnknown'));
    }
    if (isStoreUnavailable(e)) {
      // The database is restarting or out of reach: nothing was saved, and trying again shortly will work.
      c.header('Retry-After', '5');
      return errorResponse(c, 503, said(c).t('refuse.storeDown'));
    }
    if (e instanceof DocumentRefused) {
      // The stored data, not the request, is at fault, and trying again will not help: the page names the process for the administrators; which field failed the schema goes to the log alone.
      return errorResponse(c, 500, said(c).t('refuse.unreadable', { process: e.process }));
    }
    return errorResponse(c, 500, said(c).t('refuse.failed'));
  });
  return app;
}

async function guarded(c: Ctx, spec: RouteSpec, handler: Handler, deps: AppDeps): Promise<Response> {
  const who = c.get('who');
  if (!admits(spec, who)) {
    if (who === null) {
      if (spec.method === 'GET') {
        const here = new URL(c.req.url);
        return c.redirect(`/sign-in?next=${encodeURIComponent(here.pathname + here.search)}`, 303);
      }
      return errorResponse(c, 401, said(c).t('refuse.signInFirst'), { href: '/sign-in', text: said(c).t('nav.signIn') });
    }
    return errorResponse(c, 403, said(c).t('refuse.roles'));
  }
  if (spec.method === 'POST') {
    // Served by Node, the body is read from Node's request itself; called in-process, from the Request.
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    const posted = incoming ? nodeBody(incoming) : requestBody(c.req.raw);
    // A route that takes a file also takes the plain form a page sends without one (a statement without a new photo).
    const plain = (posted.header('content-type') ?? '').split(';')[0].trim().toLowerCase() === 'application/x-www-form-urlencoded';
    const read: UploadRead =
      spec.upload && !plain
        ? await readUpload(posted, deps.config.uploadLimit)
        : await readForm(posted, deps.config.bodyLimit).then((r) => (r.ok ? { ...r, files: {} } : r));
    if (!read.ok) {
      // The rest of a body too large was never read: the connection cannot carry another request.
      if (read.status === 413 || read.status === 408) c.header('Connection', 'close');
      return errorResponse(c, read.status, read.message);
    }
    const sent = unlessRepeated.parse(read.fields[CSRF_FIELD]);
    if (sent === undefined || !sameText(sent, c.get('csrfToken'))) {
      return errorResponse(
        c,
        403,
        sent === undefined
          ? 'The form arrived without its security token, so it was refused and nothing was saved. Go back, reload the page and try again.'
          : 'The form’s security token does not match your session (the page may be out of date, or you signed in or out since), so it was refused and nothing was saved. Go back, reload the page and try again.',
      );
    }
    c.set('form', read.fields);
    c.set('uploads', read.files);
  }
  return handler(c, deps);
}

/** Errors that mean the store is briefly out of reach (a restart, a dropped connection, a busy SQLite file), not a bug. */
export function isStoreUnavailable(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  if (e instanceof CommitOutcomeUnknown) return true;
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') {
    // Node socket errors, PostgreSQL connection-exception (08…) and operator-intervention (57P…) classes, SQLite busy/locked.
    if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'SQLITE_BUSY', 'SQLITE_LOCKED'].includes(code)) return true;
    if (/^08/.test(code) || /^57P0[1-3]$/.test(code)) return true;
  }
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(e.message);
}
