/** The main navigation: what each role may reach. The server still checks every route; this only hides what would be refused. */
import type { Role, ViewContext, ViewUser } from './context.js';
import { html, type Html } from './html.js';
import { paths } from './paths.js';

export interface NavItem {
  readonly href: string;
  readonly text: string;
}

const MEMBER: readonly NavItem[] = [
  { href: paths.ballots, text: 'My ballots' },
  { href: paths.eligibility, text: 'My eligibility' },
  { href: paths.myConstituency, text: 'My constituency' },
  { href: paths.candidacies, text: 'Stand for selection' },
];
const OVERSIGHT: readonly NavItem[] = [
  { href: paths.processes, text: 'Processes' },
  { href: paths.constituencies, text: 'Constituencies' },
  { href: paths.elections, text: 'Internal elections' },
  { href: paths.rulebooks, text: 'Rulebooks' },
];

function itemsFor(role: Role, user: ViewUser): readonly NavItem[] {
  switch (role) {
    case 'member':
      return MEMBER;
    case 'unit-secretary':
      return user.unit ? [{ href: paths.unit(user.unit.id), text: `My unit: ${user.unit.name}` }] : [];
    case 'procedures-secretary':
      return user.constituency ? [{ href: paths.constituency(user.constituency.id), text: `Constituency: ${user.constituency.name}` }] : [];
    case 'national-officer':
      return OVERSIGHT;
    case 'scrutineer':
      return [...OVERSIGHT, { href: paths.audit, text: 'Audit log' }];
    case 'administrator':
      return [...OVERSIGHT, { href: paths.audit, text: 'Audit log' }, { href: paths.admin, text: 'Administration' }];
  }
}

/** Every link the user's roles give, once each, in a stable order. */
export function navItems(user: ViewUser | null): NavItem[] {
  // The results and the democracy review are public: everyone gets them, last.
  const results: NavItem = { href: paths.resultsIndex, text: 'Results' };
  const review: NavItem = { href: paths.simulate, text: 'Democracy review' };
  if (!user) return [{ href: paths.signIn, text: 'Sign in' }, results, review];
  const seen = new Set<string>();
  const out: NavItem[] = [];
  const roles: Role[] = ['member', ...user.roles.filter((r) => r !== 'member')];
  for (const role of roles) {
    for (const item of itemsFor(role, user)) {
      if (seen.has(item.href)) continue;
      seen.add(item.href);
      out.push(item);
    }
  }
  return [...out, results, review];
}

export function navigation(ctx: ViewContext): Html {
  const items = navItems(ctx.user);
  return html`<nav class="site-nav" aria-label="Main">
<ul>
${items.map((i) => html`<li><a href="${i.href}"${i.href === ctx.path ? html` aria-current="page"` : ''}>${i.text}</a></li>`)}
</ul>
</nav>`;
}
