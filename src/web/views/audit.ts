/**
 * The scrutineers' audit log page: the head to write down, whether the chain
 * checks out (optionally against a head written down earlier), and the
 * entries, latest first, a page at a time.
 */
import { badge } from './common.js';
import type { ViewContext } from './context.js';
import { field, submitButton } from './forms.js';
import { selectField, type SelectOption } from './select.js';
import { html, type Html } from './html.js';
import { layout } from './layout.js';
import { paths } from './paths.js';

export const AUDIT_EXPECT_FIELD = 'expect';
export const AUDIT_FILTER_FIELDS = { process: 'process', actor: 'actor', type: 'type', from: 'from', to: 'to' } as const;
export type AuditFilterName = (typeof AUDIT_FILTER_FIELDS)[keyof typeof AUDIT_FILTER_FIELDS];

export interface AuditRowView {
  readonly seq: number;
  readonly at: string;
  /** Who acted, in words (a member's name, or "command line: alice"). */
  readonly actor: string;
  /** The kind of entry, in words (explained once, in the glossary). */
  readonly type: string;
  readonly details: readonly (readonly [string, string])[];
  readonly hash: string;
}

export interface AuditPageView {
  readonly head: { readonly seq: number; readonly hash: string; readonly text: string } | null;
  readonly entries: number;
  readonly problems: readonly { readonly kind: string; readonly message: string }[];
  /** The head the scrutineer asked to check against, as typed, and whether it could be read. */
  readonly expected?: { readonly text: string; readonly error?: string };
  /** The filters as typed or chosen, their choices, and a problem with one (beside its field). */
  readonly filters: {
    readonly values: Readonly<Record<AuditFilterName, string>>;
    readonly errors: Readonly<Partial<Record<AuditFilterName, string>>>;
    readonly processes: readonly SelectOption[];
    readonly types: readonly SelectOption[];
    /** Whether any filter is set (the entries are then only those it admits). */
    readonly active: boolean;
  };
  readonly rows: readonly AuditRowView[];
  /** Each kind of entry on the page, explained once. */
  readonly glossary: readonly { readonly term: string; readonly explanation: string }[];
  /** Link to the next page of older entries, if any. */
  readonly olderUrl: string | null;
  readonly newestUrl: string | null;
}

function instantText(at: string): Html {
  const shown = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(at) ? `${at.slice(0, 10)} ${at.slice(11, 19)} UTC` : at;
  return html`<time datetime="${at}">${shown}</time>`;
}

function status(data: AuditPageView): Html {
  const checked = data.expected && !data.expected.error ? html` and against the head you gave (<code>${data.expected.text}</code>)` : '';
  if (data.problems.length === 0) {
    return html`<p role="status">${badge('Intact', 'good')} All ${data.entries} entries were checked${checked}: each matches its hash and follows the one before it.</p>`;
  }
  return html`<div role="alert"><p>${badge('Tampered with', 'bad')} Checking all ${data.entries} entries${checked} found ${data.problems.length} problem${data.problems.length === 1 ? '' : 's'}:</p>
<ul>${data.problems.map((p) => html`<li><strong>${p.kind}</strong>: ${p.message}</li>`)}</ul></div>`;
}

function filterForm(f: AuditPageView['filters']): Html {
  const F = AUDIT_FILTER_FIELDS;
  const error = (name: AuditFilterName) => (f.errors[name] ? { error: f.errors[name] } : {});
  const choiceProblems = [f.errors.process, f.errors.type].filter((x) => x !== undefined);
  return html`<form method="get" action="${paths.audit}" class="filter" aria-label="Filter the entries">
${choiceProblems.map((p) => html`<p class="error-message" role="alert"><span class="visually-hidden">Error: </span>${p}</p>`)}
${selectField(F.process, 'Process', [{ value: '', text: 'Any process' }, ...f.processes], f.values.process)}
${field({ name: F.actor, label: 'Who acted', value: f.values.actor, hint: 'A member’s name or its beginning, or “command line”, “system” or “demo”.' })}
${selectField(F.type, 'Kind of entry', [{ value: '', text: 'Any kind' }, ...f.types], f.values.type)}
${field({ name: F.from, label: 'From (a day, UTC)', type: 'date', value: f.values.from, ...error(F.from) })}
${field({ name: F.to, label: 'To (a day, UTC, included)', type: 'date', value: f.values.to, ...error(F.to) })}
${submitButton('Filter')}${f.active ? html` <a href="${paths.audit}">Clear the filters</a>` : ''}
</form>`;
}

export function auditPage(data: AuditPageView, ctx: ViewContext): string {
  const body = html`<section aria-labelledby="audit-head">
<h2 id="audit-head">The head</h2>
${
  data.head === null
    ? html`<p>The log is empty: nothing has been done yet.</p>`
    : html`<p>The latest entry is number ${data.head.seq}. Write down its sequence number and hash: if any entry up to it is later changed, removed or cut off the end, checking against it will show it.</p>
<p><code>${data.head.text}</code></p>`
}
${status(data)}
<form method="get" action="${paths.audit}" class="filter" aria-label="Check against a head written down earlier">
${field({ name: AUDIT_EXPECT_FIELD, label: 'Check against a head written down earlier', hint: 'The sequence number, a colon and the 64-character hash, e.g. 12:3f5a…', value: data.expected?.text ?? '', ...(data.expected?.error ? { error: data.expected.error } : {}) })}
${submitButton('Check')}
</form>
</section>
<section aria-labelledby="audit-entries">
<h2 id="audit-entries">Entries</h2>
<p>Every administrative action, latest first. Ballots are never logged: nothing here says how anyone voted.</p>
${filterForm(data.filters)}
${
  data.rows.length === 0
    ? html`<p>${data.filters.active ? 'No entries match these filters.' : 'No entries.'}</p>`
    : html`<div class="table-wrap"><table>
<caption>Audit log entries</caption>
<thead><tr><th scope="col">No.</th><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Details</th></tr></thead>
<tbody>
${data.rows.map(
  (r) =>
    html`<tr><th scope="row">${r.seq}</th><td>${instantText(r.at)}</td><td>${r.actor}</td><td>${r.type}</td><td>${
      r.details.length === 0 ? '' : html`<dl class="facts">${r.details.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>`
    }<details><summary>Hash<span class="visually-hidden"> of entry ${r.seq}</span></summary><code>${r.hash}</code></details></td></tr>`,
)}
</tbody>
</table></div>`
}
${
  data.glossary.length > 0 &&
  html`<h3>What the entries mean</h3>
<dl class="glossary">${data.glossary.map((g) => html`<dt>${g.term}</dt><dd>${g.explanation}</dd>`)}</dl>`
}
${(data.olderUrl || data.newestUrl) && html`<nav aria-label="Pages of the audit log"><ul>${data.newestUrl && html`<li><a href="${data.newestUrl}">Latest entries</a></li>`}${data.olderUrl && html`<li><a href="${data.olderUrl}">Older entries</a></li>`}</ul></nav>`}
</section>`;
  return layout(
    { title: 'Audit log', lead: 'Who did what, and when: every administrative action, in a hash chain anyone with the head can check.', body },
    ctx,
  );
}
