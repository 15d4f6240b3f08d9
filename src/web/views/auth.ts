/** Sign-in: enter your email → we sent you a code → enter the code. */
import type { ViewContext } from './context.js';
import { csrfField, errorSummary, field, submitButton } from './forms.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { paths } from './paths.js';
import { wordsFor, wordsHtml } from './language.js';

export const EMAIL_FIELD = 'email';
export const CODE_FIELD = 'code';

export interface SignInView {
  readonly email?: string;
  readonly error?: string;
  /** Where to go after signing in (a path on this site). */
  readonly next?: string;
}

export function signInPage(data: SignInView, ctx: ViewContext): string {
  const w = wordsFor(ctx);
  const errors: Record<string, string> = data.error ? { [EMAIL_FIELD]: data.error } : {};
  const body = html`${errorSummary(errors, { [EMAIL_FIELD]: w.t('signIn.email') }, {}, errors[EMAIL_FIELD] ? w.t('form.problem') : undefined)}
<p>${w.t('signIn.intro')}</p>
<form method="post" action="${paths.signIn}" novalidate>
${csrfField(ctx)}
${data.next && html`<input type="hidden" name="next" value="${data.next}">`}
${field({ name: EMAIL_FIELD, label: w.t('signIn.email'), type: 'email', value: data.email, error: data.error, autocomplete: 'email', inputmode: 'email', required: true, hint: w.t('signIn.emailHint'), errorPrefix: w.t('layout.errorPrefix') })}
${submitButton(w.t('signIn.send'))}
</form>
<p>${w.t('signIn.resultsBefore')} <a href="${paths.resultsIndex}">${w.t('signIn.resultsLink')}</a> ${w.t('signIn.resultsAfter')}</p>`;
  return layout({ title: w.t('signIn.title'), body, titlePrefix: data.error ? w.t('layout.errorPrefix') : '' }, ctx);
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
  const w = wordsFor(ctx);
  const errors: Record<string, string> = data.error ? { [CODE_FIELD]: data.error } : {};
  const body = html`${errorSummary(errors, { [CODE_FIELD]: w.t('code.label') }, {}, errors[CODE_FIELD] ? w.t('form.problem') : undefined)}
<p>${wordsHtml(w, 'code.sent', { email: html`<strong>${data.email}</strong>` })} ${w.t('code.works', { minutes: data.expiresInMinutes })}</p>
${data.outboxNote && html`<p class="note">${data.outboxNote}</p>`}
<form method="post" action="${paths.signInCode}" novalidate>
${csrfField(ctx)}
<input type="hidden" name="${EMAIL_FIELD}" value="${data.email}">
${data.next && html`<input type="hidden" name="next" value="${data.next}">`}
${field({ name: CODE_FIELD, label: w.t('code.label'), value: data.code ?? '', error: data.error, autocomplete: 'one-time-code', inputmode: 'numeric', required: true, narrow: true, errorPrefix: w.t('layout.errorPrefix') })}
${submitButton(w.t('code.submit'))}
</form>
<p><a href="${paths.signIn}">${w.t('code.again')}</a></p>`;
  return layout({ title: w.t('code.title'), body, titlePrefix: data.error ? w.t('layout.errorPrefix') : '' }, ctx);
}

/** The page a one-time link opens: one button signs in (a link is used by a deliberate press, never by a mail scanner's visit). */
export function signInLinkPage(data: { readonly action: string; readonly refused?: boolean }, ctx: ViewContext): string {
  const w = wordsFor(ctx);
  const body = data.refused
    ? html`<p class="error-message">${w.t('link.used')}</p>
<p><a class="button" href="${paths.signIn}">${w.t('link.signIn')}</a></p>`
    : html`<p>${w.t('link.lead')}</p>
<form method="post" action="${data.action}">
${csrfField(ctx)}
${submitButton(w.t('link.button'))}
</form>
<p><a href="${paths.signIn}">${w.t('link.signIn')}</a></p>`;
  return layout({ title: w.t('link.title'), body, titlePrefix: data.refused ? w.t('layout.errorPrefix') : '' }, ctx);
}
