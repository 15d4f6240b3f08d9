/**
 * The start page (which sends people where they belong), the browser's static
 * files, and — in development only — the outbox of mail not really sent.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { paths } from '../views/paths.js';
import type { Handler } from './app.js';
import { outboxPage } from '../views/outbox.js';
import { isOutbox } from '../../runtime/mailer.js';
import { errorResponse, page, viewContext, param } from './http.js';

const TYPES: Readonly<Record<string, string>> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
};

const home: Handler = (c) => c.redirect(c.get('who') ? paths.ballots : paths.signIn, 303);

const staticFile: Handler = async (c, deps) => {
  const name = param(c, 'file');
  const m = /^[a-z0-9][a-z0-9.-]*\.([a-z]+)$/.exec(name);
  const type = m ? TYPES[m[1]] : undefined;
  if (!m || type === undefined || name.includes('..')) return errorResponse(c, 404, `There is no file "${name}".`);
  let body: Buffer;
  try {
    body = await readFile(path.join(deps.config.staticDir, name));
  } catch {
    return errorResponse(c, 404, `There is no file "${name}".`);
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
