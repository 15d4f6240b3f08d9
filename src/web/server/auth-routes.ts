/**
 * Signing in by a one-time code sent by email, and signing out.
 *
 *   POST /sign-in        email → (if a member has it) a code of 8 random digits, stored as an HMAC
 *                        with a 10-minute expiry, queued to be mailed with a link that fills it in
 *   POST /sign-in/code   email + code → the code is consumed (it works once) and a
 *                        session starts: a random token in an HttpOnly cookie, its hash stored
 *   POST /sign-out, /sign-out/everywhere
 *
 * The answer to /sign-in never says whether the address belongs to a member,
 * by its words, its cookies or its timing (the mail is sent in the background).
 *
 * A code is bound to the browser that asked for it: asking sets an HttpOnly
 * cookie, and the code works only with it. So whoever guesses codes for an
 * address guesses codes bound to their own browser, counted and retired there,
 * and never locks the owner of the inbox out; and a new code replaces only
 * that browser's earlier one. Asking is limited per address and network, per
 * network, and (generously) per address overall.
 */
import { checkSignInCode, countAttempt, sendSignInCode, signInWithLink, type SignInDesk } from '../../app/sign-in.js';
import { boothPath } from '../../app/notices/ballot-notices.js';
import { noticesAtSignIn } from '../../app/vote-notices.js';
import { isEmailAddress } from '../../domain/organisation.js';
import { paths } from '../views/paths.js';
import { CODE_FIELD, EMAIL_FIELD, signInCodePage, signInLinkPage, signInPage } from '../views/auth.js';
import { codeSentView, outboxNote, signInView } from '../presenters/auth.js';
import type { Handler } from './app.js';
import { clientNetwork } from './client-address.js';
import { firstProblem } from './forms/fields.js';
import { sendCodeForm, verifyCodeForm } from './forms/auth.js';
import { isOutbox } from '../../runtime/mailer.js';
import {
  clearCookie,
  done,
  errorResponse,
  keepLanguage,
  page,
  param,
  readCookie,
  requestLanguage,
  setFlash,
  viewContext,
  writeCookie,
  type AppDeps,
  type Ctx,
} from './http.js';
import { isLanguage, wordsIn, type Words } from '../../app/language/index.js';
import { httpStatusOf, type RefusalStatus } from './http-status.js';
import { loginCodeHash, newLoginCode, newNonce, newSessionToken, normaliseCode, sessionTokenHash, signInClient, CODE_DIGITS } from './tokens.js';

const MAX_EMAIL = 254;
const NONCE = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * A path on this site to return to after signing in, or null. Only a path
 * with a single leading slash is taken, and it is checked as written and as
 * percent-decoded: browsers drop tabs and newlines from a Location and read a
 * backslash as a slash, so `/\t/evil.com` or `/%5Cevil.com` would lead off the site.
 */
export function safeNextOrNull(next: string | undefined): string | null {
  if (next === undefined || next.length > 2000) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return null;
  }
  for (const form of [next, decoded]) {
    if (!form.startsWith('/') || form.startsWith('//') || /[\\\u0000-\u001f\u007f-\u009f]/.test(form)) return null;
  }
  const base = 'http://hustings.invalid';
  return new URL(next, base).origin === base ? next : null;
}

export function safeNext(next: string | undefined): string {
  return safeNextOrNull(next) ?? paths.home;
}

/** The sign-in rules' desk: the store, the clock, the server's settings, and the secrets made here. */
function desk(deps: AppDeps): SignInDesk {
  const secret = deps.config.secret;
  return {
    store: deps.store,
    clock: deps.clock,
    rules: deps.config,
    secrets: {
      newCode: newLoginCode,
      codeHash: (member, client, code) => loginCodeHash(secret, member, client, code),
      newSessionToken,
      sessionHash: sessionTokenHash,
    },
  };
}

function tooMany(c: Ctx, deps: AppDeps): void {
  c.header('Retry-After', String(deps.config.attempts.windowMinutes * 60));
}

function readEmail(raw: string | undefined, w: Words): { email: string } | { error: string } {
  const email = (raw ?? '').trim();
  if (email === '') return { error: w.t('signIn.emailMissing') };
  if (email.length > MAX_EMAIL || !isEmailAddress(email)) return { error: w.t('signIn.emailBad') };
  return { email };
}

/** The request's words (the sign-in pages are a member's). */
const wordsOf = (c: Ctx): Words => wordsIn(requestLanguage(c));

