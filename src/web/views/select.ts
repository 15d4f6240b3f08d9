/** A labelled <select>, for the GET filter and compare forms. */
import { attr, html, type Html } from './html.js';
import { fieldId } from './forms.js';

export interface SelectOption {
  readonly value: string;
  readonly text: string;
}

export function selectField(name: string, label: string, options: readonly SelectOption[], selected: string | undefined, idPrefix = ''): Html {
  const id = fieldId(idPrefix + name);
  return html`<div class="field"><label for="${id}">${label}</label>
<select id="${id}" name="${name}">
${options.map((o) => html`<option value="${o.value}"${attr('selected', o.value === (selected ?? ''))}>${o.text}</option>`)}
</select></div>`;
}
