/**
 * The start page (what needs a signed-in person now; the sign-in page for anyone else), the browser's static
 * files, and — in development only — the outbox of mail not really sent.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { paths } from '../views/paths.js';
import type { Handler } from './app.js';
import { outboxPage } from '../views/outbox.js';
import { isOutbox } from '../../runtime/mailer.js';
import { errorResponse, page, requestLanguage, viewContext, param } from './http.js';
import { wordsIn } from '../../app/language/index.js';
import { httpStatusOf } from './http-status.js';
import { needsNow } from '../../app/needs/index.js';
import { localDate } from '../../domain/local-time.js';
import { needsView } from '../presenters/needs.js';
import { needsPage } from '../views/needs.js';

const TYPES: Readonly<Record<string, string>> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
};

/** Signed in, a person lands on what needs them now; signed out, on the sign-in page. */
const home: Handler = async (c, deps) => {
  const who = c.get('who');
  if (!who) return c.redirect(paths.signIn, 303);
  const now = deps.clock.now();
  const zone = deps.config.timeZone;
  const items = await needsNow(deps.store, who, { now, zone });
  if (!items.ok) return errorResponse(c, httpStatusOf(items.error), items.error.message);
  return page(c, needsPage(needsView(items.value, who, { today: localDate(now, zone), zone }, wordsIn(requestLanguage(c))), viewContext(c)));
};

const staticFile: Handler = async (c, deps) => {
  const name = param(c, 'file');
  const m = /^[a-z0-9][a-z0-9.-]*\.([a-z]+)$/.exec(name);
  const type = m ? TYPES[m[1]] : undefined;
  if (!m || type === undefined || name.includes('..')) return errorResponse(c, 404, wordsIn(requestLanguage(c)).t('refuse.noFile', { name }));
  let body: Buffer;
  try {
    body = await readFile(path.join(deps.config.staticDir, name));
  } catch {
    return errorResponse(c, 404, wordsIn(requestLanguage(c)).t('refuse.noFile', { name }));
  }
  c.header('Content-Type', type);
  c.header('Cache-Control', deps.config.env === 'development' ? 'no-cache' : 'public, max-age=3600');
  return c.body(new Uint8Array(body), 200);
};

const outbox: Handler = (c, deps) => {
  if (deps.config.env !== 'development' || !isOutbox(deps.mailer)) {
    return errorResponse(c, 404, 'There is no outbox: mail is sent by SMTP, or this is not a development server.');
  }
  return page(c, outboxPage({ messages: deps.mailer.messages() }, viewContext(c)));
};

export const siteHandlers: Readonly<Record<string, Handler>> = {
  home,
  static: staticFile,
  'dev.outbox': outbox,
};
