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
export function boothHint(maxMarks: number | null): string {
  if (maxMarks === 1) return 'Put 1 next to the candidate you vote for. Mark one candidate only: only one mark is counted.';
  if (maxMarks !== null) {
    return `Mark up to ${maxMarks} candidates by putting 1, 2, 3 and so on next to them. Each candidate you mark gets one vote; the order does not matter. A ballot marking more than ${maxMarks} is not accepted. Use each number once and do not skip numbers.`;
  }
  return 'Put 1 next to your first choice, 2 next to your second, and so on. Rank as many or as few as you like: leave a box empty for a candidate you do not want to rank. Use each number once and do not skip numbers. If your first choice cannot win, your vote moves to your next choice.';
}

/** The paper's rules above the candidates (shared with the paper-vote desk). */
export function paperRulesBlock(lines: readonly string[]): Html | null {
  return lines.length === 0 ? null : html`<div class="panel paper-rules"><p>${lines.join(' ')}</p></div>`;
}

export function boothPage(data: BoothView, ctx: ViewContext): string {
  const errors = data.errors ?? {};
  const { labels, ids } = rankBoxTargets(data.candidates);
  const body = html`${errorSummary(errors, labels, ids)}
<p>${data.unit}. ${data.closing ?? html`Voting closes on ${dateText(data.closes)}.`} Counted by ${data.methodWords}.</p>
${paperRulesBlock(data.rules ?? [])}
${data.statementsUrl && html`<p><a href="${data.statementsUrl}">Read the candidates’ statements</a> before you vote.</p>`}
${(data.photos?.length ?? 0) > 0 && html`<ul class="candidate-photos">${data.photos!.map((p) => html`<li>${photoImage(p)}</li>`)}</ul>`}
<form method="post" action="${paths.ballotReview(data.process)}" class="booth" data-booth${attr('data-max-marks', data.maxMarks ?? null)} novalidate>
${csrfField(ctx)}
${rankBoxes({
  candidates: data.candidates,
  legend:
    data.maxMarks == null
      ? 'Rank the candidates in order of preference'
      : data.maxMarks === 1
        ? 'Choose one candidate'
        : `Choose up to ${data.maxMarks} candidates`,
  hint: boothHint(data.maxMarks ?? null),
  hintId: 'booth-hint',
  ...(data.values ? { values: data.values } : {}),
  errors,
})}
${submitButton('Review my ballot')}
<p class="hint" id="blank-hint">If you do not want to rank any candidate, you can cast a blank ballot instead: it shows you voted, and counts for nobody. You will be asked to confirm it.</p>
${submitButton('I want to cast a blank ballot', { name: BOOTH_BLANK_FIELD, value: 'yes', secondary: true })}
</form>`;
  return layout({ title: data.title, body, scripts: ['booth.js'], titlePrefix: Object.keys(errors).length ? 'Error: ' : '' }, ctx);
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
  const body = html`<p>Check your ballot. Once you cast it you cannot change it.</p>
<ol class="review-list">
${data.ranking.map((c, i) => html`<li><span class="rank">${i + 1}</span> ${c.name}</li>`)}
</ol>
${data.unranked.length > 0 && html`<p>Not ranked: ${data.unranked.join(', ')}.</p>`}
<form method="post" action="${paths.ballotCast(data.process)}" class="button-row">
${csrfField(ctx)}
${data.ranking.map((c, i) => html`<input type="hidden" name="${rankFieldName(c.id)}" value="${i + 1}">`)}
${submitButton('Cast my ballot', { name: BOOTH_ACTION_FIELD, value: 'cast' })}
${submitButton('Change my ballot', { name: BOOTH_ACTION_FIELD, value: 'change', secondary: true })}
</form>`;
  return layout({ title: `Review your ballot: ${data.title}`, body }, ctx);
}

