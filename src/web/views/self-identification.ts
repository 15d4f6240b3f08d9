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
import { wordsFor } from './language.js';

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
  const w = wordsFor(ctx);
  const error = data.form.errors[SELF_IDENTIFIED_FIELD];
  const body = html`<p>${w.t('self.intro')}</p>
<p><strong>${w.t('self.privateStrong')}</strong> ${w.t('self.private')}</p>
<p>${w.t('self.frozen')}</p>
<h2>${w.t('self.toldUs')}</h2>
<p>${data.declared.length === 0 ? w.t('self.nothing') : w.t('self.declared', { list: data.declared.join('; ') })}</p>
${errorSummary(data.form.errors, { [SELF_IDENTIFIED_FIELD]: w.t('self.field') }, { [SELF_IDENTIFIED_FIELD]: firstOptionId(SELF_IDENTIFIED_FIELD) }, error === undefined ? undefined : w.t('form.problem'))}
<form method="post" action="${paths.selfIdentification}">
${csrfField(ctx)}
${checkboxGroup({
  name: SELF_IDENTIFIED_FIELD,
  legend: w.t('self.legend'),
  hint: w.t('self.hint'),
  options: data.choices,
  checked: data.checked,
  ...(error === undefined ? {} : { error }),
})}
${submitButton(w.t('self.save'))}
</form>
<p><a href="${paths.eligibility}">${w.t('self.back')}</a></p>`;
  return layout({ title: w.t('self.title'), lead: w.t('self.lead'), body }, ctx);
}
