/**
 * The administrators' page: who holds which office; appointing an officer by finding the member and
 * the unit by name (a search sent as GET, so it works without JavaScript, whose matches are then
 * chosen from); a button to remove each office. No member or unit id is shown or typed.
 */
import type { FieldErrors, ViewContext } from './context.js';
import { radioGroup, type RadioOption } from './choices.js';
import { csrfField, errorSummary, field, fieldId, submitButton } from './forms.js';
import { html, type Html } from './html.js';
import { layout } from './layout.js';
import { paths } from './paths.js';
import { selectField } from './select.js';

/** A member or unit found by name, to choose: the value is its id, which the page never shows. */
export type AdminChoice = RadioOption & { readonly value: string };

export interface AdminView {
  readonly offices: readonly {
    readonly unit: string;
    readonly unitName: string;
    readonly role: string;
    readonly office: string;
    readonly member: string;
    readonly memberName: string;
    readonly email: string | null;
  }[];
  readonly roles: readonly { readonly value: string; readonly text: string }[];
  /** The administrators' names (set by HUSTINGS_ADMINS). */
  readonly administrators: readonly string[];
  /** The search by name: what was typed, and its matches (null until something is typed). */
  readonly find: {
    readonly memberText: string;
    readonly unitText: string;
    readonly members: readonly AdminChoice[] | null;
    readonly units: readonly AdminChoice[] | null;
  };
  /** What an appointment refused had chosen, kept. */
  readonly chosen?: { readonly member?: string; readonly unit?: string; readonly role?: string };
  readonly errors?: FieldErrors;
  /** The rulebook in force, by name, and the bundled rulebooks to name instead. */
  readonly rulebook: {
    readonly name: string;
    readonly named: boolean;
    readonly id: string;
    readonly choices: readonly { readonly value: string; readonly text: string }[];
  };
}

export const RULEBOOK_IN_FORCE_FIELD = 'rulebook';

export const OFFICE_FIELDS = { unit: 'unit', role: 'role', member: 'member', memberText: 'member-name', unitText: 'unit-name' } as const;
const LABELS = { [OFFICE_FIELDS.member]: 'Member', [OFFICE_FIELDS.unit]: 'Unit', [OFFICE_FIELDS.role]: 'Office' };

function matches(
  name: string,
  legend: string,
  typed: string,
  found: readonly AdminChoice[] | null,
  chosen: string | undefined,
  error: string | undefined,
): Html {
  if (found === null) return html`<p>Find the ${legend.toLowerCase()} by name first.</p>`;
  if (found.length === 0) return html`<p id="${fieldId(name)}">No ${legend.toLowerCase()} has a name with words beginning “${typed}”. Try another search.</p>`;
  return radioGroup({
    name,
    legend,
    options: found,
    ...(chosen !== undefined ? { value: chosen } : found.length === 1 ? { value: found[0].value } : {}),
    ...(error !== undefined ? { error } : {}),
  });
}

export function adminPage(data: AdminView, ctx: ViewContext): string {
  const errors = data.errors ?? {};
  const f = data.find;
  const searched = f.members !== null || f.units !== null;
  const body = html`${errorSummary(errors, LABELS)}
<p>Administrators (set by HUSTINGS_ADMINS): ${data.administrators.join(', ') || 'none'}.</p>
<h2>The rulebook in force</h2>
<p>Every trigger ballot, selection and election opened from now on runs under <strong>${data.rulebook.name}</strong>${data.rulebook.named ? '' : ' (the default: no administrator has named one yet)'}. Processes already opened keep the rulebook they were opened under. Every rulebook, historical or another party’s, stays in the democracy review.</p>
<form method="post" action="${paths.adminRulebook}" class="filter">
${csrfField(ctx)}
${selectField(RULEBOOK_IN_FORCE_FIELD, 'Rulebook in force', data.rulebook.choices, data.rulebook.id)}
${submitButton('Name it the rulebook in force', { secondary: true })}
</form>
<h2>Members and units</h2>
<p><a href="${paths.adminImport}">Import from the membership system</a>: a CSV export of the units or the members, checked first, all rows or none.</p>
<p><a href="${paths.adminMailFailures}">Addresses that refuse mail</a>: members whose mail is not getting through, to correct their address.</p>
<p><a href="${paths.adminDisputesPanel}">The disputes panel</a>: who decides disputes about reviews, and its chair.</p>
<h2>Appoint an officer</h2>
<form method="get" action="${paths.admin}" role="search">
${field({ name: OFFICE_FIELDS.memberText, label: 'Member’s name', value: f.memberText, hint: 'A name or its beginning: “jo blo” finds Jo Bloggs.' })}
${field({ name: OFFICE_FIELDS.unitText, label: 'Unit’s name', value: f.unitText, hint: 'A branch or affiliated branch for a secretary, a constituency for a procedures secretary, the party for national officers and scrutineers.' })}
${submitButton('Find', { secondary: searched })}
</form>
${
  searched
    ? html`<form method="post" action="${paths.admin}/offices" novalidate>
${csrfField(ctx)}
<input type="hidden" name="${OFFICE_FIELDS.memberText}" value="${f.memberText}"><input type="hidden" name="${OFFICE_FIELDS.unitText}" value="${f.unitText}">
${matches(OFFICE_FIELDS.member, 'Member', f.memberText, f.members, data.chosen?.member, errors[OFFICE_FIELDS.member])}
${matches(OFFICE_FIELDS.unit, 'Unit', f.unitText, f.units, data.chosen?.unit, errors[OFFICE_FIELDS.unit])}
${errors[OFFICE_FIELDS.role] && html`<p class="error-message"><span class="visually-hidden">Error: </span>${errors[OFFICE_FIELDS.role]}</p>`}
${selectField(OFFICE_FIELDS.role, 'Office', data.roles, data.chosen?.role)}
${submitButton('Appoint')}
</form>`
    : ''
}
<div class="table-wrap"><table><caption>Offices (${data.offices.length})</caption>
<thead><tr><th scope="col">Member</th><th scope="col">Email</th><th scope="col">Office</th><th scope="col">Unit</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
<tbody>${data.offices.map(
    (o, i) => html`<tr><th scope="row">${o.memberName}</th><td>${o.email ?? 'none'}</td><td>${o.office}</td><td>${o.unitName}</td>
<td><form method="post" action="${paths.admin}/offices/remove" class="inline-form">${csrfField(ctx)}<input type="hidden" name="${OFFICE_FIELDS.member}" value="${o.member}"><input type="hidden" name="${OFFICE_FIELDS.unit}" value="${o.unit}"><input type="hidden" name="${OFFICE_FIELDS.role}" value="${o.role}"><button type="submit" class="link-button" id="${fieldId(`remove-${i}`)}">Remove<span class="visually-hidden"> ${o.memberName} as ${o.office}</span></button></form></td></tr>`,
  )}</tbody></table></div>`;
  return layout({ title: 'Administration', body }, ctx);
}
