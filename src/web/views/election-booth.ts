/**
 * The booth of an election of several contests: every contest the member may vote in, one section
 * each in the election's order, on one form (each section the same number boxes as the single
 * booth, its fields prefixed with the contest so candidates of two contests never share a field);
 * then one review of every contest's choices, and one cast. /static/booth.js enhances each
 * section on its own, so the page works with and without JavaScript as the single booth does.
 */
import type { FieldErrors, ViewContext } from './context.js';
import { boothHint, boothLegend, paperRulesBlock, type BoothView } from './booth.js';
import { boothScriptWords, wordsFor } from './language.js';
import { andListIn, type Words } from '../../app/language/index.js';
import { checkbox } from './choices.js';
import { csrfField, errorSummary, submitButton } from './forms.js';
import { attr, html } from './html.js';
import { layout } from './layout.js';
import { paths } from './paths.js';
import { BOOTH_ACTION_FIELD, BOOTH_BLANK_FIELD, BOOTH_LATER_FIELD, rankBoxes, rankBoxTargets, rankFieldName, type RankableCandidate } from './ranking-form.js';

/** The field-name prefix of one contest's section: its fields are `<prefix>rank-<candidate>` and `<prefix>blank`. */
export const contestFieldPrefix = (processId: string): string => `${processId}:`;

/** The hidden field listing the contests the review showed, so the cast casts exactly those. */
export const ELECTION_CONTESTS_FIELD = 'contests';

/** One contest's section: the single booth's paper, whether the member chose a blank ballot in it, or leaves it for now. */
export interface ElectionBoothSection extends Omit<BoothView, 'closes'> {
  readonly blank?: boolean;
  readonly later?: boolean;
}

/** A contest of the election not offered to the member, with why ("You cannot vote in …: your branch is in London …"). */
export interface ContestNotOffered {
  readonly title: string;
  readonly reason: string;
}

export interface ElectionBoothView {
  readonly election: string;
  readonly title: string;
  readonly sections: readonly ElectionBoothSection[];
  readonly notOffered: readonly ContestNotOffered[];
}

const sectionId = (i: number): string => `contest-${i + 1}`;

/** Each section's errors under their prefixed field names, a whole-contest problem linking to its section. */
function summaryOf(sections: readonly ElectionBoothSection[], w: Words): { errors: FieldErrors; labels: Record<string, string>; ids: Record<string, string> } {
  const errors: Record<string, string> = {};
  const labels: Record<string, string> = {};
  const ids: Record<string, string> = {};
  sections.forEach((s, i) => {
    const prefix = contestFieldPrefix(s.process);
    const targets = rankBoxTargets(s.candidates, { field: prefix, id: `${sectionId(i)}-` }, w);
    for (const [name, message] of Object.entries(s.errors ?? {})) {
      errors[prefix + name] = message;
      labels[prefix + name] = name === '' ? s.title : `${s.title}, ${targets.labels[prefix + name] ?? ''}`;
      ids[prefix + name] = name === '' ? sectionId(i) : (targets.ids[prefix + name] ?? sectionId(i));
    }
  });
  return { errors, labels, ids };
}

