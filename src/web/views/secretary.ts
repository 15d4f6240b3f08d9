/** A unit secretary records what their unit's meeting decided: the trigger-ballot vote, or its nominations. */
import type { FormState, ViewContext } from './context.js';
import { andList, dateText, definitionList, type Named } from './common.js';
import { csrfField, errorSummary, field, fieldId, submitButton } from './forms.js';
import { attr, html } from './html.js';
import { layout } from './layout.js';
import { paths } from './paths.js';

/** Field names of the meeting form, for the server to read. */
export const MEETING_FIELDS = {
  for: 'for',
  against: 'against',
  abstentions: 'abstentions',
  attendance: 'attendance',
  date: 'date',
  reason: 'reason',
} as const;

const MEETING_LABELS: Readonly<Record<string, string>> = {
  for: 'Votes for a selection',
  against: 'Votes against a selection',
  abstentions: 'Abstentions',
  attendance: 'Members present',
  date: 'Date of the meeting',
  reason: 'Why the recorded meeting is corrected',
};

export interface RecordedMeeting {
  readonly for: number;
  readonly against: number;
  readonly abstentions: number;
  readonly attendance: number;
  readonly date: string;
  /** The unit's decision and why, in words ("yes: 12 for, 8 against"). */
  readonly decision: string;
}

export interface TriggerMeetingView {
  readonly unit: Named;
  readonly process: Named;
  readonly incumbent: string;
  /** How a tie is settled under the rulebook, in words. */
  readonly tieRule: string;
  readonly form: FormState;
  /** Shown (and the form offered as a correction) when the unit already recorded a meeting. */
  readonly recorded?: RecordedMeeting;
}

export function triggerMeetingPage(data: TriggerMeetingView, ctx: ViewContext): string {
  const { values, errors } = data.form;
  const count = (name: keyof typeof MEETING_FIELDS, hint?: string) =>
    field({
      name: MEETING_FIELDS[name],
      label: MEETING_LABELS[name],
      type: 'number',
      min: 0,
      inputmode: 'numeric',
      narrow: true,
      value: values[name],
      error: errors[name],
      hint,
      required: true,
    });
  const body = html`${errorSummary(errors, MEETING_LABELS)}
<p>The meeting of <strong>${data.unit.name}</strong> votes on whether to hold a full selection rather than readopt ${data.incumbent}. A majority of those voting for or against decides; ${data.tieRule}.</p>
${
  data.recorded &&
  html`<section aria-labelledby="recorded-title" class="panel">
<h2 id="recorded-title">Already recorded</h2>
${definitionList([
  ['Date', dateText(data.recorded.date)],
  ['For', String(data.recorded.for)],
  ['Against', String(data.recorded.against)],
  ['Abstentions', String(data.recorded.abstentions)],
  ['Present', String(data.recorded.attendance)],
  ['Decision', data.recorded.decision],
])}
<p>Sending the form again corrects this record. Say why: the reason is kept with the correction and shown with the result.</p>
</section>`
}
<form method="post" action="${paths.unitMeeting(data.unit.id, data.process.id)}" novalidate>
${csrfField(ctx)}
${field({ name: MEETING_FIELDS.date, label: MEETING_LABELS.date, type: 'date', value: values.date, error: errors.date, required: true })}
${count('for')}
${count('against')}
${count('abstentions', 'Members present who voted neither way.')}
${count('attendance', 'Everyone at the meeting, whether or not they voted.')}
${
  data.recorded &&
  field({
    name: MEETING_FIELDS.reason,
    label: MEETING_LABELS.reason,
    value: values.reason,
    error: errors.reason,
    hint: 'For example: the votes were entered the wrong way round.',
    required: true,
  })
}
${submitButton(data.recorded ? 'Correct the record' : 'Record the vote')}
</form>`;
  return layout({ title: `Trigger ballot: ${data.unit.name}`, lead: data.process.name, body, titlePrefix: Object.keys(errors).length ? 'Error: ' : '' }, ctx);
}

export const NOMINEE_FIELD = 'nominee';
export const NOMINATION_DATE_FIELD = 'date';

export interface NominationCandidate extends Named {
  /** "woman", "man", … as the candidate gave it; shown because rulebooks set rules on women nominated. */
  readonly gender?: string | null;
}

export interface NominationsView {
  readonly unit: Named;
  readonly process: Named;
  readonly candidates: readonly NominationCandidate[];
  /** The rulebook's limits, in words ("up to 2; if 2, at least 1 woman"). */
  readonly rule: string;
  /** values[NOMINEE_FIELD] is the chosen ids joined by ","; errors by field. */
  readonly form: FormState;
  /** Names already nominated by this unit. */
  readonly recorded?: readonly string[];
}

export function nominationsPage(data: NominationsView, ctx: ViewContext): string {
  const { values, errors } = data.form;
  const chosen = new Set((values[NOMINEE_FIELD] ?? '').split(',').filter((x) => x));
  const nomineeError = errors[NOMINEE_FIELD];
  const firstBox = fieldId(`${NOMINEE_FIELD}-1`);
  const body = html`${errorSummary(errors, { [NOMINEE_FIELD]: 'Nominees', [NOMINATION_DATE_FIELD]: 'Date of the meeting' }, { [NOMINEE_FIELD]: firstBox })}
${data.recorded && data.recorded.length > 0 && html`<p class="panel">Already recorded: ${andList(data.recorded)}. Sending the form again replaces this.</p>`}
<form method="post" action="${paths.unitNominations(data.unit.id, data.process.id)}" novalidate>
${csrfField(ctx)}
${field({ name: NOMINATION_DATE_FIELD, label: 'Date of the meeting', type: 'date', value: values[NOMINATION_DATE_FIELD], error: errors[NOMINATION_DATE_FIELD], required: true })}
<fieldset class="field${nomineeError ? ' field-error' : ''}"${attr('aria-describedby', nomineeError ? 'nominee-error' : 'nominee-hint')}>
<legend>Candidates the meeting nominated</legend>
<p class="hint" id="nominee-hint">${data.rule}</p>
${nomineeError && html`<p class="error-message" id="nominee-error"><span class="visually-hidden">Error: </span>${nomineeError}</p>`}
${data.candidates.map((c, i) => {
  const id = fieldId(`${NOMINEE_FIELD}-${i + 1}`);
  return html`<div class="choice"><input type="checkbox" id="${id}" name="${NOMINEE_FIELD}" value="${c.id}"${attr('checked', chosen.has(c.id))}>
<label for="${id}">${c.name}${c.gender ? html` <span class="small">(${c.gender})</span>` : ''}</label></div>`;
})}
</fieldset>
${submitButton('Record the nominations')}
</form>`;
  return layout({ title: `Nominations: ${data.unit.name}`, lead: data.process.name, body, titlePrefix: Object.keys(errors).length ? 'Error: ' : '' }, ctx);
}
