/**
 * An online nomination meeting's booth, for a member present who may vote: the round open now with
 * the candidates standing in it (one to choose), or that they have voted in it, or that no round is
 * open; the rounds so far as the chair announced them; the decision once made. In the member's
 * language, from the catalogue.
 */
import type { FormState, ViewContext } from './context.js';
import { radioGroup, firstOptionId } from './choices.js';
import { csrfField, errorSummary, submitButton } from './forms.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { wordsFor } from './language.js';
import { paths } from './paths.js';

export const MEETING_BOOTH_FIELD = 'candidate';

export interface MeetingBoothView {
  readonly id: string;
  readonly title: string;
  /** The round open now, or null. */
  readonly open: {
    readonly round: number;
    readonly candidates: readonly { readonly member: string; readonly name: string }[];
    readonly youVoted: boolean;
  } | null;
  /** The rounds closed so far: each candidate's votes, in words ("Ann Ash 5, Bob Birch 3"). */
  readonly rounds: readonly { readonly round: number; readonly votes: string }[];
  /** The candidate the rounds have chosen, before the secretary confirms; null if none yet. */
  readonly winner: string | null;
  /** The meeting's decision once made: whom it nominates, or null for no one. */
  readonly decided: { readonly nominated: string | null } | null;
  readonly form: FormState;
}

export function meetingBoothPage(v: MeetingBoothView, ctx: ViewContext): string {
  const w = wordsFor(ctx);
  const { values, errors } = v.form;
  const now =
    v.decided !== null
      ? html`<p><strong>${v.decided.nominated === null ? w.t('meetingBooth.noNomination') : w.t('meetingBooth.chosen', { name: v.decided.nominated })}</strong></p>`
      : v.winner !== null
        ? html`<p><strong>${w.t('meetingBooth.won', { name: v.winner })}</strong></p>`
        : v.open === null
          ? html`<p>${w.t('meetingBooth.waiting')}</p>`
          : v.open.youVoted
            ? html`<div class="panel" role="status"><p>${w.t('meetingBooth.voted', { round: v.open.round })}</p></div>`
            : html`<form method="post" action="${paths.nominationMeetingBooth(v.id)}" novalidate>
${csrfField(ctx)}
${radioGroup({
  name: MEETING_BOOTH_FIELD,
  legend: w.t('meetingBooth.legend', { round: v.open.round }),
  options: v.open.candidates.map((c) => ({ value: c.member, label: c.name })),
  value: values[MEETING_BOOTH_FIELD],
  error: errors[MEETING_BOOTH_FIELD],
})}
${submitButton(w.t('meetingBooth.cast', { round: v.open.round }))}
</form>`;
  const body = html`${errorSummary(errors, { [MEETING_BOOTH_FIELD]: w.t('meetingBooth.legend', { round: v.open?.round ?? 1 }) }, { [MEETING_BOOTH_FIELD]: firstOptionId(MEETING_BOOTH_FIELD) }, Object.keys(errors).length > 0 ? w.t('form.problem') : undefined)}
<p>${w.t('meetingBooth.lead')}</p>
${now}
${
  v.rounds.length > 0 &&
  html`<section aria-labelledby="rounds-title"><h2 id="rounds-title">${w.t('meetingBooth.roundsSoFar')}</h2>
<ul>${v.rounds.map((r) => html`<li>${w.t('meetingBooth.roundResult', { round: r.round, votes: r.votes })}</li>`)}</ul></section>`
}`;
  return layout({ title: w.t('meetingBooth.title', { title: v.title }), body, titlePrefix: Object.keys(errors).length ? w.t('layout.errorPrefix') : '' }, ctx);
}
