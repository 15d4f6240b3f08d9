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
  /** The secretary's other units (a branch and affiliated branches, say), each with what it can record now. */
  readonly others: readonly { readonly id: string; readonly name: string; readonly href: string; readonly processes: readonly UnitProcessLink[] }[];
}

/** Each process's card; the link names the unit too, since a secretary of several units sees several alike. */
function processCards(unitName: string, processes: readonly UnitProcessLink[]) {
  return html`<ul class="cards">
${processes.map(
  (p) =>
    html`<li class="card"><h3>${p.title}</h3><p>${p.status}</p>${p.href && html`<p><a class="button" href="${p.href}">${p.action}<span class="visually-hidden"> of ${unitName}: ${p.title}</span></a></p>`}</li>`,
)}
</ul>`;
}

export function unitOverviewPage(data: UnitOverviewView, ctx: ViewContext): string {
  const body = html`${
    data.processes.length === 0
      ? html`<p>${data.unit.name} takes part in no trigger ballot or selection at the moment.</p>`
      : processCards(data.unit.name, data.processes)
  }
${
  data.others.length > 0 &&
  html`<h2>Your other units</h2>
<p>You are also secretary of these units; record each one’s decisions from its own page.</p>
${data.others.map(
  (o) => html`<section><h3><a href="${o.href}">${o.name}</a></h3>
${o.processes.length === 0 ? html`<p>Takes part in no trigger ballot or selection at the moment.</p>` : processCards(o.name, o.processes)}</section>`,
)}`
}`;
  return layout({ title: data.unit.name, lead: 'The processes your unit takes part in.', body }, ctx);
}
