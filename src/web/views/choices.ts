/**
 * Choices in a form: a group of radio buttons or of tick boxes, each option
 * with a sentence tied to it (aria-describedby), and a single checkbox; both show their error
 * beside them as the text fields of forms.ts do.
 */
import { fieldId } from './forms.js';
import { attr, html, type Html } from './html.js';

export interface RadioOption {
  readonly value: string;
  readonly label: string;
  /** What choosing it means, in a sentence. */
  readonly hint?: string;
}

export interface RadioGroupSpec {
  readonly name: string;
  readonly legend: string;
  readonly options: readonly RadioOption[];
  readonly value?: string;
  readonly error?: string;
  readonly hint?: string;
}

/** The id of a group's first option: where an error summary's link points. */
export const firstOptionId = (name: string): string => fieldId(`${name}-1`);

export function radioGroup(g: RadioGroupSpec): Html {
  return optionGroup('radio', g, (value) => value === g.value);
}

export interface CheckboxGroupSpec extends Omit<RadioGroupSpec, 'value'> {
  /** The values ticked. */
  readonly checked: readonly string[];
}

/** Tick boxes sharing one name (the server reads them as a list), in a fieldset with its legend, hint and error. */
export function checkboxGroup(g: CheckboxGroupSpec): Html {
  return optionGroup('checkbox', g, (value) => g.checked.includes(value));
}

function optionGroup(type: 'radio' | 'checkbox', g: Omit<RadioGroupSpec, 'value'>, checked: (value: string) => boolean): Html {
  const base = fieldId(g.name);
  const hintId = g.hint ? `${base}-hint` : null;
  const errorId = g.error ? `${base}-error` : null;
  return html`<fieldset class="field${g.error ? ' field-error' : ''}"${attr('aria-describedby', [hintId, errorId].filter((x) => x !== null).join(' ') || null)}>
<legend>${g.legend}</legend>
${g.hint && html`<p class="hint" id="${hintId}">${g.hint}</p>`}
${g.error && html`<p class="error-message" id="${errorId}"><span class="visually-hidden">Error: </span>${g.error}</p>`}
${g.options.map((o, i) => {
  const id = fieldId(`${g.name}-${i + 1}`);
  return html`<div class="choice"><input type="${type}" id="${id}" name="${g.name}" value="${o.value}"${attr('checked', checked(o.value))}${attr('aria-describedby', o.hint ? `${id}-hint` : null)}>
<label for="${id}">${o.label}</label></div>
${o.hint && html`<p class="hint choice-hint" id="${id}-hint">${o.hint}</p>`}`;
})}
</fieldset>`;
}

export interface CheckboxSpec {
  readonly name: string;
  readonly label: string;
  readonly checked: boolean;
  readonly hint?: string;
  readonly error?: string;
  /** The value sent when ticked. */
  readonly value?: string;
  /** Said to screen readers before the error, in the page's language ("Error: " when absent). */
  readonly errorPrefix?: string;
}

export function checkbox(b: CheckboxSpec): Html {
  const id = fieldId(b.name);
  const hintId = b.hint ? `${id}-hint` : null;
  const errorId = b.error ? `${id}-error` : null;
  return html`<div class="field${b.error ? ' field-error' : ''}">
${b.error && html`<p class="error-message" id="${errorId}"><span class="visually-hidden">${b.errorPrefix ?? 'Error: '}</span>${b.error}</p>`}
<div class="choice"><input type="checkbox" id="${id}" name="${b.name}" value="${b.value ?? 'yes'}"${attr('checked', b.checked)}${attr('aria-describedby', [hintId, errorId].filter((x) => x !== null).join(' ') || null)}${attr('aria-invalid', b.error ? 'true' : null)}>
<label for="${id}">${b.label}</label></div>
${b.hint && html`<p class="hint choice-hint" id="${hintId}">${b.hint}</p>`}
</div>`;
}
