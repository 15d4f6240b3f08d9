/**
 * A leadership election's nominations: the page where an MP nominates (once, finding the member by
 * name), and the public page of who has nominated whom and how far each candidate is from each
 * route's threshold, kept up to date while nominations are open (a live region, as the trigger
 * ballot's gauges are).
 */
import type { LeadershipNominationsView } from '../../app/leadership.js';
import { badge, dateText, definitionList } from './common.js';
import { radioGroup } from './choices.js';
import type { FormState, ViewContext } from './context.js';
import { csrfField, errorSummary, field, submitButton } from './forms.js';
import { html, type Html } from './html.js';
import { layout } from './layout.js';
import { LIVE_SCRIPT, liveRegion } from './live.js';
import { paths } from './paths.js';

export const MP_NOMINATION_FIELDS = { member: 'member', query: 'q' } as const;

export interface MpNominateView {
  readonly process: { readonly id: string; readonly title: string };
  readonly nominationsClose: string;
  readonly rule: string;
  /** "leader" or "deputy leader". */
  readonly office: string;
  /** Whom this MP has nominated already: then there is no form. */
  readonly nominated: string | null;
  readonly query: string;
  readonly found: readonly { readonly value: string; readonly label: string }[] | null;
  readonly form: FormState;
}

export function mpNominatePage(data: MpNominateView, ctx: ViewContext): string {
  const { values, errors } = data.form;
  const action = paths.leadershipMpNominate(data.process.id);
  const deputy = data.office === 'leader' ? '' : ` for ${data.office}`;
  const choose =
    data.found === null
      ? null
      : data.found.length === 0
        ? html`<p>No member’s name matches “${data.query}”.</p>`
        : html`<form method="post" action="${action}" novalidate>
${csrfField(ctx)}
${radioGroup({ name: MP_NOMINATION_FIELDS.member, legend: `The member you nominate for ${data.office}`, options: data.found, value: values[MP_NOMINATION_FIELDS.member], error: errors[MP_NOMINATION_FIELDS.member] })}
<input type="hidden" name="${MP_NOMINATION_FIELDS.query}" value="${data.query}">
<p>You nominate once: a nomination cannot be changed or withdrawn.</p>
${submitButton('Nominate')}
</form>`;
  const form =
    data.nominated !== null
      ? html`<p>${badge('Nominated', 'good')} You have nominated ${data.nominated}${deputy}. Each MP nominates once${deputy}.</p>`
      : html`<form method="get" action="${action}" role="search">
${field({ name: MP_NOMINATION_FIELDS.query, label: 'Find the member to nominate, by name', value: data.query, hint: 'Type part of their name, then search.' })}
${submitButton('Search members')}
</form>
${choose}`;
  const body = html`${errorSummary(errors, { [MP_NOMINATION_FIELDS.member]: 'Candidate' })}
${definitionList([
  ['Election', data.process.title],
  ['Nominations close', dateText(data.nominationsClose)],
])}
<p>${data.rule}</p>
${form}
<p><a href="${paths.leadershipNominations(data.process.id)}">Who has nominated whom</a></p>`;
  return layout({ title: `Nominate for ${data.office}: ${data.process.title}`, body, titlePrefix: Object.keys(errors).length ? 'Error: ' : '' }, ctx);
}

/** One contest's section of the page: the leader's, or the deputy leader's in the same election. */
export interface LeadershipContestSection {
  readonly process: string;
  readonly view: LeadershipNominationsView;
}

export interface LeadershipPageView {
  /** The election's title (its own, or the title its contests share). */
  readonly title: string;
  readonly open: boolean;
  readonly nominationsClose: string;
  /** The leader's contest first, then the deputy leader's, when the election holds both. */
  readonly contests: readonly LeadershipContestSection[];
  /** When supporters may vote: the public form's address, and the queue's for an officer who may see it (else null). */
  readonly supporters?: { readonly apply: string; readonly queue: string | null } | null;
}

const names = (label: string, list: readonly string[]): Html | null => (list.length === 0 ? null : html`<p><strong>${label}:</strong> ${list.join(', ')}</p>`);

const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Where a contest stands: how many MPs have nominated, and who is validly nominated. */
function contestSummary(v: LeadershipNominationsView): string {
  const valid = v.candidates.filter((x) => x.valid).length;
  return `${v.mpsNominated} of ${v.mps} MPs have nominated for ${v.office}; ${valid} ${valid === 1 ? 'candidate is' : 'candidates are'} validly nominated.`;
}

function contestSection(c: LeadershipContestSection, heading: boolean, open: boolean): Html {
  const v = c.view;
  const candidates =
    v.candidates.length === 0
      ? html`<p>Nobody has been nominated yet.</p>`
      : v.candidates.map(
          (x) => html`<section class="card">
<h3>${x.name}</h3>
<p>${badge(x.status, x.valid ? 'good' : 'warn')}</p>
${x.routes.length > 0 && html`<ul>${x.routes.map((r) => html`<li><strong>${r.route}:</strong> ${r.words}${r.met ? ' — met' : ''}</li>`)}</ul>`}
${names('Nominated by MPs', x.nominatedBy.mps)}
${names('Nominated by constituency parties', x.nominatedBy.constituencies)}
${names('Nominated by affiliates', x.nominatedBy.affiliates)}
</section>`,
        );
  return html`<section aria-labelledby="contest-${c.process}">
${heading ? html`<h2 id="contest-${c.process}">${capital(v.office)}</h2>` : html`<h2 id="contest-${c.process}" class="visually-hidden">${capital(v.office)}</h2>`}
<p>${v.rule}</p>
${open && html`<p><a href="${paths.leadershipMpNominate(c.process)}">Nominate for ${v.office} (MPs)</a></p>`}
<p>${contestSummary(v)}</p>
${candidates}
</section>`;
}

export function leadershipNominationsPage(data: LeadershipPageView, ctx: ViewContext): string {
  const several = data.contests.length > 1;
  const summary = data.contests.map((c) => contestSummary(c.view)).join(' ');
  const body = html`${definitionList([
    ['Nominations close', dateText(data.nominationsClose)],
    ['Nominating bodies', data.contests[0]?.view.bodies ?? ''],
  ])}
${
  data.supporters &&
  html`<p>Not a member? <a href="${data.supporters.apply}">Apply to vote as a supporter</a>.${data.supporters.queue && html` Officers: <a href="${data.supporters.queue}">supporters’ applications</a>.`}</p>`
}
${liveRegion('leadership-live', data.open, summary, html`${data.contests.map((c) => contestSection(c, several, data.open))}`)}`;
  const offices = data.contests.map((c) => c.view.office).join(' and ');
  return layout({ title: `Nominations for ${offices}: ${data.title}`, body, ...(data.open ? { scripts: [LIVE_SCRIPT] } : {}) }, ctx);
}
