/**
 * Importing members and units from the membership system's CSV export, on the web: choose the file,
 * check it (a dry run: every bad row listed by line, field and problem, and what importing would do)
 * or import it (all rows or none), and see the effect: how many added, changed, lapsed and unchanged,
 * with some of each by name.
 */
import type { FieldErrors, ViewContext } from './context.js';
import { radioGroup } from './choices.js';
import { csrfField, errorSummary, fieldId, submitButton } from './forms.js';
import { attr, html, type Html } from './html.js';
import { layout } from './layout.js';
import { paths } from './paths.js';

export const IMPORT_FIELDS = { what: 'what', file: 'file', run: 'run' } as const;
const LABELS = { [IMPORT_FIELDS.what]: 'What the file holds', [IMPORT_FIELDS.file]: 'The CSV file' };

export interface ImportEffectView {
  readonly added: number;
  readonly changed: number;
  readonly unchanged: number;
  readonly lapsed: number;
  readonly examples: { readonly added: readonly string[]; readonly changed: readonly string[]; readonly lapsed: readonly string[] };
}

export type ImportOutcomeView =
  | {
      readonly kind: 'refused';
      readonly file: string;
      readonly message: string;
      readonly problems: readonly { line: number; field: string; problem: string }[];
    }
  | { readonly kind: 'checked' | 'imported'; readonly file: string; readonly rows: string; readonly effect: ImportEffectView; readonly members: boolean };

export interface ImportPageView {
  readonly what: string;
  readonly errors: FieldErrors;
  readonly outcome?: ImportOutcomeView;
}

const n = (x: number): string => x.toLocaleString('en-GB');

function examples(names: readonly string[], of: number): Html {
  if (names.length === 0) return html``;
  return html`: ${names.join(', ')}${of > names.length ? ` and ${n(of - names.length)} more` : ''}`;
}

function outcome(o: ImportOutcomeView): Html {
  if (o.kind === 'refused') {
    return html`<section aria-labelledby="import-outcome" role="alert">
<h2 id="import-outcome">${o.file}: nothing was imported</h2>
<p>${o.message}. Correct these rows in the membership system (or the file) and send it again.</p>
<div class="table-wrap"><table><caption>Problems (${n(o.problems.length)})</caption>
<thead><tr><th scope="col">Line</th><th scope="col">Field</th><th scope="col">Problem</th></tr></thead>
<tbody>${o.problems.map((p) => html`<tr><th scope="row">${p.line}</th><td>${p.field}</td><td>${p.problem}</td></tr>`)}</tbody></table></div>
</section>`;
  }
  const e = o.effect;
  const checked = o.kind === 'checked';
  return html`<section aria-labelledby="import-outcome" role="status">
<h2 id="import-outcome">${checked ? `${o.file}: all ${o.rows} are valid` : `${o.file}: imported ${o.rows}`}</h2>
<p>${checked ? 'Nothing was written. Importing the file would do this:' : 'All of them were written, in one go. This is what changed:'}</p>
<ul>
<li>${n(e.added)} added${examples(e.examples.added, e.added)}</li>
<li>${n(e.changed)} changed${examples(e.examples.changed, e.changed)}</li>
${o.members ? html`<li>${n(e.lapsed)} of them lapsed${examples(e.examples.lapsed, e.lapsed)}</li>` : ''}
<li>${n(e.unchanged)} unchanged</li>
</ul>
${checked ? html`<p>To import it, choose the file again below and press “Import”.</p>` : ''}
</section>`;
}

export function importPage(data: ImportPageView, ctx: ViewContext): string {
  const fileError = data.errors[IMPORT_FIELDS.file];
  const fileId = fieldId(IMPORT_FIELDS.file);
  const body = html`${errorSummary(data.errors, LABELS, { [IMPORT_FIELDS.what]: fieldId(`${IMPORT_FIELDS.what}-1`) })}
${data.outcome ? outcome(data.outcome) : ''}
<p>Import the party’s units (regions, constituencies, branches, affiliates) and members from the membership system’s CSV export: the units first, then the members who belong to them. Every row is checked before anything is written: if any is wrong, each problem is listed and nothing is written. A unit or member already stored is replaced by its row.</p>
<form method="post" action="${paths.adminImport}" enctype="multipart/form-data" novalidate>
${csrfField(ctx)}
${radioGroup({
  name: IMPORT_FIELDS.what,
  legend: LABELS[IMPORT_FIELDS.what],
  options: [
    { value: 'members', label: 'Members', hint: 'member_id, name, branch_id, joined, and status (with status_since) or history; email and gender if known.' },
    { value: 'units', label: 'Units', hint: 'unit_id, kind, name, parent_id; constituency_id for an affiliated branch.' },
  ],
  ...(data.what !== '' ? { value: data.what } : {}),
  ...(data.errors[IMPORT_FIELDS.what] ? { error: data.errors[IMPORT_FIELDS.what] } : {}),
})}
<div class="field${fileError ? ' field-error' : ''}">
<label for="${fileId}">${LABELS[IMPORT_FIELDS.file]}</label>
${fileError && html`<p class="error-message" id="${fileId}-error"><span class="visually-hidden">Error: </span>${fileError}</p>`}
<input id="${fileId}" name="${IMPORT_FIELDS.file}" type="file" accept=".csv,text/csv"${attr('aria-describedby', fileError ? `${fileId}-error` : null)}${attr('aria-invalid', fileError ? 'true' : null)}>
</div>
${submitButton('Check the file', { name: IMPORT_FIELDS.run, value: 'check', secondary: true })} ${submitButton('Import', { name: IMPORT_FIELDS.run, value: 'import' })}
</form>
<p><a href="${paths.admin}">Back to administration</a></p>`;
  return layout(
    { title: 'Import from the membership system', body, titlePrefix: Object.keys(data.errors).length > 0 || data.outcome?.kind === 'refused' ? 'Error: ' : '' },
    ctx,
  );
}
