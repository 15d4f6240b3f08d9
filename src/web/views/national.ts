/** National pages: rulebooks (list, view, compare), internal elections, and every constituency's processes at a glance. */
import { rulebookRef, type Rulebook } from '../../domain/rulebook.js';
import { describeRulebook } from '../../domain/rulebook-words.js';
import { diffRulebooks } from '../../domain/rulebook-diff.js';
import type { ViewContext } from './context.js';
import { dateText } from './common.js';
import { kindText, phaseText, rulebookText } from './words.js';
import { csrfField, fieldId, submitButton } from './forms.js';
import { attr, html, type Html } from './html.js';
import { layout } from './layout.js';
import { paths } from './paths.js';
import { selectField, type SelectOption } from './select.js';

export interface RulebooksView {
  readonly rulebooks: readonly Rulebook[];
}

export function rulebooksPage(data: RulebooksView, ctx: ViewContext): string {
  const body = html`<p><a href="${paths.rulebookCompare}">Compare two rulebooks</a></p>
<div class="table-wrap"><table>
<caption>Rulebooks</caption>
<thead><tr><th scope="col">Rulebook</th><th scope="col">Version</th><th scope="col">Description</th></tr></thead>
<tbody>
${data.rulebooks.map(
  (rb) => html`<tr><th scope="row"><a href="${paths.rulebook(rulebookRef(rb))}">${rb.name}</a></th><td>${rb.version}</td><td>${rb.description}</td></tr>`,
)}
</tbody>
</table></div>`;
  return layout({ title: 'Rulebooks', body }, ctx);
}

export interface RulebookView {
  readonly rulebook: Rulebook;
}

export function rulebookPage(data: RulebookView, ctx: ViewContext): string {
  const rb = data.rulebook;
  const body = html`<p>${rb.description}</p>
<p class="small">Version ${rb.version}.</p>
${describeRulebook(rb, 'page').map((s) => html`<section><h2>${s.heading}</h2>${s.lines.map((l) => html`<p>${l}</p>`)}</section>`)}
<p><a href="${paths.rulebookCompare}?a=${encodeURIComponent(rulebookRef(rb))}">Compare with another rulebook</a></p>`;
  return layout({ title: rb.name, body }, ctx);
}

export const COMPARE_FIELDS = { a: 'a', b: 'b' } as const;

export interface RulebookCompareView {
  readonly rulebooks: readonly Rulebook[];
  /** The two chosen (by the GET form); absent until both are chosen. */
  readonly a?: Rulebook;
  readonly b?: Rulebook;
  /** A choice that names no rulebook. */
  readonly error?: string;
}

export function rulebookComparePage(data: RulebookCompareView, ctx: ViewContext): string {
  const options: SelectOption[] = [
    { value: '', text: 'Choose a rulebook' },
    ...data.rulebooks.map((rb) => ({ value: rulebookRef(rb), text: `${rb.name} (version ${rb.version})` })),
  ];
  let result = null;
  if (data.a && data.b) {
    const lines = diffRulebooks(data.a, data.b, 'page');
    result = html`<section aria-labelledby="diff-title" aria-live="polite">
<h2 id="diff-title">${data.a.name} compared with ${data.b.name}</h2>
${lines.length === 0 ? html`<p>They set the same rules.</p>` : html`<ul class="diff">${lines.map((l) => html`<li>${l}</li>`)}</ul>`}
</section>`;
  }
  const body = html`${data.error && html`<div class="panel panel-error" role="alert"><p><strong>Error:</strong> ${data.error}</p></div>`}
<form method="get" action="${paths.rulebookCompare}" class="filter">
${selectField(COMPARE_FIELDS.a, 'First rulebook', options, data.a ? rulebookRef(data.a) : undefined)}
${selectField(COMPARE_FIELDS.b, 'Second rulebook', options, data.b ? rulebookRef(data.b) : undefined)}
${submitButton('Compare')}
</form>
${result}`;
  return layout({ title: 'Compare rulebooks', body }, ctx);
}

