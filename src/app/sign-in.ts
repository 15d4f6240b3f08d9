/**
 * Signing in with a one-time code sent by email: the limits on attempts, issuing a code, and
 * checking one, which opens a session. The web app keeps what is HTTP's (the cookie that names the
 * browser, the client's network, the pages) and brings the secrets (`SignInSecrets`), so the
 * rules read the same whatever serves them.
 */
import type { Member } from '../domain/organisation.js';
import type { Clock } from '../domain/time.js';
import type { ProcessId } from '../domain/ids.js';
import type { AuthStore, OrganisationStore, OutboxStore } from '../store/store.js';
import { signInLinkHash } from './notices/templates.js';
import { refusal, type AppResult } from './app-error.js';
import { wordsIn, type Words } from './language/index.js';

/** The settings the rules read (the server's configuration has them). */
export interface SignInRules {
  readonly publicUrl: string;
  readonly sessionHours: number;
  readonly codeMinutes: number;
  readonly attempts: { readonly windowMinutes: number; readonly perEmail: number; readonly perAddress: number; readonly perEmailEverywhere: number };
}

/** Codes and session tokens, and what the store keeps of them (never the code or the token itself). */
export interface SignInSecrets {
  newCode(): string;
  codeHash(member: Member['id'], client: string, code: string): string;
  newSessionToken(): string;
  sessionHash(token: string): string;
}

/** Where a code goes: the web app's mail queue, which returns at once. */
export interface SignInMailer {
  send(message: { readonly kind: 'sign-in-code'; readonly to: string; readonly subject: string; readonly text: string }): Promise<void>;
}

export interface SignInDesk {
  readonly store: AuthStore;
  readonly clock: Clock;
  readonly rules: SignInRules;
  readonly secrets: SignInSecrets;
}

/** One limit an attempt counts against: its key in the store, the attempts allowed per window, and the words for it (in the language of `countAttempt`'s words). */
export interface AttemptLimit {
  readonly key: string;
  readonly max: number;
  readonly why: string;
}

/** Counts this attempt under every key; refused ('throttled') if it takes any of them over its limit, said in `w`'s language. */
export async function countAttempt(d: SignInDesk, limits: readonly AttemptLimit[], w: Words = wordsIn('en-GB')): Promise<AppResult<void>> {
  const window = d.rules.attempts.windowMinutes;
  const now = d.clock.now();
  const since = new Date(now.getTime() - window * 60_000).toISOString();
  const at = now.toISOString();
  let over: string | null = null;
  // Every key counts the attempt, even once one is over: a limit reached must not stop the others counting.
  for (const l of limits) if ((await d.store.countLoginAttempt(l.key, at, since)) > l.max) over ??= l.why;
  if (over === null) return { ok: true, value: undefined };
  return refusal('throttled', 'too-many-attempts', w.t('throttle.tooMany', { over, window }));
}

/** The key a browser's wrong codes for an address are counted under. */
const wrongCodesKey = (email: string, client: string): string => `verify:email-client:${email.toLowerCase()}:${client}`;

function codeMail(rules: SignInRules, member: Member, email: string, code: string): { subject: string; text: string } {
  const link = `${rules.publicUrl}/sign-in/code?${new URLSearchParams({ email, code }).toString()}`;
  return {
    subject: `Your Hustings sign-in code: ${code}`,
    text: [
      `Hello ${member.name},`,
      '',
      `Your code to sign in to Hustings is ${code}.`,
      `It works once, for ${rules.codeMinutes} minutes, in the browser where you asked for it. You can also open this link in that browser and press "Sign in":`,
      link,
      '',
      'If you did not ask to sign in, you can ignore this email: nobody can sign in without the code.',
    ].join('\n'),
  };
}

/**
 * Sends a code for `email` (as typed) to be used in the browser `client`, if a member has that
 * address; a stranger's request does the same work short of the mail, so nothing tells them apart.
 */
