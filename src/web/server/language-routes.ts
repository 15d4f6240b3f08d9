/**
 * Choosing the language of the pages: /language?to=cy&next=/ballots keeps the choice in a cookie for
 * a year (it holds signed out too), and with a signed-in member's record (their mail's language), and
 * goes back to the page the switch was on. A page reached only
 * by a form (a ballot's review) cannot be fetched again, so those go to the start page instead.
 */
import { isLanguage, wordsIn } from '../../app/language/index.js';
import { paths } from '../views/paths.js';
import type { Handler } from './app.js';
import { safeNextOrNull } from './auth-routes.js';
import { errorResponse, keepLanguage, requestLanguage } from './http.js';
import { ROUTES, routePattern } from './permissions.js';

const PAGES = ROUTES.filter((r) => r.method === 'GET').map((r) => routePattern(r.path).re);

/** Whether a path on this site is a page a browser can fetch again. */
function isPage(next: string): boolean {
  const path = new URL(next, 'http://hustings.invalid').pathname;
  return PAGES.some((re) => re.test(path));
}

const chooseLanguage: Handler = async (c, deps) => {
  const to = c.req.query('to');
  if (!isLanguage(to)) return errorResponse(c, 400, wordsIn(requestLanguage(c)).t('refuse.language'));
  keepLanguage(c, deps.config, to);
  // A signed-in member's choice is kept with their record too: their invitations and reminders are written in it.
  const who = c.get('who');
  if (who) await deps.store.setMemberLanguage(who.member.id, to === 'cy' ? 'cy' : 'en');
  const next = safeNextOrNull(c.req.query('next'));
  return c.redirect(next !== null && isPage(next) ? next : paths.home, 303);
};

export const languageHandlers: Readonly<Record<string, Handler>> = { language: chooseLanguage };
