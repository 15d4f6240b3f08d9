/** Sign-in: enter your email → we sent you a code → enter the code. */
import type { ViewContext } from './context.js';
import { csrfField, errorSummary, field, submitButton } from './forms.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { paths } from './paths.js';

export const EMAIL_FIELD = 'email';
export const CODE_FIELD = 'code';

export interface SignInView {
  readonly email?: string;
  readonly error?: string;
  /** Where to go after signing in (a path on this site). */
  readonly next?: string;
}

export function signInPage(data: SignInView, ctx: ViewContext): string {
  const errors: Record<string, string> = data.error ? { [EMAIL_FIELD]: data.error } : {};
  const body = html`${errorSummary(errors, { [EMAIL_FIELD]: 'Email address' })}
<p>We will email you a code to sign in with. You do not need a password.</p>
<form method="post" action="${paths.signIn}" novalidate>
${csrfField(ctx)}
${data.next && html`<input type="hidden" name="next" value="${data.next}">`}
${field({ name: EMAIL_FIELD, label: 'Email address', type: 'email', value: data.email, error: data.error, autocomplete: 'email', inputmode: 'email', required: true, hint: 'The address the party has for your membership.' })}
${submitButton('Send me a code')}
</form>
<p>Results are public: <a href="${paths.resultsIndex}">see every declared result and trigger-ballot outcome</a> without signing in.</p>`;
  return layout({ title: 'Sign in', body, titlePrefix: data.error ? 'Error: ' : '' }, ctx);
}

export interface CodeSentView {
  readonly email: string;
  /** How long the code works. */
  readonly expiresInMinutes: number;
  readonly error?: string;
  /** In development mail goes to an outbox printed in the server's console; say so. */
  readonly outboxNote?: string;
  /** The code, when the member followed the link in the email. */
  readonly code?: string;
  /** Where to go after signing in (a path on this site). */
  readonly next?: string;
}

export function signInCodePage(data: CodeSentView, ctx: ViewContext): string {
  const errors: Record<string, string> = data.error ? { [CODE_FIELD]: data.error } : {};
  const body = html`${errorSummary(errors, { [CODE_FIELD]: 'Code' })}
<p>If <strong>${data.email}</strong> belongs to a member, we have sent a code to it. The code works once, only in the browser that asked for it, and expires in ${data.expiresInMinutes} minutes.</p>
${data.outboxNote && html`<p class="note">${data.outboxNote}</p>`}
<form method="post" action="${paths.signInCode}" novalidate>
${csrfField(ctx)}
<input type="hidden" name="${EMAIL_FIELD}" value="${data.email}">
${data.next && html`<input type="hidden" name="next" value="${data.next}">`}
${field({ name: CODE_FIELD, label: 'Code from the email', value: data.code ?? '', error: data.error, autocomplete: 'one-time-code', inputmode: 'numeric', required: true, narrow: true })}
${submitButton('Sign in')}
</form>
<p><a href="${paths.signIn}">Use a different email address or send a new code</a></p>`;
  return layout({ title: 'Check your email', body, titlePrefix: data.error ? 'Error: ' : '' }, ctx);
}
