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
import { noticesAtSignIn } from '../../app/vote-notices.js';
import type { Member } from '../../domain/organisation.js';
import { CODE_FIELD, EMAIL_FIELD, signInCodePage, signInPage } from '../views/auth.js';
import type { Handler } from './app.js';
import { clientNetwork } from './client-address.js';
import { single } from './form.js';
import { clearCookie, done, errorResponse, isOutbox, nowIso, page, readCookie, setFlash, viewContext, writeCookie, type AppDeps, type Ctx } from './http.js';
import { loginCodeHash, newLoginCode, newNonce, newSessionToken, normaliseCode, sessionTokenHash, signInClient, CODE_DIGITS } from './tokens.js';

export { clientAddress } from './client-address.js';

const MAX_EMAIL = 254;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
const NONCE = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * A path on this site to return to after signing in, or null. Only a path
 * with a single leading slash is taken, and it is checked as written and as
 * percent-decoded: browsers drop tabs and newlines from a Location and read a
 * backslash as a slash, so `/\t/evil.com` or `/%5Cevil.com` would lead off the site.
 */
function safeNextOrNull(next: string | undefined): string | null {
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
  return safeNextOrNull(next) ?? '/ballots';
}

/** The message if this attempt, counted under each key, takes any of them over its limit. */
async function overLimit(deps: AppDeps, limits: readonly { readonly key: string; readonly max: number; readonly why: string }[]): Promise<string | null> {
  const { store, clock, config } = deps;
  const now = clock.now();
  const since = new Date(now.getTime() - config.attempts.windowMinutes * 60_000).toISOString();
  const at = now.toISOString();
  let over: string | null = null;
  // Every key counts the attempt, even once one is over: a limit reached must not stop the others counting.
  for (const l of limits) if ((await store.countLoginAttempt(l.key, at, since)) > l.max) over ??= l.why;
  return over === null ? null : `There have been too many sign-in attempts ${over} in the last ${config.attempts.windowMinutes} minutes. Wait ${config.attempts.windowMinutes} minutes and try again.`;
}

function tooMany(c: Ctx, deps: AppDeps): void {
  c.header('Retry-After', String(deps.config.attempts.windowMinutes * 60));
}

/** The key a browser's wrong codes for an address are counted under. */
const wrongCodesKey = (email: string, client: string): string => `verify:email-client:${email.toLowerCase()}:${client}`;

function readEmail(raw: string | undefined): { email: string } | { error: string } {
  const email = (raw ?? '').trim();
  if (email === '') return { error: 'Enter your email address.' };
  if (email.length > MAX_EMAIL || !EMAIL.test(email)) return { error: 'Enter an email address like name@example.org.' };
  return { email };
}

function outboxNote(deps: AppDeps): string | undefined {
  if (!isOutbox(deps.mailer)) return undefined;
  return deps.config.env === 'development'
    ? 'This is a development server: the email is printed in the server’s console and shown at /dev/outbox.'
    : 'No mail server is configured: the email is printed in the server’s console.';
}

function codeMail(deps: AppDeps, member: Member, email: string, code: string): { subject: string; text: string } {
  const link = `${deps.config.publicUrl}/sign-in/code?${new URLSearchParams({ email, code }).toString()}`;
  return {
    subject: `Your Hustings sign-in code: ${code}`,
    text: [
      `Hello ${member.name},`,
      '',
      `Your code to sign in to Hustings is ${code}.`,
      `It works once, for ${deps.config.codeMinutes} minutes, in the browser where you asked for it. You can also open this link in that browser and press "Sign in":`,
      link,
      '',
      'If you did not ask to sign in, you can ignore this email: nobody can sign in without the code.',
    ].join('\n'),
  };
}

const signInForm: Handler = (c) => {
  if (c.get('who')) return c.redirect('/ballots', 303);
  const next = safeNextOrNull(c.req.query('next'));
  return page(c, signInPage(next ? { next } : {}, viewContext(c)));
};

