/**
 * The booth of an election of several contests: every contest the member may vote in, one section
 * each in the election's order, on one form (each section the same number boxes as the single
 * booth, its fields prefixed with the contest so candidates of two contests never share a field);
 * then one review of every contest's choices, and one cast. /static/booth.js enhances each
 * section on its own, so the page works with and without JavaScript as the single booth does.
 */
import type { FieldErrors, ViewContext } from './context.js';
import { boothHint, paperRulesBlock, type BoothView } from './booth.js';
import { checkbox } from './choices.js';
import { andList } from './common.js';
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
function summaryOf(sections: readonly ElectionBoothSection[]): { errors: FieldErrors; labels: Record<string, string>; ids: Record<string, string> } {
  const errors: Record<string, string> = {};
  const labels: Record<string, string> = {};
  const ids: Record<string, string> = {};
  sections.forEach((s, i) => {
    const prefix = contestFieldPrefix(s.process);
    const targets = rankBoxTargets(s.candidates, { field: prefix, id: `${sectionId(i)}-` });
    for (const [name, message] of Object.entries(s.errors ?? {})) {
      errors[prefix + name] = message;
      labels[prefix + name] = name === '' ? s.title : `${s.title}, ${targets.labels[prefix + name] ?? ''}`;
      ids[prefix + name] = name === '' ? sectionId(i) : (targets.ids[prefix + name] ?? sectionId(i));
    }
  });
  return { errors, labels, ids };
}

function legendOf(maxMarks: number | null): string {
  if (maxMarks === null) return 'Rank the candidates in order of preference';
  return maxMarks === 1 ? 'Choose one candidate' : `Choose up to ${maxMarks} candidates`;
}

