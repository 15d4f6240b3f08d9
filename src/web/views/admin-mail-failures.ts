/**
 * The administrators' list of members whose email address refuses mail, each with a small form to
 * correct it. Members are named, with the address, why it fails, since when and how often; no
 * notice, process or ballot is mentioned, so the list says nothing about who has voted.
 */
import { dateText } from './common.js';
import type { ViewContext } from './context.js';
import { numberText } from './format.js';
import { csrfField, errorSummary, field, submitButton } from './forms.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { paths } from './paths.js';

export const MAIL_FAILURE_FIELDS = { member: 'member', email: 'email', page: 'page' } as const;

export interface MailFailureRow {
  /** The member's id: sent back in the correction form, never shown. */
  readonly member: string;
  readonly name: string;
  readonly address: string;
  readonly reason: { readonly words: string; readonly server: string };
  readonly firstOn: string;
  readonly lastOn: string;
  readonly count: number;
}

export interface MailFailuresView {
  readonly rows: readonly MailFailureRow[];
  readonly total: number;
  readonly page: number;
  readonly pages: number;
  /** A correction refused: whose, what was typed, and why; shown beside that member's field. */
  readonly refused?: { readonly member: string; readonly name: string; readonly typed: string; readonly problem: string };
}

/** Each row's field has its own id, so a refusal's summary links to the right one. */
const emailId = (i: number): string => `f-email-${i}`;

function times(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${numberText(n)} times`;
}

export function mailFailuresPage(data: MailFailuresView, ctx: ViewContext): string {
  const refused = data.refused;
  const refusedAt = refused === undefined ? -1 : data.rows.findIndex((r) => r.member === refused.member);
  const summary =
    refused === undefined
      ? null
      : errorSummary(
          { [refusedAt >= 0 ? MAIL_FAILURE_FIELDS.email : '']: refused.problem },
          { [MAIL_FAILURE_FIELDS.email]: `New address for ${refused.name}` },
          { [MAIL_FAILURE_FIELDS.email]: emailId(refusedAt) },
          'The address was not changed',
        );
  const pager =
    data.pages <= 1
      ? null
      : html`<nav aria-label="Pages of failing addresses"><p>Page ${data.page} of ${data.pages}.
${data.page > 1 ? html` <a href="${paths.adminMailFailures}?page=${data.page - 1}">Previous page</a>` : ''}
${data.page < data.pages ? html` <a href="${paths.adminMailFailures}?page=${data.page + 1}">Next page</a>` : ''}</p></nav>`;
  const list =
    data.total === 0
      ? html`<p>Every member’s address is taking mail: no mail to any member has been refused.</p>`
      : html`${pager}<div class="table-wrap"><table><caption>Members whose address refuses mail (${numberText(data.total)})</caption>
<thead><tr><th scope="col">Member</th><th scope="col">Address</th><th scope="col">Why it fails</th><th scope="col">First failed</th><th scope="col">Last failed</th><th scope="col">Failures</th><th scope="col">Correct the address</th></tr></thead>
<tbody>${data.rows.map((r, i) => {
          const mine = refused !== undefined && refused.member === r.member;
          return html`<tr><th scope="row">${r.name}</th><td>${r.address}</td><td>${r.reason.words}<br><span class="small">The mail server said: “${r.reason.server}”</span></td>
<td>${dateText(r.firstOn)}</td><td>${dateText(r.lastOn)}</td><td>${times(r.count)}</td>
<td><form method="post" action="${paths.adminMailFailures}" class="inline-form" novalidate>${csrfField(ctx)}<input type="hidden" name="${MAIL_FAILURE_FIELDS.member}" value="${r.member}"><input type="hidden" name="${MAIL_FAILURE_FIELDS.page}" value="${String(data.page)}">
${field({ name: MAIL_FAILURE_FIELDS.email, id: emailId(i), label: `New address for ${r.name}`, type: 'email', autocomplete: 'off', value: mine ? refused.typed : undefined, error: mine ? refused.problem : undefined })}
${submitButton('Save the address', { secondary: true })}</form></td></tr>`;
        })}</tbody></table></div>${pager}`;
  const body = html`${summary}
<p>Mail to these members was refused by their mail server, so they miss their invitations, reminders and notices. Correct an address here and the member is taken off this list; the next mail goes to the new address. Correct it in the membership system too, or its next import will bring the old address back.</p>
${list}
<p><a href="${paths.admin}">Back to administration</a></p>`;
  return layout({ title: 'Addresses that refuse mail', body, titlePrefix: refused === undefined ? '' : 'Error: ' }, ctx);
}