const sendCode: Handler = async (c, deps) => {
  const { store, config } = deps;
  const form = c.get('form');
  const sent = single(form, EMAIL_FIELD);
  if (sent.error) return errorResponse(c, 400, `${sent.error} Nothing was sent.`);
  const read = readEmail(sent.value);
  if ('error' in read) return page(c, signInPage({ email: sent.value ?? '', error: read.error }, viewContext(c)), 400);
  // Set for members and strangers alike, so the cookies say nothing either; Strict, since only this site's own form posts the code.
  const held = readCookie(c, config, 'signin');
  const nonce = held !== undefined && NONCE.test(held) ? held : newNonce();
  writeCookie(c, config, 'signin', nonce, config.codeMinutes * 60, 'Strict');
  const email = read.email.toLowerCase();
  const network = clientNetwork(c, config.trustProxy);
  const limited = await overLimit(deps, [
    { key: `send:address:${network}`, max: config.attempts.perAddress, why: 'from your network' },
    { key: `send:email-address:${email}:${network}`, max: config.attempts.perEmail, why: 'for this email address from your network' },
    { key: `send:email:${email}`, max: config.attempts.perEmailEverywhere, why: 'for this email address' },
  ]);
  if (limited) {
    tooMany(c, deps);
    return errorResponse(c, 429, limited, { href: '/sign-in', text: 'Back to sign in' });
  }

  const client = signInClient(config.secret, nonce);
  // A fresh code starts a fresh count of wrong tries in this browser.
  await store.forgetLoginAttempts(wrongCodesKey(email, client));
  const member = await store.memberByEmail(read.email);
  if (member) {
    const code = newLoginCode();
    const expiresAt = new Date(deps.clock.now().getTime() + config.codeMinutes * 60_000).toISOString();
    await store.putLoginCode({ member: member.id, client, codeHash: loginCodeHash(config.secret, member.id, client, code), expiresAt });
    // Queued: this returns at once whatever the mail server does, and a failure is logged and retried there.
    await deps.mailer.send({ kind: 'sign-in-code', to: member.email ?? read.email, ...codeMail(deps, member, read.email, code) });
  }
  const next = safeNextOrNull(single(form, 'next').value);
  const to = `/sign-in/code?${new URLSearchParams({ email: read.email, ...(next ? { next } : {}) }).toString()}`;
  return c.redirect(to, 303);
};

const codeForm: Handler = (c, deps) => {
  const email = c.req.query('email') ?? '';
  const read = readEmail(email);
  if ('error' in read) return page(c, signInPage({ email, error: read.error }, viewContext(c)), 400);
  const note = outboxNote(deps);
  const code = normaliseCode(c.req.query('code') ?? '') ?? undefined;
  const next = safeNextOrNull(c.req.query('next'));
  return page(c, signInCodePage({ email: read.email, expiresInMinutes: deps.config.codeMinutes, ...(note ? { outboxNote: note } : {}), ...(code ? { code } : {}), ...(next ? { next } : {}) }, viewContext(c)));
};

