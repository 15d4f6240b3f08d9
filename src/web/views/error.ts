/** A page for a refused or failed request: the status in words, what went wrong, and where to go next. */
import type { ViewContext } from './context.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { paths } from './paths.js';
import { wordsFor } from './language.js';
import type { Words } from '../../app/language/index.js';

export interface ErrorView {
  readonly status: number;
  /** What went wrong, in a sentence the user can act on. */
  readonly message: string;
  /** Overrides the heading derived from the status. */
  readonly title?: string;
  readonly back?: { readonly href: string; readonly text: string };
}

const TITLES: Readonly<Record<number, string>> = {
  400: 'There is a problem with what was sent',
  401: 'You need to sign in',
  403: 'You do not have permission to see this',
  404: 'Page not found',
  405: 'That action is not allowed here',
  408: 'What was sent did not arrive in time',
  409: 'That has already happened',
  413: 'What was sent is too large',
  415: 'That kind of content is not accepted',
  422: 'There is a problem with what was sent',
  429: 'Too many attempts',
  500: 'Something went wrong on our side',
  503: 'The service is busy',
};

export function errorTitle(status: number, w: Words = wordsFor({})): string {
  const known = TITLES[status] !== undefined ? status : status >= 500 ? 500 : 400;
  return w.t(`error.${known === 422 ? 400 : known}` as `error.${400 | 401 | 403 | 404 | 405 | 408 | 409 | 413 | 415 | 429 | 500 | 503}`);
}

export function errorPage(data: ErrorView, ctx: ViewContext): string {
  const w = wordsFor(ctx);
  const back = data.back ?? (ctx.user ? { href: paths.home, text: w.t('error.start') } : { href: paths.signIn, text: w.t('nav.signIn') });
  const body = html`<p class="status-code">${w.t('error.status', { status: String(data.status) })}</p>
<p>${data.message}</p>
<p><a href="${back.href}">${back.text}</a></p>`;
  return layout({ title: data.title ?? errorTitle(data.status, w), body, titlePrefix: w.t('layout.errorPrefix') }, ctx);
}
