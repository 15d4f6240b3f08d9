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
import { dateText } from './common.js';
import type { DeclaredFigures } from '../../domain/processes/index.js';
import { dec, fmt, sumDecimals } from '../../count/decimal.js';
import { numberText, percentOf } from './format.js';
import { html, type Html } from './html.js';
import { layout } from './layout.js';
import { buildSankey, type SankeyModel } from './sankey.js';
import { sankeySvg } from './sankey-svg.js';
import { methodIn, wordsFor, wordsHtml } from './language.js';
import { stageSentenceIn } from './stage-words.js';
import { andListIn, type Words } from '../../app/language/index.js';

export interface ResultsDownloads {
  /** The result sheet as plain text, as the command line prints it. */
  readonly text?: string;
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
  /** The disputes panel's decisions, where the rulebook publishes them: what each was about and what was decided, never the grounds or evidence. */
  readonly disputes?: readonly PublishedDecision[];
}

/** A decision on a dispute as the public sees it (in English, as the panel gave it). */
export interface PublishedDecision {
  readonly about: string;
  readonly decision: string;
  readonly reasons: string;
}

/** Who declared the result and when, and the figures announced then, as kept with the declaration. */
function declarationSection(d: NonNullable<ResultsView['declared']>, w: Words): Html {
  const on = dateText(d.on, w);
  return html`<p class="declared">${d.by === null ? wordsHtml(w, 'results.declared', { date: on }) : wordsHtml(w, 'results.declaredBy', { name: d.by, date: on })}</p>
${
  d.figures &&
  html`<div class="table-wrap"><table><caption>${w.t('results.announced')}</caption>
<thead><tr><th scope="col">${w.t('results.candidate')}</th><th scope="col">${w.t('results.firstStage')}</th><th scope="col">${w.t('results.finalStage')}</th></tr></thead>
<tbody>${d.figures.candidates.map((c) => html`<tr><th scope="row">${c.name}${d.figures!.elected.includes(c.name) ? html` <span class="mark">${w.t('results.electedMark')}</span>` : ''}</th><td>${c.first}</td><td>${c.final}</td></tr>`)}</tbody>
</table></div>
<p>${w.t('results.turnoutAnnounced', { ballots: d.figures.turnout.ballots, electorate: d.figures.turnout.electorate })}</p>`
}`;
}

const INACTIVE_KEYS: Readonly<Record<InactiveReason, `results.${InactiveReason}`>> = {
  exhausted: 'results.exhausted',
  overvote: 'results.overvote',
  skippedRanks: 'results.skippedRanks',
  repeatedRanking: 'results.repeatedRanking',
};

/**
 * Some of the result sheet's own words (ties, and the minimums' working) come from src/report/sheet.ts,
 * which the terminal and the CSV share, in English: on a Welsh page they say so with lang="en-GB", so
 * a screen reader reads them as English. What each stage did is said in the page's language
 * (stage-words.ts), and the sheet's labels the catalogue has are too (`sheetLabel`).
 */
const sheetLang = (w: Words): Html | '' => (w.language === 'en-GB' ? '' : html` lang="en-GB"`);

/** The sheet's fixed labels the catalogue has (`sheet.<English>`): a stage's heading, a total's label, a candidate's result. */
const SHEET_LABELS = [
  'Votes',
  'First preferences',
  'Recount',
  'Surpluses',
  'Surplus of',
  'Exclusion of',
  'Total',
  'Quota',
  'Threshold',
  'Loss by fractions',
  'Non-transferable: exhausted',
  'Non-transferable: overvote',
  'Non-transferable: skipped ranks',
  'Non-transferable: repeated ranking',
  'withdrawn',
  'not elected',
] as const;
const isSheetLabel = (text: string): text is (typeof SHEET_LABELS)[number] => (SHEET_LABELS as readonly string[]).includes(text);

/** One of the sheet's short labels in the page's language; one the catalogue lacks stays English, and says so. */
function sheetLabel(w: Words, text: string): Html {
  if (w.language === 'en-GB') return html`${text}`;
  if (isSheetLabel(text)) return html`${w.t(`sheet.${text}`)}`;
  const at = /^(elected|excluded) at stage (\d+)$/.exec(text);
  if (at) return html`${w.t(at[1] === 'elected' ? 'sheet.electedAt' : 'sheet.excludedAt', { stage: at[2]! })}`;
  return html`<span lang="en-GB">${text}</span>`;
}