export function electionBoothPage(data: ElectionBoothView, ctx: ViewContext): string {
  const w = wordsFor(ctx);
  const summary = summaryOf(data.sections, w);
  const notOffered =
    data.notOffered.length === 0
      ? null
      : html`<h2>${w.t('election.notOfferedTitle')}</h2>
<ul>${data.notOffered.map((n) => html`<li><strong>${n.title}</strong>: ${n.reason}</li>`)}</ul>`;
  if (data.sections.length === 0) {
    const body = html`<p>${w.t('election.nothing', { title: data.title })}</p>${notOffered}<p><a href="${paths.ballots}">${w.t('booth.backToBallots')}</a></p>`;
    return layout({ title: data.title, body }, ctx);
  }
  const hasErrors = Object.keys(summary.errors).length > 0;
  const body = html`${errorSummary(summary.errors, summary.labels, summary.ids, hasErrors ? w.t('form.problem') : undefined)}
<p>${w.t('election.intro', { n: data.sections.length, title: data.title })}</p>
<form method="post" action="${paths.electionBoothReview(data.election)}" class="booth" data-booth-words="${boothScriptWords(w)}" novalidate>
${csrfField(ctx)}
${data.sections.map((s, i) => {
  const prefix = contestFieldPrefix(s.process);
  const id = sectionId(i);
  const whole = s.errors?.[''];
  return html`<section id="${id}" class="election-contest" aria-labelledby="${id}-title" data-booth data-booth-key="${id}-"${attr('data-max-marks', s.maxMarks ?? null)}>
<h2 id="${id}-title">${i + 1}. ${s.title}</h2>
<p>${s.unit}. ${s.closing} ${w.t('booth.countedBy', { method: s.methodWords })}</p>
${paperRulesBlock(s.rules ?? [])}
${s.statementsUrl && html`<p><a href="${s.statementsUrl}">${w.t('booth.statements')}<span class="visually-hidden"> ${w.t('booth.statementsFor', { title: s.title })}</span></a> ${w.t('booth.statementsAfter')}</p>`}
${whole && html`<p class="error-message"><span class="visually-hidden">${w.t('layout.errorPrefix')}</span>${whole}</p>`}
${rankBoxes({
  candidates: s.candidates,
  legend: boothLegend(s.maxMarks ?? null, w),
  hint: boothHint(s.maxMarks ?? null, w),
  hintId: `${id}-hint`,
  ...(s.values ? { values: s.values } : {}),
  errors: s.errors ?? {},
  section: { field: prefix, id: `${id}-` },
  words: w,
})}
${checkbox({
  name: prefix + BOOTH_BLANK_FIELD,
  label: w.t('election.blankIn', { title: s.title }),
  checked: s.blank === true,
  hint: w.t('election.blankHint'),
  errorPrefix: w.t('layout.errorPrefix'),
})}
${
  data.sections.length > 1 &&
  checkbox({
    name: prefix + BOOTH_LATER_FIELD,
    label: w.t('election.leaveForNow', { title: s.title }),
    checked: s.later === true,
    hint: w.t('election.leaveForNowHint'),
    errorPrefix: w.t('layout.errorPrefix'),
  })
}
</section>`;
})}
${submitButton(w.t('election.review'))}
</form>
${notOffered}`;
  return layout({ title: data.title, body, scripts: ['booth.js'], titlePrefix: hasErrors ? w.t('layout.errorPrefix') : '' }, ctx);
}

/** One contest's choices as the review shows them: a ranking by name, or a blank ballot (an empty ranking). */
export interface ContestReview {
  readonly process: string;
  readonly title: string;
  readonly ranking: readonly RankableCandidate[];
  readonly unranked: readonly string[];
}

export interface ElectionReviewView {
  readonly election: string;
  readonly title: string;
  readonly contests: readonly ContestReview[];
  /** The contests the member leaves for now, with when each closes ("The ballot closes at …"). */
  readonly later: readonly { readonly process: string; readonly title: string; readonly closing: string }[];
}