/** The confirmation a blank ballot needs: it is cast only from here, with the choice carried in a hidden field. */
function blankReviewPage(data: BoothReviewView, ctx: ViewContext): string {
  const body = html`<div class="panel"><p><strong>You are about to cast a blank ballot.</strong> It ranks none of the candidates (${data.unranked.join(', ')}). It shows that you voted, and counts for nobody.</p></div>
<p>Once you cast it you cannot change it. To rank candidates instead, choose “Change my ballot”.</p>
<form method="post" action="${paths.ballotCast(data.process)}" class="button-row">
${csrfField(ctx)}
<input type="hidden" name="${BOOTH_BLANK_FIELD}" value="yes">
${submitButton('Cast a blank ballot', { name: BOOTH_ACTION_FIELD, value: 'cast' })}
${submitButton('Change my ballot', { name: BOOTH_ACTION_FIELD, value: 'change', secondary: true })}
</form>`;
  return layout({ title: `Confirm your blank ballot: ${data.title}`, body }, ctx);
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
  const body = html`<div class="panel panel-success" role="status">
<p>Your ballot in <strong>${data.title}</strong> has been cast.</p>
<p>Your tracker code:</p>
<p class="tracker"><code>${data.tracker}</code></p>
</div>
<h2>Keep your tracker code</h2>
<p>Write the code down or save this page. It is not stored with your name: we cannot show it to you again.</p>
<h2>How to check your ballot later</h2>
<ol>
<li>${data.closing ?? html`Voting closes on ${dateText(data.closes)}.`} After the close, every ballot is published with its tracker code and no names.</li>
<li>Go to <a href="${paths.tracker(data.process)}">the ballot check page</a> and enter your code.</li>
<li>You will see your ranking as it was counted. If it is not what you cast, tell the scrutineers.</li>
</ol>
<div class="panel"><p><strong>The code shows your ballot to anyone you give it to.</strong> Whoever has it can look up how you voted, so do not share it, or show it to anyone, unless you want them to see your vote.</p></div>
<p>Nobody can tell which code is yours unless you show it to them.</p>
${data.next && html`<p><a class="button" href="${paths.ballot(data.next.process)}">Next: vote in ${data.next.title}</a></p>`}
<p><a href="${paths.ballots}">Back to my ballots</a></p>`;
  return layout({ title: 'Ballot cast', body }, ctx);
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
  let outcome = null;
  if (data.published && data.code !== undefined && data.error === undefined) {
    outcome =
      data.ballot === null || data.ballot === undefined
        ? html`<div class="panel panel-error" role="alert"><p><strong>Not found:</strong> no published ballot has the code <code>${data.code}</code>. Check it for typing mistakes; if it is right, tell the scrutineers.</p></div>`
        : html`<div class="panel panel-success" role="status"><p><strong>Found:</strong> the ballot with code <code>${data.code}</code> was counted as:</p>
${data.ballot.length === 0 ? html`<p>A blank ballot: no candidates ranked.</p>` : html`<ol>${data.ballot.map((n) => html`<li>${n}</li>`)}</ol>`}</div>`;
  }
  const errors: Record<string, string> = data.error !== undefined ? { [TRACKER_FIELD]: data.error } : {};
  const body = data.published
    ? html`${errorSummary(errors, { [TRACKER_FIELD]: 'Tracker code' })}${outcome}
<form method="post" action="${paths.tracker(data.process)}" novalidate>
${csrfField(ctx)}
${field({
  name: TRACKER_FIELD,
  label: 'Tracker code',
  hint: 'The code you were given when you voted, for example ABCD-EFGH-JKLM-NPQR-STUV. Dashes, spaces and small letters do not matter.',
  autocomplete: 'off',
  ...(data.code !== undefined ? { value: data.code } : {}),
  ...(data.error !== undefined ? { error: data.error } : {}),
})}
${submitButton('Find my ballot')}
</form>`
    : html`<p>The ballots are published with their tracker codes after voting closes. Come back then to check yours.</p>`;
  return layout({ title: `Check your ballot: ${data.title}`, body, titlePrefix: data.error !== undefined ? 'Error: ' : '' }, ctx);
}
