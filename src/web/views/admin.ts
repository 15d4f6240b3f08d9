/** The administrators' page: who holds which office, a form to appoint an officer, and a button to remove each. */
import type { ViewContext } from './context.js';
import { csrfField, fieldId, field, submitButton } from './forms.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { paths } from './paths.js';
import { selectField } from './select.js';

export interface AdminView {
  readonly offices: readonly {
    readonly unit: string;
    readonly unitName: string;
    readonly role: string;
    readonly member: string;
    readonly memberName: string;
  }[];
  readonly roles: readonly string[];
  readonly administrators: readonly string[];
}

export const OFFICE_FIELDS = { unit: 'unit', role: 'role', member: 'member' } as const;

export function adminPage(data: AdminView, ctx: ViewContext): string {
  const body = html`<p>Administrators (set by HUSTINGS_ADMINS): ${data.administrators.join(', ') || 'none'}.</p>
<h2>Appoint an officer</h2>
<form method="post" action="${paths.admin}/offices" novalidate>
${csrfField(ctx)}
${field({ name: OFFICE_FIELDS.member, label: 'Member id', required: true })}
${field({ name: OFFICE_FIELDS.unit, label: 'Unit id', required: true, hint: 'A branch or affiliated branch for a secretary, a constituency for a procedures secretary, the party for national officers and scrutineers.' })}
${selectField(
  OFFICE_FIELDS.role,
  'Office',
  data.roles.map((r) => ({ value: r, text: r })),
  undefined,
)}
${submitButton('Appoint')}
</form>
<div class="table-wrap"><table><caption>Offices (${data.offices.length})</caption>
<thead><tr><th scope="col">Member</th><th scope="col">Office</th><th scope="col">Unit</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
<tbody>${data.offices.map(
    (
      o,
      i,
    ) => html`<tr><th scope="row">${o.memberName} <span class="small">(${o.member})</span></th><td>${o.role}</td><td>${o.unitName} <span class="small">(${o.unit})</span></td>
<td><form method="post" action="${paths.admin}/offices/remove" class="inline-form">${csrfField(ctx)}<input type="hidden" name="${OFFICE_FIELDS.member}" value="${o.member}"><input type="hidden" name="${OFFICE_FIELDS.unit}" value="${o.unit}"><input type="hidden" name="${OFFICE_FIELDS.role}" value="${o.role}"><button type="submit" class="link-button" id="${fieldId('remove-' + i)}">Remove<span class="visually-hidden"> ${o.memberName} as ${o.role}</span></button></form></td></tr>`,
  )}</tbody></table></div>`;
  return layout({ title: 'Administration', body }, ctx);
}
