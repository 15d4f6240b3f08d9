/**
 * Form pieces shared by every page: the CSRF field, labelled inputs whose
 * error message sits next to them (and is tied to them with
 * aria-describedby), and an error summary at the top that links to each field.
 */
import { attr, html, type Html } from './html.js';
import type { FieldErrors, ViewContext } from './context.js';

/** The hidden field every POST form carries; the server checks it against the session. */
export const CSRF_FIELD = '_csrf';

export function csrfField(ctx: ViewContext): Html {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrfToken}">`;
}

/** A form field name made safe for an id attribute (ids cannot hold spaces). */
export function fieldId(name: string): string {
  return 'f-' + name.replace(/[^A-Za-z0-9_-]/g, (ch) => `_${ch.charCodeAt(0).toString(16)}`);
}

export interface FieldSpec {
  readonly name: string;
  readonly label: string;
  readonly type?: 'text' | 'number' | 'date' | 'email' | 'file';
  /** A file field's accepted types, as the browser offers them (the server judges the bytes). */
  readonly accept?: string;
  /** What was typed; a form shown for the first time may pass undefined. */
  readonly value?: string | undefined;
  readonly error?: string | undefined;
  readonly hint?: string | undefined;
  readonly required?: boolean;
  readonly min?: number | string;
  readonly max?: number | string;
  readonly autocomplete?: string;
  readonly inputmode?: 'numeric' | 'email' | 'text';
  /** Short fields (counts, codes) are drawn narrow. */
  readonly narrow?: boolean;
  readonly id?: string;
  /** Said to screen readers before the error, in the page's language ("Error: " when absent). */
  readonly errorPrefix?: string;
}

export function field(f: FieldSpec): Html {
  const id = f.id ?? fieldId(f.name);
  const hintId = f.hint ? `${id}-hint` : null;
  const errorId = f.error ? `${id}-error` : null;
  const describedBy = [hintId, errorId].filter((x) => x !== null).join(' ');
  return html`<div class="field${f.error ? ' field-error' : ''}">
<label for="${id}">${f.label}</label>
${f.hint && html`<p class="hint" id="${hintId}">${f.hint}</p>`}
${f.error && html`<p class="error-message" id="${errorId}"><span class="visually-hidden">${f.errorPrefix ?? 'Error: '}</span>${f.error}</p>`}
<input id="${id}" name="${f.name}" type="${f.type ?? 'text'}"${attr('value', f.value)}${attr('accept', f.accept)}${attr('min', f.min)}${attr('max', f.max)}${attr(
    'required',
    f.required ?? false,
  )}${attr('autocomplete', f.autocomplete)}${attr('inputmode', f.inputmode)}${attr('aria-describedby', describedBy || null)}${attr(
    'aria-invalid',
    f.error ? 'true' : null,
  )}${attr('class', f.narrow ? 'narrow' : null)}>
</div>`;
}

/**
 * The list of problems at the top of a form, each a link to its field. Shown
 * only when there are errors; `labels` gives each field's name in words.
 */
export function errorSummary(
  errors: FieldErrors,
  labels: Readonly<Record<string, string>>,
  ids: Readonly<Record<string, string>> = {},
  /** What happened, in words ("The rules do not allow this longlist"); shown even with no field to point at. */
  headline?: string,
): Html | null {
  const entries = Object.entries(errors);
  if (entries.length === 0 && headline === undefined) return null;
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">${headline ?? 'There is a problem'}</h2>
<ul>
${entries.map(([name, message]) =>
  name === ''
    ? html`<li>${message}</li>`
    : html`<li><a href="#${ids[name] ?? fieldId(name)}">${labels[name] ? html`${labels[name]}: ` : ''}${message}</a></li>`,
)}
</ul>
</div>`;
}

export function submitButton(text: string, opts: { name?: string; value?: string; secondary?: boolean } = {}): Html {
  return html`<button type="submit"${attr('name', opts.name)}${attr('value', opts.value)} class="button${opts.secondary ? ' secondary' : ''}">${text}</button>`;
}

export interface TextAreaSpec {
  readonly name: string;
  readonly label: string;
  readonly value?: string | undefined;
  readonly error?: string | undefined;
  readonly hint?: string | undefined;
  readonly rows?: number;
  /** Said to screen readers before the error, in the page's language ("Error: " when absent). */
  readonly errorPrefix?: string;
  /** Its id, where two forms on one page share the field's name. */
  readonly id?: string;
}

/** A labelled multi-line text field (a candidate's statement), its error beside it as `field` does. */
export function textArea(f: TextAreaSpec): Html {
  const id = f.id ?? fieldId(f.name);
  const hintId = f.hint ? `${id}-hint` : null;
  const errorId = f.error ? `${id}-error` : null;
  return html`<div class="field${f.error ? ' field-error' : ''}">
<label for="${id}">${f.label}</label>
${f.hint && html`<p class="hint" id="${hintId}">${f.hint}</p>`}
${f.error && html`<p class="error-message" id="${errorId}"><span class="visually-hidden">${f.errorPrefix ?? 'Error: '}</span>${f.error}</p>`}
<textarea id="${id}" name="${f.name}" rows="${String(f.rows ?? 10)}"${attr('aria-describedby', [hintId, errorId].filter((x) => x !== null).join(' ') || null)}${attr(
    'aria-invalid',
    f.error ? 'true' : null,
  )}>${f.value ?? ''}</textarea>
</div>`;
}