/** A dash for a candidate out of the count, said so to screen readers. */
const outOfCount = (w: Words): Html => html`<span aria-hidden="true">—</span><span class="visually-hidden">${w.t('results.outOfCount')}</span>`;

function cellText(c: Sheet['candidates'][number]['cells'][number], w: Words): Html {
  if (c.value === null) return outOfCount(w);
  return html`${c.value}${c.elected ? html` <span class="mark">${w.t('results.electedMark')}</span>` : ''}${c.excluded ? html` <span class="mark">${w.t('results.excludedMark')}</span>` : ''}`;
}

// What happened at each stage is said from the record in the member's language (stage-words.ts); the totals' labels and ties come from the result sheet.
function roundTable(record: CountRecord, sheet: Sheet, w: Words, method: string): Html {
  return html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="rounds-caption"><table class="rounds">
<caption id="rounds-caption">${w.t('results.roundsCaption', { method, n: record.seats })}</caption>
<thead><tr><th scope="col">${w.t('results.candidate')}</th>${sheet.stages.map((s) => html`<th scope="col">${w.t('results.stage', { stage: s.number })}<br><span class="small">${s.who === 'preferences' ? sheetLabel(w, `${s.what} ${s.who}`) : html`${sheetLabel(w, s.what)}${s.who ? html` ${s.who}` : ''}`}</span></th>`)}<th scope="col">${w.t('results.outcome')}</th></tr></thead>
<tbody>
${sheet.candidates.map((r) => html`<tr class="status-${r.status.replace(' ', '-')}"><th scope="row">${r.name}</th>${r.cells.map((c) => html`<td>${cellText(c, w)}</td>`)}<td>${sheetLabel(w, r.result)}</td></tr>`)}
</tbody>
<tfoot>
${sheet.totals.map((t) => html`<tr><th scope="row">${sheetLabel(w, t.label)}</th>${t.cells.map((v) => html`<td>${v}</td>`)}<td></td></tr>`)}
</tfoot>
</table></div>
<h3>${w.t('results.eachStage')}</h3>
<ol class="stage-notes">${record.stages.map((s) => html`<li value="${s.number}">${w.t('results.stage', { stage: s.number })}: ${stageSentenceIn(w, record, s)}.</li>`)}</ol>`;
}

/** " (62.5%)": the turnout's share of the electorate, or nothing for an empty electorate. */
function turnoutShare(t: { readonly voted: number; readonly electorate: number }): string {
  const share = percentOf(t.voted, t.electorate);
  return share === null ? '' : ` (${share})`;
}

/** The votes of a stage's tally, summed exactly. */
const stageTotal = (tally: Readonly<Record<number, string>>): string => fmt(sumDecimals(Object.values(tally).map(dec)));

/**
 * Each candidate's share of the valid first preferences, and — where the count went past its first
 * stage to fill one seat — of the votes still in the count at its last stage (the head-to-head that
 * decided it). Shares of a multi-seat count's last stage would say little, so they are not shown.
 */
function sharesTable(record: CountRecord, w: Words): Html | null {
  const first = record.stages[0];
  const last = record.stages[record.stages.length - 1];
  if (!first || !last) return null;
  const firstTotal = stageTotal(first.tally);
  const final = record.stages.length > 1 && record.seats === 1 ? { stage: last, total: stageTotal(last.tally) } : null;
  const dash = outOfCount(w);
  return html`<div class="table-wrap" tabindex="0" role="region" aria-labelledby="shares-caption"><table class="shares">
<caption id="shares-caption">${final ? w.t('results.sharesLast', { stage: final.stage.number }) : w.t('results.shares')}</caption>
<thead><tr><th scope="col">${w.t('results.candidate')}</th><th scope="col">${record.freshVotesEachStage ? w.t('results.roundOneVotes') : w.t('results.firstPreferences')}</th><th scope="col">${record.freshVotesEachStage ? w.t('results.roundOneShare') : w.t('results.shareFirst')}</th>${final && html`<th scope="col">${w.t('results.votesAt', { stage: final.stage.number })}</th><th scope="col">${w.t('results.shareAt', { stage: final.stage.number })}</th>`}</tr></thead>
<tbody>
${record.candidates.map((name, i) => {
  const v1 = first.tally[i];
  const vn = final?.stage.tally[i];
  return html`<tr><th scope="row">${name}</th><td>${v1 === undefined ? dash : numberText(v1)}</td><td>${v1 === undefined ? dash : (percentOf(v1, firstTotal) ?? dash)}</td>${
    final && html`<td>${vn === undefined ? dash : numberText(vn)}</td><td>${vn === undefined ? dash : (percentOf(vn, final.total) ?? dash)}</td>`
  }</tr>`;
})}
</tbody>
</table></div>`;
}

function transfersInWords(model: SankeyModel, w: Words): Html {
  const label = new Map(model.nodes.map((n) => [n.id, n.label]));
  const steps: Html[] = [];
  for (let s = 1; s < model.stages; s++) {
    const moves = model.flows.filter((f) => f.stage === s && f.kind === 'transfer');
    if (moves.length === 0) continue;
    steps.push(
      html`<li>${w.t('results.transferStep', { from: s, to: s + 1, moves: moves.map((f) => w.t('results.transfer', { votes: f.votes, source: label.get(f.from) ?? '', target: label.get(f.to) ?? '' })).join('; ') })}</li>`,
    );
  }
  return steps.length === 0 ? html`<p>${w.t('results.noTransfers')}</p>` : html`<ul>${steps}</ul>`;
}

function inactiveTable(record: CountRecord, w: Words): Html {
  const last = record.stages[record.stages.length - 1];
  if (!last) return html`<p>${w.t('results.noStages')}</p>`;
  return html`<div class="table-wrap"><table>
<caption>${w.t('results.inactiveCaption')}</caption>
<thead><tr><th scope="col">${w.t('results.reason')}</th><th scope="col">${w.t('results.votes')}</th></tr></thead>
<tbody>
${INACTIVE_REASONS.map((r) => html`<tr><th scope="row">${w.t(INACTIVE_KEYS[r])}</th><td>${last.inactive[r]}</td></tr>`)}
<tr><th scope="row">${w.t('results.lost')}</th><td>${last.lost}</td></tr>
</tbody>
</table></div>`;
}

function downloads(d: ResultsDownloads, w: Words): Html {
  const items = [
    d.text && html`<li><a href="${d.text}" download>${w.t('results.text')}</a></li>`,
    d.csv && html`<li><a href="${d.csv}" download>${w.t('results.csv')}</a></li>`,
    d.urcvt && html`<li><a href="${d.urcvt}" download>${w.t('results.urcvt')}</a></li>`,
    d.blt && html`<li><a href="${d.blt}" download>${w.t('results.blt')}</a></li>`,
  ].filter((x) => x);
  return items.length === 0 ? html`<p>${w.t('results.noDownloads')}</p>` : html`<ul>${items}</ul>`;
}

export function resultsPage(data: ResultsView, ctx: ViewContext): string {
  const w = wordsFor(ctx);
  const record = data.record;
  const sheet = buildSheet(record);
  const model = buildSankey(record, w.t('sankey.inactive'));
  const winners = record.elected.map((c) => record.candidates[c] ?? `#${c + 1}`);
  const ties = record.events.filter((e) => e.type === 'tie');
  // The count library names its method in English; a Welsh page says it as the booth does.
  const method = w.language === 'en-GB' ? record.methodName : methodIn(w, record.method);
  const counted = data.turnout
    ? w.t('results.countedTurnout', {
        n: numberText(record.totalBallots),
        method,
        voted: numberText(data.turnout.voted),
        electorate: numberText(data.turnout.electorate),
        share: turnoutShare(data.turnout),
      })
    : w.t('results.counted', { n: numberText(record.totalBallots), method });
  const body = html`${data.undeclared && html`<p class="notice" role="status"><strong>${w.t('results.undeclared')}</strong> ${w.t('results.undeclaredText')}</p>`}
<section aria-labelledby="summary-title" class="panel">
<h2 id="summary-title">${w.t('results.result')}</h2>
<p><strong>${winners.length === 0 ? w.t('results.nobody') : w.t('results.elected', { names: andListIn(w, winners) })}</strong></p>
${sheet.minimumEffect && html`<p class="minimum-effect"${sheetLang(w)}>${sheet.minimumEffect}</p>`}
<p>${counted}</p>
${data.declared && declarationSection(data.declared, w)}
${data.trackerUrl && html`<p><a href="${data.trackerUrl}">${w.t('results.checkTracker')}</a></p>`}
</section>
<section aria-labelledby="shares-title">
<h2 id="shares-title">${w.t('results.shares')}</h2>
${sharesTable(record, w)}
</section>
<section aria-labelledby="rounds-title">
<h2 id="rounds-title">${w.t('results.rounds')}</h2>
${roundTable(record, sheet, w, method)}
</section>
<section aria-labelledby="transfers-title">
<h2 id="transfers-title">${w.t('results.moved')}</h2>
${
  record.freshVotesEachStage
    ? html`<p>${w.t('results.freshVotes')}</p>`
    : model.stages <= 1
      ? html`<p>${w.t('results.noMoves')}</p>`
      : html`<figure class="sankey-figure">
<div class="sankey-scroll" tabindex="0" role="region" aria-label="${w.t('results.diagram')}">
${sankeySvg(model, {
  id: 'sankey',
  title: w.t('results.diagramTitle', { title: record.title }),
  description: w.t('results.diagramText'),
  words: w,
})}
</div>
<figcaption>${w.t('results.diagramCaption')}</figcaption>
</figure>
<h3>${w.t('results.inWords')}</h3>
${transfersInWords(model, w)}`
}
</section>
${data.disputes && data.disputes.length > 0 && decisionsSection(data.disputes, w)}
${
  // A meeting's rounds are tallies, not papers counted preference by preference: no paper becomes inactive.
  !record.freshVotesEachStage &&
  html`<section aria-labelledby="inactive-title">
<h2 id="inactive-title">${w.t('results.inactive')}</h2>
${inactiveTable(record, w)}
</section>`
}
${
  minimumExclusions(record).length > 0 &&
  html`<section aria-labelledby="minimum-title"><h2 id="minimum-title"${sheetLang(w)}>Excluded under ${minimumsText(record)}</h2><ul${sheetLang(w)}>${minimumExclusions(record).map((line) => html`<li>${line}</li>`)}</ul></section>`
}
${
  ties.length > 0 &&
  html`<section aria-labelledby="ties-title"><h2 id="ties-title">${w.t('results.ties')}</h2><ul${sheetLang(w)}>${ties.map((t) => html`<li>${t.type === 'tie' ? tieText(record, t) : ''}.</li>`)}</ul></section>`
}
<section aria-labelledby="downloads-title">
<h2 id="downloads-title">${w.t('results.downloads')}</h2>
${downloads(data.downloads, w)}
</section>`;
  return layout({ title: w.t('results.title', { title: data.process.title }), body }, ctx);
}

/** The disputes panel's published decisions, as a section of a public page. */
function decisionsSection(disputes: readonly PublishedDecision[], w: Words): Html {
  return html`<section aria-labelledby="disputes-title"><h2 id="disputes-title">${w.t('results.disputes')}</h2><p>${w.t('results.disputesText')}</p><ul${sheetLang(w)}>${disputes.map(
    (d) => html`<li><strong>${d.about}</strong>: ${d.decision} ${d.reasons}</li>`,
  )}</ul></section>`;
}

/**
 * The public page of a process's decided disputes, for any kind of process (a review of a sitting
 * representative has no results page to carry them): shown only where its rulebook publishes them.
 */
export function publishedDecisionsPage(data: { readonly title: string; readonly disputes: readonly PublishedDecision[] }, ctx: ViewContext): string {
  const w = wordsFor(ctx);
  const body = data.disputes.length > 0 ? decisionsSection(data.disputes, w) : html`<p>${w.t('results.noDisputes')}</p>`;
  return layout({ title: w.t('results.disputesTitle', { title: data.title }), body }, ctx);
}
