/**
 * The ballot booth: rank → review → cast → tracker code.
 *
 * Without JavaScript the voter types a number next to each name. With it,
 * /static/booth.js turns the same form into a list the voter reorders (buttons,
 * arrow keys, drag), and writes the order into the same number boxes, so the
 * server reads one format (server/forms/ranking.ts).
 */
import type { FieldErrors, ViewContext } from './context.js';
import { dateText } from './common.js';
import { csrfField, errorSummary, field, submitButton } from './forms.js';
import { attr, html, type Html } from './html.js';
import { layout } from './layout.js';
import { paths } from './paths.js';
import { boothScriptWords, wordsFor, wordsHtml } from './language.js';
import { wordsIn, type Words } from '../../app/language/index.js';
import { photoImage, type PhotoView } from './nominations.js';
import {
  BOOTH_ACTION_FIELD,
  BOOTH_BLANK_FIELD,
  rankBoxes,
  rankBoxTargets,
  rankFieldName,
  type RankableCandidate,
  type RankBoxCandidate,
} from './ranking-form.js';

export {
  BOOTH_ACTION_FIELD,
  BOOTH_BLANK_FIELD,
  RANK_FIELD_PREFIX,
  rankFieldName,
  rankingToFields,
  type BoothAction,
  type RankableCandidate,
} from './ranking-form.js';

export type BoothCandidate = RankBoxCandidate;

export interface BoothView {
  readonly process: string;
  readonly title: string;
  /** Who the ballot is for, e.g. "Ilford South selection". */
  readonly unit: string;
  readonly closes: string;
  /** When voting closes, as a sentence ("Voting closes at 5pm on Thursday 4 March 2027 (UK time)."); in its place the closing day is shown. */
  readonly closing?: string;
  /** How it is counted, in words: "the alternative vote: …". */
  readonly methodWords: string;
  /** Most candidates the ballot may mark (block vote, plurality), or absent/null for a ranking as long as the paper. */
  readonly maxMarks?: number | null;
  /** What the paper says above the candidates: how many will be elected, any minimum, how to mark it. */
  readonly rules?: readonly string[];
  /** In the order the rulebook sets for this voter's paper. */
  readonly candidates: readonly BoothCandidate[];
  /** Where the candidates' approved statements are, if they have any. */
  readonly statementsUrl?: string;
  /** The candidates' approved photos, each with its alt text naming them. */
  readonly photos?: readonly PhotoView[];
  /** What the voter entered before (after an error, or when they chose to change their ballot), by field name. */
  readonly values?: Readonly<Record<string, string>>;
  readonly errors?: FieldErrors;
}

/** How to fill in the paper: a ranking that transfers, or (block vote, plurality) a few marks that each count once. */
export function boothHint(maxMarks: number | null, w: Words = wordsIn('en-GB')): string {
  if (maxMarks === 1) return w.t('booth.hintOne');
  if (maxMarks !== null) return w.t('booth.hintUpTo', { n: maxMarks });
  return w.t('booth.hintRank');
}

/** The legend above the boxes: rank them, choose one, or choose up to so many. */
export function boothLegend(maxMarks: number | null, w: Words = wordsIn('en-GB')): string {
  if (maxMarks === null) return w.t('booth.legendRank');
  return maxMarks === 1 ? w.t('booth.legendOne') : w.t('booth.legendUpTo', { n: maxMarks });
}

/** The paper's rules above the candidates (shared with the paper-vote desk). */
export function paperRulesBlock(lines: readonly string[]): Html | null {
  return lines.length === 0 ? null : html`<div class="panel paper-rules"><p>${lines.join(' ')}</p></div>`;
}

/** The single booth's rank boxes (the plain and the encrypted booth's alike), with what the voter entered and any problem beside it. */
export function boothBoxes(data: BoothView, w: Words): Html {
  return rankBoxes({
    candidates: data.candidates,
    legend: boothLegend(data.maxMarks ?? null, w),
    hint: boothHint(data.maxMarks ?? null, w),
    hintId: 'booth-hint',
    ...(data.values ? { values: data.values } : {}),
    errors: data.errors ?? {},
    words: w,
  });
}

