/**
 * The page every view returns: one document with a skip link, a header with the
 * navigation for the user's roles, one h1 (the page title), the flash message,
 * the page's own content in <main>, and a footer.
 */
import type { ViewContext } from './context.js';
import { csrfField } from './forms.js';
import { html, type Html, type Interpolation } from './html.js';
import { navigation } from './nav.js';
import { languageSwitch, wordsFor, wordsHtml } from './language.js';
import { paths } from './paths.js';

export interface Page {
  /** The h1 and the document title. */
  readonly title: string;
  readonly body: Interpolation;
  /** A sentence under the h1. */
  readonly lead?: string;
  /** Static ES modules this page is enhanced by (file names under /static/). */
  readonly scripts?: readonly string[];
  /** Extra words for the <title> only, before the site name (e.g. "Error: "). */
  readonly titlePrefix?: string;
}

function flashBox(ctx: ViewContext): Html | null {
  const f = ctx.flash;
  if (!f) return null;
  const word = wordsFor(ctx).t(`flash.${f.kind}`);
  return html`<div class="flash flash-${f.kind}" role="${f.kind === 'error' ? 'alert' : 'status'}"><strong>${word}:</strong> ${f.message}</div>`;
}

function account(ctx: ViewContext): Html | null {
  const u = ctx.user;
  if (!u) return null;
  const w = wordsFor(ctx);
  const supporter = u.supporter === 'registered-supporter' ? 'supporters.class.registered' : 'supporters.class.affiliated';
  const roles = u.roles.map((r) => w.t(r === 'member' && u.supporter !== undefined ? supporter : `role.${r}`)).join(', ');
  return html`<div class="account">
<p>${wordsHtml(w, 'layout.signedInAs', { name: html`<strong>${u.name}</strong>` })}${roles && html` <span class="roles">(${roles})</span>`}</p>
<form method="post" action="${paths.signOut}" class="inline-form">${csrfField(ctx)}<button type="submit" class="link-button">${w.t('layout.signOut')}</button></form>
<form method="post" action="${paths.signOutEverywhere}" class="inline-form">${csrfField(ctx)}<button type="submit" class="link-button">${w.t('layout.signOutEverywhere')}</button></form>
</div>`;
}

export function layout(page: Page, ctx: ViewContext): string {
  const w = wordsFor(ctx);
  return html`<!doctype html>
<html lang="${w.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.titlePrefix ?? ''}${page.title} — Hustings</title>
<link rel="stylesheet" href="${paths.static('hustings.css')}">
${(page.scripts ?? []).map((s) => html`<script type="module" src="${paths.static(s)}"></script>`)}
</head>
<body>
<a class="skip-link" href="#main">${w.t('layout.skip')}</a>
<header class="site-header">
<div class="wrap">
<a class="brand" href="${paths.home}">Hustings</a>
${navigation(ctx)}
${languageSwitch(ctx)}
${account(ctx)}
</div>
</header>
<main id="main" class="wrap" tabindex="-1">
${flashBox(ctx)}
<h1>${page.title}</h1>
${page.lead && html`<p class="lead">${page.lead}</p>`}
${page.body}
</main>
<footer class="site-footer">
<div class="wrap"><p>${w.t('layout.footer')}</p></div>
</footer>
</body>
</html>
`.toString();
}
