/**
 * The member's own page for the characteristics they self-identify with: what they have told the
 * party, and the tick boxes to declare or withdraw them. Only the member ever sees this page's
 * contents; it says so, and says what the answers are used for.
 */
import type { FormState, ViewContext } from './context.js';
import { checkboxGroup, firstOptionId, type RadioOption } from './choices.js';
import { csrfField, errorSummary, submitButton } from './forms.js';
import { html } from './html.js';
import { layout } from './layout.js';
import { paths } from './paths.js';

/** The one field of the form: repeated, once per box ticked. */
export const SELF_IDENTIFIED_FIELD = 'characteristic';

export interface SelfIdentificationView {
  /** Every characteristic the member may declare, in words. */
  readonly choices: readonly RadioOption[];
  /** What the record holds now, in words (empty: nothing declared). */
  readonly declared: readonly string[];
  /** The boxes to show ticked: the record's, or what was sent when the form is shown again. */
  readonly checked: readonly string[];
  readonly form: FormState;
}

export function selfIdentificationPage(data: SelfIdentificationView, ctx: ViewContext): string {
  const error = data.form.errors[SELF_IDENTIFIED_FIELD];
  const body = html`<p>Some contests are reserved for members who self-identify in a particular way: a place for disabled members, say, elected only by them. To vote in one, tell us here. You can change or withdraw what you have said at any time.</p>
<p><strong>This is private.</strong> Only you can see what you tick here. No officer, scrutineer or other member is shown it on any page, and the party’s audit log records only that you changed your answers, never what they are. They are used for one thing: to decide which reserved contests you may vote in.</p>
<p>Each contest’s electorate is drawn up on its freeze date. A change you make after a contest’s freeze date does not change that contest’s frozen electorate; it counts for contests frozen from now on.</p>
<h2>What you have told us</h2>
<p>${data.declared.length === 0 ? 'Nothing: you have not said that you self-identify with any of these.' : `You self-identify as: ${data.declared.join('; ')}.`}</p>
${errorSummary(data.form.errors, { [SELF_IDENTIFIED_FIELD]: 'How you self-identify' }, { [SELF_IDENTIFIED_FIELD]: firstOptionId(SELF_IDENTIFIED_FIELD) })}
<form method="post" action="${paths.selfIdentification}">
${csrfField(ctx)}
${checkboxGroup({
  name: SELF_IDENTIFIED_FIELD,
  legend: 'I self-identify as',
  hint: 'Tick all that apply, or none. To withdraw an answer, untick it and save.',
  options: data.choices,
  checked: data.checked,
  ...(error === undefined ? {} : { error }),
})}
${submitButton('Save my answers')}
</form>
<p><a href="${paths.eligibility}">Back to my eligibility</a></p>`;
  return layout({ title: 'How you self-identify', lead: 'Private to you: used only to decide which reserved contests you may vote in.', body }, ctx);
}