export function electionReviewPage(data: ElectionReviewView, ctx: ViewContext): string {
  const w = wordsFor(ctx);
  const body = html`<p>${w.t('election.check')}</p>
${data.contests.map(
  (r) => html`<h2>${r.title}</h2>
${
  r.ranking.length === 0
    ? html`<p><strong>${w.t('election.blank')}</strong> ${w.t('election.blankText', { names: r.unranked.join(', ') })}</p>`
    : html`<ol class="review-list">${r.ranking.map((c, i) => html`<li><span class="rank">${i + 1}</span> ${c.name}</li>`)}</ol>
${r.unranked.length > 0 && html`<p>${w.t('booth.notRanked', { names: r.unranked.join(', ') })}</p>`}`
}`,
)}
${
  data.later.length > 0 &&
  html`<h2>${w.t('election.leftForNow')}</h2>
<p>${w.t('election.leftForNowText', { n: data.later.length })}</p>
<ul>${data.later.map((l) => html`<li><strong>${l.title}</strong>: ${l.closing}</li>`)}</ul>`
}
<form method="post" action="${paths.electionBoothCast(data.election)}" class="button-row">
${csrfField(ctx)}
${data.contests.map((r) => {
  const prefix = contestFieldPrefix(r.process);
  return html`<input type="hidden" name="${ELECTION_CONTESTS_FIELD}" value="${r.process}">
${r.ranking.length === 0 ? html`<input type="hidden" name="${prefix}${BOOTH_BLANK_FIELD}" value="yes">` : null}
${r.ranking.map((c, i) => html`<input type="hidden" name="${prefix}${rankFieldName(c.id)}" value="${i + 1}">`)}`;
})}
${data.later.map((l) => html`<input type="hidden" name="${contestFieldPrefix(l.process)}${BOOTH_LATER_FIELD}" value="yes">`)}
${submitButton(w.t('election.cast', { n: data.contests.length }), { name: BOOTH_ACTION_FIELD, value: 'cast' })}
${submitButton(w.t('election.change'), { name: BOOTH_ACTION_FIELD, value: 'change', secondary: true })}
</form>`;
  return layout({ title: w.t('election.reviewTitle', { title: data.title }), body }, ctx);
}

/** After the one cast: each contest recorded with its tracker code, each not recorded with why. */
export interface ElectionCastView {
  readonly election: string;
  readonly title: string;
  readonly recorded: readonly { readonly process: string; readonly title: string; readonly tracker: string }[];
  readonly notRecorded: readonly { readonly title: string; readonly reason: string }[];
  /** The contests still open to the member (those left for now): the booth offers them. */
  readonly stillOpen: readonly string[];
}

export function electionCastPage(data: ElectionCastView, ctx: ViewContext): string {
  const w = wordsFor(ctx);
  const recorded =
    data.recorded.length === 0
      ? null
      : html`<div class="panel panel-success" role="status">
<p>${w.t('election.recorded', { n: data.recorded.length })}</p>
<ul>${data.recorded.map((r) => html`<li><strong>${r.title}</strong>: ${w.t('election.trackerCode')} <code class="tracker">${r.tracker}</code></li>`)}</ul>
</div>`;
  const notRecorded =
    data.notRecorded.length === 0
      ? null
      : html`<div class="panel panel-error" role="alert">
<p><strong>${w.t('election.notRecorded', { n: data.notRecorded.length })}</strong></p>
<ul>${data.notRecorded.map((n) => html`<li><strong>${n.title}</strong>: ${n.reason}</li>`)}</ul>
<p><a href="${paths.electionBooth(data.election)}">${w.t('election.backToBooth')}</a> ${w.t('election.backToBoothAfter')}</p>
</div>`;
  const body = html`${recorded}${notRecorded}
${
  data.recorded.length > 0 &&
  html`<h2>${w.t('election.keepCodes')}</h2>
<p>${w.t('election.keepCodesText')}</p>
<h2>${w.t('election.howToCheck')}</h2>
<ol>
<li>${w.t('election.afterClose')}</li>
<li>${w.t('election.enterEach')} ${data.recorded.map((r, i) => html`${i > 0 ? ', ' : ''}<a href="${paths.tracker(r.process)}">${r.title}</a>`)}.</li>
<li>${w.t('booth.asCounted')}</li>
</ol>
<div class="panel"><p><strong>${w.t('election.codeShows')}</strong> ${w.t('election.codeShowsMore')}</p></div>`
}
${
  data.stillOpen.length > 0 &&
  data.notRecorded.length === 0 &&
  html`<p>${w.t('election.stillToVote', { n: data.stillOpen.length, contests: andListIn(w, data.stillOpen) })} <a href="${paths.electionBooth(data.election)}">${w.t('election.voteInLeftNow', { n: data.stillOpen.length })}</a></p>`
}
<p><a href="${paths.ballots}">${w.t('booth.backToBallots')}</a></p>`;
  return layout({ title: data.notRecorded.length === 0 ? w.t('election.castTitle') : w.t('election.notAllCast'), body }, ctx);
}
