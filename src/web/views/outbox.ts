/** The development outbox: the mail a development server would have sent. */
import type { ViewContext } from './context.js';
import { definitionList } from './common.js';
import { html } from './html.js';
import { layout } from './layout.js';

export interface OutboxView {
  readonly messages: readonly { readonly to: string; readonly subject: string; readonly text: string; readonly at: string }[];
}

export function outboxPage(data: OutboxView, ctx: ViewContext): string {
  const body = html`<p>Development only: the mail this server would have sent, newest first. It does not exist in production.</p>
${
  data.messages.length === 0
    ? html`<p>No mail yet.</p>`
    : data.messages.map(
        (m) =>
          html`<article class="card"><h2>${m.subject}</h2>${definitionList([
            ['To', m.to],
            ['Sent', m.at],
          ])}<pre>${m.text}</pre></article>`,
      )
}`;
  return layout({ title: 'Development outbox', body }, ctx);
}
