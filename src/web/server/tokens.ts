/**
 * The secrets the web app hands out and how they are checked: session tokens
 * (only their hash is stored), one-time sign-in codes (hashed at rest), CSRF
 * tokens (derived from the session token, or signed for signed-out forms) and
 * signed one-off messages. All comparisons are constant-time.
 */
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { MemberId } from '../../domain/ids.js';

export const CODE_DIGITS = 8;

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: Buffer | string, text: string): string => createHmac('sha256', key).update(text, 'utf8').digest('base64url');

export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** 256 random bits, for the session cookie. */
export const newSessionToken = (): string => randomBytes(32).toString('base64url');

/** What the store keeps of a session token. */
export const sessionTokenHash = (token: string): string => sha256(`session\0${token}`);

/** A one-time code of CODE_DIGITS random digits. */
export function newLoginCode(): string {
  return String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
}

/**
 * What the store keeps of a code: an HMAC under the server's secret (a bare hash of 8 digits falls to
 * anyone with a copy of the database in minutes), tied to the member and to the browser that asked, so a
 * code is no use to another member or in another browser.
 */
export const loginCodeHash = (secret: Buffer, member: MemberId, client: string, code: string): string =>
  hmac(secret, `sign-in code\0${member}\0${client}\0${code}`);

/** What the store keeps to name the browser that asked for a code: a digest of its sign-in cookie, which the store never sees. */
export const signInClient = (secret: Buffer, nonce: string): string => hmac(secret, `sign-in client\0${nonce}`);

/** A code as people type it: spaces and dashes are ignored. */
export function normaliseCode(text: string): string | null {
  const digits = text.replace(/[\s-]/g, '');
  return new RegExp(`^\\d{${CODE_DIGITS}}$`).test(digits) ? digits : null;
}

/**
 * The synchroniser token of a session: derived from the session token, which
 * only the browser holding the HttpOnly cookie knows, so another site cannot
 * forge it and nothing extra is stored. Distinct from the stored hash.
 */
export const sessionCsrfToken = (sessionToken: string): string => hmac(sessionToken, 'csrf');

/**
 * What a request's session cookie gives: the hash to look the session up by
 * and the session's CSRF token. Both are pure functions of the token, and a
 * member's visit sends the same token with every request, so the last few
 * thousand are remembered rather than hashed again each time. Nothing here
 * outlives the process, and a remembered token is worth nothing once the store
 * has forgotten its session (signing out deletes it there).
 */
export function sessionSecrets(token: string): { readonly hash: string; readonly csrf: string } {
  let s = derived.get(token);
  if (s === undefined) {
    s = { hash: sessionTokenHash(token), csrf: sessionCsrfToken(token) };
    if (derived.size >= DERIVED_KEPT) derived.delete(derived.keys().next().value!);
    derived.set(token, s);
  }
  return s;
}
const DERIVED_KEPT = 10_000;
const derived = new Map<string, { readonly hash: string; readonly csrf: string }>();

/** A random nonce for the signed-out CSRF cookie. */
export const newNonce = (): string => randomBytes(16).toString('base64url');

/** The signed-out forms' token: the nonce in the cookie, signed with the server's secret (a double-submit the attacker cannot mint). */
export const anonymousCsrfToken = (secret: Buffer, nonce: string): string => hmac(secret, `anon-csrf\0${nonce}`);

/**
 * A tracker code reduced to what identifies it, so a code typed without its dashes, with spaces,
 * in small letters or with a pasted typographic dash finds the same ballot.
 */
export const trackerKey = (code: string): string => code.replace(/[^A-Za-z0-9]/g, '').toUpperCase();

/** A short message signed so that only this server can set it (the one-off "done" notes after a redirect). */
export function signValue(secret: Buffer, value: string): string {
  const body = Buffer.from(value, 'utf8').toString('base64url');
  return `${body}.${hmac(secret, `flash\0${body}`)}`;
}

export function unsignValue(secret: Buffer, signed: string): string | null {
  const dot = signed.lastIndexOf('.');
  if (dot < 0) return null;
  const body = signed.slice(0, dot);
  if (!sameText(signed.slice(dot + 1), hmac(secret, `flash\0${body}`))) return null;
  return Buffer.from(body, 'base64url').toString('utf8');
}
