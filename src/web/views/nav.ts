/** The main navigation: what each role may reach. The server still checks every route; this only hides what would be refused. */
import type { Role, ViewContext, ViewUser } from './context.js';
import { html, type Html } from './html.js';
import { paths } from './paths.js';
import type { Words } from '../../app/language/index.js';
import { wordsFor } from './language.js';

export interface NavItem {
  readonly href: string;
  readonly text: string;
}

/** A member's links, in the reader's language (officers' links stay English, as their pages do). */
const memberItems = (w: Words): readonly NavItem[] => [
  { href: paths.home, text: w.t('nav.home') },
  { href: paths.ballots, text: w.t('nav.ballots') },
  { href: paths.eligibility, text: w.t('nav.eligibility') },
  { href: paths.myConstituency, text: w.t('nav.myConstituency') },
  { href: paths.candidacies, text: w.t('nav.candidacies') },
];
const OVERSIGHT: readonly NavItem[] = [
  { href: paths.processes, text: 'Processes' },
  { href: paths.constituencies, text: 'Constituencies' },
  { href: paths.elections, text: 'Internal elections' },
  { href: paths.rulebooks, text: 'Rulebooks' },
];

function itemsFor(role: Role, user: ViewUser, w: Words): readonly NavItem[] {
  switch (role) {
    case 'member':
      return memberItems(w);
    case 'unit-secretary':
      return user.unit ? [{ href: paths.unit(user.unit.id), text: `My unit: ${user.unit.name}` }] : [];
    case 'procedures-secretary':
      return user.constituency ? [{ href: paths.constituency(user.constituency.id), text: `Constituency: ${user.constituency.name}` }] : [];
    case 'national-officer':
      return [...OVERSIGHT, { href: paths.emergency, text: 'Emergencies' }];
    case 'scrutineer':
      return [...OVERSIGHT, { href: paths.audit, text: 'Audit log' }];
    case 'administrator':
      return [...OVERSIGHT, { href: paths.audit, text: 'Audit log' }, { href: paths.admin, text: 'Administration' }];
  }
}

/** Every link the user's roles give, once each, in a stable order. */
export function navItems(user: ViewUser | null, w: Words = wordsFor({})): NavItem[] {
  // The results and the democracy review are public: everyone gets them, last.
  const results: NavItem = { href: paths.resultsIndex, text: w.t('nav.results') };
  const review: NavItem = { href: paths.simulate, text: w.t('nav.review') };
  if (!user) return [{ href: paths.signIn, text: w.t('nav.signIn') }, results, review];
  const seen = new Set<string>();
  const out: NavItem[] = [];
  const roles: Role[] = ['member', ...user.roles.filter((r) => r !== 'member')];
  for (const role of roles) {
    for (const item of itemsFor(role, user, w)) {
      if (seen.has(item.href)) continue;
      seen.add(item.href);
      out.push(item);
    }
  }
  return [...out, results, review];
}

export function navigation(ctx: ViewContext): Html {
  const w = wordsFor(ctx);
  const items = navItems(ctx.user, w);
  return html`<nav class="site-nav" aria-label="${w.t('nav.main')}">
<ul>
${items.map((i) => html`<li><a href="${i.href}"${i.href === ctx.path ? html` aria-current="page"` : ''}>${i.text}</a></li>`)}
</ul>
</nav>`;
}
