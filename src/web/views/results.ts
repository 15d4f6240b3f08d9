/**
 * A count's results: who was elected, the round-by-round table (the report
 * module's result sheet, so the web, terminal and CSV agree), a Sankey diagram
 * of the transfers with the same figures in words, inactive ballots by reason,
 * ties and how they were settled, and the downloads.
 */
import type { CountRecord } from '../../count/record.js';
import { INACTIVE_REASONS, type InactiveReason } from '../../count/ballot-rules.js';
import { buildSheet, minimumExclusions, minimumsText, tieText, type Sheet } from '../../report/sheet.js';
import type { ViewContext } from './context.js';
import { andList, dateText } from './common.js';
import type { DeclaredFigures } from '../../domain/processes/index.js';
import { html, type Html } from './html.js';
import { layout } from './layout.js';
import { buildSankey, type SankeyModel } from './sankey.js';
import { sankeySvg } from './sankey-svg.js';

export interface ResultsDownloads {
  readonly csv?: string;
  readonly urcvt?: string;
  /** The anonymised ballots as a BLT file. */
  readonly blt?: string;
}

export interface ResultsView {
  readonly process: { readonly id: string; readonly title: string };
  readonly record: CountRecord;
  readonly downloads: ResultsDownloads;
  /** Members who voted and the size of the frozen electorate. */
  readonly turnout?: { readonly voted: number; readonly electorate: number };
  /** Where a voter checks their tracker code. */
  readonly trackerUrl?: string;
  /** Counted but not yet declared: only officers and scrutineers see the page, and it says so. */
  readonly undeclared?: boolean;
  /** The declaration: who made it (null for one made before that was kept), on which day, and the figures it announced. */
  readonly declared?: { readonly by: string | null; readonly on: string; readonly figures?: DeclaredFigures };
}

/** Who declared the result and when, and the figures announced then, as kept with the declaration. */
function declarationSection(d: NonNullable<ResultsView['declared']>): Html {
  return html`<p class="declared">Declared${d.by === null ? '' : html` by ${d.by}`} on ${dateText(d.on)}.</p>
${
  d.figures &&
  html`<div class="table-wrap"><table><caption>Figures announced at the declaration</caption>
<thead><tr><th scope="col">Candidate</th><th scope="col">First stage</th><th scope="col">Final stage</th></tr></thead>
<tbody>${d.figures.candidates.map((c) => html`<tr><th scope="row">${c.name}${d.figures!.elected.includes(c.name) ? html` <span class="mark">elected</span>` : ''}</th><td>${c.first}</td><td>${c.final}</td></tr>`)}</tbody>
</table></div>
<p>Turnout announced: ${d.figures.turnout.ballots} ballots of ${d.figures.turnout.electorate} eligible members.</p>`
}`;
}

const INACTIVE_WORDS: Readonly<Record<InactiveReason, string>> = {
  exhausted: 'No further preferences (exhausted)',
  overvote: 'Two candidates given the same rank (overvote)',
  skippedRanks: 'Too many ranks skipped',
  repeatedRanking: 'A candidate ranked more than once',
};

function cellText(c: Sheet['candidates'][number]['cells'][number]): Html {
  if (c.value === null) return html`<span aria-hidden="true">—</span><span class="visually-hidden">out of the count</span>`;
  return html`${c.value}${c.elected ? html` <span class="mark">elected</span>` : ''}${c.excluded ? html` <span class="mark">excluded</span>` : ''}`;
}