export interface ElectionRow {
  readonly id: string;
  /** The election this is a contest of, when it is one of several. */
  readonly election?: { readonly id: string; readonly title: string; readonly url: string };
  readonly title: string;
  readonly phase: string;
  readonly seats: number;
  /** The counting rule in words. */
  readonly method: string;
  readonly closes?: string;
  readonly resultsUrl?: string;
}

export interface ElectionOfContestsView {
  readonly title: string;
  /** In the election's order. */
  readonly contests: readonly {
    readonly title: string;
    readonly url: string;
    /** The stage in words. */
    readonly stage: string;
    /** The names of the candidates standing (not withdrawn). */
    readonly standing: readonly string[];
    /** "1,234 of 5,678" once frozen. */
    readonly electorate: string | null;
    /** The contest's turnout, once voting has opened. */
    readonly turnoutUrl?: string;
  }[];
  /** The steps taken in every contest at once, for the officers who run the election; absent for others. */
  readonly steps?: readonly EveryContestStepView[];
}

/** One step an election takes in all its contests: a button, and how many contests are ready for it. */
export interface EveryContestStepView {
  readonly action: string;
  readonly label: string;
  readonly explanation: string;
  /** "3 of 6 contests can take this step now; 2 have taken it already." */
  readonly readiness: string;
  readonly ready: boolean;
}

/** The steps of every contest at once: each a form whose one button takes it wherever it can be taken. */
function everyContestSteps(steps: readonly EveryContestStepView[], ctx: ViewContext): Html {
  return html`<h2>Steps in every contest</h2>
<p>Each step below is taken in every contest that can take it now, exactly as on the contest's own page, and the answer says what happened in each. A contest that cannot take it yet is left as it is.</p>
${steps.map((s, i) => {
  const id = `every-step-${i + 1}`;
  return html`<section class="card${s.ready ? '' : ' step-blocked'}" aria-labelledby="${id}">
<h3 id="${id}">${s.label}</h3>
<p>${s.explanation}</p>
<p class="hint" id="${id}-readiness">${s.readiness}</p>
${
  s.ready
    ? html`<form method="post" action="${s.action}">${csrfField(ctx)}<button type="submit" class="button" aria-describedby="${id}-readiness">${s.label}</button></form>`
    : html`<button type="button" class="button" disabled aria-describedby="${id}-readiness">${s.label}</button>`
}
</section>`;
})}`;
}

/** An election of several contests: each contest with its stage, candidates and electorate, linked to its own page. */
export function electionOfContestsPage(data: ElectionOfContestsView, ctx: ViewContext): string {
  const body = html`<p>${data.contests.length} contests, in the election's order. Each is run on its own page: its timetable steps, nominations and count.</p>
<div class="table-wrap"><table>
<caption>Contests of ${data.title}</caption>
<thead><tr><th scope="col">Contest</th><th scope="col">Stage</th><th scope="col">Candidates standing</th><th scope="col">Electorate</th><th scope="col">Turnout</th></tr></thead>
<tbody>
${data.contests.map(
  (c) =>
    html`<tr><th scope="row"><a href="${c.url}">${c.title}</a></th><td>${c.stage}</td><td>${c.standing.length === 0 ? 'none yet' : c.standing.join(', ')}</td><td>${c.electorate ?? 'not frozen yet'}</td><td>${
      c.turnoutUrl ? html`<a href="${c.turnoutUrl}">Turnout<span class="visually-hidden"> of ${c.title}</span></a>` : 'voting not open yet'
    }</td></tr>`,
)}
</tbody>
</table></div>
${data.steps && everyContestSteps(data.steps, ctx)}`;
  return layout({ title: data.title, body }, ctx);
}

export interface ElectionsView {
  readonly elections: readonly ElectionRow[];
  /** Where a national officer opens a new election; absent for those who may not. */
  readonly openUrl?: string;
}

/** One table of elections (or of one election's contests), under `caption`. */
function electionsTable(caption: Html | string, rows: readonly ElectionRow[], first: string): Html {
  return html`<div class="table-wrap"><table>
<caption>${caption}</caption>
<thead><tr><th scope="col">${first}</th><th scope="col">Seats</th><th scope="col">Counted by</th><th scope="col">Stage</th><th scope="col">Ballot closes</th><th scope="col">Results</th></tr></thead>
<tbody>
${rows.map(
  (e) => html`<tr><th scope="row">${e.title}</th><td>${e.seats}</td><td>${e.method}</td><td>${e.phase}</td><td>${e.closes ? dateText(e.closes) : 'not set'}</td>
<td>${e.resultsUrl ? html`<a href="${e.resultsUrl}">Results<span class="visually-hidden"> of ${e.title}</span></a>` : 'not yet'}</td></tr>`,
)}
</tbody>
</table></div>`;
}