/** A refusal of the sign-in rules in the request's language: the sign-in use case's sentences are the English catalogue's. */
function refusalText(w: Words, message: string): string {
  const en = wordsIn('en-GB');
  for (const key of ['code.wrong', 'code.retired', 'code.wrongRetired'] as const) if (message === en.t(key)) return w.t(key);
  return message;
}

function mailNote(deps: AppDeps): string | undefined {
  return outboxNote(isOutbox(deps.mailer), deps.config.env === 'development');
}

const signInForm: Handler = (c) => {
  if (c.get('who')) return c.redirect(paths.home, 303);
  const next = safeNextOrNull(c.req.query('next'));
  return page(c, signInPage(signInView({ next }), viewContext(c)));
};

const sendCode: Handler = async (c, deps) => {
  const { config } = deps;
  const form = c.get('form');
  const sent = sendCodeForm.safeParse(form);
  if (!sent.success) return errorResponse(c, 400, `${firstProblem(sent.error)} Nothing was sent.`);
  const { [EMAIL_FIELD]: given, next: nextSent } = sent.data;
  const read = readEmail(given, wordsOf(c));
  if ('error' in read) return page(c, signInPage(signInView({ email: given ?? '', error: read.error }), viewContext(c)), 400);
  // Set for members and strangers alike, so the cookies say nothing either; Strict, since only this site's own form posts the code.
  const held = readCookie(c, config, 'signin');
  const nonce = held !== undefined && NONCE.test(held) ? held : newNonce();
  writeCookie(c, config, 'signin', nonce, config.codeMinutes * 60, 'Strict');
  const email = read.email.toLowerCase();
  const network = clientNetwork(c, config.trustProxy);
  const w = wordsOf(c);
  const limited = await countAttempt(
    desk(deps),
    [
      { key: `send:address:${network}`, max: config.attempts.perAddress, why: w.t('throttle.network') },
      { key: `send:email-address:${email}:${network}`, max: config.attempts.perEmail, why: w.t('throttle.emailNetwork') },
      { key: `send:email:${email}`, max: config.attempts.perEmailEverywhere, why: w.t('throttle.email') },
    ],
    w,
  );
  if (!limited.ok) {
    tooMany(c, deps);
    return errorResponse(c, httpStatusOf(limited.error), limited.error.message, { href: '/sign-in', text: wordsOf(c).t('signIn.back') });
  }
  await sendSignInCode(desk(deps), deps.mailer, read.email, signInClient(config.secret, nonce));
  const next = safeNextOrNull(nextSent);
  const to = `/sign-in/code?${new URLSearchParams({ email: read.email, ...(next ? { next } : {}) }).toString()}`;
  return c.redirect(to, 303);
};

const codeForm: Handler = (c, deps) => {
  const email = c.req.query('email') ?? '';
  const read = readEmail(email, wordsOf(c));
  if ('error' in read) return page(c, signInPage(signInView({ email, error: read.error }), viewContext(c)), 400);
  const code = normaliseCode(c.req.query('code') ?? '') ?? undefined;
  const next = safeNextOrNull(c.req.query('next'));
  return page(c, signInCodePage(codeSentView(read.email, deps.config.codeMinutes, { outboxNote: mailNote(deps), code, next }), viewContext(c)));
};