export function boothPage(data: BoothView, ctx: ViewContext): string {
  const w = wordsFor(ctx);
  const errors = data.errors ?? {};
  const { labels, ids } = rankBoxTargets(data.candidates, undefined, w);
  const body = html`${errorSummary(errors, labels, ids, Object.keys(errors).length > 0 ? w.t('form.problem') : undefined)}
<p>${data.unit}. ${data.closing ?? wordsHtml(w, 'booth.closesOn', { date: dateText(data.closes, w) })} ${w.t('booth.countedBy', { method: data.methodWords })}</p>
${paperRulesBlock(data.rules ?? [])}
${data.statementsUrl && html`<p><a href="${data.statementsUrl}">${w.t('booth.statements')}</a> ${w.t('booth.statementsAfter')}</p>`}
${(data.photos?.length ?? 0) > 0 && html`<ul class="candidate-photos">${data.photos!.map((p) => html`<li>${photoImage(p)}</li>`)}</ul>`}
<form method="post" action="${paths.ballotReview(data.process)}" class="booth" data-booth${attr('data-max-marks', data.maxMarks ?? null)} data-booth-words="${boothScriptWords(w)}" novalidate>
${csrfField(ctx)}
${boothBoxes(data, w)}
${submitButton(w.t('booth.review'))}
<p class="hint" id="blank-hint">${w.t('booth.blankHint')}</p>
${submitButton(w.t('booth.blank'), { name: BOOTH_BLANK_FIELD, value: 'yes', secondary: true })}
</form>`;
  return layout({ title: data.title, body, scripts: ['booth.js'], titlePrefix: Object.keys(errors).length ? w.t('layout.errorPrefix') : '' }, ctx);
}

export interface BoothReviewView {
  readonly process: string;
  readonly title: string;
  /** The ranking the voter made, first choice first. */
  readonly ranking: readonly RankableCandidate[];
  /** Candidates left unranked, by name. */
  readonly unranked: readonly string[];
}

export function boothReviewPage(data: BoothReviewView, ctx: ViewContext): string {
  if (data.ranking.length === 0) return blankReviewPage(data, ctx);
  const w = wordsFor(ctx);
  const body = html`<p>${w.t('booth.check')}</p>
<ol class="review-list">
${data.ranking.map((c, i) => html`<li><span class="rank">${i + 1}</span> ${c.name}</li>`)}
</ol>
${data.unranked.length > 0 && html`<p>${w.t('booth.notRanked', { names: data.unranked.join(', ') })}</p>`}
<form method="post" action="${paths.ballotCast(data.process)}" class="button-row">
${csrfField(ctx)}
${data.ranking.map((c, i) => html`<input type="hidden" name="${rankFieldName(c.id)}" value="${i + 1}">`)}
${submitButton(w.t('booth.cast'), { name: BOOTH_ACTION_FIELD, value: 'cast' })}
${submitButton(w.t('booth.change'), { name: BOOTH_ACTION_FIELD, value: 'change', secondary: true })}
</form>`;
  return layout({ title: w.t('booth.reviewTitle', { title: data.title }), body }, ctx);
}

/** The confirmation a blank ballot needs: it is cast only from here, with the choice carried in a hidden field. */
function blankReviewPage(data: BoothReviewView, ctx: ViewContext): string {
  const w = wordsFor(ctx);
  const body = html`<div class="panel"><p><strong>${w.t('booth.blankAbout')}</strong> ${w.t('booth.blankRanks', { names: data.unranked.join(', ') })}</p></div>
<p>${w.t('booth.blankOnce')}</p>
<form method="post" action="${paths.ballotCast(data.process)}" class="button-row">
${csrfField(ctx)}
<input type="hidden" name="${BOOTH_BLANK_FIELD}" value="yes">
${submitButton(w.t('booth.castBlank'), { name: BOOTH_ACTION_FIELD, value: 'cast' })}
${submitButton(w.t('booth.change'), { name: BOOTH_ACTION_FIELD, value: 'change', secondary: true })}
</form>`;
  return layout({ title: w.t('booth.blankTitle', { title: data.title }), body }, ctx);
}

export interface BoothConfirmationView {
  readonly process: string;
  readonly title: string;
  readonly tracker: string;
  readonly closes: string;
  /** As BoothView's. */
  readonly closing?: string;
  /** For a contest of an election of several: the next contest of the election the member may still vote in. */
  readonly next?: { readonly process: string; readonly title: string };
}