export function electionBoothPage(data: ElectionBoothView, ctx: ViewContext): string {
  const summary = summaryOf(data.sections);
  const notOffered =
    data.notOffered.length === 0
      ? null
      : html`<h2>Contests you are not voting in here</h2>
<ul>${data.notOffered.map((n) => html`<li><strong>${n.title}</strong>: ${n.reason}</li>`)}</ul>`;
  if (data.sections.length === 0) {
    const body = html`<p>There is no contest of ${data.title} you can vote in now.</p>${notOffered}<p><a href="${paths.ballots}">Back to my ballots</a></p>`;
    return layout({ title: data.title, body }, ctx);
  }
  const body = html`${errorSummary(summary.errors, summary.labels, summary.ids)}
<p>You can vote in ${data.sections.length === 1 ? 'one contest' : `${data.sections.length} contests`} of ${data.title}. Fill in each paper below, review them together, then cast them together: each contest keeps its own ballot box and gives you its own tracker code.</p>
<form method="post" action="${paths.electionBoothReview(data.election)}" class="booth" novalidate>
${csrfField(ctx)}
${data.sections.map((s, i) => {
  const prefix = contestFieldPrefix(s.process);
  const id = sectionId(i);
  const whole = s.errors?.[''];
  return html`<section id="${id}" class="election-contest" aria-labelledby="${id}-title" data-booth data-booth-key="${id}-"${attr('data-max-marks', s.maxMarks ?? null)}>
<h2 id="${id}-title">${i + 1}. ${s.title}</h2>
<p>${s.unit}. ${s.closing} Counted by ${s.methodWords}.</p>
${paperRulesBlock(s.rules ?? [])}
${s.statementsUrl && html`<p><a href="${s.statementsUrl}">Read the candidates’ statements<span class="visually-hidden"> for ${s.title}</span></a> before you vote.</p>`}
${whole && html`<p class="error-message"><span class="visually-hidden">Error: </span>${whole}</p>`}
${rankBoxes({
  candidates: s.candidates,
  legend: legendOf(s.maxMarks ?? null),
  hint: boothHint(s.maxMarks ?? null),
  hintId: `${id}-hint`,
  ...(s.values ? { values: s.values } : {}),
  errors: s.errors ?? {},
  section: { field: prefix, id: `${id}-` },
})}
${checkbox({
  name: prefix + BOOTH_BLANK_FIELD,
  label: `I want to cast a blank ballot in ${s.title}`,
  checked: s.blank === true,
  hint: 'A blank ballot ranks nobody: it shows you voted, and counts for nobody.',
})}
${
  data.sections.length > 1 &&
  checkbox({
    name: prefix + BOOTH_LATER_FIELD,
    label: `Leave ${s.title} for now`,
    checked: s.later === true,
    hint: 'Your other ballots are cast without it. You can come back to this booth and vote in it until it closes.',
  })
}
</section>`;
})}
${submitButton('Review my ballots')}
</form>
${notOffered}`;
  return layout({ title: data.title, body, scripts: ['booth.js'], titlePrefix: summary.errors && Object.keys(summary.errors).length ? 'Error: ' : '' }, ctx);
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
  const body = html`<p>Check your ballots. When you cast them, each is cast in its own contest, and you cannot change them afterwards.</p>
${data.contests.map(
  (r) => html`<h2>${r.title}</h2>
${
  r.ranking.length === 0
    ? html`<p><strong>A blank ballot:</strong> it ranks none of the candidates (${r.unranked.join(', ')}) and counts for nobody.</p>`
    : html`<ol class="review-list">${r.ranking.map((c, i) => html`<li><span class="rank">${i + 1}</span> ${c.name}</li>`)}</ol>
${r.unranked.length > 0 && html`<p>Not ranked: ${r.unranked.join(', ')}.</p>`}`
}`,
)}
${
  data.later.length > 0 &&
  html`<h2>Left for now</h2>
<p>You are not voting in ${data.later.length === 1 ? 'this contest' : 'these contests'} now. You can come back to the booth and vote in ${data.later.length === 1 ? 'it' : 'each'} until it closes:</p>
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
${submitButton(data.contests.length === 1 ? 'Cast my ballot' : `Cast my ${data.contests.length} ballots`, { name: BOOTH_ACTION_FIELD, value: 'cast' })}
${submitButton('Change my ballots', { name: BOOTH_ACTION_FIELD, value: 'change', secondary: true })}
</form>`;
  return layout({ title: `Review your ballots: ${data.title}`, body }, ctx);
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
  const recorded =
    data.recorded.length === 0
      ? null
      : html`<div class="panel panel-success" role="status">
<p>${data.recorded.length === 1 ? 'Your ballot was recorded in this contest' : `Your ballots were recorded in these ${data.recorded.length} contests`}:</p>
<ul>${data.recorded.map((r) => html`<li><strong>${r.title}</strong>: tracker code <code class="tracker">${r.tracker}</code></li>`)}</ul>
</div>`;
  const notRecorded =
    data.notRecorded.length === 0
      ? null
      : html`<div class="panel panel-error" role="alert">
<p><strong>${data.notRecorded.length === 1 ? 'One ballot was not recorded' : `${data.notRecorded.length} ballots were not recorded`}:</strong></p>
<ul>${data.notRecorded.map((n) => html`<li><strong>${n.title}</strong>: ${n.reason}</li>`)}</ul>
<p><a href="${paths.electionBooth(data.election)}">Go back to the booth</a> to vote in what is still open to you.</p>
</div>`;
  const body = html`${recorded}${notRecorded}
${
  data.recorded.length > 0 &&
  html`<h2>Keep your tracker codes</h2>
<p>Write the codes down or save this page. They are not stored with your name: we cannot show them to you again. Each contest has its own code.</p>
<h2>How to check your ballots later</h2>
<ol>
<li>After each contest closes, its ballots are published with their tracker codes and no names.</li>
<li>Enter each code on its contest’s check page: ${data.recorded.map((r, i) => html`${i > 0 ? ', ' : ''}<a href="${paths.tracker(r.process)}">${r.title}</a>`)}.</li>
<li>You will see your ranking as it was counted. If it is not what you cast, tell the scrutineers.</li>
</ol>
<div class="panel"><p><strong>A code shows your ballot to anyone you give it to.</strong> Do not share a code, or show it to anyone, unless you want them to see your vote.</p></div>`
}
${
  data.stillOpen.length > 0 &&
  data.notRecorded.length === 0 &&
  html`<p>You have still to vote in ${andList(data.stillOpen)}. <a href="${paths.electionBooth(data.election)}">Vote in ${data.stillOpen.length === 1 ? 'it' : 'them'} now</a>, or come back before ${data.stillOpen.length === 1 ? 'it closes' : 'they close'}.</p>`
}
<p><a href="${paths.ballots}">Back to my ballots</a></p>`;
  return layout({ title: data.notRecorded.length === 0 ? 'Ballots cast' : 'Not every ballot was cast', body }, ctx);
}