export async function sendSignInCode(d: SignInDesk, mailer: SignInMailer, email: string, client: string): Promise<void> {
  // A fresh code starts a fresh count of wrong tries in this browser.
  await d.store.forgetLoginAttempts(wrongCodesKey(email, client));
  const member = await d.store.memberByEmail(email);
  if (!member) return;
  const code = d.secrets.newCode();
  const expiresAt = new Date(d.clock.now().getTime() + d.rules.codeMinutes * 60_000).toISOString();
  await d.store.putLoginCode({ member: member.id, client, codeHash: d.secrets.codeHash(member.id, client, code), expiresAt });
  // Queued by the web app: this returns at once whatever the mail server does, and a failure is logged and retried there.
  await mailer.send({ kind: 'sign-in-code', to: member.email ?? email, ...codeMail(d.rules, member, email, code) });
}

/** The member signed in, and the token of their new session (for the cookie; the store keeps only its hash). */
export interface CodeAccepted {
  readonly member: Member;
  readonly token: string;
}

const RETIRED = 'That code has been tried wrongly too many times, so it no longer works. Send a new code.';

/**
 * Checks the code typed for `email` in the browser `client` and, if it is right, opens a session.
 * Wrong codes are counted per address and browser, for members and strangers alike: someone else's
 * wrong codes are counted in their browser, never in the owner's; past the limit the code is retired.
 */
export async function checkSignInCode(d: SignInDesk, email: string, client: string, code: string): Promise<AppResult<CodeAccepted>> {
  const { store, clock, rules } = d;
  const key = wrongCodesKey(email, client);
  const member = await store.memberByEmail(email);
  const triedAt = clock.now();
  const tries = await store.countLoginAttempt(key, triedAt.toISOString(), new Date(triedAt.getTime() - rules.attempts.windowMinutes * 60_000).toISOString());
  if (tries > rules.attempts.perEmail) {
    if (member) await store.retireLoginCode(member.id, client);
    return refusal('throttled', 'code-retired', RETIRED);
  }
  const accepted = member !== null && (await store.consumeLoginCode(member.id, d.secrets.codeHash(member.id, client, code), clock.now().toISOString()));
  if (!member || !accepted) {
    if (tries < rules.attempts.perEmail)
      return refusal('malformed', 'wrong-code', 'That code is not right, has been used, or has expired. Check the latest email, or send a new code.');
    if (member) await store.retireLoginCode(member.id, client);
    return refusal('malformed', 'wrong-code', `That code is not right. ${RETIRED}`);
  }
  await store.forgetLoginAttempts(key);
  return { ok: true, value: { member, token: await openSession(d, member) } };
}

/** A new session for `member`: its token, for the cookie (the store keeps only its hash). */
async function openSession(d: SignInDesk, member: Member): Promise<string> {
  const token = d.secrets.newSessionToken();
  const now = d.clock.now();
  await d.store.putSession({
    tokenHash: d.secrets.sessionHash(token),
    member: member.id,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + d.rules.sessionHours * 3_600_000).toISOString(),
  });
  return token;
}

/** A one-time link's token as the invitations make it: 32 random bytes, base64url. */
const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Signs in with the one-time link of an invitation or reminder, which opens a session and says which
 * ballot it was for. A link works once, until its ballot closes; any other is refused in the same words,
 * so a guessed link learns nothing.
 */
export async function signInWithLink(
  d: SignInDesk & { readonly store: AuthStore & Pick<OutboxStore, 'useSignInLink'> & Pick<OrganisationStore, 'getMember'> },
  token: string,
): Promise<AppResult<CodeAccepted & { readonly process: ProcessId }>> {
  const used = LINK_TOKEN.test(token) ? await d.store.useSignInLink(signInLinkHash(token), d.clock.now().toISOString()) : null;
  const member = used === null ? null : await d.store.getMember(used.member);
  if (used === null || member === null) return refusal('malformed', 'bad-link', 'This link has been used already, has expired, or is not one we sent.');
  return { ok: true, value: { member, token: await openSession(d, member), process: used.process } };
}
