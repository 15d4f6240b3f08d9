/**
 * What every handler shares: the app's dependencies and per-request variables,
 * the view context built from them, rendering a page or an error page, the
 * cookies (named __Host-… and Secure over https, plain names on
 * http://localhost, where browsers refuse __Host- cookies), and one-off
 * messages carried across a redirect.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Clock } from '../../domain/time.js';
import type { Store } from '../../store/store.js';
import type { Flash, ViewContext, ViewUser } from '../views/context.js';
import { errorPage } from '../views/error.js';
import type { ServerConfig } from './config.js';
import type { FormFields, UploadedFile } from './form.js';
import type { Logger } from '../../runtime/logger.js';
import type { Mailer } from '../../runtime/mailer.js';
import type { Role } from '../views/context.js';
import type { Principal } from './permissions.js';
import { signValue, unsignValue } from './tokens.js';
import { isLanguage, type Language } from '../../app/language/index.js';
import { isSupporterClass } from '../../domain/supporters.js';

export interface AppDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly mailer: Mailer;
  readonly config: ServerConfig;
  /** The operational log (src/web/server/log-policy.ts says what goes in it); without one, failures go to the console. */
  readonly logger?: Logger;
}

export type AppEnv = {
  Variables: {
    who: Principal | null;
    /** The raw session token from the cookie, when the session is valid. */
    sessionToken: string | null;
    csrfToken: string;
    flash: Flash | undefined;
    /** The posted form, once read and its CSRF token checked. */
    form: FormFields;
    /** The files posted with it, by field name (routes that take a file only). */
    uploads: Readonly<Record<string, UploadedFile>>;
    /** The language of the pages (see `languageOf`). */
    lang: Language;
  };
};

export type Ctx = Context<AppEnv>;

// ---- Cookies ---------------------------------------------------------------------------------

export type CookieKind = 'session' | 'csrf' | 'flash' | 'signin' | 'language';
const BASE: Readonly<Record<CookieKind, string>> = {
  session: 'hustings',
  csrf: 'hustings-csrf',
  flash: 'hustings-flash',
  signin: 'hustings-signin',
  language: 'hustings-language',
};

export function cookieName(config: ServerConfig, kind: CookieKind): string {
  return config.secureCookies ? `__Host-${BASE[kind]}` : BASE[kind];
}

export function readCookie(c: Ctx, config: ServerConfig, kind: CookieKind): string | undefined {
  return getCookie(c, cookieName(config, kind));
}

export function writeCookie(c: Ctx, config: ServerConfig, kind: CookieKind, value: string, maxAgeSeconds?: number, sameSite: 'Lax' | 'Strict' = 'Lax'): void {
  setCookie(c, cookieName(config, kind), value, {
    path: '/',
    httpOnly: true,
    sameSite,
    secure: config.secureCookies,
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  });
}

export function clearCookie(c: Ctx, config: ServerConfig, kind: CookieKind): void {
  deleteCookie(c, cookieName(config, kind), { path: '/', secure: config.secureCookies, httpOnly: true, sameSite: 'Lax' });
}

// ---- One-off messages --------------------------------------------------------------------------

export function setFlash(c: Ctx, config: ServerConfig, flash: Flash): void {
  writeCookie(c, config, 'flash', signValue(config.secret, JSON.stringify(flash)), 60);
}

export function takeFlash(c: Ctx, config: ServerConfig): Flash | undefined {
  const raw = readCookie(c, config, 'flash');
  if (raw === undefined) return undefined;
  clearCookie(c, config, 'flash');
  const text = unsignValue(config.secret, raw);
  if (text === null) return undefined;
  try {
    const f = JSON.parse(text) as Flash;
    if ((f.kind === 'success' || f.kind === 'info' || f.kind === 'error') && typeof f.message === 'string') return { kind: f.kind, message: f.message };
  } catch {
    // A damaged cookie is ignored, like an absent one.
  }
  return undefined;
}

// ---- Language ----------------------------------------------------------------------------------

/**
 * The language the request's pages are written in: the choice made in this browser, kept in a cookie
 * so that it holds signed out too; English when none was made. (A member's record keeps the language
 * their mail is written in, set when they choose here.) Asked once per request, after the session is read (app.ts).
 */
export function languageOf(c: Ctx, config: ServerConfig): Language {
  const chosen = readCookie(c, config, 'language');
  return isLanguage(chosen) ? chosen : 'en-GB';
}

/** A browser's choice of language is kept this long. */
const LANGUAGE_KEPT_SECONDS = 365 * 24 * 3600;

/** Keeps `language` as this browser's choice (a cookie, for a year) and writes this request's page in it. */
export function keepLanguage(c: Ctx, config: ServerConfig, language: Language): void {
  writeCookie(c, config, 'language', language, LANGUAGE_KEPT_SECONDS);
  c.set('lang', language);
}

/** The request's language, as `languageOf` found it. */
export const requestLanguage = (c: Ctx): Language => c.get('lang') ?? 'en-GB';

// ---- Pages -----------------------------------------------------------------------------------

export function viewUser(who: Principal | null): ViewUser | null {
  if (!who) return null;
  const order: Role[] = ['member', 'unit-secretary', 'procedures-secretary', 'national-officer', 'scrutineer', 'administrator'];
  const unit = who.units[0];
  const constituency = who.constituencies[0];
  return {
    name: who.member.name,
    roles: order.filter((r) => who.roles.has(r)),
    ...(isSupporterClass(who.member.membershipClass) ? { supporter: who.member.membershipClass } : {}),
    ...(unit ? { unit: { id: unit.id, name: unit.name } } : {}),
    ...(constituency ? { constituency: { id: constituency.id, name: constituency.name } } : {}),
  };
}

export function viewContext(c: Ctx): ViewContext {
  const flash = c.get('flash');
  return {
    csrfToken: c.get('csrfToken'),
    user: viewUser(c.get('who')),
    path: new URL(c.req.url).pathname,
    lang: requestLanguage(c),
    ...(flash ? { flash } : {}),
  };
}

/** A rendered page; pages that show personal data are never cached. */
export function page(c: Ctx, body: string, status: 200 | 400 | 401 | 403 | 404 | 405 | 408 | 409 | 413 | 422 | 429 | 500 | 503 = 200): Response {
  c.header('Cache-Control', 'no-store');
  return c.html(body, status);
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 408 | 409 | 413 | 422 | 429 | 500 | 503;

export function errorResponse(c: Ctx, status: ErrorStatus, message: string, back?: { href: string; text: string }): Response {
  return page(c, errorPage({ status, message, ...(back ? { back } : {}) }, viewContext(c)), status);
}

/** After a successful POST: a message for the next page, and a 303 to it. */
export function done(c: Ctx, config: ServerConfig, to: string, message: string): Response {
  setFlash(c, config, { kind: 'success', message });
  return c.redirect(to, 303);
}

export function nowIso(clock: Clock): string {
  return clock.now().toISOString();
}

/** A path parameter of the matched route (always present when the route matched). */
export function param(c: Ctx, name: string): string {
  return c.req.param(name) ?? '';
}
