/** A unit secretary's page: the processes their unit takes part in, with where to record what it can record now. */
import type { ViewContext } from './context.js';
import { html } from './html.js';
import { layout } from './layout.js';

export interface UnitProcessLink {
  readonly title: string;
  readonly status: string;
  /** Where to record, when the unit can record something now. */
  readonly href: string | null;
  readonly action: string;
}

export interface UnitOverviewView {
  readonly unit: { readonly id: string; readonly name: string };
  readonly processes: readonly UnitProcessLink[];
}

export function unitOverviewPage(data: UnitOverviewView, ctx: ViewContext): string {
  const body =
    data.processes.length === 0
      ? html`<p>${data.unit.name} takes part in no trigger ballot or selection at the moment.</p>`
      : html`<ul class="cards">
${data.processes.map(
  (p) =>
    html`<li class="card"><h2>${p.title}</h2><p>${p.status}</p>${p.href && html`<p><a class="button" href="${p.href}">${p.action}<span class="visually-hidden">: ${p.title}</span></a></p>`}</li>`,
)}
</ul>`;
  return layout({ title: data.unit.name, lead: 'The processes your unit takes part in.', body }, ctx);
}