function roundTable(record: CountRecord, sheet: Sheet): Html {
  return html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="rounds-caption"><table class="rounds">
<caption id="rounds-caption">Round-by-round count: ${record.methodName}, ${record.seats} ${record.seats === 1 ? 'seat' : 'seats'}</caption>
<thead><tr><th scope="col">Candidate</th>${sheet.stages.map((s) => html`<th scope="col">Stage ${s.number}<br><span class="small">${s.what}${s.who ? html` ${s.who}` : ''}</span></th>`)}<th scope="col">Result</th></tr></thead>
<tbody>
${sheet.candidates.map((r) => html`<tr class="status-${r.status.replace(' ', '-')}"><th scope="row">${r.name}</th>${r.cells.map((c) => html`<td>${cellText(c)}</td>`)}<td>${r.result}</td></tr>`)}
</tbody>
<tfoot>
${sheet.totals.map((t) => html`<tr><th scope="row">${t.label}</th>${t.cells.map((v) => html`<td>${v}</td>`)}<td></td></tr>`)}
</tfoot>
</table></div>
<h3>What happened at each stage</h3>
<ol class="stage-notes">${sheet.stages.map((s) => html`<li value="${s.number}">Stage ${s.number}: ${s.description}.</li>`)}</ol>`;
}

function transfersInWords(model: SankeyModel): Html {
  const label = new Map(model.nodes.map((n) => [n.id, n.label]));
  const steps: Html[] = [];
  for (let s = 1; s < model.stages; s++) {
    const moves = model.flows.filter((f) => f.stage === s && f.kind === 'transfer');
    if (moves.length === 0) continue;
    steps.push(
      html`<li>Stage ${s} to ${s + 1}: ${moves.map((f, i) => html`${i > 0 ? '; ' : ''}${f.votes} from ${label.get(f.from)} to ${label.get(f.to)}`)}.</li>`,
    );
  }
  return steps.length === 0 ? html`<p>No votes were transferred.</p>` : html`<ul>${steps}</ul>`;
}

function inactiveTable(record: CountRecord): Html {
  const last = record.stages[record.stages.length - 1];
  if (!last) return html`<p>No stages were counted.</p>`;
  return html`<div class="table-wrap"><table>
<caption>Inactive ballots by reason, at the end of the count</caption>
<thead><tr><th scope="col">Reason</th><th scope="col">Votes</th></tr></thead>
<tbody>
${INACTIVE_REASONS.map((r) => html`<tr><th scope="row">${INACTIVE_WORDS[r]}</th><td>${last.inactive[r]}</td></tr>`)}
<tr><th scope="row">Lost to rounding fractions</th><td>${last.lost}</td></tr>
</tbody>
</table></div>`;
}

function downloads(d: ResultsDownloads): Html {
  const items = [
    d.csv && html`<li><a href="${d.csv}" download>Result sheet (CSV)</a></li>`,
    d.urcvt && html`<li><a href="${d.urcvt}" download>Count record in the Universal RCV Tabulation format (JSON)</a></li>`,
    d.blt && html`<li><a href="${d.blt}" download>Anonymised ballots (BLT), to recount yourself</a></li>`,
  ].filter((x) => x);
  return items.length === 0 ? html`<p>No downloads are available yet.</p>` : html`<ul>${items}</ul>`;
}

/** The number of ballots, which is whole, without the zero decimals a fractional method's record writes it with ("5.000000"). */
function wholeBallots(total: string): string {
  return total.replace(/\.0+$/, '');
}

export function resultsPage(data: ResultsView, ctx: ViewContext): string {
  const record = data.record;
  const sheet = buildSheet(record);
  const model = buildSankey(record);
  const winners = record.elected.map((c) => record.candidates[c] ?? `#${c + 1}`);
  const ties = record.events.filter((e) => e.type === 'tie');
  const body = html`${data.undeclared && html`<p class="notice" role="status"><strong>Counted, not yet declared.</strong> Only the officers running this ballot and scrutineers can see this result until it is declared.</p>`}
<section aria-labelledby="summary-title" class="panel">
<h2 id="summary-title">Result</h2>
<p><strong>${winners.length === 0 ? 'Nobody was elected.' : `Elected: ${andList(winners)}.`}</strong></p>
${sheet.minimumEffect && html`<p class="minimum-effect">${sheet.minimumEffect}</p>`}
<p>${wholeBallots(record.totalBallots)} ballots counted by ${record.methodName}${data.turnout ? `; ${data.turnout.voted} of ${data.turnout.electorate} eligible members voted` : ''}.</p>
${data.declared && declarationSection(data.declared)}
${data.trackerUrl && html`<p><a href="${data.trackerUrl}">Check your ballot with your tracker code</a></p>`}
</section>
<section aria-labelledby="rounds-title">
<h2 id="rounds-title">Round by round</h2>
${roundTable(record, sheet)}
</section>
<section aria-labelledby="transfers-title">
<h2 id="transfers-title">How the votes moved</h2>
${
  model.stages <= 1
    ? html`<p>The count ended at its first stage, so no votes moved.</p>`
    : html`<figure class="sankey-figure">
<div class="sankey-scroll" tabindex="0" role="region" aria-label="Diagram of transfers, scrolls sideways">
${sankeySvg(model, {
  id: 'sankey',
  title: `Transfers between stages: ${record.title}`,
  description: `One column per stage; each bar is a candidate's votes, and bands show votes kept or transferred. The round-by-round table and the list of transfers below give the same figures.`,
})}
</div>
<figcaption>Each column is a stage; bands show where votes went. The grey bar collects votes that could not transfer.</figcaption>
</figure>
<h3>Transfers in words</h3>
${transfersInWords(model)}`
}
</section>
<section aria-labelledby="inactive-title">
<h2 id="inactive-title">Inactive ballots</h2>
${inactiveTable(record)}
</section>
${
  minimumExclusions(record).length > 0 &&
  html`<section aria-labelledby="minimum-title"><h2 id="minimum-title">Excluded under ${minimumsText(record)}</h2><ul>${minimumExclusions(record).map((line) => html`<li>${line}</li>`)}</ul></section>`
}
${
  ties.length > 0 &&
  html`<section aria-labelledby="ties-title"><h2 id="ties-title">Ties</h2><ul>${ties.map((t) => html`<li>${t.type === 'tie' ? tieText(record, t) : ''}.</li>`)}</ul></section>`
}
<section aria-labelledby="downloads-title">
<h2 id="downloads-title">Downloads</h2>
${downloads(data.downloads)}
</section>`;
  return layout({ title: `Results: ${data.process.title}`, body }, ctx);
}
