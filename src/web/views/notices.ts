/**
 * A ballot's mail to its members, for the officers who run it and those with oversight: each notice
 * with its delivery as counts (never who), a preview of what members read, in English and Welsh, and
 * reminders to schedule or cancel. Nothing here can say who has or has not voted.
 */
import type { FormState, ViewContext } from './context.js';
import { csrfField, errorSummary, field, submitButton } from './forms.js';
import { html } from './html.js';
import { layout } from './layout.js';

export const REMINDER_FIELDS = { date: 'date', time: 'time' } as const;

export interface NoticeRowView {
  readonly kind: string;
  readonly when: string;
  /** How many members it went to; for a reminder still to go, how many it would reach now; else how it will be worked out. */
  readonly members: string;
  readonly sent: string;
  readonly failed: string;
  readonly waiting: string;
  /** Where the officer cancels it (a reminder not yet sent), for those who run the ballot. */
  readonly cancelUrl?: string;
}

export interface NoticesView {
  readonly title: string;
  readonly processUrl: string;
  readonly rows: readonly NoticeRowView[];
  readonly previews: readonly { readonly text: string; readonly href: string }[];
  /** Where an officer schedules a reminder, with the form as sent when it was refused; absent for those who may only look. */
  readonly schedule?: { readonly action: string; readonly form: FormState; readonly zone: string };
  /** The whole page's refusal (a reminder that could not be cancelled). */
  readonly problem?: string;
}

export function noticesPage(data: NoticesView, ctx: ViewContext): string {
  const errors = data.schedule?.form.errors ?? {};
  const table =
    data.rows.length === 0
      ? html`<p>No mail has been sent to members about this ballot yet. Invitations go to every eligible member when the ballot opens.</p>`
      : html`<div class="table-wrap"><table>
<caption>Mail to members about ${data.title}</caption>
<thead><tr><th scope="col">Notice</th><th scope="col">When</th><th scope="col">Members</th><th scope="col">Sent</th><th scope="col">Failed</th><th scope="col">Waiting</th></tr></thead>
<tbody>${data.rows.map(
          (r) =>
            html`<tr><th scope="row">${r.kind}</th><td>${r.when}${
              r.cancelUrl &&
              html`<form method="post" action="${r.cancelUrl}" class="inline">${csrfField(ctx)}<button type="submit" class="button button-secondary">Cancel<span class="visually-hidden"> the ${r.kind.toLowerCase()} of ${r.when}</span></button></form>`
            }</td><td>${r.members}</td><td>${r.sent}</td><td>${r.failed}</td><td>${r.waiting}</td></tr>`,
        )}</tbody></table></div>`;
  const schedule =
    data.schedule &&
    html`<h2>Schedule a reminder</h2>
<p>A reminder goes to the members who have not voted by the moment you choose: the server works out who when it sends it, so nobody sees who they are, only how many it would reach if it went now. A last-day reminder is scheduled when the ballot opens.</p>
${errorSummary(errors, { [REMINDER_FIELDS.date]: 'Day', [REMINDER_FIELDS.time]: 'Time' })}
<form method="post" action="${data.schedule.action}" novalidate>
${csrfField(ctx)}
${field({ name: REMINDER_FIELDS.date, label: 'Day', type: 'date', value: data.schedule.form.values[REMINDER_FIELDS.date], error: errors[REMINDER_FIELDS.date], required: true })}
${field({ name: REMINDER_FIELDS.time, label: 'Time', value: data.schedule.form.values[REMINDER_FIELDS.time] ?? '09:00', error: errors[REMINDER_FIELDS.time], hint: `Hours and minutes, for example 09:00 (${data.schedule.zone}).`, narrow: true, required: true })}
${submitButton('Schedule the reminder')}
</form>`;
  const body = html`${data.problem && html`<p class="error-message">${data.problem}</p>`}
<p>Delivery is shown as counts. A failed message is an address that refused mail; administrators see those members and can correct their addresses.</p>
${table}
<h2>What members read</h2>
<ul>${data.previews.map((p) => html`<li><a href="${p.href}">${p.text}</a></li>`)}</ul>
${schedule}
<p><a href="${data.processUrl}">Back to ${data.title}</a></p>`;
  return layout({ title: `Mail to members: ${data.title}`, body, titlePrefix: Object.keys(errors).length > 0 || data.problem ? 'Error: ' : '' }, ctx);
}

/** One notice as a member would read it: its subject and its text, paragraph by paragraph. */
export function noticePreviewPage(
  data: { readonly title: string; readonly subject: string; readonly text: string; readonly lang: string; readonly backUrl: string },
  ctx: ViewContext,
): string {
  const body = html`<p>This is the mail a member reads (their name and their own link differ). The link here does not work.</p>
<div class="panel" lang="${data.lang}">
<p><strong>${data.subject}</strong></p>
${data.text
  .trim()
  .split('\n\n')
  .map((p) => html`<p>${p}</p>`)}
</div>
<p><a href="${data.backUrl}">Back to the mail to members</a></p>`;
  return layout({ title: `Preview: ${data.title}`, body }, ctx);
}