export function electionsPage(data: ElectionsView, ctx: ViewContext): string {
  // Contests are grouped under their election, in the order the elections first appear; elections of one contest stand alone.
  const single = data.elections.filter((e) => !e.election);
  const groups = new Map<string, { title: string; url: string; rows: ElectionRow[] }>();
  for (const e of data.elections) {
    if (!e.election) continue;
    const g = groups.get(e.election.id) ?? { title: e.election.title, url: e.election.url, rows: [] };
    g.rows.push(e);
    groups.set(e.election.id, g);
  }
  const body =
    data.elections.length === 0
      ? html`<p>There are no internal elections.</p>`
      : html`${[...groups.values()].map((g) => electionsTable(html`<a href="${g.url}">${g.title}</a>`, g.rows, 'Contest'))}
${single.length > 0 && electionsTable(groups.size > 0 ? 'Elections of one contest' : 'Internal elections', single, 'Election')}`;
  const open = data.openUrl
    ? html`<p><a class="button" href="${data.openUrl}">Open an internal election</a> <a class="button" href="${paths.openLeadershipForm}">Open a leadership election</a></p>`
    : null;
  return layout({ title: 'Internal elections', body: html`${open}${body}` }, ctx);
}

/** Query parameters of the processes filter form. */
export const PROCESS_FILTER_FIELDS = { kind: 'kind', phase: 'phase', q: 'q' } as const;

export interface ProcessRow {
  readonly id: string;
  readonly kind: string;
  readonly unit: string;
  readonly phase: string;
  readonly rulebook: string;
  readonly url: string;
  /** e.g. "triggered", "readopted", "Jane Smith selected". */
  readonly outcome?: string;
}

export interface ProcessesView {
  readonly filter: { readonly kind?: string; readonly phase?: string; readonly q?: string };
  readonly kinds: readonly SelectOption[];
  readonly phases: readonly SelectOption[];
  /** Already filtered by the server. */
  readonly rows: readonly ProcessRow[];
  /** How many there are without the filter. */
  readonly total: number;
}

export function processesPage(data: ProcessesView, ctx: ViewContext): string {
  const any: SelectOption = { value: '', text: 'Any' };
  const qId = fieldId(PROCESS_FILTER_FIELDS.q);
  const body = html`<form method="get" action="${paths.processes}" class="filter" role="search" aria-label="Filter processes">
${selectField(PROCESS_FILTER_FIELDS.kind, 'Kind', [any, ...data.kinds], data.filter.kind)}
${selectField(PROCESS_FILTER_FIELDS.phase, 'Stage', [any, ...data.phases], data.filter.phase)}
<div class="field"><label for="${qId}">Constituency or unit name contains</label>
<input id="${qId}" name="${PROCESS_FILTER_FIELDS.q}" type="search"${attr('value', data.filter.q)}></div>
${submitButton('Filter')}
</form>
<p role="status">Showing ${data.rows.length} of ${data.total} processes.</p>
${
  data.rows.length > 0 &&
  html`<div class="table-wrap"><table>
<caption>Processes</caption>
<thead><tr><th scope="col">Constituency or unit</th><th scope="col">Kind</th><th scope="col">Stage</th><th scope="col">Outcome</th><th scope="col">Rulebook</th></tr></thead>
<tbody>
${data.rows.map(
  (r) =>
    html`<tr><th scope="row"><a href="${r.url}">${r.unit}</a></th><td>${kindText(r.kind)}</td><td>${phaseText(r.kind, r.phase)}</td><td>${r.outcome ?? ''}</td><td>${rulebookText(r.rulebook)}</td></tr>`,
)}
</tbody>
</table></div>`
}`;
  return layout({ title: 'Processes at a glance', body }, ctx);
}