const verifyCode: Handler = async (c, deps) => {
  const { store, config } = deps;
  const form = c.get('form');
  const sent = verifyCodeForm.safeParse(form);
  if (!sent.success) return errorResponse(c, 400, `${firstProblem(sent.error)} Nothing was saved.`);
  const read = readEmail(sent.data[EMAIL_FIELD], wordsOf(c));
  if ('error' in read)
    return errorResponse(c, 400, wordsOf(c).t('error.nothingSaved', { why: read.error }), { href: '/sign-in', text: wordsOf(c).t('signIn.back') });
  const note = mailNote(deps);
  const next = safeNextOrNull(sent.data.next);
  const again = (error: string, status: 400 | RefusalStatus): Response =>
    page(c, signInCodePage(codeSentView(read.email, config.codeMinutes, { error, outboxNote: note, next }), viewContext(c)), status);
  const code = normaliseCode(sent.data[CODE_FIELD] ?? '');
  if (code === null) return again(wordsOf(c).t('code.missing', { digits: String(CODE_DIGITS) }), 400);
  const network = await countAttempt(
    desk(deps),
    [{ key: `verify:address:${clientNetwork(c, config.trustProxy)}`, max: config.attempts.perAddress, why: wordsOf(c).t('throttle.network') }],
    wordsOf(c),
  );
  if (!network.ok) {
    tooMany(c, deps);
    return again(network.error.message, httpStatusOf(network.error));
  }
  const held = readCookie(c, config, 'signin');
  if (held === undefined || !NONCE.test(held)) {
    return again(wordsOf(c).t('code.otherBrowser'), 400);
  }
  const checked = await checkSignInCode(desk(deps), read.email, signInClient(config.secret, held), code);
  if (!checked.ok) {
    if (checked.error.code === 'throttled') tooMany(c, deps);
    return again(refusalText(wordsOf(c), checked.error.message), httpStatusOf(checked.error));
  }
  const { member, token } = checked.value;
  writeCookie(c, config, 'session', token, config.sessionHours * 3600);
  clearCookie(c, config, 'csrf');
  clearCookie(c, config, 'signin');
  // A paper vote recorded in their name that no email could tell them of is told now, once.
  const notices = await noticesAtSignIn(store, member.id, wordsOf(c));
  if (notices.length > 0) {
    setFlash(c, config, { kind: 'info', message: [wordsOf(c).t('code.signedIn', { name: member.name }), ...notices].join(' ') });
    return c.redirect(safeNext(next ?? undefined), 303);
  }
  return done(c, config, safeNext(next ?? undefined), wordsOf(c).t('code.signedIn', { name: member.name }));
};

const signOut: Handler = async (c, deps) => {
  const token = c.get('sessionToken');
  if (token !== null) await deps.store.deleteSession(sessionTokenHash(token));
  clearCookie(c, deps.config, 'session');
  setFlash(c, deps.config, { kind: 'success', message: wordsOf(c).t('code.signedOut') });
  return c.redirect('/sign-in', 303);
};

const signOutEverywhere: Handler = async (c, deps) => {
  const who = c.get('who')!;
  const n = await deps.store.deleteSessionsOf(who.member.id);
  clearCookie(c, deps.config, 'session');
  setFlash(c, deps.config, { kind: 'success', message: wordsOf(c).t('code.signedOutEverywhere', { n }) });
  return c.redirect('/sign-in', 303);
};

/**
 * A one-time link from an invitation or reminder: a page whose button signs in. The link names the
 * language its mail was written in (?lang=cy), and this browser keeps it: the page, the booth and
 * what follows read as the mail did.
 */
const linkForm: Handler = (c, deps) => {
  const language = c.req.query('lang');
  if (isLanguage(language) && language !== requestLanguage(c)) keepLanguage(c, deps.config, language);
  return page(c, signInLinkPage({ action: c.req.path }, viewContext(c)));
};

/** The button pressed: the link is used (once), a session opened, and the member taken to the ballot it was for. */
const useLink: Handler = async (c, deps) => {
  const { config } = deps;
  const network = await countAttempt(desk(deps), [
    { key: `link:address:${clientNetwork(c, config.trustProxy)}`, max: config.attempts.perAddress, why: wordsOf(c).t('throttle.network') },
  ]);
  if (!network.ok) {
    tooMany(c, deps);
    return page(c, signInLinkPage({ action: c.req.path, refused: true }, viewContext(c)), httpStatusOf(network.error));
  }
  const used = await signInWithLink({ ...desk(deps), store: deps.store }, param(c, 'token'));
  if (!used.ok) return page(c, signInLinkPage({ action: c.req.path, refused: true }, viewContext(c)), 400);
  const { member, token, process: processId } = used.value;
  writeCookie(c, config, 'session', token, config.sessionHours * 3600);
  clearCookie(c, config, 'csrf');
  const proc = await deps.store.processDocument(processId);
  const booth = proc && (proc.kind === 'selection' || proc.kind === 'internal-election') ? boothPath(proc.id, proc.state) : paths.ballots;
  return done(c, config, booth, wordsOf(c).t('code.signedIn', { name: member.name }));
};

export const authHandlers: Readonly<Record<string, Handler>> = {
  'sign-in.link': linkForm,
  'sign-in.link.use': useLink,
  'sign-in': signInForm,
  'sign-in.send': sendCode,
  'sign-in.code': codeForm,
  'sign-in.verify': verifyCode,
  'sign-out': signOut,
  'sign-out.everywhere': signOutEverywhere,
};