export function boothConfirmationPage(data: BoothConfirmationView, ctx: ViewContext): string {
  const w = wordsFor(ctx);
  const body = html`<div class="panel panel-success" role="status">
<p>${wordsHtml(w, 'booth.castIn', { title: html`<strong>${data.title}</strong>` })}</p>
<p>${w.t('booth.yourCode')}</p>
<p class="tracker"><code>${data.tracker}</code></p>
</div>
<h2>${w.t('booth.keepCode')}</h2>
<p>${w.t('booth.keepCodeText')}</p>
<h2>${w.t('booth.howToCheck')}</h2>
<ol>
<li>${data.closing ?? wordsHtml(w, 'booth.closesOn', { date: dateText(data.closes, w) })} ${w.t('booth.afterClose')}</li>
<li>${w.t('booth.goTo')} <a href="${paths.tracker(data.process)}">${w.t('booth.checkPage')}</a> ${w.t('booth.enterCode')}</li>
<li>${w.t('booth.asCounted')}</li>
</ol>
<div class="panel"><p><strong>${w.t('booth.codeShows')}</strong> ${w.t('booth.codeShowsMore')}</p></div>
<p>${w.t('booth.nobodyCanTell')}</p>
${data.next && html`<p><a class="button" href="${paths.ballot(data.next.process)}">${w.t('booth.next', { title: data.next.title })}</a></p>`}
<p><a href="${paths.ballots}">${w.t('booth.backToBallots')}</a></p>`;
  return layout({ title: w.t('booth.castTitle'), body }, ctx);
}

export interface TrackerView {
  readonly process: string;
  readonly title: string;
  /** False until the ballot has closed and the ballots are published. */
  readonly published: boolean;
  /** The code looked up (or typed, when it could not be), if any. */
  readonly code?: string;
  /** The ballot with that code (candidate names in order), null when no ballot has it. */
  readonly ballot?: readonly string[] | null;
  /** What is wrong with the code typed, shown beside the field. */
  readonly error?: string;
}

export const TRACKER_FIELD = 'code';

export function trackerPage(data: TrackerView, ctx: ViewContext): string {
  const w = wordsFor(ctx);
  let outcome = null;
  if (data.published && data.code !== undefined && data.error === undefined) {
    outcome =
      data.ballot === null || data.ballot === undefined
        ? html`<div class="panel panel-error" role="alert"><p><strong>${w.t('tracker.notFound')}</strong> ${wordsHtml(w, 'tracker.notFoundText', { code: html`<code>${data.code}</code>` })}</p></div>`
        : html`<div class="panel panel-success" role="status"><p><strong>${w.t('tracker.found')}</strong> ${wordsHtml(w, 'tracker.foundText', { code: html`<code>${data.code}</code>` })}</p>
${data.ballot.length === 0 ? html`<p>${w.t('tracker.blank')}</p>` : html`<ol>${data.ballot.map((n) => html`<li>${n}</li>`)}</ol>`}</div>`;
  }
  const errors: Record<string, string> = data.error !== undefined ? { [TRACKER_FIELD]: data.error } : {};
  const body = data.published
    ? html`${errorSummary(errors, { [TRACKER_FIELD]: w.t('tracker.field') }, {}, data.error !== undefined ? w.t('form.problem') : undefined)}${outcome}
<form method="post" action="${paths.tracker(data.process)}" novalidate>
${csrfField(ctx)}
${field({
  name: TRACKER_FIELD,
  label: w.t('tracker.field'),
  hint: w.t('tracker.hint'),
  autocomplete: 'off',
  errorPrefix: w.t('layout.errorPrefix'),
  ...(data.code !== undefined ? { value: data.code } : {}),
  ...(data.error !== undefined ? { error: data.error } : {}),
})}
${submitButton(w.t('tracker.find'))}
</form>`
    : html`<p>${w.t('tracker.later')}</p>`;
  return layout({ title: w.t('tracker.title', { title: data.title }), body, titlePrefix: data.error !== undefined ? w.t('layout.errorPrefix') : '' }, ctx);
}