const verifyCode: Handler = async (c, deps) => {
  const { store, clock, config } = deps;
  const form = c.get('form');
  const emailField = single(form, EMAIL_FIELD);
  const codeField = single(form, CODE_FIELD);
  if (emailField.error || codeField.error) return errorResponse(c, 400, `${emailField.error ?? codeField.error} Nothing was saved.`);
  const read = readEmail(emailField.value);
  if ('error' in read) return errorResponse(c, 400, `${read.error} Nothing was saved.`, { href: '/sign-in', text: 'Back to sign in' });
  const note = outboxNote(deps);
  const next = safeNextOrNull(single(form, 'next').value);
  const again = (error: string, status: 400 | 429): Response =>
    page(c, signInCodePage({ email: read.email, expiresInMinutes: config.codeMinutes, error, ...(note ? { outboxNote: note } : {}), ...(next ? { next } : {}) }, viewContext(c)), status);
  const code = normaliseCode(codeField.value ?? '');
  if (code === null) return again(`Enter the ${CODE_DIGITS}-digit code from the email.`, 400);
  const network = await overLimit(deps, [{ key: `verify:address:${clientNetwork(c, config.trustProxy)}`, max: config.attempts.perAddress, why: 'from your network' }]);
  if (network) {
    tooMany(c, deps);
    return again(network, 429);
  }
  const held = readCookie(c, config, 'signin');
  if (held === undefined || !NONCE.test(held)) {
    return again('This browser has not asked for a code for this address. A code works only in the browser that asked for it: enter it there, or send a new code from this browser.', 400);
  }
  const client = signInClient(config.secret, held);
  const email = read.email.toLowerCase();
  const member = await store.memberByEmail(read.email);
  // Counted per address and browser, for members and strangers alike: someone else's wrong codes are counted in their browser, never in the owner's.
  const triedAt = clock.now();
  const tries = await store.countLoginAttempt(wrongCodesKey(email, client), triedAt.toISOString(), new Date(triedAt.getTime() - config.attempts.windowMinutes * 60_000).toISOString());
  const retired = 'That code has been tried wrongly too many times, so it no longer works. Send a new code.';
  if (tries > config.attempts.perEmail) {
    if (member) await store.retireLoginCode(member.id, client);
    tooMany(c, deps);
    return again(retired, 429);
  }
  const accepted = member !== null && (await store.consumeLoginCode(member.id, loginCodeHash(config.secret, member.id, client, code), nowIso(clock)));
  if (!member || !accepted) {
    if (tries < config.attempts.perEmail) return again('That code is not right, has been used, or has expired. Check the latest email, or send a new code.', 400);
    if (member) await store.retireLoginCode(member.id, client);
    return again(`That code is not right. ${retired}`, 400);
  }
  await store.forgetLoginAttempts(wrongCodesKey(email, client));

  const token = newSessionToken();
  const now = clock.now();
  await store.putSession({
    tokenHash: sessionTokenHash(token),
    member: member.id,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + config.sessionHours * 3_600_000).toISOString(),
  });
  writeCookie(c, config, 'session', token, config.sessionHours * 3600);
  clearCookie(c, config, 'csrf');
  clearCookie(c, config, 'signin');
  // A paper vote recorded in their name that no email could tell them of is told now, once.
  const notices = await noticesAtSignIn(store, member.id);
  if (notices.length > 0) {
    setFlash(c, config, { kind: 'info', message: [`Signed in as ${member.name}.`, ...notices].join(' ') });
    return c.redirect(safeNext(next ?? undefined), 303);
  }
  return done(c, config, safeNext(next ?? undefined), `Signed in as ${member.name}.`);
};

const signOut: Handler = async (c, deps) => {
  const token = c.get('sessionToken');
  if (token !== null) await deps.store.deleteSession(sessionTokenHash(token));
  clearCookie(c, deps.config, 'session');
  setFlash(c, deps.config, { kind: 'success', message: 'You have signed out.' });
  return c.redirect('/sign-in', 303);
};

const signOutEverywhere: Handler = async (c, deps) => {
  const who = c.get('who')!;
  const n = await deps.store.deleteSessionsOf(who.member.id);
  clearCookie(c, deps.config, 'session');
  setFlash(c, deps.config, { kind: 'success', message: `You have signed out everywhere (${n} session${n === 1 ? '' : 's'} ended).` });
  return c.redirect('/sign-in', 303);
};

export const authHandlers: Readonly<Record<string, Handler>> = {
  'sign-in': signInForm,
  'sign-in.send': sendCode,
  'sign-in.code': codeForm,
  'sign-in.verify': verifyCode,
  'sign-out': signOut,
  'sign-out.everywhere': signOutEverywhere,
};
