/**
 * Signing in by a one-time code sent by email, and signing out.
 *
 *   POST /sign-in        email → (if a member has it) a code of 8 random digits, stored
 *                        hashed with a 10-minute expiry, mailed with a link that fills it in
 *   POST /sign-in/code   email + code → the code is consumed (it works once) and a
 *                        session starts: a random token in an HttpOnly cookie, its hash stored
 *   POST /sign-out, /sign-out/everywhere
 *
 * The answer to /sign-in never says whether the address belongs to a member.
 * Both steps are rate-limited per email address and per client address.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import { noticesAtSignIn } from '../../app/vote-notices.js';
import type { Member } from '../../domain/organisation.js';
import { CODE_FIELD, EMAIL_FIELD, signInCodePage, signInPage } from '../views/auth.js';
import type { Handler } from './app.js';
import { single } from './form.js';
import { clearCookie, done, errorResponse, isOutbox, nowIso, page, setFlash, viewContext, writeCookie, type AppDeps, type Ctx } from './http.js';
import { loginCodeHash, newLoginCode, newSessionToken, normaliseCode, sessionTokenHash, CODE_DIGITS } from './tokens.js';

const MAX_EMAIL = 254;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** The client's address: the connection's, or (behind a trusted proxy) the first X-Forwarded-For entry. */
export function clientAddress(c: Ctx, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // In-process requests (tests) have no socket.
    return 'unknown';
  }
}

/** A safe place to go after signing in: a path on this site, never another site. */
/** A path on this site to return to after signing in, or null (never another site: no open redirect). */
function safeNextOrNull(next: string | undefined): string | null {
  if (next === undefined || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null;
  return next;
}

export function safeNext(next: string | undefined): string {
  return safeNextOrNull(next) ?? '/ballots';
}

/** Counts this attempt against the email and the address; the message if either is over its limit. */
async function overLimit(c: Ctx, deps: AppDeps, step: 'send' | 'verify', email: string): Promise<string | null> {
  const { store, clock, config } = deps;
  const now = clock.now();
  const since = new Date(now.getTime() - config.attempts.windowMinutes * 60_000).toISOString();
  const at = now.toISOString();
  const byEmail = await store.countLoginAttempt(`${step}:email:${email.toLowerCase()}`, at, since);
  const byAddress = await store.countLoginAttempt(`${step}:address:${clientAddress(c, config.trustProxy)}`, at, since);
  if (byEmail > config.attempts.perEmail || byAddress > config.attempts.perAddress) {
    c.header('Retry-After', String(config.attempts.windowMinutes * 60));
    return `There have been too many sign-in attempts ${byEmail > config.attempts.perEmail ? 'for this email address' : 'from your network'} in the last ${config.attempts.windowMinutes} minutes. Wait ${config.attempts.windowMinutes} minutes and try again.`;
  }
  return null;
}

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
      `It works once, for ${deps.config.codeMinutes} minutes. You can also open this link and press "Sign in":`,
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
  const form = c.get('form');
  const sent = single(form, EMAIL_FIELD);
  if (sent.error) return errorResponse(c, 400, `${sent.error} Nothing was sent.`);
  const read = readEmail(sent.value);
  if ('error' in read) return page(c, signInPage({ email: sent.value ?? '', error: read.error }, viewContext(c)), 400);
  const limited = await overLimit(c, deps, 'send', read.email);
  if (limited) return errorResponse(c, 429, limited, { href: '/sign-in', text: 'Back to sign in' });

  const member = await deps.store.memberByEmail(read.email);
  if (member) {
    const code = newLoginCode();
    const expiresAt = new Date(deps.clock.now().getTime() + deps.config.codeMinutes * 60_000).toISOString();
    await deps.store.putLoginCode({ member: member.id, codeHash: loginCodeHash(member.id, code), expiresAt });
    try {
      await deps.mailer.send({ to: member.email ?? read.email, ...codeMail(deps, member, read.email, code) });
    } catch (e) {
      console.error('hustings: could not send a sign-in code:', e);
      return errorResponse(c, 503, 'The sign-in email could not be sent just now. Try again in a few minutes.');
    }
  }
  const next = single(form, 'next').value;
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
  const again = (error: string, status: 400 | 429): Response =>
    page(c, signInCodePage({ email: read.email, expiresInMinutes: config.codeMinutes, error, ...(note ? { outboxNote: note } : {}) }, viewContext(c)), status);
  const code = normaliseCode(codeField.value ?? '');
  if (code === null) return again(`Enter the ${CODE_DIGITS}-digit code from the email.`, 400);
  const limited = await overLimit(c, deps, 'verify', read.email);
  if (limited) return again(limited, 429);

  const member = await store.memberByEmail(read.email);
  const accepted = member !== null && (await store.consumeLoginCode(member.id, loginCodeHash(member.id, code), nowIso(clock)));
  if (!member || !accepted) return again('That code is not right, has been used, or has expired. Check the latest email, or send a new code.', 400);

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
  // A paper vote recorded in their name that no email could tell them of is told now, once.
  const notices = await noticesAtSignIn(store, member.id);
  if (notices.length > 0) {
    setFlash(c, config, { kind: 'info', message: [`Signed in as ${member.name}.`, ...notices].join(' ') });
    return c.redirect(safeNext(single(form, 'next').value), 303);
  }
  return done(c, config, safeNext(single(form, 'next').value), `Signed in as ${member.name}.`);
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
